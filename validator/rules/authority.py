"""Classified-By rules: authority line, reason section and letters (RULEBOOK §3.2, §4; CLB001-CLB005)."""

from __future__ import annotations

import re

from ..engine import Finding, Rule, Severity, register
from ..engine.registry import first_span
from ..fields.reasons import parse_reasons
from ..memo import per_document
from ..model import Document, Span
from .dates import EO12958_EFFECTIVE, EO12958_SIGNED, EO13292_MARKING, EO13292_SIGNED, before, on_or_after
from . import fixing
from .support import (finding, full_record, header_zone_intact, is_classified, is_unclassified,
                      last_content_line, truncated)
from .. import lazy_re

# "CLASSIFIED\n\nBY:" (split by a page header or blank line) and "Classifie..." (cut by the
# publisher) also show that the line was there.
_AUTHORITY_LINE = lazy_re.compile(
    r"CLASSIFIED\s+BY\b|CLASSIFI?E?D?\s*(?:\.\.\.|\u2026)|DERIVED\s+FROM|CLASSIFICATION\s+GUIDE", re.I)
_DERIVATIVE = lazy_re.compile(r"MULTIPLE\s+SOURCES|DERIVED\s+FROM|CLASSIFICATION\s+GUIDE", re.I)
_REASON_START = lazy_re.compile(r"\b1\s*[.,/]\s*\d\b|\bR\s?E?\s?A\s?S\s?O\s?N", re.I)
_MODERN_ORDERS = (12958, 13292, 13526)
# How far around the Classified By line a wrapped or page-split reason may sit.
_REASON_WINDOW_BEFORE = 1
_REASON_WINDOW_AFTER = 8


def authority_lines(doc: Document) -> list[int]:
    """1-based numbers of lines that name a classifier or a derivation source, anywhere."""
    text = "\n".join(doc.lines)
    found, line, counted = [], 1, 0
    for m in _AUTHORITY_LINE.finditer(text):  # count newlines from the last match on: linear
        line += text.count("\n", counted, m.start())
        counted = m.start()
        found.append(line)
    return found


@per_document  # asked by CLB003 and CLB004
def reason_of(doc: Document) -> tuple[str | None, tuple[str, ...], Span | None]:
    """(section, letters, span) of the reason: from the model, else from the lines around it.

    The builder joins at most two continuation lines; a reason pushed further down by a
    page break (``PAGE 02 ...``) or written on its own ``REASON:`` line is found here.
    """
    cb = doc.classified_by
    if cb.reason_section or cb.reasons:
        return cb.reason_section, cb.reasons, cb.reason_span or _wrapped_reason_span(doc)
    first = max(0, cb.span.line - 1 - _REASON_WINDOW_BEFORE)
    last = min(len(doc.lines), cb.span.end_line + _REASON_WINDOW_AFTER)
    for index in range(first, last):
        text = " ".join(doc.lines[index:min(last, index + 3)])
        section, letters, where = parse_reasons(text)
        if section:
            return section, letters, Span(index + 1, 1, index + 1, len(doc.lines[index]) + 1)
    return None, (), None


def _wrapped_reason_span(doc: Document) -> Span:
    """The reason's place when it was wrapped onto a continuation line of the Classified By block."""
    cb = doc.classified_by
    for number in range(cb.span.line, cb.span.end_line + 1):
        line = doc.lines[number - 1]
        found = _REASON_START.search(line)
        if found and (number > cb.span.line or found.start() >= cb.span.column - 1):
            return Span(number, found.start() + 1, number, len(line.rstrip()) + 1)
    return cb.span


@per_document  # asked by CLB002 and CLB003; the search runs over the whole Classified By text
def _original(doc: Document) -> bool:
    """An original classification (not "Derived From", a guide, or "MULTIPLE SOURCES")."""
    cb = doc.classified_by
    return not cb.derived and not _DERIVATIVE.search(cb.text)


def _readable(doc: Document) -> bool:
    """The Classified By text is complete: not cut by the publisher, not the record's last line."""
    cb = doc.classified_by
    return not truncated(cb.text) and cb.span.end_line < last_content_line(doc)


def _cut_within(doc, span) -> bool:
    """The header was truncated inside ``span`` (the field itself is cut short: its end is unknown)."""
    cut = doc.damaged("truncated")
    return cut is not None and span.line <= cut.span.line <= span.end_line


@register
class ClassifiedByMissing(Rule):
    """What it does: a classified cable must name its classifier (Classified By) or its source (Derived From).

    Why it matters: 32 CFR 2001.21(a)(1) and 5 FAH-1 H-240 require the classifying
    officer's name and position on every classified telegram (ISM-ID-00013/00142).
    Applies to cables since E.O. 12958 took effect (1995-10-14); partial records are skipped.

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        1. (C) The minister welcomed the proposal.
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: Ambassador John Doe, reasons 1.4 (b) and (d)

        1. (C) The minister welcomed the proposal.
    """
    code = "CLB001"
    name = "classified-by-missing"
    severity = Severity.ERROR
    summary = "Classified cable without a Classified By (or Derived From) line."
    source = "RULEBOOK §4 R4.1; 32 CFR 2001.21(a)(1); ISM-ID-00013/00142; 5 FAH-1 H-240"

    def applies(self, doc):
        return (is_classified(doc) and full_record(doc) and header_zone_intact(doc)
                and on_or_after(doc, EO12958_EFFECTIVE))

    def check(self, doc):
        if doc.classified_by is None and not authority_lines(doc):
            yield (f"{doc.banner.level.value} cable has no 'Classified By:' line "
                   "(name, title and reason 1.4 (x)) and no 'Derived From:' line", first_span(doc))


@register
class ClassifiedByNoName(Rule):
    """What it does: the Classified By line must name a person (or position), not only a reason.

    Why it matters: 32 CFR 2001.21(a)(1) requires the name or personal identifier and
    position of the classifier; "CLASSIFIED BY SECTION 1.5 (B) AND (D)" names nobody.

    Example (fails):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: reasons 1.4 (b) and (d)

        1. (C) The minister welcomed the proposal.
    Example (passes):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: DCM Jane Roe, reasons 1.4 (b) and (d)

        1. (C) The minister welcomed the proposal.
    """
    code = "CLB002"
    name = "classified-by-no-name"
    severity = Severity.WARNING
    summary = "Classified By line without a classifier's name or title."
    source = "RULEBOOK §4 R4.1; 32 CFR 2001.21(a)(1)"

    _NOISE = lazy_re.compile(
        r"\b(?:CLASSIFIED|BY|REASONS?|REASON\(S\)|FOR|PER|SECTION|SEC|UNDER|DUE|TO|BASED|UPON|ON|AND|E\.?\s*O|"
        r"EO|DECL\w*|ENTIRE|TEXT|CONFIDENTIAL|SECRET|UNCLASSIFIED)\b|\d[\d.,]*|\([a-hA-H]\)|\b[a-hA-H]\b|[^\w\s]",
        re.I)

    def applies(self, doc):
        return (doc.classified_by is not None and is_classified(doc) and _original(doc)
                and _readable(doc))

    def check(self, doc):
        cb = doc.classified_by
        head = cb.text
        if cb.reason_text and cb.reason_text in head:
            head = head[:head.index(cb.reason_text)]
        rest = self._NOISE.sub(" ", head)
        if not re.search(r"[A-Za-z]{2,}", rest):
            yield ("the Classified By line names no classifier (name and position are required)", cb.span)


@register
class ReasonMissing(Rule):
    """What it does: an original classification must state its reason ("1.4 (b) and (d)").

    Why it matters: 32 CFR 2001.21(a)(3) and ISM-ID-00017 require the classification
    category with the Classified By line; only derivative classification (Derived From,
    classification guide) carries no reason. A reason wrapped onto the next lines or
    split by a page header is accepted.

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: Ambassador John Doe.

        1. (C) The minister welcomed the proposal.
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: Ambassador John Doe, for reasons 1.4 (b) and (d).

        1. (C) The minister welcomed the proposal.
    """
    code = "CLB003"
    name = "classification-reason-missing"
    severity = Severity.ERROR
    summary = "Classified By without a classification reason on an original classification."
    source = "RULEBOOK §4; 32 CFR 2001.21(a)(3); ISM-ID-00017"

    def applies(self, doc):
        return (doc.classified_by is not None and is_classified(doc) and _original(doc)
                and _readable(doc) and not doc.partial and not _cut_within(doc, doc.classified_by.span)
                and on_or_after(doc, EO12958_EFFECTIVE))

    def check(self, doc):
        section, letters, _ = reason_of(doc)
        if section is None and not letters:
            yield ("the Classified By line gives no reason (expected e.g. 'Reason: 1.4 (b) and (d)')",
                   doc.classified_by.span)


@register
class ReasonSectionLetters(Rule):
    """What it does: checks the reason section (1.4 / 1.5) and its letters against the cable date.

    Why it matters: the original E.O. 12958 listed categories in §1.5 (a)-(g); E.O. 13292
    (2003-03-25) moved them to §1.4 and added (h). A letter outside the list, or a section
    such as "1.2", names no category (error). "1.5" after 2003-09-22 is stale but very
    common (warning); either section is accepted from 2003-03-25 to 2003-09-21.

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: Ambassador John Doe, reasons 1.4 (k)

        1. (C) The minister welcomed the proposal.
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        Classified By: Ambassador John Doe, reasons 1.4 (b) and (d)

        1. (C) The minister welcomed the proposal.
    """
    code = "CLB004"
    name = "reason-section-letters"
    severity = Severity.ERROR
    summary = "Reason letter outside a-g/a-h or section other than 1.4/1.5 (error); stale 1.5 (warning)."
    source = "RULEBOOK §3.2; E.O. 12958 §1.5; E.O. 13292/13526 §1.4"
    fix_availability = "safe"
    fix_note = ("rewrites the section of the cable's era with the same letters: stale 1.5 -> 1.4 after 2003, "
                "1.4 -> 1.5 under the original E.O. 12958; none when a letter is out of range")

    def applies(self, doc):
        if doc.classified_by is None or not is_classified(doc):
            return False
        modern = doc.eo is not None and doc.eo.order in _MODERN_ORDERS
        return modern or on_or_after(doc, EO12958_SIGNED)

    def check(self, doc):
        section, letters, span = reason_of(doc)
        if section is None and not letters:
            return
        span = span or doc.classified_by.span
        text = doc.classified_by.reason_text or f"{section} ({', '.join(letters)})"
        if section is not None and section not in ("1.4", "1.5"):
            yield (f"reason section {section} in '{text}' is not a classification-category section "
                   "(1.4 under E.O. 13292/13526, 1.5 under the original E.O. 12958)", span)
        if before(doc, EO13292_SIGNED):
            allowed, era = "abcdefg", "a-g (original E.O. 12958 §1.5)"
        else:
            allowed, era = "abcdefgh", "a-h (E.O. 13292/13526 §1.4)"
        bad = [c for c in letters if c not in allowed]
        if bad:
            yield (f"reason letter(s) {', '.join('(' + c + ')' for c in bad)} in '{text}' are outside "
                   f"{era}", span)
        # the fix is made only for a finding (most reasons are right: no fix to build)
        if section == "1.5" and on_or_after(doc, EO13292_MARKING):
            fix = None if bad else _section_fix(doc, span, section, "1.4")
            yield Finding(f"stale reason section 1.5 in '{text}': since E.O. 13292 (2003) the "
                          "categories are in section 1.4", span, "1.4", Severity.WARNING, fix)
        elif section == "1.4" and before(doc, EO13292_SIGNED) and on_or_after(doc, EO12958_EFFECTIVE):
            fix = None if bad else _section_fix(doc, span, section, "1.5")
            yield Finding(f"reason section 1.4 in '{text}' before E.O. 13292 (2003-03-25): the original "
                          "E.O. 12958 lists the categories in section 1.5", span, "1.5", Severity.WARNING, fix)


_SECTION_WRITTEN = {
    "1.5": lazy_re.compile(r"(?<![\d.])1[ \t]*[.,/][ \t]*5(?![\d/])"),
    "1.4": lazy_re.compile(r"(?<![\d.])1[ \t]*[.,/][ \t]*4(?![\d/])"),
}


def _section_fix(doc: Document, span: Span, old: str, new: str):
    """Rewrite the reason section (as written: ``1.5``, ``1,5``, ``1. 5``) on the reason's line;
    only when it is written exactly once there, so the letters stay the same."""
    if span is None or old not in _SECTION_WRITTEN or not 1 <= span.line <= len(doc.lines):
        return None
    line = doc.lines[span.line - 1]
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    found = list(_SECTION_WRITTEN[old].finditer(line, span.column - 1, end))
    if len(found) != 1 or len(list(_SECTION_WRITTEN[old].finditer(line))) != 1:
        return None
    match = found[0]
    edit = fixing.replace(doc, Span(span.line, match.start() + 1, span.line, match.end() + 1), match.group(0), new)
    return fixing.make_fix(f"Write reason section {new}", [edit])


@register
class ClassifiedByOnUnclassified(Rule):
    """What it does: reports a Classified By line on an unclassified (incl. SBU) cable.

    Why it matters: only classified information has a classifier and a reason
    (ISM-ID-00016); on an UNCLAS cable the line suggests a wrong banner or a copied header.

    Example (fails):
        UNCLAS STATE 000123

        E.O. 12958: N/A
        TAGS: PREL
        SUBJECT: MEETING WITH THE MINISTER

        Classified By: Ambassador John Doe, reasons 1.4 (b)

        1. The minister welcomed the proposal.
    Example (passes):
        UNCLAS STATE 000123

        E.O. 12958: N/A
        TAGS: PREL
        SUBJECT: MEETING WITH THE MINISTER

        1. The minister welcomed the proposal.
    """
    code = "CLB005"
    name = "classified-by-on-unclassified"
    severity = Severity.WARNING
    summary = "Classified By line on an unclassified or SBU cable."
    source = "RULEBOOK §4; ISM-ID-00016"

    def applies(self, doc):
        return doc.classified_by is not None and is_unclassified(doc)

    def check(self, doc):
        yield (f"{doc.banner.raw_level.strip()} cable has a Classified By line; unclassified cables have no "
               "classifier or reason", doc.classified_by.span)

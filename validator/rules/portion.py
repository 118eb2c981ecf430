"""Portion-mark rules (POR001-POR006): every portion marked, and the banner agrees with them.

The roll-up facts are RULEBOOK section 2: the banner is the highest portion level
(ISM-ID-00056/58/59), each numbered paragraph carries a mark (5 FAH-1 H-246.2c),
an ``ENTIRE TEXT`` declaration stands for every portion, and the Classified By
paragraph counts at most as unclassified (R2.5).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Iterator

from ..engine import Rule, Severity, register
from ..engine.diagnostic import Diagnostic
from ..fields.marks import level_from_word, mark_text, parse_mark
from ..model import Document, Level, Paragraph, PortionMark, Span

# E.O. 12958 took effect on 1995-10-14; from then on every portion must be marked (R2.3).
PORTION_MARKING_DATE = _dt.date(1995, 10, 14)
_COMPILATION = re.compile(r"\bCLASSIFI\w*\s+BY\s+COMPILATION\b|\bCOMPILATION\s+(?:RATIONALE|REASON)", re.I)


def emit(rule: Rule, doc: Document, severity: Severity, message: str, span: Span,
         suggestion: str | None = None) -> Diagnostic:
    """A finding with a per-finding severity; a severity set by the user still wins."""
    if rule.effective_severity != type(rule).severity:
        severity = rule.effective_severity
    return Diagnostic(rule.code, rule.name, severity, message, doc.path, span, suggestion)


def on_or_after(doc: Document, day: _dt.date) -> bool | None:
    """Whether the cable is dated on/after ``day``: None when the date cannot tell."""
    value = doc.date.value
    if value is None:
        return None
    if doc.date.exact:
        return value >= day
    if value.year > day.year:
        return True
    if value.year < day.year:
        return False
    return None


def line_span(doc: Document, line: int, needle: str, start_column: int = 1) -> Span | None:
    """The span of ``needle`` on a physical line (case-insensitive), or None."""
    if not 1 <= line <= len(doc.lines):
        return None
    index = doc.lines[line - 1].upper().find(needle.upper(), max(start_column - 1, 0))
    if index < 0:
        return None
    return Span(line, index + 1, line, index + 1 + len(needle))


def head_span(doc: Document, para: Paragraph) -> Span:
    """The start of a paragraph (its number as written, else its first line)."""
    line, col = para.span.line, para.span.column
    if para.number:
        found = line_span(doc, line, para.number, col)
        if found is not None:
            return found
    text = doc.lines[line - 1] if 1 <= line <= len(doc.lines) else ""
    return Span(line, col, line, max(col + 1, len(text.rstrip()) + 1))


def paragraph_label(para: Paragraph) -> str:
    if para.lettered:
        return f"sub-paragraph {para.number}"
    if para.number:
        return f"paragraph {para.number}"
    return "an unnumbered paragraph"


def sbu_cable(doc: Document) -> bool:
    """UNCLAS banner with the SBU caption (SENSITIVE) or an SBU qualifier."""
    if doc.banner is None or doc.banner.level is not Level.UNCLASSIFIED:
        return False
    return doc.banner.sensitive or "SENSITIVE" in doc.caption_tokens


@dataclass(frozen=True)
class Portion:
    """One marked portion as it counts for the roll-up."""

    label: str          # "paragraph 4", "the subject"
    mark: PortionMark | None
    level: Level        # the level it contributes
    shown: str          # the marking as quoted in messages: "(S)", "SECRET - ENTIRE TEXT"
    span: Span
    paragraph: Paragraph | None


def entire_text_level(doc: Document) -> tuple[Level, Paragraph] | None:
    """The highest ``X - ENTIRE TEXT`` declaration of the text, if any."""
    best = None
    for para in doc.paragraphs:
        if para.entire_text is not None and (best is None or para.entire_text > best[0]):
            best = (para.entire_text, para)
    return best


_NUMBER = re.compile(r"^[ \t]*¶?[ \t]*\d{1,3}[ \t]*\.[ \t]*")
_LEVEL_WORD = r"(?:TS|SBU|LOU|S|C|U|CONFIDENTIAL|SECRET|UNCLASSIFIED)"
# "(C NF)", "(S-NF)", "(C/F)", "(C/Releasable to Italy)", "(/Rel UK)", "(C Text ...": a mark
# the portion-mark grammar does not accept (case-sensitive, so "(U.S.)" or "(see)" stay out).
_ODD_MARK = re.compile(r"^\((?:[ \t]*/[ \t]*\w|[ \t]*(?P<level>" + _LEVEL_WORD + r")(?=[ \t/\-)]|$))")
# A well-formed mark later in the paragraph's first lines: "1. SUMMARY (U) ...", "27.A. (SBU)",
# "1. Key Points: -- (S/NF) ...".
_LATE_MARK = re.compile(r"(?:^|[\s:.\-])\((?:TS|SBU|LOU|S|C|U)(?:[ \t]*//?[ \t]*[A-Z]+(?:[ \t][A-Z]+)?)*\)")
_REDACTED = re.compile(r"^x{4,}", re.I)


def after_number(para: Paragraph) -> str:
    """The first line of a paragraph without its number: what a portion mark would start."""
    return _NUMBER.sub("", para.text, count=1).strip()


def odd_mark(para: Paragraph) -> tuple[str, Level | None] | None:
    """An unrecognised mark right after the number, as written, with its level if readable."""
    if para.marking is not None or para.entire_text is not None:
        return None
    text = after_number(para)
    if text.startswith(")"):
        return ")", None  # "8. ) At a ...": the mark's letters are lost
    match = _ODD_MARK.match(text)
    if not match:
        return None
    close = text.find(")")
    raw = text[:close + 1] if 0 < close <= 40 else text.split()[0] if text.split() else text
    level = level_from_word(match.group("level")) if match.group("level") else None
    return raw, level


def late_mark(doc: Document, para: Paragraph) -> PortionMark | None:
    """A well-formed mark within the first lines of the paragraph (not right after the number),
    including a heading paragraph whose bullets carry the marks ("1. Key Points:" / "-- (S/NF)")."""
    lines = [doc.lines[para.span.line - 1]] if 1 <= para.span.line <= len(doc.lines) else []
    starts = {p.span.line for p in doc.paragraphs}
    heading = len(after_number(para)) <= 40  # "1. Key Points:" followed by marked bullets
    last = para.span.line + 8 if heading else para.span.end_line
    for number in range(para.span.line + 1, min(last, len(doc.lines)) + 1):
        line = doc.lines[number - 1]
        if number in starts or _NUMBER.match(line) or len(lines) >= 4:
            break  # the next paragraph, or far enough
        if line.strip():
            lines.append(line)
    text = " ".join(lines)
    start = text.find(para.number) + len(para.number) if para.number and para.number in text else 0
    match = _LATE_MARK.search(text[start:start + 160])
    if not match:
        return None
    raw = match.group(0).lstrip(" \t:.-\n")
    return parse_mark(raw, para.span.line, para.span.column)


_DECLARATION = re.compile(
    r"\b(?:SENSITIVE\s+BUT\s+UNCLASSIFIED|SBU|UNCLASSIFIED|LIMITED\s+OFFICIAL\s+USE|CONFIDENTIAL|SECRET)"
    r"\s*-+\s*ENTIRE\s+TEXT\b"
    r"|\bENTIRE\s+TEXT\s+(?:OF\s+THIS\s+\w+\s+)?IS\s+(?:SENSITIVE\s+BUT\s+UNCLASSIFIED|SBU|CONFIDENTIAL|SECRET)",
    re.I)


def declares_entire_text(doc: Document) -> bool:
    """An ``X - ENTIRE TEXT`` declaration anywhere: a paragraph, or a line such as
    ``SENSITIVE BUT UNCLASSIFIED -- ENTIRE TEXT`` / "The entire text of this report is SBU"."""
    if entire_text_level(doc) is not None:
        return True
    return any(_DECLARATION.search(line) for line in doc.lines)


def portions(doc: Document) -> Iterator[Portion]:
    """Subject and paragraph marks, and ENTIRE TEXT declarations, with their roll-up level."""
    if doc.subject is not None and doc.subject.marking is not None and doc.subject.marking.level is not None:
        mark = doc.subject.marking
        yield Portion("the subject", mark, mark.level, mark_text(mark), mark.span, None)
    for para in doc.paragraphs:
        if para.entire_text is not None:
            span = line_span(doc, para.span.line, "ENTIRE TEXT") or head_span(doc, para)
            yield Portion(paragraph_label(para), None, para.entire_text,
                          f"{para.entire_text.value} - ENTIRE TEXT", span, para)
        mark = para.marking
        odd = odd_mark(para)
        if odd is not None and odd[1] is not None and not para.classification_block:
            yield Portion(paragraph_label(para), None, odd[1], odd[0], head_span(doc, para), para)
        if mark is None or mark.level is None:
            continue
        level = mark.level
        if para.classification_block and level.classified:
            continue  # R2.5: the Classified By paragraph does not raise the roll-up
        yield Portion(paragraph_label(para), mark, level, mark_text(mark), mark.span, para)


@register
class PortionAboveBanner(Rule):
    """What it does: reports every portion (subject, paragraph, sub-paragraph, or an
    ``X - ENTIRE TEXT`` declaration) whose level is above the banner level. This rule owns
    the subject-above-banner case too (POR005 only reports a missing subject mark).

    Why it matters: the banner must be the highest level inside the cable (ISM-ID-00056/58/59);
    a lower banner means the text is handled below its classification (spillage).
    The Classified By paragraph (``1. (U) CLASSIFIED BY``) never raises the roll-up (R2.5).

    Example (fails):
        C O N F I D E N T I A L STATE 000123
        4. (S) ...
    Example (passes):
        S E C R E T STATE 000123
        4. (S) ...
    """

    code = "POR003"
    name = "portion-above-banner"
    severity = Severity.ERROR
    summary = "A portion is marked above the banner level (under-classified banner)."
    source = "RULEBOOK §2 R2.1, R2.4; ISM-ID-00056/58/59"

    def applies(self, doc):
        return doc.banner is not None

    def check(self, doc):
        banner = doc.banner.level
        for portion in portions(doc):
            if portion.level.rank > banner.rank:
                yield (f"{portion.label} is marked {portion.shown} but the banner is {banner.value}",
                       portion.span, f"raise the banner to {portion.level.value} or lower the portion mark")


@register
class BannerAbovePortions(Rule):
    """What it does: warns when a classified banner is above every portion mark, on cables
    that mark their portions (at least one paragraph other than the Classified By paragraph).

    Why it matters: a banner above all its portions suggests over-classification. It is only a
    warning: classification by compilation (E.O. 13526 §1.7(e)) is allowed, and a compilation
    statement in the text silences the rule. Partial records are skipped (portions may be missing).

    Example (fails):
        S E C R E T STATE 000123
        1. (C) ...
        2. (U) ...
    Example (passes):
        S E C R E T STATE 000123
        1. (C) ...
        2. (S) ...
    """

    code = "POR004"
    name = "banner-above-portions"
    severity = Severity.WARNING
    summary = "The classified banner is above every portion mark (possible over-classification)."
    source = "RULEBOOK §2 R2.1; ISM-ID-00108/109/110"

    def applies(self, doc):
        return doc.banner is not None and doc.banner.level.classified and not doc.partial

    def check(self, doc):
        banner = doc.banner.level
        found = list(portions(doc))
        if not any(p.paragraph is not None and p.mark is not None for p in found):
            return
        if any(_COMPILATION.search(line) for line in doc.lines):
            return
        numbered = [p for p in doc.paragraphs if p.value is not None and not p.lettered]
        if numbered and numbered[0].value not in (1, 11):
            return  # the text does not start at paragraph 1: portions are missing
        if unmarked_paragraphs(doc)[0]:
            return  # an unmarked paragraph may hold the banner level (POR001 reports it)
        top = max(found, key=lambda p: p.level.rank)
        if _text_mark_at_least(doc, banner):
            return
        if top.level.rank < banner.rank:
            yield (f"the banner is {banner.value} but the highest portion mark is {top.shown} "
                   f"({top.label})", doc.banner.level_span,
                   f"check the portions, or lower the banner to {top.level.value}")


_ANY_MARK = re.compile(r"(?:^|[\s(\-:])\((?P<level>TS|S|C)(?:[ \t]*//?[ \t]*[A-Z]+(?:[ \t][A-Z]+)?)*\)")


def _text_mark_at_least(doc: Document, level: Level) -> bool:
    """A mark of ``level`` or above anywhere in the text below the header (marks the parser
    did not see as paragraph marks: glued lines, "1 (S)" without a period, bullets)."""
    start = max((x.span.line for x in (doc.eo, doc.tags, doc.subject) if x is not None), default=0)
    for line in doc.lines[start:]:
        for match in _ANY_MARK.finditer(line):
            found = level_from_word(match.group("level"))
            if found is not None and found.rank >= level.rank:
                return True
    return False


@register
class UnmarkedParagraph(Rule):
    """What it does: reports a numbered paragraph without a portion mark in a classified or SBU
    cable, unless an ``X - ENTIRE TEXT`` declaration covers the text. The Classified By paragraph
    and lettered sub-paragraphs (they inherit their parent's mark) are exempt.

    Why it matters: 5 FAH-1 H-246.2c requires the classification of each paragraph right after
    its number. Error for cables dated on or after 1995-10-14 (E.O. 12958); info for earlier
    cables and when the date cannot tell (a year-only date in 1995, or no date).

    Example (fails):
        C O N F I D E N T I A L STATE 000123
        1. (C) ...
        2. Text without a mark
    Example (passes):
        C O N F I D E N T I A L STATE 000123
        1. (C) ...
        2. (U) ...
    """

    code = "POR001"
    name = "unmarked-paragraph"
    severity = Severity.ERROR
    summary = "A numbered paragraph of a classified or SBU cable has no portion mark."
    source = "RULEBOOK §2 R2.3; 5 FAH-1 H-246.2c; 32 CFR 2001.21"

    def applies(self, doc):
        if doc.banner is None:
            return False
        return doc.banner.level.classified or sbu_cable(doc)

    def check(self, doc):
        if declares_entire_text(doc):
            return
        dated = on_or_after(doc, PORTION_MARKING_DATE)
        severity = Severity.ERROR if dated else Severity.INFO
        kind = doc.banner.level.value if doc.banner.level.classified else "SBU"
        missing, any_marked = unmarked_paragraphs(doc)
        if not missing:
            return
        hint = "add the paragraph's classification, e.g. (U) or (C), after its number"
        if not any_marked and len(missing) > 1:
            first = missing[0]
            yield emit(self, doc, severity,
                       f"none of the {len(missing)} numbered paragraphs has a portion mark in a {kind} cable "
                       f"(first: paragraph {first.number})", head_span(doc, first), hint)
            return
        for para in missing:
            yield emit(self, doc, severity, f"paragraph {para.number} has no portion mark in a {kind} cable",
                       head_span(doc, para), hint)


def _wrapped_line(doc: Document, para: Paragraph) -> bool:
    """The number starts a physical line inside running text ("¶24. 2006), it appears ..."):
    the line above is not blank, so this is a line wrap or a list item, not a paragraph."""
    line = para.span.line
    if line < 2 or para.span.column > 1 + (len(doc.lines[line - 1]) - len(doc.lines[line - 1].lstrip())):
        return False
    return bool(doc.lines[line - 2].strip())


def unmarked_paragraphs(doc: Document) -> tuple[list[Paragraph], bool]:
    """Numbered paragraphs of the main sequence that carry no mark, and whether any is marked.

    The main sequence is 1, 2, 3 ... (garbled pilcrows allowed); an unmarked number that does
    not continue it is an item of a list quoted inside a paragraph and is skipped. Paragraphs
    with an unrecognised mark (POR002), a mark later in the first lines, a redaction where the
    mark would be, an empty first line, or that start inside running text are not reported.
    """
    missing: list[Paragraph] = []
    any_marked = False
    previous = None
    nested = None  # the number of the last skipped list item
    for para in doc.paragraphs:
        if para.lettered or para.value is None:
            continue
        continues_list, nested = nested is not None and para.value == nested + 1, None
        if previous is None:
            previous = para.value - 1 if doc.partial else 0
        expected = previous + 1
        in_sequence = para.value == expected or _garbled(para.value, expected)
        marked = (para.marking is not None or para.classification_block or odd_mark(para) is not None
                  or late_mark(doc, para) is not None)
        if marked:
            any_marked = any_marked or not para.classification_block
            previous = expected if in_sequence else para.value
            continue
        if not in_sequence or continues_list:
            nested = para.value  # an item of a quoted list (or ambiguous: skip it)
            continue
        previous = expected
        text = after_number(para)
        if not re.search(r"[A-Za-z]", text) or _REDACTED.match(text) or _wrapped_line(doc, para):
            continue
        missing.append(para)
    return missing, any_marked


@register
class MalformedPortionMark(Rule):
    """What it does: warns on a portion mark that cannot be read as written: a missing opening
    parenthesis (``1. C) text``) or an unknown level token.

    Why it matters: a malformed mark may be missed by readers and tools, so the portion may be
    handled as unmarked.

    Example (fails):
        1. C) Content
    Example (passes):
        1. (C) Content
    """

    code = "POR002"
    name = "malformed-portion-mark"
    severity = Severity.WARNING
    summary = "A portion mark is malformed (e.g. 'C)' without its opening parenthesis)."
    source = "RULEBOOK §1.3"

    def check(self, doc):
        for para in doc.paragraphs:
            mark = para.marking
            if mark is None:
                continue
            raw = mark.raw.strip()
            if mark.malformed:
                fixed = "(" + raw.lstrip("(")
                yield (f"{paragraph_label(para)} has the malformed mark '{raw}' (missing opening parenthesis)",
                       mark.span, f"write {fixed}")
            elif mark.level is None:
                yield (f"{paragraph_label(para)} has the mark {mark_text(mark)} with an unknown level",
                       mark.span, "use (U), (SBU), (C), (S) or (TS)")
        for para in doc.paragraphs:
            odd = odd_mark(para)
            if odd is not None and not para.classification_block and not (
                    odd[0] == ")" and _wrapped_line(doc, para)):
                yield (f"{paragraph_label(para)} has the unrecognised mark '{odd[0]}'",
                       head_span(doc, para), "write the mark as (LEVEL) or (LEVEL/CONTROL), e.g. (C/NF)")


@register
class UnmarkedSubject(Rule):
    """What it does: warns when the subject of a classified cable has no portion mark, unless an
    ``X - ENTIRE TEXT`` declaration covers the text. A subject marked *above* the banner is
    reported by POR003 (the roll-up rule owns every portion above the banner), not here, so a
    subject problem is never reported twice.

    Why it matters: subjects are portions too (5 FAH-1 H-210 lists the subject prefixes
    (TS) (S) (C) (U) (SBU/N) (SBU); 32 CFR 2001.21). Only a warning: many 2007-2009 cables
    leave the subject unmarked.

    Example (fails):
        C O N F I D E N T I A L STATE 000123
        SUBJECT: CANADA WELCOMES U.S. OUTREACH
    Example (passes):
        C O N F I D E N T I A L STATE 000123
        SUBJECT: (U) CANADA WELCOMES U.S. OUTREACH
    """

    code = "POR005"
    name = "unmarked-subject"
    severity = Severity.WARNING
    summary = "The subject of a classified cable has no portion mark."
    source = "RULEBOOK §2 R2.4; 5 FAH-1 H-210"

    def applies(self, doc):
        return doc.banner is not None and doc.banner.level.classified and doc.subject is not None

    def check(self, doc):
        if doc.subject.marking is not None or declares_entire_text(doc):
            return
        line = doc.subject.span.line
        span = line_span(doc, line, "SUBJECT") or line_span(doc, line, "SUBJ") or doc.subject.span
        yield (f"the subject of a {doc.banner.level.value} cable has no portion mark", span,
               "mark the subject, e.g. SUBJECT: (U) ...")


def _garbled(number: int, expected: int) -> bool:
    """'15' for '¶5': the pilcrow rendered as a leading digit 1 (RULEBOOK §5.10)."""
    text = str(number)
    return len(text) > 1 and text[0] == "1" and text[1] != "0" and int(text[1:]) == expected


@register
class ParagraphNumbering(Rule):
    """What it does: checks that numbered paragraphs run 1..N. A number that reads as the
    expected one with a leading ``1`` (``15.`` where ``5.`` is due) is reported as a likely
    garbled pilcrow (``¶5`` rendered as ``15``), once per paragraph; any other break in the
    sequence is reported once per cable. A list quoted inside a paragraph (numbering that
    restarts at 1) is skipped.

    Why it matters: 5 FAH-1 H-246.2b numbers paragraphs consecutively; a gap may mean a lost
    paragraph, and garbled numbers confuse references to paragraphs. Info only: the pilcrow
    mechanism is a heuristic (RULEBOOK §5.10, §8 item 11).

    Example (fails):
        1. (C) ...  2. (C) ...  3. (C) ...  4. (C) ...  15. (C) ...
    Example (passes):
        1. (C) ...  2. (C) ...  3. (C) ...  4. (C) ...  5. (C) ...
    """

    code = "POR006"
    name = "paragraph-numbering"
    severity = Severity.INFO
    summary = "Paragraph numbers are not 1..N consecutive (or look like garbled pilcrows)."
    source = "RULEBOOK §5.10; 5 FAH-1 H-246.2b"

    def check(self, doc):
        previous = None
        nested = None  # inside a numbered list quoted in a paragraph (restarted at 1)
        reported_break = False
        for para in doc.paragraphs:
            if para.lettered or para.value is None:
                continue
            number = para.value
            if previous is None and doc.partial:
                previous = number  # a partial extract may start anywhere
                continue
            expected = (previous or 0) + 1
            main = number == expected and para.marking is not None
            if not main and (number != expected and number == 1 and previous is not None
                             or nested is not None and number == nested + 1):
                nested = number
                continue
            nested = None
            if number == expected:
                previous = number
            elif _garbled(number, expected):
                yield (f"paragraph number {para.number} is probably a garbled pilcrow: read ¶{expected}",
                       head_span(doc, para), f"renumber as {expected}.")
                previous = expected
            else:
                if not reported_break:
                    reported_break = True
                    what = "starts at" if previous is None else f"jumps from {previous} to"
                    yield (f"paragraph numbering {what} {para.number} (expected {expected})",
                           head_span(doc, para))
                previous = number

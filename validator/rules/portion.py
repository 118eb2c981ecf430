"""Portion-mark rules (POR001-POR006): every portion marked, and the banner agrees with them.

The roll-up facts are RULEBOOK section 2: the banner is the highest portion level
(ISM-ID-00056/58/59), each numbered paragraph carries a mark (5 FAH-1 H-246.2c),
an ``ENTIRE TEXT`` declaration stands for every portion, and the Classified By
paragraph counts at most as unclassified (R2.5).
"""

from __future__ import annotations

import datetime as _dt
import re

from ..engine import Finding, Rule, Severity, register
from ..fields.marks import mark_text
from ..model import Level, Span
from . import fixing
from .support import truncated
from .portion_scan import (after_number, declares_entire_text, emit, garbled, head_span, line_span, odd_mark, on_or_after,
                           paragraph_label, portions, sbu_cable, text_mark_at_least, unmarked_paragraphs,
                           wrapped_line)
from .text_scan import any_line
from .. import lazy_re

# E.O. 12958 took effect on 1995-10-14; from then on every portion must be marked (R2.3).
PORTION_MARKING_DATE = _dt.date(1995, 10, 14)
# CUT_AT_MARK: a paragraph cut at "..." within this many characters after its number may have lost its
# mark in the cut ("(C//NF)..." is 10); a longer first line had room for the mark.
CUT_AT_MARK_WIDTH = 12
_COMPILATION = lazy_re.compile(r"\bCLASSIFI\w*\s+BY\s+COMPILATION\b|\bCOMPILATION\s+(?:RATIONALE|REASON)", re.I)


@register
class PortionAboveBanner(Rule):
    """What it does: reports every portion (subject, paragraph, sub-paragraph, or an
    "X - ENTIRE TEXT" declaration) whose level is above the banner level. This rule owns
    the subject-above-banner case too (POR005 only reports a missing subject mark).

    Why it matters: the banner must be the highest level inside the cable (ISM-ID-00056/58/59);
    a lower banner means the text is handled below its classification (spillage).
    The Classified By paragraph ("1. (U) CLASSIFIED BY") never raises the roll-up (R2.5).

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (S) The source named the buyer.
    Example (passes):
        S E C R E T STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (S) The source named the buyer.
    """

    code = "POR003"
    name = "portion-above-banner"
    severity = Severity.ERROR
    summary = "A portion is marked above the banner level (under-classified banner)."
    source = "RULEBOOK §2 R2.1, R2.4; ISM-ID-00056/58/59"

    def applies(self, doc):
        return doc.banner is not None

    fix_availability = "unsafe"
    fix_note = ("raises the banner, the FL4 ZNY letters and the page lines at the banner level to the "
                "highest portion level; offered only when the banner is already classified")

    def check(self, doc):
        banner = doc.banner.level
        banner_rank = banner.rank  # once, not per portion (Level.rank is a property)
        above = [p for p in portions(doc) if p.level.rank > banner_rank]
        if not above:
            return
        fix = raise_banner_fix(doc, max(p.level for p in above))
        for portion in above:
            yield Finding(f"{portion.label} is marked {portion.shown} but the banner is {banner.value}",
                          portion.span, f"raise the banner to {portion.level.value} or lower the portion mark",
                          fix=fix)


def raise_banner_fix(doc, level: Level):
    """Raise the banner (and what repeats its level: FL4 letters, page lines) to ``level``.

    Only a classified banner is raised: an UNCLAS cable raised to CONFIDENTIAL would also need
    a classifier, a reason and a declassification date, which no tool can choose.
    """
    banner = doc.banner
    if not banner.level.classified or level.rank <= banner.level.rank:
        return None
    edits = [fixing.replace(doc, banner.level_span, banner.raw_level,
                            fixing.level_word(level, banner.letter_spaced))]
    security = doc.header.security
    old_letters, new_letters = banner.level.letter[0] * 5, level.letter[0] * 5
    if security is not None and security.letters.upper() == old_letters:
        line = doc.lines[security.span.line - 1]
        index = line.find(security.letters)
        if index >= 0 and line.count(security.letters) == 1:
            edits.append(fixing.Edit(Span(security.span.line, index + 1, security.span.line,
                                          index + 1 + len(old_letters)), new_letters))
    from .banner import _full_banner

    for class_line in sorted(doc.class_lines, key=lambda c: (c.span.line, c.span.column)):
        full = _full_banner(class_line)
        if full is not None and full.serial != banner.serial:
            break  # another cable held in the same record: its lines follow its own banner
        if class_line.span.line == banner.span.line or class_line.level is not banner.level:
            continue
        span = fixing.level_in_line(doc, class_line.span.line, banner.level)
        if span is None:
            continue
        old = fixing.text_at(doc, span)
        edits.append(fixing.replace(doc, span, old, fixing.level_word(level, " " in old.strip())))
    return fixing.make_fix(f"Raise the banner to {level.value}", edits, fixing.UNSAFE)


@register
class BannerAbovePortions(Rule):
    """What it does: warns when a classified banner is above every portion mark, on cables
    that mark their portions (at least one paragraph other than the Classified By paragraph).

    Why it matters: a banner above all its portions suggests over-classification. It is only a
    warning: classification by compilation (E.O. 13526 §1.7(e)) is allowed, and a compilation
    statement in the text silences the rule. Partial records are skipped (portions may be missing).

    Example (fails):
        S E C R E T STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (U) He asked for a written reply.
    Example (passes):
        S E C R E T STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (S) The source named the buyer.
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
        top = max(found, key=lambda p: p.level.rank)
        if top.level.rank >= banner.rank:
            return  # most cables: a portion is at the banner level, nothing else need be read
        if any_line(doc, _COMPILATION, "COMPILATION"):
            return
        numbered = [p for p in doc.paragraphs if p.value is not None and not p.lettered]
        if numbered and numbered[0].value not in (1, 11):
            return  # the text does not start at paragraph 1: portions are missing
        if unmarked_paragraphs(doc)[0]:
            return  # an unmarked paragraph may hold the banner level (POR001 reports it)
        if not text_mark_at_least(doc, banner):
            yield (f"the banner is {banner.value} but the highest portion mark is {top.shown} "
                   f"({top.label})", doc.banner.level_span,
                   f"check the portions, or lower the banner to {top.level.value}")


def _sbu_marked(doc) -> bool:
    """SBU_BY_MARKS: an UNCLAS cable with (SBU) portions is an SBU cable even without the SENSITIVE
    caption (STR003 reports the missing caption); its other paragraphs need marks too."""
    return any(p.marking is not None and p.marking.sbu for p in doc.paragraphs)


@register
class UnmarkedParagraph(Rule):
    """What it does: reports a numbered paragraph without a portion mark in a classified or SBU
    cable, unless an "X - ENTIRE TEXT" declaration covers the text. The Classified By paragraph
    and lettered sub-paragraphs (they inherit their parent's mark) are exempt.

    Why it matters: 5 FAH-1 H-246.2c requires the classification of each paragraph right after
    its number. Error for cables dated on or after 1995-10-14 (E.O. 12958); info for earlier
    cables and when the date cannot tell (a year-only date in 1995, or no date).

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: (C) MEETING WITH THE MINISTER

        1. (C) The minister welcomed the proposal.

        2. He asked for a written reply.
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: (C) MEETING WITH THE MINISTER

        1. (C) The minister welcomed the proposal.

        2. (U) He asked for a written reply.
    """

    code = "POR001"
    name = "unmarked-paragraph"
    severity = Severity.ERROR
    summary = "A numbered paragraph of a classified or SBU cable has no portion mark."
    source = "RULEBOOK §2 R2.3; 5 FAH-1 H-246.2c; 32 CFR 2001.21"
    fix_availability = "unsafe"
    fix_note = "marks the paragraph at the banner level, (C) or (SBU): never lower than the cable"

    def applies(self, doc):
        if doc.banner is None:
            return False
        return doc.banner.level.classified or sbu_cable(doc) or _sbu_marked(doc)

    def check(self, doc):
        if declares_entire_text(doc):
            return
        dated = on_or_after(doc, PORTION_MARKING_DATE)
        severity = Severity.ERROR if dated else Severity.INFO
        kind = doc.banner.level.value if doc.banner.level.classified else "SBU"
        if severity is Severity.ERROR and not doc.banner.level.classified and not sbu_cable(doc):
            severity = Severity.WARNING  # SBU_BY_MARKS: inferred from the marks, not declared by a caption
        missing, any_marked = unmarked_paragraphs(doc)
        # CUT_AT_MARK: a paragraph cut at "..." where its mark would be ("¶1.  (C...", a preview of the
        # text the record repeats) has an unknown mark; one cut later ("... the lifeblood...") had room
        # for its mark and is unmarked.
        missing = [p for p in missing if not (truncated(p.text) and len(after_number(p)) <= CUT_AT_MARK_WIDTH)]
        if not missing:
            return
        hint = "add the paragraph's classification, e.g. (U) or (C), after its number"
        mark = "(SBU)" if not doc.banner.level.classified else fixing.mark_for(doc.banner.level)
        if not doc.banner.level.classified and not sbu_cable(doc):
            mark = None  # SBU_BY_MARKS: (U) or (SBU) is the drafter's call; no fix is offered
        if not any_marked and len(missing) > 1:
            first = missing[0]
            if not doc.banner.level.classified and severity is Severity.ERROR:
                # SBU_CAPTION_COVERS: an SBU cable marking no paragraph at all relies on its SENSITIVE
                # caption for the whole text; 5 FAH-1 asks for (SBU) marks, but nothing was left off
                # one paragraph (a drafting habit, not a spill): a warning.
                severity = Severity.WARNING
            fix = fixing.make_fix(f"Mark the {len(missing)} paragraphs {mark} (the banner level)",
                                  [_mark_edit(doc, para, mark) for para in missing], fixing.UNSAFE) if mark else None
            yield Finding(f"none of the {len(missing)} numbered paragraphs has a portion mark in a {kind} cable "
                          f"(first: paragraph {first.number})", head_span(doc, first), hint, severity, fix)
            return
        for para in missing:
            fix = fixing.make_fix(f"Mark paragraph {para.number} {mark} (the banner level)",
                                  [_mark_edit(doc, para, mark)], fixing.UNSAFE) if mark else None
            yield Finding(f"paragraph {para.number} has no portion mark in a {kind} cable",
                          head_span(doc, para), hint, severity, fix)


_AFTER_NUMBER = lazy_re.compile(r"[ \t]*\.(?P<space>[ \t]*)")


def _mark_edit(doc, para, mark: str):
    """Insert ``mark`` after a paragraph's number and period: ``2. Text`` -> ``2. (C) Text``."""
    number = head_span(doc, para)
    if fixing.text_at(doc, number) != para.number:
        return None
    line = doc.lines[number.line - 1]
    after = _AFTER_NUMBER.match(line, number.end_column - 1)
    if after is None or after.end() >= len(line.rstrip()):
        return None
    if after.group("space"):
        return fixing.insert(doc, number.line, after.end() + 1, f"{mark} ")
    return fixing.insert(doc, number.line, after.end() + 1, f" {mark} ")


@register
class MalformedPortionMark(Rule):
    """What it does: warns on a portion mark that cannot be read as written: a missing opening
    parenthesis ("1. C) text") or an unknown level token.

    Why it matters: a malformed mark may be missed by readers and tools, so the portion may be
    handled as unmarked.

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        1. C) The minister welcomed the proposal.
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        1. (C) The minister welcomed the proposal.
    """

    code = "POR002"
    name = "malformed-portion-mark"
    severity = Severity.WARNING
    summary = "A portion mark is malformed (e.g. 'C)' without its opening parenthesis)."
    source = "RULEBOOK §1.3"
    fix_availability = "safe"
    fix_note = "adds the missing opening parenthesis: 'C)' -> '(C)'; none for an unknown level"

    def check(self, doc):
        for para in doc.paragraphs:
            mark = para.marking
            if mark is None:
                continue
            raw = mark.raw.strip()
            if mark.malformed:
                fixed = "(" + raw.lstrip("(")
                fix = fixing.make_fix(f"Write {fixed}", [fixing.replace(doc, mark.span, mark.raw, fixed)])
                yield Finding(f"{paragraph_label(para)} has the malformed mark '{raw}' (missing opening "
                              "parenthesis)", mark.span, f"write {fixed}", fix=fix)
            elif mark.level is None:
                yield (f"{paragraph_label(para)} has the mark {mark_text(mark)} with an unknown level",
                       mark.span, "use (U), (SBU), (C), (S) or (TS)")
        for para in doc.paragraphs:
            odd = odd_mark(para)
            if odd is not None and not para.classification_block and not (
                    odd[0] == ")" and wrapped_line(doc, para)):
                yield (f"{paragraph_label(para)} has the unrecognised mark '{odd[0]}'",
                       head_span(doc, para), "write the mark as (LEVEL) or (LEVEL/CONTROL), e.g. (C/NF)")


@register
class UnmarkedSubject(Rule):
    """What it does: warns when the subject of a classified cable has no portion mark, unless an
    "X - ENTIRE TEXT" declaration covers the text. A subject marked above the banner is
    reported by POR003 (the roll-up rule owns every portion above the banner), not here, so a
    subject problem is never reported twice.

    Why it matters: subjects are portions too (5 FAH-1 H-210 lists the subject prefixes
    (TS) (S) (C) (U) (SBU/N) (SBU); 32 CFR 2001.21). Only a warning: many 2007-2009 cables
    leave the subject unmarked.

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: MEETING WITH THE MINISTER
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: (U) MEETING WITH THE MINISTER
    """

    code = "POR005"
    name = "unmarked-subject"
    severity = Severity.WARNING
    summary = "The subject of a classified cable has no portion mark."
    source = "RULEBOOK §2 R2.4; 5 FAH-1 H-210"
    fix_availability = "unsafe"
    fix_note = "marks the subject at the banner level, e.g. SUBJECT: (C) ...: never lower than the cable"

    def applies(self, doc):
        return doc.banner is not None and doc.banner.level.classified and doc.subject is not None

    def check(self, doc):
        if doc.subject.marking is not None or declares_entire_text(doc):
            return
        line = doc.subject.span.line
        span = line_span(doc, line, "SUBJECT") or line_span(doc, line, "SUBJ") or doc.subject.span
        mark = fixing.mark_for(doc.banner.level)
        fix = fixing.make_fix(f"Mark the subject {mark} (the banner level)", [_subject_edit(doc, mark)],
                              fixing.UNSAFE)
        yield Finding(f"the subject of a {doc.banner.level.value} cable has no portion mark", span,
                      "mark the subject, e.g. SUBJECT: (U) ...", fix=fix)


_SUBJECT_LABEL = lazy_re.compile(r"SUBJ(?:ECT)?[ \t]*:[ \t]*", re.I)


def _subject_edit(doc, mark: str):
    """Insert ``mark`` before the subject text: ``SUBJECT: TEXT`` -> ``SUBJECT: (C) TEXT``."""
    subject = doc.subject
    line = doc.lines[subject.span.line - 1] if 1 <= subject.span.line <= len(doc.lines) else ""
    label = _SUBJECT_LABEL.search(line, max(subject.span.column - 1, 0))
    if label is None or not subject.text.strip() or not line[label.end():].startswith(subject.text.strip()[:8]):
        return None
    return fixing.insert(doc, subject.span.line, label.end() + 1, f"{mark} ")


@register
class ParagraphNumbering(Rule):
    """What it does: checks that numbered paragraphs run 1..N. A number that reads as the
    expected one with a leading "1" ("15." where "5." is due) is reported as a likely
    garbled pilcrow ("¶5" rendered as "15"), once per paragraph; any other break in the
    sequence is reported once per cable. A list quoted inside a paragraph (numbering that
    restarts at 1) is skipped.

    Why it matters: 5 FAH-1 H-246.2b numbers paragraphs consecutively; a gap may mean a lost
    paragraph, and garbled numbers confuse references to paragraphs. Info only: the pilcrow
    mechanism is a heuristic (RULEBOOK §5.10, §8 item 11).

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (C) He asked for a written reply.

        4. (C) The talks will resume in May.
    Example (fails):
        C O N F I D E N T I A L STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (C) He asked for a written reply.

        13. (C) The talks will resume in May.
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        1. (C) The minister welcomed the proposal.

        2. (C) He asked for a written reply.

        3. (C) The talks will resume in May.
    """

    code = "POR006"
    name = "paragraph-numbering"
    severity = Severity.INFO
    summary = "Paragraph numbers are not 1..N consecutive (or look like garbled pilcrows)."
    source = "RULEBOOK §5.10; 5 FAH-1 H-246.2b"
    fix_availability = "unsafe"
    fix_note = "renumbers a likely garbled pilcrow ('15.' where 5 is due) as the expected number; a heuristic"

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
            elif garbled(number, expected):
                span = head_span(doc, para)
                fix = fixing.make_fix(f"Renumber as {expected}.", [fixing.replace(doc, span, para.number,
                                                                                  str(expected))], fixing.UNSAFE)
                yield Finding(f"paragraph number {para.number} is probably a garbled pilcrow: read ¶{expected}",
                              span, f"renumber as {expected}.", fix=fix)
                previous = expected
            else:
                if not reported_break:
                    reported_break = True
                    what = "starts at" if previous is None else f"jumps from {previous} to"
                    yield (f"paragraph numbering {what} {para.number} (expected {expected})",
                           head_span(doc, para))
                previous = number


# BODY_WITHOUT_PARAGRAPHS: body lines of this many words or more are prose (not routing or captions).
PROSE_WORDS = 6
# ... and this many such lines make a body whose portions should have been found.
PROSE_LINES = 3


@register
class NoParagraphsFound(Rule):
    """What it does: reports a classified cable whose body holds text but in which no paragraph
    (numbered or portion-marked) was found, so its portions could not be checked.

    Why it matters: every portion of a classified cable must be marked (5 FAH-1 H-246.2c); when no
    paragraph can be told apart, the other portion rules have nothing to check, and a silent pass
    would hide an unmarked text. It is a warning: the text may be one unmarked paragraph, or its
    marks may be written where they cannot be read.

    Example (fails):
        R 311530Z MAY 06
        C O N F I D E N T I A L SAN JOSE 001196
        E.O. 12958: DECL: 05/31/2016
        TAGS: PREL PGOV CS
        SUBJECT: FOREIGN MINISTER SUPPORTIVE
        Classified By: Deputy Chief of Mission Jane Doe for reasons 1.4 (b) and (d)

        The Ambassador delivered the talking points to the Foreign Minister
        on May 31. The minister was both receptive and supportive of the
        initiative and promised to raise it with the President this week.
    Example (passes):
        R 311530Z MAY 06
        C O N F I D E N T I A L SAN JOSE 001196
        E.O. 12958: DECL: 05/31/2016
        TAGS: PREL PGOV CS
        SUBJECT: FOREIGN MINISTER SUPPORTIVE
        Classified By: Deputy Chief of Mission Jane Doe for reasons 1.4 (b) and (d)

        1. (C) The Ambassador delivered the talking points to the Foreign Minister
        on May 31. The minister was both receptive and supportive of the
        initiative and promised to raise it with the President this week.
    """

    code = "POR007"
    name = "no-paragraphs-found"
    severity = Severity.WARNING
    summary = "A classified cable's body has text but no paragraph could be found to check its portions."
    source = "RULEBOOK §2 R2.3; issue 14 (never switch the portion rules off silently)"

    def applies(self, doc):
        return (doc.banner is not None and doc.banner.level.classified and not doc.partial
                and not doc.damaged("spliced") and not doc.damaged("truncated"))

    def check(self, doc):
        if any(not p.classification_block for p in doc.paragraphs) or declares_entire_text(doc):
            return
        fields = (doc.banner, doc.eo, doc.tags, doc.subject, doc.classified_by)
        start = max([f.span.end_line for f in fields if f is not None]
                    + [doc.refs_span.end_line if doc.refs_span else 0])
        prose = [n for n in range(start + 1, len(doc.lines) + 1) if len(doc.lines[n - 1].split()) >= PROSE_WORDS]
        if len(prose) >= PROSE_LINES:
            first = prose[0]
            yield Finding(f"no paragraph was found in the body of this {doc.banner.level.value} cable: "
                          "its portions could not be checked", Span(first, 1, first, len(doc.lines[first - 1]) + 1),
                          "number the paragraphs and mark each one, e.g. 1. (C) ...")

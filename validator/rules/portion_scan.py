"""Reading portions out of a Document: marks, declarations, the paragraph sequence.

Shared by the portion (POR) and caption (CAP) rules. Real cables mark portions in many
imperfect ways -- late marks ("1. SUMMARY (U)"), unrecognised marks ("(S-NF)"), quoted
numbered lists, redactions, line wraps -- and these helpers decide what counts as a
portion and what is marked, so that error-level rules stay precise.
"""

from __future__ import annotations

import datetime as _dt
import re
TYPE_CHECKING = False  # typing costs ~3 ms of a one-file check; annotations only
if TYPE_CHECKING:
    from typing import Iterator

from ..records import frozen_delattr, frozen_setattr
from ..fields.marks import level_from_word, mark_text, parse_mark
from ..model import Document, Level, Paragraph, PortionMark, Span
from ..glued import next_start, start_columns
from ..integrity import cut_short
from ..memo import per_document
from .support import finding
from .text_scan import any_line
from .. import lazy_re

# A finding with a per-finding severity (the POR/CAP rules' name for support.finding).
emit = finding


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


class Portion:
    """One marked portion as it counts for the roll-up."""

    label: str          # "paragraph 4", "the subject"
    mark: PortionMark | None
    level: Level        # the level it contributes
    shown: str          # the marking as quoted in messages: "(S)", "SECRET - ENTIRE TEXT"
    span: Span
    paragraph: Paragraph | None

    __match_args__ = ('label', 'mark', 'level', 'shown', 'span', 'paragraph')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, label, mark, level, shown, span, paragraph):
        d = self.__dict__
        d['label'] = label
        d['mark'] = mark
        d['level'] = level
        d['shown'] = shown
        d['span'] = span
        d['paragraph'] = paragraph

    def __repr__(self):
        return f"{self.__class__.__qualname__}(label={self.label!r}, mark={self.mark!r}, level={self.level!r}, shown={self.shown!r}, span={self.span!r}, paragraph={self.paragraph!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.label, self.mark, self.level, self.shown, self.span, self.paragraph) == (other.label, other.mark, other.level, other.shown, other.span, other.paragraph)
        return NotImplemented

    def __hash__(self):
        return hash((self.label, self.mark, self.level, self.shown, self.span, self.paragraph))


def entire_text_level(doc: Document) -> tuple[Level, Paragraph] | None:
    """The highest ``X - ENTIRE TEXT`` declaration of the text, if any."""
    best = None
    for para in doc.paragraphs:
        if para.entire_text is not None and (best is None or para.entire_text > best[0]):
            best = (para.entire_text, para)
    return best


_NUMBER = lazy_re.compile(r"^[ \t]*¶?[ \t]*\d{1,3}[ \t]*\.[ \t]*")
_LEVEL_WORD = r"(?:TS|SBU|LOU|S|C|U|CONFIDENTIAL|SECRET|UNCLASSIFIED)"
# "(C NF)", "(S-NF)", "(C/F)", "(C/Releasable to Italy)", "(/Rel UK)", "(C Text ...": a mark
# the portion-mark grammar does not accept (case-sensitive, so "(U.S.)" or "(see)" stay out).
_ODD_MARK = lazy_re.compile(r"^\((?:[ \t]*/[ \t]*\w|[ \t]*(?P<level>" + _LEVEL_WORD + r")(?=[ \t/\-)]|$))"
                            # GARBLED_MARK: "(SE)", "(SB)", "(SU)": a level letter and a stray capital
                            r"|^\((?P<garbled>(?-i:[SCU][A-Z]))\)(?=[ \t])"
                            # BARE_MARK: "S//REL CHINA:", "C//NF " without parentheses
                            r"|^(?P<bare>(?-i:TS|S|C|U))//[A-Z]")
# A well-formed mark later in the paragraph's first lines: "1. SUMMARY (U) ...", "27.A. (SBU)",
# "1. Key Points: -- (S/NF) ...".
# LEAD_IN_ITEMS: a lead-in line ending in ":" up to this long introduces the items under it.
LEAD_IN_MAX = 160
_LATE_MARK = lazy_re.compile(r"(?:^|[\s:.\-])\((?:TS|SBU|LOU|S|C|U)(?:[ \t]*//?[ \t]*[A-Z]+(?:[ \t][A-Z]+)?)*\)")
# A redaction right after the number may have taken the mark with it ("¶7. xxxxxxxxxxxx"): unknown.
# REDACTED_PARAGRAPH: a first line that is only a redaction ("¶7. XXXXXXXXXXXX", at most one more
# token such as a stray "SECRET//NOFORN") is a paragraph the publisher removed, its mark perhaps with
# it. A redaction followed by text ("¶5. XXXXXXXXXXXX said that ...") replaced a name, not the mark:
# the corpus writes "¶5. (C) XXXXXXXXXXXX said" 370 times and the unmarked form only in unmarked cables.
_REDACTED = lazy_re.compile(r"^x{4,}[\W_]*(?:[^\sx]\S*)?[\W_]*$", re.I)
# SEQUENCE_GAP: a number at most this far ahead of the expected one resumes the main sequence (a
# paragraph lost or misnumbered: 6, 8); a quoted list restarts lower (1, 2) and is skipped.
SEQUENCE_GAP_MAX = 3
# REPEATED_NUMBER: a paragraph number written twice is a typo in the main sequence; from 2 on only,
# since "1. (C) ... as follows: 1. ..." starts a quoted list.
REPEAT_MIN = 2
_BULLETS = ("-", "*", "\u2022", "o ")


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
    word = match.group("level") or match.group("bare")  # a garbled "(SB)" has no readable level
    if match.group("bare"):
        raw = text.split()[0].rstrip(":")
    level = level_from_word(word) if word else None
    return raw, level


@per_document
def _paragraphs_by_line(doc: Document) -> tuple[dict[int, list[Paragraph]], dict[int, list[int]]]:
    """The paragraphs starting on each line, in model order, and their sorted start columns (once per
    document: late_mark runs for every unmarked paragraph, and a scan of all paragraphs each time is
    quadratic in a record of thousands)."""
    found: dict[int, list[Paragraph]] = {}
    for p in doc.paragraphs:
        found.setdefault(p.span.line, []).append(p)
    return found, start_columns(doc.paragraphs)


def late_mark(doc: Document, para: Paragraph) -> PortionMark | None:
    """A well-formed mark within the first lines of the paragraph (not right after the number),
    including a heading paragraph whose bullets carry the marks ("1. Key Points:" / "-- (S/NF)")."""
    lines = [doc.lines[para.span.line - 1]] if 1 <= para.span.line <= len(doc.lines) else []
    by_line, columns = _paragraphs_by_line(doc)
    if lines:
        # a GLUED_PARAGRAPH on the same line ends this one there ("... quiet. 10. (C) ACTION": the
        # (C) is paragraph 10's mark); a glued paragraph's own text starts at its column
        after = next_start(columns, para.span)
        lines[0] = lines[0][para.span.column - 1:after - 1 if after is not None else None]
    lead = after_number(para)
    # "1. Key Points:" followed by marked bullets; LEAD_IN_ITEMS: "3. The following answers reftel's
    # questions:" whose content is the marked lettered items under it ("A) (U) ...")
    heading = len(lead) <= 40 or (len(lead) <= LEAD_IN_MAX and lead.endswith(":"))
    last = para.span.line + 8 if heading else para.span.end_line
    for number in range(para.span.line + 1, min(last, len(doc.lines)) + 1):
        line = doc.lines[number - 1]
        if heading and number in by_line:
            # HEADING_LEAD: "¶2. Afghanistan" / "-----" / "(C) The SYG ...": the heading's text is the
            # marked unnumbered paragraph right under it
            under = by_line[number][0]
            # LEAD_IN_ITEMS: a title ("8. Meeting with the Minister") or lead-in ending in ":" over
            # marked lettered items; a sentence ("2. Text.") over them is a paragraph of its own
            titled = under.lettered and not lead.endswith((".", "!", "?"))
            if (under.number is None or titled) and under.marking is not None:
                return under.marking
        if number in by_line or _NUMBER.match(line) or len(lines) >= 4:
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


_DECLARATION = lazy_re.compile(
    r"\b(?:SENSITIVE\s+BUT\s+UNCLASSIFIED|SBU|UNCLASSIFIED|LIMITED\s+OFFICIAL\s+USE|CONFIDENTIAL|SECRET)"
    r"\s*-+\s*ENTIRE\s+TEXT\b"
    r"|\bENTIRE\s+TEXT\s+(?:OF\s+THIS\s+\w+\s+)?IS\s+(?:SENSITIVE\s+BUT\s+UNCLASSIFIED|SBU|CONFIDENTIAL|SECRET)",
    re.I)


@per_document
def declares_entire_text(doc: Document) -> bool:
    """An ``X - ENTIRE TEXT`` declaration anywhere: a paragraph, or a line such as
    ``SENSITIVE BUT UNCLASSIFIED -- ENTIRE TEXT`` / "The entire text of this report is SBU"."""
    if entire_text_level(doc) is not None:
        return True
    return any_line(doc, _DECLARATION, "ENTIRE")


def portions(doc: Document) -> tuple[Portion, ...]:
    """Every marked portion, once per document (POR003, POR004 and the CAP rules share it)."""
    return _portions(doc)


@per_document
def _portions(doc: Document) -> tuple[Portion, ...]:
    return tuple(_iter_portions(doc))


def _iter_portions(doc: Document) -> Iterator[Portion]:
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


_ANY_MARK = lazy_re.compile(r"(?:^|[\s(\-:])\((?P<level>TS|S|C)(?:[ \t]*//?[ \t]*[A-Z]+(?:[ \t][A-Z]+)?)*\)")


def text_mark_at_least(doc: Document, level: Level) -> bool:
    """A mark of ``level`` or above anywhere in the text below the header (marks the parser
    did not see as paragraph marks: glued lines, "1 (S)" without a period, bullets)."""
    start = max((x.span.line for x in (doc.eo, doc.tags, doc.subject) if x is not None), default=0)
    for line in doc.lines[start:]:
        if "(" not in line:  # every mark opens with one
            continue
        for match in _ANY_MARK.finditer(line):
            found = level_from_word(match.group("level"))
            if found is not None and found.rank >= level.rank:
                return True
    return False


# WRAPPED_NUMBER: a number at the start of a physical line is a wrap of running text ("... on January" /
# "13. talks resumed") when the line above is text that did not end its sentence. After a sentence end,
# a heading, its underline or a blank line (CSV exports end lines with " \\"), it starts a paragraph.
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "'", ")", "]", "\u201d", "\u2019")
_UNDERLINE = frozenset("-=_*~ \t")
HEADING_MAX = 60
# HANDLING_NOTICE: "1. This cable is sensitive but unclassified ..." states the marking of the text,
# as a Classified By paragraph does; it is not an unmarked paragraph.
_HANDLING_NOTICE = lazy_re.compile(r"(?:THIS|THE)\s+(?:CABLE|MESSAGE|TELEGRAM|TEXT)\s+IS\s+"
                                   r"(?:SENSITIVE\s+BUT\s+UNCLASSIFIED|SBU|UNCLASSIFIED)", re.I)
# Words a sentence cannot end on: a number after them continues the sentence.
_CONNECTORS = frozenset("""and or of the to in on at by for with from a an than nor between january february march
april may june july august september october november december para paras paragraph paragraphs""".split())  # a heading line ("COMMENT", "MEETING WITH CHIRAC") is short and in capitals


def wrapped_line(doc: Document, para: Paragraph) -> bool:
    """The number starts a physical line inside running text (WRAPPED_NUMBER)."""
    line = para.span.line
    if line < 2 or para.span.column > 1 + (len(doc.lines[line - 1]) - len(doc.lines[line - 1].lstrip())):
        return False
    if line - 1 in _header_field_ends(doc):
        return False  # HEADER_FIELD_ABOVE: "REF: ... C. 07 HARARE 214" / "¶1. SUMMARY": the text starts here
    above = doc.lines[line - 2].rstrip().rstrip("\\").strip()
    if not above:
        # WRAPPED_ACROSS_BLANK: "... convert Rabta 1 and" / "" / "¶2. Except ...": a copy that put a
        # blank line (and a pilcrow) at a wrap; the text before cannot end on a connecting word
        # (a heading can: "SAADI SETTLES IN")
        before = doc.lines[line - 3].rstrip().rstrip("\\").strip() if line >= 3 else ""
        words = before.split()
        return bool(words) and words[-1].lower() in _CONNECTORS and not _heading(before)
    if above.endswith(_SENTENCE_END) or set(above) <= _UNDERLINE or _heading(above):
        return False
    return True


# UNDERLINED_HEADING: "----- Protesters scale the wall -----" ends in a rule of 3+ dashes.
_RULE_END = ("---", "===", "___", "***", "~~~")
# TITLE_HEADING: "Venezuelan-Italian Mixed Commission": a short line of capitalised words (2+) with
# only small connecting words in lower case is a heading, not a sentence cut by a wrap.
TITLE_WORDS_MIN = 2


def _heading(text: str) -> bool:
    """A heading line: short capitals ("COMMENT"), a title in capitalised words, or underlined."""
    if text.endswith(_RULE_END):
        return True
    if len(text) > HEADING_MAX or not any(c.isalpha() for c in text):
        return False
    if text.upper() == text:
        return True
    words = [w for w in text.split() if w[0].isalpha()]
    return len(words) >= TITLE_WORDS_MIN and all(w[0].isupper() or w.lower() in _CONNECTORS for w in words) \
        and words[-1].lower() not in _CONNECTORS


@per_document
def _header_field_ends(doc: Document) -> frozenset[int]:
    """The last lines of the header fields (E.O., TAGS, SUBJECT, REF, Classified By)."""
    spans = [x.span for x in (doc.eo, doc.tags, doc.subject, doc.classified_by) if x is not None]
    if doc.refs_span is not None:
        spans.append(doc.refs_span)
    return frozenset(s.end_line for s in spans)


@per_document
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
    numbered = [p for p in doc.paragraphs if not p.lettered and p.value is not None]
    following = {id(a): b for a, b in zip(numbered, numbered[1:])}
    before = None  # the numbered paragraph before this one
    for para in numbered:
        continues_list, nested = nested is not None and para.value == nested + 1, None
        if previous is None:
            # a record that lost its start (an extract, a dropped or cut header) resumes where it resumes
            previous = para.value - 1 if doc.partial or doc.integrity else 0
        if before is not None and para.value <= before.value and (cut_short(before.text) or
                                                                   before.text.rstrip().endswith("..")):
            # PREVIEW_RESTART: an archive page shows the text's start cut at "..." or ".." ("¶1. (C)
            # Summary: ...") and then the whole cable: its numbering starts again there
            previous, continues_list = para.value - 1, False
        before = para
        expected = previous + 1
        pilcrow = garbled(para.value, expected)
        in_sequence = para.value == expected or pilcrow
        if not in_sequence and (expected < para.value <= expected + SEQUENCE_GAP_MAX
                                or para.value == previous >= REPEAT_MIN):
            # a jump resumes the sequence only if the next number follows it ("6, 8, 9"; not "3, 6, 4");
            # REPEATED_NUMBER: so does a number written twice ("11, 12, 12" after lettered items)
            after = following.get(id(para))
            in_sequence = after is None or after.value == para.value + 1 or garbled(after.value, para.value + 1)
        marked = (para.marking is not None or para.classification_block or odd_mark(para) is not None
                  or bool(_HANDLING_NOTICE.match(after_number(para)))
                  or late_mark(doc, para) is not None)
        if marked:
            any_marked = any_marked or not para.classification_block
            previous = expected if pilcrow else para.value
            continue
        if not in_sequence or continues_list:
            nested = para.value  # an item of a quoted list (or ambiguous: skip it)
            continue
        previous = expected if pilcrow else para.value
        text = after_number(para)
        if text.startswith(_BULLETS):
            continue  # BULLET_ITEM: "¶6. --Increase ..." is a bullet a publisher numbered, not a paragraph
        if not re.search(r"[A-Za-z]", text) or _REDACTED.match(text) or wrapped_line(doc, para):
            continue
        missing.append(para)
    return missing, any_marked


def garbled(number: int, expected: int) -> bool:
    """'15' for '¶5': the pilcrow rendered as a leading digit 1 (RULEBOOK §5.10)."""
    text = str(number)
    return len(text) > 1 and text[0] == "1" and text[1] != "0" and int(text[1:]) == expected

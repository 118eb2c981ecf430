"""GLUED_PARAGRAPH: numbered paragraphs that a copy ran onto the previous text on one physical line.

Published copies often lose the line break (and blank line) before a paragraph number:
``... the border. 2. (C) The minister noted``, ``End summary. 3. (S) ...``, a heading and its underline
``MEETING ----- 4. (C) ...``. The grammar sees one line, so the paragraph (and a missing mark on it) is
invisible. A number counts as a glued paragraph only where the main sequence is short of it: the
paragraph before it is N-1 and the next paragraph the parser found is not N, the number follows a
sentence end or a heading underline, and a mark or a capital letter comes after its period. Any
other number in running text ("at 10. The meeting", a quoted list) is left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import lazy_re
from . import model as m
from .fields.marks import parse_mark
from .parser import terminal_pattern

# A number after a sentence end (closing quote or bracket included) or a heading underline, then its
# period and a mark or a capital: the start of a paragraph glued onto the text before it.
_GLUED = lazy_re.compile(
    r"(?:(?<=[.!?:;\"')\]\u201d\u2019])|(?<=---))[ \t]+(?P<start>(?:¶[ \t]*)?(?P<number>\d{1,2})[ \t]*\.[ \t]*"
    r"(?=\(|[A-Z]))")
# GLUED_BLANKS_FIRST: the same matches, found from their blank runs. _GLUED's lookbehind comes first, so
# re tries it at every position of the line (45 us on a long one); a pattern that starts with the
# blanks lets re skip to them, and the character (or "---") before the run is tested after
# (_glued_matches). A run after anything else fails _GLUED, and the text its match takes holds no
# start of a match of _GLUED (its blanks after the period are followed by "(" or a capital).
_GLUED_RUN = lazy_re.compile(
    r"[ \t]+(?P<start>(?:¶[ \t]*)?(?P<number>\d{1,2})[ \t]*\.[ \t]*(?=\(|[A-Z]))")
_SENTENCE_END = frozenset(".!?:;\"')]\u201d\u2019")
_CLASSIFIED_BY = lazy_re.compile(r"[ \t.]*(?:\([A-Z/]{1,8}\)[ \t]*)?CLASSIFIED[ \t]+BY\b", re.I)
# GLUED_LOOKAHEAD: how many numbers one gap may hold (a copy that ran a whole cable onto a few lines
# misses several in a row).
GLUED_LOOKAHEAD = 30


def glued_paragraphs(physical: list[str], paragraphs: list[m.Paragraph],
                     lead_line: int | None = None) -> list[m.Paragraph]:
    """``paragraphs`` with the glued numbered paragraphs the main sequence is missing, in text order.

    ``lead_line`` is the last header line (the Classified By or SUBJECT line): GLUED_AFTER_HEADER
    looks there for paragraph 1 when the parser found none before the first numbered paragraph
    ("... Reasons 1.4 (b) and (d). 1. (C) Summary: ...").
    """
    numbered = [p for p in paragraphs if p.value is not None and not p.lettered and not p.classification_block]
    numbered_block = any(p.classification_block and p.value is not None for p in paragraphs)
    if lead_line is not None and not numbered_block \
            and (not numbered or (numbered[0].value > 1 and numbered[0].span.line >= lead_line)):
        start = m.Span(lead_line, 1, lead_line, 1)
        numbered = [m.Paragraph(None, 0, None, False, None, False, False, start, "")] + numbered
    if not numbered:
        return paragraphs
    found: list[m.Paragraph] = []
    starts = sorted(p.span.line for p in paragraphs)
    columns = None  # start_columns(paragraphs), made when a range first holds its next number
    for index, para in enumerate(numbered):
        following = numbered[index + 1] if index + 1 < len(numbered) else None
        stop = following.value if following is not None and following.value > para.value else None
        if stop == para.value + 1:
            continue  # the sequence is whole here
        # the text up to the next paragraph the parser found: a heading between them is not in
        # either paragraph's block
        after = bisect_right(starts, para.span.line)
        end = max(starts[after] - 1 if after < len(starts) else len(physical), para.span.end_line)
        if not _holds_next_number(physical, para, end):
            continue  # (nearly always: no glued paragraph; _scan would find none)
        # SAME_LINE_END: a paragraph the parser found later on this line ends this one's first line there
        if columns is None:
            columns = start_columns(paragraphs)
        next_column = next_start(columns, para.span)
        first_end = next_column - 1 if next_column is not None else None
        found.extend(_scan(physical, para, stop, end, first_end))
    if not found:
        return paragraphs
    return sorted(paragraphs + found, key=lambda p: (p.span.line, p.span.column))


def start_columns(paragraphs) -> dict[int, list[int]]:
    """The sorted start columns of the paragraphs on each line (several share a line when glued)."""
    columns: dict[int, list[int]] = {}
    for p in paragraphs:
        columns.setdefault(p.span.line, []).append(p.span.column)
    for on_line in columns.values():
        on_line.sort()
    return columns


def next_start(columns: dict[int, list[int]], span: m.Span) -> int | None:
    """The start column of the next paragraph on ``span``'s first line, after ``span``'s own."""
    on_line = columns.get(span.line, ())
    after = bisect_right(on_line, span.column)
    return on_line[after] if after < len(on_line) else None


def _holds_next_number(physical: list[str], para: m.Paragraph, end: int) -> bool:
    """Whether a line of ``para``'s range (to line ``end``) holds the next number and its period: every
    glued paragraph _scan finds there does (an exact pre-check at C speed, made before _scan's inputs)."""
    return f"{para.value + 1}." in "\n".join(physical[para.span.line - 1:min(end, len(physical))])


def _glued_matches(line: str, offset: int, limit: int):
    """The matches of ``_GLUED.finditer(line, offset, limit)`` (GLUED_BLANKS_FIRST)."""
    for match in _GLUED_RUN.finditer(line, offset, limit):
        at = match.start()
        if (at and line[at - 1] in _SENTENCE_END) or (at >= 3 and line[at - 3:at] == "---"):
            yield match


def _scan(physical: list[str], para: m.Paragraph, stop: int | None, end: int,
          first_end: int | None = None) -> list[m.Paragraph]:
    """The glued paragraphs para.value + 1, + 2, ... (before ``stop``) from ``para`` to line ``end``
    (on its first line, to the 0-based column ``first_end`` when another paragraph starts there).
    The caller has checked _holds_next_number."""
    expected = para.value + 1
    out: list[m.Paragraph] = []
    first, last = para.span.line, min(end, len(physical))
    column = para.span.column  # on the first line, only after the paragraph's own number
    needle = f"{expected}."  # the number and its period, built once per number (not once per line)
    for line_no in range(first, last + 1):
        line = physical[line_no - 1]
        offset = column if line_no == first else 0
        limit = first_end if line_no == first and first_end is not None else len(line)
        while expected != stop and len(out) < GLUED_LOOKAHEAD and line.find(needle, offset, limit) >= 0:
            hit = None
            for glued in _glued_matches(line, offset, limit):
                value = int(glued.group("number"))
                if value < expected:
                    return out  # QUOTED_LIST_STOP: a list restarting inside the paragraph ("... as follows. 1. ...")
                if value == expected:
                    hit = glued
                    break
            if hit is None:
                break
            out.append(_paragraph(line, line_no, hit.start("start"), para))
            offset = hit.end()
            expected += 1
            needle = f"{expected}."
    return out


def _paragraph(line: str, line_no: int, start: int, host: m.Paragraph) -> m.Paragraph:
    """The paragraph that starts at ``start`` (0-based) of physical line ``line_no``."""
    rest = line[start:]
    f = terminal_pattern("PARA_LINE").match(rest + "\n")
    mark = None
    number = rest.lstrip("¶ \t").split(".", 1)[0].strip()
    if f is not None:
        number = f["para_number"] or number
        for group, malformed in (("para_mark", False), ("para_badmark", True)):
            if f[group]:
                mark = parse_mark(f[group], line_no, start + f.start(group) + 1, malformed=malformed)
                break
    span = m.Span(line_no, start + 1, max(host.span.end_line, line_no),
                  host.span.end_column if host.span.end_line > line_no else len(line.rstrip()) + 1)
    # "Classified By: 1. CLASSIFIED BY ...": the paragraph that repeats the Classified By line
    block = bool(_CLASSIFIED_BY.match(rest, f.end("para_number") + 1 if f is not None and f["para_number"] else 0))
    return m.Paragraph(number=number, value=int(number), marking=mark, pilcrow=rest.startswith("¶"),
                       entire_text=None, classification_block=block, lettered=False, span=span,
                       text=rest.strip())

"""The reason part of a Classified By line: section ``1.4``/``1.5`` and letters ``(b) and (d)``.

The letters are read as a list right after the section (or after a "reasons" word when
the section is left out: ``for reasons b, d``) and the list ends at the first token that
is not a letter or a separator. Real lines run straight into paragraph 1
(``1.4 (b) and (d) (C) HMG is ...``, ``1.4 (b), (d) 1. (C) Summary``), so a portion mark
followed by text, a paragraph number, or a sentence end stops the list.
"""

from __future__ import annotations

import re
from .. import lazy_re

# "1.4", "1,4" (typo), "1. 4" (wrapped), "1/4" (typo), "1.5.D" (dot before the letter).
_SECTION = lazy_re.compile(
    r"(?<![\d.])(?P<sec>\d)\s*[.,/]\s*(?P<sub>\d)(?![\d/])(?:\s*\.(?=\s*\(?\s*[a-hA-H]\b))?", re.I
)
# "reasons", "reason(s)", "REA SONS", "reaons", "Resons", "RASONS", "per", "section", "due to".
_LEADER = lazy_re.compile(r"r(?:\s*e)?(?:\s*a)?(?:\s*s)?\s*o\s*n|per\b|section|sec\.|due to|under|based", re.I)
_REASON_WORD = lazy_re.compile(
    r"\bR\s?E?\s?A?\s?S\s?O\s?N\s?(?:S|\(S\))?\b\s*:?\s*(?:(?:OF|FOR|UNDER)\s+)?"
    r"(?:E\.?\s*O\.?\s*\d{4,5}\s*[,:]?\s*)?(?:(?:SECTION|SEC\.?)\s*)?", re.I)
_STOP = lazy_re.compile(r"(?:;|\n|\bDECL|\bE\.?O\.?\s*\d|\bDerived\b)", re.I)
_XCODE = lazy_re.compile(r"\b(?:X\s*\d|25X\d|1\.6\s*X\s*\d)\b", re.I)
# LONE_SECTION: "REASONS 1 (B) AND (D)", "reasons 1.b and d": the section written as a bare "1"
# before the letters; the letters are still the reason (the section is not guessed).
_LONE_SECTION = lazy_re.compile(r"\s*1\s*\.?\s*(?=\(?\s*[a-hA-H](?![A-Za-z0-9]))")
_SPLIT_AND = lazy_re.compile(r"\ba\s+nd\b|\ban\s+d\b", re.I)

_SEPARATOR = lazy_re.compile(r"\s+|[,&+/:-]|\band\b|\bor\b|\.(?!\s)|\.(?=\s+(?:and|or|&)\b)", re.I)
_GROUP = lazy_re.compile(r"\(([^()]{1,24})\)")
_BARE = lazy_re.compile(r"([A-Za-z])(?![A-Za-z0-9'])")
_GROUP_BODY = lazy_re.compile(r"\s*(?:(?:[A-Za-z](?![A-Za-z])|,|&|\+|/|and\b|or\b)\s*)+", re.I)
_TEXT_AFTER = lazy_re.compile(r"\s+(?!(?:and|or)\b)[A-Za-z]{2,}", re.I)
_LONE_LETTER = lazy_re.compile(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])")


def _letters(blob: str) -> tuple[list[str], int]:
    """Scan a reason list; returns (letters, length of the text consumed)."""
    letters: list[str] = []
    pos = 0
    consumed = 0
    while pos < len(blob):
        sep = _SEPARATOR.match(blob, pos)
        if sep and sep.end() > pos:
            pos = sep.end()
            continue
        group = _GROUP.match(blob, pos)
        if group:
            body = group.group(1)
            if not _GROUP_BODY.fullmatch(body):
                break
            found = [c.lower() for c in _LONE_LETTER.findall(body)]
            # "(C) HMG is ..." after the list is paragraph 1's portion mark, not a letter.
            if letters and len(found) == 1 and found[0].upper() in body and _TEXT_AFTER.match(blob, group.end()):
                break
            letters.extend(c for c in found if c not in letters)
            pos = consumed = group.end()
            continue
        bare = _BARE.match(blob, pos)
        if bare:
            if letters and bare.group(1) in "Aa" and _TEXT_AFTER.match(blob, bare.end()):
                break  # "... (d) A meeting": an article starting the next sentence
            letter = bare.group(1).lower()
            if letter not in letters:
                letters.append(letter)
            pos = consumed = bare.end()
            continue
        break
    return letters, consumed


def _section_match(text: str) -> re.Match | None:
    best = None
    for match in _SECTION.finditer(text):
        if match.group("sec") != "1":
            # "2.4" etc. are not reason sections, but "1,4" and "1.2" are (wrongly) written ones.
            continue
        leader = _LEADER.search(text, max(0, match.start() - 30), match.start())
        if best is None or leader:
            best = match
            if leader:
                break
    return best


def parse_reasons(text: str) -> tuple[str | None, tuple[str, ...], tuple[int, int] | None]:
    """Find the reason section and letters; returns (section, letters, (start, end) in text).

    The section must follow a reason word ("reasons", "per", "section") or stand after
    the classifier's name; a number inside the name or title never counts. Without a
    section, letters directly after a reason word count (``for reasons (b) and (d)``).
    """
    text = _SPLIT_AND.sub(lambda m: "and".ljust(len(m.group(0))), text)
    best = _section_match(text)
    if best is not None:
        section = f"{best.group('sec')}.{best.group('sub')}"
        start, after = best.start(), best.end()
    else:
        word = None
        after = 0
        for candidate in _REASON_WORD.finditer(text):
            after = candidate.end()
            lone = _LONE_SECTION.match(text, after)
            if lone:
                after = lone.end()
            letters, used = _letters(_XCODE.sub(" ", text[after:after + 60]))
            if letters:
                word = candidate
                break
        if word is None:
            return None, (), None
        section, start = None, word.start()
    stop = _STOP.search(text, after)
    end = min(stop.start() if stop else len(text), after + 60)
    blob = _XCODE.sub(lambda m: " " * len(m.group(0)), text[after:end])
    letters, used = _letters(blob)
    span_end = after + used if letters else after
    return section, tuple(letters), (start, span_end)

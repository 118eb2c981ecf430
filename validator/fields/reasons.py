"""The reason part of a Classified By line: section ``1.4``/``1.5`` and letters ``(b) and (d)``."""

from __future__ import annotations

import re

# "reasons", "reason(s)", "REA SONS", "reaons", "Resons", "RASONS", "per", "section", "due to".
_SECTION = re.compile(
    r"(?<![\d.])(?P<sec>\d)\s*[.,]\s*(?P<sub>\d)(?![\d])(?:\s*\.(?=\s*[a-hA-H]\b))?", re.I
)
_LEADER = re.compile(r"r(?:\s*e)?(?:\s*a)?(?:\s*s)?\s*o\s*n|per\b|section|sec\.|due to|under|based", re.I)
_STOP = re.compile(r"(?:\.\s+(?=[A-Z][a-z])|;|\n|\bDECL|\bE\.?O\.?\s*\d|\bDerived\b)", re.I)
_LETTER = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])(?![A-Za-z0-9'])")
_XCODE = re.compile(r"\b(?:X\s*\d|25X\d|1\.6\s*X\s*\d)\b", re.I)


def parse_reasons(text: str) -> tuple[str | None, tuple[str, ...], tuple[int, int] | None]:
    """Find the reason section and letters; returns (section, letters, (start, end) in text).

    The section must follow a reason word ("reasons", "per", "section") or stand after
    the classifier's name; a number inside the name or title never counts.
    """
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
    if best is None:
        return None, (), None
    section = f"{best.group('sec')}.{best.group('sub')}"
    stop = _STOP.search(text, best.end())
    end = stop.start() if stop else len(text)
    end = min(end, best.end() + 60)
    blob = _XCODE.sub(" ", text[best.end():end])
    blob = re.sub(r"\band\b|&|\bor\b", " ", blob, flags=re.I)
    letters: list[str] = []
    for m in _LETTER.finditer(blob):
        letter = m.group(1).lower()
        if letter not in letters:
            letters.append(letter)
    # Only a run of single letters right after the section counts (not words later on).
    tail = blob.strip()
    if tail and not re.match(r"[\(\[]?\s*[A-Za-z]\b", tail):
        letters = []
    span_end = best.end() + len(text[best.end():end].rstrip(" .,"))
    return section, tuple(letters), (best.start(), span_end)

"""Whole-text scans shared by the rules, computed once per document.

Several rules ask "does any line match this pattern?" -- a regex search per physical
line, which dominated the check. ``any_line`` looks for a word that every match must
contain (the needle) in the whole upper-cased text at once and searches only the lines
that hold it, so the answer is exactly the per-line answer.
"""

from __future__ import annotations

import re

from ..model import JOINED_LINES, Document

# The only characters that re.I matches to an ASCII letter (I, K) but str.upper() does not
# turn into it; every other character re.I matches to a letter upper-cases to exactly it.
_UNFOLDED = ("\u0130", "\u212a")
# The other characters re.I matches to an ASCII letter (dotless i, long s): str.upper() turns
# them into it (I, S), bytes.upper() does not. No further character matches an ASCII letter.
_UPPER_TO_ASCII = ("\u0131", "\u017f")
_NOT_ASCII_FOLDED = _UNFOLDED + _UPPER_TO_ASCII  # bytes.upper() folds none of these as re.I does
_UNSET = object()  # the upper-case form is made only when a scan needs it (not every file asks)
_last: tuple = (None, "", _UNSET)  # (document checked last, its joined lines, their upper-case form)


def doc_text(doc: Document) -> str:
    """The physical lines joined by newlines (kept for the document checked last)."""
    global _last
    if _last[0] is not doc:
        text = doc.extra.get(JOINED_LINES)
        _last = (doc, text if text is not None else "\n".join(doc.lines), _UNSET)
    return _last[1]


def _texts(doc: Document) -> tuple[str, str | bytes | None]:
    """The joined lines, and their upper-case form when it folds case as re.I does
    (kept for the document checked last). The form is the UTF-8 bytes with ASCII letters
    upper-cased (bytes.upper(), 2-3x faster than str.upper() on a cable) unless the text holds
    a character that re.I matches to an ASCII letter: then str.upper(), or None."""
    global _last
    text = doc_text(doc)
    upper = _last[2]
    if upper is _UNSET:
        if text.isascii() or not any(char in text for char in _NOT_ASCII_FOLDED):
            upper = text.encode("utf-8", "surrogatepass").upper()
        elif not any(char in text for char in _UNFOLDED):
            upper = text.upper()
        else:
            upper = None
        _last = (doc, text, upper)
    return text, upper


def any_line(doc: Document, pattern: re.Pattern, needle: str) -> bool:
    """``any(pattern.search(line) for line in doc.lines)``; every match of ``pattern`` must
    contain ``needle`` (upper-case ASCII letters, compared case-insensitively)."""
    text, upper = _texts(doc)
    if upper is None:
        return re.search(re.escape(needle), text, re.I) is not None and any(
            pattern.search(line) for line in doc.lines)
    # only the lines holding the needle can match (the upper-case form keeps every newline, and
    # no other byte of UTF-8 is a newline byte)
    newline = "\n"
    if isinstance(upper, bytes):
        needle, newline = needle.encode("ascii"), b"\n"
    pos, line, counted = upper.find(needle), 0, 0
    while pos >= 0:
        line += upper.count(newline, counted, pos)
        if pattern.search(doc.lines[line]):
            return True
        counted = upper.find(newline, pos)
        if counted < 0:
            return False
        pos = upper.find(needle, counted)
    return False

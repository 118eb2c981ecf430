"""Building fixes in rules: edits that are checked against the text before they are offered.

Every edit here first confirms that its span holds the text the rule expects (spans come
from logical lines that may be pieces of a physical line), so a fix is never offered on
a guess about positions. A fix never lowers a classification.
"""

from __future__ import annotations

import re

from .. import lazy_re
from ..engine.diagnostic import SAFE, UNSAFE, Edit, Fix
from ..model import Document, Level, Span


def text_at(doc: Document, span: Span) -> str | None:
    """The text of a one-line span, or None when the span is not on one physical line."""
    if span.line != span.end_line or not 1 <= span.line <= len(doc.lines):
        return None
    line = doc.lines[span.line - 1]
    if not 1 <= span.column <= span.end_column <= len(line) + 1:
        return None
    return line[span.column - 1:span.end_column - 1]


def replace(doc: Document, span: Span, expected: str, text: str) -> Edit | None:
    """Replace ``expected`` at ``span`` with ``text`` (None when the span holds something else)."""
    if text_at(doc, span) != expected or expected == text:
        return None
    return Edit(span, text)


def insert(doc: Document, line: int, column: int, text: str) -> Edit | None:
    """Insert ``text`` before the 1-based column of a line (one past its end appends)."""
    if not 1 <= line <= len(doc.lines) or not 1 <= column <= len(doc.lines[line - 1]) + 1:
        return None
    return Edit(Span(line, column, line, column), text)


def make_fix(message: str, edits, applicability: str = SAFE) -> Fix | None:
    """A fix of the edits, or None when any edit could not be built."""
    edits = tuple(edits)
    if not edits or any(e is None for e in edits):
        return None
    return Fix(message, edits, applicability)


def level_word(level: Level, spaced: bool) -> str:
    """A level as a banner writes it: ``C O N F I D E N T I A L`` or ``CONFIDENTIAL``."""
    if level is Level.UNCLASSIFIED:
        return "UNCLAS"
    if spaced:
        return " ".join(level.value.replace(" ", ""))
    return level.value


def mark_for(level: Level) -> str:
    """The portion mark of a level: ``(C)``."""
    return f"({level.letter})"


def csv_export(doc: Document) -> bool:
    """WikiLeaks CSV exports end every line with a backslash; inserted lines would break the form."""
    return sum(1 for line in doc.lines[:200] if line.endswith("\\")) >= 3


_SPACED_LEVEL = {  # compiled on first use: only a fix that rewrites a banner level needs them
    level: lazy_re.compile(r"(?<![A-Za-z])" + r"[ \t]?".join(re.escape(c) for c in level.value.replace(" ", ""))
                      + r"(?![A-Za-z])")
    for level in (Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET)
}


def level_in_line(doc: Document, line: int, level: Level) -> Span | None:
    """Where a classified level word (spaced or not, upper case) is written on a line: the only one."""
    if not 1 <= line <= len(doc.lines) or level not in _SPACED_LEVEL:
        return None
    text = doc.lines[line - 1]
    found = [m for m in _SPACED_LEVEL[level].finditer(text)]
    if level is Level.SECRET:  # "TOP SECRET" is not a SECRET line
        found = [m for m in found if not re.search(r"T[ \t]?O[ \t]?P[ \t]*$", text[:m.start()])]
    if len(found) != 1:
        return None
    m = found[0]
    return Span(line, m.start() + 1, line, m.end() + 1)


__all__ = ["SAFE", "UNSAFE", "csv_export", "insert", "level_in_line", "level_word", "make_fix", "mark_for",
           "replace", "text_at"]

"""Apply the fixes that rules attach to their findings (``check --fix``, ``--diff``, the server).

A fix is data (``engine.diagnostic.Fix``: edits on 1-based spans of the file's physical lines
and an applicability). This module is the only place that turns fixes into new file content:

- only ``safe`` fixes, or ``safe`` and ``unsafe`` ones when asked;
- in a fixed order (by position, then rule code), never two fixes whose edits overlap: the
  later one is left for the next pass, which re-checks the new text (at most
  ``MAX_ITERATIONS`` passes, as ruff does);
- the bytes keep their form: the decoding the checker used (UTF-8, UTF-8 with a BOM, UTF-16,
  cp1252), every line's own line ending (LF, CRLF or CR) and a byte-order mark. A file that
  cannot be written back exactly as it was read (undecodable bytes replaced by U+FFFD) is not
  fixed at all;
- files are rewritten atomically (``atomic.atomic_write_bytes``), by the caller.
"""

from __future__ import annotations

import codecs
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .engine.diagnostic import Diagnostic
from .source import decode

# Passes of fix, re-check, fix (ruff uses 100; our fixes rarely need more than two).
MAX_ITERATIONS = 8

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Layout:
    """How a file's text becomes its bytes again."""

    encoding: str
    bom: bytes  # byte-order mark written before the text
    text_bom: str  # a U+FEFF the decoded text starts with (not part of line 1 for the checker)
    newline: str  # line break for inserted lines: the file's first line ending, else LF

    def encode(self, body: str) -> bytes:
        return self.bom + (self.text_bom + body).encode(self.encoding)


def layout(data: bytes) -> tuple[str, Layout] | None:
    """(text without a leading U+FEFF, layout), or None when the bytes would not round-trip."""
    text, note = decode(data)
    bom = b""
    if note is None:
        encoding = "utf-8"
    elif note.kind == "bom":
        encoding, bom = "utf-8", codecs.BOM_UTF8
    elif note.kind == "utf-16":
        if data.startswith(codecs.BOM_UTF16_LE):
            encoding, bom = "utf-16-le", codecs.BOM_UTF16_LE
        elif data.startswith(codecs.BOM_UTF16_BE):
            encoding, bom = "utf-16-be", codecs.BOM_UTF16_BE
        else:
            encoding = note.encoding
    elif note.kind == "cp1252":
        encoding = "cp1252"
    else:
        return None  # replacement characters: writing back would destroy bytes
    text_bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(text_bom):]
    match = _LINE_END.search(body)
    result = Layout(encoding, bom, text_bom, match.group(0) if match else "\n")
    try:
        if result.encode(body) != data:
            return None
    except UnicodeEncodeError:
        return None
    return body, result


class _Lines:
    """Offsets of the physical lines of a text (the lines the checker's spans count)."""

    def __init__(self, text: str):
        self.starts = [0]
        self.lengths = []
        pos = 0
        for match in _LINE_END.finditer(text):
            self.lengths.append(match.start() - pos)
            pos = match.end()
            self.starts.append(pos)
        self.lengths.append(len(text) - pos)
        if self.lengths[-1] == 0 and len(self.starts) > 1:  # text ends with a line break
            self.starts.pop()
            self.lengths.pop()
        self.size = len(text)

    def offset(self, line: int, column: int) -> int | None:
        """0-based offset of a 1-based position; the column may be one past the line's end."""
        if 1 <= line <= len(self.starts) and 1 <= column <= self.lengths[line - 1] + 1:
            return self.starts[line - 1] + column - 1
        if line == len(self.starts) + 1 and column == 1:
            return self.size  # insertion after the last line
        return None


def _ranges(fix, lines: _Lines, newline: str) -> tuple[tuple[int, int, str], ...] | None:
    """The fix's edits as sorted (start, end, text) offsets, or None if any span is invalid."""
    out = []
    for edit in fix.edits:
        start = lines.offset(edit.span.line, edit.span.column)
        end = lines.offset(edit.span.end_line, edit.span.end_column)
        if start is None or end is None or end < start:
            return None
        out.append((start, end, edit.text.replace("\r\n", "\n").replace("\n", newline)))
    out.sort()
    for (s1, e1, _), (s2, e2, _) in zip(out, out[1:]):
        if _overlap(s1, e1, s2, e2):
            return None
    return tuple(out)


def _overlap(s1: int, e1: int, s2: int, e2: int) -> bool:
    """Two edits conflict when their ranges intersect, start at the same place, or one
    inserts strictly inside the other's replaced range."""
    if s1 == s2:
        return True
    return s1 < e2 and s2 < e1


@dataclass
class FixPass:
    """One pass over a text: the new text, and how many findings (per rule) its fixes resolved."""

    text: str
    fixed: int = 0
    by_rule: Counter = field(default_factory=Counter)


def wanted(diagnostic: Diagnostic, unsafe: bool) -> bool:
    fix = diagnostic.fix
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic], unsafe: bool = False,
                newline: str | None = None) -> FixPass:
    """Apply the non-overlapping fixes of ``diagnostics`` to ``text`` (no leading BOM; spans on its
    physical lines). Fixes are taken by position, then rule code; a fix identical to one already
    taken resolves its finding too; one that overlaps a taken fix is skipped (for a later pass)."""
    lines = _Lines(text)
    if newline is None:
        match = _LINE_END.search(text)
        newline = match.group(0) if match else "\n"
    candidates = []
    for d in diagnostics:
        if not wanted(d, unsafe):
            continue
        ranges = _ranges(d.fix, lines, newline)
        if ranges is not None:
            candidates.append((ranges[0][0], d.code, d.span.line, d.span.column, d.message, ranges, d))
    candidates.sort(key=lambda c: c[:5])
    taken: list[tuple[int, int, str]] = []
    taken_fixes: set = set()
    result = FixPass(text)
    for *_, ranges, d in candidates:
        if ranges in taken_fixes:
            result.fixed += 1
            result.by_rule[d.code] += 1
            continue
        if any(_overlap(s, e, ts, te) for s, e, _ in ranges for ts, te, _ in taken):
            continue
        taken.extend(ranges)
        taken_fixes.add(ranges)
        result.fixed += 1
        result.by_rule[d.code] += 1
    if not taken:
        return result
    pieces, pos = [], 0
    for start, end, new in sorted(taken):
        pieces.append(text[pos:start])
        pieces.append(new)
        pos = end
    pieces.append(text[pos:])
    result.text = "".join(pieces)
    return result


@dataclass
class FixOutcome:
    """What fixing one file did: the new bytes, findings fixed, findings left (re-checked)."""

    original: bytes
    data: bytes
    fixed: int
    by_rule: Counter
    diagnostics: list
    iterations: int = 0
    converged: bool = True

    @property
    def changed(self) -> bool:
        return self.data != self.original


def fix_bytes(data: bytes, check: Callable[[bytes], list], unsafe: bool = False,
              diagnostics: list | None = None) -> FixOutcome:
    """Fix, re-check, fix again until nothing applies (at most ``MAX_ITERATIONS`` passes).

    ``check(bytes)`` returns the diagnostics of that content; ``diagnostics`` are those of
    ``data`` when the caller has them already. The remaining diagnostics are the last check's.
    """
    if diagnostics is None:
        diagnostics = check(data)
    outcome = FixOutcome(data, data, 0, Counter(), list(diagnostics))
    if not any(wanted(d, unsafe) for d in diagnostics):
        return outcome
    found = layout(data)
    if found is None:
        return outcome
    body, form = found
    for _ in range(MAX_ITERATIONS):
        step = apply_fixes(body, outcome.diagnostics, unsafe, form.newline)
        if step.text == body:
            return outcome
        body = step.text
        outcome.data = form.encode(body)
        outcome.fixed += step.fixed
        outcome.by_rule.update(step.by_rule)
        outcome.iterations += 1
        outcome.diagnostics = list(check(outcome.data))
        if not any(wanted(d, unsafe) for d in outcome.diagnostics):
            return outcome
    outcome.converged = False
    return outcome


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """A unified diff of two versions of a file (line endings shown as LF), as ``--diff`` prints it."""
    old, new = layout(before), layout(after)
    a = _split(old[0] if old else decode(before)[0])
    b = _split(new[0] if new else decode(after)[0])
    lines = difflib.unified_diff(a, b, fromfile=path, tofile=path, lineterm="")
    return "".join(line + "\n" for line in lines)


def _split(text: str) -> list[str]:
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def fixable_counts(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(findings with a safe fix, findings whose fix is unsafe)."""
    safe = unsafe = 0
    for d in diagnostics:
        if d.fix is None or not d.fix.edits:
            continue
        if d.fix.safe:
            safe += 1
        else:
            unsafe += 1
    return safe, unsafe


__all__ = ["MAX_ITERATIONS", "FixOutcome", "FixPass", "Layout", "apply_fixes", "fix_bytes", "fixable_counts",
           "layout", "unified_diff", "wanted"]

"""Line-content identities of findings, shared by SARIF, GitLab and the baseline.

A finding is identified by rule code + normalised text of its line + the index of
its occurrence among findings with the same code and text in the file, never by its
line number, so that edits elsewhere in the file leave the identity unchanged.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

from ..engine.diagnostic import Diagnostic


def normalise(text: str) -> str:
    """Whitespace-insensitive line text: runs of blanks collapse, ends are trimmed."""
    return " ".join(text.split())


def line_text(lines: Sequence[str] | None, line: int) -> str:
    if lines is None or not 1 <= line <= len(lines):
        return ""
    return normalise(lines[line - 1])


def text_hash(code: str, text: str) -> str:
    return hashlib.sha256(f"{code}\0{text}".encode("utf-8")).hexdigest()[:16]


def identities(diagnostics: Sequence[Diagnostic], lines) -> list[tuple[str, str, int]]:
    """``(code, text_hash, occurrence)`` for each diagnostic, in the order given."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.code, text_hash(d.code, line_text(lines, d.span.line)))
        index = seen.get(key, 0)
        seen[key] = index + 1
        out.append((key[0], key[1], index))
    order = {id(d): i for i, d in enumerate(sorted(diagnostics, key=Diagnostic.sort_key))}
    return [out[order[id(d)]] for d in diagnostics]

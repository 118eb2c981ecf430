"""What the language server (``validator.server``) needs that does not depend on pygls:
positions, rule documentation as Markdown, which files to lint, and which fixes go together.

Positions. The engine reports 1-based lines and columns on *physical* lines (split at
``\\r\\n``, ``\\r`` or ``\\n``, as LSP splits lines), columns counted in code points, end
exclusive. LSP positions are 0-based and count columns in the negotiated position encoding
(UTF-16 code units unless the client offers UTF-8 or UTF-32), end exclusive too. So
``Span(l, c, el, ec)`` becomes ``(l-1, units(c-1)) .. (el-1, units(ec-1))``. A column past the
end of its line is clamped to the end of that line, and a line past the end of the document
to the end of the document, which is what LSP says a client does with such positions anyway.

Nothing here imports pygls or lsprotocol: it is unit-tested on its own and keeps the cost
of ``import validator.lsp_mapping`` to the standard library.
"""

from __future__ import annotations

import os
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


def units(text: str, encoding: str = UTF16) -> int:
    """Length of ``text`` in the code units of a position encoding."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", errors="surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """The lines of one version of a document, for mapping engine spans to LSP positions.

    The engine drops a leading byte-order mark before counting columns; an editor keeps
    it in the text if it sent one, so columns on the first line are shifted back by it.
    """

    def __init__(self, text: str, encoding: str = UTF16):
        self.encoding = encoding
        self.bom = text.startswith(BOM)
        self.lines = _LINE_BREAK.split(text[1:] if self.bom else text)

    def position(self, line: int, column: int) -> tuple[int, int]:
        """0-based LSP (line, character) of a 1-based engine (line, column)."""
        index = line - 1
        if index < 0:
            return 0, 0
        if index >= len(self.lines):  # past the end: the end of the document
            index = len(self.lines) - 1
            column = len(self.lines[index]) + 1
        text = self.lines[index]
        chars = min(max(column - 1, 0), len(text))
        offset = units(BOM, self.encoding) if self.bom and index == 0 else 0
        return index, offset + units(text[:chars], self.encoding)

    def range(self, span) -> tuple[tuple[int, int], tuple[int, int]]:
        """0-based LSP (start, end) of an engine ``Span`` (both end exclusive); never reversed."""
        start = self.position(span.line, span.column)
        end = self.position(span.end_line, span.end_column)
        return start, max(start, end)


# --- which files the server lints -------------------------------------------------------------


def skip_reason(path: str, settings) -> str | None:
    """Why an opened file is not linted, or None to lint it.

    As ``ruff server`` does, and as ``cablelint check --force-exclude`` does for files named on
    the command line: a file (or a directory above it) matching ``exclude`` is not linted, and
    neither is a file that does not match ``include``. The editor's language id plays no part.
    """
    from .pathmatch import any_match, excluded_with_parents

    absolute = os.path.abspath(path)
    where = settings.source or "the default configuration"
    if excluded_with_parents(settings.exclude, absolute, settings.root):
        return f"excluded by 'exclude' in {where}"
    if not any_match(settings.include, absolute):
        return f"does not match 'include' in {where}"
    return None


# --- rule documentation -----------------------------------------------------------------------

_EXAMPLE_HEAD = re.compile(r".*:\s*$")
_DOUBLE_BACKTICKS = re.compile(r"``(.+?)``")


def rst_to_markdown(text: str) -> str:
    """The rule docstrings are light reST: ````code```` and indented literal blocks after a
    line ending in ``:``. Turn those into Markdown (inline code and fenced blocks)."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(_DOUBLE_BACKTICKS.sub(r"`\1`", line))
        i += 1
        if _EXAMPLE_HEAD.match(line) and i < len(lines) and lines[i].startswith(("    ", "\t")):
            block = []
            while i < len(lines) and (lines[i].startswith(("    ", "\t")) or not lines[i].strip()):
                block.append(lines[i][4:] if lines[i].startswith("    ") else lines[i].lstrip("\t"))
                i += 1
            while block and not block[-1].strip():
                block.pop()
            out += ["```text", *block, "```"]
            if i < len(lines):
                out.append("")
    return "\n".join(out)


def rule_markdown(cls) -> str:
    """The documentation of a rule class as Markdown (hover text and generated doc files)."""
    head = f"### {cls.code} `{cls.name}`\n\n"
    meta = f"Default severity: **{cls.severity}**"
    if not cls.default_enabled:
        meta += " (off by default)"
    body = rst_to_markdown(cls.doc())
    source = f"\n\nSource: {cls.source}" if cls.source else ""
    return f"{head}{cls.summary}\n\n{meta}\n\n{body}{source}".rstrip() + "\n"


# --- fixes ------------------------------------------------------------------------------------


def _bounds(edit) -> tuple[tuple[int, int], tuple[int, int]]:
    s = edit.span
    start, end = (s.line, s.column), (s.end_line, s.end_column)
    return start, max(start, end)


def _conflict(a, b) -> bool:
    (a0, a1), (b0, b1) = a, b
    if a0 == a1 or b0 == b1:  # an insertion conflicts with anything at or around its point
        return max(a0, b0) <= min(a1, b1)
    return max(a0, b0) < min(a1, b1)


def non_overlapping(fixes) -> list:
    """Fixes in document order whose edits touch no edit of an earlier fix (fix-all applies
    these in one pass; the rest wait for the next lint). Fixes are ``Fix`` objects or any
    object with ``edits``."""
    chosen, taken = [], []
    ordered = sorted((f for f in fixes if f.edits), key=lambda f: min(_bounds(e)[0] for e in f.edits))
    for fix in ordered:
        bounds = [_bounds(e) for e in fix.edits]
        if any(_conflict(b, t) for b in bounds for t in taken):
            continue
        chosen.append(fix)
        taken.extend(bounds)
    return chosen

"""Glob patterns for include / exclude / per-file-ignores, resolved against a config's directory.

A pattern without ``/`` matches a file or directory name at any depth (``*.txt``,
``drafts``); a pattern with ``/`` is anchored at the directory of the configuration
file that declared it (``archive/1990/*.txt``, ``**/old/*``). ``*`` and ``?`` stay inside
one path segment, ``**`` crosses segments.
"""

from __future__ import annotations

import functools
import os
import re


@functools.lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern:
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "]") else i + 1)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out) + r"\Z")


def is_valid(pattern: str) -> bool:
    try:
        _compile(pattern)
    except re.error:
        return False
    return bool(pattern.strip())


class Pattern:
    """One glob bound to the directory it is relative to."""

    def __init__(self, pattern: str, root: str):
        self.text = pattern
        self.anchored = "/" in pattern.rstrip("/")
        body = pattern.rstrip("/")
        if self.anchored:
            if os.path.isabs(body):
                try:
                    body = os.path.relpath(body, root)
                except ValueError:
                    pass
            body = body.replace(os.sep, "/")
            while body.startswith("./"):
                body = body[2:]
        self.regex = _compile(body)
        self.root = root

    def matches(self, path: str, name: str | None = None) -> bool:
        """``path`` is absolute; a name pattern tests its last segment (``name`` when the caller has
        it: a directory entry's name, so that a walk does not cut every path once per pattern)."""
        if not self.anchored:
            return bool(self.regex.match(os.path.basename(path) if name is None else name))
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return False
        return bool(self.regex.match(rel))


def any_match(patterns, path: str, name: str | None = None) -> bool:
    """Whether any of ``patterns`` matches ``path``; ``name``: its last segment, when known."""
    for pattern in patterns:
        if pattern.matches(path, name):
            return True
    return False


def excluded_with_parents(patterns, path: str, stop: str) -> bool:
    """True when ``path`` or a directory between it and ``stop`` matches (for explicit files)."""
    current = path
    while True:
        if any_match(patterns, current):
            return True
        parent = os.path.dirname(current)
        if parent == current or current == stop or not parent.startswith(stop):
            return False
        current = parent

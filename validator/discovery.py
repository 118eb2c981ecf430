"""Find the files to check: explicit files as given, directories recursively (``*.txt``).

The walk is iterative (no recursion limit on deep trees), visits each directory once
(symlink loops end), and keeps going past unreadable directories. Matching entries that
cannot be stat'ed (dangling symlinks, symlink loops) are still yielded, so that the
checker reports them as I/O errors instead of dropping them silently. Every path named
on the command line is validated before the first file is yielded, so a typo is a
usage error, not a half-finished run.
"""

from __future__ import annotations

import fnmatch
import os
from typing import Iterator

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules"}


class PathError(Exception):
    """A path given on the command line does not exist or cannot be listed."""


def iter_files(paths, include=("*.txt",)) -> Iterator[str]:
    """Yield files in a stable (sorted) order; raise PathError up front for a missing path."""
    paths = list(paths)
    for path in paths:
        if path != "-" and not os.path.lexists(path):
            raise PathError(f"{path}: no such file or directory")
    return _iter(paths, include)


def _iter(paths, include) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if path == "-" or not _is_dir(path):
            yield path  # regular file, FIFO, dangling link: the checker reports what it is
            continue
        yield from _walk(path, include, seen)


def _is_dir(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except (OSError, ValueError):
        return False


def _walk(root: str, include, seen) -> Iterator[str]:
    """Depth-first, entries in name order, with an explicit stack of directory listings."""
    stack = [iter(_listing(root, seen))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in SKIP_DIRS:
                stack.append(iter(_listing(entry.path, seen)))
        elif any(fnmatch.fnmatch(entry.name, pat) for pat in include):
            yield entry.path


def _listing(directory: str, seen) -> list:
    """Sorted entries of a directory not visited before (empty when unreadable or seen)."""
    try:
        st = os.stat(directory)
    except OSError:
        return []
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return []  # a symlink loop or a directory reached twice
    seen.add(key)
    try:
        with os.scandir(directory) as scan:
            return sorted(scan, key=lambda e: e.name)
    except OSError:
        return []

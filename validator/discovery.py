"""Find the files to check: explicit files as given, directories recursively (``*.txt``)."""

from __future__ import annotations

import fnmatch
import os
from typing import Iterator

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules"}


class PathError(Exception):
    """A path given on the command line does not exist or cannot be listed."""


def iter_files(paths, include=("*.txt",)) -> Iterator[str]:
    """Yield files in a stable (sorted) order; symlink loops and unreadable dirs are skipped."""
    for path in paths:
        if os.path.isfile(path) or path == "-":
            yield path
            continue
        if not os.path.exists(path):
            raise PathError(f"{path}: no such file or directory")
        seen: set[tuple[int, int]] = set()
        yield from _walk(path, include, seen)


def _walk(root: str, include, seen) -> Iterator[str]:
    try:
        st = os.stat(root)
    except OSError:
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir():
                if entry.name not in SKIP_DIRS:
                    yield from _walk(entry.path, include, seen)
            elif entry.is_file() and any(fnmatch.fnmatch(entry.name, pat) for pat in include):
                yield entry.path
        except OSError:
            continue

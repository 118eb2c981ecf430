"""Find the files to check: explicit files as given, directories recursively (``*.txt``)."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
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


# --- discovery driven by configuration (``cablelint check``) ----------------------------------


@dataclass(frozen=True)
class Target:
    """One thing to check: a file path, or stdin (``path`` is then ``-`` or --stdin-filename)."""

    path: str
    settings: object  # config.Settings that apply to it
    stdin: bool = False


def display_path(path: str) -> str:
    """Paths as ruff shows them: relative to the working directory when below it."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.getcwd())
    return path if rel.startswith(os.pardir) else rel


def collect(paths, resolver, force_exclude: bool = False, stdin_filename: str | None = None) -> Iterator[Target]:
    """Targets in a stable order, each file once.

    Directories are walked recursively: files must match ``include`` and neither they nor
    a directory above them may match ``exclude`` or be ignored by git. Files named
    explicitly are always checked, unless ``--force-exclude`` (or ``force-exclude = true``)
    is on: then ``exclude`` applies to them, and so does ``include``, because pre-commit
    hands every text file of a commit to the hook.
    """
    from .gitignore import GitIgnored
    from .pathmatch import any_match, excluded_with_parents

    seen: set[str] = set()
    for path in paths:
        if path == "-":
            settings = resolver.for_path(stdin_filename) if stdin_filename else resolver.for_directory(".")
            if stdin_filename and (force_exclude or settings.force_exclude):
                absolute = os.path.abspath(stdin_filename)
                if (excluded_with_parents(settings.exclude, absolute, settings.root)
                        or not any_match(settings.include, absolute)):
                    continue
            yield Target(stdin_filename or "-", settings, stdin=True)
            continue
        if os.path.isfile(path):
            absolute = os.path.abspath(path)
            settings = resolver.for_path(absolute)
            if force_exclude or settings.force_exclude:
                if (excluded_with_parents(settings.exclude, absolute, settings.root)
                        or not any_match(settings.include, absolute)):
                    continue
            if absolute not in seen:
                seen.add(absolute)
                yield Target(display_path(path), settings)
            continue
        if not os.path.isdir(path):
            raise PathError(f"{path}: no such file or directory")
        absolute = os.path.abspath(path)
        top = resolver.for_directory(absolute)
        if (force_exclude or top.force_exclude) and excluded_with_parents(top.exclude, absolute, top.root):
            continue
        ignored = GitIgnored(absolute)
        for found, settings in _walk_configured(absolute, resolver, ignored, set()):
            if found not in seen:
                seen.add(found)
                rel = os.path.relpath(found, absolute)
                yield Target(display_path(os.path.join(path, rel)), settings)


def _walk_configured(root: str, resolver, ignored, visited) -> Iterator[tuple[str, object]]:
    from .pathmatch import any_match

    try:
        st = os.stat(root)
    except OSError:
        return
    key = (st.st_dev, st.st_ino)
    if key in visited:
        return
    visited.add(key)
    settings = resolver.for_directory(root)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            is_dir = entry.is_dir()
            if not is_dir and not entry.is_file():
                continue
        except OSError:
            continue
        if entry.name == ".git" or any_match(settings.exclude, entry.path):
            continue
        if settings.respect_gitignore and ignored.ignored(entry.path):
            continue
        if is_dir:
            yield from _walk_configured(entry.path, resolver, ignored, visited)
        elif any_match(settings.include, entry.path):
            yield entry.path, settings

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
from .records import frozen_delattr, frozen_setattr
TYPE_CHECKING = False  # typing costs ~3 ms of a one-file check; annotations only
if TYPE_CHECKING:
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


# --- discovery driven by configuration (``cablelint check``) ----------------------------------


class Target:
    """One thing to check: a file path, or stdin (``path`` is then ``-`` or --stdin-filename)."""

    path: str
    settings: object  # config.Settings that apply to it
    stdin: bool = False

    __match_args__ = ('path', 'settings', 'stdin')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, path, settings, stdin=False):
        d = self.__dict__
        d['path'] = path
        d['settings'] = settings
        d['stdin'] = stdin

    def __repr__(self):
        return f"{self.__class__.__qualname__}(path={self.path!r}, settings={self.settings!r}, stdin={self.stdin!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.path, self.settings, self.stdin) == (other.path, other.settings, other.stdin)
        return NotImplemented

    def __hash__(self):
        return hash((self.path, self.settings, self.stdin))


def display_path(path: str) -> str:
    """Paths as ruff shows them: relative to the working directory when below it."""
    cwd = os.getcwd()
    absolute = os.path.normpath(os.path.join(cwd, path))  # os.path.abspath, with the one getcwd
    below = cwd if cwd.endswith(os.sep) else cwd + os.sep
    if os.name == "posix" and not absolute.startswith("//") and not cwd.startswith("//"):
        # relpath's answer, lexically as relpath (both paths are normalised), at a tenth of its cost: the
        # directory itself is "."; a path below it is the rest; any other starts with "..". Not with two
        # leading slashes (POSIX keeps them, relpath does not) nor where abspath does more (Windows).
        if absolute == cwd or absolute == below:
            rel = os.curdir
        elif absolute.startswith(below):
            rel = absolute[len(below):]
        else:
            return path  # not below the working directory
    else:
        rel = os.path.relpath(absolute, cwd)
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

    paths = list(paths)
    for path in paths:  # a typo is a usage error before the first file, not halfway through
        if path != "-" and not os.path.lexists(path):
            raise PathError(f"{path}: no such file or directory")
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
            if not os.path.lexists(path):
                raise PathError(f"{path}: no such file or directory")
            # A FIFO, a dangling link or a symlink loop: the checker says what it is.
            settings = resolver.for_path(os.path.abspath(path))
            yield Target(display_path(path), settings)
            continue
        absolute = os.path.abspath(path)
        top = resolver.for_directory(absolute)
        if (force_exclude or top.force_exclude) and excluded_with_parents(top.exclude, absolute, top.root):
            continue
        ignored = GitIgnored(absolute)
        below = absolute if absolute.endswith(os.sep) else absolute + os.sep  # the walk's paths start so
        for found, settings in _walk_configured(absolute, resolver, ignored, set()):
            if found not in seen:
                seen.add(found)
                rel = found[len(below):] if found.startswith(below) else os.path.relpath(found, absolute)
                yield Target(display_path(os.path.join(path, rel)), settings)


def _walk_configured(root: str, resolver, ignored, visited) -> Iterator[tuple[str, object]]:
    """Depth-first in name order with an explicit stack (no recursion limit on deep trees).

    Each directory is listed once (symlink loops end). An entry that is neither a
    directory nor a regular file (dangling link, link loop, FIFO) is still yielded when
    its name matches ``include``, so that the checker reports it instead of dropping it.
    """
    from .pathmatch import any_match

    stack = [_configured_listing(root, resolver, visited)]
    while stack:
        settings, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if entry.name == ".git" or any_match(settings.exclude, entry.path, entry.name):
            continue
        if settings.respect_gitignore and ignored.ignored(entry.path):
            continue
        if is_dir:
            stack.append(_configured_listing(entry.path, resolver, visited))
        elif any_match(settings.include, entry.path, entry.name):
            yield entry.path, settings


def _configured_listing(directory: str, resolver, visited):
    """(settings, iterator over sorted entries); empty when unreadable or already visited."""
    try:
        st = os.stat(directory)
    except OSError:
        return None, iter(())
    key = (st.st_dev, st.st_ino)
    if key in visited:
        return None, iter(())  # a symlink loop or a directory reached twice
    visited.add(key)
    settings = resolver.for_directory(directory)
    try:
        with os.scandir(directory) as scan:
            return settings, iter(sorted(scan, key=lambda e: e.name))
    except OSError:
        return settings, iter(())

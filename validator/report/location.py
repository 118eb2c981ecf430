"""Paths as CI systems want them: relative to the repository root, with ``/`` separators.

The root is, in order: ``CI_PROJECT_DIR`` (GitLab), ``GITHUB_WORKSPACE`` (GitHub
Actions), the git top level of the working directory, the working directory.
"""

from __future__ import annotations

import functools
import os
import subprocess
from urllib.parse import quote


@functools.lru_cache(maxsize=None)
def _git_toplevel(cwd: str) -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def project_root() -> str:
    for var in ("CI_PROJECT_DIR", "GITHUB_WORKSPACE"):
        value = os.environ.get(var)
        if value and os.path.isdir(value):
            return os.path.realpath(value)
    cwd = os.getcwd()
    return os.path.realpath(_git_toplevel(cwd) or cwd)


def relative_path(path: str, root: str) -> str:
    """``path`` relative to ``root`` in POSIX form; absolute when outside the root (or stdin)."""
    if path == "-":
        return path
    absolute = os.path.realpath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return absolute.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def artifact_uri(path: str, root: str) -> tuple[str, bool]:
    """A percent-encoded URI and whether it is relative to the root (``%SRCROOT%``)."""
    rel = relative_path(path, root)
    if rel.startswith("/"):
        return "file://" + quote(rel, safe="/"), False
    return quote(rel, safe="/"), True

"""Which files git ignores, asked of git itself.

Why git and not a gitignore-pattern library: ``git ls-files --others --ignored
--exclude-standard --directory`` applies exactly git's rules (nested .gitignore files,
negations, ``.git/info/exclude``, ``core.excludesFile``) at the cost of one subprocess
per walked directory tree, with no new dependency. Like git (and ruff), ignore files
only count inside a git work tree, and tracked files are never ignored. Without git,
nothing is ignored.
"""

from __future__ import annotations

import os


class GitIgnored:
    """Ignored paths below one walk root (absolute paths; directories end without ``/``)."""

    def __init__(self, root: str):
        import subprocess  # only when a directory is walked: not on a one-file check's import path

        self.root = os.path.abspath(root)
        self.paths: set[str] = set()
        try:
            out = subprocess.run(
                ["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", "--", "."],
                cwd=self.root, capture_output=True, timeout=300,
            )
        except (OSError, subprocess.SubprocessError):
            return
        if out.returncode != 0:
            return  # not a work tree, or git missing
        for raw in out.stdout.split(b"\0"):
            rel = os.fsdecode(raw).rstrip("/")
            if rel and rel != ".":
                self.paths.add(os.path.normpath(os.path.join(self.root, rel)))

    def ignored(self, path: str) -> bool:
        """``path`` (absolute) or a directory above it, below the root, is ignored."""
        current = os.path.normpath(path)
        while current.startswith(self.root) and current != self.root:
            if current in self.paths:
                return True
            current = os.path.dirname(current)
        return False

"""Whether to colour human output: ``--color``, then ``FORCE_COLOR``, then ``NO_COLOR``, then the tty."""

from __future__ import annotations

import os


def use_color(choice: str, stream, environ=None) -> bool:
    env = os.environ if environ is None else environ
    if choice == "always":
        return True
    if choice == "never":
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty()) and env.get("TERM") != "dumb"
    except (OSError, ValueError):
        return False

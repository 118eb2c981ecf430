"""Module-level regular expressions, compiled once, on first use.

A one-file check imports some 150 patterns, many for rare shapes of text; compiling only
those a run touches keeps the start-up short. Nothing is cached on disk and no private
interface of ``re`` is used: the pattern is always ``re.compile(pattern, flags)``.
"""

from __future__ import annotations

import re

# The attributes of a compiled pattern that are bound on first use, so that later look-ups
# find them on the object itself and never go through ``__getattr__`` again.
_BOUND = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
          "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """Behaves as the ``re.Pattern`` of ``(pattern, flags)``, compiled at the first attribute use."""

    def __init__(self, pattern: str, flags: int = 0):
        self.__dict__["_args"] = (pattern, flags)

    @property
    def compiled(self) -> re.Pattern:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(*self._args)
            for name in _BOUND:
                self.__dict__[name] = getattr(compiled, name)
        return compiled

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"lazy {self._args[0]!r}"


def compile(pattern: str, flags: int = 0) -> LazyPattern:  # noqa: A001 - mirrors re.compile
    return LazyPattern(pattern, flags)

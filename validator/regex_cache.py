"""``re.compile`` with the compiled programs cached on disk across processes.

A one-file pre-commit check compiles some 150 module-level patterns; parsing them
costs more start-up time than checking the cable. The programs the regex compiler
produces are kept (like the grammar's, see parse_tables.py) in the user cache
directory, keyed by the interpreter's regex engine, and reused by ``_sre.compile``.
Any problem (no cache, another interpreter, read-only directory) falls back to a
plain ``re.compile``: the cache only ever saves time.
"""

from __future__ import annotations

import os
import re

_FILE = "regex-programs.marshal"
_programs: dict | None = None
_new: dict = {}


def _path() -> str:
    from .parse_tables import cache_dir

    return os.path.join(cache_dir(), _FILE)


def _load() -> dict:
    global _programs
    if _programs is None:
        _programs = {}
        try:
            import marshal

            from .parse_tables import sre_stamp

            with open(_path(), "rb") as handle:
                data = marshal.load(handle)
            if isinstance(data, dict) and data.get("stamp") == sre_stamp():
                _programs = data["programs"]
        except Exception:  # missing, corrupt or foreign cache: compile normally
            _programs = {}
    return _programs


def _program(pattern: str, flags: int):
    """The compiler's program for a pattern, in the form ``_sre.compile`` takes."""
    try:
        from re import _compiler, _parser  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as _compiler  # type: ignore[no-redef]
        import sre_parse as _parser  # type: ignore[no-redef]
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
    indexgroup = [None] * parsed.state.groups
    for group, index in groupindex.items():
        indexgroup[index] = group
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    key = (pattern, int(flags))
    program = _load().get(key)
    if program is not None:
        try:
            import _sre

            p_flags, code, groups, groupindex, indexgroup = program
            compiled = _sre.compile(pattern, p_flags, code, groups, groupindex, tuple(indexgroup))
            if compiled.pattern == pattern:
                return compiled
        except Exception:
            pass
    compiled = re.compile(pattern, flags)
    if isinstance(pattern, str):
        try:
            if not _new:
                import atexit

                atexit.register(save)
            _new[key] = _program(pattern, int(flags))
        except Exception:  # an interpreter whose re internals differ
            pass
    return compiled


def save() -> None:
    """Write the programs compiled in this process (atomically; errors are ignored)."""
    if not _new:
        return
    try:
        import marshal
        import tempfile

        from .parse_tables import sre_stamp

        programs = dict(_load())
        programs.update(_new)
        _new.clear()
        path = _path()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".regex-")
        with os.fdopen(fd, "wb") as handle:
            marshal.dump({"stamp": sre_stamp(), "programs": programs}, handle)
        os.replace(tmp, path)
    except Exception:
        pass

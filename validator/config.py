"""Configuration: ``[tool.cablelint]`` in pyproject.toml, or ``cablelint.toml`` / ``.cablelint.toml``.

As in ruff, the configuration file closest to a checked path wins (no merging);
within one directory ``.cablelint.toml`` beats ``cablelint.toml`` beats
``pyproject.toml``, and a pyproject.toml without ``[tool.cablelint]`` is passed over.
Relative patterns are resolved against the directory of the file that declares them
(against the working directory for ``--config PATH``). Every key is validated: an
unknown key or a bad value is a ``ConfigError`` naming the key and the file.
"""

from __future__ import annotations

import os
import sys

from .records import _FACTORY, frozen_delattr, frozen_setattr, replace
from .engine.diagnostic import Severity
from .pathmatch import Pattern, is_valid


CONFIG_NAMES = (".cablelint.toml", "cablelint.toml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.txt",)
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".tox", ".nox",
                   ".cablelint_cache")
SEVERITIES = ("error", "warning", "info")
OUTPUT_FORMATS = ("full", "concise", "json", "sarif", "github", "gitlab", "junit")


class ConfigError(Exception):
    """A configuration file cannot be read or holds an unknown key or a bad value."""


class Settings:
    root: str  # directory relative patterns are resolved against
    source: str | None = None  # the file these settings came from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[Pattern, tuple[str, ...]], ...] = ()
    include: tuple[Pattern, ...] = ()
    exclude: tuple[Pattern, ...] = ()
    fail_level: Severity | None = None
    show_level: Severity | None = None
    severity: dict  # code -> Severity (default: a new dict)
    respect_gitignore: bool = True
    force_exclude: bool = False
    output_format: str | None = None
    declass_horizon_days: int | None = None
    cache_dir: str | None = None  # result cache directory, relative to root (validator.result_cache)
    # Where each configured key was set: config key -> "file:line" (``--show-settings``).
    origins: dict  # default: a new dict

    @classmethod
    def default(cls, root: str) -> "Settings":
        return cls(root=root, include=_patterns(DEFAULT_INCLUDE, root), exclude=_patterns(DEFAULT_EXCLUDE, root))

    def rule_options(self) -> dict:
        """Options every rule receives (``Rule.options``); keys are the config keys."""
        options = {}
        if self.declass_horizon_days is not None:
            options["declass-horizon-days"] = self.declass_horizon_days
        return options

    __match_args__ = ('root', 'source', 'select', 'ignore', 'extend_select', 'per_file_ignores', 'include', 'exclude', 'fail_level', 'show_level', 'severity', 'respect_gitignore', 'force_exclude', 'output_format', 'declass_horizon_days', 'cache_dir', 'origins')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, root, source=None, select=None, ignore=(), extend_select=(), per_file_ignores=(), include=(), exclude=(), fail_level=None, show_level=None, severity=_FACTORY, respect_gitignore=True, force_exclude=False, output_format=None, declass_horizon_days=None, cache_dir=None, origins=_FACTORY):
        d = self.__dict__
        d['root'] = root
        d['source'] = source
        d['select'] = select
        d['ignore'] = ignore
        d['extend_select'] = extend_select
        d['per_file_ignores'] = per_file_ignores
        d['include'] = include
        d['exclude'] = exclude
        d['fail_level'] = fail_level
        d['show_level'] = show_level
        d['severity'] = {} if severity is _FACTORY else severity
        d['respect_gitignore'] = respect_gitignore
        d['force_exclude'] = force_exclude
        d['output_format'] = output_format
        d['declass_horizon_days'] = declass_horizon_days
        d['cache_dir'] = cache_dir
        d['origins'] = {} if origins is _FACTORY else origins

    def __repr__(self):
        return f"{self.__class__.__qualname__}(root={self.root!r}, source={self.source!r}, select={self.select!r}, ignore={self.ignore!r}, extend_select={self.extend_select!r}, per_file_ignores={self.per_file_ignores!r}, include={self.include!r}, exclude={self.exclude!r}, fail_level={self.fail_level!r}, show_level={self.show_level!r}, severity={self.severity!r}, respect_gitignore={self.respect_gitignore!r}, force_exclude={self.force_exclude!r}, output_format={self.output_format!r}, declass_horizon_days={self.declass_horizon_days!r}, cache_dir={self.cache_dir!r}, origins={self.origins!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.root, self.source, self.select, self.ignore, self.extend_select, self.per_file_ignores, self.include, self.exclude, self.fail_level, self.show_level, self.severity, self.respect_gitignore, self.force_exclude, self.output_format, self.declass_horizon_days, self.cache_dir, self.origins) == (other.root, other.source, other.select, other.ignore, other.extend_select, other.per_file_ignores, other.include, other.exclude, other.fail_level, other.show_level, other.severity, other.respect_gitignore, other.force_exclude, other.output_format, other.declass_horizon_days, other.cache_dir, other.origins)
        return NotImplemented

    def __hash__(self):
        return hash((self.root, self.source, self.select, self.ignore, self.extend_select, self.per_file_ignores, self.include, self.exclude, self.fail_level, self.show_level, self.severity, self.respect_gitignore, self.force_exclude, self.output_format, self.declass_horizon_days, self.cache_dir, self.origins))


def _patterns(globs, root) -> tuple[Pattern, ...]:
    return tuple(Pattern(g, root) for g in globs)


# --- reading and validating -------------------------------------------------------------------


def _tomllib():
    """The TOML reader, imported only when a configuration file is read (it costs ~4 ms of start-up)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


def read_toml(path: str) -> dict:
    return _parse_toml(path, _read_bytes(path))


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None


def _parse_toml(path: str, data: bytes) -> dict:
    import io

    tomllib = _tomllib()
    try:
        return tomllib.load(io.BytesIO(data))  # exactly as tomllib reads the file itself
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


# A pyproject.toml without [tool.cablelint] (a Python project's own) is read by every run that walks
# through its directory, and parsing it costs tomllib and typing (~4.5 ms of a one-file check).
# Once one was parsed and found to be valid TOML with no cablelint table and no table named
# close to it (nothing to warn about), its exact bytes are written to the cache directory;
# a later run that reads the very same bytes (compared in full, not by a hash), under the same
# Python and the same build of this module, knows the answer without parsing. Any other file
# is parsed as before; the record can only save time, never change a result.
_PLAIN_FORMAT = 1


def _plain_header() -> bytes | None:
    """What a record starts with; None (no records) when this module's file cannot be told apart."""
    try:
        own = os.stat(__file__)
        build = f"{own.st_size}-{own.st_mtime_ns}"
    except (OSError, TypeError):
        return None
    return (f"cablelint plain pyproject f{_PLAIN_FORMAT} {sys.implementation.cache_tag} {sys.version} "
            f"{build}\n").encode("utf-8", "backslashreplace")


def _plain_record(path: str) -> str:
    import zlib

    from .parse_tables import cache_dir

    return os.path.join(cache_dir(), "pyproject", f"{zlib.crc32(os.fsencode(path)):08x}.toml")


def _known_plain(record: str, expected: bytes) -> bool:
    try:
        with open(record, "rb") as handle:
            return handle.read(len(expected) + 1) == expected
    except (OSError, ValueError):
        return False


def _remember_plain(record: str, content: bytes) -> None:
    from .parse_tables import write_cache_file

    write_cache_file(record, content)  # a read-only or missing cache directory: the next run parses again


def _nothing_to_warn(data: dict) -> bool:
    tool = data.get("tool")
    return not isinstance(tool, dict) or not any(name != "cablelint" and _may_match(name, "cablelint", 0.75)
                                                 for name in tool)


def pyproject_has_table(path: str) -> bool:
    """Whether a pyproject.toml has [tool.cablelint] (as ``table_of(path, read_toml(path)) is not None``,
    with the same errors and warnings), without parsing a file recorded as having none."""
    data = _read_bytes(path)
    header = _plain_header()
    record = _plain_record(os.path.abspath(path))
    expected = None if header is None else header + data
    if expected is not None and _known_plain(record, expected):
        return False
    parsed = _parse_toml(path, data)
    if table_of(path, parsed) is not None:
        return True
    if expected is not None and _nothing_to_warn(parsed):
        _remember_plain(record, expected)
    return False


KNOWN_KEYS = ("select", "ignore", "extend-select", "per-file-ignores", "include", "exclude", "extend-exclude",
              "fail-level", "show-level", "severity", "respect-gitignore", "force-exclude", "output-format",
              "declass-horizon-days", "cache-dir")
_WARNED: set = set()


def did_you_mean(word: str, candidates) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or nothing."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def suggest_selector(selector: str, catalog) -> str:
    """A hint for an unknown rule selector: the code of a rule named so, or the closest code."""
    for cls in catalog:
        if cls.name.lower() == selector.lower():
            return f" (did you mean '{cls.code}', the code of rule {cls.name}?)"
    return did_you_mean(selector.upper(), [cls.code for cls in catalog])


def _close_to_cablelint(name: str) -> bool:
    import difflib

    return bool(difflib.get_close_matches(name, ["cablelint"], n=1, cutoff=0.75))


def _may_match(word: str, target: str, cutoff: float) -> bool:
    """False when difflib's cheap upper bounds (real_quick_ratio, quick_ratio) already rule out
    ``get_close_matches(word, [target], cutoff=cutoff)``: a pyproject.toml's [tool.setuptools]
    then costs no difflib import."""
    from collections import Counter

    length = len(word) + len(target)
    if not length:
        return True
    if 2.0 * min(len(word), len(target)) / length < cutoff:
        return False
    return 2.0 * sum((Counter(word) & Counter(target)).values()) / length >= cutoff


def _warn_misspelled_section(path: str, tool: dict) -> None:
    """A ``[tool.X]`` table named almost like ours is most likely meant for us: say so, once."""
    for name in tool:
        if name != "cablelint" and _may_match(name, "cablelint", 0.75) and _close_to_cablelint(name):
            if (path, name) not in _WARNED:
                _WARNED.add((path, name))
                line = key_line(path, f"tool.{name}")
                at = f"{path}:{line}" if line else path
                print(f"cablelint: warning: {at}: [tool.{name}] is not read by cablelint "
                      f"(did you mean [tool.cablelint]?)", file=sys.stderr)


def table_of(path: str, data: dict) -> dict | None:
    """The cablelint table of a parsed file; None for a pyproject.toml without one."""
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        if isinstance(tool, dict) and "cablelint" not in tool:
            _warn_misspelled_section(path, tool)
        if not isinstance(tool, dict) or "cablelint" not in tool:
            return None
        table = tool["cablelint"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.cablelint] must be a table")
        return table
    return data


def load_file(path: str, root: str | None = None, required: bool = True) -> Settings | None:
    """Settings from one file (None when it is a pyproject.toml without [tool.cablelint])."""
    path = os.path.abspath(path)
    table = table_of(path, read_toml(path))
    if table is None:
        if required:
            return parse_table({}, path, root or os.path.dirname(path))
        return None
    return parse_table(table, path, root or os.path.dirname(path))


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


def key_line(path: str, key: str, section: str | None = None, lines: list[str] | None = None) -> int | None:
    """The line of ``path`` where ``key`` is set (``key = ...`` or a ``[....key]`` table),
    searched after the ``section`` header when given; None when it cannot be found.
    ``lines``: the file's lines, when the caller has read them already."""
    import re

    if lines is None:
        lines = _read_lines(path)
    name = re.escape(key)
    assignment = re.compile(rf"""^\s*(?:{name}|"{name}"|'{name}')\s*=""")
    table = re.compile(rf"""^\s*\[\s*(?:[\w.\-"' ]+\.)?(?:{name}|"{name}")\s*\]""")
    start = 0
    if section is not None:
        header = re.compile(rf"^\s*\[\s*{re.escape(section)}\s*\]")
        start = next((i + 1 for i, line in enumerate(lines) if header.match(line)), 0)
    for number in range(start, len(lines)):
        line = lines[number]
        header = line.strip()
        if number > start and section is not None and header.startswith("[") and not table.match(line) \
                and not header.startswith(f"[{section}."):
            break  # another table: the key is not in this one
        if assignment.match(line) or table.match(line):
            return number + 1
    return None


def _table_name(path: str) -> str | None:
    return "tool.cablelint" if os.path.basename(path) == "pyproject.toml" else None


def _where(path: str) -> str:
    return f"[tool.cablelint] in {path}" if os.path.basename(path) == "pyproject.toml" else path


def parse_table(table: dict, path: str, root: str) -> Settings:
    """Validate every key of a cablelint table and build Settings."""
    from .engine.registry import all_rules

    catalog = all_rules()
    codes = [cls.code for cls in catalog]
    where = _where(path)
    section = _table_name(path)

    text: list = []

    def line_of(key: str, section: str | None) -> int | None:
        if not text:
            text.append(_read_lines(path))  # read once, and only when a line is needed
        return key_line(path, key, section, text[0])

    def at(key: str, sub: str | None = None) -> str:
        """Where a key (or a key of a sub-table) is written: the table and the line."""
        line = line_of(sub, f"{section}.{key}" if section else key) if sub else line_of(key, section)
        return f"{where}, line {line}" if line else where

    def bad(key: str, expected: str, value) -> ConfigError:
        top, _, sub = key.partition(".")
        return ConfigError(f"{at(top, sub or None)}: invalid value for '{key}': expected {expected}, got {value!r}")

    def str_list(key: str, value) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(key, "a list of strings", value)
        return tuple(value)

    def selectors(key: str, value) -> tuple[str, ...]:
        out = tuple(v.strip().upper() for v in str_list(key, value))
        for sel in out:
            if not valid_selector(sel, codes):
                top, _, sub = key.partition(".")
                hint = suggest_selector(sel, catalog) or " (see `cablelint rule --all`)"
                raise ConfigError(f"{at(top, sub or None)}: invalid value for '{key}': unknown rule selector "
                                  f"{sel!r}{hint}")
        return out

    def globs(key: str, value) -> tuple[Pattern, ...]:
        items = str_list(key, value)
        for g in items:
            if not is_valid(g):
                raise bad(key, "glob patterns", g)
        return _patterns(items, root)

    def severity(key: str, value) -> Severity:
        if not isinstance(value, str) or value.lower() not in SEVERITIES:
            raise bad(key, " | ".join(SEVERITIES), value)
        return Severity.parse(value)

    settings = Settings.default(root)
    updates: dict = {"source": path}
    extend_exclude: tuple[Pattern, ...] = ()
    for key, value in table.items():
        if key == "select":
            updates["select"] = selectors(key, value)
        elif key == "ignore":
            updates["ignore"] = selectors(key, value)
        elif key == "extend-select":
            updates["extend_select"] = selectors(key, value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise bad(key, "a table of glob = [rule codes]", value)
            entries = []
            for glob, ids in value.items():
                if not is_valid(glob):
                    raise bad(f"{key}.{glob}", "a glob pattern", glob)
                entries.append((Pattern(glob, root), selectors(f"{key}.{glob}", ids)))
            updates["per_file_ignores"] = tuple(entries)
        elif key == "include":
            updates["include"] = globs(key, value)
        elif key == "exclude":
            updates["exclude"] = globs(key, value)
        elif key == "extend-exclude":
            extend_exclude = globs(key, value)
        elif key == "fail-level":
            updates["fail_level"] = severity(key, value)
        elif key == "show-level":
            updates["show_level"] = severity(key, value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise bad(key, "a table of rule code = severity", value)
            overrides = {}
            for code, level in value.items():
                if code.upper() not in codes:
                    raise ConfigError(f"{at(key, code)}: invalid value for 'severity': unknown rule code "
                                      f"{code!r}{suggest_selector(code, catalog)}")
                overrides[code.upper()] = severity(f"{key}.{code}", level)
            updates["severity"] = overrides
        elif key in ("respect-gitignore", "force-exclude"):
            if not isinstance(value, bool):
                raise bad(key, "true or false", value)
            updates[key.replace("-", "_")] = value
        elif key == "output-format":
            if value not in OUTPUT_FORMATS:
                raise bad(key, " | ".join(OUTPUT_FORMATS), value)
            updates["output_format"] = value
        elif key == "declass-horizon-days":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise bad(key, "a non-negative integer (days)", value)
            updates["declass_horizon_days"] = value
        elif key == "cache-dir":
            if not isinstance(value, str) or not value.strip():
                raise bad(key, "a directory path", value)
            updates["cache_dir"] = value
        else:
            raise ConfigError(f"{at(key)}: unknown key '{key}'{did_you_mean(key, KNOWN_KEYS)}")
    origins = {}
    for key, value in table.items():
        line = line_of(key, section)
        origins[key] = f"{path}:{line}" if line else path
        if isinstance(value, dict):  # severity.CODE, per-file-ignores.GLOB
            for sub in value:
                line = line_of(sub, f"{section}.{key}" if section else key)
                origins[f"{key}.{sub}"] = f"{path}:{line}" if line else origins[key]
    updates["origins"] = origins
    settings = replace(settings, **updates)
    if extend_exclude:
        settings = replace(settings, exclude=settings.exclude + extend_exclude)
    return settings


def valid_selector(selector: str, codes) -> bool:
    """``ALL``, a rule code, or a prefix of at least one registered code (as ruff checks selectors)."""
    return selector == "ALL" or any(code.startswith(selector) for code in codes)


# --- discovery --------------------------------------------------------------------------------


def config_in(directory: str) -> str | None:
    """The configuration file of ``directory`` itself, if it has one."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            if name != "pyproject.toml" or pyproject_has_table(candidate):
                return candidate
    return None


def find_config_file(directory: str) -> str | None:
    """The closest configuration file at or above ``directory``."""
    current = os.path.abspath(directory)
    while True:
        found = config_in(current)
        parent = os.path.dirname(current)
        if found is not None or parent == current:
            return found
        current = parent


class Resolver:
    """Settings for any path: ``--isolated`` (defaults), ``--config PATH`` (one file for all),
    or the closest configuration file (cached per directory)."""

    def __init__(self, config: str | None = None, isolated: bool = False, cwd: str | None = None):
        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.fixed: Settings | None = None
        if isolated:
            self.fixed = Settings.default(self.cwd)
        elif config is not None:
            if not os.path.isfile(config):
                raise ConfigError(f"{config}: configuration file not found")
            self.fixed = load_file(config, root=self.cwd, required=True)
        self._by_dir: dict[str, Settings] = {}
        self._by_file: dict[str, Settings] = {}

    def for_directory(self, directory: str) -> Settings:
        if self.fixed is not None:
            return self.fixed
        directory = os.path.abspath(directory)
        cached = self._by_dir.get(directory)
        if cached is None:
            found = config_in(directory)
            if found is not None:
                cached = self._by_file.get(found) or load_file(found)
                self._by_file[found] = cached
            else:
                parent = os.path.dirname(directory)
                cached = Settings.default(self.cwd) if parent == directory else self.for_directory(parent)
            self._by_dir[directory] = cached
        return cached

    def for_path(self, path: str) -> Settings:
        """Settings of a file (its directory's) or of a directory itself."""
        path = os.path.abspath(path)
        return self.for_directory(path if os.path.isdir(path) else os.path.dirname(path))

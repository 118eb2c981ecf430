"""The reporter interface: streaming per file, so memory stays flat on big archives.

``begin()`` once, ``file(path, diagnostics, lines)`` per checked file in output
order (``lines`` are the file's physical lines, for carets and fingerprints: the whole file, or
``checker.FindingLines``, the lines the findings stand on; a reporter reads only those),
``end(summary)`` once. Formats that need the whole run (JSON array, SARIF) buffer
only the diagnostics, never the texts.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~2 ms of a one-file check; annotations only
if TYPE_CHECKING:
    from typing import TextIO

from ..records import _FACTORY
from ..engine.diagnostic import Diagnostic, Severity


class Summary:
    files: int = 0
    errors: int = 0  # files that could not be read
    counts: dict  # severity name -> count (default: a new dict)
    by_rule: dict  # code -> count (default: a new dict)
    fixed: int = 0  # findings fixed (or that --diff would fix)
    fixable: int = 0  # reported findings with a safe fix
    fixable_unsafe: int = 0  # reported findings whose fix is unsafe
    by_rule_severity: dict  # (code, Severity) -> count (a rule can have two) (default: a new dict)
    baselined: int = 0  # findings hidden by the baseline
    hidden: int = 0  # findings below the show level (counted for the exit code, not reported)

    def add(self, diagnostic: Diagnostic) -> None:
        key = str(diagnostic.severity)
        self.counts[key] = self.counts.get(key, 0) + 1
        self.by_rule[diagnostic.code] = self.by_rule.get(diagnostic.code, 0) + 1
        fix = diagnostic.fix
        if fix is not None and fix.edits:
            if fix.safe:
                self.fixable += 1
            else:
                self.fixable_unsafe += 1
        key2 = (diagnostic.code, diagnostic.severity)
        self.by_rule_severity[key2] = self.by_rule_severity.get(key2, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    __match_args__ = ('files', 'errors', 'counts', 'by_rule', 'fixed', 'fixable', 'fixable_unsafe', 'by_rule_severity', 'baselined', 'hidden')
    _FIELDS = __match_args__

    def __init__(self, files=0, errors=0, counts=_FACTORY, by_rule=_FACTORY, fixed=0, fixable=0, fixable_unsafe=0, by_rule_severity=_FACTORY, baselined=0, hidden=0):
        self.files = files
        self.errors = errors
        self.counts = {} if counts is _FACTORY else counts
        self.by_rule = {} if by_rule is _FACTORY else by_rule
        self.fixed = fixed
        self.fixable = fixable
        self.fixable_unsafe = fixable_unsafe
        self.by_rule_severity = {} if by_rule_severity is _FACTORY else by_rule_severity
        self.baselined = baselined
        self.hidden = hidden

    def __repr__(self):
        return f"{self.__class__.__qualname__}(files={self.files!r}, errors={self.errors!r}, counts={self.counts!r}, by_rule={self.by_rule!r}, fixed={self.fixed!r}, fixable={self.fixable!r}, fixable_unsafe={self.fixable_unsafe!r}, by_rule_severity={self.by_rule_severity!r}, baselined={self.baselined!r}, hidden={self.hidden!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.files, self.errors, self.counts, self.by_rule, self.fixed, self.fixable, self.fixable_unsafe, self.by_rule_severity, self.baselined, self.hidden) == (other.files, other.errors, other.counts, other.by_rule, other.fixed, other.fixable, other.fixable_unsafe, other.by_rule_severity, other.baselined, other.hidden)
        return NotImplemented

    __hash__ = None  # mutable: unhashable, as a dataclass with eq


class Reporter:
    def __init__(self, stream: TextIO, color: bool = False, rules=None, root: str | None = None,
                 catalog=None, fail_level=None):
        self.stream = stream
        self.color = color
        # The lowest severity that fails the run (formats with a pass/fail notion use it: JUnit).
        self.fail_level = fail_level if fail_level is not None else Severity.ERROR
        self.rules = rules or []
        # Repository root for CI formats (relative paths and URIs); found lazily when not given.
        self._root = root
        # Rule classes to describe (SARIF lists every registered rule); the registry when not given.
        self._catalog = catalog

    @property
    def root(self) -> str:
        if self._root is None:
            from .location import project_root

            self._root = project_root()
        return self._root

    @property
    def catalog(self) -> list:
        if self._catalog is None:
            from ..engine.registry import all_rules

            self._catalog = all_rules()
        return self._catalog

    def begin(self) -> None:
        pass

    def file(self, path: str, diagnostics: list[Diagnostic], lines) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass

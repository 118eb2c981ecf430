"""Rule base class and the one registry every rule module adds itself to.

A rule is a small class: ``code`` (stable ID from the rulebook), ``name`` (kebab-case),
``severity`` (default), ``summary`` (one line), a docstring (what it does, why it
matters, example, source), ``applies(doc)`` (era / classified / header present) and
``check(doc)`` which yields ``Finding`` objects (or ``(message, span[, suggestion])`` tuples).

Severity is resolved once, here: the user's setting for the rule, else the finding's own,
else the rule's default. Options reach a rule as ``self.options`` (its declared ``options``
defaults, overridden by the configuration) and run-wide facts as ``self.context``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~3 ms of a one-file check; annotations only
if TYPE_CHECKING:
    from typing import ClassVar, Iterable

from ..model import Document, Span
from .diagnostic import Diagnostic, Finding, Severity

_REGISTRY: dict[str, type["Rule"]] = {}


class RunContext:
    """Run-wide facts every rule may read; travels with the rule instances to worker processes."""

    __slots__ = ("as_of", "read_day")

    def __init__(self, as_of=None):
        self.as_of = as_of  # datetime.date or None (today, UTC)
        self.read_day = None  # the last day today() returned (the result cache resets and reads it)

    def __getstate__(self):
        return {"as_of": self.as_of}

    def __setstate__(self, state):
        self.as_of = state["as_of"]
        self.read_day = None

    def today(self):
        """The reference day of date-dependent rules: ``as_of`` or today (UTC). Rules must read
        the day only through this method (the result cache relies on it)."""
        import datetime as _dt

        self.read_day = day = self.as_of or _dt.datetime.now(_dt.timezone.utc).date()
        return day


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str] = ""
    source: ClassVar[str] = ""
    # False for rules that are registered but off unless selected explicitly.
    default_enabled: ClassVar[bool] = True
    # Per-rule options and their defaults (yamllint's CONF/DEFAULT): name -> default value.
    options_defaults: ClassVar[dict] = {}
    # Which fix the rule offers (ruff's "Fix safety"): "none", "safe" (meaning and
    # classification unchanged), "unsafe" (a marking decision changes; --unsafe-fixes) or
    # "sometimes" (safe in some cases, unsafe in others). ``fix_note`` says when it is offered.
    fix_availability: ClassVar[str] = "none"
    fix_note: ClassVar[str] = ""

    def __init__(self, severity: Severity | None = None, options: dict | None = None,
                 context: "RunContext | None" = None):
        self.user_severity = severity
        self.effective_severity = severity or self.severity
        self.options = {**self.options_defaults, **(options or {})}
        self.context = context or RunContext()

    def applies(self, doc: Document) -> bool:
        return True

    def check(self, doc: Document) -> Iterable:
        raise NotImplementedError

    def run(self, doc: Document) -> list[Diagnostic]:
        """The rule's diagnostics on ``doc``, all of them or, when ``check`` raises, none (a list, not
        a generator: 53 rules a file, most with nothing to say, and a generator each cost 1% of a check)."""
        if not self.applies(doc):
            return []
        out = []
        for found in self.check(doc) or ():
            if isinstance(found, Finding):
                severity = self.user_severity or found.severity or self.severity
                out.append(Diagnostic(self.code, self.name, severity, found.message, doc.path, found.span,
                                      found.suggestion, found.fix, found.related))
                continue
            message, span, *rest = found
            out.append(Diagnostic(self.code, self.name, self.effective_severity, message, doc.path,
                                  span, rest[0] if rest else None))
        return out

    @classmethod
    def doc(cls) -> str:
        import inspect  # not at import: inspect (ast, dis, tokenize) costs ~5 ms of start-up

        return inspect.cleandoc(cls.__doc__ or "")


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (codes must be unique)."""
    if not cls.code or cls.code in _REGISTRY:
        raise ValueError(f"rule code missing or duplicated: {cls.code!r}")
    _REGISTRY[cls.code] = cls
    return cls


def _load() -> None:
    from .. import rules  # noqa: F401  (importing the package registers every rule)


def all_rules() -> list[type[Rule]]:
    _load()
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def get_rule(code: str) -> type[Rule] | None:
    _load()
    return _REGISTRY.get(code.upper())


def first_span(doc: Document) -> Span:
    """Where to report a finding about a missing element: the banner, or line 1."""
    if doc.banner is not None:
        return doc.banner.span
    return Span(1, 1, 1, 1 + len(doc.lines[0]) if doc.lines else 1)

"""Rule base class and the one registry every rule module adds itself to.

A rule is a small class: ``code`` (stable ID from the rulebook), ``name`` (kebab-case),
``severity`` (default), ``summary`` (one line), a docstring (what it does, why it
matters, example, source), ``applies(doc)`` (era / classified / header present) and
``check(doc)`` which yields ``(message, span[, suggestion])`` tuples or Diagnostics.
"""

from __future__ import annotations

import inspect
from typing import ClassVar, Iterable, Iterator

from ..model import Document, Span
from .diagnostic import Diagnostic, Severity

_REGISTRY: dict[str, type["Rule"]] = {}


class Rule:
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str] = ""
    source: ClassVar[str] = ""
    # False for rules that are registered but off unless selected explicitly.
    default_enabled: ClassVar[bool] = True

    def __init__(self, severity: Severity | None = None, options: dict | None = None):
        self.effective_severity = severity or self.severity
        self.options = options or {}

    def applies(self, doc: Document) -> bool:
        return True

    def check(self, doc: Document) -> Iterable:
        raise NotImplementedError

    def run(self, doc: Document) -> Iterator[Diagnostic]:
        if not self.applies(doc):
            return
        for found in self.check(doc) or ():
            if isinstance(found, Diagnostic):
                yield found
                continue
            message, span, *rest = found
            yield Diagnostic(self.code, self.name, self.effective_severity, message, doc.path,
                             span, rest[0] if rest else None)

    @classmethod
    def doc(cls) -> str:
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

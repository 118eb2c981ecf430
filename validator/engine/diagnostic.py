"""What a rule reports: a ``Finding`` (message, span, optional severity, fix and related places),
which the runner turns into a ``Diagnostic`` (rule code, resolved severity, path).

A fix is data, not code: text edits on spans of the checked file and an applicability,
``safe`` (the meaning and the classification stay the same) or ``unsafe`` (a marking
decision changes). A tool never lowers a classification, so no fix ever does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..model import Span

SAFE, UNSAFE = "safe", "unsafe"
APPLICABILITIES = (SAFE, UNSAFE)


class Severity(enum.IntEnum):
    """Ordered so that ``--fail-level`` compares with >=."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Edit:
    """Replace the text of ``span`` (1-based, end exclusive) with ``text``; an empty span inserts."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    """One or more edits that together resolve a finding."""

    message: str
    edits: tuple[Edit, ...]
    applicability: str = SAFE

    def __post_init__(self):
        if self.applicability not in APPLICABILITIES:
            raise ValueError(f"fix applicability must be one of {APPLICABILITIES}: {self.applicability!r}")

    @property
    def safe(self) -> bool:
        return self.applicability == SAFE


@dataclass(frozen=True)
class Finding:
    """What a rule's ``check`` yields. ``severity`` None means the rule's default; a severity set
    by the user for the rule always wins over both."""

    message: str
    span: Span
    suggestion: str | None = None
    severity: Severity | None = None
    fix: Fix | None = None
    related: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    suggestion: str | None = None
    fix: Fix | None = None
    related: tuple[Span, ...] = ()

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

"""A finding: rule code, severity, message, span in the file, optional suggestion."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..model import Span


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
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    suggestion: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

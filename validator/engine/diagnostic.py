"""What a rule reports: a ``Finding`` (message, span, optional severity, fix and related places),
which the runner turns into a ``Diagnostic`` (rule code, resolved severity, path).

A fix is data, not code: text edits on spans of the checked file and an applicability,
``safe`` (the meaning and the classification stay the same) or ``unsafe`` (a marking
decision changes). A tool never lowers a classification, so no fix ever does.
"""

from __future__ import annotations

import enum

from ..records import frozen_delattr, frozen_setattr
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


class Edit:
    """Replace the text of ``span`` (1-based, end exclusive) with ``text``; an empty span inserts."""

    span: Span
    text: str

    __match_args__ = ('span', 'text')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, span, text):
        d = self.__dict__
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.span, self.text) == (other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.span, self.text))


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

    __match_args__ = ('message', 'edits', 'applicability')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, message, edits, applicability='safe'):
        d = self.__dict__
        d['message'] = message
        d['edits'] = edits
        d['applicability'] = applicability
        self.__post_init__()

    def __repr__(self):
        return f"{self.__class__.__qualname__}(message={self.message!r}, edits={self.edits!r}, applicability={self.applicability!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.message, self.edits, self.applicability) == (other.message, other.edits, other.applicability)
        return NotImplemented

    def __hash__(self):
        return hash((self.message, self.edits, self.applicability))


class Finding:
    """What a rule's ``check`` yields. ``severity`` None means the rule's default; a severity set
    by the user for the rule always wins over both."""

    message: str
    span: Span
    suggestion: str | None = None
    severity: Severity | None = None
    fix: Fix | None = None
    related: tuple[Span, ...] = ()

    __match_args__ = ('message', 'span', 'suggestion', 'severity', 'fix', 'related')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, message, span, suggestion=None, severity=None, fix=None, related=()):
        d = self.__dict__
        d['message'] = message
        d['span'] = span
        d['suggestion'] = suggestion
        d['severity'] = severity
        d['fix'] = fix
        d['related'] = related

    def __repr__(self):
        return f"{self.__class__.__qualname__}(message={self.message!r}, span={self.span!r}, suggestion={self.suggestion!r}, severity={self.severity!r}, fix={self.fix!r}, related={self.related!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.message, self.span, self.suggestion, self.severity, self.fix, self.related) == (other.message, other.span, other.suggestion, other.severity, other.fix, other.related)
        return NotImplemented

    def __hash__(self):
        return hash((self.message, self.span, self.suggestion, self.severity, self.fix, self.related))


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

    __match_args__ = ('code', 'name', 'severity', 'message', 'path', 'span', 'suggestion', 'fix', 'related')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, code, name, severity, message, path, span, suggestion=None, fix=None, related=()):
        d = self.__dict__
        d['code'] = code
        d['name'] = name
        d['severity'] = severity
        d['message'] = message
        d['path'] = path
        d['span'] = span
        d['suggestion'] = suggestion
        d['fix'] = fix
        d['related'] = related

    def __repr__(self):
        return f"{self.__class__.__qualname__}(code={self.code!r}, name={self.name!r}, severity={self.severity!r}, message={self.message!r}, path={self.path!r}, span={self.span!r}, suggestion={self.suggestion!r}, fix={self.fix!r}, related={self.related!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.code, self.name, self.severity, self.message, self.path, self.span, self.suggestion, self.fix, self.related) == (other.code, other.name, other.severity, other.message, other.path, other.span, other.suggestion, other.fix, other.related)
        return NotImplemented

    def __hash__(self):
        return hash((self.code, self.name, self.severity, self.message, self.path, self.span, self.suggestion, self.fix, self.related))

"""The typed document model: frozen dataclasses for every element of a cable.

Every element carries the exact span it came from (1-based lines and columns, end
column exclusive), so that every diagnostic can point at the offending marking.
Values are parsed (levels as an ordered enum, dates as ``datetime.date``), and the
raw text is kept beside them for messages and reports.
"""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field

__all__ = [
    "Level", "Span", "PortionMark", "Banner", "ClassLine", "Caption", "Vzczc", "DeLine",
    "SecurityLine", "Dtg", "Address", "RoutingHeader", "PageHeader", "Continuation",
    "Decl", "EoLine", "Tags", "Subject", "Ref", "ClassifiedBy", "Paragraph", "Signature",
    "CableDate", "Document",
]


@enum.unique
class Level(enum.Enum):
    """Classification levels, ordered for roll-up (SBU, LOU and EFTO rank as unclassified)."""

    UNCLASSIFIED = "UNCLASSIFIED"
    LIMITED_OFFICIAL_USE = "LIMITED OFFICIAL USE"
    CONFIDENTIAL = "CONFIDENTIAL"
    SECRET = "SECRET"
    TOP_SECRET = "TOP SECRET"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def letter(self) -> str:
        """The portion-mark / FL4 letter of this level."""
        return _LETTER[self]

    @property
    def classified(self) -> bool:
        return self.rank > 0

    def __lt__(self, other: "Level") -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: "Level") -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: "Level") -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: "Level") -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {
    Level.UNCLASSIFIED: 0, Level.LIMITED_OFFICIAL_USE: 0, Level.CONFIDENTIAL: 1,
    Level.SECRET: 2, Level.TOP_SECRET: 3,
}
_LETTER = {
    Level.UNCLASSIFIED: "U", Level.LIMITED_OFFICIAL_USE: "LOU", Level.CONFIDENTIAL: "C",
    Level.SECRET: "S", Level.TOP_SECRET: "TS",
}


@dataclass(frozen=True, order=True)
class Span:
    """1-based line and column; ``end_column`` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column}


@dataclass(frozen=True)
class PortionMark:
    """A portion mark such as ``(S//NF)``; ``level`` is None for an unknown level token."""

    raw: str
    level: Level | None
    controls: frozenset[str]
    sbu: bool
    span: Span
    malformed: bool = False  # e.g. "C)" with the opening parenthesis missing
    double_slash: bool = False


@dataclass(frozen=True)
class Banner:
    """The classification line at the top of the text (strong: with origin and serial)."""

    level: Level
    raw_level: str
    letter_spaced: bool
    controls: frozenset[str]
    qualifiers: tuple[str, ...]
    sensitive: bool
    efto: bool
    section: int | None
    sections: int | None
    post: str | None
    serial: int | None
    span: Span
    level_span: Span
    strong: bool = True
    text: str = ""


@dataclass(frozen=True)
class Damage:
    """A defect of the published copy, not a marking decision: the record is faulty.

    ``kind`` is one of DAMAGE_KINDS; ``span`` shows where the damage is; ``detail`` says what was seen.
    """

    kind: str
    span: Span
    detail: str


# What a publisher's copy can do to a cable (issue 14): a damaged banner word, two cables spliced into
# one file, the header lines between TAGS and the text dropped, a header cut at a "..." truncation.
DAMAGE_KINDS = ("garbled-banner", "spliced", "header-dropped", "truncated")


@dataclass(frozen=True)
class ClassLine:
    """A line holding only a classification (page top/bottom or closing line)."""

    level: Level
    controls: frozenset[str]
    span: Span
    text: str


@dataclass(frozen=True)
class Caption:
    """A caption or passing line between the banner and the E.O. line."""

    text: str
    tokens: frozenset[str]
    passing: bool
    span: Span


@dataclass(frozen=True)
class Vzczc:
    channel: str
    number: str
    span: Span


@dataclass(frozen=True)
class DeLine:
    station: str
    sequence: int
    section: int | None
    julian_day: int | None
    time: str | None  # HHMM
    stamp: str | None
    span: Span


@dataclass(frozen=True)
class SecurityLine:
    operating_signal: str  # ZNR / ZNY
    letters: str           # CCCCC
    trailing_signal: str | None
    span: Span
    text: str


@dataclass(frozen=True)
class Dtg:
    precedence: str  # "O", "P R"
    day: int
    hour: int
    minute: int
    month: str
    year: int
    value: _dt.datetime | None  # None when the DTG names an impossible date/time
    span: Span
    text: str


@dataclass(frozen=True)
class Address:
    kind: str  # to / info / xmt
    text: str
    span: Span


@dataclass(frozen=True)
class RoutingHeader:
    vzczc: Vzczc | None
    precedence_digraph: str | None
    routing_indicators: tuple[str, ...]
    precedence_span: Span | None
    de: DeLine | None
    security: SecurityLine | None
    dtg: Dtg | None
    fm: str | None
    fm_span: Span | None
    to: tuple[Address, ...]
    info: tuple[Address, ...]
    xmt: tuple[Address, ...]

    @property
    def family(self) -> str:
        if self.vzczc or self.de or self.security:
            return "acp127"
        if self.dtg:
            return "acp126"
        return "none"


@dataclass(frozen=True)
class PageHeader:
    """``PAGE 02 HARARE 05461 01 OF 02 271458Z`` of older received copies."""

    page: int
    post: str
    serial: int
    section: int | None
    sections: int | None
    time: str
    span: Span


@dataclass(frozen=True)
class Continuation:
    """``OTTAWA 00000700 002 OF 002`` / ``001.2 OF 004`` continuation header."""

    post: str
    serial: int
    section: int
    page: int | None
    sections: int
    span: Span


@dataclass(frozen=True)
class Decl:
    """The declassification instruction of the E.O. line."""

    kind: str  # date | na | oadr | exemption | other
    date: _dt.date | None
    raw_date: str | None  # the date as written, also when it is impossible
    date_format: str | None  # e.g. MM/DD/YYYY
    codes: tuple[str, ...]
    text: str
    span: Span


@dataclass(frozen=True)
class EoLine:
    order: int | None
    order_text: str | None
    decl: Decl
    span: Span
    text: str


@dataclass(frozen=True)
class Tags:
    tags: tuple[str, ...]
    span: Span
    text: str


@dataclass(frozen=True)
class Subject:
    text: str
    marking: PortionMark | None
    span: Span


@dataclass(frozen=True)
class Ref:
    letter: str | None
    text: str
    id: str | None


@dataclass(frozen=True)
class ClassifiedBy:
    text: str
    reason_section: str | None  # "1.4", as normalised ("1,4" -> "1.4")
    reasons: tuple[str, ...]    # lower-case letters in order of appearance
    reason_text: str | None
    reason_span: Span | None
    span: Span
    name: str | None = None
    title: str | None = None
    derived: bool = False  # "Derived From" / classification guide


@dataclass(frozen=True)
class Paragraph:
    number: str | None      # as written: "1", "15", "A"
    value: int | None       # numeric value of ``number``
    marking: PortionMark | None
    pilcrow: bool
    entire_text: Level | None  # "CONFIDENTIAL - ENTIRE TEXT" declaration
    classification_block: bool  # the paragraph holds the Classified By line
    lettered: bool
    span: Span
    text: str  # first line


@dataclass(frozen=True)
class Signature:
    text: str
    span: Span


@dataclass(frozen=True)
class CableDate:
    """The cable date and where it came from (``dtg`` is strong, ``filename`` year-only)."""

    value: _dt.date | None
    source: str | None  # dtg | filename | None
    precision: str | None = None  # day | year

    @property
    def year(self) -> int | None:
        return self.value.year if self.value else None

    @property
    def exact(self) -> bool:
        return self.precision == "day"

    @property
    def text(self) -> str | None:
        """ISO day for a DTG date, the year alone (ISO 8601 reduced precision) for a filename date."""
        if self.value is None:
            return None
        return self.value.isoformat() if self.exact else f"{self.value.year:04d}"


@dataclass(frozen=True)
class Document:
    path: str
    lines: tuple[str, ...]
    partial: bool
    header: RoutingHeader
    banner: Banner | None
    class_lines: tuple[ClassLine, ...]
    captions: tuple[Caption, ...]
    page_headers: tuple[PageHeader, ...]
    continuations: tuple[Continuation, ...]
    eo: EoLine | None
    tags: Tags | None
    subject: Subject | None
    refs: tuple[Ref, ...]
    refs_span: Span | None
    classified_by: ClassifiedBy | None
    paragraphs: tuple[Paragraph, ...]
    signature: Signature | None
    date: CableDate
    cable_id: str | None = None
    decode_note: str | None = None
    extra: dict = field(default_factory=dict, compare=False)
    integrity: tuple[Damage, ...] = ()

    def damaged(self, kind: str) -> Damage | None:
        """The first damage of this kind, or None."""
        return next((d for d in self.integrity if d.kind == kind), None)

    @property
    def level(self) -> Level | None:
        return self.banner.level if self.banner else None

    @property
    def caption_tokens(self) -> frozenset[str]:
        tokens: set[str] = set()
        for caption in self.captions:
            tokens |= caption.tokens
        if self.banner:
            tokens |= self.banner.controls
        return frozenset(tokens)

"""The typed document model: frozen record classes for every element of a cable.

Every element carries the exact span it came from (1-based lines and columns, end
column exclusive), so that every diagnostic can point at the offending marking.
Values are parsed (levels as an ordered enum, dates as ``datetime.date``), and the
raw text is kept beside them for messages and reports.
"""

from __future__ import annotations

import datetime as _dt
import enum

# Frozen record classes written out as @dataclass(frozen=True) would generate them (validator/records.py).
from .records import _FACTORY, FACT_PREFIX, replace  # noqa: F401  (replace: as dataclasses.replace)
from .records import deferred_field as _deferred_field
from .records import store as _store
from .records import frozen_delattr as _frozen_delattr
from .records import frozen_setattr as _frozen_setattr

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
        return self._rank

    @property
    def letter(self) -> str:
        """The portion-mark / FL4 letter of this level."""
        return self._letter

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
# Each member keeps its rank and letter as attributes: the rules read ``rank`` some 150,000 times on
# the corpus, and a look-up in the dicts above hashes the member with Enum's Python-level __hash__.
for _level in Level:
    _level._rank = _RANK[_level]
    _level._letter = _LETTER[_level]
del _level


class Span:
    """1-based line and column; ``end_column`` is exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column}

    __match_args__ = ('line', 'column', 'end_line', 'end_column')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, line, column, end_line, end_column):
        d = self.__dict__
        d['line'] = line
        d['column'] = column
        d['end_line'] = end_line
        d['end_column'] = end_column

    def __repr__(self):
        return f"{self.__class__.__qualname__}(line={self.line!r}, column={self.column!r}, end_line={self.end_line!r}, end_column={self.end_column!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.line, self.column, self.end_line, self.end_column) == (other.line, other.column, other.end_line, other.end_column)
        return NotImplemented

    def __lt__(self, other):
        if other.__class__ is self.__class__:
            return (self.line, self.column, self.end_line, self.end_column) < (other.line, other.column, other.end_line, other.end_column)
        return NotImplemented

    def __le__(self, other):
        if other.__class__ is self.__class__:
            return (self.line, self.column, self.end_line, self.end_column) <= (other.line, other.column, other.end_line, other.end_column)
        return NotImplemented

    def __gt__(self, other):
        if other.__class__ is self.__class__:
            return (self.line, self.column, self.end_line, self.end_column) > (other.line, other.column, other.end_line, other.end_column)
        return NotImplemented

    def __ge__(self, other):
        if other.__class__ is self.__class__:
            return (self.line, self.column, self.end_line, self.end_column) >= (other.line, other.column, other.end_line, other.end_column)
        return NotImplemented

    def __hash__(self):
        return hash((self.line, self.column, self.end_line, self.end_column))


class PortionMark:
    """A portion mark such as ``(S//NF)``; ``level`` is None for an unknown level token."""

    raw: str
    level: Level | None
    controls: frozenset[str]
    sbu: bool
    span: Span
    malformed: bool = False  # e.g. "C)" with the opening parenthesis missing
    double_slash: bool = False

    __match_args__ = ('raw', 'level', 'controls', 'sbu', 'span', 'malformed', 'double_slash')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, raw, level, controls, sbu, span, malformed=False, double_slash=False):
        d = self.__dict__
        d['raw'] = raw
        d['level'] = level
        d['controls'] = controls
        d['sbu'] = sbu
        d['span'] = span
        d['malformed'] = malformed
        d['double_slash'] = double_slash

    def __repr__(self):
        return f"{self.__class__.__qualname__}(raw={self.raw!r}, level={self.level!r}, controls={self.controls!r}, sbu={self.sbu!r}, span={self.span!r}, malformed={self.malformed!r}, double_slash={self.double_slash!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.raw, self.level, self.controls, self.sbu, self.span, self.malformed, self.double_slash) == (other.raw, other.level, other.controls, other.sbu, other.span, other.malformed, other.double_slash)
        return NotImplemented

    def __hash__(self):
        return hash((self.raw, self.level, self.controls, self.sbu, self.span, self.malformed, self.double_slash))


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

    __match_args__ = ('level', 'raw_level', 'letter_spaced', 'controls', 'qualifiers', 'sensitive', 'efto', 'section', 'sections', 'post', 'serial', 'span', 'level_span', 'strong', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, level, raw_level, letter_spaced, controls, qualifiers, sensitive, efto, section, sections, post, serial, span, level_span, strong=True, text=''):
        d = self.__dict__
        d['level'] = level
        d['raw_level'] = raw_level
        d['letter_spaced'] = letter_spaced
        d['controls'] = controls
        d['qualifiers'] = qualifiers
        d['sensitive'] = sensitive
        d['efto'] = efto
        d['section'] = section
        d['sections'] = sections
        d['post'] = post
        d['serial'] = serial
        d['span'] = span
        d['level_span'] = level_span
        d['strong'] = strong
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(level={self.level!r}, raw_level={self.raw_level!r}, letter_spaced={self.letter_spaced!r}, controls={self.controls!r}, qualifiers={self.qualifiers!r}, sensitive={self.sensitive!r}, efto={self.efto!r}, section={self.section!r}, sections={self.sections!r}, post={self.post!r}, serial={self.serial!r}, span={self.span!r}, level_span={self.level_span!r}, strong={self.strong!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.level, self.raw_level, self.letter_spaced, self.controls, self.qualifiers, self.sensitive, self.efto, self.section, self.sections, self.post, self.serial, self.span, self.level_span, self.strong, self.text) == (other.level, other.raw_level, other.letter_spaced, other.controls, other.qualifiers, other.sensitive, other.efto, other.section, other.sections, other.post, other.serial, other.span, other.level_span, other.strong, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.level, self.raw_level, self.letter_spaced, self.controls, self.qualifiers, self.sensitive, self.efto, self.section, self.sections, self.post, self.serial, self.span, self.level_span, self.strong, self.text))


class Damage:
    """A defect of the published copy, not a marking decision: the record is faulty.

    ``kind`` is one of DAMAGE_KINDS; ``span`` shows where the damage is; ``detail`` says what was seen.
    """

    kind: str
    span: Span
    detail: str

    __match_args__ = ('kind', 'span', 'detail')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, kind, span, detail):
        d = self.__dict__
        d['kind'] = kind
        d['span'] = span
        d['detail'] = detail

    def __repr__(self):
        return f"{self.__class__.__qualname__}(kind={self.kind!r}, span={self.span!r}, detail={self.detail!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.kind, self.span, self.detail) == (other.kind, other.span, other.detail)
        return NotImplemented

    def __hash__(self):
        return hash((self.kind, self.span, self.detail))


# What a publisher's copy can do to a cable (issue 14): a damaged banner word, two cables spliced into
# one file, the header lines between TAGS and the text dropped, a header cut at a "..." truncation.
DAMAGE_KINDS = ("garbled-banner", "spliced", "header-dropped", "truncated")


class ClassLine:
    """A line holding only a classification (page top/bottom or closing line)."""

    level: Level
    controls: frozenset[str]
    span: Span
    text: str

    __match_args__ = ('level', 'controls', 'span', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, level, controls, span, text):
        d = self.__dict__
        d['level'] = level
        d['controls'] = controls
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(level={self.level!r}, controls={self.controls!r}, span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.level, self.controls, self.span, self.text) == (other.level, other.controls, other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.level, self.controls, self.span, self.text))


class Caption:
    """A caption or passing line between the banner and the E.O. line."""

    text: str
    tokens: frozenset[str]
    passing: bool
    span: Span

    __match_args__ = ('text', 'tokens', 'passing', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, text, tokens, passing, span):
        d = self.__dict__
        d['text'] = text
        d['tokens'] = tokens
        d['passing'] = passing
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(text={self.text!r}, tokens={self.tokens!r}, passing={self.passing!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.text, self.tokens, self.passing, self.span) == (other.text, other.tokens, other.passing, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.text, self.tokens, self.passing, self.span))


class Vzczc:
    channel: str
    number: str
    span: Span

    __match_args__ = ('channel', 'number', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, channel, number, span):
        d = self.__dict__
        d['channel'] = channel
        d['number'] = number
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(channel={self.channel!r}, number={self.number!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.channel, self.number, self.span) == (other.channel, other.number, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.channel, self.number, self.span))


class DeLine:
    station: str
    sequence: int
    section: int | None
    julian_day: int | None
    time: str | None  # HHMM
    stamp: str | None
    span: Span

    __match_args__ = ('station', 'sequence', 'section', 'julian_day', 'time', 'stamp', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, station, sequence, section, julian_day, time, stamp, span):
        d = self.__dict__
        d['station'] = station
        d['sequence'] = sequence
        d['section'] = section
        d['julian_day'] = julian_day
        d['time'] = time
        d['stamp'] = stamp
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(station={self.station!r}, sequence={self.sequence!r}, section={self.section!r}, julian_day={self.julian_day!r}, time={self.time!r}, stamp={self.stamp!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.station, self.sequence, self.section, self.julian_day, self.time, self.stamp, self.span) == (other.station, other.sequence, other.section, other.julian_day, other.time, other.stamp, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.station, self.sequence, self.section, self.julian_day, self.time, self.stamp, self.span))


class SecurityLine:
    operating_signal: str  # ZNR / ZNY
    letters: str           # CCCCC
    trailing_signal: str | None
    span: Span
    text: str

    __match_args__ = ('operating_signal', 'letters', 'trailing_signal', 'span', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, operating_signal, letters, trailing_signal, span, text):
        d = self.__dict__
        d['operating_signal'] = operating_signal
        d['letters'] = letters
        d['trailing_signal'] = trailing_signal
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(operating_signal={self.operating_signal!r}, letters={self.letters!r}, trailing_signal={self.trailing_signal!r}, span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.operating_signal, self.letters, self.trailing_signal, self.span, self.text) == (other.operating_signal, other.letters, other.trailing_signal, other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.operating_signal, self.letters, self.trailing_signal, self.span, self.text))


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

    __match_args__ = ('precedence', 'day', 'hour', 'minute', 'month', 'year', 'value', 'span', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, precedence, day, hour, minute, month, year, value, span, text):
        d = self.__dict__
        d['precedence'] = precedence
        d['day'] = day
        d['hour'] = hour
        d['minute'] = minute
        d['month'] = month
        d['year'] = year
        d['value'] = value
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(precedence={self.precedence!r}, day={self.day!r}, hour={self.hour!r}, minute={self.minute!r}, month={self.month!r}, year={self.year!r}, value={self.value!r}, span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.precedence, self.day, self.hour, self.minute, self.month, self.year, self.value, self.span, self.text) == (other.precedence, other.day, other.hour, other.minute, other.month, other.year, other.value, other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.precedence, self.day, self.hour, self.minute, self.month, self.year, self.value, self.span, self.text))


class Address:
    kind: str  # to / info / xmt
    text: str
    span: Span

    __match_args__ = ('kind', 'text', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, kind, text, span):
        d = self.__dict__
        d['kind'] = kind
        d['text'] = text
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(kind={self.kind!r}, text={self.text!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.kind, self.text, self.span) == (other.kind, other.text, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.kind, self.text, self.span))


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

    __match_args__ = ('vzczc', 'precedence_digraph', 'routing_indicators', 'precedence_span', 'de', 'security', 'dtg', 'fm', 'fm_span', 'to', 'info', 'xmt')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, vzczc, precedence_digraph, routing_indicators, precedence_span, de, security, dtg, fm, fm_span, to, info, xmt):
        d = self.__dict__
        d['vzczc'] = vzczc
        d['precedence_digraph'] = precedence_digraph
        d['routing_indicators'] = routing_indicators
        d['precedence_span'] = precedence_span
        d['de'] = de
        d['security'] = security
        d['dtg'] = dtg
        d['fm'] = fm
        d['fm_span'] = fm_span
        d['to'] = to
        d['info'] = info
        d['xmt'] = xmt

    def __repr__(self):
        return f"{self.__class__.__qualname__}(vzczc={self.vzczc!r}, precedence_digraph={self.precedence_digraph!r}, routing_indicators={self.routing_indicators!r}, precedence_span={self.precedence_span!r}, de={self.de!r}, security={self.security!r}, dtg={self.dtg!r}, fm={self.fm!r}, fm_span={self.fm_span!r}, to={self.to!r}, info={self.info!r}, xmt={self.xmt!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.vzczc, self.precedence_digraph, self.routing_indicators, self.precedence_span, self.de, self.security, self.dtg, self.fm, self.fm_span, self.to, self.info, self.xmt) == (other.vzczc, other.precedence_digraph, other.routing_indicators, other.precedence_span, other.de, other.security, other.dtg, other.fm, other.fm_span, other.to, other.info, other.xmt)
        return NotImplemented

    def __hash__(self):
        return hash((self.vzczc, self.precedence_digraph, self.routing_indicators, self.precedence_span, self.de, self.security, self.dtg, self.fm, self.fm_span, self.to, self.info, self.xmt))


class PageHeader:
    """``PAGE 02 HARARE 05461 01 OF 02 271458Z`` of older received copies."""

    page: int
    post: str
    serial: int
    section: int | None
    sections: int | None
    time: str
    span: Span

    __match_args__ = ('page', 'post', 'serial', 'section', 'sections', 'time', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, page, post, serial, section, sections, time, span):
        d = self.__dict__
        d['page'] = page
        d['post'] = post
        d['serial'] = serial
        d['section'] = section
        d['sections'] = sections
        d['time'] = time
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(page={self.page!r}, post={self.post!r}, serial={self.serial!r}, section={self.section!r}, sections={self.sections!r}, time={self.time!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.page, self.post, self.serial, self.section, self.sections, self.time, self.span) == (other.page, other.post, other.serial, other.section, other.sections, other.time, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.page, self.post, self.serial, self.section, self.sections, self.time, self.span))


class Continuation:
    """``OTTAWA 00000700 002 OF 002`` / ``001.2 OF 004`` continuation header."""

    post: str
    serial: int
    section: int
    page: int | None
    sections: int
    span: Span

    __match_args__ = ('post', 'serial', 'section', 'page', 'sections', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, post, serial, section, page, sections, span):
        d = self.__dict__
        d['post'] = post
        d['serial'] = serial
        d['section'] = section
        d['page'] = page
        d['sections'] = sections
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(post={self.post!r}, serial={self.serial!r}, section={self.section!r}, page={self.page!r}, sections={self.sections!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.post, self.serial, self.section, self.page, self.sections, self.span) == (other.post, other.serial, other.section, other.page, other.sections, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.post, self.serial, self.section, self.page, self.sections, self.span))


class Decl:
    """The declassification instruction of the E.O. line."""

    kind: str  # date | na | oadr | exemption | other
    date: _dt.date | None
    raw_date: str | None  # the date as written, also when it is impossible
    date_format: str | None  # e.g. MM/DD/YYYY
    codes: tuple[str, ...]
    text: str
    span: Span

    __match_args__ = ('kind', 'date', 'raw_date', 'date_format', 'codes', 'text', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, kind, date, raw_date, date_format, codes, text, span):
        d = self.__dict__
        d['kind'] = kind
        d['date'] = date
        d['raw_date'] = raw_date
        d['date_format'] = date_format
        d['codes'] = codes
        d['text'] = text
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(kind={self.kind!r}, date={self.date!r}, raw_date={self.raw_date!r}, date_format={self.date_format!r}, codes={self.codes!r}, text={self.text!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.kind, self.date, self.raw_date, self.date_format, self.codes, self.text, self.span) == (other.kind, other.date, other.raw_date, other.date_format, other.codes, other.text, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.kind, self.date, self.raw_date, self.date_format, self.codes, self.text, self.span))


class EoLine:
    order: int | None
    order_text: str | None
    decl: Decl
    span: Span
    text: str

    __match_args__ = ('order', 'order_text', 'decl', 'span', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, order, order_text, decl, span, text):
        d = self.__dict__
        d['order'] = order
        d['order_text'] = order_text
        d['decl'] = decl
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(order={self.order!r}, order_text={self.order_text!r}, decl={self.decl!r}, span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.order, self.order_text, self.decl, self.span, self.text) == (other.order, other.order_text, other.decl, other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.order, self.order_text, self.decl, self.span, self.text))


class Tags:
    tags: tuple[str, ...] = _deferred_field("tags")  # DEFERRED_FIELD (records.py): read by index and inspect
    span: Span
    text: str

    __match_args__ = ('tags', 'span', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, tags, span, text):
        d = self.__dict__
        _store(d, 'tags', tags)
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(tags={self.tags!r}, span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.tags, self.span, self.text) == (other.tags, other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.tags, self.span, self.text))


class Subject:
    text: str
    marking: PortionMark | None
    span: Span

    __match_args__ = ('text', 'marking', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, text, marking, span):
        d = self.__dict__
        d['text'] = text
        d['marking'] = marking
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(text={self.text!r}, marking={self.marking!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.text, self.marking, self.span) == (other.text, other.marking, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.text, self.marking, self.span))


class Ref:
    letter: str | None
    text: str
    id: str | None

    __match_args__ = ('letter', 'text', 'id')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, letter, text, id):
        d = self.__dict__
        d['letter'] = letter
        d['text'] = text
        d['id'] = id

    def __repr__(self):
        return f"{self.__class__.__qualname__}(letter={self.letter!r}, text={self.text!r}, id={self.id!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.letter, self.text, self.id) == (other.letter, other.text, other.id)
        return NotImplemented

    def __hash__(self):
        return hash((self.letter, self.text, self.id))


class ClassifiedBy:
    text: str
    reason_section: str | None  # "1.4", as normalised ("1,4" -> "1.4")
    reasons: tuple[str, ...]    # lower-case letters in order of appearance
    reason_text: str | None
    reason_span: Span | None
    span: Span
    name: str | None = _deferred_field("name", None)  # DEFERRED_FIELD (records.py)
    title: str | None = _deferred_field("title", None)
    derived: bool = False  # "Derived From" / classification guide

    __match_args__ = ('text', 'reason_section', 'reasons', 'reason_text', 'reason_span', 'span', 'name', 'title', 'derived')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, text, reason_section, reasons, reason_text, reason_span, span, name=None, title=None, derived=False):
        d = self.__dict__
        d['text'] = text
        d['reason_section'] = reason_section
        d['reasons'] = reasons
        d['reason_text'] = reason_text
        d['reason_span'] = reason_span
        d['span'] = span
        _store(d, 'name', name)
        _store(d, 'title', title)
        d['derived'] = derived

    def __repr__(self):
        return f"{self.__class__.__qualname__}(text={self.text!r}, reason_section={self.reason_section!r}, reasons={self.reasons!r}, reason_text={self.reason_text!r}, reason_span={self.reason_span!r}, span={self.span!r}, name={self.name!r}, title={self.title!r}, derived={self.derived!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.text, self.reason_section, self.reasons, self.reason_text, self.reason_span, self.span, self.name, self.title, self.derived) == (other.text, other.reason_section, other.reasons, other.reason_text, other.reason_span, other.span, other.name, other.title, other.derived)
        return NotImplemented

    def __hash__(self):
        return hash((self.text, self.reason_section, self.reasons, self.reason_text, self.reason_span, self.span, self.name, self.title, self.derived))


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

    __match_args__ = ('number', 'value', 'marking', 'pilcrow', 'entire_text', 'classification_block', 'lettered', 'span', 'text')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, number, value, marking, pilcrow, entire_text, classification_block, lettered, span, text):
        d = self.__dict__
        d['number'] = number
        d['value'] = value
        d['marking'] = marking
        d['pilcrow'] = pilcrow
        d['entire_text'] = entire_text
        d['classification_block'] = classification_block
        d['lettered'] = lettered
        d['span'] = span
        d['text'] = text

    def __repr__(self):
        return f"{self.__class__.__qualname__}(number={self.number!r}, value={self.value!r}, marking={self.marking!r}, pilcrow={self.pilcrow!r}, entire_text={self.entire_text!r}, classification_block={self.classification_block!r}, lettered={self.lettered!r}, span={self.span!r}, text={self.text!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.number, self.value, self.marking, self.pilcrow, self.entire_text, self.classification_block, self.lettered, self.span, self.text) == (other.number, other.value, other.marking, other.pilcrow, other.entire_text, other.classification_block, other.lettered, other.span, other.text)
        return NotImplemented

    def __hash__(self):
        return hash((self.number, self.value, self.marking, self.pilcrow, self.entire_text, self.classification_block, self.lettered, self.span, self.text))


class Signature:
    text: str
    span: Span

    __match_args__ = ('text', 'span')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, text, span):
        d = self.__dict__
        d['text'] = text
        d['span'] = span

    def __repr__(self):
        return f"{self.__class__.__qualname__}(text={self.text!r}, span={self.span!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.text, self.span) == (other.text, other.span)
        return NotImplemented

    def __hash__(self):
        return hash((self.text, self.span))


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

    __match_args__ = ('value', 'source', 'precision')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, value, source, precision=None):
        d = self.__dict__
        d['value'] = value
        d['source'] = source
        d['precision'] = precision

    def __repr__(self):
        return f"{self.__class__.__qualname__}(value={self.value!r}, source={self.source!r}, precision={self.precision!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.value, self.source, self.precision) == (other.value, other.source, other.precision)
        return NotImplemented

    def __hash__(self):
        return hash((self.value, self.source, self.precision))


# The physical lines joined by newlines, as the builder found them in the source text: a fact (in
# ``Document.extra``), so a changed copy made with ``replace`` does not keep it.
JOINED_LINES = FACT_PREFIX + "joined-lines"


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
    refs: tuple[Ref, ...] = _deferred_field("refs")  # DEFERRED_FIELD (records.py)
    refs_span: Span | None
    classified_by: ClassifiedBy | None
    paragraphs: tuple[Paragraph, ...]
    signature: Signature | None = _deferred_field("signature")
    date: CableDate
    cable_id: str | None = None
    decode_note: str | None = None
    extra: dict  # compare=False: not in ==/hash; default {}
    integrity: tuple[Damage, ...] = ()

    def damaged(self, kind: str) -> Damage | None:
        """The first damage of this kind, or None."""
        if not self.integrity:  # most records: the rules ask some 34,000 times a corpus run
            return None
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

    __match_args__ = ('path', 'lines', 'partial', 'header', 'banner', 'class_lines', 'captions', 'page_headers', 'continuations', 'eo', 'tags', 'subject', 'refs', 'refs_span', 'classified_by', 'paragraphs', 'signature', 'date', 'cable_id', 'decode_note', 'extra', 'integrity')
    _FIELDS = __match_args__
    __setattr__ = _frozen_setattr
    __delattr__ = _frozen_delattr

    def __init__(self, path, lines, partial, header, banner, class_lines, captions, page_headers, continuations, eo, tags, subject, refs, refs_span, classified_by, paragraphs, signature, date, cable_id=None, decode_note=None, extra=_FACTORY, integrity=()):
        d = self.__dict__
        d['path'] = path
        d['lines'] = lines
        d['partial'] = partial
        d['header'] = header
        d['banner'] = banner
        d['class_lines'] = class_lines
        d['captions'] = captions
        d['page_headers'] = page_headers
        d['continuations'] = continuations
        d['eo'] = eo
        d['tags'] = tags
        d['subject'] = subject
        _store(d, 'refs', refs)
        d['refs_span'] = refs_span
        d['classified_by'] = classified_by
        d['paragraphs'] = paragraphs
        _store(d, 'signature', signature)
        d['date'] = date
        d['cable_id'] = cable_id
        d['decode_note'] = decode_note
        d['extra'] = {} if extra is _FACTORY else extra
        d['integrity'] = integrity

    def __repr__(self):
        return f"{self.__class__.__qualname__}(path={self.path!r}, lines={self.lines!r}, partial={self.partial!r}, header={self.header!r}, banner={self.banner!r}, class_lines={self.class_lines!r}, captions={self.captions!r}, page_headers={self.page_headers!r}, continuations={self.continuations!r}, eo={self.eo!r}, tags={self.tags!r}, subject={self.subject!r}, refs={self.refs!r}, refs_span={self.refs_span!r}, classified_by={self.classified_by!r}, paragraphs={self.paragraphs!r}, signature={self.signature!r}, date={self.date!r}, cable_id={self.cable_id!r}, decode_note={self.decode_note!r}, extra={self.extra!r}, integrity={self.integrity!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.path, self.lines, self.partial, self.header, self.banner, self.class_lines, self.captions, self.page_headers, self.continuations, self.eo, self.tags, self.subject, self.refs, self.refs_span, self.classified_by, self.paragraphs, self.signature, self.date, self.cable_id, self.decode_note, self.integrity) == (other.path, other.lines, other.partial, other.header, other.banner, other.class_lines, other.captions, other.page_headers, other.continuations, other.eo, other.tags, other.subject, other.refs, other.refs_span, other.classified_by, other.paragraphs, other.signature, other.date, other.cable_id, other.decode_note, other.integrity)
        return NotImplemented

    def __hash__(self):
        return hash((self.path, self.lines, self.partial, self.header, self.banner, self.class_lines, self.captions, self.page_headers, self.continuations, self.eo, self.tags, self.subject, self.refs, self.refs_span, self.classified_by, self.paragraphs, self.signature, self.date, self.cable_id, self.decode_note, self.integrity))

"""The declassification instruction after ``E.O. nnnnn:`` (DECL date, N/A, OADR, X-codes)."""

from __future__ import annotations

import datetime as _dt
import re

from ..model import Decl, Span
from .. import lazy_re

_NA = lazy_re.compile(r"^\s*:?\s*(?:N\s*/\s*A|N\\A|NA)\b", re.I)
_DECL = lazy_re.compile(r"DECL(?:ASSIFY)?(?:\s+ON)?\s*[:;.]?\s*", re.I)
_BLANKS = lazy_re.compile(r"\s+")
_DATE = lazy_re.compile(r"(?<![\d/])(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})(?![\d/])")
_CODES = lazy_re.compile(
    r"\b(?:50X[12](?:-(?:HUM|WMD))?|25X\d(?:-[A-Z0-9-]+)?|1\.6\s*\(?X\)?\s*\d|X\d|X?GDS(?:-\d)?|[RX]DS-\d|OADR|MR)\b", re.I
)


def _year(text: str, reference: _dt.date | None) -> int:
    value = int(text)
    if len(text) >= 3:
        return value
    if reference is None:
        # No cable date: Cablegate spans 1966-2010, so 66-99 are 19xx and the rest 20xx.
        return 1900 + value if value >= 66 else 2000 + value
    # Two-digit year: the century that puts the date nearest after the cable date.
    base = reference.year
    candidates = [c * 100 + value for c in (base // 100 - 1, base // 100, base // 100 + 1)]
    after = [y for y in candidates if y >= base]
    return min(after) if after else candidates[-1]


def parse_date(match: re.Match, reference: _dt.date | None) -> tuple[_dt.date | None, str]:
    """Return (date or None when impossible, format) for MM/DD/YYYY, M/D/YY or YYYY/MM/DD."""
    a, b, c = match.group(1), match.group(2), match.group(3)
    if len(a) == 4:
        fmt, year, month, day = "YYYY/MM/DD", int(a), int(b), int(c)
    else:
        fmt = ("MM" if len(a) == 2 else "M") + "/" + ("DD" if len(b) == 2 else "D") + "/" + ("Y" * len(c))
        year, month, day = _year(c, reference), int(a), int(b)
    try:
        return _dt.date(year, month, day), fmt
    except ValueError:
        return None, fmt


def parse_decl(rest: str, line: int, column: int, reference: _dt.date | None) -> Decl:
    """Parse the text after the order number; ``column`` is the 1-based column of ``rest``."""
    text = rest.strip()
    full = Span(line, column, line, column + len(rest.rstrip()))
    if not text:
        return Decl("other", None, None, None, (), "", full)
    if _NA.match(text):
        return Decl("na", None, None, None, (), text, full)
    codes = tuple(dict.fromkeys(_BLANKS.sub("", c.upper()) for c in _CODES.findall(rest)))
    decl = _DECL.search(rest)
    body_start = decl.end() if decl else 0
    date_match = _DATE.search(rest, body_start)
    if "DECLASSIFIED" in text.upper() and not decl:
        return Decl("other", None, None, None, codes, text, full)
    if date_match and (decl or date_match.start() - body_start < 4):
        date, fmt = parse_date(date_match, reference)
        span = Span(line, column + date_match.start(), line, column + date_match.end())
        return Decl("date", date, date_match.group(0), fmt, codes, text, span)
    if any(c == "OADR" for c in codes):
        return Decl("oadr", None, None, None, codes, text, full)
    if codes:
        return Decl("exemption", None, None, None, codes, text, full)
    return Decl("other", None, None, None, codes, text, full)


def date_for(decl: Decl, reference: _dt.date | None) -> _dt.date | None:
    """The DECL date resolved against ``reference`` (two-digit years need the cable year).

    The builder resolves two-digit years only against an exact (DTG) date; a
    year-only cable date fixes the century just as well, so rules re-resolve here.
    """
    if decl.kind != "date" or not decl.raw_date:
        return None
    fmt = decl.date_format
    if reference is None or not fmt or fmt.endswith("YYY") or fmt.startswith("YYYY"):
        return decl.date
    match = _DATE.search(decl.raw_date)
    return parse_date(match, reference)[0] if match else decl.date

"""Date arithmetic shared by the E.O. and Classified-By rules: eras and certainty.

A cable date is either exact (DTG) or year-only (from the file name). Rules ask
"is the cable certainly on/after X?" or "certainly before X?" so that a year-only
date decides only when the whole year lies on one side of the boundary.
"""

from __future__ import annotations

import datetime as _dt
import os

from ..facts import post_letters
from ..model import Document
from .. import lazy_re

D = _dt.date

# Boundaries (RULEBOOK §3.1/§3.2).
EO12958_SIGNED = D(1995, 4, 17)
EO12958_EFFECTIVE = D(1995, 10, 14)
EO13292_SIGNED = D(2003, 3, 25)       # 1.4 (a)-(h) from here; 1.5 still accepted
EO13292_MARKING = D(2003, 9, 22)      # from here 1.5 is stale (warning)
OADR_GRACE_END = D(1996, 4, 14)       # ~6 months after E.O. 12958 took effect


def cable_range(doc: Document) -> tuple[_dt.date, _dt.date] | None:
    """The earliest and latest possible cable date, or None when unknown."""
    date = doc.date
    if date is None or date.value is None:
        return None
    if date.exact:
        return date.value, date.value
    if date.precision == "year" and filename_matches_banner(doc):
        return D(date.value.year, 1, 1), D(date.value.year, 12, 31)
    return None


_FILE_ID = lazy_re.compile(r"^\d{2}([A-Z][A-Z]+)\d")


def filename_matches_banner(doc: Document) -> bool:
    """False when the file is named after another cable than the one in the text.

    Some published extracts carry a different cable (05MUSCAT679 holds BEIJING 002305 of
    2008); the year in the file name then says nothing about the text.
    """
    match = _FILE_ID.match(os.path.basename(doc.path))
    if not match or doc.banner is None or not doc.banner.post:
        return True
    return match.group(1) == post_letters(doc.banner.post)


def on_or_after(doc: Document, boundary: _dt.date) -> bool:
    """True only when the cable date is certainly on or after ``boundary``."""
    span = cable_range(doc)
    return span is not None and span[0] >= boundary


def before(doc: Document, boundary: _dt.date) -> bool:
    """True only when the cable date is certainly before ``boundary``."""
    span = cable_range(doc)
    return span is not None and span[1] < boundary


def within(doc: Document, start: _dt.date, end: _dt.date) -> bool:
    """True only when the cable date certainly lies in [start, end)."""
    span = cable_range(doc)
    return span is not None and span[0] >= start and span[1] < end


def add_months(day: _dt.date, months: int) -> _dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return D(year, month, min(day.day, 28))

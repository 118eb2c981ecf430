"""REF lists: lettered items and the cable ids they name (``REF: OTTAWA 616`` -> 09OTTAWA616)."""

from __future__ import annotations

import re

from ..model import Ref

_ITEM = re.compile(r"(?:^|(?<=[\s,;]))(?:¶\s*)?(?:\(([A-Z])\)|([A-Z])[.)])\s+", re.M)
_CABLE = re.compile(
    r"^\s*(?:(?P<year>\d{2}|\d{4})\s+)?(?P<origin>(?:SECSTATE|STATE|[A-Z][A-Z'.-]*(?:\s+[A-Z][A-Z'.-]*){0,3}))\s+(?P<serial>\d{1,7})\b",
)
_NOT_ORIGIN = {"AND", "OF", "THE", "IIR", "TD", "PARA", "PARAS", "EMAIL", "E-MAIL", "MEMCON", "SEPTEL", "NOTAL"}


def cable_id(text: str, default_year: int | None) -> str | None:
    """Normalise a cable reference (``09 STATE 1234`` -> ``09STATE1234``); None if not a cable."""
    match = _CABLE.match(text)
    if not match:
        return None
    origin = re.sub(r"\s+", "", match.group("origin")).replace("SECSTATE", "STATE")
    if origin.upper() in _NOT_ORIGIN or not origin.isupper():
        return None
    year = match.group("year")
    if year:
        yy = year[-2:]
    elif default_year is not None:
        yy = f"{default_year % 100:02d}"
    else:
        return None
    return f"{yy}{origin}{int(match.group('serial'))}"


def parse_refs(text: str, default_year: int | None) -> tuple[Ref, ...]:
    """Split REF text into lettered items (or one unlettered item)."""
    text = " ".join(text.split())
    if not text:
        return ()
    starts = list(_ITEM.finditer(text))
    if not starts or starts[0].start() > 3:
        first_end = starts[0].start() if starts else len(text)
        items = [(None, text[:first_end])]
    else:
        items = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        items.append((m.group(1) or m.group(2), text[m.end():end]))
    refs = []
    for letter, body in items:
        body = body.strip(" ,;")
        if body:
            refs.append(Ref(letter=letter, text=body, id=cable_id(body, default_year)))
    return tuple(refs)

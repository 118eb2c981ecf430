"""REF lists: lettered items and the cable ids they name (``REF: OTTAWA 616`` -> 09OTTAWA616).

An item is introduced by ``A.``, ``A)``, ``(A)`` or ``¶A.`` (sometimes doubled: ``A. A)``); an item
may name several cables (``TEHRAN 1091: TEHRAN 263``, ``GUANGZHOU 11657 and 7743``). A cable is
written ``[YY|YYYY|'YY] ORIGIN SERIAL[-YY| YY]``; without a year it is the citing cable's year, and
a bare serial (``A) 6307``) is the citing post's own cable. Anything else (e-mails, telcons,
reports) is kept as written with no id.
"""

from __future__ import annotations

import re

from ..model import Ref
from .. import lazy_re

_ENUM = lazy_re.compile(
    r"(?:(?<=^)|(?<=[\s,;:])|(?<=\d(?=[B-Z]\.\s)))"   # also glued to the serial before: "021770B. STATE"
    r"(?:¶\s*)?(?:\(([A-Z])\)|([A-Z])(?:\)|\.(?=\s|\d|\()|:(?=\s)))\s*", re.I)
_PAGE_NOISE = lazy_re.compile(
    r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)?\s*PAGE\s+\d+\s+[A-Z][A-Z ]*?\s+\d+\s+\d+\s+OF\s+\d+\s+\d{6}Z"
    r"|\b[A-Z][A-Z ]*?\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b", re.I)
_LABEL = lazy_re.compile(r"^\s*(?:REF(?:ERENCES?|TELS?|S)?|REFTEL)(?:\s*[:.]\s*|\s+)", re.I)
_CABLE = lazy_re.compile(
    r"(?:(?P<year>'?\d{2}|\d{4})\s*)?"
    r"(?P<origin>[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3})\s*(?::\s*)?"
    r"(?P<serial>\d{1,7})(?![\d/A-Z])(?!\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d)"  # not a date "11-9-09"
    r"(?:\s*-\s*(?P<year2>\d{2})\b|\s+(?P<year3>\d{2})\b(?![\d/])(?!\s*[A-Z(]))?"
)
_SERIAL = lazy_re.compile(r"(?P<serial>\d{1,7})(?![\d/])")
_SEPARATOR = lazy_re.compile(r"\s*(?:[,;:]|\bAND\b|&)?\s*", re.I)
# Words that are never (part of) a cable origin.
_NOT_ORIGIN = set("""
AND OF FOR FROM TO ON IN AT BY DATED REF REFS REFTEL REFTELS ATTACHMENT ENCLOSURE DTD PARA PARAS PARAGRAPH
SECTION IIR TD EMAIL E-MAIL EMAILS E-MAILS
MEMCON TELCON LETTER NOTE REPORT REPORTS SEPTEL NOTAL RES RESOLUTION UNSCR UNSC UNGA NOTICE PREVIOUS OTHERS
JANUARY FEBRUARY MARCH APRIL MAY JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER
JAN FEB MAR APR JUN JUL AUG SEP SEPT OCT NOV DEC NO NUMBER TAB ANNEX PUBLIC LAW PL EO CFR USC
""".split())
# Spellings of posts that differ from the canonical cable-id origin.
_ORIGIN_ALIASES = {
    "SECSTATE": "STATE", "RIO": "RIODEJANEIRO", "HCMC": "HOCHIMINHCITY", "HOCHIMINH": "HOCHIMINHCITY",
    "MEXICOCITY": "MEXICO", "ADDIS": "ADDISABABA", "KUWAITCITY": "KUWAIT", "GUATEMALACITY": "GUATEMALA",
    "PANAMACITY": "PANAMA", "CASA": "CASABLANCA", "TGG": "TEGUCIGALPA",
    "USUN": "USUNNEWYORK", "USUNNY": "USUNNEWYORK", "UNVIE": "UNVIEVIENNA",
}


def _origin(raw: str) -> str | None:
    words = [w for w in re.split(r"[ -]+", raw.upper()) if w]
    if not words or any(w.strip("'.") in _NOT_ORIGIN for w in words):
        return None
    origin = re.sub(r"[^A-Z]", "", "".join(words))
    if len(origin) < 3:
        return None
    return _ORIGIN_ALIASES.get(origin, origin)


def _yy(*candidates: str | None, default_year: int | None) -> str | None:
    for value in candidates:
        if value:
            return value.lstrip("'")[-2:]
    return f"{default_year % 100:02d}" if default_year is not None else None


def _fix_ocr(text: str) -> str:
    """A zero typed for the letter O inside a post name (``0TTAWA``, ``SANTIAG0``, ``COTON0U``), and the
    letter O for a zero in a year (``O4 SAN JOSE 443``)."""
    text = re.sub(r"(?<![A-Z0-9])O(?=\d\s+[A-Z])", "0", text)  # "O4 SAN JOSE 443": the letter O for a zero
    return re.sub(r"(?<=[A-Z])0(?=[A-Z])|(?<=[A-Z]{3})0(?=\s+\d)|(?<![A-Z0-9])0(?=[A-Z]{3})", "O", text)


def cable_ids(body: str, default_year: int | None, own_origin: str | None = None) -> list[tuple[str, str]]:
    """(text, id) for each cable named by one REF item, in order; [] when it names none."""
    text = _fix_ocr(body.upper())
    found: list[tuple[str, str]] = []
    pos, last = 0, None
    while pos < len(text):
        sep = _SEPARATOR.match(text, pos)
        start = sep.end() if sep else pos
        match = _CABLE.match(text, start)
        origin = _origin(match.group("origin")) if match else None
        if match and origin:
            yy = _yy(match.group("year"), match.group("year2"), match.group("year3"), default_year=default_year)
            if yy is None:
                break
            last = (yy, origin)
            found.append((body[start:match.end()].strip(), f"{yy}{origin}{int(match.group('serial'))}"))
            pos = match.end()
            continue
        bare = _SERIAL.match(text, start)
        separated = sep is not None and sep.group(0).strip() != ""
        if bare and ((last and separated) or (own_origin and not found and not text[bare.end():].strip(" .,;"))):
            yy, origin = last or (_yy(default_year=default_year), own_origin)
            if yy is None:
                break
            found.append((body[start:bare.end()].strip(), f"{yy}{origin}{int(bare.group('serial'))}"))
            pos = bare.end()
            continue
        break
    return found


def _items(text: str) -> list[tuple[str | None, str]]:
    """Split a REF value into (letter, body) items; letters must run in alphabetical order."""
    starts = []
    expected = None
    for match in _ENUM.finditer(text):
        letter = (match.group(1) or match.group(2)).upper()
        if expected is None and starts == [] and letter != "A" and match.start() > 3:
            continue
        if expected is not None and letter != expected:
            continue
        starts.append((match, letter))
        expected = chr(ord(letter) + 1)
    items: list[tuple[str | None, str]] = []
    first = starts[0][0].start() if starts else len(text)
    if text[:first].strip(" ,;:"):
        items.append((None, text[:first]))
    for i, (match, letter) in enumerate(starts):
        end = starts[i + 1][0].start() if i + 1 < len(starts) else len(text)
        body = text[match.end():end]
        # "A. A) STATE 70789", "A. (A) PARIS 7682": the letter written twice.
        body = re.sub(rf"^\s*(?:\({letter}\)|{letter}[.)]|\))\s*", "", body, flags=re.I)
        # "A. REF A: 07 TGG 1798": the item labelled once more.
        body = re.sub(r"^\s*REF(?:TEL)?\s*\(?[A-Z]?\)?\s*:\s*", "", body, flags=re.I)
        items.append((letter, body))
    return items


MAX_REF_TEXT = 4000

# Where body text glued onto the REF line by the archive begins: "STATE 74305 (SBU) According to ...".
# "(C)" alone is also an item letter ("(C) BRASILIA 1392"): it starts body text only before a sentence.
_BODY_START = lazy_re.compile(r"\s(?:¶\s*)?\d{1,2}\s*\.\s*\((?:U|C|S|SBU|TS|[CS]\s*/\s*NF)\)\s"
                         r"|\s\((?:SBU|TS|[CS]\s*/\s*NF)\)\s|\s\((?P<letter>U|C|S)\)\s+[A-Z]?[a-z]"
                         r"|\s(?:Sensitive But Unclassified|SENSITIVE BUT UNCLASSIFIED)\b|\sNOTE:|VZCZC")


def parse_refs(text: str, default_year: int | None, own_origin: str | None = None) -> tuple[Ref, ...]:
    """The references of a REF value (lines already joined)."""
    # A REF list of real cables is a few hundred characters; a longer value is body text or
    # garbage, and the cap keeps the item scan linear on pathological lines.
    text = _PAGE_NOISE.sub(" ", " ".join(text[:MAX_REF_TEXT].split()))
    for body in _BODY_START.finditer(text):
        letter = body.group("letter")
        previous = letter and chr(ord(letter) - 1)
        if previous and re.search(rf"(?:^|[\s(¶]){previous}[.):]", text[:body.start()]):
            continue  # the next lettered item ("(B) ... (C) Brasilia 01392"), not body text
        text = text[:body.start()]
        break
    text = _LABEL.sub("", text).strip()
    refs: list[Ref] = []
    for letter, body in _items(text):
        body = body.strip(" ,;:")
        if not body:
            continue
        cables = cable_ids(body, default_year, own_origin if letter else None)
        if len(cables) > 1:
            refs.extend(Ref(letter=letter, text=t.strip(" ,;:."), id=i) for t, i in cables)
        elif cables:
            refs.append(Ref(letter=letter, text=body.rstrip(" .,;"), id=cables[0][1]))
        else:
            refs.append(Ref(letter=letter, text=body.rstrip(" .,;"), id=None))
    return tuple(refs)


def cable_id(text: str, default_year: int | None) -> str | None:
    """Normalise one cable reference (``09 STATE 1234`` -> ``09STATE1234``); None if not a cable."""
    found = cable_ids(text, default_year)
    return found[0][1] if found else None

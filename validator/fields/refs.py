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
from .posts import POSTS

_ENUM = lazy_re.compile(
    r"(?:(?<=^)|(?<=[\s,;:])|(?<=\d(?=[B-Z]\.\s)))"   # also glued to the serial before: "021770B. STATE"
    r"(?:¶\s*)?(?:[(\[]([A-Z])[)\]]|([A-Z])(?:\)|\.(?=\s|\d|\()|:(?=\s)))\s*", re.I)
_PAGE_NOISE = lazy_re.compile(
    r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)?\s*PAGE\s+\d+\s+[A-Z][A-Z ]*?\s+\d+\s+\d+\s+OF\s+\d+\s+\d{6}Z"
    r"|\b[A-Z][A-Z ]*?\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b", re.I)
_LABEL = lazy_re.compile(r"^\s*(?:REF(?:ERENCES?|TELS?|S|\(S\))?|REFTEL)(?:\s*[:.]\s*|\s+)", re.I)
_CABLE = lazy_re.compile(
    r"(?:(?P<year>'?\d{2}|\d{4})\s*)?"
    r"(?P<origin>[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3})\s*(?::\s*)?"
    r"(?P<serial>\d{1,7})(?![\dA-Z])(?!/\d{1,2}/)(?!/(?:19|20)\d\d\b)(?:(?<=\d{3})|(?!/))(?!\s*[-.]\s*\d{1,2}\s*[-/.]\s*\d)"  # not a date "11-9-09"
    r"(?:\s*-\s*(?P<year2>\d{2})\b|\s+(?P<year3>\d{2})\b(?![\d/])(?!\s*[A-Z(])|(?<=\d{3})/(?P<year4>\d{2})\b(?![\d/]))?"
)
_SERIAL = lazy_re.compile(r"(?P<serial>\d{1,7})(?!\d)(?!/\d{1,2}/)(?!/(?:19|20)\d\d\b)(?:(?<=\d{3})|(?!/))")
# SLASHED_SERIALS: "KABUL 936/935" names two cables of one post ("/08", two digits, is a year instead).
_SEPARATOR = lazy_re.compile(r"\s*(?:[,;:/]|\bAND\b|&)?\s*", re.I)
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


# PLAD prefixes before a mission's name ("USUNESCO PARIS" is the mission to UNESCO in Paris).
PLAD_PREFIXES = ("USMISSION", "AMEMBASSY", "AMCONSUL", "US")
# POST_PREFIX: a post name cut short by the archive or the drafter ("RIO DE JAN", "UNVIE", "USUN") is
# the one post of the vocabulary it begins, when it has at least this many letters.
MIN_PREFIX = 4
# POST_TYPO: a misspelt post ("TRIPOLII", "BISHTEK") is the one post of the vocabulary one edit away,
# for names at least this long (shorter names are too close to each other).
MIN_TYPO = 7
# OWN_POST_ABBREVIATION: an abbreviation of the citing post ("HK" in a Hong Kong cable, "BA" in a Buenos
# Aires one): its letters, the first one first, in order in the post's name; at most this many letters.
MAX_ABBREVIATION = 4


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one substitution, insertion or deletion."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _abbreviates(short: str, post: str) -> bool:
    if not short or short[0] != post[0]:
        return False
    rest = iter(post[1:])
    return all(c in rest for c in short[1:])


def resolve_origin(origin: str, own_origin: str | None = None) -> str:
    """The canonical cable-id form of a post as written in a REF list (itself when unknown)."""
    origin = _ORIGIN_ALIASES.get(origin, origin)
    if origin in POSTS:
        return origin
    for candidate in [origin] + [origin[len(p):] for p in PLAD_PREFIXES if origin.startswith(p)]:
        if candidate in POSTS:
            return candidate
        if len(candidate) >= MIN_PREFIX:
            longer = [p for p in POSTS if p.startswith(candidate)]
            if len(longer) == 1:
                return longer[0]
    if len(origin) >= MIN_TYPO:
        near = [p for p in POSTS if len(p) >= MIN_TYPO and _one_edit(origin, p)]
        if len(near) == 1:
            return near[0]
    if own_origin and len(origin) <= MAX_ABBREVIATION and _abbreviates(origin, own_origin):
        return own_origin
    return origin


def _origin(raw: str, own_origin: str | None = None) -> str | None:
    words = [w for w in re.split(r"[ -]+", raw.upper()) if w]
    if not words or words[0].strip("'.") in _NOT_ORIGIN:
        return None
    origin = re.sub(r"[^A-Z]", "", "".join(words))
    if any(w.strip("'.") in _NOT_ORIGIN for w in words):
        # "RIO DE JAN 1143": a cut post name may end in a word that is never an origin alone
        resolved = resolve_origin(origin) if len(origin) >= MIN_PREFIX else origin
        return resolved if resolved != origin and resolved in POSTS else None
    if len(origin) < 3:
        # "HK 3591": two letters are a post only as the citing post's abbreviation
        resolved = resolve_origin(origin, own_origin) if len(origin) == 2 else origin
        return resolved if resolved != origin else None
    return resolve_origin(origin, own_origin)


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


def cable_ids(body: str, default_year: int | None, own_origin: str | None = None,
              citing: str | None = None) -> list[tuple[str, str]]:
    """(text, id) for each cable named by one REF item, in order; [] when it names none.

    ``own_origin``: the post of a bare serial ("A) 6307"); ``citing``: the citing post, for its
    abbreviations ("HK 3591")."""
    text = _fix_ocr(body.upper())
    found: list[tuple[str, str]] = []
    pos, last = 0, None
    while pos < len(text):
        sep = _SEPARATOR.match(text, pos)
        start = sep.end() if sep else pos
        match = _CABLE.match(text, start)
        origin = _origin(match.group("origin"), citing or own_origin) if match else None
        if match and origin:
            yy = _yy(match.group("year"), match.group("year2"), match.group("year3"), match.group("year4"),
                     default_year=default_year)
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


# BARE_LETTER: an item letter written without its period before a post ("A MONTREAL 365 B OTTAWA 406"):
# the words after it must name a post of the vocabulary and a serial must follow.
_BARE_LETTER = lazy_re.compile(r"(?:(?<=^)|(?<=[\s,;]))([A-Z])\s+(?=(?:'?\d{2}\s+|\d{4}\s+)?(?P<post>(?i:[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3}))\s*\d)")


def _letters(text: str) -> list[tuple[int, int, str]]:
    """(start, end, letter) of every possible item letter in ``text``, in order."""
    found = [(m.start(), m.end(), (m.group(1) or m.group(2)).upper()) for m in _ENUM.finditer(text)]
    for match in _BARE_LETTER.finditer(text):
        words = re.split(r"[ -]+", match.group("post").upper())
        # the post may be followed by other words ("B OTTAWA 406"): try its first words alone
        if any(resolve_origin(re.sub(r"[^A-Z]", "", "".join(words[:n]))) in POSTS for n in range(len(words), 0, -1)):
            found.append((match.start(), match.end(), match.group(1)))
    return sorted(found)


def _items(text: str) -> list[tuple[str | None, str]]:
    """Split a REF value into (letter, body) items; letters must run in alphabetical order."""
    starts = []
    expected = None
    for start, end, letter in _letters(text):
        if starts and start < starts[-1][1]:
            continue
        if expected is None and starts == [] and letter != "A" and start > 3:
            continue
        if expected is not None and letter != expected:
            continue
        starts.append((start, end, letter))
        expected = chr(ord(letter) + 1)
    items: list[tuple[str | None, str]] = []
    first = starts[0][0] if starts else len(text)
    if text[:first].strip(" ,;:"):
        items.append((None, text[:first]))
    for i, (start, end, letter) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = text[end:stop]
        # "A. A) STATE 70789", "A. (A) PARIS 7682", "A. A: PANAMA 789": the letter written twice.
        body = re.sub(rf"^\s*(?:\({letter}\)|{letter}[.):]|\))\s*", "", body, flags=re.I)
        # "A. REF A: 07 TGG 1798", "A) REF A STATE 123": the item labelled once more (REPEATED_REF_LETTER).
        body = re.sub(rf"^\s*REF(?:TEL)?\s*(?:\(?{letter}\)?(?![A-Z0-9])\s*[:.)]?|\(?[A-Z]?\)?\s*:)\s*", "", body, flags=re.I)
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
    text = " ".join(text[:MAX_REF_TEXT].split())
    if " of " in text.lower():  # both kinds of page noise hold "OF" between spaces (the only white space left)
        text = _PAGE_NOISE.sub(" ", text)
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
        cables = cable_ids(body, default_year, own_origin if letter else None, citing=own_origin)
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

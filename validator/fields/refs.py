"""REF lists: lettered items and the cable ids they name (``REF: OTTAWA 616`` -> 09OTTAWA616).

An item is introduced by ``A.``, ``A)``, ``(A)`` or ``¶A.`` (sometimes doubled: ``A. A)``); an item
may name several cables (``TEHRAN 1091: TEHRAN 263``, ``GUANGZHOU 11657 and 7743``). A cable is
written ``[YY|YYYY|'YY] ORIGIN SERIAL[-YY| YY]``; without a year it is the citing cable's year, and
a bare serial (``A) 6307``) is the citing post's own cable. The year may also follow in parentheses
(``DOHA 152 (08)``) or stand between a known post and the serial (``SAN JOSE 07 1963``). Anything else
(e-mails, telcons, reports) is kept as written with no id.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..facts import post_letters
from ..model import Ref
from .. import lazy_re
from .edits import one_edit
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
    r"(?P<origin>[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3})\s*(?:(?P<sep>[:,])\s*)?#?"
    r"(?P<serial>\d{1,7})(?![\dA-Z])(?!/\d{1,2}/)(?!/(?:19|20)\d\d\b)(?:(?<=\d{3})|(?!/))(?!\s*[-.]\s*\d{1,2}\s*[-/.]\s*\d)"  # not a date "11-9-09"
    r"(?:\s*-\s*(?P<year2>\d{2})\b|\s+(?P<year3>\d{2})\b(?![\d/])(?!\s*[A-Z(])|(?<=\d{3})/(?P<year4>\d{2})\b(?![\d/])"
    r"|\s*\((?P<year5>(?:19|20)?\d{2})\)(?!\w))?"
)
# PAREN_YEAR (year5): the year in parentheses after the serial ("DOHA 152 (08)", "THE HAGUE 3350 (2004)").
# POST_COMMA_SERIAL (sep ","): a comma between post and serial ("PRAGUE, 1228"); only for a post of the
# vocabulary, since "WORD, 12" is common outside cable numbers.
# POST_YEAR_SERIAL: the year between post and serial ("SAN JOSE 07 1963"); only for a post of the vocabulary.
_POST_YEAR_SERIAL = lazy_re.compile(
    r"(?P<origin>[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3})\s+(?P<year>\d{2})\s+(?P<serial>\d{3,7})(?![\d/A-Z])")
# NUMBER_SIGN (the "#?" before the serial of _CABLE): "BAGHDAD #3565", the number sign of a cable number.
# NUMBERED_ITEM: items numbered instead of lettered ("(1) STATE 12345 (2) BAGHDAD 3565"): the label is
# skipped and the item read as a lettered one would be.
# A number with a leading zero ("(08) SAO PAULO 497") is a year, not an item number.
_NUMBERED_ITEM = lazy_re.compile(r"\([1-9]\d?\)\s*|[1-9]\d?\)\s+")
# IIR_NUMBER: an intelligence report number ("CAIRO IIR 6 899 0149 10") between cables: skipped, not a cable.
_IIR_NUMBER = lazy_re.compile(r"(?:[A-Z]+\s+)?IIR\s+\d\s+\d{3}\s+\d{4}\s+\d{2}\b")
# AND_PREVIOUS: "STATE 297614 AND PREVIOUS 03 RANGOON 1427": the filler after a cable, before the next one.
_AND_PREVIOUS = lazy_re.compile(r"\s*(?:AND\s+)?PREVIOUS\b")
# DATE_AFTER_SERIAL: "STATE 99488 24 SEP 2009": the cable's own date after its serial gives its year.
_DATE_AFTER_SERIAL = lazy_re.compile(
    r"\s+\d{1,2}\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?,?\s+(?P<year>(?:19|20)\d{2})\b")
# PORTION_MARK: a portion mark written inside a reference ("KUWAIT (C)02293") is not part of it.
_PORTION_MARK = lazy_re.compile(r"(?<=[A-Z])\s*\((?:U|C|S|SBU|LOU|TS)\)\s*(?=\d)")
# CLASSIFICATION_WORDS: a classification glued before the origin ("UNCLASS USDA FAS 57863") is no post name.
CLASSIFICATION_WORDS = frozenset({"UNCLAS", "UNCLASS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SBU"})
_SERIAL = lazy_re.compile(r"(?P<serial>\d{1,7})(?!\d)(?!/\d{1,2}/)(?!/(?:19|20)\d\d\b)(?:(?<=\d{3})|(?!/))")
# SLASHED_SERIALS: "KABUL 936/935" names two cables of one post ("/08", two digits, is a year instead).
_SEPARATOR = lazy_re.compile(r"\s*(?:[,;:/]|\bAND\b|&)?\s*", re.I)
_WORD_BREAK = lazy_re.compile(r"[ -]+")
_DIGIT = lazy_re.compile(r"\d")
# OCR_ZERO (_fix_ocr): the letter O for a zero before a year digit, and a zero for the letter O in a name.
_O_FOR_ZERO = lazy_re.compile(r"(?<![A-Z0-9])O(?=\d\s+[A-Z])")
_ZERO_FOR_O = lazy_re.compile(r"(?<=[A-Z])0(?=[A-Z])|(?<=[A-Z]{3})0(?=\s+\d)|(?<![A-Z0-9])0(?=[A-Z]{3})")
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
        near = [p for p in POSTS if len(p) >= MIN_TYPO and one_edit(origin, p)]
        if len(near) == 1:
            return near[0]
    if own_origin and len(origin) <= MAX_ABBREVIATION and _abbreviates(origin, own_origin):
        return own_origin
    return origin


def _origin(raw: str, own_origin: str | None = None) -> str | None:
    words = [w for w in _WORD_BREAK.split(raw.upper()) if w]
    while len(words) > 1 and words[0] in CLASSIFICATION_WORDS:
        words = words[1:]
    if not words or words[0].strip("'.") in _NOT_ORIGIN or words[0] in CLASSIFICATION_WORDS:
        return None
    origin = post_letters("".join(words))
    if any(w.strip("'.") in _NOT_ORIGIN for w in words):
        if origin in POSTS:
            return origin  # "PORT OF SPAIN 220": a post of the vocabulary may hold such a word ("OF")
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
    text = _O_FOR_ZERO.sub("0", text)  # "O4 SAN JOSE 443": the letter O for a zero
    return _ZERO_FOR_O.sub("O", text)


def _blank(pattern, text: str) -> str:
    """``text`` with the matches of ``pattern`` blanked out, keeping every offset (items are sliced from
    the text as written by the offsets found in the cleaned copy)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _post_year_serial(text: str, start: int, citing: str | None) -> tuple[re.Match, str] | None:
    """POST_YEAR_SERIAL at ``start``: (match, origin) when the words before the year name a known post."""
    match = _POST_YEAR_SERIAL.match(text, start)
    if not match:
        return None
    origin = _origin(match.group("origin"), citing)
    return (match, origin) if origin in POSTS else None


# BARE_YEAR: an item that is only the citing year or a year before it ("C. 2008" after "B. EMBASSY DAILY OF
# JANUARY 31") is the year of the date before it, split off at its comma, not a cable of the citing post.
BARE_YEAR_SPAN = 1


def _is_bare_year(serial: str, default_year: int | None) -> bool:
    """A bare four-digit serial that reads as the citing year (or up to BARE_YEAR_SPAN years before)."""
    return default_year is not None and len(serial) == 4 and 0 <= default_year - int(serial) <= BARE_YEAR_SPAN


def cable_ids(body: str, default_year: int | None, own_origin: str | None = None,
              citing: str | None = None) -> list[tuple[str, str]]:
    """(text, id) for each cable named by one REF item, in order; [] when it names none.

    ``own_origin``: the post of a bare serial ("A) 6307"); ``citing``: the citing post, for its
    abbreviations ("HK 3591")."""
    text = _blank(_PORTION_MARK, _fix_ocr(body.upper()))
    found: list[tuple[str, str]] = []
    pos, last, skipped = 0, None, False
    while pos < len(text):
        sep = _SEPARATOR.match(text, pos)
        start = sep.end() if sep else pos
        numbered = _NUMBERED_ITEM.match(text, start)
        if numbered:
            start = numbered.end()
        noise = _IIR_NUMBER.match(text, start) or (found and _AND_PREVIOUS.match(text, pos))
        if noise and noise.end() > pos:
            pos, skipped = noise.end(), True
            continue
        post_year = _post_year_serial(text, start, citing or own_origin)
        if post_year:
            match, origin = post_year
            last = (match.group("year"), origin)
            cable = f"{match.group('year')}{origin}{int(match.group('serial'))}"
            found.append((body[start:match.end()].strip(), cable))
            pos = match.end()
            continue
        match = _CABLE.match(text, start)
        origin = _origin(match.group("origin"), citing or own_origin) if match else None
        if origin and origin not in POSTS and (match.group("sep") == "," or skipped):
            origin = None  # POST_COMMA_SERIAL and cables after skipped text: only posts of the vocabulary
        if match and origin:
            dated = _DATE_AFTER_SERIAL.match(text, match.end())
            yy = _yy(match.group("year"), match.group("year2"), match.group("year3"), match.group("year4"),
                     match.group("year5"), dated and dated.group("year"), default_year=default_year)
            if yy is None:
                break
            last = (yy, origin)
            found.append((body[start:match.end()].strip(), f"{yy}{origin}{int(match.group('serial'))}"))
            pos = dated.end() if dated else match.end()
            continue
        bare = _SERIAL.match(text, start)
        separated = sep is not None and sep.group(0).strip() != ""
        alone = own_origin and not found and not text[bare.end():].strip(" .,;") if bare else False
        if bare and ((last and separated) or (alone and not _is_bare_year(bare.group("serial"), default_year))):
            yy, origin = last or (_yy(default_year=default_year), own_origin)
            if yy is None:
                break
            found.append((body[start:bare.end()].strip(), f"{yy}{origin}{int(bare.group('serial'))}"))
            pos = bare.end()
            continue
        # SEMICOLON_ITEMS: "SECDEF 122723; CAIRO IIR ...; 2009 CAIRO 491": a piece that names no cable does
        # not end a semicolon-separated list; the next piece is read (only posts of the vocabulary there).
        following = text.find(";", start)
        if following < 0:
            break
        pos, skipped = following + 1, True
    return found


# BARE_LETTER: an item letter written without its period before a post ("A MONTREAL 365 B OTTAWA 406"):
# the words after it must name a post of the vocabulary and a serial must follow.
_BARE_LETTER = lazy_re.compile(r"(?:(?<=^)|(?<=[\s,;]))([A-Z])\s+(?=(?:'?\d{2}\s+|\d{4}\s+)?(?P<post>(?i:[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3}))\s*\d)")


def _letters(text: str) -> list[tuple[int, int, str]]:
    """(start, end, letter) of every possible item letter in ``text``, in order."""
    found = [(m.start(), m.end(), (m.group(1) or m.group(2)).upper()) for m in _ENUM.finditer(text)]
    for match in _BARE_LETTER.finditer(text):
        words = _WORD_BREAK.split(match.group("post").upper())
        # the post may be followed by other words ("B OTTAWA 406"): try its first words alone
        if any(resolve_origin(post_letters("".join(words[:n]))) in POSTS for n in range(len(words), 0, -1)):
            found.append((match.start(), match.end(), match.group(1)))
    return sorted(found)


def _repeated_item(text: str, starts: list[tuple[int, int, str]], start: int, letter: str) -> bool:
    """REPEATED_ITEM_LETTER: "E) 08 TRIPOLI 530, E) 08 TRIPOLI 478, F) ...": the drafter gave two items the
    same letter. Only after an item that named something with a number (the letter written twice, "A. A)",
    or the label again, "A. REF A:", leaves no number between)."""
    if not starts or starts[-1][2] != letter:
        return False
    return _DIGIT.search(text[starts[-1][1]:start]) is not None


# One pair of patterns per item letter as written: A to Z in either case, and the few characters re.I
# folds onto them.
REPEATED_LABEL_CACHE_SIZE = 64


@lru_cache(maxsize=REPEATED_LABEL_CACHE_SIZE)
def _repeated_label(letter: str) -> tuple[re.Pattern, re.Pattern]:
    """The letter written twice ("A. A)"), and the item labelled once more ("A. REF A:"), at a body's start."""
    return (re.compile(rf"^\s*(?:\({letter}\)|{letter}[.):]|\))\s*", re.I),
            re.compile(rf"^\s*REF(?:TEL)?\s*(?:\(?{letter}\)?(?![A-Z0-9])\s*[:.)]?|\(?[A-Z]?\)?\s*:)\s*", re.I))


def _items(text: str) -> list[tuple[str | None, str]]:
    """Split a REF value into (letter, body) items; letters must run in alphabetical order."""
    starts = []
    expected = None
    for start, end, letter in _letters(text):
        if starts and start < starts[-1][1]:
            continue
        if expected is None and starts == [] and letter != "A" and start > 3:
            continue
        if expected is not None and letter != expected and not _repeated_item(text, starts, start, letter):
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
        twice, labelled = _repeated_label(letter)
        # "A. A) STATE 70789", "A. (A) PARIS 7682", "A. A: PANAMA 789": the letter written twice.
        body = twice.sub("", body)
        # "A. REF A: 07 TGG 1798", "A) REF A STATE 123": the item labelled once more (REPEATED_REF_LETTER).
        body = labelled.sub("", body)
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

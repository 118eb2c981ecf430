"""Who classified a cable: the name and title in a ``Classified By`` line.

Real lines put the title before the name ("Ambassador Glyn T. Davies for reasons 1.4 b and d")
or after it ("ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)"), wrap across lines
(the Cablegate text wraps at 71 columns, splitting words: "Hoyt Y" / "ee for reasons"), and
sometimes give no name at all ("CLASSIFIED BY SECTION 1.5 (B)"). A name is only returned when
it has the shape of a personal name; otherwise it is None, never a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from .. import lazy_re
from .edits import one_edit

# Cablegate's plain text wraps long lines at this width, cutting words in two.
WRAP_WIDTH = 71

_PREFIX = lazy_re.compile(r"^[ \t]*(?:¶[ \t]*)?(?:\d{1,2}[ \t]*\.[ \t]*)?(?:\([A-Z/ ]{1,12}\)[ \t]*)?"
                     r"(?:(?:CONFIDENTIAL|SECRET|UNCLASSIFIED)[ \t]*-+[ \t]*ENTIRE[ \t]+TEXT[ \t]*\.?[ \t]*)?"
                     r"(?:CLASSIFIED[ \t]+BY[ \t]*:?[ \t]*)+", re.I)
_ANY_PREFIX = lazy_re.compile(r"^.*?(?:CLASSIFIED[ \t]+BY[ \t]*:?[ \t]*)+", re.I)
_TRAILING = lazy_re.compile(r"(?:[\s,:;-]|\b(?:for|per|and|by|under)\b)+$", re.I)  # no nested +: exponential
_LEAD_MARK = lazy_re.compile(r"^(?:\([A-Z/ ]{1,12}\)\s*|\d{1,2}\s*\.\s*|CLASSIFIED\s+BY\s*:?\s*)+", re.I)
# Where the authority ends and the reason (or anything else) begins.
_CUT = lazy_re.compile(
    r"""
      \bE\.?\s?O\.?\s*1\d{4}                              # "E.O. 12958"
    | \b(?:for\s+)?1[123]\d{3}\b                         # the order alone: "FOR 12958 1.4 B, D"
    | \b(?:f\s?o\s?r\s+)?r\s?e\s?a\s?s\s?o\s?n            # reason(s), REA SONS, "fo r reasons"
    | \b(?:for\s+)?(?:reaons|resons?|rasons?|reas|rea)\b  # misspelt or cut reason words
    | \bsect(?:ion|aons?)s?\b(?=\s*\d) | \bsec\.
    | \b(?:per|due\s+to|under|based\s+(?:up)?on|derived\s+from|IAW)\b
    | (?<![\w.])1\s*[.,]\s*[1-8](?![\d])                 # a bare section number
    | ;
    | ¶ | \s\d{1,2}\.\s+\(                                # the first paragraph
    """, re.I | re.X)

# Words of titles and offices (upper case); a name never contains them.
_TITLE_WORDS = set("""
AMBASSADOR AMBASSADRO AMB AMB. AMBASSADOR-AT-LARGE CHARGE CHARGE' D'AFFAIRES D'AFAIRS D'AFFAIRS AFFAIRES AFFAIRS
CDA DCM CHIEF MISSION DEPUTY ACTING ASSISTANT SECRETARY UNDER UNDERSECRETARY SPECIAL REPRESENTATIVE ENVOY
COORDINATOR DIRECTOR DIR DIRECTORATE HEAD OFFICER OFFICE CONSUL GENERAL CONSUL-GENERAL PRINCIPAL MINISTER
MINISTER-COUNSELOR MINISTER-COUNSELLOR COUNSELOR COUNSELLOR COUNSELR COUNS COUNSEL POLCOUNS ECONCOUNS
POL ECON POLOFF ECONOFF POL/ECON POL-ECON POLMIL POL-MIL POL/MIL ECON/POL E/P P/E POL/C RSO TDY DAO DATT
ATTACHE LEGATT USAID AID MISSION DIRECTOR PERMANENT ALTERNATE POLITICAL ECONOMIC MILITARY PUBLIC DIPLOMACY
MANAGEMENT CONSULAR COMMERCIAL AGRICULTURAL REGIONAL SECURITY DEFENSE DEFENCE SECTION UNIT EMBASSY CONSULATE
STATE DEPARTMENT DOS DEPT AIT PRT USEU USNATO USUN USOSCE INTERAGENCY PROVINCIAL GOVERNANCE NATIONAL
SENIOR ADVISOR ADVISER ANALYST SPECIALIST LEADER TEAM DEPUTY-DIRECTOR VICE ASSOCIATE EXECUTIVE ADMINISTRATOR
CLASSIFICATION CLASSIFIED GUIDE A.I. AI INTERIM OIC OFFICER-IN-CHARGE
ENVIRONMENT SCIENCE TECHNOLOGY HEALTH ESTH EST&H LABOR TRADE FINANCE ENERGY AFFAIRS RESOURCES INTERNATIONAL
LINE ADDED ADCM A/DCM PDAS DAS PAO CG PO MGMT ECONCOUNSELOR POLCOUNSELOR MULTIPLE SOURCES SOURCE DERIVED
ORGANIZATION ORGANIZATIONS BUREAU DIVISION BRANCH PROGRAM PROGRAMS POLICY PLANNING RELATIONS CHARGE'D'AFFAIRES
""".split())
# Office abbreviations built from parts: POLMINCOUNS, A/POLCOUNS, ECONOFF, POLMILOFF.
_TITLE_SHAPE = lazy_re.compile(
    r"COUNS|^(?:[A-Z]+/)?(?:POL|ECON|CONS?|MGT|POLMIL|POL-MIL|PE|EP|POLEC|ECONPOL|LAB|SCI|ENV|ESTH|EST|AG|ADMIN|DEP)OFF$")
# Title words that a misspelling is compared with (the office words; not words that are also names).
_TYPO_TITLES = frozenset(w for w in _TITLE_WORDS if w.isalpha()) - {"GENERAL", "HEAD", "LEADER"}
_FUNCTION_WORDS = {"BY", "FOR", "TO", "OF", "AND", "THE", "IN", "ON", "AT", "WITH"}
_SUFFIX = {"JR", "SR", "II", "III", "IV"}
_REDACTED = lazy_re.compile(r"X{3,}")
_INITIAL = lazy_re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.){2,3}$")  # "A", "A.", "S.K." (not "DOE.")
_WORD = lazy_re.compile(r"^(?:[A-Z]\.)?[A-Z][A-Za-z'’\-]*[A-Za-z]$")
_PARTICLE = {"van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "bin", "ibn", "al", "el"}
_CAPITALISED = lazy_re.compile(r"\b[A-Z][a-z]{2,}")
_ABBREV = lazy_re.compile(r"^[a-z]{1,2}\.(?:[a-z]{1,2}\.?)*$|^\([A-Za-z.]{1,5}\)$")  # a.i., a.y., (AI)


MAX_AUTHORITY_TEXT = 600

# ZERO_AS_O: typists and OCR put a zero for the letter O inside words ("AMBASSAD0R B0HLEN",
# "REAS0N", "0. SMITH"); a zero next to a letter is read as O for classification and cutting,
# while the name keeps the text as written.
_ZERO_AS_O = lazy_re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z.])(?<![\d.]0)(?!\.\d)")

# TITLE_TYPO: a word one letter away from a title word of this length or more is that title
# misspelt ("CIEF", "Direcor", "Ambasador"); shorter title words are too close to names.
TITLE_TYPO_MIN = 5


def _read_zero_as_o(text: str) -> str:
    """``text`` with a zero next to a letter replaced by O (same length, so indices agree)."""
    return _ZERO_AS_O.sub("O", text) if "0" in text else text


@lru_cache(maxsize=1)
def _typo_titles_by_length() -> dict[int, tuple[str, ...]]:
    """The TITLE_TYPO words by length (a word one edit away is at most one letter longer or shorter)."""
    found: dict[int, list[str]] = {}
    for title in sorted(_TYPO_TITLES):
        if len(title) >= TITLE_TYPO_MIN and title.isalpha():
            found.setdefault(len(title), []).append(title)
    return {size: tuple(words) for size, words in found.items()}


@lru_cache(maxsize=4096)
def _misspelt_title(upper: str) -> bool:
    if len(upper) < TITLE_TYPO_MIN - 1 or not upper.isalpha():
        return False
    by_length = _typo_titles_by_length()
    size = len(upper)
    return any(one_edit(upper, t) for n in (size - 1, size, size + 1) for t in by_length.get(n, ()))


def join_lines(lines: list[str], widths: list[int] | None = None) -> str:
    """Join wrapped lines; a word cut at the wrap width is glued back together.

    ``widths`` gives the physical length of each line when a line is the end of a longer
    physical line (header fields glued on one line are split before parsing).
    """
    text = ""
    previous = 0
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r\n")
        if not text:
            text = line.strip()
        elif line[:1].isalnum() and text[-1:].isalnum() and previous >= WRAP_WIDTH:
            text += line.strip()
        else:
            text += " " + line.strip()
        previous = widths[index] if widths else len(line.rstrip())
    return text


# FLATTENED_WRAP: the archive re-flowed some cables, turning the 71-column line break into a space
# inside a word ("... Political Affairs Do nald A. Blome"): a lower-case fragment right after the wrap
# column of a longer line, behind a capitalised fragment, is the rest of that word (unless it is one of
# the small words that follow a name).
_WRAP_HEAD = lazy_re.compile(r"\b[A-Z][a-z]*$")
_WRAP_TAIL = lazy_re.compile(r" ([a-z]+)\b")
_AFTER_NAME_WORDS = frozenset("for and of per by under reason reasons reas the a an on in to with due based".split())


def _unflatten(line: str, width: int | None) -> str:
    """``line`` with a word cut by the archive's re-flowed 71-column wrap joined (FLATTENED_WRAP)."""
    if len(line) <= WRAP_WIDTH + 1 or (width is not None and width != len(line.rstrip())):
        return line  # short, or the tail of a longer physical line (its columns are not the wrap's)
    tail = _WRAP_TAIL.match(line, WRAP_WIDTH)
    if not tail or not _WRAP_HEAD.search(line[:WRAP_WIDTH]) or tail.group(1) in _AFTER_NAME_WORDS:
        return line
    return line[:WRAP_WIDTH] + line[WRAP_WIDTH + 1:]


def authority_text(lines: list[str], widths: list[int] | None = None) -> str:
    """The text naming the classifier: the Classified By value up to its reason part."""
    if not lines:
        return ""
    # A Classified By value names one or two people in a line or two: the cap keeps the
    # pattern work linear on pathological input.
    lines = [_unflatten(lines[0], widths[0] if widths else None)] + list(lines[1:])
    text = join_lines(lines, widths)[:MAX_AUTHORITY_TEXT]
    # Anything before the label ("- - C O R R E C T E D C O P Y - - CLASSIFIED BY LINE ADDED").
    text = _PREFIX.sub("", text, count=1) if _PREFIX.match(text) else _ANY_PREFIX.sub("", text, count=1)
    text = _LEAD_MARK.sub("", text.strip())
    cut = _CUT.search(_read_zero_as_o(text))
    if cut:
        text = text[:cut.start()]
    text = _TRAILING.sub("", text)
    return text.strip(" \t,:;-")


# Classified By lines repeat the same few hundred words (titles, "for", "reasons", names): a token's
# class is a pure function of the token and the line's case, kept for this many.
CLASS_CACHE_SIZE = 4096


@lru_cache(maxsize=CLASS_CACHE_SIZE)
def _classify(token: str, caps: bool) -> str:
    """I (initial), W (name word), S (suffix), T (title word), F (of, for, to), A (a.i.) or X (other)."""
    bare = _read_zero_as_o(token).strip(",:;")
    core = bare.rstrip(".")
    upper = core.upper()
    if upper in _SUFFIX:
        return "S"
    if upper.rstrip(".") in _FUNCTION_WORDS:
        # "and"/"of" may end a name in mixed case; in capitals it is as likely inside a title
        # ("ACTING U/S FOR ARMS CONTROL AND INTERNATIONAL SECURITY (T) JOHN C. ROOD").
        return "X" if caps else "F"
    parts = set(upper.split("-")) | set(upper.split("/"))
    if _TITLE_SHAPE.search(upper) or upper in _TITLE_WORDS or bare.upper() in _TITLE_WORDS or parts & _TITLE_WORDS:
        return "T"
    if _misspelt_title(upper):
        return "T"
    if _ABBREV.match(bare):
        return "A"
    if core.lower() in _PARTICLE and (core.islower() or not caps):
        return "P"
    if _REDACTED.fullmatch(upper):
        return "X"  # a redaction ("XXXXXXXXXXXX") is never a name
    if ".." in bare:
        return "X"  # a truncated line ("Political Economic Cou...")
    if "/" in core or (not caps and core.isupper() and core.isalpha() and 2 <= len(core) <= 4):
        return "T"  # an office (EUR/FO, POL/ECON) or an acronym (DAS, CDA) among mixed-case words
    # (a longer word in capitals among mixed-case words is a surname: "GILMOUR, David, DCM")
    if _INITIAL.match(bare):
        return "I"
    if _WORD.match(core) and (caps or any(c.islower() for c in core) or len(core) >= 5):
        return "W"
    return "X"


def _boundary(token: str) -> bool:
    return token[-1:] in ",:;"


# Three name words right after a title word: "Ambassador Mary Beth Leonard".
_NAME3 = lazy_re.compile(r"(?<=T)WWW(?:\|?S)?(?=A*[|F])")
# A name ends a segment, or comes before "and" / "of" ("DTRO Chief Fred Carter and Poloff ...").
_NAME = lazy_re.compile(r"(?:I?WI*P*W|I+P*W)(?:\|?S)?(?=A*[|F])")
# "Schechter Torres, Julie, Counselor": surname(s), given name, then the title.
_SURNAME_GIVEN = lazy_re.compile(r"^WW?\|W(?=\|T)")
# A login id alone: "RCROCKER", "PSIMONS", "DCMcCullough".
_LOGIN = lazy_re.compile(r"^W(?=A*\|$)")
# "DUDDY, AMBASSADOR, DOS" / "Martinez, Vilma, Ambassador": surname first, then the title.
_SURNAME_FIRST = lazy_re.compile(r"^W(?:\|W)?(?=\|T)")
_SURNAME = lazy_re.compile(r"(?<=T)W(?:\|?S)?(?=A*\|)")


# SECOND_CLASSIFIER: two people may classify a cable together ("DTRO Chief Fred Carter and Poloff
# Steven Prohaska"): a name right after "and" (past its own title words) is kept with the first
# when a title introduced the first (so "for Arms Control and International Security" is no pair).
_SECOND_NAME = lazy_re.compile(r"T*((?:I?WI*P*W|I+P*W)(?:\|?S)?)(?=A*(?:\||F))")
_JOINING_WORDS = ("and", "&")


def _token_span(index_of: list[int], start: int, end: int) -> tuple[int, int]:
    """Token indices [first, last + 1) of the class-string positions start..end."""
    first = index_of.index(start)
    return first, max(i for i, pos in enumerate(index_of) if pos < end) + 1


def _second_name(tokens: list[str], marked: str, index_of: list[int], end: int) -> str | None:
    """The second classifier's name after the first one's token ``end`` (SECOND_CLASSIFIER), or None."""
    if end + 1 >= len(tokens) or tokens[end].lower() not in _JOINING_WORDS or _boundary(tokens[end - 1]):
        return None
    match = _SECOND_NAME.match(marked, index_of[end + 1])
    if not match:
        return None
    first, last = _token_span(index_of, match.start(1), match.end(1))
    return " ".join(tokens[first:last]).strip(",:; ").rstrip(".") or None


def parse_authority(lines: list[str], widths: list[int] | None = None) -> tuple[str | None, str | None]:
    """(name, title) from the lines of a Classified By block (first line with its label)."""
    text = authority_text(lines, widths)
    if not text:
        return None, None
    text = text[:400]  # a name and title are far shorter; bounds the (quadratic) class-string scan
    text = text.replace(":", ": ").replace(",", ", ")
    tokens = text.split()
    caps = not _CAPITALISED.search(text)
    read = tokens
    if not any(c.isupper() for c in text):
        # LOWER_CASE_LINE: a line written all in lower case ("com jonathan farrar") reads as the same
        # line in capitals; the name keeps the case it was written in
        upper = text.upper().split()
        if len(upper) == len(tokens):
            read, caps = upper, True
    classes = "".join(_classify(t, caps) for t in read)
    # One class letter per token, "|" after tokens that end a segment (comma, colon) and at the end.
    marked, index_of = "", []
    for i, (cls, tok) in enumerate(zip(classes, tokens)):
        index_of.append(len(marked))
        marked += cls
        if _boundary(tok) or i == len(tokens) - 1:
            marked += "|"
    match = (_SURNAME_GIVEN.search(marked) or _NAME3.search(marked) or _NAME.search(marked)
             or _SURNAME_FIRST.search(marked) or _LOGIN.search(marked)
             or _SURNAME.search(marked))
    if not match:
        return None, None
    start, end = _token_span(index_of, match.start(), match.end())
    name_tokens = tokens[start:end]
    titled = match.start() > 0 and marked[match.start() - 1] == "T"  # a title word names the first person
    second = _second_name(tokens, marked, index_of, end) if titled and not caps else None
    name = " ".join(name_tokens).strip(",:; ")
    last = name_tokens[-1].strip(",:;")
    abbreviated = last.rstrip(".").upper() in ("JR", "SR") or _classify(last, caps) == "I"
    if name.endswith(".") and not abbreviated:
        name = name[:-1]
    name = name.replace(" ,", ",")
    if second:
        name = f"{name} and {second}"
    if start == 0:
        rest = tokens[end:]
        title_tokens = []
        for tok in rest:
            title_tokens.append(tok)
            if _boundary(tok):
                break
        title = " ".join(title_tokens)
    else:
        title = " ".join(tokens[:start])
    title = _LEAD_MARK.sub("", title).strip(" ,.:;-") or None
    return name, title

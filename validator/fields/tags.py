"""TAGS: the subject and country codes of a cable.

The value is space- or comma-separated codes (``PREL PGOV IZ``); a person tag keeps its comma and
initials (``OVIP (CLINTON, HILLARY R.)`` -> ``OVIP``, ``CLINTON, HILLARY R.``); a trailing free-text
phrase is one tag (``PM ECONOMIC AFFAIRS``, ``TIP IN TURKEY``); page-break debris and classification
words glued onto the value are dropped; codes glued together by the archive (``AMEDCASCKFLO``, ``VTPREL``) are split
back into known subject codes and two-letter country codes; repeats and SIPDIS are dropped.
"""

from __future__ import annotations

import re
from .. import lazy_re

_MARKDOWN = lazy_re.compile(r"\[([^\]\n]{1,40})\]\([^)\n]{0,200}\)")
# A header label glued onto the TAGS value ("GTREFTEL: SECSTATE 267453", "TU SUBJECT: ...").
_NEXT_FIELD = lazy_re.compile(r"(?:\bSUBJ(?:ECT)?\b|REF(?:TELS?|S)?\s*:|\bREF\b|\bE\.\s?O\.\s?\d)", re.I)
_ITEM = lazy_re.compile(r"[A-Z0-9][A-Z0-9&/_.'-]*(?:\s*\([^()\n]{1,60}\))?", re.I)
_NOT_TAGS = {"SIPDIS", "NOFORN", "TAGS", "TAG"}
# PAGE_DEBRIS: an older page break glued into the value ("SECRET PAGE 02 LIMA 02475 01 OF 03 251228Z")
# and classification words of the page's top or bottom line: a tag is never a classification.
_PAGE_DEBRIS = lazy_re.compile(
    r"(?:\b(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED\s+OFFICIAL\s+USE)\s+)?\bPAGE\s+\d{1,3}\s+[A-Z]+(?: [A-Z]+)*\s+\d{3,8}"
    r"(?:\s+\d{2,3}(?:\.\d)?\s+OF\s+\d{2,3})?(?:\s+\d{6}Z)?"
    r"|\b(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED\s+OFFICIAL\s+USE)\b", re.I)
# REPEATED_LABEL: the label written again inside the value ("TAGS: TAGS: PREL"), or cut to "AGS:" at its start.
_LABEL = lazy_re.compile(r"\bTAGS?\s*:|^\s*AGS\s*:", re.I)
# PERSON_TAG: "OVIP (SURNAME, GIVEN M.)" is two tags, the code and the person, who keeps the comma
# and initials of the name.
_PERSON = lazy_re.compile(r"^(?P<code>[^()]*?)\s*\((?P<person>[^()]+)\)\s*$")

# Subject codes of the TAGS system (Traffic Analysis by Geography and Subject) used to split glued
# codes; two-letter country codes are recognised by their shape.
SUBJECT_CODES = frozenset("""
ABLD ADCO ADPM AEMR AFIN AFLU AFSI AFSN AGAO AGMT AINF AINR AINT AJAM ALOW AMED AMGT AMTC AODE APCS APER
AREP ASCH ASEC ASIG ASUP ATRN AVERY BBSR BEXP BMGT BTIO CARC CASC CDB CFED CJAN CMGT CPAS CVIS EAGR EAID
EAIR ECIN ECON ECPS EFIN EFIS EIND EINT EINV ELAB ELTN EMIN ENGR ENIV ENRG EPET ETRD ETTC EWWT HHS IRAQI
KAWC KBCT KBIO KCFE KCIP KCOR KCRM KCRS KDEM KDRG KE KFLO KFLU KFRD KGHG KGIC KHIV KHLS KIDE KIPR KIRF
KISL KJUS KLIG KMCA KMDR KMPI KNAR KNNP KNPP KOCI KOMC KPAL KPAO KPKO KPLS KPOW KPRP KRAD KRFD KRIM KRVC
KSAF KSCA KSEP KSTC KSUM KTDB KTER KTEX KTFN KTIA KTIP KUNR KVPR KWBG KWMN MARR MASS MCAP MNUC MOPS MTCR
NATO OEXC OFDP OIIP OPDC OPRC OREP OSCE OTRA OVIP PARM PBIO PBTS PCUL PDEM PGOV PHSA PHUM PINR PINS PINT
PKAO PKFK PMIL PNAT PNUC POLM PREF PREL PROP PSOE PTER PTEL SCUL SENV SHUM SMIG SNAR SOCI SPCE SPCO TBIO
TINT TNGD TPHY TRGY TSPA TSPL UNGA UNSC
""".split())
_PHRASE_WORD = lazy_re.compile(r"^[A-Z][A-Z'-]*$")
_TAG_START = lazy_re.compile(r"[A-Z0-9]")


def _split_glued(code: str) -> list[str]:
    """``AMEDCASCKFLO`` -> AMED CASC KFLO; a code that does not split cleanly stays whole."""
    if len(code) < 6 or len(code) > 48 or not code.isalpha() or not code.isupper():
        return [code]  # (at most twelve glued codes: bounds the recursion below)

    def split(rest: str) -> list[str] | None:
        if not rest:
            return []
        if rest[:4] in SUBJECT_CODES:
            tail = split(rest[4:])
            if tail is not None:
                return [rest[:4]] + tail
        if len(rest) >= 2 and rest[2:6] in SUBJECT_CODES or len(rest) == 2:
            tail = split(rest[2:])
            if tail is not None:
                return [rest[:2]] + tail
        return None

    pieces = split(code)
    if not pieces or not any(len(p) == 4 for p in pieces):
        return [code]
    return pieces


def _wordlike(word: str) -> bool:
    """An English word rather than a code: a vowel inside it (HUMAN, TURKEY; not MTCRE, UNHRC)."""
    return len(word) >= 3 and any(c in "AEIOUY" for c in word[1:-1])


def _words(item: str) -> list[str]:
    """One comma-separated item: codes, with a trailing free-text phrase kept whole
    (``PM ECONOMIC AFFAIRS``, ``KJUS TIP IN TURKEY``)."""
    words = item.split()
    # Suffix flags, so that the scan stays linear however long the line:
    # all_phrase[i]: every word from i on is a phrase word; any_wordlike[i]: one of them reads as a word.
    n = len(words)
    all_phrase = [True] * (n + 1)
    any_wordlike = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        w = words[i]
        all_phrase[i] = all_phrase[i + 1] and w not in SUBJECT_CODES and bool(_PHRASE_WORD.match(w))
        any_wordlike[i] = any_wordlike[i + 1] or _wordlike(w)
    for i, word in enumerate(words):
        # (the flags first: they are look-ups, and rarely all true)
        if (i + 1 < n and all_phrase[i + 1] and any_wordlike[i + 1] and len(word) != 4 and _wordlike(word)
                and _PHRASE_WORD.match(word)):
            return words[:i] + [" ".join(words[i:])]
    return words


def _items(text: str) -> list[str]:
    r"""Split at "," and ";" outside parentheses, i.e. where the next parenthesis to the right is not a
    ")" (the regex ``[,;](?![^()]*\))`` says the same, but rescans the rest of the line at every comma:
    quadratic on a long line)."""
    if ")" not in text:
        return _SEPARATORS.split(text)
    out: list[str] = []
    end, closing = len(text), False
    for i in range(len(text) - 1, -1, -1):
        char = text[i]
        if char == ")":
            closing = True
        elif char == "(":
            closing = False
        elif (char == "," or char == ";") and not closing:
            out.append(text[i + 1:end])
            end = i
    out.append(text[:end])
    out.reverse()
    return out


_SEPARATORS = re.compile(r"[,;]")


def parse_tags(text: str) -> tuple[str, ...]:
    """Split a TAGS value (continuation lines joined with spaces) into tags."""
    text = _MARKDOWN.sub(r"\1", text)
    text = _LABEL.sub(" ", _PAGE_DEBRIS.sub(" ", text))
    cut = _NEXT_FIELD.search(text)
    if cut:
        text = text[:cut.start()]
    tags: list[str] = []
    for item in _items(text):
        item = " ".join(item.split())
        if "(" in item:  # person TAGS: OVIP (CLINTON, HILLARY) -> OVIP, CLINTON, HILLARY
            for match in _ITEM.finditer(item):
                token = " ".join(match.group(0).split()).strip(" -")
                person = _PERSON.match(token)
                if person:
                    code = person.group("code").strip(" -.").upper()
                    tags.extend(([code] if code else []) + [person.group("person").strip(" ,").upper()])
                else:
                    tags.extend([token] if "(" in token else _split_glued(token.upper().strip(".")))
            continue
        for word in _words(item):
            word = word.upper().strip(" -.")
            tags.extend([word] if " " in word else _split_glued(word))
    seen: dict[str, None] = {}
    for tag in tags:
        if tag and _TAG_START.match(tag) and tag not in _NOT_TAGS:
            seen.setdefault(tag)
    return tuple(seen)

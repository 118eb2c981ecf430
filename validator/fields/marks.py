"""Portion marks and classification words: ``(S//NF)``, ``(SBU)``, ``C O N F I D E N T I A L``."""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Level, PortionMark, Span
from .. import lazy_re

_LEVEL_WORDS = {
    "U": Level.UNCLASSIFIED, "UNCLASSIFIED": Level.UNCLASSIFIED, "UNCLAS": Level.UNCLASSIFIED,
    "SBU": Level.UNCLASSIFIED, "LOU": Level.LIMITED_OFFICIAL_USE,
    "LIMITED OFFICIAL USE": Level.LIMITED_OFFICIAL_USE,
    "C": Level.CONFIDENTIAL, "CONFIDENTIAL": Level.CONFIDENTIAL,
    "S": Level.SECRET, "SECRET": Level.SECRET,
    "TS": Level.TOP_SECRET, "TOP SECRET": Level.TOP_SECRET, "TOPSECRET": Level.TOP_SECRET,
}
_CONTROL_ALIASES = {"NF": "NOFORN", "N": "NOFORN", "NOFORN": "NOFORN", "OC": "ORCON", "ORCON": "ORCON",
                    "PR": "PROPIN", "PROPIN": "PROPIN"}
_SPACES = lazy_re.compile(r"[ \t]+")
_LETTER_SPACED = lazy_re.compile(r"(?:[A-Za-z][ \t])+[A-Za-z]")
_SLASHES = lazy_re.compile(r"/+")


# Distinct words and marks are few ("(C)", "SECRET", "(S//NF)"): the readers below keep their
# results for that many (pure functions of the text, so a kept result is the result).
WORD_CACHE_SIZE = 1024


@lru_cache(maxsize=WORD_CACHE_SIZE)
def level_from_word(word: str) -> Level | None:
    """Map a classification word, letter-spaced or not, any case, to a Level."""
    key = _SPACES.sub(" ", word.strip().upper())
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key]
    key = key.replace(" ", "")
    if len(key) > 6 and key[0] == key[1]:  # "SS E C R E T": a doubled first letter
        key = key[1:]
    return _LEVEL_WORDS.get(key)


# GARBLED_BANNER: published copies damage the first letter of the banner word: doubled
# ("UUNCLAS", "SS E C R E T"), lost ("NCLAS", "E C R E T", "O N F I D E N T I A L") or preceded by a
# stray letter ("CSE C R E T"). Only the first letter: anything else is not read as a level.
_BANNER_WORDS = ("CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "TOPSECRET")


@lru_cache(maxsize=WORD_CACHE_SIZE)  # (every record's banner word is read again by integrity.assess)
def garbled_level(word: str) -> Level | None:
    """The level of a banner word whose first letter is damaged (None when intact or unreadable)."""
    key = _SPACES.sub("", word.strip().upper())
    if key in _BANNER_WORDS or not key:
        return None
    for canonical in _BANNER_WORDS:
        if (key[1:] == canonical  # doubled or stray first letter
                or canonical[1:] == key):  # lost first letter
            return _LEVEL_WORDS[canonical]
    return None


def is_letter_spaced(word: str) -> bool:
    return bool(_LETTER_SPACED.fullmatch(word.strip()))


def parse_mark(raw: str, line: int, column: int, malformed: bool = False) -> PortionMark:
    """Parse a portion mark as written (with or without parentheses) at a 1-based position."""
    return mark_at(raw, Span(line, column, line, column + len(raw)), malformed=malformed)


def mark_at(raw: str, span: Span, malformed: bool = False) -> PortionMark:
    """``parse_mark`` given the mark's span (one line, ``len(raw)`` columns), which the builder has made."""
    level, controls, sbu, double = _mark_parts(raw)
    return PortionMark(raw=raw, level=level, controls=controls, sbu=sbu, span=span, malformed=malformed,
                       double_slash=double)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _mark_parts(raw: str) -> tuple[Level | None, frozenset[str], bool, bool]:
    """(level, controls, sbu, double slash) of a portion mark as written."""
    inner = raw.strip().strip("()").strip()
    double = "//" in inner
    parts = [p.strip() for p in _SLASHES.split(inner) if p.strip()]
    head = parts[0].upper() if parts else ""
    controls: set[str] = set()
    sbu = head == "SBU"
    for part in parts[1:]:
        token = part.upper()
        if token.startswith("REL"):
            controls.add("REL")
        elif token == "SBU":
            sbu = True
            controls.add("SBU")
        else:
            controls.add(_CONTROL_ALIASES.get(token, token))
    return level_from_word(head), frozenset(controls), sbu, double


def mark_text(mark: PortionMark) -> str:
    """The mark as it should be quoted in messages: ``(S/NF)``."""
    raw = mark.raw.strip()
    return raw if raw.startswith("(") else "(" + raw

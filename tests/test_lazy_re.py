"""Module-level patterns compiled lazily behave exactly as ``re.compile``."""

import re

from validator import lazy_re

PATTERN = r"(?P<level>C[ \t]?O[ \t]?N[ \t]?F\w*)\s+(?P<serial>\d{3,7})\b"


def test_lazy_pattern_is_re_compile():
    lazy, plain = lazy_re.compile(PATTERN, re.I), re.compile(PATTERN, re.I)
    assert "_compiled" not in lazy.__dict__  # nothing compiled before the first use
    for text in ("c o n f idential 000700", "CONFIDENTIAL 12", "Confidential OTTAWA"):
        a, b = lazy.match(text), plain.match(text)
        assert (a and a.groupdict()) == (b and b.groupdict())
    assert lazy.compiled is lazy.compiled  # compiled once
    assert (lazy.pattern, lazy.flags, lazy.groupindex) == (plain.pattern, plain.flags, plain.groupindex)
    assert lazy.sub("X", "CONF 123 and conf 4567") == plain.sub("X", "CONF 123 and conf 4567")


def test_a_word_pattern_never_matches_another_word():
    """The old on-disk program cache once gave a pattern printing SIPDIS that matched NOFORN."""
    sipdis = lazy_re.compile(r"\bSIPDIS\b")
    assert sipdis.search("X SIPDIS Y") and not sipdis.search("NOFORN")

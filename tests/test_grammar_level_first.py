"""LEVEL_FIRST: the lookahead before a banner's or class line's level names the characters a level can
start with. It must change no match: each pattern with and without it gives the same groups on lines
made from the pattern itself, on near-misses and (when ../shared is there) on every corpus line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from validator import parser

_LOOKAHEADS = {"BANNER_LINE": "(?=[COTSEUNL \t])", "CLASS_LINE": "(?=[CSTUL])"}
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def _pair(name):
    pattern = parser.terminal_pattern(name).pattern
    assert _LOOKAHEADS[name] in pattern  # the grammar still carries it
    return re.compile(pattern), re.compile(pattern.replace(_LOOKAHEADS[name], "", 1))


def _same(name, line):
    mine, plain = _pair(name)
    a, b = mine.match(line), plain.match(line)
    assert (a is None) == (b is None), line
    if a is not None:
        assert a.span() == b.span() and a.groupdict() == b.groupdict(), line


_NEAR = st.lists(st.sampled_from(["-", "=", "*", '"', " ", "\t", "C", "O", "N", "F", "S", "E", "T", "U", "L", "c",
                                  "ſ", "K", "CONFIDENTIAL", "C O N F I D E N T I A L", "SECRET", "UNCLAS",
                                  "TOP SECRET", " ROME 1234", " SECTION 01 OF 02", "/NOFORN", "X", "1"]),
                 max_size=14).map(lambda parts: "".join(parts) + "\n")


@pytest.mark.parametrize("name", sorted(_LOOKAHEADS))
@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_level_first_changes_no_match(name, data):
    _mine, plain = _pair(name)
    line = data.draw(st.from_regex(plain, fullmatch=True) | _NEAR)
    _same(name, line)


@pytest.mark.parametrize("name", sorted(_LOOKAHEADS))
def test_level_first_on_rules_of_dashes(name):
    for line in ["-" * 70 + "\n", "- - - CONFIDENTIAL\n", '"CONFIDENTIAL ROME 1234\n', "--  SECRET\n",
                 "== UNCLASSIFIED ==\n", "-- O N F I D E N T I A L ROME 1234\n"]:
        _same(name, line)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_level_first_on_the_corpus_lines():
    from validator.source import Source

    for path in sorted(CORPUS.rglob("*.txt"))[::7]:
        text = Source.from_bytes(path.read_bytes()).parse_text()
        for line in text.splitlines(True):
            for name in _LOOKAHEADS:
                _same(name, line)

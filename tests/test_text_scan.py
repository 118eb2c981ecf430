"""any_line gives exactly the per-line answer, also when the needle spans lines or is absent."""

import re

from hypothesis import given, strategies as st

from conftest import parse

from validator.rules.text_scan import any_line, doc_text

_DECL = re.compile(r"SECRET\s*-+\s*ENTIRE\s+TEXT", re.I)
_NEEDLE = "ENTIRE"

_TWO_LINES = """
    S E C R E T STATE 000123
    SUBJECT: TEST
    1. (S) SECRET -
    ENTIRE TEXT follows on the next line only.
    """


def test_any_line_matches_per_line_search():
    doc = parse(_TWO_LINES)
    # the declaration is split over two lines: a search of the joined text would find it
    assert _DECL.search(doc_text(doc))
    assert any_line(doc, _DECL, _NEEDLE) is False
    assert any(_DECL.search(line) for line in doc.lines) is False


def test_any_line_finds_a_line_and_skips_absent_needle():
    doc = parse(_TWO_LINES.replace("SECRET -\n    ENTIRE", "Secret - entire"))
    assert any_line(doc, _DECL, _NEEDLE) is True
    other = parse(_TWO_LINES.replace("ENTIRE", "WHOLE"))
    assert any_line(other, _DECL, _NEEDLE) is False
    assert doc_text(other) == "\n".join(other.lines)


def test_any_line_folds_case_beyond_ascii():
    # re.I matches the dotless i and the dotted capital I to "I"; str.upper() keeps the latter
    for i in ("\u0131", "\u0130"):
        doc = parse(_TWO_LINES.replace("SECRET -\n    ENTIRE", f"\u00b6 Secret - ent{i}re"))
        assert any_line(doc, _DECL, _NEEDLE) is True, i
    kelvin = re.compile(r"\bWORK\b", re.I)
    assert any_line(parse(_TWO_LINES.replace("ENTIRE", "wor\u212a")), kelvin, "WORK") is True


def test_any_line_checks_every_line_holding_the_needle():
    doc = parse("""
        S E C R E T STATE 000123
        SUBJECT: THE ENTIRE TEXT OF THE TREATY
        1. (S) Entire text, and entire text again.
        2. (S) The text follows.  SECRET - entire
        3. (S) SECRET -- ENTIRE TEXT
        """)
    assert any_line(doc, _DECL, _NEEDLE) is True
    assert any_line(doc, re.compile(r"TREATY\b.*", re.I), "TREATY") is True
    assert any_line(doc, re.compile(r"ENTIRE\s+TEXT\s+AGAIN\b", re.I), _NEEDLE) is True
    assert any_line(doc, re.compile(r"ENTIRE$"), _NEEDLE) is False  # the last "entire" is lower case
    assert any_line(doc, re.compile(r"ENTIRE\s+TEXT$"), _NEEDLE) is True


def test_any_line_counts_lines_of_a_non_ascii_text():
    # the upper-case form of a non-ASCII text is UTF-8 bytes: multi-byte characters before the
    # needle must not shift the line it is found on
    doc = parse(_TWO_LINES.replace("SUBJECT: TEST", "SUBJECT: \u00e9t\u00e9 \u2014 \u00b6\u00b6 \U0001f600 TEST")
                .replace("SECRET -\n    ENTIRE", "\u201cSecret - entire"))
    assert not doc_text(doc).isascii()
    assert any_line(doc, _DECL, _NEEDLE) is True
    assert any_line(doc, re.compile(r"\(S\) \u201cSECRET - ENTIRE", re.I), _NEEDLE) is True
    assert any_line(doc, re.compile(r"^SUBJECT.*ENTIRE", re.I), _NEEDLE) is False
    # the long s: re.I matches it to "S", str.upper() turns it into "S", bytes.upper() does not
    long_s = parse(_TWO_LINES.replace("SUBJECT: TEST", "SUBJECT: \u00e9 CLA\u017f\u017fIFIED"))
    assert any_line(long_s, re.compile(r"CLASSIFIED", re.I), "CLASSIFIED") is True


def test_the_characters_re_i_matches_to_ascii_letters_are_known():
    # any_line's bytes.upper() form is exact only if these are all (checked on this Python's re)
    import sys

    from validator.rules.text_scan import _UNFOLDED, _UPPER_TO_ASCII

    letter = re.compile("[A-Z]", re.I)
    found = {chr(i) for i in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(i))}
    assert found == set(_UNFOLDED + _UPPER_TO_ASCII)


@given(st.lists(st.sampled_from(["UNCLAS ROME 1234", "", " ", "1. (C) TEXT", "\r", "\r\n", "\n", "\ufeff", "x"]),
                max_size=12).map("".join))
def test_the_joined_lines_the_builder_keeps_are_the_lines_joined(text):
    """JOINED_LINES: the text scans read the builder's join of the physical lines; it must be theirs."""
    from validator.builder import parse_text
    from validator.model import JOINED_LINES

    doc = parse_text(text)
    assert doc.extra[JOINED_LINES] == "\n".join(doc.lines)
    assert doc_text(doc) == "\n".join(doc.lines)

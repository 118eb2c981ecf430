"""LABEL_FIND: the header split finds its cuts from the labels (str.find) instead of running the
split regexes over every position of the line; the cuts must be exactly the regexes' cuts."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from validator import source as S

# Pieces that make labels, near-labels, blank runs and the characters whose case forms are unusual
# (LONG S folds to s, DOTLESS I and I WITH DOT to i, KELVIN SIGN to k, SHARP S upper-cases to SS).
_PIECES = ["E.O. 12958: DECL: 1/1/20", "EO 13526 N/A", "e.o.12958 as amended", "E. O. 12356: DECL",
           "TAGS:", "TAG :", "tags:", "SUBJECT:", "SUBJ:", "suBJect :", "ſubj:", "REF:", "REFS:", "REFTEL:",
           "REF(S):", "REFTELS :", "(U) CLASSIFIED BY", "(u)\tClassified by", "CLASSIFIED BY:",
           "Classified By:", "CLASSİFIED BY", "CLASSıFIED BY", "ClassifiedBy:", 'X"Classified By:',
           ' "Classified By:', '"classified by:', "Classified  By :", "VISITClassified By:", "ß", "ﬁ",
           " ", "  ", "\t", " \t ", "\xa0", "\x1c", "\u2028", "x", "1.", "(C)", "AND", "END", "REFORM",
           "CLASSES", "E.", "EO", "EOF", "\"", "K", "\u212a"]

_lines = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join) | st.text(
    alphabet=st.sampled_from(sorted(set("".join(_PIECES)))), max_size=80)


def _regex_header_cuts(line: str) -> set[int]:
    return {m.end() for m in S._HEADER_SPLIT.finditer(line) if not S._LABEL_ONLY.match(line, 0, m.start())}


def _regex_glued_cuts(line: str) -> set[int]:
    return {m.end() for m in S._GLUED_LABEL.finditer(line) if not S._LABEL_ONLY.match(line, 0, m.start())}


@settings(max_examples=3000, deadline=None)
@given(_lines)
def test_header_cuts_are_the_regex_cuts(line):
    assert S._header_cuts(line, line.upper()) == _regex_header_cuts(line)


@settings(max_examples=3000, deadline=None)
@given(_lines)
def test_glued_label_cuts_are_the_regex_cuts(line):
    assert S._glued_label_cuts(line) == _regex_glued_cuts(line)


def test_examples():
    line = "SUBJECT: TALKS  TAGS: PREL \tREF: A. STATE 1 (U) CLASSIFIED BY: X"
    assert S._header_cuts(line, line.upper()) == _regex_header_cuts(line) == {16, 28, 44, 48}
    assert S._header_cuts(" TAGS: X", " TAGS: X") == set()  # blanks at the start follow no text
    assert S._header_cuts("X\xa0 TAGS: X", "X\xa0 TAGS: X") == set()  # NBSP is a blank to \S
    # upper() of "STRAßE" is one character longer: the regex decides
    assert S._header_cuts("STRAßE TAGS: X", "STRASSE TAGS: X") == _regex_header_cuts("STRAßE TAGS: X") == {7}
    assert S._glued_label_cuts('VISIT TO BAHRAINClassified By: X') == {16}
    assert S._glued_label_cuts('STATE 66324 "Classified By: X') == {13}
    assert S._glued_label_cuts('STATE 66324 "classified by: X') == {13}  # the quoted form ignores case
    assert S._glued_label_cuts('visitClassified By: X') == set()  # after a capital letter only
    assert S._glued_label_cuts("Classified By: Classified By: X") == set()  # a repeated bare label


_PAGE_PIECES = ["ROME 00001234 001.2 OF 003", "ROME 00001234 001\tOF\t003", "PAGE 02 ROME 01234 01 OF 02 121212Z",
                "PAGE 02 ROME 012345 121212Z", "MINISTER OF STATE", " OF ", "OF", "001 OF 003", "1 OF 2", "00001234 001 OF 003", "1234567 001.23 OF 003", "ROME 0000123 001 OF 003", "PAGE",
                "\u0661\u0662\u0663 OF \u0661\u0662\u0663", "12345678", " ", "\t", "X", "Z", "."]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_PIECES), min_size=1, max_size=10).map("".join))
def test_page_digits_precheck_keeps_every_page_header(line):
    """PAGE_DIGITS: a line _PAGE_SPLIT matches has PAGE or a continuation header's numbers."""
    if S._PAGE_SPLIT.search(line):
        assert "PAGE" in line or S._CONT_NUMBERS.search(line)

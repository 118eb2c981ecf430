"""The builder's exact pre-checks: each guarded computation gives what the unguarded one gives.

Every test here fails when its pre-check is wrong (a needle the pattern does not require, or a case
folding the needle misses): it compares the guarded function with the same function run with the
guard made vacuous, on generated lines built from the pieces the patterns look for.
"""

from hypothesis import example, given, settings, strategies as st

from validator import extraction
from validator.source import Source

# Pieces of header lines around a REF label: the label in its spellings and cases, sentence ends,
# letters and serials, and characters that fold onto the label's letters under re.I or str.upper().
_REF_PIECES = st.sampled_from([
    "REF", "REFS", "REFTEL", "REFTELS", "REF(S)", "Ref", "ref", "R E F", "\u0280EF", "REF:", ": ", " ", "\t",
    ".", ")", "(", "A", "A)", "(A)", "[A]", "B.", "STATE", "12345", "SUBJECT", "accordingly", "1.", "\u2028",
    "\u017f", "\u0130", "\u212a", "\f", "x",
])
_LINES = st.lists(st.lists(_REF_PIECES, max_size=10).map("".join), min_size=1, max_size=8)


def _unguarded(function, *args):
    """``function`` run with unlabelled_refs' pre-check made vacuous ("" is in every line)."""
    saved = extraction._REF_NEEDLE
    extraction._REF_NEEDLE = ""
    try:
        return function(*args)
    finally:
        extraction._REF_NEEDLE = saved


@given(_LINES, st.one_of(st.none(), st.integers(min_value=1, max_value=10)))
@example(["1. (C) TEXT", "PLEASE TREAT ACCORDINGLY. REF: STATE 12345"], None)
@example(["REF A) STATE 12345 B) STATE 678"], None)
@example(["HEADER TEXT.) REFTELS: 09 STATE 1"], 3)
@settings(max_examples=400, deadline=None)
def test_unlabelled_refs_precheck_is_exact(lines, body_line):
    source = Source.from_text("\n".join(lines) + "\n")
    assert extraction.unlabelled_refs(source, None, body_line) == _unguarded(
        extraction.unlabelled_refs, source, None, body_line)


def test_unlabelled_refs_are_read_past_the_precheck():
    # (in the body: a header-zone line would be split at its "REF:" label by Source)
    after_sentence = Source.from_text("1. (C) TEXT\nPLEASE TREAT ACCORDINGLY. REF: STATE 12345\n")
    assert extraction.unlabelled_refs(after_sentence, None, None) == ("STATE 12345", 2)
    without_colon = Source.from_text("SUBJECT: VISIT\nREF A) STATE 12345\n")
    assert extraction.unlabelled_refs(without_colon, None, None) == ("A) STATE 12345", 2)


# garbled_level is kept (bounded) for integrity.assess, which reads every banner word again: the
# kept result is the computed one for intact, damaged and unreadable words.
_BANNER_PIECES = st.sampled_from(["C", "CONFIDENTIAL", "SECRET", "S", "E C R E T", "UNCLAS", "U", "N", "CLAS",
                                  "UNCLASSIFIED", "TOP", "TOPSECRET", " ", "\t", "O N F I D E N T I A L",
                                  "\u017f", "\u0131", "x"])


@given(st.lists(_BANNER_PIECES, max_size=4).map("".join))
@example("UUNCLAS")
@example("SS E C R E T")
@example("NCLAS")
@settings(max_examples=300, deadline=None)
def test_garbled_level_cache_keeps_the_computed_level(word):
    from validator.fields.marks import garbled_level
    assert garbled_level(word) is garbled_level.__wrapped__(word)
    assert garbled_level(word) is garbled_level.__wrapped__(word)  # the kept result


def test_garbled_level_cache_is_bounded():
    from validator.fields.marks import WORD_CACHE_SIZE, garbled_level
    assert garbled_level.cache_info().maxsize == WORD_CACHE_SIZE


# glued_paragraphs asks _scan (and the paragraphs' start columns) only where the range of a paragraph
# holds its next number and period: with the pre-check made vacuous the paragraphs are the same.
_BODY_PIECES = st.sampled_from(["1.", "2.", "3.", "4.", "12.", " ", "\t", "(C)", "(U)", "(S//NF)", "Text", "THE",
                                ". ", "---", "¶", "\"", ")", "2", ".", "\u2028", "\f", "x"])
_BODY = st.lists(st.lists(_BODY_PIECES, max_size=12).map("".join), min_size=1, max_size=8)


@given(_BODY)
@example(["1. (C) First. 2. (C) Second, glued. 3. Third", "", "4. (C) Fourth"])
@example(["1. (C) First.", "more text. 2. (U) Glued on the next line", "3. (C) Third"])
@settings(max_examples=300, deadline=None)
def test_glued_paragraphs_precheck_is_exact(lines):
    from validator import glued
    from validator.builder import parse_text

    text = "CONFIDENTIAL\nSUBJECT: GLUED\n\n" + "\n".join(lines) + "\n"
    guarded = parse_text(text).paragraphs
    saved = glued._holds_next_number
    glued._holds_next_number = lambda physical, para, end: True
    try:
        unguarded = parse_text(text).paragraphs
    finally:
        glued._holds_next_number = saved
    assert guarded == unguarded


# ARCHIVE_ROW: the signer's window is searched only on lines that hold the characters a record row needs.
_ROW_PIECES = st.sampled_from(["0", "10", " ", "\t", "/", "-", "1/2/2009", "01/22/2010", "2009-01-22", "12",
                               "2009", "STATE", "x", "\u2028", "\f", "\u00a0"])


@given(st.lists(st.lists(_ROW_PIECES, max_size=10).map("".join), min_size=1, max_size=20))
@example(["BREESE", "12345 0 1/22/2010 12:00 09STATE1 ..."])
@example(["BREESE", "12345\t2010-01-22\t09STATE1"])
@example(["BREESE", "12345\t0\t1/22/2010\t09STATE1"])
@settings(max_examples=400, deadline=None)
def test_archive_row_precheck_is_exact(lines):
    found = next(((i, row.start()) for i in range(max(0, len(lines) - extraction.SIGNER_WINDOW), len(lines))
                  for row in [extraction._ARCHIVE_ROW.search(lines[i])] if row), (len(lines) - 1, None))
    assert extraction._archive_row_start(lines) == found


def _vacuous(module, name, function, *args):
    """``function(*args)`` with ``module.name`` (a pre-check's needle) made "" (in every string)."""
    saved = getattr(module, name)
    setattr(module, name, "")
    try:
        return function(*args)
    finally:
        setattr(module, name, saved)


# PAGE_MARK in the SUBJECT: the marker is removed only from subjects that hold its "OF".
_SUBJECT_PIECES = st.sampled_from(["TRIPOLI", "ROME", " ", "\t", "00000868", "001.2", "001", "OF", "Of", "of", "002",
                                   "VISIT", "\u2028", "\f", "\u00a0", "...", "REF", "x"])


@given(st.lists(_SUBJECT_PIECES, max_size=14).map("".join))
@example("VISIT TRIPOLI 00000868 001.2 OF 002 OF THE MINISTER")
@example("VISIT TRIPOLI 00000868 001\tOF\t002")
@settings(max_examples=300, deadline=None)
def test_subject_page_mark_precheck_is_exact(subject):
    from validator.builder import parse_text

    text = f"CONFIDENTIAL\nSUBJECT: {subject}\n\n1. (C) Text.\n"
    assert parse_text(text).subject == _vacuous(extraction, "_PAGE_MARK_NEEDLE", lambda: parse_text(text).subject)



# LIST_LETTER: one pattern a line for the previous item and this letter (builder._list_pattern) gives
# what the two patterns it replaced gave, nearest line first.
_ITEM_PIECES = st.sampled_from(["(B)", "(C)", "(b)", "(c)", "( B )", "(R)", "(S)", "(T)", "(U)", "(s)", "1.", "12. ",
                                "REF:", "REFS ", "¶", " ", "\t", "STATE 1234", "text", "(", ")", "\u017f", "\u212a"])


def _two_pattern_list_item(physical: list[str], line: int, raw_mark: str) -> bool:
    import re

    inner = raw_mark.strip().strip("()").strip()
    previous = {"C": "B", "S": "R", "U": "T"}.get(inner.upper()) if len(inner) == 1 else None
    if previous is None:
        return False
    flags = re.I if inner.islower() else 0
    lead = r"^[ \t]*(?:REFS?[ \t]*:?[ \t]*)?(?:¶[ \t]*)?(?:\d{1,3}[ \t]*\.[ \t]*)?\([ \t]*"
    before = re.compile(lead + previous + r"[ \t]*\)[ \t]", flags)
    same = re.compile(lead + re.escape(inner) + r"[ \t]*\)[ \t]", flags)
    for text in reversed(physical[max(0, line - 12):line]):
        if same.match(text):
            return False
        if before.match(text):
            return True
    return False


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(_ITEM_PIECES, max_size=6).map("".join), min_size=1, max_size=16),
       st.sampled_from(["(C)", "(S)", "(U)", "(c)", "(s)", "(u)", "( C )", "(X)", "(CC)"]))
def test_list_item_with_one_pattern_a_line(lines, raw_mark):
    from validator.builder import _Ctx, _list_item
    from validator.parser import Token

    source = Source.from_text("\n".join(lines + [raw_mark + " STATE 1234"]) + "\n")
    ctx = _Ctx(source)
    head = Token("PARA_LINE", source.logical[-1] + "\n", len(source.logical))
    physical_line = source.origin[-1][0]
    assert _list_item(ctx, head, raw_mark) == _two_pattern_list_item(source.physical, physical_line, raw_mark)

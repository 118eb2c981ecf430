"""The rules' shortcuts give exactly the answer of the computation they skip."""

import pytest
from conftest import parse
from hypothesis import given, strategies as st


NOFORN_CABLES = [
    # subject and some paragraphs NOFORN, others not
    "S E C R E T STATE 000123\n\nE.O. 12958: DECL: 09/09/2019\nTAGS: PREL\nSUBJECT: (S/NF) X\n\n"
    "1. (C) One.\n\n2. (S/NF) Two.\n\n  A. (C//NF) Sub.\n\n3. (U) Three.\n\n4. (C/NOFORN) Four.\n",
    # the subject is not NOFORN, no paragraph is
    "C O N F I D E N T I A L STATE 000123\n\nE.O. 12958: DECL: 09/09/2019\nTAGS: PREL\n"
    "SUBJECT: (C) X\n\n1. (C) One.\n\n2. Two.\n",
    # an unmarked subject, a NOFORN paragraph, and NOFORN in the header
    "S E C R E T STATE 000123\n\nNOFORN\n\nE.O. 12958: DECL: 09/09/2019\nTAGS: PREL\nSUBJECT: X\n\n"
    "1. (S/NF) One.\n",
]


@pytest.mark.parametrize("text", NOFORN_CABLES)
def test_noforn_marks_is_the_filtered_marks(text):
    """CAP001 labels only the NOFORN marks: the same (label, mark) pairs, in the same order."""
    from validator.rules.caption import marks

    doc = parse(text)
    assert list(marks(doc, "NOFORN")) == [(label, mark) for label, mark in marks(doc) if "NOFORN" in mark.controls]


def test_noforn_marks_sees_the_subject_and_sub_paragraphs():
    """The first cable exercises every branch (a test of nothing would pass the comparison)."""
    from validator.rules.caption import marks

    labels = [label for label, _ in marks(parse(NOFORN_CABLES[0]), "NOFORN")]
    assert labels[0] == "the subject" and "paragraph 2" in labels and "paragraph 4" in labels
    assert "paragraph 1" not in labels and len(labels) >= 4


@pytest.mark.parametrize("header, found", [("", True), ("NOFORN\n\n", False)])
def test_cap001_reads_the_header_only_when_a_portion_is_noforn(header, found):
    """Reordered CAP001: a NOFORN portion without NOFORN at the top is reported; with it, not."""
    from validator.engine.runner import run_rules, select_rules

    text = (f"S E C R E T STATE 000123\n\n{header}E.O. 12958: DECL: 09/09/2019\nTAGS: PREL\nSUBJECT: (S) X\n\n"
            "1. (S) One.\n\n2. (S/NF) Two.\n")
    result = [d for d in run_rules(parse(text), select_rules(["CAP001"])) if d.code == "CAP001"]
    assert bool(result) is found




@given(st.one_of(st.none(), st.text(), st.text(alphabet="AbcZ ß\u0131\u017f\u212a-.")))
def test_same_post_holds_for_a_post_and_itself(post):
    """BAN004's _compare skips same_post when the header's post is the banner's: same_post(x, x)."""
    from validator.integrity import same_post

    assert same_post(post, post)


def test_compare_reports_the_section_total_with_the_banner_in_force():
    """_compare formats the banner's section only for a section-total finding: both forms."""
    from validator.rules.banner import _compare, _Ref

    with_sections = _Ref(5, 1, 2, "OTTAWA", 700)
    assert _compare(with_sections, 3, 1, 700, "OTTAWA", width=3) == [
        "section total 003 differs from the banner SECTION 01 OF 02 (line 5)"]
    without = _Ref(4, None, None, "OTTAWA", 700)
    assert _compare(without, 2, 1, 700, "OTTAWA", width=2) == [
        "section total 02 differs from the banner without SECTION n OF m (line 4)"]
    assert _compare(with_sections, 2, 1, 700, "OTTAWA", width=2) == []
    assert _compare(with_sections, 2, 1, 700, "LONDON", width=2) == [
        "post LONDON differs from the banner post OTTAWA"]

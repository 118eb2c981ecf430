"""CLB001-CLB005: the Classified By line, its reason section and letters."""

from __future__ import annotations

import pytest
from cable_factory import codes, line_of, make_cable

from validator.builder import parse_text
from validator.fields.reasons import parse_reasons

CLB = ("CLB",)


def only(text, code, path="<test>"):
    return [(c, s, line) for c, s, line in codes(text, CLB, path) if c == code]


def test_correct_cable_has_no_clb_finding():
    assert codes(make_cable(), CLB) == []


# ---- CLB001 --------------------------------------------------------------------

def test_clb001_missing_classified_by_is_an_error_at_banner():
    text = make_cable(classified_by=None)
    assert only(text, "CLB001") == [("CLB001", "error", line_of(text, "C O N F I D"))]


def test_clb001_accepts_derived_from():
    assert only(make_cable(classified_by="Derived From: DSCG 05-01"), "CLB001") == []


def test_clb001_accepts_classified_by_in_paragraph_one():
    body = "1. (U) CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)\n\n2. (C) Text."
    text = make_cable(classified_by=None, body=body, dtg="O 091200Z NOV 95",
                      eo="E.O. 12958: DECL: 11/09/2005")
    assert codes(text, CLB) == []


def test_clb001_accepts_entire_text_declaration():
    body = ("1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: AMBASSADOR JOHN DOE. REASON: 1.5 (B) AND (D).\n\n"
            "2. The minister agreed.")
    text = make_cable(classified_by=None, body=body, dtg="O 091200Z NOV 95", eo="E.O. 12958: DECL: 11/09/2005")
    assert codes(text, CLB) == []


def test_clb001_accepts_label_split_from_its_text_and_publisher_cut():
    split = make_cable(classified_by="CLASSIFIED\n\nBY: Gene A. Cretz, Ambassador. REASON: 1.4 (b), (d)")
    assert only(split, "CLB001") == []
    cut = make_cable(classified_by="Classifie...")
    assert only(cut, "CLB001") == []


def test_clb001_silent_on_unclassified_partial_and_undated():
    assert only(make_cable(level="UNCLAS", eo="E.O. 12958: N/A", classified_by=None, body="1. (U) T."),
                "CLB001") == []
    partial = "This record is a partial extract of the original cable.\n\n" + make_cable(classified_by=None)
    assert only(partial, "CLB001") == []
    assert only(make_cable(classified_by=None, dtg=None), "CLB001") == []


# ---- CLB002 --------------------------------------------------------------------

def test_clb002_no_classifier_named_warns():
    text = make_cable(classified_by="CLASSIFIED BY SECTION 1.5 (B) AND (D)")
    assert only(text, "CLB002") == [("CLB002", "warning", line_of(text, "CLASSIFIED BY"))]


def test_clb002_doubled_label_keeps_the_name():
    text = make_cable(classified_by="Classified By: Classified By: Senior Adviser Stephen Mull for REASONS "
                                    "1.4 (B), (C) and (D).")
    assert codes(text, CLB) == []
    assert parse_text(text).classified_by.reasons == ("b", "c", "d")
    text = make_cable(classified_by="Classified By: (U) CLASSIFIED BY EAP DAS DAVID B. SHEAR, REASON: 1.4 (C).")
    assert codes(text, CLB) == []


# ---- CLB003 --------------------------------------------------------------------

def test_clb003_no_reason_is_an_error():
    text = make_cable(classified_by="Classified By: CHARGE EDIBBLE")
    assert only(text, "CLB003") == [("CLB003", "error", line_of(text, "Classified By"))]


def test_clb003_reason_wrapped_onto_next_line():
    text = make_cable(classified_by="Classified By: Political Counselor Jane Roe for\nreasons 1.4 (b) and (d)")
    assert codes(text, CLB) == []


def test_clb003_reason_after_a_page_break():
    text = make_cable(classified_by="CLASSIFIED BY AMBASSADOR TOM MCDONALD.\n\nPAGE 02 OTTAWA 00700 01 OF 02 "
                                    "271458Z\n\nREASONS: 1.5 (B) AND (D).",
                      dtg="O 271200Z SEP 00", eo="E.O. 12958: DECL: 09/27/2010")
    assert only(text, "CLB003") == []


def test_clb003_letters_without_section_are_a_reason():
    assert only(make_cable(classified_by="Classified By: DCM Tom Kelly for reasons b, d."), "CLB003") == []


def test_clb003_skips_derivative_and_cut_lines():
    assert only(make_cable(classified_by="Classified By: MULTIPLE SOURCES"), "CLB003") == []
    assert only(make_cable(classified_by="Classified By: AMBASS..."), "CLB003") == []


def test_clb003_skips_line_cut_at_end_of_extract():
    text = make_cable(classified_by=None, body="Classified By: POL")
    assert parse_text(text).classified_by.text == "POL"
    assert only(text, "CLB003") == []
    # the same line followed by text is complete, and reported
    longer = make_cable(classified_by="Classified By: POL")
    assert only(longer, "CLB003") == [("CLB003", "error", line_of(longer, "Classified By"))]


# ---- CLB004 --------------------------------------------------------------------

def test_clb004_letter_outside_a_h_is_an_error():
    text = make_cable(classified_by="Classified By: Ambassador John Doe, reasons 1.4 (k)")
    assert only(text, "CLB004") == [("CLB004", "error", line_of(text, "Classified By"))]


def test_clb004_h_before_2003_is_an_error():
    text = make_cable(classified_by="Classified By: Ambassador John Doe, reasons 1.5 (h)",
                      dtg="O 091200Z SEP 01", eo="E.O. 12958: DECL: 09/09/2011")
    assert only(text, "CLB004") == [("CLB004", "error", line_of(text, "Classified By"))]


def test_clb004_section_1_2_is_an_error():
    text = make_cable(classified_by="Classified By: Ambassador John Doe, Reason 1.2 (B), (D)")
    assert only(text, "CLB004") == [("CLB004", "error", line_of(text, "Classified By"))]


def test_clb004_stale_1_5_is_only_a_warning():
    text = make_cable(classified_by="Classified By: Ambassador John Doe, Reason 1.5 (b) (d)",
                      dtg="O 091200Z FEB 08", eo="E.O. 12958: DECL: 02/09/2018")
    assert only(text, "CLB004") == [("CLB004", "warning", line_of(text, "Classified By"))]


@pytest.mark.parametrize("month", ["APR", "SEP"])
def test_clb004_either_section_accepted_in_2003_transition(month):
    for section in ("1.4", "1.5"):
        text = make_cable(classified_by=f"Classified By: Ambassador John Doe, reasons {section} (b) and (d)",
                          dtg=f"O 011200Z {month} 03", eo="E.O. 12958: DECL: 09/09/2013")
        if month == "APR" or section == "1.4":
            assert only(text, "CLB004") == []


def test_clb004_1_4_before_2003_warns_and_1_5_passes():
    text = make_cable(classified_by="Classified By: Ambassador John Doe, reasons 1.4 (b) and (d)",
                      dtg="O 091200Z SEP 01", eo="E.O. 12958: DECL: 09/09/2011")
    assert only(text, "CLB004") == [("CLB004", "warning", line_of(text, "Classified By"))]
    ok = make_cable(classified_by="Classified By: Ambassador John Doe, reasons 1.5 (b) and (d)",
                    dtg="O 091200Z SEP 01", eo="E.O. 12958: DECL: 09/09/2011")
    assert only(ok, "CLB004") == []


def test_clb004_portion_mark_after_reason_is_not_a_letter():
    text = make_cable(classified_by="Classified By: Political Counselor Richard M. Mills, Jr. for Reasons "
                                    "1.4 (b) and (d) (C) HMG is fully aware of U.S. opposition.")
    assert codes(text, CLB) == []
    text = make_cable(classified_by="Classified By: John T. Godfrey, CDA. REASON: 1.4 (b), (d) 1. (C) Summary: "
                                    "The U.K. Deputy Head of Mission told us.")
    assert codes(text, CLB) == []


# ---- CLB005 --------------------------------------------------------------------

def test_clb005_classified_by_on_unclassified_warns():
    text = make_cable(level="UNCLAS", eo="E.O. 12958: N/A", body="1. (U) Text.")
    assert only(text, "CLB005") == [("CLB005", "warning", line_of(text, "Classified By"))]


# ---- the reasons parser ----------------------------------------------------------

@pytest.mark.parametrize("text, section, letters", [
    ("reasons 1.4 (b) and (d)", "1.4", ("b", "d")),
    ("1.4(b),(d)", "1.4", ("b", "d")),
    ("1.4 (b/d)", "1.4", ("b", "d")),
    ("1.4 (B,D)", "1.4", ("b", "d")),
    ("1.4 b, d", "1.4", ("b", "d")),
    ("1.4 (b&d)", "1.4", ("b", "d")),
    ("1.4 (b+d)", "1.4", ("b", "d")),
    ("1.4(b)(d)", "1.4", ("b", "d")),
    ("1.4 b/d", "1.4", ("b", "d")),
    ("1.4 (b and d)", "1.4", ("b", "d")),
    ("Reason 1.5.D", "1.5", ("d",)),
    ("1.5(B,D)", "1.5", ("b", "d")),
    ("1.4(G)(E)", "1.4", ("g", "e")),
    ("F0R REASONS 1.4 (B)", "1.4", ("b",)),
    ("REA SONS 1.5 (B AND D)", "1.5", ("b", "d")),
    ("Reason: 1/4 (B), (D), (E), and (G)", "1.4", ("b", "d", "e", "g")),
    ("reason: 1.4 (b) a nd (d)", "1.4", ("b", "d")),
    ("for reasons 1.4. (b) and (d).", "1.4", ("b", "d")),
    ("for reasons 1.4(b) and (d). (S)", "1.4", ("b", "d")),
    ("for Reason 1.4 (c)  (S/NF) HMG agrees", "1.4", ("c",)),
    ("REASON 1.4 (B) AND (D) A MEETING", "1.4", ("b", "d")),
    ("REASONS 1.4 B & D  Action Request in Paragraphs 4 and 10.", "1.4", ("b", "d")),
    ("for reasons (b, c & d)", None, ("b", "c", "d")),
    ("E.O. 12958 reasons (b) and (d)", None, ("b", "d")),
    ("1,4 (C)", "1.4", ("c",)),
    ("AMB JAMES C. KENNY", None, ()),
])
def test_reason_spellings(text, section, letters):
    got_section, got_letters, _ = parse_reasons(f"Ambassador Jane Roe, {text}")
    assert (got_section, got_letters) == (section, letters)


@pytest.mark.parametrize("label", ["Classjfied By:", "Clasified By:", "Classifed By:", "CLASSIFlED BY:"])
def test_a_misspelled_classified_by_label_is_still_the_line(label):
    # issue 14 pattern 5: one garbled letter in the label is a typo, not a missing Classified By (CLB001)
    text = make_cable(classified_by=f"{label} Ambassador John Doe, reasons 1.4 (b) and (d)")
    doc = parse_text(text)
    assert doc.classified_by is not None and doc.classified_by.name == "John Doe"
    assert only(text, "CLB001") == []


def test_a_word_that_is_not_the_label_is_not_a_classified_by_line():
    text = make_cable(classified_by="Clarified By: Ambassador John Doe, reasons 1.4 (b) and (d)")
    assert only(text, "CLB001") != []


def test_authority_lines_are_numbered_in_one_pass():
    # every Classified By / Derived From line, by 1-based line number (once per match, in order)
    from validator.rules.authority import authority_lines

    doc = parse_text("a\nClassified By: x\nb\nc\nCLASSIFIED BY y Classified by z\nDerived From: q\n")
    assert authority_lines(doc) == [2, 5, 5, 6]

"""EO001-EO006: the E.O. line, the order in force, and the declassification instruction."""

from __future__ import annotations

import datetime as dt

import pytest
from cable_factory import codes, line_of, make_cable

from validator.builder import parse_text
from validator.fields.decl import date_for, parse_decl

EO = ("EO",)


def only(text, code):
    return [(c, s, line) for c, s, line in codes(text, EO) if c == code]


def test_correct_cables_have_no_eo_finding():
    assert codes(make_cable(), EO) == []
    unclas = make_cable(level="UNCLAS", eo="E.O. 12958: N/A", classified_by=None, body="1. (U) Text.")
    assert codes(unclas, EO) == []


# ---- EO001 -------------------------------------------------------------------

def test_eo001_missing_eo_line_warns_at_banner():
    text = make_cable(eo=None)
    assert only(text, "EO001") == [("EO001", "warning", line_of(text, "C O N F I D"))]


def test_eo001_unknown_order_warns_and_typo_is_info():
    text = make_cable(eo="E.O. 99999: DECL: 09/09/2019")
    assert only(text, "EO001") == [("EO001", "warning", line_of(text, "E.O."))]
    typo = make_cable(eo="E.O. 12598: DECL: 09/09/2019")
    assert only(typo, "EO001") == [("EO001", "info", line_of(typo, "E.O."))]


def test_eo001_silent_on_partial_record():
    text = "This record is a partial extract of the original cable.\n\n" + make_cable(eo=None)
    assert only(text, "EO001") == []


# ---- EO002 -------------------------------------------------------------------

def test_eo002_order_that_did_not_exist_is_an_error():
    text = make_cable(eo="E.O. 13526: DECL: 09/09/2018", dtg="O 091200Z SEP 08")
    assert only(text, "EO002") == [("EO002", "error", line_of(text, "E.O."))]


def test_eo002_12958_before_signing_is_an_error():
    text = make_cable(eo="E.O. 12958: DECL: OADR", dtg="O 091200Z JAN 95")
    assert only(text, "EO002") == [("EO002", "error", line_of(text, "E.O."))]


def test_eo002_superseded_order_warns_after_grace():
    text = make_cable(eo="E.O. 12356: DECL: 09/09/2007", dtg="O 091200Z SEP 97")
    assert only(text, "EO002") == [("EO002", "warning", line_of(text, "E.O."))]
    lagging = make_cable(eo="E.O. 12356: DECL: OADR", dtg="O 091200Z DEC 95")
    assert only(lagging, "EO002") == []


def test_eo002_13526_in_january_2010_is_within_grace():
    assert only(make_cable(eo="E.O. 13526: DECL: 01/04/2020", dtg="O 041200Z JAN 10"), "EO002") == []


def test_eo002_silent_without_date():
    assert only(make_cable(eo="E.O. 13526: DECL: 09/09/2018", dtg=None), "EO002") == []


def test_eo002_year_only_date_decides_only_when_certain(tmp_path):
    text = make_cable(eo="E.O. 13526: DECL: 09/09/2018", dtg=None)
    doc_codes = codes(text, EO, path="08OTTAWA700.txt")
    assert ("EO002", "error", line_of(text, "E.O.")) in doc_codes
    # 1995: E.O. 12958 was signed in April, so a year-only 1995 date cannot decide.
    early = make_cable(eo="E.O. 12958: DECL: 09/09/2005", dtg=None)
    assert [c for c in codes(early, EO, path="95OTTAWA700.txt") if c[0] == "EO002"] == []


# ---- EO003 -------------------------------------------------------------------

def test_eo003_classified_with_na_is_an_error():
    text = make_cable(eo="E.O. 12958: N/A")
    assert only(text, "EO003") == [("EO003", "error", line_of(text, "E.O."))]


def test_eo003_classified_with_empty_instruction_is_an_error():
    text = make_cable(eo="E.O. 12958:")
    assert only(text, "EO003") == [("EO003", "error", line_of(text, "E.O."))]


def test_eo003_decl_on_the_next_line_is_accepted():
    text = make_cable(eo="E.O. 12958:\nDECL: 5/11/2019")
    assert only(text, "EO003") == []


def test_eo003_event_based_declassification_is_an_instruction():
    assert only(make_cable(eo="E.O. 12958: DECL: AFTER KOREAN UNIFICATION"), "EO003") == []


def test_eo003_unclassified_with_decl_date_is_an_error():
    text = make_cable(level="UNCLAS", eo="E.O. 12958: DECL: 09/09/2019", classified_by=None,
                      body="1. (U) Text.")
    assert only(text, "EO003") == [("EO003", "error", line_of(text, "E.O."))]


def test_eo003_archival_stamp_is_not_a_marking():
    text = make_cable(level="UNCLAS", eo="E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009",
                      classified_by=None, body="1. (U) Text.")
    assert only(text, "EO003") == []


def test_eo003_truncated_line_is_skipped():
    assert only(make_cable(eo="E.O. 12958: DECL..."), "EO003") == []


# ---- EO004 -------------------------------------------------------------------

def test_eo004_impossible_date_is_an_error():
    text = make_cable(eo="E.O. 12958: DECL: 02/30/2019")
    assert only(text, "EO004") == [("EO004", "error", line_of(text, "E.O."))]


def test_eo004_decl_date_not_after_cable_date():
    text = make_cable(eo="E.O. 12958: DECL: 09/09/2008")
    assert only(text, "EO004") == [("EO004", "error", line_of(text, "E.O."))]
    same_day = make_cable(eo="E.O. 12958: DECL: 09/09/2009")
    assert only(same_day, "EO004") == [("EO004", "error", line_of(same_day, "E.O."))]


def test_eo004_two_digit_year_takes_the_century_after_the_cable():
    text = make_cable(eo="E.O. 12958: DECL: 11/15/06", dtg="R 181142Z NOV 96")
    assert only(text, "EO004") == []
    doc = parse_text(text)
    assert doc.eo.decl.date == dt.date(2006, 11, 15)


def test_eo004_year_only_date_with_two_digit_decl_year():
    text = make_cable(eo="E.O. 12958: DECL: 11/15/06", dtg=None)
    assert [c for c in codes(text, EO, path="96OTTAWA700.txt") if c[0] == "EO004"] == []
    old = make_cable(eo="E.O. 12958: DECL: 11/15/1995", dtg=None)
    assert [c[0] for c in codes(old, EO, path="96OTTAWA700.txt")].count("EO004") == 1


# ---- EO005 -------------------------------------------------------------------

def test_eo005_more_than_25_years_is_an_error():
    text = make_cable(eo="E.O. 12958: DECL: 09/09/2039")
    assert only(text, "EO005") == [("EO005", "error", line_of(text, "E.O."))]


def test_eo005_tolerance_to_end_of_year_plus_25():
    assert only(make_cable(eo="E.O. 12958: DECL: 12/31/2034"), "EO005") == []
    assert only(make_cable(eo="E.O. 12958: DECL: 01/01/2035"), "EO005") != []


def test_eo005_25x_exemption_allows_longer():
    assert only(make_cable(eo="E.O. 12958: DECL: 09/09/2039 25X1"), "EO005") == []


def test_eo005_original_12958_ten_years_is_a_warning():
    text = make_cable(eo="E.O. 12958: DECL: 11/15/17", dtg="R 181142Z NOV 96")
    assert only(text, "EO005") == [("EO005", "warning", line_of(text, "E.O."))]
    assert only(make_cable(eo="E.O. 12958: DECL: 11/15/06", dtg="R 181142Z NOV 96"), "EO005") == []


# ---- EO006 -------------------------------------------------------------------

def test_eo006_x_code_after_2003_warns():
    text = make_cable(eo="E.O. 12958: DECL: X1", dtg="O 091200Z SEP 06")
    assert only(text, "EO006") == [("EO006", "warning", line_of(text, "E.O."))]
    assert only(make_cable(eo="E.O. 12958: DECL: X1, X5", dtg="O 091200Z SEP 01"), "EO006") == []


def test_eo006_x_code_in_2003_transition_is_info():
    text = make_cable(eo="E.O. 12958: DECL: X1", dtg="O 091200Z MAY 03")
    assert only(text, "EO006") == [("EO006", "info", line_of(text, "E.O."))]


def test_eo006_oadr_after_grace_warns():
    text = make_cable(eo="E.O. 12958: DECL: OADR", dtg="O 091200Z SEP 97")
    assert only(text, "EO006") == [("EO006", "warning", line_of(text, "E.O."))]
    assert only(make_cable(eo="E.O. 12356: DECL: OADR", dtg="O 091200Z SEP 92"), "EO006") == []


def test_eo006_50x_with_a_date_is_an_error():
    text = make_cable(eo="E.O. 13526: DECL: 50X1-HUM 09/09/2030", dtg="O 091200Z SEP 10")
    assert only(text, "EO006") == [("EO006", "error", line_of(text, "E.O."))]


# ---- the DECL parser -----------------------------------------------------------

@pytest.mark.parametrize("raw, cable, expected", [
    ("DECL: 09/09/19", dt.date(2009, 9, 9), dt.date(2019, 9, 9)),
    ("DECL: 1/4/99", dt.date(1996, 1, 1), dt.date(1999, 1, 4)),
    ("DECL: 1/4/05", dt.date(1999, 6, 1), dt.date(2005, 1, 4)),
    ("DECL: 2019/09/09", dt.date(2009, 9, 9), dt.date(2019, 9, 9)),
])
def test_decl_two_digit_years_and_formats(raw, cable, expected):
    decl = parse_decl(raw, 1, 1, cable)
    assert decl.kind == "date" and decl.date == expected


def test_date_for_resolves_against_a_year_only_reference():
    decl = parse_decl("DECL: 11/15/06", 1, 1, None)
    assert date_for(decl, dt.date(1996, 1, 1)) == dt.date(2006, 11, 15)
    assert date_for(parse_decl("DECL: 02/30/2019", 1, 1, None), dt.date(2009, 1, 1)) is None


def test_eo003_classified_cable_without_eo_line_is_an_error():
    text = make_cable(eo=None)
    assert only(text, "EO003") == [("EO003", "error", line_of(text, "C O N F I D"))]
    assert only(make_cable(eo=None, dtg="O 091200Z SEP 92"), "EO003") == []


def test_eo_line_in_unread_form_is_not_missing():
    text = make_cable(eo="E.O. 12958: DNG: CO 01/22/2019")
    assert only(text, "EO001") == [] and only(text, "EO003") == []


def test_missing_fields_on_damaged_records_are_not_reported():
    # the published record starts at paragraph 9: the header zone was lost
    damaged = make_cable(eo=None, subject=None, classified_by=None,
                         body="9. (C) Text.\n\n10. (C) More text.")
    assert codes(damaged, ("EO001", "EO003", "CLB001", "STR002")) == []
    cut = make_cable(subject="SUBJECT: URGING INDONESIA...", classified_by=None, body="")
    assert codes(cut, ("CLB001", "STR002")) == []


def test_year_only_date_of_a_file_named_after_another_cable_is_not_used():
    text = make_cable(eo="E.O. 12958: DECL: 06/12/2033", dtg=None)  # banner: OTTAWA 000700
    assert [c for c in codes(text, EO, path="05MUSCAT679.txt") if c[0] == "EO005"] == []
    assert [c[0] for c in codes(text, EO, path="05OTTAWA700.txt")].count("EO005") == 1


def test_two_digit_year_without_cable_date_uses_the_cablegate_pivot():
    assert parse_decl("DECL: 1/4/99", 1, 1, None).date == dt.date(1999, 1, 4)
    assert parse_decl("DECL: 1/4/19", 1, 1, None).date == dt.date(2019, 1, 4)


def test_eo006_state_shorthand_1_6xn_after_2003_warns():
    text = make_cable(eo="E.O. 12958: DECL: 1.6X6", dtg="O 091200Z SEP 05")
    assert only(text, "EO006") == [("EO006", "warning", line_of(text, "E.O."))]


def test_eo005_x_code_allows_more_than_ten_years_under_original_12958():
    text = make_cable(eo="E.O. 12958: DECL: 11/15/17 X1", dtg="R 181142Z NOV 96")
    assert only(text, "EO005") == []

"""STR002 (SUBJECT present) and STR003 (SBU consistency)."""

from __future__ import annotations

from cable_factory import codes, line_of, make_cable

STR = ("STR",)


def only(text, code):
    return [(c, s, line) for c, s, line in codes(text, STR) if c == code]


def sbu_cable(**kw):
    args = dict(level="UNCLAS", captions=("SIPDIS", "SENSITIVE"), eo="E.O. 12958: N/A", classified_by=None,
                body="1. (SBU) Summary: the minister agreed. End summary.\n\n2. (U) Further text.")
    args.update(kw)
    return make_cable(**args)


def test_correct_cables_have_no_str_finding():
    assert codes(make_cable(), STR) == []
    assert codes(sbu_cable(), STR) == []


def test_str002_subject_missing_warns_at_banner():
    text = make_cable(subject=None)
    assert only(text, "STR002") == [("STR002", "warning", line_of(text, "C O N F I D"))]


def test_str002_silent_on_partial_record():
    text = "This record is a partial extract of the original cable.\n\n" + make_cable(subject=None)
    assert only(text, "STR002") == []


def test_str003_sbu_portion_without_sensitive_caption_warns():
    text = sbu_cable(captions=("SIPDIS",))
    assert only(text, "STR003") == [("STR003", "warning", line_of(text, "(SBU)"))]


def test_str003_unlisted_sensitive_caption_counts():
    assert only(sbu_cable(captions=("SIPDIS", "DEA SENSITIVE")), "STR003") == []
    note = sbu_cable(captions=("SIPDIS", "SENSITIVE BUT UNCLASSIFIED - PLEASE HANDLE ACCORDINGLY"))
    assert only(note, "STR003") == []


def test_str003_sensitive_caption_without_sbu_portion_warns():
    text = sbu_cable(body="1. (U) Summary: public text.\n\n2. (U) More.")
    assert only(text, "STR003") == [("STR003", "warning", line_of(text, "UNCLAS"))]


def test_str003_sbu_cable_with_classified_by_is_an_error():
    text = sbu_cable(classified_by="Classified By: Ambassador John Doe, reasons 1.4 (b)")
    assert only(text, "STR003") == [("STR003", "error", line_of(text, "Classified By"))]


def test_str003_sbu_cable_with_decl_date_is_an_error():
    text = sbu_cable(eo="E.O. 12958: DECL: 09/09/2019")
    assert only(text, "STR003") == [("STR003", "error", line_of(text, "E.O."))]


def test_str003_sbu_portions_in_classified_cable_are_fine():
    body = "1. (C) Summary.\n\n2. (SBU) Unclassified but sensitive text."
    assert only(make_cable(body=body), "STR003") == []

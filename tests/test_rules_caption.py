"""CAP001-CAP005, CAP007, CAP008 on small cables written here."""

import pytest
from conftest import parse
from test_rules_portion import line_of, make

from validator.engine import Severity
from validator.engine.runner import run_rules, select_rules


def codes(text, code, path="<test>"):
    doc = parse(text, path)
    return [(d.severity, d.span.line) for d in run_rules(doc, select_rules([code])) if d.code == code]


def messages(text, code):
    return [d.message for d in run_rules(parse(text), select_rules([code])) if d.code == code]


GOOD = make("1. (C/NF) Summary.\n\n2. (C) More.\n", captions="NOFORN\nSIPDIS")


def test_good_cable_has_no_caption_findings():
    assert [d for d in run_rules(parse(GOOD), select_rules(["CAP"]))] == []


# ---- CAP001 ---------------------------------------------------------------------------

def test_cap001_noforn_portion_without_noforn_caption():
    text = make("1. (C) Summary.\n\n2. (C/NF) Secret.\n\n3. (C/NF) More.\n")
    assert codes(text, "CAP001") == [(Severity.ERROR, line_of(text, "2. (C/NF)"))]
    assert messages(text, "CAP001") == [
        "paragraph 2 is marked (C/NF) (and 1 more NOFORN portions) but NOFORN is not in the banner or captions"]


def test_cap001_noforn_found_in_banner_caption_or_class_line():
    assert codes(GOOD, "CAP001") == []
    in_banner = make("1. (S//NF) Text.\n", banner="S E C R E T NOFORN STATE 000123")
    assert codes(in_banner, "CAP001") == []
    class_line = make("1. (S//NF) Text.\n", banner="S E C R E T STATE 000123", captions="SECRET//NOFORN")
    assert codes(class_line, "CAP001") == []
    stray_line = make("1. (S//NF) Text.\n", banner="S E C R E T STATE 000123", captions="SIPDIS\nSIPDS\nNOFORN")
    assert codes(stray_line, "CAP001") == []


def test_cap001_subject_mark_and_sbu_noforn_warning():
    subject = make("1. (C) Text.\n", subject="(C/NF) A SUBJECT")
    assert codes(subject, "CAP001") == [(Severity.ERROR, line_of(subject, "SUBJECT:"))]
    sbu = make("1. (SBU/N) Text.\n", banner="UNCLAS STATE 000123", captions="SENSITIVE", eo="E.O. 12958: N/A",
               classified_by=None)
    assert codes(sbu, "CAP001") == [(Severity.WARNING, line_of(sbu, "1. (SBU/N)"))]


def test_cap001_needs_a_banner():
    assert codes("SUBJECT: (S/NF) A FRAGMENT\n\n1. (S/NF) Text.\n", "CAP001") == []


# ---- CAP002 ---------------------------------------------------------------------------

def test_cap002_rel_and_noforn_in_one_portion():
    text = make("1. (C) Text.\n\n2. (C/REL LIBYA/NF) Text.\n", captions="NOFORN")
    assert codes(text, "CAP002") == [(Severity.ERROR, line_of(text, "2. (C/REL"))]
    assert codes(make("1. (C/REL LIBYA) Text.\n"), "CAP002") == []


# ---- CAP003 ---------------------------------------------------------------------------

def test_cap003_sbu_or_fouo_on_classified_portion():
    text = make("1. (C/SBU) Text.\n\n2. (S//FOUO) Text.\n", banner="S E C R E T STATE 000123")
    assert codes(text, "CAP003") == [(Severity.ERROR, line_of(text, "1. (C/SBU)")),
                                     (Severity.ERROR, line_of(text, "2. (S//FOUO)"))]


def test_cap003_orcon_on_unclassified_portion():
    text = make("1. (C) Text.\n\n2. (U/OC) Text.\n")
    assert codes(text, "CAP003") == [(Severity.ERROR, line_of(text, "2. (U/OC)"))]
    assert "ORCON" in messages(text, "CAP003")[0]


def test_cap003_plain_sbu_in_classified_cable_and_classified_orcon_pass():
    assert codes(make("1. (SBU) Text.\n\n2. (C) More.\n\n3. (S/OC) Orcon.\n",
                      banner="S E C R E T STATE 000123"), "CAP003") == []


# ---- CAP004 ---------------------------------------------------------------------------

def test_cap004_nodis_with_exdis():
    text = make("1. (S) Text.\n", banner="S E C R E T STATE 000123", captions="NODIS\nEXDIS")
    assert codes(text, "CAP004") == [(Severity.ERROR, line_of(text, "EXDIS"))]
    assert codes(make("1. (S) Text.\n", banner="S E C R E T STATE 000123", captions="NODIS"), "CAP004") == []


# ---- CAP005 ---------------------------------------------------------------------------

def test_cap005_sipdis_with_nodis_error_from_december_2005():
    text = make("1. (S) Text.\n", banner="S E C R E T STATE 000123", captions="NODIS\nSIPDIS")
    assert codes(text, "CAP005") == [(Severity.ERROR, line_of(text, "SIPDIS"))]
    assert messages(text, "CAP005") == ["SIPDIS appears together with NODIS"]


def test_cap005_info_before_december_2005_or_when_undated():
    body, banner = "1. (S) Text.\n", "S E C R E T STATE 000123"
    early = make(body, banner=banner, captions="EXDIS\nSIPDIS", dtg="O 301200Z NOV 05")
    assert codes(early, "CAP005") == [(Severity.INFO, line_of(early, "SIPDIS"))]
    undated = make(body, banner=banner, captions="EXDIS\nSIPDIS", dtg=None)
    assert codes(undated, "CAP005", "<test>") == [(Severity.INFO, line_of(undated, "SIPDIS"))]
    assert codes(undated, "CAP005", "05STATE1.txt") == [(Severity.INFO, line_of(undated, "SIPDIS"))]
    assert codes(undated, "CAP005", "06STATE1.txt") == [(Severity.ERROR, line_of(undated, "SIPDIS"))]


def test_cap005_sipdis_alone_passes():
    assert codes(GOOD, "CAP005") == []


# ---- CAP007 ---------------------------------------------------------------------------

def test_cap007_duplicated_sipdis_is_info():
    text = make("1. (C) Text.\n", captions="SIPDIS SIPDIS")
    assert codes(text, "CAP007") == [(Severity.INFO, line_of(text, "SIPDIS SIPDIS"))]


def test_cap007_sipdis_in_tags_or_subject_is_warning():
    text = make("1. (C) Text.\n", subject="(U) A SUBJECT SIPDIS").replace("TAGS: PREL CA", "TAGS: PREL CA SIPDIS")
    assert codes(text, "CAP007") == [(Severity.WARNING, line_of(text, "TAGS:")),
                                     (Severity.WARNING, line_of(text, "SUBJECT:"))]


def test_cap007_single_sipdis_caption_passes():
    assert codes(GOOD, "CAP007") == []


# ---- CAP008 ---------------------------------------------------------------------------

def test_cap008_noforn_on_unclassified_without_sbu():
    text = make("1. (U) Text.\n", banner="UNCLAS STATE 000123", captions="NOFORN", eo="E.O. 12958: N/A",
                classified_by=None)
    assert codes(text, "CAP008") == [(Severity.WARNING, line_of(text, "NOFORN"))]


def test_cap008_sbu_noforn_and_classified_noforn_pass():
    sbu = make("1. (SBU/N) Text.\n", banner="UNCLAS STATE 000123", captions="SENSITIVE\nNOFORN",
               eo="E.O. 12958: N/A", classified_by=None)
    assert codes(sbu, "CAP008") == []
    assert codes(GOOD, "CAP008") == []


def test_banner_glued_to_its_caption_is_recognised():
    """``SANAA 001352SIPDISE.O. 12958: ...`` (a WikiLeaks rendering glues the fields): the banner
    is still read, so the NOFORN check runs."""
    text = ("S E C R E T SECTION 01 OF 02 SANAA 001352SIPDISE.O. 12958: DECL: 05/21/2015\n\n"
            "1. (S/NF) Text.\n")
    doc = parse(text)
    assert doc.banner is not None and doc.banner.serial == 1352 and doc.banner.level.value == "SECRET"
    assert codes(text, "CAP001") == [(Severity.ERROR, 3)]


@pytest.mark.parametrize("caption, noforn", [
    ("NOT RELEASABLE TO FOREIGN NATIONALS", True),
    ("Not releasable to foreign nationals", True),
    ("not releasable   to\tforeign nationals", True),
    ("NOFORN", True),
    ("noforn", True),
    ("RELEASABLE TO UK", False),
    ("FOR THE AMBASSADOR", False),
])
def test_top_has_noforn_reads_the_spelled_out_phrase_in_any_case(caption, noforn):
    """The pre-check of top_has_noforn (its words in the upper-case header) never hides a match."""
    from validator.rules.caption import _NOFORN_PHRASE, header_lines, top_has_noforn

    doc = parse(f"S E C R E T STATE 000123\n\n{caption}\n\nE.O. 12958: DECL: 09/09/2019\nTAGS: PREL\n"
                "SUBJECT: X\n\n1. (S/NF) Text.\n")
    assert top_has_noforn(doc) is noforn
    assert top_has_noforn(doc) == any(_NOFORN_PHRASE.search(line) for line in header_lines(doc)) or \
        "NOFORN" in doc.caption_tokens

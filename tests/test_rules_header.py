"""Header rules HDR003-HDR010 on small cables written here: each fires on a broken cable at
the expected line and stays silent on a correct one."""

import pytest
from conftest import parse

from validator.engine.runner import run_rules, select_rules

# A correct unclassified two-section cable dated 9 Sep 2008 (leap year: day 253).
GOOD = """\
VZCZCXRO1844
PP RUEHGA RUEHHA
DE RUEHOT #0123/01 2531700
ZNR UUUUU ZZH
P 091700Z SEP 08
FM AMEMBASSY OTTAWA
TO RUEHC/SECSTATE WASHDC PRIORITY 1234
INFO RUCNCAN/ALL CANADIAN POSTS COLLECTIVE

UNCLAS SECTION 01 OF 02 OTTAWA 000123

SIPDIS

E.O. 12958: N/A
TAGS: PREL CA
SUBJECT: A SMALL TEST CABLE

1. (U) First paragraph.

OTTAWA 00000123 002 OF 002

2. (U) Second paragraph.

SMITH
"""

CONFIDENTIAL_2009 = """\
VZCZCXRO1844
OO RUEHGA
DE RUEHOT #0700/01 2522019
ZNY CCCCC ZZH
O 092019Z SEP 09
FM AMEMBASSY OTTAWA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827

C O N F I D E N T I A L OTTAWA 000700

E.O. 12958: DECL: 09/09/2019
TAGS: PREL CA
SUBJECT: ANOTHER TEST

Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)

1. (C) Text.

BREESE
"""


def found(text, code, path="<test>"):
    """(code, line) of every finding of one rule."""
    rules = select_rules([code])
    return [(d.code, d.span.line) for d in run_rules(parse(text, path), rules)]


def found_all(text, prefix="HDR"):
    return [(d.code, d.span.line, str(d.severity)) for d in run_rules(parse(text), select_rules([prefix]))]


def test_correct_cables_have_no_header_findings():
    assert found_all(GOOD) == []
    assert found_all(CONFIDENTIAL_2009) == []


# ---- HDR003 precedence digraph ---------------------------------------------------

def test_hdr003_digraph_disagrees_with_dtg():
    text = GOOD.replace("PP RUEHGA", "OO RUEHGA")
    assert found(text, "HDR003") == [("HDR003", 2)]


def test_hdr003_digraph_not_a_precedence():
    text = GOOD.replace("PP RUEHGA", "YY RUEHGA")
    assert found(text, "HDR003") == [("HDR003", 2)]


def test_hdr003_matching_digraph_passes():
    assert found(GOOD, "HDR003") == []
    assert found(CONFIDENTIAL_2009, "HDR003") == []


# ---- HDR004 DE line format -------------------------------------------------------

@pytest.mark.parametrize("stamp", ["0001700", "3671700", "2532400", "2531760", "253170"])
def test_hdr004_impossible_stamp(stamp):
    text = GOOD.replace("2531700", stamp)
    assert found(text, "HDR004") == [("HDR004", 3)]


def test_hdr004_day_366_only_in_leap_years():
    leap = GOOD.replace("2531700", "3661700").replace("091700Z SEP 08", "311700Z DEC 08")
    assert found(leap, "HDR004") == []
    common = GOOD.replace("2531700", "3661700").replace("091700Z SEP 08", "311700Z DEC 09")
    assert found(common, "HDR004") == [("HDR004", 3)]


def test_hdr004_valid_stamp_passes():
    assert found(GOOD, "HDR004") == []


# ---- HDR005 DE day/time against the DTG -----------------------------------------

def test_hdr005_leap_year_day_of_year():
    # 9 Sep is day 253 in 2008 and 252 in 2009.
    assert found(GOOD, "HDR005") == []
    assert found(CONFIDENTIAL_2009, "HDR005") == []
    wrong_2008 = GOOD.replace("2531700", "2521700")
    assert found(wrong_2008, "HDR005") == [("HDR005", 3)]
    wrong_2009 = CONFIDENTIAL_2009.replace("2522019", "2512019")
    assert found(wrong_2009, "HDR005") == [("HDR005", 3)]


def test_hdr005_day_after_across_midnight_and_new_year():
    after_midnight = GOOD.replace("2531700", "2540005").replace("091700Z", "092350Z")
    assert found(after_midnight, "HDR005") == []
    new_year = GOOD.replace("2531700", "0010005").replace("091700Z SEP 08", "312350Z DEC 08")
    assert found(new_year, "HDR005") == []


def test_hdr005_time_window():
    assert found(GOOD.replace("2531700", "2531900"), "HDR005") == []        # +120 min
    assert found(GOOD.replace("2531700", "2531901"), "HDR005") == [("HDR005", 3)]  # +121 min
    assert found(GOOD.replace("2531700", "2531659"), "HDR005") == [("HDR005", 3)]  # before the DTG


def test_hdr005_silent_without_a_valid_dtg():
    assert found(GOOD.replace("091700Z SEP 08", "311700Z SEP 08").replace("2531700", "0101700"),
                 "HDR005") == []


# ---- HDR006 SSN against the serial ------------------------------------------------

def test_hdr006_ssn_differs_from_serial():
    assert found(GOOD.replace("#0123/01", "#0124/01"), "HDR006") == [("HDR006", 3)]


def test_hdr006_ssn_is_serial_mod_10000():
    big = GOOD.replace("OTTAWA 000123", "OTTAWA 010123").replace("OTTAWA 00000123", "OTTAWA 00010123")
    assert found(big, "HDR006") == []
    assert found(GOOD, "HDR006") == []


# ---- HDR007 DE section against the banner -----------------------------------------

def test_hdr007_section_differs():
    assert found(GOOD.replace("#0123/01", "#0123/02"), "HDR007") == [("HDR007", 3)]


def test_hdr007_matching_or_absent_section_passes():
    assert found(GOOD, "HDR007") == []
    assert found(GOOD.replace("#0123/01", "#0123"), "HDR007") == []


# ---- HDR008 FL4 letters against the banner ----------------------------------------

def test_hdr008_letters_disagree_with_banner():
    assert found(CONFIDENTIAL_2009.replace("ZNY CCCCC", "ZNY SSSSS"), "HDR008") == [("HDR008", 4)]
    assert found(GOOD.replace("ZNR UUUUU", "ZNY CCCCC"), "HDR008") == [("HDR008", 4)]
    unclas = CONFIDENTIAL_2009.replace("C O N F I D E N T I A L OTTAWA", "UNCLAS OTTAWA")
    assert found(unclas, "HDR008") == [("HDR008", 4)]


def test_hdr008_znr_with_classified_letters():
    assert found(CONFIDENTIAL_2009.replace("ZNY CCCCC", "ZNR CCCCC"), "HDR008") == [("HDR008", 4)]


def test_hdr008_efto():
    efto = GOOD.replace("UNCLAS SECTION", "UNCLAS EFTO SECTION").replace("ZNR UUUUU", "ZNY EEEEE")
    assert found(efto, "HDR008") == []
    assert found(efto.replace("ZNY EEEEE", "ZNR UUUUU"), "HDR008") == [("HDR008", 4)]
    assert found(GOOD.replace("ZNR UUUUU", "ZNY EEEEE"), "HDR008") == [("HDR008", 4)]


def test_hdr008_matching_letters_pass():
    assert found(GOOD, "HDR008") == []
    assert found(CONFIDENTIAL_2009, "HDR008") == []
    secret = CONFIDENTIAL_2009.replace("ZNY CCCCC", "ZNY SSSSS").replace(
        "C O N F I D E N T I A L", "S E C R E T").replace("(C)", "(S)")
    assert found(secret, "HDR008") == []


# ---- HDR009 DTG validity ------------------------------------------------------------

@pytest.mark.parametrize("dtg", ["311700Z SEP 08", "092400Z SEP 08", "091760Z SEP 08", "091700Z SEX 08",
                                 "291700Z FEB 09"])
def test_hdr009_invalid_dtg(dtg):
    assert found(GOOD.replace("091700Z SEP 08", dtg), "HDR009") == [("HDR009", 5)]


def test_hdr009_valid_dtg_passes():
    assert found(GOOD, "HDR009") == []
    assert found(GOOD.replace("091700Z SEP 08", "291700Z FEB 08"), "HDR009") == []  # leap day


# ---- HDR010 FL5 precedence against the TO precedence ----------------------------------

def test_hdr010_dtg_letter_below_to_precedence():
    text = GOOD.replace("TO RUEHC/SECSTATE WASHDC PRIORITY 1234", "TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234")
    assert found(text, "HDR010") == [("HDR010", 5)]


def test_hdr010_routine_addressee():
    text = GOOD.replace("TO RUEHC/SECSTATE WASHDC PRIORITY 1234", "TO RUEHC/SECSTATE WASHDC 1234")
    assert found(text, "HDR010") == [("HDR010", 5)]


def test_hdr010_niact_immediate_is_o():
    text = CONFIDENTIAL_2009.replace("WASHDC IMMEDIATE", "WASHDC NIACT IMMEDIATE")
    assert found(text, "HDR010") == []
    assert found(GOOD, "HDR010") == []


# ---- scope: partial records, records without a header, ACP-126 -------------------------

BROKEN = (GOOD.replace("PP RUEHGA", "OO RUEHGA").replace("2531700", "3671700").replace("ZNR UUUUU", "ZNY SSSSS")
          .replace("#0123/01", "#0124/02").replace("091700Z SEP 08", "311700Z SEP 08"))


def test_broken_header_fires_every_rule():
    codes = {code for code, _, _ in found_all(BROKEN)}
    assert {"HDR003", "HDR004", "HDR006", "HDR007", "HDR008", "HDR009"} <= codes


def test_partial_record_gets_no_header_findings():
    partial = "This record is a partial extract of the original cable. The full text of the original " \
              "cable is not available.\n\n" + BROKEN
    assert parse(partial).partial
    assert found_all(partial) == []


def test_no_header_no_findings():
    body = GOOD[GOOD.index("UNCLAS SECTION"):]
    assert parse(body).header.family == "none"
    assert found_all(body) == []  # HDR001 (the note that no header was found) is off by default


def test_acp126_header_gets_only_dtg_rules():
    acp126 = BROKEN[BROKEN.index("P 311700Z"):]
    doc = parse(acp126)
    assert doc.header.family == "acp126"
    assert {code for code, _, _ in found_all(acp126)} == {"HDR009"}


def test_header_errors_are_errors_and_the_rest_warnings():
    severities = {code: sev for code, _, sev in found_all(BROKEN)}
    assert severities["HDR004"] == severities["HDR008"] == severities["HDR009"] == "error"
    assert severities["HDR003"] == severities["HDR006"] == severities["HDR007"] == "warning"


# ---- HDR001 / HDR002 / HDR012 (informational and addressee checks) -----------------------

def test_hdr001_cable_without_routing_header():
    body = GOOD[GOOD.index("UNCLAS SECTION"):]
    assert found(body, "HDR001") == [("HDR001", 1)]
    assert found(GOOD, "HDR001") == []
    partial = "This record is a partial extract of the original cable.\n\n" + body
    assert found(partial, "HDR001") == []


def test_hdr002_transmission_identifier():
    assert found(GOOD.replace("VZCZCXRO1844", "VZCZCXR1844"), "HDR002") == [("HDR002", 1)]
    assert found(GOOD, "HDR002") == []
    assert found(GOOD.replace("VZCZCXRO1844", "VZCZCXRO184"), "HDR002") == []  # 3 digits per the handbook


def test_hdr012_missing_to_or_fm():
    no_to = GOOD.replace("TO RUEHC/SECSTATE WASHDC PRIORITY 1234\n", "")
    assert found(no_to, "HDR012") == [("HDR012", 6)]
    no_fm = GOOD.replace("FM AMEMBASSY OTTAWA\n", "").replace("TO RUEHC/SECSTATE WASHDC PRIORITY 1234\n", "")
    assert found(no_fm, "HDR012") == [("HDR012", 5)]


def test_hdr012_glued_or_interrupted_to_line_is_present():
    assert found(GOOD, "HDR012") == []
    assert found(GOOD.replace("TO RUEHC/", "TORUEHC/"), "HDR012") == []
    wrapped = GOOD.replace("TO RUEHC/SECSTATE WASHDC PRIORITY 1234",
                           "TO PAGE 02        STATE   015113  182333Z\nRUEHC/SECSTATE WASHDC PRIORITY 1234")
    assert found(wrapped, "HDR012") == []


def test_hdr004_station_serial_not_four_digits():
    assert found(GOOD.replace("#0123/01", "#123/01"), "HDR004") == [("HDR004", 3)]
    assert found(GOOD.replace("#0123/01", "#00123/01"), "HDR004") == [("HDR004", 3)]


def test_hdr004_missing_stamp_is_allowed():
    assert found(GOOD.replace("#0123/01 2531700", "#0123/01"), "HDR004") == []


def test_hdr008_znr_only_with_uuuuu():
    efto = GOOD.replace("UNCLAS SECTION", "UNCLAS EFTO SECTION").replace("ZNR UUUUU", "ZNR EEEEE")
    assert found(efto, "HDR008") == [("HDR008", 4)]

"""Banner rules BAN001/002/004/005/006 on small cables written here."""

import pytest
from conftest import parse

from validator.engine.runner import run_rules, select_rules

GOOD = """\
VZCZCXRO1844
OO RUEHGA
DE RUEHOT #0700/01 2522019
ZNY CCCCC ZZH
O 092019Z SEP 09
FM AMEMBASSY OTTAWA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827

C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700

SIPDIS

E.O. 12958: DECL: 09/09/2019
TAGS: PREL CA
SUBJECT: A SMALL TEST CABLE

Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)

1. (C) First paragraph.

OTTAWA 00000700 002 OF 002

2. (C) Second paragraph.

BREESE
"""

# An older received copy: page top/bottom lines, PAGE headers, no ACP-127 header.
OASYS = """\
                           CONFIDENTIAL     PTQ2529

PAGE 01        HARARE  05461  01 OF 02  271458Z
ACTION AF-00

INFO  LOG-00   NP-00
                  ------------------8A8E0D  271459Z /38
O 271458Z SEP 00
FM AMEMBASSY HARARE
TO SECSTATE WASHDC IMMEDIATE 7212

C O N F I D E N T I A L SECTION 01 OF 02 HARARE 005461

E.O. 12958: DECL: 09/21/10
TAGS: PGOV ZI
SUBJECT: A SMALL RECEIVED COPY

1. (C) TEXT.

                           CONFIDENTIAL

                           CONFIDENTIAL
PAGE 02        HARARE  05461  01 OF 02  271458Z

2. (C) MORE TEXT.

                           CONFIDENTIAL
"""

LOU_1977 = """\
R 251200Z JAN 77
FM SECSTATE WASHDC
TO AMEMBASSY PARIS

LIMITED OFFICIAL USE STATE 017976

E.O. 11652: N/A
TAGS: PFOR
SUBJECT: A SMALL LOU CABLE

1. TEXT.
"""


def found(text, code, path="<test>"):
    return [(d.code, d.span.line) for d in run_rules(parse(text, path), select_rules([code]))]


def found_all(text, path="<test>"):
    return [(d.code, d.span.line) for d in run_rules(parse(text, path), select_rules(["BAN"]))]


def test_correct_cables_have_no_banner_findings():
    assert found_all(GOOD) == []
    assert found_all(OASYS) == []
    assert found_all(LOU_1977) == []


# ---- BAN001 no classification line -------------------------------------------------

def test_ban001_missing_banner():
    text = GOOD.replace("C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700\n", "")
    assert found(text, "BAN001") == [("BAN001", 12)]  # reported at the E.O. line


def test_ban001_garbled_banner_is_not_missing():
    text = GOOD.replace("C O N F I D E N T I A L SECTION", "O N F I D E N T I A L SECTION")
    doc = parse(text)
    assert doc.banner.level.value == "CONFIDENTIAL"  # read, and named as damage (REC001)
    assert [d.kind for d in doc.integrity] == ["garbled-banner"]
    assert found(text, "BAN001") == []
    glued = GOOD.replace("C O N F I D E N T I A L SECTION", "Cable dated:2009-09-09T20:19:00C O N F I D E N T I A L SECTION")
    assert found(glued, "BAN001") == []


def test_ban001_skips_partial_records_and_snippets():
    text = GOOD.replace("C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700\n", "")
    partial = "This record is a partial extract of the original cable. The full text of the original " \
              "cable is not available.\n\n" + text
    assert found(partial, "BAN001") == []
    header_only = GOOD[:GOOD.index("\nC O N F")]
    assert found(header_only, "BAN001") == []
    body_only = GOOD[GOOD.index("E.O. 12958"):]
    assert found(body_only, "BAN001") == []


def test_ban001_present_banner_passes():
    assert found(GOOD, "BAN001") == []


# ---- BAN002 qualifier words -------------------------------------------------------

@pytest.mark.parametrize("banner", ["S E C R E T SENSITIVE", "CONFIDENTIAL SBU", "C O N F I D E N T I A L SENSITIVE"])
def test_ban002_classification_with_qualifier(banner):
    text = GOOD.replace("C O N F I D E N T I A L SECTION", banner + " SECTION")
    assert found(text, "BAN002") == [("BAN002", 9)]


@pytest.mark.parametrize("banner", ["UNCLAS SENSITIVE", "UNCLAS EFTO", "S E C R E T NOFORN", "UNCLAS"])
def test_ban002_correct_forms(banner):
    text = GOOD.replace("C O N F I D E N T I A L SECTION", banner + " SECTION")
    assert found(text, "BAN002") == []


def test_ban002_letter_spaced_banner_is_correct():
    assert found(GOOD, "BAN002") == []


# ---- BAN004 sections, continuation and page headers --------------------------------

def test_ban004_section_exceeds_total():
    text = GOOD.replace("SECTION 01 OF 02", "SECTION 03 OF 02")
    assert found(text, "BAN004") == [("BAN004", 9)]


def test_ban004_continuation_total_differs():
    # One finding, at the continuation header that disagrees, with the banner as a related location.
    text = GOOD.replace("SECTION 01 OF 02", "SECTION 01 OF 03")
    assert found(text, "BAN004") == [("BAN004", 21)]
    (d,) = run_rules(parse(text), select_rules(["BAN004"]))
    assert [span.line for span in d.related] == [9]
    assert "is the banner's wrong?" in d.message


def test_ban004_continuation_serial_differs():
    assert found(GOOD.replace("OTTAWA 00000700", "OTTAWA 00000701"), "BAN004") == [("BAN004", 21)]


def test_ban004_continuation_post_differs():
    assert found(GOOD.replace("OTTAWA 00000700", "MADRID 00000700"), "BAN004") == [("BAN004", 21)]


def test_ban004_single_section_banner_with_continuation_of_two():
    text = GOOD.replace("SECTION 01 OF 02 ", "")
    assert found(text, "BAN004") == [("BAN004", 21)]
    assert found(text.replace("002 OF 002", "001.2 OF 001"), "BAN004") == []


def test_ban004_truncated_post_passes():
    text = (GOOD.replace("OTTAWA 000700", "PORT AU PRINCE 000700")
            .replace("OTTAWA 00000700 002 OF 002", "PORT AU PR 00000700 002 OF 002"))
    assert found(text, "BAN004") == []


def test_ban004_page_header_serial_and_total():
    assert found(OASYS.replace("PAGE 02        HARARE  05461", "PAGE 02        HARARE  05462"),
                 "BAN004") == [("BAN004", 23)]
    assert found(OASYS.replace("05461  01 OF 02  271458Z\n\n2.", "05461  01 OF 03  271458Z\n\n2."),
                 "BAN004") == [("BAN004", 23)]


def test_ban004_second_section_of_a_received_copy_passes():
    # A record that holds section 2 of 2 after section 1: totals agree, section numbers differ.
    text = OASYS + "PAGE 01        HARARE  05461  02 OF 02  271458Z\n\n3. (C) LAST.\n"
    assert found(text, "BAN004") == []


def test_ban004_repeated_disagreement_reported_once():
    text = GOOD.replace("SECTION 01 OF 02", "SECTION 01 OF 03") + "\nOTTAWA 00000700 002.2 OF 002\n\n3. (C) X.\n"
    assert found(text, "BAN004") == [("BAN004", 21)]


def test_ban004_consistent_cables_pass():
    assert found(GOOD, "BAN004") == []
    assert found(OASYS, "BAN004") == []


# ---- BAN005 page/closing lines --------------------------------------------------------

def test_ban005_page_line_differs():
    text = OASYS.rstrip("\n").rsplit("\n", 1)[0] + "\n                           SECRET\n"
    assert found(text, "BAN005") == [("BAN005", 27)]


def test_ban005_matching_page_lines_pass():
    assert found(OASYS, "BAN005") == []


# ---- BAN006 LOU after 1995-10-01 ------------------------------------------------------

def test_ban006_lou_after_1995():
    text = LOU_1977.replace("251200Z JAN 77", "251200Z JAN 01")
    assert found(text, "BAN006") == [("BAN006", 5)]
    assert found(LOU_1977.replace("251200Z JAN 77", "011200Z OCT 95"), "BAN006") == [("BAN006", 5)]


def test_ban006_lou_before_the_change_passes():
    assert found(LOU_1977, "BAN006") == []
    assert found(LOU_1977.replace("251200Z JAN 77", "301200Z SEP 95"), "BAN006") == []


def test_ban006_silent_on_unknown_or_ambiguous_dates():
    no_dtg = LOU_1977.replace("R 251200Z JAN 77\n", "")
    assert found(no_dtg, "BAN006") == []
    assert found(no_dtg, "BAN006", path="95STATE17976.txt") == []  # year only: cannot decide
    assert found(no_dtg, "BAN006", path="98STATE17976.txt") == [("BAN006", 4)]


# ---- records that hold more than one banner --------------------------------------------

SECOND_CABLE = """
0 05/30/2008 3221 ECON 08OTTAWA2237 Embassy Ottawa SECRET
S E C R E T SECTION 01 OF 02 OTTAWA 002237

1. (S) Text of another cable.

OTTAWA 00002237 002 OF 002

2. (S) More of it.
"""


def test_ban004_second_cable_in_the_record_is_cut_off_not_checked_against_the_first():
    # SPLICED_BANNER: the appended cable is named once as damage (REC001) and its pages are not
    # compared with the first cable's banner, whatever they say
    text = GOOD.replace("SECTION 01 OF 02 ", "").replace("002 OF 002", "001.2 OF 001") + SECOND_CABLE
    assert found(text, "BAN004") == []
    assert [code for code, _ in found(text, "REC001")] == ["REC001"]
    bad = text.replace("OTTAWA 00002237 002 OF 002", "OTTAWA 00002237 002 OF 003")
    assert found(bad, "BAN004") == []


def test_ban004_later_section_banner_with_another_total():
    text = OASYS + "\nC O N F I D E N T I A L SECTION 02 OF 03 HARARE 005461\n\n3. (C) LAST.\n"
    assert found(text, "BAN004") == [("BAN004", 29)]
    same = OASYS + "\nC O N F I D E N T I A L SECTION 02 OF 02 HARARE 005461\n\n3. (C) LAST.\n"
    assert found(same, "BAN004") == []


def test_ban005_second_cable_at_another_level_is_not_a_page_line_mismatch():
    text = GOOD + SECOND_CABLE + "\n                           SECRET\n"
    assert found(text, "BAN005") == []
    # the appended cable is cut off (SPLICED_BANNER); a page line of the first cable is still compared
    inside = GOOD + "\n                           SECRET\n" + SECOND_CABLE
    assert found(inside, "BAN005") != []


# ---- builder: a cover-sheet classification line before the routing header ---------------

def test_cover_sheet_line_before_the_routing_header_gives_way_to_the_banner():
    cover = "S E C R E T        OTTAWA 00700\nCXOTTAWA:\n    ACTION: AMB\n\n"
    text = cover + GOOD.replace("C O N F I D E N T I A L", "S E C R E T").replace("ZNY CCCCC", "ZNY SSSSS")
    doc = parse(text)
    assert doc.banner.span.line == 13 and (doc.banner.section, doc.banner.sections) == (1, 2)
    assert [line.span.line for line in doc.class_lines] == [1]
    assert found(text, "BAN004") == [] and found(text, "BAN005") == []


# ---- BAN003 canonical spacing (info) ---------------------------------------------------

@pytest.mark.parametrize("banner", ["CONFIDENTIAL SECTION", "C o n f i d e n t i a l SECTION"])
def test_ban003_non_canonical_banner(banner):
    text = GOOD.replace("C O N F I D E N T I A L SECTION", banner)
    assert found(text, "BAN003") == [("BAN003", 9)]


def test_ban003_canonical_forms_and_old_copies_pass():
    assert found(GOOD, "BAN003") == []
    unclas = GOOD.replace("C O N F I D E N T I A L SECTION", "UNCLAS SECTION").replace("ZNY CCCCC", "ZNR UUUUU")
    assert found(unclas, "BAN003") == []
    assert found(LOU_1977, "BAN003") == []  # no ACP-127 header: spacing conventions differ


def test_ban004_redacted_post_and_zero_serial_are_not_disagreements():
    # REDACTED_POST and ZERO_SERIAL: a publisher's placeholder and a corrected copy's all-zero serial
    assert found(GOOD.replace("OTTAWA 00000700", "XXXXXXXXXXXX 00000700"), "BAN004") == []
    assert found(GOOD.replace("OTTAWA 00000700", "OTTAWA 00000000"), "BAN004") == []
    assert found(GOOD.replace("OTTAWA 00000700", "XXXXXXXXXXXX 00000701"), "BAN004") == [("BAN004", 21)]

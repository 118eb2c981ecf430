"""PUBLISHER_DATE_PREFIX and a serial glued to the next line: banners that one publisher's copies
run together with its metadata and the caption lines (synthetic cables, one per heuristic)."""

from conftest import parse

HEADER = """\
VZCZCXRO3913
OO RUEHBC
DE RUEHRL #0081/01 0211133
ZNY CCCCC ZZH
O 211133Z JAN 10
FM AMEMBASSY BERLIN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 6322

"""
PARAS = """
1. (C) The minister welcomed the proposal.

2. (C) He asked for a written reply.
"""


def test_dated_prefix_is_split_off_the_banner():
    doc = parse(HEADER + "Cable dated:2010-01-21T11:33:00C O N F I D E N T I A L SECTION 01 OF 03 BERLIN "
                "000081SIPDISE.O. 12958: DECL: 01/22/2020TAGS: PGOV PREL\n" + PARAS)
    assert doc.banner is not None and doc.banner.level.value == "CONFIDENTIAL"
    assert (doc.banner.post, doc.banner.serial) == ("BERLIN", 81)
    assert doc.tags is not None and doc.tags.tags == ("PGOV", "PREL")


def test_dated_prefix_with_bracket_and_space():
    for prefix in ("Cable dated:2005-08-17T21:24:00]", "Cable dated:2005-11-16T09:53:00 "):
        doc = parse(HEADER + prefix + "S E C R E T SECTION 01 OF 02 BERLIN 000081 SIPDIS\n" + PARAS)
        assert doc.banner is not None and doc.banner.level.value == "SECRET", prefix


def test_text_that_merely_mentions_a_date_is_not_a_banner():
    doc = parse(HEADER + "Cable dated 2010-01-21 and filed later.\n" + PARAS)
    assert doc.banner is None


def test_zero_padded_serial_glued_to_the_next_caption_line():
    doc = parse(HEADER + "S E C R E T BERLIN 000326FOR NEA AND H\n\nE.O. 12958: DECL: 02/23/2019\n" + PARAS)
    assert doc.banner is not None and (doc.banner.post, doc.banner.serial) == ("BERLIN", 326)


def test_a_short_serial_run_into_letters_is_garbled_not_glued():
    # "REYKJAVIK 00040QSITIVE": a garbled serial and caption; reading it as serial 40 would make
    # the DE line's serial disagree with it (HDR006) on a copy whose only fault is damage
    doc = parse(HEADER + "UNCLAS SECTION 01 OF 02 BERLIN 00040QSITIVE\n" + PARAS)
    assert doc.banner is None or doc.banner.serial != 40


def test_banner_in_a_quoted_csv_field():
    # CSV_FIELD_SEAM: a CSV export runs the header's last field into the cable text
    doc = parse(HEADER.replace("IMMEDIATE 6322", 'IMMEDIATE 6322","C O N F I D E N T I A L BERLIN 000081')
                + "E.O. 12958: DECL: 01/22/2020\n" + PARAS)
    assert doc.banner is not None and (doc.banner.post, doc.banner.serial) == ("BERLIN", 81)
    quoted = parse(HEADER + '"S E C R E T SECTION 01 OF 02 BERLIN 000081\n' + PARAS)
    assert quoted.banner is not None and quoted.banner.level.value == "SECRET"


def test_a_csv_seam_in_the_body_is_text():
    doc = parse(HEADER + "C O N F I D E N T I A L BERLIN 000081\n\nE.O. 12958: DECL: 01/22/2020\n" + PARAS
                + '\n3. (C) He said "yes","no" twice.\n')
    assert [p.number for p in doc.paragraphs] == ["1", "2", "3"]

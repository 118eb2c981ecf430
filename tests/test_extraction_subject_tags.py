"""SUBJECT text and TAGS codes: wrapped lines, portion marks, glued fields, archive artefacts."""

import re
import pytest
from conftest import parse

from validator.fields.tags import parse_tags

HEAD = "C O N F I D E N T I A L OTTAWA 000700\n\nE.O. 12958: DECL: 09/09/2019\nTAGS: PREL CA\n"


def subject_of(block: str) -> str:
    return parse(HEAD + block + "\n\nClassified By: Ambassador David Wilkins, reasons 1.4 (b) and (d)\n\n1. (C) Text.\n").subject


def test_subject_without_portion_mark():
    s = subject_of("SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH")
    assert s.text == "CANADA WELCOMES U.S. OUTREACH" and s.marking.level.value == "CONFIDENTIAL"


def test_subject_wrapped_over_lines():
    s = subject_of("SUBJECT: (S/NF) SPIKE IN NATIONAL SECURITY-RELATED ARREST\nCASES STRAINS POST,S RESOURCES")
    assert s.text == "SPIKE IN NATIONAL SECURITY-RELATED ARREST CASES STRAINS POST,S RESOURCES"
    assert s.marking.controls == frozenset({"NOFORN"})


def test_subject_stops_before_body_text_in_another_case():
    s = subject_of("SUBJECT: SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN DURING\n"
                   "EU PRESIDENCY\nThis is an Action request. Please see para 2.")
    assert s.text == "SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN DURING EU PRESIDENCY"


def test_subject_mixed_case_continuation():
    s = subject_of("SUBJECT: Petrobras Delays Some Subsalt Tests Due to Equipment\nShortage")
    assert s.text == "Petrobras Delays Some Subsalt Tests Due to Equipment Shortage"


def test_subject_glued_ref_is_cut_and_read_as_refs():
    doc = parse(HEAD + "SUBJECT: FBI DIRECTOR MUELLER'S VISIT TO EGYPTREF: CAIRO 493\n\n1. (C) Text.\n", "06CAIRO941.txt")
    assert doc.subject.text == "FBI DIRECTOR MUELLER'S VISIT TO EGYPT"
    assert [r.id for r in doc.refs] == ["06CAIRO493"]


def test_subject_line_continuation_backslashes_dropped():
    assert subject_of("SUBJECT: HRC: SPECIAL SESSION ON PALESTINE \\\n \\").text == "HRC: SPECIAL SESSION ON PALESTINE"


def test_subject_on_the_line_after_the_label():
    s = subject_of("SUBJECT:\n\nPRIME MINISTER DISCUSSES ESF Classified By")
    assert s.text == "PRIME MINISTER DISCUSSES ESF"


def test_subject_label_written_twice():
    assert subject_of("SUBJECT: SUBJECT: AFGHANISTAN: A SNAPSHOT").text == "AFGHANISTAN: A SNAPSHOT"


@pytest.mark.parametrize("value, tags", [
    ("PREL PGOV IZ", ("PREL", "PGOV", "IZ")),
    ("prel, pgov, pins, tu", ("PREL", "PGOV", "PINS", "TU")),
    ("ECON ETRD PGOV CA MX SIPDIS", ("ECON", "ETRD", "PGOV", "CA", "MX")),
    # repeats dropped, glued codes split (subject code + country code)
    ("PREL PGOV PHUM VT PGOV PHUM VT VE VEPREL", ("PREL", "PGOV", "PHUM", "VT", "VE")),
    ("KCRM KWMN ASEC PHUMBA", ("KCRM", "KWMN", "ASEC", "PHUM", "BA")),
    ("KFLU AEMR AMEDCASCKFLO TBIO", ("KFLU", "AEMR", "AMED", "CASC", "KFLO", "TBIO")),
    # a word that is not made of codes stays whole
    ("PGOV TURKEY", ("PGOV", "TURKEY")),
    ("UNESCO MTCRE PREL", ("UNESCO", "MTCRE", "PREL")),
    # free-text phrases
    ("PHUM, OPRC, IT, HUMAN RIGHTS", ("PHUM", "OPRC", "IT", "HUMAN RIGHTS")),
    ("ECON ETRD PM ECONOMIC AFFAIRS", ("ECON", "ETRD", "PM", "ECONOMIC AFFAIRS")),
    ("TU KJUS TIP IN TURKEY", ("TU", "KJUS", "TIP IN TURKEY")),
    # PERSON_TAG: the code, then the person with the comma and initials of the name
    ("OVIP (CLINTON, HILLARY) PREL", ("OVIP", "CLINTON, HILLARY", "PREL")),
    ("ovip (doe, john b.), prel", ("OVIP", "DOE, JOHN B.", "PREL")),
    ("OVIP DOE JOHN PREL", ("OVIP", "DOE", "JOHN", "PREL")),  # no parentheses: no person tag
    # PAGE_DEBRIS: an older page break and the page's classification glued onto the value
    ("PINR, PGOV, PE        SECRET     PAGE 02     LIMA  01234  01 OF 03  251228Z PINR, PE     SECRET",
     ("PINR", "PGOV", "PE")),
    ("PREL, ETRD, IT     CONFIDENTIAL    PAGE 02    ROME  03067  211833Z ", ("PREL", "ETRD", "IT")),
    ("PREL SECRETARIAT", ("PREL", "SECRETARIAT")),  # a word that only starts like a classification
    # REPEATED_LABEL and TRUNCATED_LABEL
    ("TAGS: PREL PGOV", ("PREL", "PGOV")),
    ("AGS: PGOV, PREL", ("PGOV", "PREL")),
    # a header field glued to the value
    ("PHUM, HURI, GTREFTEL: SECSTATE 267453", ("PHUM", "HURI", "GT")),
    ("[PREL](#) [CA](#)", ("PREL", "CA")),
])
def test_tags_values(value, tags):
    assert parse_tags(value) == tags


def test_tags_wrapped_onto_the_next_line():
    doc = parse("E.O. 12958: N/A\nTAGS: KFLU AEMR ASEC PREL\nPINR, AMGT, TF, BR\nSUBJECT: SITREP\n\n1. (U) Text.\n")
    assert doc.tags.tags == ("KFLU", "AEMR", "ASEC", "PREL", "PINR", "AMGT", "TF", "BR")
    doc = parse("E.O. 12958: N/A\nTAGS: OREP AMGT KU COUNTRY\nCLEARANCE\nSUBJECT: CODEL\n\n1. (U) Text.\n")
    assert doc.tags.tags == ("OREP", "AMGT", "KU", "COUNTRY CLEARANCE")


def test_tags_lower_case_continuation():
    # LOWER_CASE_CONTINUATION: a lower-case value, or one ending with a comma, continues in lower case.
    doc = parse("E.o. 12958: decl: n/a\nTags: ovip (doe, john b.), prel, pgov,\netra, mnuc, ch\n"
                "Subject: deputy meeting with the minister\n\n1. (C) Text.\n")
    assert doc.tags.tags == ("OVIP", "DOE, JOHN B.", "PREL", "PGOV", "ETRA", "MNUC", "CH")
    assert doc.subject.text == "deputy meeting with the minister"
    # a value in capitals that is complete does not take a lower-case line
    doc = parse("E.O. 12958: N/A\nTAGS: PREL CA\nand the rest of a sentence\n\n1. (U) Text.\n")
    assert doc.tags.tags == ("PREL", "CA")


def test_tags_truncated_label_glued_to_decl():
    doc = parse("C O N F I D E N T I A L BUENOS AIRES 001234\n\nE.O. 12958: DECL: 08/22/2017 AGS: PGOV, PREL, AR\n"
                "SUBJECT: X\n\n1. (C) Text.\n")
    assert doc.tags.tags == ("PGOV", "PREL", "AR")
    doc = parse("C O N F I D E N T I A L BUENOS AIRES 001234\n\nE.O. 12958: DECL: 08/22/2017\n"
                "SUBJECT: BAGS: NONE\n\n1. (C) Text.\n")  # a word ending in AGS is no label
    assert doc.tags is None


def test_tags_next_line_subject_is_not_taken():
    doc = parse("E.O. 12958: N/A\nTAGS: PREL CA\nSUBJECT: HELLO\n\n1. (U) Text.\n")
    assert doc.tags.tags == ("PREL", "CA") and doc.subject.text == "HELLO"


def test_tags_glued_to_decl():
    doc = parse("C O N F I D E N T I A L BERLIN 000081\n\nE.O. 12958: DECL: 01/22/2020TAGS: PGOV PREL IR GM\n\n1. (C) Text.\n")
    assert doc.tags.tags == ("PGOV", "PREL", "IR", "GM")


def test_very_long_glued_value_does_not_recurse_deeply():
    assert parse_tags("PREL" * 2000) == ("PREL" * 2000,)
    assert parse_tags("PRELPGOV") == ("PREL", "PGOV")


def test_subject_continues_after_blank_when_unfinished():
    assert subject_of("SUBJECT: Argentina's Anticorruption Office:\n\nMany Investigations, Few Results").text == (
        "Argentina's Anticorruption Office: Many Investigations, Few Results")
    # a continuation that starts like another field ("FM ...") still belongs to an unfinished subject
    assert subject_of("SUBJECT: Iceland: Priorities Delivered;\nFM Unavailable for Oct. 1 Ministerial").text == (
        "Iceland: Priorities Delivered; FM Unavailable for Oct. 1 Ministerial")


def test_subject_debris_removed():
    assert subject_of("SUBJECT: ZIM NOTES 11-09-2009 -----------").text == "ZIM NOTES 11-09-2009"
    assert subject_of("SUBJECT: BRAZIL: NOT A PARADISE SENSITIVE BUT UNCLASSIFIED - PLEASE PROTECT").text == (
        "BRAZIL: NOT A PARADISE")
    assert subject_of("SUBJECT: DEATHS IN LIBYA TRIPOLI 00000939 001.2 OF 003").text == "DEATHS IN LIBYA"
    assert subject_of("SUBJECT: MUNICIPALITY TO FUND... 14:25 UNCLAS SECTION 01 OF 03").text == "MUNICIPALITY TO FUND..."
    assert subject_of("SUBJECT: TALKS UPDATE, 28 AUGUST - 1 SEPTEMBER\n¶2006.").text == (
        "TALKS UPDATE, 28 AUGUST - 1 SEPTEMBER 2006.")


def test_tags_label_written_twice_keeps_the_codes():
    # REPEATED_LABEL: "TAGS: TAGS: PREL" splits into an empty label line and the value; the value counts
    doc = parse(HEAD.replace("TAGS: PREL CA", "TAGS: TAGS: PREL PGOV") + "SUBJECT: TEST\n\n1. (C) Text.\n")
    assert doc.tags.tags == ("PREL", "PGOV")
    empty = parse(HEAD.replace("TAGS: PREL CA", "TAGS:") + "SUBJECT: TEST\n\n1. (C) Text.\n")
    assert empty.tags is not None and empty.tags.tags == ()


def test_subject_wrapped_across_a_blank_line():
    """BLANK_WRAPPED: the capitals line after one blank line, followed by the Classified By line, continues it."""
    s = subject_of("SUBJECT: PULP MILL DISPUTE: FINNISH\n\nEMBASSY OFFICIAL DISCOUNTS VIOLENCE")
    assert s.text == "PULP MILL DISPUTE: FINNISH EMBASSY OFFICIAL DISCOUNTS VIOLENCE"


def test_subject_wrapped_across_several_blank_lines():
    s = subject_of("SUBJECT: U/S BURNS IN ARGENTINA: DISCUSSES\n\nINTERESTS, BIOFUELS WITH PLANNING\n\nMINISTER DE VIDO")
    assert s.text == "U/S BURNS IN ARGENTINA: DISCUSSES INTERESTS, BIOFUELS WITH PLANNING MINISTER DE VIDO"


@pytest.mark.parametrize("after", ["SUMMARY", "ROME 00001...", "CONFIDENTIAL", "RE: STATE 123682", "Body text here.",
                                   "NOT FOR INTERNET DISTRIBUTION", "SENSITIVE BUT UNCLASSIFED", "IIR 6 809 0067 09",
                                   "PULP MILL DISPUTE"])
def test_subject_not_continued_by_a_heading_page_mark_or_other_case(after):
    assert subject_of(f"SUBJECT: PULP MILL DISPUTE\n\n{after}").text == "PULP MILL DISPUTE"


def test_subject_split_label_word_dropped():
    """SPLIT_LABEL: 'CLASSIFIED' glued to the subject, 'BY:' on a later line, belongs to the label."""
    s = parse(HEAD + "SUBJECT: U.S. BUSINESSMEN ARE WELCOME CLASSIFIED\n\nBY: Gene A. Cretz, Ambassador. "
              "REASON: 1.4 (b)\n\n1. (C) Text.\n").subject
    assert s.text == "U.S. BUSINESSMEN ARE WELCOME"
    assert subject_of("SUBJECT: LIBYA: CLASSIFIED").text == "LIBYA: CLASSIFIED"  # no 'BY:' after it


def test_subject_hyphen_wrap_joined():
    """HYPHEN_WRAP: a compound cut after its hyphen is one word; a spaced dash stays a dash."""
    assert subject_of("SUBJECT: NEW POST-\nELECTION GOVERNMENT").text == "NEW POST-ELECTION GOVERNMENT"
    assert subject_of("SUBJECT: NEW POST -\nELECTION GOVERNMENT").text == "NEW POST - ELECTION GOVERNMENT"


@pytest.mark.parametrize("notice", ["Sensitive But Unclassified - please protect", "(Sensitive but unclassified)"])
def test_subject_stops_at_a_glued_sbu_notice(notice):
    assert subject_of(f"SUBJECT: Iran Sanctions {notice}").text == "Iran Sanctions"


# ---- splitting the TAGS value into items: linear, same answer as the lookahead regex ----------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from validator.fields.tags import _items  # noqa: E402

_LOOKAHEAD_SPLIT = re.compile(r"[,;](?![^()]*\))")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AB ,;()", max_size=40))
def test_tags_items_split_like_the_lookahead_regex(text):
    # a separator inside parentheses (the next parenthesis to its right is ")") does not split
    assert _items(text) == _LOOKAHEAD_SPLIT.split(text)


def test_a_very_long_tags_line_is_split_in_one_pass():
    # the regex rescans the rest of the line at every comma: 50,000 tags took 30 s; the scan is linear
    text = "PREL (X, Y), " + "PGOV, " * 50000
    tags = parse_tags(text)
    assert tags == ("PREL", "X, Y", "PGOV")


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["AND", "and", "OF", "WITH", "with", "THE", "BAND", "XOF", "word", " ", "  ", "\t",
                                 "\n", ":", ";", ",", "-", " -", "\u00a0", "\u2003", "\x1c", "é", "1", "_"]),
                max_size=10).map("".join))
def test_incomplete_subject_is_searched_near_its_end_only(text):
    """INCOMPLETE_TAIL: the search from near the end answers as the search of the whole subject."""
    from validator import extraction

    assert extraction._ends_incomplete(text) == (extraction._SUBJECT_INCOMPLETE.search(text) is not None)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["REF", "Ref", "REFTEL", "REFS", "(S)", ":", " ", "\t", "\x1c", "A", "(", ")", "C", "U",
                                 "SBU", "1", "12", ".", "¶", "Classified", "CLASSIFIED", "By", "BY", "-", "---",
                                 "Summary", "SUMMARY", "sensitive", "SENSITIVE", "Sensitive", "but", "BUT", "unclas",
                                 "UNCLAS", "\u017fensitive", "é", "x"]), max_size=12).map("".join))
def test_subject_end_needles_never_skip_a_match(text):
    """SUBJECT_END_NEEDLES: the pre-check answers as the search of the whole subject."""
    from validator import extraction

    found, expected = extraction._subject_end(text), extraction._SUBJECT_END.search(text)
    assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("text", [
    "TALKS REF: A", "TALKS Ref: B", "TALKS REFTEL: C", "TALKS REF (A) STATE", "TALKS Classified By J. Doe",
    "TALKS CLASSIFIED BY J. DOE", "TALKS --- MORE", "TALKS Summary --- MORE", "TALKS (Sensitive But Unclassified)",
    "TALKS sensitive  but unclas", "TALKS 2.(C) MORE", "TALKS 2. (U) MORE", "TALKS \u00b62.\t(SBU) MORE",
    "TALKS \u017fensitive but unclas",  # (the long s matches "s" case-insensitively: not ASCII, searched whole)
])
def test_subject_end_needles_let_every_kind_of_end_through(text):
    from validator import extraction

    found = extraction._subject_end(text)
    assert found is not None and found.span() == extraction._SUBJECT_END.search(text).span()

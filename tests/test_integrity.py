"""Record integrity (REC001) and the marking rules it keeps quiet; one small cable per heuristic."""

import pytest
from conftest import parse

from validator.engine import Severity
from validator.engine.runner import run_rules, select_rules

HEADER = """\
VZCZCXRO1844
OO RUEHGA
DE RUEHOT #0700/01 2522019
ZNY CCCCC ZZH
O 092019Z SEP 09
FM AMEMBASSY OTTAWA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
"""
BODY = """\
C O N F I D E N T I A L OTTAWA 000700

SIPDIS

E.O. 12958: DECL: 09/09/2019
TAGS: PREL CA
SUBJECT: CANADA WELCOMES OUTREACH
REF: OTTAWA 616

Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)

1. (C) First paragraph.

2. (C) Second paragraph.

BREESE
"""
GOOD = HEADER + "\n" + BODY


def kinds(text):
    return [d.kind for d in parse(text).integrity]


def codes(text, select=None):
    return sorted({(d.code, str(d.severity)) for d in run_rules(parse(text), select_rules(select))})


def test_a_clean_record_has_no_damage():
    assert kinds(GOOD) == []
    assert not [c for c in codes(GOOD) if c[0] == "REC001"]


@pytest.mark.parametrize("garbled", ["O N F I D E N T I A L", "CC O N F I D E N T I A L", "CO N F I D E N T I A L"[1:]])
def test_garbled_banner_is_read_and_named_once(garbled):
    text = GOOD.replace("C O N F I D E N T I A L", garbled)
    doc = parse(text)
    assert doc.banner.level.value == "CONFIDENTIAL"
    assert kinds(text) == ["garbled-banner"]
    found = codes(text)
    assert ("REC001", "warning") in found and not [c for c in found if c[0] in ("BAN001", "BAN003")]


@pytest.mark.parametrize("banner,level", [("UUNCLAS", "UNCLASSIFIED"), ("NCLAS", "UNCLASSIFIED"),
                                          ("E C R E T", "SECRET"), ("CSE C R E T", "SECRET")])
def test_garbled_banner_first_letter(banner, level):
    text = GOOD.replace("C O N F I D E N T I A L OTTAWA", f"{banner} OTTAWA")
    assert parse(text).banner.level.value == level


def test_a_word_damaged_beyond_its_first_letter_is_not_a_banner():
    assert parse(GOOD.replace("C O N F I D E N T I A L", "C O N F I X E N T I A L")).banner is None


def test_header_dropped_replaces_the_missing_field_errors():
    dropped = GOOD.replace("SUBJECT: CANADA WELCOMES OUTREACH\n", "").replace(
        "Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n", "")
    assert kinds(dropped) == ["header-dropped"]
    found = codes(dropped)
    assert ("REC001", "warning") in found
    assert not [c for c in found if c[0] in ("CLB001", "STR002")]


def test_a_missing_classified_by_alone_is_still_an_error():
    missing = GOOD.replace("Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n", "")
    assert kinds(missing) == []
    assert ("CLB001", "error") in codes(missing)


def test_truncated_header_fields_after_the_cut_are_unknown():
    cut = GOOD.replace("REF: OTTAWA 616\n\nClassified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n",
                       "REF: OTTAWA...\n")
    assert kinds(cut) == ["truncated"]
    assert not [c for c in codes(cut) if c[0] == "CLB001"]
    # the one-character ellipsis cuts a header too (the pre-check looks for both)
    assert kinds(cut.replace("OTTAWA...", "OTTAWA\u2026")) == ["truncated"]


CLASSIFIED_BY = "Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n"
REPEAT = "OTTAWA 000700 SIPDIS E.O. 12958: DECL: 09/09/2019 TAGS: PREL CA\n"


def test_flattened_repeat_stopping_at_tags_leaves_classified_by_unknown():
    repeated = GOOD.replace(CLASSIFIED_BY, REPEAT)
    assert kinds(repeated) == ["truncated"]
    found = codes(repeated)
    assert ("REC001", "warning") in found and not [c for c in found if c[0] == "CLB001"]
    # the cut marker may open the repeat instead of ending the line before it
    assert kinds(GOOD.replace(CLASSIFIED_BY, "..." + REPEAT)) == ["truncated"]


def test_flattened_repeat_that_goes_on_past_tags_is_not_damage():
    onward = GOOD.replace(CLASSIFIED_BY, REPEAT.rstrip() + " SUBJECT: CANADA WELCOMES OUTREACH\n")
    assert kinds(onward) == []
    assert ("CLB001", "error") in codes(onward)
    other = GOOD.replace(CLASSIFIED_BY, REPEAT.replace("000700", "000701"))  # not this cable's header
    assert kinds(other) == []
    assert ("CLB001", "error") in codes(other)
    kept = GOOD.replace("\n1. (C) First", "\n" + REPEAT + "\n1. (C) First")  # Classified By was read
    assert kinds(kept) == []


def test_classified_by_cut_short_is_not_a_missing_reason():
    cut = GOOD.replace("reasons 1.4 (b) and (d)", "reasons ...")
    assert kinds(cut) == ["truncated"]
    assert not [c for c in codes(cut) if c[0] == "CLB003"]
    # a cut elsewhere does not excuse a Classified By line written without a reason
    other = GOOD.replace(", reasons 1.4 (b) and (d)", "").replace("REF: OTTAWA 616", "REF: OTTAWA...")
    assert ("CLB003", "error") in codes(other)


def test_banner_of_another_cable_under_the_header_is_a_splice():
    spliced = GOOD.replace("C O N F I D E N T I A L OTTAWA 000700", "C O N F I D E N T I A L BOGOTA 004036")
    assert kinds(spliced) == ["spliced"]
    assert not [c for c in codes(spliced) if c[0] in ("HDR006", "HDR008")]


def test_same_post_other_serial_is_not_a_splice():
    assert kinds(GOOD.replace("OTTAWA 000700", "OTTAWA 000701")) == []


def test_an_export_row_of_another_cable_ends_the_record():
    row = "50133  2006-01-19  06THEHAGUE131  Embassy The Hague  CONFIDENTIAL  C O N F I D E N T I A L\n"
    text = GOOD.replace("BREESE\n", "BREESE\n\n" + row + "\nE.O. 12958: DECL: 01/19/2016\n\n3. (S) Not this cable.\n")
    doc = parse(text)
    assert kinds(text) == ["spliced"]
    assert [p.number for p in doc.paragraphs] == ["1", "2"]
    assert not [c for c in codes(text) if c[0] == "POR003"]
    own = GOOD.replace("BREESE\n", "BREESE\n\n" + row.replace("06THEHAGUE131", "09OTTAWA700"))
    assert kinds(own) == []


def test_list_letter_c_after_b_is_an_item_not_confidential():
    unclas = GOOD.replace("C O N F I D E N T I A L", "UNCLAS").replace("(C)", "(U)").replace(
        "E.O. 12958: DECL: 09/09/2019", "E.O. 12958: N/A").replace(
        "Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n", "").replace(
        "REF: OTTAWA 616", "REF: (A) OTTAWA 616\n     (B) OTTAWA 617\n     (C) OTTAWA 618")
    assert not [c for c in codes(unclas, ["POR003"])]
    marked = unclas.replace("2. (U) Second paragraph.", "(C) Second paragraph.")
    assert ("POR003", "error") in codes(marked, ["POR003"])  # no (B) item before it: a real (C) mark


def test_lone_section_before_reason_letters_is_a_reason():
    text = GOOD.replace("reasons 1.4 (b) and (d)", "FOR REASONS 1 (B) AND (D)")
    assert parse(text).classified_by.reasons == ("b", "d")
    assert not [c for c in codes(text) if c[0] == "CLB003"]


def test_sbu_cable_marking_no_paragraph_is_a_warning_not_an_error():
    sbu = GOOD.replace("C O N F I D E N T I A L", "UNCLAS").replace("SIPDIS", "SENSITIVE\nSIPDIS").replace(
        "1. (C) ", "1. ").replace("2. (C) ", "2. ").replace("E.O. 12958: DECL: 09/09/2019", "E.O. 12958: N/A").replace(
        "Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n", "")
    severities = [d.severity for d in run_rules(parse(sbu), select_rules(["POR001"]))]
    assert severities == [Severity.WARNING]
    one_left_off = sbu.replace("1. First", "1. (SBU) First")
    assert [d.severity for d in run_rules(parse(one_left_off), select_rules(["POR001"]))] == [Severity.ERROR]


def test_paragraph_cut_at_an_ellipsis_has_an_unknown_mark():
    text = GOOD.replace("2. (C) Second paragraph.", "2.  (C...")
    assert not run_rules(parse(text), select_rules(["POR001"]))


# ---- paragraph discovery (POR001 recall) ------------------------------------------------------

CONF = """\
R 091204Z SEP 09
C O N F I D E N T I A L OTTAWA 000700

E.O. 12958: DECL: 09/09/2019
TAGS: PREL CA
SUBJECT: (U) TEST

Classified By: Ambassador Jane Doe, reasons 1.4 (b) and (d)

{body}
BREESE
"""


def por001(body):
    return [(d.span.line - 9, str(d.severity)) for d in run_rules(parse(CONF.format(body=body)), select_rules(["POR001"]))]


def test_wrapped_number_after_a_sentence_end_or_heading_is_a_paragraph():
    assert por001("1. (C) The minister welcomed the proposal.\n2. He asked for a reply.\n") == [(2, "error")]
    assert por001("1. (C) Text.\n\nCOMMENT\n-------\n2. Comment: the talks resume.\n") == [(5, "error")]


def test_wrapped_number_inside_running_text_is_not_a_paragraph():
    assert por001("1. (C) The talks began on January\n2. and ended a week later.\n") == []


def test_a_jump_ahead_resumes_the_sequence_when_the_next_number_follows():
    assert por001("1. (C) One.\n\n2. (C) Two.\n\n4. Comment: unmarked last paragraph.\n") == [(5, "error")]
    assert por001("1. (C) One.\n\n2. (C) Two.\n\n5. Stray item.\n\n3. (C) Three.\n") == []


def test_a_bullet_the_publisher_numbered_is_not_a_paragraph():
    assert por001("1. (C) Points:\n\n2. --Increase linkage.\n\n3. (C) Three.\n") == []


def test_sbu_marks_without_the_caption_make_unmarked_paragraphs_a_warning():
    text = CONF.format(body="1. (SBU) One.\n\n2. Two.\n").replace("C O N F I D E N T I A L", "UNCLAS").replace(
        "DECL: 09/09/2019", "N/A").replace("Classified By: Ambassador Jane Doe, reasons 1.4 (b) and (d)\n", "")
    assert [str(d.severity) for d in run_rules(parse(text), select_rules(["POR001"]))] == ["warning"]


def codes_of(body, select=("POR001", "POR002")):
    return sorted((d.code, d.span.line - 9) for d in run_rules(parse(CONF.format(body=body)), select_rules(list(select))))


def test_garbled_mark_is_malformed_not_missing():
    assert codes_of("1. (C) One.\n\n2. (SE) Two.\n") == [("POR002", 3)]
    assert codes_of("1. (C) One.\n\n2. (SB) Two.\n", ["POR003"]) == []  # no level is read from it
    assert codes_of("1. (C) One.\n\n2. (AP) reported that the talks ended.\n") == [("POR001", 3)]


def test_bare_mark_without_parentheses_is_malformed_not_missing():
    assert codes_of("1. (C) One.\n\n2. S//REL CHINA: the talks.\n") == [("POR002", 3)]


def test_heading_whose_text_is_the_marked_paragraph_under_it():
    assert codes_of("1. (C) One.\n\n2. Afghanistan\n--------------\n(C) The SYG said.\n") == []
    assert codes_of("1. (C) One.\n\n2. Afghanistan\n--------------\nThe SYG said.\n") == [("POR001", 3)]


def test_number_wrapped_across_a_blank_line_after_a_connecting_word():
    assert codes_of("1. (C) They will convert Rabta 1 and\n\n2. Except for that, plausible.\n") == []
    assert codes_of("1. (C) They will convert Rabta 1.\n\n2. Except for that, plausible.\n") == [("POR001", 3)]


def test_handling_notice_paragraph_is_not_unmarked():
    assert codes_of("1. This cable is sensitive but unclassified. Protect accordingly.\n\n2. (C) Two.\n") == []


def test_every_damage_kind_is_a_declared_one():
    from validator.model import DAMAGE_KINDS

    cut = GOOD.replace("REF: OTTAWA 616\n", "REF: OTTAWA...\n")
    spliced = GOOD.replace("OTTAWA 000700", "BOGOTA 004036", 1)
    dropped = GOOD.replace("SUBJECT: CANADA WELCOMES OUTREACH\n", "").replace(
        "Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n", "")
    garbled = GOOD.replace("C O N F I D E N T I A L", "O N F I D E N T I A L")
    found = {k for text in (cut, spliced, dropped, garbled) for k in kinds(text)}
    assert found == set(DAMAGE_KINDS)


def test_preview_repeat_takes_the_complete_classified_by_line():
    # PREVIEW_REPEAT: a preview header cut at "..." and then the whole cable: the complete line counts
    preview = BODY.split("REF: OTTAWA 616")[0] + "\nClassified By: A/PolCouns Kurt...\n\n"
    full = GOOD.replace("reasons 1.4 (b) and (d)", "reasons 1.4 (b) and (z)")
    doc = parse(HEADER + "\n" + preview + "\nid: 209243\n\n" + full.split("\n", 7)[-1])
    assert doc.classified_by is not None and "(z)" in doc.classified_by.text
    found = [(d.code, d.span.line) for d in run_rules(doc, select_rules(["CLB"]))]
    line = next(i for i, text in enumerate(doc.lines, 1) if "(z)" in text)
    assert ("CLB004", line) in found


def test_a_cut_classified_by_line_alone_stays_the_classified_by():
    doc = parse(GOOD.replace("Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)",
                             "Classified By: A/PolCouns Kurt..."))
    assert doc.classified_by is not None and doc.classified_by.text.endswith("...")


def test_spliced_continuation_cuts_the_record_at_another_cables_page():
    # SPLICED_CONTINUATION: a page header naming another post and serial is another cable's page
    two = BODY.replace("C O N F I D E N T I A L OTTAWA 000700", "C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700")
    spliced = HEADER + "\n" + two.replace("2. (C) Second paragraph.",
                                          "2. (C) Second paragraph.\n\nMADRID 00001234 002 OF 002\n\n6. (S) Foreign text.")
    assert "spliced" in kinds(spliced)
    found = [d.code for d in run_rules(parse(spliced), select_rules())]
    assert "POR003" not in found and "BAN004" not in found and found.count("REC001") == 1
    for same in ("OTTAWA 00000700 002 OF 002", "XXXXXXXXXXXX 00001234 002 OF 002", "MADRID 00000000 002 OF 002"):
        page = HEADER + "\n" + two.replace("2. (C) Second paragraph.", f"2. (C) Second\n\n{same}\n\nparagraph.")
        assert "spliced" not in kinds(page), same


# SPLICED_BANNER: a second cable appended after this one's text (its own routing header and banner)
OTHER = """\
VZCZCXRO5952
PP RUEHAG
DE RUEHMD #1234 0481658
ZNY SSSSS ZZH
P 171655Z FEB 09
FM AMEMBASSY MADRID
TO RUEHC/SECSTATE WASHDC PRIORITY

S E C R E T MADRID 001234

E.O. 12958: DECL: 02/17/2019
TAGS: PREL SP
SUBJECT: ANOTHER CABLE

Classified By: Ambassador Jane Roe, reasons 1.4 (b) and (d)

1. (S) Secret text of the other cable.

2. (S/NF) More of it.
"""


def test_an_appended_cable_is_cut_off_and_named_once():
    text = GOOD + "\n" + OTHER
    doc = parse(text)
    assert kinds(text) == ["spliced"]
    damage = doc.integrity[0]
    assert damage.span.line == text.splitlines().index("S E C R E T MADRID 001234") + 1
    assert "MADRID 1234" in damage.detail
    assert [p.value for p in doc.paragraphs] == [1, 2]  # the appended cable's paragraphs are not this one's
    found = [d.code for d in run_rules(doc, select_rules())]
    assert found.count("REC001") == 1
    assert not {"POR003", "CAP001", "HDR008", "POR006"} & set(found)


def test_an_appended_cable_under_a_record_that_lost_its_banner_is_known_by_the_de_serial():
    no_banner = GOOD.replace("C O N F I D E N T I A L OTTAWA 000700\n", "")
    text = no_banner + "\n" + OTHER
    assert kinds(text) == ["spliced"]
    assert parse(text).banner is None  # the appended cable's banner does not stand in for this one's
    found = [d.code for d in run_rules(parse(text), select_rules())]
    assert "POR003" not in found and "HDR008" not in found


@pytest.mark.parametrize("later", [
    "C O N F I D E N T I A L SECTION 02 OF 02 OTTAWA 000700",  # a later section of this cable
    "C O N F I D E N T I A L MADRID 000000",  # an all-zero serial says nothing
    "C O N F I D E N T I A L XXXXXXXXXXXX 001234",  # a redacted post says nothing
])
def test_a_later_banner_of_this_cable_or_without_identity_is_no_seam(later):
    text = GOOD + "\n" + later + "\n\n3. (C) Third paragraph.\n"
    assert "spliced" not in kinds(text)
    assert 3 in [p.value for p in parse(text).paragraphs]


def test_a_cable_quoted_in_the_text_is_no_seam():
    # QUOTED_CABLE: a banner right under QUOTE / BEGIN TEXT belongs to a cable quoted in this one
    quoted = GOOD.replace("2. (C) Second paragraph.",
                          "2. (C) Embassy Madrid reported:\n\nBEGIN TEXT:\n\nC O N F I D E N T I A L MADRID 001234\n\n"
                          "1. (C) Quoted text.\n\nEND TEXT.")
    assert "spliced" not in kinds(quoted)


def test_a_banner_above_this_cables_header_fields_is_not_a_cover_sheet_for_an_appended_routing_header():
    # COVER_SHEET applies only to a banner directly above the routing header: a record without its own
    # routing header (header fields read already) keeps its banner when another cable follows
    unclas = ("UNCLAS SECTION 01 OF 02 SAN JOSE 002881\n\nE.O. 12958: N/A\nTAGS: SNAR CS\nSUBJECT: A REPORT\n\n"
              "Draft text of the report follows.\n\n")
    text = unclas + OTHER
    doc = parse(text)
    assert doc.banner.level.value == "UNCLASSIFIED" and doc.banner.post == "SAN JOSE"
    assert kinds(text) == ["spliced"]
    assert not {"EO003", "POR003"} & {d.code for d in run_rules(doc, select_rules())}


@pytest.mark.parametrize("later", [
    "C O N F I D E N T I A L SECTION 02 OF 02 OTTAWA 000760",  # MISREAD_SERIAL: a later section, a digit misread
    "C O N F I D E N T I A L OTTAWA 000701",  # one digit changed
    "C O N F I D E N T I A L OTTAWA 00070",  # one digit lost
])
def test_a_later_banner_one_misread_digit_away_is_this_cable(later):
    text = GOOD + "\n" + later + "\n\n3. (C) Third paragraph.\n"
    assert "spliced" not in kinds(text)
    assert 3 in [p.value for p in parse(text).paragraphs]


def test_a_misread_first_banner_is_recognised_by_its_de_serial():
    text = GOOD.replace("OTTAWA 000700", "OTTAWA 000798", 1) + "\nC O N F I D E N T I A L OTTAWA 000700\n\n3. (C) Third.\n"
    assert "spliced" not in kinds(text)


@pytest.mark.parametrize("opener", ["QTE", "Following is text of MADRID 1234:", "Begin text of cable:"])
def test_quotation_openers_keep_a_quoted_cable_in_the_text(opener):
    quoted = GOOD.replace("2. (C) Second paragraph.",
                          f"2. (C) Embassy Madrid reported:\n\n{opener}\n\n{OTHER}\nUNQTE\n\n3. (C) Third paragraph.")
    assert "spliced" not in kinds(quoted)
    assert 3 in [p.value for p in parse(quoted).paragraphs]


def test_an_end_quote_line_does_not_hide_an_appended_cable():
    text = GOOD.replace("BREESE", "END QUOTE") + "\n" + OTHER
    assert kinds(text) == ["spliced"]


def test_the_earliest_sign_of_an_appended_cable_cuts_the_record():
    # an export row of the other cable (SPLICED_ROW) comes before its banner: the cut is at the row, so the
    # other cable's preview paragraph is not this cable's
    row = "50133  2009-02-17  09MADRID1234  Embassy Madrid  SECRET\n\n1. (S) Preview of the other cable.\n\n"
    text = GOOD + "\n" + row + OTHER
    doc = parse(text)
    assert kinds(text) == ["spliced"]
    assert doc.integrity[0].span.line == text.splitlines().index(row.splitlines()[0]) + 1
    assert [p.value for p in doc.paragraphs] == [1, 2]


def test_a_second_banner_before_this_cables_header_fields_is_no_seam():
    # only a banner after this cable's header fields or text can start an appended cable
    text = GOOD.replace("C O N F I D E N T I A L OTTAWA 000700\n",
                        "C O N F I D E N T I A L OTTAWA 000700\n\nC O N F I D E N T I A L MADRID 001234\n")
    assert "spliced" not in kinds(text)


@pytest.mark.parametrize("prose", ["subject. The minister agreed.", "Subject to approval, the plan goes ahead."])
def test_a_line_of_prose_starting_with_subject_is_not_the_subject_field(prose):
    # PROSE_SUBJECT: only the label in capitals may go without its colon; "subject." wrapped to a line start
    # in the text of a copy whose header was dropped is text, so the damage is still seen
    dropped = GOOD.replace("SUBJECT: CANADA WELCOMES OUTREACH\n", "").replace(
        "Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)\n", "").replace(
        "1. (C) First paragraph.", "1. (C) First paragraph on the\n" + prose)
    doc = parse(dropped)
    assert doc.subject is None
    assert kinds(dropped) == ["header-dropped"]
    assert not [c for c in codes(dropped) if c[0] == "CLB001"]


@pytest.mark.parametrize("label", ["SUBJECT: ", "Subject: ", "subject: ", "SUBJ. ", "SUBJECT "])
def test_subject_labels_in_capitals_or_with_a_colon_are_the_subject(label):
    doc = parse(GOOD.replace("SUBJECT: ", label))
    assert doc.subject is not None and doc.subject.text == "CANADA WELCOMES OUTREACH"

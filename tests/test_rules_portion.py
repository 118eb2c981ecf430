"""POR001-POR006 on small cables written here, and on the seed."""

import pytest
from conftest import cable, parse
from hypothesis import given, settings, strategies as st

from validator.engine import Severity
from validator.engine.runner import run_rules, select_rules


def make(body, banner="C O N F I D E N T I A L STATE 000123", subject="(U) TEST SUBJECT",
         dtg="O 092019Z SEP 09", captions="SIPDIS", eo="E.O. 12958: DECL: 09/09/2019",
         classified_by="Classified By: John Doe, Director, reasons 1.4 (b) and (d)"):
    """A small cable: header, banner, captions, E.O., TAGS, SUBJECT, Classified By, body."""
    head = []
    if dtg:
        head += [dtg, "FM SECSTATE WASHDC", "TO RUEHOT/AMEMBASSY OTTAWA IMMEDIATE 1234", ""]
    head += [banner, ""]
    if captions:
        head += [captions, ""]
    head += [eo, "TAGS: PREL CA", f"SUBJECT: {subject}", ""]
    if classified_by:
        head += [classified_by, ""]
    return "\n".join(head) + "\n" + cable(body) + "\nCLINTON\n"


def line_of(text, needle, nth=1):
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def findings(text, prefix="POR", path="<test>"):
    doc = parse(text, path)
    return [(d.code, d.severity, d.span.line, d.message) for d in run_rules(doc, select_rules([prefix]))]


def codes(text, code, path="<test>"):
    return [(sev, line) for c, sev, line, _ in findings(text, code[:3], path) if c == code]


GOOD = make("""
    1. (C) Summary: the minister agreed.

    2. (U) Background text.

    3. (C) Comment: more text.
    """)


def test_good_cable_has_no_portion_findings():
    assert findings(GOOD) == []


# ---- POR003 portion above banner ---------------------------------------------

def test_por003_paragraph_above_banner():
    text = make("""
        1. (C) Summary.

        4. (S) Secret text.
        """)
    found = [f for f in findings(text) if f[0] == "POR003"]
    assert [(f[1], f[2]) for f in found] == [(Severity.ERROR, line_of(text, "4. (S)"))]
    assert found[0][3] == "paragraph 4 is marked (S) but the banner is CONFIDENTIAL"


def test_por003_unclassified_banner_with_secret_noforn_paragraphs():
    text = make("""
        1. (S/NF) Summary.

        2. (S/NF) More.
        """, banner="UNCLAS STATE 000123", captions="NOFORN", eo="E.O. 12958: N/A", classified_by=None)
    assert codes(text, "POR003") == [(Severity.ERROR, line_of(text, "1. (S/NF)")),
                                     (Severity.ERROR, line_of(text, "2. (S/NF)"))]


def test_por003_subject_above_banner_is_reported_once_by_por003():
    text = make("1. (C) Text.\n", subject="(S) SECRET SUBJECT")
    found = findings(text)
    assert [(c, line) for c, _, line, _ in found] == [("POR003", line_of(text, "SUBJECT:"))]
    assert "the subject is marked (S)" in found[0][3]


def test_por003_entire_text_declaration_counts_as_its_level():
    text = make("1. SECRET - ENTIRE TEXT.\n\n2. Text.\n", classified_by=None)
    assert codes(text, "POR003") == [(Severity.ERROR, line_of(text, "ENTIRE TEXT"))]
    assert codes(make("1. CONFIDENTIAL - ENTIRE TEXT.\n\n2. Text.\n", classified_by=None), "POR003") == []


def test_por003_classified_by_paragraph_does_not_raise_the_rollup():
    text = make("1. (S) CLASSIFIED BY John Doe, reasons 1.4 (b).\n\n2. (C) Text.\n", classified_by=None)
    assert codes(text, "POR003") == []


def test_por003_sub_paragraph_above_banner():
    text = make("""
        1. (C) Text:

        A. (S) Secret sub-item.
        """)
    assert codes(text, "POR003") == [(Severity.ERROR, line_of(text, "A. (S)"))]


def test_por003_reference_letters_are_not_portion_marks():
    """``(C) STATE 152009`` under ``REF: (A) ...`` is REF item C, not a (C) portion."""
    text = make("""
        REF: (A) BRASILIA 1835
        (B) USUN 1593
        (C) STATE 152009

        1. (U) Text.
        """, banner="UNCLAS STATE 000123", captions="SENSITIVE", eo="E.O. 12958: N/A",
                classified_by=None, subject="TEST")
    doc = parse(text)
    assert [r.letter for r in doc.refs] == ["A", "B", "C"]
    assert [p.number for p in doc.paragraphs] == ["1"]
    assert codes(text, "POR003") == []


def test_por003_lettered_reference_items_are_not_sub_paragraphs():
    text = make("""
        REF: A. (A) STATE 54958
             B. (B) STATE 41489
             C. (C) STATE 7043

        1. (U) Text.
        """, banner="UNCLAS STATE 000123", captions=None, eo="E.O. 12958: N/A", classified_by=None, subject="X")
    doc = parse(text)
    assert [r.letter for r in doc.refs] == ["A", "B", "C"]
    assert [p.number for p in doc.paragraphs] == ["1"]
    assert codes(text, "POR003") == []


def test_por003_unrecognised_mark_still_counts():
    text = make("1. (C) Text.\n\n2. (S-NF) Secret text.\n", captions="NOFORN")
    assert codes(text, "POR003") == [(Severity.ERROR, line_of(text, "2. (S-NF)"))]


# ---- POR004 banner above portions --------------------------------------------

def test_por004_secret_banner_over_confidential_portions():
    text = make("1. (C) Text.\n\n2. (U) More.\n", banner="S E C R E T STATE 000123")
    assert codes(text, "POR004") == [(Severity.WARNING, line_of(text, "S E C R E T"))]


def test_por004_silent_when_a_portion_reaches_the_banner_or_nothing_is_marked():
    assert codes(make("1. (C) Text.\n\n2. (S) More.\n", banner="S E C R E T STATE 000123"), "POR004") == []
    assert codes(make("1. Text.\n\n2. More.\n", banner="S E C R E T STATE 000123"), "POR004") == []
    compiled = make("1. (C) Text.\n\n2. (C) Classified by compilation.\n", banner="S E C R E T STATE 000123")
    assert codes(compiled, "POR004") == []


def test_por004_silent_when_only_the_classified_by_paragraph_is_marked():
    text = make("1. (U) CLASSIFIED BY John Doe, reasons 1.4 (b).\n\n2. Text.\n",
                banner="S E C R E T STATE 000123", classified_by=None)
    assert codes(text, "POR004") == []


# ---- POR001 unmarked numbered paragraph ------------------------------------------

def test_por001_unmarked_paragraph_is_an_error_after_1995():
    text = make("1. (C) Text.\n\n2. Unmarked text here.\n\n3. (C) More.\n")
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. Unmarked"))]


def test_por001_is_info_before_1995_10_14_and_when_the_year_cannot_tell():
    body = "1. (C) Text.\n\n2. Unmarked text here.\n"
    old = make(body, dtg="O 131200Z OCT 95")
    assert codes(old, "POR001") == [(Severity.INFO, line_of(old, "2. Unmarked"))]
    new = make(body, dtg="O 141200Z OCT 95")
    assert codes(new, "POR001") == [(Severity.ERROR, line_of(new, "2. Unmarked"))]
    undated = make(body, dtg=None)
    assert codes(undated, "POR001", "95STATE123.txt") == [
        (Severity.INFO, line_of(undated, "2. Unmarked"))]
    assert codes(undated, "POR001", "/x/96STATE123.txt") == [(Severity.ERROR, line_of(undated, "2. Unmarked"))]
    assert codes(undated, "POR001", "<test>") == [(Severity.INFO, line_of(undated, "2. Unmarked"))]


def test_por001_sbu_cable_counts_and_plain_unclassified_does_not():
    body = "1. (SBU) Text.\n\n2. Unmarked text here.\n"
    sbu = make(body, banner="UNCLAS STATE 000123", captions="SENSITIVE", eo="E.O. 12958: N/A",
               classified_by=None, subject="TEST")
    assert codes(sbu, "POR001") == [(Severity.ERROR, line_of(sbu, "2. Unmarked"))]
    plain = make("1. Text.\n\n2. Unmarked text here.\n", banner="UNCLAS STATE 000123", captions=None,
                 eo="E.O. 12958: N/A", classified_by=None, subject="TEST")
    assert codes(plain, "POR001") == []


def test_por001_exemptions_entire_text_classification_block_and_lettered():
    entire = make("1. CONFIDENTIAL - ENTIRE TEXT.\n\n2. Text.\n\n3. More.\n", classified_by=None)
    assert codes(entire, "POR001") == []
    block = make("1. CLASSIFIED BY John Doe, reasons 1.4 (b).\n\n2. (C) Text.\n", classified_by=None)
    assert codes(block, "POR001") == []
    lettered = make("1. (C) Text:\n\nA. Item one.\n\nB. Item two.\n\n2. (C) More.\n")
    assert codes(lettered, "POR001") == []


def test_por001_entire_text_line_declarations_cover_the_text():
    sbu = make("1. Text.\n\n2. More text.\n", banner="UNCLAS STATE 000123", captions="SENSITIVE",
               eo="E.O. 12958: N/A", classified_by="SENSITIVE BUT UNCLASSIFIED -- ENTIRE TEXT", subject="X")
    assert codes(sbu, "POR001") == []
    block = make("1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY John Doe, reasons 1.4 (b).\n\n2. Text.\n",
                 classified_by=None, subject="X")
    assert parse(block).paragraphs[0].classification_block
    assert codes(block, "POR001") == [] and codes(block, "POR005") == []


def test_por001_quoted_numbered_list_inside_a_marked_paragraph_is_not_reported():
    text = make("""
        1. (C) Text.

        2. (C) The law says:

        1. First clause.

        2. Second clause.

        3. Third clause.

        3. (C) More.
        """)
    assert codes(text, "POR001") == []


def test_por001_mark_later_in_the_first_line_or_in_the_bullets_counts():
    text = make("""
        1. SUMMARY (C) Text.

        2. Key Points:

        -- (C) A marked bullet.

        3. (C) More.
        """)
    assert codes(text, "POR001") == []


def test_por001_one_finding_when_no_paragraph_is_marked():
    text = make("1. Text one.\n\n2. Text two.\n\n3. Text three.\n")
    found = [f for f in findings(text) if f[0] == "POR001"]
    assert [(f[1], f[2]) for f in found] == [(Severity.ERROR, line_of(text, "1. Text one"))]
    assert "none of the 3 numbered paragraphs" in found[0][3]


# ---- POR002 malformed marks --------------------------------------------------------

def test_por002_missing_opening_parenthesis():
    text = make("1. C) Content.\n\n2. (C) More.\n")
    found = [f for f in findings(text) if f[0] == "POR002"]
    assert [(f[1], f[2]) for f in found] == [(Severity.WARNING, line_of(text, "1. C)"))]
    assert "'C)'" in found[0][3]
    assert codes(text, "POR001") == []  # malformed is not unmarked


def test_por002_unrecognised_mark():
    text = make("1. (C NF) Content.\n\n2. (C) More.\n", captions="NOFORN")
    assert codes(text, "POR002") == [(Severity.WARNING, line_of(text, "1. (C NF)"))]
    assert codes(make("1. (U.S.) officials said.\n\n2. (C) More.\n"), "POR002") == []


# ---- POR005 unmarked subject -------------------------------------------------------

def test_por005_unmarked_subject_of_classified_cable():
    text = make("1. (C) Text.\n", subject="CANADA WELCOMES OUTREACH")
    assert codes(text, "POR005") == [(Severity.WARNING, line_of(text, "SUBJECT:"))]


def test_por005_silent_for_marked_subject_unclassified_cable_or_entire_text():
    assert codes(make("1. (C) Text.\n", subject="(C) CANADA"), "POR005") == []
    unclas = make("1. (U) Text.\n", banner="UNCLAS STATE 000123", subject="CANADA", eo="E.O. 12958: N/A",
                  classified_by=None)
    assert codes(unclas, "POR005") == []
    assert codes(make("1. CONFIDENTIAL - ENTIRE TEXT.\n", subject="CANADA", classified_by=None), "POR005") == []


# ---- POR006 numbering -------------------------------------------------------------

def test_por006_garbled_pilcrows_one_finding_each():
    text = make("".join(f"{n}. (C) Text {n}.\n\n" for n in (1, 2, 3, 4, 15, 16)))
    found = [f for f in findings(text) if f[0] == "POR006"]
    assert [(f[1], f[2]) for f in found] == [(Severity.INFO, line_of(text, "15. (C)")),
                                             (Severity.INFO, line_of(text, "16. (C)"))]
    assert "¶5" in found[0][3] and "¶6" in found[1][3]


def test_por006_gap_reported_once():
    text = make("1. (C) A.\n\n2. (C) B.\n\n4. (C) D.\n\n6. (C) F.\n")
    found = [f for f in findings(text) if f[0] == "POR006"]
    assert [(f[1], f[2]) for f in found] == [(Severity.INFO, line_of(text, "4. (C)"))]
    assert "jumps from 2 to 4" in found[0][3]


def test_por006_consecutive_and_quoted_lists_pass():
    assert codes(GOOD, "POR006") == []
    quoted = make("1. (C) A:\n\n1. one\n\n2. two\n\n2. (C) B.\n\n3. (C) C.\n")
    assert codes(quoted, "POR006") == []


# ---- the seed ---------------------------------------------------------------------

def test_seed_findings(seed_doc):
    found = [(d.code, d.severity, d.span.line) for d in run_rules(seed_doc, select_rules(["POR"]))]
    assert ("POR005", Severity.WARNING, 21) in found
    assert [f for f in found if f[0] == "POR005"] == [("POR005", Severity.WARNING, 21)]
    assert [f for f in found if f[0] == "POR006"] == [("POR006", Severity.INFO, n) for n in (35, 37, 43, 45)]
    assert not [f for f in found if f[1] == Severity.ERROR]


def test_seed_pilcrow_messages(seed_doc):
    messages = [d.message for d in run_rules(seed_doc, select_rules(["POR006"]))]
    assert [m.split(": read ")[1] for m in messages] == ["¶5", "¶6", "¶7", "¶8"]


@pytest.mark.parametrize("text", ["", "\n\n", "C O N F I D E N T I A L\n", "1. (S\n", "SUBJECT: (S) X\n"])
def test_rules_never_raise_on_odd_input(text):
    doc = parse(text)
    assert not [d for d in run_rules(doc, select_rules(["POR", "CAP"])) if d.code == "INT001"]


SNIPPETS = st.sampled_from([
    "C O N F I D E N T I A L OTTAWA 000700", "UNCLAS STATE 000123", "S E C R E T STATE 000456", "SIPDIS",
    "NOFORN", "NODIS", "EXDIS", "SENSITIVE", "SECRET//NOFORN", "O 092019Z SEP 09", "E.O. 12958: DECL: 1/1/2019",
    "TAGS: PREL SIPDIS", "SUBJECT: (S/NF) X", "SUBJECT: X", "REF: (A) STATE 1", "(B) STATE 2", "(C) STATE 3",
    "1. (C) x", "2. (S//NF) y", "3. y", "15. (C) z", "A. (S) a", "1. C) bad", "1. (C NF) odd", "8. ) lost",
    "1. (U) CLASSIFIED BY X", "1. CONFIDENTIAL - ENTIRE TEXT.", "(C/SBU) x", "2. (C/REL X/NF) y", "",
    "1. Key Points:", "-- (S) bullet", "xxxxxxxxxxxx", "1. (U/OC) y", "2. (SBU/N) z",
])
TEXT = st.lists(st.one_of(SNIPPETS, st.text(max_size=40)), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["<x>", "95STATE1.txt", "09STATE1.txt"]))
def test_rules_never_raise_and_spans_point_inside(text, path):
    from validator.builder import parse_text

    doc = parse_text(text, path)
    for d in run_rules(doc, select_rules(["POR", "CAP"])):
        assert d.code != "INT001", d.message
        assert 1 <= d.span.line <= max(len(doc.lines), 1)


# ---- POR001 recall heuristics (issue 14): REDACTED_PARAGRAPH, REPEATED_NUMBER, CUT_AT_MARK ----------

def test_por001_redaction_in_place_of_a_name_does_not_hide_a_missing_mark():
    text = make("""
        1. (C) Summary: the minister agreed.

        2. XXXXXXXXXXXX said that the talks would resume.

        3. (C) Comment: more text.
        """)
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. XXXX"))]


def test_por001_a_paragraph_redacted_whole_has_an_unknown_mark():
    for redacted in ("2. XXXXXXXXXXXX", "2. XXXXXXXXXXXX SECRET//NOFORN", "2. xxxxxxxxxxxx."):
        text = make(f"""
            1. (C) Summary: the minister agreed.

            {redacted}

            3. (C) Comment: more text.
            """)
        assert codes(text, "POR001") == [], redacted


def test_por001_a_number_written_twice_is_still_a_paragraph():
    text = make("""
        1. (C) Summary: the minister agreed.

        2. (C) Background text.

        2. Post will report further responses septel.
        """)
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. Post"))]


def test_por001_a_quoted_list_restarting_at_one_is_not_a_repeat():
    text = make("""
        1. (C) The minister listed his points:

        1. the border;

        2. (C) Comment: more text.
        """)
    assert codes(text, "POR001") == []


def test_por001_a_paragraph_cut_after_its_first_words_is_unmarked():
    text = make("""
        1. (C) Summary: the minister agreed.

        2. Comment: the sector that is the nation's lifeblood...
        """)
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. Comment"))]


def test_por001_a_paragraph_cut_where_its_mark_would_be_has_an_unknown_mark():
    text = make("""
        1. (C) Summary: the minister agreed.

        2.  (C...
        """)
    assert codes(text, "POR001") == []


# ---- GLUED_PARAGRAPH: a numbered paragraph run onto the previous text on one physical line ------------

def test_glued_unmarked_paragraph_after_a_sentence_is_reported_at_its_column():
    text = make("""
        1. (C) Summary: the minister agreed.

        2. (C) The talks went well. 3. The minister noted the border.
        """)
    line = line_of(text, "3. The minister")
    assert codes(text, "POR001") == [(Severity.ERROR, line)]
    para = [p for p in parse(text).paragraphs if p.number == "3"][0]
    assert (para.span.line, para.span.column) == (line, text.splitlines()[line - 1].index("3. The") + 1)


def test_glued_marked_paragraphs_join_the_sequence():
    text = make("""
        1. (C) Summary: the minister agreed.  End summary. 2. (S) The border. 3. (C) Comment: text.
        """)
    doc = parse(text)
    assert [(p.number, p.marking.level.value) for p in doc.paragraphs if p.value] == [
        ("1", "CONFIDENTIAL"), ("2", "SECRET"), ("3", "CONFIDENTIAL")]
    assert codes(text, "POR006") == [] and codes(text, "POR001") == []


def test_glued_paragraph_after_a_heading_underline():
    text = make("""
        1. (C) Summary: the minister agreed.

        MEETING ---------- 2. The minister noted the border.
        """)
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. The minister"))]


def test_numbers_in_running_text_are_not_glued_paragraphs():
    text = make("""
        1. (C) He arrived at 10. The meeting began at 2. Nothing more.

        2. (C) Comment: text.
        """)
    assert codes(text, "POR001") == [] and [p.number for p in parse(text).paragraphs if p.value] == ["1", "2"]


def test_a_quoted_list_inside_a_paragraph_stops_the_search():
    # QUOTED_LIST_STOP: "1. ... 2. ..." restarting inside paragraph 2 is a quoted statement, not 3, 4
    text = make("""
        1. (C) Summary: the minister agreed.

        2. (C) The statement reads: 1. The EU thanks the DG. 2. The EU is concerned. 3. The EU urges. 4. The end.
        """)
    assert codes(text, "POR001") == [] and [p.number for p in parse(text).paragraphs if p.value] == ["1", "2"]


def test_a_glued_paragraphs_mark_is_not_the_late_mark_of_the_one_before():
    text = make("""
        1. (C) Summary: the minister agreed.

        2. Press reporting has been quiet.  Opinion has been silent. 3. (C) ACTION REQUEST: text.
        """)
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. Press"))]


def test_a_number_without_its_period_starts_a_paragraph_when_a_mark_follows():
    # NUMBER_WITHOUT_PERIOD: "13 (C) Comment:" lost its period; the mark makes it a paragraph start
    text = make("""
        1. (C) Summary: the minister agreed.

        2 (C) Comment: the talks went well.

        3. The minister noted the border.
        """)
    assert [p.number for p in parse(text).paragraphs if p.value] == ["1", "2", "3"]
    assert codes(text, "POR006") == [] and codes(text, "POR001") == [(Severity.ERROR, line_of(text, "3. The"))]


def test_a_number_without_period_or_mark_is_running_text():
    text = make("""
        1. (C) Summary: the minister agreed.

        2. (C) He said the plan would be
        13 (or more) points long.
        """)
    assert [p.number for p in parse(text).paragraphs if p.value] == ["1", "2"]


def test_paragraph_one_glued_to_the_classified_by_line():
    # GLUED_AFTER_HEADER: "... reasons 1.4 (b) and (d). 1. Summary: ..." on one physical line
    marked = make("2. (C) Comment: text.", classified_by="Classified By: John Doe, Director, reasons 1.4 (b) "
                  "and (d). 1. (C) Summary: the minister agreed.")
    assert [p.number for p in parse(marked).paragraphs if p.value] == ["1", "2"]
    assert codes(marked, "POR006") == [] and codes(marked, "POR001") == []
    unmarked = make("2. (C) Comment: text.", classified_by="Classified By: John Doe, Director, reasons 1.4 (b) "
                    "and (d). 1. Summary: the minister agreed.")
    assert codes(unmarked, "POR001") == [(Severity.ERROR, line_of(unmarked, "1. Summary"))]
    reasons_only = make("1. (C) Summary: text.", classified_by="Classified By: John Doe, Director, REASONS: 1.4 (B)")
    assert [p.number for p in parse(reasons_only).paragraphs if p.value] == ["1"]


@pytest.mark.parametrize("above", ["SAADI SETTLES IN", "----- Indian Vice-President not to meet -----",
                                   "Venezuelan-Italian Mixed Commission"])
def test_a_number_under_a_heading_starts_a_paragraph(above):
    # TITLE_HEADING / UNDERLINED_HEADING / a capitals heading ending in a connecting word
    for gap in ("", "\n"):
        text = make(f"""
            1. (C) Summary: the minister agreed.

            {above}
            {gap}2. The minister noted the border.
            """)
        assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. The minister"))], (above, gap)


def test_a_number_under_a_ref_line_starts_a_paragraph():
    # HEADER_FIELD_ABOVE: the REF line's last item does not end a sentence, but the text starts here
    text = make("1. Summary: the EAC met.\n2. (C) Text.", classified_by=None).replace(
        "SUBJECT: (U) TEST SUBJECT\n\n", "SUBJECT: (U) TEST SUBJECT\nREF: A. STATE 1066 AND PREVIOUS  B. STATE 1067  C. 07 STATE 214\n")
    assert text.count("STATE 214\n1. Summary") == 1
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "1. Summary"))]


def test_a_number_after_a_wrapped_sentence_in_title_case_words_is_still_a_wrap():
    text = make("""
        1. (C) The minister met President Lula and the Foreign
        Minister for talks that ended after
        13. rounds without agreement, he said.
        """)
    assert codes(text, "POR001") == []


def test_a_lead_in_whose_content_is_in_marked_lettered_items_is_not_unmarked():
    # LEAD_IN_ITEMS: "3. The following answers ...:" then "A) (U) ..." (issue 14 pattern 8)
    text = make("""
        1. (C) Summary: text.

        2. The following answers the questions in reftel:

        A) (U) The minister said.

        B) (C) He added.
        """)
    assert codes(text, "POR001") == []
    unmarked_items = text.replace("A) (U) The", "A) The").replace("B) (C) He", "B) He")
    assert codes(unmarked_items, "POR001") == [(Severity.ERROR, line_of(text, "2. The following"))]


def test_a_title_over_marked_lettered_items_is_not_unmarked_but_a_sentence_is():
    title = make("""
        1. (C) Summary: text.

        2. Meeting with the Minister

        A. (C) The minister said.

        3. (C) Comment: text.
        """)
    assert codes(title, "POR001") == []
    sentence = title.replace("2. Meeting with the Minister", "2. The minister met us.")
    assert codes(sentence, "POR001") == [(Severity.ERROR, line_of(sentence, "2. The minister"))]


def test_a_glued_number_before_classified_by_is_the_classification_paragraph():
    text = make("2. (C) Text.", classified_by="Classified By: 1. CLASSIFIED BY JOHN DOE, DIRECTOR, REASONS 1.4 (B)")
    first = [p for p in parse(text).paragraphs if p.number == "1"]
    assert len(first) == 1 and first[0].classification_block
    assert codes(text, "POR001") == [] and codes(text, "POR006") == []


@pytest.mark.parametrize("cut", ["...", ".."])
def test_preview_restart_the_whole_cable_after_a_preview_is_checked(cut):
    # PREVIEW_RESTART: "¶1. (C) Summary: Peruvian ..." (an archive's preview), then the whole cable from ¶1
    text = make(f"""
        1. (C) Summary: Peruvian{cut}

        id: 176319
        refid: 08LIMA1733

        1. Summary: Peruvian police arrested the mayor.

        2. (C) Text.
        """)
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "1. Summary: Peruvian police"))]
    quoted = text.replace(f"Peruvian{cut}", "Peruvian officials said:")
    assert codes(quoted, "POR001") == []  # without the cut, "1." after "1." is a quoted list item


def test_a_glued_search_ends_where_the_parser_found_the_next_paragraph_on_the_same_line():
    # SAME_LINE_END: a record split into logical lines (a publisher prefix, glued header fields) can hold
    # several parsed paragraphs on one physical line; a number after the next one's start is its text
    from validator import model as m
    from validator.glued import glued_paragraphs

    line = "1. (C) First. 5. (C) Other text. 2. (C) Not paragraph two of the first."
    other_at = line.index("5.")
    host = m.Paragraph("1", 1, None, False, None, False, False, m.Span(1, 1, 1, len(line) + 1), line)
    other = m.Paragraph("5", 5, None, False, None, False, False, m.Span(1, other_at + 1, 1, len(line) + 1),
                        line[other_at:])
    assert [p.number for p in glued_paragraphs([line], [host, other])] == ["1", "5"]
    alone = "1. (C) First. 2. (C) Paragraph two, glued."
    host = m.Paragraph("1", 1, None, False, None, False, False, m.Span(1, 1, 1, len(alone) + 1), alone)
    assert [p.number for p in glued_paragraphs([alone], [host])] == ["1", "2"]


def test_late_marks_of_many_paragraphs_on_one_line_are_read_from_their_own_text():
    # late_mark reads each paragraph's first line up to the next paragraph on that line (once-per-document
    # index of the paragraphs by line): paragraph 2's "(S)" is not paragraph 1's late mark
    text = make("""
        1. Summary: (C) the minister agreed.

        2. Text of two. 3. The talks (S) went well.
        """)
    doc = parse(text)
    assert [p.number for p in doc.paragraphs if p.value] == ["1", "2", "3"]
    assert codes(text, "POR001") == [(Severity.ERROR, line_of(text, "2. Text"))]

"""Classifier name and title from Classified By lines (every variant the issue lists)."""

import pytest
from conftest import parse

from validator.fields.authority_names import join_lines, parse_authority

WRAP = 71  # Cablegate's wrap width


@pytest.mark.parametrize("lines, name, title", [
    # title before the name, "for Reasons"
    (["Classified By: Acting Deputy Chief of Mission Marc Wall for Reasons 1.4 (b) and (d)"],
     "Marc Wall", "Acting Deputy Chief of Mission"),
    # name before the title, "REASON:"
    (["CLASSIFIED BY ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)"],
     "ROBERT P. FINN", "DEPUTY CHIEF OF MISSION"),
    (["CLASSIFIED BY: Rose E. Gottemoeller, Assistant Secretary, Department of State, VCI; REASON: 1.4(B), (D)"],
     "Rose E. Gottemoeller", "Assistant Secretary"),
    # "REASONS", "per", "due to", "1,4"
    (["CLASSIFIED BY: AMBASSADOR-AT-LARGE PIERRE-RICHARD PROSPER", "FOR REASONS 1.5 (B) AND (D)"],
     "PIERRE-RICHARD PROSPER", "AMBASSADOR-AT-LARGE"),
    (["Classified By: Acting Permanent Representative Alejandro D. Wolff", " per reasons 1.4 (b) and (d)"],
     "Alejandro D. Wolff", "Acting Permanent Representative"),
    (["Classified By: Ambassador Margaret Scobey per 1.4 (b) and (d)."], "Margaret Scobey", "Ambassador"),
    (["Classified By: DCM Jane Q. Doe due to 1.4 (b) and (d)"], "Jane Q. Doe", "DCM"),
    (["Classified By: Political Counselor John Smith, reasons 1,4 (b) and (d)"], "John Smith", "Political Counselor"),
    (["Classified By: Minister Counselor George Glass fo r reasons 1.4 (b,d)."], "George Glass", "Minister Counselor"),
    (["CLASSIFIED BY CHARGE D'AFFAIRES THEODORE KATTOUF: 1.5 B, D."], "THEODORE KATTOUF", "CHARGE D'AFFAIRES"),
    # wrapped at a word boundary, the name on the second line, no reason
    (["Classified By: Special Representative for Afghanistan and Pakistan", "Richard C. Holbrooke"],
     "Richard C. Holbrooke", "Special Representative for Afghanistan and Pakistan"),
    # ZERO_AS_O: a zero typed for the letter O; the name keeps the text as written
    (["1.(U)  CLASSIFIED BY AMBASSAD0R J0NES.  REAS0N:", "1.5(B,D)."], "J0NES", "AMBASSAD0R"),
    # TITLE_TYPO: a title word one letter off ("CIEF", "Direcor") is still a title
    (["CLASSIFIED BY: ACTING E/P CIEF MARY ROE.  REASONS: 1.4(B,D)."], "MARY ROE", "ACTING E/P CIEF"),
    (["Classified By: Direcor Paul Smith, reasons 1.4 (b) and (d)"], "Paul Smith", "Direcor"),
    # suffixes, initials, particles, apostrophes, a.i.
    (["1.  (U) CLASSIFIED BY THOMAS W. SIMONS, JR., AMBASSADOR.", "REASON:  1.5 (B), (C) AND (D)."],
     "THOMAS W. SIMONS, JR.", "AMBASSADOR"),
    (["Classified By: Ambassador Richard L. Baltimore, III.", "Reasons: 1.4 (b) and (d)."],
     "Richard L. Baltimore, III", "Ambassador"),
    (["Classified By: POL/ECONOFF S.K. ABEYTA.  REASON 1.5(D)."], "S.K. ABEYTA", "POL/ECONOFF"),
    (["Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)"], "Kurt van der Walde", "A/PolCouns"),
    (["Classified By: Deputy Political Counselor Greg D'Elia for reasons 1.4 (b,d)."],
     "Greg D'Elia", "Deputy Political Counselor"),
    (["Classified By: Charge d'Affaires, a.i., Arnold A. Chacon"], "Arnold A. Chacon", "Charge d'Affaires, a.i"),
    (["Classified By: CDA Roberto Powers a.y., Sea3on: Sectaons 9.Q (b+`ald$hd"], "Roberto Powers", "CDA"),
    # surname first, then the title (the 2009-10 classification tool format)
    (["CLASSIFIED BY: DUDDY, AMBASSADOR, DOS, AMB; REASON: 1.4(B), (D)"], "DUDDY", "AMBASSADOR"),
    (["CLASSIFIED BY: Bodde Peter, Ambassador; REASON: 1.4(B)"], "Bodde Peter", "Ambassador"),
    (["CLASSIFIED BY: GILMOUR, David, DCM, State, Embassy Panama; REASON: 1.4(B), (D)"], "GILMOUR, David", "DCM"),
    (["Classified By: ADCM RDUNHAM FOR REASONS 1.4 (B) AND (D)"], "RDUNHAM", "ADCM"),
    # "Classified By: Classified by ..." and a leading portion mark
    (["Classified By: Classified by AIT DIR Stephen M. Young.", "Reasons:  1.4 b, d."], "Stephen M. Young", "AIT DIR"),
    (["Classified By: (U) CDA Nancy McEldowney; E.O. 12958, reasons 1.4 (b,d)"], "Nancy McEldowney", "CDA"),
    (["Classified By: DOS CLASSIFICATION GUIDE BY MARY TOWNSWICK"], "MARY TOWNSWICK", "DOS CLASSIFICATION GUIDE BY"),
    # three name words after a title; a place before the name is not part of it
    (["Classified By: Ambassador Mary Beth Leonard for reasons 1.4 (b) and (d)"], "Mary Beth Leonard", "Ambassador"),
    (["1.  CLASSIFIED BY AMBASSADOR TO SUDAN TIMOTHY CARNEY.", "REASON 1.5(D)."], "TIMOTHY CARNEY", "AMBASSADOR TO SUDAN"),
    (["CLASSIFIED BY POL MINCOUNS THOMAS COUNTRYMAN, REASONS 1.5 (B) AND (D)."], "THOMAS COUNTRYMAN", "POL MINCOUNS"),
    (["CLASSIFIED BY AMB. DANILOVICH BASED UPON REASON 1.4(B)"], "DANILOVICH", "AMB"),
    (["Classified By: A/DCM Geoff Pyatt for Reasons 1.4 (B, D)"], "Geoff Pyatt", "A/DCM"),
    (["CLASSIFIED BY: Schechter Torres, Julie, Counselor, State, POL-ECON; REASON: 1.4(B), (D)"],
     "Schechter Torres, Julie", "Counselor"),
    # two classifiers: both kept (SECOND_CLASSIFIER, issue 14; the first one only before)
    (["Classified By: DTRO Chief Fred Carter and Poloff Steven Prohaska for re", "asons 1.4 (b, d)."],
     "Fred Carter and Steven Prohaska", "DTRO Chief"),
    # RULEBOOK §4 R4.3 variants: name only, duplicated labels, E.O. inside the reason, login ids
    (["Classified By: Glyn T. Davies"], "Glyn T. Davies", None),
    (["Classified By: SPECIAL ENVOY JOHN M. YATES"], "JOHN M. YATES", "SPECIAL ENVOY"),
    (["Classified By: 1. CLASSIFIED BY AMBASSADOR JOHN SMITH. REASON 1.5 (D)"], "JOHN SMITH", "AMBASSADOR"),
    (["Classified By: (C) CLASSIFIED BY DCM JOHN SMITH, REASON 1.4 (B)"], "JOHN SMITH", "DCM"),
    (["1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: AMBASSADOR JOHN DOE. REASON: 1.5 (D)"], "JOHN DOE", "AMBASSADOR"),
    (["CLASSIFIED BY DCM JOHN SMITH FOR 12958 1.4 B, D, AND E"], "JOHN SMITH", "DCM"),
    (["CLASSIFIED BY DCM JOHN SMITH BASED ON E.O.12958 REASONS 1.4 (B)"], "JOHN SMITH", "DCM"),
    (["Classified By: Political Counselor Jane Doe under Section 1.4 b/d"], "Jane Doe", "Political Counselor"),
    (["CLASSIFIED BY AF KARL WYCOFF, ACTING AND S/CT DAS SHARI VILLAROSA ; E.O. 12958 REASON: 1.4 (B)"],
     "KARL WYCOFF", "AF"),
    (["Classified By: RCROCKER, reasons 1.4 (b,d)"], "RCROCKER", None),
    (["CLASSIFIED BY: PSIMONS. REASON: 1.4 (B)"], "PSIMONS", None),
    (["Classified By: DCMcCullough for reasons 1.4 (b)"], "DCMcCullough", None),
    (["Classified By: David Smith, Chief, Division 5, Department of Good Works, Office of Administration"],
     "David Smith", "Chief"),
    # a single surname after a title
    (["Classified By: EUR/FO DAS Garber, Reasons 1.4 (b),"], "Garber", "EUR/FO DAS"),
])
def test_name_and_title(lines, name, title):
    assert parse_authority(lines) == (name, title)


@pytest.mark.parametrize("lines", [
    ["1.  CONFIDENTIAL - ENTIRE TEXT.  CLASSIFIED BY SECTION 1.5 (B)", "AND (D)."],
    ["Classified By: Ambassador for reasons 1.4 (b,d)."],
    ["Classified By: XXXXXXXXXXXX for reasons 1.4 (B) and (D)."],
    ["Classified By: Derived from Multiple Sources"],
    ["Classified By: Political Minister-Counselor XXXXXXXXXXXX for reasons 1.4 b and d."],
    ["Classified By: Heath..."],
    ["Classified By: Pol/Econ Counselor Bill Mozdz..."],
    ["CLASSIFIED BY: MULTIPLE SOURCES"],
    ["- - C O R R E C T E D C O P Y - - CLASSIFIED BY LINE ADDED"],
    ["Classified By: Ambassador"],
    ["Classified By:"],
])
def test_no_name_is_null_not_a_guess(lines):
    assert parse_authority(lines)[0] is None


def test_word_cut_at_the_wrap_width_is_joined():
    first = "Classified By: Interagency Provincial Affairs Deputy Coordinator Hoyt Y "
    assert len(first.rstrip()) == WRAP
    assert parse_authority([first, "ee for reasons 1.4 (b) and (d) "])[0] == "Hoyt Yee"
    # the reason word cut in two ("for r" / "easons") does not end up in the name
    first = "Classified By: PRT Kirkuk Governance Section Head Rachna Korhonen for r "
    assert len(first.rstrip()) == WRAP
    assert parse_authority([first, "easons 1.4 (b) and (d). "])[0] == "Rachna Korhonen"


def test_shorter_line_or_leading_space_keeps_the_space():
    assert join_lines(["Ambassador R. Stephen Beecroft", "for reasons"]) == "Ambassador R. Stephen Beecroft for reasons"
    line = "x" * (WRAP - 9) + " Patricia"
    assert join_lines([line, " A McNerney"]).endswith("Patricia A McNerney")


def test_glued_lines_use_the_physical_width():
    # "Classified By: Classified by" is split into two logical lines before parsing; the wrap
    # decision must still see the 71-column physical line.
    doc = parse("""
        SUBJECT: TEST

        Classified By: Classified by Political Minister Counselor Gustavo Delga
        do: Reason: 1.4 (b),(d).

        1. (C) Text.
        """)
    assert doc.classified_by.name == "Gustavo Delgado"
    assert doc.classified_by.title == "Political Minister Counselor"


def test_inspect_json_has_name_and_title():
    from validator.serialize import document_to_dict

    doc = parse("""
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: TEST

        Classified By: Ambassador David Wilkins, reasons 1.4 (b) and (d)

        1. (C) Text.
        """)
    cb = document_to_dict(doc)["classified_by"]
    assert (cb["name"], cb["title"], cb["reason_section"], cb["reasons"]) == (
        "David Wilkins", "Ambassador", "1.4", ["b", "d"])


def test_label_repeated_after_a_paragraph_number():
    """'Classified By: 1. CLASSIFIED BY ...' is one label repeated by the first paragraph."""
    doc = parse("""
        C O N F I D E N T I A L STATE 000100
        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: TEST
        Classified By: 1. CLASSIFIED BY NEA ASSISTANT SECRETARY JOHN DOE
        REASONS: 1.4 (B) AND (D)

        2. (C) Text.
        """)
    assert (doc.classified_by.name, doc.classified_by.title) == ("JOHN DOE", "NEA ASSISTANT SECRETARY")
    assert doc.classified_by.reasons == ("b", "d")


# FLATTENED_WRAP: the archive re-flowed the 71-column break into a space inside a word.
_FLATTENED = "Classified By: Minister Counselor for Economic and Political Affairs Do nald A. Blome for reasons 1.4"


def test_flattened_wrap_joins_the_cut_word():
    assert _FLATTENED[71:76] == " nald"
    assert parse_authority([_FLATTENED])[0] == "Donald A. Blome"


def test_flattened_wrap_keeps_a_small_word_and_short_lines():
    line = "Classified By: Minister Counselor for Economic and Political Affairs Do for reasons 1.4 (b)"
    assert parse_authority([line])[0] == "Do"  # "for" after the wrap column is a word of its own
    assert parse_authority(["Classified By: Ambassador Do nald for reasons 1.4 (b)"])[0] != "Donald"


def _two_headers(first_cb: str) -> str:
    header = ("C O N F I D E N T I A L QUITO 000100\n\nE.O. 12958: DECL: 09/09/2019\nTAGS: PREL\n"
              "SUBJECT: TEST\n\n{cb}\n\n")
    return (header.format(cb=first_cb) + header.format(cb="CLASSIFIED BY: Jane Q. Roe, Ambassador; REASON: 1.4(D)")
            + "1. (C) Text.\n")


def test_truncated_authority_gives_way_to_the_full_copy():
    """TRUNCATED_AUTHORITY: the first header copy cut to 'Ja...' names no one; the repeated header does."""
    assert parse(_two_headers("CLASSIFIED BY: Ja...")).classified_by.name == "Jane Q. Roe"


def test_complete_authority_is_kept_over_a_later_copy():
    assert parse(_two_headers("CLASSIFIED BY: John Doe, DCM; REASON: 1.4(B)")).classified_by.name == "John Doe"


@pytest.mark.parametrize("glued", ["SUBJECT: VISIT TO BAHRAINClassified By:", 'REF: A. STATE 66324 "Classified By:'])
def test_glued_label_starts_the_classified_by(glued):
    """GLUED_LABEL: 'Classified By:' glued to a capital letter or behind a stray quote is still the field."""
    doc = parse(f"""
        C O N F I D E N T I A L MANAMA 000100
        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        {glued} DCM Jane Q. Roe for reasons 1.4 (b) and (d)

        1. (C) Text.
        """)
    assert doc.classified_by is not None and doc.classified_by.name == "Jane Q. Roe"


def test_label_word_inside_a_capitals_word_is_no_label():
    doc = parse("""
        C O N F I D E N T I A L MANAMA 000100
        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: DECLASSIFIED BY THE PANEL

        1. (C) Text.
        """)
    assert doc.classified_by is None and doc.subject.text == "DECLASSIFIED BY THE PANEL"


@pytest.mark.parametrize("line, name", [
    ("Classified By: DTRO Chief Fred Carter and Poloff Steven Prohaska for reasons 1.4 (b) and (d)",
     "Fred Carter and Steven Prohaska"),
    ("Classified By: Political Counselor Jane Roe and Rick Smith, reasons 1.4 (b)", "Jane Roe and Rick Smith"),
    # no second name: a title alone after "and", or "and" inside an office's name
    ("Classified By: Ambassador John Doe and DCM for reasons 1.4 (b)", "John Doe"),
    ("Classified By: Ambassador John Doe, and for reasons 1.4 (b)", "John Doe"),
])
def test_second_classifier_kept(line, name):
    """SECOND_CLASSIFIER: two people who classified the cable together are both named."""
    assert parse_authority([line])[0] == name


@pytest.mark.parametrize("line, name, title", [
    ("com jonathan farrar, reasons 1.4 (b) and (d)", "jonathan farrar", "com"),
    ("ambassador a. b. smith, reasons 1.4 (b)", "a. b. smith", "ambassador"),
    ("reasons 1.4 (b) and (d)", None, None),
])
def test_lower_case_line_reads_as_capitals(line, name, title):
    # LOWER_CASE_LINE: a Classified By line written all in lower case is read as the capitals line is
    assert parse_authority([line], [len(line)]) == (name, title)

"""REF items as {letter, text, id}: every written form of a cable reference."""

import pytest
from hypothesis import given, settings, strategies as st
from conftest import parse

from validator.fields.refs import parse_refs


def typed(text, year=2009, origin="OTTAWA"):
    return [(r.letter, r.id or r.text) for r in parse_refs(text, year, origin)]


@pytest.mark.parametrize("text, expected", [
    ("OTTAWA 616", [(None, "09OTTAWA616")]),
    ("09 STATE 1234", [(None, "09STATE1234")]),
    ("SECSTATE 267453", [(None, "09STATE267453")]),
    ("STATE: 73097", [(None, "09STATE73097")]),
    ("Panama 01764", [(None, "09PANAMA1764")]),
    ("09CAIRO0561; 08CAIRO2528", [(None, "09CAIRO561"), (None, "08CAIRO2528")]),
    ("TEHRAN 1091: TEHRAN 263: MOSCOW 1603", [(None, "09TEHRAN1091"), (None, "09TEHRAN263"), (None, "09MOSCOW1603")]),
    # year after the serial, four-digit and apostrophe years
    ("AMMAN 07718 99, AMMAN 05986 00", [(None, "99AMMAN7718"), (None, "00AMMAN5986")]),
    ("A. QUITO 4525-91 B. QUITO 1735", [("A", "91QUITO4525"), ("B", "09QUITO1735")]),
    ("A) 2008 BRASILIA 672, B) '08 BUENOS AIRES 1491", [("A", "08BRASILIA672"), ("B", "08BUENOSAIRES1491")]),
    # letters: A. / A) / (A) / ¶B. / doubled "A. A)" / lower case
    ("A. SANAA 71 ¶B. SANAA 151 ¶C. 09 SANAA 720", [("A", "09SANAA71"), ("B", "09SANAA151"), ("C", "09SANAA720")]),
    ("(A) 05 SAO PAULO 405; (B) 05 SAO PAULO 402", [("A", "05SAOPAULO405"), ("B", "05SAOPAULO402")]),
    ("A. A) BERN 1253 B. B) GENEVA 1633", [("A", "09BERN1253"), ("B", "09GENEVA1633")]),
    ("a. 05 state 201650 B. 05 berlin 3726 c. 05 state 211408",
     [("A", "05STATE201650"), ("B", "05BERLIN3726"), ("C", "05STATE211408")]),
    ("A. A. ASTANA 00607 B. B. 08 ASTANA 01867", [("A", "09ASTANA607"), ("B", "08ASTANA1867")]),
    ("A. REF A: 07 TGG 1798 B. REF B: 07 TGG 1818", [("A", "07TEGUCIGALPA1798"), ("B", "07TEGUCIGALPA1818")]),
    ("REFTEL KABUL 02245", [(None, "09KABUL2245")]),
    ("A: VATICAN 249 B: ANKARA 6593, ET AL", [("A", "09VATICAN249"), ("B", "09ANKARA6593")]),
    ("A. STATE 021770B. STATE 039585C. STATE 052030",
     [("A", "09STATE21770"), ("B", "09STATE39585"), ("C", "09STATE52030")]),
    ("A. ) STATE 064404 B. ) IIR 663 2405 08", [("A", "09STATE64404"), ("B", "IIR 663 2405 08")]),
    ("O4 SAN JOSE 443", [(None, "04SANJOSE443")]),
    # body text glued onto the REF line by the archive is not part of the reference
    ("STATE 74305 (SBU) According to FCO East Africa Team Leader", [(None, "09STATE74305")]),
    ("Brasilia 600 and previous 1. (SBU) Summary: In a surprise move", [(None, "09BRASILIA600")]),
    ("STATE 5535 (U) We delivered reftel points", [(None, "09STATE5535")]),
    ("WITHERS-JONES 11-9-09 EMAIL", [(None, "WITHERS-JONES 11-9-09 EMAIL")]),
    ("09 STATE 96625; A. A)STATE 70789", [(None, "09STATE96625"), ("A", "09STATE70789")]),
    ("A) 6307 B) STATE 285773", [("A", "09OTTAWA6307"), ("B", "09STATE285773")]),
    # several serials of one post in one item
    ("A) GUANGZHOU 11657 and 7743, 12155 B) BEIJING 00565",
     [("A", "09GUANGZHOU11657"), ("A", "09GUANGZHOU7743"), ("A", "09GUANGZHOU12155"), ("B", "09BEIJING565")]),
    # multi-word posts and other spellings of a post
    ("A) RIO DE JANEIRO 91, B) THE HAGUE 482, C) PORT AU PRINCE 1407",
     [("A", "09RIODEJANEIRO91"), ("B", "09THEHAGUE482"), ("C", "09PORTAUPRINCE1407")]),
    ("A) HO CHI MINH 10 B) 06 HCMC 1497 AND PREVIOUS", [("A", "09HOCHIMINHCITY10"), ("B", "06HOCHIMINHCITY1497")]),
    ("A. MEXICO CITY 2636 ¶B. N'DJAMENA 511", [("A", "09MEXICO2636"), ("B", "09NDJAMENA511")]),
    ("UNESCO PARIS FR 000087", [(None, "09UNESCOPARISFR87")]),
    # a zero typed for the letter O
    ("C. 05 0TTAWA 3518 D. SANTIAG0 465", [("C", "05OTTAWA3518"), ("D", "09SANTIAGO465")]),
    # not cables: kept as written, no id
    ("LAKHDHIR E-MAIL 12/01/09", [(None, "LAKHDHIR E-MAIL 12/01/09")]),
    ("EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14", [(None, "EMBASSY MADRID E-MAIL TO EUR/WE OF OCTOBER 14")]),
    ("SECDEF R162245Z OCT 08", [(None, "SECDEF R162245Z OCT 08")]),
    ("H. MITCHELL/SIMS TELCON 02/16/2010", [("H", "MITCHELL/SIMS TELCON 02/16/2010")]),
    ("F. 2004 HUMAN RIGHTS REPORT FOR PANAMA", [("F", "2004 HUMAN RIGHTS REPORT FOR PANAMA")]),
    ("O) UNSCR 1737 SANCTIONS COMMITTEE NOTICE", [("O", "UNSCR 1737 SANCTIONS COMMITTEE NOTICE")]),
    ("REFERENCE: 01 ABUJA 997", [(None, "01ABUJA997")]),
])
def test_reference_forms(text, expected):
    assert typed(text) == expected


def test_glued_body_text_is_cut_from_the_item_text():
    refs = parse_refs("Brasilia 600 and previous 1. (SBU) Summary: In a surprise move", 2007)
    assert [(r.text, r.id) for r in refs] == [("Brasilia 600 and previous", "07BRASILIA600")]


def test_item_text_is_kept_as_written():
    refs = parse_refs("A. (A) PARIS 7682 AND PREVIOUS", 2005)
    assert [(r.letter, r.text, r.id) for r in refs] == [("A", "PARIS 7682 AND PREVIOUS", "05PARIS7682")]


def test_no_year_known_gives_no_id():
    assert [r.id for r in parse_refs("OTTAWA 616", None)] == [None]


def test_page_break_inside_the_ref_block():
    doc = parse("""
        SUBJECT: TEST

        REF: A. STATE 40721
         CONFIDENTIAL
        PAGE 02 ROME 01196 01 OF 02 082030Z
        B. ROME 1098  C. ROME 894  D. MYRIAD POST-DEPARTMENT E-MAILS FROM 10/01-02/02  E. ROME 348
        CLASSIFIED BY: POL
        """, "02ROME1196.txt")
    assert [r.id for r in doc.refs] == ["02STATE40721", "02ROME1098", "02ROME894", None, "02ROME348"]


def test_items_after_blank_lines_and_a_wrapped_post():
    doc = parse("""
        SUBJECT: TEST

        REF:   A) BRASILIA 2605, B) BRASILIA 2447, C) RIO

        DE JANEIRO 1291

        REFS:
        """, "04BRASILIA2680.txt")
    assert [(r.letter, r.id) for r in doc.refs] == [("A", "04BRASILIA2605"), ("B", "04BRASILIA2447"),
                                                    ("C", "04RIODEJANEIRO1291")]
    doc = parse("""
        SUBJECT: TEST

        REF: A. OTTAWA 2258

             ¶B. OTTAWA 1245

             ¶C. 05 0TTAWA 3518

        1. (C) Text.
        """, "06OTTAWA2420.txt")
    assert [r.id for r in doc.refs] == ["06OTTAWA2258", "06OTTAWA1245", "05OTTAWA3518"]


def test_ref_without_colon():
    doc = parse("SUBJECT: TEST\n\nREF A) LONDON 002351 B) STATE 069339\n\n1. (U) This\n", "10STATE16220.txt")
    assert [r.id for r in doc.refs] == ["10LONDON2351", "10STATE69339"]


def test_inspect_json_keeps_refs_strings_and_adds_references():
    from validator.serialize import document_to_dict

    doc = parse("C O N F I D E N T I A L OTTAWA 000700\n\nSUBJECT: TEST\n\nREF: A. OTTAWA 616 B. EMAIL\n\n1. (C) Text.\n",
                "09OTTAWA700.txt")
    record = document_to_dict(doc)
    assert record["refs"] == ["OTTAWA 616", "EMAIL"]
    assert record["references"] == [{"letter": "A", "text": "OTTAWA 616", "id": "09OTTAWA616"},
                                    {"letter": "B", "text": "EMAIL", "id": None}]


@pytest.mark.parametrize("text, expected", [
    # BARE_LETTER: an item letter without its period, glued to a post of the vocabulary
    ("A MONTREAL 365 B OTTAWA 406 C 05 OTTAWA 2970",
     [("A", "09MONTREAL365"), ("B", "09OTTAWA406"), ("C", "05OTTAWA2970")]),
    ("A. HAVANA 771 B HAVANA 772", [("A", "09HAVANA771"), ("B", "09HAVANA772")]),
    ("A. HAVANA 771 B MEMO 5", [("A", "09HAVANA771"), ("A", "09BMEMO5")]),  # B + no post: no item
    # [A] items
    ("[A] STATE 188314 [B] OTTAWA 2285", [("A", "09STATE188314"), ("B", "09OTTAWA2285")]),
    # the letter or the REF label written again after the item letter (REPEATED_REF_LETTER)
    ("A. A: KUWAIT 947 B. B: KUWAIT 1088", [("A", "09KUWAIT947"), ("B", "09KUWAIT1088")]),
    ("A) REF A STATE 123 B) REF B HAVANA 5", [("A", "09STATE123"), ("B", "09HAVANA5")]),
    ("A) REF AIRGRAM 12", [("A", "REF AIRGRAM 12")]),  # "REF A..." inside a word is kept
    # POST_PREFIX, POST_TYPO and mission short names resolved to the canonical cable-id origin
    ("RIO DE JAN 1143", [(None, "09RIODEJANEIRO1143")]),
    ("UNVIE 5", [(None, "09UNVIEVIENNA5")]),
    ("USEU 133", [(None, "09USEUBRUSSELS133")]),
    ("USUNESCO PARIS 87", [(None, "09UNESCOPARISFR87")]),
    ("TRIPOLII 695", [(None, "09TRIPOLI695")]),
    ("USUN NEYORK 609", [(None, "09USUNNEWYORK609")]),
    ("SAN 12", [(None, "09SAN12")]),            # too short to be a prefix of one post: as written
    ("FOOBAR 12", [(None, "09FOOBAR12")]),      # an unknown post stays as written
    # SLASHED_SERIALS and a year after a slash
    ("KABUL 936/935", [(None, "09KABUL936"), (None, "09KABUL935")]),
    ("PANAMA 00789/08", [(None, "08PANAMA789")]),
    ("FRANCE DESK 3/11 E-MAIL", [(None, "FRANCE DESK 3/11 E-MAIL")]),  # a date, not two serials
    ("POC 201/2006", [(None, "POC 201/2006")]),
])
def test_reference_forms_with_the_post_vocabulary(text, expected):
    assert typed(text) == expected


def test_own_post_abbreviation():
    # OWN_POST_ABBREVIATION: "HK 3591" in a Hong Kong cable; not in another post's cable
    assert typed("C) HK 03591", 2007, "HONGKONG") == [("C", "07HONGKONG3591")]
    assert typed("C) HK 03591", 2007, "OTTAWA") == [("C", "HK 03591")]
    assert typed("A) 06 BA 1485", 2006, "BUENOSAIRES") == [("A", "06BUENOSAIRES1485")]


def test_refs_glued_to_the_subject_with_a_refs_label():
    doc = parse("SUBJECT: MINISTER'S VISIT Ref(s): A) 08 BA 138 B) 08 BA 140\n\n1. (U) Text.\n",
                "08BUENOSAIRES200.txt")
    assert doc.subject.text == "MINISTER'S VISIT"
    assert [r.id for r in doc.refs] == ["08BUENOSAIRES138", "08BUENOSAIRES140"]


def test_ref_without_colon_and_bare_letters():
    doc = parse("SUBJECT: TEST\n\nREF A HAVANA 771 B HAVANA 772\n\n1. (U) This\n", "09HAVANA800.txt")
    assert [(r.letter, r.id) for r in doc.refs] == [("A", "09HAVANA771"), ("B", "09HAVANA772")]


def test_post_vocabulary_is_post_names_only():
    from validator.fields.posts import POSTS, SPACED

    assert len(POSTS) > 100 and all(p.isalpha() and p.isupper() for p in POSTS)
    assert all(k in POSTS and v.replace(" ", "") == k for k, v in SPACED.items())


def test_ref_label_glued_after_a_header_sentence():
    # REF_AFTER_SENTENCE: the archive joined the REF line to the sentence before it
    doc = parse("SUBJECT: TEST\n\n(U) This message is sensitive but unclassified. REF: Sao Paulo 367\n\n"
                "1. (U) This\n", "09BRASILIA836.txt")
    assert [r.id for r in doc.refs] == ["09SAOPAULO367"]
    # not inside the body
    doc = parse("SUBJECT: TEST\n\n1. (U) We replied. REF: STATE 12 asked for more.\n", "09BRASILIA836.txt")
    assert doc.refs == ()


def test_post_vocabulary_is_what_the_generator_gives(corpus):
    """validator/fields/posts.py is the output of scripts/gen_posts.py on the shared corpus."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    directory, _ = corpus
    out = subprocess.run([sys.executable, str(root / "scripts" / "gen_posts.py"), str(directory)],
                         capture_output=True, text=True, check=True, cwd=root).stdout
    assert out == (root / "validator" / "fields" / "posts.py").read_text(encoding="utf-8")


def test_ref_without_colon_glued_to_the_subject():
    doc = parse("SUBJECT: MINISTER VISIT REF A) STATE 123 B) OTTAWA 45\n\n1. (U) Text.\n", "09OTTAWA700.txt")
    assert doc.subject.text == "MINISTER VISIT"
    assert [r.id for r in doc.refs] == ["09STATE123", "09OTTAWA45"]
    doc = parse("SUBJECT: REF A CHANGE IN POLICY\n\n1. (U) Text.\n", "09OTTAWA700.txt")  # no lettered item
    assert doc.refs == ()


@pytest.mark.parametrize("text, expected", [
    # PAREN_YEAR: the year in parentheses after the serial
    ("B. DOHA 152 (08) C. DOHA 311 (2007)", [("B", "08DOHA152"), ("C", "07DOHA311")]),
    ("A. NAIROBI 236 (EXDIS)", [("A", "09NAIROBI236")]),             # a caption in parentheses is no year
    # POST_YEAR_SERIAL: the year between a post of the vocabulary and the serial
    ("SECSTATE 75599, SAN JOSE 07 1963", [(None, "09STATE75599"), (None, "07SANJOSE1963")]),
    ("FOOBAR 07 1963", [(None, "09FOOBAR7")]),                       # unknown post: read as before
    # POST_COMMA_SERIAL: a comma between a post of the vocabulary and the serial
    ("PRAGUE 849, PRAGUE, 1228, STATE 1484761",
     [(None, "09PRAGUE849"), (None, "09PRAGUE1228"), (None, "09STATE1484761")]),
    ("MEMO, 12", [(None, "MEMO, 12")]),                              # not a post: no cable
    # CLASSIFICATION_WORDS: a classification glued before the origin
    ("UNCLASS USDA FAS 57863", [(None, "09USDAFAS57863")]),
    ("UNCLAS 57863", [(None, "UNCLAS 57863")]),                      # the word alone is no origin
    # PORTION_MARK: a portion mark inside a reference
    ("KUWAIT (C)02293", [(None, "09KUWAIT2293")]),
    ("KUWAIT (X)02293", [(None, "KUWAIT (X)02293")]),                # not a portion mark
    # SEMICOLON_ITEMS and IIR_NUMBER: a piece naming no cable does not end a semicolon-separated list
    ("SECDEF 122723; CAIRO IIR 6 899 0149 10; 2009 CAIRO 2394 2009 CAIRO 491",
     [(None, "09SECDEF122723"), (None, "09CAIRO2394"), (None, "09CAIRO491")]),
    ("STATE 12; SMITH EMAIL; FOOBAR 7", [(None, "09STATE12")]),      # after skipped text: posts of the vocabulary only
    ("STATE 12, SMITH EMAIL, CAIRO 7", [(None, "09STATE12")]),       # commas: the list ends at the piece
    # AND_PREVIOUS: the filler after a cable, before the next one
    ("STATE 297614 AND PREVIOUS 03 RANGOON 1427", [(None, "09STATE297614"), (None, "03RANGOON1427")]),
    ("STATE 297614 AND PREVIOUS", [(None, "09STATE297614")]),
    # a post of the vocabulary spelled out with a word that is never an origin alone ("OF")
    ("E. PORT-OF-SPAIN 220 (NOTAL) F. PORT OF SPAIN 7", [("E", "09PORTOFSPAIN220"), ("F", "09PORTOFSPAIN7")]),
    ("REPORT OF 220", [(None, "REPORT OF 220")]),
    # BARE_YEAR: an item that is only the citing year is the year of the date before it
    ("A. LONDON 4204 B. EMBASSY DAILY OF JANUARY 31 C. 2009",
     [("A", "09LONDON4204"), ("B", "EMBASSY DAILY OF JANUARY 31"), ("C", "2009")]),
    ("A. LONDON 4204 B. 2011", [("A", "09LONDON4204"), ("B", "09OTTAWA2011")]),  # not a year of the citing cable
    ("A. 2008", [("A", "2008")]),
    ("A) 6307", [("A", "09OTTAWA6307")]),
    # DATE_AFTER_SERIAL: the cable's own date after its serial gives its year
    ("C. STATE 99488 24 SEP 2008 D. 90 BOGOTA 7550 16 MAY 1990", [("C", "08STATE99488"), ("D", "90BOGOTA7550")]),
    ("STATE 99488 OF 24 SEP 2008", [(None, "09STATE99488")]),  # not right after the serial: the citing year
    # REPEATED_ITEM_LETTER: two items given the same letter
    ("D) TRIPOLI 481, E) 08 TRIPOLI 530, E) 08 TRIPOLI 478 (NOTAL), F) TRIPOLI 515",
     [("D", "09TRIPOLI481"), ("E", "08TRIPOLI530"), ("E", "08TRIPOLI478"), ("F", "09TRIPOLI515")]),
    ("A. A) BERN 1253 B. REF B: GENEVA 1633", [("A", "09BERN1253"), ("B", "09GENEVA1633")]),  # no number between
])
def test_reference_forms_of_the_refs_review(text, expected):
    assert typed(text) == expected


def test_preview_ref_is_replaced_by_the_whole_ref_list():
    # PREVIEW_REF: an archive page gives a preview cut by "..." before the whole cable
    doc = parse("SUBJECT: TEST\n\nREF: A. 05 LIMA...\n\n\nid: 1\nrefid: 06LIMA1406\n\n"
                "C O N F I D E N T I A L LIMA 001406\n\nSUBJECT: TEST\n\nREF: A. 05 LIMA 5396\n     B. LIMA 12\n\n"
                "1. (C) Text.\n", "06LIMA1406.txt")
    assert [r.id for r in doc.refs] == ["05LIMA5396", "06LIMA12"]
    doc = parse("SUBJECT: TEST\n\nREF: A. 05 LIMA 5396\n\n1. (C) Text.\n\nREF: STATE 7\n", "06LIMA1406.txt")
    assert [r.id for r in doc.refs] == ["05LIMA5396"]  # a whole REF list is kept


@given(st.text(alphabet="OoFf \t\n\u00a0\u2003PAGEpageSECRET0123456789Z.", max_size=80))
@settings(max_examples=300, deadline=None)
def test_page_noise_needs_of_between_spaces(text):
    """parse_refs skips the page-noise pattern when the joined text has no ' of ' (any case)."""
    from validator.fields.refs import _PAGE_NOISE

    joined = " ".join(text.split())
    if " of " not in joined.lower():
        assert _PAGE_NOISE.sub(" ", joined) == joined


@pytest.mark.parametrize("text, expected", [
    # NUMBERED_ITEM: items numbered instead of lettered
    ("(1) 2005 RIO DE JANEIRO 1143, (2) 2005 BRASILIA 03242", [(None, "05RIODEJANEIRO1143"), (None, "05BRASILIA3242")]),
    ("1) STATE 12345 2) BAGHDAD 3565", [(None, "09STATE12345"), (None, "09BAGHDAD3565")]),
    ("BRASILIA 1210; (08) SAO PAULO 497", [(None, "09BRASILIA1210")]),  # "(08)" is a year, not item 8
    # NUMBER_SIGN: the number sign before a serial
    ("A. BAGHDAD #3565 B. STATE 12", [("A", "09BAGHDAD3565"), ("B", "09STATE12")]),
    ("A. EMAIL #12", [("A", "EMAIL #12")]),  # never an origin: no cable
])
def test_numbered_items_and_number_signs(text, expected):
    assert typed(text) == expected


def test_a_ref_value_continues_over_a_bounded_number_of_lines():
    # REF_CONTINUATION_MAX_LINES: thousands of REF-like lines (a damaged or hostile record) are read in
    # linear time; a real REF list (the corpus's longest has 17 lines) is read whole
    from validator.extraction import REF_CONTINUATION_MAX_LINES, ref_continuation
    from validator.source import Source

    items = "".join(f"{chr(66 + i)}. STATE {1000 + i}\n" for i in range(17))
    source = Source.from_text("REF: A. STATE 999\n" + items)
    assert len(ref_continuation(source, "A. STATE 999", 1)) == 17
    many = Source.from_text("REF: A. STATE 999\n" + "B. STATE 2\n" * 5000)
    assert len(ref_continuation(many, "A. STATE 999", 1)) == REF_CONTINUATION_MAX_LINES


def test_a_complete_ref_line_is_judged_once_however_many_ref_lines_follow(monkeypatch):
    # PREVIEW_REF is decided once per REF line (memo): 3,000 later REF lines do not re-read the first
    import validator.builder as builder

    calls = []
    real = builder._is_preview
    monkeypatch.setattr(builder, "_is_preview", lambda source, tokens: calls.append(tokens[0].line) or real(source, tokens))
    text = "C O N F I D E N T I A L OTTAWA 000700\n\nREF: A. 09 STATE 2\n\n" + "REF: B. 09 STATE 3\n\n" * 3000
    doc = parse(text)
    assert [r.id for r in doc.refs] == ["09STATE2"]
    assert calls == [3]


def test_many_preview_ref_lines_are_each_judged_once():
    # PREVIEW_REF is decided once per REF line: a record of thousands of cut REF lines stays linear
    text = "C O N F I D E N T I A L OTTAWA 000700\n\n" + "REF: A. 09 STATE 1...\n\n" * 3000 + "REF: A. 09 STATE 2\n"
    doc = parse(text)
    assert doc.refs_span.line == len(text.splitlines())  # the one complete REF line is the cable's
    assert [r.id for r in doc.refs] == ["09STATE2"]

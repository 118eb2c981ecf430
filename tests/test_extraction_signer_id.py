"""Signature line(s) at the end and the canonical cable id."""

import pytest
from conftest import parse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from validator import extraction as _ex

BODY = "C O N F I D E N T I A L OTTAWA 000700\n\nSUBJECT: TEST\n\n1. (C) TEXT OF THE CABLE.\n\n"


@pytest.mark.parametrize("tail, signer", [
    ("BREESE\n", "BREESE"),
    ("STRAUSZ-HUPE\n", "STRAUSZ-HUPE"),
    ("DE PREE\n", "DE PREE"),
    ("MCNAMARA.\n", "MCNAMARA"),
    ("GILLESPIE##\n", "GILLESPIE"),
    ("GP-3\nSACCIO\n", "SACCIO"),
    ("LAINGEN\n\nCONFIDENTIAL\n", "LAINGEN"),
    ("BARTHOLOMEW\n\nNOTE BY OC/T:  HEADING AS RECEIVED.  CORRECTION TO FOLLOW.\n", "BARTHOLOMEW"),
    ("UNQUOTE\n\nSHULTZ\n", "SHULTZ"),
])
def test_signer(tail, signer):
    assert parse(BODY + tail).signature.text == signer


@pytest.mark.parametrize("tail", ["END COMMENT.\n", "The talks will resume in May.\n", ""])
def test_no_signer(tail):
    assert parse(BODY + tail).signature is None


MIXED = "C O N F I D E N T I A L OTTAWA 000700\n\nSUBJECT: TEST\n\n1. (C) The talks will resume in May.\n\n"


@pytest.mark.parametrize("tail, signer", [
    # GLUED_SIGNER: the surname joined to the last sentence, in capitals or mixed case.
    ("2. (U) The delegation cleared this cable. SCOBEY\n", "SCOBEY"),
    ("2. (C) Comment: more to follow. End Comment. Scobey\n", "Scobey"),
    ("2. (C) SEE PARA ONE.  END OF TEXT. BAKER\n\n\nUNCLASSIFIED\n", "BAKER"),
    ("2. (U) This cable was cleared. SCOBEY NNNN End Cable Text\n", "SCOBEY"),
    # ... or after the Classified Website footer, on the footer's line or below it.
    ("Visit London's Classified Website: http://www.example.sgov/p/eur/london/index. cfm Tuttle\n", "Tuttle"),
    ("Please visit Paris' Classified Website at:\nhttp://www.example.sgov/p/eur/paris/index.c fm\n\nStapleton\n",
     "Stapleton"),
    # MIXED_CASE_SIGNER: particles and inner capitals; debris around the name.
    ("van Voorst\n", "van Voorst"),
    ("Van Voorst\n", "Van Voorst"),
    ("Chris Smith\n", "Chris Smith"),    # TWO_WORD_SIGNER
    ("McMullen\n", "McMullen"),
    ("LeBaron\n", "LeBaron"),
    ('MULFORD "\n', "MULFORD"),
    ('THORNE\n"\n', "THORNE"),
    ("* HENZEL\n", "HENZEL"),
    # Older formats: a page mark or the archive's classification note below the signer.
    ("SURNAME\nPAGE 03 OTTAWA 00700 02 OF 02 091204Z\n", "SURNAME"),
    # FOOTER_SIGNER: after the footer's redaction and rule of asterisks
    ("2. (C) Text. Visit Embassy Ottawa's Classified Website: XXXXXXXXXXXX****** ****** SURNAME\n", "SURNAME"),
    # a mixed-case signer after blank lines; a glued one after "End Comment."
    ("2. (C) He will stay in his position.\n\n\n\nLlorens\n", "Llorens"),
    ("2. (C) Comment: we will watch. End\nComment. Kelly\n", "Kelly"),
    ("2. (U) Cleared by the U.S. delegation and S/P. KENNY\n", "KENNY"),
    ("2. (C) THE BALANCE MAY TIP. END COMMENT SURNAME\n", "SURNAME"),   # "END COMMENT" without its period
    ("SURNAME\n...\n", "SURNAME"),                                      # the archive's truncation mark
    ('"SURNAME ,,,,"\n', "SURNAME"),                                     # a spreadsheet row
    ("SURNAME \\\n", "SURNAME"),
    ("2. (U) Contact: Jane Doe.  XXXXXXXXXXXX SURNAME\n", "SURNAME"),   # a redaction before the name
    ("XXXXXXXXXXXX  SURNAME\n", "SURNAME"),
    ("3. (U) Reply on the request in paragraph\n¶3. Surname\n", "Surname"),  # a cross-reference, then the name                                        # a line-continuation backslash
    ("2. (U) As reported [Press, 2/21/2009] SURNAME\n", "SURNAME"),     # glued after a bracket
    ("2. (U) Tenders reopen (Daily News, 7/19/09) SURNAME\n", "SURNAME"),  # ... or a parenthesis
    ("2. (U) Reply by February 12.SURNAME\n", "SURNAME"),                  # glued to the period
    # the footer at the end of the last paragraph, the signer on the next line
    ("2. (C) More later.  Visit Ottawa's Classified Website: XXXXXXXXXXXX\nSurname\n", "Surname"),
    # the footer's URL split over two lines, the signer above it
    ('SURNAME\n"Visit Ottawa\'s Classified Web Site at http://www.example.s\ngov.gov/wiki/Portal:Canada"\n', "SURNAME"),
    ("HARDT\nNNNN\n 2004OTTAWA00700 - Classification: CONFIDENTIAL\n", "HARDT"),
    # Signer review (tests/data/signer_review.tsv): CLOSING_FORMULA, a closing phrase before the name
    ("End Comment. SURNAME\n", "SURNAME"),
    ("END TEXT SURNAME\n", "SURNAME"),
    ("2. (U) Posts' help is appreciated. MINIMIZE CONSIDERED SURNAME\n", "SURNAME"),
    # RULE_BEFORE_NAME: the footer's redaction and split rule of asterisks before the name
    ("Visit Ottawa's Classified Website:\nXXXXXXXXXXXX ************************ * SURNAME\n", "SURNAME"),
    # REDACTION_LINE: a redacted URL line (and a page mark) between the footer and a mixed-case name
    ("2. (U) Text. Visit Ottawa's Classified Website:\nOTTAWA 00000700 002 OF 002\nXXXXXXXXXXXX \nSurname\n", "Surname"),
    # ARCHIVE_ROW: the record's fields after the signer, the record's abstract below
    ("2. (U) Text. End comment. SURNAME 0 12/23/2007\n", "SURNAME"),
    ("2. (U) Text.\nSURNAME\n0 07/16/2009 3889 PREL,PGOV SUBJECT OF THE RECORD\nThe abstract of the record.\n", "SURNAME"),
    ("SURNAME NNNN\t2005-10-20\tSUBJECT OF THE RECORD\t\nThe abstract of the record.\n", "SURNAME"),
    # TRUNCATED_REPEAT: a cut-off copy of a header line or of words in capitals below the signer
    ("SURNAME\n=======================CABLE ENDS====\nClassified By: DCM Jane Doe, Reasons: 1.4 B...\n", "SURNAME"),
    ("SURNAME\nLL, FOR REASONS 1.4 (B, D)...\n", "SURNAME"),
    ("SURNAME...\n", "SURNAME"),                                         # a single word is no fragment
    # CSV_CLASSIFICATION: a spreadsheet export's classification column
    ('SURNAME \n"\tClassification: UNCLASSIFIED \n"\n', "SURNAME"),
    # REDACTION_GLUED and URL_GLUED: the name glued after a redaction or a URL
    ("5. (U) Point of contact: RSO; Classified Email: xxxxxxxxxxxx SURNAME\n", "SURNAME"),
    ("2. (U) Visit our community at http://www.example.gov/communities/nap / SURNAME\n", "SURNAME"),
    ("SURNAME \\v\n", "SURNAME"),                                       # ESCAPED_CONTROL
    # PAGE_FOOT: an older copy's classification line and caption below the signer
    ("SURNAME\n\n\nCONFIDENTIAL\n\nSIPDIS\n", "SURNAME"),
    # the archive's closing note without its "Classification:" label
    ("SURNAME\n\n\nNNNN\n\n      2004OTTAWA00700 - UNCLASSIFIED", "SURNAME"),
    ("2. (U) Text.\n\nSURNAME SURNAME\n", "SURNAME"),                  # REPEATED_NAME
    # LOWER_CASE_SIGNER: a lower-case surname below the footer's URL or rule of asterisks
    ("Visit Ottawa's Classified Website:\nhttp://www.example.sgov.gov/p/wha/ottawa/index. cfm\nsurname\n", "surname"),
    ("Visit Ottawa's Classified SIPRNET website.\n**************************** ****\nsurname\n", "surname"),
])
def test_signer_in_later_formats(tail, signer):
    assert parse(MIXED + tail).signature.text == signer


@pytest.mark.parametrize("tail", [
    "2. (C) We will follow up. End Comment.\n",     # nothing after the last sentence
    "2. (C) ANOTHER SENTENCE. END COMMENT\n",       # a closing caption, not a name
    "2. (C) The next step is up to the Minister (reftel). END\n",  # a closing word, not a name
    "2. (C) THEY WILL TRAVEL VIA\n",               # no sentence end before the last word
    "Visit Ottawa's Classified Website: XXXXXXXXXXXX\n",
    "2. (U) Point of contact: RSO Ottawa, David J. Smith\n",  # a name after an initial: a contact, no signer
    "1. Summary. UNESCO,\n",  # a word cut off mid-sentence
    "2. (U) The end.\n\n3. SUMMAR\n",  # a new paragraph's number, then a word cut off
    "2. (U) THE US NAVY WILL REPLY TO THE U.S.NAVY\n",  # no sentence before the capitals
    "2. (U) Reform stalls for lack of political will. XXXXXXXXXXXX\n",  # a redaction alone
    "XXXXXXXXXXXX\n",
    "the paragraph goes on\nand wraps onto\nSmith\n",  # mixed case after a wrapped line
    "the paragraph goes on\nand wraps onto\nChris Smith\n",
    "2. (C) Comment: oil is the nation's lifeblood...\n",  # a paragraph cut off in mixed case: text
    "2. (U) Classified Email: xxxxxxxxxxxx\n",  # a redaction alone
    "2. (U) MINIMIZE CONSIDERED.\n",  # the closing phrase alone
    "2. (U) Text of the cable.\n0 12/23/2007 11229 PREL,PGOV SUBJECT OF THE RECORD\nAn abstract.\n",  # a row, no name
    "2. (U) Visit our community at http://www.example.gov/communities/nap /\n",  # a URL alone
    "2. (U) Text.\n\nCONFIDENTIAL\n\nSIPDIS\n",  # a page foot, no name above
    "2. (U) the paragraph wraps onto\nsurname\n",  # a lower-case word not below the footer
    "Visit Ottawa's Classified Website:\nhttp://www.example.sgov.gov/p/wha/ottawa/\nindex\n",  # a URL piece
])
def test_no_signer_in_later_formats(tail):
    assert parse(MIXED + tail).signature is None


def test_cable_id_from_banner_and_dtg_year():
    doc = parse("R 091204Z SEP 09\n" + BODY)
    assert doc.cable_id == "09OTTAWA700"


def test_cable_id_multiword_post():
    doc = parse("R 091204Z SEP 09\nC O N F I D E N T I A L USUN NEW YORK 000123\n\n1. (C) Text.\n")
    assert doc.cable_id == "09USUNNEWYORK123"


def test_cable_id_from_filename_year_when_no_dtg():
    assert parse(BODY, "10OTTAWA700.txt").cable_id == "10OTTAWA700"


def test_cable_id_needs_a_year():
    assert parse(BODY, "cable.txt").cable_id is None


# GLUED_SIGNER_WORDS: the search for a signer glued to the last line starts at the line's last words;
# it must find exactly what a search of the whole line finds (the match holds no more words).
_SIGNER_WORDS = st.sampled_from([
    "cable.", "said.", "END", "COMMENT", "NOTE", "SCOBEY", "TUELLER", "Smith", "McCain", "c", "fm", "cfm", "CFM",
    "XXXXXXXXXXXX", "MINIMIZE", "CONSIDERED.", ".", "\\v", "\\f", '"', '",', "*", "12.SCOBEY", "(Al", "Mal)",
    "O'BRIEN", "LE-ROY", "J.", "text", "A", "?", ")", "\u201d",
])


@settings(max_examples=400, deadline=None)
@example([("were", " "), ("told.", " "), ("END", " "), ("COMMENT", " "), ("SCOBEY", " "), ("TUELLER", " "),
          ("*", " "), ("\\v", " ")])
@example([("x", " "), ("c", " "), ("fm", " "), ("SCOBEY", " "), ("TUELLER", " "), ('",', " "), ("\\v", " ")])
@given(st.lists(st.tuples(_SIGNER_WORDS, st.sampled_from([" ", "\t", "  ", " \t"])), min_size=1, max_size=14))
def test_glued_signer_search_from_the_last_words_finds_the_whole_line_match(pieces):
    line = "".join(word + sep for word, sep in pieces).rstrip(" \t") + " " * (len(pieces) % 2)
    whole = _ex._GLUED_SIGNER.search(line)
    start = _ex._last_words_start(line)
    late = _ex._GLUED_SIGNER.search(line, start)
    assert (whole and whole.span(), whole and whole.groupdict()) == (late and late.span(), late and late.groupdict())


def test_glued_signer_longest_match_holds_six_words():
    """Two words of lead, two of the name, two of the tail: the bound GLUED_SIGNER_WORDS is tight."""
    for line, found in [("were told. END COMMENT SCOBEY TUELLER * \\v", "END COMMENT SCOBEY TUELLER * \\v"),
                        ('x c fm SCOBEY TUELLER ", \\v', 'c fm SCOBEY TUELLER ", \\v')]:
        match = _ex._GLUED_SIGNER.search(line, _ex._last_words_start(line))
        assert match is not None and match.group(0) == found

"""Property tests: parsing any text succeeds, quickly, with spans inside the file."""

import time

from hypothesis import given, settings, strategies as st

from validator.builder import parse_text

LINES = st.sampled_from([
    "C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700", "UNCLAS STATE 000123", "SIPDIS",
    "E.O. 12958: DECL: 02/30/2019", "TAGS: PREL", "SUBJECT: (C) TEST", "REF: A. STATE 1",
    "Classified By: Amb X, reasons 1.4 (b)", "1. (S/NF) text", "¶2. (C) text", "OTTAWA 00000700 002 OF 002",
    "PAGE 02 HARARE 05461 01 OF 02 271458Z", "FM AMEMBASSY X", "TO SECSTATE WASHDC", "DE RUEHOT #0700/01 2522019",
    "ZNY CCCCC ZZH", "O 092019Z SEP 09", "", "   ", "\t", "NNNN", "CONFIDENTIAL", "(C) x", "A. (S) y", "15. (C)",
])
TEXT = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=40).map("\n".join)
SEPARATORS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=300, deadline=None)
@given(TEXT, SEPARATORS)
def test_any_text_parses_and_spans_point_inside(text, sep):
    doc = parse_text(text.replace("\n", sep))
    n = len(doc.lines)
    spans = [p.span for p in doc.paragraphs] + [c.span for c in doc.continuations]
    if doc.banner:
        spans.append(doc.banner.span)
    for span in spans:
        assert 1 <= span.line <= max(n, 1) and 1 <= span.end_line <= max(n, 1)
        assert span.column >= 1 and span.end_column >= span.column or span.end_line > span.line


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFF), max_size=400))
def test_arbitrary_unicode_and_control_characters(text):
    parse_text(text)


def test_time_is_linear_in_input_size():
    unit = "¶1. (C) E.O. 12958 REF: SUBJECT: (((((S/NF " * 50 + "\n" + "X" * 2000 + "\n"
    start = time.perf_counter()
    parse_text(unit * 50)
    small = time.perf_counter() - start
    start = time.perf_counter()
    parse_text(unit * 500)
    large = time.perf_counter() - start
    assert large < small * 30 + 0.5  # 10x the input must not cost 30x the time


def test_one_megabyte_single_line():
    start = time.perf_counter()
    doc = parse_text("C O N F I D E N T I A L " + "A (S/" * 200_000)
    assert time.perf_counter() - start < 10
    assert len(doc.lines) == 1

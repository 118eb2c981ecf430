"""Property tests over every registered rule: no rule raises on any text, blank lines do
not change which rules fire on a correct cable, and every diagnostic points inside the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from cablegen import ERAS, generate
from validator.builder import build
from validator.checker import check_bytes
from validator.engine.registry import all_rules
from validator.engine.runner import select_rules
from validator.source import Source

ALL = select_rules(select=[cls.code for cls in all_rules()])  # every rule, also those off by default
GENERATED = [generate(i, seed=11) for i in range(4 * len(ERAS))]

CABLE_LINES = st.sampled_from([
    "VZCZCXRO1844", "OO RUEHGA RUEHHA", "DE RUEHOT #0700/01 2522019", "DE RUEHOT #0700/05 3672519",
    "ZNY CCCCC ZZH", "ZNR SSSSS", "O 092019Z SEP 09", "P R 310000Z FEB 10", "FM AMEMBASSY OTTAWA",
    "TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827", "INFO RUCNCAN/ALL CANADIAN POSTS COLLECTIVE PRIORITY",
    "C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700", "S E C R E T SECTION 03 OF 02 STATE 000001",
    "UNCLAS SENSITIVE STATE 000123", "LIMITED OFFICIAL USE STATE 017976", "SECRET SENSITIVE X 000001",
    "SIPDIS", "NOFORN", "NODIS", "EXDIS", "SENSITIVE", "STATE FOR ISN/MTR", "CONFIDENTIAL", "SECRET",
    "E.O. 12958: DECL: 02/30/2019", "E.O. 13526: DECL: 50X1-HUM 01/01/2020", "E.O. 12356: DECL: OADR",
    "E.O. 12958: N/A", "E.O. 11652: GDS", "EO 1295: DECL: X1, X5", "E.O. 12958: DECL: 1/1/99",
    "TAGS: PREL PGOV SIPDIS", "SUBJECT: (S/NF) TEST", "SUBJECT: (C/SBU) X", "REF: A. STATE 1 B. OTTAWA 616",
    "Classified By: Amb X, reasons 1.4 (b) and (d)", "Classified By: 1.5 (k)", "CLASSIFIED BY: Derived From",
    "1. (S/NF) text", "¶2. (C) text", "3. (SBU/N) x", "4. (C/REL UK/NF) x", "5. C) bad", "A. (TS) y",
    "1. CONFIDENTIAL - ENTIRE TEXT.", "15. (C)", "(U) lead", "OTTAWA 00000700 002 OF 002",
    "OTTAWA 00000700 009 OF 002", "PAGE 02 HARARE 05461 01 OF 02 271458Z", "NNNN", "BREESE", "", "   ",
    "This record is a partial extract of the original cable. The full text is not available.",
])
TEXT = st.lists(st.one_of(CABLE_LINES, st.text(max_size=60)), max_size=45).map("\n".join)


def _inside(diagnostics, lines) -> None:
    count = max(len(lines), 1)
    for d in diagnostics:
        assert 1 <= d.span.line <= count and 1 <= d.span.end_line <= count, d
        assert d.span.column >= 1 and d.span.end_column >= 1, d
        if d.span.end_line == d.span.line:
            assert d.span.end_column >= d.span.column, d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["09OTTAWA700.txt", "x.txt", "75STATE1.txt"]))
def test_no_rule_raises_and_diagnostics_point_inside(text, newline, name):
    doc = build(Source.from_text(text.replace("\n", newline)), name)
    for rule in ALL:
        found = list(rule.run(doc))  # called directly: the runner would hide an exception as INT001
        _inside(found, doc.lines)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_through_the_checker(data):
    result = check_bytes("bytes.txt", data, ALL)
    assert not [d for d in result.diagnostics if d.code.startswith("INT")]
    # a binary file's lines are not echoed back (result.lines is None), but its FIL003 finding points
    # at the line of the first NUL byte: check against the lines the parser saw
    lines = result.lines if result.lines is not None else Source.from_bytes(data).physical
    _inside(result.diagnostics, lines)


def _codes(text: str) -> set[str]:
    result = check_bytes("cable.txt", text.encode(), ALL)
    assert not [d for d in result.diagnostics if d.code.startswith("INT")]
    _inside(result.diagnostics, result.lines)
    return {d.code for d in result.diagnostics}


BASELINE = [_codes(text) for text in GENERATED]


@settings(max_examples=80, deadline=None)
@given(st.integers(0, len(GENERATED) - 1), st.lists(st.tuples(st.booleans(), st.integers(0, 10_000)),
                                                    min_size=1, max_size=6))
def test_blank_lines_do_not_change_which_rules_fire(index, edits):
    lines = GENERATED[index].split("\n")
    for insert, where in edits:
        blanks = [i for i, line in enumerate(lines) if not line.strip()]
        if insert:
            lines.insert(where % (len(lines) + 1), "")
        elif blanks:
            del lines[blanks[where % len(blanks)]]
    assert _codes("\n".join(lines)) == BASELINE[index]


def test_the_property_suite_sees_every_rule():
    assert {type(rule).__name__ for rule in ALL} == {cls.__name__ for cls in all_rules()}
    assert any(BASELINE), "generated cables should at least draw warnings or infos"

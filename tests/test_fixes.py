"""Fixes: every fixable rule on a small cable (before, after, applicability), and the applier
(validator.fixes): order, overlaps, re-check passes, encodings, line endings and BOM."""

from __future__ import annotations

import codecs
import datetime as _dt

import pytest

from validator.checker import check_bytes
from validator.engine import Edit, Fix, RunContext
from validator.engine.diagnostic import Diagnostic, Severity
from validator.engine.registry import all_rules
from validator.engine.runner import select_rules
from validator.fixes import MAX_ITERATIONS, apply_fixes, fix_bytes, fixable_counts, layout, unified_diff
from validator.model import Span

CABLE = """\
VZCZCXRO1844
OO RUEHGA
DE RUEHOT #0700/01 2522019
ZNY CCCCC ZZH
O 092019Z SEP 09
FM AMEMBASSY OTTAWA
TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
C O N F I D E N T I A L OTTAWA 000700

SIPDIS

E.O. 12958: DECL: 09/09/2019
TAGS: PREL PARM CA
SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

Classified By: A/PolCouns Kurt van der Walde, reasons 1.4 (b) and (d)

1. (C) Summary: Canadian officials shared details.

2. (C) Comment: a clear desire to work closely together.

BREESE
"""
AS_OF = _dt.date(2026, 1, 1)


def variant(*pairs: tuple[str, str], text: str = CABLE) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def rules_for(code: str):
    return select_rules([code], context=RunContext(AS_OF))


def diagnostics(text: str, code: str) -> list[Diagnostic]:
    return [d for d in check_bytes("<test>", text.encode("utf-8"), rules_for(code)).diagnostics if d.code == code]


def fix_with(text: str, code: str, unsafe: bool) -> str:
    rules = rules_for(code)
    outcome = fix_bytes(text.encode("utf-8"), lambda b: check_bytes("<test>", b, rules).diagnostics, unsafe)
    return outcome.data.decode("utf-8")


# code -> (before, after, applicability); the "after" is what --fix (--unsafe-fixes) writes.
CASES = {
    "POR002": (variant(("2. (C) Comment", "2. C) Comment")), CABLE, "safe"),
    "CLB004": (variant(("reasons 1.4 (b)", "reasons 1.5 (b)")), CABLE, "safe"),
    "BAN003": (variant(("C O N F I D E N T I A L OTTAWA", "CONFIDENTIAL OTTAWA")), CABLE, "safe"),
    "POR003": (variant(("2. (C) Comment", "2. (S) Comment")),
               variant(("ZNY CCCCC", "ZNY SSSSS"), ("C O N F I D E N T I A L OTTAWA", "S E C R E T OTTAWA"),
                       ("2. (C) Comment", "2. (S) Comment")), "unsafe"),
    "POR001": (variant(("2. (C) Comment", "2. Comment")), CABLE, "unsafe"),
    "POR005": (variant(("SUBJECT: (C) CANADA", "SUBJECT: CANADA")), CABLE, "unsafe"),
    "POR006": (variant(("2. (C) Comment", "12. (C) Comment")), CABLE, "unsafe"),
    "CAP001": (variant(("1. (C) Summary", "1. (C/NF) Summary")),
               variant(("OTTAWA 000700\n", "OTTAWA 000700\nNOFORN\n"), ("1. (C) Summary", "1. (C/NF) Summary")),
               "unsafe"),
}


def test_every_rule_with_a_fix_has_a_case_and_the_rest_have_none():
    offered = {cls.code: cls.fix_availability for cls in all_rules() if cls.fix_availability != "none"}
    assert offered == {code: case[2] for code, case in CASES.items()}
    assert all(cls.fix_availability in ("none", "safe", "unsafe", "sometimes") for cls in all_rules())


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fix_before_after_and_applicability(code):
    before, after, applicability = CASES[code]
    found = diagnostics(before, code)
    assert found and all(d.fix is not None and d.fix.applicability == applicability for d in found), found
    assert not diagnostics(after, code), "the fixed cable must pass the rule"
    if applicability == "unsafe":
        assert fix_with(before, code, unsafe=False) == before, "an unsafe fix needs --unsafe-fixes"
    assert fix_with(before, code, unsafe=True) == after
    assert fix_with(after, code, unsafe=True) == after  # idempotent


def test_stale_section_before_2003_becomes_1_5():
    before = variant(("SEP 09", "SEP 01"))
    after = variant(("reasons 1.4 (b)", "reasons 1.5 (b)"), text=before)
    assert [d.fix.applicability for d in diagnostics(before, "CLB004")] == ["safe"]
    assert fix_with(before, "CLB004", unsafe=False) == after


def test_no_section_fix_when_a_letter_is_out_of_range():
    text = variant(("reasons 1.4 (b) and (d)", "reasons 1.5 (b) and (k)"))
    found = diagnostics(text, "CLB004")
    assert found and all(d.fix is None for d in found)


def test_raise_banner_also_raises_page_lines_at_the_banner_level():
    before = variant(("2. (C) Comment", "2. (S) Comment"), ("BREESE\n", "BREESE\n\nCONFIDENTIAL\n"))
    after = fix_with(before, "POR003", unsafe=True)
    assert after.splitlines()[-1] == "SECRET" and "S E C R E T OTTAWA 000700" in after


def test_a_classification_is_never_lowered_and_unclas_is_never_raised():
    # An UNCLAS banner with a (C) portion: raising it would need a classifier, a reason and a
    # DECL date, which no tool can choose, so no fix is offered (and the portion is never lowered).
    text = variant(("C O N F I D E N T I A L OTTAWA", "UNCLAS OTTAWA"))
    found = diagnostics(text, "POR003")
    assert found and all(d.fix is None for d in found)
    # A banner above its portions (POR004) is never "fixed" by lowering it.
    over = variant(("C O N F I D E N T I A L OTTAWA", "S E C R E T OTTAWA"), ("ZNY CCCCC", "ZNY SSSSS"))
    assert all(d.fix is None for d in diagnostics(over, "POR004"))


def test_noforn_fix_not_offered_on_a_plain_unclas_cable():
    text = variant(("C O N F I D E N T I A L OTTAWA", "UNCLAS OTTAWA"), ("1. (C) Summary", "1. (U/NF) Summary"))
    found = diagnostics(text, "CAP001")
    assert found and all(d.fix is None for d in found)


def test_unmarked_paragraph_of_an_sbu_cable_gets_sbu():
    before = variant(("C O N F I D E N T I A L OTTAWA", "UNCLAS OTTAWA"), ("SIPDIS\n", "SENSITIVE\nSIPDIS\n"),
                     ("1. (C) Summary", "1. (SBU) Summary"), ("2. (C) Comment", "2.Comment"))
    after = fix_with(before, "POR001", unsafe=True)
    assert "2. (SBU) Comment" in after


# --- the applier -----------------------------------------------------------------------------


def _diag(code, line, fix):
    return Diagnostic(code, code.lower(), Severity.WARNING, "m", "<t>", Span(line, 1, line, 2), None, fix)


def _fix(*edits, applicability="safe"):
    return Fix("fix", tuple(Edit(Span(*span), text) for span, text in edits), applicability)


def test_apply_fixes_skips_overlaps_counts_identical_fixes_and_honours_applicability():
    text = "abcdef\nghij\n"
    d1 = _diag("AAA001", 1, _fix(((1, 1, 1, 4), "X")))
    d2 = _diag("BBB001", 1, _fix(((1, 3, 1, 5), "Y")))  # overlaps d1: left for the next pass
    d3 = _diag("CCC001", 2, _fix(((2, 5, 2, 5), "!")))  # insertion at the end of line 2
    d4 = _diag("DDD001", 1, _fix(((1, 1, 1, 4), "X")))  # the same fix as d1: resolved too
    d5 = _diag("EEE001", 2, _fix(((2, 1, 2, 1), "u"), applicability="unsafe"))
    done = apply_fixes(text, [d2, d3, d1, d4, d5])
    assert done.text == "Xdef\nghij!\n"
    assert done.fixed == 3 and dict(done.by_rule) == {"AAA001": 1, "CCC001": 1, "DDD001": 1}
    assert apply_fixes(text, [d5], unsafe=True).text == "abcdef\nughij\n"
    assert fixable_counts([d1, d2, d5, _diag("FFF001", 1, None)]) == (2, 1)


def test_apply_fixes_rejects_spans_outside_the_text():
    bad = _diag("AAA001", 1, _fix(((1, 9, 1, 12), "X")))
    assert apply_fixes("abc\n", [bad]).text == "abc\n"


def test_inserted_line_breaks_follow_the_file():
    d = _diag("AAA001", 1, _fix(((1, 4, 1, 4), "\nNEW")))
    assert apply_fixes("abc\r\ndef\r\n", [d]).text == "abc\r\nNEW\r\ndef\r\n"
    assert apply_fixes("abc\rdef\r", [d]).text == "abc\rNEW\rdef\r"


def test_fix_bytes_re_checks_and_stops_after_max_iterations():
    calls = []

    def check(data):  # always offers a new insertion at the start: never converges
        calls.append(data)
        return [_diag("AAA001", 1, _fix(((1, 1, 1, 1), "x")))]

    outcome = fix_bytes(b"abc\n", check)
    assert outcome.iterations == MAX_ITERATIONS and not outcome.converged
    assert outcome.data == b"x" * MAX_ITERATIONS + b"abc\n"


@pytest.mark.parametrize("data", [
    b"plain\nlf\n", b"crlf\r\nlines\r\n", b"cr\rlines\r", b"mixed\r\nends\nhere\r", b"no final newline",
    codecs.BOM_UTF8 + b"bom\r\n", "caf\u00e9\n".encode("cp1252"), codecs.BOM_UTF16_LE + "utf16\r\n".encode("utf-16-le"),
    "utf16 no bom\n".encode("utf-16-le"),
])
def test_layout_round_trips_bytes(data):
    body, form = layout(data)
    assert form.encode(body) == data


def test_undecodable_bytes_are_never_fixed():
    data = b"caf\x81\x8d\n"  # not UTF-8 and not cp1252: decoded with U+FFFD
    assert layout(data) is None
    outcome = fix_bytes(data, lambda b: [_diag("AAA001", 1, _fix(((1, 1, 1, 1), "x")))])
    assert not outcome.changed


def test_unified_diff_names_the_file_and_shows_the_change():
    text = unified_diff("a.txt", b"one\r\ntwo\r\n", b"one\r\nTWO\r\n")
    assert text.startswith("--- a.txt\n+++ a.txt\n") and "-two\n+TWO\n" in text
    assert unified_diff("a.txt", b"x\n", b"x\n") == ""

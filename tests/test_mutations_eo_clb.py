"""Mutation tests: break one marking of a correct cable and expect the rule at the line.

Bases are the seed cable and small correct cables of several eras. Each mutation must be
reported with the expected rule ID at the mutated line, and the unmutated bases must
produce no error from the E.O./Classified-By/structure rules.
"""

from __future__ import annotations

import re

import pytest
from cable_factory import codes, line_of, make_cable
from click.testing import CliRunner
from conftest import SEED

from validator.cli import main
from validator.engine import Severity

SELECT = ("EO", "CLB", "STR")

BASES = {
    "seed": SEED.read_text(encoding="utf-8"),
    "2009-confidential": make_cable(),
    "2005-secret": make_cable(level="SECRET", dtg="P 031903Z MAY 05", eo="E.O. 12958: DECL: 05/02/2015",
                              body="1. (S) Summary text.\n\n2. (C) More text."),
    "2008-stale-1.5": make_cable(dtg="R 181044Z FEB 08", eo="E.O. 12958: DECL: 2/17/2018",
                                 classified_by="Classified By: Ambassador Jane Roe, Reason 1.5 (b) (d)"),
    "2010-smart-style": make_cable(dtg="O 041658Z JAN 10", eo="E.O. 12958: DECL: 01/04/2030",
                                   classified_by="CLASSIFIED BY: Rose E. Gottemoeller, Assistant Secretary, "
                                                 "Department of State, VCI; REASON: 1.4(B), (D)"),
    "1999-two-digit-year": make_cable(dtg="R 181142Z NOV 99", eo="E.O. 12958: DECL: 11/15/09",
                                      classified_by="Classified By: DCM John Doe, reasons 1.5 (b) and (d)"),
    "wrapped-reason": make_cable(classified_by="Classified By: Political Counselor Jane Roe for\n"
                                               "reasons 1.4 (b) and (d)"),
}
_DECL = re.compile(r"(DECL:\s*)(\d{1,2})/(\d{1,2})/(\d{2,4})")
_CB_LINE = re.compile(r"^Classified By:.*\n(?:reasons.*\n)?", re.I | re.M)


def _errors(text):
    return [c for c in codes(text, SELECT) if c[1] == "error"]


def _decl_0230(text):
    return _DECL.sub(lambda m: f"{m.group(1)}02/30/{m.group(4)}", text, count=1)


def _decl_plus_30(text):
    def shift(m):
        year = m.group(4)
        moved = int(year) + 30
        moved_text = f"{moved % 100:02d}" if len(year) == 2 else str(moved)
        return f"{m.group(1)}{m.group(2)}/{m.group(3)}/{moved_text}"
    return _DECL.sub(shift, text, count=1)


def _remove_classified_by(text):
    return _CB_LINE.sub("", text, count=1)


def _reason_k(text):
    return re.sub(r"(1\.[45]\s*)(\(?[a-hA-H][^\n]*)", r"\1(k)", text, count=1)


@pytest.mark.parametrize("name", sorted(BASES))
def test_unmutated_bases_have_no_error(name):
    assert _errors(BASES[name]) == []


@pytest.mark.parametrize("name", sorted(BASES))
def test_decl_0230_is_eo004_at_eo_line(name):
    base = BASES[name]
    mutated = _decl_0230(base)
    assert mutated != base
    assert ("EO004", "error", line_of(mutated, "E.O.")) in codes(mutated, SELECT)


@pytest.mark.parametrize("name", sorted(BASES))
def test_decl_moved_30_years_is_eo005_at_eo_line(name):
    base = BASES[name]
    mutated = _decl_plus_30(base)
    assert mutated != base
    found = [c for c in codes(mutated, SELECT) if c[0] == "EO005"]
    # 25-year limit (error) since 2003; the original E.O. 12958's 10-year limit (warning) before.
    severity = "warning" if name.startswith("1999") else "error"
    assert found == [("EO005", severity, line_of(mutated, "E.O."))]


@pytest.mark.parametrize("name", sorted(BASES))
def test_removed_classified_by_is_clb001_at_banner(name):
    base = BASES[name]
    mutated = _remove_classified_by(base)
    assert mutated != base and "Classified By" not in mutated
    banner = next(i for i, line in enumerate(mutated.splitlines(), 1)
                  if re.match(r"\s*(C O N F|S E C R E T)", line))
    assert ("CLB001", "error", banner) in codes(mutated, SELECT)


@pytest.mark.parametrize("name", sorted(BASES))
def test_reason_k_is_clb004_at_classified_by_line(name):
    base = BASES[name]
    mutated = _reason_k(base)
    assert mutated != base
    line = line_of(mutated, "(k)")
    assert ("CLB004", "error", line) in codes(mutated, SELECT)


def test_cli_check_seeds_prints_no_error():
    result = CliRunner().invoke(main, ["check", str(SEED.parent)])
    assert result.exit_code == 0, result.output
    assert " error" not in result.output.lower().replace("0 errors", "")


def test_severity_levels_are_ordered():
    # the CLI's --fail-level relies on this order; a mixed-severity rule returns one of these
    assert Severity.INFO < Severity.WARNING < Severity.ERROR


# ---- never crash ------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from validator.builder import parse_text  # noqa: E402
from validator.engine.runner import run_rules, select_rules  # noqa: E402

_LINES = st.sampled_from([
    "C O N F I D E N T I A L OTTAWA 000700", "UNCLAS SENSITIVE STATE 000123", "SENSITIVE", "O 092019Z SEP 09",
    "R 181142Z NOV 96", "E.O. 12958: DECL: 02/30/2019", "E.O. 12958:", "DECL: 1/4/05", "E.O. 13526: DECL: 50X1-HUM",
    "E.O. 12958: DECL: X1, X5", "E.O. 12356: DECL: OADR", "E.O. 1295: NA", "E.O. 12958: N/A", "E.O. 12958: DECL...",
    "Classified By: Amb X, reasons 1.4 (b)", "Classified By:", "CLASSIFIED", "BY: Y. REASON: 1.2 (Z)",
    "reasons 1.5 (b) and (d) (C) text", "1. (SBU) text", "¶2. (C) text", "SUBJECT: X...", "", "Classifie...",
    "1. CONFIDENTIAL - ENTIRE TEXT. CLASSIFIED BY: X. REASON: 1.5 (B).", "Derived From: DSCG 05-01",
])
_TEXT = st.lists(st.one_of(_LINES, st.text(max_size=60)), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["<test>", "96OTTAWA700.txt", "05MUSCAT679.txt", "09X1.txt"]))
def test_rules_never_raise(text, path):
    found = run_rules(parse_text(text, path), select_rules(select=list(SELECT)))
    assert [d for d in found if d.code == "INT001"] == []

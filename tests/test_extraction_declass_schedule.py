"""EO007 (DECL date passed, off by default) and EO008 (DECL date within the horizon)."""

import datetime as dt

import pytest
from click.testing import CliRunner
from conftest import cable, parse

from validator.cli import main
from validator.engine import RunContext
from validator.engine.runner import run_rules, select_rules
from validator.rules import declass

CABLE = """
    R 091204Z SEP 09
    C O N F I D E N T I A L OTTAWA 000700

    E.O. 12958: DECL: 09/09/2019
    TAGS: PREL CA
    SUBJECT: TEST

    Classified By: Ambassador David Wilkins, reasons 1.4 (b) and (d)

    1. (C) Text.
    """


def codes(text, as_of, select=("EO007", "EO008"), horizon=None):
    rules = select_rules(list(select), context=RunContext(as_of))
    for rule in rules:
        if horizon is not None:
            rule.options["declass-horizon-days"] = horizon
    return [d.code for d in run_rules(parse(text), rules)]


def test_passed_on_and_after_the_date():
    assert codes(CABLE, dt.date(2019, 9, 9)) == ["EO007"]
    assert codes(CABLE, dt.date(2026, 1, 1)) == ["EO007"]


def test_near_within_the_horizon_only():
    assert codes(CABLE, dt.date(2019, 8, 1)) == ["EO008"]
    assert codes(CABLE, dt.date(2019, 1, 1)) == []
    assert codes(CABLE, dt.date(2019, 1, 1), horizon=365) == ["EO008"]


def test_horizon_from_rule_options():
    rule = declass.DeclassificationDue(options={"declass-horizon-days": 10}, context=RunContext(dt.date(2019, 8, 1)))
    assert list(rule.run(parse(CABLE))) == []
    rule = declass.DeclassificationDue(options={"declass-horizon-days": 10}, context=RunContext(dt.date(2019, 9, 1)))
    assert [d.code for d in rule.run(parse(CABLE))] == ["EO008"]


def test_silent_without_a_decl_date_or_when_unclassified():
    assert codes(CABLE.replace("DECL: 09/09/2019", "DECL: OADR"), dt.date(2026, 1, 1)) == []
    unclas = CABLE.replace("C O N F I D E N T I A L", "U N C L A S").replace("DECL: 09/09/2019", "N/A")
    assert codes(unclas, dt.date(2026, 1, 1)) == []


def test_eo007_off_by_default_eo008_on():
    selected = {r.code for r in select_rules()}
    assert "EO007" not in selected and "EO008" in selected


def test_message_names_dates(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(cable(CABLE))
    result = CliRunner().invoke(main, ["check", "--select", "EO007", "--as-of", "2020-01-02", str(path)])
    assert "EO007" in result.output and "09/09/2019 (2019-09-09) has passed as of 2020-01-02" in result.output
    result = CliRunner().invoke(main, ["check", "--select", "EO007", "--as-of", "2019-01-02", str(path)])
    assert "EO007" not in result.output


def test_bad_as_of_is_a_usage_error(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(cable(CABLE))
    result = CliRunner().invoke(main, ["check", "--as-of", "09/09/2019", str(path)])
    assert result.exit_code == 2

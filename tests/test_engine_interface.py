"""The rule interface: findings, severity resolution, fixes as data, the run context."""

import datetime as dt

import pytest
from conftest import parse

from validator.engine import SAFE, UNSAFE, Edit, Finding, Fix, Rule, RunContext, Severity
from validator.engine.runner import run_rules, select_rules
from validator.model import Span

CABLE = """
    C O N F I D E N T I A L OTTAWA 000700

    E.O. 12958: DECL: 09/09/2019
    TAGS: PREL CA
    SUBJECT: TEST

    1. (C) Text.
"""


class _Probe(Rule):
    """A rule made for the test: one finding with the severity given to it."""

    code = "TST001"
    name = "probe"
    severity = Severity.WARNING
    finding_severity = None

    def check(self, doc):
        yield Finding("probe", Span(1, 1, 1, 2), severity=self.finding_severity,
                      fix=Fix("do it", (Edit(Span(1, 1, 1, 2), "X"),), UNSAFE), related=(Span(2, 1, 2, 1),))


@pytest.mark.parametrize("user,own,expected", [
    (None, None, Severity.WARNING),             # the rule's default
    (None, Severity.INFO, Severity.INFO),       # the finding's own
    (Severity.ERROR, Severity.INFO, Severity.ERROR),  # the user's setting wins, also when it raises
    (Severity.INFO, Severity.ERROR, Severity.INFO),   # ... and when it lowers
])
def test_severity_is_user_then_finding_then_default(user, own, expected):
    rule = _Probe(severity=user)
    rule.finding_severity = own
    [found] = list(rule.run(parse(CABLE)))
    assert found.severity is expected


def test_fix_and_related_reach_the_diagnostic():
    [found] = list(_Probe().run(parse(CABLE)))
    assert found.fix.applicability == UNSAFE and not found.fix.safe
    assert found.fix.edits[0].text == "X"
    assert found.related == (Span(2, 1, 2, 1),)


def test_fix_applicability_is_checked():
    assert Fix("x", (), SAFE).safe
    with pytest.raises(ValueError):
        Fix("x", (), "maybe")


def test_user_severity_raises_a_self_downgraded_rule():
    """POR001 reports pre-1995 cables at info; a user's "error" for POR001 must still win."""
    old = """
        C O N F I D E N T I A L STATE 017976
        E.O. 11652: GDS
        TAGS: PREL
        SUBJECT: TEST

        1. (C) Marked.

        2. Unmarked paragraph of the old cable.
        """
    text = "R 271500Z JAN 77\n" + old
    default = [d.severity for d in run_rules(parse(text), select_rules(["POR001"]))]
    raised = [d.severity for d in run_rules(parse(text), select_rules(["POR001"], severities={"POR001": Severity.ERROR}))]
    assert default == [Severity.INFO]
    assert raised == [Severity.ERROR]


def test_as_of_travels_with_the_rules():
    import pickle

    rules = select_rules(["EO007"], context=RunContext(dt.date(2020, 1, 1)))
    copy = pickle.loads(pickle.dumps(rules))  # what a spawned worker receives
    assert [d.code for d in run_rules(parse("R 091204Z SEP 09\n" + CABLE), copy)] == ["EO007"]
    later = select_rules(["EO007"], context=RunContext(dt.date(2019, 1, 1)))
    assert run_rules(parse("R 091204Z SEP 09\n" + CABLE), later) == []


class _Crashes(_Probe):
    """A rule made for the test: one finding, then a bug."""

    code = "TST002"

    def check(self, doc):
        yield from super().check(doc)
        raise RuntimeError("a rule bug")


def test_a_rule_that_fails_gives_internal_error_and_none_of_its_findings():
    """A rule that raises half-way reports INT001 alone: findings it gave before the bug are not
    trusted (and the other rules' findings stay)."""
    found = run_rules(parse(CABLE), [_Probe(), _Crashes()])
    assert [(d.code, d.severity) for d in found] == [("INT001", Severity.ERROR), ("TST001", Severity.WARNING)]
    assert "rule TST002 failed on this file: RuntimeError: a rule bug" in found[0].message

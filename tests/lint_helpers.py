"""Test-only rules and helpers for the format, configuration and baseline tests.

No rule is registered in the package for these tests: the fixture ``test_rules``
swaps in a registry of two tiny rules for the duration of one test only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from validator.engine import Rule, Severity
from validator.engine import registry

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CABLES = FIXTURES / "cables"


class PortionAboveBanner(Rule):
    """Test-only twin of POR003: a portion marked above the banner level."""

    code = "TST001"
    name = "test-portion-above-banner"
    severity = Severity.ERROR
    summary = "A portion is marked above the banner level."

    def applies(self, doc):
        return doc.banner is not None and doc.banner.level is not None

    def check(self, doc):
        for p in doc.paragraphs:
            mark = p.marking
            if mark is not None and mark.level is not None and mark.level.rank > doc.banner.level.rank:
                yield (f"paragraph {p.number} is marked {mark.level.value} but the banner is "
                       f"{doc.banner.level.value}", mark.span)


class SubjectPresent(Rule):
    """Test-only warning on every SUBJECT line (to have a second code and severity)."""

    code = "TST002"
    name = "test-subject"
    severity = Severity.WARNING
    summary = "Reports the subject line."

    def check(self, doc):
        if doc.subject is not None:
            yield ("subject line seen", doc.subject.span)


@pytest.fixture
def test_rules(monkeypatch):
    """The registry holds ONLY the two test rules during the test, so that expectations do not
    change when the package's real rules (written on other branches) are merged."""
    registry.all_rules()  # import the package's rules first (a later import would not re-register)
    monkeypatch.setattr(registry, "_REGISTRY", {cls.code: cls for cls in (PortionAboveBanner, SubjectPresent)})
    return [PortionAboveBanner, SubjectPresent]


def invoke(args, **kwargs):
    """Run the CLI in-process (so test rules are visible); stdout and stderr kept apart."""
    from click.testing import CliRunner

    from validator.cli import main

    try:
        runner = CliRunner(mix_stderr=False)  # click 8.1
    except TypeError:
        runner = CliRunner()  # click >= 8.2 keeps stderr apart by default
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

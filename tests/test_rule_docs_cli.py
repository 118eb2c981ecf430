"""`cablelint rule` and SARIF rule help: no reST markup shown to people (issue 11 points 9 and 16)."""

from __future__ import annotations

import re

import pytest

from lint_helpers import invoke
from validator.engine.registry import all_rules
from validator.report.sarif import rule_descriptor
from validator.ruledoc import markdown, plain

MARKUP = re.compile(r"``|(?<![\w*])\*\w[^*\n]*\*(?![\w*])")


def test_plain_and_markdown_conversions():
    text = "Reports ``X - ENTIRE TEXT`` and *above* the banner.\n\nExample (fails):\n    1. (S) X\n    2. Y"
    assert plain(text).splitlines()[0] == 'Reports "X - ENTIRE TEXT" and above the banner.'
    md = markdown(text)
    assert "`X - ENTIRE TEXT`" in md and "``" not in md.replace("```", "")
    assert "**Example (fails):**\n\n```text\n1. (S) X\n2. Y\n```" in md


@pytest.mark.parametrize("cls", all_rules(), ids=lambda c: c.code)
def test_rule_command_shows_no_rest_markup(cls):
    result = invoke(["rule", cls.code])
    assert result.exit_code == 0
    assert not MARKUP.search(result.stdout), result.stdout


def test_por001_doc_in_terminal_and_sarif():
    out = invoke(["rule", "POR001"]).stdout
    assert '"X - ENTIRE TEXT"' in out and "``" not in out
    descriptor = rule_descriptor(next(c for c in all_rules() if c.code == "POR001"))
    assert "``" not in descriptor["help"]["text"] and "``" not in descriptor["fullDescription"]["text"]
    assert '"X - ENTIRE TEXT"' in descriptor["help"]["markdown"]  # the docs write it in plain quotes
    assert "**Example (fails):**\n\n```text\nC O N F I D E N T I A L STATE 000123\n" in descriptor["help"]["markdown"]


def test_rule_all_columns_line_up():
    lines = invoke(["rule", "--all"]).stdout.splitlines()
    assert len(lines) == len(all_rules())
    names = {cls.name for cls in all_rules()}
    name_columns = set()
    severity_columns = set()
    for line in lines:
        code, name, severity = line.split()[:3]
        assert name in names
        name_columns.add(line.index(" " + name + " ") + 1)
        severity_columns.add(line.index(f" {severity} ", line.index(name) + len(name)) + 1)
    assert len(name_columns) == 1 and len(severity_columns) == 1


def test_rule_accepts_a_name_as_well_as_a_code():
    """Issue 11 point 16."""
    by_name = invoke(["rule", "unmarked-paragraph"])
    assert by_name.exit_code == 0 and by_name.stdout == invoke(["rule", "POR001"]).stdout
    assert invoke(["rule", "por001"]).stdout == by_name.stdout
    typo = invoke(["rule", "unmarked-paragraf"])
    assert typo.exit_code == 2 and "did you mean 'unmarked-paragraph'?" in typo.stderr

"""``cablelint check`` output behaviour: streams, formats, colour, -o, statistics, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from lint_helpers import CABLES, FIXTURES, invoke, test_rules  # noqa: F401  (fixture)
from validator.report.color import use_color
from validator.report.github import escape_data, escape_property


@pytest.fixture
def cables(tmp_path, monkeypatch):
    for name in ("clean.txt", "faulty.txt"):
        (tmp_path / name).write_bytes((CABLES / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    for var in ("CI_PROJECT_DIR", "GITHUB_WORKSPACE", "FORCE_COLOR", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def test_stdout_carries_only_diagnostics_and_summary_goes_to_stderr(test_rules, cables):
    result = invoke(["check", "--isolated", "--output-format", "concise", "."])
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert line.startswith(("clean.txt:", "faulty.txt:")), line
    assert "faulty.txt:11:4: TST001 [error] paragraph 1 is marked SECRET" in result.stdout
    assert "Checked 2 files" in result.stderr and "Checked" not in result.stdout


def test_json_keys_are_stable(test_rules, cables):
    records = json.loads(invoke(["check", "--isolated", "--output-format", "json", "faulty.txt"]).stdout)
    assert records and all(list(r) == ["path", "line", "column", "end_line", "end_column", "code", "name",
                                       "severity", "message", "suggestion", "fix"] for r in records)
    first = [r for r in records if r["code"] == "TST001"][0]
    assert (first["path"], first["line"], first["column"], first["end_column"]) == ("faulty.txt", 11, 4, 7)


def test_empty_json_is_an_empty_array(test_rules, cables):
    result = invoke(["check", "--isolated", "--select", "TST001", "--output-format", "json", "clean.txt"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_statistics_print_only_the_table_with_severity_and_name(test_rules, cables):
    """Issue 11 point 12: only the table (as in ruff), with a severity column and the rule name."""
    result = invoke(["check", "--isolated", "--statistics", "--output-format", "concise", "."])
    assert result.exit_code == 1
    assert [line.split() for line in result.stdout.splitlines()] == [
        ["2", "TST001", "error", "test-portion-above-banner"], ["2", "TST002", "warning", "test-subject"]]
    assert "Checked 2 files" in result.stderr
    as_json = json.loads(invoke(["check", "--isolated", "--statistics", "--output-format", "json", "."]).stdout)
    assert as_json[0] == {"code": "TST001", "name": "test-portion-above-banner", "severity": "error", "count": 2}


def test_statistics_show_a_rule_at_two_severities(tmp_path, monkeypatch):
    from test_config import OLD_CABLE, put

    monkeypatch.chdir(tmp_path)
    put(tmp_path / "old.txt", OLD_CABLE)
    put(tmp_path / "new.txt", OLD_CABLE.replace("JAN 77", "JAN 07").replace("11652: GDS", "12958: DECL: 01/01/2017"))
    result = invoke(["check", "--isolated", "--select", "POR001", "--statistics", "."])
    assert sorted(line.split() for line in result.stdout.splitlines()) == [
        ["1", "POR001", "error", "unmarked-paragraph"], ["1", "POR001", "info", "unmarked-paragraph"]]


def test_output_file_is_written_and_stdout_stays_empty(test_rules, cables):
    result = invoke(["check", "--isolated", "--output-format", "sarif", "-o", "reports/out.sarif", "."])
    assert result.exit_code == 1 and result.stdout == ""
    log = json.loads((cables / "reports" / "out.sarif").read_text())
    assert log["version"] == "2.1.0"
    assert not [p for p in os.listdir(cables / "reports") if p.endswith(".tmp")]


def test_output_file_replaces_atomically_and_failed_run_keeps_old_file(test_rules, cables):
    (cables / "out.json").write_text("old")
    result = invoke(["check", "--isolated", "--output-format", "json", "-o", "out.json", "missing-dir"])
    assert result.exit_code == 2 and (cables / "out.json").read_text() == "old"
    assert "missing-dir: no such file or directory" in result.stderr
    assert not [p for p in os.listdir(cables) if p.endswith(".tmp")]


def test_output_file_that_is_a_directory_is_a_clean_error(test_rules, cables):
    (cables / "adir").mkdir()
    result = invoke(["check", "--isolated", "-o", "adir", "clean.txt"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "'adir' is a directory" in result.stderr


def test_github_format_and_escaping(test_rules, cables):
    result = invoke(["check", "--isolated", "--select", "TST001", "--output-format", "github", "faulty.txt"])
    assert result.stdout.splitlines()[0] == (
        "::error file=faulty.txt,line=11,endLine=11,col=4,endColumn=7,title=TST001::"
        "paragraph 1 is marked SECRET but the banner is CONFIDENTIAL")
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_junit_has_one_testcase_per_file_with_unique_names(test_rules, cables):
    result = invoke(["check", "--isolated", "--output-format", "junit", ".", "clean.txt"])
    root = ET.fromstring(result.stdout)
    cases = root.findall(".//testcase")
    assert sorted(c.get("name") for c in cases) == ["clean.txt", "faulty.txt"]  # clean.txt once
    faulty = [c for c in cases if c.get("name") == "faulty.txt"][0]
    assert len(faulty.findall("failure")) == 2  # two TST001 errors; the TST002 warning is below the fail level
    assert "TST002 [warning]" in faulty.find("system-out").text
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_junit_fails_only_at_or_above_the_fail_level(test_rules, cables):
    """Issue 11 point 7: a run that exits 0 (warnings only) has no failed testcase."""
    result = invoke(["check", "--isolated", "--select", "TST002", "--output-format", "junit", "."])
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("failures") == "0" and not root.findall(".//failure")
    stricter = invoke(["check", "--isolated", "--select", "TST002", "--fail-level", "warning",
                       "--output-format", "junit", "."])
    assert stricter.exit_code == 1
    assert ET.fromstring(stricter.stdout).get("failures") == "2"


def test_gitlab_fingerprints_are_unique(test_rules, cables):
    issues = json.loads(invoke(["check", "--isolated", "--output-format", "gitlab", "."]).stdout)
    assert len({i["fingerprint"] for i in issues}) == len(issues) == 4
    assert {i["severity"] for i in issues} == {"major", "minor"}
    assert all(set(i) >= {"description", "check_name", "fingerprint", "severity", "location"} for i in issues)


@pytest.mark.parametrize("choice,env,tty,expected", [
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, True),
    ("auto", {"NO_COLOR": ""}, True, True),
    ("auto", {}, True, True),
    ("auto", {}, False, False),
])
def test_color_decision(choice, env, tty, expected):
    class Stream:
        def isatty(self):
            return tty

    assert use_color(choice, Stream(), env) is expected


def test_color_cli_flags(test_rules, cables, monkeypatch):
    assert "\033[" in invoke(["check", "--isolated", "--color", "always", "faulty.txt"]).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[" in invoke(["check", "--isolated", "faulty.txt"]).stdout
    assert "\033[" not in invoke(["check", "--isolated", "--color", "never", "faulty.txt"]).stdout
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in invoke(["check", "--isolated", "faulty.txt"]).stdout


def test_full_format_shows_source_line_and_caret(test_rules, cables):
    out = invoke(["check", "--isolated", "--select", "TST001", "faulty.txt"]).stdout
    assert "   11 | 1. (S) Canadian officials" in out and "      |    ^^^" in out


def test_exit_codes_and_fail_level(test_rules, cables):
    assert invoke(["check", "--isolated", "clean.txt", "--select", "TST001"]).exit_code == 0
    assert invoke(["check", "--isolated", "faulty.txt"]).exit_code == 1
    assert invoke(["check", "--isolated", "faulty.txt", "--exit-zero"]).exit_code == 0
    # clean.txt has only a warning (TST002): below the default fail level, at --fail-level warning
    assert invoke(["check", "--isolated", "clean.txt"]).exit_code == 0
    assert invoke(["check", "--isolated", "clean.txt", "--fail-level", "warning"]).exit_code == 1
    assert invoke(["check", "--isolated", "nope.txt"]).exit_code == 2
    assert invoke(["check", "--isolated", "--output-format", "xml", "clean.txt"]).exit_code == 2


def test_unknown_rule_selector_is_a_usage_error(test_rules, cables):
    result = invoke(["check", "--isolated", "--select", "NOPE1", "clean.txt"])
    assert result.exit_code == 2 and "'--select'" in result.stderr and "NOPE1" in result.stderr


def test_stdin_with_stdin_filename(test_rules, cables):
    data = (CABLES / "faulty.txt").read_text()
    result = invoke(["check", "--isolated", "--select", "TST001", "--output-format", "concise",
                     "--stdin-filename", "sub/cable.txt", "-"], input=data)
    assert result.exit_code == 1
    assert result.stdout.startswith("sub/cable.txt:11:4: TST001")
    result = invoke(["check", "--isolated", "--select", "TST001", "--output-format", "concise", "-"], input=data)
    assert result.stdout.startswith("-:11:4: TST001")


def test_internal_error_is_one_line_with_a_hint(test_rules, cables, monkeypatch):
    import validator.linter as linter

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    monkeypatch.setattr(linter, "lint_target", boom)
    result = invoke(["check", "--isolated", "clean.txt"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    # A bug while checking one file is reported for that file (one line with a hint); the run
    # goes on with the others and ends with the summary line.
    assert "internal error" in lines[0] and "please report" in lines[0] and "clean.txt" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("Checked 1 file")
    assert "Traceback" not in result.stderr


def test_real_process_no_traceback_on_bad_config(tmp_path):
    (tmp_path / "cablelint.toml").write_text("select = 3\n")
    (tmp_path / "a.txt").write_text("UNCLASSIFIED\n")
    proc = subprocess.run([sys.executable, "-m", "validator", "check", str(tmp_path)], capture_output=True,
                          text=True, cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "'select'" in proc.stderr and "cablelint.toml" in proc.stderr


def test_broken_pipe_stops_quietly(test_rules, cables, monkeypatch):
    from validator.report.text import FullReporter

    def closed(self, *args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(FullReporter, "file", closed)
    result = invoke(["check", "--isolated", "faulty.txt"])
    assert result.exit_code == 0 and "Broken pipe" not in result.stderr


def test_output_file_is_coloured_only_on_request(test_rules, cables, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    invoke(["check", "--isolated", "-o", "plain.txt", "faulty.txt"])
    assert "\033[" not in (cables / "plain.txt").read_text()
    invoke(["check", "--isolated", "--color", "always", "-o", "colour.txt", "faulty.txt"])
    assert "\033[" in (cables / "colour.txt").read_text()


def test_quiet_prints_diagnostics_only(test_rules, cables):
    """Issue 11 point 11."""
    result = invoke(["check", "--isolated", "--quiet", "--output-format", "concise", "."])
    assert result.exit_code == 1 and "TST001" in result.stdout
    assert result.stderr == ""
    assert invoke(["check", "--isolated", "-q", "clean.txt", "--select", "TST001"]).stderr == ""


def test_show_level_is_a_display_threshold_separate_from_fail_level(test_rules, cables):
    """Issue 11 point 11: only errors shown; the summary says how many were not; exit code unchanged."""
    result = invoke(["check", "--isolated", "--show-level", "error", "--output-format", "concise", "."])
    assert result.exit_code == 1
    assert {line.split()[1] for line in result.stdout.splitlines()} == {"TST001"}
    assert "Checked 2 files: 2 errors (2 below --show-level error not shown)." in result.stderr
    # A warning fails the run at --fail-level warning even when it is not shown.
    hidden = invoke(["check", "--isolated", "--select", "TST002", "--show-level", "error", "--fail-level",
                     "warning", "--output-format", "json", "."])
    assert hidden.exit_code == 1 and json.loads(hidden.stdout) == []


def test_show_level_from_configuration(test_rules, cables):
    (cables / "cablelint.toml").write_text('show-level = "error"\n')
    result = invoke(["check", "--output-format", "concise", "."])
    assert "TST002" not in result.stdout and "TST001" in result.stdout
    assert "TST002" in invoke(["check", "--show-level", "info", "--output-format", "concise", "."]).stdout
    (cables / "cablelint.toml").write_text('show-level = "loud"\n')
    bad = invoke(["check", "."])
    assert bad.exit_code == 2 and "show-level" in bad.stderr


def test_check_without_paths_checks_the_current_directory(test_rules, cables):
    """Issue 11 point 13."""
    result = invoke(["check", "--isolated", "--output-format", "concise"])
    assert result.exit_code == 1 and "Checked 2 files" in result.stderr
    assert result.stdout == invoke(["check", "--isolated", "--output-format", "concise", "."]).stdout


def test_checking_zero_files_is_a_warning(test_rules, cables):
    (cables / "cablelint.toml").write_text('extend-exclude = ["*.txt"]\n')
    result = invoke(["check", "."])
    assert result.exit_code == 0 and result.stdout == ""
    assert "cablelint: warning: no files were checked" in result.stderr
    assert "warning" not in invoke(["check", "clean.txt"]).stderr.split("Checked")[0]

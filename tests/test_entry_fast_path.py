"""The click-free fast path of `cablelint check` (validator/entry.py) must build exactly the
Options that click builds for the same command line, and leave every other line to click."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from validator import cli, entry, linter


def _captured(monkeypatch, run) -> linter.Options:
    seen = []
    monkeypatch.setattr(linter, "run_check", lambda options: seen.append(options) or 0)
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 0
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize("argv", [
    ["check"], ["check", "a.txt"], ["check", "--isolated", "dir", "b.txt"], ["check", "-q", "--exit-zero", "x"],
    ["check", "--quiet", "--statistics", "--force-exclude", "--no-progress", "p"], ["check", "--no-cache", "x"],
])
def test_fast_path_builds_the_options_click_builds(monkeypatch, argv):
    arguments = entry.fast_check_arguments(argv)
    assert arguments is not None
    fast = _captured(monkeypatch, lambda: entry.run_fast_check(arguments))

    def via_click():
        result = CliRunner().invoke(cli.main, argv, standalone_mode=False, catch_exceptions=False)
        raise SystemExit(result.exit_code if result.exception is None else result.exception.code)

    slow = _captured(monkeypatch, via_click)
    assert fast == slow


@pytest.mark.parametrize("argv", [
    [], ["index", "x"], ["check", "-"], ["check", "--", "x"], ["check", "--select", "POR", "x"], ["check", "-h"],
    ["check", "--output-format=json", "x"], ["check", "-qj2", "x"], ["check", ""], ["inspect", "check"],
    ["check", "--fix", "x"], ["check", "--diff", "x"], ["check", "--unsafe-fixes", "--fix", "x"],
])
def test_other_command_lines_go_to_click(argv):
    assert entry.fast_check_arguments(argv) is None


def test_one_file_check_does_not_import_click(tmp_path):
    cable = tmp_path / "c.txt"
    cable.write_text("UNCLASSIFIED\n\n1. (U) Text.\n")
    code = ("import sys; sys.argv = ['cablelint', 'check', '--isolated', '-q', '--exit-zero', sys.argv[1]]\n"
            "from validator import entry\n"
            "try:\n    entry.main()\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('click', 'subprocess', 'tempfile', 'uuid', 'platform', 'dataclasses', 'inspect') if m in sys.modules)\n"
            "print('HEAVY', heavy)\n")
    # cwd outside the source tree: the installed package is the one imported
    out = subprocess.run([sys.executable, "-c", code, str(cable)], capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr

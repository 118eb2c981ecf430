"""``check --diff``, ``--fix`` and ``--unsafe-fixes`` through the command line (ruff's conventions)."""

from __future__ import annotations

import codecs
import json
import os

from lint_helpers import invoke
from test_fixes import CABLE, variant

# One safe finding (POR002: "C)") and one unsafe (POR003: an (S) portion under a CONFIDENTIAL banner).
FAULTY = variant(("1. (C) Summary", "1. C) Summary"), ("2. (C) Comment", "2. (S) Comment"))
SAFE_FIXED = variant(("2. (C) Comment", "2. (S) Comment"))
ALL_FIXED = variant(("ZNY CCCCC", "ZNY SSSSS"), ("C O N F I D E N T I A L OTTAWA", "S E C R E T OTTAWA"),
                    ("2. (C) Comment", "2. (S) Comment"))
ARGS = ["check", "--isolated", "--as-of", "2026-01-01", "--select", "POR002,POR003"]


def write(tmp_path, data: bytes, name="cable.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    old = 1_000_000_000
    os.utime(path, (old, old))
    return path


def unchanged(path, data: bytes) -> bool:
    return path.read_bytes() == data and os.stat(path).st_mtime == 1_000_000_000


def test_check_without_fix_never_writes_and_counts_fixable(tmp_path):
    path = write(tmp_path, FAULTY.encode())
    for extra in ([], ["--unsafe-fixes"], ["--output-format", "json"]):
        result = invoke(ARGS + extra + [path])
        assert result.exit_code == 1 and unchanged(path, FAULTY.encode())
    result = invoke(ARGS + [path])
    assert "1 fixable with --fix (1 more fix available with --unsafe-fixes)." in result.stderr
    result = invoke(ARGS + ["--unsafe-fixes", path])
    assert "2 fixable with --fix --unsafe-fixes." in result.stderr


def test_diff_prints_the_fixes_writes_nothing_and_exits_1(tmp_path):
    path = write(tmp_path, FAULTY.encode())
    result = invoke(ARGS + ["--diff", path])
    assert result.exit_code == 1 and unchanged(path, FAULTY.encode())
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n")
    assert "-1. C) Summary" in result.stdout and "+1. (C) Summary" in result.stdout
    assert "S E C R E T" not in result.stdout  # unsafe fixes only with --unsafe-fixes
    assert "Would fix 1 finding (1 more fix available with --unsafe-fixes)." in result.stderr
    result = invoke(ARGS + ["--diff", "--unsafe-fixes", path])
    assert "+S E C R E T OTTAWA 000700" in result.stdout and "+ZNY SSSSS ZZH" in result.stdout
    assert "Would fix 2 findings." in result.stderr and unchanged(path, FAULTY.encode())
    # --diff wins over --fix: nothing is written
    assert invoke(ARGS + ["--diff", "--fix", path]).exit_code == 1 and unchanged(path, FAULTY.encode())
    clean = write(tmp_path, CABLE.encode(), "clean.txt")
    result = invoke(ARGS + ["--diff", clean])
    assert result.exit_code == 0 and result.stdout == ""


def test_fix_applies_safe_fixes_then_reports_what_is_left(tmp_path):
    path = write(tmp_path, FAULTY.encode())
    result = invoke(ARGS + ["--output-format", "concise", "--fix", path])
    assert path.read_bytes() == SAFE_FIXED.encode()
    assert result.exit_code == 1 and "POR003" in result.stdout and "POR002" not in result.stdout
    assert "Fixed 1 finding (1 more fix available with --unsafe-fixes)." in result.stderr
    result = invoke(ARGS + ["--fix", "--unsafe-fixes", path])
    assert result.exit_code == 0 and path.read_bytes() == ALL_FIXED.encode()
    assert "Fixed 1 finding." in result.stderr  # POR003: POR002 was fixed by the first run
    # applying again changes nothing (not even the modification time)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    result = invoke(ARGS + ["--fix", "--unsafe-fixes", path])
    assert result.exit_code == 0 and unchanged(path, ALL_FIXED.encode()) and "Fixed" not in result.stderr


def test_fix_keeps_crlf_and_bom(tmp_path):
    data = codecs.BOM_UTF8 + FAULTY.replace("\n", "\r\n").encode()
    path = write(tmp_path, data)
    invoke(ARGS + ["--fix", "--unsafe-fixes", path])
    assert path.read_bytes() == codecs.BOM_UTF8 + ALL_FIXED.replace("\n", "\r\n").encode()


def test_fix_keeps_lone_cr_and_cp1252(tmp_path):
    text = FAULTY.replace("BREESE", "BREESE caf\u00e9").replace("\n", "\r")
    path = write(tmp_path, text.encode("cp1252"))
    invoke(ARGS + ["--fix", "--unsafe-fixes", path])
    assert path.read_bytes() == ALL_FIXED.replace("BREESE", "BREESE caf\u00e9").replace("\n", "\r").encode("cp1252")


def test_fix_keeps_the_noforn_line_in_the_file_line_endings(tmp_path):
    text = variant(("1. (C) Summary", "1. (C/NF) Summary")).replace("\n", "\r\n")
    path = write(tmp_path, text.encode())
    invoke(["check", "--isolated", "--select", "CAP001", "--fix", "--unsafe-fixes", path])
    assert b"OTTAWA 000700\r\nNOFORN\r\n\r\nSIPDIS" in path.read_bytes()


def test_stdin_fix_prints_the_fixed_text_and_reports_on_stderr():
    result = invoke(ARGS + ["--fix", "-"], input=FAULTY.encode())
    assert result.stdout_bytes == SAFE_FIXED.encode()
    assert "POR003" in result.stderr and "Fixed 1 finding" in result.stderr
    result = invoke(ARGS + ["--diff", "-"], input=FAULTY.encode())
    assert result.stdout.startswith("--- -\n+++ -\n")


def test_json_and_sarif_carry_the_fix(tmp_path):
    path = write(tmp_path, FAULTY.encode())
    records = json.loads(invoke(ARGS + ["--output-format", "json", path]).stdout)
    by_code = {r["code"]: r["fix"] for r in records}
    assert by_code["POR002"] == {"applicability": "safe", "message": "Write (C)", "edits": [
        {"line": 18, "column": 4, "end_line": 18, "end_column": 6, "content": "(C)"}]}
    assert by_code["POR003"]["applicability"] == "unsafe"
    log = json.loads(invoke(ARGS + ["--output-format", "sarif", path]).stdout)
    fixes = [r["fixes"][0] for r in log["runs"][0]["results"] if r["ruleId"] == "POR002"]
    replacement = fixes[0]["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"startLine": 18, "startColumn": 4, "endLine": 18, "endColumn": 6},
                           "insertedContent": {"text": "(C)"}}


def test_rule_explains_its_fix():
    assert "Fix: unsafe (" in invoke(["rule", "POR003"]).stdout
    assert "Fix: safe (" in invoke(["rule", "POR002"]).stdout
    assert "Fix: none\n" in invoke(["rule", "HDR002"]).stdout


def test_readme_fix_commands_run_as_written(tmp_path, monkeypatch):
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Fixes\n", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)
                for line in block.splitlines() if line.startswith("cablelint ")]
    assert len(commands) == 3
    (tmp_path / "cables").mkdir()
    path = write(tmp_path / "cables", FAULTY.encode())
    monkeypatch.chdir(tmp_path)
    codes = [invoke(shlex.split(command)[1:] + ["--isolated", "--select", "POR002,POR003"]).exit_code
             for command in commands]
    assert codes == [1, 1, 0] and path.read_bytes() == ALL_FIXED.encode()

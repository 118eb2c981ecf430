"""Baselines: write, apply, identity independent of line numbers, stale entries."""

from __future__ import annotations

import json
import shutil

import pytest

from lint_helpers import CABLES, invoke, test_rules  # noqa: F401  (fixture)


@pytest.fixture
def archive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cables").mkdir()
    shutil.copy(CABLES / "faulty.txt", tmp_path / "cables" / "faulty.txt")
    shutil.copy(CABLES / "clean.txt", tmp_path / "cables" / "clean.txt")
    return tmp_path


def write(*args):
    return invoke(["baseline", "write", *args])


def check(*args):
    return invoke(["check", "--output-format", "concise", "--select", "TST001", *args])


def test_write_then_apply_hides_recorded_findings(test_rules, archive):
    result = write("--select", "TST001", "baseline.json", "cables")
    assert result.exit_code == 0 and "Wrote 2 findings to baseline.json" in result.stderr
    data = json.loads((archive / "baseline.json").read_text())
    assert data["cablelint-baseline"] == 1
    assert [(e["code"], e["path"]) for e in data["findings"]] == [("TST001", "cables/faulty.txt")] * 2
    assert "line" not in data["findings"][0]  # identity never uses the line number
    assert "Canadian" not in (archive / "baseline.json").read_text()  # no cable text copied
    assert check("cables").exit_code == 1
    result = check("--baseline", "baseline.json", "cables")
    assert result.exit_code == 0 and result.stdout == "" and "stale" not in result.stderr


def test_edits_elsewhere_do_not_resurrect_findings(test_rules, archive):
    write("--select", "TST001", "baseline.json", "cables")
    path = archive / "cables" / "faulty.txt"
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(2, "\nADDITIONAL ROUTING NOTE\n\n")
    lines[10] = lines[10].replace("Canadian officials", "Canadian  officials ")  # whitespace only
    path.write_text("".join(lines))
    result = check("--baseline", "baseline.json", "cables")
    assert result.exit_code == 0 and result.stdout == ""


def test_new_finding_with_same_text_is_reported_by_occurrence(test_rules, archive):
    path = archive / "cables" / "faulty.txt"
    text = path.read_text()
    write("--select", "TST001", "baseline.json", "cables")
    # a second line identical to paragraph 1's: occurrence 1 of that text was never recorded
    path.write_text(text.replace("BREESE", "1. (S) Canadian officials shared details of an ongoing "
                                           "investigation.\n\nBREESE"))
    result = check("--baseline", "baseline.json", "cables")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 and ":17:4: TST001" in result.stdout


def test_fixed_finding_makes_its_entry_stale(test_rules, archive):
    write("--select", "TST001", "baseline.json", "cables")
    path = archive / "cables" / "faulty.txt"
    path.write_text(path.read_text().replace("3. (S)", "3. (C)"))
    result = check("--baseline", "baseline.json", "cables")
    assert result.exit_code == 0
    assert "warning: baseline.json: stale baseline entry: cables/faulty.txt: TST001" in result.stderr
    result = check("--baseline", "baseline.json", "--strict-baseline", "cables")
    assert result.exit_code == 1 and "error: baseline.json: stale baseline entry" in result.stderr


def test_files_not_checked_are_not_stale_but_deleted_files_are(test_rules, archive):
    write("--select", "TST001", "baseline.json", "cables")
    result = check("--baseline", "baseline.json", "--strict-baseline", "cables/clean.txt")
    assert result.exit_code == 0 and "stale" not in result.stderr  # pre-commit checks a subset
    (archive / "cables" / "faulty.txt").unlink()
    result = check("--baseline", "baseline.json", "--strict-baseline", "cables/clean.txt")
    assert result.exit_code == 1 and result.stderr.count("stale baseline entry") == 2


def test_entries_of_rules_not_run_are_not_stale(test_rules, archive):
    write("--select", "TST001", "baseline.json", "cables")
    result = invoke(["check", "--select", "TST002", "--baseline", "baseline.json", "--strict-baseline", "cables"])
    assert "stale" not in result.stderr


def test_paths_are_relative_to_the_baseline_file(test_rules, archive, monkeypatch):
    write("--select", "TST001", "ci/baseline.json", "cables")
    assert json.loads((archive / "ci" / "baseline.json").read_text())["findings"][0]["path"] == "../cables/faulty.txt"
    monkeypatch.chdir(archive / "cables")
    result = check("--baseline", "../ci/baseline.json", ".")
    assert result.exit_code == 0 and result.stdout == ""


def test_bad_baseline_files_exit_2(test_rules, archive):
    assert check("--baseline", "missing.json", "cables").exit_code == 2
    (archive / "bad.json").write_text("{not json")
    result = check("--baseline", "bad.json", "cables")
    assert result.exit_code == 2 and "bad.json" in result.stderr and "Traceback" not in result.stderr
    (archive / "other.json").write_text("[]")
    assert "not a cablelint baseline" in check("--baseline", "other.json", "cables").stderr


def test_baseline_write_is_atomic_and_keeps_old_file_on_error(test_rules, archive):
    (archive / "baseline.json").write_text("old")
    result = write("baseline.json", "missing")
    assert result.exit_code == 2 and (archive / "baseline.json").read_text() == "old"


def test_baseline_write_honours_configuration(test_rules, archive):
    (archive / "cablelint.toml").write_text('select = ["TST002"]\n')
    write("baseline.json", "cables")
    codes = {e["code"] for e in json.loads((archive / "baseline.json").read_text())["findings"]}
    assert codes == {"TST002"}


# --- issue 11 point 17: summary, rename-safe identity, baseline update ---------------------------


def test_summary_says_how_many_findings_the_baseline_hid(test_rules, archive):
    write("--select", "TST001", "baseline.json", "cables")
    result = check("--baseline", "baseline.json", "cables")
    assert "Checked 2 files: 0 errors, 0 warnings, 0 infos (2 hidden by the baseline)." in result.stderr
    assert "hidden by the baseline" not in check("cables").stderr


@pytest.fixture
def seeded(archive):
    from conftest import SEED

    (archive / "cables" / "seed.txt").write_bytes(SEED.read_bytes())  # has a cable id: 09OTTAWA700
    return archive


def test_a_moved_cable_keeps_its_entries(test_rules, seeded):
    write("--select", "TST002", "baseline.json", "cables")
    entries = json.loads((seeded / "baseline.json").read_text())["findings"]
    assert {(e["path"], e.get("cable")) for e in entries} == {
        ("cables/seed.txt", "09OTTAWA700"), ("cables/faulty.txt", None), ("cables/clean.txt", None)}
    (seeded / "moved").mkdir()
    (seeded / "cables" / "seed.txt").rename(seeded / "moved" / "renamed.txt")  # as `git mv` does
    result = invoke(["check", "--select", "TST002", "--baseline", "baseline.json", "--strict-baseline",
                     "--output-format", "concise", "cables", "moved"])
    assert result.exit_code == 0 and result.stdout == "" and "stale" not in result.stderr
    # A cable without an id is identified by its path: moving it brings its findings back.
    (seeded / "cables" / "clean.txt").rename(seeded / "moved" / "clean.txt")
    result = invoke(["check", "--select", "TST002", "--baseline", "baseline.json", "--output-format", "concise",
                     "cables", "moved"])
    assert result.stdout.startswith("moved/clean.txt:") and "stale baseline entry: cables/clean.txt" in result.stderr


def test_baseline_update_drops_stale_entries_and_follows_moves(test_rules, seeded):
    write("--select", "TST001,TST002", "baseline.json", "cables")
    before = json.loads((seeded / "baseline.json").read_text())["findings"]
    faulty = seeded / "cables" / "faulty.txt"
    faulty.write_text(faulty.read_text().replace("1. (S)", "1. (C)"))  # one TST001 fixed
    (seeded / "cables" / "seed.txt").rename(seeded / "cables" / "renamed.txt")
    result = invoke(["baseline", "update", "--select", "TST001,TST002", "baseline.json", "cables"])
    assert result.exit_code == 0, result.stderr
    assert f"kept {len(before) - 1} findings, dropped 1 stale entry, 1 at a new path" in result.stderr
    after = json.loads((seeded / "baseline.json").read_text())["findings"]
    assert len(after) == len(before) - 1
    assert {e["path"] for e in after if e.get("cable")} == {"cables/renamed.txt"}
    check_all = invoke(["check", "--select", "TST001,TST002", "--baseline", "baseline.json", "--strict-baseline",
                        "cables"])
    assert check_all.exit_code == 0 and check_all.stdout == "" and "stale" not in check_all.stderr
    # New findings are not added by update.
    faulty.write_text(faulty.read_text().replace("1. (C)", "1. (S)"))
    invoke(["baseline", "update", "--select", "TST001,TST002", "baseline.json", "cables"])
    assert check("--baseline", "baseline.json", "cables").exit_code == 1

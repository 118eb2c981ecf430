"""``cablelint index``: one JSONL/CSV record per file, on small fixtures and on the shared corpus."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import SEED, cable
from lint_helpers import CABLES, invoke, test_rules  # noqa: F401  (fixture)
from test_config import put

from validator.cli import main
from validator.index import FIELDS

SECOND = """
    R 011200Z JAN 10
    S E C R E T STATE 000015

    E.O. 12958: DECL: 01/01/2015
    TAGS: PREL, OVIP (CLINTON, HILLARY)
    SUBJECT: (S) "QUOTED", SUBJECT

    REF: A. OTTAWA 616 B. LAKHDHIR E-MAIL

    Classified By: ROBERT P. FINN, DEPUTY CHIEF OF MISSION. REASON: 1.5 (D)

    1. (S) Text.

    CLINTON
    """


def _fixtures(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "a" / "two.txt").write_text(cable(SECOND), encoding="utf-8")
    (tmp_path / "a" / "skip.md").write_text("not a cable")
    return tmp_path / "a"


def _run(args):
    result = CliRunner().invoke(main, ["index", *args])
    return result


def test_jsonl_records(tmp_path):
    folder = _fixtures(tmp_path)
    result = _run(["--as-of", "2020-01-01", "--extend-select", "EO007", str(folder)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"].rsplit("/", 1)[1] for r in rows] == ["one.txt", "two.txt"]
    assert all(tuple(r) == FIELDS for r in rows)
    one, two = rows
    assert (one["cable_id"], one["date"], one["level"], one["decl_kind"], one["decl_date"]) == (
        "09OTTAWA700", "2009-09-09", "CONFIDENTIAL", "date", "2019-09-09")
    assert (one["authority_name"], one["reason_section"], one["reason_letters"]) == ("Kurt van der Walde", "1.4", ["b", "d"])
    assert one["ref_ids"] == ["09OTTAWA616"] and one["signer"] == "BREESE" and one["infos"] >= 1
    assert (two["cable_id"], two["level"], two["authority_name"], two["authority_title"]) == (
        "10STATE15", "SECRET", "ROBERT P. FINN", "DEPUTY CHIEF OF MISSION")
    assert two["tags"] == ["PREL", "OVIP", "CLINTON, HILLARY"] and two["subject"] == '"QUOTED", SUBJECT'
    assert two["ref_ids"] == ["10OTTAWA616"] and two["signer"] == "CLINTON"


def test_csv_records_to_file(tmp_path):
    folder = _fixtures(tmp_path)
    out = tmp_path / "index.csv"
    result = _run(["--format", "csv", "-o", str(out), str(folder)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2 and tuple(rows[0]) == FIELDS
    assert rows[1]["tags"] == "PREL;OVIP;CLINTON, HILLARY" and rows[1]["subject"] == '"QUOTED", SUBJECT'
    assert rows[0]["reason_letters"] == "b;d" and rows[0]["errors"].isdigit()


def test_parallel_matches_serial(tmp_path):
    folder = _fixtures(tmp_path)
    serial = _run([str(folder)]).stdout
    parallel = _run(["--jobs", "2", str(folder)]).stdout
    assert serial == parallel and serial.count("\n") == 2


def test_standard_input():
    result = CliRunner().invoke(main, ["index", "-"], input=SEED.read_bytes())
    assert result.exit_code == 0
    row = json.loads(result.stdout)
    assert row["path"] == "-" and row["cable_id"] == "09OTTAWA700"


def test_missing_path_is_an_error(tmp_path):
    result = _run([str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_shared_corpus_jsonl_and_csv(corpus, tmp_path):
    directory, manifest = corpus
    files = sorted(p.name for p in directory.glob("*.txt"))
    jsonl, csv_path = tmp_path / "i.jsonl", tmp_path / "i.csv"
    assert _run(["-o", str(jsonl), str(directory)]).exit_code == 0
    assert _run(["--format", "csv", "--jobs", "2", "-o", str(csv_path), str(directory)]).exit_code == 0
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    with open(csv_path, encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [r["path"].rsplit("/", 1)[1] for r in rows] == files
    assert [r["path"] for r in table] == [r["path"] for r in rows]
    assert all(r["error"] is None for r in rows)
    assert [r["cable_id"] or "" for r in rows] == [r["cable_id"] for r in table]
    # Every manifest file is indexed once.
    assert {e["file"] for e in manifest} <= set(files)


def test_records_are_streamed(tmp_path):
    """Records come one at a time from a lazy path iterator (constant memory on big archives)."""
    from validator.engine.runner import select_rules
    from validator.index import iter_records

    folder = _fixtures(tmp_path)
    consumed = []

    def endless():
        while True:
            consumed.append(1)
            yield str(folder / "one.txt")

    records = iter_records(endless(), select_rules())
    first = [next(records) for _ in range(3)]
    assert [r["cable_id"] for r in first] == ["09OTTAWA700"] * 3 and len(consumed) == 3


# --- one pipeline with `check` (issue 11 point 3, issue 10 point 2) ------------------------------



@pytest.fixture
def archive(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("clean.txt", "faulty.txt"):
        (tmp_path / "cables").mkdir(exist_ok=True)
        (tmp_path / "cables" / name).write_bytes((CABLES / name).read_bytes())
    return tmp_path


def _rows(result):
    return {os.path.basename(r["path"]): r for r in map(json.loads, result.stdout.splitlines())}


def test_index_uses_the_configuration_like_check(test_rules, archive):
    put(archive / "pyproject.toml", """
        [tool.cablelint]
        ignore = ["TST002"]
        extend-exclude = ["cables/clean.txt"]
        """)
    result = invoke(["index", "cables"])
    assert result.exit_code == 0, result.stderr
    rows = _rows(result)
    assert list(rows) == ["faulty.txt"]  # extend-exclude honoured
    assert (rows["faulty.txt"]["errors"], rows["faulty.txt"]["warnings"]) == (2, 0)  # TST002 ignored
    checked = invoke(["check", "--output-format", "concise", "cables"])
    assert checked.stdout.count("TST001") == 2 and "TST002" not in checked.stdout
    assert "clean.txt" not in checked.stdout


def test_index_respects_gitignore(test_rules, archive):
    if not shutil.which("git"):
        pytest.skip("git not installed")
    subprocess.run(["git", "init", "-q", "."], cwd=archive, check=True)
    (archive / ".gitignore").write_text("clean.txt\n")
    assert list(_rows(invoke(["index", "cables"]))) == ["faulty.txt"]


def test_index_and_check_select_the_same_rules(test_rules, archive):
    # The most specific selector wins in both (index ran nothing here before).
    args = ["--select", "TST001", "--ignore", "TST", "cables/faulty.txt"]
    checked = invoke(["check", "--output-format", "json", *args])
    indexed = _rows(invoke(["index", *args]))
    assert len(json.loads(checked.stdout)) == 2 == indexed["faulty.txt"]["errors"]


def test_index_rejects_bad_selectors(test_rules, archive):
    result = invoke(["index", "--select", "NOPE", "cables"])
    assert result.exit_code == 2 and "unknown rule selector 'NOPE'" in result.stderr and result.stdout == ""


def test_index_jobs_zero_means_one_per_core(test_rules, archive):
    assert invoke(["index", "--jobs", "0", "cables"]).exit_code == 0
    assert invoke(["index", "cables"]).stdout == invoke(["index", "-j", "2", "cables"]).stdout


def test_index_option_names_match_check_with_aliases(test_rules, archive):
    new = invoke(["index", "--output-format", "csv", "--output-file", "a.csv", "cables"])
    old = invoke(["index", "--format", "csv", "-o", "b.csv", "cables"])
    assert new.exit_code == old.exit_code == 0
    assert (archive / "a.csv").read_text() == (archive / "b.csv").read_text()
    assert (archive / "a.csv").read_text().startswith("path,cable_id,")


def test_index_output_file_is_atomic(test_rules, archive):
    (archive / "out.jsonl").write_text("old")
    result = invoke(["index", "-o", "out.jsonl", "cables", "missing"])
    assert result.exit_code == 2 and "missing: no such file or directory" in result.stderr
    assert (archive / "out.jsonl").read_text() == "old"
    assert not [p for p in os.listdir(archive) if p.endswith(".tmp")]


def test_index_and_inspect_do_not_hang_on_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_bytes(SEED.read_bytes())
    for command in (["index"], ["inspect", "--format", "jsonl"]):
        proc = subprocess.run([sys.executable, "-m", "validator", *command, "--isolated", str(tmp_path)],
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                              cwd=tmp_path)
        assert proc.returncode == 2 and "pipe.txt: cannot read: not a regular file" in proc.stderr, proc.stderr
        assert "09OTTAWA700" in proc.stdout


def test_inspect_uses_the_configuration(test_rules, archive):
    put(archive / "cablelint.toml", """
        extend-exclude = ["cables/clean.txt"]
        """)
    result = invoke(["inspect", "--format", "jsonl", "cables"])
    assert result.exit_code == 0
    assert [os.path.basename(json.loads(line)["path"]) for line in result.stdout.splitlines()] == ["faulty.txt"]
    everything = invoke(["inspect", "--isolated", "--format", "jsonl", "cables"])
    assert everything.stdout.count("\n") == 2


def test_library_rule_selection_is_the_command_lines():
    from validator.engine.runner import select_rules

    assert [r.code for r in select_rules(["POR001"], ignore=["POR"])] == ["POR001"]


def test_inspect_help_and_format_say_json_lines(tmp_path):
    """Issue 11 point 8: the help names the real output (text by default, JSON Lines on request)."""
    help_text = " ".join(invoke(["inspect", "--help"]).stdout.split())
    assert "JSON Lines" in help_text and "JSON: one object per file" not in help_text
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "b.txt").write_bytes(SEED.read_bytes())
    jsonl = invoke(["inspect", "--isolated", "--format", "jsonl", str(tmp_path)]).stdout
    assert [json.loads(line)["cable_id"] for line in jsonl.splitlines()] == ["09OTTAWA700"] * 2
    assert invoke(["inspect", "--isolated", "--format", "json", str(tmp_path)]).stdout == jsonl  # alias
    assert invoke(["inspect", "--isolated", "--output-format", "jsonl", str(tmp_path)]).stdout == jsonl
    assert not invoke(["inspect", "--isolated", str(tmp_path)]).stdout.startswith("{")  # text by default


def test_index_in_worker_processes_matches_one_process(tmp_path):
    """Enough files to start real workers: FileResult.facts travels between processes."""
    import pickle

    from validator.checker import check_path
    from validator.engine.runner import select_rules

    for n in range(24):
        (tmp_path / f"c{n:02d}.txt").write_bytes(SEED.read_bytes() if n % 2 else cable(SECOND).encode())
    result = check_path(str(tmp_path / "c01.txt"), select_rules(), facts="index")
    assert pickle.loads(pickle.dumps(result)).facts == result.facts and result.facts["cable_id"] == "09OTTAWA700"
    serial = invoke(["index", "--isolated", "-j", "1", str(tmp_path)])
    parallel = invoke(["index", "--isolated", "-j", "2", str(tmp_path)])
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout and serial.stdout.count("\n") == 24

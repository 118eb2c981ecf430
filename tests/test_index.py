"""``cablelint index``: one JSONL/CSV record per file, on small fixtures and on the shared corpus."""

import csv
import io
import json

from click.testing import CliRunner
from conftest import SEED, cable

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

"""SARIF output validates against the SARIF 2.1.0 schema and carries what GitHub code scanning needs."""

from __future__ import annotations

import json

import pytest

from lint_helpers import CABLES, FIXTURES, invoke, test_rules  # noqa: F401  (fixture)
from test_report_golden import render

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict) -> None:
    jsonschema.Draft7Validator(SCHEMA).validate(log)


def test_schema_fixture_rejects_an_invalid_log():
    # The schema must actually constrain: a log without "version"/"runs" is invalid.
    with pytest.raises(jsonschema.ValidationError):
        validate({"$schema": "x", "runs": [{"results": []}]})


def test_golden_sarif_is_schema_valid(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    validate(json.loads(render("sarif")))


def test_cli_sarif_is_schema_valid_and_lists_every_registered_rule(test_rules, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    result = invoke(["check", "--isolated", "--output-format", "sarif", "cables"])
    assert result.exit_code == 1, result.stderr
    log = json.loads(result.stdout)
    validate(log)
    from validator.engine.registry import all_rules

    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [cls.code for cls in all_rules()]
    for rule in driver["rules"]:
        assert {"id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"} <= set(rule)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"TST001", "TST002"}
    for r in results:
        location = r["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert set(location["region"]) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert r["partialFingerprints"]["primaryLocationLineHash"].count(":") == 1
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_uris_are_relative_to_the_repository_root_and_percent_encoded(test_rules, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "my cables").mkdir(parents=True)
    (repo / "my cables" / "faulty.txt").write_bytes((CABLES / "faulty.txt").read_bytes())
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    monkeypatch.chdir(repo / "my cables")
    result = invoke(["check", "--isolated", "--select", "TST001", "--output-format", "sarif", "."])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert uris == {"my%20cables/faulty.txt"}


def test_line_hash_survives_inserted_lines(test_rules, tmp_path, monkeypatch):
    text = (CABLES / "faulty.txt").read_text()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(text)
    (tmp_path / "b" / "x.txt").write_text("\n\n\n" + text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))

    def hashes(directory):
        log = json.loads(invoke(["check", "--isolated", "--select", "TST001", "--output-format", "sarif",
                                 directory]).stdout)
        return [(r["partialFingerprints"]["primaryLocationLineHash"],
                 r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in log["runs"][0]["results"]]

    a, b = hashes("a"), hashes("b")
    assert [h for h, _ in a] == [h for h, _ in b]
    assert [line + 3 for _, line in a] == [line for _, line in b]


def test_ban004_is_one_result_with_the_banner_as_related_location(tmp_path, monkeypatch):
    """Issue 11 point 6: one mismatch, one finding; SARIF carries the other place in relatedLocations."""
    from test_rules_banner import GOOD

    (tmp_path / "cable.txt").write_text(GOOD.replace("SECTION 01 OF 02", "SECTION 01 OF 03"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    log = json.loads(invoke(["check", "--isolated", "--select", "BAN004", "--output-format", "sarif",
                             "cable.txt"]).stdout)
    validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 21
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == 9
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "cable.txt"
    full = invoke(["check", "--isolated", "--select", "BAN004", "cable.txt"]).stdout
    assert full.count("BAN004") == 1 and "= see also: cable.txt:9:1" in full

"""Every cablelint command in the README's output/config/baseline/CI sections is run here, verbatim.

(The pre-commit snippet and ``pre-commit run --all-files`` run in tests/test_precommit.py;
the set-up commands run in .ci/run.)
"""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pytest

from lint_helpers import CABLES, FIXTURES, invoke, test_rules  # noqa: F401  (fixture)
from test_config import put

from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SECTIONS = ("## Output formats", "## Configuration", "## Baseline", "## pre-commit", "## GitHub Actions",
            "## GitLab CI")


def section(heading: str) -> str:
    text = README.read_text()
    body = text.split(heading + "\n", 1)[1]
    return body.split("\n## ", 1)[0]


def blocks(heading: str, lang: str | None = None) -> list[str]:
    return [b for lg, b in re.findall(r"```(\w*)\n(.*?)```", section(heading), re.S) if lang in (None, lg)]


def readme_commands() -> list[str]:
    found = []
    for heading in SECTIONS:
        for block in blocks(heading):
            for line in block.splitlines():
                m = re.match(r"^\s*(?:- )?(?:run: )?(cablelint (?:check|baseline)\b.*)$", line)
                if m:
                    found.append(m.group(1).strip())
    return found


SARIF = "cablelint check --output-format sarif -o cablelint.sarif --exit-zero cables/"
GITHUB = "cablelint check --output-format github cables/"
GITLAB = "cablelint check --output-format gitlab -o gl-code-quality-report.json cables/"
BASELINE_WRITE = "cablelint baseline write cablelint-baseline.json cables/"
BASELINE_CHECK = "cablelint check --baseline cablelint-baseline.json cables/"
BASELINE_UPDATE = "cablelint baseline update cablelint-baseline.json cables/"


def test_every_readme_command_is_exercised_here():
    assert sorted(set(readme_commands())) == sorted({SARIF, GITHUB, GITLAB, BASELINE_WRITE, BASELINE_CHECK,
                                                     BASELINE_UPDATE})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "cables").mkdir()
    for name in ("clean.txt", "faulty.txt"):
        shutil.copy(CABLES / name, tmp_path / "cables" / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    return tmp_path


def run(command: str, **kwargs):
    argv = shlex.split(command)
    assert argv[0] == "cablelint"
    return invoke(argv[1:], **kwargs)


def test_github_sarif_job(test_rules, repo):
    jsonschema = pytest.importorskip("jsonschema")
    workflow = blocks("## GitHub Actions", "yaml")[0]
    assert f"run: {SARIF}" in workflow and "sarif_file: cablelint.sarif" in workflow
    result = run(SARIF)
    assert result.exit_code == 0  # --exit-zero: code scanning decides, the upload step runs
    log = json.loads((repo / "cablelint.sarif").read_text())
    jsonschema.Draft7Validator(json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())).validate(log)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"cables/clean.txt", "cables/faulty.txt"}


def test_github_annotations_job(test_rules, repo):
    assert f"run: {GITHUB}" in blocks("## GitHub Actions", "yaml")[0]
    result = run(GITHUB)
    assert result.exit_code == 1  # the job fails on errors
    assert "::error file=cables/faulty.txt,line=11,endLine=11,col=4,endColumn=7,title=TST001::" in result.stdout
    assert all(line.startswith("::") for line in result.stdout.splitlines())


def test_gitlab_code_quality_job(test_rules, repo):
    job = blocks("## GitLab CI", "yaml")[0]
    assert f"- {GITLAB}" in job and "codequality: gl-code-quality-report.json" in job
    result = run(GITLAB)
    assert result.exit_code == 1 and result.stdout == ""
    issues = json.loads((repo / "gl-code-quality-report.json").read_text())
    assert {(i["check_name"], i["location"]["path"]) for i in issues} == {
        ("TST001", "cables/faulty.txt"), ("TST002", "cables/faulty.txt"), ("TST002", "cables/clean.txt")}


def test_baseline_commands(test_rules, repo):
    assert [BASELINE_WRITE, BASELINE_CHECK] == blocks("## Baseline", "sh")[0].strip().splitlines()
    assert run(BASELINE_CHECK.replace("--baseline cablelint-baseline.json ", "")).exit_code == 1
    assert run(BASELINE_WRITE).exit_code == 0
    result = run(BASELINE_CHECK)
    assert result.exit_code == 0 and result.stdout == ""
    assert "hidden by the baseline" in result.stderr
    assert blocks("## Baseline", "sh")[1].strip() == BASELINE_UPDATE
    faulty = repo / "cables" / "faulty.txt"
    faulty.write_text(faulty.read_text().replace("1. (S)", "1. (C)"))
    assert "stale" in run(BASELINE_CHECK).stderr
    assert run(BASELINE_UPDATE).exit_code == 0
    assert "stale" not in run(BASELINE_CHECK).stderr


def toml_blocks() -> list[str]:
    """The TOML blocks that are cablelint configuration (not an editor's, e.g. Helix's languages.toml)."""
    return [b for lg, b in re.findall(r"```(\w*)\n(.*?)```", README.read_text(), re.S)
            if lg == "toml" and "[[language]]" not in b and "[language-server" not in b]


def test_readme_configuration_example_is_accepted(tmp_path):
    """With the real rules (no stand-ins for codes that do not exist)."""
    from validator.config import Resolver
    from validator.engine import registry

    example = blocks("## Configuration", "toml")[0]
    put(tmp_path / "pyproject.toml", example)
    settings = Resolver(cwd=str(tmp_path)).for_directory(str(tmp_path))
    assert settings.select == ("POR", "CAP") and settings.declass_horizon_days == 3650
    assert settings.severity == {"CAP008": registry.Severity.INFO}
    assert settings.extend_select == ("EO007",)


@pytest.mark.parametrize("number", range(len(toml_blocks())))
def test_every_readme_toml_block_runs_through_the_cli(tmp_path, monkeypatch, number):
    from conftest import SEED

    block = toml_blocks()[number]
    name = "pyproject.toml" if "[tool.cablelint" in block else "cablelint.toml"
    put(tmp_path / name, block)
    (tmp_path / "seed.txt").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = invoke(["check", "seed.txt"])
    assert result.exit_code in (0, 1), result.stderr
    assert "Checked 1 file" in result.stderr

"""The real pre-commit framework runs the hook from this checkout on a temporary git repository.

``pre-commit try-repo`` clones this checkout (HEAD plus uncommitted changes), builds the
hook's virtualenv with pip (PyPI must be reachable) and runs ``.pre-commit-hooks.yaml``.
Needs rule POR003 (written on another branch): skipped until it is registered.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from lint_helpers import CABLES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _por003_registered() -> bool:
    from validator.engine import get_rule

    return get_rule("POR003") is not None


pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def test_hook_definition_matches_the_issue():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for line in ("- id: cablelint", "entry: cablelint check --force-exclude", "language: python",
                 "types: [text]", "require_serial: true"):
        assert line in text


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if not _por003_registered():
        pytest.skip("rule POR003 is not registered on this branch yet")
    pytest.importorskip("pre_commit")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    clean.update({
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.com",
        "NO_COLOR": "1",
    })
    return clean


@pytest.fixture
def cable_repo(tmp_path, env):
    repo = tmp_path / "cables"
    repo.mkdir()
    shutil.copy(CABLES / "clean.txt", repo / "good.txt")
    shutil.copy(CABLES / "faulty.txt", repo / "bad.txt")
    (repo / "notes.md").write_text("# Notes\n\n1. (S) this is not a cable and must not be checked\n")
    subprocess.run(["git", "init", "-q", "."], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    return repo


def run(args, cwd, env):
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr


def test_try_repo_passes_on_a_correct_cable_and_fails_on_a_faulty_one(cable_repo, env):
    base = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cablelint", "--files"]
    code, out = run(base + ["good.txt"], cable_repo, env)
    assert code == 0, out
    assert re.search(r"cablelint\.+Passed", out), out
    code, out = run(base + ["bad.txt", "notes.md"], cable_repo, env)
    assert code == 1, out
    assert re.search(r"cablelint\.+Failed", out), out
    assert "bad.txt:11:4: POR003" in out
    assert "notes.md" not in out.split("Failed", 1)[1]  # not a *.txt file: skipped by --force-exclude


def readme_block(after_heading: str, lang: str) -> str:
    text = README.read_text()
    section = text.split(after_heading, 1)[1]
    return section.split(f"```{lang}\n", 1)[1].split("```", 1)[0]


def readme_revs() -> set[str]:
    """Every git revision the README's snippets name (pre-commit ``rev:``, pip ``git+URL@rev``)."""
    text = README.read_text()
    return set(re.findall(r"^\s*rev: (\S+)", text, re.M)) | set(re.findall(r"git\+https://\S+?@([\w.\-/]+)", text))


def resolves(rev: str) -> bool:
    for ref in (rev, f"refs/remotes/origin/{rev}"):
        proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=ROOT,
                              capture_output=True, text=True)
        if proc.returncode == 0:
            return True
    return False


def test_every_revision_named_in_the_readme_exists():
    if subprocess.run(["git", "rev-parse", "--git-dir"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    revs = readme_revs()
    assert revs, "the README names no revision"
    assert {rev for rev in revs if not resolves(rev)} == set()


@pytest.mark.parametrize("at_readme_rev", [False, True], ids=["checkout", "readme-rev"])
def test_try_repo_on_the_seed(tmp_path, env, at_readme_rev):
    """`pre-commit try-repo <this repository> cablelint --files <seed>`: on this checkout, and at the
    revision the README's pre-commit snippet pins."""
    ref = []
    if at_readme_rev:
        rev = re.search(r"rev: (\S+)", readme_block("## pre-commit", "yaml")).group(1)
        if subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{rev}"], cwd=ROOT,
                          capture_output=True).returncode != 0:
            pytest.skip(f"this checkout has no local branch {rev!r}")
        ref = ["--ref", rev]
    shutil.copy(SEED, tmp_path / "seed.txt")
    subprocess.run(["git", "init", "-q", "."], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True, env=env)
    code, out = run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "cablelint", *ref, "--files",
                     "seed.txt"], tmp_path, env)
    assert code == 0, out
    assert re.search(r"cablelint\.+Passed", out), out


def test_readme_pre_commit_config_runs_on_all_files(cable_repo, env):
    config = readme_block("## pre-commit", "yaml")
    assert "id: cablelint" in config
    rev = re.search(r"rev: (\S+)", config).group(1)
    if not subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{rev}"], cwd=ROOT,
                          capture_output=True).returncode == 0:
        pytest.skip(f"this checkout has no local branch {rev!r} for pre-commit to fetch")
    # The snippet as written (rev included), pointed at this checkout instead of the published repository.
    config = re.sub(r"repo: \S+", f"repo: {ROOT}", config)
    (cable_repo / ".pre-commit-config.yaml").write_text(config)
    subprocess.run(["git", "add", "."], cwd=cable_repo, check=True, env=env)
    command = readme_block("## pre-commit", "sh").strip()
    assert command == "pre-commit run --all-files"
    code, out = run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cable_repo, env)
    assert code == 1, out
    assert "bad.txt:11:4: POR003" in out and "good.txt" not in out and "notes.md" not in out

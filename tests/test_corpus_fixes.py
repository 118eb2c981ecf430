"""``check --fix --unsafe-fixes`` on a copy of the shared real corpus (skipped when ../shared is absent).

Fixing is idempotent (a second run changes no byte), introduces no finding that was not there
before (compared by code and the text of the line it points at, mapped back through the
fix), and never lowers a banner. Runs the CLI with two workers (~35 s for ~3,600 cables).
"""

from __future__ import annotations

import collections
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

from validator.builder import build
from validator.source import Source

ARGS = ["check", "--isolated", "--as-of", "2026-01-01", "--jobs", "2", "--exit-zero"]


def cablelint(*args):
    # not from the source tree: "-m validator" there would import the uninstalled package (no grammar)
    proc = subprocess.run([sys.executable, "-m", "validator", *ARGS, *args], capture_output=True, text=True,
                          cwd=tempfile.gettempdir(), timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "INT00" not in proc.stdout, proc.stdout[:2000]
    return proc


def physical(data: bytes) -> list[str]:
    return Source.from_bytes(data).physical


def line_map(before: list[str], after: list[str]) -> dict[int, int]:
    """0-based line of the fixed file -> its line before the fix (inserted lines have none)."""
    mapping = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            mapping.update({j1 + k: i1 + k for k in range(j2 - j1)})
    return mapping


def old_line_text(before: list[str], after: list[str], mapping: dict[int, int], line: int) -> str:
    """The text a line of the fixed file had before the fix (its own text for an inserted line)."""
    index = line - 1
    if index in mapping:
        return before[mapping[index]]
    return after[index] if 0 <= index < len(after) else ""


def test_fix_corpus_is_idempotent_and_adds_no_finding(corpus, tmp_path, capsys):
    directory, manifest = corpus
    work = tmp_path / "corpus"
    work.mkdir()
    for entry in manifest:
        shutil.copyfile(directory / entry["file"], work / entry["file"])
    original = {p.name: p.read_bytes() for p in work.iterdir()}

    before = json.loads(cablelint("--output-format", "json", str(work)).stdout)
    proc = cablelint("--fix", "--unsafe-fixes", "--output-format", "json", str(work))
    after = json.loads(proc.stdout)
    fixed = {p.name: p.read_bytes() for p in work.iterdir()}
    changed = [name for name in original if fixed[name] != original[name]]

    again = cablelint("--fix", "--unsafe-fixes", "--output-format", "concise", str(work))
    assert "Fixed" not in again.stderr
    assert {p.name: p.read_bytes() for p in work.iterdir()} == fixed, "a second --fix changed files"

    seen = collections.defaultdict(set)
    lines_of = {}
    for d in before:
        name = os.path.basename(d["path"])
        lines = lines_of.get(name) or lines_of.setdefault(name, physical(original[name]))
        seen[name].add((d["code"], lines[d["line"] - 1] if 0 < d["line"] <= len(lines) else ""))
    new = []
    maps = {}
    for d in after:
        name = os.path.basename(d["path"])
        if name not in maps:
            old = lines_of.get(name) or physical(original[name])
            fresh = physical(fixed[name])
            maps[name] = (old, fresh, line_map(old, fresh))
        text = old_line_text(*maps[name], d["line"])
        if (d["code"], text) not in seen[name]:
            new.append((name, d["code"], d["line"], d["message"]))
    assert not new, new[:20]

    lowered = []
    for name in changed:
        old, fresh = build(Source.from_bytes(original[name]), name), build(Source.from_bytes(fixed[name]), name)
        if old.banner is not None and (fresh.banner is None or fresh.banner.level.rank < old.banner.level.rank):
            lowered.append(name)
    assert not lowered

    summary = [line for line in proc.stderr.splitlines() if line.startswith("Fixed")]
    with capsys.disabled():
        print(f"\n  corpus fixes: {len(changed)} of {len(original)} files changed; {summary}; "
              f"findings {len(before)} -> {len(after)}")
    assert changed and summary

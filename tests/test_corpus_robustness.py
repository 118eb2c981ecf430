"""Never crash, never modify: the full check pipeline over the real corpus (skipped when
../shared is absent) and a run that must leave every checked file untouched."""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import sys

from cablegen import write_corpus
from conftest import SEED
from validator.checker import check_path
from validator.engine.registry import all_rules
from validator.engine.runner import select_rules


def test_zero_crashes_over_the_real_corpus(corpus):
    directory, _manifest = corpus
    rules = select_rules(select=[cls.code for cls in all_rules()])  # also rules off by default
    files = sorted(str(p) for p in directory.glob("*.txt"))
    crashes, io_errors, outside = [], [], []
    per_rule = collections.Counter()
    for path in files:
        result = check_path(path, rules)
        if result.error:
            io_errors.append(result.error)
            continue
        count = max(len(result.lines or ()), 1)
        for d in result.diagnostics:
            per_rule[f"{d.code} {d.severity}"] += 1
            if d.code.startswith("INT"):
                crashes.append(f"{os.path.basename(path)}: {d.message}")
            if not (1 <= d.span.line <= count and 1 <= d.span.end_line <= count and d.span.column >= 1):
                outside.append(f"{os.path.basename(path)}: {d.code} at {d.span}")
    print(f"\nreal corpus: {len(files)} files, {len(crashes)} crashes, {len(io_errors)} I/O errors")
    for key, value in sorted(per_rule.items()):
        print(f"  {key}: {value}")
    assert len(files) > 1000
    assert not crashes, crashes[:10]
    assert not io_errors, io_errors[:10]
    assert not outside, outside[:10]


def _snapshot(paths):
    return {p: (os.stat(p).st_mtime_ns, os.stat(p).st_mode, open(p, "rb").read()) for p in paths}


def test_checking_never_modifies_a_checked_file(tmp_path):
    cables = tmp_path / "cables"
    paths = write_corpus(cables, 20, seed=5)
    shutil.copy(SEED, cables / "seed.txt")
    for name, data in {"crlf.txt": b"UNCLAS STATE 000123\r\n\r\n1. (U) x\r\n", "bom.txt": b"\xef\xbb\xbfUNCLAS X 1\n",
                       "cp1252.txt": b"UNCLAS X 000001\n\n\xb61. (C) caf\xe9\n", "empty.txt": b"",
                       "binary.txt": b"\x00\x01\x02" * 50}.items():
        (cables / name).write_bytes(data)
    paths = sorted(str(p) for p in cables.iterdir())
    os.utime(paths[0], ns=(1_000_000_000, 1_000_000_000))  # an old mtime must stay old
    before = _snapshot(paths)
    runs = [
        ["check", str(cables)],
        ["check", "--output-format", "json", "-o", str(tmp_path / "report.json"), str(cables)],
        ["baseline", "write", str(tmp_path / "baseline.json"), str(cables)],
        ["check", "--baseline", str(tmp_path / "baseline.json"), str(cables)],
        ["inspect", "--format", "json", paths[0]],
    ]
    for args in runs:
        proc = subprocess.run([sys.executable, "-m", "validator", *args], capture_output=True, text=True,
                              timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path)
        assert "Traceback" not in proc.stderr, (args, proc.stderr[-2000:])
        assert proc.returncode in (0, 1), (args, proc.returncode, proc.stderr[-500:])
    assert _snapshot(paths) == before
    assert sorted(str(p) for p in cables.iterdir()) == paths  # and nothing was added beside them

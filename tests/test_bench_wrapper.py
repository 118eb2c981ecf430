"""benchmarks/bench.py times the command line through a small wrapper run with ``python -c``; from a
source checkout the working directory would shadow the installed package (the package without its
grammar: every file INT002, and a meaningless speed). The wrapper must import the installed one."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from conftest import ROOT, SEED


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_timing_wrapper_ignores_a_package_in_the_working_directory(tmp_path):
    shadow = tmp_path / "validator"
    shadow.mkdir()
    (shadow / "__init__.py").write_text("raise ImportError('the working directory was imported')\n")
    proc = subprocess.run([sys.executable, "-c", _bench()._RSS_WRAPPER, "check", "--no-cache", "--exit-zero",
                           str(SEED)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "working directory was imported" not in proc.stderr + proc.stdout
    assert "BENCH-RSS" in proc.stderr and "INT002" not in proc.stdout


def test_the_breakdown_runs_on_the_installed_engine(tmp_path):
    """benchmarks/breakdown.py times the stages, the rules, each terminal's regex matches (on a runtime
    of its own, with the driver's internals) and the cost of a line: on a few synthetic cables it
    runs, and the line-classification section is there (not skipped because the internals moved)."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "breakdown.py"), "--synthetic", "30",
                           "--repeat", "1", "--top", "3"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for heading in ("where a check's time goes", "rules: the costliest 3", "line classification",
                    "a body line, mixed case", "a body line, capitals", "-line cable: model"):
        assert heading in out, out
    assert "not available" not in out
    para = next(line for line in out.splitlines() if line.strip().startswith("PARA_LINE"))
    assert float(para.split()[3]) > 0  # paragraph lines were classified through the recorder

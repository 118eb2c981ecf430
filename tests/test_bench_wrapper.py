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

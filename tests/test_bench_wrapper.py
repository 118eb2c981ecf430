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
    for heading in ("where a check's time goes", "rules: the costliest 3", "the header zone alone (",
                    "line classification",
                    "a body line, mixed case", "a body line, capitals", "-line cable: model"):
        assert heading in out, out
    assert "not available" not in out
    para = next(line for line in out.splitlines() if line.strip().startswith("PARA_LINE"))
    assert float(para.split()[3]) > 0  # paragraph lines were classified through the recorder


def _compiled():
    spec = importlib.util.spec_from_file_location("compiled", ROOT / "benchmarks" / "compiled.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _synthetic_list(tmp_path, count=6):
    import cablegen

    paths = cablegen.write_corpus(tmp_path / "cables", count)
    file_list = tmp_path / "files.txt"
    file_list.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return paths, file_list


def test_compiled_says_what_it_needs_without_cython(tmp_path):
    """benchmarks/compiled.py compiles with Cython, which cablelint does not depend on: without it,
    one line says so and nothing is measured."""
    if importlib.util.find_spec("Cython") is not None:
        import pytest

        pytest.skip("Cython is installed here")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "compiled.py"), "--synthetic", "3"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip() == ("compiled: Cython is not installed in this Python (pip install cython): "
                                   "nothing measured")


def test_compiled_names_modules_that_exist():
    """Each module pattern of compiled.py names files of the package (a renamed module would drop out
    of the measurement without a word)."""
    compiled = _compiled()
    for pattern in compiled.CORE + compiled.RULES:
        assert compiled.modules_of(ROOT, [pattern]), pattern


def test_compiled_times_and_compares_two_copies_of_the_package(tmp_path, capsys):
    """The measurement without the compiler: two copies laid out as an install (the grammar inside the
    package), each timed in a process of its own that imports that copy; equal copies give the same
    digest for every file and the report says so; a copy that reads one cable differently is named."""
    compiled = _compiled()
    paths, file_list = _synthetic_list(tmp_path)
    first = compiled.copy_package(tmp_path / "first")
    second = compiled.copy_package(tmp_path / "second")
    assert (first / "validator" / "grammar" / "cable.lark").is_file()
    result = compiled._run_worker(first, file_list, compiled.DIGESTS)
    assert set(result["stages"]) == set(compiled.STAGES) and all(s > 0 for s in result["stages"].values())
    assert set(result["digests"]) == set(paths) and result["crashed"] is None
    assert result["compiled_modules"] == 0
    assert "digests" not in compiled._run_worker(first, file_list, compiled.TIMINGS)  # the last turn digests
    assert compiled.report(first, second, file_list, 2) == 0
    out = capsys.readouterr().out
    assert f"same findings, lines and model facts on all {len(paths)} files" in out
    assert all(f"\n{stage} " in out for stage in compiled.STAGES)
    # the second copy reads one cable differently (a paragraph more): that file, and only it, is named
    _patch_check(second, f"if path == {paths[2]!r}:\n        data += b'\\n9. (S) ADDED.\\n'\n")
    assert compiled.report(first, second, file_list, 1) == 1
    assert f"other findings, lines or model facts on 1 of all {len(paths)} files, e.g. {paths[2]}" \
        in capsys.readouterr().out


def _patch_check(copy, lines: str) -> None:
    """Put ``lines`` (indented, newline-terminated) at the start of ``check_bytes`` of a copy."""
    checker = copy / "validator" / "checker.py"
    text = checker.read_text(encoding="utf-8")
    anchor = "    if len(data) > MAX_BYTES:\n"
    assert text.count(anchor) == 1
    checker.write_text(text.replace(anchor, "    " + lines + anchor), encoding="utf-8")


def _segfault_on(copy, path: str, condition: str) -> None:
    _patch_check(copy, f"if {condition} and path == {path!r}:\n"
                       "        import os, signal\n        os.kill(os.getpid(), signal.SIGSEGV)\n")


def test_compiled_names_the_file_a_copy_crashed_on(tmp_path, capsys):
    """A compiled module can crash the interpreter (a Cython build of this package did, on a 29-byte
    REF fragment): the report names the copy and the file it was reading when the process died, in
    the digest pass (the timings are kept) and in the first check of every file, before the timings."""
    import signal

    compiled = _compiled()
    paths, file_list = _synthetic_list(tmp_path)
    pure = compiled.copy_package(tmp_path / "pure")
    late = compiled.copy_package(tmp_path / "late")
    _segfault_on(late, paths[3], "facts == 'model'")
    result = compiled._run_worker(late, file_list, compiled.DIGESTS)
    assert result["crashed"] == (f"signal {int(signal.SIGSEGV)}",
                                 f"reading the findings and model facts (as `inspect` reads them) of {paths[3]}")
    assert set(result["stages"]) == set(compiled.STAGES)
    assert compiled.report(pure, late, file_list, 1) == 1
    out = capsys.readouterr().out
    assert "full check:" in out
    # the comparison goes on past the file the copy crashed on
    assert f"same findings, lines and model facts on the {len(paths) - 1} of {len(paths)} files both copies read" \
        in out
    assert f"the compiled copy's process ended (signal {int(signal.SIGSEGV)}) while it was reading the findings " \
           f"and model facts (as `inspect` reads them) of {paths[3]}" in out
    early = compiled.copy_package(tmp_path / "early")
    _segfault_on(early, paths[1], "facts is None")
    assert compiled.report(early, pure, file_list, 1) == 1
    out = capsys.readouterr().out
    assert "no timings of both copies" in out
    assert f"the pure copy's process ended (signal {int(signal.SIGSEGV)}) while it was checking {paths[1]}" in out
    broken = compiled.copy_package(tmp_path / "broken")
    _patch_check(broken, "raise MemoryError('patched')\n")
    how, where = compiled._run_worker(broken, file_list, compiled.TIMINGS)["crashed"]
    assert how == "exit status 1: MemoryError: patched" and where == f"checking {paths[0]}"


def test_compiled_counts_many_crashes_and_stops_going_past_them(tmp_path, capsys, monkeypatch):
    """A copy that crashes on many files: the first crashes are printed, the rest counted, and after
    MAX_CRASHES the comparison stops going past them (it compares what both copies read)."""
    compiled = _compiled()
    paths, file_list = _synthetic_list(tmp_path)
    pure = compiled.copy_package(tmp_path / "pure")
    crashing = compiled.copy_package(tmp_path / "crashing")
    _patch_check(crashing, f"if facts == 'model' and path != {paths[0]!r}:\n"
                           "        import os, signal\n        os.kill(os.getpid(), signal.SIGSEGV)\n")
    monkeypatch.setattr(compiled, "MAX_CRASHES", 4)
    assert compiled.report(pure, crashing, file_list, 1) == 1
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if line.startswith("the compiled copy's process ended")]
    assert len(shown) == compiled.CRASHES_SHOWN and paths[1] in shown[0] and paths[3] in shown[2]
    assert "and 1 more: 4 crashes of the compiled copy (at 4 the comparison stops going past them)" in out
    assert f"same findings, lines and model facts on the 1 of {len(paths)} files both copies read" in out

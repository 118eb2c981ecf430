#!/usr/bin/env python3
"""What compiling the engine as it is written would buy (not a test): the same source, compiled with
Cython, timed against itself.

Usage (from a source checkout; needs Cython and a C compiler, which cablelint itself does not):

    pip install cython
    python benchmarks/compiled.py                      # ../shared/corpus/real when present
    python benchmarks/compiled.py DIRECTORY            # every *.txt below DIRECTORY
    python benchmarks/compiled.py --synthetic 2000     # cables from tests/cablegen.py
    python benchmarks/compiled.py --modules all        # the rules and the engine package too

Issue 10 asks for 2,500 cables/s a core; ``breakdown.py`` shows a flat profile, so the question is
whether a compiled core would close the gap. This copies the package twice into a temporary
directory (``validator/`` with ``grammar/``, as the install lays them out), compiles the chosen
modules of one copy in place (a module Cython cannot compile stays Python, and is named), and
times the stages of a check (split into lines, parse, model, full check) in a fresh process per
copy, the two copies taking turns (``--repeat`` turns, the best kept), CPU time. In its last turn
each copy also digests what it gives for every file (the findings, lines and cable facts of a
plain check, and the findings and model facts that ``inspect`` reads), and the digests are
compared: a compiled copy that reads a cable differently would be no answer. A copy that crashes
(compiled code can) is reported with the file it was reading.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_BENCH = importlib.util.spec_from_file_location("_cablelint_bench", Path(__file__).with_name("bench.py"))
bench = importlib.util.module_from_spec(_BENCH)  # the corpus default and the synthetic corpus
_BENCH.loader.exec_module(bench)

ROOT = bench.ROOT
# The modules every check runs through, file by file (the per-line work: split, parse, model).
CORE = ("source.py", "parser.py", "builder.py", "model.py", "extraction.py", "glued.py", "integrity.py",
        "checker.py", "facts.py", "lazy_re.py", "records.py", "memo.py", "fields/*.py")
# With --modules all: the rules and the engine that runs them too.
RULES = ("engine/*.py", "rules/*.py")
STAGES = ("split", "parse", "model", "full")
COMPILE_TIMEOUT = 600  # seconds for one module (a large module takes about 30 s on one core)
WORKER_TIMEOUT = 3600  # seconds for one timing process (the shared corpus takes about 20 s)
BEFORE_FIRST = "(before the first file)"
# What a worker does: time the stages; time them and digest every file; only digest (the files after
# one a copy crashed on, so that one crash does not hide the rest of the comparison).
TIMINGS, DIGESTS, DIGESTS_ONLY = "timings", "digests", "digests-only"
DIGESTING = "reading the findings and model facts (as `inspect` reads them) of "
MAX_CRASHES = 20  # files a copy may crash on before the comparison stops going past them
CRASHES_SHOWN = 3  # crashes of a copy printed one by one (the others are counted)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    bench.add_corpus_arguments(ap)
    ap.add_argument("--modules", choices=("core", "all"), default="core",
                    help="core: split, parser, builder, model and fields (default); all: the rules too")
    ap.add_argument("--repeat", type=int, default=3, help="timing processes of each copy, in turns (best is kept)")
    ap.add_argument("--worker", nargs=4, metavar=("PACKAGE_DIR", "FILE_LIST", "OUT_DIR", "MODE"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        root, file_list, out, mode = args.worker
        worker(Path(root), Path(file_list), Path(out), mode)
        return 0
    if importlib.util.find_spec("Cython") is None:
        sys.exit("compiled: Cython is not installed in this Python (pip install cython): nothing measured")
    with tempfile.TemporaryDirectory(prefix="cablelint-compiled-") as tmp:
        tmp = Path(tmp)
        directory = bench.corpus_directory(args, tmp, "compiled")
        files = corpus_files(directory)
        if not files:
            sys.exit(f"compiled: no *.txt files below {directory}")
        file_list = tmp / "files.txt"
        file_list.write_text("\n".join(files) + "\n", encoding="utf-8")
        pure, compiled = copy_package(tmp / "pure"), copy_package(tmp / "compiled")
        patterns = CORE + (RULES if args.modules == "all" else ())
        started = time.perf_counter()
        done, failed = compile_modules(compiled, patterns)
        print(f"corpus: {directory}: {len(files)} files; Python {sys.version.split()[0]}")
        print(f"compiled {len(done)} modules with Cython in {time.perf_counter() - started:.0f} s"
              + (f"; left as Python (Cython could not compile them): {', '.join(failed)}" if failed else ""))
        if not done:
            sys.exit("compiled: no module compiled (is there a C compiler and the Python headers?)")
        return report(pure, compiled, file_list, args.repeat)


def corpus_files(directory: Path) -> list[str]:
    """Every *.txt below ``directory``, sorted, as absolute paths (the timing processes run in the
    copies' directories)."""
    return sorted(str(path.resolve()) for path in directory.rglob("*.txt") if path.is_file())


def copy_package(dest: Path) -> Path:
    """The package as an install lays it out (``grammar/`` as ``validator/grammar/``), without
    anything built or cached; returns the directory to put on ``sys.path``."""
    skip = shutil.ignore_patterns("__pycache__", "*.so", "*.c", "*.pyc")
    shutil.copytree(ROOT / "validator", dest / "validator", ignore=skip)
    shutil.copytree(ROOT / "grammar", dest / "validator" / "grammar", ignore=skip)
    return dest


def modules_of(root: Path, patterns) -> list[Path]:
    """The module files of a copy that ``patterns`` name (package __init__ files are left alone)."""
    package = root / "validator"
    return sorted({path for pattern in patterns for path in package.glob(pattern) if path.name != "__init__.py"})


def compile_modules(root: Path, patterns) -> tuple[list[str], list[str]]:
    """Compile each module matching ``patterns`` in place, one Cython run a module (a module that
    fails stays Python and does not stop the others): the modules compiled and the ones left."""
    modules = modules_of(root, patterns)

    def build(path: Path) -> bool:
        try:
            proc = subprocess.run([sys.executable, "-m", "Cython.Build.Cythonize", "-i", "-3", "-q",
                                   str(path.relative_to(root))], cwd=root, capture_output=True, text=True,
                                  timeout=COMPILE_TIMEOUT)
        except subprocess.TimeoutExpired:
            return False
        return proc.returncode == 0 and any(path.parent.glob(path.stem + ".*.so"))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(build, modules))
    names = [str(path.relative_to(root / "validator")) for path in modules]
    return ([n for n, ok in zip(names, results) if ok], [n for n, ok in zip(names, results) if not ok])


def report(pure: Path, compiled: Path, file_list: Path, repeat: int) -> int:
    """Time both copies in turns and compare their digests from the last turn (past any file a copy
    crashed on: the crash is reported, the files after it are still compared); 1 when a copy
    crashed or the two differ."""
    files = file_list.read_text(encoding="utf-8").splitlines()
    count = len(files)
    best: dict = {"pure": {}, "compiled": {}}
    digests: dict = {"pure": {}, "compiled": {}}
    crashes: dict = {"pure": [], "compiled": []}
    loaded = 0
    turns = max(repeat, 1)
    for turn in range(turns):
        for label, root in (("pure", pure), ("compiled", compiled)):  # in turns: a load hits both alike
            result = _run_worker(root, file_list, DIGESTS if turn == turns - 1 else TIMINGS)
            for stage, seconds in result.get("stages", {}).items():
                best[label][stage] = min(seconds, best[label].get(stage, seconds))
            if label == "compiled":
                loaded = max(loaded, result.get("compiled_modules", 0))
            digests[label].update(result.get("digests", {}))
            crashed = result["crashed"]
            while crashed and len(crashes[label]) < MAX_CRASHES:
                crashes[label].append(crashed)
                if not crashed[1].startswith(DIGESTING):  # before the digests: nothing to go on from
                    break
                rest = files[files.index(crashed[1][len(DIGESTING):]) + 1:]
                if not rest:
                    break
                rest_list = file_list.with_name(f"rest-{label}.txt")
                rest_list.write_text("\n".join(rest) + "\n", encoding="utf-8")
                more = _run_worker(root, rest_list, DIGESTS_ONLY)
                digests[label].update(more.get("digests", {}))
                crashed = more["crashed"]
    print(f"({loaded} modules of the compiled copy were loaded from extensions)\n")
    if all(set(best[label]) == set(STAGES) for label in best):
        print(f"{'stage (CPU us a cable)':28s} {'Python':>9s} {'compiled':>9s} {'speed-up':>9s}")
        for stage in STAGES:
            p, c = best["pure"][stage] / count * 1e6, best["compiled"][stage] / count * 1e6
            print(f"{stage:28s} {p:9.1f} {c:9.1f} {p / c:8.2f}x")
        print(f"\nfull check: {count / best['compiled']['full']:,.0f} cables/s a core compiled, "
              f"{count / best['pure']['full']:,.0f} as Python")
    else:
        print("no timings of both copies (a copy crashed before its timings were taken)")
    for label in ("pure", "compiled"):
        for how, where in crashes[label][:CRASHES_SHOWN]:
            print(f"the {label} copy's process ended ({how}) while it was {where}")
        if len(crashes[label]) > CRASHES_SHOWN:
            print(f"  and {len(crashes[label]) - CRASHES_SHOWN} more: {len(crashes[label])} crashes of the {label} copy"
                  + (f" (at {MAX_CRASHES} the comparison stops going past them)"
                     if len(crashes[label]) >= MAX_CRASHES else ""))
    both = [path for path in digests["pure"] if path in digests["compiled"]]  # all, unless a copy crashed
    differ = [path for path in both if digests["pure"][path] != digests["compiled"][path]]
    read = f"all {count} files" if len(both) == count else f"the {len(both)} of {count} files both copies read"
    if differ:
        print(f"the compiled copy gives other findings, lines or model facts on {len(differ)} of {read}, "
              f"e.g. {differ[0]}")
    elif both:
        print(f"same findings, lines and model facts on {read}")
    return 1 if crashes["pure"] or crashes["compiled"] or differ else 0


def _run_worker(root: Path, file_list: Path, mode: str) -> dict:
    """Run ``worker`` in a fresh process: its timings and digests (what it wrote), and ``crashed``:
    None, or (how it ended, what it was doing: the file it was reading)."""
    with tempfile.TemporaryDirectory(prefix="worker-", dir=root) as out:
        out = Path(out)
        env = dict(os.environ, PYTHONPATH=str(root))
        command = [sys.executable, __file__, "--worker", str(root), str(file_list), str(out), mode]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root,
                                  timeout=WORKER_TIMEOUT)
            code, stderr = proc.returncode, proc.stderr
        except subprocess.TimeoutExpired:
            code, stderr = None, ""
        result: dict = {"crashed": None}
        if (out / "stages.json").exists():
            result.update(json.loads((out / "stages.json").read_text(encoding="utf-8")))
        if (out / "digests.jsonl").exists():
            lines = (out / "digests.jsonl").read_text(encoding="utf-8").splitlines()
            result["digests"] = dict(json.loads(line) for line in lines if line.endswith("]"))
        if code != 0:
            if code is None:
                how = f"timed out after {WORKER_TIMEOUT} s"
            elif code < 0:
                how = f"signal {-code}"
            else:
                last = stderr.strip().splitlines()[-1:]
                how = f"exit status {code}" + (f": {last[0]}" if last else "")
            progress = out / "progress"
            where = progress.read_text(encoding="utf-8") if progress.exists() else BEFORE_FIRST
            result["crashed"] = (how, where or BEFORE_FIRST)
        return result


class _Progress:
    """What the worker is doing, in a file the parent reads if the worker dies (a compiled module can
    take the interpreter down with it)."""

    def __init__(self, path: Path):
        self.handle = open(path, "w", encoding="utf-8")

    def say(self, text: str) -> None:
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(text)
        self.handle.flush()


def worker(root: Path, file_list: Path, out: Path, mode: str) -> None:
    """In a fresh process with ``root`` first on sys.path: the best CPU seconds of each stage over the
    files (best of two) to ``stages.json`` unless ``mode`` is DIGESTS_ONLY, and unless it is TIMINGS a
    digest per file to ``digests.jsonl``; what it is doing goes to ``progress`` first (the file being
    read, outside the timed loops)."""
    progress = _Progress(out / "progress")
    progress.say("loading the package")
    sys.path.insert(0, str(root))
    from validator.checker import check_bytes
    from validator.engine.runner import select_rules

    import validator

    if not Path(validator.__file__).resolve().is_relative_to(root.resolve()):
        raise SystemExit(f"the package came from {validator.__file__}, not from {root}")
    files = [line for line in file_list.read_text(encoding="utf-8").splitlines() if line]
    datas = [(path, Path(path).read_bytes()) for path in files]
    rules = select_rules()
    if mode != DIGESTS_ONLY:
        _time_stages(datas, rules, progress, out)
    if mode == TIMINGS:
        return
    with open(out / "digests.jsonl", "w", encoding="utf-8") as found:  # a line a file: kept up to a crash
        for path, data in datas:
            progress.say(DIGESTING + path)
            plain = check_bytes(path, data, rules)
            model_facts = check_bytes(path, data, rules, facts="model")
            seen = (plain.diagnostics, plain.lines, plain.cable, plain.error,
                    model_facts.diagnostics, model_facts.facts, model_facts.error)
            digest = hashlib.sha256(repr(seen).encode("utf-8", "backslashreplace")).hexdigest()
            found.write(json.dumps([path, digest]) + "\n")
            found.flush()


def _time_stages(datas, rules, progress: _Progress, out: Path) -> None:
    """Check every file once (the warm-up: tables loaded, regexes compiled), then time the stages."""
    import gc

    from validator import parser
    from validator.builder import build
    from validator.checker import check_bytes
    from validator.source import Source

    for path, data in datas:  # warm-up (tables loaded, regexes compiled), file by file
        progress.say(f"checking {path}")
        check_bytes(path, data, rules)
    texts = [Source.from_bytes(data).parse_text() for _, data in datas]
    gc.freeze()

    def split():
        for _, data in datas:
            Source.from_bytes(data)

    def parse():
        for text in texts:
            parser.parse_items(text)

    def model():
        for path, data in datas:
            build(Source.from_bytes(data), path)

    def full():
        for path, data in datas:
            check_bytes(path, data, rules)

    stages = {}
    for name, run in zip(STAGES, (split, parse, model, full)):
        progress.say(f"timing the {name} stage (every file was checked once before)")
        best = float("inf")
        for _ in range(2):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        stages[name] = best
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    compiled = sum(1 for name, module in list(sys.modules.items())
                   if name.startswith("validator") and str(getattr(module, "__file__", "")).endswith(suffixes))
    (out / "stages.json").write_text(json.dumps({"stages": stages, "compiled_modules": compiled}), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())

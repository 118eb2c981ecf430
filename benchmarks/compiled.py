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
copy, the two copies taking turns, CPU time, best of ``--repeat``. Then it checks that both copies
give the same findings and the same model facts on every file: a compiled copy that reads a cable
differently would be no answer.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus default and the synthetic corpus)

ROOT = bench.ROOT
# The modules every check runs through, file by file (the per-line work: split, parse, model).
CORE = ("source.py", "parser.py", "builder.py", "model.py", "extraction.py", "glued.py", "integrity.py",
        "checker.py", "facts.py", "lazy_re.py", "records.py", "memo.py", "fields/*.py")
# With --modules all: the rules and the engine that runs them too.
RULES = ("engine/*.py", "rules/*.py")
STAGES = ("split", "parse", "model", "full")
COMPILE_TIMEOUT = 600  # seconds for one module (a large module takes about 30 s on one core)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", nargs="?", help="corpus directory (default: ../shared/corpus/real)")
    ap.add_argument("--synthetic", type=int, metavar="N", help="N cables from tests/cablegen.py instead")
    ap.add_argument("--modules", choices=("core", "all"), default="core",
                    help="core: split, parser, builder, model and fields (default); all: the rules too")
    ap.add_argument("--repeat", type=int, default=3, help="turns of each copy (best is kept)")
    ap.add_argument("--worker", nargs=3, metavar=("PACKAGE_DIR", "FILE_LIST", "OUT_DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(*(Path(arg) for arg in args.worker))
        return 0
    if importlib.util.find_spec("Cython") is None:
        sys.exit("compiled: Cython is not installed in this Python (pip install cython): nothing measured")
    with tempfile.TemporaryDirectory(prefix="cablelint-compiled-") as tmp:
        tmp = Path(tmp)
        if args.synthetic:
            directory = bench._synthetic(tmp, args.synthetic, 0)
        else:
            directory = Path(args.directory) if args.directory else bench.REAL_CORPUS
            if not directory.is_dir():
                sys.exit(f"compiled: corpus directory {directory} not found; pass a directory or --synthetic N")
        files = sorted(str(p) for p in directory.rglob("*.txt"))
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


def copy_package(dest: Path) -> Path:
    """The package as an install lays it out (``grammar/`` as ``validator/grammar/``), without
    anything built or cached; returns the directory to put on ``sys.path``."""
    skip = shutil.ignore_patterns("__pycache__", "*.so", "*.c", "*.pyc")
    shutil.copytree(ROOT / "validator", dest / "validator", ignore=skip)
    shutil.copytree(ROOT / "grammar", dest / "validator" / "grammar", ignore=skip)
    return dest


def compile_modules(root: Path, patterns) -> tuple[list[str], list[str]]:
    """Compile each module matching ``patterns`` in place, one Cython run a module (a module that
    fails stays Python and does not stop the others): the modules compiled and the ones left."""
    package = root / "validator"
    modules = sorted({path for pattern in patterns for path in package.glob(pattern)
                      if path.name != "__init__.py"})

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
    names = [str(path.relative_to(package)) for path in modules]
    return ([n for n, ok in zip(names, results) if ok], [n for n, ok in zip(names, results) if not ok])


def report(pure: Path, compiled: Path, file_list: Path, repeat: int) -> int:
    best: dict = {"pure": {}, "compiled": {}}
    results: dict = {}
    for _ in range(max(repeat, 1)):
        for label, root in (("pure", pure), ("compiled", compiled)):  # in turns: a load hits both alike
            results[label] = result = _run_worker(root, file_list)
            for stage, seconds in result["stages"].items():
                best[label][stage] = min(seconds, best[label].get(stage, seconds))
    count = len(file_list.read_text(encoding="utf-8").split())
    print(f"({results['compiled']['compiled_modules']} modules of the compiled copy were loaded from extensions)\n")
    print(f"{'stage (CPU us a cable)':28s} {'Python':>9s} {'compiled':>9s} {'speed-up':>9s}")
    for stage in STAGES:
        p, c = best["pure"][stage] / count * 1e6, best["compiled"][stage] / count * 1e6
        print(f"{stage:28s} {p:9.1f} {c:9.1f} {p / c:8.2f}x")
    print(f"\nfull check: {count / best['compiled']['full']:,.0f} cables/s a core compiled, "
          f"{count / best['pure']['full']:,.0f} as Python")
    for label in ("pure", "compiled"):
        if results[label]["crashed"]:
            print(f"the {label} copy's process ended ({results[label]['crashed']}) while it read the findings and "
                  f"the model facts (as `inspect` reads them) of {results[label]['at']}")
            return 1
    pure_digests, compiled_digests = results["pure"]["digests"], results["compiled"]["digests"]
    differ = [path for path, digest in pure_digests.items() if compiled_digests.get(path) != digest]
    if differ:
        print(f"the compiled copy gives other findings or model facts on {len(differ)} of {count} files, "
              f"e.g. {differ[0]}")
        return 1
    print(f"same findings and model facts on all {count} files")
    return 0


def _run_worker(root: Path, file_list: Path) -> dict:
    """Run ``worker`` in a fresh process; its timings, and its digests or where it crashed."""
    with tempfile.TemporaryDirectory(prefix="worker-", dir=root) as out:
        out = Path(out)
        env = dict(os.environ, PYTHONPATH=str(root))
        proc = subprocess.run([sys.executable, __file__, "--worker", str(root), str(file_list), str(out)],
                              capture_output=True, text=True, env=env, cwd=root)
        if not (out / "stages.json").exists():
            last = proc.stderr.strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
            sys.exit(f"compiled: the timing process failed: {last[0]}")
        result = json.loads((out / "stages.json").read_text(encoding="utf-8"))
        result["crashed"] = result["at"] = None
        if proc.returncode == 0:
            result["digests"] = json.loads((out / "digests.json").read_text(encoding="utf-8"))
        else:  # a signal (-11: a segmentation fault) or an exception in the digest pass
            result["crashed"] = (f"signal {-proc.returncode}" if proc.returncode < 0
                                 else f"exit status {proc.returncode}")
            result["at"] = (out / "progress").read_text(encoding="utf-8")
        return result


def worker(root: Path, file_list: Path, out: Path) -> None:
    """In a fresh process with ``root`` first on sys.path: the best CPU seconds of each stage over the
    files (best of two) to ``stages.json``; then a digest per file of its findings and model facts to
    ``digests.json``, writing the path being read to ``progress`` first (where a crash happened)."""
    import gc

    sys.path.insert(0, str(root))
    from validator import parser
    from validator.builder import build
    from validator.checker import check_bytes
    from validator.engine.runner import select_rules
    from validator.source import Source

    import validator

    if not Path(validator.__file__).resolve().is_relative_to(root.resolve()):
        raise SystemExit(f"the package came from {validator.__file__}, not from {root}")
    files = [line for line in file_list.read_text(encoding="utf-8").splitlines() if line]
    datas = [(path, Path(path).read_bytes()) for path in files]
    rules = select_rules()
    texts = [Source.from_bytes(data).parse_text() for _, data in datas]
    for path, data in datas:  # warm-up: tables loaded, regexes compiled
        check_bytes(path, data, rules)
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
    digests = {}
    with open(out / "progress", "w", encoding="utf-8") as progress:
        for path, data in datas:
            progress.seek(0)
            progress.truncate()
            progress.write(path)
            progress.flush()
            result = check_bytes(path, data, rules, facts="model")
            found = repr((result.diagnostics, result.facts, result.error)).encode("utf-8", "backslashreplace")
            digests[path] = hashlib.sha256(found).hexdigest()
    (out / "digests.json").write_text(json.dumps(digests), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())

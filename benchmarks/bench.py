#!/usr/bin/env python3
"""cablelint benchmark (not a test): throughput, scaling, memory and cold start.

Usage (from the repository root, with cablelint installed in the running Python):

    python benchmarks/bench.py                    # ../shared/corpus/real when present
    python benchmarks/bench.py DIRECTORY          # every *.txt below DIRECTORY
    python benchmarks/bench.py --synthetic 10000  # cables from tests/cablegen.py

Every throughput is printed with its ratio to a one-pass regular-expression scan
over the same cables' lines, measured in the same run: that pass is the practical
ceiling for Python, and the ratio stays comparable across machines and loads.
Single-core figures use CPU time (best of ``--repeat``), so other processes on the
machine distort them little; the ``--jobs`` scaling figures are wall-clock.
The full check runs whatever rules are registered at run time.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
SEED = next((ROOT / "seeds").glob("*.txt"))
# The baseline: one regex per line, the kind of scan a grep-based checker would do.
BASELINE = re.compile(r"^[ \t]*(?:\d{1,3}[ \t]*\.[ \t]*)?\((?:TS|S|C|U|SBU)(?://?[A-Z]+)*\)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_arguments(ap)
    ap.add_argument("--seed", type=int, default=0, help="seed for --synthetic (default 0)")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions per single-core stage (best is kept)")
    ap.add_argument("--runs", type=int, default=15, help="process runs for the cold-start medians")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for scaling (default 1,2)")
    ap.add_argument("--skip-cold", action="store_true", help="skip the cold-start measurement")
    ap.add_argument("--profile", type=int, metavar="K", default=0,
                    help="also print the top K functions of a cProfile of the full check")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cablelint-bench-") as tmp:
        directory = corpus_directory(args, Path(tmp), "bench", args.seed)
        label = (f"synthetic ({args.synthetic} cables from tests/cablegen.py, seed {args.seed})" if args.synthetic
                 else str(directory))
        return run(directory, label, args)


def add_corpus_arguments(ap: argparse.ArgumentParser) -> None:
    """The corpus arguments of the benchmark scripts: a directory, or ``--synthetic N``."""
    ap.add_argument("directory", nargs="?", help="corpus directory (default: ../shared/corpus/real)")
    ap.add_argument("--synthetic", type=int, metavar="N", help="N cables from tests/cablegen.py instead")


def corpus_directory(args, tmp: Path, script: str, seed: int = 0) -> Path:
    """The corpus the arguments name: ``--synthetic N`` cables written under ``tmp``, the directory given,
    or the shared corpus; a missing directory ends ``script`` with one line."""
    if args.synthetic:
        return _synthetic(tmp, args.synthetic, seed)
    directory = Path(args.directory) if args.directory else REAL_CORPUS
    if not directory.is_dir():
        sys.exit(f"{script}: corpus directory {directory} not found; pass a directory or --synthetic N")
    return directory


def _synthetic(tmp: Path, count: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import cablegen
    except ImportError as exc:
        sys.exit(f"bench: --synthetic needs the generator tests/cablegen.py "
                 f"(write_corpus(directory, n, seed=0)); it could not be imported: {exc}")
    out = tmp / "synthetic"
    out.mkdir()
    cablegen.write_corpus(out, count, seed=seed)
    return out


def run(directory: Path, label: str, args) -> int:
    from validator.checker import check_bytes
    from validator.discovery import iter_files
    from validator.engine.runner import select_rules
    from validator.parser import _runtime, parse_items
    from validator.source import Source

    paths = list(iter_files([str(directory)]))
    if not paths:
        sys.exit(f"bench: no *.txt files under {directory}")
    datas = [Path(p).read_bytes() for p in paths]
    total_mb = sum(map(len, datas)) / 1e6
    rules = select_rules()
    _runtime()  # load (or build and cache) the parser tables outside the timings
    texts = [Source.from_bytes(d).parse_text() for d in datas]

    def regex_pass():
        match = BASELINE.match
        for data in datas:
            for line in data.decode("utf-8", "replace").split("\n"):
                match(line)

    def lalr_only():
        for text in texts:
            parse_items(text)

    def to_model():
        from validator.builder import build

        for path, data in zip(paths, datas):
            build(Source.from_bytes(data), path)

    def full_check():
        for path, data in zip(paths, datas):
            check_bytes(path, data, rules)

    import lark

    print(f"cablelint benchmark: Python {platform.python_version()}, lark {lark.__version__}, "
          f"{os.cpu_count()} cores, {len(rules)} rules registered")
    print(f"corpus: {label}: {len(paths)} files, {total_mb:.1f} MB (mean {total_mb * 1e3 / len(paths):.1f} KB)")
    print()
    print(f"{'single core (CPU time, best of %d)' % args.repeat:<40}{'cables/s':>10}{'MB/s':>8}{'vs regex':>10}")
    stages = (("regex pass over the lines (baseline)", regex_pass), ("LALR parse only (split text)", lalr_only),
              ("parse to model (decode+split+parse+build)", to_model),
              (f"full check (parse + {len(rules)} rules)", full_check))
    import gc

    gc.freeze()  # as `cablelint check` does: the corpus and modules stay out of the GC's scans
    best = [float("inf")] * len(stages)
    for _round in range(max(1, args.repeat)):  # interleaved, so a busy spell hits every stage alike
        for index, (_name, fn) in enumerate(stages):
            start = time.process_time()
            fn()
            best[index] = min(best[index], max(time.process_time() - start, 1e-9))
    for (name, _fn), seconds in zip(stages, best):
        print(f"{name:<40}{len(paths) / seconds:>10,.0f}{total_mb / seconds:>8.1f}{best[0] / seconds:>10.3f}")

    print()
    print("scaling: `cablelint check --jobs N DIR` as a process (wall clock; reads files, writes the report)")
    base_wall = None
    for jobs in [int(j) for j in args.jobs.split(",") if j.strip()]:
        wall, cpu, rss, worker = _timed_process(["check", "--no-cache", "--exit-zero", "--jobs", str(jobs), str(directory)])
        base_wall = base_wall or wall
        print(f"  --jobs {jobs:<3}{len(paths) / wall:>10,.0f} cables/s{total_mb / wall:>8.1f} MB/s"
              f"   speed-up {base_wall / wall:.2f}x   CPU {cpu:.1f} s for {wall:.1f} s wall   peak RSS {rss:.0f} MB" + (f" (largest worker {worker:.0f} MB)" if worker else ""))
    with tempfile.TemporaryDirectory(prefix="cablelint-bench-cache-") as cache:
        # the result cache as a user meets it: the first run of a directory stores every result, the
        # next one reads them back
        runs = [_timed_process(["check", "--cache-dir", cache, "--exit-zero", "--jobs", "1", str(directory)])
                for _ in range(2)]
    print("result cache: `cablelint check --jobs 1 DIR` with a new cache directory, then again")
    for label, (wall, cpu, _rss, _worker) in zip(("first run (stores)", "second run (reads)"), runs):
        print(f"  {label:<20}{len(paths) / wall:>10,.0f} cables/s   CPU {cpu:.1f} s for {wall:.1f} s wall")
    with tempfile.TemporaryDirectory(prefix="cablelint-bench-part-") as part:
        tenth = paths[: max(1, len(paths) // 10)]
        for i, path in enumerate(tenth):
            os.symlink(os.path.abspath(path), os.path.join(part, f"{i:07d}.txt"))
        rss_tenth = _timed_process(["check", "--no-cache", "--exit-zero", "--jobs", "1", part])[2]
        rss_all = _timed_process(["check", "--no-cache", "--exit-zero", "--jobs", "1", str(directory)])[2]
    print(f"memory: peak RSS of `check --jobs 1` on {len(tenth)} files {rss_tenth:.0f} MB, "
          f"on all {len(paths)} files {rss_all:.0f} MB (streaming: flat as the corpus grows)")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"         this benchmark process {own:.0f} MB (it holds the whole corpus for the single-core stages)")

    if not args.skip_cold:
        print()
        _cold_start(args.runs)
    if args.profile:
        print()
        _profile(full_check, args.profile)
    return 0


# Runs `cablelint` in-process and reports its own peak RSS at exit: ru_maxrss of a
# child would include the benchmark's memory copied at fork time.
# The wrapper imports the installed cablelint: ``python -c`` puts the working directory first on
# sys.path, and from a source checkout that is the package without its grammar (every file INT002).
_RSS_WRAPPER = """
import atexit, resource, sys
if sys.path and sys.path[0] == '':
    del sys.path[0]
def _report():
    hwm = next((l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')), '0')
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write('\\nBENCH-RSS %s %s\\n' % (hwm, kids))
atexit.register(_report)
sys.argv[0] = 'cablelint'
from validator.cli import main
main()
"""


def _timed_process(args) -> tuple[float, float, float, float]:
    """Wall s, CPU s (with workers), peak RSS MB of the main process and of the largest worker."""
    cmd = [sys.executable, "-c", _RSS_WRAPPER] + args
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = proc.stderr.read()
    _pid, _status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4
    main_kb = worker_kb = 0.0
    for line in stderr.splitlines():
        if line.startswith("BENCH-RSS "):
            main_kb, worker_kb = (float(x) for x in line.split()[1:3])
    return wall, usage.ru_utime + usage.ru_stime, main_kb / 1024, worker_kb / 1024


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("cablelint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "validator"]


def _cold_start(runs: int) -> None:
    check = _cli() + ["check", "--no-cache", str(SEED)]  # the engine, not the result cache
    env = dict(os.environ)
    note = ""
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        note = " (PYTHONDONTWRITEBYTECODE unset for these runs so imports use .pyc files, as after pip install)"
    for _ in range(2):  # warm-up: writes the parser-table cache and the .pyc files
        subprocess.run(check, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bare, bare_cpu = _median_ms([sys.executable, "-c", "pass"], env, runs)
    one, one_cpu = _median_ms(check, env, runs)
    print(f"cold start, median of {runs} process runs{note}:")
    print(f"  bare python -c pass          wall {bare:7.1f} ms   CPU {bare_cpu:7.1f} ms")
    print(f"  cablelint check <seed>       wall {one:7.1f} ms   CPU {one_cpu:7.1f} ms"
          f"   = {one / bare:.1f}x bare python wall, {one_cpu / bare_cpu:.1f}x CPU (target <= 6x)")


def _median_ms(cmd, env, runs: int) -> tuple[float, float]:
    """Median wall and median CPU (user+sys, from wait4) milliseconds of ``runs`` process runs."""
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, _status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        proc.returncode = 0
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def _profile(fn, top: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    print(f"cProfile of the full check, top {top} by own time:")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Result cache benchmark (not a test): ``cablelint check`` without the cache, cold, warm, and
warm after 1% of the files changed, on a copy of a corpus; wall and CPU time (this process's
children: cablelint and its worker processes).

Usage (from the repository root, with cablelint installed in the running Python):

    python benchmarks/cache_bench.py                      # a copy of ../shared/corpus/real
    python benchmarks/cache_bench.py DIRECTORY            # a copy of every file below DIRECTORY
    python benchmarks/cache_bench.py --synthetic 100000   # cables from tests/cablegen.py

Each stage runs ``python -m validator check --isolated --exit-zero --as-of 2026-01-01
--output-format json -o OUT --jobs J --cache-dir CACHE COPY`` (``--no-cache`` for the first
row); the JSON reports of all stages but the last are checked to be identical, and the last
one against an uncached run of the changed files.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", nargs="?", help="corpus directory (default: ../shared/corpus/real)")
    ap.add_argument("--synthetic", type=int, metavar="N", help="N cables from tests/cablegen.py instead")
    ap.add_argument("--jobs", type=int, default=2, help="--jobs of every run (default 2)")
    ap.add_argument("--changed", type=float, default=1.0, help="percent of files changed (default 1)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="cablelint-cache-bench-"))
    try:
        corpus = tmp / "corpus"
        started = time.monotonic()
        if args.synthetic:
            sys.path.insert(0, str(ROOT / "tests"))
            import cablegen

            cablegen.write_corpus(corpus, args.synthetic, seed=0)
            label = f"{args.synthetic:,} synthetic cables (tests/cablegen.py, seed 0)"
        else:
            source = Path(args.directory) if args.directory else REAL_CORPUS
            if not source.is_dir():
                sys.exit(f"cache_bench: {source} is not a directory; pass one or --synthetic N")
            shutil.copytree(source, corpus)
            label = f"copy of {source}"
        files = sorted(p for p in corpus.rglob("*.txt"))
        print(f"{label}: {len(files):,} files, prepared in {time.monotonic() - started:.0f} s", file=sys.stderr)
        return run(tmp, corpus, files, label, args)
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def check(tmp: Path, corpus: Path, jobs: int, out: Path, cache: bool) -> tuple[float, float]:
    """One run; (wall seconds, CPU seconds of cablelint and its workers)."""
    command = [sys.executable, "-m", "validator", "check", "--isolated", "--exit-zero", "--as-of", "2026-01-01",
               "--output-format", "json", "-o", str(out), "--jobs", str(jobs), "--no-progress"]
    command += ["--cache-dir", str(tmp / "cache")] if cache else ["--no-cache"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command + [str(corpus)], cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"cache_bench: cablelint failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def change(files: list[Path], percent: float) -> int:
    """Change one byte (a letter's case) in ``percent`` % of the files, chosen at random (seed 1)."""
    chosen = random.Random(1).sample(files, max(1, round(len(files) * percent / 100)))
    for path in chosen:
        data = bytearray(path.read_bytes())
        at = next((i for i in range(len(data) - 1, -1, -1) if chr(data[i]).isalpha()), None)
        if at is None:
            data += b"\n"
        else:
            data[at] ^= 0x20
        path.write_bytes(bytes(data))
    return len(chosen)


def run(tmp: Path, corpus: Path, files: list[Path], label: str, args) -> int:
    rows = []
    reference = tmp / "uncached.json"
    rows.append(("no cache (--no-cache)", *check(tmp, corpus, args.jobs, reference, cache=False)))
    rows.append(("cold (empty cache)", *check(tmp, corpus, args.jobs, tmp / "cold.json", cache=True)))
    rows.append(("warm", *check(tmp, corpus, args.jobs, tmp / "warm.json", cache=True)))
    for name in ("cold.json", "warm.json"):
        if (tmp / name).read_bytes() != reference.read_bytes():
            sys.exit(f"cache_bench: the {name} report differs from the uncached one")
    count = change(files, args.changed)
    rows.append((f"warm, {count:,} files ({args.changed:g}%) changed",
                 *check(tmp, corpus, args.jobs, tmp / "changed.json", cache=True)))
    check(tmp, corpus, args.jobs, tmp / "changed-uncached.json", cache=False)
    if (tmp / "changed.json").read_bytes() != (tmp / "changed-uncached.json").read_bytes():
        sys.exit("cache_bench: the report after the change differs from the uncached one")
    size = sum(f.stat().st_size for f in (tmp / "cache").rglob("*") if f.is_file())
    print(f"\n{label}: {len(files):,} files, --jobs {args.jobs}, {os.cpu_count()} CPUs; "
          f"cache {size / 1e6:.1f} MB")
    print(f"| {'run':<40} | {'wall s':>7} | {'CPU s':>7} | {'files/s (wall)':>14} |")
    print(f"|{'-' * 42}|{'-' * 9}|{'-' * 9}|{'-' * 16}|")
    for name, wall, cpu in rows:
        print(f"| {name:<40} | {wall:>7.2f} | {cpu:>7.2f} | {len(files) / wall:>14,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

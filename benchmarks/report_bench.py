#!/usr/bin/env python3
"""``cablelint report`` at scale (not a test): page size and generation time on synthetic cables.

Usage (from the repository root, with cablelint installed in the running Python):

    python benchmarks/report_bench.py --synthetic 100000            # every 3rd cable gets one error
    python benchmarks/report_bench.py --synthetic 20000 --jobs 4 --keep /tmp/report-bench

Cables come from tests/cablegen.py; every ``--mutate-every``-th cable gets one injected
marking error (tests/cablegen.py ``mutate``), so that the heat map, the rule table and the
capped findings list have something to show. The report runs as a separate process, as a
user would run it; its wall-clock time and the sizes of the page and the JSON are printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_archive(directory: Path, count: int, seed: int, every: int) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    import cablegen

    kinds = sorted(cablegen.MUTATIONS)
    directory.mkdir(parents=True, exist_ok=True)
    mutated = 0
    for index in range(count):
        text = cablegen.generate(index, seed)
        if every and index % every == 0:
            found = cablegen.mutate(text, kinds[(index // every) % len(kinds)])
            if found:
                text, mutated = found[0], mutated + 1
        sub = directory / f"{index // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{index:06d}_{cablegen.cable_name(index, seed)}").write_text(text, encoding="utf-8")
    return mutated


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--synthetic", type=int, default=20000, metavar="N", help="number of cables (default 20000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mutate-every", type=int, default=3, metavar="K", help="inject an error in every K-th cable")
    ap.add_argument("--jobs", default="0", help="--jobs of the report run (default 0: one per core)")
    ap.add_argument("--as-of", default="2015-01-01")
    ap.add_argument("--keep", metavar="DIR", help="write the archive and the report here (kept)")
    args = ap.parse_args(argv)

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cablelint-report-bench-"))
    archive = base / "cables"
    started = time.perf_counter()
    if not archive.is_dir():
        mutated = write_archive(archive, args.synthetic, args.seed, args.mutate_every)
        print(f"wrote {args.synthetic:,} cables ({mutated:,} with an injected error) in "
              f"{time.perf_counter() - started:.1f} s")
    page = base / "report.html"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "validator", "report", "--isolated", "--no-progress",
                             "--jobs", args.jobs, "--as-of", args.as_of, "-o", str(page), str(archive)],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    sys.stderr.write(result.stderr[-2000:])
    if result.returncode != 0:
        return result.returncode
    data = page.with_suffix(".json")
    print(f"report of {args.synthetic:,} cables (--jobs {args.jobs}, {os.cpu_count()} cores): {elapsed:.1f} s "
          f"wall-clock; page {page.stat().st_size / 1e6:.2f} MB, JSON {data.stat().st_size / 1e6:.1f} MB "
          f"({page}, {data})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

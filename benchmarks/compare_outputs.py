#!/usr/bin/env python3
"""Record or compare cablelint outputs byte for byte (a speed change must not change results).

    python benchmarks/compare_outputs.py record DIR     # write the outputs of the installed cablelint to DIR
    python benchmarks/compare_outputs.py compare DIR    # run again and compare with DIR (exit 1 on a difference)

Outputs: `check --isolated --output-format json`, `index` (JSON Lines) and `inspect --format jsonl`
over the shared corpus (../shared/corpus/real) and over 2,000 synthetic cables (tests/cablegen.py, seed 0),
with a fixed --as-of so that the day of the run does not matter.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus" / "real"
if not REAL.is_dir():
    REAL = Path("/work/shared/corpus/real")
AS_OF = "2026-12-04"
COMMANDS = {
    "check": ["check", "--isolated", "--exit-zero", "--output-format", "json", "--as-of", AS_OF],
    "index": ["index", "--isolated", "--as-of", AS_OF],
    "inspect": ["inspect", "--isolated", "--format", "jsonl"],
}


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("cablelint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "validator"]


def outputs(tmp: Path) -> dict[str, bytes]:
    sys.path.insert(0, str(ROOT / "tests"))
    import cablegen

    synth = tmp / "synthetic"
    synth.mkdir()
    cablegen.write_corpus(synth, 2000, seed=0)
    result = {}
    for corpus_name, directory in (("real", REAL), ("synthetic", synth)):
        for name, args in COMMANDS.items():
            proc = subprocess.run(_cli() + args + ["--jobs", "2", "."], cwd=directory, capture_output=True,
                                  env={**os.environ, "CABLELINT_NO_CACHE": "1"})  # no cache in the corpus
            if proc.returncode not in (0, 1):
                sys.exit(f"{name} on {corpus_name} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
            result[f"{corpus_name}-{name}"] = proc.stdout
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        sys.exit(__doc__)
    mode, directory = argv[0], Path(argv[1])
    with tempfile.TemporaryDirectory(prefix="cablelint-compare-") as tmp:
        now = outputs(Path(tmp))
    if mode == "record":
        directory.mkdir(parents=True, exist_ok=True)
        for key, data in now.items():
            (directory / key).write_bytes(data)
            print(f"{key}: {len(data):,} bytes sha256 {hashlib.sha256(data).hexdigest()[:16]}")
        return 0
    bad = 0
    for key, data in now.items():
        old = (directory / key).read_bytes()
        same = old == data
        bad += not same
        print(f"{key}: {'identical' if same else 'DIFFERENT'} ({len(data):,} bytes, "
              f"sha256 {hashlib.sha256(data).hexdigest()[:16]})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

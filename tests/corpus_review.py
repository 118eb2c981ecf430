"""The hand review of error findings on share "b" of the shared corpus (tests/data/corpus_review_b.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

REVIEW_FILE = Path(__file__).resolve().parent / "data" / "corpus_review_b.tsv"


def review_rows() -> list[dict]:
    with open(REVIEW_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def tolerated() -> set[tuple[str, str]]:
    """(file, code) pairs whose error findings were read: true problems and still-open false alarms."""
    return {(r["file"], r["code"]) for r in review_rows() if r["status"] in ("tp", "open")}

"""The hand reviews of error findings on the shared corpus (tests/data/corpus_review_{a,b}.tsv)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SHARES = ("a", "b")


def review_rows(share: str | None = None) -> list[dict]:
    """The reviewed findings of one share (both when None), each with its ``share``."""
    rows = []
    for name in ([share] if share else SHARES):
        with open(DATA / f"corpus_review_{name}.tsv", encoding="utf-8") as handle:
            lines = [line for line in handle if not line.startswith("#")]
        rows.extend(dict(row, share=name) for row in csv.DictReader(lines, delimiter="\t"))
    return rows


@lru_cache(maxsize=1)
def tolerated() -> frozenset[tuple[str, str]]:
    """(file, code) pairs whose error findings were read: true problems and still-open false alarms
    (read once: the corpus tests ask for every finding)."""
    return frozenset((r["file"], r["code"]) for r in review_rows() if r["status"] in ("tp", "open"))

"""Draw (seeded) full cables with a Classified By line for the authority/SUBJECT hand review, and
measure agreement of the extraction with tests/data/authority_subject_review.tsv.

    python scripts/authority_subject_sample.py draw     # print the drawn files with their lines
    python scripts/authority_subject_sample.py measure  # agreement per share and field (-v: misses)
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
REVIEW = ROOT / "tests" / "data" / "authority_subject_review.tsv"
SEED = 14  # issue 14
PER_SHARE = 60
_CLASSIFIED_BY = re.compile(r"classified\s+by", re.I)


def draw() -> dict[str, list[str]]:
    """share -> PER_SHARE seeded random full cables whose text has a Classified By line."""
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    out = {}
    for share in ("a", "b"):
        files = sorted(e["file"] for e in manifest if e.get("share", "a") == share and e["kind"] == "full")
        rng.shuffle(files)
        picked = [f for f in files if _CLASSIFIED_BY.search((CORPUS / f).read_text(errors="replace"))]
        out[share] = picked[:PER_SHARE]
    return out


def values(path: Path) -> dict[str, str]:
    from validator.builder import parse_file

    doc = parse_file(str(path))
    return {"classified_by": (doc.classified_by.name if doc.classified_by else None) or "",
            "subject": (doc.subject.text if doc.subject else None) or ""}


def _norm(text: str) -> str:
    return " ".join(text.split())


def review_rows() -> list[dict[str, str]]:
    with REVIEW.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def measure(verbose: bool = False) -> dict[tuple[str, str], tuple[int, int]]:
    """(share, field) -> (agreeing, total) on the review file."""
    scores: dict[tuple[str, str], list[int]] = {}
    cache: dict[str, dict[str, str]] = {}
    for row in review_rows():
        file = row["file"]
        if file not in cache:
            cache[file] = values(CORPUS / file)
        got = cache[file][row["field"]]
        ok = _norm(got) == _norm(row["true_value"])
        score = scores.setdefault((row["share"], row["field"]), [0, 0])
        score[0] += ok
        score[1] += 1
        if verbose and not ok:
            print(f"  {row['share']} {file} {row['field']}\n    got:  {got!r}\n    true: {row['true_value']!r}")
    return {k: (v[0], v[1]) for k, v in scores.items()}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    if argv[:1] == ["draw"]:
        for share, files in draw().items():
            for file in files:
                text = (CORPUS / file).read_text(errors="replace")
                got = values(CORPUS / file)
                print(f"=== {share} {file}")
                for pattern in (r"^.*SUBJ.*\n(?:.*\n){0,3}", r"^.*classified\s+by.*\n(?:.*\n){0,2}"):
                    hit = re.search(pattern, text, re.I | re.M)
                    print("  | " + (hit.group(0).rstrip("\n").replace("\n", "\n  | ") if hit else "-"))
                print(f"  got cb:   {got['classified_by']!r}\n  got subj: {got['subject']!r}")
        return 0
    for (share, field), (ok, total) in sorted(measure("-v" in argv).items()):
        print(f"share {share} {field:<14} {ok:>3}/{total:<3} = {ok / total:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""List the cables of the refs review (tests/data/refs_review.tsv): a seeded sample per share.

Per share, the full cables of the shared corpus manifest (sorted by file) whose text has a REF line
(``REF_LINE``), sampled with ``random.Random(SEED)``. Prints file names only (no cable text):

    python scripts/sample_refs_review.py [a|b] [../shared/corpus/real]
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

# A line that opens with a REF label, or a "Ref(s):" label glued anywhere (into the SUBJECT line).
REF_LINE = re.compile(r"(?im)^[ \t]*REF(?:S|TELS?|ERENCES?|\(S\))?(?![A-Z])|Ref\(s\):")
SEED = 20261204
SAMPLE_SIZE = 60


def sample(corpus: Path, share: str) -> list[str]:
    """The sorted sample of one share's full cables with a REF line."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    files = sorted(e["file"] for e in manifest if e.get("share", "a") == share and e.get("kind") == "full")
    with_ref = [f for f in files if REF_LINE.search((corpus / f).read_text(encoding="utf-8", errors="replace"))]
    return sorted(random.Random(SEED).sample(with_ref, SAMPLE_SIZE))


def main(argv: list[str]) -> int:
    share = argv[0] if argv else "a"
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
    corpus = Path(argv[1]) if len(argv) > 1 else default
    print("\n".join(sample(corpus, share)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

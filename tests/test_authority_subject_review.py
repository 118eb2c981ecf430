"""Classifier name and SUBJECT agreement with a hand-read sample (issue 14; skipped without the corpus).

tests/data/authority_subject_review.tsv holds the true classifier name (manifest ``classified_by``
convention) and SUBJECT text (``subject`` convention) of 60 seeded random share-a and 60 share-b
full cables with a Classified By line, read by hand (scripts/authority_subject_sample.py draws and
measures them). Agreement per share and field must not fall below ``FLOORS``: the level reached.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from conftest import CORPUS  # noqa: E402

# (share, field) -> agreeing rows of 60. Before issue 14's changes: a 57 / 58, b 56 / 59. b's name went
# 56 -> 57 with LOWER_CASE_LINE, a general rule written after 09HAVANA172 (share b) showed the gap.
FLOORS = {
    ("a", "classified_by"): 59,
    ("a", "subject"): 60,
    ("b", "classified_by"): 57,
    ("b", "subject"): 60,
}


@pytest.mark.skipif(not (CORPUS / "manifest.json").exists(), reason="shared corpus absent")
def test_review_agreement(capsys):
    import authority_subject_sample as sample

    scores = sample.measure()
    with capsys.disabled():
        for (share, field), (ok, total) in sorted(scores.items()):
            print(f"\n  review share {share} {field:<14} {ok}/{total}", end="")
    for key, floor in FLOORS.items():
        ok, total = scores[key]
        assert total == 60 and ok >= floor, f"{key}: {ok}/{total} fell below {floor}"

"""Extraction agreement with the manifest of the shared real corpus (skipped when absent).

The manifest gives, for fragments taken from another parser's test suite, the expected
classifier name, subject, references, TAGS and signer. Agreement per field is printed
(run ``pytest -s tests/test_corpus_extraction.py`` or ``python tests/test_corpus_extraction.py -v``
to list every disagreement, ``--full`` for the full-cable rates) and must not fall below the
floors in ``FLOORS``, which are the
levels reached when this test was written; the remaining disagreements are explained in
``EXPLAINED`` (a mistake or a correction in the expectation, or a genuinely ambiguous line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import CORPUS, assert_agreement  # noqa: E402

import pytest  # noqa: E402

FIELDS = ("classified_by", "subject", "references", "references_typed", "tags", "signed_by")

# Agreement reached (matches / cases) on share "a" (the files the extraction was tuned on) when
# this test was written; the test fails below it.
FLOORS = {
    "classified_by": 51 / 51,
    "subject": 12 / 12,
    "references": 33 / 34,  # 31/34 before the post vocabulary (issue 14) read BISHTEK and BRASILA
    "references_typed": 11 / 13,
    "tags": 13 / 14,
    "signed_by": 11 / 11,
}

# Share "b" arrived later and is validation data: nobody tuned on it. These floors are what the
# code reached on it (before any change for it: classified_by 45/48, subject 8/10 counting a missing
# SUBJECT as a disagreement, references 13/24, references_typed 4/15, tags 7/12, signed_by 8/12; after
# the general signer, TAGS and REF heuristics of issue 14, measured on share b last: references 18/24,
# references_typed 5/15, tags 11/12, signed_by 10/12; after the signer review's heuristics, designed on
# share a full cables (tests/test_corpus_signer_review.py): signed_by 12/12; after the refs-review heuristics,
# designed on share a (PAREN_YEAR, POST_YEAR_SERIAL, SEMICOLON_ITEMS, IIR_NUMBER, AND_PREVIOUS, PREVIEW_REF,
# BARE_YEAR, DATE_AFTER_SERIAL, REPEATED_ITEM_LETTER) or on the forms the issue lists (POST_COMMA_SERIAL,
# PORTION_MARK, CLASSIFICATION_WORDS): references 20/24, references_typed 8/15; one of these, 07KINGSTON393,
# comes from a vocabulary defect seen on share b: PORT-OF-SPAIN was unread; NUMBERED_ITEM and NUMBER_SIGN, general
# REF forms whose absence was seen on share b failures (so share b is not untuned for them): references
# 21/24, references_typed 9/15); they only ever go up.
FLOORS_B = {
    "classified_by": 48 / 48,
    "subject": 10 / 10,
    "references": 21 / 24,
    "references_typed": 9 / 15,
    "tags": 11 / 12,
    "signed_by": 12 / 12,
}

# file -> why our value differs from the expectation (documented, not special-cased in the code).
EXPLAINED: dict[str, str] = {
    "72TEHRAN1164__alt1.txt": "same three cables; this expectation (from a CSV sample) lists them sorted, the text "
                              "(and the expectation of 72TEHRAN1164__frag1) has TEHRAN 1091, TEHRAN 263, MOSCOW 1603",
    "00ATHENS1501__frag1.txt": "F) ADDIS 1556: we give the canonical origin ADDISABABA (ids of Embassy Addis Ababa); "
                               "the expectation keeps the abbreviation ADDIS",
    "03ANKARA6322__frag1.txt": "B) STATE 285773 is written with its letter B; the expectation gives it no letter",
    "UNATTRIBUTED__references__1.txt": "the fragment carries no date and no cable id, so SECSTATE 54183 and "
                                       "STATE 57700 have no year here; the expectation's 08 comes from the citing "
                                       "cable",
    "05OTTAWA2105__frag1.txt": "[A] State 188314, 259032: item A names two STATE cables; the expectation keeps the "
                               "first only",
    "05PARIS8123__frag1.txt": "the text reads 'Paris 7472 and 7677'; the expectation's 05PARIS7572 is a typo",
    "06MANILA3065__frag1.txt": "B. 2962 AND PREVIOUS: the expectation repeats item A's id 06MANILA2969 for item B "
                               "(we give B no id: a bare serial followed by more words is not read)",
    "09PANAMA176__frag1.txt": "the text reads 'PANAMA 00789/08'; the expectation's 08PANAMA798 swaps two digits",
    "07SAOPAULO212__frag1.txt": "the text's TAGS read 'OVIP BUSH GEORGE PREL' (no comma, no 'W.'); the expected person "
                                "tag 'BUSH, GEORGE W.' comes from another copy of the cable and cannot be read here",
}

# Hand-read reference ids of a seeded sample of full cables with a REF line (tests/data/refs_review.tsv):
# agreement (cables whose ids all agree, in order) reached per share; it only ever goes up.
# Before the refs changes of this issue: a 57/60, b 58/60; after them a 60/60, b 60/60.
REVIEW_FLOORS = {"a": 60 / 60, "b": 60 / 60}
REVIEW_FILE = Path(__file__).resolve().parent / "data" / "refs_review.tsv"

# Full cables (no per-field expectations): rates reached when this test was written.
FULL_FLOORS = {"tags": 1657, "subject": 1609, "classified_by_name": 1141, "cable_id_agrees": 1633}


def _norm(text):
    return " ".join(str(text).split()) if text is not None else None


def actual_values(doc) -> dict:
    """The values of ``doc`` in the manifest's terms."""
    cb = doc.classified_by
    return {
        "classified_by": (cb.name if cb else None),
        "subject": doc.subject.text if doc.subject else None,
        "references": [r.id for r in doc.refs if r.id],
        "references_typed": [(r.letter, r.id or _norm(r.text)) for r in doc.refs],
        "tags": list(doc.tags.tags) if doc.tags else [],
        "signed_by": doc.signature.text if doc.signature else None,
    }


def expected_value(field: str, value):
    if field in ("classified_by", "subject"):
        return value or None  # [] / "" means "none"
    if field == "references_typed":
        return [(r.get("enum"), r["value"]) for r in value]
    return value


def same(field: str, got, want) -> bool:
    if field in ("classified_by", "subject", "signed_by"):
        return _norm(got) == _norm(want)
    if field == "references_typed":
        return [(a, _norm(b)) for a, b in got] == [(a, _norm(b)) for a, b in want]
    return list(got) == list(want)


def measure(directory: Path, manifest: list[dict]) -> dict[str, list[tuple[str, object, object, bool]]]:
    """field -> [(file, got, want, agrees)] over the entries that carry the field."""
    from validator.builder import parse_file

    results: dict[str, list] = {f: [] for f in FIELDS}
    for entry in manifest:
        wanted = {f: entry["expected"][f] for f in FIELDS if f in entry.get("expected", {})}
        if not wanted:
            continue
        doc = parse_file(str(directory / entry["file"]))
        got = actual_values(doc)
        for field, raw in wanted.items():
            want = expected_value(field, raw)
            results[field].append((entry["file"], got[field], want, same(field, got[field], want)))
    return results


def summary(results) -> dict[str, tuple[int, int]]:
    return {f: (sum(r[3] for r in rows), len(rows)) for f, rows in results.items()}


@pytest.mark.parametrize("share,floors", [("a", FLOORS), ("b", FLOORS_B)])
def test_extraction_agreement(corpus, capsys, share, floors):
    directory, manifest = corpus
    results = measure(directory, [e for e in manifest if e.get("share", "a") == share])
    scores = summary(results)
    with capsys.disabled():
        print(f"\n  share {share}")
        for field, (ok, total) in scores.items():
            print(f"  {field:<17} {ok:>3}/{total:<3} = {ok / total if total else 1:.1%}")
    for field, (ok, total) in scores.items():
        assert total, f"no manifest entry carries {field}"
        assert ok / total >= floors[field], f"{field} agreement {ok}/{total} fell below {floors[field]:.1%}"


def review_rows() -> list[dict]:
    """The rows of tests/data/refs_review.tsv (share, file, ids, note)."""
    import csv

    with open(REVIEW_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def review_agreement(directory: Path, share: str) -> list[tuple[str, list, list, bool]]:
    """(file, got, want, agrees) for the reviewed cables of one share."""
    from validator.builder import parse_file

    results = []
    for row in review_rows():
        if row["share"] != share:
            continue
        got = [r.id for r in parse_file(str(directory / row["file"])).refs if r.id]
        want = row["ids"].split()
        results.append((row["file"], got, want, got == want))
    return results


@pytest.mark.parametrize("share", ["a", "b"])
def test_refs_review_agreement(corpus, capsys, share):
    directory, _ = corpus
    assert_agreement(capsys, f"refs review share {share}", review_agreement(directory, share), REVIEW_FLOORS[share])


def test_refs_review_is_the_seeded_sample(corpus):
    """tests/data/refs_review.tsv reads exactly the cables scripts/sample_refs_review.py draws."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from sample_refs_review import sample

    directory, _ = corpus
    for share in ("a", "b"):
        assert [r["file"] for r in review_rows() if r["share"] == share] == sample(directory, share)


def full_cable_rates(directory: Path, manifest: list[dict]) -> dict[str, tuple[int, int]]:
    """On full cables: TAGS and SUBJECT present, classifier named (of those with a Classified By
    line), and cable_id equal to the manifest's id (of those with an id)."""
    from validator.builder import parse_file

    counts = dict.fromkeys(("full", "tags", "subject", "classified_by", "classified_by_name", "cable_id",
                            "cable_id_agrees"), 0)
    for entry in manifest:
        if entry.get("kind") != "full":
            continue
        doc = parse_file(str(directory / entry["file"]))
        counts["full"] += 1
        counts["tags"] += bool(doc.tags and doc.tags.tags)
        counts["subject"] += bool(doc.subject and doc.subject.text)
        counts["classified_by"] += doc.classified_by is not None
        counts["classified_by_name"] += bool(doc.classified_by and doc.classified_by.name)
        counts["cable_id"] += doc.cable_id is not None
        counts["cable_id_agrees"] += doc.cable_id == entry.get("cable_id")
    return {"tags": (counts["tags"], counts["full"]), "subject": (counts["subject"], counts["full"]),
            "classified_by_name": (counts["classified_by_name"], counts["classified_by"]),
            "cable_id_agrees": (counts["cable_id_agrees"], counts["cable_id"])}


def test_full_cable_rates(corpus, capsys):
    directory, manifest = corpus
    rates = full_cable_rates(directory, manifest)
    with capsys.disabled():
        print()
        for name, (ok, total) in rates.items():
            print(f"  full cables {name:<19} {ok:>4}/{total:<4} = {ok / total if total else 1:.1%}")
    for name, (ok, _total) in rates.items():
        assert ok >= FULL_FLOORS[name], f"{name}: {ok} fell below {FULL_FLOORS[name]}"


def main(argv: list[str]) -> int:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    results = measure(CORPUS, manifest)
    verbose = "-v" in argv
    for field, rows in results.items():
        ok = sum(r[3] for r in rows)
        print(f"{field:<17} {ok:>3}/{len(rows):<3} = {ok / len(rows) if rows else 1:.1%}")
        if verbose:
            for file, got, want, agrees in rows:
                if not agrees:
                    note = EXPLAINED.get(file, "UNEXPLAINED")
                    print(f"    {file}\n      got:  {got!r}\n      want: {want!r}\n      note: {note}")
    for share in ("a", "b"):
        rows = review_agreement(CORPUS, share)
        print(f"refs review {share:<5} {sum(r[3] for r in rows):>3}/{len(rows):<3}")
        if verbose:
            for file, got, want, agrees in rows:
                if not agrees:
                    print(f"    {file}\n      got:  {got!r}\n      want: {want!r}")
    if "--full" in argv:
        for name, (ok, total) in full_cable_rates(CORPUS, manifest).items():
            print(f"full cables {name:<19} {ok:>4}/{total:<4} = {ok / total if total else 1:.1%}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main(sys.argv[1:]))

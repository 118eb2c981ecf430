"""The parser on the shared real corpus (skipped when ../shared is absent)."""

from validator.builder import parse_file

LEVELS = {
    "UNCLASSIFIED": "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCLASSIFIED",
    "CONFIDENTIAL": "CONFIDENTIAL", "CONFIDENTIAL//NOFORN": "CONFIDENTIAL",
    "SECRET": "SECRET", "SECRET//NOFORN": "SECRET",
}


def test_no_exception_on_any_file_and_banner_agreement(corpus):
    directory, manifest = corpus
    compared = agreed = 0
    disagreements = []
    for entry in manifest:
        doc = parse_file(str(directory / entry["file"]))  # must not raise
        expected = LEVELS.get((entry.get("expected") or {}).get("classification") or "")
        if entry["kind"] != "full" or expected is None or doc.banner is None or not doc.banner.strong:
            continue
        compared += 1
        if doc.banner.level.value == expected:
            agreed += 1
        else:
            disagreements.append((entry["file"], expected, doc.banner.level.value, doc.banner.text))
    for item in disagreements:
        print("banner disagreement:", *item)
    print(f"banner agreement: {agreed}/{compared}")
    assert compared > 1000
    assert agreed / compared >= 0.99

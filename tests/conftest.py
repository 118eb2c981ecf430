"""Shared fixtures: the seed, small-cable parsing, and the optional shared corpus."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

# Tests run without the result cache (tests that patch the checker would otherwise store what the patch
# produced); tests/test_result_cache.py turns it back on.
os.environ["CABLELINT_NO_CACHE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def cable(text: str) -> str:
    """Dedent a cable written inline in a test."""
    return textwrap.dedent(text).lstrip("\n")


def parse(text: str, path: str = "<test>"):
    from validator.builder import parse_text

    return parse_text(cable(text), path)


@pytest.fixture(scope="session")
def seed_doc():
    from validator.builder import parse_file

    return parse_file(str(SEED))


@pytest.fixture(scope="session")
def corpus():
    """(directory, manifest entries); skips when ../shared is absent (a fresh clone)."""
    manifest = CORPUS / "manifest.json"
    if not manifest.is_file():
        pytest.skip("shared corpus not available")
    return CORPUS, json.loads(manifest.read_text(encoding="utf-8"))


def corpus_available() -> bool:
    return (CORPUS / "manifest.json").is_file() and os.access(CORPUS, os.R_OK)


def assert_agreement(capsys, label: str, results: list, floor: float) -> None:
    """Print ``label``'s agreement (rows whose 4th item is True) and assert it reaches ``floor``."""
    ok = sum(r[3] for r in results)
    with capsys.disabled():
        print(f"\n  {label}: {ok}/{len(results)} = {ok / len(results) if results else 0:.1%}")
    assert results and ok / len(results) >= floor, f"{label}: {ok}/{len(results)} fell below {floor:.1%}"

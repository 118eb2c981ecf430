"""Golden files for every output format, from a FIXED list of diagnostics on fixed cables.

The diagnostics are built here (not produced by rules), so the goldens do not change when
rule messages do. Regenerate: ``CABLELINT_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py``.
"""

from __future__ import annotations

import io
import os

import pytest

from lint_helpers import CABLES, FIXTURES
from validator.checker import FindingLines
from validator.engine import Rule, Severity
from validator.engine.diagnostic import Diagnostic, Edit, Fix
from validator.model import Span
from validator.report import Summary, formats, get_reporter

GOLDEN = FIXTURES / "golden"


class FakePor003(Rule):
    """What it does: flags portions marked above the banner.

    Example (fails):
        C O N F I D E N T I A L STATE 000123
        1. (S) ...
    """

    code = "POR003"
    name = "portion-above-banner"
    severity = Severity.ERROR
    summary = "A portion is marked above the banner level (under-classified banner)."
    source = "RULEBOOK §2 R2.1"


class FakeCap001(Rule):
    """What it does: a /NF portion requires a NOFORN caption."""

    code = "CAP001"
    name = "noforn-portion-without-caption"
    severity = Severity.ERROR
    summary = "A NOFORN portion needs a NOFORN caption."


class FakeStr001(Rule):
    """What it does: TAGS tokens come from the TAGS list."""

    code = "STR001"
    name = "tags-known"
    severity = Severity.INFO
    summary = "TAGS tokens are known."
    default_enabled = False


CATALOG = [FakeStr001, FakePor003, FakeCap001]


def _d(code, name, severity, message, path, span, suggestion=None, fix=None):
    return Diagnostic(code, name, severity, message, path, Span(*span), suggestion, fix)


# Fixes shown by the JSON and SARIF goldens: a replacement (unsafe) and an insertion of a line (safe
# here only to have both applicabilities in the goldens).
RAISE = Fix("Raise the banner to SECRET", (Edit(Span(1, 1, 1, 24), "S E C R E T"),), "unsafe")
NOFORN = Fix("Add the NOFORN caption after the banner", (Edit(Span(1, 25, 1, 25), "\nNOFORN"),))


def fixed_run():
    """(path, diagnostics) per file, in report order."""
    faulty = "cables/faulty.txt"
    special = "cables/special.txt"
    return [
        ("cables/clean.txt", []),
        (faulty, [
            _d("POR003", "portion-above-banner", Severity.ERROR,
               "paragraph 1 is marked (S) but the banner is CONFIDENTIAL", faulty, (11, 4, 11, 7),
               "raise the banner to SECRET", RAISE),
            _d("POR003", "portion-above-banner", Severity.ERROR,
               "paragraph 3 is marked (S) but the banner is CONFIDENTIAL", faulty, (15, 4, 15, 7)),
        ]),
        (special, [
            _d("INT001", "internal-rule-error", Severity.ERROR,
               "rule XYZ failed on this file: KeyError: 'x' (please report this bug)", special, (1, 1, 1, 1)),
            _d("STR001", "tags-known", Severity.INFO, "unknown TAGS token 'XX'", special, (4, 13, 4, 15)),
            _d("CAP001", "noforn-portion-without-caption", Severity.WARNING,
               'portion (S//NF) is NOFORN: 100% needs a "NOFORN" caption, <here> & there\nsecond line\r',
               special, (7, 5, 7, 12), "add NOFORN to the banner line", NOFORN),
        ]),
    ]


def render(fmt: str, color: bool = False, finding_lines: bool = False) -> str:
    """The report of ``fixed_run``; ``finding_lines``: with the lines a worker sends (FindingLines)."""
    stream = io.StringIO()
    reporter = get_reporter(fmt)(stream, color=color, root=str(FIXTURES), catalog=CATALOG)
    summary = Summary()
    reporter.begin()
    for path, diagnostics in fixed_run():
        lines = tuple((FIXTURES / path).read_text(encoding="utf-8").splitlines())
        if finding_lines:
            lines = FindingLines.of(lines, diagnostics) if diagnostics else None
        for d in diagnostics:
            summary.add(d)
        summary.files += 1
        reporter.file(path, diagnostics, lines)
    reporter.end(summary)
    return stream.getvalue()


CASES = [(fmt, False) for fmt in formats()] + [("full", True), ("concise", True)]
SUFFIX = {"json": "json", "sarif": "sarif", "gitlab": "json", "junit": "xml"}


def golden_path(fmt: str, color: bool):
    return GOLDEN / f"{fmt}{'-color' if color else ''}.{SUFFIX.get(fmt, 'txt')}"


@pytest.mark.parametrize("fmt,color", CASES, ids=[f"{f}{'-color' if c else ''}" for f, c in CASES])
def test_format_matches_golden(fmt, color, monkeypatch):
    monkeypatch.chdir(FIXTURES)  # paths in reports are relative to the working directory
    for var in ("CI_PROJECT_DIR", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    out = render(fmt, color)
    path = golden_path(fmt, color)
    if os.environ.get("CABLELINT_UPDATE_GOLDEN"):
        path.write_bytes(out.encode("utf-8"))
    assert out == path.read_bytes().decode("utf-8"), f"{path.name} differs; review and regenerate"


@pytest.mark.parametrize("fmt,color", CASES, ids=[f"{f}{'-color' if c else ''}" for f, c in CASES])
def test_a_format_reads_only_the_lines_of_findings(fmt, color, monkeypatch):
    """Workers send only the lines findings stand on (FindingLines): every format must give the
    same report with them as with the whole file (and reading another line raises)."""
    monkeypatch.chdir(FIXTURES)
    for var in ("CI_PROJECT_DIR", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(var, raising=False)
    assert render(fmt, color, finding_lines=True) == render(fmt, color)


def test_every_format_has_a_golden():
    assert set(formats()) == {"full", "concise", "json", "sarif", "github", "gitlab", "junit"}
    for fmt in formats():
        assert golden_path(fmt, False).is_file()


def test_fixture_cables_exist():
    assert {p.name for p in CABLES.glob("*.txt")} >= {"clean.txt", "faulty.txt", "special.txt"}

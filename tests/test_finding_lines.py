"""FINDING_LINES: a result crosses from a worker with only the lines its findings stand on."""

from __future__ import annotations

import pickle

import pytest

from validator.checker import FileResult, FindingLines, keep_finding_lines
from validator.engine.diagnostic import Diagnostic, Severity
from validator.model import Span

LINES = ("UNCLAS ROME 1", "", "SUBJECT: X", "", "1. (U) Text", "2. more")


def _finding(line: int) -> Diagnostic:
    return Diagnostic("POR001", "unmarked-paragraph", Severity.ERROR, "m", "a.txt", Span(line, 1, line, 2))


def test_the_lines_of_findings_are_kept_and_no_other():
    kept = FindingLines.of(LINES, [_finding(5), _finding(1), _finding(5), _finding(99)])
    assert len(kept) == len(LINES) and bool(kept)
    assert kept[0] == LINES[0] and kept[4] == LINES[4] and kept[-2] == LINES[4]
    assert kept.kept == {0: LINES[0], 4: LINES[4]}  # (line 99 is past the end: nothing to keep)
    with pytest.raises(LookupError):
        kept[2]  # never a wrong line: a report that reads more must ask for it
    with pytest.raises(TypeError):
        list(kept)
    with pytest.raises(TypeError):
        kept[1:3]
    assert pickle.loads(pickle.dumps(kept)) == kept
    assert kept != FindingLines.of(LINES, [_finding(1)])


def test_a_result_without_findings_carries_no_lines():
    assert keep_finding_lines(FileResult("a.txt", [], LINES)).lines is None
    result = keep_finding_lines(FileResult("a.txt", [_finding(3)], LINES))
    assert result.lines == FindingLines(len(LINES), {2: LINES[2]})
    assert keep_finding_lines(result).lines is result.lines  # (once)
    assert keep_finding_lines(FileResult("a.txt", [], None, "cannot read")).lines is None


def test_a_worker_result_pickles_to_a_fraction_of_the_file():
    """What crosses between processes: the file's lines were 90% of a result."""
    text = tuple(f"{n}. (U) a line of running text of a cable, about as long as they are" for n in range(200))
    whole = FileResult("a.txt", [_finding(7)], text)
    sent = keep_finding_lines(FileResult("a.txt", [_finding(7)], text))
    assert len(pickle.dumps(sent)) * 10 < len(pickle.dumps(whole))

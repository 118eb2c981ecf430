"""``json``: one array of findings with stable keys (ruff's json output, our field names)."""

from __future__ import annotations

import json

from .base import Reporter


def diagnostic_record(d) -> dict:
    return {
        "path": d.path,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "code": d.code,
        "name": d.name,
        "severity": str(d.severity),
        "message": d.message,
        "suggestion": d.suggestion,
        "fix": fix_record(d.fix),
    }


def fix_record(fix) -> dict | None:
    """A fix as ruff's JSON gives it: applicability, message and edits (1-based, end exclusive)."""
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.message,
        "edits": [{"line": e.span.line, "column": e.span.column, "end_line": e.span.end_line,
                   "end_column": e.span.end_column, "content": e.text} for e in fix.edits],
    }


class JsonReporter(Reporter):
    def begin(self) -> None:
        self.records: list[dict] = []

    def file(self, path, diagnostics, lines) -> None:
        self.records.extend(diagnostic_record(d) for d in diagnostics)

    def end(self, summary) -> None:
        self.stream.write(json.dumps(self.records, indent=2, ensure_ascii=False) + "\n")

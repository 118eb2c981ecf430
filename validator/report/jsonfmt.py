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
    }


class JsonReporter(Reporter):
    def begin(self) -> None:
        self.records: list[dict] = []

    def file(self, path, diagnostics, lines) -> None:
        self.records.extend(diagnostic_record(d) for d in diagnostics)

    def end(self, summary) -> None:
        self.stream.write(json.dumps(self.records, indent=2, ensure_ascii=False) + "\n")

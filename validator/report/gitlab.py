"""``gitlab``: a GitLab Code Quality report (a JSON array of Code Climate issues)."""

from __future__ import annotations

import hashlib
import json

from ..engine.diagnostic import Severity
from .base import Reporter
from .fingerprint import identities
from .location import relative_path

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitlabReporter(Reporter):
    def begin(self) -> None:
        self.issues: list[dict] = []

    def file(self, path, diagnostics, lines) -> None:
        for d, (code, text, index) in zip(diagnostics, identities(diagnostics, lines)):
            rel = relative_path(d.path, self.root)
            fingerprint = hashlib.sha256(f"{code}\0{rel}\0{text}\0{index}".encode("utf-8")).hexdigest()
            self.issues.append({
                "description": f"{d.code}: {d.message}",
                "check_name": d.code,
                "fingerprint": fingerprint,
                "severity": _SEVERITY[d.severity],
                "location": {"path": rel, "lines": {"begin": d.span.line, "end": d.span.end_line}},
            })

    def end(self, summary) -> None:
        self.stream.write(json.dumps(self.issues, indent=2, ensure_ascii=False) + "\n")

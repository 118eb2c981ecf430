"""``github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from ..engine.diagnostic import Severity
from .base import Reporter
from .location import relative_path

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part (after ``::``): GitHub's toolkit escapes ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Property values additionally escape ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def file(self, path, diagnostics, lines) -> None:
        for d in diagnostics:
            props = [
                ("file", relative_path(d.path, self.root)),
                ("line", str(d.span.line)),
                ("endLine", str(d.span.end_line)),
                ("col", str(d.span.column)),
                ("endColumn", str(d.span.end_column)),
                ("title", d.code),
            ]
            rendered = ",".join(f"{k}={escape_property(v)}" for k, v in props)
            self.stream.write(f"::{_COMMAND[d.severity]} {rendered}::{escape_data(d.message)}\n")

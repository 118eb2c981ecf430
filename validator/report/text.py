"""Human formats: ``concise`` (one line each) and ``full`` (with the source line and a caret)."""

from __future__ import annotations

from ..engine.diagnostic import Diagnostic, Severity
from .base import Reporter

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def one_line(text: str) -> str:
    """Human formats keep one finding per line whatever a message contains."""
    return " ".join(text.splitlines()) if ("\n" in text or "\r" in text) else text


class ConciseReporter(Reporter):
    def line(self, d: Diagnostic) -> str:
        sev = str(d.severity)
        message = one_line(d.message)
        if self.color:
            return (f"{_BOLD}{d.path}{_RESET}:{d.span.line}:{d.span.column}: "
                    f"{_COLORS[d.severity]}{d.code}{_RESET} [{sev}] {message}")
        return f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{sev}] {message}"

    def file(self, path, diagnostics, lines) -> None:
        for d in diagnostics:
            self.stream.write(self.line(d) + "\n")


class FullReporter(ConciseReporter):
    """The diagnostic line, then the offending source line with a caret under the span."""

    def file(self, path, diagnostics, lines) -> None:
        for d in diagnostics:
            self.stream.write(self.line(d) + "\n")
            index = d.span.line - 1
            if lines is not None and 0 <= index < len(lines):
                source = lines[index].expandtabs(1)
                shown = source[:200]
                start = max(d.span.column - 1, 0)
                end = d.span.end_column - 1 if d.span.end_line == d.span.line else len(source)
                width = max(1, min(end, len(shown)) - start)
                if start >= len(shown):
                    start, width = len(shown), 1
                gutter = f"{d.span.line:>5} | "
                caret = " " * (len(gutter) - 2) + "| " + " " * start + "^" * width
                if self.color:
                    caret = caret[: len(gutter)] + _COLORS[d.severity] + caret[len(gutter):] + _RESET
                self.stream.write(f"{gutter}{shown}{'…' if len(source) > 200 else ''}\n{caret}\n")
                if d.suggestion:
                    self.stream.write(f"{' ' * (len(gutter) - 2)}= help: {d.suggestion}\n")
                for span in d.related:
                    self.stream.write(f"{' ' * (len(gutter) - 2)}= see also: {d.path}:{span.line}:{span.column}\n")
            self.stream.write("\n")

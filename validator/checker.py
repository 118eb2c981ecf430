"""Check one file: read, parse, run the rules. Errors become results, not exceptions."""

from __future__ import annotations

from dataclasses import dataclass

from .builder import build
from .engine.diagnostic import Diagnostic
from .engine.runner import run_rules
from .source import Source


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    lines: tuple[str, ...] | None
    error: str | None = None  # I/O error message: the file could not be checked


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def check_bytes(path: str, data: bytes, rules) -> FileResult:
    source = Source.from_bytes(data)
    doc = build(source, path)
    return FileResult(path, run_rules(doc, rules), doc.lines)


def check_path(path: str, rules) -> FileResult:
    try:
        data = read_bytes(path)
    except OSError as exc:
        return FileResult(path, [], None, f"{path}: cannot read: {exc.strerror or exc}")
    return check_bytes(path, data, rules)

"""Check one file: read, parse, run the rules. Errors become results, not exceptions.

Whatever the file is (missing, unreadable, a FIFO, binary, huge, not a cable), the
result is either an I/O error message (exit 2) or diagnostics with a location; a bug
in the parser becomes an INT002 diagnostic. Files are opened read-only and never
written.
"""

from __future__ import annotations

import os
import stat
import sys

from .builder import build, resolve_document
from .engine.diagnostic import Diagnostic, Severity
from .engine.runner import run_rules
from .facts import CableFacts, cable_facts
from .model import Span
from .source import Source

# The longest cables are a few hundred KB; anything this large is not a cable.
MAX_BYTES = 4 * 1024 * 1024


class FileResult:
    path: str
    diagnostics: list[Diagnostic]
    lines: "tuple[str, ...] | FindingLines | None"  # FindingLines once through linter._lint_task
    error: str | None = None  # I/O error message: the file could not be checked
    # Set by ``check --fix``/``--diff`` (linter.fix_target): findings fixed, per rule, the diff,
    # and the fixed bytes of standard input (printed instead of written).
    fixed: int = 0
    fixed_by_rule: dict | None = None
    diff: str | None = None
    output: bytes | None = None
    # Document facts some callers need besides the findings (``index`` records, ``inspect``
    # models): a plain dict, so that results still pickle between processes. None unless asked.
    facts: dict | None = None
    cable: "CableFacts | None" = None  # id, post, year, level, DECL of a parsed file (for reports)

    __match_args__ = ('path', 'diagnostics', 'lines', 'error', 'fixed', 'fixed_by_rule', 'diff', 'output', 'facts', 'cable')
    _FIELDS = __match_args__

    def __init__(self, path, diagnostics, lines, error=None, fixed=0, fixed_by_rule=None, diff=None, output=None, facts=None, cable=None):
        self.path = path
        self.diagnostics = diagnostics
        self.lines = lines
        self.error = error
        self.fixed = fixed
        self.fixed_by_rule = fixed_by_rule
        self.diff = diff
        self.output = output
        self.facts = facts
        self.cable = cable

    def __repr__(self):
        return f"{self.__class__.__qualname__}(path={self.path!r}, diagnostics={self.diagnostics!r}, lines={self.lines!r}, error={self.error!r}, fixed={self.fixed!r}, fixed_by_rule={self.fixed_by_rule!r}, diff={self.diff!r}, output={self.output!r}, facts={self.facts!r}, cable={self.cable!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.path, self.diagnostics, self.lines, self.error, self.fixed, self.fixed_by_rule, self.diff, self.output, self.facts, self.cable) == (other.path, other.diagnostics, other.lines, other.error, other.fixed, other.fixed_by_rule, other.diff, other.output, other.facts, other.cable)
        return NotImplemented

    __hash__ = None  # mutable: unhashable, as a dataclass with eq


class FindingLines:
    """The physical lines a file's findings stand on, and how many lines the file has: all that the
    reports read of a file's lines (a caret's line, a fingerprint's text, the HTML report's line).
    A worker sends these instead of the whole file (FINDING_LINES: the file's lines were 90% of
    what a result pickled, 8.5 KB a file, for about one line in twenty). Reading any other line
    raises: a report that needs more must ask for it, never get a wrong line."""

    __slots__ = ("count", "kept")

    def __init__(self, count: int, kept: dict[int, str]):
        self.count = count
        self.kept = kept  # 0-based index -> the line

    @classmethod
    def of(cls, lines, diagnostics) -> "FindingLines":
        count = len(lines)
        return cls(count, {d.span.line - 1: lines[d.span.line - 1] for d in diagnostics if 0 < d.span.line <= count})

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> str:
        if index.__class__ is not int:
            raise TypeError("FindingLines holds single lines only")
        if index < 0:
            index += self.count
        try:
            return self.kept[index]
        except KeyError:
            raise LookupError(f"line {index + 1} was not kept: a result carries the lines of its findings"
                              ) from None

    def __iter__(self):
        raise TypeError("FindingLines holds the lines of findings only: iterate over the findings")

    def __eq__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return (self.count, self.kept) == (other.count, other.kept)
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"FindingLines({self.count}, {self.kept!r})"


def keep_finding_lines(result: FileResult) -> FileResult:
    """``result`` with only the lines its findings stand on (FindingLines): what crosses from a worker
    process to the reports. Done for every result, in a worker or not, so one path is tested."""
    lines = result.lines
    if lines is not None and lines.__class__ is not FindingLines:
        result.lines = FindingLines.of(lines, result.diagnostics) if result.diagnostics else None
    return result


def document_facts(doc, kind: str) -> dict:
    """The facts of a parsed document: ``"index"`` (the index record's document fields),
    ``"model"`` (the whole document model as ``inspect`` prints it) or ``"id"`` (the cable id)."""
    if kind == "index":
        from .index import document_fields

        return document_fields(doc)
    if kind == "id":  # what a baseline identifies a cable by
        return {"cable_id": doc.cable_id}
    if kind == "model":
        from .serialize import document_to_dict

        return document_to_dict(doc)
    raise ValueError(f"unknown kind of document facts: {kind!r}")


class TooLarge(OSError):
    """The file is larger than MAX_BYTES; ``size`` is its size in bytes."""

    def __init__(self, size: int):
        super().__init__(27, f"file too large to be a cable ({size / 1048576:.1f} MiB, "
                             f"limit {MAX_BYTES // 1048576} MiB)")
        self.size = size


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """Read a regular file (or stdin for ``-``); refuse FIFOs/devices rather than block on them."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(len(data))
        return data
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file (FIFO, socket or device)")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        data = read_fd(fd, info.st_size + 1, limit)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


READ_CHUNK = 1 << 16  # what read_fd asks for at a time after its first read


def read_fd(fd: int, first: int, limit: int) -> bytes:
    """The bytes of an open file from where it stands: ``first`` bytes asked at once (its size as fstat
    gave it, plus one: the whole file in one read), then on, READ_CHUNK at a time, to its end or past
    ``limit`` bytes (a file that grew since fstat; a short read). Raw reads: a file object costs
    more than the read of a cable (and read(limit + 1) would allocate the whole limit every time)."""
    data = os.read(fd, first)
    parts, total = [data], len(data)
    while total <= limit:
        more = os.read(fd, min(READ_CHUNK, limit + 1 - total))
        if not more:
            break
        parts.append(more)
        total += len(more)
    return data if len(parts) == 1 else b"".join(parts)


def _too_large(path: str, size: int, rules) -> FileResult:
    from .rules.input import TOO_LARGE_CODE

    rule = next((r for r in rules if r.code == TOO_LARGE_CODE), None)
    if rule is None:
        return FileResult(path, [], None)
    message = (f"file is {size / 1048576:.1f} MiB, larger than any cable (limit "
               f"{MAX_BYTES // 1048576} MiB); not checked")
    return FileResult(path, [Diagnostic(rule.code, rule.name, rule.effective_severity, message, path,
                                        Span(1, 1, 1, 1))], None)


def check_bytes(path: str, data: bytes, rules, facts: str | None = None) -> FileResult:
    """Decode, parse and run ``rules``; file-level problems (FIL) replace the marking rules.
    ``facts`` (``"index"`` or ``"model"``) also returns those facts of the document."""
    from .rules.input import triage

    if len(data) > MAX_BYTES:
        if facts == "model":  # there is no model of a file that is not read
            return FileResult(path, [], None, f"{path}: cannot read: {TooLarge(len(data)).strerror}")
        return _too_large(path, len(data), rules)
    try:
        source = Source.from_bytes(data)
        doc = build(source, path)
        if facts == "index" or facts == "model":  # they read every field: work out the deferred ones
            resolve_document(doc)  # here, where an error is the parser's
    except Exception as exc:  # a parser bug must not take the run down
        lines = tuple(data.decode("utf-8", errors="replace").splitlines())
        return FileResult(path, [Diagnostic(
            "INT002", "internal-parse-error", Severity.ERROR,
            f"the parser failed on this file: {type(exc).__name__}: {exc} (please report this bug)",
            path, Span(1, 1, 1, 1))], lines)
    doc.extra["decode_note"] = source.note
    problem = triage(doc)
    if problem is not None:
        rules = [rule for rule in rules if rule.code.startswith("FIL")]
    # Binary lines are not echoed back (control bytes would garble a terminal).
    return FileResult(path, run_rules(doc, rules), None if problem == "binary" else doc.lines,
                      facts=document_facts(doc, facts) if facts else None,
                      cable=None if problem is not None else cable_facts(doc))


def check_path(path: str, rules, facts: str | None = None) -> FileResult:
    """Check one path; an unreadable file gives ``error`` (exit 2), never an exception."""
    try:
        data = read_bytes(path)
    except TooLarge as exc:
        if facts == "model":
            return FileResult(path, [], None, f"{path}: cannot read: {exc.strerror}")
        return _too_large(path, exc.size, rules)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return FileResult(path, [], None, f"{path}: cannot read: {reason}")
    return check_bytes(path, data, rules, facts)

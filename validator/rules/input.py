"""FIL: file-level problems found before any marking can be judged.

An empty, binary, mis-encoded or non-cable file must give one clear diagnostic with
its location instead of a cascade of marking errors (or a crash). ``triage(doc)``
names the problems that make marking rules meaningless; the checker then runs only
the FIL rules on that file.
"""

from __future__ import annotations

from ..engine import Rule, Severity, register
from ..memo import per_document
from ..model import Document, Span
from .text_scan import doc_text

__all__ = ["triage", "decode_note", "first_char", "TOO_LARGE_CODE"]

TOO_LARGE_CODE = "FIL008"


def decode_note(doc: Document):
    """The structured DecodeNote the checker stores in ``doc.extra`` (None when absent)."""
    return doc.extra.get("decode_note")


def first_char(doc: Document, char: str) -> Span | None:
    """Span of the first occurrence of ``char`` in the file's physical lines."""
    if "\n" not in char and char not in doc_text(doc):
        return None  # one search of the joined text (shared with the text scans) instead of one per line
    for index, line in enumerate(doc.lines):
        column = line.find(char)
        if column >= 0:
            return Span(index + 1, column + 1, index + 1, column + 2)
    return None


def _classified_by_line(doc: Document) -> bool:
    """A Classified By line with a reason, or one that starts its own line (not prose)."""
    cb = doc.classified_by
    if cb is None:
        return False
    if cb.reason_section:
        return True
    index = cb.span.line - 1
    return 0 <= index < len(doc.lines) and not doc.lines[index][: cb.span.column - 1].strip()


def _looks_like_cable(doc: Document) -> bool:
    """Any element only a cable (or a cable fragment) has. (Where the REF list stands is asked
    before the list itself, which is deferred: a built record with REFs has their span.)"""
    return bool(
        doc.banner is not None or doc.class_lines or doc.header.family != "none" or doc.partial
        or doc.eo is not None or _classified_by_line(doc) or doc.refs_span is not None or doc.refs
        or doc.tags is not None
        or doc.subject is not None or doc.continuations or doc.page_headers
        or any(p.marking is not None or p.entire_text is not None for p in doc.paragraphs)
    )


@per_document
def triage(doc: Document) -> str | None:
    """``empty``, ``whitespace``, ``binary`` or ``not-a-cable`` when marking rules cannot apply."""
    if not doc.lines:
        return "empty"
    if not any(line.strip() for line in doc.lines):
        return "whitespace"
    if first_char(doc, "\x00") is not None:
        return "binary"
    if not _looks_like_cable(doc):
        return "not-a-cable"
    return None


def _line_one(doc: Document) -> Span:
    width = len(doc.lines[0]) if doc.lines else 0
    return Span(1, 1, 1, 1 + max(width, 1))


@register
class EmptyFile(Rule):
    """What it does: reports a file with no content at all.

    Why it matters: every telegram needs explicit classification markings (5 FAH-2
    H-222a); an empty file is usually a truncated copy or a failed export.

    Example (fails, bytes):
        b""
    Example (passes):
        UNCLAS STATE 000123
    """

    code = "FIL001"
    name = "empty-file"
    severity = Severity.ERROR
    summary = "The file is empty: there is no cable to check."
    source = "5 FAH-2 H-222a (every telegram carries a classification)"

    def check(self, doc):
        if triage(doc) == "empty":
            yield ("file is empty: no cable text to check", Span(1, 1, 1, 1))


@register
class WhitespaceOnlyFile(Rule):
    """What it does: reports a file holding only blank lines, spaces or tabs.

    Why it matters: like an empty file, it cannot carry the required markings and is
    usually a damaged copy.

    Example (fails, bytes):
        b"\\n    \\n\\t\\n"
    Example (passes):
        UNCLAS STATE 000123
    """

    code = "FIL002"
    name = "whitespace-only-file"
    severity = Severity.ERROR
    summary = "The file holds only whitespace: there is no cable to check."
    source = "5 FAH-2 H-222a (every telegram carries a classification)"

    def check(self, doc):
        if triage(doc) == "whitespace":
            yield (f"file holds only whitespace ({len(doc.lines)} blank line"
                   f"{'s' if len(doc.lines) != 1 else ''}): no cable text to check", _line_one(doc))


@register
class BinaryFile(Rule):
    """What it does: reports NUL bytes, i.e. binary data, and points at the first one.

    Why it matters: a cable is plain text; NUL bytes mean a binary file was given a
    ".txt" name or the copy is corrupt, and no marking in it can be trusted.

    Example (fails, bytes):
        b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR"
    Example (passes):
        UNCLAS STATE 000123
    """

    code = "FIL003"
    name = "binary-file"
    severity = Severity.ERROR
    summary = "The file contains NUL bytes (binary data); it is not checked as a cable."
    source = "cablelint input handling"

    def check(self, doc):
        if triage(doc) == "binary":
            span = first_char(doc, "\x00")
            count = sum(line.count("\x00") for line in doc.lines)
            yield (f"file contains {count} NUL byte{'s' if count != 1 else ''} (binary data); "
                   "not checked as a cable", span)


@register
class NotUtf8(Rule):
    """What it does: reports a file that is not valid UTF-8 and says how it was decoded.

    Why it matters: cables are ASCII or UTF-8; other bytes usually mean a Windows-1252
    export or corruption, so characters (e.g. the "¶" before a paragraph number) may be
    read wrongly. The location is that of the first undecodable byte.

    Example (fails, saved as cp1252):
        UNCLAS OTTAWA 000700

        ¶1. The minister welcomed the proposal.
    Example (passes, saved as UTF-8):
        UNCLAS OTTAWA 000700

        ¶1. The minister welcomed the proposal.
    """

    code = "FIL004"
    name = "not-utf8"
    severity = Severity.WARNING
    summary = "The file is not valid UTF-8; it was decoded as cp1252 or with replacement characters."
    source = "cablelint input handling"

    def check(self, doc):
        note = decode_note(doc)
        if triage(doc) == "binary":
            return  # FIL003 says it all
        if note is not None and note.kind in ("cp1252", "replaced"):
            yield (note.message, Span(note.line, note.column, note.line, note.column + 1),
                   "re-save the file as UTF-8")
        elif note is None and doc.decode_note and "not valid UTF-8" in doc.decode_note:
            yield (doc.decode_note, Span(1, 1, 1, 1), "re-save the file as UTF-8")


@register
class Utf16File(Rule):
    """What it does: reports a UTF-16 encoded file (decoded and checked anyway).

    Why it matters: cable archives and diff tools expect ASCII/UTF-8; UTF-16 files look
    like binary data to most tools.

    Example (fails, saved as UTF-16):
        UNCLAS OTTAWA 000700
    Example (passes, saved as UTF-8):
        UNCLAS OTTAWA 000700
    """

    code = "FIL005"
    name = "utf16-file"
    severity = Severity.WARNING
    summary = "The file is UTF-16 encoded; cables are normally ASCII or UTF-8."
    source = "cablelint input handling"

    def check(self, doc):
        note = decode_note(doc)
        if note is not None and note.kind == "utf-16":
            yield (note.message, Span(1, 1, 1, 1), "re-save the file as UTF-8")


@register
class ByteOrderMark(Rule):
    """What it does: notes a UTF-8 byte-order mark at the start of the file.

    Why it matters: harmless for cablelint (it is skipped), but some tools show it as
    stray characters before the first line.

    Example (fails, bytes):
        b"\\xef\\xbb\\xbfUNCLAS OTTAWA 000700\\n"
    Example (passes, saved as UTF-8):
        UNCLAS OTTAWA 000700
    """

    code = "FIL006"
    name = "byte-order-mark"
    severity = Severity.INFO
    summary = "The file starts with a UTF-8 byte-order mark."
    source = "cablelint input handling"

    def check(self, doc):
        note = decode_note(doc)
        if note is not None and note.kind == "bom":
            yield (note.message, Span(1, 1, 1, 1), "remove the byte-order mark")


@register
class NotACable(Rule):
    """What it does: reports a text file with nothing of a cable in it and skips it.

    Why it matters: a README or source file found by a directory walk would otherwise
    drown the report in "no banner" errors. Info only: body-only extracts of real cables
    (a few paragraphs, no markings) look the same, and there is nothing to check in them. A cable or fragment has at least one of: a
    classification line, a routing header, an E.O. line, TAGS, SUBJECT, REF, a
    Classified By line, a portion-marked paragraph, a continuation or page header.

    Example (fails):
        cablelint
        =========

        Checks classification markings of diplomatic cables.
    Example (passes):
        REF: STATE 1234
    """

    code = "FIL007"
    name = "not-a-cable"
    severity = Severity.INFO
    summary = "The file does not look like a cable (no banner, header or marked paragraph); skipped."
    source = "cablelint input handling"

    def check(self, doc):
        if triage(doc) == "not-a-cable":
            first = next((i for i, line in enumerate(doc.lines) if line.strip()), 0)
            width = len(doc.lines[first]) if doc.lines else 0
            yield ("file does not look like a cable: no classification line, routing header, E.O. line, "
                   "TAGS/SUBJECT/REF, Classified By line or portion-marked paragraph; not checked",
                   Span(first + 1, 1, first + 1, 1 + max(width, 1)))


@register
class FileTooLarge(Rule):
    """What it does: reports a file too large to be a cable, without reading all of it.

    Why it matters: the longest cables are a few hundred kilobytes; a multi-megabyte
    ".txt" is a log or a dump, and checking it would only cost time. The checker
    emits this diagnostic itself (the file is never parsed).

    Example (fails, bytes):
        b"2009-09-09 20:19:00 export: 1 record written\\n" * 100000
    Example (passes):
        UNCLAS STATE 000123
    """

    code = TOO_LARGE_CODE
    name = "file-too-large"
    severity = Severity.ERROR
    summary = "The file is larger than any cable (limit 4 MiB); it is not checked."
    source = "cablelint input handling"

    def check(self, doc):
        return ()

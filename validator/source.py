"""Turn raw bytes into the text the parser sees, and remember how to map it back.

Real cables arrive as UTF-8, cp1252, UTF-16 or with a BOM, with LF, CRLF or lone CR
line ends, and WikiLeaks renderings sometimes glue several header fields onto one
line ("SUBJECT: ... REF: A. STATE 1 Classified By: ..."). The parser works on
*logical lines*: physical lines split at such field labels. Every logical line keeps
its physical line number and column offset, so spans always point into the file.
"""

from __future__ import annotations

import codecs
import re
from itertools import repeat
from .records import _FACTORY, frozen_delattr, frozen_setattr
from . import lazy_re

__all__ = ["Source", "decode", "DecodeNote"]


class DecodeNote:
    """How the bytes were decoded, when it was not plain UTF-8 (reported by the FIL rules).

    ``kind`` is one of ``bom`` (UTF-8 with a byte-order mark), ``utf-16`` (by BOM or by the
    pattern of NUL bytes), ``cp1252`` (not valid UTF-8, decoded as Windows-1252) or
    ``replaced`` (undecodable bytes replaced with U+FFFD). ``line``/``column`` (1-based) locate
    the first offending byte in the decoded text, so that the diagnostic can point at it.
    """

    encoding: str
    message: str
    kind: str = "other"
    offset: int | None = None
    line: int = 1
    column: int = 1

    __match_args__ = ('encoding', 'message', 'kind', 'offset', 'line', 'column')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, encoding, message, kind='other', offset=None, line=1, column=1):
        d = self.__dict__
        d['encoding'] = encoding
        d['message'] = message
        d['kind'] = kind
        d['offset'] = offset
        d['line'] = line
        d['column'] = column

    def __repr__(self):
        return f"{self.__class__.__qualname__}(encoding={self.encoding!r}, message={self.message!r}, kind={self.kind!r}, offset={self.offset!r}, line={self.line!r}, column={self.column!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.encoding, self.message, self.kind, self.offset, self.line, self.column) == (other.encoding, other.message, other.kind, other.offset, other.line, other.column)
        return NotImplemented

    def __hash__(self):
        return hash((self.encoding, self.message, self.kind, self.offset, self.line, self.column))


def _locate(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """1-based (line, column) of byte ``offset`` in the text decoded with ``encoding``."""
    before = _NEWLINES.sub("\n", data[:offset].decode(encoding, errors="replace"))
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit in every other position (ASCII text in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, DecodeNote | None]:
    """Decode bytes without ever failing: UTF-8 (BOM aware), UTF-16, cp1252, or with replacement."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), DecodeNote(
            "utf-8-sig", "file starts with a UTF-8 byte-order mark", "bom")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), DecodeNote(
            "utf-16", "file is UTF-16 encoded; cables are normally ASCII or UTF-8", "utf-16")
    guessed = _utf16_without_bom(data)
    if guessed:
        return data.decode(guessed, errors="replace"), DecodeNote(
            guessed, f"file looks {guessed.upper()} encoded (no byte-order mark); "
            "cables are normally ASCII or UTF-8", "utf-16")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    line, column = _locate(data, bad, "cp1252" if text is not None else "utf-8")
    where = f"first bad byte 0x{data[bad]:02X} at line {line}, column {column} (offset {bad})"
    if text is not None:
        return text, DecodeNote(
            "cp1252", f"file is not valid UTF-8 ({where}); decoded as cp1252", "cp1252", bad, line, column)
    return data.decode("utf-8", errors="replace"), DecodeNote(
        "utf-8", f"file is not valid UTF-8 ({where}); undecodable bytes replaced with U+FFFD",
        "replaced", bad, line, column)


_NEWLINES = lazy_re.compile(r"\r\n?")

# Field labels that start a new logical line when found in the middle of a header line.
# GLUED_LABEL: the export sometimes glued "Classified By:" to the word before it, with no space
# ("VISIT TO BAHRAINClassified By:") or behind a stray quote ('STATE 66324 "Classified By:'): the
# label written in mixed case after a capital letter, or after a quote, starts a field too.
_GLUED_LABEL = lazy_re.compile(
    r"(?-i:(?<=[A-Z]))(?-i:(?=Classified[ \t]+By[ \t]*:))|(?<=[ \t]\")(?=Classified[ \t]+By[ \t]*:)", re.I)
_LABEL = (
    r"(?:E\.[ \t]?O\.|EO)[ \t]?\d{4,5}[ \t]*(?::[ \t]*)?(?:DECL|N/?A\b|AS AMENDED)"
    r"|TAGS?[ \t]*:"
    r"|SUBJ(?:ECT)?[ \t]*:"
    r"|REF(?:S|TELS?|\(S\))?[ \t]*:"
    r"|(?:\(U\)[ \t]*)?CLASSIFIED[ \t]+BY\b"
)
# The definition: a field label after blanks that follow text starts a new logical line.
_HEADER_SPLIT = lazy_re.compile(r"(?<=\S)[ \t]+(?=" + _LABEL + ")", re.IGNORECASE)
# LABEL_FIND: the same cuts, found from the labels (see _header_cuts).
_LABEL_AT = lazy_re.compile(_LABEL, re.IGNORECASE)
# Every label starts with one of these, upper-cased; none holds an I or a K, whose case-insensitive
# forms include characters that upper() does not map to them (U+0130, U+212A).
_LABEL_STARTS = ("E.", "EO", "TAG", "SUBJ", "REF", "(U)", "CLASS")
_BLANKS = " \t"
_GLUED_AT = lazy_re.compile(r"Classified[ \t]+By[ \t]*:")
_GLUED_QUOTED_AT = lazy_re.compile(r"Classified[ \t]+By[ \t]*:", re.I)
# Page and continuation headers glued into running text (page breaks in WikiLeaks copies).
_PAGE_SPLIT = lazy_re.compile(
    r"(?:^|(?<=[ \t]))"
    r"(?:[A-Z][A-Z.'-]*(?:[ \t][A-Z][A-Z.'-]*){0,3}[ \t]+\d{8}[ \t]+\d{3}(?:\.\d{1,3})?[ \t]+OF[ \t]+\d{3}"
    r"|PAGE[ \t]+\d{2,3}[ \t]+[A-Z][A-Z]*(?:[ \t][A-Z]+){0,3}[ \t]+\d{5,6}[ \t]+(?:\d{2}[ \t]+OF[ \t]+\d{2}[ \t]+)?\d{6}Z)"
    r"(?=[ \t]|$)"
)
# "...022025SIPDISE.O. 12958: DECL: ..." (fields glued without a space in the export).
_GLUED_EO = lazy_re.compile(r"(?<=[A-Za-z0-9])E\.[ \t]?O\.[ \t]?\d{4,5}[ \t]*:")
# PUBLISHER_DATE_PREFIX: one publisher prints "Cable dated:2010-01-21T11:33:00" glued to the banner
# ("...11:33:00C O N F I D E N T I A L SECTION 01 OF 03 BERLIN 000081SIPDISE.O. 12958: ..."): the
# timestamp is the publisher's metadata, so the banner starts a new logical line after it.
_DATED_PREFIX = lazy_re.compile(r"Cable dated:[ \t]*\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?\]?")
# CSV_FIELD_SEAM: a CSV export row runs the routing header's last field into the cable text
# ('RUEABND/DEA HQS WASHINGTON DC","UNCLAS SECTION 01 OF 03 MEXICO 000027'); in the header zone the
# quoted-field seam starts a new logical line.
_CSV_FIELD = '","'
_CSV_FIELDS = lazy_re.compile(r'","(?=\S)')
# "Classified By: CLASSIFIED BY ..." is one duplicated label, not two fields.
# The label may also be followed by the number of the paragraph that repeats it
# ("Classified By: 1. CLASSIFIED BY NEA ASSISTANT SECRETARY ...").
_LABEL_ONLY = lazy_re.compile(r"^[ \t]*(?:\d+\.[ \t]*)?(?:\([A-Z]+\)[ \t]*)?CLASSIFIED[ \t]+BY[ \t]*(?::[ \t]*)?"
                              r"(?:\d{1,2}\.[ \t]*)?(?:\([A-Z]+\)[ \t]*)?$", re.I)
# The header zone ends at the first portion-marked or numbered paragraph.
_FIRST_PARAGRAPH = lazy_re.compile(r"^[ \t]*(?:¶[ \t]*)?(?:1[ \t]*\.[ \t]|\((?:C|S|U|SBU|TS)(?:/[^)]{0,12})?\)[ \t])", re.I)
_HEADER_ZONE_MAX = 80


# PAGE_DIGITS: most lines with " OF " are prose ("MINISTER OF STATE") or a banner ("SECTION 01 OF 03"),
# where _PAGE_SPLIT tries every position (6 us a line); a continuation header holds its serial, section
# and count ("00001234 001.2 OF 003": _PAGE_SPLIT's own pattern), a page header holds PAGE, so a line with
# neither has no match (_CONT_NUMBERS starts with a digit: re skips to the digits).
_CONT_NUMBERS = lazy_re.compile(r"\d{8}[ \t]+\d{3}(?:\.\d{1,3})?[ \t]+OF[ \t]+\d{3}")
# Every page or continuation header contains one of these: the lines of the body that hold one are
# the lines _split_line looks at (it tests the blanks around them). Two searches of the text, not
# five with the blanks: each costs about 6 us on a cable of 7,500 characters.
_PAGE_NEEDLES = ("OF", "PAGE")


def _lines_with(text: str, offset: int, first: int, needles: tuple[str, ...]) -> list[int]:
    """The indexes of the lines containing any of ``needles`` (none spans a newline), ascending,
    from line ``first`` which starts at ``offset``: found by searching the text, because such
    lines are rare (2% of the corpus's lines) and a test per line costs more."""
    found: set[int] = set()
    for needle in needles:
        line, counted = first, offset
        at = text.find(needle, offset)
        while at != -1:
            line += text.count("\n", counted, at)
            found.add(line)
            counted = text.find("\n", at)
            if counted == -1:
                break
            at = text.find(needle, counted)
    return sorted(found)


def _header_cuts(line: str, upper: str) -> set[int]:
    """Where ``_HEADER_SPLIT`` cuts a header line (the ends of its matches not preceded by a bare
    "Classified By" label), worked out from the labels (LABEL_FIND: why: the regex tries every
    position of a 160-character line, 5 us; a label is found with str.find). A match is a run of
    blanks after a non-blank with a label right after it, so a cut is a label start with such a run
    before it. ``upper`` is ``line.upper()``; when it is not as long, its positions are not the
    line's, and the regex decides."""
    if len(upper) != len(line):
        return {m.end() for m in _HEADER_SPLIT.finditer(line) if not _LABEL_ONLY.match(line, 0, m.start())}
    cuts: set[int] = set()
    for needle in _LABEL_STARTS:
        at = upper.find(needle, 1)
        while at != -1:
            if line[at - 1] in _BLANKS:
                run = at - 1
                while run and line[run - 1] in _BLANKS:
                    run -= 1
                if run and not line[run - 1].isspace() and _LABEL_AT.match(line, at) \
                        and not _LABEL_ONLY.match(line, 0, run):
                    cuts.add(at)
            at = upper.find(needle, at + 1)
    return cuts


def _glued_label_cuts(line: str) -> set[int]:
    """Where ``_GLUED_LABEL`` cuts a header line (its matches not preceded by a bare "Classified By"
    label), worked out from the places it can match: "Classified" after a capital letter, and a quote
    after a blank (LABEL_FIND)."""
    cuts: set[int] = set()
    at = line.find("Classified", 1)
    while at != -1:
        if "A" <= line[at - 1] <= "Z" and _GLUED_AT.match(line, at) and not _LABEL_ONLY.match(line, 0, at):
            cuts.add(at)
        at = line.find("Classified", at + 1)
    at = line.find('"', 1)
    while at != -1:
        if line[at - 1] in _BLANKS and _GLUED_QUOTED_AT.match(line, at + 1) \
                and not _LABEL_ONLY.match(line, 0, at + 1):
            cuts.add(at + 1)
        at = line.find('"', at + 1)
    return cuts


def _normalised(text: str) -> str:
    """The text without a BOM, every line break a newline."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # (every match holds one; the substitution scans the whole text, 2.7 us a cable)
        text = _NEWLINES.sub("\n", text)
    return text


def _physical(text: str) -> tuple[str, list[str]]:
    """The normalised text (no BOM, every line break a newline) and its physical lines."""
    text = _normalised(text)
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    return text, physical


# PROVEN_LINES: the bytes ``Source.from_bytes`` read last and the tuple of their physical lines (held here,
# so neither identity can be reused). The result cache asks for the physical lines of the bytes a check
# read, and whether the check's lines are those (FROM_SOURCE): for those very bytes, that very tuple is the
# answer, worked out by the same functions, and the bytes are not decoded again.
_last_read: tuple = (None, None)


def physical_lines(data: bytes) -> tuple[str, ...]:
    """The physical lines of a file's bytes: ``Source.from_bytes(data).physical`` (the lines a check
    reports), without the logical split the parser needs (PROVEN_LINES: kept for the bytes read last)."""
    read = _last_read
    if read[0] is data:
        return read[1]
    return tuple(_physical(decode(data)[0])[1])


def are_physical_lines(lines: tuple[str, ...], data: bytes) -> bool:
    """``lines == physical_lines(data)`` for a tuple, worked out on the whole text instead of
    splitting it into new strings: joined by newlines, the lines give the normalised text without
    its last newline, and they are as many as its lines (so that none holds a newline).
    PROVEN_LINES: the very tuple ``Source.from_bytes`` made of these very bytes needs no comparison."""
    read = _last_read
    if read[1] is lines and read[0] is data:
        return True
    text = _normalised(decode(data)[0])
    if not text:
        return lines == ()
    body = text[:-1] if text.endswith("\n") else text
    return len(lines) == body.count("\n") + 1 and "\n".join(lines) == body


class Source:
    """The normalised text of one file and its logical lines."""

    text: str
    physical: list[str]
    logical: list[str]  # default: a new list
    # For each logical line: (physical line index 0-based, column offset 0-based).
    origin: list[tuple[int, int]]  # default: a new list
    note: DecodeNote | None = None

    @classmethod
    def from_bytes(cls, data: bytes) -> "Source":
        global _last_read
        text, note = decode(data)
        src = cls.from_text(text)
        src.note = note
        if data.__class__ is bytes:  # (bytes cannot change; a bytearray could after this)
            _last_read = (data, src.physical_tuple())
        return src

    def physical_tuple(self) -> tuple[str, ...]:
        """The physical lines as a tuple (the Document's ``lines``), made once per Source."""
        found = self.__dict__.get("_tuple")
        if found is None:
            found = self._tuple = tuple(self.physical)
        return found

    @classmethod
    def from_text(cls, text: str) -> "Source":
        text, physical = _physical(text)
        src = cls(text=text, physical=physical)
        src._split_logical()
        return src

    def _split_logical(self) -> None:
        physical = self.physical
        # WikiLeaks CSV exports end every line with " \\" and glue the header to
        # tab-separated metadata; both are artefacts of the export, not of the cable.
        csv_export = "\\" in self.text and sum(1 for line in physical[:200] if line.endswith("\\")) >= 3
        body = len(physical)  # the first line after the header zone
        offset = 0  # where line ``index`` starts in the text
        for index, line in enumerate(physical):
            if csv_export and line.endswith("\\"):
                line = line[:-1].rstrip()
            if index >= _HEADER_ZONE_MAX or _FIRST_PARAGRAPH.match(line):
                body = index
                break
            self._split_line(index, line, True, csv_export)
            offset += len(physical[index]) + 1
        if csv_export:
            for index in range(body, len(physical)):
                line = physical[index]
                self._split_line(index, line[:-1].rstrip() if line.endswith("\\") else line, False, True)
            return
        # In the body only a glued page header splits a line: copy the other lines in runs.
        start = body
        for index in _lines_with(self.text, offset, body, _PAGE_NEEDLES):
            self._copy(start, index)
            self._split_line(index, physical[index], False, False)
            start = index + 1
        self._copy(start, len(physical))

    def _copy(self, start: int, end: int) -> None:
        """Physical lines start..end-1 as logical lines, unsplit."""
        self.logical.extend(self.physical[start:end])
        self.origin.extend(zip(range(start, end), repeat(0)))

    def _split_line(self, index: int, line: str, in_header: bool, csv_export: bool) -> None:
        logical, origin = self.logical, self.origin
        page = ("OF" in line and (" OF " in line or " OF\t" in line or "\tOF" in line)) \
            or "PAGE " in line or "PAGE\t" in line  # _PAGE_NEEDLES with the blanks _PAGE_SPLIT puts beside them
        labels = False
        upper = ""
        if in_header and len(line) > 8:
            upper = line.upper()  # folds like re.I for these labels (no I or K in them)
            labels = ("E." in upper or "EO" in upper or "TAG" in upper or "SUBJ" in upper or "REF" in upper
                      or "CLASS" in upper or "CABLE DATED:" in upper  # _LABEL_STARTS ("(U)" is followed by
                      # CLASS); "E." in line implies "E." in upper
                      or _CSV_FIELD in line)
        if not page and not labels and not (in_header and csv_export and "\t" in line):
            logical.append(line)  # fast path: no page header, no field label, no export tab
            origin.append((index, 0))
            return
        cuts: set[int] = set()
        if labels:
            cuts.update(_header_cuts(line, upper))
            if '"' in line or "Classified" in line:  # every GLUED_LABEL match needs one of them
                cuts.update(_glued_label_cuts(line))
            if "E." in line:
                cuts.update(m.start() for m in _GLUED_EO.finditer(line))
            if "Cable dated:" in line:
                cuts.update(m.end() for m in _DATED_PREFIX.finditer(line))
            if _CSV_FIELD in line:
                cuts.update(m.end() for m in _CSV_FIELDS.finditer(line))
        if page and ("PAGE" in line or _CONT_NUMBERS.search(line)):  # PAGE_DIGITS
            for m in _PAGE_SPLIT.finditer(line):
                cuts.add(m.start())
                cuts.add(m.end())
        if in_header and csv_export and "\t" in line:  # the export glued its metadata to the header only
            cuts.update(i + 1 for i, ch in enumerate(line) if ch == "\t")
        if not cuts:
            logical.append(line)
            origin.append((index, 0))
            return
        cuts.discard(0)
        text_end = len(line.rstrip())  # a cut needs text after it (line[c:].strip() per cut is quadratic)
        cuts = {c for c in cuts if c < text_end}
        if not cuts:
            logical.append(line)
            origin.append((index, 0))
            return
        start = 0
        for cut in sorted(cuts):
            piece = line[start:cut]
            if piece.strip():
                logical.append(piece.rstrip())
                origin.append((index, start))
            start = cut
            while start < len(line) and line[start] in " \t":
                start += 1
        logical.append(line[start:])
        origin.append((index, start))

    def joined_lines(self) -> str:
        """``"\\n".join(self.physical)``, taken from the text (the physical lines are its pieces)."""
        text = self.text
        return text[:-1] if text.endswith("\n") else text

    def parse_text(self) -> str:
        """The logical lines joined for the parser (always newline-terminated)."""
        return "\n".join(self.logical) + "\n" if self.logical else ""

    def position(self, logical_index: int, column: int = 0) -> tuple[int, int]:
        """Map a 0-based logical line and 0-based column to a 1-based (line, column)."""
        if not self.origin:
            return 1, 1
        logical_index = min(max(logical_index, 0), len(self.origin) - 1)
        phys, offset = self.origin[logical_index]
        return phys + 1, offset + column + 1

    __match_args__ = ('text', 'physical', 'logical', 'origin', 'note')
    _FIELDS = __match_args__

    def __init__(self, text, physical, logical=_FACTORY, origin=_FACTORY, note=None):
        self.text = text
        self.physical = physical
        self.logical = [] if logical is _FACTORY else logical
        self.origin = [] if origin is _FACTORY else origin
        self.note = note

    def __repr__(self):
        return f"{self.__class__.__qualname__}(text={self.text!r}, physical={self.physical!r}, logical={self.logical!r}, origin={self.origin!r}, note={self.note!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.text, self.physical, self.logical, self.origin, self.note) == (other.text, other.physical, other.logical, other.origin, other.note)
        return NotImplemented

    __hash__ = None  # mutable: unhashable, as a dataclass with eq

"""Source's fast paths (pre-checks, the body's page-header search) give exactly the logical lines of
the plain version: every line of the file through the plain per-line split."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from validator import source as S
from validator.source import Source

sys.path.insert(0, str(Path(__file__).parent))
import cablegen  # noqa: E402


def _reference_split_line(self, index, line, in_header, csv_export):
    logical, origin = self.logical, self.origin
    if not in_header and not S._PAGE_SPLIT.search(line):
        logical.append(line)
        origin.append((index, 0))
        return
    cuts = set()
    if in_header and len(line) > 8:
        # the plain version: the label regex on every header line, no pre-check
        cuts.update(m.end() for m in S._HEADER_SPLIT.finditer(line) if not S._LABEL_ONLY.match(line, 0, m.start()))
        if "E." in line:
            cuts.update(m.start() for m in S._GLUED_EO.finditer(line))
    for m in S._PAGE_SPLIT.finditer(line):  # the plain version: every line is searched
        cuts.add(m.start())
        cuts.add(m.end())
    if in_header and csv_export and "\t" in line:
        cuts.update(i + 1 for i, ch in enumerate(line) if ch == "\t")
    cuts.discard(0)
    cuts = {c for c in cuts if c < len(line) and line[c:].strip()}
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


def _reference_split_logical(self):
    physical = self.physical
    csv_export = sum(1 for line in physical[:200] if line.endswith("\\")) >= 3
    in_header = True
    for index, line in enumerate(physical):
        if csv_export and line.endswith("\\"):
            line = line[:-1].rstrip()
        if in_header and (index >= S._HEADER_ZONE_MAX or S._FIRST_PARAGRAPH.match(line)):
            in_header = False
        self._split_line(index, line, in_header, csv_export)


class _Reference(Source):
    _split_line = _reference_split_line
    _split_logical = _reference_split_logical


def _texts():
    yield from (cablegen.generate(i, seed=3) for i in range(150))
    rng = random.Random(5)
    pieces = ["SUBJECT: X", "TAGS: PREL", "REF: A. STATE 1", "E.O. 12958: DECL: 1/1/2010", "EO 12958 N/A",
              "Classified By: A B, reasons 1.4 (b)", "CLASSIFIED BY: CLASSIFIED BY X", "ROME 00001234 001.2 OF 003",
              "PAGE 02 ROME 01234 01 OF 02 121212Z", "\t", "x", "word", "(U)", "1. (C) Text", "  ", "\\", "e.o. 13526:",
              "\n", "\n\n1. (C) Para", "MINISTER OF STATE", "PAGE 03", " OF ", "end of text",
              "PAGE 02 ROME 01234 121212Z", "PAGE\t02 ROME 01234 121212Z", "ROME 00001234 001.2\tOF\t003",
              "ROME 00001234 001.2 OF\t003"]
    for _ in range(3000):
        lines = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 30))]
        yield "\n".join(lines) + "\n"
        if rng.random() < 0.1:  # a CSV export: every line ends with " \\"
            yield "\n".join(line + " \\" for line in lines) + "\n"


def test_split_matches_the_reference():
    for text in _texts():
        mine, ref = Source.from_text(text), _Reference.from_text(text)
        assert (mine.logical, mine.origin) == (ref.logical, ref.origin), text

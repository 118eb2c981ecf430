"""Damage injection on real cables: does a publisher's kind of damage cascade into marking errors?

A damaged record must give one damage finding (REC001, warning) and no new error. Each class damages a
real cable the way published copies are damaged, independently of cablelint's parser, and counts the
cables where the damaged copy has an error finding that neither original cable had (an error is keyed by
its rule and the text of the line it points at, so shifted lines still compare):

  append            a second whole cable appended after the first (two cables in one file)
  header-over-body  the first cable's lines up to paragraph 1, then another cable's text from its paragraph 1
  drop-header       the lines between TAGS and paragraph 1 dropped (SUBJECT, REF, Classified By)
  truncate-header   a SUBJECT/REF/Classified By line cut at "..." and the header lines after it dropped
  garble-double     the banner's first letter doubled ("CC O N F I D E N T I A L")
  garble-drop       the banner's first letter lost ("O N F I D E N T I A L")

Only full cables dated 1996-2010 are used. header-over-body has, by construction, often no sign of the
splice at all (no page header, no second banner): it measures what cannot be told, not a target.
Usage:
  python benchmarks/damage.py [--share b] [--limit 300] [--seed 1] [-v]
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter

from mutations import CORPUS, dated_full_cables

CLASSES = ("append", "header-over-body", "drop-header", "truncate-header", "garble-double", "garble-drop")
FIRST_PARAGRAPH = re.compile(r"^[ \t]*(?:¶[ \t]*)?1[ \t]*\.[ \t]")
TAGS = re.compile(r"^[ \t]*TAGS?[ \t]*:", re.I)
CUTTABLE = re.compile(r"[ \t]*(?:SUBJECT|Classified By|REF)\b", re.I)
BANNER = re.compile(r"^[ \t]*(C O N F I D E N T I A L|S E C R E T|UNCLAS|CONFIDENTIAL|SECRET)\b")
SCAN = 120  # lines searched for paragraph 1
BANNER_ZONE = 40
SHORTEST_CUT = 15  # characters kept of a cut header line (the label and a little text)
PARTNER_STEP = 7  # the other cable of a pair: this many places further in the shuffled order


def first_paragraph(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines[:SCAN]) if FIRST_PARAGRAPH.match(line)), None)


def damage(kind: str, a: str, b: str, rng: random.Random) -> tuple[str, dict[int, str]] | None:
    """(the damaged text, {damaged line index: the original line}), or None when the cable has no site."""
    la, lb = a.split("\n"), b.split("\n")
    if kind == "append":
        return a.rstrip("\n") + "\n\n" + b, {}
    i = first_paragraph(la)
    if kind == "header-over-body":
        j = first_paragraph(lb)
        return None if i is None or j is None else ("\n".join(la[:i] + lb[j:]), {})
    if kind == "drop-header":
        tags = [k for k, line in enumerate(la[:i or 0]) if TAGS.match(line)]
        return None if i is None or not tags else ("\n".join(la[:tags[0] + 1] + la[i:]), {})
    if kind == "truncate-header":
        sites = [k for k, line in enumerate(la[:i or 0]) if CUTTABLE.match(line) and len(line) > 2 * SHORTEST_CUT]
        if i is None or not sites:
            return None
        k = rng.choice(sites)
        cut = rng.randrange(SHORTEST_CUT, len(la[k]) - 3)
        return "\n".join(la[:k] + [la[k][:cut] + "..."] + la[i:]), {k: la[k]}
    for k, line in enumerate(la[:BANNER_ZONE]):  # garble-double, garble-drop
        m = BANNER.match(line)
        if m:
            s = m.start(1)
            la[k] = line[:s] + (line[s] + line[s:] if kind == "garble-double" else line[s + 1:].lstrip())
            return "\n".join(la), {k: line}
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", default=None)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", action="store_true", help="list the cascades")
    args = parser.parse_args(argv)
    from validator.builder import parse_text
    from validator.engine.diagnostic import Severity
    from validator.engine.runner import run_rules, select_rules

    rules = select_rules()

    def errors(text: str, name: str, originals: dict[int, str]) -> set[tuple[str, str]]:
        lines = text.split("\n")
        found = set()
        for d in run_rules(parse_text(text, name), rules):
            if d.severity == Severity.ERROR:
                index = d.span.line - 1
                line = originals.get(index, lines[index] if 0 <= index < len(lines) else "")
                found.add((d.code, line.strip()))
        return found

    entries = dated_full_cables(args.share)
    for kind in CLASSES:
        rng = random.Random(f"{args.seed}-{kind}")
        order = entries[:]
        rng.shuffle(order)
        tried = cascades = 0
        codes: Counter = Counter()
        listed = []
        for index, entry in enumerate(order):
            if tried >= args.limit:
                break
            other = order[(index + PARTNER_STEP) % len(order)]
            a = (CORPUS / entry["file"]).read_text(encoding="utf-8", errors="replace")
            b = (CORPUS / other["file"]).read_text(encoding="utf-8", errors="replace")
            damaged = damage(kind, a, b, rng)
            if damaged is None:
                continue
            text, originals = damaged
            tried += 1
            known = errors(a, entry["file"], {})
            if kind in ("append", "header-over-body"):
                known |= errors(b, other["file"], {})
            new = errors(text, entry["file"], originals) - known
            if new:
                cascades += 1
                codes.update(code for code, _ in new)
                listed.append(f"{entry['file']} {other['file'] if kind in ('append', 'header-over-body') else ''}"
                              f" {sorted(code for code, _ in new)}")
        print(f"{kind:<17} cascades {cascades:>4}/{tried:<4} = {cascades / tried if tried else 0:.1%}  "
              f"{dict(codes.most_common())}")
        if args.v:
            for line in listed:
                print("    ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Mutation recall on real cables: inject one marking violation, expect the right rule at the right line.

Mutation sites are found in the raw text with regular expressions, independently of cablelint's parser,
so a paragraph the parser does not see still counts (a miss). Per class, up to --limit cables (seeded
random sample) from the shared corpus (optionally one share of it):

  drop-last  remove the mark of the last marked numbered paragraph        -> POR001 on that line
  drop       remove the mark of a random marked numbered paragraph        -> POR001 on that line
  raise      (C)/(U) paragraph of a CONFIDENTIAL cable written (S)         -> POR003 on that line
  noforn     a (C) paragraph written (C//NF) in a cable without NOFORN     -> CAP001 on that line
  reason     a reason letter of the Classified By line written (z)         -> CLB004 on that line
  decl       the DECL date moved 40 years after the cable                  -> EO005 on that line

Drops are made only where marks are required (a classified banner or SBU near the top). A site only counts when the unmutated cable has no finding of that rule on that line and is dated
1996-2010 (POR001 is an error from 1995-10-14). Usage:
  python benchmarks/mutations.py [--share b] [--limit 200] [--seed 1] [-v] [--code-root DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "real"

_MARK = r"\((?:C|S|U|SBU)(?:/+[A-Z]+)*\)"
# a numbered paragraph with its mark, at a line start or glued after a sentence end
PARA = re.compile(r"(?:^[ \t]*|(?<=[.!?:\"'][ \t]))(?:¶[ \t]*)?\d{1,2}[ \t]*\.[ \t]*(?P<mark>" + _MARK + ")")
DECL = re.compile(r"DECL:?[ \t]*(?P<date>\d{1,2}/\d{1,2}/(?P<year>\d{4}|\d{2}))\b")
REASON = re.compile(r"(?:CLASSIFIED BY|Classified By|Classified by)[^\n]*?1[.,]\s?[45]\s*\(?(?P<letter>[a-hA-H])\b")
# Where a mark is required: a classified banner or an SBU caption near the top (or an (SBU) mark).
NEEDS_MARKS = re.compile(r"C O N F I D E N T I A L|S E C R E T|\bCONFIDENTIAL\b|\bSECRET\b|\bSENSITIVE\b")
BANNER_ZONE = 40
CLASSES = ("drop-last", "drop", "raise", "noforn", "reason", "decl")
EXPECTED = {"drop-last": "POR001", "drop": "POR001", "raise": "POR003", "noforn": "CAP001", "reason": "CLB004",
            "decl": "EO005"}


def year_of(entry) -> int | None:
    created = (entry.get("expected") or {}).get("created") or ""
    if created[:4].isdigit():
        return int(created[:4])
    digits = entry["cable_id"][:2] if entry.get("cable_id") else ""
    if digits.isdigit():
        value = int(digits)
        return 2000 + value if value < 50 else 1900 + value
    return None


DATED = range(1996, 2011)  # cables dated 1996-2010: after E.O. 12958, within the corpus


def dated_full_cables(share: str | None) -> list[dict]:
    """Manifest entries of the full cables dated 1996-2010 (of one share, or all)."""
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    return [e for e in manifest if (share is None or e.get("share") == share)
            and e.get("kind") == "full" and (year_of(e) or 0) in DATED]


def sites(kind: str, text: str, rng: random.Random):
    """(line number, new text) for the mutation, or None."""
    lines = text.split("\n")
    if kind in ("drop-last", "drop", "raise", "noforn"):
        found = [(i, m) for i, line in enumerate(lines) for m in PARA.finditer(line)]
        if kind.startswith("drop") and not NEEDS_MARKS.search("\n".join(lines[:BANNER_ZONE])) \
                and "(SBU" not in text:
            return None  # an unclassified cable needs no marks: dropping a (U) is no violation
        if kind == "raise":
            head = "\n".join(lines[:60])
            if "C O N F I D E N T I A L" not in head and "CONFIDENTIAL" not in head.upper():
                return None
            if re.search(r"\(S(?:/|\))|SECRET", text.replace("C O N F I D E N T I A L", "")):
                return None
            found = [(i, m) for i, m in found if m.group("mark") in ("(C)", "(U)")]
        if kind == "noforn":
            if "NOFORN" in text.upper() or "/NF" in text.upper():
                return None
            found = [(i, m) for i, m in found if m.group("mark") == "(C)"]
        if not found:
            return None
        i, m = found[-1] if kind == "drop-last" else rng.choice(found)
        new = {"drop-last": "", "drop": "", "raise": "(S)", "noforn": "(C//NF)"}[kind]
        line = lines[i]
        lines[i] = line[:m.start("mark")] + new + line[m.end("mark"):]
        return i + 1, "\n".join(lines)
    if kind == "decl":
        for i, line in enumerate(lines):
            m = DECL.search(line)
            if m:
                year = int(m.group("year"))
                year = year + 2000 if year < 100 else year
                date = m.group("date").rsplit("/", 1)[0] + f"/{year + 40}"
                lines[i] = line[:m.start("date")] + date + line[m.end("date"):]
                return i + 1, "\n".join(lines)
        return None
    if kind == "reason":
        for i, line in enumerate(lines):
            m = REASON.search(line)
            if m:
                lines[i] = line[:m.start("letter")] + "z" + line[m.end("letter"):]
                return i + 1, "\n".join(lines)
    return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", default=None)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--code-root", default=None, help="import cablelint from this checkout")
    parser.add_argument("-v", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    if args.code_root:
        sys.path.insert(0, args.code_root)
    from validator.builder import parse_text
    from validator.engine.runner import run_rules, select_rules

    rules = select_rules()
    entries = dated_full_cables(args.share)
    total = {}
    for kind in CLASSES:
        rng = random.Random(f"{args.seed}-{kind}")
        order = entries[:]
        rng.shuffle(order)
        caught = tried = 0
        misses = []
        for entry in order:
            if tried >= args.limit:
                break
            text = (CORPUS / entry["file"]).read_text(encoding="utf-8", errors="replace")
            mutation = sites(kind, text, rng)
            if mutation is None:
                continue
            line, mutated = mutation
            code = EXPECTED[kind]
            before = {(d.code, d.span.line) for d in run_rules(parse_text(text, entry["file"]), rules)}
            if (code, line) in before:
                continue
            tried += 1
            after = {(d.code, d.span.line) for d in run_rules(parse_text(mutated, entry["file"]), rules)}
            if (code, line) in after:
                caught += 1
            else:
                misses.append(f"{entry['file']}:{line}")
        total[kind] = (caught, tried)
        print(f"{kind:<10} {caught:>4}/{tried:<4} = {caught / tried if tried else 0:.1%}")
        if args.v:
            for miss in misses:
                print("    miss", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

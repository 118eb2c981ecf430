#!/usr/bin/env python3
"""Where a check's time goes (not a test): stages, rules, line classification, cost per line.

Usage (from the repository root, with cablelint installed in the running Python):

    python benchmarks/breakdown.py                    # ../shared/corpus/real when present
    python benchmarks/breakdown.py DIRECTORY          # every *.txt below DIRECTORY
    python benchmarks/breakdown.py --synthetic 2000   # cables from tests/cablegen.py

``bench.py`` says how fast a check is; this says where its microseconds go, for work on the
engine (issue: one engine, 2,500 cables/s a core): the stages of one check (split into lines,
LALR parse, model, rules), the costliest rules, the regex matches of the line classifier per
grammar terminal (the matches that fail are the classifier's waste), and what one more body
line and one more cable cost, on small cables written here (a mixed-case and an all-capitals
body: capitals are candidates for more terminals). CPU time, best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the corpus default and the synthetic corpus)

# The small cables of the per-line and per-cable figures: a routing header, the fields, and numbered
# paragraphs of ten lines (a portion-marked start line and nine lines of body text).
HEADER = (b"R 011200Z JAN 09\nFM AMEMBASSY PARIS\nTO SECSTATE WASHDC\nCONFIDENTIAL PARIS 000123\n\n"
          b"E.O. 12958: DECL: 01/02/2019\nTAGS: PREL\nSUBJECT: (C) TALKS\n\n"
          b"Classified By: J. Doe, Reasons 1.4 (b) and (d)\n\n")
BODY_LINES = {
    "mixed case": b"the minister said that the government would consider the proposal and reply\n",
    "capitals": b"THE MINISTER SAID THAT THE GOVERNMENT WOULD CONSIDER THE PROPOSAL AND REPLY\n",
}
PARAGRAPH_LINES = 10
SHORT, LONG = 20, 400  # body lines of the two cables whose difference gives the cost of a line
SMALL_ROUNDS = 2000  # checks of the small cable per timing
TIMER_ROUNDS = 100_000  # calls of the timer to learn its own cost
FRAGMENT = b"UNCLASSIFIED STATE 000123\n\nSUBJECT: A TEST\n\n1. THE MINISTER SAID.\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    bench.add_corpus_arguments(ap)
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each timing (best is kept)")
    ap.add_argument("--top", type=int, default=15, help="how many rules to list")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cablelint-breakdown-") as tmp:
        return run(bench.corpus_directory(args, Path(tmp), "breakdown"), args)


def best_of(repeat: int, fn) -> float:
    """The least CPU time of ``repeat`` calls of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return max(best, 1e-9)


def run(directory: Path, args) -> int:
    from validator.builder import build
    from validator.checker import check_bytes
    from validator.discovery import iter_files
    from validator.engine.runner import select_rules
    from validator.parser import _runtime, parse_items
    from validator.source import Source

    paths = list(iter_files([str(directory)]))
    if not paths:
        sys.exit(f"breakdown: no *.txt files under {directory}")
    datas = [Path(p).read_bytes() for p in paths]
    rules = select_rules()
    _runtime()
    texts = [Source.from_bytes(d).parse_text() for d in datas]
    count = len(datas)
    gc.freeze()

    def per_cable(fn, *columns) -> float:  # (results are dropped as made: a list of them would
        def loop():  # keep the GC scanning a growing heap)
            for values in zip(*columns):
                fn(*values)
        return best_of(args.repeat, loop) / count * 1e6

    split = per_cable(Source.from_bytes, datas)
    parse = per_cable(parse_items, texts)
    model = per_cable(lambda p, d: build(Source.from_bytes(d), p), paths, datas)
    full = per_cable(lambda p, d: check_bytes(p, d, rules), paths, datas)
    print(f"corpus: {directory}: {count} files, {sum(map(len, texts)) / count / 1e3:.1f} KB and "
          f"{sum(t.count(chr(10)) for t in texts) / count:.0f} logical lines a cable; {len(rules)} rules")
    print()
    print(f"where a check's time goes (CPU us a cable, best of {args.repeat})")
    for name, value in (("split into lines (decode, logical lines)", split), ("LALR parse (lines to items)", parse),
                        ("builder (items to model)", model - split - parse),
                        ("rules (and the file's triage, cable facts)", full - model),
                        ("full check", full)):
        print(f"  {name:<42}{value:>8.0f}{100 * value / full:>6.0f}%")

    print()
    print(f"rules: the costliest {args.top} (us a cable, less the timer's own cost; a fact rules share is "
          "charged to the first that asks)")
    for code, value in _rule_costs(paths, datas, rules, args.repeat)[:args.top]:
        print(f"  {code:<8}{value:>7.1f}")

    print()
    print(_header_zone(paths, datas, rules, full, args.repeat))

    print()
    print("line classification: the LALR driver's regex matches, per terminal (a cable)")
    for row in _terminal_costs(texts, args.repeat):
        print("  " + row)

    print()
    print("one more body line, and one more cable (small cables written here; us)")
    for name, line in BODY_LINES.items():
        print("  " + _per_line(name, line, rules, args.repeat))
    fragment = Source.from_bytes(FRAGMENT)
    doc = build(fragment, "fragment.txt")
    small = _each(args.repeat, lambda _: build(Source.from_bytes(FRAGMENT), "fragment.txt"), range(SMALL_ROUNDS))
    checked = _each(args.repeat, lambda _: check_bytes("fragment.txt", FRAGMENT, rules), range(SMALL_ROUNDS))
    print(f"  a {len(doc.lines)}-line cable: model {small / SMALL_ROUNDS * 1e6:.0f}, "
          f"full check {checked / SMALL_ROUNDS * 1e6:.0f}"
          " (what every file costs before its length counts)")
    return 0


def _each(repeat: int, fn, items) -> float:
    """``best_of`` a loop calling ``fn`` on each item (results dropped); 0 for no items."""
    def loop():
        for item in items:
            fn(item)
    return best_of(repeat, loop) if items else 0.0


def _rule_costs(paths, datas, rules, repeat: int) -> list[tuple[str, float]]:
    """Per rule, the least over ``repeat`` rounds of its time on every document (built anew each
    round, so that the facts rules share are worked out again)."""
    from validator.builder import build
    from validator.source import Source

    timer = best_of(repeat, lambda: [time.process_time() for _ in range(TIMER_ROUNDS)]) / TIMER_ROUNDS
    best: dict[str, float] = {}
    for _round in range(max(1, repeat)):
        docs = [build(Source.from_bytes(d), p) for p, d in zip(paths, datas)]
        gc.freeze()  # (the documents stay out of the GC's scans while the rules run)
        spent: Counter = Counter()
        for doc in docs:
            for rule in rules:
                start = time.process_time()
                rule.run(doc)
                spent[rule.code] += time.process_time() - start
        for code, seconds in spent.items():
            best[code] = min(best.get(code, float("inf")), seconds)
    return sorted(((code, max(seconds / len(datas) - timer, 0.0) * 1e6) for code, seconds in best.items()),
                  key=lambda kv: -kv[1])


class _Recorder:
    """Stands in for a terminal's compiled pattern: records each line it is tried on and the answer."""

    def __init__(self, pattern, attempts: list):
        self.pattern, self.attempts = pattern, attempts

    def match(self, line):
        found = self.pattern.match(line)
        self.attempts.append((line, found is not None))
        return found


def _terminal_costs(texts, repeat: int) -> list[str]:
    """The matches the driver tries per terminal, on its own runtime (the process's is untouched),
    then timed again per terminal: how many fail and succeed a cable, and their cost."""
    try:
        from validator.grammar_resource import grammar_text
        from validator.parse_tables import load_tables
        from validator.parser import ParseError, _NotLineShaped, _Runtime, _parse_lines

        runtime = _Runtime(load_tables(grammar_text()))
        attempts: dict[str, list] = {name: [] for name in runtime.terminals}
        originals = {name: runtime.pattern(name) for name in runtime.terminals}
        runtime._compiled = {name: _Recorder(pattern, attempts[name]) for name, pattern in originals.items()}
    except Exception as exc:  # the driver's internals changed: this section needs updating, the rest stands
        return [f"(not available: {type(exc).__name__}: {exc})"]
    for text in texts:
        try:
            _parse_lines(text, runtime) if text else None
        except (_NotLineShaped, ParseError):  # (a text the driver leaves to Lark: its attempts so far count)
            pass
        except Exception as exc:  # the driver uses its patterns otherwise now: this section needs updating
            return [f"(not available: {type(exc).__name__}: {exc})"]
    count = len(texts)
    rows = []
    for name, tried in attempts.items():
        if not tried:
            continue
        pattern = originals[name]
        failed = [line for line, ok in tried if not ok]
        matched = [line for line, ok in tried if ok]
        fail_us = _each(repeat, pattern.match, failed) / count * 1e6
        ok_us = _each(repeat, pattern.match, matched) / count * 1e6
        rows.append((fail_us + ok_us, name, len(failed) / count, fail_us, len(matched) / count, ok_us))
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    failing = sum(r[3] for r in rows)
    lines = [f"{'terminal':<20}{'fail':>7}{'us':>7}{'match':>8}{'us':>7}"]
    lines += [f"{name:<20}{fails:>7.1f}{fail_us:>7.1f}{oks:>8.1f}{ok_us:>7.1f}"
              for _total, name, fails, fail_us, oks, ok_us in rows if _total >= 0.05]
    lines.append(f"all matches {total:.1f} us a cable, of which failing {failing:.1f} us "
                 "(TEXT is taken without a match)")
    return lines


def _header_zone(paths, datas, rules, full: float, repeat: int) -> str:
    """The cost of each file's header zone checked as a cable of its own: the lines before the first
    paragraph as the splitter finds it (``source._FIRST_PARAGRAPH``, at most ``_HEADER_ZONE_MAX``
    lines): the routing header, the banner and captions, the labelled fields. Its findings differ
    from the whole cable's (no paragraphs), so this says where the time goes, not what a rule costs."""
    from validator import source
    from validator.checker import check_bytes
    from validator.parser import parse_items

    try:
        first, most = source._FIRST_PARAGRAPH, source._HEADER_ZONE_MAX
    except AttributeError:
        return "the header zone alone: not available (the splitter's header rule has moved)"
    heads, lines = [], 0
    for data in datas:
        physical = source.Source.from_bytes(data).physical
        end = next((i for i, line in enumerate(physical) if i >= most or first.match(line)), len(physical))
        lines += end
        heads.append(("\n".join(physical[:end]) + "\n" if end else "").encode("utf-8", "replace"))
    texts = [source.Source.from_bytes(head).parse_text() for head in heads]
    count = len(heads)
    split = _each(repeat, source.Source.from_bytes, heads) / count * 1e6
    parse = _each(repeat, parse_items, texts) / count * 1e6
    checked = _each(repeat, lambda pair: check_bytes(*pair, rules), list(zip(paths, heads))) / count * 1e6
    return (f"the header zone alone ({lines / count:.0f} lines a cable before the first paragraph, checked as "
            f"cables of their own; us)\n  split {split:.0f}  parse {parse:.0f}  full check {checked:.0f} "
            f"({100 * checked / full:.0f}% of a whole cable's check)")


def _cable(body_lines: int, line: bytes) -> bytes:
    out = [HEADER]
    for number in range(1, body_lines // PARAGRAPH_LINES + 1):
        out.append(b"%d. (C) The paragraph begins here.\n" % number + line * (PARAGRAPH_LINES - 1) + b"\n")
    return b"".join(out)


def _per_line(name: str, line: bytes, rules, repeat: int) -> str:
    """What one more body line costs in each stage: the difference of two cables, per line."""
    from validator.builder import build
    from validator.engine.runner import run_rules
    from validator.parser import parse_items
    from validator.source import Source

    costs = {}
    for size in (SHORT, LONG):
        data = _cable(size, line)
        text = Source.from_bytes(data).parse_text()
        rounds = max(1, 4000 // size)

        def timed(fn):
            return _each(repeat, lambda _: fn(), range(rounds)) / rounds * 1e6

        costs[size] = (data.count(b"\n"), timed(lambda: Source.from_bytes(data)), timed(lambda: parse_items(text)),
                       timed(lambda: build(Source.from_bytes(data), "x.txt")),
                       timed(lambda: run_rules(build(Source.from_bytes(data), "x.txt"), rules)))
    extra = costs[LONG][0] - costs[SHORT][0]
    split, parse, model, full = ((costs[LONG][i] - costs[SHORT][i]) / extra for i in range(1, 5))
    return (f"a body line, {name:<11} split {split:.2f}  parse {parse:.2f}  builder {model - split - parse:.2f}  "
            f"rules {full - model:.2f}  full {full:.2f}  (a line of paragraphs of {PARAGRAPH_LINES + 1}: a marked "
            "start, text lines and a blank)")


if __name__ == "__main__":
    sys.exit(main())

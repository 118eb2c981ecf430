"""Never hang: look for inputs whose check time grows faster than their size (not a test).

Builds hostile records from pieces of cable syntax (REF items, marks, page headers, field labels,
publisher prefixes, redactions ...) repeated N times after a field label, on one line or one piece a
line, checks each at two sizes and prints the cases whose time grows most. A linear check grows about
as much as the size (x4 here); x16 is quadratic, x64 cubic: each such case is a bug to fix at its cause.

    python benchmarks/scaling.py [--seed 1] [--trials 60] [--lines] [--small 2000] [--timeout 20]
"""

from __future__ import annotations

import argparse
import random
import signal
import time

HEAD = (b"VZCZCXRO1844\nOO RUEHGA\nDE RUEHOT #0700/01 2522019\nZNY CCCCC ZZH\nO 092019Z SEP 09\n"
        b"FM AMEMBASSY OTTAWA\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 9827\n\nC O N F I D E N T I A L OTTAWA 000700\n\n")
TAIL = b"\n\n1. (C) End.\n\nDOE\n"
PIECES = [
    b"A. STATE 1234 ", b"(C) ", b"1. ", b"(S/NF) ", b"OTTAWA 00000700 002 OF 003 ", b"PAGE 02 OTTAWA 00700 01 OF 02 092019Z ",
    b"E.O. 12958: DECL: 09/09/2019 ", b"TAGS: PREL ", b"SUBJECT: X ", b"REF: A ", b"Classified By: Amb John Doe, reasons 1.4 (b) ",
    b"... ", b"XXXXXXXXXXXX ", b"-- ", b"\" ", b"SIPDIS ", b"NOFORN ", b"C O N F I D E N T I A L ", b"END SUMMARY. ",
    b"2. (C) Text. ", b"( ", b") ", b"1.4 (b) and (d) ", b"DOE\n", b"\n", b"\n\n", b"REFTEL ", b"ref A ", b"(A) ", b"(B) ",
    b"09 STATE 123 ", b"B HAVANA 772 ", b"Cable dated:2010-01-21T11:33:00", b"\",\"", b"\t", b"\\\n", "\u00b6".encode(),
    b"OVIP (SMITH, JOHN) ", b"DECL: ", b"25X1 ", b"Sensitive but unclassified ", b"ENTIRE TEXT ", b"BEGIN TEXT: ", b"QUOTE ",
    b"NNNN\n",
]
LABELS = [b"", b"E.O. 12958: DECL: 09/09/2019\nTAGS: PREL CA\nSUBJECT: ", b"Classified By: ", b"REF: ", b"1. (C) ", b"TAGS: "]
GROWTH = 4  # the large size is this many times the small one
PIECES_MAX = 3
SHOWN = 10


class _Slow(Exception):
    pass


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--lines", action="store_true", help="one repeated piece a line (default: one long line)")
    parser.add_argument("--small", type=int, default=2000, help="repetitions at the small size")
    parser.add_argument("--timeout", type=int, default=20, help="seconds before a case counts as a hang")
    args = parser.parse_args(argv)
    from validator.checker import check_bytes
    from validator.engine.runner import select_rules

    rules = select_rules()
    rng = random.Random(args.seed)
    separator = b"\n" if args.lines else b""

    def on_alarm(*_):
        raise _Slow

    signal.signal(signal.SIGALRM, on_alarm)
    results = []
    for _ in range(args.trials):
        unit = b"".join(rng.choice(PIECES) for _ in range(rng.randrange(1, PIECES_MAX + 1))) + separator
        label = rng.choice(LABELS)
        times = []
        for n in (args.small, args.small * GROWTH):
            data = HEAD + label + unit * n + TAIL
            start = time.perf_counter()
            signal.alarm(args.timeout)
            try:
                check_bytes("hostile.txt", data, rules)
            except _Slow:
                times.append(float("inf"))
                break
            finally:
                signal.alarm(0)
            times.append(time.perf_counter() - start)
        growth = times[-1] / max(times[0], 1e-3) if len(times) == 2 else float("inf")
        results.append((growth, times[-1], label, unit))
    results.sort(key=lambda r: (-r[0], -r[1]))
    print(f"{'growth':>7} {'seconds':>8}  label / repeated piece (x{GROWTH} in size)")
    for growth, seconds, label, unit in results[:SHOWN]:
        print(f"{growth:7.1f} {seconds:8.3f}  {label[-20:]!r} / {unit!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

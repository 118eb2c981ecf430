"""Mutation tests: one programmatic edit to a correct cable (the seed and small cables written
here) is detected by the expected header/banner rule at the expected line, and the unmutated
cables produce no error from these rules."""

import pytest
from conftest import SEED, cable

from validator.builder import parse_text
from validator.engine.diagnostic import Severity
from validator.engine.runner import run_rules, select_rules

SECRET_2008 = cable("""
    VZCZCXRO4549
    PP RUEHBS
    DE RUEHRK #0195/01 2531700
    ZNY SSSSS ZZH
    P 091700Z SEP 08
    FM AMEMBASSY REYKJAVIK
    TO RUEHC/SECSTATE WASHDC PRIORITY 3803
    INFO RUEHBS/USEU BRUSSELS PRIORITY

    S E C R E T SECTION 01 OF 02 REYKJAVIK 000195

    NOFORN
    SIPDIS

    E.O. 12958: DECL: 09/09/2018
    TAGS: PREL MARR IC
    SUBJECT: A SMALL SECRET CABLE

    Classified By: Ambassador Carol van Voorst, reasons 1.4 (b) and (d)

    1. (S/NF) First paragraph.

    REYKJAVIK 00000195 002 OF 002

    2. (S/NF) Second paragraph.

    VAN VOORST
    """)

UNCLAS_2010 = cable("""
    VZCZCXRO0379
    PP RUEHC
    DE RUEHC #0284 0041825
    ZNR UUUUU ZZH
    P R 041820Z JAN 10
    FM SECSTATE WASHDC
    TO RUEHBO/AMEMBASSY BOGOTA PRIORITY 0001
    INFO RUEHCV/AMEMBASSY CARACAS 0002

    UNCLAS STATE 000284

    SENSITIVE
    SIPDIS

    E.O. 12958: N/A
    TAGS: PREL CO
    SUBJECT: A SMALL SBU CABLE

    1. (SBU) Only paragraph.

    CLINTON
    """)

BASES = {"seed": SEED.read_text(encoding="utf-8"), "secret_2008": SECRET_2008, "unclas_2010": UNCLAS_2010}


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def diagnostics(text: str):
    return run_rules(parse_text(text, "<mutant>"), select_rules(["HDR", "BAN"]))


@pytest.mark.parametrize("name", sorted(BASES))
def test_unmutated_cables_have_no_errors(name):
    errors = [d for d in diagnostics(BASES[name]) if d.severity >= Severity.ERROR]
    assert errors == []


def _regex_sub(pattern, repl):
    import re

    return lambda text: re.sub(pattern, repl, text, count=1, flags=re.M)


# (name, mutation, expected code, marker of the expected line in the mutant)
MUTATIONS = [
    ("more-sections", _regex_sub(r"SECTION 01 OF 02", "SECTION 01 OF 03"), "BAN004", r"00000"),
    ("section-beyond-total", _regex_sub(r"SECTION 01 OF 02", "SECTION 03 OF 02"), "BAN004", "SECTION 03 OF 02"),
    ("julian-day-shift", _regex_sub(r"^(DE \S+ #\S+ )(\d{3})", lambda m: m.group(1) + f"{int(m.group(2)) + 5:03d}"),
     "HDR005", "DE "),
    ("julian-day-zero", _regex_sub(r"^(DE \S+ #\S+ )\d{3}", r"\g<1>000"), "HDR004", "DE "),
    ("julian-day-367", _regex_sub(r"^(DE \S+ #\S+ )\d{3}", r"\g<1>367"), "HDR004", "DE "),
    ("fl4-confidential-to-secret", _regex_sub(r"ZNY CCCCC", "ZNY SSSSS"), "HDR008", "ZNY SSSSS"),
    ("fl4-secret-to-confidential", _regex_sub(r"ZNY SSSSS", "ZNY CCCCC"), "HDR008", "ZNY CCCCC"),
    ("fl4-unclas-to-confidential", _regex_sub(r"ZNR UUUUU", "ZNY CCCCC"), "HDR008", "ZNY CCCCC"),
    ("banner-to-unclas", _regex_sub(r"^(C O N F I D E N T I A L|S E C R E T) ", "UNCLAS "), "HDR008", "ZNY "),
    ("banner-to-secret", _regex_sub(r"^UNCLAS ", "S E C R E T "), "HDR008", "ZNR "),
    ("dtg-day-32", _regex_sub(r"^([OPR](?: [OPR])?) \d\d", r"\g<1> 32"), "HDR009", "Z "),
    ("dtg-hour-25", _regex_sub(r"^([OPR](?: [OPR])? \d\d)\d\d", r"\g<1>25"), "HDR009", "Z "),
    ("digraph", _regex_sub(r"^(OO|PP) ", "RR "), "HDR003", "RR "),
    ("ssn", _regex_sub(r"#(\d{4})", lambda m: f"#{(int(m.group(1)) + 1) % 10000:04d}"), "HDR006", "DE "),
    ("de-section", _regex_sub(r"#(\d{4})/01", r"#\g<1>/02"), "HDR007", "DE "),
    ("continuation-serial", _regex_sub(r"^(\w+) 0000(\d{4}) 002 OF", lambda m: f"{m.group(1)} 0001{m.group(2)} 002 OF"),
     "BAN004", " 002 OF "),
    ("secret-sensitive", _regex_sub(r"^S E C R E T ", "S E C R E T SENSITIVE "), "BAN002", "SENSITIVE "),
    ("confidential-sbu", _regex_sub(r"^C O N F I D E N T I A L ", "CONFIDENTIAL SBU "), "BAN002", "SBU "),
    ("banner-removed", _regex_sub(r"^(C O N F I D E N T I A L|S E C R E T|UNCLAS) .*\n", ""), "BAN001", "E.O."),
]


def _cases():
    for base_name, base in sorted(BASES.items()):
        for name, mutate, code, marker in MUTATIONS:
            mutant = mutate(base)
            if mutant != base:
                yield pytest.param(mutant, code, marker, id=f"{base_name}-{name}")


CASES = list(_cases())


def test_every_mutation_applies_somewhere():
    applied = {case.id.split("-", 1)[1] for case in CASES}
    for name, *_ in MUTATIONS:
        assert any(case_id.endswith(name) for case_id in applied), name


@pytest.mark.parametrize("mutant, code, marker", CASES)
def test_mutation_is_detected_at_the_expected_line(mutant, code, marker):
    found = [(d.code, d.span.line) for d in diagnostics(mutant)]
    assert (code, line_of(mutant, marker)) in found, found


def test_seed_mutations_named_in_the_brief():
    seed = BASES["seed"]
    cases = [
        (seed.replace("SECTION 01 OF 02", "SECTION 01 OF 03"), ("BAN004", 39)),
        (seed.replace("2522019", "2552019"), ("HDR005", 5)),
        (seed.replace("ZNY CCCCC", "ZNY SSSSS"), ("HDR008", 6)),
        (seed.replace("C O N F I D E N T I A L SECTION", "UNCLAS SECTION"), ("HDR008", 6)),
    ]
    for mutant, expected in cases:
        assert expected in [(d.code, d.span.line) for d in diagnostics(mutant)]

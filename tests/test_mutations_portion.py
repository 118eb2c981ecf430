"""Mutation tests: break one marking of a correct cable and expect the right rule at the right line.

Start cables: the seed and small correct cables. Mutations: raise one paragraph above the
banner (POR003), drop one paragraph mark (POR001), change the banner to UNCLAS (POR003),
add /NF to one paragraph without a NOFORN caption (CAP001).
"""

import re

import pytest
from conftest import SEED, cable

from validator.builder import parse_text
from validator.engine import Severity
from validator.engine.runner import run_rules, select_rules

MARK = re.compile(r"\((?:TS|S|C|U|SBU)(?:/+[A-Z]+)*\)")

SMALL = {
    "confidential": cable("""
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827

        C O N F I D E N T I A L OTTAWA 000123

        SIPDIS

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (U) TEST SUBJECT

        Classified By: John Doe, Political Counselor, reasons 1.4 (b) and (d)

        1. (C) Summary: text.

        2. (U) Background.

        3. (C) Comment: text.

        BREESE
        """),
    "secret": cable("""
        O 092019Z SEP 09
        FM SECSTATE WASHDC
        TO RUEHOT/AMEMBASSY OTTAWA IMMEDIATE 1234

        S E C R E T STATE 000456

        SIPDIS

        E.O. 12958: DECL: 09/09/2034
        TAGS: PREL PARM
        SUBJECT: (C) TEST SUBJECT

        Classified By: Jane Roe, Director, reasons 1.4 (b) and (d)

        1. (S) Summary: text.

        2. (C) Text.

        A. (C) Sub-item.

        3. (U) Action request.

        CLINTON
        """),
}
CABLES = {"seed": SEED.read_text(encoding="utf-8"), **SMALL}


def diagnostics(text):
    return run_rules(parse(text), select_rules(["POR", "CAP"]))


def errors(text):
    return [(d.code, d.span.line) for d in diagnostics(text) if d.severity is Severity.ERROR]


def mark_lines(text):
    """Lines of numbered paragraphs that carry a mark right after the number."""
    return [i for i, line in enumerate(text.splitlines(), 1)
            if re.match(r"\s*¶?\d{1,2}\.\s*" + MARK.pattern, line)]


def banner_line(text):
    return parse(text).banner.span.line


def on_line(text, line_no, change):
    lines = text.splitlines(keepends=True)
    lines[line_no - 1] = change(lines[line_no - 1])
    return "".join(lines)


def mutations(name):
    text = CABLES[name]
    for line in mark_lines(text):
        yield pytest.param(name, "raise", line, id=f"{name}-raise-{line}")
        yield pytest.param(name, "drop", line, id=f"{name}-drop-{line}")
        yield pytest.param(name, "add-nf", line, id=f"{name}-nf-{line}")
    yield pytest.param(name, "unclas", banner_line(text), id=f"{name}-unclas")


def mutate(text, kind, line):
    if kind == "raise":  # one step above the banner: C -> S, S -> TS
        target = "(TS)" if parse(text).banner.level.value == "SECRET" else "(S)"
        return on_line(text, line, lambda s: MARK.sub(target, s, count=1))
    if kind == "drop":
        return on_line(text, line, lambda s: MARK.sub("", s, count=1))
    if kind == "add-nf":
        return on_line(text, line, lambda s: MARK.sub(lambda m: m.group(0)[:-1] + "/NF)", s, count=1))
    if kind == "unclas":
        return on_line(text, line, lambda s: re.sub(r"(?:S E C R E T|C O N F I D E N T I A L)", "UNCLAS", s))
    raise ValueError(kind)


def parse(text):
    """Parse as is (conftest.parse strips leading blank lines, which would shift the seed)."""
    return parse_text(text, "<mutant>")


EXPECTED = {"raise": "POR003", "drop": "POR001", "add-nf": "CAP001", "unclas": "POR003"}


@pytest.mark.parametrize("name", sorted(CABLES))
def test_unmutated_cables_have_no_error(name):
    assert errors(CABLES[name]) == []


@pytest.mark.parametrize("name,kind,line", [p for n in sorted(CABLES) for p in mutations(n)])
def test_mutation_is_detected_at_its_line(name, kind, line):
    text = CABLES[name]
    mutated = mutate(text, kind, line)
    assert mutated != text
    found = errors(mutated)
    if kind == "unclas":
        # every classified portion is now above the banner: the first one is reported
        first = min(p.marking.span.line for p in parse(text).paragraphs
                    if p.marking and p.marking.level.classified and not p.classification_block)
        assert (EXPECTED[kind], first) in found
    else:
        assert (EXPECTED[kind], line) in found
    # nothing else at error level is introduced on other lines by a single-paragraph mutation
    if kind != "unclas":
        assert {f for f in found if f[1] != line} == set()


def test_mutation_messages_name_the_tokens():
    seed = CABLES["seed"]
    raised = mutate(seed, "raise", 31)
    assert ("paragraph 3 is marked (S) but the banner is CONFIDENTIAL"
            in [d.message for d in diagnostics(raised) if d.code == "POR003"])
    flagged = mutate(seed, "add-nf", 33)
    assert any(d.code == "CAP001" and "(C/NF)" in d.message for d in diagnostics(flagged))

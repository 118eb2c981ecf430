"""Synthetic cables (tests/cablegen.py): correct ones raise no error, and every injected
violation is found by its rule at its line. A mutation whose rule is not registered
(yet) is skipped, so the suite grows with the rule set."""

from __future__ import annotations

import collections

import pytest

from cablegen import ERAS, MUTATIONS, cable_name, generate, mutate, write_corpus
from validator.builder import parse_text
from validator.checker import check_bytes
from validator.engine import Severity, get_rule
from validator.engine.runner import select_rules
from validator.model import Level

COUNT = 10 * len(ERAS)  # ten cables per era
CABLES = [(cable_name(i), generate(i)) for i in range(COUNT)]
PER_KIND = 12  # mutated cables checked per mutation kind


def check(name: str, text: str, extra=()):
    rules = select_rules(extend_select=list(extra))
    return check_bytes(name, text.encode("utf-8"), rules).diagnostics


def test_generation_is_deterministic_and_varied():
    assert generate(5, seed=3) == generate(5, seed=3)
    assert generate(5, seed=3) != generate(5, seed=4)
    texts = {text for _, text in CABLES}
    assert len(texts) == COUNT
    assert len({name for name, _ in CABLES}) == COUNT


def test_every_era_parses_as_intended():
    seen = collections.defaultdict(set)
    for index, (_, text) in enumerate(CABLES):
        era = ERAS[index % len(ERAS)]
        doc = parse_text(text)
        assert doc.banner is not None and doc.banner.strong, (era, text[:300])
        assert doc.eo is not None and doc.tags is not None and doc.subject is not None
        assert doc.date.exact and doc.signature is not None
        marks = {p.marking.raw for p in doc.paragraphs if p.marking}
        seen[era].add(doc.banner.level)
        if era == "1975":
            assert doc.eo.order == 11652 and doc.eo.decl.kind == "na" and not marks
        elif era == "1985":
            assert doc.eo.order == 12356 and doc.eo.decl.kind == "oadr" and doc.classified_by is None
        elif era == "1998" and doc.banner.level.classified:
            assert doc.classified_by.reason_section == "1.5" and doc.eo.decl.kind == "date"
            assert doc.eo.decl.date <= doc.date.value.replace(year=doc.date.value.year + 10)
        elif era in ("2006", "2009", "noforn") and doc.banner.level.classified:
            assert doc.classified_by.reason_section == "1.4" and doc.classified_by.reasons
            assert doc.header.family == "acp127" and doc.header.security.letters == doc.banner.level.letter * 5
        if era == "2009":
            assert doc.banner.sections and doc.banner.sections >= 2
            assert len(doc.continuations) == doc.banner.sections - 1
            assert all(c.serial == doc.banner.serial and c.sections == doc.banner.sections
                       for c in doc.continuations)
            assert doc.header.de.section == 1
        if era == "sbu":
            assert doc.banner.sensitive or "SENSITIVE" in doc.caption_tokens
            assert "(SBU)" in marks and doc.eo.decl.kind == "na" and doc.classified_by is None
        if era == "noforn":
            assert "NOFORN" in doc.caption_tokens and "(S/NF)" in marks
        if doc.header.de is not None:
            assert doc.header.de.julian_day == doc.header.dtg.value.timetuple().tm_yday
            assert doc.header.de.sequence == doc.banner.serial % 10000
    assert seen["1985"] >= {Level.CONFIDENTIAL, Level.SECRET}
    assert seen["1975"] >= {Level.UNCLASSIFIED, Level.LIMITED_OFFICIAL_USE}


def test_no_error_on_unmutated_cables():
    errors = []
    for name, text in CABLES:
        for d in check(name, text):
            if d.severity >= Severity.ERROR:
                errors.append(f"{name}:{d.span.line}: {d.code} {d.message}")
    assert not errors, "\n".join(errors[:30])


def test_every_mutation_applies_and_changes_the_text():
    for kind in MUTATIONS:
        applied = [m for _, text in CABLES if (m := mutate(text, kind))]
        assert applied, f"mutation {kind} applies to no generated cable"
        for (mutated, code, line), (_, text) in zip(applied, CABLES):
            lines = (line,) if isinstance(line, int) else line
            assert mutated != text and all(1 <= n <= mutated.count("\n") for n in lines)
            assert code[:3] in {"POR", "CAP", "HDR", "BAN", "EO0", "CLB", "STR"}


def _expected_code(kind: str) -> str:
    return next(m[1] for _, text in CABLES if (m := mutate(text, kind)))


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_mutation_is_detected_with_rule_and_line(kind):
    code = _expected_code(kind)
    if get_rule(code) is None:
        pytest.skip(f"rule {code} is not registered on this branch")
    misses, checked = [], 0
    for name, text in CABLES:
        found = mutate(text, kind)
        if found is None:
            continue
        mutated, code, line = found
        lines = (line,) if isinstance(line, int) else line
        # Detection = a finding of that rule at that line that the correct cable did not have
        # (a rule may already warn there, e.g. POR005 on an unmarked subject).
        before = {(d.code, d.span.line, d.message) for d in check(name, text, [code])}
        after = check(name, mutated, [code])
        if not any(d.code == code and d.span.line in lines and (d.code, d.span.line, d.message) not in before
                   for d in after):
            where = sorted({d.span.line for d in after if d.code == code})
            misses.append(f"{name}: {kind} expected {code} at line {lines}, got it at {where or 'no line'}")
        checked += 1
        if checked >= PER_KIND:
            break
    assert checked and not misses, "\n".join(misses)


def test_write_corpus(tmp_path):
    paths = write_corpus(tmp_path / "corpus", 30, seed=7)
    assert len(paths) == 30 and len(set(paths)) == 30
    assert open(paths[4], encoding="utf-8").read() == generate(4, seed=7)

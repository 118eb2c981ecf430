"""The record classes (written out for start-up speed, validator/records.py) behave exactly like
the ``@dataclass`` classes they replace: same constructor, repr, ==, hash, ordering, frozenness
and ``replace``; and a one-file check imports no dataclasses at all."""

from __future__ import annotations

import dataclasses
import inspect
import itertools

import pytest

import importlib

from validator import model as m
from validator.records import _FACTORY, _REQUIRED, deferred_field, frozen_setattr

MODULES = ["validator.model", "validator.source", "validator.engine.diagnostic", "validator.config",
           "validator.options", "validator.checker", "validator.discovery", "validator.rules.portion_scan",
           "validator.rules.banner", "validator.report.base"]
RECORDS = [cls for name in MODULES for cls in vars(importlib.import_module(name)).values()
           if inspect.isclass(cls) and "_FIELDS" in vars(cls) and cls.__module__ == name]


def _frozen(cls) -> bool:
    return cls.__setattr__ is frozen_setattr


def _reference(cls):
    """The dataclass that ``@dataclass`` makes of the class's annotations and defaults (a default of
    ``_FACTORY`` is a new list or dict: the type is read from a fresh instance)."""
    namespace = {"__annotations__": dict(cls.__annotations__), "__qualname__": cls.__qualname__}
    defaults = {p.name: p.default for p in inspect.signature(cls.__init__).parameters.values()}
    for name in cls.__annotations__:
        if isinstance(vars(cls).get(name), deferred_field):  # DEFERRED_FIELD: its declared default
            if vars(cls)[name].default is not _REQUIRED:
                namespace[name] = vars(cls)[name].default
        elif name in vars(cls):
            namespace[name] = vars(cls)[name]
        elif defaults.get(name) is not None and defaults[name] is not inspect.Parameter.empty \
                and type(defaults[name]) is object:
            kind = type(getattr(cls(**_values(cls, {})), name))
            namespace[name] = dataclasses.field(default_factory=kind, compare=name != "extra")
    for name, value in vars(cls).items():  # methods the dataclass keeps (e.g. __post_init__)
        if name == "__post_init__":
            namespace[name] = value
    return dataclasses.dataclass(frozen=_frozen(cls), order=cls is m.Span)(type(cls.__name__, (), namespace))


def _values(cls, values: dict) -> dict:
    """Required arguments (placeholders) plus ``values``."""
    required = [p.name for p in list(inspect.signature(cls.__init__).parameters.values())[1:]
                if p.default is inspect.Parameter.empty]
    out = {name: ("v", i) for i, name in enumerate(required)}
    out.update(values)
    if cls.__name__ == "Fix":
        out["applicability"] = "safe"  # validated in __post_init__
    return out


def test_every_model_class_is_a_record():
    assert len(RECORDS) >= 37
    assert not any(dataclasses.is_dataclass(cls) for cls in RECORDS)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_record_matches_dataclass(cls):
    ref = _reference(cls)
    def params(c):
        return [(p.name, p.kind, "factory" if p.default is _FACTORY or repr(p.default) == "<factory>" else p.default)
                for p in inspect.signature(c).parameters.values()]

    assert params(cls) == params(ref)
    assert cls._FIELDS == cls.__match_args__ == tuple(f.name for f in dataclasses.fields(ref))
    counter = itertools.count()
    values = _values(cls, {f.name: ("v", next(counter)) for f in dataclasses.fields(ref)})
    mine, theirs = cls(**values), ref(**values)
    assert repr(mine) == repr(theirs)
    if _frozen(cls):
        assert hash(mine) == hash(theirs)
    else:
        assert cls.__hash__ is None and ref.__hash__ is None
    assert mine == cls(**values) and not (mine != cls(**values))
    assert mine != theirs  # another class, as between two dataclasses
    other = dict(values)
    first = next(name for name in other if name != "applicability")
    other[first] = ("v", -1)
    assert (mine == cls(**other)) == (theirs == ref(**other))
    if cls is m.Span:
        assert (mine < cls(**other)) == (theirs < ref(**other))
        assert sorted([m.Span(2, 1, 2, 3), m.Span(1, 5, 1, 6), m.Span(1, 2, 1, 9)]) == [
            m.Span(1, 2, 1, 9), m.Span(1, 5, 1, 6), m.Span(2, 1, 2, 3)]
    if _frozen(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(mine, first, 1)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(mine, first)
    assert m.replace(mine, **{first: 5}) == cls(**{**values, first: 5})
    assert m.replace(mine) == mine
    assert repr(m.replace(mine, **{first: 5})) == repr(dataclasses.replace(theirs, **{first: 5}))


def test_document_extra_is_a_fresh_dict_outside_comparison():
    fields = {name: None for name in m.Document._FIELDS if name not in ("extra", "integrity", "cable_id", "decode_note")}
    a, b = m.Document(**fields), m.Document(**fields)
    assert a.extra == {} and a.extra is not b.extra
    a.extra["x"] = 1
    assert a == b and hash(a) == hash(b)


def test_a_replaced_document_does_not_inherit_the_facts_of_the_original():
    """A fact (memo.per_document) is derived from one document; a copy with another integrity (what
    the builder does when it finds damage) must compute its own, and keeps the other extras."""
    from validator.builder import parse_text
    from validator.rules.support import header_zone_intact

    doc = parse_text("UNCLAS STATE 000123\nSUBJECT: X\n\n1. (U) Text.\n")
    assert header_zone_intact(doc) is True
    doc.extra["note"] = "kept"
    cut = m.replace(doc, integrity=(m.Damage("truncated", m.Span(2, 1, 2, 5), "cut at ..."),))
    assert header_zone_intact(cut) is False
    assert cut.extra["note"] == "kept" and header_zone_intact(doc) is True


def _count_searches(monkeypatch, module, name: str) -> list:
    """Replace the pattern ``module.name`` with one that records the text of each search."""
    calls: list = []
    real = getattr(module, name)

    class Counting:
        def search(self, text):
            calls.append(text)
            return real.search(text)

    monkeypatch.setattr(module, name, Counting())
    return calls


def test_shared_facts_are_worked_out_once_per_document(monkeypatch):
    """archival_eo, asked by six rules, searches the E.O. line once per document."""
    from validator.builder import parse_text
    from validator.checker import check_bytes
    from validator.engine.runner import select_rules
    from validator.rules import support

    calls = _count_searches(monkeypatch, support, "_ARCHIVAL")
    cable = (b"CONFIDENTIAL STATE 000123\n\nE.O. 12958: DECL: 01/02/2015\nTAGS: PREL\nSUBJECT: (C) X\n\n"
             b"Classified By: J. Doe, Reasons 1.4 (b) and (d)\n\n1. (C) Text.\n")
    check_bytes("a.txt", cable, select_rules())
    assert len(calls) == 1
    doc = parse_text("UNCLAS STATE 000123\nE.O. 12958: DECL: DECLASSIFIED BY NARA\n\n1. (U) Text.\n")
    assert support.archival_eo(doc) and support.archival_eo(doc) and len(calls) == 2


def test_the_reason_and_the_original_authority_are_worked_out_once_per_document(monkeypatch):
    """reason_of (CLB003, CLB004) and _original (CLB002, CLB003) read the Classified By text, which
    on a record glued into one line is the rest of the cable: once per document, not once per rule."""
    from validator.builder import parse_file
    from validator.checker import check_bytes
    from validator.engine.runner import select_rules
    from validator.rules import authority

    cable = (b"R 011200Z JAN 09\nFM AMEMBASSY PARIS\nTO SECSTATE WASHDC\n"
             b"CONFIDENTIAL PARIS 000123\n\nE.O. 12958: DECL: 01/02/2019\nTAGS: PREL\nSUBJECT: (C) X\n\n"
             b"Classified By: J. Doe, Political Counselor\n\n1. (C) Text.\n")
    reasons: list = []
    real_parse = authority.parse_reasons
    monkeypatch.setattr(authority, "parse_reasons", lambda text: reasons.append(text) or real_parse(text))
    derivative = _count_searches(monkeypatch, authority, "_DERIVATIVE")
    codes = {d.code for d in check_bytes("a.txt", cable, select_rules()).diagnostics}
    assert "CLB003" in codes  # no reason found (CLB004 asks too, and has nothing to say then)
    assert len(derivative) == 1
    in_check = len(reasons)
    alone = parse_file("a.txt", cable)
    authority.reason_of(alone)
    assert in_check == len(reasons) - in_check > 0  # the lines around the line, searched once
    assert authority._original(alone) and authority._original(alone) and len(derivative) == 2

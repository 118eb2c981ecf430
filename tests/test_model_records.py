"""The model's record classes (written out for start-up speed) behave exactly like the
``@dataclass(frozen=True)`` classes they replace: same constructor, repr, ==, hash, ordering,
frozenness and ``replace``."""

from __future__ import annotations

import dataclasses
import inspect
import itertools

import pytest

from validator import model as m

RECORDS = [cls for _name, cls in vars(m).items() if inspect.isclass(cls) and "_FIELDS" in vars(cls)]


def _reference(cls):
    """The dataclass that ``@dataclass(frozen=True)`` makes of the class's annotations and defaults."""
    namespace = {"__annotations__": dict(cls.__annotations__), "__qualname__": cls.__qualname__}
    for name in cls.__annotations__:
        if name in vars(cls):
            namespace[name] = vars(cls)[name]
        elif name == "extra":
            namespace[name] = dataclasses.field(default_factory=dict, compare=False)
    return dataclasses.dataclass(frozen=True, order=cls is m.Span)(type(cls.__name__, (), namespace))


def test_every_model_class_is_a_record():
    assert len(RECORDS) >= 24
    assert not any(dataclasses.is_dataclass(cls) for cls in RECORDS)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_record_matches_dataclass(cls):
    ref = _reference(cls)
    def params(c):
        return [(p.name, p.kind, "factory" if p.name == "extra" else p.default)
                for p in inspect.signature(c).parameters.values()]

    assert params(cls) == params(ref)
    assert cls._FIELDS == cls.__match_args__ == tuple(f.name for f in dataclasses.fields(ref))
    counter = itertools.count()
    values = {f.name: ("v", next(counter)) for f in dataclasses.fields(ref)}
    mine, theirs = cls(**values), ref(**values)
    assert repr(mine) == repr(theirs)
    assert hash(mine) == hash(theirs)
    assert mine == cls(**values) and not (mine != cls(**values))
    assert mine != theirs  # another class, as between two dataclasses
    other = dict(values)
    first = next(iter(other))
    other[first] = ("v", -1)
    assert (mine == cls(**other)) == (theirs == ref(**other))
    if cls is m.Span:
        assert (mine < cls(**other)) == (theirs < ref(**other))
        assert sorted([m.Span(2, 1, 2, 3), m.Span(1, 5, 1, 6), m.Span(1, 2, 1, 9)]) == [
            m.Span(1, 2, 1, 9), m.Span(1, 5, 1, 6), m.Span(2, 1, 2, 3)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(mine, first, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(mine, first)
    assert m.replace(mine, **{first: 5}) == cls(**{**values, first: 5})
    assert m.replace(mine) == mine


def test_document_extra_is_a_fresh_dict_outside_comparison():
    fields = {name: None for name in m.Document._FIELDS if name not in ("extra", "integrity", "cable_id", "decode_note")}
    a, b = m.Document(**fields), m.Document(**fields)
    assert a.extra == {} and a.extra is not b.extra
    a.extra["x"] = 1
    assert a == b and hash(a) == hash(b)

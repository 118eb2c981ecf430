"""DEFERRED_FIELD (validator/records.py): fields no marking rule reads (the signer, the name and title
of the classifying authority, the REF list) are worked out on first read. A record reads the same
either way; ``check`` never pays for them; ``index`` and ``inspect`` work them out where an error is
still the parser's (INT002)."""

from __future__ import annotations

import threading

import pytest

from conftest import SEED
from validator import builder
from validator import model as m
from validator.checker import check_bytes
from validator.engine.runner import select_rules
from validator.records import DEFERRED_PREFIX, Deferred, resolve
from validator.serialize import document_to_dict

SEED_BYTES = SEED.read_bytes()

CABLE = b"""CONFIDENTIAL SECTION 01 OF 02 PARIS 001234

SIPDIS

E.O. 12958: DECL: 03/04/2016
TAGS: PREL FR
SUBJECT: TALKS ON TRADE

REF: A. STATE 12345 B. PARIS 678

Classified By: Political Minister Counselor Josiah Rosenblatt for reasons 1.4 (b) and (d).

1. (C) The talks went well.

STAPLETON
"""


class _Counting:
    """Wraps a builder helper and counts its calls."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args):
        self.calls += 1
        return self.function(*args)


def _spies(monkeypatch) -> dict:
    spies = {name: _Counting(getattr(builder, name))
             for name in ("_signature", "parse_authority", "parse_refs", "parse_tags", "_tags_continuation")}
    for name, spy in spies.items():
        monkeypatch.setattr(builder, name, spy)
    return spies


def test_a_check_works_out_none_of_the_deferred_fields(monkeypatch):
    spies = _spies(monkeypatch)
    check_bytes("paris.txt", CABLE, select_rules())
    assert {name: spy.calls for name, spy in spies.items()} == {"_signature": 0, "parse_authority": 0,
                                                                "parse_refs": 0, "parse_tags": 0,
                                                                "_tags_continuation": 0}


@pytest.mark.parametrize("kind", ["index", "model"])
def test_index_and_inspect_work_each_out_once(monkeypatch, kind):
    spies = _spies(monkeypatch)
    result = check_bytes("paris.txt", CABLE, select_rules(), facts=kind)
    assert {name: spy.calls for name, spy in spies.items()} == {"_signature": 1, "parse_authority": 1,
                                                                "parse_refs": 1, "parse_tags": 1,
                                                                "_tags_continuation": 1}
    facts = result.facts
    assert facts["tags"] == ["PREL", "FR"]
    if kind == "model":
        assert facts["signed_by"] == "STAPLETON" and facts["refs"] == ["STATE 12345", "PARIS 678"]
        assert (facts["classified_by"]["name"], facts["classified_by"]["title"]) == (
            "Josiah Rosenblatt", "Political Minister Counselor")
    else:
        assert (facts["authority_name"], facts["signer"]) == ("Josiah Rosenblatt", "STAPLETON")


def test_an_error_in_a_deferred_field_is_still_a_parse_error_for_index(monkeypatch):
    def broken(*_args):
        raise ValueError("boom")

    monkeypatch.setattr(builder, "_signature", broken)
    indexed = check_bytes("paris.txt", CABLE, select_rules(), facts="index")
    assert [d.code for d in indexed.diagnostics] == ["INT002"]
    assert "boom" in indexed.diagnostics[0].message
    checked = check_bytes("paris.txt", CABLE, select_rules())  # check never reads the signer
    assert "INT002" not in [d.code for d in checked.diagnostics]


def test_a_document_reads_the_same_deferred_or_not():
    doc = builder.parse_text(CABLE.decode(), "paris.txt")
    pending = sorted(k for k in vars(doc) if k.startswith(DEFERRED_PREFIX))
    assert pending == [DEFERRED_PREFIX + "refs", DEFERRED_PREFIX + "signature"]
    assert [k for k in vars(doc.tags) if k.startswith(DEFERRED_PREFIX)] == [DEFERRED_PREFIX + "tags"]
    copy = m.replace(doc, integrity=doc.integrity)  # a copy keeps them deferred
    assert sorted(k for k in vars(copy) if k.startswith(DEFERRED_PREFIX)) == pending
    eager = builder.parse_text(CABLE.decode(), "paris.txt")
    builder.resolve_document(eager)
    assert not [k for k in vars(eager) if k.startswith(DEFERRED_PREFIX)]
    assert doc == eager and hash(doc) == hash(eager) and repr(doc) == repr(eager)
    assert document_to_dict(copy) == document_to_dict(eager)
    assert doc.classified_by.name == eager.classified_by.name and doc.signature.text == "STAPLETON"


def test_a_deferred_value_is_worked_out_once_and_kept():
    calls = []

    def work(x):
        calls.append(x)
        return (x, x + 1)

    whole = Deferred(work, 3)
    cb = m.ClassifiedBy("t", None, (), None, None, m.Span(1, 1, 1, 2),
                        name=Deferred(lambda: whole.get()[0]), title=Deferred(lambda: whole.get()[1]))
    assert (cb.name, cb.title, cb.name) == (3, 4, 3) and calls == [3]
    assert vars(cb)["name"] == 3 and DEFERRED_PREFIX + "name" not in vars(cb)
    with pytest.raises(Exception):
        cb.name = 5  # still frozen
    plain = m.ClassifiedBy("t", None, (), None, None, m.Span(1, 1, 1, 2))
    assert (plain.name, plain.title) == (None, None)
    resolve(plain)  # nothing deferred: nothing to do


def test_threads_reading_a_deferred_field_at_the_same_moment_all_get_it():
    """Review: every thread passes the 'not known yet' test before the first one keeps the value."""
    import time

    start = threading.Barrier(4)

    def slow():
        time.sleep(0.05)
        return "NAME"

    cb = m.ClassifiedBy("t", None, (), None, None, m.Span(1, 1, 1, 2), name=Deferred(slow))
    seen, errors = [], []

    def read():
        start.wait()
        try:
            seen.append(cb.name)
        except Exception as exc:  # noqa: BLE001 - the test reports any
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and seen == ["NAME"] * 4


def test_a_record_without_the_field_raises_attribute_error():
    bare = object.__new__(m.Document)
    assert not hasattr(bare, "refs") and getattr(bare, "signature", "none") == "none"


def test_triage_of_a_file_that_is_no_cable_does_not_read_the_ref_list(monkeypatch):
    """The file check asks where a REF list stands before asking for the (deferred) list."""
    spies = _spies(monkeypatch)
    result = check_bytes("note.txt", b"hello\nREF: A. STATE 12345\n", select_rules())
    assert spies["parse_refs"].calls == 0
    assert "FIL007" not in [d.code for d in result.diagnostics]  # a REF field: it looks like a cable


def test_threads_reading_a_deferred_field_get_one_value():
    doc = builder.parse_text(CABLE.decode(), "paris.txt")
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(doc.signature)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and all(s == seen[0] for s in seen) and seen[0].text == "STAPLETON"


def test_the_seed_reads_the_same_through_check_and_inspect():
    doc = builder.parse_text(SEED_BYTES.decode("utf-8", errors="replace"), str(SEED))
    model = check_bytes(str(SEED), SEED_BYTES, select_rules(), facts="model").facts
    assert model == document_to_dict(doc) and model["signed_by"]

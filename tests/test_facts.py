"""FileResult.facts: the per-file values a run-wide report needs, computed where the file was parsed."""

from __future__ import annotations

import pickle

from conftest import cable
from validator.checker import check_bytes
from validator.facts import CableFacts, post_of_id

TEXT = cable("""
    VZCZCXRO1234
    OO RUEHDE
    DE RUEHOT #0700/01 2521530
    ZNY CCCCC ZZH
    O 091530Z SEP 09
    FM AMEMBASSY OTTAWA
    TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234
    BT
    C O N F I D E N T I A L OTTAWA 000700

    SIPDIS

    E.O. 12958: DECL: 09/09/2019
    TAGS: PREL CA
    SUBJECT: (C) TALKS

    Classified By: PolCouns Anne Miller, reasons 1.4 (b) and (d)

    1. (C) Text.
""")


def test_facts_of_a_parsed_cable_travel_with_the_result():
    result = check_bytes("09OTTAWA700.txt", TEXT.encode(), [])
    assert result.cable == CableFacts("09OTTAWA700", "OTTAWA", 2009, "CONFIDENTIAL", "date", "2019-09-09")
    assert pickle.loads(pickle.dumps(result)).cable == result.cable


def test_no_facts_for_a_file_that_is_not_a_cable():
    assert check_bytes("empty.txt", b"", []).facts is None
    assert check_bytes("notes.txt", b"just some notes\n", []).facts is None


def test_post_of_a_cable_id():
    assert post_of_id("09OTTAWA700") == "OTTAWA"
    assert post_of_id("75SANJOSE4312") == "SANJOSE"
    assert post_of_id(None) is None and post_of_id("09123") is None


def test_post_letters_is_the_spelling_cable_ids_use():
    from validator.facts import post_letters

    assert post_letters("Port-au-Prince") == "PORTAUPRINCE"
    assert post_letters("USUN NEW YORK 1") == "USUNNEWYORK"
    assert post_letters("S\u00e3o Paulo") == "SOPAULO"  # only A-Z: a letter outside ASCII is dropped
    assert post_letters("") == ""

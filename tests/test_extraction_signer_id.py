"""Signature line(s) at the end and the canonical cable id."""

import pytest
from conftest import parse

BODY = "C O N F I D E N T I A L OTTAWA 000700\n\nSUBJECT: TEST\n\n1. (C) TEXT OF THE CABLE.\n\n"


@pytest.mark.parametrize("tail, signer", [
    ("BREESE\n", "BREESE"),
    ("STRAUSZ-HUPE\n", "STRAUSZ-HUPE"),
    ("DE PREE\n", "DE PREE"),
    ("MCNAMARA.\n", "MCNAMARA"),
    ("GILLESPIE##\n", "GILLESPIE"),
    ("GP-3\nSACCIO\n", "SACCIO"),
    ("LAINGEN\n\nCONFIDENTIAL\n", "LAINGEN"),
    ("BARTHOLOMEW\n\nNOTE BY OC/T:  HEADING AS RECEIVED.  CORRECTION TO FOLLOW.\n", "BARTHOLOMEW"),
    ("UNQUOTE\n\nSHULTZ\n", "SHULTZ"),
])
def test_signer(tail, signer):
    assert parse(BODY + tail).signature.text == signer


@pytest.mark.parametrize("tail", ["END COMMENT.\n", "The talks will resume in May.\n", ""])
def test_no_signer(tail):
    assert parse(BODY + tail).signature is None


def test_cable_id_from_banner_and_dtg_year():
    doc = parse("R 091204Z SEP 09\n" + BODY)
    assert doc.cable_id == "09OTTAWA700"


def test_cable_id_multiword_post():
    doc = parse("R 091204Z SEP 09\nC O N F I D E N T I A L USUN NEW YORK 000123\n\n1. (C) Text.\n")
    assert doc.cable_id == "09USUNNEWYORK123"


def test_cable_id_from_filename_year_when_no_dtg():
    assert parse(BODY, "10OTTAWA700.txt").cable_id == "10OTTAWA700"


def test_cable_id_needs_a_year():
    assert parse(BODY, "cable.txt").cable_id is None

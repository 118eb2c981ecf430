"""The seed cable's model, field by field."""

import datetime as dt

from validator.model import Level


def test_banner(seed_doc):
    b = seed_doc.banner
    assert b.level is Level.CONFIDENTIAL and b.letter_spaced and b.strong
    assert (b.section, b.sections, b.post, b.serial) == (1, 2, "OTTAWA", 700)
    assert b.span.line == 13 and b.controls == frozenset() and not b.sensitive


def test_header(seed_doc):
    h = seed_doc.header
    assert h.family == "acp127"
    assert h.vzczc.channel == "XRO" and h.vzczc.number == "1844"
    assert h.precedence_digraph == "OO" and h.routing_indicators[0] == "RUEHGA"
    assert (h.de.station, h.de.sequence, h.de.section, h.de.julian_day, h.de.time) == ("RUEHOT", 700, 1, 252, "2019")
    assert (h.security.operating_signal, h.security.letters) == ("ZNY", "CCCCC")
    assert h.dtg.value == dt.datetime(2009, 9, 9, 20, 19) and h.dtg.precedence == "O"
    assert h.fm == "AMEMBASSY OTTAWA"
    assert [a.text for a in h.to] == ["RUEHC/SECSTATE WASHDC IMMEDIATE 9827"]
    assert len(h.info) == 2


def test_date_and_id(seed_doc):
    assert seed_doc.date.value == dt.date(2009, 9, 9) and seed_doc.date.source == "dtg"
    assert seed_doc.cable_id == "09OTTAWA700"


def test_eo_line(seed_doc):
    eo = seed_doc.eo
    assert eo.order == 12958 and eo.span.line == 19
    assert eo.decl.kind == "date" and eo.decl.date == dt.date(2019, 9, 9)
    assert (eo.decl.span.line, eo.decl.span.column, eo.decl.span.end_column) == (19, 19, 29)


def test_tags_subject_refs(seed_doc):
    assert seed_doc.tags.tags == ("PREL", "PARM", "MNUC", "MTCRE", "ETTC", "KSCA", "TSPA", "CA")
    assert seed_doc.subject.text == "CANADA WELCOMES U.S. OUTREACH ON MISSILE TECHNOLOGY"
    assert seed_doc.subject.marking is None and seed_doc.subject.span.line == 21
    assert [r.text for r in seed_doc.refs] == ["OTTAWA 616"]
    assert seed_doc.refs[0].id == "09OTTAWA616"


def test_classified_by(seed_doc):
    cb = seed_doc.classified_by
    assert cb.span.line == 25 and cb.reason_section == "1.4" and cb.reasons == ("b", "d")


def test_paragraphs(seed_doc):
    paras = seed_doc.paragraphs
    assert [p.number for p in paras] == ["1", "2", "3", "4", "15", "16", "17", "18"]
    assert all(p.marking.level is Level.CONFIDENTIAL for p in paras)
    assert [p.span.line for p in paras] == [27, 29, 31, 33, 35, 37, 43, 45]
    assert paras[0].pilcrow and not paras[4].pilcrow
    assert paras[0].marking.span.column == 5  # "¶1. (C)": the mark starts at column 5


def test_captions_continuation_signature(seed_doc):
    assert [c.text for c in seed_doc.captions] == ["SIPDIS", "STATE FOR ISN/MTR AND WHA/CAN"]
    assert "SIPDIS" in seed_doc.caption_tokens
    (cont,) = seed_doc.continuations
    assert (cont.post, cont.serial, cont.section, cont.sections, cont.span.line) == ("OTTAWA", 700, 2, 2, 39)
    assert seed_doc.signature.text == "BREESE" and seed_doc.signature.span.line == 49


def test_e_o_line_glued_to_the_banner_is_split_off():
    from conftest import parse

    doc = parse("""
        C O N F I D E N T I A L SECTION 01 OF 03 ISLAMABAD 022025SIPDISNOFORN SIPDISE.O. 12958: DECL: 11/14/2016
        TAGS: PREL
        """)
    assert doc.banner.serial == 22025 and doc.eo.order == 12958
    assert doc.eo.decl.date.isoformat() == "2016-11-14" and doc.eo.span.line == 1

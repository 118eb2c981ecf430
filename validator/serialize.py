"""The stable JSON shape of a Document (``cablelint inspect --format json``).

Field names here are a public interface: downstream tools depend on them.
"""

from __future__ import annotations

from . import model as m


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _level(level: m.Level | None) -> str | None:
    return level.value if level is not None else None


def _mark(mark: m.PortionMark | None) -> dict | None:
    if mark is None:
        return None
    return {"raw": mark.raw, "level": _level(mark.level), "controls": sorted(mark.controls),
            "sbu": mark.sbu, "malformed": mark.malformed}


def document_to_dict(doc: m.Document) -> dict:
    b, h, eo, cb = doc.banner, doc.header, doc.eo, doc.classified_by
    return {
        "path": doc.path,
        "cable_id": doc.cable_id,
        "partial": doc.partial,
        "header_family": h.family,
        "integrity": [{"kind": d.kind, "line": d.span.line, "column": d.span.column, "detail": d.detail}
                      for d in doc.integrity],
        "banner": None if b is None else {
            "level": _level(b.level), "controls": sorted(b.controls), "sensitive": b.sensitive,
            "efto": b.efto, "section": b.section, "sections": b.sections, "post": b.post,
            "serial": b.serial, "line": b.span.line, "strong": b.strong, "text": b.text,
        },
        "date": {"value": doc.date.text, "source": doc.date.source, "precision": doc.date.precision},
        "eo": None if eo is None else {
            "order": eo.order,
            "decl": {"kind": eo.decl.kind, "date": _iso(eo.decl.date), "raw_date": eo.decl.raw_date,
                     "codes": list(eo.decl.codes), "text": eo.decl.text},
            "line": eo.span.line,
        },
        "tags": list(doc.tags.tags) if doc.tags else [],
        "subject": None if doc.subject is None else {
            "text": doc.subject.text, "marking": _level(doc.subject.marking.level) if doc.subject.marking else None,
            "mark": doc.subject.marking.raw if doc.subject.marking else None, "line": doc.subject.span.line,
        },
        "refs": [r.text for r in doc.refs],
        "references": [{"letter": r.letter, "text": r.text, "id": r.id} for r in doc.refs],
        "classified_by": None if cb is None else {
            "text": cb.text, "name": cb.name, "title": cb.title, "reason_section": cb.reason_section,
            "reasons": list(cb.reasons), "line": cb.span.line,
        },
        "paragraphs": [
            {"number": p.number, "marking": _level(p.marking.level) if p.marking else None,
             "controls": sorted(p.marking.controls) if p.marking else [],
             "mark": p.marking.raw if p.marking else None,
             "sbu": bool(p.marking and p.marking.sbu),
             "entire_text": _level(p.entire_text), "classification_block": p.classification_block,
             "line": p.span.line}
            for p in doc.paragraphs
        ],
        "captions": [c.text for c in doc.captions],
        "header": {
            "precedence": h.dtg.precedence if h.dtg else None,
            "digraph": h.precedence_digraph,
            "dtg": h.dtg.value.strftime("%Y-%m-%dT%H:%MZ") if h.dtg and h.dtg.value else None,
            "dtg_text": h.dtg.text if h.dtg else None,
            "station": h.de.station if h.de else None,
            "sequence": h.de.sequence if h.de else None,
            "section": h.de.section if h.de else None,
            "julian_day": h.de.julian_day if h.de else None,
            "security_line": h.security.text if h.security else None,
            "fm": h.fm,
            "to": [a.text for a in h.to],
            "info": [a.text for a in h.info],
        },
        "continuations": [
            {"post": c.post, "serial": c.serial, "page": c.section, "subpage": c.page,
             "pages": c.sections, "line": c.span.line}
            for c in doc.continuations
        ],
        "page_headers": [
            {"page": p.page, "post": p.post, "serial": p.serial, "section": p.section,
             "sections": p.sections, "line": p.span.line}
            for p in doc.page_headers
        ],
        "signed_by": doc.signature.text if doc.signature else None,
        "decode_note": doc.decode_note,
    }

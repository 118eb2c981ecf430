"""Helpers shared by the E.O., Classified-By and structure rules.

``finding`` builds a Finding whose severity depends on the case (e.g. EO002 is a
warning, but an error when the cited order did not exist yet); a severity set by
the user for the rule still wins (the runner decides). The level predicates read the banner once.
"""

from __future__ import annotations

import re

from ..engine import Finding, Severity
from ..integrity import cut_short
from ..memo import per_document
from ..model import Document, Span
from .. import lazy_re


def finding(rule, doc: Document, severity: Severity, message: str, span: Span,
            suggestion: str | None = None) -> Finding:
    """A finding with its own severity (the runner lets a user's setting for the rule win)."""
    return Finding(message, span, suggestion, severity)


def is_classified(doc: Document) -> bool:
    return doc.banner is not None and doc.banner.level.classified


def is_unclassified(doc: Document) -> bool:
    """UNCLAS (incl. SBU, EFTO) or LOU banner."""
    return doc.banner is not None and not doc.banner.level.classified


def is_sbu(doc: Document) -> bool:
    """An unclassified cable with the SENSITIVE / SBU caption or banner qualifier."""
    if not is_unclassified(doc) or doc.banner.level.value != "UNCLASSIFIED":
        return False
    tokens = doc.caption_tokens | frozenset(doc.banner.qualifiers)
    return doc.banner.sensitive or "SENSITIVE" in tokens or "SBU" in tokens


def full_record(doc: Document) -> bool:
    """A complete cable: not a partial extract and with a routing header or strong banner."""
    if doc.partial:
        return False
    return doc.header.family != "none" or (doc.banner is not None and doc.banner.strong)


_ARCHIVAL = lazy_re.compile(r"DECLASSIFIED|\bNARA\b|RELEASED", re.I)


@per_document  # asked by six rules (five EO, one STR)
def archival_eo(doc: Document) -> bool:
    """The E.O. line is a later archival stamp (``DECL: DECLASSIFIED BY NARA``), not a marking."""
    return doc.eo is not None and bool(_ARCHIVAL.search(doc.eo.text))


# The publisher cut the field short (``Classified By: AMBASS...``): its content is unknown.
truncated = cut_short


def last_content_line(doc: Document) -> int:
    """1-based number of the last non-blank line (a field there may be cut off by an extract)."""
    for index in range(len(doc.lines), 0, -1):
        if doc.lines[index - 1].strip():
            return index
    return 0


@per_document  # asked by four rules (one CLB, one STR, two EO) of most cables
def header_zone_intact(doc: Document) -> bool:
    """The record keeps the zone between banner and paragraph 1 whole.

    Published copies can lose the start of the text (body begins at paragraph 9, or the
    record stops after ``SUBJECT: URGING INDONESIA...``); a field missing from such a
    record says nothing about the cable, so rules about missing fields stay silent.
    """
    if doc.damaged("truncated") or doc.damaged("header-dropped"):
        return False  # the record integrity rule (REC001) names the damage once
    fields = [doc.subject.text if doc.subject else None, doc.eo.text if doc.eo else None,
              doc.tags.text if doc.tags else None]
    if any(truncated(text) for text in fields):
        return False
    numbered = [p.value for p in doc.paragraphs if p.value is not None and not p.lettered]
    if numbered:
        return 1 in numbered
    return bool(doc.paragraphs)

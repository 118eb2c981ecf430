"""Structure rules: SUBJECT present, SBU consistency (RULEBOOK §5.9, §6; STR002, STR003)."""

from __future__ import annotations

import re

from ..engine import Rule, Severity, register
from ..engine.registry import first_span
from .support import archival_eo, finding, full_record, header_zone_intact, is_sbu
from .. import lazy_re

_SBU_NOTE = lazy_re.compile(r"SENSITIVE\s+BUT\s+UNCLASSIFIED|\bSBU\b", re.I)
_NOTE_ZONE = 40  # lines from the banner in which a handling note declares SBU


@register
class SubjectMissing(Rule):
    """What it does: a full cable must have a SUBJECT line.

    Why it matters: SUBJECT is a required header field of every telegram (5 FAH-1); a
    missing one usually means a damaged or truncated header. Partial records are skipped.

    Example (fails):
        UNCLAS STATE 000123

        E.O. 12958: N/A
        TAGS: PREL

        1. The minister welcomed the proposal.
    Example (passes):
        UNCLAS STATE 000123

        E.O. 12958: N/A
        TAGS: PREL
        SUBJECT: MEETING WITH THE MINISTER

        1. The minister welcomed the proposal.
    """
    code = "STR002"
    name = "subject-missing"
    severity = Severity.WARNING
    summary = "SUBJECT line missing in a full cable."
    source = "RULEBOOK §5.9; [CM]"

    def applies(self, doc):
        return doc.banner is not None and full_record(doc) and header_zone_intact(doc)

    def check(self, doc):
        if doc.subject is None:
            yield ("no SUBJECT line in this cable", first_span(doc))


def _sbu_declared(doc) -> bool:
    """SENSITIVE/SBU caption or banner qualifier, or SENSITIVE / a 'Sensitive but unclassified'
    note between the banner and the first paragraph.

    Captions the parser does not list (``DEA SENSITIVE``, ``SENSITIVE \\`` of CSV exports)
    still declare the cable SBU.
    """
    if is_sbu(doc):
        return True
    start = doc.banner.span.line
    marked = [p.span.line for p in doc.paragraphs if p.marking is not None and p.span.line > start]
    end = min(marked) if marked else start + _NOTE_ZONE
    zone = doc.lines[start - 1:end - 1]
    return any((_SBU_NOTE.search(line) or re.search(r"\bSENSITIVE\b", line, re.I))
               and not re.search(r"\(\s*SBU", line, re.I) for line in zone)


@register
class SbuConsistency(Rule):
    """What it does: checks that SBU portions, the SENSITIVE caption and the authority lines agree.

    Why it matters: an UNCLAS cable with (SBU) portions must be sent with the SENSITIVE
    caption (STATE 018029 (2000); ISM-ID-00105 analogue), and a SENSITIVE cable normally
    marks its SBU portions (warnings). SBU is not a classification level: a Classified By
    line or a DECL date on an SBU cable is an error.

    Example (fails):
        UNCLAS STATE 000123

        E.O. 12958: N/A
        TAGS: CVIS
        SUBJECT: (SBU) VISA FRAUD TRENDS

        1. (SBU) The applicant presented forged papers.
    Example (passes):
        UNCLAS SENSITIVE STATE 000123

        E.O. 12958: N/A
        TAGS: CVIS
        SUBJECT: (SBU) VISA FRAUD TRENDS

        1. (SBU) The applicant presented forged papers.
    """
    code = "STR003"
    name = "sbu-consistency"
    severity = Severity.WARNING
    summary = "SBU portions without SENSITIVE caption (or the reverse); SBU cable with Classified By/DECL."
    source = "RULEBOOK §6; [SBU-2000]; ISM-ID-00016/00105"

    def applies(self, doc):
        return doc.banner is not None and doc.banner.level.value == "UNCLASSIFIED"

    def check(self, doc):
        marks = [p.marking for p in doc.paragraphs if p.marking is not None]
        if doc.subject is not None and doc.subject.marking is not None:
            marks.append(doc.subject.marking)
        sbu_marks = [m for m in marks if m.sbu]
        sbu = is_sbu(doc)
        if sbu_marks and not _sbu_declared(doc):
            first = min(sbu_marks, key=lambda m: (m.span.line, m.span.column))
            yield (f"portion {first.raw} is SBU but the UNCLAS cable has no SENSITIVE caption", first.span,
                   "add the SENSITIVE caption")
        if sbu and marks and not sbu_marks:
            yield ("the cable carries the SENSITIVE caption but none of its portion marks is (SBU)",
                   first_span(doc))
        if sbu and doc.classified_by is not None:
            yield finding(self, doc, Severity.ERROR,
                          "SBU cable has a Classified By line; SBU is not a classification level",
                          doc.classified_by.span)
        if sbu and doc.eo is not None and doc.eo.decl.kind == "date" and not archival_eo(doc):
            yield finding(self, doc, Severity.ERROR,
                          f"SBU cable has DECL date {doc.eo.decl.raw_date}; SBU takes 'N/A'", doc.eo.decl.span,
                          "N/A")

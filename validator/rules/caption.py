"""Caption and dissemination-control rules (CAP001-CAP005, CAP007, CAP008).

Facts from RULEBOOK §1.2, §1.4, §2 R2.1 and §5.8: NOFORN portions need NOFORN at the
top (ISM-ID-00070); REL/NF, ORCON/U, FOUO or SBU/classified and NODIS/EXDIS are
invalid pairs (ISM-ID-00033/28/30/37/38); SIPDIS excludes NODIS and EXDIS ([SIPDIS-05]).
"""

from __future__ import annotations

import datetime as _dt
import re
TYPE_CHECKING = False  # typing costs ~3 ms of a one-file check; annotations only
if TYPE_CHECKING:
    from typing import Iterator

from ..engine import Finding, Rule, Severity, register
from ..fields.marks import mark_text
from ..model import Document, Level, PortionMark, Span
from . import fixing
from .portion_scan import emit, line_span, on_or_after, paragraph_label, sbu_cable
from .. import lazy_re

# [SIPDIS-05]: SIPDIS was introduced as a caption in December 2005.
SIPDIS_DATE = _dt.date(2005, 12, 1)
# No word boundaries: WikiLeaks renderings glue fields ("LONDON 000333NOFORNSIPDIS").
_NOFORN_PHRASE = lazy_re.compile(r"NOT\s+RELEASABLE\s+TO\s+FOREIGN\s+NATIONALS|NOFORN", re.I)
# Every match of _NOFORN_PHRASE holds one of these words; neither has an I or a K, the only letters
# re.I matches to characters that str.upper() does not turn into them (text_scan._UNFOLDED).
_NOFORN_WORDS = ("NOFORN", "RELEASABLE")
_SIPDIS = lazy_re.compile(r"\bSIPDIS\b", re.I)


def marks(doc: Document, control: str | None = None) -> Iterator[tuple[str, PortionMark]]:
    """Every portion mark of the cable with a label: the subject, then the paragraphs; with
    ``control``, only the marks that carry it (labelled only when kept: a label is a formatted
    string, and most marks carry no control)."""
    subject = doc.subject
    if subject is not None and subject.marking is not None and (control is None or control in subject.marking.controls):
        yield "the subject", subject.marking
    for para in doc.paragraphs:
        if para.marking is not None and (control is None or control in para.marking.controls):
            yield paragraph_label(para), para.marking


def caption_span(doc: Document, token: str) -> Span | None:
    """Where a caption token is written: a caption line, else the banner line."""
    for caption in doc.captions:
        if token in caption.tokens:
            return line_span(doc, caption.span.line, token) or caption.span
    if doc.banner is not None and token in doc.banner.controls:
        return line_span(doc, doc.banner.span.line, token) or doc.banner.span
    return None


def header_lines(doc: Document) -> list[str]:
    """The physical lines above the text: up to the E.O./TAGS/SUBJECT/Classified By line or
    the first paragraph, plus the banner line (which may be glued to the E.O. line).

    NOFORN is looked for here, not only in the parsed captions, because real cables repeat
    the banner block, put a stray line between captions (``SIPDS``) or write the control as
    a class line (``SECRET//NOFORN``): the caption parser does not see those.
    """
    ends = [x.span.line for x in (doc.eo, doc.tags, doc.subject, doc.classified_by) if x is not None]
    ends += [p.span.line for p in doc.paragraphs[:1]]
    end = min(ends) if ends else (doc.banner.span.line + 10 if doc.banner else 0)
    lines = list(doc.lines[:max(end - 1, 0)])
    if doc.banner is not None and doc.banner.span.line >= end:
        lines.append(doc.lines[doc.banner.span.line - 1])
    return lines


def top_has_noforn(doc: Document) -> bool:
    """NOFORN in the banner or caption area (token or spelled-out phrase)."""
    if "NOFORN" in doc.caption_tokens:
        return True
    lines = header_lines(doc)
    upper = "\n".join(lines).upper()
    if not any(word in upper for word in _NOFORN_WORDS):
        return False  # most files: one substring test instead of a regex search per header line
    return any(_NOFORN_PHRASE.search(line) for line in lines)


@register
class NofornPortionWithoutCaption(Rule):
    """What it does: reports a NOFORN portion such as (S/NF) or (C//NF) when neither the banner
    nor the caption lines carry NOFORN; reported once per cable, at the first such portion.
    An SBU NOFORN portion, (SBU/N), on an unclassified cable is a warning (RULEBOOK §6).

    Why it matters: a NOFORN portion forces NOFORN at the top (ISM-ID-00070); without it the
    cable can be released to foreign partners.

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: (C) MEETING WITH THE MINISTER

        1. (C/NF) The source asked for protection.
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        NOFORN

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL
        SUBJECT: (C) MEETING WITH THE MINISTER

        1. (C/NF) The source asked for protection.
    """

    code = "CAP001"
    name = "noforn-portion-without-caption"
    severity = Severity.ERROR
    summary = "A /NF portion exists but NOFORN is not in the banner or captions."
    source = "RULEBOOK §2 R2.1, §6; ISM-ID-00070/00087"
    fix_availability = "unsafe"
    fix_note = "adds a NOFORN caption line after the banner of a classified or SBU cable"

    def applies(self, doc):
        return doc.banner is not None  # without a banner the top of the cable is missing

    def check(self, doc):
        # the NOFORN portions first: most cables have none, and then the header need not be read
        # (both tests are pure functions of the document, so their order cannot change the answer)
        found = list(marks(doc, "NOFORN"))
        if not found or top_has_noforn(doc):
            return
        label, mark = found[0]
        more = f" (and {len(found) - 1} more NOFORN portions)" if len(found) > 1 else ""
        classified = any(m.level is not None and m.level.classified for _, m in found)
        severity = Severity.ERROR if classified or (doc.banner and doc.banner.level.classified) else Severity.WARNING
        yield Finding(f"{label} is marked {mark_text(mark)}{more} but NOFORN is not in the banner or captions",
                      mark.span, "add the NOFORN caption after the banner", severity, _noforn_fix(doc))


def _noforn_fix(doc: Document):
    """Add a ``NOFORN`` caption line right after the banner line (as in ``NOFORN`` / ``SIPDIS``).

    Offered for classified and SBU cables (an UNCLAS cable takes SBU NOFORN, CAP008) whose banner
    ends its physical line, and not in CSV exports (every line there ends with a backslash)."""
    banner = doc.banner
    if not (banner.level.classified or sbu_cable(doc)) or fixing.csv_export(doc):
        return None
    line = banner.span.end_line
    if not 1 <= line <= len(doc.lines) or doc.lines[line - 1][banner.span.end_column - 1:].strip():
        return None
    edit = fixing.insert(doc, line, len(doc.lines[line - 1]) + 1, "\nNOFORN")
    return fixing.make_fix("Add the NOFORN caption after the banner", [edit], fixing.UNSAFE)


@register
class RelWithNoforn(Rule):
    """What it does: reports a portion that carries both REL (releasable to ...) and NOFORN.

    Why it matters: REL and NOFORN contradict each other (ISM-ID-00033).

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        1. (C/REL LIBYA/NF) The talks will resume in May.
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        1. (C/REL LIBYA) The talks will resume in May.
    """

    code = "CAP002"
    name = "rel-with-noforn"
    severity = Severity.ERROR
    summary = "A portion carries both REL and NOFORN."
    source = "RULEBOOK §1.4; ISM-ID-00033"

    def check(self, doc):
        for label, mark in marks(doc):
            if "REL" in mark.controls and "NOFORN" in mark.controls:
                yield (f"{label} is marked {mark_text(mark)}: REL and NOFORN are mutually exclusive",
                       mark.span, "keep either REL ... or NF")


@register
class ControlLevelMismatch(Rule):
    """What it does: reports ORCON on an unclassified portion, and FOUO or SBU on a classified
    portion, e.g. (C/SBU) or (S//FOUO). A plain (SBU) paragraph in a classified cable is fine.

    Why it matters: ORCON requires C, S or TS (ISM-ID-00028); SBU and FOUO are unclassified
    designations and must not be combined with a classification (ISM-ID-00030/00037;
    32 CFR 2001.23(a)).

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        1. (C/SBU) The visa applicant was interviewed.
    Example (passes):
        C O N F I D E N T I A L STATE 000123

        1. (SBU) The visa applicant was interviewed.
    """

    code = "CAP003"
    name = "control-level-mismatch"
    severity = Severity.ERROR
    summary = "ORCON on an unclassified portion, or FOUO/SBU on a classified portion."
    source = "RULEBOOK §1.4; ISM-ID-00028/00030/00037; 32 CFR 2001.23(a)"

    def check(self, doc):
        for label, mark in marks(doc):
            if mark.level is None:
                continue
            if "ORCON" in mark.controls and not mark.level.classified:
                yield (f"{label} is marked {mark_text(mark)}: ORCON requires a classified portion",
                       mark.span, "classify the portion or drop ORCON")
            if mark.level.classified:
                bad = [t for t in ("SBU", "FOUO") if t in mark.controls or (t == "SBU" and mark.sbu)]
                if bad:
                    yield (f"{label} is marked {mark_text(mark)}: {bad[0]} is an unclassified designation "
                           f"and cannot qualify {mark.level.value}", mark.span,
                           f"mark the portion ({mark.level.letter}) or ({bad[0]})")


@register
class NodisWithExdis(Rule):
    """What it does: reports a cable that carries both the NODIS and the EXDIS caption.

    Why it matters: NODIS and EXDIS are mutually exclusive distribution captions (ISM-ID-00038).

    Example (fails):
        S E C R E T STATE 000123

        NODIS
        EXDIS

        E.O. 12958: DECL: 09/09/2019
    Example (passes):
        S E C R E T STATE 000123

        NODIS

        E.O. 12958: DECL: 09/09/2019
    """

    code = "CAP004"
    name = "nodis-with-exdis"
    severity = Severity.ERROR
    summary = "NODIS and EXDIS captions appear together."
    source = "RULEBOOK §1.4; ISM-ID-00038"

    def check(self, doc):
        tokens = doc.caption_tokens
        if "NODIS" in tokens and "EXDIS" in tokens:
            span = caption_span(doc, "EXDIS") or caption_span(doc, "NODIS")
            if span is not None:
                yield ("the cable carries both NODIS and EXDIS captions", span,
                       "keep only the more restrictive caption (NODIS)")


@register
class SipdisWithRestrictiveCaption(Rule):
    """What it does: reports SIPDIS together with NODIS or EXDIS. Error for cables dated on or
    after 2005-12-01 (when SIPDIS was introduced as a caption); info for earlier cables or
    when the date cannot tell.

    Why it matters: "SIPDIS messages may not carry other restrictive captions or caveats, such
    as NODIS or EXDIS" ([SIPDIS-05] ¶2b): SIPDIS cables were copied to a SIPRNet database.

    Example (fails):
        S E C R E T STATE 000123

        NODIS
        SIPDIS

        E.O. 12958: DECL: 09/09/2019
    Example (passes):
        S E C R E T STATE 000123

        NODIS

        E.O. 12958: DECL: 09/09/2019
    """

    code = "CAP005"
    name = "sipdis-with-restrictive-caption"
    severity = Severity.ERROR
    summary = "SIPDIS appears together with NODIS or EXDIS."
    source = "RULEBOOK §1.4, §5.8; [SIPDIS-05] ¶2b"

    def check(self, doc):
        tokens = doc.caption_tokens
        if "SIPDIS" not in tokens:
            return
        other = next((t for t in ("NODIS", "EXDIS") if t in tokens), None)
        if other is None:
            return
        span = caption_span(doc, "SIPDIS")
        if span is None:
            return
        severity = Severity.ERROR if on_or_after(doc, SIPDIS_DATE) else Severity.INFO
        yield emit(self, doc, severity, f"SIPDIS appears together with {other}", span,
                   f"drop SIPDIS: {other} cables must not be distributed on SIPRNet")


@register
class SipdisPlacement(Rule):
    """What it does: info when SIPDIS is written more than once in the caption area (a
    WikiLeaks/NCD artifact); warning when SIPDIS stands inside the TAGS or SUBJECT line.

    Why it matters: SIPDIS is a distribution caption; inside TAGS or SUBJECT it is not read as
    one, so the distribution of the cable may be wrong.

    Example (fails):
        UNCLAS MEXICO 000123

        E.O. 12958: N/A
        TAGS: ECON ETRD PGOV CA MX SIPDIS
    Example (fails):
        UNCLAS MEXICO 000123

        SIPDIS
        SIPDIS

        E.O. 12958: N/A
        TAGS: ECON ETRD PGOV CA MX
    Example (passes):
        UNCLAS MEXICO 000123

        SIPDIS

        E.O. 12958: N/A
        TAGS: ECON ETRD PGOV CA MX
    """

    code = "CAP007"
    name = "sipdis-placement"
    severity = Severity.WARNING
    summary = "SIPDIS duplicated in the captions (info) or written inside TAGS/SUBJECT (warning)."
    source = "RULEBOOK §5.8"

    def check(self, doc):
        seen = []
        for caption in doc.captions:
            text = doc.lines[caption.span.line - 1] if 1 <= caption.span.line <= len(doc.lines) else caption.text
            for match in _SIPDIS.finditer(text):
                seen.append(Span(caption.span.line, match.start() + 1, caption.span.line, match.end() + 1))
        if len(seen) > 1:
            yield emit(self, doc, Severity.INFO, f"SIPDIS is written {len(seen)} times in the captions",
                       seen[1], "write SIPDIS once")
        for field, label in ((doc.tags, "TAGS"), (doc.subject, "SUBJECT")):
            if field is None or not _SIPDIS.search(field.text):
                continue
            span = line_span(doc, field.span.line, "SIPDIS") or field.span
            yield emit(self, doc, Severity.WARNING, f"SIPDIS is written inside the {label} line", span,
                       "move SIPDIS to the caption lines after the banner")


@register
class NofornOnUnclassified(Rule):
    """What it does: warns when an unclassified cable that is not SBU carries NOFORN in its
    banner or captions.

    Why it matters: State's unclassified no-foreign form is SBU NOFORN (SENSITIVE caption,
    (SBU/N) portions; 5 FAH-1 H-246.2c). Only a warning: the IC rules do not forbid NF on
    unclassified portions (RULEBOOK §8 item 9).

    Example (fails):
        UNCLAS STATE 000123

        NOFORN

        E.O. 12958: N/A
    Example (passes):
        UNCLAS STATE 000123

        SENSITIVE
        NOFORN

        E.O. 12958: N/A
    """

    code = "CAP008"
    name = "noforn-on-unclassified"
    severity = Severity.WARNING
    summary = "NOFORN on an unclassified cable without SBU (use SBU NOFORN)."
    source = "RULEBOOK §1.4, §6; 5 FAH-1 H-246.2c; ISM-ID-00104"

    def applies(self, doc):
        return doc.banner is not None and doc.banner.level is Level.UNCLASSIFIED

    def check(self, doc):
        if not top_has_noforn(doc) or sbu_cable(doc):
            return
        if any(mark.sbu for _, mark in marks(doc)):
            return
        span = caption_span(doc, "NOFORN") or doc.banner.span
        yield ("NOFORN on an UNCLASSIFIED cable without SBU", span,
               "mark the cable SBU NOFORN (SENSITIVE caption, (SBU/N) portions) or classify it")

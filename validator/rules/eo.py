"""E.O. line and declassification rules (RULEBOOK §3.1, §3.3; EO001-EO006)."""

from __future__ import annotations

import datetime as _dt
import re

from ..engine import Rule, Severity, register
from ..engine.registry import first_span
from ..fields.decl import date_for, parse_decl
from ..model import Decl, Document, Span
from .dates import (EO12958_EFFECTIVE, EO13292_MARKING, EO13292_SIGNED, OADR_GRACE_END, D,
                    add_months, before, cable_range, on_or_after, within)
from .support import archival_eo, finding, full_record, header_zone_intact, is_classified, is_unclassified, truncated
from .. import lazy_re

# order: (signed, effective, superseded) -- RULEBOOK §3.1.
ORDERS = {
    11652: (D(1972, 3, 8), D(1972, 6, 1), D(1978, 12, 1)),
    12065: (D(1978, 6, 28), D(1978, 12, 1), D(1982, 8, 1)),
    12356: (D(1982, 4, 2), D(1982, 8, 1), D(1995, 10, 14)),
    12958: (D(1995, 4, 17), D(1995, 10, 14), D(2010, 6, 27)),
    13292: (D(2003, 3, 25), D(2003, 3, 25), D(2010, 6, 27)),
    13526: (D(2009, 12, 29), D(2010, 6, 27), None),
}
GRACE_MONTHS = 6
_X_CODE = lazy_re.compile(r"^(?:X\d|1\.6\(?X\)?\d)$")
_LONG_EXEMPT = lazy_re.compile(r"^(?:25X|50X)")
_NA_WORD = lazy_re.compile(r"\bN\s*/\s*A\b", re.I)


def order_span(doc: Document) -> Span:
    """The span of the order number in the E.O. line (the whole line if not found)."""
    eo = doc.eo
    if eo.order_text:
        line = doc.lines[eo.span.line - 1] if eo.span.line <= len(doc.lines) else ""
        col = line.find(eo.order_text)
        if col >= 0:
            return Span(eo.span.line, col + 1, eo.span.line, col + 1 + len(eo.order_text))
    return eo.span


_DECL_LINE = lazy_re.compile(r"^\s*DECL", re.I)


def decl_of(doc: Document) -> Decl:
    """The declassification instruction, also when it was wrapped onto the next line.

    ``E.O. 12958:`` followed by ``DECL: 5/11/2017`` on its own line (07BRASILIA872) is one
    E.O. line to the reader.
    """
    decl = doc.eo.decl
    if decl.text.strip(" :;.,"):
        return decl
    line = doc.eo.span.end_line
    for index in range(line, min(line + 2, len(doc.lines))):
        text = doc.lines[index]
        if _DECL_LINE.match(text):
            reference = doc.date.value if doc.date and doc.date.exact else None
            return parse_decl(text, index + 1, 1, reference)
        if text.strip():
            break
    return decl


_EO_LIKE = lazy_re.compile(r"^\s*E\.?\s?O\.?\s*\d{4,5}\b|^\s*DECL(?:ASSIFY)?\b", re.I)


def eo_like_line(doc: Document) -> int | None:
    """A line before paragraph 1 that is an E.O./DECL line in a form the parser did not read.

    ``E.O. 12958: DNG: CO 01/22/2019`` (a downgrading instruction) is still an E.O. line.
    """
    first = min((p.span.line for p in doc.paragraphs), default=len(doc.lines) + 1)
    for number in range(1, min(first, len(doc.lines) + 1)):
        if _EO_LIKE.search(doc.lines[number - 1]):
            return number
    return None


def decl_date(doc: Document) -> _dt.date | None:
    """The DECL date, its two-digit year resolved against the (possibly year-only) cable date."""
    return date_for(decl_of(doc), doc.date.value if doc.date else None)


def _typo_of_known(order: str) -> int | None:
    """A known order that ``order`` misspells (one digit dropped, added, changed or swapped)."""
    for known in map(str, ORDERS):
        if len(order) == len(known):
            diff = [i for i in range(len(known)) if order[i] != known[i]]
            if len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and order[diff[0]] == known[diff[1]] and order[diff[1]] == known[diff[0]]):
                return int(known)
        elif abs(len(order) - len(known)) == 1:
            short, long_ = sorted((order, known), key=len)
            if any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))):
                return int(known)
    return None


def has_instruction(doc: Document) -> bool:
    """The E.O. line names a declassification date, event or exemption (not N/A, not empty)."""
    decl = decl_of(doc)
    if decl.kind == "na":
        return False
    if decl.kind == "other":
        body = re.sub(r"DECL(?:ASSIFY)?(?:\s+ON)?|[\s:;.,]", "", decl.text, flags=re.I)
        return bool(body) and not _NA_WORD.search(decl.text) and body.upper() not in ("NA",)
    return True


@register
class EoLineMissing(Rule):
    """What it does: reports a full cable without an E.O. line, or an E.O. line citing an unknown order.

    Why it matters: every cable since E.O. 11652 (1972) carries "E.O. nnnnn:" with its
    declassification instruction ("N/A" for unclassified traffic); without it the
    declassification status is unknown. Known orders: 11652, 12065, 12356, 12958, 13292, 13526.
    A near-miss number ("E.O. 1295", "E.O. 12598") is reported as info (a typo).

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        1. (C) The minister welcomed the proposal.
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        1. (C) The minister welcomed the proposal.
    """
    code = "EO001"
    name = "eo-line-missing-or-unknown"
    severity = Severity.WARNING
    summary = "E.O. line missing, or it cites an unknown executive order."
    source = "RULEBOOK §3.1, §5.9"

    def applies(self, doc):
        return doc.banner is not None and full_record(doc)

    def check(self, doc):
        if doc.eo is None:
            if on_or_after(doc, D(1972, 6, 1)) and header_zone_intact(doc) and eo_like_line(doc) is None:
                yield ("no E.O. line (expected e.g. 'E.O. 12958: DECL: mm/dd/yyyy' or 'E.O. 12958: N/A')",
                       first_span(doc))
            return
        text = doc.eo.order_text
        if text is None or int(text) in ORDERS:
            return
        known = _typo_of_known(text)
        if known:
            yield finding(self, doc, Severity.INFO, f"E.O. {text} is not an executive order on marking; "
                          f"probably a typo of E.O. {known}", order_span(doc), f"E.O. {known}")
        else:
            yield (f"E.O. {text} is not a known classification order "
                   "(11652, 12065, 12356, 12958, 13292, 13526)", order_span(doc))


@register
class EoOrderNotInForce(Rule):
    """What it does: checks that the cited order was in force on the cable date (6 months of grace).

    Why it matters: each order defines the reason categories and declassification rules
    that the line must follow. Drafters lag transitions, hence the grace; an order cited
    before it was even signed ("E.O. 13526" on a 2008 cable, "E.O. 12958" before
    1995-04-17) is impossible and reported as an error.

    Example (fails):
        O 092019Z SEP 08
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 13526: DECL: 09/09/2018
    Example (passes):
        O 092019Z SEP 08
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2018
    """
    code = "EO002"
    name = "eo-order-not-in-force"
    severity = Severity.WARNING
    summary = "The cited E.O. was not in force on the cable date (error if it did not exist yet)."
    source = "RULEBOOK §3.1"

    def applies(self, doc):
        # a spliced record: the E.O. line and the date may come from two different cables
        return (doc.eo is not None and doc.eo.order in ORDERS and cable_range(doc) is not None
                and not archival_eo(doc) and not doc.damaged("spliced"))

    def check(self, doc):
        order = doc.eo.order
        signed, effective, superseded = ORDERS[order]
        if before(doc, signed):
            yield finding(self, doc, Severity.ERROR,
                          f"E.O. {order} did not exist on the cable date {_when(doc)} "
                          f"(signed {signed.isoformat()})", order_span(doc))
        elif before(doc, add_months(effective, -GRACE_MONTHS)):
            yield (f"E.O. {order} was not yet in force on the cable date {_when(doc)} "
                   f"(effective {effective.isoformat()})", order_span(doc))
        elif superseded and on_or_after(doc, add_months(superseded, GRACE_MONTHS)):
            yield (f"E.O. {order} was superseded on {superseded.isoformat()}, before the cable date "
                   f"{_when(doc)}", order_span(doc))


def _when(doc: Document) -> str:
    return doc.date.value.isoformat() if doc.date.exact else str(doc.date.value.year)


@register
class DeclInstructionMismatch(Rule):
    """What it does: a classified cable needs a declassification instruction; an unclassified one must not have one.

    Why it matters: "E.O. 12958: N/A" (or no DECL at all) on a CONFIDENTIAL cable leaves
    the information with no declassification date; a DECL date or exemption on an
    UNCLAS/SBU cable claims a classification the cable does not have
    (ISM-ID-00014/00016 analogues).

    Example (fails):
        C O N F I D E N T I A L STATE 000123

        E.O. 12958: N/A
        TAGS: PREL
        SUBJECT: (C) MEETING WITH THE MINISTER
    Example (passes):
        UNCLAS STATE 000123

        E.O. 12958: N/A
        TAGS: PREL
        SUBJECT: MEETING WITH THE MINISTER
    """
    code = "EO003"
    name = "decl-instruction-mismatch"
    severity = Severity.ERROR
    summary = "Classified cable without a declassification instruction, or unclassified cable with one."
    source = "RULEBOOK §3.3; ISM-ID-00014/00016"

    def applies(self, doc):
        if doc.eo is None:
            return (is_classified(doc) and full_record(doc) and header_zone_intact(doc)
                    and on_or_after(doc, EO12958_EFFECTIVE) and eo_like_line(doc) is None)
        return doc.banner is not None and not archival_eo(doc) and not truncated(doc.eo.text)

    def check(self, doc):
        if doc.eo is None:
            yield (f"{doc.banner.level.value} cable has no E.O. line and so no declassification instruction",
                   first_span(doc))
            return
        decl = decl_of(doc)
        level = doc.banner.level.value
        if is_classified(doc):
            if not has_instruction(doc):
                what = "N/A" if decl.kind == "na" or _NA_WORD.search(decl.text) else "no declassification instruction"
                yield (f"{level} cable has {what} on its E.O. line; a classified cable needs "
                       "'DECL: <date>' (or an event/exemption)", decl.span if decl.text else doc.eo.span)
        elif is_unclassified(doc) and decl.kind in ("date", "exemption", "oadr"):
            what = (f"DECL date {decl.raw_date}" if decl.kind == "date"
                    else f"declassification exemption {', '.join(decl.codes)}")
            yield (f"{level} cable has {what}; an unclassified cable takes 'E.O. {doc.eo.order_text or 'nnnnn'}: N/A'",
                   decl.span, "N/A")


@register
class DeclDateInvalid(Rule):
    """What it does: the DECL date must be a real calendar date and lie after the cable date.

    Why it matters: "DECL: 02/30/2019" names no day; a declassification date on or before
    the cable date would declassify the cable at birth (typo in the year, or a copied line).

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2008
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
    """
    code = "EO004"
    name = "decl-date-invalid"
    severity = Severity.ERROR
    summary = "DECL date impossible, or not after the cable date."
    source = "RULEBOOK §3.3"

    def applies(self, doc):
        return doc.eo is not None and decl_of(doc).kind == "date" and not archival_eo(doc)

    def check(self, doc):
        decl = decl_of(doc)
        value = decl_date(doc)
        if value is None:
            yield (f"DECL date '{decl.raw_date}' is not a valid calendar date ({decl.date_format})", decl.span)
            return
        span = cable_range(doc)
        if span is not None and value <= span[0]:
            yield (f"DECL date {decl.raw_date} ({value.isoformat()}) is not after the cable date {_when(doc)}",
                   decl.span)


@register
class DeclHorizon(Rule):
    """What it does: checks the classification duration that the DECL date implies.

    Why it matters: since E.O. 13292 (2003-03-25) classification lasts at most 25 years
    unless a 25X/50X exemption is cited (error beyond 31 Dec of cable year + 25). The
    original E.O. 12958 (1995-10-14 .. 2003-03-24) allowed 10 years unless an X1-X8
    exemption was cited (warning beyond 31 Dec of cable year + 10).

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2039
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2034
    """
    code = "EO005"
    name = "decl-horizon-too-long"
    severity = Severity.ERROR
    summary = "DECL date beyond 25 years (10 under the original E.O. 12958) without an exemption."
    source = "RULEBOOK §3.3; E.O. 12958 §1.6; E.O. 13292/13526 §1.5"

    def applies(self, doc):
        return (doc.eo is not None and decl_of(doc).kind == "date" and cable_range(doc) is not None
                and not archival_eo(doc))

    def check(self, doc):
        decl = decl_of(doc)
        value = decl_date(doc)
        if value is None:
            return
        codes = decl.codes
        year = doc.date.value.year
        if on_or_after(doc, EO13292_SIGNED):
            if any(_LONG_EXEMPT.match(c) for c in codes):
                return
            limit = D(year + 25, 12, 31)
            if value > limit:
                yield finding(self, doc, Severity.ERROR,
                              f"DECL date {decl.raw_date} is {value.year - year} years after the cable; "
                              "the maximum is 25 years without a 25X/50X exemption", decl.span)
        elif within(doc, EO12958_EFFECTIVE, EO13292_SIGNED):
            if any(_X_CODE.match(c) or _LONG_EXEMPT.match(c) for c in codes):
                return
            limit = D(year + 10, 12, 31)
            if value > limit:
                yield finding(self, doc, Severity.WARNING,
                              f"DECL date {decl.raw_date} is {value.year - year} years after the cable; "
                              "E.O. 12958 allowed 10 years unless an X1-X8 exemption is cited", decl.span)


@register
class DeclExemptionEra(Rule):
    """What it does: checks that exemption codes fit the order of the cable's era.

    Why it matters: X1-X8 (and "1.6Xn") are exemptions of the original E.O. 12958 and were
    abolished by E.O. 13292 (info between 2003-03-25 and 2003-09-21 while the marking
    provisions phased in, warning after). OADR ("Originating Agency's Determination
    Required") belongs to E.O. 12356 and is obsolete after 1995-10-13 (warning after a
    6-month grace). 50X1-HUM/50X2-WMD replace a date and must not carry one (ISM-ID-00133).

    Example (fails):
        O 092019Z SEP 06
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: X1
    Example (passes):
        O 092019Z SEP 01
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: X1
    """
    code = "EO006"
    name = "decl-exemption-era"
    severity = Severity.WARNING
    summary = "X1-X8 after 2003, OADR after 1995, or 50X together with a date."
    source = "RULEBOOK §3.3; ISOO booklet; ISM-ID-00133"

    def applies(self, doc):
        return doc.eo is not None and bool(decl_of(doc).codes) and not archival_eo(doc)

    def check(self, doc):
        decl = decl_of(doc)
        xcodes = [c for c in decl.codes if _X_CODE.match(c)]
        if xcodes:
            names = ", ".join(xcodes)
            if on_or_after(doc, EO13292_MARKING):
                yield (f"exemption {names} belongs to the original E.O. 12958 and was abolished by "
                       "E.O. 13292 (2003); use a date or a 25X exemption", decl.span)
            elif within(doc, EO13292_SIGNED, EO13292_MARKING):
                yield finding(self, doc, Severity.INFO,
                              f"exemption {names} after E.O. 13292 was signed (2003-03-25)", decl.span)
        if "OADR" in decl.codes and on_or_after(doc, OADR_GRACE_END):
            yield ("OADR belongs to E.O. 12356 and is obsolete after E.O. 12958 (1995-10-14); "
                   "give a declassification date", decl.span)
        fifty = [c for c in decl.codes if c.startswith("50X")]
        if fifty and decl.kind == "date":
            yield finding(self, doc, Severity.ERROR,
                          f"{', '.join(fifty)} replaces a declassification date and must not carry one "
                          f"({decl.raw_date})", decl.span)

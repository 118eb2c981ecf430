"""Header rules (RULEBOOK §5.1-5.6, §9 HDR*): the ACP-127/126 routing header against itself and the banner.

Every rule here needs a routing header of the family it checks and stays silent on partial
records (the header of an extract is not the original's) and on records without a header.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..engine import Rule, Severity, register
from ..integrity import DE_SEQUENCE_MODULUS
from ..model import Document, Level, Span
from .. import lazy_re

_DIGRAPHS = ("ZZ", "OO", "PP", "RR")
_PRECEDENCE_RANK = {"R": 0, "P": 1, "O": 2, "Z": 3}
_PRECEDENCE_NAME = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
# Precedence words of TO/INFO entries (5 FAH-1 H-221 via cablemap); none written = ROUTINE.
_PRECEDENCE_WORD = lazy_re.compile(r"\b(FLASH|NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|ROUTINE)\b")
_WORD_LETTER = {"FLASH": "Z", "IMMEDIATE": "O", "PRIORITY": "P", "ROUTINE": "R"}


def _has_header(doc: Document) -> bool:
    return not doc.partial and doc.header.family != "none"


def _acp127(doc: Document) -> bool:
    return not doc.partial and doc.header.family == "acp127"


def _sub_span(span: Span, text: str, needle: str) -> Span:
    """The span of ``needle`` inside a one-line element (falls back to the whole span)."""
    index = text.find(needle)
    if index < 0 or span.line != span.end_line:
        return span
    start = span.column + index
    return Span(span.line, start, span.line, start + len(needle))


def _line_text(doc: Document, span: Span) -> str:
    """The physical line of ``span`` from its start column (1-based)."""
    if 1 <= span.line <= len(doc.lines):
        return doc.lines[span.line - 1][span.column - 1:]
    return ""


def _in_line(doc: Document, span: Span, needle: str) -> Span:
    return _sub_span(span, _line_text(doc, span), needle)


def _expected_letter(doc: Document) -> str | None:
    """The FL4 letter the banner calls for (E for UNCLAS EFTO); None when the level has none."""
    banner = doc.banner
    if banner is None:
        return None
    if banner.level is Level.UNCLASSIFIED:
        efto = banner.efto or (banner.strong and "EFTO" in doc.caption_tokens)
        return "E" if efto else "U"
    return {Level.CONFIDENTIAL: "C", Level.SECRET: "S", Level.TOP_SECRET: "T"}.get(banner.level)


def _dtg_year(doc: Document) -> int | None:
    dtg = doc.header.dtg
    return dtg.value.year if dtg and dtg.value else None


@register
class PrecedenceDigraph(Rule):
    """What it does: checks the FL2 precedence digraph: one of ZZ/OO/PP/RR and equal to the
    first FL5 precedence letter doubled.

    Why it matters: the digraph carries the highest precedence of the telegram (5 FAH-2
    H-321.2-1); a mismatch with the DTG line means one of the two lines is wrong.

    Example (fails):
        VZCZCXRO1844
        PP RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR003"
    name = "precedence-digraph"
    severity = Severity.WARNING
    summary = "FL2 precedence digraph is not ZZ/OO/PP/RR or disagrees with the FL5 precedence letter."
    source = "RULEBOOK §5.2; 5 FAH-2 H-321.2-1"

    def applies(self, doc):
        return _acp127(doc) and doc.header.precedence_digraph is not None

    def check(self, doc):
        header = doc.header
        digraph = header.precedence_digraph
        span = _in_line(doc, header.precedence_span, digraph)
        if digraph not in _DIGRAPHS:
            yield (f"precedence digraph {digraph} is not one of ZZ, OO, PP, RR", span)
            return
        if header.dtg is None or not header.dtg.precedence:
            return
        first = header.dtg.precedence.split()[0]
        if first * 2 != digraph:
            yield (f"precedence digraph {digraph} does not match the DTG precedence {first} "
                   f"(expected {first * 2})", span, f"{first * 2}")


@register
class DeLineFormat(Rule):
    """What it does: checks that the FL3 line "DE <RI> #SSSS[/NN] DDDHHMM" carries a
    four-digit station serial, a valid Julian day (001-365, 366 only in leap years) and a
    valid time (HHMM).

    Why it matters: DDDHHMM is the time of transmission; an impossible value means the
    header was garbled or hand-edited.

    Example (fails):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 3672019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR004"
    name = "de-line-malformed"
    severity = Severity.ERROR
    summary = "FL3 (DE line) malformed: serial not #SSSS, or impossible Julian day or time."
    source = "RULEBOOK §5.3; cable2graph extract"

    def applies(self, doc):
        return _acp127(doc) and doc.header.de is not None

    def check(self, doc):
        de = doc.header.de
        text = _line_text(doc, de.span)
        ssn = re.search(r"#\s*(\d+)", text)
        if ssn and len(ssn.group(1)) != 4:
            yield (f"DE line station serial #{ssn.group(1)} is not four digits (#SSSS)",
                   _sub_span(de.span, text, ssn.group(0)))
        stamp = de.stamp
        if stamp is None:
            return  # the time of transmission is optional in the cable2graph grammar
        span = _in_line(doc, de.span, stamp)
        if len(stamp) != 7:
            yield (f"DE line time stamp {stamp} is not DDDHHMM (7 digits)", span)
            return
        day, hour, minute = int(stamp[:3]), int(stamp[3:5]), int(stamp[5:7])
        if day == 0 or day > 366:
            yield (f"DE line Julian day {stamp[:3]} is not a day of the year (001-366)", span)
        elif day == 366 and _dtg_year(doc) is not None and not _leap_for(doc):
            yield (f"DE line Julian day 366 in {_dtg_year(doc)}, which is not a leap year", span)
        if hour > 23 or minute > 59:
            yield (f"DE line time {stamp[3:]} is not a valid HHMM time", span)


# calendar.isleap and calendar.monthrange(...)[1], without importing calendar (and locale) at start-up.
_MDAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _isleap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    return _MDAYS[month] + (month == 2 and _isleap(year))


def _leap_for(doc: Document) -> bool:
    """Day 366 can only be in the DTG's year (the next year's days start again at 001)."""
    return _isleap(doc.header.dtg.value.year)


def _de_datetime(doc: Document) -> _dt.datetime | None:
    """The DE line's DDDHHMM as a datetime in the DTG's year (or the next one across New Year)."""
    de, dtg = doc.header.de, doc.header.dtg.value
    stamp = de.stamp
    day, hour, minute = int(stamp[:3]), int(stamp[3:5]), int(stamp[5:7])
    year = dtg.year
    if dtg.month == 12 and day <= 2:
        year += 1
    if day == 0 or day > (366 if _isleap(year) else 365) or hour > 23 or minute > 59 or year > 9998:
        return None
    return _dt.datetime(year, 1, 1, hour, minute) + _dt.timedelta(days=day - 1)


@register
class DeLineMatchesDtg(Rule):
    """What it does: checks that the FL3 Julian day is the DTG's day of the year (or the day
    after, across midnight) and that the FL3 time is 0-120 minutes after the DTG time.

    Why it matters: both stamps describe the same transmission (7/7 verified cables); leap
    years matter (9 Sep is day 252 in 2009, 253 in 2008).

    Example (fails):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2512019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR005"
    name = "de-line-dtg-mismatch"
    severity = Severity.WARNING
    summary = "FL3 Julian day/time does not match the FL5 date-time group."
    source = "RULEBOOK §5.3, §5.12"

    def applies(self, doc):
        header = doc.header
        return (_acp127(doc) and header.de is not None and header.de.stamp is not None
                and len(header.de.stamp) == 7 and header.dtg is not None and header.dtg.value is not None)

    def check(self, doc):
        de, dtg = doc.header.de, doc.header.dtg.value
        span = _in_line(doc, de.span, de.stamp)
        sent = _de_datetime(doc)
        if sent is None:
            return  # impossible stamp: HDR004
        doy = dtg.timetuple().tm_yday
        days = (sent.date() - dtg.date()).days
        if days not in (0, 1):
            yield (f"DE line Julian day {de.stamp[:3]} is not the DTG day of the year "
                   f"{doy:03d} ({dtg:%d %b %Y}) or the day after", span)
            return
        delta = (sent - dtg).total_seconds() / 60
        if delta < 0 or delta > 120:
            yield (f"DE line time {de.stamp[3:]} is {int(delta)} minutes from the DTG time "
                   f"{dtg:%H%M}Z (expected 0 to 120 minutes after it)", span)


@register
class DeSsnMatchesSerial(Rule):
    """What it does: checks that the FL3 station serial number ("#0700") is the banner's
    message reference serial modulo 10000 ("OTTAWA 000700").

    Why it matters: both number the same telegram (7/7 verified cables).

    Example (fails):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0701 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR006"
    name = "de-ssn-serial-mismatch"
    severity = Severity.WARNING
    summary = "FL3 station serial number is not the banner serial modulo 10000."
    source = "RULEBOOK §5.3, §5.7"

    def applies(self, doc):
        return not doc.damaged("spliced") and (_acp127(doc) and doc.header.de is not None and doc.banner is not None
                and doc.banner.strong and doc.banner.serial is not None)

    def check(self, doc):
        de, banner = doc.header.de, doc.banner
        if de.sequence != banner.serial % DE_SEQUENCE_MODULUS:
            text = _line_text(doc, de.span)
            match = re.search(r"#\s*\d+", text)
            span = _sub_span(de.span, text, match.group(0)) if match else de.span
            yield (f"DE line serial #{de.sequence:04d} does not match the banner serial "
                   f"{banner.post or ''} {banner.serial:06d} (expected #{banner.serial % DE_SEQUENCE_MODULUS:04d})".replace(
                       "  ", " "), span)


@register
class DeSectionMatchesBanner(Rule):
    """What it does: checks that the FL3 section suffix "/NN" equals the banner's
    "SECTION NN".

    Why it matters: the DE line of each section names that section; a mismatch points to a
    section header pasted from another part.

    Example (fails):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700/02 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700/01 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700
    """

    code = "HDR007"
    name = "de-section-mismatch"
    severity = Severity.WARNING
    summary = "FL3 /NN section differs from the banner SECTION number."
    source = "RULEBOOK §5.3 (Med)"

    def applies(self, doc):
        return not doc.damaged("spliced") and (_acp127(doc) and doc.header.de is not None and doc.header.de.section is not None
                and doc.banner is not None and doc.banner.section is not None)

    def check(self, doc):
        de, banner = doc.header.de, doc.banner
        if de.section != banner.section:
            text = _line_text(doc, de.span)
            match = re.search(r"/\s*\d+", text)
            span = _sub_span(de.span, text, match.group(0)) if match else de.span
            yield (f"DE line section /{de.section:02d} differs from the banner SECTION "
                   f"{banner.section:02d} OF {banner.sections or '?'}", span)


@register
class SecurityLineMatchesBanner(Rule):
    """What it does: checks that the FL4 security warning letters match the banner level
    (UNCLAS = ZNR UUUUU, UNCLAS EFTO = ZNY EEEEE, CONFIDENTIAL = ZNY CCCCC, SECRET = ZNY SSSSS,
    TOP SECRET = ZNY TTTTT) and that ZNR goes only with UUUUU.

    Why it matters: FL4 tells the relay stations how to protect the message; an FL4 that
    disagrees with the banner means either the header or the banner is wrong.

    Example (fails):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY SSSSS ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR008"
    name = "security-line-mismatch"
    severity = Severity.ERROR
    summary = "FL4 ZNY/ZNR classification letters disagree with the banner level."
    source = "RULEBOOK §5.4, §5.12; US Navy IT manual (FL4); observed"

    def applies(self, doc):
        return not doc.damaged("spliced") and _acp127(doc) and doc.header.security is not None and doc.banner is not None

    def check(self, doc):
        sec, banner = doc.header.security, doc.banner
        letters = sec.letters.upper()
        span = _in_line(doc, sec.span, sec.letters)
        expected = _expected_letter(doc)
        shown = "UNCLAS EFTO" if expected == "E" else (
            "UNCLAS" if banner.level is Level.UNCLASSIFIED else banner.level.value)
        if expected is not None and letters[0] != expected:
            yield (f"security line {sec.operating_signal} {sec.letters} does not match the banner "
                   f"{shown} (expected {'ZNR' if expected == 'U' else 'ZNY'} {expected * 5})", span,
                   f"{'ZNR' if expected == 'U' else 'ZNY'} {expected * 5}")
            return
        if sec.operating_signal.upper() == "ZNR" and letters[0] != "U":
            yield (f"security line uses ZNR with {sec.letters}; ZNR goes only with UUUUU "
                   f"(EFTO and classified telegrams take ZNY)",
                   _in_line(doc, sec.span, sec.operating_signal), "ZNY")


_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


@register
class DtgValid(Rule):
    """What it does: checks that the FL5 date-time group names a real date and time
    (day in month, hour 00-23, minute 00-59, month JAN-DEC).

    Why it matters: the DTG is the cable's date; every date-dependent rule relies on it.

    Example (fails):
        O 312019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        O 302019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR009"
    name = "dtg-invalid"
    severity = Severity.ERROR
    summary = "FL5 date-time group names an impossible date or time."
    source = "RULEBOOK §5.5; cable2graph; cablemap"

    def applies(self, doc):
        return _has_header(doc) and doc.header.dtg is not None

    def check(self, doc):
        dtg = doc.header.dtg
        span = dtg.span
        problems = []
        month = dtg.month.upper()
        if month not in _MONTH_NAMES:
            problems.append(f"month {dtg.month} is not JAN-DEC")
        elif not 1 <= dtg.day <= _month_days(dtg.year, _MONTH_NAMES.index(month) + 1):
            problems.append(f"day {dtg.day:02d} does not exist in {month} {dtg.year}")
        if dtg.hour > 23:
            problems.append(f"hour {dtg.hour:02d} is not 00-23")
        if dtg.minute > 59:
            problems.append(f"minute {dtg.minute:02d} is not 00-59")
        if problems:
            yield (f"date-time group {dtg.text} is invalid: " + "; ".join(problems), span)


def _highest_precedence(addresses) -> str | None:
    """The highest precedence letter among address entries (None when there are none)."""
    best = None
    for address in addresses:
        words = _PRECEDENCE_WORD.findall(address.text.upper())
        letter = "R"
        for word in words:
            word = " ".join(word.split())
            candidate = "O" if word == "NIACT IMMEDIATE" else _WORD_LETTER[word]
            if _PRECEDENCE_RANK[candidate] > _PRECEDENCE_RANK[letter]:
                letter = candidate
        if best is None or _PRECEDENCE_RANK[letter] > _PRECEDENCE_RANK[best]:
            best = letter
    return best


@register
class DtgPrecedenceMatchesAddressees(Rule):
    """What it does: checks that the first FL5 precedence letter is the highest precedence
    written on the TO addressees (FLASH=Z, [NIACT] IMMEDIATE=O, PRIORITY=P, none=R).

    Why it matters: the DTG precedence is the action precedence of the telegram; a mismatch
    means the telegram was routed slower or faster than its addressees were told.

    Example (fails):
        P 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR010"
    name = "dtg-precedence-mismatch"
    severity = Severity.WARNING
    summary = "FL5 precedence letter differs from the highest TO precedence."
    source = "RULEBOOK §5.5 (Med); cablemap Recipient (5 FAH-1 H-221)"

    def applies(self, doc):
        return _has_header(doc) and doc.header.dtg is not None and bool(doc.header.to)

    def check(self, doc):
        dtg = doc.header.dtg
        letters = dtg.precedence.upper().split()
        if not letters or letters[0] not in _PRECEDENCE_RANK:
            return
        highest = _highest_precedence(doc.header.to)
        if highest is not None and highest != letters[0]:
            yield (f"DTG precedence {letters[0]} ({_PRECEDENCE_NAME[letters[0]]}) differs from the highest "
                   f"TO precedence {_PRECEDENCE_NAME[highest]} (expected {highest})",
                   _sub_span(dtg.span, _line_text(doc, dtg.span), dtg.precedence))


@register
class HeaderFamily(Rule):
    """What it does: notes a cable (banner with origin and serial) whose routing header is
    neither ACP-127 (VZCZC/DE/ZNY) nor ACP-126 (DTG line), so no header rule could run.

    Why it matters: the header rules are silent there; the note says why. Partial extracts
    (which lose their header by design) are not reported.

    Example (fails):
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH
    """

    code = "HDR001"
    name = "header-family-unknown"
    severity = Severity.INFO
    # Off by default: header rules stay silent on records without a routing header, and
    # many published records (extracts, body-only copies) have none.
    default_enabled = False
    summary = "No ACP-127/ACP-126 routing header found; header rules were not run."
    source = "RULEBOOK §0; cable2graph STATS; cablemap is_partial"

    def applies(self, doc):
        return (not doc.partial and doc.header.family == "none" and doc.banner is not None
                and doc.banner.strong)

    def check(self, doc):
        yield ("no routing header (VZCZC/DE/ZNY lines or a DTG line) before the banner; "
               "header rules were not run", doc.banner.span)


_FL1 = lazy_re.compile(r"VZCZC[A-Z]{3}\d{3,4}")


@register
class TransmissionIdentifier(Rule):
    """What it does: checks that FL1 reads "VZCZC" + a 3-letter channel designator + 3 or 4
    digits ("VZCZCXRO1844").

    Why it matters: a different FL1 usually means a garbled header. The handbook says three
    digits, every observed cable has four, so this is only informational.

    Example (fails):
        VZCZCXR1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR002"
    name = "transmission-id-format"
    severity = Severity.INFO
    summary = "FL1 transmission identifier is not VZCZC + channel trigraph + 3-4 digits."
    source = "RULEBOOK §5.1; 5 FAH-2 H-321.1"

    def applies(self, doc):
        return _acp127(doc) and doc.header.vzczc is not None

    def check(self, doc):
        vz = doc.header.vzczc
        text = _line_text(doc, vz.span).strip()
        token = text.split()[0] if text else ""
        if not _FL1.fullmatch(token):
            yield (f"transmission identifier {token} is not VZCZC + channel trigraph + 3-4 digits "
                   f"(e.g. VZCZCXRO1844)", _sub_span(vz.span, _line_text(doc, vz.span), token))


@register
class AddresseesPresent(Rule):
    """What it does: checks that a cable with a routing header has an FM line and at least
    one TO addressee.

    Why it matters: the originator and action addressees are part of every telegram header
    (5 FAH-2 H-321.6/7). Real published cables without TO exist (08MONTERREY468), so this is
    a warning.

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        INFO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        C O N F I D E N T I A L OTTAWA 000700
    """

    code = "HDR012"
    name = "addressees-missing"
    severity = Severity.WARNING
    summary = "FM line or TO addressees missing from a routing header."
    source = "RULEBOOK §5.6; cablemap recipients tests"

    def applies(self, doc):
        return _has_header(doc) and doc.header.dtg is not None

    def check(self, doc):
        header = doc.header
        if header.fm is None:
            yield ("routing header without an FM (originator) line after the DTG", header.dtg.span)
        elif not header.to and not _raw_to_line(doc):
            yield ("routing header without TO (action) addressees after the FM line", header.fm_span)


# A TO line the address grammar missed: glued (``TORUEHC/SECSTATE``) or with a wrapped page
# header run into it (``TO PAGE 02 STATE 015113 182333Z``).
_RAW_TO = lazy_re.compile(r"^\s*TO(?:\s|R[A-Z]{3,7}/)")


def _raw_to_line(doc: Document) -> bool:
    start = doc.header.fm_span.line
    end = doc.banner.span.line - 1 if doc.banner and doc.banner.span.line > start else start + 40
    return any(_RAW_TO.match(line) for line in doc.lines[start:end])

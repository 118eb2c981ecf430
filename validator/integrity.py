"""Record integrity: what a publisher's copy did to a cable, decided once from the model.

A damaged record is not a marking decision. Each kind of damage is found here by a named
heuristic, once, with its span; the REC rule reports it at warning level, and the marking rules
that the damage would mislead read ``doc.integrity`` and stay silent instead of cascading.
"""

from __future__ import annotations

import re

from . import lazy_re
from . import model as m
from .facts import post_letters
from .fields.edits import one_edit
from .fields.marks import garbled_level


def assess(doc: m.Document) -> tuple[m.Damage, ...]:
    """Every damage found in ``doc``, in file order."""
    found = [d for check in _CHECKS for d in check(doc)]
    found.sort(key=lambda d: (d.span.line, d.span.column))
    return tuple(found)


def _garbled_banner(doc: m.Document):
    """GARBLED_BANNER: the banner word has a doubled, lost or stray first letter ("UUNCLAS")."""
    banner = doc.banner
    if banner is not None and garbled_level(banner.raw_level) is not None:
        yield m.Damage("garbled-banner", banner.level_span,
                       f"banner word {' '.join(banner.raw_level.split())!r} read as {banner.level.value}")



def _header_zone(doc: m.Document) -> tuple[int, int] | None:
    """(first, last) 1-based lines between the banner and the first paragraph (exclusive)."""
    if doc.banner is None:
        return None
    start = doc.banner.span.line
    body = [p.span.line for p in doc.paragraphs if p.span.line > start]
    end = min(body) if body else min(len(doc.lines), start + HEADER_ZONE_MAX)
    return start, end


# A header zone longer than this (lines) is not a header: the cable has no paragraphs.
HEADER_ZONE_MAX = 60
_ELLIPSES = ("...", "\u2026")


def cut_short(text: str | None) -> bool:
    """The publisher cut this text short (it ends in "..."): what followed is unknown, not missing."""
    return bool(text) and text.rstrip().endswith(_ELLIPSES)


def _truncated(doc: m.Document):
    """TRUNCATED_HEADER: a header-zone line ends in "..." (the publisher cut the header there);
    fields that would follow the cut are unknown, not missing."""
    zone = _header_zone(doc)
    if zone is None:
        return
    text = "\n".join(doc.lines[zone[0] - 1:zone[1] - 1])
    if not any(mark in text for mark in _ELLIPSES):
        return  # (an exact pre-check at C speed: a cut line holds one of the _ELLIPSES)
    for number in range(zone[0], zone[1]):
        line = doc.lines[number - 1].rstrip()
        if cut_short(line):
            start = len(line.rstrip(".\u2026"))
            yield m.Damage("truncated", m.Span(number, start + 1, number, len(line) + 1),
                           "the header is cut at a '...' truncation marker; fields after it are unknown")
            return


def _flattened_repeat(doc: m.Document):
    """FLATTENED_REPEAT: the header is repeated, flattened onto one line (banner post and serial, E.O.
    and TAGS run together: the publisher's second rendering), that repeat stops at TAGS and the text
    follows it, and no Classified By was read: the first rendering is an excerpt cut before it, the
    repeat dropped what followed TAGS, so Classified By is unknown, not missing."""
    banner = doc.banner
    if banner is None or not banner.level.classified or doc.partial:
        return
    if doc.classified_by is not None or doc.subject is None or banner.serial is None or not banner.post:
        return
    zone = _header_zone(doc)  # only now (most cables have a Classified By); None only without a banner
    lines = range(max(zone[0], doc.subject.span.line) + 1, zone[1])
    if any(cut_short(doc.lines[n - 1]) for n in range(zone[0], zone[1])):
        return  # the "..." cut is named by TRUNCATED_HEADER
    own = None
    for number in lines:
        line = doc.lines[number - 1]
        if not _EO_THEN_TAGS.search(line):
            continue  # (the static pattern first: the banner's own pattern is compiled only when needed)
        if own is None:
            own = re.compile(r"\b" + r"\s+".join(map(re.escape, banner.post.upper().split())) + rf"\s+0*{banner.serial}\b")
        if not own.search(line.upper()):
            continue
        if any(_HEADER_LABEL.search(doc.lines[n - 1]) for n in range(number, zone[1])):
            return  # the repeat goes on past TAGS: what it holds was read
        yield m.Damage("truncated", m.Span(number, 1, number, len(line.rstrip()) + 1),
                       "the header is repeated flattened on one line that stops at TAGS: the lines after "
                       "TAGS (SUBJECT, Classified By) were cut from this copy and are unknown")
        return


_EO_THEN_TAGS = lazy_re.compile(r"\bE\.?\s?O\.?\s*1\d{4}\b.*\bTAGS\b", re.I)
_HEADER_LABEL = lazy_re.compile(r"\b(?:SUBJECT|SUBJ|REF)\s*:|\bCLASSIFIED\s+BY\b", re.I)


def _header_dropped(doc: m.Document):
    """HEADER_DROPPED: a classified cable with E.O./TAGS but neither SUBJECT nor Classified By: the
    publisher dropped the header lines between TAGS and the text (a cable has SUBJECT whenever
    it has TAGS; losing both at once is a copy's defect, not two drafting omissions)."""
    if doc.banner is None or not doc.banner.level.classified or doc.partial:
        return
    if doc.subject is not None or doc.classified_by is not None:
        return
    anchor = doc.tags or doc.eo
    if anchor is None:
        return
    yield m.Damage("header-dropped", anchor.span,
                   "SUBJECT and Classified By are both missing after the E.O./TAGS lines: "
                   "the header block was dropped from this copy")


def _foreign_banner(doc: m.Document):
    """SPLICED_BANNER: the routing header comes from an embassy or consulate (FM AMEMBASSY X) and the
    banner names another post, and the DE serial (when there is one) is not the banner's: the banner
    and body come from another cable than the header lines."""
    banner, header = doc.banner, doc.header
    if banner is None or not header.fm or banner.serial is None or not banner.post:
        return
    if header.de is not None and header.de.sequence == banner.serial % DE_SEQUENCE_MODULUS:
        return
    fm = _POST_FROM.match(" ".join(header.fm.upper().split()))
    if fm is None:
        return
    place = fm.group("place").replace(" ", "")
    post = banner.post.upper().replace(" ", "")
    if post in place or place in post:
        return
    serial = f", #{header.de.sequence:04d}" if header.de is not None else ""
    yield m.Damage("spliced", banner.span,
                   f"the banner ({banner.post} {banner.serial}) is not the cable of the routing header "
                   f"({' '.join(header.fm.split())}{serial}): two cables spliced into one record")


# An originator that names its post: "AMEMBASSY LA PAZ", "AMCONSUL SAO PAULO".
_POST_FROM = lazy_re.compile(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN)\s+(?P<place>[A-Z][A-Z .'-]*)")


# The DE line's station serial is the banner serial modulo 10000 (RULEBOOK §0).
DE_SEQUENCE_MODULUS = 10000

_CHECKS = (_garbled_banner, _truncated, _flattened_repeat, _header_dropped, _foreign_banner)


# SPLICED_ROW: a CSV export row ("50133  2006-01-19  06THEHAGUE131  Embassy The Hague ...") of another
# cable inside the record: the publisher appended that cable; its id's serial is not the banner's.
_EXPORT_ROW_BODY = (r"[ \t]*\d{1,7}[ \t]+(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})(?:[ \t]+\d{1,2}:\d{2})?"
                    r"[ \t]+(?P<id>\d{2}[A-Z][A-Z-]*?(?P<serial>\d+))\b")
_EXPORT_ROW = lazy_re.compile(_EXPORT_ROW_BODY)
# The same row at any line start of the whole text, anchored on the newline itself: a literal first
# character lets the regex engine skip to each newline (a multiline "^" is tried at every position: 4x slower).
_EXPORT_ROW_IN_TEXT = lazy_re.compile("\n" + _EXPORT_ROW_BODY)


def splice_seam(doc: m.Document, source) -> tuple[int, m.Damage] | None:
    """(0-based logical line where another cable starts, its damage), or None (SPLICED_ROW,
    SPLICED_CONTINUATION)."""
    banner = doc.banner
    if banner is None or banner.serial is None:
        return None
    return _export_row_seam(doc, source) or _foreign_continuation_seam(doc, source)


# SPLICED_CONTINUATION: a continuation header naming another post AND another serial than the banner
# ("MADRID 00001234 002 OF 003" under "OTTAWA 000700") is a page of another cable: the telegraphic
# system writes these headers, so both disagreeing is a spliced record, not a drafter's marking error.
# A redaction placeholder for the post or an all-zero serial says nothing (BAN004 ignores them too).
# REDACTED_POST: a publisher's redaction placeholder stands where the post was ("XXXXXXXXXXXX 00000700
# 002 OF 002"): the post is unknown, not another post.
REDACTION_MIN = 4


def redacted_post(letters: str) -> bool:
    """REDACTED_POST: ``letters`` (a post as its callers normalise it) are a run of X's, nothing else."""
    return len(letters) >= REDACTION_MIN and set(letters.upper()) == {"X"}


def _foreign_continuation_seam(doc: m.Document, source) -> tuple[int, m.Damage] | None:
    banner = doc.banner
    if not any(c.serial and c.serial != banner.serial for c in doc.continuations):
        return None  # (nearly every record: no continuation header names another serial)
    mine = post_letters(banner.post or "")
    if not mine:
        return None
    body = min((p.span.line for p in doc.paragraphs), default=None)
    for cont in sorted(doc.continuations, key=lambda c: c.span.line):
        if body is None or cont.span.line <= body:
            continue  # in the header zone a page header is debris glued to a field, not a page of text
        theirs = post_letters(cont.post or "")
        if not cont.serial or cont.serial == banner.serial or not theirs or redacted_post(theirs):
            continue
        if same_post(theirs, mine):
            continue  # the same post (truncated, or body words glued before the header)
        where = (cont.span.line - 1, cont.span.column - 1)
        logical = next((i for i, origin in enumerate(source.origin) if origin >= where), None)
        if logical is None:
            return None
        return logical, m.Damage("spliced", cont.span,
                                 f"a continuation header of another cable ({cont.post} {cont.serial}) follows; "
                                 "the text from here on was not checked")
    return None


# SPLICED_BANNER: a strong banner (post and serial) after this cable's header fields or text, naming
# another cable, starts another cable appended to the record (the publisher printed two cables in one
# file). The record is cut where that cable's own header begins: the routing and address lines and blank
# lines right above its banner belong to it. Not another cable (MISREAD_SERIAL): a later SECTION (2 or
# more) of this post, a serial this cable's banner or DE line carries, or one a single misread digit away
# from them (a digit changed, lost or added: "000760" for "000700"); a repeated preview keeps its serial.
# An all-zero serial or a redacted post says nothing.
# QUOTED_CABLE: a banner (with its routing lines) right under a line that opens a quotation ("QUOTE",
# "QTE", "BEGIN TEXT", "TEXT FOLLOWS", "Following is text of MADRID 1234:") is a cable quoted in the text.
_APPENDED_HEADER_RULES = frozenset({"blank", "vzczc", "precedence_line", "de_line", "security_line", "dtg_line",
                                    "address_block", "office_block", "partial_note", "page_header"})
_QUOTE_OPENER = lazy_re.compile(
    r"(?:\b(?:QUOTE|QTE|BEGIN[ \t]+(?:TEXT|QUOTE)|TEXT[ \t]+FOLLOWS)\W*|\bTEXT\b.*:\W*)$", re.I)
_QUOTE_CLOSER = lazy_re.compile(r"\b(?:END[ \t]*(?:QUOTE|QTE|TEXT)|UNQUOTE|UNQTE)\b\W*$", re.I)


def _near(serial: int, known: int) -> bool:
    """The same serial, or one misread digit away (changed, lost or added), compared as written."""
    return serial == known or one_edit(str(serial), str(known))


def appended_cable_seam(banner: m.Banner | None, de: m.DeLine | None, later: list,
                        items: list) -> tuple[int, m.Damage] | None:
    """(0-based logical line where an appended cable starts, its damage), or None. ``later`` holds
    (parser item index, Banner) of the strong banners after this cable's header fields or text, in
    file order. A record whose own banner was lost is known by its DE line's serial."""
    own = banner if banner is not None and banner.strong and banner.serial is not None else None
    if own is None and de is None:
        return None
    for index, other in later:
        if not other.serial or not other.post or redacted_post(post_letters(other.post or "")):
            continue
        if own is not None and (_near(other.serial, own.serial) or (
                (other.section or 0) >= 2 and post_letters(other.post or "") == post_letters(own.post or ""))):
            continue  # MISREAD_SERIAL: this cable's own serial or a later section of it
        if de is not None and _near(other.serial % DE_SEQUENCE_MODULUS, de.sequence):
            continue
        start = index
        while start > 0 and items[start - 1][0] in _APPENDED_HEADER_RULES:
            start -= 1
        above = start - 1
        while above >= 0 and (items[above][0] == "blank" or not items[above][1]):
            above -= 1
        if above >= 0:
            last = items[above][1][-1].value.rstrip()
            if _QUOTE_OPENER.search(last) and not _QUOTE_CLOSER.search(last):
                continue
        logical = items[start][1][0].line - 1
        return logical, m.Damage("spliced", other.span,
                                 f"another cable ({other.post} {other.serial}) is appended after this one's text; "
                                 "the text from here on was not checked")
    return None


def same_post(a: str | None, b: str | None) -> bool:
    """Post names agree, allowing truncation (``PORT AU PR``, ``VATICA``), spacing, a prefix
    such as ``RPO DUBAI``/``DUBAI`` and body words glued before a continuation header that
    was run into a text line (``HMT CAUTIOUS LONDON 00001352 003 OF 004``)."""
    a, b = post_letters(a or ""), post_letters(b or "")
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a)


def _export_row_seam(doc: m.Document, source) -> tuple[int, m.Damage] | None:
    banner = doc.banner
    if not _EXPORT_ROW_IN_TEXT.search("\n" + source.text):
        return None  # one C-speed search; the physical lines are the text's lines (Source)
    after = banner.span.line  # 1-based physical line of the banner
    for logical, (physical, offset) in enumerate(source.origin):
        if physical < after or offset:
            continue
        line = source.physical[physical]
        if not line[:1].isdigit() and not line[:1].isspace():
            continue
        row = _EXPORT_ROW.match(line)
        if row and int(row.group("serial")) != banner.serial:
            span = m.Span(physical + 1, row.start("id") + 1, physical + 1, row.end("id") + 1)
            return logical, m.Damage("spliced", span, f"the record continues with another cable ({row.group('id')}); "
                                                     "the text from here on was not checked")
    return None

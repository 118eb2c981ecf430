"""Banner rules (RULEBOOK §1.1, §5.7, §9 BAN*): the classification line, sections and page lines.

The banner is the first classification line of the text (``C O N F I D E N T I A L SECTION
01 OF 02 OTTAWA 000700``); continuation headers (``OTTAWA 00000700 002 OF 002``) and the page
headers of older received copies (``PAGE 02 HARARE 05461 01 OF 02 271458Z``) repeat its serial
and section total, and received copies print the classification at the top and bottom of
every page.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..records import frozen_delattr, frozen_setattr
from ..engine import Finding, Rule, Severity, register
from ..integrity import redacted_post, same_post
from ..model import Document, Level, Span
from . import fixing
from .. import lazy_re

# Words that 32 CFR 2001.23(a) forbids "in conjunction with" Top Secret/Secret/Confidential.
_FORBIDDEN_QUALIFIERS = frozenset({"SENSITIVE", "SBU", "FOUO"})
_LOU_END = _dt.date(1995, 10, 1)
# A classification word in the head of the record: upper-case and unspaced, even when glued
# to neighbouring text in single-line renderings ("...22:12:00]CONFIDENTIAL").
_CLASS_WORD = lazy_re.compile(r"(?<![A-Za-z])(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?![A-Za-z])")
# A letter-spaced run of at least five letters ("C O N F I D E N T I A L", "O N F I D E N T I A L").
_SPACED_RUN = lazy_re.compile(r"(?<![A-Za-z])(?:[A-Za-z] ){4,}[A-Za-z](?![A-Za-z])")
_LEVEL_WORDS = ("CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "TOPSECRET")


def _has_classification_word(line: str) -> bool:
    """A classification line the banner grammar could not read (garbled, glued, letters lost)."""
    if _CLASS_WORD.search(line):
        return True
    for run in _SPACED_RUN.findall(line):
        word = run.replace(" ", "").upper()
        if any(word in level or level in word for level in _LEVEL_WORDS):
            return True
    return False


def _first_field_span(doc: Document):
    """The first header field or paragraph: a banner stands before it."""
    spans = [span for span in (doc.eo and doc.eo.span, doc.tags and doc.tags.span,
                               doc.subject and doc.subject.span,
                               doc.paragraphs[0].span if doc.paragraphs else None) if span]
    return min(spans, key=lambda s: (s.line, s.column)) if spans else None


def _has_banner_region(doc: Document) -> bool:
    """The record holds the part of a cable where the banner stands: a routing header, an
    address block or a page header before the first header field or paragraph (a snippet
    that starts at SUBJECT, or a header without a body, has no place for a banner)."""
    first = _first_field_span(doc)
    if first is None:
        return False
    header = doc.header
    before = [header.fm_span, header.precedence_span,
              header.vzczc and header.vzczc.span, header.de and header.de.span,
              header.security and header.security.span, header.dtg and header.dtg.span]
    before += [page.span for page in doc.page_headers]
    return any(span is not None and (span.line, span.column) < (first.line, first.column) for span in before)


def _head_lines(doc: Document) -> list[str]:
    """The text before the first header field (where a banner can stand), including the part
    of that field's line before it (single-line renderings glue the banner to the E.O. line)."""
    first = _first_field_span(doc)
    if first is None:
        return list(doc.lines[:120])
    head = list(doc.lines[:first.line - 1])
    if first.line <= len(doc.lines):
        head.append(doc.lines[first.line - 1][:first.column - 1])
    return head


def _level_name(level: Level) -> str:
    return "UNCLAS" if level is Level.UNCLASSIFIED else level.value


@register
class BannerMissing(Rule):
    """What it does: reports a cable (a record with a routing header or FM line and header
    fields or paragraphs after it) in which no classification line can be found at all.

    Why it matters: every telegram must carry "a classification or an administrative control
    designation" (5 FAH-2 H-222a). Partial extracts are skipped (their banner was cut off),
    and a garbled classification line ("CC O N F I D E N T I A L") counts as present.

    Example (fails):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827

        E.O. 12958: N/A
        TAGS: PREL CA
        SUBJECT: CANADA WELCOMES U.S. OUTREACH
    Example (passes):
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        UNCLAS OTTAWA 000700

        E.O. 12958: N/A
        TAGS: PREL CA
        SUBJECT: CANADA WELCOMES U.S. OUTREACH
    """

    code = "BAN001"
    name = "banner-missing"
    severity = Severity.ERROR
    summary = "No classification line (banner) in the cable."
    source = "RULEBOOK §1.1; 5 FAH-2 H-222a"

    def applies(self, doc):
        return doc.banner is None and not doc.partial and _has_banner_region(doc)

    def check(self, doc):
        if any(_has_classification_word(line) for line in _head_lines(doc)):
            return  # a garbled classification line is there; not a missing one
        span = _first_field_span(doc)
        yield (f"no classification line (banner such as 'C O N F I D E N T I A L OTTAWA 000700' or "
               f"'UNCLAS OTTAWA 000700') before line {span.line}", span)


@register
class BannerQualifier(Rule):
    """What it does: reports a classification (banner or page line) joined with a qualifier
    word such as "SECRET SENSITIVE" or "CONFIDENTIAL SBU".

    Why it matters: 32 CFR 2001.23(a): "No other term or phrase shall be used in conjunction
    with these markings, such as 'Secret Sensitive'". "UNCLAS SENSITIVE" and "UNCLAS EFTO"
    are the correct unclassified forms; dissemination controls (NOFORN) are not qualifiers.

    Example (fails):
        S E C R E T SENSITIVE STATE 002634
    Example (passes):
        UNCLAS SENSITIVE STATE 002634
    """

    code = "BAN002"
    name = "banner-qualifier"
    severity = Severity.ERROR
    summary = "Classification level joined with a qualifier (e.g. SECRET SENSITIVE)."
    source = "RULEBOOK §1.1; 32 CFR 2001.23(a) (2004)"

    def applies(self, doc):
        return doc.banner is not None

    def check(self, doc):
        banner = doc.banner
        if banner.strong and banner.level.classified:
            bad = [q for q in banner.qualifiers if q in _FORBIDDEN_QUALIFIERS]
            if bad:
                yield (f"banner {_level_name(banner.level)} {' '.join(bad)}: no other term may be used "
                       f"with a classification level (32 CFR 2001.23(a))", banner.span,
                       f"{banner.raw_level}")
        for line in doc.class_lines:
            bad = sorted(q for q in line.controls if q in _FORBIDDEN_QUALIFIERS)
            if line.level.classified and bad:
                yield (f"classification line {line.text!r} joins {line.level.value} with {' '.join(bad)} "
                       f"(32 CFR 2001.23(a))", line.span)


_LEVEL_PREFIX = lazy_re.compile(
    r"^[\s\-=*]*(?:C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|T ?O ?P ?S ?E ?C ?R ?E ?T|S ?E ?C ?R ?E ?T"
    r"|UNCLASSIFIED|UNCLAS|LIMITED\s+OFFICIAL\s+USE)"
    r"(?:\s*(?://?\s*)?(?:NOFORN|NOCONTRACT|ORCON|SENSITIVE|SBU|EFTO|E F T O|FOUO|EXDIS|NODIS|LIMDIS|STADIS|SIPDIS))*",
    re.I)
_BANNER_TAIL = lazy_re.compile(
    r"\s+(?:SECTION\s+(?P<section>\d{1,3})\s+OF\s+(?P<sections>\d{1,3})\s+)?"
    r"(?P<post>[A-Z][A-Z.'-]*(?:\s+[A-Z][A-Z.'-]*){0,4}?)\s+(?P<serial>\d{3,7})\b", re.I)


class _Ref:
    """The banner that headers after it must agree with (the first one, or a later cable's)."""

    line: int
    section: int | None
    sections: int | None
    post: str | None
    serial: int | None

    __match_args__ = ('line', 'section', 'sections', 'post', 'serial')
    _FIELDS = __match_args__
    __setattr__ = frozen_setattr
    __delattr__ = frozen_delattr

    def __init__(self, line, section, sections, post, serial):
        d = self.__dict__
        d['line'] = line
        d['section'] = section
        d['sections'] = sections
        d['post'] = post
        d['serial'] = serial

    def __repr__(self):
        return f"{self.__class__.__qualname__}(line={self.line!r}, section={self.section!r}, sections={self.sections!r}, post={self.post!r}, serial={self.serial!r})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return (self.line, self.section, self.sections, self.post, self.serial) == (other.line, other.section, other.sections, other.post, other.serial)
        return NotImplemented

    def __hash__(self):
        return hash((self.line, self.section, self.sections, self.post, self.serial))


def _full_banner(line) -> _Ref | None:
    """A later classification line that is a whole banner (with post and serial), as in
    received copies that repeat the banner per section or records holding two cables."""
    prefix = _LEVEL_PREFIX.match(line.text)
    tail = _BANNER_TAIL.match(line.text, prefix.end()) if prefix else None
    if not tail:
        return None
    return _Ref(line.span.line, int(tail["section"]) if tail["section"] else None,
                int(tail["sections"]) if tail["sections"] else None,
                " ".join(tail["post"].upper().split()), int(tail["serial"]))


@register
class SectionConsistency(Rule):
    """What it does: checks "SECTION n OF m" (n <= m) and that continuation headers
    ("OTTAWA 00000700 002 OF 002") and page headers ("PAGE 02 HARARE 05461 01 OF 02")
    repeat the banner's serial, post (truncation allowed) and section total.

    Why it matters: these numbers identify the telegram and its parts; a disagreement means a
    section of another telegram was pasted in or the banner was edited.

    Example (fails):
        C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        1. (C) The minister welcomed the proposal.

        OTTAWA 00000700 002 OF 003

        2. (C) He asked for a written reply.
    Example (passes):
        C O N F I D E N T I A L SECTION 01 OF 02 OTTAWA 000700

        E.O. 12958: DECL: 09/09/2019
        TAGS: PREL CA
        SUBJECT: (C) CANADA WELCOMES U.S. OUTREACH

        1. (C) The minister welcomed the proposal.

        OTTAWA 00000700 002 OF 002

        2. (C) He asked for a written reply.
    """

    code = "BAN004"
    name = "section-inconsistent"
    severity = Severity.ERROR
    summary = "SECTION n OF m, continuation or page headers disagree with the banner."
    source = "RULEBOOK §5.7, §5.12"

    def applies(self, doc):
        return doc.banner is not None and doc.banner.strong

    def check(self, doc):
        banner = doc.banner
        if banner.section is not None and banner.sections is not None and banner.section > banner.sections:
            yield (f"banner SECTION {banner.section:02d} OF {banner.sections:02d}: the section number "
                   f"exceeds the total", banner.span)
        # The banner is the declaration: when every continuation header agrees on another
        # total, say so (the mutation is usually in the banner).
        totals = {c.sections for c in doc.continuations if c.serial == banner.serial}
        all_other = banner.sections is not None and len(totals) == 1 and banner.sections not in totals
        # One finding per distinct disagreement: every page of a long cable repeats it. The
        # banner it disagrees with is a related location of the finding, not a second finding.
        seen: set[str] = set()
        for kind, span, problems, ref_line in self._headers(doc):
            fresh = [p for p in problems if p not in seen]
            seen.update(problems)
            if fresh:
                message = f"{kind} " + "; ".join(fresh)
                if all_other and ref_line == banner.span.line and any("section total" in p for p in fresh):
                    message += " (every continuation header gives this total: is the banner's wrong?)"
                related = banner.span if ref_line == banner.span.line else _line_span(doc, ref_line)
                yield Finding(message, span, related=(related,))

    @staticmethod
    def _headers(doc):
        """(kind, span, problems, line of the banner in force) for every later banner, continuation and page header, each
        compared with the banner in force: a later banner with another serial starts another
        cable held in the same record and becomes the reference for what follows it."""
        first = doc.banner
        ref = _Ref(first.span.line, first.section, first.sections, first.post, first.serial)
        items = [(line.span, "banner", _full_banner(line)) for line in doc.class_lines]
        items += [(c.span, "continuation header", c) for c in doc.continuations]
        items += [(p.span, "page header", p) for p in doc.page_headers]
        for span, kind, item in sorted((i for i in items if i[2] is not None),
                                       key=lambda i: (i[0].line, i[0].column)):
            if kind == "banner":
                if item.serial != ref.serial:
                    ref = item
                    continue
                problems = _compare(ref, item.sections, item.section, None, None, width=2)
                yield "banner line", span, problems, ref.line
                continue
            problems = _compare(ref, item.sections, item.section, item.serial, item.post,
                                width=3 if kind == "continuation header" else 2)
            yield kind, span, problems, ref.line


def _line_span(doc, line: int) -> Span:
    return Span(line, 1, line, len(doc.lines[line - 1]) + 1 if 0 < line <= len(doc.lines) else 1)


# ZERO_SERIAL: a corrected or re-sent copy prints its continuation headers with an all-zero serial
# ("OTTAWA 00000000 002 OF 004"): no serial was given, none disagrees.
ZERO_SERIAL = 0


def _redacted(post: str) -> bool:
    """REDACTED_POST (``integrity.redacted_post``) on the post without its spaces."""
    return redacted_post(post.replace(" ", ""))


def _compare(ref: _Ref, sections, section, serial, post, width: int) -> list[str]:
    """Disagreements of one header with the banner in force."""
    problems = []
    if serial is not None and ref.serial is not None and serial != ref.serial and serial != ZERO_SERIAL:
        problems.append(f"serial {serial} differs from the banner serial {ref.serial:06d}")
    # post != ref.post first: most headers repeat the banner's post, and same_post(x, x) holds for every x
    if post is not None and post != ref.post and not same_post(post, ref.post) and not _redacted(post):
        problems.append(f"post {post} differs from the banner post {ref.post}")
    if sections is not None and sections != (ref.sections if ref.sections is not None else 1):
        where = (f"SECTION {ref.section or 0:02d} OF {ref.sections:02d} (line {ref.line})"
                 if ref.sections is not None else f"without SECTION n OF m (line {ref.line})")
        problems.append(f"section total {sections:0{width}d} differs from the banner {where}")
    if section is not None and sections is not None and section > sections:
        problems.append(f"section {section:0{width}d} exceeds its total {sections:0{width}d}")
    return problems


@register
class PageLineMatchesBanner(Rule):
    """What it does: checks that classification-only lines (the page top/bottom lines of
    received copies, closing lines) give the banner's level.

    Why it matters: a page line at another level than the banner marks the page wrongly
    (page marking, 32 CFR 2001.21); one of the two is wrong.

    Example (fails):
        C O N F I D E N T I A L HARARE 005461

        E.O. 12958: DECL: 09/21/2010
        TAGS: PGOV ZI
        SUBJECT: (C) ZANU-PF INTERESTED IN A DEAL

        1. (C) The opposition received new feelers.

        SECRET
    Example (passes):
        C O N F I D E N T I A L HARARE 005461

        E.O. 12958: DECL: 09/21/2010
        TAGS: PGOV ZI
        SUBJECT: (C) ZANU-PF INTERESTED IN A DEAL

        1. (C) The opposition received new feelers.

        CONFIDENTIAL
    """

    code = "BAN005"
    name = "page-line-mismatch"
    severity = Severity.WARNING
    summary = "A page or closing classification line differs from the banner level."
    source = "RULEBOOK §5.7; HARARE-01 (received copies)"

    def applies(self, doc):
        return doc.banner is not None and bool(doc.class_lines)

    def check(self, doc):
        banner = doc.banner
        level, serial, where = banner.level, banner.serial, banner.span.line
        for line in sorted(doc.class_lines, key=lambda c: (c.span.line, c.span.column)):
            if line.span == banner.span:
                continue
            full = _full_banner(line)
            if full is not None and serial is not None and full.serial != serial:
                # Another cable held in the same record: its lines follow its own banner.
                level, serial, where = line.level, full.serial, line.span.line
                continue
            if line.level.rank != level.rank or (
                    level is Level.LIMITED_OFFICIAL_USE) != (line.level is Level.LIMITED_OFFICIAL_USE):
                yield (f"classification line {line.text!r} ({line.level.value}) differs from the banner "
                       f"{_level_name(level)} (line {where})", line.span)


@register
class LouAfter1995(Rule):
    """What it does: reports LIMITED OFFICIAL USE on a cable dated on or after 1995-10-01.

    Why it matters: SBU replaced LOU on 1995-10-01 (STATE 018029 of Feb 2000, ¶1). Silent when
    the date is unknown; a year-only date decides only from 1996 on.

    Example (fails):
        R 021647Z FEB 00
        FM SECSTATE WASHDC
        TO ALL DIPLOMATIC AND CONSULAR POSTS
        LIMITED OFFICIAL USE STATE 018029

        E.O. 12958: N/A
        TAGS: AMGT
        SUBJECT: GUIDANCE FOR DRAFTING TELEGRAMS
    Example (passes):
        R 211647Z JAN 77
        FM SECSTATE WASHDC
        TO ALL DIPLOMATIC AND CONSULAR POSTS
        LIMITED OFFICIAL USE STATE 017976

        E.O. 11652: N/A
        TAGS: AMGT
        SUBJECT: GUIDANCE FOR DRAFTING TELEGRAMS
    """

    code = "BAN006"
    name = "lou-after-1995"
    severity = Severity.WARNING
    summary = "LIMITED OFFICIAL USE used on or after 1995-10-01 (replaced by SBU)."
    source = "RULEBOOK §1.1, §6; STATE 018029 (2000) ¶1"

    def applies(self, doc):
        date = doc.date
        if doc.banner is None or doc.banner.level is not Level.LIMITED_OFFICIAL_USE or date.value is None:
            return False
        return date.value >= _LOU_END if date.exact else date.value.year >= 1996

    def check(self, doc):
        when = doc.date.value.isoformat() if doc.date.exact else str(doc.date.value.year)
        yield (f"LIMITED OFFICIAL USE on a cable dated {when}: SBU replaced LOU on 1995-10-01 "
               f"(use UNCLAS with the SENSITIVE caption)", doc.banner.level_span, "UNCLAS SENSITIVE")


@register
class BannerSpacing(Rule):
    """What it does: notes a non-canonical banner form in ACP-127 cables: CONFIDENTIAL and
    SECRET are letter-spaced ("C O N F I D E N T I A L"), UNCLAS is not, all upper case.

    Why it matters: the canonical form is how every observed 2000s telegram was written; a
    different form often comes from a hand-edited or garbled banner. Informational only.

    Example (fails):
        VZCZCXRO1844
        OO RUEHGA
        DE RUEHOT #0700 2522019
        ZNY CCCCC ZZH
        O 092019Z SEP 09
        FM AMEMBASSY OTTAWA
        TO RUEHC/SECSTATE WASHDC IMMEDIATE 9827
        CONFIDENTIAL OTTAWA 000700
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

    code = "BAN003"
    name = "banner-spacing"
    severity = Severity.INFO
    summary = "Banner classification not in canonical form (C/S letter-spaced, UNCLAS unspaced, upper case)."
    source = "RULEBOOK §1.1 (observed, Med)"
    fix_availability = "safe"
    fix_note = "rewrites the level word in its canonical form; the level itself never changes"

    def applies(self, doc):
        return (doc.banner is not None and doc.banner.strong and not doc.partial and not doc.damaged("garbled-banner")
                and doc.header.family == "acp127")

    def check(self, doc):
        banner = doc.banner
        raw = banner.raw_level
        level = banner.level
        spaced_levels = (Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET)
        problem = None
        if raw != raw.upper():
            problem = f"banner classification {raw!r} is not upper case"
        elif level in spaced_levels and not banner.letter_spaced:
            problem = f"banner classification {raw} is not letter-spaced"
        elif level is Level.UNCLASSIFIED and banner.letter_spaced:
            problem = f"banner classification {raw} is letter-spaced; UNCLAS is written unspaced"
        if problem:
            canonical = " ".join(level.value.replace(" ", "")) if level in spaced_levels else _level_name(level)
            fix = fixing.make_fix(f"Write {canonical}", [fixing.replace(doc, banner.level_span, raw, canonical)])
            yield Finding(f"{problem} (canonical: {canonical})", banner.level_span, canonical, fix=fix)

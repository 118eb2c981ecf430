"""Assemble the typed Document from the parser's items.

The grammar says what each line is; this module decides which occurrence counts
(the first banner before the body, header fields before the second paragraph),
reads field values, and maps every position back to the physical file.
"""

from __future__ import annotations

import datetime as _dt
import os
import re

from .parser import Token

from . import model as m
from .extraction import canonical_id as _canonical_id
from .extraction import glued_tags as _glued_tags
from .glued import glued_paragraphs
from .extraction import own_origin as _own_origin
from .extraction import ref_continuation as _ref_continuation
from .extraction import signature as _signature
from .extraction import subject as _subject
from .extraction import tags_continuation as _tags_continuation
from .extraction import unlabelled_refs as _unlabelled_refs
from .fields.authority_names import parse_authority
from .fields.decl import parse_decl
from .integrity import appended_cable_seam, assess, cut_short, splice_seam
from .fields.marks import garbled_level, is_letter_spaced, level_from_word, mark_at
from .fields.reasons import parse_reasons
from .fields.refs import parse_refs
from .fields.tags import parse_tags
from .parser import fields, parse_items
from .records import Deferred, resolve
from .source import Source
from . import lazy_re

_MONTHS = {name: i for i, name in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}
_FILE_ID = lazy_re.compile(r"^(\d{2})([A-Z][A-Z]+)(\d+)")
_CAPTION_WORDS = lazy_re.compile(
    r"\b(SIPDIS|NOFORN|NOCONTRACT|ORCON|EXDIS|NODIS|LIMDIS|STADIS|SENSITIVE|ROGER|SPECAT|NOTAL|CHEROKEE|EFTO)\b", re.I)
_BANNER_QUALS = lazy_re.compile(r"[A-Z](?:[ \t][A-Z](?=[ \t]|$|/))+|[A-Z]+", re.I)
_CLASS_QUALS = lazy_re.compile(r"[A-Z]+")
_DERIVED = lazy_re.compile(r"\bDERIVED\s+FROM\b|CLASSIFICATION\s+GUIDE", re.I)
_ADDRESS_LABEL = lazy_re.compile(r"^(TO|INFO|XMT)\s+")
_SPACED_LETTERS = lazy_re.compile(r"(?<=\b[A-Z]) (?=[A-Z]\b)")
_ENTIRE = lazy_re.compile(r"\b(CONFIDENTIAL|SECRET|UNCLASSIFIED|LIMITED OFFICIAL USE|TOP SECRET|C|S|U)\b\s*-+\s*ENTIRE\s+TEXT", re.I)

_Span = m.Span


class _Ctx:
    """Per-document helpers: token positions mapped to physical spans."""

    def __init__(self, source: Source):
        self.source = source
        self.origin = source.origin  # fixed once the Source is built
        self.last = len(source.origin) - 1

    def span(self, token: Token, start: int = 0, end: int | None = None) -> m.Span:
        if end is None:
            value = token.value
            end = len(value.rstrip())
            if value[:1].isspace():  # (rarely) blanks before the text: the span starts after them
                value = value.rstrip("\n")
                lead = len(value) - len(value.lstrip())
                if lead > start:
                    start = lead
        # Source.position, inlined (about 170,000 calls on the shared corpus)
        origin = self.origin
        if origin:
            li = token.line - 1
            if li > self.last:
                li = self.last
            elif li < 0:
                li = 0
            phys, offset = origin[li]
            line, col = phys + 1, offset + start + 1
        else:
            line = col = 1
        end_col = col + end - start  # same logical line: same origin offset
        return _Span(line, col, line, end_col if end_col > col else col)

    def physical_width(self, token: Token) -> int:
        """Length of the physical line that ends with this (logical) line."""
        phys, offset = self.source.origin[min(token.line - 1, len(self.source.origin) - 1)]
        return offset + len(token.value.rstrip())

    def block_span(self, tokens: list[Token]) -> m.Span:
        # the first and last lines with text ("not isspace()": as "strip()", without copying the line)
        for head in tokens:
            if head.value and not head.value.isspace():
                break
        else:
            raise StopIteration  # as next() on an empty generator did
        for tail in reversed(tokens):
            if tail.value and not tail.value.isspace():
                break
        first = self.span(head)
        if tail is head:
            return first  # (an equal Span: spans are values)
        last = self.span(tail)
        return _Span(first.line, first.column, last.end_line, last.end_column)

    def group_span(self, token: Token, match: re.Match, group: str) -> m.Span:
        return self.span(token, match.start(group), match.end(group))


def _dtg(ctx: _Ctx, token: Token) -> m.Dtg | None:
    f = fields(token)
    if not f:
        return None
    day, hour, minute = int(f["dtg_day"]), int(f["dtg_hour"]), int(f["dtg_minute"])
    month = f["dtg_month"].upper()
    year_text = f["dtg_year"]
    year = int(year_text) if len(year_text) == 4 else (1900 + int(year_text) if int(year_text) >= 66 else 2000 + int(year_text))
    value = None
    if month in _MONTHS:
        try:
            value = _dt.datetime(year, _MONTHS[month], day, hour, minute)
        except ValueError:
            value = None
    return m.Dtg(" ".join(f["dtg_prec"].split()), day, hour, minute, month, year, value,
                 ctx.span(token), token.value.strip())


def _banner(ctx: _Ctx, token: Token) -> m.Banner | None:
    f = fields(token)
    level = (level_from_word(f["banner_level"]) or garbled_level(f["banner_level"])) if f else None
    if level is None:
        return None
    quals = tuple(q.upper().replace(" ", "") for q in _BANNER_QUALS.findall(f["banner_quals"] or ""))
    rest_tokens = {t.upper() for t in _CAPTION_WORDS.findall(f["banner_rest"] or "")}
    controls = {q for q in quals if q not in ("SENSITIVE", "SBU", "EFTO")} | {
        t for t in rest_tokens if t not in ("SENSITIVE", "EFTO")}
    raw_upper = f["banner_level"].upper()
    sensitive = "SENSITIVE" in quals or "SBU" in quals or "SENSITIVE" in rest_tokens
    return m.Banner(
        level=level, raw_level=f["banner_level"], letter_spaced=is_letter_spaced(f["banner_level"]),
        controls=frozenset(controls), qualifiers=quals, sensitive=sensitive,
        efto="EFTO" in quals or "EFTO" in rest_tokens,
        section=int(f["banner_section"]) if f["banner_section"] else None,
        sections=int(f["banner_sections"]) if f["banner_sections"] else None,
        post=" ".join(f["banner_post"].upper().split()), serial=int(f["banner_serial"]),
        span=ctx.span(token), level_span=ctx.group_span(token, f, "banner_level"),
        strong=True, text=token.value.strip(),
    ) if raw_upper else None


def _class_line(ctx: _Ctx, token: Token) -> m.ClassLine | None:
    f = fields(token)
    level = level_from_word(f["class_level"]) if f else None
    if level is None:
        return None
    quals = {q.upper() for q in _CLASS_QUALS.findall(f["class_quals"] or "")}
    return m.ClassLine(level, frozenset(quals), ctx.span(token), token.value.strip())


def _mark_from(ctx: _Ctx, token: Token, f: re.Match, group: str, malformed: bool = False) -> m.PortionMark:
    return mark_at(f[group], ctx.group_span(token, f, group), malformed=malformed)


# LIST_LETTER: "(C)" after a "(B)" item is item C of a list (a REF list, lettered answers), not
# CONFIDENTIAL; likewise (S) after (R) and (U) after (T). The previous item is looked for this many
# physical lines back (lettered items are a line or a short paragraph apart).
LIST_ITEM_WINDOW = 12
_LIST_PREVIOUS = {"C": "B", "S": "R", "U": "T"}


_LIST_PATTERNS: dict = {}


def _list_pattern(previous: str, inner: str, flags: int) -> re.Pattern:
    """The pattern of a line that starts the previous list item (group ``before``) or one with this
    very letter (group ``same``): one match a line for both (at most 12 letter/case pairs)."""
    key = (previous, inner, flags)
    found = _LIST_PATTERNS.get(key)
    if found is None:
        lead = r"^[ \t]*(?:REFS?[ \t]*:?[ \t]*)?(?:¶[ \t]*)?(?:\d{1,3}[ \t]*\.[ \t]*)?\([ \t]*"
        found = _LIST_PATTERNS[key] = re.compile(
            lead + "(?:(?P<same>" + re.escape(inner) + ")|(?P<before>" + previous + r"))[ \t]*\)[ \t]", flags)
    return found


def _list_item(ctx: _Ctx, head: Token, raw_mark: str) -> bool:
    """Whether a one-letter mark is really the next letter of a lettered list (LIST_LETTER)."""
    inner = raw_mark.strip().strip("()").strip()
    previous = _LIST_PREVIOUS.get(inner.upper()) if len(inner) == 1 else None
    if previous is None:
        return False
    line = ctx.source.origin[min(head.line - 1, len(ctx.source.origin) - 1)][0]  # 0-based physical
    window = ctx.source.physical[max(0, line - LIST_ITEM_WINDOW):line]
    # the previous item written the same way: "(B)" in parentheses (after a number or not); when an
    # item with this very letter came after it, the list's letter is taken and this is a mark
    pattern = _list_pattern(previous, inner, re.I if inner.islower() else 0)
    for text in reversed(window):  # nearest line first
        if "(" not in text:  # the pattern needs the item's "(": a cheap, exact pre-check
            continue
        found = pattern.match(text)
        if found is not None:
            return found["before"] is not None
    return False


def _paragraph(ctx: _Ctx, tokens: list[Token]) -> m.Paragraph | None:
    head = tokens[0]
    f = fields(head)
    if not f:
        return None
    mark = None
    for group, malformed in (("para_mark", False), ("para_submark", False), ("para_leadmark", False),
                             ("para_badmark", True)):
        if f[group]:
            if group in ("para_mark", "para_leadmark") and _list_item(ctx, head, f[group]):
                if group == "para_leadmark":
                    return None  # "(C) SAN JOSE 02037": a list item, not a paragraph
                break
            mark = _mark_from(ctx, head, f, group, malformed)
            break
    number = f["para_number"] or f["para_letter"]
    first = head.value[:200]
    entire = _ENTIRE.search(first) if "-" in first and "TEXT" in first.upper() else None  # pre-checks: rarely there
    return m.Paragraph(
        number=number, value=int(number) if number and number.isdigit() else None,
        marking=mark, pilcrow=bool(f["para_pilcrow"]),
        entire_text=level_from_word(entire.group(1)) if entire else None,
        classification_block=False, lettered=bool(f["para_letter"]),
        span=ctx.block_span(tokens), text=head.value.strip(),
    )


def _classified_by(ctx: _Ctx, tokens: list[Token]) -> tuple[m.ClassifiedBy, m.Paragraph | None]:
    head = tokens[0]
    f = fields(head)
    text = f["cb_text"].strip()
    used = [head]
    section, letters, where = parse_reasons(text)
    for extra in tokens[1:3]:
        if section and letters:
            break
        piece = extra.value.strip()
        if not piece or piece.startswith("-"):
            break
        text = f"{text} {piece}"
        used.append(extra)
        section, letters, where = parse_reasons(text)
    reason_text = text[where[0]:where[1]] if where else None
    reason_span = None
    if where and where[0] < len(f["cb_text"]):
        base = f.start("cb_text")
        reason_span = ctx.span(head, base + where[0], base + min(where[1], len(f["cb_text"].rstrip())))
    derived = bool(_DERIVED.search(text))
    # DEFERRED_FIELD: the authority's name and title are read by index and inspect, not by a rule
    authority = Deferred(parse_authority, [t.value for t in tokens[:4]], [ctx.physical_width(t) for t in tokens[:4]])
    cb = m.ClassifiedBy(text=text, reason_section=section, reasons=letters, reason_text=reason_text,
                        reason_span=reason_span, span=ctx.block_span(used), derived=derived,
                        name=Deferred(_part, authority, 0), title=Deferred(_part, authority, 1))
    paragraph = None
    if f["cb_number"] or f["cb_mark"] or f["cb_entire"]:
        mark = _mark_from(ctx, head, f, "cb_mark") if f["cb_mark"] else None
        if mark is not None and mark.level is None:
            mark = None
        paragraph = m.Paragraph(
            number=f["cb_number"], value=int(f["cb_number"]) if f["cb_number"] else None,
            marking=mark, pilcrow="¶" in head.value[:4],
            entire_text=level_from_word(f["cb_entire"]) if f["cb_entire"] else None,
            classification_block=True, lettered=False, span=ctx.block_span(tokens),
            text=head.value.strip())
    return cb, paragraph


def _part(whole: Deferred, index: int):
    """One member of a deferred pair (the authority's name and title are read from one parse)."""
    return whole.get()[index]


_DANGLING_REASON = lazy_re.compile(r"(?:REASONS?|REAS|PER|FOR)\s*[:.]?\s*$", re.I)
_SECTION_START = lazy_re.compile(r"\s*\(?1\s*[.,]\s*\d")


def _reason_after_blank(items: list, index: int) -> list[Token]:
    """``Reasons`` ending the line with the section after a blank line: join that line."""
    toks = items[index][1]
    last = toks[-1].value.rstrip()
    if not _DANGLING_REASON.search(last):
        return []
    for rule, following in items[index + 1:index + 3]:
        if rule == "blank":
            continue
        if rule == "text" and _SECTION_START.match(following[0].value):
            return following[:1]
        break
    return []


# PREVIEW_REF: an archive page opens with a preview of the cable cut off by "..." ("REF: 05 LIMA...",
# "D..."), then gives the whole cable; the REF list of the whole cable replaces the cut one.
PREVIEW_END = "..."


def _is_preview(source, refs_tokens: list[Token]) -> bool:
    """The REF value of ``refs_tokens`` (with its continuation lines) ends cut off by the archive."""
    text = fields(refs_tokens[0])["ref_text"]
    value = " ".join([text] + _ref_continuation(source, text, refs_tokens[0].line))
    return value.rstrip().endswith(PREVIEW_END)


def _continues_refs(refs_tokens: list[Token] | None, head: Token) -> bool:
    """A lettered line right under a REF list that carries the next REF letter.

    ``(C) STATE 152009`` after ``REF: (A) ...`` / ``(B) ...`` looks like a paragraph with
    the portion mark (C), and ``¶C. (C) STATE 7043`` like a marked sub-paragraph; both are
    REF item C.
    """
    if not refs_tokens or refs_tokens[-1].line + 1 != head.line:
        return False
    f = fields(head)
    if not f or f["para_number"]:
        return False
    letter = f["para_letter"]
    if not letter and f["para_leadmark"]:
        inner = f["para_leadmark"].strip("() \t")
        letter = inner if len(inner) == 1 else None
    if not letter:
        return False
    texts = [fields(refs_tokens[0])["ref_text"]] + [t.value.strip() for t in refs_tokens[1:]]
    letters = [r.letter for r in parse_refs(" ".join(texts), None) if r.letter]
    return bool(letters) and ord(letter.upper()) == ord(letters[-1].upper()) + 1


_ADDRESS_KINDS = {"TO_LINE": "to", "INFO_LINE": "info", "XMT_LINE": "xmt"}


def _addresses(ctx: _Ctx, tokens: list[Token]) -> tuple[str | None, m.Span | None, list, list, list]:
    fm = fm_span = None
    lists = {"to": [], "info": [], "xmt": []}
    current = None
    for token in tokens:
        if token.type == "FM_LINE":
            fm, fm_span = fields(token)["fm_plad"].strip(), ctx.span(token)
            continue
        kind = _ADDRESS_KINDS.get(token.type)
        text = token.value.strip()
        if kind:
            current = kind
            text = _ADDRESS_LABEL.sub("", text)
        if current and text:
            lists[current].append(m.Address(current, text, ctx.span(token)))
    return fm, fm_span, lists["to"], lists["info"], lists["xmt"]


def _cable_date(dtg: m.Dtg | None, path: str) -> m.CableDate:
    if dtg and dtg.value:
        return m.CableDate(dtg.value.date(), "dtg", "day")
    match = _FILE_ID.match(os.path.basename(path))
    if match:
        yy = int(match.group(1))
        return m.CableDate(_dt.date(1900 + yy if yy >= 66 else 2000 + yy, 1, 1), "filename", "year")
    return m.CableDate(None, None, None)


def build(source: Source, path: str = "<text>") -> m.Document:
    """Parse a Source and assemble its Document; a second cable spliced into the record is cut off
    (its header fields and marks are not this cable's) and named as damage."""
    doc, appended = _build(source, path, None)
    seams = [seam for seam in (appended, splice_seam(doc, source)) if seam is not None]
    if seams:
        seam = min(seams, key=lambda found: found[0])  # the earliest sign of the other cable
        logical, damage = seam
        doc, _ = _build(source, path, logical)
        doc = m.replace(doc, integrity=tuple(sorted(doc.integrity + (damage,),
                                                    key=lambda d: (d.span.line, d.span.column))))
    doc.extra[m.JOINED_LINES] = source.joined_lines()  # the text scans' input, without joining again
    return doc


def _build(source: Source, path: str, stop: int | None) -> tuple[m.Document, tuple | None]:
    """The Document of the logical lines before ``stop`` (all when None), and the seam of a second
    cable appended after this one's text (SPLICED_BANNER), if any."""
    ctx = _Ctx(source)
    if stop is None:
        items = parse_items(source.parse_text())
    else:
        items = parse_items("\n".join(source.logical[:stop]) + "\n" if stop else "")

    paragraph_lines = [toks[0].line for rule, toks in items if rule == "paragraph" or (
        rule == "classified_by" and fields(toks[0]) and fields(toks[0])["cb_number"])]
    body_line = paragraph_lines[0] if paragraph_lines else None
    header_limit = paragraph_lines[1] if len(paragraph_lines) > 1 else None
    if header_limit is None:
        header_limit = 1 << 30 if body_line is None else body_line + 60

    partial = False
    vz = de = sec = dtg = None
    digraph, ris, prec_span = None, (), None
    fm = fm_span = None
    to: list = []
    info: list = []
    xmt: list = []
    banner = None
    class_lines, captions, pages, conts, paragraphs = [], [], [], [], []
    cover_banner = False  # the banner so far stands before the routing header (a cover sheet)
    eo_raw = tags = subject = refs_tokens = cb = None
    later_banners: list = []  # (item index, Banner) of banners after this cable's header fields or text
    cut_refs: dict = {}  # PREVIEW_REF, once per REF head (a record of many REF lines stays linear)

    def refs_cut(head: Token) -> bool:
        if head not in cut_refs:
            cut_refs[head] = _is_preview(source, [head])
        return cut_refs[head]

    for index, (rule, toks) in enumerate(items):
        if rule == "text" or rule == "blank" or not toks:
            continue  # two items in three: nothing below reads them
        head = toks[0]
        if rule == "paragraph":  # most of the rest: read first, past the header bookkeeping below
            if _continues_refs(refs_tokens, head):
                refs_tokens = list(refs_tokens) + list(toks)  # "(C) STATE 123": REF item C, not a portion
                continue
            para = _paragraph(ctx, toks)
            if para is not None:
                paragraphs.append(para)
            continue
        in_header = head.line < header_limit
        before_body = body_line is None or head.line < body_line
        own_fields = eo_raw is not None or tags is not None or subject is not None or cb is not None
        if rule in ("vzczc", "precedence_line", "de_line", "security_line", "dtg_line") and banner is not None \
                and not (vz or digraph or de or sec or dtg) and not own_fields:
            # COVER_SHEET: a banner above the routing header is a cover sheet, unless this cable's header
            # fields came first (then the routing header is another cable's: SPLICED_BANNER)
            cover_banner = True
        if rule == "partial_note":
            partial = True
        elif rule == "vzczc" and vz is None:
            f = fields(head)
            vz = m.Vzczc(f["vzczc_channel"], f["vzczc_number"], ctx.span(head))
        elif rule == "precedence_line" and digraph is None:
            f = fields(head)
            digraph, ris, prec_span = f["prec_digraph"], tuple(f["prec_ris"].split()), ctx.span(head)
        elif rule == "de_line" and de is None:
            f = fields(head)
            stamp = f["de_stamp"]
            jday = int(stamp[:3]) if stamp and len(stamp) >= 3 else None
            de = m.DeLine(f["de_station"], int(f["de_ssn"]),
                          int(f["de_section"]) if f["de_section"] else None, jday,
                          stamp[3:7] if stamp and len(stamp) >= 7 else None, stamp, ctx.span(head))
        elif rule == "security_line" and sec is None:
            f = fields(head)
            sec = m.SecurityLine(f["sec_op"], f["sec_letters"], f["sec_signal"], ctx.span(head), head.value.strip())
        elif rule == "dtg_line" and dtg is None:
            dtg = _dtg(ctx, head)
        elif rule == "address_block" and fm is None:
            fm, fm_span, to, info, xmt = _addresses(ctx, toks)
        elif rule == "banner_block":
            if before_body and (banner is None or (cover_banner and _banner(ctx, head) is not None)):
                if banner is not None:  # the cover-sheet line gives way to the banner after the header
                    class_lines.append(m.ClassLine(banner.level, banner.controls, banner.span, banner.text))
                    captions.clear()
                    cover_banner = False
                banner = _banner(ctx, head)
                for token in toks[1:]:
                    if token.type in ("CAPTION_LINE", "PASSING_LINE"):
                        words = {w.upper() for w in _CAPTION_WORDS.findall(token.value)}
                        spaced = _SPACED_LETTERS.sub("", token.value.upper())
                        if "CORRECTEDCOPY" in spaced.replace(" ", ""):
                            words.add("CORRECTED COPY")
                        if "EFTO" in spaced.replace(" ", ""):
                            words.add("EFTO")
                        captions.append(m.Caption(token.value.strip(), frozenset(words),
                                                  token.type == "PASSING_LINE", ctx.span(token)))
            else:
                line = _banner(ctx, head)
                if line and (not before_body or own_fields):
                    later_banners.append((index, line))
                if line:
                    class_lines.append(m.ClassLine(line.level, line.controls, line.span, line.text))
        elif rule == "class_line":
            line = _class_line(ctx, head)
            if line:
                class_lines.append(line)
        elif rule == "page_header":
            f = fields(head)
            pages.append(m.PageHeader(int(f["page_number"]), f["page_post"], int(f["page_serial"]),
                                      int(f["page_section"]) if f["page_section"] else None,
                                      int(f["page_sections"]) if f["page_sections"] else None,
                                      f["page_time"], ctx.span(head)))
        elif rule == "continuation":
            f = fields(head)
            conts.append(m.Continuation(" ".join(f["cont_post"].split()), int(f["cont_serial"]),
                                        int(f["cont_section"]),
                                        int(f["cont_page"]) if f["cont_page"] else None,
                                        int(f["cont_sections"]), ctx.span(head)))
        elif rule == "eo_line" and eo_raw is None and in_header:
            eo_raw = head
        elif rule == "tags" and (tags is None or not tags.tags) and in_header:  # REPEATED_LABEL "TAGS: TAGS:"
            f = fields(head)
            tags = m.Tags(Deferred(_tags_codes, source, head, f["tags_text"]), ctx.span(head), f["tags_text"].strip())
        elif rule == "subject" and (subject is None or not subject.text) and in_header:
            subject = _subject(ctx, toks)
        elif rule == "refs" and in_header and (refs_tokens is None or refs_cut(refs_tokens[0])):
            refs_tokens = toks
        elif rule == "classified_by":
            if (cb is None or not cb.text) and in_header:  # "Classified By: Classified by X" splits in two
                cb, para = _classified_by(ctx, toks + _reason_after_blank(items, index))
            elif cb is not None and cut_short(cb.text) and not cut_short(fields(head)["cb_text"]):
                # PREVIEW_REPEAT (TRUNCATED_AUTHORITY): a record that prints a preview cut at "..."
                # ("Classified By: Ambas...", "CLASSIFIED BY: Heath...") and then the whole cable: the
                # complete line is the cable's Classified By
                cb, para = _classified_by(ctx, toks + _reason_after_blank(items, index))
            else:
                _, para = _classified_by(ctx, toks)
            if para is not None:
                paragraphs.append(para)

    if banner is None:
        # No strong banner: a classification-only line (page top line, closing line) stands in.
        for line in class_lines:
            banner = m.Banner(level=line.level, raw_level=line.text, letter_spaced=is_letter_spaced(line.text),
                              controls=frozenset(c for c in line.controls if c not in ("SENSITIVE", "SBU", "EFTO")),
                              qualifiers=tuple(sorted(line.controls)), sensitive="SENSITIVE" in line.controls,
                              efto="EFTO" in line.controls, section=None, sections=None, post=None,
                              serial=None, span=line.span, level_span=line.span, strong=False, text=line.text)
            break

    date = _cable_date(dtg, path)
    eo = None
    if eo_raw is not None:
        f = fields(eo_raw)
        rest_col = ctx.span(eo_raw, f.start("eo_rest"), f.start("eo_rest")).column
        line_no = ctx.span(eo_raw).line
        decl = parse_decl(f["eo_rest"], line_no, rest_col, date.value if date.exact else None)
        order_text = f["eo_order"]
        eo = m.EoLine(int(order_text) if order_text else None, order_text, decl, ctx.span(eo_raw),
                      eo_raw.value.strip())

    if tags is None:
        tags = _glued_tags(ctx, body_line)
    cable_id = _canonical_id(banner, pages, conts, date)
    own_origin = _own_origin(cable_id, path)
    # DEFERRED_FIELD: the REF list is read by index and inspect (rules read where it stands, refs_span)
    refs: tuple | Deferred = ()
    refs_span = None
    if refs_tokens:
        refs = Deferred(_labelled_refs, source, fields(refs_tokens[0])["ref_text"], refs_tokens[0].line,
                        date.year, own_origin)
        refs_span = ctx.block_span(refs_tokens)
    else:
        found = _unlabelled_refs(source, subject, body_line)
        if found:
            refs = Deferred(parse_refs, found[0], date.year, own_origin)
            refs_span = m.Span(found[1], 1, found[1], len(source.physical[found[1] - 1]) + 1)

    lead = cb if cb is not None else subject
    paragraphs = glued_paragraphs(source.physical, paragraphs, lead.span.line if lead is not None else None)
    header = m.RoutingHeader(vz, digraph, ris, prec_span, de, sec, dtg, fm, fm_span,
                             tuple(to), tuple(info), tuple(xmt))
    doc = m.Document(
        path=path, lines=source.physical_tuple(), partial=partial, header=header, banner=banner,
        class_lines=tuple(class_lines), captions=tuple(captions), page_headers=tuple(pages),
        continuations=tuple(conts), eo=eo, tags=tags, subject=subject, refs=refs, refs_span=refs_span,
        classified_by=cb, paragraphs=tuple(paragraphs), signature=Deferred(_signature, source), date=date,
        cable_id=cable_id, decode_note=source.note.message if source.note else None,
    )
    damage = assess(doc)
    appended = appended_cable_seam(banner, _own_de(ctx, de, banner, eo_raw, tags, subject, cb),
                                   later_banners, items) if later_banners else None
    return (m.replace(doc, integrity=damage) if damage else doc), appended


def _labelled_refs(source: Source, text: str, line: int, year: int | None, own_origin: str | None):
    """The REF list of a labelled REF field: its value and its continuation lines."""
    return parse_refs(" ".join([text] + _ref_continuation(source, text, line)), year, own_origin)


def _own_de(ctx: _Ctx, de: m.DeLine | None, banner, eo_raw, tags, subject, cb) -> m.DeLine | None:
    """The DE line when it is this cable's: above its banner and header fields (a DE line below them is
    an appended cable's routing header)."""
    if de is None:
        return None
    lines = [x.span.line for x in (banner, tags, subject, cb) if x is not None]
    if eo_raw is not None:
        lines.append(ctx.span(eo_raw).line)
    return de if not lines or de.span.line < min(lines) else None


def _tags_codes(source: Source, head: Token, text: str) -> tuple[str, ...]:
    """The TAGS codes of a TAGS line and the lines that continue it (DEFERRED_FIELD: read by index and
    inspect only)."""
    return parse_tags(" ".join([text] + _tags_continuation(source, head)))


def resolve_document(doc: m.Document) -> None:
    """Work out the deferred fields of a Document, its TAGS and its Classified By line (DEFERRED_FIELD)."""
    resolve(doc)
    for part in (doc.tags, doc.classified_by):
        if part is not None:
            resolve(part)


def parse_file(path: str, data: bytes | None = None) -> m.Document:
    """Read (unless ``data`` is given), decode, parse and build one file."""
    if data is None:
        with open(path, "rb") as handle:
            data = handle.read()
    return build(Source.from_bytes(data), path)


def parse_text(text: str, path: str = "<text>") -> m.Document:
    return build(Source.from_text(text), path)

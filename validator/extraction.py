"""Archive fields read from the lines around the grammar's items (issue 7).

The grammar finds the SUBJECT, TAGS and REF lines; real cables continue them on the next lines,
after blank lines and page breaks, glue them to other fields, and end with a signer line. These
helpers read those values for the builder: the SUBJECT text, TAGS continuation lines, the REF
block, the signer, and the canonical cable id.
"""

from __future__ import annotations

import os
import re

from .parser import Token

from . import model as m
from .facts import post_letters
from .fields.marks import level_from_word, parse_mark
from .fields.tags import parse_tags
from .parser import fields
from .records import Deferred
from .source import Source
from . import lazy_re

_FILE_ID = lazy_re.compile(r"^(\d{2})([A-Z][A-Z]+)(\d+)")
# Patterns the helpers below use on every cable, compiled once (not looked up in re's cache per call).
_LOWER = lazy_re.compile(r"[a-z]")
_UPPER = lazy_re.compile(r"[A-Z]")
_THREE_DIGITS = lazy_re.compile(r"\d{3}")
_LIST_ITEM_HEAD = lazy_re.compile(r"\(?[A-Z]{1,3}\)?\s*\d+\.")
_SUBJECT_MARK = lazy_re.compile(r"\(\s*(?:TS|S|C|U|SBU|LOU)(?:\s*//?\s*[A-Z]+(?:\s[A-Z]+)?)*\s*\)", re.I)
_UNQUOTE = lazy_re.compile(r"^.*\bUNQUOTE\s+")
_NAME_SPLIT = lazy_re.compile(r"[ ,]+")
_REDACTION = lazy_re.compile(r"(?:X{4,}[ \t]*)+")
_ENDS_IN_WORD = lazy_re.compile(r"[A-Za-z]\s*$")
_REF_ITEM_MARK = lazy_re.compile(r"\s*\((U|C|S|SBU|TS|LOU|[CS]\s*/\s*NF)\)")
_SERIAL_START = lazy_re.compile(r"(?:\d|[A-Z][A-Za-z' ]*\s\d)")
_NUMBERED_LINE = lazy_re.compile(r"\s*(?:¶\s*)?\d+\s*\.")


# Particles of a surname written in lower case ("van Voorst", "de Pree").
SURNAME_PARTICLES = ("van", "von", "de", "del", "della", "da", "di", "du", "le", "la", "ter", "ten", "al")
_PARTICLE = "(?:(?:" + "|".join(SURNAME_PARTICLES) + r")[ \t]+)?"
# A closing line may carry archive debris around the name: a stray quote ('MULFORD "'), a bullet
# ("* HENZEL"), a line-continuation backslash ("HUNTSMAN \"), the empty cells of a spreadsheet row
# ('"CASON ,,,,"'), "NNNN End Cable Text" after it.
# ESCAPED_CONTROL: an export's escaped vertical tab or form feed, written out after the name ("CARTER \\v").
_SIGNATURE_TAIL = r"(?:[ \t]*[.#\"\u201d*\\\\]+|[ \t]+[,\"]+)?(?:[ \t]+NNNN\b.*)?(?:[ \t]*\\[vf])?[ \t]*$"
# RULE_BEFORE_NAME: the footer's rule of asterisks, split by spaces, before the name, after the
# footer's redacted URL ("XXXXXXXXXXXX ***** * JONES").
# ("HOAGLAND NNNN": the end-of-text mark is no second word of the name)
_SIGNATURE = lazy_re.compile(r"^[ \t]*(?:(?:X{4,}[ \t]*)?[*\"][*\" \t]*)?(" + _PARTICLE
                             + r"[A-Z][A-Za-z'.-]+(?:[ ,]+(?!NNNN\b)[A-Z][A-Za-z'.-]+){0,3})"
                             + _SIGNATURE_TAIL)
# Lines below the signer: end-of-text marks, archive notes ("NOTE BY OC/T", "End Cable Text"), the
# "Visit <post>'s Classified Website" footer and its URL (the archive splits it: "index.c fm", or puts
# its tail on a line of its own: "gov.gov/wiki/Portal:Turkey"), stray quotes and asterisks, "..."
# truncation marks and an archive query line, page marks of older formats ("PAGE 03 VATICA 03507 04 OF
# 04 031723Z", "TRIPOLI 00000868 002 OF 002") and the archive's closing classification note.
_SIGNATURE_NOISE = lazy_re.compile(
    r"^[ \t]*(?:NNNN|@@@OASYS@@@|>|#\d+|[-=_*\"\u201d]+|\S*https?://.*|[\w.:-]+/[\w./:-]+[\"\u201d]?)[ \t]*$"
    r"|^[ \t]*[-=_*]{3}.*[-=_*]{3}[ \t]*$|^[ \t]*NOTE BY\b|^[ \t]*(?:Please[ \t]+)?\"?Visit\b.{0,60}Classified[ \t]*Web[ \t]*site"
    r"|^[ \t]*End Cable Text|\d\d/\d\d/\d{4} \d\d:\d\d:\d\d [AP]M From\b|^[ \t]*(?:\.{1,3}|\u2026)[ \t]*$|^[ \t]*SELECT \* FROM\b"
    r"|^[ \t]*PAGE[ \t]+\d+[ \t]+[A-Z][A-Z ]*[ \t]\d+\b[\dA-Z \t]*$|^[ \t]*[A-Z][A-Z ]*[ \t]\d{5,8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}[ \t]*$"
    # the archive's closing note, with or without its label ("2004CARACA01540 - UNCLASSIFIED")
    r"|^[ \t]*(?:>[ \t]*)?\d{4}[A-Z]+\d+[ \t]+-[ \t]+(?:Classification:|(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|UNCLAS)\b)"
    # CSV_CLASSIFICATION: a spreadsheet export's classification column on a line of its own
    r"|^[ \t]*(?:\"[ \t]*)?Classification:[ \t]*[A-Z /]+$", re.I)
# TRUNCATED_REPEAT: the archive repeats a line of the record, cut off with "...", below the signer: a
# header line ("Classified By: DCM Milton K. Drucker, Reasons: 1.4 B...") or a fragment of words in
# capitals ("LL, FOR REASONS 1.4 (B, D)...", "T ONE ORDERED RELEASED ON..."). A paragraph cut off in mixed
# case ("...the nation's lifeblood...") is text, and a single word ("SMITH...") may be the signer.
TRUNCATED_REPEAT_MAX = 100
_TRUNCATED_END = lazy_re.compile(r"(?:\.{3}|\u2026)[ \t]*$")
_CLASSIFIED_BY_LINE = lazy_re.compile(r"[ \t]*Classified[ \t]+By\b", re.I)


def _truncated_repeat(line: str) -> bool:
    """TRUNCATED_REPEAT: a cut-off copy of a header line, or of several words in capitals."""
    if not _TRUNCATED_END.search(line):
        return False
    if _CLASSIFIED_BY_LINE.match(line):
        return True
    words = line.strip()
    return len(words) <= TRUNCATED_REPEAT_MAX and not _LOWER.search(words) and " " in words


# ARCHIVE_ROW: a spreadsheet export writes the record's fields after the signer, a "0" flag then the date
# ("STEVENS 0 12/23/2007", "0 07/16/2009 3889 PREL,KPAL ...") or tab-separated ("HOAGLAND NNNN\t2005-10-20\t"),
# and the next record below: the cable ends where the row starts.
_ARCHIVE_ROW = lazy_re.compile(r"(?:^|(?<=[ \t]))(?:0[ \t]+\d{1,2}/\d{1,2}/\d{4}|(?<=\t)\d{4}-\d\d-\d\d\t)")
_NOT_SIGNATURE = {"END SUMMARY", "END COMMENT", "END NOTE", "SIPDIS", "NOFORN", "UNCLASSIFIED",
                  "CONFIDENTIAL", "SECRET", "UNCLAS", "NNNN", "SUMMARY", "COMMENT"}

# GLUED_SIGNER: the signer written on the last line of text, after the final sentence
# ("... cleared this cable. SCOBEY", "End Comment. Scobey") or after the Classified Website footer
# ("...london/index. cfm Tuttle"): the archive joined the closing line to the paragraph above it.
_GLUED_SIGNER = lazy_re.compile(
    # a name in capitals: after a sentence, a closing bracket or parenthesis ("(Al Mal, 7/19/09) TUELLER"),
    # the footer's URL or END COMMENT; glued to a sentence's period ("by February 12.SCOBEY")
    # REDACTION_GLUED: or after the archive's redaction ("Classified Email: xxxxxxxxxxxx CRETZ");
    # URL_GLUED: or after a URL ("...community at http://www.example.gov/nap / BREESE");
    # CLOSING_FORMULA: or after "MINIMIZE CONSIDERED"
    r"(?:(?:(?:[.!?\])][\"'\u201d\u2019)]*|\bc[ \t]?fm|\bCFM|\bEND[ \t]+(?:COMMENT|NOTE|SUMMARY|TEXT)"
    r"|\b[Xx]{4,}|\bhttps?://\S*(?:[ \t]+/)?|\bMINIMIZE[ \t]+CONSIDERED\.?)[ \t]+"
    r"|(?<=[a-z0-9])\.)(?P<name>[A-Z][A-Z'-]{2,}(?:[ \t]+[A-Z][A-Z'-]{2,})?)"
    # a name in mixed case does not follow an initial ("RSO Peshawar, David J. Smith" is no signature)
    r"|(?:(?<!\b[A-Z])[.!?][\"'\u201d\u2019)]*|\bc[ \t]?fm)[ \t]+"
    r"(?P<mixed>(?:Mc|Mac|Le|La|De|Di|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?))" + _SIGNATURE_TAIL)
# Words that close a paragraph in capitals and are no signer ("END OF TEXT. END", "... AS FOLLOWS. QUOTE",
# "... cable. MINIMIZE CONSIDERED.").
_NOT_GLUED_SIGNER = {"END", "TEXT", "QUOTE", "UNQUOTE", "COMMENT", "SUMMARY", "NOTE", "SEPTEL", "REFTEL", "PARA",
                     "ACTION", "INFO", "BEGIN", "THANKS", "REGARDS", "AND", "THE", "FYI", "POST", "EMBASSY",
                     "MISSION", "DEPARTMENT", "STATE", "USG", "OK", "YES", "NO", "NOTAL", "DECL", "SIPDIS", "VIA", "ETC",
                     "MINIMIZE", "CONSIDERED"}


_SUBJECT_END = lazy_re.compile(r"\s*\b(?:REF(?:TELS?|S|\(S\))?\s*:|Ref(?:tels?|s|\(s\))?\s*:|REF\s+[A-Z(]"
                          r"|Classified\s+By\b|CLASSIFIED\s+BY\b)"
                          r"|REF(?:TELS?|S|\(S\))?\s*:|\s+-{3,}|\s+(?:Summary|SUMMARY)\s*-{3,}"
                          r"|\s\(?(?i:sensitive\s+but\s+unclas)|\s¶?\d{1,2}\.\s?\((?:U|C|S|SBU)\)")
# SUBJECT_END_NEEDLES: in ASCII text, every match of _SUBJECT_END holds one of these (REF/Ref/Classified/
# CLASSIFIED, a rule of dashes, "sensitive" in any case) or a period before a parenthesis (_DOT_PAREN), and
# most subjects hold none: found by C-speed searches before the regex, which tries every position.
_SUBJECT_END_NEEDLES = ("REF", "Ref", "Classified", "CLASSIFIED", "---")
_DOT_PAREN = lazy_re.compile(r"\.\s?\(")


def _subject_end(text: str) -> re.Match | None:
    """``_SUBJECT_END.search(text)``; skipped when the text cannot hold a match (SUBJECT_END_NEEDLES)."""
    if text.isascii() and not any(needle in text for needle in _SUBJECT_END_NEEDLES) \
            and "sensitive" not in text.lower() and not _DOT_PAREN.search(text):
        return None
    return _SUBJECT_END.search(text)


# A page marker glued into the text: "TRIPOLI 00000868 001.2 OF 002" (the post's last word only: the
# words before it may belong to the text).
_PAGE_MARK = lazy_re.compile(r"\s*\b[A-Z]+\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
# The literal every page marker holds (the pattern is case-sensitive): subject()'s pre-check.
_PAGE_MARK_NEEDLE = "OF"
_SUBJECT_INCOMPLETE = lazy_re.compile(r"(?:[:;,]|\s-|\b(?:AND|OF|THE|FOR|TO|IN|ON|WITH|and|of|the|for|to|in|on|with))\s*$")
# INCOMPLETE_TAIL: every alternative of _SUBJECT_INCOMPLETE ends with a character that is not blank, right
# where the text's trailing blanks start, and none is longer than this: searched from there (``\b`` still
# sees the character before), not from every position of the subject.
_INCOMPLETE_TAIL = 4


def _ends_incomplete(text: str) -> bool:
    """``_SUBJECT_INCOMPLETE.search(text)``, searched near the end only (INCOMPLETE_TAIL)."""
    return _SUBJECT_INCOMPLETE.search(text, max(0, len(text.rstrip()) - _INCOMPLETE_TAIL)) is not None


def _subject_lines(tokens: list[Token]) -> list[Token]:
    """The SUBJECT line and its wrapped continuation (same case style, up to a blank line)."""
    used = [tokens[0]]
    first_caps = not _LOWER.search(fields(tokens[0])["subject_text"])
    for extra in tokens[1:3]:
        text = extra.value.strip().strip("\\").strip()
        if not text or (first_caps and _LOWER.search(text)) or _LIST_ITEM_HEAD.match(text):
            break
        used.append(extra)
    return used


def _subject_after_blank(source: Source, head: Token) -> str:
    """The line after ``head`` (past one blank line): where ``SUBJECT:`` alone on its line, or a
    subject that ends in mid-phrase, continues."""
    for index in range(head.line, min(head.line + 2, len(source.logical))):
        line = source.logical[index].strip()
        if line:
            label = re.match(r"(?:\d+\.|¶|\(|REF|SUBJ|Classified|CLASSIFIED|TAGS|E\.O|[A-Z] [A-Z] [A-Z])", line)
            return "" if label or (line.endswith("...") and len(line) < 12) else line
    return ""


# SPLIT_LABEL: the archive glued the first word of a "CLASSIFIED BY:" label to the SUBJECT line and
# put "BY: <name>" on a later line ("... ARE WELCOME CLASSIFIED" / "" / "BY: Gene A. Cretz"): that word
# is the label's, not the subject's.
_SPLIT_LABEL_HEAD = lazy_re.compile(r"\s+CLASSIFIED\s*$", re.I)
_SPLIT_LABEL_TAIL = lazy_re.compile(r"\s*BY\s*:", re.I)
# BLANK_WRAPPED: a SUBJECT wrapped onto the next line with a blank line between (an archive page
# rendering): the line after the blank continues it when written in the same capitals and followed by
# a blank line or the Classified By / REF line, so it is no heading or paragraph of the body.
_BLANK_WRAP_NEXT = lazy_re.compile(r"\s*$|\s*(?:Classified\s+By|REF\b|Ref\b)", re.I)
_NOT_SUBJECT_TEXT = lazy_re.compile(r"(?:\d+\.|¶|\(|REF|SUBJ|Classified|CLASSIFIED|TAGS|E\.O|SUMMARY|Summary"
                                    r"|SIPDIS|[A-Z] [A-Z] [A-Z]|[-=_*]|RE\s*:|NOT\s+FOR\b|SENSITIVE\b|IIR\b"
                                    r"|(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)\b"  # a page's banner
                                    r"|[A-Z][A-Z ]*\s\d{5})")  # a page mark: "ROME 00001...", "ADDIS ABAB 00000288"


def _next_line(source: Source, after: int) -> tuple[int, str]:
    """(index, stripped text) of the first non-blank logical line at or after index ``after`` (-1, "" if none)."""
    for index in range(after, min(after + 3, len(source.logical))):
        line = source.logical[index].strip()
        if line:
            return index, line
    return -1, ""


def _strip_split_label(source: Source, last: Token, text: str) -> str:
    """``text`` without a trailing "CLASSIFIED" whose "BY:" starts a following line (SPLIT_LABEL)."""
    head = _SPLIT_LABEL_HEAD.search(text)
    if head and _SPLIT_LABEL_TAIL.match(_next_line(source, last.line)[1]):
        return text[:head.start()]
    return text


# A page of the archive may put a blank line after every wrapped SUBJECT line: at most this many.
BLANK_WRAP_LINES = 3


def _blank_wrapped_line(source: Source, index: int, caps: bool, text: str) -> str:
    """The line at ``index + 1`` when it continues ``text`` across the blank line at ``index``, or ""."""
    if index + 1 >= len(source.logical) or source.logical[index].strip():
        return ""
    line = source.logical[index + 1].strip()
    if not line or _NOT_SUBJECT_TEXT.match(line) or caps != (not _LOWER.search(line)):
        return ""
    words = line.split()
    if sum(any(c.isdigit() for c in w) for w in words) * 2 > len(words) or text.startswith(line[:30]):
        return ""  # a report number ("IIR 6 809 0067 09"), or the SUBJECT repeated by a second header
    following = source.logical[index + 2] if index + 2 < len(source.logical) else ""
    return line if _BLANK_WRAP_NEXT.match(following) else ""


def _blank_wrapped(source: Source, last: Token, caps: bool, text: str) -> str:
    """The SUBJECT's continuation lines after blank lines (BLANK_WRAPPED), or ""."""
    pieces, index = [], last.line
    for _ in range(BLANK_WRAP_LINES):
        line = _blank_wrapped_line(source, index, caps, " ".join([text] + pieces))
        if not line:
            break
        pieces.append(line)
        index += 2
    return " ".join(pieces)


# HYPHEN_WRAP: a SUBJECT wrapped after the hyphen of a compound ("POST-" / "ELECTION") is one word.
_HYPHEN_END = lazy_re.compile(r"[A-Za-z]-$")


def _join_subject_lines(values: list[str]) -> str:
    """The SUBJECT lines joined: they break between words (unlike the 71-column wrap of Classified By
    lines), or after a compound's hyphen, which is kept without a space (HYPHEN_WRAP)."""
    text = ""
    for value in values:
        piece = value.strip()
        if text and _HYPHEN_END.search(text) and piece[:1].isalpha():
            text += piece
        else:
            text = f"{text} {piece}" if text else piece
    return text


def subject(ctx, tokens: list[Token]) -> m.Subject:
    """The SUBJECT without its portion mark, wrapping and debris (``ctx``: the builder's span helper)."""
    head = tokens[0]
    f = fields(head)
    used = _subject_lines(tokens)
    values = [f["subject_text"]] + [t.value for t in used[1:]]
    text = _join_subject_lines([v.rstrip().rstrip("\\").rstrip() for v in values])
    if not text.strip():
        text = _subject_after_blank(ctx.source, head)
    elif _ends_incomplete(text):
        # "SUBJECT: Argentina's Anticorruption Office:" continued after a blank line (or on a line
        # the grammar read as another field, e.g. one starting with "FM ").
        text = f"{text} {_subject_after_blank(ctx.source, used[-1])}"
    else:
        caps = not _LOWER.search(f["subject_text"])
        text = f"{text} {_blank_wrapped(ctx.source, used[-1], caps, text)}".rstrip()
    text = _strip_split_label(ctx.source, used[-1], text)
    end = _subject_end(text)
    if end and end.start() > 0:
        text = text[:end.start()]
    if _PAGE_MARK_NEEDLE in text:  # (an exact pre-check at C speed: most subjects hold no page marker)
        text = _PAGE_MARK.sub(" ", text)
    truncated = text.find("... ")  # "MUNICIPALITY TO FUND... 14:25 UNCLAS SECTION 01 OF 03": archive debris
    if truncated > 0:
        text = text[:truncated + 3]
    text = " ".join(text.replace("¶", "").split()).strip(" \\")
    mark = None
    lead = _SUBJECT_MARK.match(text)
    if lead:
        start = f.start("subject_text")
        span = ctx.span(head, start, start + lead.end())
        mark = parse_mark(lead.group(0), span.line, span.column)
        text = text[lead.end():].strip()
    return m.Subject(text=text, marking=mark, span=ctx.block_span(used))


_TAGS_MORE = lazy_re.compile(r"[A-Z0-9 ,;/&()'.-]+")
_NOT_TAGS_MORE = lazy_re.compile(
    r"\s*(?:SUBJ|REF|E\.?\s?O\b|E\.O|CLASSIFIED|TAGS|\d+\s*\.|\(|¶|(?:[A-Z] ){3}|UNCLAS|CONFIDENTIAL|SECRET|SIPDIS|NOFORN"
    r"|LIMITED|SENSITIVE|PASS |FOR |STATE |USDOC|DEPT|INFO |ACTION )")


# The label glued to the field before it ("DECL: 01/22/2020TAGS: PGOV"), or cut to "AGS:" after it
# ("DECL: 08/22/2017 AGS: PGOV"; TRUNCATED_LABEL).
_TAGS_GLUED = lazy_re.compile(r"(?:(?<=[0-9A-Za-z\"\u2028])TAGS?|(?<![A-Za-z])AGS)\s*:\s*(?P<text>.+)$")


def glued_tags(ctx, body_line: int | None) -> m.Tags | None:
    """A TAGS value glued to the field before it (``DECL: 01/22/2020TAGS: PGOV``)."""
    for index in range(min(len(ctx.source.logical), (body_line or 60))):
        match = _TAGS_GLUED.search(ctx.source.logical[index])
        if match:
            line, col = ctx.source.position(index, match.start())
            span = m.Span(line, col, line, col + len(match.group(0)))
            return m.Tags(Deferred(parse_tags, match.group("text")), span, match.group("text").strip())
    return None


def tags_continuation(source: Source, head: Token) -> list[str]:
    """Lines that continue a wrapped TAGS value (codes in capitals, before the SUBJECT line).

    LOWER_CASE_CONTINUATION: a value written in lower case ("Tags: prel, pgov,") continues in lower
    case, and a value that ends with a comma continues whatever the case of the next line."""
    head_text = fields(head)["tags_text"].strip()
    any_case = head_text.endswith(",") or (_LOWER.search(head_text) and not _UPPER.search(head_text))
    more = []
    for index in range(head.line, min(head.line + 2, len(source.logical))):
        line = source.logical[index].strip()
        if _REF_NOISE.fullmatch(line):  # a page marker ("BAKU 00000478 001.2 OF 003")
            continue
        codes = line.upper() if any_case else line
        if not line or len(line) > 80 or not _TAGS_MORE.fullmatch(codes) or _NOT_TAGS_MORE.match(codes) \
                or _THREE_DIGITS.search(line):
            break
        more.append(line)
        any_case = line.endswith(",") and any_case
    return more


# Words of addresses, captions and sentences: a line holding one is not a signature.
_NOT_SIGNER_WORDS = set("""AMEMBASSY AMCONSUL USMISSION SECSTATE INFO ACTION PRIORITY IMMEDIATE NIACT ROUTINE FLASH
UNCLASSIFIED SENSITIVE PLEASE PROTECT THE A AN OF AND OR TO IN ON FOR WE WHAT IS ARE BUT WITH PAGE END""".split())


# MIXED_CASE_SIGNER: a surname in mixed case, with its particle or inner capital ("Eikenberry",
# "van Voorst", "McMullen", "LeBaron").
# TWO_WORD_SIGNER: a given name may come first ("Chris Smith").
_MIXED_CASE_NAME = lazy_re.compile(r"[ \t]*(?:[*\"]+[ \t]*)?(?:[A-Z][a-z]+[ \t]+)?" + _PARTICLE
                                   + r"(?:Mc|Mac|Le|La|De|Di|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?" + _SIGNATURE_TAIL)


# REDACTION_LINE: the footer's URL redacted on a line of its own ("XXXXXXXXXXXX") between the footer
# and a mixed-case signer: passed over like a blank line.
_REDACTION_LINE = lazy_re.compile(r"[ \t]*X{4,}[ \t]*")

# Blank lines the archive leaves between the last paragraph and the signer, at most.
SIGNER_GAP = 8


def _mixed_case_signer(lines: list[str], index: int, line: str) -> bool:
    """A signer written in mixed case: one name alone on its line, after a line that ends a
    sentence or after the closing footer (URL, rule of asterisks), so not the wrapped end of a paragraph."""
    if not _MIXED_CASE_NAME.fullmatch(line):
        return False
    for previous in range(index - 1, max(-1, index - SIGNER_GAP), -1):
        if lines[previous].strip() and not _REDACTION_LINE.fullmatch(lines[previous]):
            return bool(re.search(r"[.!?\"')\]\u201d\u2019]\s*$", lines[previous])) \
                or bool(_SIGNATURE_NOISE.match(lines[previous]) or _FOOTER.search(lines[previous]))
    return False


def _ends_sentence(lines: list[str], index: int) -> bool:
    """The text before line ``index`` ends a sentence (or there is none)."""
    for previous in range(index - 1, max(-1, index - SIGNER_GAP), -1):
        if lines[previous].strip():
            return bool(re.search(r"[.!?:\"')\]\u201d\u2019]\s*$", lines[previous]))
    return True


GLUED_SIGNER_WINDOW = 1000
# Without a URL or an NNNN tail a GLUED_SIGNER match holds at most this many words (runs of characters
# other than blanks and tabs): two of the lead ("END COMMENT", "MINIMIZE CONSIDERED", "c fm", or a
# sentence end glued to the word before it), two of the name, two of the tail (closing marks, an
# escaped "\\v"). It ends the line, so it starts within the line's last words.
GLUED_SIGNER_WORDS = 6
_LAST_WORDS = lazy_re.compile(r"(?:[ \t]*[^ \t]+){1,%d}" % GLUED_SIGNER_WORDS)  # on the reversed line


def _last_words_start(line: str) -> int:
    """Index in ``line`` where its last GLUED_SIGNER_WORDS words begin (its first non-blank character
    when it has fewer, its end when it has none)."""
    words = _LAST_WORDS.match(line[::-1])
    return len(line) - words.end() if words else len(line)


def _glued_signer(source: Source, index: int, line: str) -> m.Signature | None:
    """GLUED_SIGNER: the surname at the end of the last line of text ("... this cable. SCOBEY")."""
    # The match ends the line; only a URL or an NNNN tail can make it longer than the window, so
    # without them the search starts near the end (a long last paragraph costs no more than a short
    # one), and no earlier than the last words a match can hold (the same match, found sooner).
    if "NNNN" in line or "http" in line.lower():
        start = 0
    else:
        start = max(0, len(line) - GLUED_SIGNER_WINDOW, _last_words_start(line))
    match = _GLUED_SIGNER.search(line, start)
    if not match:
        return None
    group = "name" if match.group("name") else "mixed"
    if re.fullmatch(r"[ \t]*(?:¶[ \t]*)?\d{1,2}", line[:match.start()]) and _ends_sentence(source.logical, index):
        return None  # "2. SUMMAR": a new paragraph's number, then a word cut off (not "...in paragraph\n¶3. Koenig")
    name, start = _unredacted(match.group(group), match.start(group))
    if not name or set(name.upper().split()) & (_NOT_GLUED_SIGNER | _NOT_SIGNATURE | _NOT_SIGNER_WORDS) \
            or level_from_word(name):
        return None
    line_no, col = source.position(index, start)
    return m.Signature(name, m.Span(line_no, col, line_no, col + len(name)))


def _unredacted(name: str, start: int) -> tuple[str, int]:
    """``name`` without the archive's redaction words before it ("XXXXXXXXXXXX TUTTLE" -> "TUTTLE")."""
    redaction = _REDACTION.match(name)
    if redaction:
        return name[redaction.end():], start + redaction.end()
    return name, start


_FOOTER = lazy_re.compile(r"Classified[ \t]*Web[ \t]*site", re.I)
_NAME_TOKEN = lazy_re.compile(r"[A-Z][A-Z'-]{2,}|(?:Mc|Mac|Le|La|De|Di|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def _footer_signer(source: Source, index: int, line: str) -> m.Signature | None:
    """FOOTER_SIGNER: the surname at the end of the "Visit <post>'s Classified Website" footer, after
    its URL, its redaction or its rule of asterisks ("...Website: XXXXXXXXXXXX**** ******** ERELI")."""
    at = _FOOTER.search(line)
    if not at:
        return None
    rest = line[at.end():]
    nnnn = rest.find(" NNNN")
    tail = (rest[:nnnn] if nnnn >= 0 else rest).rstrip(" \t.\"\u201d#")
    token = re.split(r"[\s*]+", tail)[-1]
    before = tail[:len(tail) - len(token)]
    if not before.strip() or not _NAME_TOKEN.fullmatch(token) or not token.strip("X") \
            or token.upper() in (_NOT_GLUED_SIGNER | _NOT_SIGNATURE | _NOT_SIGNER_WORDS):
        return None
    line_no, col = source.position(index, at.end() + len(before))
    return m.Signature(token, m.Span(line_no, col, line_no, col + len(token)))


# PAGE_FOOT: an older received copy ends each page with its classification line and captions
# ("CONFIDENTIAL", "SIPDIS"): lines below the signer, never a name.
_PAGE_FOOT = lazy_re.compile(r"[ \t]*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|UNCLAS|SIPDIS|NOFORN)[ \t\w]*")
PAGE_FOOT_MAX = 40

# Lines from the end (or from the archive row) in which the signer is looked for.
SIGNER_WINDOW = 14


def _is_debris(line: str) -> bool:
    """Archive notes, marks and truncated repeats below the signer (no text of the cable)."""
    return bool(_SIGNATURE_NOISE.match(line)) or _truncated_repeat(line)


def _archive_row_start(lines: list[str]) -> tuple[int, int | None]:
    """(index of the cable's last line, column where it ends): the line and column where a spreadsheet
    export's record row starts (ARCHIVE_ROW), else the last line (whole)."""
    for index in range(max(0, len(lines) - SIGNER_WINDOW), len(lines)):
        line = lines[index]
        # a cheap, exact test first: a row holds "0", a blank and the date's "/", or a tab and the date's "-"
        # (the one-character needles first: most lines hold neither "/" nor a tab, and a search for one
        # character is the fastest)
        row = _ARCHIVE_ROW.search(line) if (("/" in line and ("0 " in line or "0\t" in line))
                                            or ("\t" in line and "-" in line)) else None
        if row:
            return index, row.start()
    return len(lines) - 1, None


def _undoubled(name: str) -> str:
    """REPEATED_NAME: the archive wrote the signer twice ("BOYCE BOYCE"): one name."""
    words = name.split()
    return words[0] if len(words) == 2 and words[0] == words[1] else name


# LOWER_CASE_SIGNER: a surname in lower case alone below the Classified Website footer ("kurtzer"): the
# footer's line, its URL or its rule of asterisks just above it. Pieces of a split URL are no name.
LOWER_CASE_NAME_MIN = 4  # shorter words below a footer are pieces of its URL ("cfm", "gov")
_LOWER_CASE_NAME = lazy_re.compile(r"[ \t]*(?P<name>[a-z]{%d,})[ \t]*" % LOWER_CASE_NAME_MIN)
_FOOTER_PART = lazy_re.compile(r"[ \t]*(?:\*{3}|\S*https?://|[\w.:-]+/[\w./:-]*[ \t]*$)|.*Classified[ \t]*Web[ \t]*site", re.I)
_URL_PIECES = {"html", "index", "shtml", "aspx", "http", "https", "portal", "wiki"}


def _lower_case_signer(source: Source, index: int, line: str) -> m.Signature | None:
    """LOWER_CASE_SIGNER: a lower-case surname directly below the footer (its line, URL or rule)."""
    match = _LOWER_CASE_NAME.fullmatch(line)
    if not match or match.group("name") in _URL_PIECES:
        return None
    for previous in range(index - 1, max(-1, index - SIGNER_GAP), -1):
        if source.logical[previous].strip():
            if not _FOOTER_PART.match(source.logical[previous]):
                return None
            line_no, col = source.position(index, match.start("name"))
            return m.Signature(match.group("name"), m.Span(line_no, col, line_no, col + len(match.group("name"))))
    return None


def signature(source: Source) -> m.Signature | None:
    """The signer line(s) at the end ("BREESE"), skipping closing captions and archive notes."""
    lines = source.logical
    last, row = _archive_row_start(lines)
    for index in range(last, max(-1, last - SIGNER_WINDOW), -1):
        line = lines[index][:row] if index == last else lines[index]
        if not line.strip() or _is_debris(line):
            glued = _footer_signer(source, index, line) or _glued_signer(source, index, line) \
                if _FOOTER.search(line) else None
            if glued:
                return glued
            continue
        match = _SIGNATURE.match(line)
        if not match or match.group(1).rstrip(".").upper() in _NOT_SIGNATURE or level_from_word(match.group(1)):
            if _PAGE_FOOT.fullmatch(line) and len(line) < PAGE_FOOT_MAX:
                continue
            return _footer_signer(source, index, line) or _lower_case_signer(source, index, line) \
                or _glued_signer(source, index, line)
        name = _UNQUOTE.sub("", match.group(1).rstrip("."))
        name, start = _unredacted(name, match.start(1) + len(match.group(1).rstrip(".")) - len(name))
        if not name:
            return None
        if _NOT_SIGNER_WORDS & set(_NAME_SPLIT.split(name.upper())):
            # CLOSING_FORMULA: "End Comment. SPOGLI", "END TEXT HEFFERN": a closing word, then the name
            return _glued_signer(source, index, line)
        name = _undoubled(name)
        letters = [c for c in name if c.isalpha()]
        if sum(c.isupper() for c in letters) < 0.7 * len(letters) and not _mixed_case_signer(lines, index, line):
            return _glued_signer(source, index, line)  # "Comment. Kelly": the end of a sentence, then the name
        line_no, col = source.position(index, start)
        return m.Signature(name, m.Span(line_no, col, line_no, col + len(name)))
    return None


_REF_ITEM_START = lazy_re.compile(r"\s*(?:¶\s*)?(?:\(([A-Z])\)|([A-Z])[.)])", re.I)
_REF_LETTERS = lazy_re.compile(r"(?:^|[\s,;])(?:¶\s*)?\(?([A-Z])[.)]", re.I)
_REF_NOISE = lazy_re.compile(
    r"\s*(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|UNCLAS)\b[A-Z /]*|(?:[A-Z] ){4,}[A-Z]\b.*|PAGE \d+ .*"
    r"|[A-Z][A-Z ]*\s\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}.*|SIPDIS|\\)\s*$")
_REF_STOP = lazy_re.compile(r"\s*(?:\d+\s*\.|¶\s*\d|\(\w{1,5}\)|CLASSIFIED\b|SUMMARY|BEGIN\b|SUBJ|TAGS|E\.\s?O\b|-{3,})", re.I)


# A REF value continues over at most this many logical lines (the longest in the corpus takes 17): a
# bound keeps a record of thousands of REF-like lines linear.
REF_CONTINUATION_MAX_LINES = 80
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def ref_continuation(source: Source, text: str, index: int) -> list[str]:
    """Lines continuing a REF value from logical line ``index`` on: the rest of its block, then
    lettered items (or a serial cut off by a wrap) after blank lines and page breaks."""
    lines: list[str] = []
    letters = _REF_LETTERS.findall(text)
    # An unlettered REF value is complete; an empty one ("REFS:") takes its items from the next lines.
    expected = chr(ord(letters[-1].upper()) + 1) if letters else (None if text.strip() else "A")
    blanks, adjacent = 0, True
    incomplete = _ENDS_IN_WORD.search(text) is not None  # the value so far ends in a word
    end = min(len(source.logical), index + REF_CONTINUATION_MAX_LINES)
    while index < end and blanks <= 2:
        line = source.logical[index].strip()
        index += 1
        if not line or _REF_NOISE.fullmatch(line):
            blanks += 0 if line else 1
            adjacent = adjacent and bool(line)
            continue
        start = _REF_ITEM_START.match(line)
        letter = start and (start.group(1) or start.group(2)).upper()
        mark = start and _REF_ITEM_MARK.match(line[start.end():])
        if mark and mark.group(1).upper() != letter:  # "C. (C) PARIS 7527" repeats the letter
            break  # a lettered paragraph with its portion mark, not a reference
        if (letter and letter == expected) or (not _REF_STOP.match(line) and (
                adjacent or (incomplete and _SERIAL_START.match(line)))):
            lines.append(line)
            text += " " + line
            incomplete = line[-1] in _ASCII_LETTERS  # (a search of the growing text was quadratic)
            found = _REF_LETTERS.findall(line)
            expected = chr(ord(found[-1].upper()) + 1) if found else expected
            blanks, adjacent = 0, True
            continue
        break
    return lines


# A REF label without its colon before the first item ("REF A) STATE 123", "REF [A] STATE 123",
# "REF A STATE 123 B HAVANA 772") or before a cable ("REF STATE 123").
_REF_UNLABELLED = lazy_re.compile(
    r"^\s*REF(?:S|TELS?)?\s+(?=\(?[A-Z][.)]|\[[A-Z]\]|A\s+[A-Z]{3,}[A-Z ]*\s\d|[A-Z]{3,}\s+\d)(?P<text>.*)$")
# ... and glued to the SUBJECT without its colon, before lettered items ("SUBJECT: VISIT REF A) STATE 1").
_REF_GLUED_NO_COLON = lazy_re.compile(r"\sREF(?:S|TELS?)?[ \t]+(?P<text>(?:\(?[A-Z][.)]|\[[A-Z]\])[ \t]*\S.*)$")
_REF_AFTER_SENTENCE = lazy_re.compile(r"[.)][ \t]+REF(?:S|\(S\)|TELS?)?[ \t]*:[ \t]*(?P<text>\S.*)$")
# The literal both unlabelled-REF patterns require (case-sensitive): unlabelled_refs' pre-check.
_REF_NEEDLE = "REF"
_REF_GLUED = lazy_re.compile(r"(?:REF(?:S|\(S\)|TELS?)?|\bRef(?:s|\(s\)|tels?)?)\s*:\s*(?P<text>.+)$")


def unlabelled_refs(source: Source, subject: m.Subject | None, body_line: int | None) -> tuple[str, int] | None:
    """A REF value the grammar did not see: glued to the SUBJECT, or written without a colon.

    Returns (text, physical line)."""
    if subject is not None:
        line = source.physical[subject.span.end_line - 1]
        glued = _REF_GLUED.search(line) or _REF_GLUED_NO_COLON.search(line)
        if glued:
            return glued.group("text"), subject.span.end_line
    limit = min(len(source.logical), (body_line or 60) + 5)
    # Both patterns below hold the literal "REF" and no re.I (an exact pre-check at C speed: most
    # header lines hold no "REF", and the unanchored search would try every position of them).
    for index in range(limit):
        line = source.logical[index]
        match = _REF_UNLABELLED.match(line) if _REF_NEEDLE in line else None
        if match:
            text = match.group("text")
            return " ".join([text] + ref_continuation(source, text, index + 1)), source.position(index)[0]
    # REF_AFTER_SENTENCE: the label glued after a header sentence ("... please treat accordingly. REF: X 367").
    for index in range(min(len(source.logical), body_line or 60)):
        line = source.logical[index]
        match = _REF_AFTER_SENTENCE.search(line) if _REF_NEEDLE in line else None
        if match and not _NUMBERED_LINE.match(line):  # not in a numbered paragraph
            text = match.group("text")
            return " ".join([text] + ref_continuation(source, text, index + 1)), source.position(index)[0]
    return None


def canonical_id(banner: m.Banner | None, pages, conts, date: m.CableDate) -> str | None:
    """``09OTTAWA700``: the post and serial of the banner (or of a page header) and the cable year."""
    if not date.year:
        return None
    for post, serial in ([(banner.post, banner.serial)] if banner else []) + [
            (p.post, p.serial) for p in pages] + [(c.post, c.serial) for c in conts]:
        if post and serial:
            return f"{date.year % 100:02d}{post_letters(post)}{serial}"
    return None


def own_origin(cable_id: str | None, path: str) -> str | None:
    """The citing post (for a REF item that gives only a serial)."""
    match = _FILE_ID.match(cable_id or "") or _FILE_ID.match(os.path.basename(path))
    return match.group(2) if match else None

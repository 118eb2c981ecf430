"""Record integrity (REC): damage done to a cable by the copy it was published in.

The builder decides the damage once (validator/integrity.py); this rule reports it, one finding
per damage, at warning level: the file is a faulty copy, not a wrong marking decision. The
marking rules that such damage would mislead stay silent on the damaged part.
"""

from __future__ import annotations

from ..engine import Finding, Rule, Severity, register


@register
class DamagedRecord(Rule):
    """What it does: reports a record damaged by its publisher: a banner word with a doubled,
    lost or stray first letter; a header cut at a "..." truncation marker, or repeated flattened
    on one line that stops at TAGS with no Classified By read; the header lines
    between TAGS and the text (SUBJECT, Classified By) dropped; a banner that belongs to another
    cable than the routing header (two cables spliced into one file).

    Why it matters: a damaged copy is not a marking error, and reporting the missing or
    mismatched fields it causes as marking errors would bury the real ones. The damage is named
    once, where it is, and the marking rules it would mislead stay silent.

    Example (fails):
        C O N F I D E N T I A L STATE 000123
        E.O. 12958: DECL: 01/01/2019
        TAGS: PREL
        1. (C) Text.
    Example (passes):
        C O N F I D E N T I A L STATE 000123
        E.O. 12958: DECL: 01/01/2019
        TAGS: PREL
        SUBJECT: TEST
        Classified By: Ambassador Jane Doe, reasons 1.4 (b) and (d)
        1. (C) Text.
    """

    code = "REC001"
    name = "damaged-record"
    severity = Severity.WARNING
    summary = "The published copy is damaged (garbled banner, truncated or dropped header, spliced cables)."
    source = "issue 14 (records damaged, not mis-marked)"

    def check(self, doc):
        for damage in doc.integrity:
            yield Finding(f"damaged record ({damage.kind}): {damage.detail}", damage.span)

"""Per-file facts for run-wide reports: a few small values taken from the parsed Document.

The checker computes them in the worker that parsed the file and carries them in
``FileResult.facts``, so that a report (``cablelint report``) never parses a file twice.
A ``CableFacts`` is a named tuple of strings and ints: it pickles small and fast.
"""

from __future__ import annotations

from collections import namedtuple

from . import lazy_re

# (collections.namedtuple rather than typing.NamedTuple: typing costs ~3 ms of a one-file check)
CableFacts = namedtuple("CableFacts", [
    "cable_id",   # "09OTTAWA700" (year of the cable, post, serial)
    "post",       # "OTTAWA": the post of the cable id (letters only), else of the banner
    "year",       # the cable year (DTG date, else the file name's year)
    "level",      # banner level ("SECRET"); None without a banner
    "decl_kind",  # date | na | oadr | exemption | other; None without an E.O. line
    "decl_date",  # ISO date of a DECL date that exists (None when impossible or absent)
])


_NOT_A_TO_Z = lazy_re.compile(r"[^A-Z]")


def post_letters(post: str) -> str:
    """A post name as the letters A-Z of its upper-case form (``Port-au-Prince`` -> ``PORTAUPRINCE``):
    the spelling in which cable ids, banners and references name the same post."""
    return _NOT_A_TO_Z.sub("", post.upper())


def post_of_id(cable_id: str | None) -> str | None:
    """``09OTTAWA700`` -> ``OTTAWA`` (None when the id has no letters)."""
    if not cable_id:
        return None
    letters = cable_id[2:].rstrip("0123456789")
    return letters or None


def cable_facts(doc) -> CableFacts:
    banner, eo = doc.banner, doc.eo
    post = post_of_id(doc.cable_id)
    if post is None and banner is not None and banner.post:
        post = post_letters(banner.post) or None
    decl = eo.decl if eo is not None else None
    return CableFacts(
        cable_id=doc.cable_id,
        post=post,
        year=doc.date.year,
        level=banner.level.value if banner is not None else None,
        decl_kind=decl.kind if decl is not None else None,
        decl_date=decl.date.isoformat() if decl is not None and decl.date is not None else None,
    )

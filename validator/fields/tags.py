"""TAGS: space- or comma-separated tokens; person TAGS ``OVIP (CLINTON, HILLARY)`` stay whole."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"\[([^\]\n]{1,40})\]\([^)\n]{0,200}\)")
_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9&/_-]*(?:\s*\([^()\n]{1,60}\))?", re.I)


def parse_tags(text: str) -> tuple[str, ...]:
    """Split a TAGS value into tokens, stripping markdown links ``[PREL](#)``."""
    text = _MARKDOWN.sub(r"\1", text)
    tags = []
    for match in _TOKEN.finditer(text):
        token = re.sub(r"\s+", " ", match.group(0)).strip(" -")
        if token:
            tags.append(token.upper() if "(" not in token else token)
    return tuple(tags)

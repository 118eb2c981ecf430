"""Build the Lark LALR parser once and turn text into a flat list of parsed items.

Each item is ``(rule, tokens)``: the grammar rule that matched (``banner_block``,
``paragraph``, ...) and its line tokens. ``fields(token)`` re-matches a token with its
own terminal pattern (from the grammar, the single source of truth) to read the
named groups.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Lark, Token, Transformer, Tree

from .grammar_resource import grammar_text


class _Items(Transformer):
    """Inline LALR callbacks: keep each construct as (rule name, its tokens)."""

    def __default__(self, data, children, meta):
        if data == "start":
            return children
        if data.startswith("_"):  # Lark's internal repetition rules are expanded later
            return Tree(data, children)
        return (data, children)


@lru_cache(maxsize=1)
def get_parser() -> Lark:
    return Lark(
        grammar_text(), parser="lalr", lexer="contextual", transformer=_Items(),
        propagate_positions=False, maybe_placeholders=False,
    )


@lru_cache(maxsize=1)
def _terminal_patterns() -> dict[str, re.Pattern]:
    parser = get_parser()
    patterns = {}
    for term in parser.terminals:
        flags = 0
        for flag in getattr(term.pattern, "flags", ()):
            flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X, "u": re.U}.get(flag, 0)
        patterns[term.name] = re.compile(term.pattern.to_regexp(), flags)
    return patterns


def fields(token: Token) -> re.Match | None:
    """Match a line token against its terminal's pattern to read the named groups."""
    pattern = _terminal_patterns().get(token.type)
    return pattern.match(token.value) if pattern else None


def parse_items(text: str) -> list[tuple[str, list[Token]]]:
    """Parse normalised, newline-terminated text into (rule, tokens) items."""
    if not text:
        return []
    return get_parser().parse(text)

"""Turn normalised text into a flat list of parsed items, fast, without importing Lark.

Each item is ``(rule, tokens)``: the grammar rule that matched (``banner_block``,
``paragraph``, ...) and its line tokens. ``fields(token)`` re-matches a token with its
own terminal pattern (from the grammar, the single source of truth) to read the
named groups.

Lark builds the LALR(1) tables and the contextual lexer from ``grammar/cable.lark``;
``parse_tables`` caches them as plain data, and ``parse_items`` runs them with a small
driver that gives exactly the items Lark gives with the inline ``_Items`` transformer
(tests compare both on every corpus file). The driver's one trick: each line is
tried only against the terminals that can start with the line's first non-blank
character (computed from the terminal regexes), in the contextual lexer's order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .grammar_resource import grammar_text


class Token:
    """One logical line as the lexer saw it: terminal name, text (with its newline), 1-based line,
    and the lexer's match of the terminal pattern (``fields`` returns it instead of matching again)."""

    __slots__ = ("type", "value", "line", "start_pos", "match")

    def __init__(self, type: str, value: str, line: int, start_pos: int = 0, match: re.Match | None = None):
        self.type = type
        self.value = value
        self.line = line
        self.start_pos = start_pos
        self.match = match

    column = 1  # every token starts a line

    @property
    def end_line(self) -> int:
        return self.line + self.value.count("\n")

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r}, line={self.line})"

    def __eq__(self, other) -> bool:
        if isinstance(other, Token):
            return (self.type, self.value, self.line) == (other.type, other.value, other.line)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.type, self.value, self.line))


# ------------------------------------------------------------ Lark (reference) --

def lark_parser(grammar: str | None = None):
    """Build the Lark LALR parser with the inline transformer (imports Lark; slow)."""
    from lark import Lark, Transformer, Tree

    class _Items(Transformer):
        """Inline LALR callbacks: keep each construct as (rule name, its tokens)."""

        def __default__(self, data, children, meta):
            if data == "start":
                return children
            if data.startswith("_"):  # Lark's internal repetition rules are expanded later
                return Tree(data, children)
            return (data, children)

    return Lark(
        grammar if grammar is not None else grammar_text(), parser="lalr", lexer="contextual",
        transformer=_Items(), propagate_positions=False, maybe_placeholders=False,
    )


@lru_cache(maxsize=1)
def get_parser():
    """The Lark parser itself (for tools and for tests that compare against it)."""
    return lark_parser()


# ------------------------------------------------------------ fast driver -------

class _Runtime:
    """The loaded tables plus lazily compiled regexes and first-character dispatch."""

    def __init__(self, tables: dict):
        self.start = tables["start"]
        self.end = tables["end"]
        self.actions = tables["actions"]
        self.reductions = []
        for data, size, origin, expand in tables["rules"]:
            expand, inline = tuple(expand), data.startswith("_") or data == "start"
            kind = _reduction_kind(data, size, expand, inline)
            self.reductions.append((kind, data, size, origin, expand, inline))
        self.lexer_of = tables["lexer_of"]
        self.lexers = tables["lexers"]
        self.terminals = tables["terminals"]
        self._compiled: dict[str, re.Pattern] = {}
        # per lexer: first character -> ((name, pattern), ...) in lexer order
        self.dispatch: list[dict] = [{} for _ in self.lexers]
        self.state_dispatch = {state: self.dispatch[lexer] for state, lexer in self.lexer_of.items()}

    def pattern(self, name: str) -> re.Pattern:
        pat = self._compiled.get(name)
        if pat is None:
            pat = self._compiled[name] = re.compile(self.terminals[name][0])
        return pat

    def candidates(self, lexer: int, char: str) -> tuple:
        out = []
        wide = ord(char) > 127
        for name in self.lexers[lexer]:
            first = self.terminals[name][2]
            if first is None or char in first[0] or (wide and first[1]):
                out.append((name, self.pattern(name)))
        result = self.dispatch[lexer][char] = tuple(out)
        return result


@lru_cache(maxsize=1)
def _runtime() -> _Runtime | None:
    """The fast driver's tables, or None when they cannot be extracted from this Lark (the tables
    are read from Lark's internals: a Lark that changed them must cost speed, never results)."""
    from .parse_tables import load_tables

    try:
        return _Runtime(load_tables(grammar_text()))
    except Exception:
        return None


class ParseError(Exception):
    """The text cannot be parsed (cannot happen with a grammar whose TEXT matches any line)."""


class _NotLineShaped(Exception):
    """A terminal matched less than a whole line: use Lark itself for this text."""


def parse_items(text: str) -> list[tuple[str, list[Token]]]:
    """Parse normalised, newline-terminated text into (rule, tokens) items."""
    if not text:
        return []
    runtime = _runtime()
    if runtime is None:
        return get_parser().parse(text)
    try:
        return _parse_lines(text, runtime)
    except _NotLineShaped:
        return get_parser().parse(text)


def _parse_lines(text: str, rt: _Runtime) -> list:
    """The LALR driver; every terminal of the grammar is one whole line, so lex line by line."""
    lines = text.splitlines(True)
    if len(lines) != text.count("\n") or not text.endswith("\n"):  # other line breaks (\f, \x85...)
        lines = [line + "\n" for line in text.split("\n")]
        if lines.pop() != "\n":
            raise _NotLineShaped
    actions, reductions, lexer_of, end_state = rt.actions, rt.reductions, rt.lexer_of, rt.end
    dispatch = rt.state_dispatch
    candidates = rt.candidates
    state = rt.start
    states = [state]
    values: list = []
    lines.append(None)  # end of input
    number = 0
    for value in lines:
        if value is not None:
            number += 1
            char = value[0]
            if char == " " or char == "\t":
                char = value.lstrip(" \t")[0]
            cands = dispatch[state].get(char)
            if cands is None:
                cands = candidates(lexer_of[state], char)
            for typ, pattern in cands:
                match = pattern.match(value)
                if match is not None:
                    break
            else:
                raise _NotLineShaped
            if match.end() != len(value):
                raise _NotLineShaped
            token = Token(typ, value, number, 0, match)
        else:
            typ, token = "$END", None
        while True:
            try:
                action = actions[state][typ]
            except KeyError:
                raise ParseError(f"line {number}: unexpected {typ}") from None
            if action >= 0:  # shift
                state = action
                states.append(state)
                values.append(token)
                break
            kind, data, size, origin, expand, inline = reductions[-1 - action]
            if kind == _APPEND:  # __x: __x item  (left-recursive repetition)
                child = values.pop()
                values[-1].append(child)
                del states[-2:]
            elif kind == _WRAP:  # __x: item
                values[-1] = [values[-1]]
                del states[-1]
            elif kind == _ITEM:  # rule: TERMINAL
                values[-1] = (data, [values[-1]])
                del states[-1]
            elif kind == _ITEM_MORE:  # rule: TERMINAL __x
                more = values.pop()
                values[-1] = (data, [values[-1], *more])
                del states[-2:]
            else:
                values.append(_reduce_generic(values, states, data, size, expand, inline))
            state = actions[states[-1]][origin]
            states.append(state)
            if token is None and state == end_state:
                return values[-1]
    raise ParseError("unexpected end of input")  # pragma: no cover - $END always reaches the end state


_APPEND, _WRAP, _ITEM, _ITEM_MORE, _GENERIC = range(5)


def _reduction_kind(data: str, size: int, expand: tuple, inline: bool) -> int:
    if inline and data != "start" and expand == (True, False):
        return _APPEND
    if inline and data != "start" and expand == (False,):
        return _WRAP
    if not inline and expand == (False,):
        return _ITEM
    if not inline and expand == (False, True):
        return _ITEM_MORE
    return _GENERIC


def _reduce_generic(values: list, states: list, data: str, size: int, expand: tuple, inline: bool):
    """Lark's ChildFilterLALR semantics: children of ``_rules`` are spliced into the parent."""
    if size:
        children = values[-size:]
        del values[-size:]
        del states[-size:]
    else:
        children = []
    if any(expand):
        flat: list = []
        for child, spread in zip(children, expand):
            if spread:
                if flat:
                    flat += child
                else:
                    flat = child  # left recursion: extend the inner list in place, as Lark does
            else:
                flat.append(child)
        children = flat
    return children if inline else (data, children)


def fields(token: Token) -> re.Match | None:
    """Match a line token against its terminal's pattern to read the named groups."""
    found = getattr(token, "match", None)
    if found is not None:  # the lexer matched this very pattern on this very text
        return found
    rt = _runtime()
    if rt is None:
        pattern = _lark_terminal_pattern(token.type)
        return pattern.match(token.value) if pattern is not None else None
    if token.type not in rt.terminals:
        return None
    # Lark's to_regexp() already scopes the terminal's flags, e.g. (?i:...), so the
    # lexer's compiled pattern is the field pattern too.
    return rt.pattern(token.type).match(token.value)


def terminal_pattern(name: str) -> re.Pattern | None:
    """The compiled pattern of one grammar terminal (the builder matches a line piece against it)."""
    rt = _runtime()
    if rt is None:
        return _lark_terminal_pattern(name)
    return rt.pattern(name) if name in rt.terminals else None


@lru_cache(maxsize=None)
def _lark_terminal_pattern(name: str) -> re.Pattern | None:
    """A terminal's pattern through Lark's public ``get_terminal`` (when the fast tables are unavailable)."""
    try:
        return re.compile(get_parser().get_terminal(name).pattern.to_regexp())
    except KeyError:
        return None

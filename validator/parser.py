"""Turn normalised text into a flat list of parsed items, fast, without importing Lark.

Each item is ``(rule, tokens)``: the grammar rule that matched (``banner_block``,
``paragraph``, ...) and its line tokens. ``fields(token)`` re-matches a token with its
own terminal pattern (from the grammar, the single source of truth) to read the
named groups.

Lark builds the LALR(1) tables and the contextual lexer from ``grammar/cable.lark``;
``parse_tables`` caches them as plain data, and ``parse_items`` runs them with a small
driver that gives exactly the items Lark gives with the inline ``_Items`` transformer
(tests compare both on every corpus file). The driver's two tricks: each line is
tried only against the terminals that can start with the line's first non-blank
character and go on with its second (computed from the terminal regexes), in the
contextual lexer's order; and the parser's state stack is interned as a configuration
whose steps (the reductions up to the next shift, per terminal) are simulated on the
tables once and then replayed.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from .grammar_resource import grammar_text


class Token:
    """One logical line as the lexer saw it: terminal name, text (with its newline), 1-based line,
    and the lexer's match of the terminal pattern (``fields`` returns it instead of matching again;
    None for a terminal the driver takes without matching, CATCH_ALL)."""

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

_END = "$END"
# Two-character keys kept per lexer: text in every script could otherwise grow the dispatch
# without bound in a long-lived process (the language server); a key not kept is worked out again.
_DISPATCH_MAX = 8192
# A stack deeper than this means the grammar nests (this one never does): use Lark itself.
_MAX_STACK = 64


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
        self.catch_all = frozenset(tables["catch_all"])
        self._compiled: dict[str, re.Pattern] = {}
        # per lexer: the line's first two non-blank characters -> ((name, pattern), ...) in lexer
        # order (one character for a line of blanks), and the same for the first character alone
        self.dispatch: list[dict] = [{} for _ in self.lexers]
        self._by_first: list[dict] = [{} for _ in self.lexers]
        # Configurations (interned state stacks): per id, its stack, its lexer and that lexer's
        # dispatch, and the memoised steps {terminal: (next configuration, reductions)}.
        self.config_ids: dict[tuple, int] = {}
        self.config_stacks: list[tuple] = []
        self.config_lexer: list[int] = []
        self.config_dispatch: list[dict] = []
        self.steps: list[dict] = []
        self._lock = threading.Lock()
        self.start_config = self._config((self.start,))

    def pattern(self, name: str) -> re.Pattern:
        pat = self._compiled.get(name)
        if pat is None:
            pat = self._compiled[name] = re.compile(self.terminals[name][0])
        return pat

    def _config(self, stack: tuple) -> int:
        """The id of a state stack (a new one for a stack not seen before)."""
        found = self.config_ids.get(stack)
        if found is None:
            if len(stack) > _MAX_STACK:
                raise _NotLineShaped  # a nesting grammar: Lark's own parser handles it
            found = self.config_ids[stack] = len(self.config_stacks)
            self.config_stacks.append(stack)
            lexer = self.lexer_of[stack[-1]]
            self.config_lexer.append(lexer)
            self.config_dispatch.append(self.dispatch[lexer])
            self.steps.append({})
        return found

    def step(self, config: int, typ: str, number: int) -> tuple[int | None, tuple, bool | str | None]:
        """Simulate Lark's table on a configuration's stack for one terminal: the configuration
        after it, the reductions up to the shift (or, for ``$END``, up to the end state), and
        their shape (``_shape``: how the driver replays the commonest ones inline). Under a
        lock: the runtime is shared by the process, and two threads must not give two stacks
        one id (reading a kept step needs no lock: it is complete before it is kept)."""
        with self._lock:
            return self._step(config, typ, number)

    def _step(self, config: int, typ: str, number: int) -> tuple[int | None, tuple, bool | str | None]:
        found = self.steps[config].get(typ)
        if found is not None:  # another thread kept it meanwhile
            return found
        actions, end_state = self.actions, self.end
        states = list(self.config_stacks[config])
        done: list = []
        while True:
            state = states[-1]
            try:
                action = actions[state][typ]
            except KeyError:
                raise ParseError(f"line {number}: unexpected {typ}") from None
            if action >= 0:  # shift
                if typ == _END:
                    raise ParseError("unexpected end of input")  # pragma: no cover - Lark never shifts $END
                states.append(action)
                result = (self._config(tuple(states)), tuple(done), _shape(done))
                break
            kind, data, size, origin, expand, inline = self.reductions[-1 - action]
            done.append((kind, data, size, expand, inline))
            if size:
                del states[-size:]
            state = actions[states[-1]][origin]
            states.append(state)
            if typ == _END and state == end_state:
                result = (None, tuple(done), None)
                break
        self.steps[config][typ] = result
        return result

    def candidates(self, lexer: int, key: str) -> tuple:
        """The terminals of ``lexer`` that may match a line whose first non-blank characters are
        ``key`` (one or two): those that may start with its first character (``first_chars``) and,
        after it, go on with its second (``second_chars``)."""
        char = key[0]
        found = self._by_first[lexer].get(char)
        if found is None:
            found = self._by_first[lexer][char] = tuple(  # no pattern: a terminal that matches any line
                (name, None if name in self.catch_all else self.pattern(name))
                for name in self.lexers[lexer] if admits(self.terminals[name][2], char))
        if len(key) > 1:
            following = key[1]
            found = tuple((name, pattern) for name, pattern in found
                          if admits(self.terminals[name][3].get(char), following))
        if len(self.dispatch[lexer]) < _DISPATCH_MAX:
            self.dispatch[lexer][key] = found
        return found


def admits(chars: tuple[str, str] | None, char: str) -> bool:
    """Whether ``char`` is among the characters ``chars`` allows, as ``parse_tables.first_chars`` and
    ``second_chars`` give them: None (any), or (characters, a regex for the non-ASCII ones)."""
    if chars is None or char in chars[0]:
        return True
    return ord(char) > 127 and bool(chars[1]) and re.fullmatch(chars[1], char) is not None


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
    """The fast driver cannot parse this text (a terminal matched less than a whole line, or the
    grammar nests deeper than _MAX_STACK): use Lark itself."""


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
    """The LALR driver; every terminal of the grammar is one whole line, so lex line by line.

    The parser's state stack is interned as a *configuration* (``_Runtime.step``): per
    configuration and terminal, the reductions up to the next shift are simulated once on
    Lark's tables and kept, so each line costs one lookup and the list operations that
    build the items, not a walk through the action table."""
    lines = text.splitlines(True)
    if len(lines) != text.count("\n") or not text.endswith("\n"):  # other line breaks (\f, \x85...)
        lines = [line + "\n" for line in text.split("\n")]
        if lines.pop() != "\n":
            raise _NotLineShaped
    steps, config_dispatch, config_lexer = rt.steps, rt.config_dispatch, rt.config_lexer
    candidates, step = rt.candidates, rt.step
    config = rt.start_config
    values: list = []
    number = 0
    for value in lines:
        number += 1
        key = value[:2]
        if key[0] == " " or key[0] == "\t":
            key = value.lstrip(" \t")[:2]
        cands = config_dispatch[config].get(key)
        if cands is None:
            cands = candidates(config_lexer[config], key)
        for typ, pattern in cands:
            if pattern is None:  # CATCH_ALL: it matches the whole line (fields() matches it on demand)
                match = None
                break
            match = pattern.match(value)
            if match is not None:
                if match.end() != len(value):
                    raise _NotLineShaped
                break
        else:
            raise _NotLineShaped
        found = steps[config].get(typ)
        if found is None:
            found = step(config, typ, number)
        config, reductions, shape = found
        if shape is _CONTINUE:  # the commonest steps, inlined: a line continuing a block,
            child = values.pop()
            values[-1].append(child)
        elif shape is not None:  # and the line before was a one-line item ("text", "blank")
            child = values.pop()
            values[-1].append((shape, [child]))
        elif reductions:
            _replay(values, reductions)
        values.append(Token(typ, value, number, 0, match))
    found = steps[config].get(_END)
    if found is None:
        found = step(config, _END, number)
    _replay(values, found[1])
    return values[-1]


def _replay(values: list, reductions: tuple) -> None:
    """Apply reductions to the value stack, as Lark's inline transformer would."""
    for kind, data, size, expand, inline in reductions:
        if kind == _APPEND:  # __x: __x item  (left-recursive repetition)
            child = values.pop()
            values[-1].append(child)
        elif kind == _WRAP:  # __x: item
            values[-1] = [values[-1]]
        elif kind == _ITEM:  # rule: TERMINAL
            values[-1] = (data, [values[-1]])
        elif kind == _ITEM_MORE:  # rule: TERMINAL __x
            more = values.pop()
            values[-1] = (data, [values[-1], *more])
        else:
            values.append(_reduce_generic(values, data, size, expand, inline))


_APPEND, _WRAP, _ITEM, _ITEM_MORE, _GENERIC = range(5)
_CONTINUE = True  # the shape of a step that is one left-recursive append


def _shape(done: list) -> bool | str | None:
    """How the driver replays a step inline: ``_CONTINUE`` for one append; the rule's name for a
    one-line item appended to the list before it (``rule: TERMINAL`` then ``__x: __x item``);
    None for any other reductions (``_replay``)."""
    if len(done) == 1 and done[0][0] == _APPEND:
        return _CONTINUE
    if len(done) == 2 and done[0][0] == _ITEM and done[1][0] == _APPEND:
        return done[0][1]
    return None


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


def _reduce_generic(values: list, data: str, size: int, expand: tuple, inline: bool):
    """Lark's ChildFilterLALR semantics: children of ``_rules`` are spliced into the parent."""
    if size:
        children = values[-size:]
        del values[-size:]
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

"""The LALR tables Lark builds from ``cable.lark``, as plain data cached on disk.

Building the parser (Lark's grammar analysis) costs far more than checking one
cable, and importing Lark alone costs several times a bare Python start. So the
first run extracts what the runtime needs -- the parse table, the reductions, each
parser state's contextual-lexer terminals in Lark's order, every terminal's
regular expression -- into plain dicts/tuples and writes them with ``marshal`` to
``$CABLELINT_CACHE_DIR`` or ``$XDG_CACHE_HOME/cablelint`` (``~/.cache/cablelint``).
Later runs load that file (about a millisecond) and never import Lark.

The file name is keyed by a hash of the grammar, the Lark version and the Python
version; the file also stores the full grammar text, which must match. A missing,
stale, corrupt or unreadable file is rebuilt; a read-only cache directory just
means the tables are rebuilt in memory on every run. Nothing here can fail a check.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from functools import lru_cache

FORMAT = 3  # bump when the layout of the tables changes
BLANKS = " \t"


def cache_dir() -> str:
    explicit = os.environ.get("CABLELINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cablelint")


@lru_cache(maxsize=1)
def lark_version() -> str:
    """Lark's version without importing it (importing Lark is what the cache avoids)."""
    if "lark" in sys.modules:
        return getattr(sys.modules["lark"], "__version__", "unknown")
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("lark")
    if spec is None or not spec.origin:
        return "missing"
    try:
        with open(spec.origin, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("__version__"):
                    return line.split("=", 1)[1].split("#")[0].strip().strip("'\"")
    except OSError:
        pass
    return "unknown"


def cache_key(grammar: str) -> str:
    data = grammar.encode("utf-8")
    impl = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}-{len(data)}-lark{lark_version()}-{impl}-f{FORMAT}"


def cache_path(grammar: str) -> str:
    return os.path.join(cache_dir(), f"parser-{cache_key(grammar)}.marshal")


def load_tables(grammar: str) -> dict:
    """The tables for ``grammar``: from the cache file when valid, else built (and cached when possible)."""
    path = cache_path(grammar)
    tables = _read(path, grammar)
    if tables is None:
        tables = build_tables(grammar)
        _write(path, tables)
    return tables


def _read(path: str, grammar: str) -> dict | None:
    try:
        with open(path, "rb") as handle:
            tables = marshal.loads(handle.read())
    except Exception:  # missing, unreadable or corrupt (marshal raises several types)
        return None
    try:
        if (tables["format"] == FORMAT and tables["grammar"] == grammar and tables["key"] == cache_key(grammar)
                and _well_formed(tables)):
            return tables
    except Exception:
        pass
    return None


def _well_formed(tables: dict) -> bool:
    needed = ("start", "end", "actions", "rules", "lexer_of", "lexers", "terminals")
    return (all(k in tables for k in needed) and isinstance(tables["actions"], dict)
            and isinstance(tables["terminals"], dict) and tables["start"] in tables["actions"]
            and all(state in tables["lexer_of"] for state in tables["actions"]))


def _write(path: str, tables: dict) -> bool:
    """Write atomically (parallel workers may race); any OSError leaves the tables in memory only."""
    try:
        data = marshal.dumps(tables)
    except ValueError:  # unmarshallable (a bug, but never fatal)
        return False
    return write_cache_file(path, data)


def write_cache_file(path: str, data: bytes) -> bool:
    """Write a file of the cache directory atomically (parallel runs may race); False when it could not
    be written (a read-only or missing cache directory: the next run computes the answer again)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        return True
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


# ---------------------------------------------------------------- building -----

def build_tables(grammar: str) -> dict:
    """Build the parser with Lark and extract the plain-data tables (imports Lark)."""
    from .parser import lark_parser

    return tables_from_lark(lark_parser(grammar), grammar)


def tables_from_lark(parser, grammar: str) -> dict:
    from lark.parsers.lalr_analysis import Shift

    frontend = parser.parser
    lexer = frontend.lexer
    table = frontend.parser.parser.parse_table
    rules: list = []
    rule_ids: dict = {}

    def rule_id(rule) -> int:
        if rule not in rule_ids:
            rule_ids[rule] = len(rules)
            expand = tuple(not s.is_term and s.name.startswith("_") for s in rule.expansion)
            data = str(rule.alias or rule.options.template_source or rule.origin.name)
            rules.append((data, len(rule.expansion), str(rule.origin.name), expand))
        return rule_ids[rule]

    actions = {}
    for state, acts in table.states.items():
        actions[state] = {str(sym): (arg if action is Shift else -1 - rule_id(arg)) for sym, (action, arg) in acts.items()}

    terminals = {}
    for term in parser.terminals:
        flags = 0
        for flag in getattr(term.pattern, "flags", ()):
            flags |= {"i": 2, "m": 8, "s": 16, "x": 64, "u": 32}.get(flag, 0)
        regexp = term.pattern.to_regexp()
        terminals[term.name] = (regexp, flags, first_chars(regexp))

    lexers: list = []
    lexer_ids: dict = {}
    lexer_of = {}
    for state, basic in lexer.lexers.items():
        if id(basic) not in lexer_ids:
            scanner = basic.scanner
            if basic.callback or basic.ignore_types or scanner.use_bytes or basic.g_regex_flags:
                raise NotImplementedError("grammar uses lexer features the fast parser does not support")
            names = []
            for mre in scanner._mres:
                names.extend(sorted(mre.groupindex, key=mre.groupindex.get))
            lexer_ids[id(basic)] = len(lexers)
            lexers.append(tuple(n for n in names if n in terminals))
        lexer_of[state] = lexer_ids[id(basic)]

    return {
        "format": FORMAT, "key": cache_key(grammar), "grammar": grammar,
        "start": table.start_states["start"], "end": table.end_states["start"],
        "actions": actions, "rules": rules, "lexer_of": lexer_of, "lexers": lexers, "terminals": terminals,
    }


# ------------------------------------------------- first-character analysis -----

def first_chars(regexp: str) -> tuple[str, bool] | None:
    """A superset of the first non-blank character of every string ``regexp`` can match.

    Returns ``(chars, wide)`` -- ``wide`` means "any non-ASCII character too" -- or
    None when any character may come first. Blanks are space and tab. The parser
    uses it to skip terminals that cannot match a line, without changing results.
    """
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse  # type: ignore[no-redef]
    parsed = sre_parse.parse(regexp)
    icase = bool(parsed.state.flags & 2)
    chars, _transparent = _seq(list(parsed), icase)
    if chars is None:
        return None
    ascii_chars, wide = chars
    return "".join(sorted(ascii_chars)), wide


_UNIVERSAL = None


def _union(a, b):
    if a is None or b is None:
        return None
    return (a[0] | b[0], a[1] or b[1])


def _seq(items, icase):
    first = (frozenset(), False)
    for op, av in items:
        f, transparent = _elem(op, av, icase)
        first = _union(first, f)
        if not transparent:
            return first, False
    return first, True


def _chars(chars: set, icase: bool):
    out, wide = set(), False
    for c in chars:
        if ord(c) > 127:
            out.add(c)
            wide = wide or icase  # case folding can reach other non-ASCII letters
        elif icase and c.isalpha():
            out.update((c.lower(), c.upper()))
            wide = True  # e.g. (?i)k matches KELVIN SIGN, (?i)s matches LONG S
        else:
            out.add(c)
    blank = bool(out & set(BLANKS))
    return (frozenset(out - set(BLANKS)), wide), blank


def _elem(op, av, icase):
    name = str(op)
    if name == "LITERAL":
        return _chars({chr(av)}, icase)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return (frozenset(), False), True
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, sub = av
        if high == 0:
            return (frozenset(), False), True
        f, transparent = _seq(list(sub), icase)
        return f, transparent or low == 0
    if name == "SUBPATTERN":
        _group, add, delete, sub = av
        return _seq(list(sub), (icase or bool(add & 2)) and not (delete & 2))
    if name == "ATOMIC_GROUP":
        return _seq(list(av), icase)
    if name == "BRANCH":
        first, transparent = (frozenset(), False), False
        for branch in av[1]:
            f, t = _seq(list(branch), icase)
            first, transparent = _union(first, f), transparent or t
        return first, transparent
    if name == "IN":
        return _in(av, icase)
    if name == "CATEGORY":
        return _in([(op, av)], icase)
    return _UNIVERSAL, True  # ANY, NOT_LITERAL, GROUPREF, ...: anything may come first


def _in(items, icase):
    chars: set = set()
    wide = False
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            return _UNIVERSAL, True
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE":
            low, high = av
            if high - low > 512:
                return _UNIVERSAL, True
            chars.update(chr(c) for c in range(low, high + 1))
        elif name == "CATEGORY":
            category = str(av)
            if category == "CATEGORY_DIGIT":
                chars.update("0123456789")
                wide = True
            elif category == "CATEGORY_WORD":
                chars.update("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
                wide = True
            else:
                return _UNIVERSAL, True
        else:
            return _UNIVERSAL, True
    (out, wide2), blank = _chars(chars, icase)
    return (out, wide or wide2), blank

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

FORMAT = 6  # bump when the layout of the tables changes
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
    needed = ("start", "end", "actions", "rules", "lexer_of", "lexers", "terminals", "catch_all")
    return (all(k in tables for k in needed) and isinstance(tables["actions"], dict)
            and isinstance(tables["terminals"], dict) and tables["start"] in tables["actions"]
            and all(len(terminal) == 4 for terminal in tables["terminals"].values())
            and all(state in tables["lexer_of"] for state in tables["actions"])
            and all(name in tables["terminals"] for name in tables["catch_all"]))


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
        terminals[term.name] = (regexp, flags, first_chars(regexp), second_chars(regexp))

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
        "catch_all": sorted(name for name, (regexp, flags, *_rest) in terminals.items() if catch_all(regexp)),
    }


# CATCH_ALL: the grammar's TEXT (``[^\n]*\n``) matches every line the driver gives it whole (each line
# ends with its one newline), so the driver takes it without running the regex (70 of a cable's 115
# lines reach it). Decided on the pattern's parse, so a TEXT written any other way is matched as usual.
_CATCH_ALL = r"[^\n]*\n"


def catch_all(regexp: str) -> bool:
    """Whether ``regexp`` is the pattern of any one line with its newline (parses as ``[^\n]*\n``)."""
    sre_parse = _sre_parse()
    try:
        parsed, reference = sre_parse.parse(regexp), sre_parse.parse(_CATCH_ALL)
    except Exception:
        return False
    return parsed.state.flags == reference.state.flags and repr(list(parsed)) == repr(list(reference))


# ------------------------------------------------- first-character analysis -----

def first_chars(regexp: str) -> tuple[str, str] | None:
    """A superset of the first non-blank character of every string ``regexp`` can match.

    Returns ``(chars, wide)`` or None when any character may come first. ``chars`` holds the
    characters written in the pattern (with their ASCII case partners under ``(?i)``);
    ``wide`` is "" or a regular expression that a non-ASCII character fully matches when it
    may come first too: the characters that case-fold to a ``(?i)`` letter (KELVIN SIGN to
    ``k``, LONG S to ``s``) and the digits and letters of ``\\d``/``\\w``, decided by ``re``
    itself (WIDE_CLASS). Blanks are space and tab. The parser uses it to skip terminals that
    cannot match a line, without changing results.
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
    return "".join(sorted(ascii_chars)), "|".join(sorted(wide))


_UNIVERSAL = None


def _union(a, b):
    if a is None or b is None:
        return None
    return (a[0] | b[0], a[1] | b[1])


_NONE = (frozenset(), frozenset())  # no first character, no wide class


def _seq(items, icase, skip=True):
    first = _NONE
    for op, av in items:
        f, transparent = _elem(op, av, icase, skip)
        first = _union(first, f)
        if not transparent:
            return first, False
    return first, True


# WIDE_CLASS: which non-ASCII characters a pattern's first element matches is left to ``re``: the
# element's characters under its case flag, as a class ("(?i:[ks])" also matches KELVIN SIGN and
# LONG S), and the \d / \w categories (Arabic-Indic digits, accented letters).
_DIGIT, _WORD = r"\d", r"\w"


def _fold_class(chars: set) -> str:
    """The case-insensitive class of ``chars`` (matches what folds to one of them)."""
    return "(?i:[" + "".join(sorted("\\" + c if c in "\\]^-[" else c for c in chars)) + "])"


def _chars(chars: set, icase: bool, skip: bool = True):
    out: set = set()
    folded: set = set()
    for c in chars:
        if ord(c) > 127:
            out.add(c)
            if icase:
                folded.add(c)  # case folding can reach other non-ASCII letters
        elif icase and c.isalpha():
            out.update((c.lower(), c.upper()))
            folded.add(c)  # e.g. (?i)k matches KELVIN SIGN, (?i)s matches LONG S
        else:
            out.add(c)
    wide = frozenset((_fold_class(folded),)) if folded else frozenset()
    if not skip:  # the character right after the first: a blank is a character like any other
        return (frozenset(out), wide), False
    blank = bool(out & set(BLANKS))
    return (frozenset(out - set(BLANKS)), wide), blank


def _elem(op, av, icase, skip=True):
    name = str(op)
    if name == "LITERAL":
        return _chars({chr(av)}, icase, skip)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return _NONE, True
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, sub = av
        if high == 0:
            return _NONE, True
        f, transparent = _seq(list(sub), icase, skip)
        return f, transparent or low == 0
    if name == "SUBPATTERN":
        _group, add, delete, sub = av
        return _seq(list(sub), (icase or bool(add & 2)) and not (delete & 2), skip)
    if name == "ATOMIC_GROUP":
        return _seq(list(av), icase, skip)
    if name == "BRANCH":
        first, transparent = _NONE, False
        for branch in av[1]:
            f, t = _seq(list(branch), icase, skip)
            first, transparent = _union(first, f), transparent or t
        return first, transparent
    if name == "IN":
        return _in(av, icase, skip)
    if name == "CATEGORY":
        return _in([(op, av)], icase, skip)
    return _UNIVERSAL, True  # ANY, NOT_LITERAL, GROUPREF, ...: anything may come first


def _in(items, icase, skip=True):
    chars: set = set()
    wide: set = set()
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
                wide.add(_DIGIT)
            elif category == "CATEGORY_WORD":
                chars.update("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
                wide.add(_WORD)
            else:
                return _UNIVERSAL, True
        else:
            return _UNIVERSAL, True
    (out, wide2), blank = _chars(chars, icase, skip)
    return (out, frozenset(wide) | wide2), blank


# ------------------------------------------------- second-character analysis ----
# SECOND_CHAR: most body lines start with a letter, and a letter may start a lettered paragraph
# ("A. (C)"), a banner, a REF or a TAGS line...; the character after it rules most of them out
# ("The" cannot go on as "TAGS" or "A."). For each first character, the characters a terminal lets
# come right after it are worked out on the pattern's parse (its derivative by that character).


def second_chars(regexp: str) -> dict[str, tuple[str, str]]:
    """``{c1: (chars, wide)}``: for each ASCII character ``c1`` that may come first (after blanks)
    in a match of ``regexp``, a superset of the characters right after it, in the form of
    ``first_chars`` (with blanks among them). A ``c1`` that is missing allows any next character."""
    sre_parse = _sre_parse()
    parsed = sre_parse.parse(regexp)
    icase = bool(parsed.state.flags & 2)
    items = list(parsed)
    first = first_chars(regexp)
    out: dict = {}
    if first is None or _seq(items, icase)[1]:  # a match may end before its first non-blank character
        return out
    for c1 in first[0]:
        if ord(c1) > 127 or c1 == "\n":
            continue
        rests = _after_seq(items, c1, icase)
        if rests is None:
            continue
        follow = _NONE
        for rest in rests:
            f, transparent = _seq(rest, icase, skip=False)
            follow = _union(follow, f)
            if follow is None or transparent:  # anything (or the end) may follow
                break
        else:
            out[c1] = ("".join(sorted(follow[0])), "|".join(sorted(follow[1])))
    return out


def _sre_parse():
    try:
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse  # type: ignore[no-redef]
    return sre_parse


def _after_seq(items: list, c: str, icase: bool) -> list | None:
    """The item sequences left after ``items`` consumed ``c`` as the first non-blank character
    (elements that may match nothing or only blanks are skipped, as ``first_chars`` does; the
    caller knows whether ``c`` may come after the whole sequence), or None when that cannot be
    told (anything may follow)."""
    out: list = []
    for i, (op, av) in enumerate(items):
        found = _after_elem(op, av, c, icase)
        if found is None:
            return None
        rest = items[i + 1:]
        out.extend(r + rest for r in found)
        if not _elem(op, av, icase)[1]:  # not transparent: ``c`` cannot come after it
            break
    return out


def _after_elem(op, av, c: str, icase: bool) -> list | None:
    sre_parse = _sre_parse()
    name = str(op)
    if name in ("LITERAL", "NOT_LITERAL", "IN", "CATEGORY", "ANY"):
        return [[]] if _consumes(name, av, c, icase) else []
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return []  # zero width: skipped by the caller
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, sub = av
        if high == 0:
            return []
        found = _after_seq(list(sub), c, icase)
        if found is None:
            return None
        more = high if high == sre_parse.MAXREPEAT else high - 1
        again = [(sre_parse.MAX_REPEAT, (max(low - 1, 0), more, sub))] if more else []
        return [r + again for r in found]
    if name == "SUBPATTERN":
        _group, add, delete, sub = av
        found = _after_seq(list(sub), c, (icase or bool(add & 2)) and not (delete & 2))
        if found is None:
            return None
        return [[(sre_parse.SUBPATTERN, (None, add, delete, r))] if r else [] for r in found]
    if name == "ATOMIC_GROUP":
        return _after_seq(list(av), c, icase)
    if name == "BRANCH":
        out: list = []
        for branch in av[1]:
            found = _after_seq(list(branch), c, icase)
            if found is None:
                return None
            out.extend(found)
        return out
    return None  # back-references and the like: anything may follow


_CATEGORY_CLASS = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_WORD": r"\w",
                   "CATEGORY_NOT_WORD": r"\W", "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S"}


def _consumes(name: str, av, c: str, icase: bool) -> bool:
    """Whether one single-character element matches ``c``: the element written back as a class and
    left to ``re`` (case folding, Unicode categories); an element it cannot write may match."""
    import re

    if name == "ANY":
        return c != "\n"
    if name == "LITERAL":
        written = "[" + _escape(chr(av)) + "]"
    elif name == "NOT_LITERAL":
        written = "[^" + _escape(chr(av)) + "]"
    else:
        members = [(name, av)] if name == "CATEGORY" else av
        parts = []
        for op, value in members:
            kind = str(op)
            if kind == "NEGATE":
                parts.insert(0, "^")
            elif kind == "LITERAL":
                parts.append(_escape(chr(value)))
            elif kind == "RANGE":
                parts.append(_escape(chr(value[0])) + "-" + _escape(chr(value[1])))
            elif kind == "CATEGORY" and str(value) in _CATEGORY_CLASS:
                parts.append(_CATEGORY_CLASS[str(value)])
            else:
                return True
        written = "[" + "".join(parts) + "]"
    return re.fullmatch(written, c, re.I if icase else 0) is not None


def _escape(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char

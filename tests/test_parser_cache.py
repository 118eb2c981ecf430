"""The cached parser tables and the fast driver: same items as Lark, safe cache handling."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED
from validator import parse_tables, parser
from validator.grammar_resource import grammar_text
from validator.source import Source


def _norm(items):
    return [(rule, [(t.type, t.value, t.line) for t in tokens]) for rule, tokens in items]


def _items_with(tables, text):
    return _norm(parser._parse_lines(text, parser._Runtime(tables)))


SEED_TEXT = Source.from_bytes(SEED.read_bytes()).parse_text()


def _both(text: str):
    return _norm(parser.get_parser().parse(text)) if text else [], _norm(parser.parse_items(text))


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    directory = tmp_path / "cache"
    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(directory))
    return directory


def test_fast_items_equal_lark_items_on_the_seed():
    lark_items, fast_items = _both(SEED_TEXT)
    assert fast_items == lark_items
    assert any(rule == "banner_block" for rule, _ in fast_items)


def test_fast_items_equal_lark_items_on_the_corpus(corpus):
    directory, manifest = corpus
    differing = []
    for entry in manifest:
        text = Source.from_bytes((directory / entry["file"]).read_bytes()).parse_text()
        lark_items, fast_items = _both(text)
        if lark_items != fast_items:
            differing.append(entry["file"])
    assert differing == []


LINE_PIECES = st.sampled_from([
    "", " ", "\t", "1. (C) text", "(S//NF) x", "C O N F I D E N T I A L STATE 000123", "SECRET", "SIPDIS",
    "E.O. 12958: DECL: 01/01/2015", "TAGS: PREL, PGOV", "SUBJECT: X", "REF: A. STATE 1",
    "Classified By: Ambassador X for reasons 1.4 (b) and (d).", "VZCZCXRO1234", "RR RUEHWEB",
    "DE RUEHFR #0123/01 0311234", "ZNY CCCCC ZZH", "R 311234Z JAN 08", "FM AMEMBASSY PARIS",
    "TO SECSTATE WASHDC 1234", "INFO RUEHXX/AMEMBASSY X", "PAGE 02 PARIS 01234 01 OF 02 311234Z",
    "PARIS 00000123 002 OF 003", "ACTION EUR-00", "NNNN", "¶3. (U) x", "a. (C) y", "kelvin \u212a",
    "\x0c", "\x85", "\u2028", "UNCLAS SECTION 01 OF 02 PARIS 000123", "PASS TO X", "FOR THE AMBASSADOR",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(LINE_PIECES, st.text(alphabet=" \t()/.:-ACSUNFabc¶1\x0c", max_size=6)), max_size=25))
def test_fast_items_equal_lark_items_on_generated_text(pieces):
    text = "".join(a + b + "\n" for a, b in pieces)
    lark_items, fast_items = _both(text)
    assert fast_items == lark_items


def test_tables_are_written_then_loaded_without_building(cache_dir, monkeypatch):
    grammar = grammar_text()
    first = parse_tables.load_tables(grammar)
    assert os.path.isfile(parse_tables.cache_path(grammar))

    def no_build(_grammar):
        raise AssertionError("tables were rebuilt although a valid cache file exists")

    monkeypatch.setattr(parse_tables, "build_tables", no_build)
    assert parse_tables.load_tables(grammar) == first


def test_corrupt_cache_file_is_rebuilt_and_replaced(cache_dir):
    grammar = grammar_text()
    path = parse_tables.cache_path(grammar)
    cache_dir.mkdir(parents=True)
    for garbage in (b"", b"\x00garbage\xff" * 50, b"{\x00"):
        with open(path, "wb") as handle:
            handle.write(garbage)
        tables = parse_tables.load_tables(grammar)
        assert _items_with(tables, SEED_TEXT) == _norm(parser.get_parser().parse(SEED_TEXT))
        assert parse_tables._read(path, grammar) == tables  # the bad file was replaced


def test_cache_for_another_grammar_is_not_used(cache_dir):
    grammar = grammar_text()
    other = grammar.replace("TEXT.0:", "TEXT.1:")
    assert parse_tables.cache_path(other) != parse_tables.cache_path(grammar)
    parse_tables._write(parse_tables.cache_path(grammar), parse_tables.build_tables(other))  # stale content
    assert parse_tables._read(parse_tables.cache_path(grammar), grammar) is None


def test_unwritable_cache_dir_falls_back_to_building_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    grammar = grammar_text()
    tables = parse_tables.load_tables(grammar)
    assert _items_with(tables, SEED_TEXT) == _norm(parser.parse_items(SEED_TEXT))
    assert not os.path.exists(parse_tables.cache_path(grammar))


def test_read_only_cache_dir_falls_back(tmp_path, monkeypatch):
    directory = tmp_path / "ro"
    directory.mkdir()
    monkeypatch.setenv("CABLELINT_CACHE_DIR", str(directory))

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(parse_tables.os, "replace", refuse)  # root ignores chmod, so simulate EROFS
    tables = parse_tables.load_tables(grammar_text())
    assert _items_with(tables, SEED_TEXT) == _norm(parser.parse_items(SEED_TEXT))
    assert os.listdir(directory) == []  # no temporary file left behind


def test_cache_key_names_grammar_lark_and_python_versions():
    key = parse_tables.cache_key(grammar_text())
    import lark

    assert f"lark{lark.__version__}" in key
    assert f"{sys.version_info[0]}.{sys.version_info[1]}" in key
    assert parse_tables.cache_key(grammar_text() + "\n") != key


def test_first_chars_is_a_superset_of_what_each_terminal_matches():
    tables = parse_tables.build_tables(grammar_text())
    import re

    samples = ["  1. (C) x\n", "\tSECRET\n", "¶1. (S) y\n", "kelvin\n", "\u212a\n", "\x0c\n", "\n", "(U) z\n",
               "  c o n f\n", "SUBJECT: x\n", "-- SIPDIS\n", "ſecret\n", "٣. x\n"]
    for name, (regexp, _flags, first, _second) in tables["terminals"].items():
        pattern = re.compile(regexp)
        for sample in samples:
            if pattern.match(sample) and first is not None:
                char = sample.lstrip(" \t")[0]
                assert parser.admits(first, char), (name, sample)


def test_first_chars_leaves_out_non_ascii_characters_that_cannot_start_a_terminal():
    """WIDE_CLASS: a pilcrow paragraph is tried against the two terminals written with a pilcrow, not
    against every case-insensitive one; a KELVIN SIGN still reaches (?i)k and an Arabic-Indic digit \\d."""
    import re

    tables = parse_tables.build_tables(grammar_text())

    def may_start(name: str, char: str) -> bool:
        return parser.admits(tables["terminals"][name][2], char)

    starting = {name for name, (_r, _f, first, _s) in tables["terminals"].items()
                if first is not None and may_start(name, "¶")}
    assert starting == {"CLASSIFIED_BY_LINE", "PARA_LINE"}
    assert may_start("SUBJECT_LINE", "ſ") and not may_start("SUBJECT_LINE", "é")  # LONG S folds to s
    assert may_start("PARA_LINE", "\u212a")  # KELVIN SIGN folds to k, a paragraph letter
    assert may_start("PARA_LINE", "٣") and not may_start("EO_LINE", "٣")  # \d starts a paragraph number


def _lexer_with(rt, name: str) -> int:
    return next(i for i, names in enumerate(rt.lexers) if name in names)


def _key(line: str) -> str:
    return line.lstrip(" \t")[:2]


@functools.lru_cache(maxsize=1)
def _fresh_tables() -> dict:
    """Tables built now by this code (the cached file may come from older code)."""
    return parse_tables.build_tables(grammar_text())


@functools.lru_cache(maxsize=1)
def _fresh_runtime():
    return parser._Runtime(_fresh_tables())


_CLASS_LOOKAHEAD = re.compile(r"\(\?=\[[^\]]*\]\)")
# the grammar's terminals but TEXT (which matches any line), read from their definitions
_TERMINALS = sorted(set(re.findall(r"(?m)^([A-Z][A-Z_]*)(?:\.\d+)?:", grammar_text())) - {"TEXT"})


@pytest.mark.parametrize("name", _TERMINALS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_line_a_terminal_matches_is_tried_against_it(name, data):
    """SECOND_CHAR is exact: a line a terminal matches is tried against it, whatever its first two
    non-blank characters (hypothesis writes lines from the terminal's own regex, any Unicode)."""
    rt = _fresh_runtime()
    pattern = re.compile(rt.terminals[name][0])
    # hypothesis writes a lookahead's character as if it were consumed, so a lookahead of one class
    # (LEVEL_FIRST's) is left out of the pattern lines are written from; the line must match the whole
    lines = st.from_regex(re.compile(_CLASS_LOOKAHEAD.sub("", pattern.pattern), pattern.flags), fullmatch=True)
    line = data.draw(lines.filter(lambda text: text.strip(" \t") and pattern.fullmatch(text)))
    lexer = _lexer_with(rt, name)
    assert name in [n for n, _p in rt.candidates(lexer, _key(line))], (name, line[:40])


def test_the_second_character_rules_out_terminals_that_cannot_go_on_with_it():
    rt = _fresh_runtime()
    lexer = rt.config_lexer[rt.start_config]  # between items (Lark numbers its lexers by hash order)

    def tried(line: str) -> list[str]:
        return [n for n, _p in rt.candidates(lexer, _key(line))]

    assert tried("The minister said\n") == ["PARTIAL_NOTE", "TEXT"]  # "This record is a partial ..."
    assert tried("Minister Smith said\n") == ["TEXT"]  # not a lettered paragraph ("M.") or a post
    assert "PARA_LINE" in tried("A. (C) text\n") and "PARA_LINE" in tried("  a) item\n")
    assert "PARA_LINE" not in tried("An item\n") and "PARA_LINE" in tried("12. text\n")
    assert "TAGS_LINE" in tried("TAGS: PREL\n") and "TAGS_LINE" in tried("tgs: PREL\n")
    assert "BANNER_LINE" in tried("S E C R E T STATE 123456\n") and "BANNER_LINE" in tried("SECRET\n")
    assert tried("\n") == ["BLANK", "TEXT"]


def test_the_dispatch_stays_bounded_on_text_in_every_script(monkeypatch):
    """Lines starting with ever new character pairs do not grow the dispatch without bound, and a
    key that was not kept still gives the same items."""
    rt = parser._Runtime(_fresh_tables())
    monkeypatch.setattr(parser, "_DISPATCH_MAX", 50)
    text = "".join(chr(0x4E00 + i) + chr(0x4E00 + 2 * i) + " text\n1. (C) x\n" for i in range(300))
    assert parser._parse_lines(text, rt) == parser._parse_lines(text, rt)
    assert all(len(keys) <= 50 for keys in rt.dispatch)
    assert [rule for rule, _t in parser._parse_lines(text, rt)] == [
        rule for rule, _t in parser.get_parser().parse(text)]


def test_second_chars_follows_repeats_groups_and_case():
    second = parse_tables.second_chars
    assert second(r"[ \t]*(?i:ab)c\n") == {"A": ("Bb", "(?i:[b])"), "a": ("Bb", "(?i:[b])")}
    assert second(r"[ \t]*x+y\n") == {"x": ("xy", "")}
    assert second(r"[ \t]*(?:xy|x[ \t]z)\n") == {"x": ("\t y", "")}
    assert second(r"[ \t]*x\d\n") == {"x": ("0123456789", r"\d")}
    assert second(r"[ \t]*x[^\n]*\n") == {}  # anything may follow
    assert second(r"[ \t]*x?\n") == {"x": ("\n", "")}
    assert second(r"x?") == {}  # a match may end before its first non-blank character


def test_one_file_check_does_not_import_lark_once_cached(cache_dir):
    env = dict(os.environ, CABLELINT_CACHE_DIR=str(cache_dir))
    code = ("import sys; from validator.builder import parse_file; doc = parse_file(sys.argv[1]); "
            "assert doc.banner is not None; print('lark' in sys.modules)")
    runs = []
    for _ in range(2):
        # cwd outside the source tree, so an installed (non-editable) package is the one imported
        proc = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, env=env,
                              cwd=cache_dir.parent)
        assert proc.returncode == 0, proc.stderr
        runs.append(proc.stdout.strip())
    assert runs == ["True", "False"]  # first run builds the tables with Lark, the second only loads them


def test_a_lark_whose_internals_changed_costs_speed_not_results(cache_dir, monkeypatch):
    """The fast driver reads Lark's private tables; if a Lark release renames them, Lark parses."""
    from validator import parser
    from validator.builder import parse_text
    from validator.serialize import document_to_dict as to_dict

    expected = to_dict(parse_text(SEED_TEXT, "seed"))

    def renamed(*_args, **_kwargs):
        raise AttributeError("'ParseTable' object has no attribute 'parse_table'")

    monkeypatch.setattr(parse_tables, "tables_from_lark", renamed)
    parser._runtime.cache_clear()
    try:
        assert parser._runtime() is None
        assert to_dict(parse_text(SEED_TEXT, "seed")) == expected
    finally:
        parser._runtime.cache_clear()


def test_importing_and_parsing_writes_nothing_but_the_parser_tables(cache_dir):
    """No regex program cache any more: the only file in the cache directory is the parser tables."""
    env = dict(os.environ, CABLELINT_CACHE_DIR=str(cache_dir))
    code = "import sys; from validator.builder import parse_file; parse_file(sys.argv[1])"
    proc = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, env=env,
                          cwd=cache_dir.parent)
    assert proc.returncode == 0, proc.stderr
    assert [p.name.split("-")[0] for p in cache_dir.iterdir()] == ["parser"]


NESTED_GRAMMAR = r"""
start: item*
item: OPEN item* CLOSE | LINE
OPEN.2: /\(\n/
CLOSE.2: /\)\n/
LINE.0: /[^\n]*\n/
"""


def test_driver_matches_lark_on_a_nesting_grammar_and_hands_deep_stacks_to_lark():
    """The driver memoises steps per state stack; a grammar that nests must still parse as Lark
    parses it, and a stack deeper than _MAX_STACK is Lark's job (never a wrong item list)."""
    tables = parse_tables.build_tables(NESTED_GRAMMAR)
    lark = parser.lark_parser(NESTED_GRAMMAR)
    shallow = "(\nx\n(\ny\n)\n)\nz\n"
    fast = parser._parse_lines(shallow, parser._Runtime(tables))
    assert _norm_nested(fast) == _norm_nested(lark.parse(shallow))
    assert [rule for rule, _ in fast] == ["item", "item"]
    deep = "(\n" * (parser._MAX_STACK + 1) + ")\n" * (parser._MAX_STACK + 1)
    with pytest.raises(parser._NotLineShaped):
        parser._parse_lines(deep, parser._Runtime(tables))


def _norm_nested(items):
    out = []
    for item in items:
        rule, children = item
        out.append((rule, [_norm_nested([c])[0] if isinstance(c, tuple) else (c.type, c.value, c.line)
                           for c in children]))
    return out


def test_catch_all_is_decided_on_the_pattern():
    """CATCH_ALL: only a pattern that parses as ``[^\\n]*\\n`` is taken without matching."""
    assert parse_tables.catch_all("[^\\n]*\\n")
    assert not parse_tables.catch_all("[^\\n]+\\n")  # not an empty line
    assert not parse_tables.catch_all("[^\\n]*")  # not the newline
    assert not parse_tables.catch_all("(?i:[^\\n]*\\n)")  # other flags: matched as usual
    assert not parse_tables.catch_all("[^\\n")  # not a pattern at all
    rt = parser._runtime()
    assert rt is not None and rt.catch_all == {"TEXT"}


def test_catch_all_tokens_read_their_fields_on_demand():
    items = parser.parse_items("SUBJECT: TALKS\nA LINE OF PLAIN TEXT\n")
    tokens = [token for _rule, tokens in items for token in tokens]
    text = [token for token in tokens if token.type == "TEXT"]
    assert text and all(token.match is None for token in text)
    assert parser.fields(text[0]).group(0) == "A LINE OF PLAIN TEXT\n"
    assert all(token.match is not None for token in tokens if token.type != "TEXT")

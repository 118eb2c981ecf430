"""The language server's pieces without a client: position mapping, rule docs as Markdown,
which files are linted, fix selection, diagnostic conversion and code actions (with a fix
built here and with whatever fixes the real rules carry), and the lazy import of pygls."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from validator.config import Settings, parse_table
from validator.engine.diagnostic import Diagnostic, Edit, Fix, Severity, UNSAFE
from validator.lsp_mapping import UTF8, UTF16, UTF32, LineIndex, non_overlapping, rst_to_markdown, \
    rule_markdown, skip_reason, units
from validator.model import Span

ROOT = Path(__file__).resolve().parent.parent


# --- positions ----------------------------------------------------------------------------------


def test_span_maps_to_zero_based_end_exclusive_range():
    index = LineIndex("SECRET\n1. (S) TEXT\n")
    # "(S)" is columns 4..6 (1-based), end exclusive 7 -> characters 3..6 (0-based, exclusive).
    assert index.range(Span(2, 4, 2, 7)) == ((1, 3), (1, 6))
    assert index.range(Span(1, 1, 1, 1)) == ((0, 0), (0, 0))  # empty span stays empty
    assert index.range(Span(1, 1, 2, 1)) == ((0, 0), (1, 0))  # whole first line with its newline


@pytest.mark.parametrize("encoding, expected", [(UTF16, 6), (UTF8, 9), (UTF32, 5)])
def test_columns_count_in_the_negotiated_encoding(encoding, expected):
    # "é" is 1 UTF-16 unit / 2 UTF-8 bytes; the emoji is 2 UTF-16 units / 4 UTF-8 bytes.
    index = LineIndex("é\U0001F600 ab X\n", encoding)
    assert index.position(1, 6) == (0, expected)
    assert units("é\U0001F600 ab", encoding) == expected


def test_positions_are_clamped_to_the_line_and_the_document():
    index = LineIndex("AB\nCDE")
    assert index.position(1, 99) == (0, 2)
    assert index.position(9, 1) == (1, 3)  # past the last line: the end of the document
    assert index.position(0, 5) == (0, 0)
    assert index.range(Span(2, 3, 1, 1)) == ((1, 2), (1, 2))  # never a reversed range


def test_trailing_newline_gives_an_empty_last_line():
    index = LineIndex("AB\n")
    assert index.range(Span(1, 1, 2, 1)) == ((0, 0), (1, 0))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_breaks_as_lsp_counts_them(newline):
    index = LineIndex(newline.join(["A", "BC (S)", "D"]))
    assert index.range(Span(2, 4, 2, 7)) == ((1, 3), (1, 6))
    assert index.position(3, 2) == (2, 1)


def test_byte_order_mark_shifts_the_first_line_only():
    index = LineIndex("\ufeffSECRET\n(S)")
    assert index.range(Span(1, 1, 1, 7)) == ((0, 1), (0, 7))
    assert index.range(Span(2, 1, 2, 4)) == ((1, 0), (1, 3))


def test_engine_spans_of_a_real_cable_map_onto_the_text():
    """Every span the real rules report, mapped and cut out of the text, is the text the engine meant."""
    from validator.checker import check_bytes
    from validator.engine.runner import select_rules

    text = (ROOT / "tests" / "fixtures" / "cables" / "faulty.txt").read_text()
    result = check_bytes("faulty.txt", text.encode(), select_rules())
    assert result.diagnostics
    index = LineIndex(text, UTF32)
    lines = text.split("\n")
    for d in result.diagnostics:
        (l0, c0), (l1, c1) = index.range(d.span)
        if d.span.line == d.span.end_line:
            assert lines[l0][c0:c1] == result.lines[d.span.line - 1][d.span.column - 1:d.span.end_column - 1]


# --- rule documentation -------------------------------------------------------------------------


def test_rst_docstrings_become_markdown():
    text = "Checks ``E.O. 12958`` lines.\n\nExample (fails):\n    S E C R E T\n    1. (C) x\n\nMore."
    assert rst_to_markdown(text) == ("Checks `E.O. 12958` lines.\n\nExample (fails):\n```text\n"
                                     "S E C R E T\n1. (C) x\n```\n\nMore.")


def test_rule_markdown_has_code_name_summary_and_doc():
    from validator.engine.registry import get_rule

    md = rule_markdown(get_rule("POR003"))
    assert md.startswith("### POR003 `portion-above-banner`")
    assert "Default severity: **error**" in md and "```text" in md and "``" not in md.replace("```", "")


# --- files ----------------------------------------------------------------------------------------


def test_skip_reason_follows_include_and_exclude(tmp_path):
    settings = parse_table({"exclude": ["drafts"], "include": ["*.txt", "*.tel"]},
                           str(tmp_path / "cablelint.toml"), str(tmp_path))
    assert skip_reason(str(tmp_path / "a.txt"), settings) is None
    assert skip_reason(str(tmp_path / "b.tel"), settings) is None
    assert "exclude" in skip_reason(str(tmp_path / "drafts" / "sub" / "a.txt"), settings)
    assert "include" in skip_reason(str(tmp_path / "notes.md"), settings)
    assert skip_reason(str(tmp_path / "x.txt"), Settings.default(str(tmp_path))) is None
    assert "include" in skip_reason(str(tmp_path / "x.md"), Settings.default(str(tmp_path)))


# --- fixes ----------------------------------------------------------------------------------------


def _fix(*spans, text="x"):
    return Fix("f", tuple(Edit(Span(*s), text) for s in spans))


def test_fix_all_takes_non_overlapping_fixes_in_document_order():
    a, b, c = _fix((1, 1, 1, 5)), _fix((1, 3, 1, 8)), _fix((1, 5, 1, 6))
    d, e = _fix((2, 1, 2, 1)), _fix((2, 1, 2, 1))  # two insertions at one point: only the first
    f = _fix((3, 1, 3, 2), (1, 6, 1, 7))  # one edit overlaps nothing, the other neither
    chosen = non_overlapping([c, b, a, e, d, f])
    assert chosen == [a, c, f, e] and chosen[-1] is e  # adjacent edits are fine; equal starts keep input order
    assert non_overlapping([_fix((1, 1, 1, 3)), _fix((1, 2, 1, 2))]) == [_fix((1, 1, 1, 3))]
    assert non_overlapping([Fix("empty", ())]) == []


@pytest.fixture
def server():
    pytest.importorskip("pygls")
    from validator.server import create_server

    return create_server()


def _params(uri, rng=((0, 0), (99, 0)), only=None):
    from lsprotocol import types

    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=rng[0][0], character=rng[0][1]),
                          end=types.Position(line=rng[1][0], character=rng[1][1])),
        context=types.CodeActionContext(diagnostics=[], only=only))


def test_diagnostic_fields_and_code_actions_with_a_constructed_fix(server, tmp_path, monkeypatch):
    from lsprotocol import types

    import validator.server as srv
    from validator.checker import FileResult

    text = "SECRET\n\U0001F600 (S) TEXT\nLINE THREE\n"
    path = str(tmp_path / "a.txt")
    safe = Fix("Join the lines", (Edit(Span(2, 3, 3, 1), "(C) "), Edit(Span(3, 1, 3, 5), "")))
    unsafe = Fix("Delete", (Edit(Span(1, 1, 1, 7), ""),), UNSAFE)
    diags = [Diagnostic("POR003", "portion-above-banner", Severity.ERROR, "m1", path, Span(2, 3, 2, 6),
                        "raise it", safe, (Span(1, 1, 1, 7),)),
             Diagnostic("POR005", "unmarked-subject", Severity.INFO, "m2", path, Span(1, 1, 1, 7), None, unsafe),
             Diagnostic("HDR005", "x", Severity.WARNING, "m3", path, Span(3, 1, 3, 5))]
    monkeypatch.setattr(srv, "lint_text", lambda p, t, root: (FileResult(p, diags, None), None))
    server.doc_dir = str(tmp_path / "docs")
    uri = srv.from_fs_path(path)
    linted = server.compute(uri, 7, text)
    lsp = [pair[1] for pair in linted.pairs]
    assert [d.severity for d in lsp] == [types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Information,
                                         types.DiagnosticSeverity.Warning]
    first = lsp[0]
    assert (first.range.start.character, first.range.end.character) == (3, 6)  # after a 2-unit emoji
    assert first.message == "m1\nhelp: raise it" and first.source == "cablelint" and first.code == "POR003"
    assert first.related_information[0].location.range.end.character == 6
    assert first.code_description.href.startswith("file:") and (tmp_path / "docs" / "POR003.md").is_file()

    actions = server.code_actions(_params(uri), linted)
    titles = [(a.title, a.kind, a.is_preferred) for a in actions]
    assert titles == [("POR003: Join the lines", "quickfix", True), ("POR005: Delete (unsafe)", "quickfix", False),
                      ("cablelint: fix all safe fixes (1)", "source.fixAll.cablelint", None)]
    edits = actions[0].edit.changes[uri]
    assert [(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
            for e in edits] == [(1, 3, 2, 0, "(C) "), (2, 0, 2, 4, "")]
    # Only what was asked for: a range elsewhere, or one kind.
    assert server.code_actions(_params(uri, ((2, 6), (2, 7)), only=["quickfix"]), linted) == []
    assert [a.kind for a in server.code_actions(_params(uri, only=["source"]), linted)] == ["source.fixAll.cablelint"]
    assert [a.kind for a in server.code_actions(_params(uri, only=["source.organizeImports"]), linted)] == []


def test_code_actions_for_the_fixes_real_rules_carry(server, tmp_path):
    """Whatever fixes the real rules have: each quick fix applies cleanly and removes its finding."""
    from lsprotocol import types

    import validator.server as srv
    from test_server_e2e import apply_edits

    cables = sorted((ROOT / "tests" / "fixtures" / "cables").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    tried = 0
    for cable in cables:
        text = cable.read_text(encoding="utf-8", errors="replace")
        path = tmp_path / cable.name
        uri = srv.from_fs_path(str(path))
        linted = server.compute(uri, 1, text)
        for d, lsp in linted.pairs:
            if d.fix is None:
                continue
            rng = ((lsp.range.start.line, lsp.range.start.character), (lsp.range.end.line, lsp.range.end.character))
            action = next(a for a in server.code_actions(_params(uri, rng, only=["quickfix"]), linted)
                          if a.diagnostics[0] == lsp)
            assert action.is_preferred == d.fix.safe
            fixed = apply_edits(text.replace("\r\n", "\n"), action.edit.changes[uri])
            after = server.compute(uri, 2, fixed)
            assert sum(x.code == d.code for x, _ in after.pairs) < sum(x.code == d.code for x, _ in linted.pairs)
            tried += 1
        fix_all = server.code_actions(_params(uri, only=["source.fixAll.cablelint"]), linted)
        if fix_all:
            apply_edits(text.replace("\r\n", "\n"), fix_all[0].edit.changes[uri])  # edits do not overlap
    if not tried:
        pytest.skip("no real rule carries a fix yet")


# --- packaging and the command ----------------------------------------------------------------


def test_check_does_not_import_pygls():
    code = ("import sys, runpy\nsys.argv = ['cablelint', 'check', '--isolated', 'tests/fixtures/cables/clean.txt']\n"
            "try:\n    runpy.run_module('validator', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr


def test_server_without_the_extra_says_how_to_install_it():
    code = ("import sys\nsys.modules['pygls'] = None\nfrom validator.cli import main\nmain(['server'])\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert "pip install 'cablelint[server]'" in out.stderr


def test_server_extra_is_declared():
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("pygls") for dep in extras["server"])
    for name in ("pygls", "pytest-lsp", "pytest-asyncio"):
        assert any(dep.startswith(name) for dep in extras["test"]), name

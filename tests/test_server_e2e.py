"""End to end: a real LSP client (pytest-lsp) drives the real ``cablelint server`` process over stdio.

The server runs from tests/lsp_server_with_test_fixes.py: the package's server with two
test-only rules that carry fixes (TFX001 safe, TFX002 unsafe), next to every real rule.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
pytest_asyncio = pytest.importorskip("pytest_asyncio")

from lsprotocol import types  # noqa: E402
from pygls.uris import from_fs_path, to_fs_path  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, LanguageClient, register_lsp_features  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402

from cable_factory import make_cable  # noqa: E402
from validator.checker import check_bytes  # noqa: E402
from validator.engine.runner import select_rules  # noqa: E402

HERE = Path(__file__).resolve().parent
SERVER = HERE / "lsp_server_with_test_fixes.py"
TIMEOUT = 30.0  # generous: CI machines are slow; the server answers in well under a second

BODY = ("1. (C) TEH MINISTER AGREED WITH THE PROPOSAL. \U0001F600 TEH END.\n\n"
        "2. (S) XXX FURTHER TEXT OF THE CABLE.")


class Session:
    """A client connected to a fresh server process, recording every publishDiagnostics."""

    def __init__(self, client: LanguageClient, root: Path):
        self.client = client
        self.root = root
        self.published: list[tuple[str, int | None, list, float]] = []
        self.registrations: list[types.Registration] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

    async def initialize(self, encodings=None, watch=False):
        capabilities = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=encodings),
            workspace=types.WorkspaceClientCapabilities(
                workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                    dynamic_registration=watch)),
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                    related_information=True, version_support=True, code_description_support=True)))
        return await self.client.initialize_session(types.InitializeParams(
            capabilities=capabilities, root_uri=from_fs_path(str(self.root)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(self.root)), name="ws")]))

    def uri(self, relative: str) -> str:
        return from_fs_path(str(self.root / relative))

    async def diagnostics(self, uri: str, version: int | None = None, after: int = 0) -> list:
        """The first diagnostics published for ``uri`` (and ``version``) after the ``after``-th."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for got_uri, got_version, diags, _t in self.published[after:]:
                if got_uri == uri and (version is None or got_version == version):
                    return diags
            await asyncio.sleep(0.005)
        raise AssertionError(f"no diagnostics for {uri} version {version}; got {self.published}")

    async def open(self, uri: str, text: str, language_id: str = "plaintext") -> list:
        self.versions[uri], self.texts[uri] = 1, text
        mark = len(self.published)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)))
        return await self.diagnostics(uri, 1, mark)

    def change(self, uri: str, changes: list) -> int:
        """Send didChange (incremental changes, or one full-text change); returns the new version."""
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=changes))
        return self.versions[uri]

    def apply(self, uri: str, edit: types.WorkspaceEdit) -> int:
        """Apply a workspace edit as an editor does (locally), then tell the server (didChange)."""
        (doc_edit,) = edit.document_changes
        assert doc_edit.text_document.uri == uri
        assert doc_edit.text_document.version == self.versions[uri]
        text = apply_edits(self.texts[uri], doc_edit.edits)
        self.texts[uri] = text
        return self.change(uri, [types.TextDocumentContentChangeWholeDocument(text=text)])

    async def code_actions(self, uri: str, rng: types.Range, only=None):
        return await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only))) or []


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def offset_of(text: str, line: int, character: int) -> int:
    """String offset of a UTF-16 LSP position in ``text`` (lines split at \\n only here)."""
    lines = text.split("\n")
    before = sum(len(x) + 1 for x in lines[:line])
    units = 0
    for i, ch in enumerate(lines[line]):
        if units >= character:
            return before + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return before + len(lines[line])


def apply_edits(text: str, edits) -> str:
    spans = sorted(((offset_of(text, e.range.start.line, e.range.start.character),
                     offset_of(text, e.range.end.line, e.range.end.character), e.new_text) for e in edits),
                   reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def find(text: str, needle: str, occurrence: int = 1) -> types.Range:
    """UTF-16 LSP range of the ``occurrence``-th ``needle`` in ``text``."""
    seen = 0
    for number, line in enumerate(text.split("\n")):
        start = -1
        while (start := line.find(needle, start + 1)) != -1:
            seen += 1
            if seen == occurrence:
                a = utf16(line[:start])
                return types.Range(start=types.Position(line=number, character=a),
                                   end=types.Position(line=number, character=a + utf16(needle)))
    raise AssertionError(f"{needle!r} not found")


def by_code(diags, code: str) -> list:
    return [d for d in diags if d.code == code]


@pytest_asyncio.fixture
async def session(tmp_path):
    client = LanguageClient(converter_factory=default_converter)
    sess = Session(client, tmp_path / "ws")
    sess.root.mkdir()

    def record(ls, params: types.PublishDiagnosticsParams):
        sess.published.append((params.uri, params.version, list(params.diagnostics), time.monotonic()))

    def register(ls, params: types.RegistrationParams):
        sess.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    await client.start_io(sys.executable, str(SERVER), env=env, cwd=str(sess.root))
    yield sess
    try:
        await asyncio.wait_for(client.shutdown_session(), TIMEOUT)
    finally:
        await client.stop()


@pytest.mark.asyncio
async def test_open_change_code_action_hover_cycle(session):
    await session.initialize()
    text = make_cable(body=BODY)
    uri = session.uri("cables/a.txt")
    diags = await session.open(uri, text)

    # Diagnostics at the right ranges: UTF-16 columns (the emoji counts two), end exclusive.
    teh = by_code(diags, "TFX001")
    assert [d.range for d in teh] == [find(text, "TEH", 1), find(text, "TEH", 2)]
    assert teh[1].range.start.character == text.split("\n")[teh[1].range.start.line].index("TEH", 10) + 1
    assert all(d.severity == types.DiagnosticSeverity.Warning and d.source == "cablelint" for d in teh)
    (xxx,) = by_code(diags, "TFX002")
    assert xxx.severity == types.DiagnosticSeverity.Information
    assert xxx.related_information[0].location.range == types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=3))
    assert xxx.related_information[0].location.uri == uri
    # A real rule at the place `cablelint check` reports it (1-based -> 0-based).
    expected = check_bytes("a.txt", text.encode(), select_rules(["POR003"])).diagnostics
    (por,) = by_code(diags, "POR003")
    assert por.severity == types.DiagnosticSeverity.Error
    span = expected[0].span
    assert por.range == types.Range(start=types.Position(line=span.line - 1, character=span.column - 1),
                                    end=types.Position(line=span.end_line - 1, character=span.end_column - 1))
    assert find(text, "(S)") == por.range
    # codeDescription.href: the generated Markdown documentation of the rule.
    href = por.code_description.href
    assert href.startswith("file:") and href.endswith("POR003.md")
    assert "portion-above-banner" in Path(to_fs_path(href)).read_text()

    # didChange (incremental): the POR003 finding goes away in the next publication.
    mark = len(session.published)
    version = session.change(uri, [types.TextDocumentContentChangePartial(range=find(text, "(S)"), text="(C)")])
    session.texts[uri] = text = text.replace("2. (S)", "2. (C)")
    diags = await session.diagnostics(uri, version, mark)
    assert by_code(diags, "POR003") == []
    assert len(by_code(diags, "TFX001")) == 2

    # Hover over a finding shows the rule's documentation (Markdown).
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=find(text, "TEH", 1).start))
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "TFX001" in hover.contents.value and "TEH should read THE" in hover.contents.value
    assert "```text\n1. (C) TEH MINISTER AGREED.\n```" in hover.contents.value
    assert hover.range == find(text, "TEH", 1)
    nothing = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=0)))
    assert nothing is None

    # Code actions: a preferred quick fix (safe), an unsafe one, and fix-all for the safe ones.
    actions = await session.code_actions(uri, find(text, "TEH", 1))
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert [a.title for a in quick] == ["TFX001: Replace TEH with THE"]
    assert quick[0].is_preferred is True
    assert quick[0].diagnostics[0].code == "TFX001"
    (unsafe,) = await session.code_actions(uri, find(text, "XXX"), only=[types.CodeActionKind.QuickFix])
    assert unsafe.title == "TFX002: Delete XXX (unsafe)" and not unsafe.is_preferred

    mark = len(session.published)
    version = session.apply(uri, quick[0].edit)
    diags = await session.diagnostics(uri, version, mark)
    assert [d.range for d in by_code(diags, "TFX001")] == [find(session.texts[uri], "TEH", 1)]
    assert "THE MINISTER AGREED" in session.texts[uri]

    (fix_all,) = await session.code_actions(uri, find(text, "TEH"), only=["source.fixAll"])
    assert fix_all.kind == "source.fixAll.cablelint"
    mark = len(session.published)
    version = session.apply(uri, fix_all.edit)
    diags = await session.diagnostics(uri, version, mark)
    assert by_code(diags, "TFX001") == []
    assert len(by_code(diags, "TFX002")) == 1  # unsafe fixes are not part of fix-all
    (unsafe,) = await session.code_actions(uri, find(session.texts[uri], "XXX"))  # for the current version
    mark = len(session.published)
    version = session.apply(uri, unsafe.edit)
    diags = await session.diagnostics(uri, version, mark)
    assert by_code(diags, "TFX002") == [] and "2. (C) FURTHER TEXT" in session.texts[uri]

    # Saving lints at once; closing clears the diagnostics.
    mark = len(session.published)
    session.client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    await session.diagnostics(uri, version, mark)
    mark = len(session.published)
    session.client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await session.diagnostics(uri, None, mark) == []


@pytest.mark.asyncio
async def test_utf8_position_encoding_when_the_client_prefers_it(session):
    result = await session.initialize(encodings=[types.PositionEncodingKind.Utf8])
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    text = make_cable(body=BODY)
    diags = await session.open(session.uri("a.txt"), text)
    line = next(x for x in text.split("\n") if "\U0001F600" in x)
    second = by_code(diags, "TFX001")[1]
    assert second.range.start.character == len(line[:line.index("TEH", 10)].encode("utf-8"))


@pytest.mark.asyncio
async def test_configuration_discovery_and_file_selection_follow_check(session):
    await session.initialize()
    root = session.root
    (root / "sub").mkdir()
    (root / "sub" / ".cablelint.toml").write_text(
        'ignore = ["POR005"]\nexclude = ["drafts"]\n[severity]\nPOR003 = "info"\n'
        '[per-file-ignores]\n"z.txt" = ["POR003"]\n')
    (root / "sub" / "drafts").mkdir()
    text = make_cable(body=BODY, subject="SUBJECT: NO PORTION MARK HERE")
    assert by_code(await session.open(session.uri("a.txt"), text), "POR005")  # no config at the root
    # Same findings as `cablelint check` for that path (whose rules lack only the test ones).
    (root / "sub" / "a.txt").write_text(text)
    diags = await session.open(session.uri("sub/a.txt"), text)
    assert by_code(diags, "POR005") == []
    assert {d.severity for d in by_code(diags, "POR003")} == {types.DiagnosticSeverity.Information}
    run = subprocess.run([sys.executable, "-m", "validator", "check", "--output-format", "json", "sub/a.txt"],
                         cwd=root, capture_output=True, text=True)
    from_check = {(f["code"], f["line"] - 1, f["column"] - 1) for f in json.loads(run.stdout)}
    from_server = {(d.code, d.range.start.line, d.range.start.character) for d in diags
                   if not d.code.startswith("TFX")}
    assert from_server == from_check and from_check
    assert by_code(await session.open(session.uri("sub/z.txt"), text), "POR003") == []
    # Excluded by the configuration, or not matching include: nothing, whatever the language id.
    assert await session.open(session.uri("sub/drafts/b.txt"), text, "cablelint") == []
    assert await session.open(session.uri("notes.md"), text, "plaintext") == []
    # A *.txt file is linted whatever language id the editor gave it.
    assert by_code(await session.open(session.uri("c.txt"), text, "markdown"), "TFX002")


@pytest.mark.asyncio
async def test_bad_configuration_and_bad_input_do_not_crash_the_server(session):
    await session.initialize()
    root = session.root
    (root / "bad").mkdir()
    (root / "bad" / "cablelint.toml").write_text("select = [\n")
    assert await session.open(session.uri("bad/a.txt"), make_cable(body=BODY)) == []
    deadline = time.monotonic() + TIMEOUT
    while not any("configuration error" in m.message for m in session.client.messages):
        assert time.monotonic() < deadline, session.client.messages
        await asyncio.sleep(0.01)
    # Binary junk, NULs, a lone surrogate, an empty file, CR line ends, a huge file.
    odd = ["\x00\x01\x02" * 500, "\ud800 (S) TEH", "", "LINE\rTEH\r\n(S) X", "TEH " * (1_300_000)]
    for number, text in enumerate(odd):
        await session.open(session.uri(f"odd{number}.txt"), text)
    text = make_cable(body=BODY)
    for name, newline in (("cr.txt", "\r"), ("crlf.txt", "\r\n")):
        diags = await session.open(session.uri(name), text.replace("\n", newline))
        assert [d.range for d in by_code(diags, "TFX001")] == [find(text, "TEH", 1), find(text, "TEH", 2)]
    # Requests about unknown documents and positions out of range answer with nothing.
    unknown = session.uri("never-opened.txt")
    far = types.Range(start=types.Position(line=10_000, character=0), end=types.Position(line=10_001, character=5))
    assert await session.code_actions(unknown, far) == []
    assert await session.code_actions(session.uri("cr.txt"), far, only=[types.CodeActionKind.QuickFix]) == []
    assert await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=unknown), position=far.start)) is None
    session.client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=unknown, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")]))
    # Still serving.
    text = make_cable(body=BODY)
    assert by_code(await session.open(session.uri("ok.txt"), text), "TFX001")


def big_cable(size: int = 10_000) -> str:
    paragraphs, n = [], 1
    while sum(len(p) for p in paragraphs) < size - 800:
        paragraphs.append(f"{n}. (C) THE MINISTER DISCUSSED ITEM {n} OF THE AGENDA AT LENGTH, NOTING "
                          "THAT THE PROPOSAL REMAINS UNDER REVIEW IN THE CAPITAL AND THAT A REPLY IS "
                          "EXPECTED BEFORE THE END OF THE MONTH.\n\n")
        n += 1
    return make_cable(body="".join(paragraphs) + f"{n}. (S) TEH LAST PARAGRAPH.")


@pytest.mark.asyncio
async def test_did_change_latency_on_a_10_kb_cable(session, record_property):
    from validator.server import DEBOUNCE_SECONDS

    await session.initialize()
    text = big_cable()
    assert 9_500 <= len(text.encode()) <= 11_500
    uri = session.uri("big.txt")
    await session.open(uri, text)
    timings = []
    for round_ in range(5):
        mark = len(session.published)
        old, new = ("(S) TEH", "(C) TEH") if round_ % 2 == 0 else ("(C) TEH", "(S) TEH")
        sent = time.monotonic()
        version = session.change(uri, [types.TextDocumentContentChangePartial(range=find(text, old), text=new)])
        text = text.replace(old, new)
        diags = await session.diagnostics(uri, version, mark)
        timings.append(session.published[-1][3] - sent)
        assert bool(by_code(diags, "POR003")) == (new.startswith("(S)"))
    median = sorted(timings)[len(timings) // 2]
    record_property("did_change_latency_s", median)
    print(f"\ndidChange -> diagnostics on a {len(text.encode())}-byte cable: median {median * 1000:.0f} ms "
          f"(debounce {DEBOUNCE_SECONDS * 1000:.0f} ms included; all: "
          f"{', '.join(f'{t * 1000:.0f}' for t in timings)} ms)")
    assert median >= DEBOUNCE_SECONDS * 0.9  # debounced, not linted on every keystroke
    assert median < DEBOUNCE_SECONDS + 10  # loose: only catches a hang


@pytest.mark.asyncio
async def test_changes_within_the_debounce_window_lint_once(session):
    await session.initialize()
    text = make_cable(body=BODY)
    uri = session.uri("a.txt")
    await session.open(uri, text)
    mark = len(session.published)
    for _ in range(5):
        session.change(uri, [types.TextDocumentContentChangeWholeDocument(text=text)])
    last = session.versions[uri]
    await session.diagnostics(uri, last, mark)
    await asyncio.sleep(0.5)
    assert [v for u, v, _d, _t in session.published[mark:] if u == uri] == [last]


@pytest.mark.asyncio
async def test_saving_or_changing_a_configuration_file_relints_open_cables(session):
    await session.initialize(watch=True)
    text = make_cable(body=BODY)
    uri = session.uri("a.txt")
    assert by_code(await session.open(uri, text), "POR003")
    (watch,) = session.registrations  # the server asked to hear about configuration files
    assert watch.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert "cablelint.toml" in watch.register_options["watchers"][0]["globPattern"]
    config = session.root / "cablelint.toml"
    config.write_text('ignore = ["POR003"]\n')
    mark = len(session.published)
    session.client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=from_fs_path(str(config)))))
    assert by_code(await session.diagnostics(uri, 1, mark), "POR003") == []
    config.write_text('ignore = []\n')
    mark = len(session.published)
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=from_fs_path(str(config)), type=types.FileChangeType.Changed)]))
    assert by_code(await session.diagnostics(uri, 1, mark), "POR003")

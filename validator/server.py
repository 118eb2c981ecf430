"""``cablelint server``: a Language Server (LSP over stdin/stdout) built on pygls.

Install with ``pip install 'cablelint[server]'``. What it does:

* Diagnostics when a document is opened or saved, and DEBOUNCE_SECONDS after the last
  change, for the text in the editor (saved or not). Each lint discovers the configuration
  afresh, exactly as ``cablelint check PATH`` would for that path (closest configuration
  file, per-file ignores, select/ignore), so editing a configuration file takes effect on
  the next lint; saving one re-lints every open document.
* Which files: as ``ruff server`` and ``cablelint check --force-exclude``, a document is
  linted when its path matches ``include`` and neither it nor a directory above it matches
  ``exclude``; the editor's language id plays no part. Documents that are not files
  (``untitled:``) are not linted. A skipped document gets an empty diagnostic list.
* Each diagnostic carries ``code``, ``source: "cablelint"``, the severity, related places
  and ``codeDescription.href``: the ``file:`` URI of the rule's documentation as Markdown,
  generated on first use under ``$XDG_CACHE_HOME/cablelint/rules/<version>/`` (or
  ``cablelint://rule/CODE`` when that directory cannot be written).
* Hover over a diagnostic shows the rule's documentation.
* Code actions: a quick fix per diagnostic with a fix (safe fixes are preferred, unsafe
  ones say "(unsafe)"), and ``source.fixAll.cablelint`` applying every safe fix whose
  edits do not overlap an earlier one's (one pass; run it again for the rest).

No request or notification takes the server down: errors are logged (stderr and
``window/logMessage``) and the request answers with nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import unquote
from dataclasses import dataclass, field

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from . import __version__
from .engine.diagnostic import Severity
from .lsp_mapping import UTF8, UTF16, UTF32, LineIndex, non_overlapping, rule_markdown, skip_reason

logger = logging.getLogger("cablelint.server")

SOURCE = "cablelint"
DEBOUNCE_SECONDS = 0.3  # quiet time after the last didChange before a lint
FIX_ALL_KIND = "source.fixAll.cablelint"
DOC_URI_SCHEME = "cablelint://rule/"
CONFIG_NAMES = (".cablelint.toml", "cablelint.toml", "pyproject.toml")

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error,
             Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}
_ENCODINGS = {types.PositionEncodingKind.Utf8: UTF8, types.PositionEncodingKind.Utf16: UTF16,
              types.PositionEncodingKind.Utf32: UTF32}


@dataclass
class Linted:
    """The diagnostics of one version of one document: (engine diagnostic, LSP diagnostic) pairs."""

    version: int | None
    index: LineIndex | None
    pairs: list = field(default_factory=list)
    # (logging level, message, show to the user): sent from the event loop, not the lint thread
    messages: list = field(default_factory=list)


def _capability(obj, dotted: str, default=None):
    for name in dotted.split("."):
        obj = getattr(obj, name, None)
        if obj is None:
            return default
    return obj


def _kind_wanted(kind: str, only) -> bool:
    """LSP: a filter ``f`` admits ``kind`` when kind == f or kind starts with ``f.``."""
    return not only or any(kind == f or kind.startswith(f + ".") for f in only)


def _pos(pair) -> types.Position:
    return types.Position(line=pair[0], character=pair[1])


def _contains(rng: types.Range, pos: types.Position) -> bool:
    p = (pos.line, pos.character)
    return (rng.start.line, rng.start.character) <= p <= (rng.end.line, rng.end.character)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return ((a.start.line, a.start.character) <= (b.end.line, b.end.character)
            and (b.start.line, b.start.character) <= (a.end.line, a.end.character))


def lint_text(path: str, text: str, root: str):
    """Lint one document's text as ``cablelint check`` would lint the file at ``path``.

    Returns ``(FileResult, None)`` or ``(None, reason)`` when the configuration says the file
    is not linted. Raises ``ConfigError`` for a bad configuration file.
    """
    from .checker import check_bytes
    from .config import Resolver
    from .linter import Options, RuleSets

    settings = Resolver(cwd=root).for_path(path)  # fresh: configuration edits apply at once
    reason = skip_reason(path, settings)
    if reason is not None:
        return None, reason
    rules = RuleSets(Options()).for_target(path, settings)
    # "replace": a lone surrogate from the editor becomes one "?" (columns stay aligned).
    return check_bytes(path, text.encode("utf-8", errors="replace"), rules), None


class CablelintServer(LanguageServer):
    def __init__(self):
        super().__init__("cablelint", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.linted: dict[str, Linted] = {}
        self.open_uris: set[str] = set()  # as the client spelled them
        self.pending: dict[str, asyncio.Task] = {}
        # One worker: lints run one at a time, off the event loop (requests stay responsive).
        self.lint_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cablelint-lint")
        self.root = os.getcwd()
        self.doc_dir: str | None = None
        self._doc_hrefs: dict[str, str] = {}
        self._shown_errors: set[str] = set()

    # --- helpers ------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return _ENCODINGS.get(self.workspace.position_encoding, UTF16)
        except Exception:
            return UTF16

    def capability(self, dotted: str, default=None):
        """A client capability (``default`` before initialize or when the client is silent)."""
        return _capability(getattr(self.protocol, "client_capabilities", None), dotted, default)

    def log(self, level: int, message: str) -> None:
        logger.log(level, "%s", message)
        kind = {logging.ERROR: types.MessageType.Error, logging.WARNING: types.MessageType.Warning}.get(
            level, types.MessageType.Log)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=f"cablelint: {message}"))
        except Exception:  # no client yet, or the pipe is gone
            pass

    def show_error_once(self, message: str) -> None:
        self.log(logging.ERROR, message)
        if message in self._shown_errors:
            return
        self._shown_errors.add(message)
        try:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                             message=f"cablelint: {message}"))
        except Exception:
            pass

    def doc_href(self, code: str) -> str:
        """URI of the rule's documentation: a generated Markdown file, else cablelint://rule/CODE."""
        href = self._doc_hrefs.get(code)
        if href is not None:
            return href
        href = DOC_URI_SCHEME + code
        try:
            from .engine.registry import get_rule

            cls = get_rule(code)
            if cls is not None and self.doc_dir is not None:
                os.makedirs(self.doc_dir, exist_ok=True)
                target = os.path.join(self.doc_dir, f"{code}.md")
                fd, tmp = tempfile.mkstemp(prefix=f".{code}.", suffix=".tmp", dir=self.doc_dir)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(rule_markdown(cls))
                os.replace(tmp, target)
                href = from_fs_path(target) or href
        except Exception as exc:
            self.log(logging.WARNING, f"cannot write the documentation of {code}: {exc}")
        self._doc_hrefs[code] = href
        return href

    def to_lsp(self, d, index: LineIndex, uri: str) -> types.Diagnostic:
        start, end = index.range(d.span)
        message = d.message + (f"\nhelp: {d.suggestion}" if d.suggestion else "")
        related = None
        if d.related:
            related = []
            for span in d.related:
                r0, r1 = index.range(span)
                related.append(types.DiagnosticRelatedInformation(
                    location=types.Location(uri=uri, range=types.Range(start=_pos(r0), end=_pos(r1))),
                    message=f"related place ({d.code})"))
        return types.Diagnostic(
            range=types.Range(start=_pos(start), end=_pos(end)), message=message,
            severity=_SEVERITY.get(d.severity, types.DiagnosticSeverity.Warning), code=d.code,
            code_description=types.CodeDescription(href=self.doc_href(d.code)), source=SOURCE,
            related_information=related)

    def document_path(self, uri: str) -> str | None:
        if not uri.startswith("file:"):
            return None
        return to_fs_path(uri)

    # --- linting ------------------------------------------------------------------------------

    def compute(self, uri: str, version, text: str) -> Linted:
        """Lint one snapshot (runs in the lint thread); never raises."""
        linted = Linted(version, LineIndex(text, self.encoding))
        path = self.document_path(uri)
        if path is None:
            return linted
        from .config import ConfigError

        try:
            result, reason = lint_text(path, text, self.root)
        except ConfigError as exc:
            linted.messages.append((logging.ERROR, f"configuration error: {exc}", True))
            return linted
        except Exception as exc:  # a bug: log it, keep serving
            logger.exception("lint of %s failed", uri)
            linted.messages.append((logging.ERROR, f"internal error while checking {path}: "
                                    f"{type(exc).__name__}: {exc} (this is a bug; please report it)", False))
            return linted
        if result is None:
            linted.messages.append((logging.INFO, f"not linting {path}: {reason}", False))
            return linted
        if result.error:
            linted.messages.append((logging.WARNING, result.error, False))
        for d in result.diagnostics:
            try:
                linted.pairs.append((d, self.to_lsp(d, linted.index, uri)))
            except Exception as exc:
                logger.exception("diagnostic conversion")
                linted.messages.append((logging.ERROR, f"cannot convert a {d.code} diagnostic: {exc}", False))
        return linted

    def document(self, uri: str):
        """The open document of ``uri`` (pygls keys them by the unquoted URI), or None."""
        return self.workspace.text_documents.get(unquote(uri))

    async def lint(self, uri: str, publish: bool = True) -> Linted | None:
        """Lint the current text of an open document and publish the result (unless stale)."""
        document = self.document(uri)
        if document is None:
            return None
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        linted = await loop.run_in_executor(self.lint_pool, self.compute, uri, version, text)
        for level, message, show in linted.messages:
            if show:
                self.show_error_once(message)
            else:
                self.log(level, message)
        current = self.document(uri)
        if current is None or current.version != version:
            return linted  # edited or closed meanwhile: a newer lint is on its way
        self.linted[uri] = linted
        if publish:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[lsp for _d, lsp in linted.pairs]))
        return linted

    def cancel_pending(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    def schedule(self, uri: str, delay: float = DEBOUNCE_SECONDS) -> None:
        self.cancel_pending(uri)

        async def later():
            try:
                await asyncio.sleep(delay)
                await self.lint(uri)
            except asyncio.CancelledError:
                pass
            except Exception:
                logger.exception("debounced lint of %s failed", uri)
            finally:
                if self.pending.get(uri) is asyncio.current_task():
                    del self.pending[uri]

        self.pending[uri] = asyncio.ensure_future(later())

    async def current(self, uri: str) -> Linted | None:
        """The lint of the document's current version (linting now if the cache is stale)."""
        document = self.document(uri)
        if document is None:
            return None
        linted = self.linted.get(uri)
        if linted is None or linted.version != document.version:
            self.cancel_pending(uri)
            linted = await self.lint(uri)
        return linted

    # --- code actions -------------------------------------------------------------------------

    def text_edits(self, fix, index: LineIndex) -> list[types.TextEdit]:
        edits = []
        for edit in fix.edits:
            start, end = index.range(edit.span)
            edits.append(types.TextEdit(range=types.Range(start=_pos(start), end=_pos(end)),
                                        new_text=edit.text))
        return edits

    def workspace_edit(self, uri: str, version, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        if self.capability("workspace.workspace_edit.document_changes", False):
            return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
                edits=edits)])
        return types.WorkspaceEdit(changes={uri: edits})

    def code_actions(self, params: types.CodeActionParams, linted: Linted) -> list[types.CodeAction]:
        uri = params.text_document.uri
        only = params.context.only
        actions = []
        if _kind_wanted(types.CodeActionKind.QuickFix, only):
            for d, lsp in linted.pairs:
                if d.fix is None or not d.fix.edits or not _overlaps(lsp.range, params.range):
                    continue
                title = f"{d.code}: {d.fix.message}" + ("" if d.fix.safe else " (unsafe)")
                actions.append(types.CodeAction(
                    title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[lsp],
                    is_preferred=d.fix.safe,
                    edit=self.workspace_edit(uri, linted.version, self.text_edits(d.fix, linted.index))))
        if _kind_wanted(FIX_ALL_KIND, only):
            safe = [d.fix for d, _lsp in linted.pairs if d.fix is not None and d.fix.safe]
            chosen = non_overlapping(safe)
            if chosen:
                edits = [e for fix in chosen for e in self.text_edits(fix, linted.index)]
                actions.append(types.CodeAction(
                    title=f"cablelint: fix all safe fixes ({len(chosen)})", kind=FIX_ALL_KIND,
                    edit=self.workspace_edit(uri, linted.version, edits)))
        return actions


def create_server() -> CablelintServer:
    server = CablelintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: CablelintServer, params: types.InitializeParams):
        try:
            root = None
            if params.root_uri:
                root = to_fs_path(params.root_uri)
            elif params.root_path:
                root = params.root_path
            if root and os.path.isdir(root):
                ls.root = root
            cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            ls.doc_dir = os.path.join(cache, "cablelint", "rules", __version__)
        except Exception:
            logger.exception("initialize")

    @server.feature(types.INITIALIZED)
    def initialized(ls: CablelintServer, params: types.InitializedParams):
        # Configuration files changed outside the editor re-lint the open documents.
        if not ls.capability("workspace.did_change_watched_files.dynamic_registration", False):
            return
        try:
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="cablelint-config-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[
                    types.FileSystemWatcher(glob_pattern="**/{" + ",".join(CONFIG_NAMES) + "}")]))]))
        except Exception:
            logger.exception("cannot register the configuration file watcher")

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: CablelintServer, params: types.DidOpenTextDocumentParams):
        try:
            ls.open_uris.add(params.text_document.uri)
            await ls.lint(params.text_document.uri)
        except Exception:
            logger.exception("didOpen")

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CablelintServer, params: types.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: CablelintServer, params: types.DidSaveTextDocumentParams):
        try:
            uri = params.text_document.uri
            path = ls.document_path(uri)
            if path and os.path.basename(path) in CONFIG_NAMES:
                await relint_all(ls)
            ls.cancel_pending(uri)
            await ls.lint(uri)
        except Exception:
            logger.exception("didSave")

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CablelintServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.linted.pop(uri, None)
        ls.open_uris.discard(uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: CablelintServer, params: types.DidChangeWatchedFilesParams):
        try:
            await relint_all(ls)
        except Exception:
            logger.exception("didChangeWatchedFiles")

    async def relint_all(ls: CablelintServer):
        ls._shown_errors.clear()  # a fixed configuration, or a new error, is worth saying
        for uri in list(ls.open_uris):
            ls.cancel_pending(uri)
            await ls.lint(uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: CablelintServer, params: types.HoverParams):
        try:
            linted = await ls.current(params.text_document.uri)
            if linted is None:
                return None
            from .engine.registry import get_rule

            hits = [(d, lsp) for d, lsp in linted.pairs if _contains(lsp.range, params.position)]
            parts, seen = [], set()
            for d, _lsp in hits:
                cls = get_rule(d.code)
                if d.code in seen or cls is None:
                    continue
                seen.add(d.code)
                parts.append(rule_markdown(cls))
            if not parts:
                return None
            return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                            value="\n---\n\n".join(parts)),
                               range=hits[0][1].range)
        except Exception:
            logger.exception("hover")
            return None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False))
    async def code_action(ls: CablelintServer, params: types.CodeActionParams):
        try:
            linted = await ls.current(params.text_document.uri)
            if linted is None or linted.index is None:
                return None
            return ls.code_actions(params, linted) or None
        except Exception:
            logger.exception("codeAction")
            return None

    return server


def serve(log_level: str = "warning") -> None:
    """Run the server on stdin/stdout until the client says exit (logging goes to stderr)."""
    level = getattr(logging, log_level.upper(), logging.WARNING)
    # pygls logs every message at INFO: its loggers say more only at --log-level debug.
    logging.basicConfig(stream=sys.stderr, level=level if level <= logging.DEBUG else max(level, logging.WARNING),
                        format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    logger.setLevel(level)
    create_server().start_io()

"""``ramaudit server``: the language server, on pygls (the ``server`` extra).

Each open plan is audited as ``check`` audits its file (:func:`ramaudit.api.audit_buffer`):
its configuration, suppressions and the files its parents and workspace bring in,
with every open buffer standing for its file. Edits are coalesced for a short
``DEBOUNCE`` and audited in one worker thread, so that hovers and code actions are
answered while an audit runs; an open file whose audit read a changed file is audited
again with it. Navigation (hover on ids, definition, references, completion, symbols)
is :mod:`ramaudit.server.navigation`'s, wired in when that module is present.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import field
from typing import TYPE_CHECKING, Any, Protocol

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from ramaudit import __version__
from ramaudit.core.findings import Finding
from ramaudit.core.records import dataclass
from ramaudit.server.actions import actions_for
from ramaudit.server.diagnostics import error_diagnostic, rule_markdown, to_diagnostic
from ramaudit.server.positions import Text

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.config.files import Settings
    from ramaudit.incremental import Kept

# Seconds an edit waits for the next before the file is audited when no audit is
# running: enough to take an editor's change-then-save, or one paste sent as several
# changes, as one edit, and short next to the audit itself. Edits that arrive while an
# audit runs wait for it to end and are then audited together, as one: that is what
# coalesces a burst of keystrokes.
DEBOUNCE = 0.005
# Seconds a configuration discovery is reused for, at most (see PlanServer.settings).
SETTINGS_TTL = 10.0


class NavigatorApi(Protocol):
    """What the server asks of :class:`ramaudit.server.navigation.Navigator`."""

    def update(self, path: str, text: str) -> None: ...
    def forget(self, path: str) -> None: ...
    def set_workspace(self, paths: Iterable[str]) -> None: ...
    def hover(self, path: str, line: int, character: int) -> types.Hover | None: ...
    def definition(self, path: str, line: int, character: int) -> list[types.Location]: ...
    def references(
        self, path: str, line: int, character: int, include_declaration: bool
    ) -> list[types.Location]: ...
    def completion(self, path: str, line: int, character: int) -> types.CompletionList: ...
    def workspace_symbols(self, query: str) -> list[types.WorkspaceSymbol]: ...
    def document_symbols(self, path: str) -> list[types.DocumentSymbol]: ...


@dataclass
class OpenPlan:
    """A plan open in the editor: its text as the editor holds it, and what its last
    audit found."""

    uri: str
    path: str  # as reports show it: relative to the working folder when inside it
    key: str  # its real path, as audits name the files they read
    text: str
    version: int | None
    view: Text = field(init=False)
    findings: list[tuple[Finding, types.Diagnostic]] = field(default_factory=list)
    audited: Text | None = None  # the text ``findings`` were found in
    # Each finding last shown (by identity: an incremental audit hands back the very
    # findings it kept), with the lines its range was converted from: an edit elsewhere
    # leaves its diagnostic as it was, and it is not converted again.
    shown: dict[int, tuple[Finding, tuple[str, ...], types.Diagnostic]] = field(
        default_factory=dict
    )
    reads: frozenset[str] = frozenset()  # real paths of the files its audit read

    def __post_init__(self) -> None:
        self.view = Text(self.text)

    def edit(self, text: str, version: int | None) -> None:
        self.text, self.version, self.view = text, version, Text(text)


@dataclass(frozen=True)
class Job:
    uri: str
    path: str
    text: str
    version: int | None


class PlanServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE) -> None:
        # Incremental: the editor sends the range it changed, not the whole text (a
        # plan of 1,000 tactics is half a megabyte of JSON at every keystroke); the
        # server applies it to the open plan's text itself (PlanServer.changed).
        super().__init__(
            "ramaudit",
            __version__,
            types.TextDocumentSyncKind.Incremental,
            protocol_cls=_Protocol,
        )
        self.debounce = debounce
        self.plans: dict[str, OpenPlan] = {}
        self.pending: set[str] = set()
        self.timer: asyncio.TimerHandle | None = None
        self.auditing = False  # an audit is running: edits wait for it to end
        self.flushing: asyncio.Task[None] | None = None
        self._settings: tuple[Settings, float] | None = None  # and when it was made
        # One thread: audits run one at a time, off the thread that answers requests.
        self.auditor = ThreadPoolExecutor(1, thread_name_prefix="ramaudit-audit")
        self.navigator = _navigator()
        # Each open plan's last audit (by real path), which the audit of its next edit
        # starts from (ramaudit.incremental); read and written in the auditor's thread.
        self.kept: dict[str, Kept] = {}
        # Each diagnostic shown, as JSON-ready data: a diagnostic kept across an edit
        # (OpenPlan.shown) is sent as it was made the first time, not made again.
        self.sent: dict[int, tuple[types.Diagnostic, object]] = {}
        # And its JSON text: a plan's diagnostics are sent as the kept texts joined
        # (_Protocol.diagnostics_body), not dumped again (7 ms for 543 of them).
        self.sent_json: dict[int, tuple[types.Diagnostic, str]] = {}
        _remember_sent(self)

    # -- documents -------------------------------------------------------------------

    def opened(self, uri: str, text: str, version: int | None) -> None:
        path = to_fs_path(uri) or uri
        if not audited(path):
            return
        plan = OpenPlan(uri, shown_path(path), os.path.realpath(path), text, version)
        self.plans[uri] = plan
        if self.navigator is not None:
            self.navigator.update(path, text)
        self.schedule([uri])

    def changed(
        self,
        uri: str,
        changes: Sequence[types.TextDocumentContentChangeEvent],
        version: int | None,
    ) -> None:
        """Apply the editor's changes (each a range replaced, or the whole text) to
        the plan's text, one after another as the protocol says."""
        plan = self.plans.get(uri)
        if plan is None:  # not a plan file
            return
        text = plan.text
        for i, change in enumerate(changes):
            if isinstance(change, types.TextDocumentContentChangePartial):
                view = plan.view if i == 0 else Text(text)
                r = change.range
                text = view.replaced(
                    (r.start.line, r.start.character), (r.end.line, r.end.character), change.text
                )
            else:
                text = change.text
        plan.edit(text, version)
        if self.navigator is not None:
            self.navigator.update(to_fs_path(uri) or uri, text)
        self.schedule([uri])

    def saved(self, uri: str) -> None:
        """An open plan's audits read its buffer already, saved or not; another file
        saved may be a configuration file, which may change every plan's findings."""
        if uri not in self.plans:
            self._settings = None
            self.schedule(list(self.plans))

    def closed(self, uri: str) -> None:
        plan = self.plans.pop(uri, None)
        self.pending.discard(uri)
        if plan is not None:
            self.kept.pop(plan.key, None)
        if self.navigator is not None:
            self.navigator.forget(to_fs_path(uri) or uri)
        self.publish(uri, [], None)
        if plan is not None:  # files that read its buffer now read it from disk
            self.schedule([u for u, p in self.plans.items() if plan.key in p.reads])

    # -- auditing --------------------------------------------------------------------

    def schedule(self, uris: Iterable[str]) -> None:
        """Audit ``uris`` once no edit has come for ``debounce`` seconds, or, while an
        audit runs, as soon as it ends."""
        self.pending.update(uris)
        if self.auditing:
            return
        if self.timer is not None:
            self.timer.cancel()
        loop = asyncio.get_running_loop()
        self.timer = loop.call_later(self.debounce, self.start_flush)

    def start_flush(self) -> None:
        # Kept: the loop holds only a weak reference to a task.
        self.flushing = asyncio.get_running_loop().create_task(self.flush())

    async def flush(self) -> None:
        self.timer = None
        if self.auditing:  # the running audit takes what is pending when it ends
            return
        self.auditing = True
        try:
            await self.audit_pending()
        finally:
            self.auditing = False
        if self.pending:  # edits that came during the audit, taken together
            self.schedule(())

    async def audit_pending(self) -> None:
        asked, self.pending = self.pending, set()
        changed = {self.plans[u].key for u in asked if u in self.plans}
        jobs = [
            Job(uri, plan.path, plan.text, plan.version)
            for uri, plan in self.plans.items()
            if uri in asked or plan.reads & changed
        ]
        if not jobs:
            return
        buffers = {plan.key: plan.text for plan in self.plans.values()}
        loop = asyncio.get_running_loop()
        settings = self.settings()
        done = await loop.run_in_executor(
            self.auditor, audit_jobs, jobs, buffers, settings, self.kept
        )
        for job, (result, reads) in zip(jobs, done, strict=True):
            plan = self.plans.get(job.uri)
            # Closed or edited since: that edit's own audit is on its way.
            if plan is None or plan.version != job.version or plan.text != job.text:
                continue
            plan.reads = reads
            self.publish(job.uri, self.diagnose(plan, result), plan.version)

    def settings(self) -> Settings:
        """The configuration discovery of the last audits, while it is fresh: its
        configurations, and the vocabulary answers each remembers, are what makes an
        audit after an edit faster than the first. A configuration file saved in the
        editor ends it at once; one changed on disk otherwise, within ``SETTINGS_TTL``."""
        now = time.monotonic()
        if self._settings is None or now - self._settings[1] > SETTINGS_TTL:
            from ramaudit.config.files import Settings

            self._settings = (Settings(), now)
        return self._settings[0]

    def diagnose(self, plan: OpenPlan, result: AuditResult) -> list[types.Diagnostic]:
        if result.error is not None:
            self._settings = None  # a configuration error is read again once fixed
            plan.findings, plan.audited = [], plan.view
            return [error_diagnostic(result.error, result.error_line)]
        view = plan.audited = plan.view
        last, shown = plan.shown, {}
        plan.findings = []
        for f in result.findings:
            lines = view.lines_of(f.line, f.end_line)
            hit = last.get(id(f))
            if hit is not None and hit[0] is f and lines is not None and hit[1] == lines:
                diagnostic = hit[2]
            else:
                diagnostic = to_diagnostic(view, f)
            if lines is not None:
                shown[id(f)] = (f, lines, diagnostic)
            plan.findings.append((f, diagnostic))
        plan.shown = shown
        return [d for _, d in plan.findings]

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )
        # What no open plan shows any more is let go.
        shown = {id(d) for plan in self.plans.values() for _, d in plan.findings}
        self.sent = {k: v for k, v in self.sent.items() if k in shown}
        self.sent_json = {k: v for k, v in self.sent_json.items() if k in shown}

    def diagnostic_json(self, diagnostic: types.Diagnostic) -> str:
        """The JSON text of ``diagnostic`` as pygls would write it, made once."""
        hit = self.sent_json.get(id(diagnostic))
        if hit is not None and hit[0] is diagnostic:
            return hit[1]
        text = json.dumps(self.protocol._converter.unstructure(diagnostic))
        self.sent_json[id(diagnostic)] = (diagnostic, text)
        return text

    # -- requests --------------------------------------------------------------------

    def findings_at(
        self, uri: str, start: types.Position, end: types.Position | None = None
    ) -> list[tuple[Finding, types.Diagnostic]]:
        """The findings whose range touches ``start`` (to ``end``)."""
        plan = self.plans.get(uri)
        if plan is None:
            return []
        low, high = (start.line, start.character), ((end or start).line, (end or start).character)
        return [
            (f, d)
            for f, d in plan.findings
            if (d.range.start.line, d.range.start.character) <= high
            and low <= (d.range.end.line, d.range.end.character)
        ]

    def hover(self, uri: str, at: types.Position) -> types.Hover | None:
        """The documentation of the rules whose findings cover ``at``, then what the
        navigator says of the id or KPI there."""
        hits = self.findings_at(uri, at)
        codes = list(dict.fromkeys(f.code for f, _ in hits))
        docs = [text for text in map(rule_markdown, codes) if text]
        item = None
        if self.navigator is not None:
            item = self.navigator.hover(to_fs_path(uri) or uri, at.line, at.character)
        if not docs:
            return item
        contents = item.contents if item is not None else None
        if isinstance(contents, types.MarkupContent) and contents.kind == types.MarkupKind.Markdown:
            docs.insert(0, contents.value)  # the item first, then the rules on it
        markup = types.MarkupContent(types.MarkupKind.Markdown, "\n\n---\n\n".join(docs))
        return types.Hover(markup, range=hits[0][1].range)

    def code_actions(self, uri: str, asked: types.Range) -> list[types.CodeAction]:
        plan = self.plans.get(uri)
        # Edited since its findings: their edits would land in the wrong places.
        if plan is None or plan.audited is not plan.view:
            return []
        return [
            action
            for finding, diagnostic in self.findings_at(uri, asked.start, asked.end)
            for action in actions_for(uri, plan.view, finding, diagnostic)
        ]

    def set_folders(self, folders: Sequence[str]) -> None:
        """Reports name files relative to the working folder, as ``check`` run from
        the workspace's root does; the navigator learns every plan file there."""
        if folders and os.path.isdir(folders[0]):
            os.chdir(folders[0])
            self._settings = None  # discovery starts from the working folder
        if self.navigator is not None:
            from ramaudit.api import iter_plan_files

            found = [path for path, error in iter_plan_files(folders) if error is None]
            self.navigator.set_workspace(os.path.abspath(p) for p in found)


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, but an open plan's changes are applied by the server alone
    (:meth:`PlanServer.changed`, with the LSP's lines: pygls's own application splits
    lines where YAML does too, and walks every line in Python); and diagnostics are
    written from the JSON text each had when first sent."""

    writing: asyncio.Future[Any] | None = None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Iterator[tuple[Callable[..., object], tuple[object, ...], None]]:
        server = self._server
        if not isinstance(server, PlanServer) or params.text_document.uri not in server.plans:
            yield from super().lsp_text_document__did_change(params)
            return
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None

    def _send_data(self, data: Any) -> None:
        server = self._server
        body = self.diagnostics_body(data) if isinstance(server, PlanServer) else None
        if body is None or self.writer is None:
            super()._send_data(data)
            return
        # As pygls's _send_data writes a message (its body ASCII: json.dumps escapes).
        if self._include_headers:
            header = (
                f"Content-Length: {len(body)}\r\n"
                f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            )
            body = header + body
        written = self.writer.write(body.encode(self.CHARSET))
        if inspect.isawaitable(written):  # an async transport: kept until written
            self.writing = asyncio.ensure_future(written)

    def diagnostics_body(self, data: Any) -> str | None:
        """The JSON text of a publishDiagnostics notification, its diagnostics' texts
        kept from when each was first sent; None for any other message."""
        if not isinstance(data, types.PublishDiagnosticsNotification):
            return None
        server = self._server
        assert isinstance(server, PlanServer)
        params = data.params
        empty = types.PublishDiagnosticsNotification(
            params=types.PublishDiagnosticsParams(params.uri, [], params.version),
            jsonrpc=data.jsonrpc,
        )
        text = json.dumps(self._converter.unstructure(empty))
        # A URI is percent-encoded: no quote in it can make this string.
        hole = '"diagnostics": []'
        if text.count(hole) != 1:
            return None
        parts = ", ".join(server.diagnostic_json(d) for d in params.diagnostics)
        return text.replace(hole, f'"diagnostics": [{parts}]')


def _remember_sent(server: PlanServer) -> None:
    """Make the server's converter give each diagnostic object the data it gave it the
    first time (the same object holds the same values: diagnostics are never changed
    once made), so that a kept diagnostic is not converted again."""
    converter = server.protocol._converter
    made = converter.get_unstructure_hook(types.Diagnostic)

    def unstructure(diagnostic: types.Diagnostic) -> object:
        hit = server.sent.get(id(diagnostic))
        if hit is not None and hit[0] is diagnostic:
            return hit[1]
        data = made(diagnostic)
        server.sent[id(diagnostic)] = (diagnostic, data)
        return data

    converter.register_unstructure_hook(types.Diagnostic, unstructure)


def audited(path: str) -> bool:
    """Whether the server audits the file at ``path`` when it is opened: a plan file by
    its name, as ``check`` finds them in folders, and not a configuration file."""
    from ramaudit.api import is_plan_name
    from ramaudit.config.files import DEDICATED_FILES

    name = os.path.basename(path)
    return is_plan_name(name) and name not in DEDICATED_FILES


def shown_path(path: str) -> str:
    """``path`` as ``check`` run from the working folder shows it."""
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir + os.sep) else relative


def audit_jobs(
    jobs: Sequence[Job],
    buffers: dict[str, str],
    settings: Settings,
    kept: dict[str, Kept] | None = None,
) -> list[tuple[AuditResult, frozenset[str]]]:
    """Audit each job's text as its file (without a score: an editor shows findings,
    and they do not need it). With ``kept``, each file's last audit by real path, an
    edit is audited from the audit before it where it can be (ramaudit.incremental,
    which gives the same findings), and ``kept`` is brought up to date."""
    from ramaudit.api import AuditResult
    from ramaudit.config.files import ConfigError
    from ramaudit.incremental import audit_edit

    kept = {} if kept is None else kept
    out: list[tuple[AuditResult, frozenset[str]]] = []
    for job in jobs:
        key = os.path.realpath(job.path)
        try:
            result, reads, now = audit_edit(job.path, job.text, settings, buffers, kept.get(key))
        except ConfigError as exc:
            kept.pop(key, None)
            out.append((AuditResult(job.path, error=f"ramaudit: {exc}"), frozenset()))
            continue
        if now is None:
            kept.pop(key, None)
        else:
            kept[key] = now
        out.append((result, reads))
    return out


def _navigator() -> NavigatorApi | None:
    """The navigation features' engine, when :mod:`ramaudit.server.navigation` exists."""
    try:
        module = importlib.import_module("ramaudit.server.navigation")
    except ImportError:
        return None
    navigator: NavigatorApi = module.Navigator()
    return navigator


def folders_of(params: types.InitializeParams) -> list[str]:
    uris = [f.uri for f in params.workspace_folders or ()]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    return [p for p in (to_fs_path(u) for u in uris) if p]


def build_server(debounce: float = DEBOUNCE) -> PlanServer:
    server = PlanServer(debounce)
    _document_features(server)
    _request_features(server)
    if server.navigator is not None:
        _navigation_features(server, server.navigator)
    return server


def _document_features(server: PlanServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: PlanServer, params: types.InitializeParams) -> None:
        ls.set_folders(folders_of(params))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlanServer, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        ls.opened(doc.uri, doc.text, doc.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlanServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = params.text_document
        ls.changed(doc.uri, params.content_changes, doc.version)
        plan = ls.plans.get(doc.uri)
        if plan is not None:  # pygls's copy of the document, as the plan's text now is
            whole = types.TextDocumentContentChangeWholeDocument(plan.text)
            ls.workspace.update_text_document(doc, whole)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlanServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlanServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: PlanServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.set_folders([p for f in params.event.added if (p := to_fs_path(f.uri))])


def _request_features(server: PlanServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PlanServer, params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params.text_document.uri, params.position)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: PlanServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return ls.code_actions(params.text_document.uri, params.range)


def _navigation_features(server: PlanServer, nav: NavigatorApi) -> None:
    def path(uri: str) -> str:
        return to_fs_path(uri) or uri

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(params: types.DefinitionParams) -> list[types.Location]:
        at = params.position
        return nav.definition(path(params.text_document.uri), at.line, at.character)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(params: types.ReferenceParams) -> list[types.Location]:
        at, declared = params.position, params.context.include_declaration
        return nav.references(path(params.text_document.uri), at.line, at.character, declared)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION)
    def completion(params: types.CompletionParams) -> types.CompletionList:
        at = params.position
        return nav.completion(path(params.text_document.uri), at.line, at.character)

    @server.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbols(params: types.WorkspaceSymbolParams) -> list[types.WorkspaceSymbol]:
        return nav.workspace_symbols(params.query)

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        return nav.document_symbols(path(params.text_document.uri))


def serve() -> None:
    """Run the server on standard input and output until the editor ends it."""
    build_server().start_io()

"""The language server (issue 14), driven over stdio by pygls's own LSP client as an
editor drives it: initialize, open, change, hover, code action, close. Its diagnostics
are ``check``'s findings, code for code, message for message, severity and range, for
every example plan and the example workspace."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types as t
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from conftest import EXAMPLES, ROOT
from ramaudit.api import audit_paths, audit_text
from ramaudit.config.files import Settings
from ramaudit.core.findings import Edit, Finding, Fix, Severity
from ramaudit.server.actions import (
    REASON_PLACEHOLDER,
    actions_for,
    suppression_comment,
)
from ramaudit.server.diagnostics import to_diagnostic
from ramaudit.server.positions import Text, split_lines

WORKSPACE = ROOT / "examples" / "workspace"
SEVERITY = {
    Severity.ERROR: t.DiagnosticSeverity.Error,
    Severity.WARNING: t.DiagnosticSeverity.Warning,
    Severity.INFO: t.DiagnosticSeverity.Information,
}
WAIT = 60  # seconds: a shared CI machine may be slow to start the server


class Editor:
    """A pygls client with the server it started, that remembers every published
    diagnostic per file."""

    def __init__(self) -> None:
        self.client = LanguageClient("ramaudit-tests", "1")
        self.published: dict[str, list[t.PublishDiagnosticsParams]] = {}
        self.arrived = asyncio.Condition()
        self.versions: dict[str, int] = {}

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        async def published(params: t.PublishDiagnosticsParams) -> None:
            async with self.arrived:
                self.published.setdefault(params.uri, []).append(params)
                self.arrived.notify_all()

    async def start(self, root: Path) -> t.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "ramaudit", "server", cwd=str(root))
        result = await self.client.initialize_async(
            t.InitializeParams(
                capabilities=t.ClientCapabilities(),
                workspace_folders=[t.WorkspaceFolder(from_fs_path(str(root)), root.name)],
            )
        )
        self.client.initialized(t.InitializedParams())
        self.init = result
        return result

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def diagnostics(self, uri: str, after: int = 0) -> t.PublishDiagnosticsParams:
        """The first diagnostics published for ``uri`` after the first ``after``."""
        async with self.arrived:
            await asyncio.wait_for(
                self.arrived.wait_for(lambda: len(self.published.get(uri, ())) > after), WAIT
            )
            return self.published[uri][after]

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, ()))

    async def open(self, path: Path, text: str | None = None) -> t.PublishDiagnosticsParams:
        uri = from_fs_path(str(path))
        before = self.count(uri)
        self.versions[uri] = 1
        item = t.TextDocumentItem(uri, "yaml", 1, path.read_text() if text is None else text)
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(item))
        return await self.diagnostics(uri, before)

    def change(self, path: Path, text: str) -> str:
        uri = from_fs_path(str(path))
        self.versions[uri] += 1
        whole = t.TextDocumentContentChangeWholeDocument(text)
        doc = t.VersionedTextDocumentIdentifier(self.versions[uri], uri)
        self.client.text_document_did_change(t.DidChangeTextDocumentParams(doc, [whole]))
        return uri


def run(coroutine_function, root: Path):  # type: ignore[no-untyped-def]
    """Run ``coroutine_function(editor)`` against a server started in ``root``."""

    async def session():  # type: ignore[no-untyped-def]
        editor = Editor()
        await asyncio.wait_for(editor.start(root), WAIT)
        try:
            # A server that never answers fails the test rather than hanging it.
            return await asyncio.wait_for(coroutine_function(editor), 5 * WAIT)
        finally:
            await asyncio.wait_for(editor.stop(), WAIT)

    return asyncio.run(session())


def expected(path: str, text: str) -> list[tuple[str, str, int, tuple[int, int, int, int]]]:
    """``check``'s findings of the file at ``path`` (relative to the working folder), as
    (code, message, LSP severity, LSP range) with ranges converted by hand."""
    (result,) = audit_paths([path], settings=Settings())
    lines = split_lines(text)
    assert not any(ch in text for ch in "\x85\u2028\u2029")  # YAML's lines are the LSP's

    def by_hand(line: int, column: int) -> tuple[int, int]:
        row = lines[line - 1]
        return line - 1, len(row[: column - 1].encode("utf-16-le")) // 2

    out = []
    for f in result.findings:
        start = by_hand(f.line, f.column)
        end = by_hand(f.end_line or f.line, f.end_column or f.column)
        if end <= start:
            end = by_hand(f.line, len(lines[f.line - 1]) + 1)
        out.append((f.code, f.message, SEVERITY[f.severity], (*start, *end)))
    return out


def shown(diagnostics: t.PublishDiagnosticsParams) -> list[tuple[str, str, int, tuple[int, ...]]]:
    return [
        (
            str(d.code),
            d.message,
            d.severity,
            (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character),
        )
        for d in diagnostics.diagnostics
    ]


@pytest.fixture
def in_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(ROOT)
    yield


# -- positions --------------------------------------------------------------------------


def test_columns_count_utf16_units_past_characters_outside_the_bmp() -> None:
    text = Text("a: 🚀x\r\nb: é🚀y\n")
    assert text.lines == ["a: 🚀x", "b: é🚀y", ""]
    assert text.to_lsp(1, 5) == (0, 5)  # 'x' follows the rocket: two units
    assert text.to_lsp(2, 6) == (1, 6)  # é is one unit, the rocket two
    assert text.from_lsp(0, 5) == (1, 5)
    assert text.from_lsp(0, 4) == (1, 4)  # inside the surrogate pair: the rocket itself
    assert text.to_lsp(9, 1) == (2, 0)  # past the end: the end of the text


def test_lines_yaml_breaks_and_the_lsp_does_not_are_counted_apart() -> None:
    # libyaml ends a line at U+2028 (and NEL, U+2029); the LSP does not.
    plan = 'plan:\n  name: "A\u2028B 🚀"\ntactics:\n  - id: t-1\n    name: X\n'
    (finding,) = [f for f in audit_text(plan, "p.yaml").findings if f.code == "RA101"]
    assert (finding.line, finding.column) == (5, 9)  # YAML's count
    text = Text(plan)
    assert text.to_lsp(finding.line, finding.column) == (3, 8)
    assert text.from_lsp(3, 8) == (5, 9)
    assert text.to_lsp(3, 1) == (1, 11)  # 'B', after the separator, on the LSP's line 1
    assert text.from_lsp(1, 11) == (3, 1)
    assert text.to_lsp(3, 9) == (1, 16)  # past the end of YAML's line: its end


_LINE = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=8
)


@given(st.lists(_LINE), st.sampled_from(["\n", "\r\n", "\r"]))
def test_lsp_positions_round_trip_every_character(rows: list[str], newline: str) -> None:
    # The rows may hold NEL, U+2028 and U+2029: lines to YAML, not to the LSP.
    text = Text(newline.join(rows))
    for index, row in enumerate(rows or [""]):
        for at in range(len(row) + 1):  # every character boundary comes back as itself
            line, column = text.from_lsp(index, utf16_width_of(row[:at]))
            assert text.to_lsp(line, column) == (index, utf16_width_of(row[:at]))


def utf16_width_of(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# -- code actions on hand-made and real findings ----------------------------------------

ROCKET_PLAN = """\
plan:
  name: Launch 🚀
objectives:
  - id: o-1
    name: "🚀 Grow"
    kpis:
      - metric: signups
        target: 2
        deadline: 2027-12-31
"""


def test_a_findings_fix_becomes_a_quick_fix_with_utf16_ranges() -> None:
    fix = Fix("replace 'Grow' with 'Expand'", (Edit(5, 14, 5, 18, "Expand"),), safe=True)
    finding = Finding(
        "RA999",
        "made-up",
        Severity.WARNING,
        "m",
        "p.yaml",
        5,
        11,
        end_line=5,
        end_column=18,
        fix=fix,
    )
    text = Text(ROCKET_PLAN)
    lines = text.lines
    diagnostic = to_diagnostic(text, finding)
    assert diagnostic.range == t.Range(t.Position(4, 10), t.Position(4, 18))
    (action, suppress) = actions_for("file:///p.yaml", text, finding, diagnostic)
    assert action.title == "Replace 'Grow' with 'Expand'" and action.is_preferred
    assert action.kind == t.CodeActionKind.QuickFix and action.diagnostics == [diagnostic]
    assert action.edit is not None and action.edit.changes is not None
    (edit,) = action.edit.changes["file:///p.yaml"]
    # 'Grow' starts at character 14 (1-based), after the two-unit rocket: 14 units, 0-based.
    assert edit.range == t.Range(t.Position(4, 14), t.Position(4, 18))
    assert edit.new_text == "Expand"
    assert lines[4][13:17] == "Grow"
    assert suppress.title.startswith("Suppress RA999")


def apply(text: str, edit: t.TextEdit) -> str:
    """``text`` with one LSP edit applied (UTF-16 positions)."""
    lines = text.split("\n")

    def offset(p: t.Position) -> int:
        before = sum(len(x) + 1 for x in lines[: p.line])
        row, units, chars = lines[p.line], 0, 0
        while units < p.character:
            units += 2 if ord(row[chars]) > 0xFFFF else 1
            chars += 1
        return before + chars

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


TEAM = """\
plan:
  name: Team 🚀
  review_cadence: monthly
goals:
  - id: g-1
    name: Grow revenue 🚀
    owner: Ann
objectives:
  - id: o-awareness
    name: Raise awareness 🚀
    goals: [g-1]
    owner: Ann
tactics:
  - id: t-billboard
    name: Billboard 🚀
    owner: Bo
"""


@pytest.mark.parametrize("code", ["RA201", "RA101", "RA104"])
def test_the_suppression_comment_hides_the_finding(code: str) -> None:
    before = audit_text(TEAM, "p.yaml")
    (finding,) = [f for f in before.findings if f.code == code]
    edit = suppression_comment(Text(TEAM), finding)
    assert edit is not None and REASON_PLACEHOLDER in edit.new_text
    after = audit_text(apply(TEAM, edit), "p.yaml")
    assert code not in {f.code for f in after.findings}
    assert "RA900" not in {f.code for f in after.findings}  # the comment is used
    # Nothing else moved but by the one line inserted.
    shifted = {(f.code, f.line + (f.line >= edit.range.start.line + 1)) for f in before.findings}
    assert {(f.code, f.line) for f in after.findings} == shifted - {(code, finding.line + 1)}


def test_no_suppression_is_offered_for_a_file_that_does_not_parse() -> None:
    (finding,) = audit_text("plan: [\n", "p.yaml").findings
    assert finding.code == "RA001"
    assert suppression_comment(Text("plan: [\n"), finding) is None


def test_the_kpi_skeleton_is_the_rules_own_unsafe_fix() -> None:
    # One skeleton, declared by RA201 (rules/objective_without_kpi.py): the editor
    # offers it, never preferred, as check --fix never applies it.
    before = audit_text(TEAM, "p.yaml")
    (finding,) = [f for f in before.findings if f.code == "RA201"]
    assert finding.fix is not None and not finding.fix.safe
    text = Text(TEAM)
    diagnostic = to_diagnostic(text, finding)
    (action, *_) = actions_for("file:///p.yaml", text, finding, diagnostic)
    assert action.title == "Add a KPI to fill in" and not action.is_preferred
    assert action.edit is not None and action.edit.changes is not None
    fixed = TEAM
    for edit in reversed(action.edit.changes["file:///p.yaml"]):
        fixed = apply(fixed, edit)
    assert "kpis:" in fixed and "metric: TODO" in fixed
    codes = [f.code for f in audit_text(fixed, "p.yaml").findings]
    assert "RA201" not in codes and "RA001" not in codes and "RA002" not in codes
    assert codes.count("RA308") == 4  # the placeholders, until they are filled in


# -- the real server over stdio ---------------------------------------------------------


def test_the_server_diagnoses_hovers_fixes_and_clears(in_folder: None, tmp_path: Path) -> None:
    plan = tmp_path / "team.yaml"
    plan.write_text(TEAM)

    async def session(editor: Editor) -> None:
        first = await editor.open(plan)
        assert first.version == 1
        codes = [d.code for d in first.diagnostics]
        assert "RA201" in codes and all(d.source == "ramaudit" for d in first.diagnostics)
        # An edit: a misspelt key, with a non-BMP character before the finding.
        uri = editor.change(plan, TEAM.replace("    owner: Bo\n", "    ownr: 🚀Bo\n"))
        changed = await editor.diagnostics(uri, 1)
        assert changed.version == 2
        (ra002,) = [d for d in changed.diagnostics if d.code == "RA002"]
        assert ra002.range.start == t.Position(15, 4)
        hover = await editor.client.text_document_hover_async(
            t.HoverParams(t.TextDocumentIdentifier(uri), t.Position(15, 5))
        )
        assert hover is not None and isinstance(hover.contents, t.MarkupContent)
        assert hover.contents.value.startswith("**RA002** `invalid-field`")
        (ra201,) = [d for d in changed.diagnostics if d.code == "RA201"]
        actions = await editor.client.text_document_code_action_async(
            t.CodeActionParams(
                t.TextDocumentIdentifier(uri), ra201.range, t.CodeActionContext([ra201])
            )
        )
        assert actions is not None
        titles = [a.title for a in actions if isinstance(a, t.CodeAction)]
        assert "Add a KPI to fill in" in titles
        assert any(title.startswith("Suppress RA201") for title in titles)
        # Configuration is found as check finds it, afresh: a configuration file saved
        # next to the plan changes its findings.
        config = tmp_path / ".ramaudit.toml"
        config.write_text('ignore = ["objective-without-kpi"]\n')
        editor.client.text_document_did_save(
            t.DidSaveTextDocumentParams(t.TextDocumentIdentifier(from_fs_path(str(config))))
        )
        configured = await editor.diagnostics(uri, 2)
        assert "RA201" not in [d.code for d in configured.diagnostics]
        assert "RA002" in [d.code for d in configured.diagnostics]
        # A bad one is said on the plan's first line, as check says it and exits 2.
        config.write_text('ignore = "objective-without-kpi\n')
        editor.client.text_document_did_save(
            t.DidSaveTextDocumentParams(t.TextDocumentIdentifier(from_fs_path(str(config))))
        )
        (broken,) = (await editor.diagnostics(uri, 3)).diagnostics
        assert broken.range.start == t.Position(0, 0)
        assert broken.message.startswith("ramaudit: ") and ".ramaudit.toml" in broken.message
        assert "internal error" not in broken.message
        editor.client.text_document_did_close(
            t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(uri))
        )
        closed = await editor.diagnostics(uri, 4)
        assert list(closed.diagnostics) == []

    run(session, ROOT)


def test_the_server_says_what_check_says_of_every_example_plan(in_folder: None) -> None:
    plans = sorted(EXAMPLES.glob("*.yaml"))

    async def session(editor: Editor) -> None:
        for plan in plans:
            published = await editor.open(plan)
            relative = os.path.relpath(plan)
            assert shown(published) == expected(relative, plan.read_text()), relative

    run(session, ROOT)


def test_the_server_says_what_check_says_in_the_example_workspace(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A copy, so that the test can edit a file another one links to.
    root = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, root)
    monkeypatch.chdir(root)
    plans = sorted((root / "plans").rglob("*.yaml"))
    team = root / "plans" / "marketing" / "teams" / "demand-gen.yaml"
    department = root / "plans" / "marketing" / "department.yaml"

    async def session(editor: Editor) -> None:
        for plan in plans:
            published = await editor.open(plan)
            relative = os.path.relpath(plan)
            assert shown(published) == expected(relative, plan.read_text()), relative
        # The team links to o-inbound-demos in its department's file: renaming it there,
        # unsaved, changes the team's findings, published without touching the team.
        team_uri = from_fs_path(str(team))
        seen = editor.count(team_uri)
        text = department.read_text().replace("o-inbound-demos", "o-renamed")
        editor.change(department, text)
        republished = await editor.diagnostics(team_uri, seen)
        assert any(
            d.code == "RA005" and "o-inbound-demos" in d.message for d in republished.diagnostics
        )
        department.write_text(text)  # what check now sees on disk
        assert shown(republished) == expected(os.path.relpath(team), team.read_text())

    run(session, root)


def test_without_pygls_the_command_says_what_to_install(tmp_path: Path) -> None:
    # A stand-in package named pygls that cannot be found hides the real one.
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pygls' or name.startswith('pygls.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "ramaudit", "server"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=WAIT,
    )
    assert proc.returncode == 2
    assert "install ramaudit[server]" in proc.stderr
    assert "Traceback" not in proc.stderr


FAKE_NAVIGATION = '''
import sys, types
from lsprotocol import types as t

module = types.ModuleType("ramaudit.server.navigation")


class Navigator:
    """Answers every question with where it was asked, to show what the server sent."""

    def update(self, path, text):
        self.last = path

    def forget(self, path):
        pass

    def set_workspace(self, paths):
        self.workspace = sorted(paths)

    def _here(self, path, line, character):
        at = t.Position(line, character)
        return t.Location("file://" + path, t.Range(at, at))

    def hover(self, path, line, character):
        return t.Hover(t.MarkupContent(t.MarkupKind.PlainText, f"nav {line}:{character}"))

    def definition(self, path, line, character):
        return [self._here(path, line, character)]

    def references(self, path, line, character, include_declaration):
        return [self._here(path, line, character)] * (2 if include_declaration else 1)

    def completion(self, path, line, character):
        item = t.CompletionItem(f"o-{line}-{character}")
        return t.CompletionList(is_incomplete=False, items=[item])

    def workspace_symbols(self, query):
        where = self._here("/w.yaml", 0, 0)
        name = query + " " + str(len(self.workspace))
        return [t.WorkspaceSymbol(name=name, kind=t.SymbolKind.Object, location=where)]

    def document_symbols(self, path):
        r = t.Range(t.Position(0, 0), t.Position(0, 1))
        name = path.rsplit("/", 1)[-1]
        return [t.DocumentSymbol(name=name, kind=t.SymbolKind.Object, range=r, selection_range=r)]


module.Navigator = Navigator
sys.modules["ramaudit.server.navigation"] = module
'''


def test_navigation_requests_go_to_the_navigator(
    in_folder: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in for ramaudit.server.navigation, loaded before the server starts.
    (tmp_path / "sitecustomize.py").write_text(FAKE_NAVIGATION)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    plan = tmp_path / "team.yaml"
    plan.write_text(TEAM)
    doc = t.TextDocumentIdentifier(from_fs_path(str(plan)))

    async def session(editor: Editor) -> None:
        capabilities = editor.init.capabilities
        assert capabilities.definition_provider and capabilities.references_provider
        assert capabilities.completion_provider and capabilities.workspace_symbol_provider
        assert capabilities.document_symbol_provider
        await editor.open(plan)
        client, at = editor.client, t.Position(1, 3)  # no finding there: the navigator's
        hover = await client.text_document_hover_async(t.HoverParams(doc, at))
        assert hover is not None and isinstance(hover.contents, t.MarkupContent)
        assert hover.contents.value == "nav 1:3"
        (found,) = await client.text_document_definition_async(t.DefinitionParams(doc, at))
        assert isinstance(found, t.Location) and found.range.start == at
        assert found.uri == from_fs_path(str(plan))
        refs = await client.text_document_references_async(
            t.ReferenceParams(
                context=t.ReferenceContext(include_declaration=True),
                text_document=doc,
                position=at,
            )
        )
        assert refs is not None and len(refs) == 2
        listed = await client.text_document_completion_async(t.CompletionParams(doc, at))
        assert isinstance(listed, t.CompletionList) and listed.items[0].label == "o-1-3"
        (symbol,) = await client.workspace_symbol_async(t.WorkspaceSymbolParams(query="o"))
        # The navigator was told of the plan files in the workspace folder.
        assert symbol.name == f"o {len(list(tmp_path.glob('*.yaml')))}"
        (outline,) = await client.text_document_document_symbol_async(t.DocumentSymbolParams(doc))
        assert outline.name == "team.yaml"

    run(session, tmp_path)


def test_audit_buffer_reads_open_buffers_before_the_disk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ramaudit.api import audit_buffer

    root = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, root)
    monkeypatch.chdir(root)
    team = "plans/marketing/teams/demand-gen.yaml"
    department = root / "plans" / "marketing" / "department.yaml"
    text = (root / team).read_text()
    result, reads = audit_buffer(team, text, Settings(), scored=False)
    (checked,) = audit_paths([team], settings=Settings())
    assert result.findings == checked.findings and result.score is None
    assert checked.score is not None
    assert {os.path.realpath(department), os.path.realpath(root / team)} <= reads
    # The department's unsaved text stands for its file.
    renamed = department.read_text().replace("o-inbound-demos", "o-renamed")
    buffers = {os.path.realpath(department): renamed}
    result, _ = audit_buffer(team, text, Settings(), buffers, scored=False)
    assert [f.code for f in result.findings if "o-inbound-demos" in f.message] == ["RA005"]
    department.write_text(renamed)
    assert result.findings == audit_paths([team], settings=Settings())[0].findings

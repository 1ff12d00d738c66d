"""Incremental text sync (issue 15): the server advertises it and applies each range
the editor sends itself, with the LSP's lines and UTF-16 columns. Random edits sent as
ranges give the text the edits make, and the diagnostics a full sync of that text gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types as t
from pygls.uris import from_fs_path

from conftest import ROOT
from ramaudit.server.app import OpenPlan, PlanServer
from ramaudit.server.positions import utf16_width
from test_server import Editor, expected, run, shown
from test_server_reuse import made_diagnostics

# What makes positions differ: every LSP break, YAML's own breaks, wide characters.
PIECES = st.sampled_from(["a", "b ", ": ", "\n", "\r\n", "\r", "🚀", "é", "\x85", "\u2028"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def _position(text: str, offset: int) -> tuple[int, int]:
    """The LSP position of ``offset``, counted by hand."""
    line, start, i = 0, 0, 0
    while i < offset:
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n" and i + 1 < offset:
            i += 2
        elif text[i] in "\r\n":
            i += 1
        else:
            i += 1
            continue
        line, start = line + 1, i
    return line, utf16_width(text[start:offset])


def _offsets(text: str) -> list[int]:
    """The offsets a position can name: not between the two characters of ``\\r\\n``."""
    return [i for i in range(len(text) + 1) if not (text[i - 1 : i + 1] == "\r\n" and i > 0)]


@st.composite
def _changes(draw: st.DrawFn, text: str) -> tuple[list[t.TextDocumentContentChangePartial], str]:
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        at = _offsets(text)
        a, b = sorted((draw(st.sampled_from(at)), draw(st.sampled_from(at))))
        new = draw(TEXTS)
        start, end = _position(text, a), _position(text, b)
        changes.append(
            t.TextDocumentContentChangePartial(t.Range(t.Position(*start), t.Position(*end)), new)
        )
        text = text[:a] + new + text[b:]
    return changes, text


_SERVERS: list[PlanServer] = []


def _server(text: str) -> tuple[PlanServer, OpenPlan]:
    """One server (made once: it takes a while) holding one open plan of ``text``."""
    if not _SERVERS:
        made = PlanServer()
        made.schedule = lambda uris: None  # type: ignore[method-assign]
        made.navigator = None
        _SERVERS.append(made)
    server = _SERVERS[0]
    plan = OpenPlan("file:///p.yaml", "p.yaml", "/p.yaml", text, 1)
    server.plans[plan.uri] = plan
    return server, plan


@settings(deadline=None)
@given(data=st.data(), text=TEXTS)
def test_ranges_applied_give_the_edited_text(data: st.DataObject, text: str) -> None:
    server, plan = _server(text)
    for version in range(2, 2 + data.draw(st.integers(1, 3))):
        changes, edited = data.draw(_changes(plan.text))
        server.changed(plan.uri, changes, version)
        assert plan.text == edited and plan.version == version
        assert plan.view.text == edited


def test_a_whole_text_change_replaces_the_text() -> None:
    server, plan = _server("a\nb\n")
    server.changed(plan.uri, [t.TextDocumentContentChangeWholeDocument("c\n")], 2)
    assert plan.text == "c\n"


@pytest.fixture
def in_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_the_server_takes_ranges_and_says_what_check_says(in_folder: None, tmp_path: Path) -> None:
    """Over stdio: the server advertises incremental sync, and edits sent as ranges get
    the diagnostics ``check`` gives the file they make."""
    source = (ROOT / "examples" / "plans" / "okr-rollup.yaml").read_text()
    plan = tmp_path / "plan.yaml"
    plan.write_text(source)
    row = next(i for i, line in enumerate(source.split("\n")) if "  name: " in line)
    column = source.split("\n")[row].index("name: ") + len("name: ")
    # (new text, start, end) in LSP positions: an insertion with a wide character, a
    # deletion after it (its columns count the emoji as two units), a new line.
    edits = [
        ("Renamed 🚀 ", (row, column), (row, column)),
        ("", (row, column + 9), (row, column + 11)),
        ("\n    # a comment", (row, column + 9), (row, column + 9)),
    ]

    async def session(editor: Editor) -> None:
        sync = editor.init.capabilities.text_document_sync
        kind = sync.change if isinstance(sync, t.TextDocumentSyncOptions) else sync
        assert kind == t.TextDocumentSyncKind.Incremental
        await editor.open(plan)
        uri = from_fs_path(str(plan))
        assert uri is not None
        text = source
        for version, (new, start, end) in enumerate(edits, start=2):
            change = t.TextDocumentContentChangePartial(
                t.Range(t.Position(*start), t.Position(*end)), new
            )
            doc = t.VersionedTextDocumentIdentifier(version, uri)
            editor.client.text_document_did_change(t.DidChangeTextDocumentParams(doc, [change]))
            got = await editor.diagnostics(uri, version - 1)
            a, b = _offset(text, start), _offset(text, end)
            text = text[:a] + new + text[b:]
            plan.write_text(text)
            assert got.version == version
            assert shown(got) == expected(str(plan), text)

    run(session, ROOT)


def _offset(text: str, at: tuple[int, int]) -> int:
    """The offset of an LSP position in a text broken by ``\\n`` alone, by hand."""
    line_start = sum(len(row) + 1 for row in text.split("\n")[: at[0]])
    row = text.split("\n")[at[0]]
    units = 0
    for i, ch in enumerate(row):
        if units >= at[1]:
            return line_start + i
        units += utf16_width(ch)
    return line_start + len(row)


@pytest.mark.parametrize("version", [None, 7])
def test_diagnostics_sent_from_kept_json_are_what_pygls_writes(version: int | None) -> None:
    """The publishDiagnostics body joined from each diagnostic's kept JSON text is the
    message pygls's own serialisation writes, sent again after diagnostics changed."""
    import json

    from pygls.protocol import LanguageServerProtocol, default_converter

    server, _ = _server("")
    made = made_diagnostics("finding {i}: 'é' \"🚀\" \\ \u2028")
    protocol = server.protocol
    assert isinstance(protocol, LanguageServerProtocol)
    plain = LanguageServerProtocol(server, default_converter())
    for sent in (made, made[1:], [*made, made[0]], []):
        params = t.PublishDiagnosticsParams("file:///a%22b.yaml", sent, version)
        note = t.PublishDiagnosticsNotification(params=params, jsonrpc="2.0")
        body = protocol.diagnostics_body(note)  # type: ignore[attr-defined]
        assert body is not None and body.isascii()
        assert json.loads(body) == json.loads(json.dumps(note, default=plain._serialize_message))

"""The language server's latency (issue 14): the time from a ``didChange`` to the
``publishDiagnostics`` that answers it, measured by pygls's own client driving
``ramaudit server`` over stdio, as an editor does.

Each edit renames the first item again (a new name each time, so that no audit sees a
text it saw before) and the findings stay the same; the client sends each edit as a
range (incremental sync, which the server advertises). Needs the server extra (pygls).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

WAIT = 300.0  # seconds: a huge plan on a busy machine


async def _latencies(
    plan: Path,
    edits: int,
    cwd: Path,
    between: Callable[[], None] | None,
    server: Sequence[str],
) -> list[float]:
    from lsprotocol import types as t
    from pygls.lsp.client import LanguageClient
    from pygls.uris import from_fs_path

    client = LanguageClient("ramaudit-bench", "1")
    arrived: asyncio.Queue[tuple[float, t.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: t.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params))

    await client.start_io(*server, cwd=str(cwd))
    await client.initialize_async(
        t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=from_fs_path(str(cwd)))
    )
    client.initialized(t.InitializedParams())
    uri = from_fs_path(str(plan))
    text = plan.read_text()
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, "yaml", 1, text))
    )
    await asyncio.wait_for(arrived.get(), WAIT)
    first = text.index("    name: ") + len("    name: ")
    # Sent as an editor with incremental sync sends it: the range of the last edit's
    # words (none before the first edit) replaced by this edit's (the plan is ASCII).
    line, column = text.count("\n", 0, first), first - (text.rfind("\n", 0, first) + 1)
    last = ""
    times = []
    for version in range(2, edits + 2):
        words = f"Edit {version} "
        at = t.Range(t.Position(line, column), t.Position(line, column + len(last)))
        change = t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(version, uri),
            [t.TextDocumentContentChangePartial(at, words)],
        )
        last = words
        start = time.perf_counter()
        client.text_document_did_change(change)
        while True:
            at, params = await asyncio.wait_for(arrived.get(), WAIT)
            if params.version == version:
                break
        times.append(at - start)
        if between is not None:  # the server is idle now: the reference runs alone
            between()
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def latencies(
    plan: Path,
    edits: int,
    cwd: Path,
    between: Callable[[], None] | None = None,
    server: Sequence[str] = (sys.executable, "-m", "ramaudit", "server"),
) -> list[float]:
    """Seconds from each of ``edits`` edits to its diagnostics, after the open (a warm-up);
    ``between`` runs after each edit's diagnostics arrived (the reference, alternately);
    ``server`` is the command that starts the server (a profiler's, for bench/profile.py)."""
    return asyncio.run(_latencies(plan, edits, cwd, between, server))


def raw_parse(plan: Path, repeats: int) -> float:
    """The median time of libyaml's raw event parse of ``plan``'s text in this process:
    the floor under any audit of the text, however incremental its other stages."""
    import yaml

    text = plan.read_text()
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        for _event in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def warm_audit(plan: Path, repeats: int) -> float:
    """The median time of an in-process audit of ``plan``'s text, after one warm-up:
    what a server that audits the whole file again on every edit cannot go below
    (for reading the latency on a busy machine)."""
    from ramaudit.api import audit_text

    text = plan.read_text()
    audit_text(text, str(plan))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        audit_text(text, str(plan))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def edit_path(plan: Path, edits: int) -> None:
    """What the server does for each of ``edits`` edits, in this thread: the audit its
    worker thread runs (``audit_jobs``), the diagnostics made from the findings, and
    their JSON-RPC form. A profiler of the server process sees only its main thread, so
    bench/profiles.py profiles this too. The text changes as in :func:`latencies`."""
    from lsprotocol import types

    from ramaudit.server.app import Job, OpenPlan, PlanServer, audit_jobs
    from ramaudit.server.diagnostics import to_diagnostic  # noqa: F401 (the server's path)

    server = PlanServer()
    text = plan.read_text()
    first = text.index("    name: ") + len("    name: ")
    uri = plan.resolve().as_uri()
    for version in range(1, edits + 2):
        edited = text[:first] + f"Edit {version} " + text[first:] if version > 1 else text
        open_plan = OpenPlan(uri, str(plan), str(plan.resolve()), edited, version)
        job = Job(uri, open_plan.path, edited, version)
        [(result, _reads)] = audit_jobs([job], {open_plan.key: edited}, server.settings())
        diagnostics = server.diagnose(open_plan, result)
        params = types.PublishDiagnosticsParams(uri, diagnostics, version)
        # The server writes the message from each diagnostic's kept JSON text.
        server.protocol.diagnostics_body(types.PublishDiagnosticsNotification(params=params))

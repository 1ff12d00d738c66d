"""Audit many plans at once, in worker processes when asked, always in input order.

A portfolio of hundreds of client plans is embarrassingly parallel: each plan is read,
validated and scored on its own. Workers send back only what reports read (findings,
score, RAM spend, the plan's name); the plan and trace graph stay behind unless the
caller needs the plan (baselines match findings to items through it).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ramaudit.config.effective import Config
from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from ramaudit.api import AuditResult, _Loaded
    from ramaudit.report import RenderOptions
    from ramaudit.workspace import Linked, Sketch

# A worker takes this many plans per round trip at most; smaller chunks keep the
# workers evenly busy when plans differ in size, larger ones cost fewer messages.
MAX_CHUNK = 16


@dataclass(frozen=True, slots=True)
class Task:
    """One plan file to audit with the configuration that governs it."""

    path: str
    config: Config
    regular_only: bool = False  # found in a folder: never wait on a pipe


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# Starting one more worker process costs about as much as auditing this much plan
# text in one process. Measured on 2 shared CPUs (paired runs of --jobs 1 and 2 over
# 50 and 100 plans of 30 tactics, 0.6 and 1.2 MB): two processes cost 0.3-0.4 s more
# CPU than one (the pool, the fork, the pages each worker copies, results sent back),
# where auditing takes about 1.5 µs a byte; they tied with one process at 0.6 MB and
# were slower at 1.2 MB while other work held the second CPU. Both figures scale with
# the machine's speed, their ratio much less.
WORKER_START_BYTES = 512 * 1024
# A worker is added only when it saves this many times what it costs to start: on a
# shared machine a second process may get no CPU of its own, and the default must
# never make a run slower than one process.
START_MARGIN = 2


def jobs_for_work(total_bytes: int, n_files: int, cpus: int) -> int:
    """How many processes audit ``n_files`` files holding ``total_bytes`` of plan text
    when --jobs is not given: the number, up to one per CPU and one per file, for which
    the audit's share of each process plus what starting the workers costs (with its
    margin) is least, all in bytes of plan text; one process when that is a tie."""
    best, least = 1, float(total_bytes)
    for n in range(2, min(cpus, n_files) + 1):
        cost = total_bytes / n + START_MARGIN * WORKER_START_BYTES * (n - 1)
        if cost < least:
            best, least = n, cost
    return best


def plan_bytes(paths: Sequence[str]) -> int:
    """The size of the files at ``paths`` together (one that cannot be read counts
    nothing: reading it reports why)."""
    size = 0
    for path in paths:
        with contextlib.suppress(OSError):
            size += os.stat(path).st_size
    return size


def default_jobs(paths: Sequence[str]) -> int:
    """:func:`jobs_for_work` for the files at ``paths`` on this machine's CPUs."""
    if len(paths) <= 1:
        return 1
    return jobs_for_work(plan_bytes(paths), len(paths), cpu_count())


def audit_tasks(
    tasks: Sequence[Task],
    jobs: int | None = 1,
    *,
    keep_plans: bool = True,
    on_result: Callable[[AuditResult], None] | None = None,
    render: tuple[str, RenderOptions] | None = None,
) -> list[AuditResult]:
    """Audit ``tasks`` and return their results in the same order. With ``jobs`` > 1
    the audits run in that many worker processes (None: as the work asks,
    :func:`default_jobs`), and
    ``keep_plans=False`` lets them leave the plan behind as well as the graph.
    ``on_result`` is called with each result as it arrives, in order (for a progress
    bar). ``render`` (format name, RenderOptions) has the workers render each file's
    block of a report as well, when the format can render one file on its own: that
    work is then shared among the workers instead of left to this process."""
    from ramaudit.api import audit

    if jobs is None:
        jobs = default_jobs([t.path for t in tasks])
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        results = []
        for task in tasks:
            result = audit(Path(task.path), task.config, regular_only=task.regular_only)
            results.append(result)
            if on_result is not None:
                on_result(result)
        return results
    return _in_workers(tasks, jobs, keep_plans, on_result, render)


def _in_workers(
    tasks: Sequence[Task],
    jobs: int,
    keep_plans: bool,
    on_result: Callable[[AuditResult], None] | None,
    render: tuple[str, RenderOptions] | None,
) -> list[AuditResult]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from ramaudit import api

    _preload()
    if render is not None:
        _file_renderer(render[0])  # imported once here, not in every worker
    chunk = max(1, min(MAX_CHUNK, len(tasks) // (jobs * 4)))
    results: list[AuditResult] = []
    # Objects made so far are never garbage; frozen, the workers' collectors skip them
    # and the pages the workers share with this process stay shared.
    gc.freeze()
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        try:
            for task, (result, same_config) in zip(
                tasks,
                pool.map(
                    _audit_one,
                    tasks,
                    [keep_plans] * len(tasks),
                    [render] * len(tasks),
                    chunksize=chunk,
                ),
                strict=False,
            ):
                if same_config:
                    result.config = task.config
                api.note_audited(result.path)
                results.append(result)
                if on_result is not None:
                    on_result(result)
        except BaseException:
            # Interrupted (Ctrl-C) or failed: drop the plans not started yet rather
            # than wait for the whole portfolio.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    except BrokenProcessPool:  # a worker died (killed, out of memory): finish here
        for task in tasks[len(results) :]:
            result = api.audit(Path(task.path), task.config, regular_only=task.regular_only)
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        gc.unfreeze()
    return results


def _ignore_interrupts() -> None:
    # Ctrl-C is the main process's to handle: it stops the pool. Workers that took it
    # too would each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _file_renderer(format_name: str) -> Callable[[AuditResult, RenderOptions], str] | None:
    """The renderer of one file's part of check's format ``format_name``, if the
    format declares one (see :data:`ramaudit.report.formats.CHECK`)."""
    from ramaudit.report.formats import CHECK, load

    declared = CHECK[format_name].file_renderer
    return load(declared) if declared is not None else None


def _preload() -> None:
    """Import the whole pipeline before the workers start, so that each worker does
    not import it again: networkx too, which the graph module imports only when it
    first builds a graph (about a fifth of a second that every worker paid again)."""
    import networkx  # noqa: F401

    import ramaudit.config.suppressions
    import ramaudit.core.graph
    import ramaudit.core.model
    import ramaudit.rules
    import ramaudit.score.fitness  # noqa: F401


def _audit_one(
    task: Task, keep_plan: bool, render: tuple[str, RenderOptions] | None
) -> tuple[AuditResult, bool]:
    """A worker's audit of ``task``, and whether its configuration is the task's
    (then it is not sent back: the parent holds it already)."""
    from ramaudit.api import audit

    result = audit(Path(task.path), task.config, regular_only=task.regular_only)
    return _shipped(result, task.config, keep_plan, render)


def _shipped(
    result: AuditResult,
    config: Config,
    keep_plan: bool,
    render: tuple[str, RenderOptions] | None,
) -> tuple[AuditResult, bool]:
    """``result`` made ready to send back from a worker: its block of the report
    rendered, the graph (and with ``keep_plan`` False the plan) left behind, and the
    configuration too when it is ``config`` (said by the second value)."""
    if render is not None:
        file_renderer = _file_renderer(render[0])
        if file_renderer is not None:
            try:
                result.rendered = (render[1], file_renderer(result, render[1]))
            except Exception:  # a bug: the main process renders it again and reports it
                result.rendered = None
    result.graph = None
    same_config = result.config is config
    if same_config:
        result.config = None
    if not keep_plan:
        # The status refers to the plan's items: sent back, it would bring them along.
        result.plan = None
        result.progress = None
    return result, same_config


# A workspace (issue 13) is audited in one process below this much plan text per
# worker: starting the workers and sending sketches and results back and forth would
# cost more than the work they share.
LINKED_BYTES_PER_WORKER = 256 * 1024


def linked_jobs(jobs: int | None, paths: Sequence[str]) -> int:
    """How many processes audit the linked files ``paths``: ``jobs`` (None: as the
    work asks, :func:`jobs_for_work`), at most one per :data:`LINKED_BYTES_PER_WORKER`
    of their text."""
    n = min(jobs if jobs is not None else cpu_count(), len(paths))
    if n <= 1:
        return 1
    size = plan_bytes(paths)
    if jobs is None:
        n = jobs_for_work(size, n, n)
    return max(1, min(n, size // LINKED_BYTES_PER_WORKER))


# A message is sent to a worker ahead, while it still works on the last one, only up
# to this size: a pipe's buffer holds it whole (Linux gives a socket pair about 200 KB),
# so that this process never waits on a send while the worker waits to send its reply.
AHEAD_BYTES = 64 * 1024


class WorkerLost(Exception):
    """A worker process ended (killed, out of memory) before it answered."""


# What a worker is asked to load: (real path, path, configuration, regular only).
LoadRequest = tuple[str, str, Config, bool]
# A file to judge: how to load it (when the worker does not hold it) and its Linked.
_Job = tuple[LoadRequest, "Linked | None"]


# This process is worker 0 of a linked run: it loads and judges a share of the files
# itself (issue 15), so that its share is never pickled and its CPU is not idle while
# the worker processes load.
HERE = 0
# This process takes this part of a worker's chunk at a time, so that it reads the
# workers' replies often: a worker whose reply fills the pipe waits until it is read.
HERE_CHUNK_PART = 4


class LinkedWorkers:
    """Worker processes that keep what they loaded, for a linked run in two rounds:
    :meth:`load` has them read files and send back each file's sketch (what linking
    reads), and after the caller has linked the sketches, :meth:`judge` has each
    worker judge the files it holds with what linking found. The plans themselves
    never leave the workers (but in the results, with ``keep_plans``). Of ``jobs``
    workers, the first is this process (:data:`HERE`): ``jobs - 1`` are started."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing

        _preload()
        context = multiprocessing.get_context()
        # As for the pool: frozen, the objects made so far are skipped by the
        # workers' collectors and their pages stay shared with this process.
        gc.freeze()
        self.conns: list[Connection] = []  # worker n > 0 is conns[n - 1]
        self.procs: list[BaseProcess] = []
        self.owner: dict[str, int] = {}  # real path -> the worker that holds the file
        self.held: dict[str, _Loaded] = {}  # the files this process loaded, by real path
        # Called with each reply of :meth:`load` as it arrives (key, sketch or result):
        # the caller gathers the files while the others still load.
        self.on_loaded: Callable[[list[tuple[str, Sketch | AuditResult]]], None] | None = None
        try:
            for _ in range(jobs - 1):
                here, there = context.Pipe()
                proc = context.Process(target=_linked_worker, args=(there,), daemon=True)
                proc.start()
                there.close()
                self.conns.append(here)
                self.procs.append(proc)
        except BaseException:
            self.close(abort=True)
            raise

    @property
    def workers(self) -> int:
        """How many workers share the files, this process included."""
        return len(self.conns) + 1

    def load(self, wanted: Sequence[LoadRequest]) -> dict[str, Sketch | AuditResult]:
        """Each file's sketch, or the result to report when it cannot be loaded, by
        real path; files go in small chunks to whichever worker is free."""
        from ramaudit.workspace import Sketch

        left = deque(wanted)
        workers = self.workers

        def chunk(worker: int) -> tuple[str, object] | None:
            # Smaller as the files run out: linking waits for the last worker's chunk.
            size = max(1, min(MAX_CHUNK, len(left) // (workers * 4)))
            if worker == HERE:
                size = max(1, size // HERE_CHUNK_PART)
            taken = [left.popleft() for _ in range(min(size, len(left)))]
            return ("load", taken) if taken else None

        made: dict[str, Sketch | AuditResult] = {}
        for worker, reply in self._serve(chunk):
            for key, got in reply:
                made[key] = got
                if isinstance(got, Sketch):  # loaded: the worker holds it
                    self.owner[key] = worker
            if self.on_loaded is not None:
                self.on_loaded(reply)
        return made

    def judge(
        self,
        requests: Sequence[tuple[LoadRequest, Linked | None]],
        keep_plans: bool,
        render: tuple[str, RenderOptions] | None,
    ) -> Iterator[tuple[str, AuditResult, bool]]:
        """Judge each loaded file with its Linked, in the worker that holds it; yields
        (real path, result, whether its configuration is the one it was loaded with
        and so was left behind) as results arrive. A worker that has judged all its
        files takes some of the busiest one's last files, loading them again: on a
        shared machine one worker may fall behind."""
        queues: list[deque[tuple[LoadRequest, Linked | None]]] = [
            deque() for _ in range(self.workers)
        ]
        for request in requests:
            queues[self.owner[request[0][0]]].append(request)
        left = [len(requests)]

        def batch(worker: int) -> tuple[str, object] | None:
            # Smaller as the files run out, as in load: the last worker's chunks are
            # what the others wait for.
            size = max(1, min(MAX_CHUNK, left[0] // (self.workers * 4)))
            if worker == HERE:
                size = max(1, size // HERE_CHUNK_PART)
            taken = take(queues, worker, size)
            left[0] -= len(taken)
            return ("judge", (taken, keep_plans, render)) if taken else None

        for _, reply in self._serve(batch):
            yield from reply

    def _serve(
        self, next_for: Callable[[int], tuple[str, object] | None]
    ) -> Iterator[tuple[int, list[Any]]]:
        """Keep each worker busy with what ``next_for(worker)`` gives it (None: no
        more), yielding (worker, reply) as replies arrive; this process answers its
        own messages between reading the workers' replies. A worker is sent its next
        message before it answers the one it is on, when that message is small (see
        :data:`AHEAD_BYTES`): it starts on it as soon as it has sent its reply, rather
        than wait for this process, which shares the CPUs, to read the reply first."""
        from multiprocessing.connection import wait
        from multiprocessing.reduction import ForkingPickler

        pending = dict.fromkeys(self.conns, 0)  # messages sent and not answered yet
        worker_of = {conn: worker for worker, conn in enumerate(self.conns, 1)}
        held: dict[int, bytes] = {}  # too large to send ahead: sent when the worker is free
        done: set[int] = set()  # ``next_for`` has nothing more for these workers

        def fill(worker: int) -> None:
            conn = self.conns[worker - 1]
            while pending[conn] < 2:
                data = held.pop(worker, None)
                if data is None:
                    message = None if worker in done else next_for(worker)
                    if message is None:
                        done.add(worker)
                        return
                    data = bytes(ForkingPickler.dumps(message))
                if pending[conn] and len(data) > AHEAD_BYTES:
                    held[worker] = data
                    return
                try:
                    conn.send_bytes(data)
                except OSError as exc:  # a broken pipe: the worker is gone
                    raise WorkerLost from exc
                pending[conn] += 1

        for worker in worker_of.values():
            fill(worker)
        while True:
            busy = [conn for conn, n in pending.items() if n]
            here_done = HERE in done
            if not busy and here_done:
                return
            # While this process has work of its own, it only looks for replies.
            for ready in wait(busy, timeout=0 if not here_done else None) if busy else ():
                conn = cast("Connection", ready)
                try:
                    reply: list[Any] = conn.recv()
                except (EOFError, OSError) as exc:
                    raise WorkerLost from exc
                pending[conn] -= 1
                worker = worker_of[conn]
                fill(worker)
                yield worker, reply
            if not here_done:
                message = next_for(HERE)
                if message is None:
                    done.add(HERE)
                else:
                    yield HERE, _answer(*message, self.held)

    def take_held(self, key: str) -> _Loaded | None:
        """The file at real path ``key`` if this process loaded it and has not judged
        it yet (a worker lost: this process judges the rest)."""
        return self.held.pop(key, None)

    def close(self, abort: bool = False) -> None:
        """Stop the workers; with ``abort`` (a run cut short: Ctrl-C, an error) at
        once, without waiting for the plans they are on."""
        for conn in self.conns:
            if not abort:
                with contextlib.suppress(OSError):
                    conn.send(("stop", None))
            conn.close()
        for proc in self.procs:
            if abort:
                proc.terminate()
            proc.join(timeout=5)
            if proc.is_alive():  # pragma: no cover - a worker stuck in a plan
                proc.kill()
                proc.join()
        self.conns, self.procs = [], []
        self.held = {}
        gc.unfreeze()

    def __enter__(self) -> LinkedWorkers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(abort=kind is not None)


def take(queues: Sequence[deque[_Job]], worker: int, chunk: int) -> list[_Job]:
    """The next files ``worker`` judges: up to ``chunk`` of its own, in order; when
    it has none left, a third of what the busiest worker has left (at most a chunk),
    from the end: loading a file again costs about half of judging it afresh."""
    own = queues[worker]
    if own:
        return [own.popleft() for _ in range(min(chunk, len(own)))]
    busiest = max(queues, key=len)
    taken = [busiest.pop() for _ in range(min(chunk, len(busiest) // 3))]
    taken.reverse()
    return taken


def _answer(kind: str, body: Any, held: dict[str, _Loaded]) -> list[Any]:
    """A worker's reply to a message of ``kind``: the sketches of the files it loads
    ("load"; it keeps them in ``held``), or the results of the files it judges."""
    from ramaudit import api

    reply: list[Any] = []
    if kind == "load":
        for key, path, config, regular_only in body:
            loaded, got = api.load_for_link(path, key, config, regular_only)
            if loaded is not None:
                held[key] = loaded
            reply.append((key, got))
        return reply
    batch, keep_plan, render = body
    for (key, path, config, regular_only), linked in batch:
        loaded = held.pop(key, None)
        if loaded is None:  # another worker's file, taken over (see take)
            loaded, made = api.load_for_link(path, key, config, regular_only)
            if loaded is None:  # the file went or changed meanwhile
                reply.append((key, made, False))
                continue
        result = api.judged(loaded, linked)
        reply.append((key, *_shipped(result, loaded.config, keep_plan, render)))
    return reply


def _linked_worker(conn: Connection) -> None:
    """A worker of :class:`LinkedWorkers`: loads files and keeps them until it is
    asked to judge them."""
    _ignore_interrupts()
    gc.disable()  # as in one process: what is loaded lives until it is judged
    held: dict[str, _Loaded] = {}
    while True:
        try:
            kind, body = conn.recv()
        except EOFError:  # the main process is gone
            return
        if kind not in ("load", "judge"):
            return
        reply = _answer(kind, body, held)
        try:
            conn.send(reply)
        except OSError:  # the main process stopped listening (it judges the rest itself)
            return


# More files than this get a progress bar (on a terminal, in the text format).
PROGRESS_MIN_FILES = 50


class ProgressBar:
    """A progress bar on stderr, one step per audited file; it clears itself when
    the last file is done, before the report is printed."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        # Redrawn on each file rather than by rich's refresh thread: nothing is left
        # running if the audit stops early.
        self._progress = Progress(
            TextColumn("auditing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            auto_refresh=False,
        )
        self._task = self._progress.add_task("audit", total=total)
        self._left = total
        self._progress.start()

    def __call__(self, result: AuditResult) -> None:
        self._progress.advance(self._task)
        self._left -= 1
        if self._left <= 0:
            self._progress.stop()
        else:
            self._progress.refresh()


def progress_bar(total: int) -> ProgressBar | None:
    """A :class:`ProgressBar` when there are enough files to be worth one."""
    return ProgressBar(total) if total > PROGRESS_MIN_FILES else None

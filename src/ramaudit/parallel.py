"""Audit many plans at once, in worker processes when asked, always in input order.

A portfolio of hundreds of client plans is embarrassingly parallel: each plan is read,
validated and scored on its own. Workers send back only what reports read (findings,
score, RAM spend, the plan's name); the plan and trace graph stay behind unless the
caller needs the plan (baselines match findings to items through it).
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ramaudit.config.effective import Config

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.report import RenderOptions

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


def default_jobs(n_files: int) -> int:
    """One process for one file; one per CPU for many."""
    return 1 if n_files <= 1 else cpu_count()


def audit_tasks(
    tasks: Sequence[Task],
    jobs: int | None = 1,
    *,
    keep_plans: bool = True,
    on_result: Callable[[AuditResult], None] | None = None,
    render: tuple[str, RenderOptions] | None = None,
) -> list[AuditResult]:
    """Audit ``tasks`` and return their results in the same order. With ``jobs`` > 1
    the audits run in that many worker processes (None: :func:`default_jobs`), and
    ``keep_plans=False`` lets them leave the plan behind as well as the graph.
    ``on_result`` is called with each result as it arrives, in order (for a progress
    bar). ``render`` (format name, RenderOptions) has the workers render each file's
    block of a report as well, when the format can render one file on its own: that
    work is then shared among the workers instead of left to this process."""
    from ramaudit.api import audit

    if jobs is None:
        jobs = default_jobs(len(tasks))
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
    not import it again."""
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
    if render is not None:
        file_renderer = _file_renderer(render[0])
        if file_renderer is not None:
            try:
                result.rendered = (render[1], file_renderer(result, render[1]))
            except Exception:  # a bug: the main process renders it again and reports it
                result.rendered = None
    result.graph = None
    same_config = result.config is task.config
    if same_config:
        result.config = None
    if not keep_plan:
        # The status refers to the plan's items: sent back, it would bring them along.
        result.plan = None
        result.progress = None
    return result, same_config


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

"""`check --jobs N` on a workspace with this process as one of the N workers (issue 15):
it loads and judges a share of the files itself, next to N - 1 worker processes, and
the report is still byte for byte the one process's, when a worker process is killed
mid-run too."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest

from ramaudit import api, parallel
from ramaudit.api import audit_paths
from ramaudit.config.files import Settings
from test_workspace_jobs import check, in_workspace, workspace

__all__ = ["in_workspace", "workspace"]  # fixtures, used by name


@pytest.fixture
def small_chunks(in_workspace: list[int], monkeypatch: pytest.MonkeyPatch) -> list[int]:
    # Many messages for a small workspace: each worker gets some of the files.
    monkeypatch.setattr(parallel, "MAX_CHUNK", 2)
    return in_workspace


def test_this_process_loads_and_judges_a_share_of_the_files(
    small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files this process loads, by round: 0 while loading, 1 while judging (where it
    # may take over the last files of a worker that fell behind, loading them again).
    here: tuple[list[str], list[str]] = ([], [])
    judging = [False]
    real = api.load_for_link
    main = os.getpid()

    def spy(path: str, *rest: object) -> object:
        if os.getpid() == main:
            here[judging[0]].append(os.path.realpath(path))
        return real(path, *rest)  # type: ignore[arg-type]

    owners: list[dict[str, int]] = []
    real_judge = parallel.LinkedWorkers.judge

    def judge(self: parallel.LinkedWorkers, *args: object) -> Iterator[object]:
        owners.append(dict(self.owner))
        assert len(self.procs) == 1  # --jobs 2: this process and one worker process
        judging[0] = True
        yield from real_judge(self, *args)  # type: ignore[arg-type]

    one = check("plans", "--jobs", "1", "--format", "json")
    monkeypatch.setattr(api, "load_for_link", spy)
    monkeypatch.setattr(parallel.LinkedWorkers, "judge", judge)
    assert check("plans", "--jobs", "2", "--format", "json") == one
    assert small_chunks == [2]
    (owner,) = owners
    assert set(owner.values()) == {parallel.HERE, 1}
    # Each file this process holds was loaded here, once, in the loading round.
    mine = sorted(k for k, w in owner.items() if w == parallel.HERE)
    loaded, taken_over = here
    assert sorted(loaded) == mine
    # In the judging round it loads only the worker's files it takes over, each once:
    # on a busy machine (CI) the worker process may fall behind.
    assert len(set(taken_over)) == len(taken_over)
    assert all(owner[k] == 1 for k in taken_over)


def test_a_file_taken_over_from_a_worker_is_loaded_here_once_and_judged_the_same(
    small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The judging round as on a busy machine: this process takes every worker's file
    # it can (as if the worker had fallen behind), and the report does not change.
    one = check("plans", "--jobs", "1", "--format", "json")
    real_take = parallel.take

    stolen: list[object] = []

    def eager(queues: list[deque[object]], worker: int, chunk: int) -> list[object]:
        if worker == parallel.HERE and queues[1]:
            stolen.append(queues[1].pop())
            return [stolen[-1]]
        return real_take(queues, worker, chunk)  # type: ignore[arg-type]

    loads: list[str] = []
    real = api.load_for_link
    main = os.getpid()

    def spy(path: str, *rest: object) -> object:
        if os.getpid() == main:
            loads.append(os.path.realpath(path))
        return real(path, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "take", eager)
    monkeypatch.setattr(api, "load_for_link", spy)
    assert check("plans", "--jobs", "2", "--format", "json") == one
    assert stolen
    assert len(set(loads)) == len(loads)  # none loaded twice here


def test_library_results_of_this_process_match_the_workers(small_chunks: list[int]) -> None:
    settings = Settings()
    serial = audit_paths(["plans"], settings=settings, jobs=1)
    for keep_plans in (False, True):
        shared = audit_paths(["plans"], settings=settings, jobs=2, keep_plans=keep_plans)
        assert [r.path for r in serial] == [r.path for r in shared]
        for a, b in zip(serial, shared, strict=True):
            assert a.findings == b.findings
            assert (a.score and a.score.total) == (b.score and b.score.total)
            assert a.ram_spend == b.ram_spend
            assert a.config is b.config
            assert b.graph is None  # as a worker process sends it back
            assert (b.plan is None) is not keep_plans


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("after", [0, 3])
def test_a_worker_process_killed_while_judging_still_gives_every_result(
    small_chunks: list[int], monkeypatch: pytest.MonkeyPatch, fmt: str, after: int
) -> None:
    real = parallel.LinkedWorkers.judge
    killed: list[int] = []

    def kills(self: parallel.LinkedWorkers, *args: object) -> Iterator[object]:
        for n, answer in enumerate(real(self, *args)):  # type: ignore[arg-type]
            if n == after:
                pid = self.procs[0].pid
                assert pid is not None
                os.kill(pid, signal.SIGKILL)
                self.procs[0].join()
                killed.append(pid)
            yield answer

    one = check("plans", "--jobs", "1", "--format", fmt)
    monkeypatch.setattr(parallel.LinkedWorkers, "judge", kills)
    assert check("plans", "--jobs", "2", "--format", fmt) == one
    assert len(killed) == 1


def test_a_worker_process_killed_while_loading_still_gives_every_result(
    small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parallel.LinkedWorkers.load

    def kills(self: parallel.LinkedWorkers, wanted: list[parallel.LoadRequest]) -> dict:
        pid = self.procs[0].pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        self.procs[0].join()
        return real(self, wanted)

    one = check("plans", "--jobs", "1", "--format", "concise")
    monkeypatch.setattr(parallel.LinkedWorkers, "load", kills)
    assert check("plans", "--jobs", "2", "--format", "concise") == one


def test_files_this_process_takes_over_are_judged_the_same(
    small_chunks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parallel.LinkedWorkers.load

    def all_to_the_worker(self: parallel.LinkedWorkers, wanted: list[parallel.LoadRequest]):
        made = real(self, wanted)
        # As if this process held nothing: the worker loads what it lacks, and this
        # process, idle, takes over files from the end of the worker's queue.
        self.owner = dict.fromkeys(self.owner, 1)
        return made

    monkeypatch.setattr(parallel.LinkedWorkers, "load", all_to_the_worker)
    assert check("plans", "--jobs", "1") == check("plans", "--jobs", "2")


def test_three_jobs_are_this_process_and_two_workers(
    small_chunks: list[int], workspace: Path
) -> None:
    one = check("plans", "--jobs", "1", "--format", "sarif")
    assert check("plans", "--jobs", "3", "--format", "sarif") == one
    assert small_chunks == [3]

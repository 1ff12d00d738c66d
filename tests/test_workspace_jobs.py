"""`check --jobs` on a workspace (issue 13): files loaded in worker processes, linked
once in the main process, then judged by the workers that loaded them. Every output
is byte for byte the one a single process gives, cross-file findings included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit import api, parallel
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.config.files import Settings

runner = CliRunner()

DEPARTMENTS = 3
TEAMS_PER_DEPARTMENT = 8

COMPANY = """\
plan:
  name: Company
  id: hq
goals:
  - id: g-grow
    name: Grow revenue
  - id: g-lonely
    name: Nobody serves this
objectives:
  - id: o-revenue
    goals: g-grow
  - id: o-loop-a
    goals: g-grow
    parents: o-loop-b
tactics:
  - id: t-launch-partner
    objectives: o-revenue
"""

DEPARTMENT = """\
plan:
  name: Department {d}
  parents: ../company.yaml
objectives:
  - id: o-dept-{d}
    goals: g-grow
  - id: o-shared
    goals: g-grow
{more}"""

TEAM = """\
plan:
  name: Team {d}-{t}
  parents: {parents}
objectives:
  - id: o-team-{d}-{t}
    parents: {parent}
tactics:
  - id: t-{d}-{t}-a
    objectives: o-team-{d}-{t}
    budget: 1000
  - id: t-{d}-{t}-b
    objectives: {link}
    budget: 500
{more}"""


def _team(d: int, t: int) -> str:
    """One team plan; some teams carry a cross-file problem each."""
    parents, parent, link, more = "department.yaml", f"o-dept-{d}", "o-revenue", ""
    n = d * TEAMS_PER_DEPARTMENT + t
    if n == 1:
        parent = f"o-dept-{d}x"  # RA005, did you mean the department's (in another file)
    elif n == 2:
        link = "o-shared"  # RA114: two departments define it
    elif n == 3:
        link = "hq:o-revenue"  # qualified: resolves
    elif n == 4:
        parents = "[department.yaml, nowhere.yaml, ../list.yaml]"  # RA115 twice
    elif n == 5:
        more = "  - id: t-0-0-a\n    objectives: o-revenue\n"  # RA113: team 0-0 has it
    elif n == 6:
        more = "  - id: t-dep\n    objectives: o-revenue\n    depends_on: t-launch-partnr\n"
    elif n == 7:
        link = "o-revenu"  # RA005 with the company's id as the suggestion
    elif n == 9:
        link = "o-nowhere-at-all"  # RA005 without a suggestion
    return TEAM.format(d=d, t=t, parents=parents, parent=parent, link=link, more=more)


def _department(d: int) -> str:
    more = ""
    if d == 1:  # a loop of objectives across files: hq:o-loop-a <-> o-loop-b
        more = "  - id: o-loop-b\n    parents: o-loop-a\n"
    if d == 2:  # a loop of plan parents: this department and one of its teams
        return DEPARTMENT.format(d=d, more=more).replace(
            "parents: ../company.yaml", "parents: [../company.yaml, team-00.yaml]"
        )
    return DEPARTMENT.format(d=d, more=more)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / ".ramaudit.toml").write_text('workspace = ["plans/**/*.yaml"]\n', encoding="utf-8")
    plans = root / "plans"
    files = {"company.yaml": COMPANY, "list.yaml": "- just\n- a list\n"}
    files["broken.yaml"] = "plan: {name: [unclosed\n"
    for d in range(DEPARTMENTS):
        files[f"dept-{d}/department.yaml"] = _department(d)
        for t in range(TEAMS_PER_DEPARTMENT):
            files[f"dept-{d}/team-{t:02d}.yaml"] = _team(d, t)
    for name, text in files.items():
        (plans / name).parent.mkdir(parents=True, exist_ok=True)
        (plans / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def in_workspace(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Run in the workspace's folder, with workers for any size of run; the list
    counts the worker processes each linked run in workers started."""
    monkeypatch.chdir(workspace)
    monkeypatch.setattr(parallel, "LINKED_BYTES_PER_WORKER", 1)
    started: list[int] = []
    real = parallel.LinkedWorkers.__init__

    def spy(self: parallel.LinkedWorkers, jobs: int) -> None:
        started.append(jobs)
        real(self, jobs)

    monkeypatch.setattr(parallel.LinkedWorkers, "__init__", spy)
    return started


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    # JUnit stamps each suite with the time of the run: the one thing that may differ.
    return result.exit_code, re.sub(r'timestamp="[^"]*"', 'timestamp=""', result.stdout)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "concise", "github", "junit"])
def test_jobs_give_the_same_report_on_a_workspace(in_workspace: list[int], fmt: str) -> None:
    one = check("plans", "--jobs", "1", "--format", fmt)
    assert in_workspace == []
    two = check("plans", "--jobs", "2", "--format", fmt)
    three = check("plans", "--jobs", "3", "--format", fmt)
    assert in_workspace == [2, 3]
    assert one == two == three
    assert one[0] == 1


@pytest.mark.parametrize("ahead", [0, 1 << 30])
def test_messages_sent_ahead_or_not_give_the_same_report(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch, ahead: int
) -> None:
    # 0: every message waits for the worker's reply (as a large one does); else each
    # worker always has its next message at hand.
    one = check("plans", "--jobs", "1", "--format", "json")
    monkeypatch.setattr(parallel, "AHEAD_BYTES", ahead)
    monkeypatch.setattr(parallel, "MAX_CHUNK", 2)  # many messages for a small workspace
    assert check("plans", "--jobs", "2", "--format", "json") == one
    assert in_workspace == [2]


def test_the_cross_file_findings_are_there_with_jobs(in_workspace: list[int]) -> None:
    code, out = check("plans", "--jobs", "2", "--format", "concise")
    assert code == 1
    assert in_workspace == [2]
    expect = [
        "plans/dept-0/team-01.yaml:6:14: RA005",  # did you mean across files
        "plans/dept-0/team-02.yaml:12:17: RA114",
        "plans/dept-0/team-04.yaml:3:30: RA115",
        "plans/dept-0/team-04.yaml:3:44: RA115",
        "plans/dept-0/team-05.yaml:14:9: RA113",
        "plans/dept-0/team-06.yaml:16:17: RA005",
        "plans/dept-0/team-07.yaml:12:17: RA005",
        "plans/company.yaml:14:14: RA107",  # objectives looping across files
        "plans/dept-2/department.yaml:3:30: RA107",  # plan parents looping
    ]
    for where in expect:
        assert where in out, where
    assert "did you mean 'o-dept-0' (in plans/dept-0/department.yaml)?" in out
    assert "did you mean 'o-revenue' (in plans/company.yaml)?" in out
    assert "did you mean 't-launch-partner' (in plans/company.yaml)?" in out
    assert "'o-nowhere-at-all' which does not exist; no objective has this id" in out
    assert "plans/broken.yaml:1:" in out


def test_statistics_and_several_paths_match(in_workspace: list[int]) -> None:
    args = ("plans/dept-1", "plans/dept-0", "--statistics", "--quiet")
    assert check(*args, "--jobs", "1") == check(*args, "--jobs", "2")


def test_part_of_a_workspace_loads_the_rest_in_the_workers(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds: list[int] = []
    real = parallel.LinkedWorkers.load

    def counted(self: parallel.LinkedWorkers, wanted: list[parallel.LoadRequest]) -> dict:
        rounds.append(len(wanted))
        return real(self, wanted)

    monkeypatch.setattr(parallel.LinkedWorkers, "load", counted)
    one = check("plans/dept-1", "plans/dept-0/team-01.yaml", "--jobs", "1")
    assert rounds == []
    two = check("plans/dept-1", "plans/dept-0/team-01.yaml", "--jobs", "2")
    assert one == two
    # The files asked for, then the rest of the workspace they bring in, then the
    # parent one of those names outside the workspace (nowhere.yaml, which fails).
    total = 3 + DEPARTMENTS * (TEAMS_PER_DEPARTMENT + 1)
    assert rounds == [TEAMS_PER_DEPARTMENT + 2, total - TEAMS_PER_DEPARTMENT - 2, 1]


def test_library_results_match_and_leave_the_plans_in_the_workers(
    in_workspace: list[int],
) -> None:
    settings = Settings()
    serial = audit_paths(["plans"], settings=settings, jobs=1)
    workers = audit_paths(["plans"], settings=settings, jobs=2, keep_plans=False)
    assert in_workspace == [2]
    assert [r.path for r in serial] == [r.path for r in workers]
    for a, b in zip(serial, workers, strict=True):
        assert a.findings == b.findings
        assert (a.score and a.score.total) == (b.score and b.score.total)
        assert a.ram_spend == b.ram_spend
        assert a.config is b.config  # the worker's copy is not sent back
        assert b.graph is None and b.plan is None
    # RA005's fix across files (WorkspaceView.suggest_only) is sent to the workers as
    # plain data, and arrives with the finding as the one-process run makes it.
    fixes = [f.fix for r in workers for f in r.findings if f.code == "RA005" and f.fix]
    assert any(e.replacement == "o-dept-0" for fix in fixes for e in fix.edits)


def test_a_worker_lost_while_judging_leaves_its_files_to_this_process(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parallel.LinkedWorkers.judge

    def dies(self: parallel.LinkedWorkers, *args: object):  # type: ignore[no-untyped-def]
        for n, answer in enumerate(real(self, *args)):  # type: ignore[arg-type]
            if n == 5:
                raise parallel.WorkerLost
            yield answer

    monkeypatch.setattr(parallel.LinkedWorkers, "judge", dies)
    assert check("plans", "--jobs", "1") == check("plans", "--jobs", "2")


def test_a_worker_lost_while_loading_starts_again_in_one_process(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def dies(self: parallel.LinkedWorkers, wanted: object) -> dict:
        raise parallel.WorkerLost

    monkeypatch.setattr(parallel.LinkedWorkers, "load", dies)
    assert check("plans", "--jobs", "1") == check("plans", "--jobs", "2")


def test_a_small_workspace_stays_in_one_process(workspace: Path, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    paths = [str(p) for p in sorted(Path("plans").rglob("*.yaml"))]
    assert parallel.linked_jobs(2, paths) == 1  # a few kilobytes: not worth a worker
    monkeypatch.setattr(parallel, "LINKED_BYTES_PER_WORKER", 1)
    assert parallel.linked_jobs(2, paths) == 2
    # Without --jobs, the work decides: a few kilobytes are not worth a worker's start.
    assert parallel.linked_jobs(None, paths) == 1
    monkeypatch.setattr(parallel, "WORKER_START_BYTES", 0)
    assert parallel.linked_jobs(None, paths) == min(parallel.cpu_count(), len(paths))
    assert parallel.linked_jobs(2, paths[:1]) == 1
    assert parallel.linked_jobs(1, paths) == 1


def test_a_crash_while_judging_in_a_worker_is_reported_as_in_one_process(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = api._judge

    def crashes(loaded: api._Loaded, linked: object = None) -> api.AuditResult:
        if loaded.source.path.endswith("team-03.yaml"):
            raise RuntimeError("boom")
        return real(loaded, linked)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "_judge", crashes)
    one = check("plans", "--jobs", "1", "--format", "concise")
    two = check("plans", "--jobs", "2", "--format", "concise")
    assert one == two and one[0] == 2
    assert "internal error while auditing plans/dept-0/team-03.yaml" in one[1]


def test_an_interrupted_run_stops_its_workers_at_once(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    procs = []
    real = parallel.LinkedWorkers.load

    def interrupted(self: parallel.LinkedWorkers, wanted: list[parallel.LoadRequest]) -> dict:
        procs.extend(self.procs)
        real(self, wanted)
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel.LinkedWorkers, "load", interrupted)
    with pytest.raises(KeyboardInterrupt):
        audit_paths(["plans"], settings=Settings(), jobs=2)
    # --jobs 2: this process and one worker process.
    assert len(procs) == 1 and not any(p.is_alive() for p in procs)


def test_a_worker_done_early_takes_the_last_files_of_the_busiest() -> None:
    from collections import deque

    queues = [deque(range(10)), deque()]
    assert parallel.take(queues, 0, 4) == [0, 1, 2, 3]  # its own, in order
    assert parallel.take(queues, 1, 4) == [8, 9]  # a third of the other's six, from the end
    assert parallel.take(queues, 1, 1) == [7]  # at most a chunk
    assert list(queues[0]) == [4, 5, 6]
    queues = [deque([1, 2]), deque()]
    assert parallel.take(queues, 1, 4) == []  # too few left to be worth loading again


def test_files_taken_over_by_another_worker_are_judged_the_same(
    in_workspace: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parallel.LinkedWorkers.load

    def all_to_the_first(self: parallel.LinkedWorkers, wanted: list[parallel.LoadRequest]):
        made = real(self, wanted)
        # As if the second worker held nothing: the first loads what it lacks, and
        # the second, idle, takes over files from the end of the first's queue.
        self.owner = dict.fromkeys(self.owner, 0)
        return made

    monkeypatch.setattr(parallel.LinkedWorkers, "load", all_to_the_first)
    for fmt in ("text", "json"):
        assert check("plans", "--jobs", "1", "--format", fmt) == check(
            "plans", "--jobs", "2", "--format", fmt
        )


def test_a_baseline_reads_and_writes_the_same_with_jobs(
    in_workspace: list[int], tmp_path: Path
) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    check("plans", "--write-baseline", str(one), "--jobs", "1")
    check("plans", "--write-baseline", str(two), "--jobs", "2")
    assert one.read_bytes() == two.read_bytes()
    assert in_workspace == [2]
    for fmt in ("text", "sarif"):
        args = ("plans", "--baseline", str(one), "--format", fmt)
        assert check(*args, "--jobs", "1") == check(*args, "--jobs", "2")

"""`check --jobs`: worker processes give the same report in the same order, and the
progress bar shows only where a person watches a text report."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from ramaudit import parallel as parallel_module
from ramaudit.api import audit, audit_paths
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.parallel import PROGRESS_MIN_FILES, Task, cpu_count, default_jobs, jobs_for_work

sys.path.insert(0, str(ROOT / "bench"))
from gen_plan import plan_text

runner = CliRunner()


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Example plans, generated plans of several sizes, and files that cannot be
    audited, in nested folders."""
    root = tmp_path_factory.mktemp("portfolio")
    for example in sorted(EXAMPLES.glob("*.yaml")):
        shutil.copy(example, root / example.name)
    sub = root / "clients" / "emea"
    sub.mkdir(parents=True)
    for i, n in enumerate((10, 40, 120, 25, 60)):
        (sub / f"client-{i}.yaml").write_text(plan_text(n, seed=i), encoding="utf-8")
    (root / "clients" / "broken.yaml").write_text("plan: {name: [unclosed\n", encoding="utf-8")
    (root / "clients" / "binary.yml").write_bytes(b"\x00\x01\x02 not a plan")
    (root / "clients" / "empty.yaml").write_text("", encoding="utf-8")
    return root


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "concise"])
def test_jobs_give_the_same_report_in_the_same_order(portfolio: Path, fmt: str) -> None:
    one = check(str(portfolio), "--jobs", "1", "--format", fmt)
    two = check(str(portfolio), "--jobs", "2", "--format", fmt)
    three = check(str(portfolio), "--jobs", "3", "--format", fmt)
    assert one == two == three
    assert one[0] == 2  # the binary file cannot be read; the rest are audited


def test_jobs_with_quiet_statistics_and_several_paths(portfolio: Path) -> None:
    args = [str(portfolio / "clients"), str(EXAMPLES / "random-acts.yaml"), "-q", "--statistics"]
    assert check(*args, "--jobs", "1") == check(*args, "--jobs", "2")


def test_default_is_one_job_for_one_file_and_as_the_work_asks_for_many(tmp_path: Path) -> None:
    assert default_jobs([]) == 1
    one = tmp_path / "one.yaml"
    one.write_bytes(b"x" * 10_000_000)
    assert default_jobs([str(one)]) == 1  # one file is never split
    small = [tmp_path / f"s{i}.yaml" for i in range(5)]
    for p in small:
        p.write_text("plan: {name: p}\n", encoding="utf-8")
    assert default_jobs([str(p) for p in small]) == 1  # a few bytes: not worth a worker
    big = [tmp_path / f"b{i}.yaml" for i in range(8)]
    for p in big:
        p.write_bytes(b"x" * 1_000_000)
    assert default_jobs([str(p) for p in big]) == jobs_for_work(8_000_000, 8, cpu_count())
    assert default_jobs([str(tmp_path / "gone.yaml"), str(one)]) == jobs_for_work(
        10_000_000, 2, cpu_count()
    )


def test_the_work_chooses_the_processes_not_the_number_of_files() -> None:
    start = parallel_module.START_MARGIN * parallel_module.WORKER_START_BYTES
    # Two processes pay when half the work saves more than a worker's start-up costs.
    assert jobs_for_work(2 * start, 50, 2) == 1  # a tie stays in one process
    assert jobs_for_work(2 * start + 2, 50, 2) == 2
    assert jobs_for_work(start, 10_000, 2) == 1  # many small files: still one
    assert jobs_for_work(100 * start, 2, 2) == 2  # two big files: two
    # Never more processes than CPUs or files, never fewer than one.
    assert jobs_for_work(10**12, 3, 64) == 3
    assert jobs_for_work(10**12, 1000, 4) == 4
    assert jobs_for_work(10**12, 1, 8) == 1
    assert jobs_for_work(10**12, 0, 8) == 1
    assert jobs_for_work(0, 1000, 8) == 1
    # A third process needs the work to save a second start-up as well.
    assert jobs_for_work(6 * start, 10, 3) == 2  # 3s + s = 4s, a tie with 2s + 2s
    assert jobs_for_work(6 * start + 6, 10, 3) == 3


@given(st.integers(0, 10**10), st.integers(0, 5000), st.integers(1, 128))
def test_more_work_never_asks_for_fewer_processes(size: int, files: int, cpus: int) -> None:
    n = jobs_for_work(size, files, cpus)
    assert 1 <= n <= max(1, min(cpus, files))
    assert jobs_for_work(size + 1 + size // 2, files, cpus) >= n
    assert jobs_for_work(size, files, cpus + 1) >= n


def test_library_results_match_and_carry_no_graph(portfolio: Path) -> None:
    serial = audit_paths([portfolio], jobs=1)
    parallel = audit_paths([portfolio], jobs=2, keep_plans=False)
    assert [r.path for r in serial] == [r.path for r in parallel]
    for a, b in zip(serial, parallel, strict=True):
        assert a.findings == b.findings
        assert a.error == b.error
        assert (a.score and a.score.to_dict()) == (b.score and b.score.to_dict())
        assert a.ram_spend == b.ram_spend
        assert a.plan_name == b.plan_name
        assert a.config == b.config
        assert b.graph is None and b.plan is None
    kept = audit_paths([portfolio / "clients"], jobs=2, keep_plans=True)
    assert all(r.plan is not None for r in kept if not r.error)
    assert [t.path for t in kept[-1].plan.tactics] == [
        t.path for t in audit(kept[-1].path).plan.tactics
    ]


def test_results_survive_pickling() -> None:
    result = audit(EXAMPLES / "nested-retail.yaml")
    copy = pickle.loads(pickle.dumps(result))
    assert copy.findings == result.findings
    assert copy.score.to_dict() == result.score.to_dict()
    tactic, again = result.plan.tactics[0], copy.plan.tactics[0]
    assert (again.path, again.parent, again.funnel_stage) == (
        tactic.path,
        tactic.parent,
        tactic.funnel_stage,
    )
    assert again.kpis[0]._path == tactic.kpis[0]._path


def test_progress_is_called_once_per_file_in_order(portfolio: Path) -> None:
    seen: list[str] = []
    totals: list[int] = []

    def progress(total: int):
        totals.append(total)
        return lambda result: seen.append(result.path)

    results = audit_paths([portfolio], jobs=2, progress=progress)
    assert totals == [len(results)]
    assert seen == [r.path for r in results]


def test_a_worker_that_dies_does_not_lose_files(tmp_path: Path, monkeypatch) -> None:
    """If the pool breaks, the files not yet done are audited in this process."""
    from concurrent.futures.process import BrokenProcessPool

    import ramaudit.parallel as parallel

    paths = []
    for i in range(4):
        p = tmp_path / f"p{i}.yaml"
        p.write_text(plan_text(10, seed=i), encoding="utf-8")
        paths.append(p)

    class Broken:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def map(self, *args, **kwargs):
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, *args, **kwargs) -> None:
            pass

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Broken)
    tasks = [Task(str(p), Config()) for p in paths]
    results = parallel.audit_tasks(tasks, jobs=2)
    assert [r.path for r in results] == [str(p) for p in paths]
    assert all(r.score is not None for r in results)


def _run_on_terminal(args: list[str], tmp_path: Path) -> tuple[int, bytes]:
    """Run the installed CLI with stdout and stderr on a pseudo-terminal."""
    import pty

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS")}
    env["COLUMNS"] = "100"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ramaudit", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=env,
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many")
    for i in range(PROGRESS_MIN_FILES + 5):
        (root / f"plan-{i:03d}.yaml").write_text(plan_text(3, seed=i), encoding="utf-8")
    return root


def test_progress_bar_on_a_terminal_for_many_files(many: Path, tmp_path: Path) -> None:
    code, out = _run_on_terminal(["check", "--jobs", "2", str(many)], tmp_path)
    assert code == 1
    assert b"auditing" in out
    assert f"{PROGRESS_MIN_FILES + 5} files audited".encode() in out


def test_no_progress_bar_in_machine_formats(many: Path, tmp_path: Path) -> None:
    code, out = _run_on_terminal(["check", "--format", "json", str(many)], tmp_path)
    assert code == 1
    assert b"auditing" not in out


def test_no_progress_bar_for_a_few_files(tmp_path: Path) -> None:
    code, out = _run_on_terminal(["check", str(EXAMPLES)], tmp_path)
    assert code == 1
    assert b"auditing" not in out


def test_no_progress_bar_when_output_is_not_a_terminal(many: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ramaudit", "check", str(many)],
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},
        timeout=120,
    )
    assert proc.returncode == 1
    assert b"auditing" not in proc.stderr and b"auditing" not in proc.stdout

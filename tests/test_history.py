"""`ramaudit history`: the walk of a plan's git history (ramaudit.history), its three
formats and the command, on real temporary repositories with commits on fixed days."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.comparison import GitError
from ramaudit.history import HistoryPoint, plan_history
from ramaudit.report.formats import HISTORY
from ramaudit.report.history import render_json, render_markdown, render_text
from tracked_plans import FEBRUARY, JANUARY, UNTRACKED, commit, git, new_repo

runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """plans/plan.yaml: untracked on 2 January, January's check-ins on the 31st,
    renamed from plans/old.yaml on 1 February, February's on the 28th; an unrelated
    commit in between."""
    root = new_repo(tmp_path / "repo")
    commit(root, "plans/old.yaml", UNTRACKED, "2027-01-02T09:00:00+00:00", "Start the plan")
    commit(root, "README.md", "hi\n", "2027-01-10T09:00:00+00:00", "Unrelated")
    commit(root, "plans/old.yaml", JANUARY, "2027-01-31T17:00:00+00:00", "January check-in")
    git(root, "mv", "plans/old.yaml", "plans/plan.yaml")
    git(root, "commit", "-q", "-m", "Rename the plan", day="2027-02-01T09:00:00+00:00")
    commit(root, "plans/plan.yaml", FEBRUARY, "2027-02-28T17:00:00+00:00", "February check-in")
    return root


def short(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", "--short", rev).strip()


def test_the_history_has_one_point_per_version_oldest_first(repo: Path):
    h = plan_history(repo / "plans" / "plan.yaml")
    assert [p.day for p in h.points] == [
        dt.date(2027, 1, 2),
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 1),
        dt.date(2027, 2, 28),
    ]
    assert [p.subject for p in h.points] == [
        "Start the plan",
        "January check-in",
        "Rename the plan",
        "February check-in",
    ]
    assert [p.commit for p in h.points] == [short(repo, f"HEAD~{n}") for n in (4, 2, 1, 0)]
    assert h.points[-1].hash == git(repo, "rev-parse", "HEAD").strip()
    # followed through the rename
    assert [p.path for p in h.points] == ["plans/old.yaml"] * 2 + ["plans/plan.yaml"] * 2


def test_each_version_is_read_on_its_commits_day(repo: Path):
    start, january, renamed, february = plan_history(repo / "plans" / "plan.yaml").points
    assert (start.progress, start.expected, start.spent, start.ram_spent) == (None,) * 4
    assert start.budget == 100 and start.score is not None
    assert january.progress == 0.3
    assert january.expected == pytest.approx(31 / 90)  # 31 of the quarter's 90 days
    assert (january.spent, january.budget, january.ram_spent) == (200, 1500, 0)
    # The same content a day later: the calendar moved on, the progress did not.
    assert renamed.progress == 0.3 and renamed.expected == pytest.approx(32 / 90)
    assert february.progress == 0.4
    assert february.expected == pytest.approx(59 / 90)
    assert (february.spent, february.ram_spent, february.ram_planned) == (620, 120, 500)
    assert february.currency == "USD"
    assert all(isinstance(p.score, int) for p in (start, january, renamed, february))


def test_the_points_carry_the_attributes_a_chart_reads(repo: Path):
    (p, *_) = plan_history(repo / "plans" / "plan.yaml").points
    names = {f.name for f in dataclasses.fields(HistoryPoint)}
    wanted = {"day", "commit", "subject", "score", "progress", "expected", "spent", "budget"}
    assert names >= wanted | {"ram_spent"}
    assert isinstance(p.day, dt.date)


def test_max_count_keeps_the_newest_versions(repo: Path):
    h = plan_history(repo / "plans" / "plan.yaml", max_count=2)
    assert [p.subject for p in h.points] == ["Rename the plan", "February check-in"]
    assert h.max_count == 2


def test_since_keeps_the_commits_after_a_revision(repo: Path):
    h = plan_history(repo / "plans" / "plan.yaml", since="HEAD~2")
    assert [p.subject for p in h.points] == ["Rename the plan", "February check-in"]
    assert plan_history(repo / "plans" / "plan.yaml", since="HEAD").points == ()


def test_the_plan_on_disk_is_neither_read_nor_written(repo: Path):
    plan = repo / "plans" / "plan.yaml"
    plan.write_text("not: [a plan\n", "utf-8")  # uncommitted, and broken
    before = plan.stat().st_mtime_ns, plan.read_bytes()
    h = plan_history(plan)
    assert h.points[-1].progress == 0.4  # the committed version
    assert (plan.stat().st_mtime_ns, plan.read_bytes()) == before


def test_a_version_that_does_not_parse_has_no_score(repo: Path):
    commit(repo, "plans/plan.yaml", "plan: [\n", "2027-03-01T09:00:00+00:00", "Oops")
    last = plan_history(repo / "plans" / "plan.yaml").points[-1]
    assert (last.subject, last.score, last.progress, last.error) == ("Oops", None, None, None)


def test_a_deleted_and_restored_plan_skips_the_deletion(repo: Path):
    git(repo, "rm", "-q", "plans/plan.yaml")
    git(repo, "commit", "-q", "-m", "Drop it", day="2027-03-01T09:00:00+00:00")
    commit(repo, "plans/plan.yaml", FEBRUARY, "2027-03-02T09:00:00+00:00", "Bring it back")
    subjects = [p.subject for p in plan_history(repo / "plans" / "plan.yaml").points]
    assert "Drop it" not in subjects and subjects[-1] == "Bring it back"


def test_a_merged_branch_counts_once_on_the_day_it_was_merged(repo: Path):
    git(repo, "checkout", "-q", "-b", "march")
    commit(repo, "plans/plan.yaml", JANUARY, "2027-03-05T09:00:00+00:00", "On the branch")
    git(repo, "checkout", "-q", "main")
    commit(repo, "README.md", "hello\n", "2027-03-06T09:00:00+00:00", "Meanwhile")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge march", "march", day="2027-03-07T09:00:00Z")
    points = plan_history(repo / "plans" / "plan.yaml").points
    assert [p.subject for p in points][-2:] == ["February check-in", "Merge march"]
    assert points[-1].day == dt.date(2027, 3, 7) and points[-1].progress == 0.3


def test_a_plan_in_another_currency(repo: Path):
    commit(
        repo,
        "plans/plan.yaml",
        FEBRUARY.replace("  name: Tracked plan\n", "  name: Tracked plan\n  currency: EUR\n"),
        "2027-03-01T09:00:00+00:00",
        "Euros",
    )
    h = plan_history(repo / "plans" / "plan.yaml")
    assert [p.currency for p in h.points][-2:] == ["USD", "EUR"]
    text = render_text(h)
    assert "620 / 1,500 EUR" in text and "620 / 1,500 USD" in text


# --------------------------------------------------------------------------- errors


def test_errors_are_clear(repo: Path, tmp_path: Path):
    with pytest.raises(GitError, match="is not in the git history; commit it first"):
        (repo / "plans" / "new.yaml").write_text(UNTRACKED, "utf-8")
        plan_history(repo / "plans" / "new.yaml")
    with pytest.raises(GitError, match="unknown git revision 'nope'"):
        plan_history(repo / "plans" / "plan.yaml", since="nope")
    with pytest.raises(GitError, match="not a git revision"):
        plan_history(repo / "plans" / "plan.yaml", since="--all")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "plan.yaml").write_text(UNTRACKED, "utf-8")
    with pytest.raises(GitError, match="not inside a git repository; history reads"):
        plan_history(outside / "plan.yaml")
    with pytest.raises(GitError, match="no such file"):
        plan_history(tmp_path / "nowhere" / "plan.yaml")
    empty = new_repo(tmp_path / "empty")
    (empty / "plan.yaml").write_text(UNTRACKED, "utf-8")
    with pytest.raises(GitError, match="has no commits yet"):
        plan_history(empty / "plan.yaml")


def test_git_missing_is_a_clear_error(repo: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(repo / "no-bin-here"))
    with pytest.raises(GitError, match=r"git is not installed .*; history reads"):
        plan_history(repo / "plans" / "plan.yaml")


# --------------------------------------------------------------------------- formats


def test_text_is_a_table_of_80_columns(repo: Path):
    h = plan_history(repo / "plans" / "plan.yaml")
    text = render_text(h)
    lines = text.splitlines()
    assert lines[0] == f"{h.path}: 4 versions, 2027-01-02 to 2027-02-28"
    header = "Date Commit Score Progress Spent / budget RAM Subject"
    assert lines[1].split() == header.split()
    assert all(len(line) <= 80 for line in lines[1:6])
    row = lines[5].split()
    assert row[:2] == ["2027-02-28", short(repo, "HEAD")]
    assert row[3:10] == ["40%", "(66%)", "620", "/", "1,500", "120", "/"]
    assert "— / 100" in lines[2]
    assert "(USD)" in text


def test_markdown_is_a_table(repo: Path):
    doc = render_markdown(plan_history(repo / "plans" / "plan.yaml"))
    rows = [line for line in doc.splitlines() if line.startswith("| 2027")]
    assert len(rows) == 4
    assert rows[-1] == (
        f"| 2027-02-28 | `{short(repo, 'HEAD')}` | {rows[-1].split(' | ')[2]} | 40% | 66% "
        "| 620 | 1,500 | 120 | 500 | February check-in |"
    )


def test_json_keeps_one_shape(repo: Path):
    data = json.loads(render_json(plan_history(repo / "plans" / "plan.yaml")))
    assert data["version"] == 1 and data["plan"].endswith("plan.yaml")
    keys = [set(p) for p in data["points"]]
    assert all(k == keys[0] for k in keys)
    assert keys[0] >= {"day", "commit", "subject", "score", "progress", "expected", "spent"}
    first, *_, last = data["points"]
    assert first["progress"] is None and first["spent"] is None
    assert last["day"] == "2027-02-28" and last["progress"] == 0.4 and last["ram_spent"] == 120
    assert data["summary"]["versions"] == 4
    assert data["summary"]["score"]["last"] == last["score"]


def test_an_empty_history_in_every_format(repo: Path):
    h = plan_history(repo / "plans" / "plan.yaml", since="HEAD")
    assert "no commit after HEAD changed it" in render_text(h)
    assert "no commit after HEAD changed it" in render_markdown(h)
    data = json.loads(render_json(h))
    assert data["points"] == [] and data["summary"]["score"]["delta"] is None


# --------------------------------------------------------------------------- command


def run_in(repo: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        return runner.invoke(app, ["history", *args], env={"COLUMNS": "80", "NO_COLOR": "1"})
    finally:
        os.chdir(cwd)


def test_cli_formats(repo: Path):
    for fmt in HISTORY.names:
        result = run_in(repo, "plans/plan.yaml", "-f", fmt)
        assert result.exit_code == 0, result.output
        assert "2027-02-28" in result.stdout
    data = json.loads(run_in(repo, "plans/plan.yaml", "-f", "json", "-n", "1").stdout)
    assert [p["subject"] for p in data["points"]] == ["February check-in"]
    data = json.loads(run_in(repo, "plans/plan.yaml", "-f", "json", "--since", "HEAD~1").stdout)
    assert data["since"] == "HEAD~1" and len(data["points"]) == 1


def test_cli_errors_exit_2(repo: Path, tmp_path: Path):
    bad_rev = run_in(repo, "plans/plan.yaml", "--since", "nope")
    assert bad_rev.exit_code == 2 and "unknown git revision 'nope'" in bad_rev.stderr
    untracked = run_in(repo, "plans/none.yaml")
    assert untracked.exit_code == 2 and "is not in the git history" in untracked.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "plan.yaml").write_text(UNTRACKED, "utf-8")
    result = run_in(outside, "plan.yaml")
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr
    zero = run_in(repo, "plans/plan.yaml", "-n", "0")
    assert (
        zero.exit_code == 2 and "--max-count: expected a whole number of at least 1" in zero.stderr
    )
    fmt = run_in(repo, "plans/plan.yaml", "-f", "html")
    assert fmt.exit_code == 2 and "choose from text, json, markdown" in fmt.stderr


def test_cli_never_writes_over_the_plan(repo: Path):
    plan = repo / "plans" / "plan.yaml"
    before = plan.read_bytes()
    result = run_in(repo, "plans/plan.yaml", "-o", "plans/plan.yaml", "--force")
    assert result.exit_code == 2 and "never writes to it" in result.stderr
    assert plan.read_bytes() == before
    written = run_in(repo, "plans/plan.yaml", "-f", "markdown", "-o", "history.md")
    assert written.exit_code == 0 and (repo / "history.md").read_text("utf-8").startswith("## ")

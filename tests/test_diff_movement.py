"""`ramaudit diff` of plans that record their run: progress and spend moved between
versions, each version read on its own as-of day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit.api import audit_text
from ramaudit.cli import app
from ramaudit.comparison import compare, diff_since
from ramaudit.config.effective import Config
from ramaudit.report.diff import render_diff
from tracked_plans import (
    FEBRUARY,
    JANUARY,
    UNTRACKED,
    checkin,
    commit,
    expense,
    new_repo,
    tracked,
)

runner = CliRunner()
END_OF_FEB = dt.date(2027, 2, 28)


def on(day: dt.date) -> Config:
    return Config(as_of=day)


def diff_of(old: str | None, new: str | None, old_day: dt.date, new_day: dt.date):
    return compare(
        audit_text(old, "old.yaml", on(old_day)) if old is not None else None,
        audit_text(new, "new.yaml", on(new_day)) if new is not None else None,
    )


def test_progress_and_spend_move_between_versions():
    d = diff_of(JANUARY, FEBRUARY, dt.date(2027, 1, 31), END_OF_FEB)
    mv = d.movement
    assert mv is not None
    assert (mv.old_as_of, mv.new_as_of) == (dt.date(2027, 1, 31), END_OF_FEB)
    (kr,) = mv.key_results
    assert (kr.owner, kr.kind, kr.metric) == ("o1", "objective", "qualified leads")
    assert (kr.old_progress, kr.new_progress) == (0.3, 0.4)
    assert kr.delta == pytest.approx(0.1)
    # 31 of 90 days gone at the end of January, 59 at the end of February
    assert kr.old_expected == pytest.approx(31 / 90)
    assert kr.new_expected == pytest.approx(59 / 90)
    assert (kr.old_state, kr.new_state) == ("on track", "off track")
    spend = {s.item: s for s in mv.spend}
    assert list(spend) == ["t1", "t2"]
    assert (spend["t1"].old_spent, spend["t1"].new_spent, spend["t1"].delta) == (200, 500, 300)
    assert (spend["t2"].old_spent, spend["t2"].new_spent, spend["t2"].delta) == (None, 120, 120)
    assert (spend["t1"].kind, spend["t1"].new_budget) == ("tactic", 1000)
    assert mv.old is not None and mv.new is not None
    assert (mv.old.spent, mv.new.spent, mv.spent_delta()) == (200, 620, 420)
    assert (mv.old.ram_spent, mv.new.ram_spent, mv.ram_delta()) == (0, 120, 120)
    assert mv.old.budget == mv.new.budget == 1500
    assert mv.moved and d.changed


def test_the_same_version_read_on_a_later_day_changes_state_only():
    # No new check-in, but a month later the same 30% is far behind the calendar.
    d = diff_of(JANUARY, JANUARY, dt.date(2027, 1, 31), END_OF_FEB)
    assert d.movement is not None
    (kr,) = d.movement.key_results
    assert (kr.old_progress, kr.new_progress, kr.delta) == (0.3, 0.3, 0)
    assert (kr.old_state, kr.new_state) == ("on track", "off track")
    assert [s.delta for s in d.movement.spend] == [0]
    assert d.movement.moved


def test_at_risk_by_low_confidence_shows_as_a_state_change():
    low = tracked([checkin("2027-01-31", 30, 0.3)])
    d = diff_of(JANUARY, low, dt.date(2027, 1, 31), dt.date(2027, 1, 31))
    assert d.movement is not None
    (kr,) = d.movement.key_results
    assert (kr.old_state, kr.new_state) == ("on track", "at risk")
    assert kr.delta == 0


def test_a_plan_without_check_ins_has_no_movement():
    d = diff_of(UNTRACKED, UNTRACKED.replace("budget: 100", "budget: 90"), END_OF_FEB, END_OF_FEB)
    assert d.movement is None
    assert "movement" not in d.to_dict()
    for fmt in ("text", "markdown"):
        assert "Progress and spend" not in render_diff(fmt, [d])


def test_one_tracked_side_is_enough():
    # The plan starts recording its run: the version before had nothing to read.
    d = diff_of(tracked(), JANUARY, END_OF_FEB, END_OF_FEB)
    assert d.movement is not None
    (kr,) = d.movement.key_results
    assert (kr.old_progress, kr.old_state) == (None, "no check-in")
    assert kr.new_progress == 0.3
    assert d.movement.old is not None and d.movement.old.spent is None
    assert d.movement.spent_delta() == 200


def test_an_added_plan_shows_its_progress_with_nothing_before():
    d = diff_of(None, JANUARY, END_OF_FEB, END_OF_FEB)
    assert d.movement is not None and d.movement.old is None and d.movement.old_as_of is None
    (kr,) = d.movement.key_results
    assert (kr.old_state, kr.new_state) == (None, "off track")
    text = render_diff("text", [d])
    assert "read on — → 2027-02-28" in text


def test_a_version_that_does_not_parse_has_no_movement():
    d = diff_of(JANUARY, "plan: [\n", END_OF_FEB, END_OF_FEB)
    assert d.unparsed == ("new",) and d.movement is None


def test_a_key_result_or_item_in_one_version_only_is_listed():
    removed = JANUARY.replace("  - id: t2\n    owner: Ana\n    budget: 500\n    expenses: []\n", "")
    d = diff_of(FEBRUARY, removed, END_OF_FEB, END_OF_FEB)
    assert d.movement is not None
    t2 = next(s for s in d.movement.spend if s.item == "t2")
    assert (t2.old_spent, t2.new_spent, t2.new_budget) == (120, None, None)


def test_a_tracking_finding_is_the_same_finding_after_a_new_check_in():
    # Off track before and after: RA501 points at the latest check-in (checkins[0],
    # then checkins[1]) but is one finding, neither fixed nor new.
    before = tracked([checkin("2027-01-31", 10)])
    after = tracked([checkin("2027-01-31", 10), checkin("2027-02-28", 20)])
    d = diff_of(before, after, END_OF_FEB, END_OF_FEB)
    assert [f.code for f in d.introduced] == [] and [f.code for f in d.fixed] == []
    assert d.unchanged >= 1
    assert not d.regression


def test_a_key_result_falling_behind_is_a_new_finding_and_slows_velocity():
    d = diff_of(JANUARY, JANUARY, dt.date(2027, 1, 31), END_OF_FEB)
    # RA501 off track now; RA503 too: a KPI still unread a cadence into the period.
    assert sorted(f.code for f in d.introduced) == ["RA501", "RA503"]
    # The same progress a month later is slower against the time gone: only the
    # efficient-execution question (its velocity) moves, and only down.
    changed = [q for q in d.score.questions if q.old != q.new]
    assert [q.key for q in changed] == ["execution"] and d.score.delta < 0


def test_every_format_shows_the_movement():
    d = diff_of(JANUARY, FEBRUARY, dt.date(2027, 1, 31), END_OF_FEB)
    text = render_diff("text", [d], width=80)
    assert "Progress and spend (read on 2027-01-31 → 2027-02-28)" in text
    assert (
        "  objective o1 qualified leads  30% → 40% (+10 pts), expected 34% → 66%, "
        "on track → off track\n"
    ) in text
    assert "  tactic t2  spent — → 120 USD (+120) of a budget of 500\n" in text
    assert "  Spent: 200 → 620 USD (+420); on random acts: 0 → 120 USD (+120)" in text
    wrapped = render_diff("text", [d], width=40, wrap=True)
    assert max(len(line) for line in wrapped.splitlines()) <= 40
    md = render_diff("markdown", [d])
    assert "**Progress and spend** (read on 2027-01-31 → 2027-02-28)" in md
    assert "| objective `o1` qualified leads | 30% → 40% | +10 pts | 34% → 66% |" in md
    assert "| tactic `t2` | — | 120 | +120 | 500 |" in md
    data = json.loads(render_diff("json", [d]))["plans"][0]["movement"]
    assert data["as_of"] == {"old": "2027-01-31", "new": "2027-02-28"}
    (kr,) = data["key_results"]
    assert kr["progress"] == {"old": 0.3, "new": 0.4, "delta": 0.1}
    assert kr["state"] == {"old": "on track", "new": "off track"}
    assert data["spend"][0] == {
        "item": "t1",
        "kind": "tactic",
        "spent": {"old": 200, "new": 500, "delta": 300},
        "budget": {"old": 1000, "new": 1000},
    }
    assert data["totals"]["new"] == {"budget": 1500, "spent": 620, "ram_spent": 120}
    assert data["totals"]["spent_delta"] == 420


def test_progress_only_plans_print_no_spend_lines():
    only = tracked([checkin("2027-01-31", 30)])
    d = diff_of(only, only, dt.date(2027, 1, 31), END_OF_FEB)
    text = render_diff("text", [d])
    assert "Progress and spend" in text and "Spent:" not in text and " spent " not in text


# --------------------------------------------------------------------------- command


def test_cli_as_of_reads_both_files_on_that_day(tmp_path: Path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(JANUARY, "utf-8")
    new.write_text(FEBRUARY, "utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "--as-of", "2027-02-28", "-f", "json"])
    assert result.exit_code == 0, result.output
    mv = json.loads(result.stdout)["plans"][0]["movement"]
    assert mv["as_of"] == {"old": "2027-02-28", "new": "2027-02-28"}
    bad = runner.invoke(app, ["diff", str(old), str(new), "--as-of", "end of March"])
    assert bad.exit_code == 2 and "--as-of must be a day written YYYY-MM-DD" in bad.stderr


def test_since_reads_the_old_version_on_its_commits_day(tmp_path: Path):
    repo = new_repo(tmp_path / "repo")
    commit(repo, "plan.yaml", JANUARY, "2027-01-31T18:00:00+00:00", "January check-in")
    (repo / "plan.yaml").write_text(FEBRUARY, "utf-8")
    d = diff_since(repo / "plan.yaml", "HEAD", on(END_OF_FEB))
    assert d.movement is not None
    assert (d.movement.old_as_of, d.movement.new_as_of) == (dt.date(2027, 1, 31), END_OF_FEB)
    (kr,) = d.movement.key_results
    assert (kr.old_state, kr.new_state) == ("on track", "off track")
    # The old version's own findings are those of its day: on track then, so RA501 is
    # new now (with RA503, a KPI still unread, and RA506, the new spend on t2).
    assert sorted(f.code for f in d.introduced) == ["RA501", "RA503", "RA506"]


def test_since_never_reads_the_old_version_after_the_new_one(tmp_path: Path):
    repo = new_repo(tmp_path / "repo")
    commit(repo, "plan.yaml", JANUARY, "2027-03-15T09:00:00+00:00", "later commit")
    d = diff_since(repo / "plan.yaml", "HEAD", on(END_OF_FEB))
    assert d.movement is not None
    assert d.movement.old_as_of == d.movement.new_as_of == END_OF_FEB


def test_since_takes_the_day_in_the_committers_time_zone(tmp_path: Path):
    repo = new_repo(tmp_path / "repo")
    # 23:30 on 31 January in New York is already 1 February in UTC.
    commit(repo, "plan.yaml", JANUARY, "2027-01-31T23:30:00-05:00", "late")
    d = diff_since(repo / "plan.yaml", "HEAD", on(END_OF_FEB))
    assert d.movement is not None and d.movement.old_as_of == dt.date(2027, 1, 31)


def test_since_every_changed_plan_reads_each_old_version_on_the_commits_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    repo = new_repo(tmp_path / "repo")
    commit(repo, "plans/a.yaml", JANUARY, "2027-01-31T12:00:00+00:00", "a")
    (repo / "plans" / "a.yaml").write_text(
        tracked(
            [checkin("2027-01-31", 30, 0.8), checkin("2027-02-20", 35)],
            [expense("2027-01-15", 200)],
        ),
        "utf-8",
    )
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["diff", "--since", "HEAD", "--as-of", "2027-02-28", "-f", "json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["plans"]
    assert entry["movement"]["as_of"] == {"old": "2027-01-31", "new": "2027-02-28"}
    assert entry["movement"]["key_results"][0]["progress"]["new"] == 0.35

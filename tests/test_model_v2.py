"""Format 2 as the model reads it: periods, relative targets, placeholders, milestone
deadlines, owner lists, campaigns and milestones nested or flat, budget lines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import audit_yaml, findings

D = dt.date

FISCAL_PLAN = """
    version: 2
    plan:
      name: FY plan
      period: FY27
      fiscal_year_start: april
    objectives:
      - id: o-a
        kpis:
          - {metric: revenue, target: 10, deadline: DEADLINE}
    tactics:
      - {id: t-a, objectives: o-a, start: START, end: END}
"""


def _fiscal(deadline: str = "Q4", start: str = "Q1", end: str = "Q1"):
    text = FISCAL_PLAN.replace("DEADLINE", deadline).replace("START", start)
    return audit_yaml(text.replace("END", end))


def test_a_fiscal_year_is_named_by_the_year_it_ends_in():
    result = _fiscal()
    period = result.plan.info.period
    assert (period.start, period.end) == (D(2026, 4, 1), D(2027, 3, 31))
    assert result.plan.info.fiscal_year_start == 4
    assert result.plan.version == 2


@pytest.mark.parametrize(
    ("deadline", "day"),
    [
        ("Q1", D(2026, 6, 30)),
        ("Q3", D(2026, 12, 31)),
        ("Q4", D(2027, 3, 31)),
        ("H1", D(2026, 9, 30)),
        ("FY27", D(2027, 3, 31)),
        ("2026-11", D(2026, 11, 30)),
        ("2027-02-14", D(2027, 2, 14)),
    ],
)
def test_a_deadline_written_as_a_period_is_its_last_day(deadline, day):
    result = _fiscal(deadline=deadline)
    assert result.plan.objectives[0].kpis[0].deadline == day
    assert not findings_of(result, "RA002")


def test_a_start_written_as_a_period_is_its_first_day_and_an_end_its_last():
    tactic = _fiscal(start="Q2", end="Q3").plan.tactics[0]
    assert (tactic.start, tactic.end) == (D(2026, 7, 1), D(2026, 12, 31))


def test_a_period_without_a_year_needs_a_plan_period():
    (f,) = findings(
        """
        plan: {name: p}
        tactics:
          - {id: t-a, start: Q2}
        """,
        "RA002",
    )
    assert (f.line, f.column, f.pointer) == (3, 22, "tactics[0].start")
    assert "must be a date or a period of the calendar" in f.message


def test_a_wrong_quarter_says_how_to_write_one():
    (f,) = findings("plan: {name: p}\ntactics:\n  - {id: t-a, end: Q5 2027}\n", "RA002")
    assert (f.line, f.column) == (3, 20)
    assert "Q5 2027" in f.message and "Q3 2027" in f.message


def test_the_plan_period_may_be_one_period():
    result = audit_yaml("plan: {name: p, period: Q2 2027}\n")
    period = result.plan.info.period
    assert (period.start, period.end) == (D(2027, 4, 1), D(2027, 6, 30))


def test_a_plan_period_that_is_no_period_is_reported_where_it_stands():
    (f,) = findings("plan: {name: p, period: sometime}\n", "RA002")
    assert (f.line, f.column, f.pointer) == (1, 25, "plan.period")


TARGETS = """
    version: 2
    plan: {name: p, period: 2027}
    objectives:
      - id: o-a
        kpis:
          - {metric: qualified leads, baseline: BASE, target: TARGET, deadline: 2027-12-31}
"""


def _kpi(target: str, baseline: str = "1000"):
    result = audit_yaml(TARGETS.replace("TARGET", target).replace("BASE", baseline))
    return result, result.plan.objectives[0].kpis[0]


@pytest.mark.parametrize(
    ("target", "number", "kind"),
    [
        ("+20%", 1200.0, "change"),
        ("-30%", 700.0, "change"),
        ("3x", 3000.0, "multiple"),
        ("+5pp", 1005.0, "points"),
        ("1500", 1500.0, None),
    ],
)
def test_a_change_against_the_baseline_means_a_number(target, number, kind):
    result, kpi = _kpi(target)
    assert kpi.target == pytest.approx(number)
    assert (kpi.target_form.kind if kpi.target_form else None) == kind
    assert kpi.target_set
    assert not findings_of(result, "RA002")


def test_growth_per_month_compounds_over_the_plan_period():
    _result, kpi = _kpi("+5% month over month")
    assert kpi.target_form.per == "month"
    assert kpi.target == pytest.approx(1000 * 1.05**12)


def test_a_rate_says_its_unit():
    _result, kpi = _kpi("15%", baseline="12%")
    assert (kpi.target, kpi.baseline, kpi.unit) == (15.0, 12.0, "%")


def test_a_change_without_a_baseline_is_set_but_has_no_number():
    result = audit_yaml(
        "plan: {name: p}\nobjectives:\n  - id: o-a\n    kpis: [{metric: leads, target: +20%}]\n"
    )
    kpi = result.plan.objectives[0].kpis[0]
    assert kpi.target is None and kpi.target_set and kpi.target_form.relative


def test_a_confidential_target_is_set_without_a_number():
    _result, kpi = _kpi("confidential")
    assert kpi.target is None and kpi.confidential and kpi.target_set


@pytest.mark.parametrize("mark", ["TBD", "'???'", "'-'", "n/a", "to be decided", "TBC"])
@pytest.mark.parametrize("where", ["target", "baseline"])
def test_a_placeholder_in_a_number_is_undecided_not_an_error(mark, where):
    text = TARGETS.replace("TARGET" if where == "target" else "BASE", mark)
    result = audit_yaml(text.replace("TARGET", "1200").replace("BASE", "1000"))
    kpi = result.plan.objectives[0].kpis[0]
    assert getattr(kpi, where) is None
    assert kpi.undecided == {where: mark.strip("'")}
    assert not findings_of(result, "RA002")
    # No rule calls an undecided field missing.
    assert not findings_of(result, "RA203") and not findings_of(result, "RA207")


def test_placeholders_in_dates_ids_and_fixed_words_are_undecided():
    result = audit_yaml("""
        plan: {name: p, review_cadence: TBD, budget: TBC}
        objectives:
          - id: o-a
            kpis: [{metric: leads, target: 1, deadline: TBD, direction: "?"}]
        tactics:
          - {id: t-a, objectives: [o-a, TBD], segment: TBD, start: "-", budget: n/a}
    """)
    assert not findings_of(result, "RA002")
    assert result.plan.info.undecided == {"review_cadence": "TBD", "budget": "TBC"}
    assert result.plan.objectives[0].kpis[0].undecided == {"deadline": "TBD", "direction": "?"}
    tactic = result.plan.tactics[0]
    assert tactic.objectives == ["o-a"]
    assert tactic.undecided == {
        "objectives": "TBD",
        "segment": "TBD",
        "start": "-",
        "budget": "n/a",
    }


def test_a_deadline_may_name_a_milestone():
    result = audit_yaml("""
        version: 2
        plan: {name: p}
        objectives:
          - id: o-a
            kpis: [{metric: leads, target: 1, deadline: m-launch}]
            milestones:
              - {id: m-launch, name: Site live, due: 2027-03}
    """)
    kpi = result.plan.objectives[0].kpis[0]
    assert kpi.deadline_milestone == "m-launch"
    assert kpi.deadline == D(2027, 3, 31)
    assert result.plan.milestones[0].parent == "o-a"


def test_a_deadline_naming_no_milestone_is_reported_at_the_deadline():
    (f,) = findings(
        """
        plan: {name: p}
        objectives:
          - id: o-a
            kpis: [{metric: leads, target: 1, deadline: next week}]
        """,
        "RA002",
    )
    assert (f.line, f.column, f.pointer) == (4, 49, "objectives[0].kpis[0].deadline")
    assert f.message.startswith("KPI 'leads' of objective 'o-a': 'deadline' must be a date")


def test_an_owner_list_is_read_as_its_first_name():
    result = audit_yaml("plan: {name: p}\ngoals:\n  - {id: g, owner: [Ann, Bob]}\n")
    goal = result.plan.goals[0]
    assert (goal.owner, goal.shared_owners) == ("Ann", ("Ann", "Bob"))
    assert not findings_of(result, "RA002")


def test_an_owner_list_of_one_is_that_owner():
    goal = audit_yaml("plan: {name: p}\ngoals:\n  - {id: g, owner: [Ann]}\n").plan.goals[0]
    assert (goal.owner, goal.shared_owners) == ("Ann", ())


def test_campaigns_milestones_and_budget_lines_are_read_nested_and_flat():
    result = audit_yaml("""
        version: 2
        plan: {name: p}
        objectives:
          - id: o-a
            campaigns:
              - id: c-launch
                tactics:
                  - {id: t-webinar}
        campaigns:
          - {id: c-two, objectives: o-a}
        milestones:
          - {id: m-one, objectives: o-a, due: Q3 2027, done: true}
        tactics:
          - {id: t-ads, campaign: c-two, depends_on: [m-one], contributors: [sales]}
        budget_lines:
          - {id: b-tools, kind: Tools, amount: 1200}
        segments:
          - {id: s-sales, kind: Internal}
    """)
    plan = result.plan
    assert [c.id for c in plan.campaigns] == ["c-launch", "c-two"]
    assert plan.campaigns[0].parent == "o-a"
    assert [(t.id, t.parent) for t in plan.tactics] == [("t-webinar", "c-launch"), ("t-ads", None)]
    assert plan.tactics[1].campaign == ["c-two"] and plan.tactics[1].depends_on == ["m-one"]
    assert plan.milestones[0].due == D(2027, 9, 30) and plan.milestones[0].done is True
    assert (plan.budget_lines[0].kind, plan.budget_lines[0].amount) == ("tools", 1200.0)
    assert plan.segments[0].kind == "internal"
    assert not findings_of(result, "RA002")


def test_a_tactic_in_a_campaign_is_named_by_its_campaign_in_messages():
    (f,) = findings(
        """
        plan: {name: p}
        campaigns:
          - id: c-a
            tactics:
              - {id: t-a, budget: lots}
        """,
        "RA002",
    )
    assert "tactic 't-a'" in f.message and (f.line, f.column) == (5, 27)


@pytest.mark.parametrize("value", ["3", "two", "true", "[2]"])
def test_a_version_other_than_1_or_2_is_reported(value):
    (f,) = findings(f"version: {value}\nplan: {{name: p}}\n", "RA002")
    assert (f.line, f.column, f.pointer) == (1, 10, "version")
    assert "'version' must be 1 or 2" in f.message


def test_version_1_and_2_are_read():
    assert audit_yaml("version: 1\nplan: {name: p}\n").plan.version == 1
    assert audit_yaml("plan: {name: p}\n").plan.version == 1
    assert audit_yaml("version: 2\nplan: {name: p}\n").plan.version == 2


def findings_of(result, code):
    return [f for f in result.findings if f.code == code]


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
    st.sampled_from(["deadline", "start"]),
)
def test_any_iso_day_reads_back_as_itself(day, field):
    text = f"plan: {{name: p}}\ntactics:\n  - {{id: t, start: {day}, end: {day}}}\n"
    tactic = audit_yaml(text).plan.tactics[0]
    assert tactic.start == day and tactic.end == day


@given(st.integers(min_value=1, max_value=4), st.integers(min_value=1901, max_value=2199))
def test_every_quarter_starts_on_a_first_and_ends_on_a_last_day(quarter, year):
    when = f"Q{quarter} {year}"
    text = f"plan: {{name: p}}\ntactics:\n  - {{id: t, start: {when}, end: {when}}}\n"
    tactic = audit_yaml(text).plan.tactics[0]
    assert tactic.start == D(year, 3 * quarter - 2, 1)
    assert (tactic.end + dt.timedelta(days=1)).day == 1
    assert tactic.end.month == 3 * quarter


def test_a_target_form_written_wrongly_is_reported_once():
    text = "plan: {name: p}\nobjectives:\n  - id: o-a\n    kpis: [{metric: leads, target: -200%}]\n"
    result = audit_yaml(text)
    (f,) = findings_of(result, "RA002")
    assert (f.line, f.column) == (4, 36) and "below zero" in f.message
    assert not findings_of(result, "RA203")  # the target was written, wrongly: RA002's

"""RA306 outside-period: dates outside the plan period, or an end before the start."""

from conftest import findings, positions
from ramaudit.config.effective import Config

HEAD = """
plan:
  name: Plan
  period:
    start: 2027-01-01
    end: 2027-12-31
"""


def test_tactic_ending_before_it_starts_is_reported_at_its_end():
    text = (
        HEAD
        + """
tactics:
  - id: t-sampling
    start: 2027-09-15
    end: 2027-06-01
"""
    )
    (f,) = findings(text, "RA306")
    assert (f.line, f.column) == (10, 10)
    assert f.severity.value == "warning"
    assert "before it starts" in f.message


def test_tactic_dates_outside_the_period_are_reported_at_each_date():
    text = (
        HEAD
        + """
tactics:
  - id: t-early
    start: 2026-11-01
    end: 2027-02-01
  - id: t-late
    start: 2027-11-01
    end: 2028-01-31
"""
    )
    found = findings(text, "RA306")
    assert [(f.line, f.column) for f in found] == [(9, 12), (13, 10)]
    assert "before the plan period begins" in found[0].message
    assert "after the plan period ends" in found[1].message


def test_kpi_deadlines_outside_the_period_are_reported_at_the_deadline():
    text = (
        HEAD
        + """
objectives:
  - id: o-a
    kpis:
      - {metric: leads, target: 5, deadline: 2028-03-31}
      - {metric: pipeline, target: 5, deadline: 2026-12-31}
"""
    )
    assert positions(text, "RA306") == [(10, 46), (11, 49)]


def test_grace_days_let_deadlines_run_past_the_period():
    text = (
        HEAD
        + """
objectives:
  - id: o-a
    kpis:
      - {metric: revenue, target: 5, deadline: 2028-01-15}
"""
    )
    assert len(findings(text, "RA306")) == 1
    assert findings(text, "RA306", Config(rule_options={"RA306": {"grace_days": 31}})) == []


def test_broken_plan_period_is_reported_once():
    text = """
    plan:
      name: Plan
      period: {start: 2027-12-31, end: 2027-01-01}
    tactics:
      - {id: t-a, start: 2026-01-01, end: 2026-02-01}
    """
    (f,) = findings(text, "RA306")
    assert (f.line, f.column) == (3, 36)


def test_dates_inside_the_period_or_without_a_period_stay_quiet():
    text = (
        HEAD
        + """
tactics:
  - id: t-a
    start: 2027-01-01
    end: 2027-12-31
    kpis: [{metric: leads, target: 5, deadline: 2027-12-31}]
"""
    )
    assert positions(text, "RA306") == []
    undated = """
    plan:
      name: Plan
    tactics:
      - {id: t-a, start: 2020-01-01, end: 2031-01-01}
    """
    assert positions(undated, "RA306") == []

"""RA208 target-not-beyond-baseline: targets that plan for no improvement."""

import pytest

from conftest import findings, positions


def plan(kpi: str) -> str:
    return f"""
    plan:
      name: Plan
    objectives:
      - id: o-a
        kpis:
          - {kpi}
    """


def test_decreasing_metric_with_a_higher_target_is_reported_at_the_target():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-retention
        kpis:
          - metric: churn rate
            baseline: 8
            target: 10
    """
    (f,) = findings(text, "RA208")
    assert (f.line, f.column) == (8, 17)
    assert f.severity.value == "warning"
    assert "lower is better (guessed from the metric)" in f.message


@pytest.mark.parametrize(
    "kpi",
    [
        "{metric: qualified leads, baseline: 300, target: 250}",
        "{metric: qualified leads, baseline: 300, target: 300}",
        "{metric: cost per lead, baseline: 80, target: 95}",
        "{metric: satisfaction, baseline: 4.2, target: 4.0}",
        "{metric: returns, baseline: 10, target: 12, direction: decrease}",
        "{metric: cost per lead, baseline: 80, target: 60, direction: increase}",
    ],
)
def test_targets_that_do_not_improve(kpi):
    # The finding points at the target's value; the KPI starts in column 9.
    column = 9 + kpi.index("target: ") + len("target: ")
    assert positions(plan(kpi), "RA208") == [(6, column)]


def test_equal_target_says_so():
    (f,) = findings(plan("{metric: leads, baseline: 3, target: 3}"), "RA208")
    assert "equals its baseline" in f.message


def test_tactic_kpis_are_checked_too():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        kpis:
          - {metric: revenue, baseline: 10, target: 5}
    """
    assert positions(text, "RA208") == [(6, 49)]


@pytest.mark.parametrize(
    "kpi",
    [
        "{metric: qualified leads, baseline: 300, target: 450}",
        "{metric: churn rate, baseline: 8.5, target: 6}",
        "{metric: complaints, baseline: 40, target: 60, direction: increase}",
        "{metric: qualified leads, target: 450}",
        "{metric: qualified leads, baseline: 300}",
    ],
)
def test_improving_or_incomplete_targets_stay_quiet(kpi):
    assert positions(plan(kpi), "RA208") == []

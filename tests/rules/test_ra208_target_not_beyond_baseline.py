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


@pytest.mark.parametrize(
    "kpi",
    [
        # Returns on spend go up, whatever the word "return" suggests.
        "{metric: return on ad spend, baseline: 3.1, target: 4}",
        "{metric: ROAS, baseline: 3.1, target: 4}",
        "{metric: return on investment, baseline: 1.5, target: 2}",
        "{metric: ROI, baseline: 1.5, target: 2}",
        # Losses go down although customers go up.
        "{metric: churned customers, baseline: 40, target: 25}",
        "{metric: customers lost, baseline: 40, target: 25}",
        "{metric: lost customers, baseline: 40, target: 25}",
        "{metric: cancellations, baseline: 40, target: 25}",
        "{metric: cost per MQL, baseline: 120, target: 90}",
        "{metric: product returns, baseline: 300, target: 200}",
    ],
)
def test_the_direction_follows_what_the_metric_counts(kpi):
    assert positions(plan(kpi), "RA208") == []


@pytest.mark.parametrize(
    "kpi",
    [
        "{metric: return on ad spend, baseline: 4, target: 3.1}",
        "{metric: churned customers, baseline: 25, target: 40}",
    ],
)
def test_a_wrong_way_target_on_those_metrics_is_reported(kpi):
    (f,) = findings(plan(kpi), "RA208")
    assert "is worse than its baseline" in f.message


def test_a_stated_direction_is_not_asked_for_again():
    (f,) = findings(
        plan("{metric: cost per lead, baseline: 80, target: 60, direction: increase}"),
        "RA208",
    )
    assert "higher is better (as its 'direction:' says)" in f.message
    assert "or correct 'direction:' if lower is better" in f.message
    assert "state 'direction:'" not in f.message


def test_a_guessed_direction_suggests_stating_it():
    (f,) = findings(plan("{metric: churn rate, baseline: 8, target: 10}"), "RA208")
    assert "or state 'direction:' on the KPI if the guess is wrong" in f.message

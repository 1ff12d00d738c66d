"""RA203, RA207 and RA208 on the target forms of format 2: changes, multiples,
points, rates, growth, confidential and undecided targets."""

from __future__ import annotations

import pytest

from conftest import findings

PLAN = """
version: 2
plan: {{name: p, period: 2027}}
objectives:
  - id: o-a
    kpis:
      - metric: {metric}
        {baseline}
        target: {target}
        deadline: Q4
"""


def _plan(target: str, baseline: str | None = "baseline: 1000", metric: str = "qualified leads"):
    return PLAN.format(target=target, baseline=baseline or "unit: leads", metric=metric)


@pytest.mark.parametrize(
    "target", ["+20%", "3x", "+5pp", "15%", "+5% month over month", "confidential", "TBD"]
)
def test_ra203_counts_every_form_as_a_target(target):
    assert findings(_plan(target), "RA203") == []


def test_ra207_says_a_change_without_a_baseline_is_no_number_yet():
    (f,) = findings(_plan("+20%", baseline=None), "RA207")
    assert (f.line, f.column, f.pointer) == (8, 17, "objectives[0].kpis[0].target")
    assert "has the target '+20%', a change against a baseline it does not give" in f.message


def test_ra207_leaves_a_confidential_target_alone():
    assert findings(_plan("confidential", baseline=None), "RA207") == []


def test_ra207_still_asks_for_the_baseline_of_a_plain_target():
    (f,) = findings(_plan("1500", baseline=None), "RA207")
    assert (f.line, f.column) == (6, 17)
    assert "has a target but no baseline" in f.message


def test_ra207_leaves_an_undecided_baseline_to_ra308():
    assert findings(_plan("1500", baseline="baseline: TBD"), "RA207") == []


@pytest.mark.parametrize(
    ("target", "what"),
    [
        ("-30%", "plans a change the wrong way"),
        ("0.5x", "plans a change the wrong way"),
        ("+0%", "changes nothing"),
        ("-5% month over month", "plans a change the wrong way"),
    ],
)
def test_ra208_judges_a_change_by_its_sign(target, what):
    (f,) = findings(_plan(target), "RA208")
    assert (f.line, f.column, f.pointer) == (8, 17, "objectives[0].kpis[0].target")
    assert what in f.message and f"'{target}'" in f.message


def test_ra208_judges_a_change_by_its_sign_without_a_baseline_too():
    (f,) = findings(_plan("-30%", baseline=None), "RA208")
    assert (f.line, f.column) == (8, 17)


def test_ra208_shows_the_number_a_change_means_when_the_baseline_is_known():
    (f,) = findings(_plan("-30%"), "RA208")
    assert "'-30%' (700)" in f.message


@pytest.mark.parametrize("target", ["+20%", "2x", "+3pp", "+5% MoM", "confidential"])
def test_ra208_is_quiet_for_a_change_the_right_way(target):
    assert findings(_plan(target), "RA208") == []


def test_ra208_reads_a_reduction_as_better_for_a_decreasing_metric():
    assert findings(_plan("-30%", metric="churn rate"), "RA208") == []
    (f,) = findings(_plan("+10%", metric="churn rate"), "RA208")
    assert "lower is better" in f.message


def test_ra208_compares_a_rate_with_a_rate_baseline():
    (f,) = findings(_plan("10%", baseline="baseline: 12%"), "RA208")
    assert "target 10 of KPI" in f.message and "worse than its baseline 12" in f.message


def test_ra306_checks_campaign_dates_and_milestone_due_days():
    text = """
    version: 2
    plan: {name: p, period: 2027}
    campaigns:
      - {id: c-a, start: 2026-12-01, end: Q1 2027}
    milestones:
      - {id: m-a, due: 2028-02}
    """
    found = findings(text, "RA306")
    assert [(f.line, f.column, f.pointer) for f in found] == [
        (4, 22, "campaigns[0].start"),
        (6, 20, "milestones[0].due"),
    ]
    assert "campaign 'c-a' starts on 2026-12-01, before the plan period" in found[0].message
    assert "milestone 'm-a' is due on 2028-02-29, after the plan period" in found[1].message


def test_ra306_is_quiet_for_quarters_inside_the_period():
    text = """
    plan: {name: p, period: 2027}
    campaigns:
      - {id: c-a, start: Q2, end: Q2}
    milestones:
      - {id: m-a, due: Q4}
    """
    assert findings(text, "RA306") == []


def test_ra203_and_ra205_read_campaign_kpis():
    text = """
    plan: {name: p}
    campaigns:
      - id: c-a
        kpis: [{metric: impressions}]
    """
    (missing,) = findings(text, "RA203")
    assert (missing.line, missing.column) == (4, 21) and "campaign 'c-a'" in missing.message
    (vanity,) = findings(text, "RA205")
    assert "campaign 'c-a'" in vanity.message

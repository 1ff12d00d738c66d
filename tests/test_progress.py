"""core/progress: what a plan's check-ins and spend say on an as-of day. The readers
one by one (readings, elapsed, progress, states, grades, spend, phasing, cost per
result), then the properties issue 12 asks for, with hypothesis."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import audit_yaml
from ramaudit.config.effective import Config
from ramaudit.core.model import KPI, Tactic
from ramaudit.core.periods import Span
from ramaudit.core.progress import (
    CADENCE_DAYS,
    CostPerResult,
    PlanStatus,
    State,
    Thresholds,
    elapsed,
    is_revenue,
    judge,
    phased_to,
    plan_status,
    progress_of,
    readings,
    spend_path,
    spent_to,
    stale_after,
)

D = dt.date
QUICK = Config(select=("RA001",))  # parsing is all these tests need of an audit


def _status(text: str, day: dt.date) -> PlanStatus:
    result = audit_yaml(text, QUICK)
    assert result.plan is not None and result.graph is not None
    return plan_status(result.plan, result.graph, day)


def _kpi(**fields: object) -> KPI:
    return KPI.model_validate({"metric": "qualified leads", **fields})


# -- readings


def test_readings_are_oldest_first_and_stop_at_the_as_of_day():
    kpi = _kpi(
        checkins=[
            {"date": "2027-02-28", "value": 3},
            {"date": "2027-01-31", "value": 1},
            {"date": "2027-03-31", "value": 9},
            {"date": "2027-02-14", "value": 2},
        ]
    )
    assert [r.value for r in readings(kpi, D(2027, 3, 1))] == [1, 2, 3]
    assert [r.value for r in readings(kpi, D(2027, 2, 14))] == [1, 2]  # the day counts
    assert readings(kpi, D(2027, 1, 30)) == []
    # Each reading points at its value where it is written, not where it sorts.
    assert [r.path[-2:] for r in readings(kpi, D(2027, 3, 1))] == [
        (1, "value"),
        (3, "value"),
        (0, "value"),
    ]


def test_an_actual_takes_its_place_by_day_and_without_a_day_is_the_latest():
    checkins = [{"date": "2027-01-31", "value": 1}, {"date": "2027-02-28", "value": 3}]
    middle = _kpi(checkins=checkins, actual=2, as_of="2027-02-14")
    assert [r.value for r in readings(middle, D(2027, 3, 1))] == [1, 2, 3]
    assert [r.value for r in readings(middle, D(2027, 2, 1))] == [1]  # not read yet
    undated = _kpi(checkins=checkins, actual=7)
    assert [r.value for r in readings(undated, D(2027, 3, 1))] == [1, 3, 7]
    assert readings(undated, D(2027, 3, 1))[-1].day is None
    assert readings(undated, D(2027, 3, 1))[-1].path[-1] == "actual"


# -- time and progress


def test_elapsed_counts_whole_days_both_ends_included():
    start, end = D(2027, 1, 1), D(2027, 1, 10)
    assert elapsed(start, end, D(2026, 12, 31)) == 0.0
    assert elapsed(start, end, start) == pytest.approx(0.1)
    assert elapsed(start, end, D(2027, 1, 5)) == pytest.approx(0.5)
    assert elapsed(start, end, end) == 1.0
    assert elapsed(start, end, D(2027, 6, 1)) == 1.0
    assert elapsed(None, end, start) is None
    assert elapsed(start, None, start) is None
    assert elapsed(end, start, start) is None  # ends before it starts


def test_progress_runs_from_baseline_to_target_either_way():
    assert progress_of(0, 300, 150) == 0.5
    assert progress_of(100, 300, 50) == -0.25  # moved the wrong way
    assert progress_of(0, 300, 450) == 1.5  # beyond the target
    assert progress_of(40, 20, 30) == 0.5  # a metric that should fall
    assert progress_of(5, 5, 5) == 1.0 and progress_of(5, 5, 4) == 0.0
    assert progress_of(None, 300, 150) is None and progress_of(0, None, 1) is None


def test_judge_reads_the_gap_against_the_thresholds():
    t = Thresholds(tolerance=0.1, off_track=0.25, low_confidence=0.5)
    assert judge(0.5, 0.6, None, t) is State.ON_TRACK  # exactly the tolerance
    assert judge(0.49, 0.6, None, t) is State.AT_RISK
    assert judge(0.35, 0.6, None, t) is State.AT_RISK  # exactly off_track
    assert judge(0.34, 0.6, None, t) is State.OFF_TRACK
    assert judge(None, 0.6, None, t) is State.UNMEASURABLE
    assert judge(0.6, None, None, t) is State.ON_TRACK  # no schedule to read against
    assert judge(0.6, 0.6, 0.4, t) is State.AT_RISK  # the owner doubts it
    assert judge(1.0, 0.6, 0.1, t) is State.ON_TRACK  # met already, whatever the doubt
    assert judge(0.1, 0.6, 0.9, t) is State.OFF_TRACK  # confidence never helps


PLAN = """
version: 2
plan:
  name: Plan
  period: {start: 2027-01-01, end: 2027-03-31}
objectives:
  - id: o-pipeline
    commitment: aspirational
    kpis:
      - metric: qualified leads
        target: 300
        checkins: [{date: 2027-02-28, value: 240}]
      - metric: sales accepted leads
        target: 100
        commitment: committed
        checkins: [{date: 2027-03-31, value: 130}]
      - metric: cost per lead
        baseline: 80
        target: 60
        deadline: 2027-06-30
        actual: 75
        as_of: 2027-03-15
      - metric: churn rate
        target: 2
      - metric: brand mentions
"""


def test_key_results_on_a_day_within_the_period():
    status = _status(PLAN, D(2027, 3, 1))
    leads, accepted, cost, churn, mentions = status.key_results
    assert leads.progress == pytest.approx(0.8)
    assert leads.expected == pytest.approx(60 / 90)
    assert leads.state is State.ON_TRACK
    assert leads.age_days == 1
    assert accepted.latest is None and accepted.state is State.NO_CHECKIN
    assert cost.latest is None and cost.state is State.NO_CHECKIN
    # A metric that should fall has no baseline to count from: a reading of it would
    # not be measurable, and it has none yet.
    assert churn.baseline is None and churn.state is State.NO_CHECKIN
    read = PLAN.replace("target: 2\n", "target: 2\n        actual: 3\n")
    assert _status(read, D(2027, 3, 1)).key_results[3].state is State.UNMEASURABLE
    assert mentions.state is State.UNMEASURABLE  # no target
    assert all(k.grade is None for k in status.key_results)
    assert status.tracks_progress and not status.tracks_spend


def test_grades_at_the_deadline_held_to_0_1_and_read_against_the_commitment():
    status = _status(PLAN, D(2027, 4, 1))
    leads, accepted, cost, _churn, _mentions = status.key_results
    assert (leads.grade, leads.commitment, leads.expected_grade) == (0.8, "aspirational", 0.7)
    assert (accepted.grade, accepted.commitment, accepted.expected_grade) == (1.0, "committed", 1.0)
    assert cost.grade is None  # its deadline is in June
    assert cost.progress == pytest.approx(0.25)
    assert cost.ended is False and leads.ended is True
    (objective,) = status.objectives
    assert objective.grade is None  # not every key result is graded yet
    assert objective.progress == pytest.approx((0.8 + 1.0 + 0.25) / 3)  # held to 0..1
    # The worst of its key results: cost per lead a quarter of the way down with half
    # its time gone (leads at 0.8 with all their time gone are only at risk).
    assert leads.state is State.AT_RISK and cost.state is State.OFF_TRACK
    assert objective.state is State.OFF_TRACK


def test_a_grade_never_leaves_0_1():
    text = PLAN.replace("value: 240", "value: -40")
    (leads, *_rest) = _status(text, D(2027, 4, 1)).key_results
    assert leads.progress < 0 and leads.grade == 0.0


def test_a_plan_without_readings_tracks_nothing():
    text = "plan:\n  name: Plan\nobjectives:\n  - {id: o, kpis: [{metric: leads, target: 3}]}\n"
    status = _status(text, D(2027, 3, 1))
    assert not status.tracked and status.key_results[0].state is State.NO_CHECKIN


def test_stale_after_reads_the_cadence_else_the_default():
    assert stale_after("weekly", 31) == 7 == CADENCE_DAYS["weekly"]
    assert stale_after("quarterly", 31) == 92
    assert stale_after(None, 20) == 20


# -- spend


SPEND = """
version: 2
plan:
  name: Plan
  period: {start: 2027-01-01, end: 2027-03-31}
goals:
  - id: g-revenue
objectives:
  - id: o-pipeline
    goals: [g-revenue]
    kpis:
      - {metric: qualified leads, baseline: 10, target: 300, actual: 110, as_of: 2027-02-28}
      - {metric: new revenue, target: 90000, actual: 30000, as_of: 2027-02-28}
tactics:
  - id: t-search
    objectives: [o-pipeline]
    budget: 9000
    phasing: {2027-01: 4000, 2027-02: 2800, 2027-03: 2200}
    expenses:
      - {date: 2027-02-20, amount: 2500}
      - {date: 2027-01-20, amount: 3500}
      - {date: 2027-03-10, amount: 1000}
  - id: t-stand
    budget: 5000
    spent: 6000
    as_of: 2027-02-15
"""


def test_spend_to_date_counts_entries_up_to_the_day_and_spent_once_counted():
    result = audit_yaml(SPEND, QUICK)
    search, stand = result.plan.tactics
    assert spent_to(search, D(2027, 1, 19)) == 0
    assert spent_to(search, D(2027, 2, 20)) == 6000
    assert spent_to(search, D(2027, 3, 31)) == 7000
    assert spent_to(stand, D(2027, 2, 14)) is None  # counted later
    assert spent_to(stand, D(2027, 2, 15)) == 6000
    assert spend_path(search, D(2027, 2, 28))[-3:] == ("expenses", 0, "amount")
    assert spend_path(search, D(2027, 1, 19)) is None
    assert spend_path(stand, D(2027, 3, 1))[-1] == "spent"


def test_phasing_to_date_counts_ended_phases_in_full_and_the_current_by_its_days():
    result = audit_yaml(SPEND, QUICK)
    search = result.plan.tactics[0]
    assert phased_to(search, D(2026, 12, 31)) == 0.0
    assert phased_to(search, D(2027, 1, 31)) == pytest.approx(4000)
    assert phased_to(search, D(2027, 2, 14)) == pytest.approx(4000 + 2800 * 14 / 28)
    assert phased_to(search, D(2027, 9, 1)) == pytest.approx(9000)
    assert phased_to(result.plan.tactics[1], D(2027, 2, 14)) is None


def test_spend_status_totals_and_random_act_spend():
    status = _status(SPEND, D(2027, 3, 1))
    search, stand = status.spend
    assert (search.spent, search.phased_total) == (6000, 9000)
    assert search.phased == pytest.approx(4000 + 2800 + 2200 / 31)  # 1 March counts
    assert search.over_budget == 0 and search.ahead_of_phasing == 0
    assert search.share == pytest.approx(6000 / 9000)
    assert stand.over_budget == 1000 and stand.phased is None
    assert (status.budget, status.spent) == (14000, 12000)
    assert (status.ram_spent, status.ram_items) == (6000, ["t-stand"])
    assert status.tracks_spend
    (objective,) = status.objectives
    assert (objective.spent, objective.budget) == (6000, 9000)


def test_cost_per_result_and_return():
    status = _status(SPEND, D(2027, 3, 1))
    costs = {(c.item.id, c.kpi.metric): c for c in status.costs}
    assert ("t-search", "qualified leads") not in costs  # the tactic measures nothing
    per_lead = costs[("o-pipeline", "qualified leads")]
    assert per_lead.results == 100 and per_lead.cost == pytest.approx(60)
    assert per_lead.ratio is None
    revenue = costs[("o-pipeline", "new revenue")]
    assert revenue.revenue and revenue.ratio == pytest.approx(5.0)
    assert CostPerResult(per_lead.item, per_lead.kpi, 100.0, 0.0, False).cost is None


# -- properties


def _floats(low: float = -1e6, high: float = 1e6) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(
    baseline=_floats(),
    target=_floats(),
    value=_floats(),
    step=st.floats(0, 1),
    expected=st.one_of(st.none(), st.floats(0, 1)),
    confidence=st.one_of(st.none(), st.floats(0, 1)),
)
def test_a_check_in_towards_the_target_never_lowers_progress_or_raises_risk(
    baseline, target, value, step, expected, confidence
):
    # A move in the target's direction (from the baseline towards the target): towards
    # it, or on beyond it, never back.
    closer = value + step * (target - baseline)
    before = progress_of(baseline, target, value)
    after = progress_of(baseline, target, closer)
    assert before is not None and after is not None
    assert after >= before - 1e-9
    t = Thresholds()
    assert judge(after, expected, confidence, t).rank <= judge(before, expected, confidence, t).rank


@settings(max_examples=40, deadline=None)
@given(
    first=st.integers(0, 400),
    step=st.floats(0, 1),
    confidence=st.one_of(st.none(), st.sampled_from([0.2, 0.5, 0.9])),
    day=st.integers(0, 120),
)
def test_the_same_property_through_a_plan(first, step, confidence, day):
    as_of = D(2027, 1, 1) + dt.timedelta(days=day)
    closer = first + step * 300
    extra = f", confidence: {confidence}" if confidence is not None else ""

    def plan(value: float) -> str:
        return textwrap.dedent(f"""
        plan:
          name: Plan
          period: {{start: 2027-01-01, end: 2027-03-31}}
        objectives:
          - id: o
            kpis:
              - metric: qualified leads
                baseline: 0
                target: 300
                actual: {value}
                as_of: 2026-12-31
                checkins: [{{date: 2026-12-31, value: 0{extra}}}]
        """)

    (before,) = _status(plan(first), as_of).key_results
    (after,) = _status(plan(closer), as_of).key_results
    assert after.progress >= before.progress - 1e-9
    assert after.state.rank <= before.state.rank


@settings(max_examples=200, deadline=None)
@given(spent=_floats(0, 1e7), more=_floats(0, 1e7), results=_floats(-1e4, 1e4))
def test_more_spend_on_the_same_results_never_lowers_cost_per_result(spent, more, results):
    kpi = _kpi()
    owner = Tactic.model_validate({"id": "t"})
    cheap = CostPerResult(owner, kpi, spent, results, False).cost
    dear = CostPerResult(owner, kpi, spent + more, results, False).cost
    assert (cheap is None) == (dear is None)
    if cheap is not None and dear is not None:
        assert dear >= cheap


@settings(max_examples=30, deadline=None)
@given(extra=st.integers(0, 50000))
def test_more_spend_in_a_plan_never_lowers_its_cost_per_result(extra):
    text = SPEND.replace("amount: 1000}", f"amount: {1000 + extra}}}")
    cheap = _status(SPEND, D(2027, 3, 31)).costs
    dear = _status(text, D(2027, 3, 31)).costs
    assert [(c.item.id, c.kpi.metric) for c in cheap] == [(c.item.id, c.kpi.metric) for c in dear]
    for a, b in zip(cheap, dear, strict=True):
        assert a.cost is None or b.cost >= a.cost


_MONTHS = [Span(D(2027, m, 1), D(2027, m + 1, 1) - dt.timedelta(days=1)) for m in range(1, 12)]


@settings(max_examples=200, deadline=None)
@given(
    phases=st.lists(st.tuples(st.sampled_from(_MONTHS), _floats(0, 1e6)), min_size=1, max_size=6),
    first=st.integers(-40, 400),
    later=st.integers(0, 400),
)
def test_phasing_to_date_never_decreases_as_the_day_moves_later(phases, first, later):
    tactic = Tactic.model_validate({"id": "t"})
    object.__setattr__(tactic, "_phases_", tuple(sorted(phases, key=lambda p: p[0].first)))
    day = D(2027, 1, 1) + dt.timedelta(days=first)
    now = phased_to(tactic, day)
    then = phased_to(tactic, day + dt.timedelta(days=later))
    assert now is not None and then is not None
    assert then >= now - 1e-6
    assert then <= sum(a for _, a in phases) + 1e-6


CAMPAIGN = """
version: 2
plan:
  name: Plan
  period: {start: 2027-01-01, end: 2027-03-31}
goals:
  - id: g
objectives:
  - id: o
    goals: [g]
    campaigns:
      - id: c-launch
        budget: 30000
        spent: 14000
        tactics:
          - {id: t-webinar, budget: 5000, spent: 2000}
          - {id: t-ads, budget: 25000, spent: 10000}
campaigns:
  - id: c-stray
    budget: 8000
    spent: 3000
tactics:
  - {id: t-stray-ad, campaign: c-stray, budget: 8000, spent: 2500}
"""


def test_a_campaigns_budget_and_spend_hold_its_tactics_and_are_counted_once():
    # Fixed: an objective's budget and spend, and the plan's spend, added a campaign's
    # whole budget and spend to those of the tactics in it, counting them twice.
    status = _status(CAMPAIGN, D(2027, 3, 1))
    (objective,) = status.objectives
    assert (objective.budget, objective.spent) == (30000, 14000)
    assert status.budget == 38000
    assert status.spent == 14000 + 3000
    # The stray campaign adds what it spent beyond its tactic to the random-act spend.
    assert status.ram_items == ["t-stray-ad", "c-stray"]
    assert status.ram_spent_of == {"t-stray-ad": 2500, "c-stray": 500}
    assert status.ram_spent == 3000
    # Each item is still judged against its own whole budget.
    launch = next(s for s in status.spend if s.item.id == "c-launch")
    assert (launch.spent, launch.budget) == (14000, 30000)


@pytest.mark.parametrize(
    ("metric", "revenue"),
    [
        ("new revenue", True),
        ("ARR", True),
        # Fixed: the words were compared in the plural, but match_key gives the
        # singular, so bookings and sales were never counted as revenue.
        ("bookings", True),
        ("online sales", True),
        ("sales accepted leads", False),
        ("sales qualified leads", False),
        ("sales meetings booked", False),
        ("number of sales", False),
        ("cost per sale", False),
        ("qualified leads", False),
    ],
)
def test_is_revenue(metric, revenue):
    assert is_revenue(metric) is revenue

"""core/costs.py and core/benchmarks.py: the cost per result of an item's money and an
outcome KPI, the result a metric counts, and the range that judges it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import audit_yaml
from ramaudit.core.benchmarks import Benchmark, Benchmarks, benchmark_for, result_key
from ramaudit.core.costs import (
    Money,
    cost_per_result,
    counts_results,
    implied_costs,
    new_results,
)
from ramaudit.core.model import KPI
from ramaudit.core.vocabulary import DEFAULT


@pytest.mark.parametrize(
    ("metric", "result"),
    [
        ("qualified leads", "qualified lead"),
        ("Qualified Leads from webinars", "qualified lead"),
        ("MQLs", "marketing qualified lead"),
        ("Marketing Qualified Leads", "marketing qualified lead"),
        ("SQLs Q3", "sale qualified lead"),
        ("leads generated monthly", "lead"),
        ("number of leads", "lead"),
        ("new customers", "new customer"),
        ("deals won", "deal"),
        ("conversion rate", None),
        ("lead growth", None),
        ("", None),
    ],
)
def test_the_result_a_metric_counts(metric: str, result: str | None) -> None:
    assert result_key(metric, DEFAULT) == result


def test_a_range_judges_the_results_that_end_in_its_own_up_to_a_later_stage() -> None:
    ranges = Benchmarks().with_config(
        {
            "qualified leads": Benchmark("qualified leads", 50, 400),
            "SQLs": Benchmark("SQLs", 300, None),
        }
    )

    def judged(metric: str) -> str | None:
        found = benchmark_for(metric, ranges, DEFAULT)
        return found.metric if found else None

    assert judged("webinar leads") == "leads"
    assert judged("MQLs from events") == "qualified leads"
    assert judged("marketing qualified leads") == "qualified leads"
    assert judged("sales qualified leads") == "SQLs"
    assert judged("sales accepted leads") is None  # no plain leads
    assert judged("product qualified leads") is None
    assert judged("impressions") is None
    # The built-in range is in dollars; a plan in another currency is not judged by it.
    assert benchmark_for("leads", ranges, DEFAULT, "usd") is not None
    assert benchmark_for("leads", ranges, DEFAULT, "EUR") is None
    assert benchmark_for("qualified leads", ranges, DEFAULT, "EUR") is not None


def test_a_configured_range_replaces_or_removes_the_built_in_one() -> None:
    assert Benchmarks().entries[0].metric == "leads"
    replaced = Benchmarks().with_config({"Leads": Benchmark("Leads", 1, 2)})
    assert [(b.metric, b.low, b.high) for b in replaced.entries] == [("Leads", 1, 2)]
    assert not Benchmarks().with_config({"lead": None})


def test_a_range_says_which_side_a_cost_falls_outside() -> None:
    both = Benchmark("leads", 50, 400)
    assert [both.outside(c) for c in (49.99, 50, 400, 400.01)] == ["low", None, None, "high"]
    assert both.outside(30, tolerance=0.5) is None and both.outside(24, tolerance=0.5) == "low"
    assert Benchmark("leads", None, 10).outside(0) is None


def kpi(**fields: object) -> KPI:
    return KPI.model_validate({"metric": "leads", **fields})


def test_new_results_are_what_a_target_adds_to_its_baseline() -> None:
    assert new_results(kpi(target=120)) == 120
    assert new_results(kpi(target=120, baseline=90)) == 30
    assert new_results(kpi(target=120, baseline=90), whole_target=True) == 120
    assert new_results(kpi(target=120, baseline=-10)) == 120  # no negative results banked
    assert new_results(kpi(target=90, baseline=120)) is None
    assert new_results(kpi(target=0)) is None
    assert new_results(kpi(target=120, confidential=True)) is None
    assert new_results(kpi()) is None


def test_only_counted_outcomes_have_a_cost_per_result() -> None:
    assert counts_results(kpi(target=5), DEFAULT)
    assert not counts_results(kpi(metric="impressions", target=5), DEFAULT)
    assert not counts_results(kpi(metric="cost per lead", target=5), DEFAULT)
    assert not counts_results(kpi(metric="churned customers", target=5), DEFAULT)
    assert not counts_results(kpi(target=5, unit="%"), DEFAULT)
    assert not counts_results(kpi(target=5, direction="decrease"), DEFAULT)
    assert not counts_results(kpi(metric="win rate", target=5), DEFAULT)


def test_cost_per_result_divides_money_by_results_when_both_make_sense() -> None:
    assert cost_per_result(10_000, 200) == 50
    assert cost_per_result(0, 200) == 0
    for money, results in [(None, 1), (1, None), (1, 0), (1, -5), (-1, 5), (math.inf, 1)]:
        assert cost_per_result(money, results) is None
    assert cost_per_result(1e308, 1e-308) is None  # beyond what a float holds


PLAN = """
version: 2
plan:
  name: Plan
objectives:
  - id: o-1
    kpis:
      - {metric: leads, target: 100}
    campaigns:
      - id: c-1
        budget: 50000
        tactics:
          - {id: t-1, budget: 10000}
          - {id: t-2, budget: 15000, kpis: [{metric: leads, baseline: 10, target: 60}]}
    tactics:
      - {id: t-3, budget: 5000}
      - {id: t-3, budget: 99999}
  - id: o-2
    parents: [o-1]
    tactics:
      - {id: t-4, budget: 2000}
"""


def test_money_counts_tactics_campaigns_and_child_objectives_once() -> None:
    result = audit_yaml(PLAN)
    money = Money(result.plan, result.graph)
    items = result.graph.items
    assert money.of(items["t-2"]) == 15000
    assert money.of(items["c-1"]) == 50000
    # t-1, t-2, t-3 (the first of that id), t-4 below the child objective, and the
    # 25,000 the campaign holds beyond its tactics.
    assert money.of(items["o-1"]) == 10000 + 15000 + 5000 + 2000 + 25000
    assert money.of(items["o-2"]) == 2000
    costs = [
        (c.owner.id, c.money, c.results, c.cost)
        for c in implied_costs(result.plan, result.graph, DEFAULT)
    ]
    assert costs == [("o-1", 57000, 100, 570), ("t-2", 15000, 50, 300)]


@given(
    budget=st.floats(min_value=0, max_value=1e12),
    more=st.floats(min_value=0, max_value=1e12),
    target=st.floats(min_value=1e-6, max_value=1e9),
    baseline=st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
)
def test_more_money_for_the_same_target_never_lowers_the_cost(
    budget: float, more: float, target: float, baseline: float | None
) -> None:
    results = new_results(kpi(target=target, baseline=baseline))
    less, extra = cost_per_result(budget, results), cost_per_result(budget + more, results)
    if results is None:
        assert less is None and extra is None
        return
    assert less is not None and extra is not None and extra >= less


@given(
    spend=st.floats(min_value=0, max_value=1e12),
    more=st.floats(min_value=0, max_value=1e12),
    actual=st.floats(min_value=1e-6, max_value=1e9),
)
def test_more_spend_on_the_same_results_never_lowers_the_actual_cost(
    spend: float, more: float, actual: float
) -> None:
    before, after = cost_per_result(spend, actual), cost_per_result(spend + more, actual)
    assert before is not None and after is not None and after >= before

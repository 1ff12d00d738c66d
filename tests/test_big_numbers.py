"""Finite budgets whose sum would overflow: every sum ramaudit makes (the budget-overrun
rule, the RAM spend, the score, the reports, diff) stays a finite number, and a budget
too large to add up is an RA002 finding saying so."""

from __future__ import annotations

import math
import sys

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from outputs import assert_no_inf_or_nan, check_outputs, every_output, strict_json
from ramaudit.api import audit_text
from ramaudit.core.model import MAX_MONEY
from ramaudit.core.schemas import plan_schema


def plan_yaml(plan_budget: float | None, budgets: list[float | None], linked: int = 1) -> str:
    """A plan with one goal and objective; the first ``linked`` tactics serve the
    objective, the rest are random acts."""
    tactics = []
    for i, budget in enumerate(budgets):
        tactic: dict[str, object] = {"id": f"t{i}", "name": f"Tactic {i}"}
        if budget is not None:
            tactic["budget"] = budget
        if i < linked:
            tactic["objectives"] = ["o1"]
        tactics.append(tactic)
    info: dict[str, object] = {"name": "Big", "currency": "EUR"}
    if plan_budget is not None:
        info["budget"] = plan_budget
    doc = {
        "plan": info,
        "goals": [{"id": "g1", "name": "Grow"}],
        "objectives": [{"id": "o1", "name": "Pipeline", "goals": ["g1"]}],
        "tactics": tactics,
    }
    return yaml.safe_dump(doc, sort_keys=False)


def outputs_of(text: str) -> dict[str, str]:
    result = audit_text(text, "big.yaml")
    other = audit_text(text.replace("Tactic 0", "Tactic zero"), "big.yaml")
    outputs = every_output(result, other)
    check_outputs(outputs)
    assert_no_inf_or_nan(outputs)
    return outputs


def test_budgets_of_1e308_are_findings_and_nothing_prints_inf_or_nan() -> None:
    text = plan_yaml(1e308, [1e308] * 5)
    result = audit_text(text, "big.yaml")
    too_big = [f for f in result.findings if f.code == "RA002" and f.pointer.endswith("budget")]
    assert len(too_big) == 6
    assert all(f"at most {MAX_MONEY:,}" in f.message for f in too_big)
    assert result.ram_spend is not None
    assert math.isfinite(result.ram_spend.amount) and math.isfinite(result.ram_spend.total)
    assert math.isfinite(result.ram_spend.share)
    outputs = outputs_of(text)
    doc = strict_json(outputs["check json"])
    assert doc["files"][0]["ram_spend"]["amount"] == 0


def test_the_largest_budgets_add_up_to_a_finite_overrun() -> None:
    n = 200
    text = plan_yaml(float(MAX_MONEY), [float(MAX_MONEY)] * n, linked=n // 2)
    result = audit_text(text, "big.yaml")
    assert not [f for f in result.findings if f.code == "RA002"]
    (overrun,) = [f for f in result.findings if f.code == "RA305"]
    assert f"{n * MAX_MONEY:,}" in overrun.message
    assert result.ram_spend is not None
    assert result.ram_spend.amount == n // 2 * MAX_MONEY
    assert result.ram_spend.share == 0.5
    outputs_of(text)


def test_a_budget_just_over_the_limit_is_refused_and_the_schema_agrees() -> None:
    ok = audit_text(plan_yaml(float(MAX_MONEY), [1.0]), "p.yaml")
    over = audit_text(plan_yaml(float(MAX_MONEY) * 1.000001, [1.0]), "p.yaml")
    assert not [f for f in ok.findings if f.code == "RA002"]
    assert [f.pointer for f in over.findings if f.code == "RA002"] == ["plan.budget"]
    info = plan_schema()["$defs"]["PlanInfo"]["properties"]["budget"]["anyOf"][0]
    assert info["maximum"] == MAX_MONEY


budgets = st.one_of(
    st.none(),
    st.floats(min_value=0, max_value=sys.float_info.max),
    st.floats(min_value=MAX_MONEY / 10, max_value=MAX_MONEY),
    st.sampled_from([0.0, 1e308, sys.float_info.max, float(MAX_MONEY), 1e300]),
)


@settings(max_examples=40, deadline=None)
@given(budgets, st.lists(budgets, min_size=1, max_size=20), st.integers(0, 20))
def test_no_sum_of_finite_budgets_is_inf_or_nan(
    plan_budget: float | None, tactic_budgets: list[float | None], linked: int
) -> None:
    text = plan_yaml(plan_budget, tactic_budgets, linked)
    result = audit_text(text, "big.yaml")
    spend = result.ram_spend
    assert spend is not None
    assert all(math.isfinite(x) for x in (spend.amount, spend.total, spend.share))
    assert 0 <= spend.share <= 1
    assert result.score is not None
    outputs_of(text)

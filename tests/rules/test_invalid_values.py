"""A value that is written but invalid is RA002's alone: no rule also reports the
field as missing.

The rules ask ``ctx.invalid(obj, field)``, which reads the ``_invalid`` field names the
model records for each item, KPI and the plan block. The rule side is also tested on
its own, by marking the fields by hand on an audited plan.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import pytest

from conftest import audit_yaml
from ramaudit.rules import BY_CODE
from ramaudit.rules.base import Context, run

# (plan text, code that must not fire, how to mark the invalid field by hand)
CASES: dict[str, tuple[str, str, Callable[[Any], None]]] = {}


def _mark(obj: Any, *names: str) -> None:
    # As the model will: through its '_invalid' property's setter once it has one.
    object.__setattr__(obj, "_invalid", frozenset(names))


def case(name: str, code: str, text: str, mark: Callable[[Any], None]) -> None:
    CASES[name] = (textwrap.dedent(text).lstrip("\n"), code, mark)


case(
    "target",
    "RA203",
    """
    plan: {name: Plan}
    objectives:
      - id: o-a
        kpis: [{metric: unsubscribe rate, baseline: 1, target: half a percent}]
    """,
    lambda plan: _mark(plan.objectives[0].kpis[0], "target"),
)
case(
    "baseline",
    "RA207",
    """
    plan: {name: Plan}
    objectives:
      - id: o-a
        kpis: [{metric: qualified leads, baseline: lots, target: 300}]
    """,
    lambda plan: _mark(plan.objectives[0].kpis[0], "baseline"),
)
case(
    "deadline",
    "RA204",
    """
    plan: {name: Plan}
    objectives:
      - id: o-a
        kpis: [{metric: qualified leads, target: 300, deadline: next spring}]
    """,
    lambda plan: _mark(plan.objectives[0].kpis[0], "deadline"),
)
case(
    "start",
    "RA307",
    """
    plan: {name: Plan}
    tactics:
      - {id: t-a, start: soon, end: 2027-06-30}
    """,
    lambda plan: _mark(plan.tactics[0], "start"),
)
case(
    "tactic budget",
    "RA311",
    """
    plan: {name: Plan, budget: 1000}
    tactics:
      - {id: t-a, budget: lots}
    """,
    lambda plan: _mark(plan.tactics[0], "budget"),
)
case(
    "review cadence",
    "RA304",
    """
    plan: {name: Plan, review_cadence: daily}
    """,
    lambda plan: _mark(plan.info, "review_cadence"),
)
case(
    "stakeholders",
    "RA310",
    """
    plan: {name: Plan, stakeholders: sales}
    """,
    lambda plan: _mark(plan.info, "stakeholders"),
)
case(
    "owner",
    "RA301",
    """
    plan: {name: Plan}
    goals:
      - {id: g-a, owner: {name: Ann}}
    """,
    lambda plan: _mark(plan.goals[0], "owner"),
)
case(
    "segment",
    "RA302",
    """
    plan: {name: Plan}
    tactics:
      - {id: t-a, segment: {smb: 1}}
    """,
    lambda plan: _mark(plan.tactics[0], "segment"),
)
case(
    "voice of customer",
    "RA309",
    """
    plan: {name: Plan}
    segments:
      - {id: seg-a, voice_of_customer: {survey: 1}}
    """,
    lambda plan: _mark(plan.segments[0], "voice_of_customer"),
)
case(
    "kpis",
    "RA201",
    """
    plan: {name: Plan}
    objectives:
      - {id: o-a, kpis: 5}
    """,
    lambda plan: _mark(plan.objectives[0], "kpis"),
)
case(
    "direction",
    "RA208",
    """
    plan: {name: Plan}
    objectives:
      - id: o-a
        kpis: [{metric: bounce rate, baseline: 30, target: 40, direction: Up}]
    """,
    lambda plan: _mark(plan.objectives[0].kpis[0], "direction"),
)


def run_rule(code: str, text: str, mark: Callable[[Any], None] | None = None) -> list[Any]:
    """Findings of one rule on ``text`` with only the fields ``mark`` flags marked
    invalid (whatever the model marked is cleared first)."""
    result = audit_yaml(text)
    plan = result.plan
    for obj in (
        plan.info,
        *plan.items(),
        *(k for i in plan.items() for k in getattr(i, "kpis", ())),
    ):
        if obj is not None:
            _mark(obj)
    if mark is not None:
        mark(plan)
    ctx = Context(
        path="plan.yaml",
        locator=_locator(text),
        plan=result.plan,
        graph=result.graph,
        diagnostics=[],
    )
    return run([BY_CODE[code]], ctx)


def _locator(text: str) -> Any:
    from ramaudit.core import loader
    from ramaudit.core.model import SPELLINGS

    return loader.Locator(loader.load(text).root, SPELLINGS)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_is_reported_by_ra002(name):
    text, _code, _mark_fn = CASES[name]
    assert "RA002" in {f.code for f in audit_yaml(text).findings}


@pytest.mark.parametrize("name", sorted(CASES))
def test_unmarked_the_rule_would_call_the_field_missing(name):
    # The reason for the marks: without them each rule fires.
    text, code, _mark_fn = CASES[name]
    assert run_rule(code, text) != []


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_field_marked_invalid_is_not_reported_as_missing(name):
    text, code, mark = CASES[name]
    assert run_rule(code, text, mark) == []


def test_context_invalid_reads_the_models_marks():
    result = audit_yaml("plan: {name: Plan}\n")
    ctx = Context("plan.yaml", _locator("plan: {name: Plan}\n"), result.plan, result.graph, [])
    _mark(result.plan.info, "budget")
    assert ctx.invalid(result.plan.info, "budget")
    assert not ctx.invalid(result.plan.info, "owner")
    assert not ctx.invalid(object(), "budget")


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_invalid_value_gives_ra002_only(name):
    text, code, _mark_fn = CASES[name]
    codes = {f.code for f in audit_yaml(text).findings}
    assert "RA002" in codes
    assert code not in codes


def test_a_tactic_whose_links_are_invalid_is_still_an_orphan_but_said_so():
    text = textwrap.dedent(
        """
        plan: {name: Plan}
        tactics:
          - {id: t-a, objectives: {o-a: 1}}
        """
    ).lstrip("\n")
    (plain,) = run_rule("RA101", text)
    assert "links to no objective" in plain.message
    (marked,) = run_rule("RA101", text, lambda plan: _mark(plan.tactics[0], "objectives"))
    assert (marked.line, marked.column) == (3, 10)
    assert "tactic 't-a' has no valid link to an objective" in marked.message

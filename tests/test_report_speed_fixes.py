"""The quick paths of the ranked fixes (ramaudit.score.fixes) against the general ones:
a fix that only moves links is measured on a graph relinked from the changed items
alone, which must hold what the graph built again from the whole plan holds, and give
the same fixes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.api import AuditResult, audit, audit_paths, audit_text
from ramaudit.config.effective import DEFAULT_CONFIG
from ramaudit.core.graph import TraceGraph, build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import Plan, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.score import fixes
from ramaudit.score.base import ScoreContext
from ramaudit.score.fix_proposals import PlanView, copied
from test_graph_campaigns import plans
from test_score_properties import flat_yaml, nested_yaml, specs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLANS = sorted(EXAMPLES.glob("**/*.yaml"))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plan(doc: dict[str, Any]) -> Plan:
    loaded = load(yaml.safe_dump(doc, sort_keys=False))
    return build_plan(loaded.data, Locator(loaded.root), DEFAULT)


def _same_graph(quick: TraceGraph, full: TraceGraph) -> None:
    """What the score reads of a graph, and what a search of it finds."""
    assert quick.plan is full.plan
    assert list(quick.items) == list(full.items)
    assert all(quick.items[k] is full.items[k] for k in full.items)
    assert quick.links == full.links
    assert quick.traceable == full.traceable
    assert quick.served == full.served
    assert quick.cycles == full.cycles
    assert quick.depends == full.depends
    assert quick.orphan_tactics == full.orphan_tactics


def _general(monkeypatch: pytest.MonkeyPatch, result: AuditResult) -> list[fixes.Fix]:
    with monkeypatch.context() as m:
        m.setattr(fixes, "_relinked_quickly", lambda graph, plan: None)
        return fixes.fixes_of(result)


def _relinking(result: AuditResult) -> list[tuple[ScoreContext, Plan, str]]:
    if result.plan is None or result.graph is None or result.score is None:
        return []
    ctx = ScoreContext.of(result.plan, result.graph, DEFAULT_CONFIG.vocabulary, result.config)
    return [
        (ctx, p.plan, p.key)
        for p in fixes._proposals(PlanView.of(ctx), result.score, result.findings)
        if p.relinks
    ]


@st.composite
def relinked(draw: Any) -> tuple[dict[str, Any], list[tuple[str, int, dict[str, Any]]]]:
    """A format 2 plan and changes of links to some of its items: (section, index,
    the new links)."""
    doc = draw(plans())
    pool = [i["id"] for s in ("goals", "objectives", "campaigns", "tactics") for i in doc[s]]
    links = st.lists(st.sampled_from([*pool, "missing"]), max_size=2)
    if pool and draw(st.booleans()):  # an id written twice: the first stands for it
        twice = {"id": draw(st.sampled_from(pool)), "objectives": draw(links)}
        section = draw(st.sampled_from(["objectives", "tactics"]))
        doc[section].insert(draw(st.integers(0, len(doc[section]))), twice)
    fields = {
        "objectives": ("goals",),
        "campaigns": ("objectives",),
        "milestones": ("objectives",),
        "tactics": ("objectives", "campaign"),
    }
    changes = []
    for section, names in fields.items():
        for index in range(len(doc.get(section) or [])):
            if draw(st.booleans()):
                changes.append((section, index, {n: draw(links) for n in names}))
    return doc, changes


@SETTINGS
@given(relinked())
def test_a_quick_relink_holds_what_the_graph_built_again_holds(
    drawn: tuple[dict[str, Any], list[tuple[str, int, dict[str, Any]]]],
) -> None:
    doc, changes = drawn
    plan = _plan(doc)
    ctx = ScoreContext.of(plan, build_graph(plan), DEFAULT)
    new = copy.copy(plan)
    for section, index, links in changes:
        items = list(getattr(new, section))
        if index < len(items):
            items[index] = copied(items[index], **links)
        setattr(new, section, items)
    quick = fixes._relinked_quickly(ctx.graph, new)
    assert quick is not None
    _same_graph(quick, build_graph(new))


def test_what_a_quick_relink_leaves_to_the_full_one() -> None:
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": "g"}],
        "objectives": [{"id": "o", "goals": ["g"]}, {"id": "p", "parents": ["o"]}],
        "tactics": [{"id": "t", "objectives": ["o"]}],
    }
    plan = _plan(doc)
    ctx = ScoreContext.of(plan, build_graph(plan), DEFAULT)
    objective = plan.objectives[1]
    parents = copy.copy(plan)
    parents.objectives = [plan.objectives[0], copied(objective, parents=[])]
    added = copy.copy(plan)
    added.tactics = [*plan.tactics, copied(plan.tactics[0])]
    goals = copy.copy(plan)
    goals.goals = [copied(plan.goals[0])]
    for new in (parents, added, goals):
        assert fixes._relinked_quickly(ctx.graph, new) is None


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_the_examples_fixes_as_the_graph_built_again_gives_them(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = audit(path)
    for ctx, plan, _ in _relinking(result):
        quick = fixes._relinked_quickly(ctx.graph, plan)
        if quick is not None:
            _same_graph(quick, build_graph(plan))
    assert fixes.fixes_of(result) == _general(monkeypatch, result)


def test_a_workspace_s_fixes_as_the_graph_built_again_gives_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for result in audit_paths([EXAMPLES / "workspace"]):
        assert fixes.fixes_of(result) == _general(monkeypatch, result)


def test_the_random_acts_are_linked_quickly() -> None:
    result = audit(EXAMPLES / "plans" / "random-acts.yaml")
    quick = {key: fixes._relinked_quickly(ctx.graph, plan) for ctx, plan, key in _relinking(result)}
    assert quick["link-tactics"] is not None
    assert quick["funnel-stages"] is None  # it adds tactics


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs(), st.booleans())
def test_generated_plans_fixes_as_the_graph_built_again_gives_them(
    spec: dict[str, Any], nested: bool
) -> None:
    text = nested_yaml(spec) if nested else flat_yaml(spec)
    result = audit_text(text)
    if result.score is None:
        return
    for ctx, plan, _ in _relinking(result):
        quick = fixes._relinked_quickly(ctx.graph, plan)
        if quick is not None:
            _same_graph(quick, build_graph(plan))
    with pytest.MonkeyPatch.context() as m:
        general = _general(m, result)
    assert fixes.fixes_of(result) == general

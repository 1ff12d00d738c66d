"""The facts the score's criteria ask once an item (ramaudit.score.base.ScoreContext.asked)
and what a fix's copy of the plan inherits of them: a criterion measured on the copy, as
the ranked fixes measure it (starting from the facts of the plan before the fix, listing
nothing), has the fraction and evidence it has measured afresh on that copy."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.api import AuditResult, audit, audit_text
from ramaudit.config.effective import DEFAULT_CONFIG
from ramaudit.core.graph import build_graph
from ramaudit.score import fitness, fixes
from ramaudit.score.base import ScoreContext
from ramaudit.score.fix_proposals import PlanView
from ramaudit.score.market import _targeted
from ramaudit.score.registry import QUESTIONS
from test_score_properties import flat_yaml, nested_yaml, specs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PLANS = sorted(EXAMPLES.glob("**/*.yaml"))


def _check_copies(result: AuditResult) -> int:
    """Every proposal's copy measured as the fixes measure it and afresh; the number of
    proposals compared."""
    if result.plan is None or result.graph is None or result.score is None:
        return 0
    config = result.config or DEFAULT_CONFIG
    ctx = ScoreContext.of(result.plan, result.graph, config.vocabulary, config)
    runs = functools.cache(ctx.records_run)
    compared = 0
    for proposal in fixes._proposals(PlanView.of(ctx), result.score, result.findings):
        graph = fixes._graph_after(proposal, ctx, runs)
        again = ScoreContext.of(proposal.plan, graph, ctx.vocabulary, config, basis=ctx)
        fresh = ScoreContext.of(proposal.plan, graph, ctx.vocabulary, config)
        assert not again.explain and fresh.explain
        for question in QUESTIONS:
            for criterion in question.all_criteria:
                if not criterion.applies(fresh):
                    continue
                quick, full = criterion.measure(again), criterion.measure(fresh)
                assert (quick.fraction, quick.evidence) == (full.fraction, full.evidence), (
                    proposal.key,
                    criterion.key,
                )
        compared += 1
    return compared


def test_the_examples_copies_measure_as_afresh() -> None:
    compared = sum(_check_copies(audit(path)) for path in PLANS)
    assert compared > 20  # random-acts alone proposes a dozen fixes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs(), st.booleans())
def test_generated_plans_copies_measure_as_afresh(spec: dict[str, Any], nested: bool) -> None:
    _check_copies(audit_text(nested_yaml(spec) if nested else flat_yaml(spec)))


def _segment_plan() -> AuditResult:
    return audit_text(
        "plan: {name: p}\n"
        "goals: [{id: g, objectives: [o]}]\n"
        "objectives: [{id: o}]\n"
        "tactics: [{id: t, objectives: [o], segment: [smb]}]\n"
    )


def test_a_copy_with_other_segments_asks_the_segment_facts_again() -> None:
    result = _segment_plan()
    assert result.plan is not None and result.graph is not None
    ctx = ScoreContext.of(result.plan, result.graph, DEFAULT_CONFIG.vocabulary)
    assert ctx.asked(_targeted, ctx.tactics) == [False]  # 'smb' is no defined segment
    from ramaudit.core.model import Segment

    segment = Segment.model_validate({"id": "smb", "name": "small businesses"})
    defined = dataclasses.replace(result.plan, segments=[segment])
    again = ScoreContext.of(defined, build_graph(defined), ctx.vocabulary, basis=ctx)
    # the same tactic, now aimed at a defined, specific segment
    assert again.tactics[0] is ctx.tactics[0]
    assert again.asked(_targeted, again.tactics) == [True]


def test_a_copy_with_the_same_segments_inherits_the_facts() -> None:
    result = _segment_plan()
    assert result.plan is not None and result.graph is not None
    ctx = ScoreContext.of(result.plan, result.graph, DEFAULT_CONFIG.vocabulary)
    asked: list[Any] = []

    def counted(c: ScoreContext, item: Any) -> bool:
        asked.append(item)
        return True

    from ramaudit.score.base import fact

    fact("tactics")(counted)
    assert ctx.asked(counted, ctx.tactics) == [True]
    again = ScoreContext.of(result.plan, result.graph, ctx.vocabulary, basis=ctx)
    assert again.asked(counted, again.tactics) == [True]
    assert asked == [ctx.tactics[0]]  # asked once, in the plan before the fix


def test_the_fixes_start_from_the_context_the_plan_was_scored_with() -> None:
    result = audit(EXAMPLES / "plans" / "random-acts.yaml")
    assert result.plan is not None and result.graph is not None
    config = result.config or DEFAULT_CONFIG
    scored = fitness._LAST[0]
    assert scored.plan is result.plan
    assert fitness.context_of(result.plan, result.graph, config.vocabulary, config) is scored
    other = build_graph(result.plan)
    assert fitness.context_of(result.plan, other, config.vocabulary, config) is not scored
    moved = dataclasses.replace(config, as_of=dt.date(2001, 1, 1))
    assert fitness.context_of(result.plan, result.graph, config.vocabulary, moved) is not scored

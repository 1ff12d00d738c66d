"""The score's one-pass shares and cached campaign extras equal the general paths
they stand in for (the criteria's own predicates over generated and example plans)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_text
from ramaudit.core.graph import in_campaign
from ramaudit.score.base import ScoreContext, has_owner
from test_score_properties import flat_yaml, specs

EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "plans").glob("*.yaml"))


def _contexts(text: str) -> ScoreContext:
    result = audit_text(text, "plan.yaml")
    return ScoreContext.of(result.plan, result.graph, result.config.vocabulary, result.config)


def _general(ctx: ScoreContext, items: list[Any], traced: list[Any], pred: Any) -> Any:
    lacking = lambda item: f"lacks {item.id}"  # noqa: E731
    asked = lambda i: pred(ctx, i)  # noqa: E731
    return sum(1 for i in traced if asked(i)), ctx.shortfalls(items, asked, lacking)


def _check_shares(ctx: ScoreContext) -> None:
    lacking = lambda item: f"lacks {item.id}"  # noqa: E731
    preds = [
        has_owner,
        lambda c, i: bool(i.kpis),
        lambda c, i: len(i.id) % 2 == 0,
        lambda c, i: True,
    ]
    for pred in preds:
        assert ctx._share(ctx.tactics, pred, lacking) == _general(
            ctx, ctx.tactics, ctx.traced, pred
        )
        assert ctx._share(ctx.objectives, pred, lacking) == _general(
            ctx, ctx.objectives, ctx.traced_objectives, pred
        )


@settings(max_examples=40, deadline=None)
@given(specs())
def test_one_pass_shares_equal_counting_and_shortfalls(spec: Any) -> None:
    _check_shares(_contexts(flat_yaml(spec)))


def test_one_pass_shares_on_the_example_plans() -> None:
    for path in EXAMPLES:
        _check_shares(_contexts(path.read_text(encoding="utf-8")))


def _reference_extras(campaigns: list[Any], tactics: list[Any]) -> dict[str, float]:
    budgeted = {c.id: c for c in campaigns if c.budget is not None}
    shares: dict[str, float] = dict.fromkeys(budgeted, 0.0)
    for t in tactics:
        held = [t.parent] if in_campaign(t) and t.parent else []
        named = next((c for c in (*held, *t.campaign) if c in budgeted), None)
        if named is not None:
            shares[named] += t.budget or 0
    return {cid: max(0.0, (c.budget or 0) - shares[cid]) for cid, c in budgeted.items()}


_ids = st.sampled_from(["c1", "c2", "c3", "o1", ""])
_campaigns = st.lists(
    st.builds(SimpleNamespace, id=_ids, budget=st.one_of(st.none(), st.floats(0, 1e6))),
    max_size=4,
)
_tactics = st.lists(
    st.builds(
        SimpleNamespace,
        id=st.just("t"),
        parent=st.one_of(st.none(), _ids),
        path=st.sampled_from([("tactics", 0), ("campaigns", 0, "tactics", 1), ("x",)]),
        campaign=st.lists(_ids, max_size=3),
        budget=st.one_of(st.none(), st.floats(0, 1e5)),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_campaigns, _tactics)
def test_campaign_extras_as_before(campaigns: list[Any], tactics: list[Any]) -> None:
    from ramaudit.core.graph import campaign_extras

    assert campaign_extras(campaigns, tactics) == _reference_extras(campaigns, tactics)


def test_campaign_extras_cached_on_the_context_equal_a_fresh_reading() -> None:
    for path in EXAMPLES:
        ctx = _contexts(path.read_text(encoding="utf-8"))
        first = ctx.campaign_extras
        assert first is ctx.campaign_extras
        from ramaudit.core.graph import campaign_extras

        assert first == campaign_extras(ctx.campaigns, ctx.tactics)

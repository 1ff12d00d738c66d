"""The fourth question: is execution efficient (everything aligned, no random acts)?

Every tactic and every unit of budget traces to a business goal, the funnel is served,
people beyond marketing take part, and the links of the plan hold. Once the plan
records its run, the money spent buys results at the planned price (yield) and the key
results keep pace with the time gone (velocity): :mod:`ramaudit.score.tracking`.
"""

from __future__ import annotations

from ramaudit.core.graph import Link
from ramaudit.core.model import Campaign, Milestone, Objective, Tactic
from ramaudit.core.vocabulary import STAGES
from ramaudit.rules.base import with_article
from ramaudit.rules.funnel_gap import FunnelGap
from ramaudit.score.base import (
    ORPHAN,
    Criterion,
    Gap,
    Measure,
    Question,
    ScoreContext,
    frac,
    ids,
    plural,
    share,
)
from ramaudit.score.tracking import Velocity, Yield


class TacticsTraceable(Criterion):
    """tactics with a path to a goal / all tactics"""

    key = "tactics-traceable"
    title = "Tactics that trace to a business goal"
    weight = 8
    tracked_weight = 6
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        n = len(ctx.tactics)
        return Measure(
            frac(len(ctx.traced), n),
            share(len(ctx.traced), n, "tactics", "trace to a goal"),
            tuple((t.id, ORPHAN) for t in ctx.orphan_tactics),
        )


class BudgetTraceable(Criterion):
    """0 while an orphan tactic has no budget (its spend is unknown); else budget of
    traceable tactics / all tactic budget; 1 with tactics and no orphans

    Leaving a random act's budget out must not hide its spend: unknown counts as none
    traceable. In format 2 what a campaign's budget holds beyond its tactics' budgets is
    spend like a tactic's (traceable when the campaign serves an objective that traces
    to a goal), and a budget line (salaries, tools, retainers) is planned spend that is
    never a random act: both are added to the spend, the budget lines to the traceable
    part.
    """

    key = "budget-traceable"
    title = "Tactic budget that funds traceable tactics"
    weight = 6
    tracked_weight = 4
    reads = ("tactic.budget", "campaign.budget", "budget line.amount")
    counts = ("tactic", "campaign", "budget line")

    def measure(self, ctx: ScoreContext) -> Measure:
        if not ctx.tactics:
            return Measure(0.0, "the plan has no tactics")
        orphans = ctx.orphan_tactics
        unbudgeted = tuple(t.id for t in orphans if t.budget is None)
        spend = ctx.spend
        if unbudgeted:
            n = len(unbudgeted)
            return Measure(
                0.0,
                f"{ids(unbudgeted)} {plural(n, 'traces', 'trace')} to no goal and "
                f"{plural(n, 'has', 'have')} no budget, so the spend on random acts is unknown",
                tuple((tid, f"{ORPHAN} and has no budget") for tid in unbudgeted),
            )
        stray = [c for c in ctx.campaigns if c not in ctx.traced_campaigns and c.budget]
        if ctx.campaign_spend or ctx.line_spend:
            return _traceable_spend(ctx, stray)
        if not orphans:
            return Measure(
                1.0,
                f"all {ctx.money(spend)} of tactic budget funds tactics that trace to a goal"
                if spend
                else "every tactic traces to a goal, so no budget funds random acts",
            )
        traced_spend = sum(t.budget or 0 for t in ctx.traced)
        return Measure(
            frac(traced_spend, spend),
            f"{traced_spend:,.0f} of {ctx.money(spend)} "
            f"({frac(traced_spend, spend):.0%}) funds tactics that trace to a goal",
            tuple(
                (t.id, f"{ORPHAN} and carries {ctx.money(t.budget)}") for t in orphans if t.budget
            ),
        )


def _traceable_spend(ctx: ScoreContext, stray: list[Campaign]) -> Measure:
    """BudgetTraceable for a plan that spends on campaigns or budget lines as well as
    tactics: what serves a goal (traceable tactics and campaigns, every budget line)
    over all of it."""
    spend = ctx.spend
    extras = ctx.campaign_extras
    served = (
        sum(t.budget or 0 for t in ctx.traced)
        + sum(extras.get(c.id, 0) for c in ctx.traced_campaigns)
        + ctx.line_spend
    )
    carried: list[tuple[str, float]] = [
        *((t.id, t.budget or 0) for t in ctx.orphan_tactics),
        *((c.id, extras.get(c.id, 0)) for c in stray),
    ]
    gaps: tuple[Gap, ...] = tuple(
        (item, f"{ORPHAN} and carries {ctx.money(amount)}") for item, amount in carried if amount
    )
    if served >= spend:
        return Measure(
            1.0,
            f"all {ctx.money(spend)} of {ctx.spend_words()} funds work that traces to a goal "
            "or pays for a budget line",
        )
    return Measure(
        frac(served, spend),
        f"{served:,.0f} of {ctx.money(spend)} ({frac(served, spend):.0%}) of "
        f"{ctx.spend_words()} funds work that traces to a goal or pays for a budget line",
        gaps,
    )


class FunnelCoverage(Criterion):
    """stages served by traceable tactics / stages required (RA303's `stages`, all 4 by
    default)

    The required stages are RA303's option. When it requires none, any traceable tactic
    covers the funnel, and a plan where nothing traces to a goal covers nothing.
    """

    key = "funnel-coverage"
    title = "Required funnel stages served by traceable tactics"
    weight = 5
    tracked_weight = 4
    reads = ("tactic.stage",)
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        required = set(ctx.option(FunnelGap.stages))
        wanted = [s for s in STAGES if s in required]
        if not wanted:
            return Measure(
                1.0 if ctx.traced else 0.0,
                "no funnel stage is required"
                + ("" if ctx.traced else ", but no tactic traces to a goal either"),
            )
        served = {t.funnel_stage for t in ctx.traced if t.funnel_stage}
        missing = tuple(s for s in wanted if s not in served)
        hit = len(wanted) - len(missing)
        return Measure(
            hit / len(wanted),
            f"{hit} of {len(wanted)} required stages served by traceable tactics"
            + (f" (required: {', '.join(wanted)})" if len(wanted) < len(STAGES) else "")
            + (f"; missing: {', '.join(missing)}" if missing else ""),
            tuple((s, "no tactic that traces to a goal serves it") for s in missing),
        )


class CrossFunctional(Criterion):
    """1 if a stakeholder is outside marketing

    In format 2, a contributor outside marketing (of an objective, campaign, milestone
    or tactic: `contributors: [sales]`) counts as a stakeholder does: work shared with
    sales is cross-functional. A contributor that names nobody ("TBD") counts for
    nothing.
    """

    key = "cross-functional"
    title = "Stakeholders beyond marketing (sales, finance, ...)"
    weight = 3
    tracked_weight = 2
    reads = (
        "plan.stakeholders",
        "objective.contributors",
        "campaign.contributors",
        "milestone.contributors",
        "tactic.contributors",
    )
    counts = ("plan",)

    def measure(self, ctx: ScoreContext) -> Measure:
        stakeholders = ctx.info.stakeholders if ctx.info else []
        vocabulary = ctx.vocabulary
        others = [s for s in stakeholders if not vocabulary.is_marketing_function(s)]
        helpers = _outside_contributors(ctx)
        if not others and not helpers:
            return Measure(0.0, "no stakeholder outside marketing")
        parts = [f"stakeholders beyond marketing: {', '.join(others)}"] if others else []
        if helpers:
            parts.append(f"contributors beyond marketing: {ids(helpers)}")
        return Measure(1.0, "; ".join(parts))


def _outside_contributors(ctx: ScoreContext) -> list[str]:
    """Contributors outside marketing, each once, in plan order."""
    vocabulary = ctx.vocabulary
    work: list[Objective | Campaign | Milestone | Tactic] = [
        *ctx.objectives,
        *ctx.campaigns,
        *ctx.milestones,
        *ctx.tactics,
    ]
    names = (name for item in work for name in item.contributors)
    return list(
        dict.fromkeys(
            name
            for name in names
            if not vocabulary.names_nothing(name) and not vocabulary.is_marketing_function(name)
        )
    )


class CleanLinks(Criterion):
    """1 / (1 + links that dangle, skip a level or sit in a parents loop); 0 until an
    objective links to a goal

    Bad links are counted, not divided by all links: adding a good link (even an
    orphan's) must not dilute a bad one, and nesting instead of linking must not change
    the score. Nothing is earned until an objective hangs from a goal (by link or by
    nesting), so a plan with no links at all, or only links among orphans, gets no free
    points.
    """

    key = "clean-links"
    title = "Links that name an existing item of the right kind, outside cycles"
    weight = 3
    tracked_weight = 2
    counts = ("goal", "objective", "tactic")

    def measure(self, ctx: ScoreContext) -> Measure:
        in_cycle = ctx.graph.cycle_members
        bad = tuple(
            _bad_link(link)
            for link in ctx.graph.links
            if link.problem
            or (link.field == "parents" and link.source in in_cycle and link.target in in_cycle)
        )
        bad_text = (
            "1 link dangles, skips a level or forms a cycle"
            if len(bad) == 1
            else f"{len(bad)} links dangle, skip a level or form a cycle"
        )
        if not ctx.traced_objectives:
            return Measure(
                0.0,
                "no objective links to a goal yet" + (f"; {bad_text}" if bad else ""),
                bad or (("objectives", "no objective links to a goal"),),
            )
        return Measure(
            1.0 / (1 + len(bad)),
            bad_text if bad else "every link names an existing item of the right kind",
            bad,
        )


def _bad_link(link: Link) -> Gap:
    """A link that falls short, as ``source.field -> target``, with the reason."""
    if link.problem == "missing":
        reason = "names no item"
    elif link.problem:
        reason = f"names {with_article(link.target_kind or 'item')}, the wrong kind of item"
    else:
        reason = "sits in a loop of parents"
    return f"{link.source}.{link.field} -> {link.target}", reason


EXECUTION = Question(
    key="execution",
    title="Is execution efficient (everything aligned, no random acts)?",
    label="Efficient execution",
    criteria=(
        TacticsTraceable(),
        BudgetTraceable(),
        FunnelCoverage(),
        CrossFunctional(),
        CleanLinks(),
    ),
    # Once the plan records its run, the criteria above keep 18 points (their
    # tracked_weight) and these share the other 7: yield 4 and velocity 3 when both
    # apply, all 7 to the one that does.
    tracking=(Yield(), Velocity()),
    # RA004 duplicate-id, RA005 dangling-reference, RA101 orphan-tactic and RA107
    # link-cycle are errors by default.
    capped_by=(
        "RA004",
        "RA005",
        "RA101",
        "RA102",
        "RA103",
        "RA104",
        "RA106",
        "RA107",
        # Format 2's levels and dependencies: RA110 dependency-cycle is an error.
        "RA108",
        "RA109",
        "RA110",
        "RA111",
        "RA112",
        "RA303",
        "RA310",
        # Plausibility: tactics whose targets fall short of their objective's.
        "RA317",
    ),
)

"""The first question: is there a scalable, repeatable process?

A plan that is reviewed on a cadence, runs for a stated period, and whose traceable
tactics are scheduled, owned and budgeted within the plan budget.
"""

from __future__ import annotations

from ramaudit.core.model import Tactic
from ramaudit.rules.budget_overrun import BudgetOverrun
from ramaudit.score.base import (
    Criterion,
    Measure,
    Question,
    ScoreContext,
    fact,
    has_owner,
    not_decided,
    undecided_note,
)


class ReviewCadence(Criterion):
    """1 if `plan.review_cadence` is set"""

    key = "review-cadence"
    title = "The plan sets a review cadence"
    weight = 5
    reads = ("plan.review_cadence",)
    counts = ("plan",)

    def measure(self, ctx: ScoreContext) -> Measure:
        info = ctx.info
        cadence = info.review_cadence if info else None
        placeholder = not_decided(info, "review_cadence")
        if cadence:
            evidence = f"review cadence: {cadence}"
        elif placeholder is not None:
            evidence = f"the review cadence is not decided ({placeholder})"
        elif "review_cadence" in getattr(info, "_invalid", ()):
            # Written, but not a cadence the format knows (RA002 says which are).
            evidence = "the review cadence is not weekly, biweekly, monthly or quarterly"
        else:
            evidence = "no review cadence"
        return Measure(
            1.0 if cadence else 0.0,
            evidence,
            () if cadence else (("plan.review_cadence", evidence),),
        )


class PlanPeriod(Criterion):
    """1 if `plan.period` has a start and an end, and the end is not before the start"""

    key = "plan-period"
    title = "The plan has a valid period: a start, and an end after it"
    weight = 4
    reads = ("plan.period",)
    counts = ("plan",)

    def measure(self, ctx: ScoreContext) -> Measure:
        period = ctx.info.period if ctx.info else None
        start, end = (period.start, period.end) if period else (None, None)
        if start is not None and end is not None and start <= end:
            return Measure(1.0, f"period {start} to {end}")
        if start is not None and end is not None:
            return Measure(
                0.0,
                f"the period ends ({end}) before it starts ({start})",
                (("plan.period", "ends before it starts"),),
            )
        placeholder = not_decided(ctx.info, "period")
        if placeholder is not None:
            return Measure(
                0.0,
                f"the plan period is not decided ({placeholder})",
                (("plan.period", f"not decided ({placeholder})"),),
            )
        note = "".join(
            f"; its {name} is not decided ({not_decided(period, name)})"
            for name in ("start", "end")
            if period and not_decided(period, name) is not None
        )
        return Measure(
            0.0,
            ("the plan period lacks a start or an end" if period else "no plan period") + note,
            (("plan.period", ("lacks a start or an end" if period else "not set") + note),),
        )


class TacticsScheduled(Criterion):
    """traceable tactics with `start` and `end` / all tactics"""

    key = "tactics-scheduled"
    title = "Traceable tactics with start and end dates"
    weight = 5
    reads = ("tactic.start", "tactic.end")
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        return ctx.traced_share(_scheduled, "have start and end dates", _dates_lacking)


@fact("tactics")
def _scheduled(ctx: ScoreContext, t: Tactic) -> bool:
    return t.start is not None and t.end is not None


def _dates_lacking(t: Tactic) -> str:
    missing = [w for w, v in (("start", t.start), ("end", t.end)) if v is None]
    undecided = [w for w in missing if not_decided(t, w) is not None]
    if undecided:  # a placeholder date is not decided, and says so
        return "; ".join(f"its {w} date is not decided ({not_decided(t, w)})" for w in undecided)
    return f"has no {' or '.join(missing)} date" if missing else ""


class TacticsOwned(Criterion):
    """traceable tactics with a real owner / all tactics

    A placeholder owner ("TBD", "-") is no owner: it names nobody to ask.
    """

    key = "tactics-owned"
    title = "Traceable tactics with an owner"
    weight = 4
    reads = ("tactic.owner",)
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        return ctx.traced_share(has_owner, "have an owner", ctx.why_unowned)


class BudgetDeclared(Criterion):
    """half for a plan budget; half for traceable tactics with a budget / all tactics"""

    key = "budget-declared"
    title = "Plan budget declared; traceable tactics budgeted"
    weight = 4
    reads = ("plan.budget", "tactic.budget")
    counts = ("plan", "tactic")

    def measure(self, ctx: ScoreContext) -> Measure:
        declared = ctx.info is not None and ctx.info.budget is not None
        tactics = ctx.traced_share(
            _budgeted,
            "have a budget",
            lambda t: "no budget" + undecided_note(t, "budget"),
        )
        placeholder = not_decided(ctx.info, "budget")
        if declared:
            plan_words = "plan budget declared"
        elif placeholder is not None:
            plan_words = f"the plan budget is not decided ({placeholder})"
        else:
            plan_words = "no plan budget"
        return Measure(
            0.5 * declared + 0.5 * tactics.fraction,
            f"{plan_words}; {tactics.evidence}",
            (() if declared else (("plan.budget", "not set" + undecided_note(ctx.info, "budget")),))
            + tactics.gaps,
        )


class BudgetFits(Criterion):
    """with a plan budget and a budgeted traceable tactic: 1 if all tactic budgets fit in
    the plan budget (RA305's `tolerance` allowed), else plan budget / tactic budgets; 0
    otherwise

    Nothing is checked before a traceable tactic has a budget: an empty sum that fits is
    no evidence of a budget that adds up. The tolerance is RA305's, so the score never
    takes points for an overrun that `check` was told to allow. In format 2, campaign
    budgets and budget lines (salaries, tools, retainers) are spend too: a budget line
    is added to the tactic budgets, a campaign's budget holds its tactics' budgets and
    adds what it holds beyond them, and a budget line or a traceable campaign's budget
    is spend written down as well as a traceable tactic's.
    """

    key = "budget-fits"
    title = "Tactic budgets fit within the plan budget"
    weight = 3
    reads = ("plan.budget", "tactic.budget", "campaign.budget", "budget line.amount")
    counts = ("plan", "tactic", "campaign", "budget line")

    def measure(self, ctx: ScoreContext) -> Measure:
        plan_budget = ctx.info.budget if ctx.info else None
        if plan_budget is None:
            return Measure(
                0.0,
                "no plan budget to hold the tactic budgets to",
                (("plan.budget", "not set"),),
            )
        if not _traced_spend_known(ctx):
            return Measure(
                0.0,
                "no traceable tactic has a budget to hold to the plan budget",
                tuple((t.id, "no budget") for t in ctx.traced)
                or (("tactics", "no tactic traces to a goal"),),
            )
        spend = ctx.spend
        what = ctx.spend_words()
        allowed = plan_budget * (1 + float(ctx.option(BudgetOverrun.tolerance)))
        if spend <= allowed:
            return Measure(
                1.0,
                f"{what} add up to {ctx.money(spend)}, within the plan budget "
                f"of {ctx.money(plan_budget)}",
            )
        return Measure(
            allowed / spend,
            f"{what} add up to {ctx.money(spend)}, "
            f"{spend - plan_budget:,.0f} more than the plan budget of {ctx.money(plan_budget)}",
            (("plan.budget", f"the {what} exceed it"),),
        )


@fact("tactics")
def _budgeted(ctx: ScoreContext, t: Tactic) -> bool:
    return t.budget is not None


def _traced_spend_known(ctx: ScoreContext) -> bool:
    """Whether some money the plan spends on its goals is written down: a traceable
    tactic's or campaign's budget, or a budget line (money that is never a random act)."""
    return (
        any(t.budget is not None for t in ctx.traced)
        or any(c.budget is not None for c in ctx.traced_campaigns)
        or any(b.amount is not None for b in ctx.budget_lines)
    )


PROCESS = Question(
    key="process",
    title="Is there a scalable, repeatable process?",
    label="Scalable process",
    criteria=(
        ReviewCadence(),
        PlanPeriod(),
        TacticsScheduled(),
        TacticsOwned(),
        BudgetDeclared(),
        BudgetFits(),
    ),
    # RA305 budget-overrun is an error by default.
    capped_by=("RA301", "RA304", "RA305", "RA306", "RA307", "RA311", "RA314", "RA316"),
)

from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.graph import campaign_extras
from ramaudit.rules.base import Context, Problem, Rule


class BudgetOverrun(Rule):
    """Tactic budgets add up to more than the plan budget.

    ## What it does
    Adds up the `budget` of every tactic and compares the sum with the plan's `budget`.
    When the tactics ask for more, the finding points at `plan.budget` and says by how
    much. The option `tolerance` (a fraction, default `0`) allows a small overrun, for
    instance `0.05` for five percent.

    In a format 2 plan the spend also holds the `budget` of every campaign and the
    `amount` of every budget line (salaries, tools, retainers). A campaign's budget is
    the money for the whole campaign, its tactics' budgets shares of it (a launch of
    30,000: webinar 5,000, ads 25,000), so a campaign adds only what its budget holds
    beyond its tactics', as the fitness score and the RAM spend count it. When the plan
    has campaigns or budget lines, the message names what each part adds up to.

    ## Why it matters
    A plan whose parts cost more than the whole is not a plan: some tactics will be
    cut mid-year, and without a decision made now the ones cut are the ones that ran
    late, not the ones that mattered least. Efficient execution, the fourth fitness
    question, starts with a budget that adds up: money is limited, and the point of
    planning is to put it on the work that moves the goals.

    ## Example
    ```yaml
    plan:
      name: Plan
      budget: 50000
    tactics:
      - id: t-events
        budget: 40000
      - id: t-ads
        budget: 30000
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      budget: 70000
    tactics:
      - id: t-events
        budget: 40000
      - id: t-ads
        budget: 30000
    ```

    ## How to fix
    Cut or shrink tactics until they fit, starting with those that trace to no goal
    (their budget is the spend on random acts of marketing (RAM spend)), or raise the
    plan budget if the extra money is agreed.
    """

    code = "RA305"
    name = "budget-overrun"
    severity = Severity.ERROR
    category = "process"
    tolerance = RuleOption(
        0.0,
        "How far tactic budgets may exceed the plan budget before this rule reports, as a "
        "fraction of the plan budget (0.05 allows 5% over).",
        # Up to ten times the plan budget: beyond that the rule would never fire.
        range=NumberRange(0, 10, what="a fraction of the plan budget"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if info is None or info.budget is None:
            return
        parts = spend_parts(ctx)
        spend = sum(amount for _, amount in parts)
        allowed = info.budget * (1 + float(ctx.option(self.tolerance)))
        if spend > allowed:
            cur = ctx.plan.currency
            over = spend - info.budget
            if len(parts) == 1:  # tactics alone: the wording of plans without the rest
                what = f"tactic budgets add up to {spend:,.0f} {cur}"
            else:
                shown = ", ".join(f"{noun} {amount:,.0f}" for noun, amount in parts)
                what = f"the plan's spend adds up to {spend:,.0f} {cur} ({shown})"
            yield Problem(
                ("plan", "budget"),
                f"{what}, {over:,.0f} more than the plan "
                f"budget of {info.budget:,.0f} {cur}; cut tactics (random acts first) or "
                "raise the budget",
            )


def spend_parts(ctx: Context) -> list[tuple[str, float]]:
    """What the plan spends, by part: ``("tactics", 300000.0)`` always, then campaigns
    and budget lines when the plan has any. An item whose id another item took first
    (RA004) is not counted: the first one stands for the id."""
    items = ctx.graph.items
    plan = ctx.plan
    parts = [("tactics", sum(t.budget or 0 for t in plan.tactics if items.get(t.id) is t))]
    if plan.campaigns:
        first = [c for c in plan.campaigns if items.get(c.id) is c]
        extras = campaign_extras(first, [t for t in plan.tactics if items.get(t.id) is t])
        parts.append(("campaigns", sum(extras.values())))  # beyond their tactics
    if plan.budget_lines:
        parts.append(
            (
                "budget lines",
                sum(b.amount or 0 for b in plan.budget_lines if items.get(b.id) is b),
            )
        )
    return parts

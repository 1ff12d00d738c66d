from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote

if TYPE_CHECKING:
    from ramaudit.core.progress import SpendStatus


class OverspentBudget(Rule):
    """A tactic or campaign has spent more than its budget.

    ## What it does
    Adds up what each tactic and campaign has spent by the run's date (`--as-of`,
    default today): its `expenses` dated up to that day, else its `spent`. When that
    is more than its `budget`, by more than the option `tolerance` (default `0.0`, a
    fraction of the budget: `0.05` lets it run five per cent over), the finding points
    at the spend (the latest expense counted, else `spent`). A campaign is held to its
    own budget, which covers the tactics in it.

    ## Why it matters
    A budget is what the plan agreed to put behind a piece of work. Money spent beyond
    it comes out of some other tactic, or out of a budget nobody approved, and the
    return the plan promised for that work is now bought at a higher price.

    ## Example
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - id: t-paid-search
        budget: 10000
        expenses:
          - {date: 2027-01-31, amount: 6000}
          - {date: 2027-02-28, amount: 5500}
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - id: t-paid-search
        budget: 12000
        expenses:
          - {date: 2027-01-31, amount: 6000}
          - {date: 2027-02-28, amount: 5500}
    ```

    ## How to fix
    Stop or slow the spend, or move budget to this tactic openly from another one (and
    change both budgets in the plan), so the plan says where the money is going.
    """

    code = "RA504"
    name = "overspent-budget"
    severity = Severity.ERROR
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}
    tolerance = RuleOption(
        0.0,
        "How far spend may run over a tactic's or campaign's budget before it is "
        "reported, as a fraction of the budget (0.05: five per cent).",
        range=NumberRange(0, 10, what="a fraction of the budget"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_spend:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_spend:
            return
        from ramaudit.core.progress import spend_path  # loaded by ctx.status()

        tolerance = float(ctx.option(self.tolerance))
        for s in status.spend:
            if not overspent(s, tolerance):
                continue
            where = spend_path(s.item, ctx.as_of)
            if s.budget is None or s.spent is None or where is None:
                continue
            cur = ctx.plan.currency
            yield Problem(
                where,
                f"{kind_of(s.item)} {quote(s.item.id)} has spent {s.spent:,.0f} {cur} of "
                f"its {s.budget:,.0f} {cur} budget, {s.over_budget:,.0f} {cur} over; stop "
                "the spend or move budget to it openly from another tactic",
                item=s.item.id,
            )


def overspent(s: SpendStatus, tolerance: float) -> bool:
    """Whether ``s`` has spent more than its budget allows with ``tolerance``."""
    if s.budget is None or s.spent is None:
        return False
    return s.spent > s.budget * (1 + tolerance) + 1e-9

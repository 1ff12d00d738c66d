from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote

if TYPE_CHECKING:
    from ramaudit.core.progress import SpendStatus


class SpentOnRandomActs(Rule):
    """Money has already been spent on a tactic or campaign that serves no goal.

    ## What it does
    Reports each tactic or campaign that traces to no business goal (the random acts
    of marketing RA101 and RA108 report before the money goes out) and has spent money
    by the run's date (`--as-of`, default today): `expenses` up to that day, else
    `spent`. The finding points at the spend and says how much went out, and what
    share of the item's budget that is.

    ## Why it matters
    A random act in a plan is money that might be wasted; a random act with spend
    against it is money that has been. The plan's headline says how much of its
    budget is planned on random acts; this finding says how much is already gone, and
    where, so the spend can be stopped or the work tied to a goal.

    ## Example
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    goals:
      - id: g-revenue
    objectives:
      - id: o-pipeline
        goals: [g-revenue]
    tactics:
      - id: t-trade-show
        budget: 20000
        spent: 12000
        as_of: 2027-02-28
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    goals:
      - id: g-revenue
    objectives:
      - id: o-pipeline
        goals: [g-revenue]
    tactics:
      - id: t-trade-show
        objectives: [o-pipeline]
        budget: 20000
        spent: 12000
        as_of: 2027-02-28
    ```

    ## How to fix
    Link the tactic (or campaign) to the objective it serves, if it serves one; if it
    serves none, stop the spend and record what was learned.
    """

    code = "RA506"
    name = "spent-on-random-acts"
    severity = Severity.ERROR
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_spend:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_spend or not status.ram_items:
            return
        from ramaudit.core.progress import spend_path  # loaded by ctx.status()

        random_acts = set(status.ram_items)
        for s in status.spend:
            if s.item.id not in random_acts or not s.spent or s.spent <= 0:
                continue
            where = spend_path(s.item, ctx.as_of)
            if where is None:
                continue
            yield Problem(
                where,
                f"{kind_of(s.item)} {quote(s.item.id)} traces to no goal and has spent "
                f"{_spent(s, ctx.plan.currency)} already: money gone on a random act of "
                "marketing; link it to the objective it serves or stop the spend",
                item=s.item.id,
            )


def _spent(s: SpendStatus, currency: str) -> str:
    assert s.spent is not None
    text = f"{s.spent:,.0f} {currency}"
    if s.budget is not None and s.share is not None:
        text += f" ({s.share * 100:.0f}% of its {s.budget:,.0f} {currency} budget)"
    elif s.budget is None:
        text += " (it has no budget)"
    return text

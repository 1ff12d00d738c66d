from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote
from ramaudit.rules.overspent_budget import OverspentBudget, overspent


class AheadOfPhasing(Rule):
    """A tactic or campaign has spent more by now than its phasing says it should have.

    ## What it does
    Reads a tactic's or campaign's `phasing` (its budget by month or quarter) on the
    run's date (`--as-of`, default today): each phase that has ended counts in full,
    the phase under way by the share of its days gone. When the money spent by then
    (`expenses` up to that day, else `spent`) is more than that, by more than the
    option `tolerance` (default `0.1`, a fraction of the whole phasing), the finding
    points at the spend. Spend over the budget itself is RA504's, so an item RA504
    reports is left out here.

    ## Why it matters
    A phased budget says when the money is meant to go out. Spending ahead of it
    leaves the later months short: the campaign that was planned for the busy season
    finds its money gone, or the plan overspends to keep it.

    ## Example
    On 1 March 2027 (`--as-of 2027-03-01`), January and February are over:
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - id: t-events
        budget: 30000
        phasing: {2027-01: 5000, 2027-02: 5000, 2027-03: 20000}
        spent: 22000
        as_of: 2027-02-28
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - id: t-events
        budget: 30000
        phasing: {2027-01: 5000, 2027-02: 5000, 2027-03: 20000}
        spent: 10500
        as_of: 2027-02-28
    ```

    ## How to fix
    Check whether the spend was brought forward on purpose (a deposit paid early); if
    so, move the phasing to match. If not, slow the spend so the later phases keep
    their money.
    """

    code = "RA505"
    name = "ahead-of-phasing"
    severity = Severity.WARNING
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}
    tolerance = RuleOption(
        0.1,
        "How far spend may run ahead of the phasing to date before it is reported, as a "
        "fraction of the whole phasing (0.1: a tenth of it).",
        range=NumberRange(0, 10, what="a fraction of the phased budget"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_spend:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_spend:
            return
        from ramaudit.core.progress import spend_path  # loaded by ctx.status()

        tolerance = float(ctx.option(self.tolerance))
        over_budget = float(ctx.option(OverspentBudget.tolerance))
        cur = ctx.plan.currency
        for s in status.spend:
            if s.phased is None or s.phased_total is None or s.spent is None:
                continue
            if s.spent <= s.phased + tolerance * s.phased_total + 1e-9:
                continue
            if overspent(s, over_budget):
                continue  # RA504 reports it
            where = spend_path(s.item, ctx.as_of)
            if where is None:
                continue
            yield Problem(
                where,
                f"{kind_of(s.item)} {quote(s.item.id)} has spent {s.spent:,.0f} {cur} by "
                f"{ctx.as_of.isoformat()}, {s.ahead_of_phasing:,.0f} {cur} ahead of its "
                f"phasing ({s.phased:,.0f} {cur} due by then of {s.phased_total:,.0f} "
                f"{cur}); slow the spend or move the phasing to match",
                item=s.item.id,
            )

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote

if TYPE_CHECKING:
    from ramaudit.core.progress import SpendStatus


class NotStarted(Rule):
    """A tactic or campaign is past its end and never started.

    ## What it does
    Looks at each tactic and campaign whose `end` has passed on the run's date
    (`--as-of`, default today) and reports it when either:

    - its `status` still says `planned`, or
    - it has a budget but nothing spent by then, in a plan that records spend
      (`spent` or `expenses` on some tactic or campaign).

    The finding says which: at `status` in the first case, at `end` in the second.
    Work marked `done` or `cancelled` is left out: the plan says what became of it.

    ## Why it matters
    A tactic that never ran leaves its objective without the work the plan counted
    on, and its budget unused while other tactics may be short. Finding it after its
    end date is the last chance to say so in the plan, move the money, and change
    what the objective can still expect.

    ## Example
    On 1 March 2027 (`--as-of 2027-03-01`), the webinar was due to end in January:
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - id: t-webinar
        budget: 4000
        start: 2027-01-04
        end: 2027-01-29
        spent: 0
        as_of: 2027-02-28
      - id: t-ads
        budget: 9000
        spent: 6000
        as_of: 2027-02-28
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - id: t-webinar
        budget: 4000
        start: 2027-01-04
        end: 2027-01-29
        status: cancelled
        spent: 0
        as_of: 2027-02-28
      - id: t-ads
        budget: 13000
        spent: 6000
        as_of: 2027-02-28
    ```

    ## How to fix
    Say what happened: mark it `cancelled` (and move its budget openly), give it new
    dates if it is only late, or record its spend and set `status: done` if it ran.
    """

    code = "RA507"
    name = "not-started"
    severity = Severity.WARNING
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}

    def check(self, ctx: Context) -> Iterator[Problem]:
        plan = ctx.plan
        planned = any(t.status == "planned" for t in plan.tactics) or any(
            c.status == "planned" for c in plan.campaigns
        )
        if not plan.tracks_spend and not planned:
            return  # nothing spent nor marked planned: no status to compute
        status = ctx.status()
        for s in status.spend:
            item = s.item
            if item.end is None or item.end >= ctx.as_of:
                continue
            if item.status in ("done", "cancelled"):
                continue
            what = f"{kind_of(item)} {quote(item.id)} was due to end on {item.end.isoformat()}"
            if item.status == "planned":
                yield Problem(
                    (*item.path, "status"),
                    f"{what} but is still marked 'planned'; say whether it ran (set its "
                    "status and spend), was moved (new dates) or was cancelled",
                    item=item.id,
                )
            elif status.tracks_spend and _unspent(s):
                yield Problem(
                    (*item.path, "end"),
                    f"{what} and has spent nothing of its {s.budget:,.0f} "
                    f"{ctx.plan.currency} budget; say whether it was moved (new dates) or "
                    "cancelled, and where the money goes",
                    item=item.id,
                )


def _unspent(s: SpendStatus) -> bool:
    """A budget and nothing of it spent (no spend recorded counts as none)."""
    return bool(s.budget) and not s.spent

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import Tactic
from ramaudit.rules.base import Context, Problem, Rule, quote


class UnbudgetedTactic(Rule):
    """A tactic with no budget in a plan that has one.

    ## What it does
    When the `plan:` block declares a `budget`, reports every tactic without its own
    `budget`, at the tactic's `id`. Plans with no overall budget are left alone. A
    tactic that really costs nothing can say `budget: 0`; a budget that is written but
    invalid (`-500`, `lots`) is RA002's.

    A tactic that belongs to a campaign with a `budget` (nested under it, or naming it
    in `campaign:`) is budgeted through the campaign: the campaign's money pays for the
    work of its tactics, so they need no budget of their own.

    ## Why it matters
    Budget is how a plan shows its priorities, and part of a scalable process (the
    first fitness question) is knowing what each piece of work costs. Spend on random
    acts of marketing (RAM spend), the money on tactics that trace to no goal, can only
    be measured when every tactic's cost is known. An unbudgeted tactic either draws on
    money the plan does not show or will be starved when the year gets tight; either way
    the plan cannot be checked against what it spends (RA305).

    ## Example
    ```yaml
    plan:
      name: Plan
      budget: 80000
    tactics:
      - id: t-webinars
        name: Monthly webinars
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      budget: 80000
    tactics:
      - id: t-webinars
        name: Monthly webinars
        budget: 12000
    ```

    ## How to fix
    Add `budget:` to the tactic with its expected cost for the period (media, agency,
    tools; staff time too if the plan counts it), or `budget: 0` if it costs nothing.
    """

    code = "RA311"
    name = "unbudgeted-tactic"
    severity = Severity.INFO
    category = "process"

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if info is None or info.budget is None:
            return
        funded = {c.id for c in ctx.plan.campaigns if c.budget is not None}
        for tactic in ctx.plan.tactics:
            if funded and _in_campaign(tactic, funded):
                continue  # paid for by its campaign's budget
            if tactic.budget is None and not ctx.invalid(tactic, "budget"):
                yield Problem(
                    (*tactic.path, "id"),
                    f"tactic {quote(tactic.id)} has no budget while the plan has one; add "
                    "'budget:' with its cost (0 if it costs nothing)",
                    item=tactic.id,
                )


def _in_campaign(tactic: Tactic, campaigns: set[str]) -> bool:
    """Whether ``tactic`` belongs to one of ``campaigns``: nested under it (the walk
    names the campaign as its parent: ``campaigns: - tactics:``) or naming it."""
    nested = len(tactic.path) >= 4 and tactic.path[-4] == "campaigns"
    if nested and tactic.parent in campaigns:
        return True
    return any(ref in campaigns for ref in tactic.campaign)

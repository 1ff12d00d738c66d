from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class UnbudgetedTactic(Rule):
    """A tactic with no budget in a plan that has one.

    ## What it does
    When the `plan:` block declares a `budget`, reports every tactic without its own
    `budget`, at the tactic's `id`. Plans with no overall budget are left alone. A
    tactic that really costs nothing can say `budget: 0`; a budget that is written but
    invalid (`-500`, `lots`) is RA002's.

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
        for tactic in ctx.plan.tactics:
            if tactic.budget is None and not ctx.invalid(tactic, "budget"):
                yield Problem(
                    (*tactic.path, "id"),
                    f"tactic {quote(tactic.id)} has no budget while the plan has one; add "
                    "'budget:' with its cost (0 if it costs nothing)",
                    item=tactic.id,
                )

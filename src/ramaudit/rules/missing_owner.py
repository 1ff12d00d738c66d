from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.findings import Finding, Severity
from ramaudit.model import kind_of
from ramaudit.rules.base import Context, Rule


class MissingOwner(Rule):
    """A goal, objective or tactic with no owner.

    ## What it does
    Reports every goal, objective and tactic that has no `owner`, at its `id`. The
    option `levels` (default `["goal", "objective", "tactic"]`) chooses which kinds
    need one. An owner written as a placeholder such as `TBD` is reported by RA308
    instead.

    ## Why it matters
    Accountability, the second question of the marketing fitness test, rests on role
    clarity: every goal, objective and piece of work has one person who answers for it.
    Work owned by "the team" is reviewed by nobody, slips without anyone deciding it
    should, and cannot be asked about when the numbers come in.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-share
        name: Take share from the incumbent
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-share
        name: Take share from the incumbent
        owner: Chief Revenue Officer
    ```

    ## How to fix
    Add `owner:` with the one person (or role) accountable for the item. If two people
    share it, pick the one who reports on it.
    """

    code = "RA301"
    name = "missing-owner"
    severity = Severity.WARNING
    category = "accountability"
    options: ClassVar[dict[str, Any]] = {"levels": ["goal", "objective", "tactic"]}

    def check(self, ctx: Context) -> Iterator[Finding]:
        levels = set(ctx.option(self, "levels"))
        for item in (*ctx.plan.goals, *ctx.plan.objectives, *ctx.plan.tactics):
            kind = kind_of(item)
            if kind in levels and not item.owner:
                yield ctx.finding(
                    self,
                    (*item.path, "id"),
                    f"{kind} '{item.id}' has no owner; add 'owner:' with the person "
                    "accountable for it",
                    item=item.id,
                )

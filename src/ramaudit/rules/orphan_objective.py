from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class OrphanObjective(Rule):
    """An objective linked to no existing goal.

    ## What it does
    Reports an objective that reaches no goal: it has no `goals`, is not nested under a
    goal, and none of its `parents` objectives reaches a goal either. Links to ids that
    do not exist do not count.

    ## Why it matters
    In goals-first planning an objective is a business goal made measurable: it says
    how much of the goal, by when, and who answers for it. One that serves no goal
    may be well measured and well owned and still be beside the point, since nobody
    above it decided it matters; every tactic under it becomes a random act too.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-retention
    objectives:
      - id: o-followers
        name: Grow Instagram followers
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-retention
    objectives:
      - id: o-followers
        name: Grow Instagram followers
        goals: g-retention
    ```

    ## How to fix
    Add `goals: <goal id>` to the objective (or nest it under the goal, or name a
    `parents` objective that has a goal). If it serves none of the plan's goals, either
    a goal is missing from the plan or the objective is.
    """

    code = "RA102"
    name = "orphan-objective"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Problem]:
        traceable = ctx.graph.traceable
        items = ctx.graph.items
        for obj in ctx.plan.objectives:
            if items.get(obj.id) is obj and obj.id not in traceable:
                yield Problem(
                    (*obj.path, "id"),
                    f"objective {quote(obj.id)} serves no goal; add 'goals: <goal id>' "
                    "naming the business goal it moves",
                    item=obj.id,
                )

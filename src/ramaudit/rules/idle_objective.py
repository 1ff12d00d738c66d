from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class IdleObjective(Rule):
    """An objective that no tactic serves.

    ## What it does
    Reports an objective with no tactic below it: none linked to it, none nested under
    it, and none under any objective that rolls up to it through `parents`.

    ## Why it matters
    Goals-first planning runs goal, objective, tactic: each objective is followed by
    the work chosen to move it, which is what makes the plan executable rather than a
    list of hopes. An objective with nothing planned against it will be missed by
    default. Either the work is happening somewhere off the plan, which hides cost and
    effort from the budget and the review, or it is not happening at all.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-win-rate
        goals: g-share
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-win-rate
        goals: g-share
    tactics:
      - id: t-battlecards
        objectives: o-win-rate
    ```

    ## How to fix
    Plan at least one tactic for the objective, or drop the objective if it is not
    being pursued this period.

    ## In format 2
    A tactic in a campaign serves the campaign's objectives, so a campaign with tactics
    keeps its objective busy. Milestones do not: they are results to deliver, not the
    work that delivers them, so an objective with milestones and no tactic is reported.
    """

    code = "RA104"
    name = "idle-objective"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        served = graph.served
        items = graph.items
        for obj in ctx.plan.objectives:
            if items.get(obj.id) is obj and obj.id not in served:
                below = {graph.kind(child) for child in graph.children(obj.id)}
                if "campaign" in below:
                    what = "has no tactic, not even in its campaigns"
                    fix = "plan the work that will move it"
                elif "milestone" in below:
                    # Milestones are results to deliver, not the work that delivers them.
                    what = "has milestones but no tactic"
                    fix = "plan the work that will deliver them"
                else:
                    what, fix = "has no tactic", "plan the work that will move it"
                yield Problem(
                    (*obj.path, "id"),
                    f"objective {quote(obj.id)} {what}; {fix}",
                    item=obj.id,
                )

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class UnsupportedGoal(Rule):
    """A goal that no objective serves.

    ## What it does
    Reports a goal with no objective linked to it or nested under it.

    ## Why it matters
    Goals-first planning (the objectives step of SOSTAC) turns each business goal into
    measurable objectives before any tactic is chosen. A goal without objectives is a
    wish: nothing says how progress toward it will be measured, who owns it, or by
    when. A goal that stops at the first step has not been planned.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-new-market
        name: Enter the Nordic market
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-new-market
        name: Enter the Nordic market
    objectives:
      - id: o-nordic-pipeline
        goals: g-new-market
        kpis:
          - metric: qualified leads
            target: 120
    ```

    ## How to fix
    Add at least one measurable objective that serves the goal, or remove the goal if
    the plan does not pursue it this period.

    ## In a workspace
    An objective in another plan file of the workspace that links to the goal serves
    it too: a company goal that a department's objective names is not reported.
    """

    code = "RA103"
    name = "unsupported-goal"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        items = graph.items
        # In a workspace, objectives of other files may serve the goal (issue 13).
        below = ctx.workspace.below if ctx.workspace is not None else {}
        for goal in ctx.plan.goals:
            if items.get(goal.id) is not goal or "objective" in below.get(goal.id, ()):
                continue
            if not any(graph.kind(child) == "objective" for child in graph.children(goal.id)):
                yield Problem(
                    (*goal.path, "id"),
                    f"goal {quote(goal.id)} has no objective; add a measurable objective that "
                    "serves it",
                    item=goal.id,
                )

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
    """

    code = "RA103"
    name = "unsupported-goal"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        items = graph.items
        for goal in ctx.plan.goals:
            if items.get(goal.id) is not goal:
                continue
            if not any(graph.kind(child) == "objective" for child in graph.children(goal.id)):
                yield Problem(
                    (*goal.path, "id"),
                    f"goal {quote(goal.id)} has no objective; add a measurable objective that "
                    "serves it",
                    item=goal.id,
                )

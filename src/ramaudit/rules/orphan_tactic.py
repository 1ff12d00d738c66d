from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class OrphanTactic(Rule):
    """A tactic with no path to any business goal: a random act of marketing.

    ## What it does
    Follows links and nesting upward from every tactic: tactic -> objective (-> parent
    objective ...) -> goal. A tactic that reaches no goal is reported, whether it links
    to nothing, only to ids that do not exist, or only to objectives that are
    themselves cut off from every goal.

    ## Why it matters
    This is the defining random act of marketing: activity that spends budget and
    attention but serves no business goal anyone agreed on. Goals-first planning works
    downward, from the business goal to the objectives that measure it and only then
    to the tactics that move those objectives; a tactic that reaches no goal was
    picked the other way round, for its own sake. It cannot be judged a success or a
    failure, because nothing says what it was for, and it fails the fourth fitness
    question, efficient execution: its money does nothing for the goals. The budget
    such tactics carry is reported as spend on random acts of marketing (RAM spend).

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-billboard
        name: Highway billboard
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-billboard
        name: Highway billboard
        objectives: o-leads
    ```

    ## How to fix
    Link the tactic to the objective it serves (`objectives: <id>`), or nest it under
    that objective. If no objective fits, ask whether the tactic belongs in the plan at
    all: cutting it frees its budget for work that moves a goal.
    """

    code = "RA101"
    name = "orphan-tactic"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Problem]:
        for tactic in ctx.graph.orphan_tactics:
            if ctx.invalid(tactic, "objectives") and tactic.parent is None:
                why = "has no valid link to an objective"
            elif not tactic.objectives and tactic.parent is None:
                why = "links to no objective"
            else:
                why = "has no path through its objectives to any goal"
            spend = ""
            if tactic.budget:
                spend = f" and carries {tactic.budget:,.0f} {ctx.plan.currency}"
            yield Problem(
                (*tactic.path, "id"),
                f"tactic {quote(tactic.id)} {why}{spend}: a random act of marketing; link it to "
                "the objective it serves or drop it",
                item=tactic.id,
            )

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class OrphanMilestone(Rule):
    """A milestone tied to no existing objective.

    ## What it does
    Reports a milestone that belongs to no objective: it is not written under an
    objective's `milestones:`, and its `objectives` name none that exists. Links to
    ids that do not exist, or to items that are no objective, do not count (RA005 and
    RA106 report them).

    ## Why it matters
    A milestone is a deliverable key result: something that is done or not done by a
    day, such as a new website going live. It counts as progress only toward the
    objective it is a result of. One tied to no objective is a date in a calendar:
    nobody can say what reaching it proves, and missing it moves nothing the plan
    reports on.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    milestones:
      - id: m-site-live
        name: New website live
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
    milestones:
      - id: m-site-live
        name: New website live
        objectives: o-leads
    ```

    ## How to fix
    Add `objectives: <objective id>` to the milestone, naming the objective it is a
    result of, or write it under that objective's `milestones:`. A milestone that is
    only a step of some tactic belongs in that tactic's plan, not in this one.
    """

    code = "RA112"
    name = "orphan-milestone"
    severity = Severity.WARNING
    category = "structure"

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        items = graph.items
        for milestone in ctx.plan.milestones:
            if items.get(milestone.id) is not milestone:
                continue
            if any(graph.kind(p) == "objective" for p in graph.parents_of(milestone.id)):
                continue
            written = milestone.objectives or ctx.invalid(milestone, "objectives")
            why = "has no valid link to an objective" if written else "belongs to no objective"
            yield Problem(
                (*milestone.path, "id"),
                f"milestone {quote(milestone.id)} {why}; add 'objectives: <objective id>' "
                "naming the objective it is a result of, or write it under that objective's "
                "'milestones:'",
                item=milestone.id,
            )

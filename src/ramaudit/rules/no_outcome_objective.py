from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule


class NoOutcomeObjective(Rule):
    """No objective in the plan is measured on a business outcome.

    ## What it does
    Looks at the KPIs of every objective and reports the plan once when none of them
    measures an outcome: qualified leads, pipeline, opportunities, revenue, retention,
    churn, booked demos and the like (the list is in the vocabulary and can be
    extended). What a metric counts decides, not every word in it: `pipeline from
    webinars` is an outcome, `sales deck downloads` is not. A plan with no objectives
    at all is reported too. The finding points at the `objectives` list, or at the
    `plan` block when there is none.

    ## Why it matters
    Of the four marketing goals (establish the brand, help prospects learn, turn them
    into qualified leads, bring customers back), the point of the first two is the last
    two. A plan whose every objective counts attention or activity has no line to the
    revenue the business expects, and a sales or finance reader will find nothing in it
    they can hold marketing to.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-reach
        kpis:
          - metric: impressions
            target: 1000000
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-reach
        kpis:
          - metric: impressions
            target: 1000000
      - id: o-leads
        kpis:
          - metric: sales qualified leads
            target: 200
    ```

    ## How to fix
    Add, or re-measure, at least one objective on what the business gets from
    marketing: qualified leads handed to sales, pipeline, won revenue, renewals. If the
    word you use is not recognised, add it to `outcome-metrics` in the vocabulary.
    """

    code = "RA206"
    name = "no-outcome-objective"
    severity = Severity.WARNING
    category = "market"

    def check(self, ctx: Context) -> Iterator[Problem]:
        if ctx.plan.info is None:
            return
        objectives = ctx.plan.objectives
        vocab = ctx.vocabulary
        if any(vocab.is_outcome(k.metric) for o in objectives for k in o.kpis):
            return
        if not objectives:
            yield Problem(
                ("plan",),
                "the plan has no objectives, so nothing measures a business outcome; add an "
                "objective measured on qualified leads, pipeline, revenue or retention",
                key=True,
            )
            return
        # The top-level list when there is one; nested objectives have no list of
        # their own, so the first objective stands for them.
        top = any(o.path[:1] == ("objectives",) for o in objectives)
        where = ("objectives",) if top else (*objectives[0].path, "id")
        if len(objectives) == 1:
            what = "the plan's only objective is not measured on a business outcome"
        else:
            what = (
                f"none of the plan's {len(objectives)} objectives is measured on a business outcome"
            )
        yield Problem(
            where,
            f"{what}; measure at least one objective on qualified leads, pipeline, revenue "
            "or retention",
            key=top,
        )

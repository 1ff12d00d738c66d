from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, count, quote, quote_some


class MilestoneOnlyObjective(Rule):
    """An objective measured only by milestones, with no key result that has a number.

    ## What it does
    Reports an objective that has milestones (nested under it in `milestones:`, or
    naming it in their `objectives`) and no KPI. The finding points at the objective's
    id and names its milestones. Plans written for format 2 only (`version: 2`),
    unless the rule is selected by its code or name.

    ## Why it matters
    A milestone is done or not done: it shows the work happened, not that it changed
    anything. John Doerr's *Measure What Matters* (2018) holds that a key result needs
    a number to be one, and OKR tools' quality checks flag an objective whose key
    results are all things to ship. Milestones are good steps on the way, next to a
    key result that measures where the way leads. An objective
    met by launching a site, a webinar series and a new brochure can be met in full
    while the leads, the pipeline and the revenue stay where they were.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-site
        milestones:
          - id: m-site-live
            name: New website live
            due: 2027-03-31
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-site
        kpis:
          - metric: demo requests from the website
            baseline: 40
            target: 90
        milestones:
          - id: m-site-live
            name: New website live
            due: 2027-03-31
    ```

    ## How to fix
    Add a KPI for what the milestones should change, with a baseline and a target:
    the leads, sign-ups or conversions the new site or the launch is meant to bring.
    Keep the milestones as the steps on the way.
    """

    code = "RA404"
    name = "milestone-only-objective"
    severity = Severity.INFO
    category = "accountability"
    since_format = 2

    def check(self, ctx: Context) -> Iterator[Problem]:
        for obj in ctx.plan.objectives:
            if obj.kpis or ctx.invalid(obj, "kpis"):
                continue
            milestones = ctx.milestones_of(obj)
            if not milestones:
                continue
            listed = quote_some([m.id for m in milestones])
            yield Problem(
                (*obj.path, "id"),
                f"objective {quote(obj.id)} is measured only by "
                f"{count(len(milestones), 'milestone')} ({listed}), which show the work was "
                "done, not that it changed anything; add a key result with a number",
                item=obj.id,
            )

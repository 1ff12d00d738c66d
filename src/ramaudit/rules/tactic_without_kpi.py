from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class TacticWithoutKpi(Rule):
    """A tactic with no KPI.

    ## What it does
    Reports a tactic whose `kpis` list is missing or empty.

    ## Why it matters
    Every email, event and campaign should have its own task goal, so that it can be
    judged on its own and compared with the alternatives. A tactic that is never
    measured is renewed out of habit and cut out of guesswork.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-newsletter
        name: Monthly newsletter
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-newsletter
        name: Monthly newsletter
        kpis:
          - metric: sales accepted leads
            target: 15
    ```

    ## How to fix
    Add a KPI that shows the tactic's contribution to its objective, ideally an outcome
    (leads, pipeline, renewals) rather than activity.
    """

    code = "RA202"
    name = "tactic-without-kpi"
    depends_on = "item"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Problem]:
        for tactic in ctx.plan.tactics:
            if not tactic.kpis and not ctx.invalid(tactic, "kpis"):
                yield Problem(
                    (*tactic.path, "id"),
                    f"tactic {quote(tactic.id)} has no KPI; add one that shows what it contributes",
                    item=tactic.id,
                )

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class KpiWithoutTarget(Rule):
    """A KPI with no numeric target.

    ## What it does
    Reports a KPI of an objective or tactic that names a metric but sets no `target`.
    A target that is written but invalid (`lots`) is RA002's, and one written as a
    placeholder (`TBD`) is RA308's, not this rule's. In format 2 a target may be a
    change against the baseline (`+20%`, `3x`), a rate (`15%`), growth per period
    (`+5% month over month`) or `confidential`: each of these is a target.

    ## Why it matters
    A metric without a target is a measurement, not an objective: any number at the
    end of the quarter can be called a success. SMART objectives are specific and
    measurable, which means a number to hit.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
            target: 300
    ```

    ## How to fix
    Add `target:` with the number that would count as success by the deadline.
    """

    code = "RA203"
    name = "kpi-without-target"
    depends_on = "item"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Problem]:
        for item, kpi in ctx.kpis():
            if not kpi.target_set and not ctx.invalid(kpi, "target"):
                yield Problem(
                    (*kpi._path, "metric"),
                    f"KPI {quote(kpi.metric)} of {kind_of(item)} {quote(item.id)} has no target; "
                    "add the number that counts as success",
                    item=item.id,
                )

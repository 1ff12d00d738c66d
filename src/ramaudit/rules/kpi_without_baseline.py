from collections.abc import Iterator

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class KpiWithoutBaseline(Rule):
    """An objective's KPI has a target but no baseline.

    ## What it does
    Reports each KPI of an objective that sets a `target` but no `baseline`, at the
    KPI's metric. KPIs with no target are left to RA203, a baseline that is
    written but invalid to RA002, and one written as a placeholder (`TBD`) to RA308; a
    target kept `confidential` is not judged. A target written as a change against the
    baseline (`+20%`, `3x`, `+5% month over month`) means no number at all without one,
    and the message says so. With the option `include-tactics = true`, KPIs of
    tactics are checked too.

    ## Why it matters
    A target means little without the starting point: 300 qualified leads is a
    stretch from 120 and a slide backwards from 400. The baseline is what makes a SMART
    target realistic and lets a review judge progress; the control step of SOSTAC
    compares results against where the plan started. It also lets ramaudit check that
    the target is an improvement at all (RA208).

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
            target: 300
            deadline: 2027-12-31
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
            baseline: 210
            target: 300
            deadline: 2027-12-31
    ```

    ## How to fix
    Add `baseline:` with the value the metric has today (or had over the last
    comparable period). For a brand-new measure, `baseline: 0` says so explicitly.
    """

    code = "RA207"
    name = "kpi-without-baseline"
    depends_on = "item"
    severity = Severity.INFO
    category = "accountability"
    include_tactics = RuleOption(
        False,
        "Also report KPIs of tactics, not only those of objectives.",
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        for item, kpi in ctx.kpis(tactics=ctx.option(self.include_tactics)):
            if kpi.baseline is not None or ctx.invalid(kpi, "baseline") or kpi.confidential:
                continue
            form = kpi.target_form
            if form is not None and form.relative:
                yield Problem(
                    (*kpi._path, "target"),
                    f"KPI {quote(kpi.metric)} of {kind_of(item)} {quote(item.id)} has the "
                    f"target {quote(form.written)}, a change against a baseline it does not "
                    "give, so the target is no number yet; add 'baseline:' with today's value",
                    item=item.id,
                )
            elif kpi.target is not None:
                yield Problem(
                    (*kpi._path, "metric"),
                    f"KPI {quote(kpi.metric)} of {kind_of(item)} {quote(item.id)} has a target "
                    "but no "
                    "baseline; add 'baseline:' with today's value so progress can be judged",
                    item=item.id,
                )

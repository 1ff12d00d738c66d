from collections.abc import Iterator

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import KPI, Campaign, Objective, Tactic, kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class KpiWithoutDeadline(Rule):
    """An objective's KPI with no deadline: the objective is not time-bound.

    ## What it does
    Reports each KPI of an objective that sets no `deadline`. The finding points at the
    KPI's metric. With the option `include-tactics = true`, KPIs of tactics are
    checked too (off by default: a tactic's dates usually bound its measures). A
    deadline that is written but is no date is RA002's.

    A deadline may name a milestone instead of a date (`deadline: m-site-live`): the
    KPI is then due when the milestone is, and counts as time-bound. KPIs of campaigns
    are treated as those of tactics, checked with `include-tactics`: a campaign's
    `start` and `end` bound its measures just as a tactic's do.

    ## Why it matters
    SMART objectives are time-bound. "300 qualified leads" with no date can be
    declared on track forever; a date turns it into a commitment that can be reviewed,
    and tells everyone when the next plan has to start. Without deadlines the review
    cadence has nothing to check progress against.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - metric: qualified leads
            target: 300
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
            deadline: 2027-12-31
    ```

    ## How to fix
    Add `deadline: YYYY-MM-DD` to the KPI: the date by which the target must be met,
    usually the end of the plan period or of a quarter inside it.
    """

    code = "RA204"
    name = "kpi-without-deadline"
    depends_on = "item"
    severity = Severity.WARNING
    category = "accountability"
    include_tactics = RuleOption(
        False,
        "Also report KPIs of tactics and campaigns, not only those of objectives.",
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        for item, kpi in _kpis(ctx, work=ctx.option(self.include_tactics)):
            if kpi.deadline_milestone is not None:
                continue  # due when the milestone it names is
            if kpi.deadline is None and not ctx.invalid(kpi, "deadline"):
                yield Problem(
                    (*kpi._path, "metric"),
                    f"KPI {quote(kpi.metric)} of {kind_of(item)} {quote(item.id)} has no "
                    "deadline; add "
                    "'deadline: YYYY-MM-DD' so the target is time-bound",
                    item=item.id,
                )


def _kpis(ctx: Context, *, work: bool) -> Iterator[tuple[Objective | Campaign | Tactic, KPI]]:
    """Every KPI of an objective, with those of campaigns and tactics when ``work``,
    in document order by kind (objectives, campaigns, tactics)."""
    plan = ctx.plan
    owners: list[Objective | Campaign | Tactic] = list(plan.objectives)
    if work:
        owners += plan.campaigns
        owners += plan.tactics
    for owner in owners:
        for kpi in owner.kpis:
            yield owner, kpi

from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.costs import Money, counts_results, new_results, result_key
from ramaudit.core.findings import Severity
from ramaudit.core.model import KPI, Campaign, Objective, Tactic
from ramaudit.rules.base import Context, Problem, Rule, quote
from ramaudit.rules.implausible_cost_per_result import number


class TacticsShortOfTarget(Rule):
    """The tactics of an objective add up to less than the objective's target.

    ## What it does
    For every KPI of an objective that counts results (leads, qualified leads, new
    customers; not a rate), adds up the targets that the tactics and campaigns below the
    objective set on the same result, and reports the objective's target when they fall
    short of it by more than the option `tolerance` (a fraction of the target, default
    `0.1`). Metrics are matched by the result they count, as the benchmarks are
    (docs/plausibility.md): `MQLs from webinars` counts marketing qualified leads, and so
    does `marketing qualified leads`. A campaign's target holds its tactics' (the whole
    campaign and its shares), so a campaign counts the larger of its own target and its
    tactics' sum. Only objectives whose tactics or campaigns set a target on the result
    are judged; a `confidential` target on either side leaves the objective alone.

    Targets count new results, as RA316 does: the target less its baseline when a
    baseline is stated. With RA316's option `counted` set to `target`, whole targets
    are added and compared.

    Only plans written for format 2 are judged, unless the rule is selected by code
    or name.

    ## Why it matters
    An objective's target is met by the work below it. Tactics that add up to 40
    qualified leads for an objective of 120 leave 80 to luck, or show that the
    objective's number was set without asking the people who run the tactics. Either
    way the gap is cheaper to close in the plan than at the quarter's review.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 120
        tactics:
          - id: t-webinars
            kpis:
              - metric: qualified leads from webinars
                target: 25
          - id: t-ads
            kpis:
              - metric: qualified leads
                target: 15
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 120
        tactics:
          - id: t-webinars
            kpis:
              - metric: qualified leads from webinars
                target: 50
          - id: t-ads
            kpis:
              - metric: qualified leads
                target: 70
    ```

    ## How to fix
    Close the gap in the plan: add tactics for the missing results, raise the tactics'
    targets if the work can carry them, or lower the objective's target to what the
    work adds up to. Results expected without any tactic (repeat business, organic
    demand) belong in the objective's baseline.
    """

    code = "RA317"
    name = "tactics-short-of-target"
    severity = Severity.WARNING
    category = "execution"
    since_format = 2
    tolerance = RuleOption(
        0.1,
        "How far the tactics' targets may fall short of their objective's target on the "
        "same result before this rule reports, as a fraction of the objective's target "
        "(0.1 allows 10% short).",
        range=NumberRange(0, 1, what="a fraction of the objective's target"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        from ramaudit.rules.implausible_cost_per_result import ImplausibleCostPerResult

        whole = ImplausibleCostPerResult.counted.read(ctx.options) == "target"
        tolerance = float(ctx.option(self.tolerance))
        money = Money(ctx.plan, ctx.graph)
        for objective in ctx.plan.objectives:
            if ctx.graph.items.get(objective.id) is not objective:
                continue  # a duplicate id (RA004): the first one stands for it
            below: list[Tactic | Campaign] | None = None
            for kpi in objective.kpis:
                if kpi.confidential or not counts_results(kpi, ctx.vocabulary):
                    continue
                needed = new_results(kpi, whole_target=whole)
                if needed is None:
                    continue
                if below is None:
                    below = _work_below(objective, money)
                key = result_key(kpi.metric, ctx.vocabulary)
                added = _added_up(below, key, ctx, whole)
                if added is None:
                    continue
                total, parts = added
                if total < needed * (1 - tolerance):
                    yield _problem(objective, kpi, needed, total, parts)


def _work_below(objective: Objective, money: Money) -> list[Tactic | Campaign]:
    items = money.graph.items
    found: list[Tactic | Campaign] = []
    for child in money.below(objective.id):
        item = items[child]
        if isinstance(item, Tactic | Campaign):
            found.append(item)
    return found


def _results_on(
    item: Tactic | Campaign, key: str | None, ctx: Context, whole: bool
) -> float | bool | None:
    """The results ``item`` targets on the result ``key``: a number, None when it sets
    no target on it, False when one is kept confidential (the sum is then unknown)."""
    total: float | None = None
    for kpi in item.kpis:
        if result_key(kpi.metric, ctx.vocabulary) != key or not counts_results(kpi, ctx.vocabulary):
            continue
        if kpi.confidential:
            return False
        results = new_results(kpi, whole_target=whole)
        if results is not None:
            total = (total or 0.0) + results
    return total


def _added_up(
    work: list[Tactic | Campaign], key: str | None, ctx: Context, whole: bool
) -> tuple[float, list[tuple[str, float]]] | None:
    """What the work below an objective targets on ``key`` in all, with each part (a
    campaign stands for its tactics: the larger of its own target and their sum); None
    when none of it sets a target on ``key``, or one is confidential."""
    own: dict[str, float] = {}
    for item in work:
        results = _results_on(item, key, ctx, whole)
        if results is False:
            return None
        if isinstance(results, float):
            own[item.id] = results
    if not own:
        return None
    ids = {item.id for item in work}
    campaign_of: dict[str, str] = {}
    for item in work:
        if isinstance(item, Tactic):
            held = [item.parent] if item.parent else []
            first = next(
                (c for c in (*held, *item.campaign) if ctx.graph.kind(c) == "campaign"), None
            )
            if first is not None and first in ids:
                campaign_of[item.id] = first
    parts: dict[str, float] = {}
    for item in work:
        if item.id in campaign_of:
            continue
        parts[item.id] = own.get(item.id, 0.0)
    for campaign_id in set(campaign_of.values()):
        shares = sum(own.get(t, 0.0) for t, c in campaign_of.items() if c == campaign_id)
        parts[campaign_id] = max(own.get(campaign_id, 0.0), shares)
    counted = [(item_id, value) for item_id, value in parts.items() if value > 0]
    return sum(value for _, value in counted), counted


def _problem(
    objective: Objective, kpi: KPI, needed: float, total: float, parts: list[tuple[str, float]]
) -> Problem:
    shown = [f"{quote(item_id)} {number(value)}" for item_id, value in parts[:5]]
    more = f" and {len(parts) - 5:,} more" if len(parts) > 5 else ""
    named = ", ".join(shown) + more
    new = kpi.baseline is not None and needed != kpi.target
    asked = (
        f"the {number(needed)} new results its target of {number(kpi.target or 0)} asks for "
        f"over a baseline of {number(kpi.baseline or 0)}"
        if new
        else f"its target of {number(needed)}"
    )
    return Problem(
        (*kpi._path, "target"),
        f"the tactics and campaigns of objective {quote(objective.id)} add up to "
        f"{number(total)} {quote(kpi.metric)} ({named}) for {asked}: "
        f"{number(needed - total)} short; add work for the rest, raise the tactics' "
        "targets, or lower the objective's",
        item=objective.id,
    )

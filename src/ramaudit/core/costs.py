"""Cost per result: what a tactic, campaign or objective pays for each result an outcome
KPI of it counts, and the ranges of plausible costs (the ``benchmarks`` setting) that a
planned cost is checked against (RA316).

Planned, before the money is spent, the cost per result is the item's money divided by
the *new* results its target asks for: ``target - baseline`` when the KPI states a
baseline below its target, else the whole target. The baseline is what the business
already has (customers won before, leads the site brings in anyway); the plan's money
buys the step from there to the target, so dividing by the whole target would make
every result look cheaper than the plan pays for it. RA316's option ``counted`` divides
by the whole target instead, for plans whose baselines are last period's flow rather
than results already banked. Once actuals exist the same division, :func:`cost_per_result`,
gives the actual cost: spend divided by the results achieved.

An item's money is its own budget for a tactic; for a campaign its budget, else what
its tactics' budgets add up to; for an objective the budgets of every tactic below it
(directly, through campaigns or through child objectives) and what the campaigns below
it hold beyond their tactics' budgets (:func:`~ramaudit.core.graph.campaign_extras`,
as the score, RA305 and the RAM spend count campaign money). A tactic serving two
objectives counts in full for each: the plan does not say how it splits.

Only KPIs that count results can have a cost per result: the vocabulary must classify
the metric as an outcome, it must not go down (cost per lead, churn), and it must count
something rather than measure a rate (a ``%`` unit, a rate target, a name ending in
``rate``, ``ratio``, ``growth`` or ``share``). A confidential target is never used: the
cost would give it away.

Metrics are matched by the result they count, as :mod:`ramaudit.core.benchmarks`
says; this module re-exports what it needs of it, so that one import serves a reader of
costs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from ramaudit.core.benchmarks import (
    DEFAULT_BENCHMARKS,
    Benchmark,
    Benchmarks,
    benchmark_for,
    result_key,
)
from ramaudit.core.graph import TraceGraph, campaign_extras
from ramaudit.core.model import KPI, Campaign, Objective, Plan, Tactic
from ramaudit.core.records import dataclass
from ramaudit.core.vocabulary import Vocabulary

Owner = Objective | Campaign | Tactic
_PERCENT_UNITS = frozenset({"%", "percent", "percentage", "pct", "pp", "points"})


def counts_results(kpi: KPI, vocabulary: Vocabulary) -> bool:
    """Whether ``kpi`` counts results a budget buys: an outcome metric that goes up and
    is counted, not a rate (see the module docstring)."""
    if not vocabulary.is_outcome(kpi.metric):
        return False
    if kpi.direction == "decrease" or (
        kpi.direction is None and vocabulary.is_decreasing(kpi.metric)
    ):
        return False
    if kpi.unit is not None and kpi.unit.strip().lower() in _PERCENT_UNITS:
        return False
    form = kpi.target_form
    if form is not None and form.kind in ("rate", "points"):
        return False
    return result_key(kpi.metric, vocabulary) is not None


def new_results(kpi: KPI, *, whole_target: bool = False) -> float | None:
    """The results ``kpi``'s target asks the money to buy: ``target - baseline`` when a
    baseline below the target is stated (``whole_target``: the target itself), else the
    target. None when the target is confidential or not a number, or no result is
    asked for (a target at or below its baseline, or of 0)."""
    if kpi.confidential or kpi.target is None or not math.isfinite(kpi.target):
        return None
    results = kpi.target
    if not whole_target and kpi.baseline is not None and math.isfinite(kpi.baseline):
        if kpi.baseline >= kpi.target:
            return None  # no step up to buy (RA208 says so)
        results = kpi.target - max(kpi.baseline, 0.0)
    return results if results > 0 else None


def cost_per_result(money: float | None, results: float | None) -> float | None:
    """``money`` divided by ``results``: planned (budget and the new results a target
    asks for) or actual (spend and the results achieved). None when either is missing,
    not finite, or when there are no results to divide by (0 or fewer) or no money
    (less than 0). More money for the same results never gives a lower cost."""
    if money is None or results is None:
        return None
    if not (math.isfinite(money) and math.isfinite(results)) or results <= 0 or money < 0:
        return None
    cost = money / results
    return cost if math.isfinite(cost) else None


# --------------------------------------------------------------------------- planned costs


@dataclass(frozen=True, slots=True)
class ImpliedCost:
    """The planned cost per result of one outcome KPI of a tactic, campaign or objective."""

    owner: Owner
    kpi: KPI
    money: float
    results: float

    @property
    def cost(self) -> float:
        return self.money / self.results


class Money:
    """What each tactic, campaign and objective of a plan has to spend (see the module
    docstring), computed when first asked for, from the first item of each id."""

    def __init__(self, plan: Plan, graph: TraceGraph) -> None:
        self.plan, self.graph = plan, graph
        self._extras: dict[str, float] | None = None

    def _first(self, item: Owner) -> bool:
        return self.graph.items.get(item.id) is item

    @property
    def extras(self) -> dict[str, float]:
        if self._extras is None:
            campaigns = [c for c in self.plan.campaigns if self._first(c)]
            tactics = [t for t in self.plan.tactics if self._first(t)]
            self._extras = campaign_extras(campaigns, tactics)
        return self._extras

    def below(self, item_id: str) -> Iterator[str]:
        """The ids of every tactic and campaign below ``item_id``, each once."""
        seen = {item_id}
        queue = [item_id]
        while queue:
            node = queue.pop()
            for child in self.graph.children(node):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
                    if self.graph.kind(child) in ("tactic", "campaign"):
                        yield child

    def of(self, owner: Owner) -> float | None:
        """The money ``owner`` has to spend; None when no budget says."""
        if isinstance(owner, Tactic):
            return owner.budget
        if isinstance(owner, Campaign) and owner.budget is not None:
            return owner.budget
        budgets: list[float] = []
        for child in self.below(owner.id):
            item = self.graph.items[child]
            if isinstance(item, Tactic) and item.budget is not None:
                budgets.append(item.budget)
            elif isinstance(item, Campaign) and isinstance(owner, Objective):
                budgets.append(self.extras.get(child, 0.0))
        return sum(budgets) if budgets else None


def implied_costs(
    plan: Plan,
    graph: TraceGraph,
    vocabulary: Vocabulary,
    *,
    whole_target: bool = False,
    owners: Iterable[Owner] | None = None,
) -> Iterator[ImpliedCost]:
    """The planned cost per result of every KPI that counts results (:func:`counts_results`)
    of the objectives, campaigns and tactics of ``plan`` (or of ``owners``) that have
    money to spend and a target that asks for new results (:func:`new_results`)."""
    money = Money(plan, graph)
    items: Iterable[Owner] = (
        owners if owners is not None else (*plan.objectives, *plan.campaigns, *plan.tactics)
    )
    for owner in items:
        if graph.items.get(owner.id) is not owner:
            continue  # a duplicate id (RA004): the first item stands for it
        kpis = [k for k in owner.kpis if counts_results(k, vocabulary)]
        if not kpis:
            continue
        amount = money.of(owner)
        if amount is None or amount <= 0 or not math.isfinite(amount):
            continue
        for kpi in kpis:
            results = new_results(kpi, whole_target=whole_target)
            if cost_per_result(amount, results) is not None:
                assert results is not None
                yield ImpliedCost(owner, kpi, amount, results)


__all__ = [
    "DEFAULT_BENCHMARKS",
    "Benchmark",
    "Benchmarks",
    "ImpliedCost",
    "Money",
    "benchmark_for",
    "cost_per_result",
    "counts_results",
    "implied_costs",
    "new_results",
    "result_key",
]

from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.costs import Benchmark, ImpliedCost, benchmark_for, implied_costs
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.core.wording import money
from ramaudit.rules.base import Context, Problem, Rule, quote

# How RA316 and RA317 count the results a target asks for (core/costs.py: new_results).
COUNTED = ("new", "target")


class ImplausibleCostPerResult(Rule):
    """A budget and a target imply a cost per result outside the plausible range.

    ## What it does
    For every KPI of a tactic, campaign or objective that counts results a budget buys
    (an outcome metric such as leads, qualified leads or new customers, not a rate),
    divides the item's money by the new results its target asks for: the target less
    its baseline when a baseline is stated, else the whole target. A tactic's money is
    its budget; a campaign's its budget or else its tactics' budgets; an objective's the
    budgets of the tactics and campaigns below it. The finding, at the KPI's target,
    gives the cost per result and the range when it falls outside the range of
    plausible cost per result set for that metric in the `benchmarks` setting
    (`[tool.ramaudit.benchmarks]`, in the plan's currency). Below the range the target
    is too cheap to be believed; above it the money buys too little.

    The built-in range covers leads, from a published benchmark of paid search
    (docs/plausibility.md cites it), and judges plans in US dollars only; ranges for
    qualified leads, SQLs or customers depend on the market and are the user's to
    set. Option `tolerance` (a fraction, default `0`) widens the range on both sides;
    option `counted` set to `target` divides by the whole target instead of the new
    results. A `confidential` target is never judged: the cost would give it away.

    Only plans written for format 2 are judged, unless the rule is selected by code
    or name.

    ## Why it matters
    A target is a promise about what the money will buy. Two thousand leads from ten
    thousand dollars is five dollars a lead, a fraction of what paid search costs in
    any industry: either the target was written without looking at the budget, or the
    budget was cut and the target kept. The opposite mistake spends a year's money on
    a handful of results. Efficient execution, the fourth fitness question, asks
    whether the money and the results belong together before the money is spent.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
      budget: 10000
    tactics:
      - id: t-ads
        budget: 10000
        kpis:
          - metric: leads
            target: 2000
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
      budget: 10000
    tactics:
      - id: t-ads
        budget: 10000
        kpis:
          - metric: leads
            target: 200
    ```

    ## How to fix
    Bring the budget and the target together: raise the budget, lower the target, or
    move the target to a KPI the money really buys. If your own costs per result are
    known and differ, set the range for the metric in `[tool.ramaudit.benchmarks]`.
    """

    code = "RA316"
    name = "implausible-cost-per-result"
    severity = Severity.WARNING
    category = "process"
    since_format = 2
    tolerance = RuleOption(
        0.0,
        "How far outside the range of plausible cost per result a planned cost may fall "
        "before this rule reports, as a fraction of the range's bound (with 0.5, a range of "
        "50 to 400 reports costs below 25 or above 600).",
        range=NumberRange(0, 10, what="a fraction of the range's bound"),
    )
    counted = RuleOption(
        "new",
        "The results a target asks the money to buy: new (the target less its baseline, "
        "when a baseline is stated) or target (the whole target).",
        choices=COUNTED,
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.benchmarks:
            return
        currency = ctx.plan.currency
        tolerance = float(ctx.option(self.tolerance))
        whole = ctx.option(self.counted) == "target"
        for implied in implied_costs(ctx.plan, ctx.graph, ctx.vocabulary, whole_target=whole):
            benchmark = benchmark_for(implied.kpi.metric, ctx.benchmarks, ctx.vocabulary, currency)
            if benchmark is None:
                continue
            side = benchmark.outside(implied.cost, tolerance)
            if side is not None:
                yield _problem(implied, benchmark, side, currency)


def _problem(implied: ImpliedCost, benchmark: Benchmark, side: str, currency: str) -> Problem:
    owner, kpi = implied.owner, implied.kpi
    new = implied.results != kpi.target
    asked = f"{number(implied.results)} {'new ' if new else ''}results"
    if new and kpi.baseline is not None:
        asked += f" (target {number(kpi.target or 0)} over a baseline of {number(kpi.baseline)})"
    if side == "low":
        where, verdict = "below", "a target too cheap to believe; raise the budget or lower"
    else:
        where, verdict = "above", "the money buys too little; lower the budget or raise"
    return Problem(
        (*kpi._path, "target"),
        f"KPI {quote(kpi.metric)} of {kind_of(owner)} {quote(owner.id)} asks for {asked} "
        f"from {money(implied.money, currency)}: {cost(implied.cost, currency)} each, "
        f"{where} the plausible range ({shown_range(benchmark, currency)} per result "
        f"for {quote(benchmark.metric)}): {verdict} the target, or set the range in "
        "[tool.ramaudit.benchmarks]",
        item=owner.id,
    )


def number(value: float) -> str:
    """A count as messages write it: ``1,200``, ``12.5``; ``1e+300`` and ``1e-300``
    for numbers no plan means literally."""
    if value and not 0.01 <= abs(value) < 1e15:
        return f"{value:.3g}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def cost(amount: float, currency: str) -> str:
    """A cost per result: with cents below 10,000 (``4.17 USD``, ``132.95 USD``), else
    in whole units, as budgets are."""
    if amount and not 0.01 <= abs(amount) < 1e15:
        return f"{amount:.3g} {currency}"
    if abs(amount) < 10_000 and not float(amount).is_integer():
        return f"{amount:,.2f} {currency}"
    return money(amount, currency)


def shown_range(benchmark: Benchmark, currency: str) -> str:
    """``50 to 400 USD``, ``at least 50 USD``, ``at most 400 USD``."""
    low, high = benchmark.low, benchmark.high
    if low is not None and high is not None:
        return f"{cost(low, '').strip()} to {cost(high, currency)}"
    if low is not None:
        return f"at least {cost(low, currency)}"
    assert high is not None  # a range has one bound at least
    return f"at most {cost(high, currency)}"

"""The efficient-execution criteria that read the plan's run: yield (what the money
spent so far bought) and velocity (how progress keeps up with the time gone).

Both read the one :class:`~ramaudit.core.progress.PlanStatus` of the as-of day, and
both count only once the plan records its run: velocity once some KPI has a reading
(``PlanStatus.tracks_progress``), yield once money has been spent
(``PlanStatus.tracks_spend`` with more than nothing spent). A plan that records
neither is scored exactly as before. While one applies, the question's plan criteria
take their smaller ``tracked_weight``s (18 points in all) and the tracking criteria
share the other 7 (:meth:`Question.weighed <ramaudit.score.base.Question.weighed>`).

Each is monotone in results: a reading that moves a key result towards its target
never lowers either, and neither counts a random act for the plan: the key results of
items that trace to no goal, and the money spent on them, count against and never for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.core.model import Campaign, Tactic
from ramaudit.core.records import dataclass
from ramaudit.score.base import (
    ORPHAN,
    Criterion,
    Gap,
    Measure,
    ScoreContext,
    frac,
    ids,
    plural,
)

if TYPE_CHECKING:
    from ramaudit.core.progress import KeyResultStatus, PlanStatus


def measurable(kr: KeyResultStatus) -> bool:
    """A key result whose progress can be read: it has a target and a baseline (a
    count of results starts from none)."""
    return kr.target is not None and kr.baseline is not None


def held(kr: KeyResultStatus) -> float:
    """Progress held to 0..1, none before the first reading: far beyond one target
    does not make up for another left behind."""
    return 0.0 if kr.progress is None else min(1.0, max(0.0, kr.progress))


def pace(kr: KeyResultStatus) -> float:
    """Progress against the share of its time gone, held to 1: 0 before the first
    reading; with no schedule to read against, the progress itself; before its time
    starts, 1 for any reading (nothing is due yet)."""
    if kr.progress is None:
        return 0.0
    if kr.expected is None:
        return held(kr)
    if kr.expected <= 0:
        return 1.0
    return min(1.0, held(kr) / kr.expected)


def kr_name(kr: KeyResultStatus) -> str:
    """``qualified leads of o-pipeline``: the metric and the item that owns it."""
    return f"{kr.kpi.metric} of {kr.owner.id}"


class Velocity(Criterion):
    """once a KPI has a check-in: mean over key results with a target of progress /
    progress expected by the time elapsed (each held to 1; 0 without a reading); only
    key results of items that trace to a goal earn

    The OKR tools read a key result against the share of its time gone, and so does
    this: a key result halfway to its target with half its time gone keeps pace (1),
    one a quarter of the way keeps half of it. A key result with no reading yet counts
    as none, so adding a check-in never lowers the mean, and neither does a reading
    nearer the target. Every key result with a target is counted (those of
    objectives, campaigns and tactics, as RA501 reads them), but one whose item traces
    to no goal earns nothing: a random act on pace is still a random act.
    """

    key = "velocity"
    title = "Key results keeping pace with the time elapsed"
    weight = 3
    counts = ("objective", "tactic", "campaign")

    def applies(self, ctx: ScoreContext) -> bool:
        return ctx.status().tracks_progress

    def measure(self, ctx: ScoreContext) -> Measure:
        krs = [kr for kr in ctx.status().key_results if measurable(kr)]
        if not krs:
            return Measure(0.0, "no key result has a target to keep pace with")
        earned = [(kr, pace(kr) if ctx.traces(kr.owner) else 0.0) for kr in krs]
        fraction = frac(sum(p for _, p in earned), len(krs))
        on_pace = [kr_name(kr) for kr, p in earned if p >= 1.0]
        n = len(krs)
        evidence = (
            f"{n:,} {plural(n, 'key result with a target keeps', 'key results with targets keep')} "
            f"{fraction:.0%} of the pace the time elapsed asks for; {len(on_pace):,} on pace"
            + (f": {ids(on_pace)}" if on_pace else "")
        )
        gaps = tuple(
            (kr_name(kr), _behind(kr, ctx.traces(kr.owner))) for kr, p in earned if p < 1.0
        )
        return Measure(fraction, evidence, gaps)


def _behind(kr: KeyResultStatus, traced: bool) -> str:
    if not traced:
        return ORPHAN
    if kr.progress is None:
        return "no check-in yet"
    if kr.expected is None:
        return f"{held(kr):.0%} of the way to its target"
    return f"{held(kr):.0%} of the way with {kr.expected:.0%} of its time gone"


@dataclass(frozen=True, slots=True)
class Purchase:
    """What one tactic's or campaign's spend bought: the progress of the key results
    it answers to, against the share of its budget spent."""

    item: Tactic | Campaign
    spent: float
    budget: float | None
    # The key results the money answers to: the item's own with a target, else those of
    # the objectives it serves; empty: nothing shows what it bought.
    key_results: tuple[KeyResultStatus, ...]
    traced: bool
    # Whose key results those are, as the shortfall names them.
    answers_to: str = "its key results"

    @property
    def results(self) -> float | None:
        """The mean held progress of :attr:`key_results` (None: there are none)."""
        if not self.key_results:
            return None
        return sum(held(kr) for kr in self.key_results) / len(self.key_results)

    @property
    def credit(self) -> float:
        """0..1: the results against the share of the budget spent (the plan's price
        per result against the price paid so far), held to 1; the results alone
        without a budget to price them; nothing for a random act or for money with no
        key result to show for it."""
        results = self.results
        if not self.traced or results is None:
            return 0.0
        if not self.budget or self.budget <= 0:
            return results
        spent_share = self.spent / self.budget
        return 1.0 if spent_share <= 0 else min(1.0, results / spent_share)

    def shortfall(self, ctx: ScoreContext) -> str:
        if not self.traced:
            return f"{ORPHAN} and spent {ctx.money(self.spent)}"
        results = self.results
        if results is None:
            return f"spent {ctx.money(self.spent)} with no key result to show what it bought"
        if not self.budget or self.budget <= 0:
            return f"spent {ctx.money(self.spent)} for {results:.0%} of {self.answers_to}"
        return (
            f"spent {ctx.money(self.spent)}, {self.spent / self.budget:.0%} of its budget, "
            f"for {results:.0%} of {self.answers_to}"
        )


def purchases(ctx: ScoreContext, status: PlanStatus) -> list[Purchase]:
    """Every tactic and campaign with money spent, with the key results it answers to."""
    # The walk from an objective to the tactics and campaigns serving it, as the
    # objective's spend is summed: yield must tie money to the same objectives. (Loaded
    # with the status itself, which only a plan recording check-ins or spend has.)
    from ramaudit.core.progress import _serving

    served_by: dict[str, list[str]] = {}
    for o in status.objectives:
        for item in _serving(ctx.graph, o.objective.id):
            served_by.setdefault(item, []).append(o.objective.id)
    by_owner: dict[str, list[KeyResultStatus]] = {}
    for kr in status.key_results:
        if measurable(kr):
            by_owner.setdefault(kr.owner.id, []).append(kr)
    out = []
    for s in status.spend:
        if not s.spent or s.spent <= 0:
            continue
        traced = ctx.traces(s.item)
        own = by_owner.get(s.item.id)
        if own:
            out.append(Purchase(s.item, s.spent, s.budget, tuple(own), traced))
            continue
        served = [o for o in served_by.get(s.item.id, []) if o in by_owner]
        krs = tuple(kr for o in served for kr in by_owner[o])
        whose = f"the key results of {ids(served)}"
        out.append(Purchase(s.item, s.spent, s.budget, krs, traced, whose))
    return out


class Yield(Criterion):
    """once money is spent: spend-weighted mean over tactics and campaigns of the
    progress of the key results each answers to / the share of its budget spent (held
    to 1); spend on random acts or with no key result earns nothing

    Cost per result against the plan's own price: a tactic with a budget of 10,000 for
    100 leads priced each lead at 100; halfway to its target having spent half its
    budget it pays that price (1), having spent all of it, twice that (0.5). The key
    results a tactic or campaign answers to are its own KPIs with targets, else those
    of the objectives it serves (their progress held to 0..1, none before a reading);
    without a budget the results alone count. Each is weighted by what it spent, so the
    measure is the share of the money spent that bought results at the planned price.
    More progress on the same spend never lowers it; money spent on a tactic that
    traces to no goal, or on one with no key result to show for it, counts against.
    """

    key = "yield"
    title = "Results bought for the money spent, at the plan's price"
    weight = 4
    reads = ("tactic.spent", "tactic.expenses", "campaign.spent", "campaign.expenses")
    counts = ("tactic", "campaign")

    def applies(self, ctx: ScoreContext) -> bool:
        status = ctx.status()
        return status.tracks_spend and status.spent > 0

    def measure(self, ctx: ScoreContext) -> Measure:
        bought = purchases(ctx, ctx.status())
        total = sum(p.spent for p in bought)
        if total <= 0:
            return Measure(0.0, "nothing has been spent yet")
        fraction = frac(sum(p.spent * p.credit for p in bought), total)
        paid = [p for p in bought if p.credit >= 1.0]
        evidence = (
            f"the {ctx.money(total)} spent so far bought {fraction:.0%} of the results its "
            "budgets priced"
            + (f"; at the plan's price or better: {_spent_ids(ctx, paid)}" if paid else "")
        )
        gaps: tuple[Gap, ...] = tuple(
            (p.item.id, p.shortfall(ctx)) for p in bought if p.credit < 1.0
        )
        return Measure(fraction, evidence, gaps)


def _spent_ids(ctx: ScoreContext, bought: Sequence[Purchase]) -> str:
    return ids(f"{p.item.id} ({ctx.money(p.spent)})" for p in bought)

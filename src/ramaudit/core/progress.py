"""Progress through the period: what the check-ins and spend written in a plan say on
a given day.

A plan judged before it runs has only targets and budgets; once it runs, its KPIs carry
readings (``actual`` with ``as_of``, or a list of ``checkins``) and its tactics and
campaigns carry spend (``spent``, or ``expenses`` entry by entry) against a budget that
may be phased by month or quarter. This module reads them for one day, the *as-of*
date, so that every run is reproducible: nothing dated after that day is counted.

The measures follow the OKR tools' check-ins (progress from baseline to target against
the share of time elapsed) and the marketing-investment tools' planned-against-actual
spend:

- **progress** of a key result: ``(latest - baseline) / (target - baseline)``; 0 at the
  baseline, 1 at the target, below 0 when the metric moved the wrong way and above 1
  beyond the target. A KPI without a baseline counts from 0 when higher is better (a
  count of leads starts from none); one that should fall needs its baseline.
- **expected** progress: the share of the key result's time elapsed, from the plan
  period's start to the KPI's deadline (else the period's end).
- **state**: on track when progress is within ``tolerance`` of expected, at risk within
  ``off_track``, off track beyond; an owner's confidence below ``low_confidence`` makes
  on track at risk.
- **grade**, once the deadline has passed: progress held to 0.0-1.0, read against what
  the key result promised (committed: 1.0; aspirational: about 0.7).
- **spend**: money spent to date against the budget and against the phasing to date
  (each phase counted in full once it has ended, by the share of its days elapsed while
  it runs).
- **cost per result**: spend divided by the results an outcome KPI reports (cost per
  lead, per customer); **return**: revenue reported per unit of spend.

Nothing here imports a rule or a renderer: rules, the score, ``status`` and the reports
all read the one :class:`PlanStatus` :func:`plan_status` builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import field
from enum import StrEnum

from ramaudit.core.graph import TraceGraph, campaign_extras, in_campaign
from ramaudit.core.loader import PathT
from ramaudit.core.model import KPI, Campaign, Goal, Objective, Plan, Tactic
from ramaudit.core.records import dataclass
from ramaudit.core.thresholds import Thresholds
from ramaudit.core.vocabulary import DEFAULT, Vocabulary, match_key

# A review cadence as a number of days: how old a check-in may be before it is stale.
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}
# What a key result is expected to reach by its deadline (Google's OKR grading: a
# committed key result is met in full; an aspirational one is a success around 0.7).
EXPECTED_GRADE = {"committed": 1.0, "aspirational": 0.7}

Owner = Objective | Campaign | Tactic


class State(StrEnum):
    """Where a key result stands on the as-of date."""

    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    NO_CHECKIN = "no check-in"  # nothing read yet
    UNMEASURABLE = "not measurable"  # no target (or no baseline for a falling metric)

    @property
    def rank(self) -> int:
        """How bad: a worse state ranks higher (for roll-ups and exit codes)."""
        return _RANKS[self]


# Frozen, so one value serves as every default.
DEFAULT_THRESHOLDS = Thresholds()

_RANKS = {
    State.ON_TRACK: 0,
    State.UNMEASURABLE: 0,
    State.NO_CHECKIN: 1,
    State.AT_RISK: 2,
    State.OFF_TRACK: 3,
}


@dataclass(frozen=True, slots=True)
class Reading:
    """One value of a KPI: a check-in, or the ``actual`` written beside ``as_of``."""

    day: dt.date | None  # None: an 'actual' with no 'as_of'
    value: float
    confidence: float | None
    note: str | None
    path: PathT  # where the value stands in the document


def readings(kpi: KPI, as_of: dt.date) -> list[Reading]:
    """The KPI's readings up to ``as_of``, oldest first; an ``actual`` without a day
    counts as the latest."""
    path = kpi._path  # a private attribute of the model: read once, not per check-in
    out = [
        Reading(c.date, c.value, c.confidence, c.note, (*path, "checkins", i, "value"))
        for i, c in enumerate(kpi.checkins)
        if c.date <= as_of
    ]
    out.sort(key=lambda r: r.day or dt.date.max)
    if kpi.actual is not None and (kpi.as_of is None or kpi.as_of <= as_of):
        latest = Reading(kpi.as_of, kpi.actual, None, None, (*kpi._path, "actual"))
        if kpi.as_of is None or not out or (out[-1].day or dt.date.max) <= kpi.as_of:
            out.append(latest)
        else:
            out.insert(_position(out, kpi.as_of), latest)
    return out


def _position(out: list[Reading], day: dt.date) -> int:
    return next((i for i, r in enumerate(out) if (r.day or dt.date.max) > day), len(out))


def elapsed(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> float | None:
    """The share of ``start``..``end`` (both inclusive) gone by the end of ``as_of``."""
    if start is None or end is None or end < start:
        return None
    days = (end - start).days + 1
    return min(1.0, max(0.0, ((as_of - start).days + 1) / days))


@dataclass(frozen=True, slots=True)
class KeyResultStatus:
    """One KPI on the as-of date (an objective's key result, a campaign's or a
    tactic's KPI)."""

    owner: Owner
    kpi: KPI
    baseline: float | None
    target: float | None
    latest: Reading | None
    progress: float | None  # 0 at the baseline, 1 at the target
    expected: float | None  # the share of its time elapsed
    state: State
    confidence: float | None  # the latest confidence given
    age_days: int | None  # days since the latest reading
    start: dt.date | None
    end: dt.date | None
    commitment: str  # committed | aspirational
    grade: float | None  # 0.0-1.0 once the deadline has passed
    readings: tuple[Reading, ...] = ()

    @property
    def ended(self) -> bool:
        return self.grade is not None

    @property
    def expected_grade(self) -> float:
        return EXPECTED_GRADE[self.commitment]


def progress_of(baseline: float | None, target: float | None, value: float) -> float | None:
    """How far ``value`` has come from ``baseline`` to ``target`` (1.0 at the target)."""
    if target is None or baseline is None:
        return None
    if target == baseline:
        return 1.0 if value == target else 0.0
    return (value - baseline) / (target - baseline)


def judge(
    progress: float | None,
    expected: float | None,
    confidence: float | None,
    thresholds: Thresholds,
) -> State:
    """The state of a key result with ``progress`` when ``expected`` was due. Monotone:
    more progress never gives a worse state."""
    if progress is None:
        return State.UNMEASURABLE
    if expected is None:  # no schedule to read against: the owner's confidence decides
        state = State.ON_TRACK
    else:
        gap = expected - progress
        if gap <= thresholds.tolerance + 1e-9:
            state = State.ON_TRACK
        elif gap <= thresholds.off_track + 1e-9:
            state = State.AT_RISK
        else:
            state = State.OFF_TRACK
    unsure = confidence is not None and confidence < thresholds.low_confidence
    if state is State.ON_TRACK and progress < 1.0 and unsure:
        state = State.AT_RISK
    return state


def key_result_status(
    owner: Owner,
    kpi: KPI,
    plan: Plan,
    as_of: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    vocabulary: Vocabulary = DEFAULT,
) -> KeyResultStatus:
    period = plan.info.period if plan.info is not None else None
    start = period.start if period is not None else None
    end = kpi.deadline or (period.end if period is not None else None)
    baseline = kpi.baseline
    if baseline is None and kpi.target is not None and not _falls(kpi, vocabulary):
        baseline = 0.0  # a count of results starts from none
    read = readings(kpi, as_of)
    latest = read[-1] if read else None
    confidence = next((r.confidence for r in reversed(read) if r.confidence is not None), None)
    progress = progress_of(baseline, kpi.target, latest.value) if latest is not None else None
    expected = elapsed(start, end, as_of)
    if latest is None:
        state = State.NO_CHECKIN if kpi.target is not None else State.UNMEASURABLE
    else:
        state = judge(progress, expected, confidence, thresholds)
    age = (as_of - latest.day).days if latest is not None and latest.day is not None else None
    commitment = kpi.commitment or _commitment(owner) or "committed"
    grade = None
    if end is not None and as_of >= end and progress is not None:
        grade = round(min(1.0, max(0.0, progress)), 2)
    return KeyResultStatus(
        owner, kpi, baseline, kpi.target, latest, progress, expected, state, confidence,
        age, start, end, commitment, grade, tuple(read),
    )  # fmt: skip


def _commitment(owner: object) -> str | None:
    """``getattr(owner, "commitment", None)``: an objective's commitment; tactics and
    campaigns have none, and asking a model for a field it lacks costs it an
    AttributeError raised inside pydantic (about ten microseconds, on every KPI)."""
    if type(owner) is Objective:
        return owner.commitment
    if type(owner) in _WITHOUT_COMMITMENT:
        return None
    return getattr(owner, "commitment", None)


_WITHOUT_COMMITMENT = frozenset(
    m
    for m in (Tactic, Campaign)
    if "commitment" not in m.model_fields and not hasattr(m, "commitment")
)


def _falls(kpi: KPI, vocabulary: Vocabulary) -> bool:
    if kpi.direction is not None:
        return kpi.direction == "decrease"
    return vocabulary.is_decreasing(kpi.metric)


@dataclass(frozen=True, slots=True)
class SpendStatus:
    """A tactic's or campaign's money on the as-of date."""

    item: Tactic | Campaign
    budget: float | None
    spent: float | None  # None: no spend recorded
    phased: float | None  # what the phasing says should be spent by now
    phased_total: float | None  # the phasing's sum
    start: dt.date | None
    end: dt.date | None

    @property
    def over_budget(self) -> float:
        if self.budget is None or self.spent is None:
            return 0.0
        return max(0.0, self.spent - self.budget)

    @property
    def ahead_of_phasing(self) -> float:
        if self.phased is None or self.spent is None:
            return 0.0
        return max(0.0, self.spent - self.phased)

    @property
    def share(self) -> float | None:
        """Spent as a share of the budget."""
        if self.budget is None or self.spent is None or self.budget <= 0:
            return None
        return self.spent / self.budget


def spent_to(item: Tactic | Campaign, as_of: dt.date) -> float | None:
    """Money spent on ``item`` by the end of ``as_of``: the entries of ``expenses`` up
    to that day, else ``spent`` when it was counted by then (or no day is given)."""
    if item.expenses:
        return sum(e.amount for e in item.expenses if e.date <= as_of)
    if item.spent is not None and (item.as_of is None or item.as_of <= as_of):
        return item.spent
    return None


def spend_path(item: Tactic | Campaign, as_of: dt.date) -> PathT | None:
    """Where the spend :func:`spent_to` counts stands in the document: the latest
    entry of ``expenses`` up to ``as_of`` (the last written of those on that day),
    else ``spent``; None when nothing was spent by then."""
    if item.expenses:
        dated = [(e.date, i) for i, e in enumerate(item.expenses) if e.date <= as_of]
        if not dated:
            return None
        return (*item.path, "expenses", max(dated)[1], "amount")
    if spent_to(item, as_of) is None:
        return None
    return (*item.path, "spent")


def phased_to(item: Tactic | Campaign, as_of: dt.date) -> float | None:
    """What the phasing says should be spent by the end of ``as_of``."""
    if not item.phases:
        return None
    total = 0.0
    for span, amount in item.phases:
        share = elapsed(span.first, span.last, as_of)
        total += amount * (share or 0.0)
    return total


def spend_status(item: Tactic | Campaign, as_of: dt.date) -> SpendStatus:
    phased_total = sum(a for _, a in item.phases) if item.phases else None
    return SpendStatus(
        item,
        item.budget,
        spent_to(item, as_of),
        phased_to(item, as_of),
        phased_total,
        item.start,
        item.end,
    )


@dataclass(frozen=True, slots=True)
class CostPerResult:
    """Spend divided by the results an outcome KPI reports (cost per lead, per SQL),
    and revenue per unit of spend where revenue is tracked."""

    item: Owner
    kpi: KPI
    spent: float
    results: float  # the KPI's movement from its baseline (or its count)
    revenue: bool  # the KPI counts revenue: ``ratio`` is a return

    @property
    def cost(self) -> float | None:
        return self.spent / self.results if self.results > 0 else None

    @property
    def ratio(self) -> float | None:
        """Revenue per unit of spend (a return of 3.0: three for every one spent)."""
        return self.results / self.spent if self.revenue and self.spent > 0 else None


# In the singular, as match_key gives them ("bookings" -> "booking").
_REVENUE_WORDS = frozenset({"revenue", "booking", "arr", "mrr"})
# "sales" is money coming in ("online sales") unless it names something counted on
# the way to a sale ("sales accepted leads", "sales meetings").
_COUNTED_SALES = frozenset(
    {"lead", "accepted", "qualified", "opportunity", "meeting", "call", "cycle", "rep",
     "deal", "order", "unit", "count", "number", "team"}
)  # fmt: skip


# Words that make a revenue metric a ratio rather than money (gross revenue retention,
# revenue growth rate, revenue per lead): no return can be read from them.
_RATIO_WORDS = frozenset(
    {"retention", "rate", "growth", "share", "margin", "churn", "per", "ratio"}
)


def is_revenue(metric: str, unit: str | None = None) -> bool:
    """A KPI that counts money coming in (revenue, bookings, ARR, sales), not a rate of
    it (a ``%`` unit, or a name such as gross revenue retention)."""
    words = match_key(metric).split()
    if not words or "cost" in words or not _RATIO_WORDS.isdisjoint(words):
        return False
    if unit is not None and unit.strip() in ("%", "percent", "pp"):
        return False
    if not _REVENUE_WORDS.isdisjoint(words):
        return True
    return "sale" in words and _COUNTED_SALES.isdisjoint(words)


@dataclass(slots=True)
class ObjectiveStatus:
    objective: Objective
    key_results: list[KeyResultStatus]
    spent: float | None  # the spend of the tactics and campaigns serving it
    budget: float | None

    @property
    def progress(self) -> float | None:
        return mean(_held(k.progress) for k in self.key_results)

    @property
    def expected(self) -> float | None:
        return mean(k.expected for k in self.key_results)

    @property
    def state(self) -> State | None:
        states = [k.state for k in self.key_results]
        return max(states, key=lambda s: s.rank) if states else None

    @property
    def grade(self) -> float | None:
        grades = [k.grade for k in self.key_results]
        if not grades or any(g is None for g in grades):
            return None
        return mean(grades)


@dataclass(slots=True)
class GoalStatus:
    goal: Goal
    objectives: list[ObjectiveStatus]

    @property
    def progress(self) -> float | None:
        return mean(o.progress for o in self.objectives)

    @property
    def expected(self) -> float | None:
        return mean(o.expected for o in self.objectives)

    @property
    def state(self) -> State | None:
        states = [o.state for o in self.objectives if o.state is not None]
        return max(states, key=lambda s: s.rank) if states else None


@dataclass(slots=True)
class PlanStatus:
    """Everything the plan's check-ins and spend say on ``as_of``."""

    as_of: dt.date
    key_results: list[KeyResultStatus] = field(default_factory=list)  # every KPI
    objectives: list[ObjectiveStatus] = field(default_factory=list)
    goals: list[GoalStatus] = field(default_factory=list)
    spend: list[SpendStatus] = field(default_factory=list)  # tactics, then campaigns
    costs: list[CostPerResult] = field(default_factory=list)
    budget: float = 0.0  # of tactics and campaigns (beyond their tactics)
    spent: float = 0.0
    ram_spent: float = 0.0  # spent on tactics and campaigns that trace to no goal
    ram_items: list[str] = field(default_factory=list)
    # What each of ``ram_items`` adds to ``ram_spent`` (a campaign: beyond its tactics).
    ram_spent_of: dict[str, float] = field(default_factory=dict)
    tracks_progress: bool = False  # some KPI has a reading
    tracks_spend: bool = False  # some tactic or campaign has spend
    _random_acts: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _by_owner: dict[int, list[KeyResultStatus]] | None = field(
        default=None, repr=False, compare=False
    )
    _indexed: int = field(default=0, repr=False, compare=False)

    @property
    def tracked(self) -> bool:
        """Whether the plan records anything of its run (else it audits as before)."""
        return self.tracks_progress or self.tracks_spend

    def key_results_of(self, owner: object) -> list[KeyResultStatus]:
        """The key results of one objective, campaign or tactic, from an index made once
        (renderers ask it for every item)."""
        if self._by_owner is None or self._indexed != len(self.key_results):
            index: dict[int, list[KeyResultStatus]] = {}
            for kr in self.key_results:
                index.setdefault(id(kr.owner), []).append(kr)
            self._by_owner, self._indexed = index, len(self.key_results)
        return list(self._by_owner.get(id(owner), ()))

    def is_random_act(self, item_id: str) -> bool:
        """Whether spend on ``item_id`` went to a random act (a set lookup: renderers
        ask it for every tactic)."""
        if self._random_acts is None or len(self._random_acts) != len(self.ram_items):
            self._random_acts = frozenset(self.ram_items)
        return item_id in self._random_acts

    def of(self, kpi: KPI) -> KeyResultStatus | None:
        return next((k for k in self.key_results if k.kpi is kpi), None)


def mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _held(value: float | None) -> float | None:
    """Progress held to 0..1 for a roll-up: a key result far beyond its target does not
    make up for another left behind."""
    return None if value is None else min(1.0, max(0.0, value))


def plan_status(
    plan: Plan,
    graph: TraceGraph,
    as_of: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    vocabulary: Vocabulary = DEFAULT,
) -> PlanStatus:
    """Read the plan's check-ins and spend on ``as_of`` (see the module docstring)."""
    status = PlanStatus(as_of)
    first = graph.items
    owners: list[Owner] = [
        *(o for o in plan.objectives if first.get(o.id) is o),
        *(c for c in plan.campaigns if first.get(c.id) is c),
        *(t for t in plan.tactics if first.get(t.id) is t),
    ]
    by_owner: dict[str, list[KeyResultStatus]] = {}
    for owner in owners:
        for kpi in owner.kpis:
            kr = key_result_status(owner, kpi, plan, as_of, thresholds, vocabulary)
            status.key_results.append(kr)
            by_owner.setdefault(owner.id, []).append(kr)
            status.tracks_progress |= bool(kpi.checkins) or kpi.actual is not None
    spends, own = _spends(plan, graph, as_of, status)
    for objective in (o for o in plan.objectives if first.get(o.id) is o):
        # A campaign's own share, as in the plan's totals: its budget and spend hold
        # those of its tactics, which are counted too.
        money = [own[i] for i in _serving(graph, objective.id) if i in own]
        status.objectives.append(
            ObjectiveStatus(
                objective,
                by_owner.get(objective.id, []),
                _sum(spent for _, spent in money),
                _sum(budget for budget, _ in money),
            )
        )
    by_id = {o.objective.id: o for o in status.objectives}
    for goal in (g for g in plan.goals if first.get(g.id) is g):
        below = [by_id[c] for c in graph.children(goal.id) if c in by_id]
        status.goals.append(GoalStatus(goal, below))
    status.costs = list(_costs(status, spends, by_owner, vocabulary))
    return status


def _spends(
    plan: Plan, graph: TraceGraph, as_of: dt.date, status: PlanStatus
) -> tuple[dict[str, SpendStatus], dict[str, tuple[float | None, float | None]]]:
    """Each tactic's and campaign's spend status, and what it adds to the totals
    (budget, spent): a campaign's budget and spend are the money for the whole
    campaign, its tactics' shares of it, so a campaign adds only what it holds beyond
    its tactics (:func:`ramaudit.core.graph.campaign_extras`, :func:`_campaign_spent`)."""
    first = graph.items
    tactics = [t for t in plan.tactics if first.get(t.id) is t]
    campaigns = [c for c in plan.campaigns if first.get(c.id) is c]
    extras = campaign_extras(campaigns, tactics) if campaigns else {}
    spends: dict[str, SpendStatus] = {}
    items: list[Tactic | Campaign] = [*tactics, *campaigns]
    for item in items:
        spends[item.id] = s = spend_status(item, as_of)
        status.spend.append(s)
    beyond = _campaign_spent(campaigns, tactics, spends) if campaigns else {}
    own: dict[str, tuple[float | None, float | None]] = {}
    for item in items:
        s = spends[item.id]
        budget, spent = item.budget, s.spent
        if isinstance(item, Campaign):
            budget, spent = extras.get(item.id), beyond.get(item.id)
        own[item.id] = (budget, spent)
        status.budget += budget or 0.0
        if s.spent is None:
            continue
        status.tracks_spend = True
        status.spent += spent or 0.0
        if item.id not in graph.traceable:
            status.ram_spent += spent or 0.0
            status.ram_items.append(item.id)
            status.ram_spent_of[item.id] = spent or 0.0
    return spends, own


def _campaign_spent(
    campaigns: list[Campaign], tactics: list[Tactic], spends: dict[str, SpendStatus]
) -> dict[str, float]:
    """What each campaign with spend recorded spent beyond its tactics' spend (0 when
    theirs adds up to as much or more); a tactic in several campaigns counts towards
    the first of them, as its budget does."""
    spent = {c.id: spends[c.id].spent for c in campaigns if spends[c.id].spent is not None}
    shares = dict.fromkeys(spent, 0.0)
    for t in tactics:
        held = [t.parent] if in_campaign(t) and t.parent else []
        named = next((c for c in (*held, *t.campaign) if c in spent), None)
        if named is not None:
            shares[named] += spends[t.id].spent or 0.0
    return {cid: max(0.0, (amount or 0.0) - shares[cid]) for cid, amount in spent.items()}


def _serving(graph: TraceGraph, objective_id: str) -> list[str]:
    """The tactics and campaigns below an objective (through its campaigns), once each."""
    seen: dict[str, None] = {}
    for child in graph.children(objective_id):
        kind = graph.kind(child)
        if kind in ("tactic", "campaign") and child not in seen:
            seen[child] = None
            if kind == "campaign":
                for grandchild in graph.children(child):
                    if graph.kind(grandchild) == "tactic":
                        seen.setdefault(grandchild, None)
    return list(seen)


def _sum(values: Iterator[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _costs(
    status: PlanStatus,
    spends: dict[str, SpendStatus],
    by_owner: dict[str, list[KeyResultStatus]],
    vocabulary: Vocabulary,
) -> Iterator[CostPerResult]:
    """Cost per result of each tactic, campaign and objective with spend and an outcome
    KPI read; return where the KPI counts revenue."""
    spent_of = {i: s.spent for i, s in spends.items()}
    spent_of.update((o.objective.id, o.spent) for o in status.objectives)
    for owner_id, krs in by_owner.items():
        money = spent_of.get(owner_id)
        if money is None or money <= 0:
            continue
        for kr in krs:
            if kr.latest is None or _falls(kr.kpi, vocabulary):
                continue
            revenue = is_revenue(kr.kpi.metric, kr.kpi.unit)
            if not (revenue or vocabulary.is_outcome(kr.kpi.metric)):
                continue
            results = kr.latest.value - (kr.kpi.baseline or 0.0)
            yield CostPerResult(kr.owner, kr.kpi, money, results, revenue)


def stale_after(cadence: str | None, default: int) -> int:
    """Days a check-in may age before it is stale: the plan's review cadence, else
    ``default``."""
    return CADENCE_DAYS.get(cadence or "", default)

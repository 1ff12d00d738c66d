"""The kinds of fix :mod:`ramaudit.score.fixes` measures, each a function that reads
the plan and proposes the plan with that fix applied to every item it fits.

A proposer writes the least that meets its criteria (an owner ``a named owner``, a
budget of 0, a KPI on qualified leads from 100 to 120 by the plan's end): what counts
is that the field is set, never the value, which no report shows as advice. It names
the rules whose findings about the items it changes the fix answers, so that their
errors stop capping the answers.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TypeVar

from pydantic import BaseModel

from ramaudit.core.findings import Finding
from ramaudit.core.model import (
    KPI,
    Campaign,
    Goal,
    Milestone,
    Objective,
    Period,
    Plan,
    PlanInfo,
    Segment,
    Tactic,
)
from ramaudit.core.records import dataclass
from ramaudit.core.vocabulary import STAGES, Vocabulary
from ramaudit.rules.funnel_gap import FunnelGap
from ramaudit.rules.no_voice_of_customer import NoVoiceOfCustomer, evidence
from ramaudit.score.accountability import (
    _best_kpi,
    _beyond_vanity,
    _kpi_parts,
    _target_set,
    aimed,
)
from ramaudit.score.base import ScoreContext, ids, plural
from ramaudit.score.market import _targeted
from ramaudit.score.process import _budgeted, _scheduled

M = TypeVar("M", bound=BaseModel)

# What a fix writes to measure it: the least that meets each criterion.
OWNER = "a named owner"
OUTCOME_METRIC = "qualified leads"
EVIDENCE = "what a customer said"
STAKEHOLDER = "sales"
CADENCE = "monthly"
NEW_SEGMENT = "fix-target-segment"
# A date when the plan has none at all to borrow: only a date's presence counts.
SOME_DAY = dt.date(2000, 12, 31)


@dataclass(frozen=True, slots=True)
class Proposal:
    """The plan with one kind of fix applied to every item it fits."""

    key: str
    action: str
    items: tuple[str, ...]
    plan: Plan
    # What changed, as criteria declare what they read (``tactic.owner``) and count
    # (``segment``): only the criteria that read or count it are measured again.
    touched: frozenset[str] = frozenset()
    # Links changed: the graph is built again and every criterion measured again.
    relinks: bool = False
    # Rules whose findings about ``items`` the fix answers (every finding of theirs
    # when ``whole_plan``).
    clears: tuple[str, ...] = ()
    whole_plan: bool = False

    def answers(self, finding: Finding) -> bool:
        if finding.code not in self.clears:
            return False
        return self.whole_plan or finding.item in self.items


@dataclass(frozen=True, slots=True)
class PlanView:
    """What the proposers read: the plan, its score context and a date to write."""

    plan: Plan
    ctx: ScoreContext
    day: dt.date

    @classmethod
    def of(cls, ctx: ScoreContext) -> PlanView:
        return cls(ctx.plan, ctx, _a_day(ctx))

    @property
    def first_objective(self) -> str | None:
        return self.ctx.traced_objectives[0].id if self.ctx.traced_objectives else None


# -- copying


def copied(item: M, **changes: object) -> M:
    """A copy of a model with ``changes`` to its fields, where it stands (its slots:
    path, parent, stage, placeholders) kept."""
    cls = type(item)
    new = cls.__new__(cls)
    object.__setattr__(new, "__dict__", {**item.__dict__, **changes})
    object.__setattr__(new, "__pydantic_fields_set__", {*item.__pydantic_fields_set__, *changes})
    object.__setattr__(new, "__pydantic_extra__", item.__pydantic_extra__)
    object.__setattr__(new, "__pydantic_private__", item.__pydantic_private__)
    for name in _slots(cls):
        if hasattr(item, name):
            object.__setattr__(new, name, getattr(item, name))
    return new


@functools.cache
def _slots(cls: type) -> tuple[str, ...]:
    from ramaudit.core.model import _slot_names

    return tuple(_slot_names(cls))


def _edit(plan: Plan, section: str, items: Iterable[M], change: Callable[[M], M]) -> Plan:
    """``plan`` with each of ``items`` (of ``section``) replaced by ``change(item)``."""
    edits = {id(i): change(i) for i in items}
    new = replace(plan)
    setattr(new, section, [edits.get(id(i), i) for i in getattr(plan, section)])
    return new


def _info(plan: Plan, **changes: object) -> Plan:
    info = plan.info if plan.info is not None else PlanInfo.model_validate({"name": "plan"})
    return replace(plan, info=copied(info, **changes))


def _a_day(ctx: ScoreContext) -> dt.date:
    """The plan's end, else its start, else the latest tactic date, else SOME_DAY."""
    period = ctx.info.period if ctx.info else None
    if period is not None and (period.end or period.start):
        return period.end or period.start or SOME_DAY
    days = [d for t in ctx.tactics for d in (t.end, t.start) if d is not None]
    return max(days) if days else SOME_DAY


def complete_kpi(day: dt.date) -> KPI:
    return KPI.model_validate(
        {"metric": OUTCOME_METRIC, "baseline": 100, "target": 120, "deadline": day}
    )


def counted(noun: str, many: str, found: Sequence[str]) -> str:
    """``4 objectives (o-a, o-b, o-c and o-d)``."""
    n = len(found)
    return f"{n:,} {plural(n, noun, many)} ({ids(found)})"


def _failing(ctx: ScoreContext, fact: Callable[[ScoreContext, Tactic], bool]) -> list[Tactic]:
    """The tactics that trace to a goal and fail a criterion's ``fact`` (asked once an
    item, as the criterion asks it, so that the fixes' copies of the plan inherit it)."""
    traced = ctx.traced
    return [t for t, ok in zip(traced, ctx.asked(fact, traced), strict=True) if not ok]


# -- the scalable process


def review_cadence(view: PlanView) -> Iterator[Proposal]:
    info = view.ctx.info
    if info is not None and info.review_cadence:
        return
    yield Proposal(
        "review-cadence",
        "set a review cadence for the plan (monthly, say)",
        ("plan",),
        _info(view.plan, review_cadence=CADENCE),
        frozenset({"plan.review_cadence"}),
        clears=("RA304",),
        whole_plan=True,
    )


def plan_period(view: PlanView) -> Iterator[Proposal]:
    info = view.ctx.info
    period = info.period if info else None
    start, end = (period.start, period.end) if period else (None, None)
    if start is not None and end is not None and start <= end:
        return
    days = [d for t in view.ctx.tactics for d in (t.start, t.end) if d is not None]
    first = start or (min(days) if days else None)
    last = max(d for d in (end, *days, first) if d is not None) if first else None
    if first is None or last is None or last < first:
        return
    yield Proposal(
        "plan-period",
        "give the plan a period: the day it starts and the day it ends",
        ("plan",),
        _info(view.plan, period=Period(start=first, end=last)),
        frozenset({"plan.period"}),
        clears=("RA306",),
        whole_plan=True,
    )


def schedule_tactics(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    unscheduled = _failing(ctx, _scheduled)
    if not unscheduled:
        return
    period = ctx.info.period if ctx.info else None

    def dated(t: Tactic) -> Tactic:
        start = t.start or (period.start if period else None) or t.end or view.day
        return copied(t, start=start, end=t.end or max(start, view.day))

    yield Proposal(
        "schedule-tactics",
        f"give start and end dates to {counted('tactic', 'tactics', [t.id for t in unscheduled])}",
        tuple(t.id for t in unscheduled),
        _edit(view.plan, "tactics", unscheduled, dated),
        frozenset({"tactic.start", "tactic.end"}),
        clears=("RA307",),
    )


_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("goal", "goals", "goals"),
    ("objective", "objectives", "objectives"),
    ("campaign", "campaigns", "campaigns"),
    ("milestone", "milestones", "milestones"),
    ("tactic", "tactics", "tactics"),
)


def owners(view: PlanView) -> Iterator[Proposal]:
    """One proposal per kind of item: name an owner for each that traces to a goal
    and has none (an orphan's owner earns nothing until it is linked)."""
    ctx = view.ctx
    lists: dict[str, Sequence[Goal | Objective | Campaign | Milestone | Tactic]] = {
        "goal": [g for g in ctx.goals if not g.set_by],
        "objective": ctx.objectives,
        "campaign": ctx.campaigns,
        "milestone": ctx.milestones,
        "tactic": ctx.tactics,
    }
    for kind, section, many in _SECTIONS:
        unowned = [i for i in lists[kind] if ctx.traces(i) and not ctx.owned(i)]
        if not unowned:
            continue
        found = [i.id for i in unowned]
        yield Proposal(
            f"{kind}-owners",
            f"name the person accountable for {counted(kind, many, found)}",
            tuple(found),
            _edit(view.plan, section, unowned, lambda i: copied(i, owner=OWNER)),
            frozenset({f"{kind}.owner"}),
            clears=("RA301",),
        )


def budgets(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    info = ctx.info
    if info is None or info.budget is None:
        spend = ctx.spend
        yield Proposal(
            "plan-budget",
            "declare the plan's budget"
            + (f" (at least the {ctx.money(spend)} its tactics ask for)" if spend else ""),
            ("plan",),
            _info(view.plan, budget=spend),
            frozenset({"plan.budget"}),
            clears=("RA314",),
            whole_plan=True,
        )
    elif ctx.spend > info.budget:
        yield Proposal(
            "budget-overrun",
            f"bring the spend ({ctx.money(ctx.spend)}) within the plan budget of "
            f"{ctx.money(info.budget)}: cut {ctx.money(ctx.spend - info.budget)} "
            "(random acts first) or raise the budget",
            ("plan",),
            _info(view.plan, budget=ctx.spend),
            frozenset({"plan.budget"}),
            clears=("RA305",),
            whole_plan=True,
        )
    unbudgeted = _failing(ctx, _budgeted)
    if unbudgeted:
        yield Proposal(
            "tactic-budgets",
            "give a budget (within the plan budget) to "
            + counted("tactic", "tactics", [t.id for t in unbudgeted]),
            tuple(t.id for t in unbudgeted),
            _edit(view.plan, "tactics", unbudgeted, lambda t: copied(t, budget=0.0)),
            frozenset({"tactic.budget"}),
            clears=("RA311",),
        )


# -- accountability


def objective_kpis(view: PlanView) -> Iterator[Proposal]:
    """Objectives with no KPI get a complete one on a business outcome; those whose
    most complete KPI lacks a part get it completed; those measured only on vanity
    metrics get an outcome KPI."""
    ctx = view.ctx
    vocabulary = ctx.vocabulary
    traced = ctx.traced_objectives
    bare = [o for o in traced if not o.kpis]
    if bare:
        yield Proposal(
            "objective-kpis",
            "give a KPI on a business outcome, with a baseline, a target beyond it and a "
            f"deadline, to {counted('objective', 'objectives', [o.id for o in bare])}",
            tuple(o.id for o in bare),
            _edit(
                view.plan, "objectives", bare, lambda o: copied(o, kpis=[complete_kpi(view.day)])
            ),
            frozenset({"objective.kpis"}),
            clears=("RA201", "RA206"),
        )
    partial = [o for o in traced if o.kpis and ctx.answer(_best_kpi, o) < 3]
    completed = {id(o): _completed(o, vocabulary, view.day) for o in partial}
    partial = [o for o in partial if completed[id(o)] is not None]
    if partial:
        yield Proposal(
            "complete-kpis",
            "complete the best KPI (baseline, a target beyond it, deadline) of "
            + counted("objective", "objectives", [o.id for o in partial]),
            tuple(o.id for o in partial),
            _edit(view.plan, "objectives", partial, lambda o: completed[id(o)] or o),
            frozenset({"objective.kpis"}),
            clears=("RA203", "RA204", "RA207", "RA208"),
        )
    yield from _outcome_kpis(view)


def _completed(objective: Objective, vocabulary: Vocabulary, day: dt.date) -> Objective | None:
    """``objective`` with its most complete KPI given what it lacks (a baseline, a
    target beyond it, a deadline); None when no target would improve on the baseline
    (a metric whose better direction is unknown)."""
    best = max(objective.kpis, key=lambda k: _kpi_parts(k, vocabulary))
    base = best.baseline if best.baseline is not None else 100.0
    keep = best.target_form is not None or bool(best.confidential)
    for target in (base * 1.5 + 10, base * 0.5):
        changes: dict[str, object] = {"baseline": base, "deadline": best.deadline or day}
        if not keep:
            changes["target"] = target
        trial = copied(best, **changes)
        if aimed(trial, vocabulary):
            kpis = [trial if k is best else k for k in objective.kpis]
            return copied(objective, kpis=kpis)
    return None


def _outcome_kpis(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    vocabulary = ctx.vocabulary
    vain = [o for o in ctx.traced_objectives if o.kpis and not ctx.answer(_beyond_vanity, o)]
    if not vain:
        no_outcome = not any(
            vocabulary.is_outcome(k.metric) and k.target_set
            for o in ctx.traced_objectives
            for k in o.kpis
        )
        vain = ctx.traced_objectives[:1] if no_outcome and ctx.traced_objectives else []
    if not vain:
        return
    yield Proposal(
        "outcome-kpis",
        "measure on a business outcome (qualified leads, pipeline, revenue) "
        + counted("objective", "objectives", [o.id for o in vain]),
        tuple(o.id for o in vain),
        _edit(
            view.plan,
            "objectives",
            vain,
            lambda o: copied(o, kpis=[*o.kpis, complete_kpi(view.day)]),
        ),
        frozenset({"objective.kpis"}),
        # the objective picked when none measures an outcome may have had no KPI at all
        clears=("RA201", "RA205", "RA206"),
    )


def tactic_kpis(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    unmeasured = _failing(ctx, _target_set)
    if not unmeasured:
        return
    kpi = complete_kpi(view.day)  # one for them all: only its presence is read
    yield Proposal(
        "tactic-kpis",
        "give a KPI with a target to " + counted("tactic", "tactics", [t.id for t in unmeasured]),
        tuple(t.id for t in unmeasured),
        _edit(
            view.plan,
            "tactics",
            unmeasured,
            lambda t: copied(t, kpis=[*t.kpis, kpi]),
        ),
        frozenset({"tactic.kpis"}),
        clears=("RA202", "RA203"),
    )


# -- market-driven


def _need(ctx: ScoreContext) -> int:
    return max(1, int(ctx.option(NoVoiceOfCustomer.min_evidence)))


def _specific(ctx: ScoreContext) -> str | None:
    """The first defined segment that is not everybody."""
    vocabulary = ctx.vocabulary
    for s in ctx.segments.values():
        if not vocabulary.is_broad_segment(s.id) and not vocabulary.is_broad_segment(
            s.name or s.id
        ):
            return s.id
    return None


def _untargeted(ctx: ScoreContext) -> list[Tactic]:
    return _failing(ctx, _targeted)


def segments(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    untargeted = _untargeted(ctx)
    target = _specific(ctx)
    plan = view.plan
    if target is None:
        heard = [f"{EVIDENCE} ({i + 1})" for i in range(_need(ctx))]
        segment = Segment.model_validate({"id": NEW_SEGMENT, "name": "the plan's customers"})
        segment = copied(segment, voice_of_customer=heard)
        plan = replace(plan, segments=[*plan.segments, segment])
        target = NEW_SEGMENT
        action = "define the segment the plan is for, with what its customers said"
        if untargeted:
            action += ", and aim " + counted("tactic", "tactics", [t.id for t in untargeted])
            action += " at it"
    elif untargeted:
        action = "aim " + counted("tactic", "tactics", [t.id for t in untargeted])
        action += " at a defined, specific segment (such as " + target + ")"
    else:
        return
    aimed_at = target
    yield Proposal(
        "target-segments",
        action,
        tuple(t.id for t in untargeted),
        _edit(plan, "tactics", untargeted, lambda t: copied(t, segment=[aimed_at])),
        frozenset({"segment", "tactic.segment"}),
        clears=("RA302", "RA312"),
    )


def voice_of_customer(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    need = _need(ctx)
    vocabulary = ctx.vocabulary
    unheard = [
        s
        for s in ctx.segments.values()
        if s.kind != "internal" and len(evidence(s.voice_of_customer, vocabulary)) < need
    ]
    if not unheard:
        return
    heard = [f"{EVIDENCE} ({i + 1})" for i in range(need)]
    yield Proposal(
        "voice-of-customer",
        "record what customers said (interviews, surveys, win/loss reasons) for "
        + counted("segment", "segments", [s.id for s in unheard]),
        tuple(s.id for s in unheard),
        _edit(view.plan, "segments", unheard, lambda s: copied(s, voice_of_customer=heard)),
        frozenset({"segment.voice_of_customer"}),
        clears=("RA309",),
    )


# -- efficient execution


def link_objectives(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    orphans = [o for o in ctx.objectives if o.id not in ctx.graph.traceable]
    goal = next((g.id for g in ctx.goals), None)
    if not orphans or goal is None:
        return
    yield Proposal(
        "link-objectives",
        f"link {counted('objective', 'objectives', [o.id for o in orphans])} to the business "
        f"{plural(len(orphans), 'goal it serves', 'goals they serve')}",
        tuple(o.id for o in orphans),
        _edit(view.plan, "objectives", orphans, lambda o: copied(o, goals=[goal], parents=[])),
        relinks=True,
        clears=("RA102", "RA005", "RA106", "RA107"),
    )


def link_tactics(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    orphans = ctx.orphan_tactics
    target = view.first_objective
    if not orphans or target is None:
        return
    carried = sum(t.budget or 0 for t in orphans)
    n = len(orphans)
    money = f" ({ctx.money(carried)} of spend)" if carried else ""
    yield Proposal(
        "link-tactics",
        f"link the random {plural(n, 'act', 'acts')}{money} to the objective "
        f"{plural(n, 'it serves, or drop it', 'each serves, or drop them')}: "
        + counted("tactic", "tactics", [t.id for t in orphans]),
        tuple(t.id for t in orphans),
        _edit(view.plan, "tactics", orphans, lambda t: copied(t, objectives=[target])),
        relinks=True,
        clears=("RA101", "RA005", "RA106"),
    )


_LINK_FIELDS = ("goals", "parents", "objectives", "campaign")


def clean_links(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    cycle = ctx.graph.cycle_members
    bad = [
        link
        for link in ctx.graph.links
        if link.field in _LINK_FIELDS
        and (
            link.problem
            or (link.field == "parents" and link.source in cycle and link.target in cycle)
        )
    ]
    if not bad:
        return
    drop: dict[str, set[tuple[str, str]]] = {}
    for link in bad:
        drop.setdefault(link.source, set()).add((link.field, link.target))
    plan = view.plan
    for section in ("objectives", "campaigns", "tactics"):
        held: list[Objective | Campaign | Tactic] = [
            i for i in getattr(plan, section) if i.id in drop and _stands(ctx, i)
        ]
        plan = _edit(plan, section, held, lambda i: _unlinked(i, drop[i.id]))
    n = len(bad)
    yield Proposal(
        "clean-links",
        f"correct {n:,} {plural(n, 'link that names', 'links that name')} no item or the "
        f"wrong kind of item, or {plural(n, 'sits', 'sit')} in a loop "
        f"({ids(dict.fromkeys(link.source for link in bad))})",
        tuple(drop),
        plan,
        relinks=True,
        clears=("RA005", "RA106", "RA107"),
    )


def _stands(ctx: ScoreContext, item: object) -> bool:
    """Whether ``item`` is the one its id stands for (the first of a duplicated id)."""
    return ctx.graph.items.get(getattr(item, "id", "")) is item


def _unlinked(item: M, dropped: set[tuple[str, str]]) -> M:
    changes = {
        name: [t for t in getattr(item, name) if (name, t) not in dropped]
        for name in _LINK_FIELDS
        if hasattr(item, name)
        and isinstance(getattr(item, name), list)
        and any(f == name for f, _ in dropped)
    }
    return copied(item, **changes)


def funnel(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    target = view.first_objective
    wanted = [s for s in STAGES if s in set(ctx.option(FunnelGap.stages))]
    served = {t.funnel_stage for t in ctx.traced if t.funnel_stage}
    missing = [s for s in wanted if s not in served]
    if not missing or target is None:
        return
    segment = _specific(ctx)
    added = [_new_tactic(view, stage, target, segment) for stage in missing]
    yield Proposal(
        "funnel-stages",
        f"plan a tactic for each funnel stage nothing serves: {', '.join(missing)}",
        tuple(t.id for t in added),
        replace(view.plan, tactics=[*view.plan.tactics, *added]),
        relinks=True,
        clears=("RA303",),
        whole_plan=True,
    )


def _new_tactic(view: PlanView, stage: str, objective: str, segment: str | None) -> Tactic:
    """A tactic that meets every tactic criterion, serving ``stage``."""
    period = view.ctx.info.period if view.ctx.info else None
    start = (period.start if period else None) or view.day
    tactic = Tactic(
        id=f"fix-{stage}-tactic",
        owner=OWNER,
        objectives=[objective],
        stage=stage,
        segment=[segment] if segment else [],
        budget=0.0,
        start=start,
        end=max(start, view.day),
        kpis=[complete_kpi(view.day)],
    )
    object.__setattr__(tactic, "_stage_", stage)
    return tactic


def stakeholders(view: PlanView) -> Iterator[Proposal]:
    ctx = view.ctx
    info = ctx.info
    vocabulary = ctx.vocabulary
    if info is not None and any(not vocabulary.is_marketing_function(s) for s in info.stakeholders):
        return
    if any(
        not vocabulary.names_nothing(n) and not vocabulary.is_marketing_function(n)
        for item in _workers(ctx)
        for n in item.contributors
    ):
        return
    held = list(info.stakeholders) if info else []
    yield Proposal(
        "stakeholders",
        "name the functions beyond marketing the plan depends on (sales, finance, ...)",
        ("plan",),
        _info(view.plan, stakeholders=[*held, STAKEHOLDER]),
        frozenset({"plan.stakeholders"}),
        clears=("RA310",),
        whole_plan=True,
    )


def _workers(ctx: ScoreContext) -> list[Objective | Campaign | Milestone | Tactic]:
    return [*ctx.objectives, *ctx.campaigns, *ctx.milestones, *ctx.tactics]


PROPOSERS: tuple[Callable[[PlanView], Iterator[Proposal]], ...] = (
    review_cadence,
    plan_period,
    schedule_tactics,
    owners,
    budgets,
    objective_kpis,
    tactic_kpis,
    segments,
    voice_of_customer,
    link_objectives,
    link_tactics,
    clean_links,
    funnel,
    stakeholders,
)

"""The marketing fitness test as a score.

Four questions, 25 points each, 100 in all. Each question is a weighted sum of named
criteria; each criterion is a fraction (0..1) measured on the plan and shown with the
evidence behind it. A question is answered "yes" at 20 points or more.

Two design rules keep the score honest:

* A random act earns nothing. Tactic criteria count only tactics that trace to a goal
  in their numerator and every tactic in their denominator, so adding an orphan
  tactic can never raise the score, however well it is described.
* Every criterion only grows when the plan gets better (an owner added, a link
  fixed, a KPI completed), so fixing a finding never lowers the score.

Both are checked by property tests over generated plans, together with two more: the
score does not depend on the order of items, nor on whether the plan is written
nested or flat. ``ramaudit explain-score`` shows every criterion with its weight,
points, evidence and the ids that fall short (:mod:`ramaudit.explain`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ramaudit.graph import TraceGraph
from ramaudit.model import KPI, Goal, Objective, Plan, Tactic
from ramaudit.vocabulary import STAGES, Vocabulary

QUESTION_MAX = 25
YES_AT = 20


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str
    title: str
    weight: float
    fraction: float
    evidence: str
    # What falls short, by id (or stage, or link): the work that would raise the points.
    gaps: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        return self.weight * self.fraction

    def to_dict(self, *, gaps: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "weight": self.weight,
            "fraction": round(self.fraction, 4),
            "points": round(self.points, 2),
            "evidence": self.evidence,
        }
        if gaps:  # explain-score's own output; `check --format json` keeps its contract
            out["gaps"] = list(self.gaps)
        return out


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    title: str
    criteria: tuple[Criterion, ...]
    max: int = QUESTION_MAX

    @property
    def score(self) -> int:
        # Half up, and never above the maximum: monotone in every criterion.
        return min(self.max, int(sum(c.points for c in self.criteria) + 0.5 + 1e-9))

    @property
    def answer(self) -> str:
        return "yes" if self.score >= YES_AT else "no"

    @property
    def evidence(self) -> list[str]:
        return [c.evidence for c in self.criteria]

    def to_dict(self, *, criteria: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "score": self.score,
            "max": self.max,
            "answer": self.answer,
            "evidence": self.evidence,
        }
        if criteria:
            out["criteria"] = [c.to_dict() for c in self.criteria]
        return out


@dataclass(frozen=True, slots=True)
class Score:
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(q.score for q in self.questions)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "max": 100, "questions": [q.to_dict() for q in self.questions]}


# (key, title, weight) of every criterion, per question, in display order. The README's
# score table is generated from this, and a test keeps the two in step.
MODEL: tuple[tuple[str, str, tuple[tuple[str, str, float], ...]], ...] = (
    (
        "process",
        "Scalable process",
        (
            ("review-cadence", "The plan sets a review cadence", 6),
            ("plan-period", "The plan has a start and an end date", 4),
            ("tactics-scheduled", "Traceable tactics with start and end dates", 5),
            ("tactics-owned", "Traceable tactics with an owner", 5),
            ("budget-declared", "Plan budget declared; traceable tactics budgeted", 5),
        ),
    ),
    (
        "accountability",
        "Accountability",
        (
            ("smart-kpis", "Objectives with a KPI that has target, baseline and deadline", 10),
            ("owners", "Goals, objectives and traceable tactics with an owner", 7),
            ("tactics-measured", "Traceable tactics with a KPI that has a target", 4),
            ("outcome-measures", "Objectives not measured on vanity metrics alone", 4),
        ),
    ),
    (
        "market",
        "Market-driven",
        (
            ("segments-defined", "The plan defines target segments", 4),
            ("voice-of-customer", "Segments backed by voice-of-customer evidence", 8),
            ("tactics-targeted", "Traceable tactics aimed at a defined, specific segment", 8),
            ("outcome-objective", "At least one objective measured on a business outcome", 5),
        ),
    ),
    (
        "execution",
        "Efficient execution",
        (
            ("tactics-traceable", "Tactics that trace to a business goal", 8),
            ("budget-traceable", "Tactic budget that funds traceable tactics", 6),
            ("funnel-coverage", "Funnel stages served by traceable tactics", 5),
            ("cross-functional", "Stakeholders beyond marketing (sales, finance, ...)", 3),
            (
                "clean-links",
                "Links that name an existing item of the right kind, outside cycles",
                3,
            ),
        ),
    ),
)

# How each criterion is measured, in one line: the README's score table shows it.
MEASURES: dict[str, str] = {
    "review-cadence": "1 if `plan.review_cadence` is set",
    "plan-period": "1 if `plan.period` has a start and an end",
    "tactics-scheduled": "traceable tactics with `start` and `end` / all tactics",
    "tactics-owned": "traceable tactics with a real owner / all tactics",
    "budget-declared": "half for a plan budget; half for traceable tactics with a budget / all "
    "tactics",
    "smart-kpis": "per objective, the best KPI's share of target, baseline and deadline; averaged",
    "owners": "goals, objectives and traceable tactics with a real owner / all of them",
    "tactics-measured": "traceable tactics with a KPI that has a target / all tactics",
    "outcome-measures": "objectives with KPIs, not all of them vanity metrics / all objectives",
    "segments-defined": "1 if the plan defines a segment",
    "voice-of-customer": "segments with voice-of-customer evidence / all segments",
    "tactics-targeted": "traceable tactics aimed only at defined, specific segments / all tactics",
    "outcome-objective": "1 if some objective has a KPI on a business outcome",
    "tactics-traceable": "tactics with a path to a goal / all tactics",
    "budget-traceable": "budget of traceable tactics / all tactic budget (by count when none)",
    "funnel-coverage": "stages served by traceable tactics / 4",
    "cross-functional": "1 if a stakeholder is outside marketing",
    "clean-links": "1 / (1 + links that dangle, skip a level or sit in a parents loop)",
}

QUESTION_TITLES = {
    "process": "Is there a scalable, repeatable process?",
    "accountability": "Is marketing accountable (SMART goals, owners, KPIs)?",
    "market": "Is the plan market-driven (segments, voice of the customer)?",
    "execution": "Is execution efficient (everything aligned, no random acts)?",
}


def _frac(part: int | float, whole: int | float) -> float:
    return part / whole if whole else 0.0


def _pct(part: int | float, whole: int | float) -> str:
    return f"{part:,.0f} of {whole:,.0f} ({_frac(part, whole):.0%})" if whole else "none"


def _kpi_completeness(kpi: KPI) -> float:
    return ((kpi.target is not None) + (kpi.baseline is not None) + (kpi.deadline is not None)) / 3


def _best(values: Iterable[float]) -> float:
    return max(values, default=0.0)


Value = tuple[float, str, tuple[str, ...]]  # fraction, evidence, gaps


def compute_score(plan: Plan, graph: TraceGraph, vocabulary: Vocabulary) -> Score:
    """Score ``plan`` on the four fitness questions; every criterion comes with the
    evidence behind it and the ids that fall short."""
    items = graph.items
    tactics = [t for t in plan.tactics if items.get(t.id) is t]
    objectives = [o for o in plan.objectives if items.get(o.id) is o]
    goals = [g for g in plan.goals if items.get(g.id) is g]
    segments = {s.id: s for s in plan.segments if items.get(s.id) is s}
    traced = [t for t in tactics if t.id in graph.traceable]
    n_t = len(tactics)
    info = plan.info

    def owned(item: Goal | Objective | Tactic) -> bool:
        # "TBD" names nobody: a placeholder owner earns nothing (RA308 reports it).
        return bool(item.owner) and vocabulary.placeholder_in(item.owner) is None

    def traced_share(pred: Callable[[Tactic], bool], what: str) -> Value:
        """Traceable tactics meeting ``pred`` over all tactics; orphans count against."""
        k = sum(1 for t in traced if pred(t))
        gaps = tuple(t.id for t in tactics if not (t.id in graph.traceable and pred(t)))
        return _frac(k, n_t), f"{_pct(k, n_t)} tactics {what}", gaps

    values: dict[str, Value] = {}

    # -- scalable process
    cadence = info.review_cadence if info else None
    values["review-cadence"] = (
        1.0 if cadence else 0.0,
        f"review cadence: {cadence}" if cadence else "no review cadence",
        (),
    )
    period = info.period if info else None
    has_period = bool(period and period.start and period.end)
    values["plan-period"] = (
        1.0 if has_period else 0.0,
        f"period {period.start} to {period.end}"
        if has_period and period
        else "no complete plan period",
        (),
    )
    values["tactics-scheduled"] = traced_share(
        lambda t: t.start is not None and t.end is not None, "traceable and scheduled"
    )
    values["tactics-owned"] = traced_share(owned, "traceable and owned")
    plan_budget = info is not None and info.budget is not None
    fb, eb, gb = traced_share(lambda t: t.budget is not None, "traceable and budgeted")
    values["budget-declared"] = (
        0.5 * plan_budget + 0.5 * fb,
        ("plan budget declared" if plan_budget else "no plan budget") + f"; {eb}",
        (() if plan_budget else ("plan.budget",)) + gb,
    )

    # -- accountability
    n_o = len(objectives)
    smart = sum(_best(_kpi_completeness(k) for k in o.kpis) for o in objectives)
    incomplete = tuple(o.id for o in objectives if _best(_kpi_completeness(k) for k in o.kpis) < 1)
    values["smart-kpis"] = (
        _frac(smart, n_o),
        f"{_pct(n_o - len(incomplete), n_o)} objectives have a KPI with "
        "target, baseline and deadline",
        incomplete,
    )
    people = [*goals, *objectives, *tactics]
    unowned = tuple(
        i.id
        for i in people
        if not owned(i) or (isinstance(i, Tactic) and i.id not in graph.traceable)
    )
    values["owners"] = (
        _frac(len(people) - len(unowned), len(people)),
        f"{_pct(len(people) - len(unowned), len(people))} goals, objectives "
        "and traceable tactics have an owner",
        unowned,
    )
    values["tactics-measured"] = traced_share(
        lambda t: any(kpi.target is not None for kpi in t.kpis), "traceable with a targeted KPI"
    )
    shallow = tuple(o.id for o in objectives if not o.kpis or _vanity_only(o, vocabulary))
    values["outcome-measures"] = (
        _frac(n_o - len(shallow), n_o),
        f"{_pct(n_o - len(shallow), n_o)} objectives measured beyond vanity metrics",
        shallow,
    )

    # -- market-driven
    n_s = len(segments)
    values["segments-defined"] = (
        1.0 if n_s else 0.0,
        f"{n_s} segment(s) defined",
        () if n_s else ("segments",),
    )
    unvoiced = tuple(s.id for s in segments.values() if not s.voice_of_customer)
    values["voice-of-customer"] = (
        _frac(n_s - len(unvoiced), n_s),
        f"{_pct(n_s - len(unvoiced), n_s)} segments have voice-of-customer evidence",
        unvoiced,
    )

    def targeted(t: Tactic) -> bool:
        return bool(t.segment) and all(
            s in segments
            and not vocabulary.is_broad_segment(s)
            and not vocabulary.is_broad_segment(segments[s].name or s)
            for s in t.segment
        )

    values["tactics-targeted"] = traced_share(targeted, "traceable and aimed at a segment")
    outcome = [o for o in objectives if any(vocabulary.is_outcome(k.metric) for k in o.kpis)]
    values["outcome-objective"] = (
        1.0 if outcome else 0.0,
        "measured on an outcome: " + ", ".join(o.id for o in outcome)
        if outcome
        else "no objective measured on an outcome",
        (),
    )

    # -- efficient execution
    orphans = tuple(t.id for t in tactics if t.id not in graph.traceable)
    values["tactics-traceable"] = (
        _frac(len(traced), n_t),
        f"{_pct(len(traced), n_t)} tactics trace to a goal",
        orphans,
    )
    spend = sum(t.budget or 0 for t in tactics)
    traced_spend = sum(t.budget or 0 for t in traced)
    if spend > 0:
        values["budget-traceable"] = (
            traced_spend / spend,
            f"{traced_spend:,.0f} of {spend:,.0f} {plan.currency} "
            f"({traced_spend / spend:.0%}) funds traceable tactics",
            tuple(t.id for t in tactics if t.id not in graph.traceable and t.budget),
        )
    else:  # no tactic budgets: fall back on the share of tactics
        values["budget-traceable"] = (
            _frac(len(traced), n_t),
            "no tactic budgets; counted by tactics instead",
            orphans,
        )
    stages = {t.funnel_stage for t in traced if t.funnel_stage}
    missing = tuple(s for s in STAGES if s not in stages)
    values["funnel-coverage"] = (
        len(stages) / len(STAGES),
        f"{len(stages)} of 4 stages served by traceable tactics"
        + (f"; missing: {', '.join(missing)}" if missing else ""),
        missing,
    )
    others = [
        s for s in (info.stakeholders if info else []) if not vocabulary.is_marketing_function(s)
    ]
    values["cross-functional"] = (
        1.0 if others else 0.0,
        f"stakeholders beyond marketing: {', '.join(others)}"
        if others
        else "no stakeholder outside marketing",
        (),
    )
    # Counted, not divided by all links: adding a good link (even an orphan's) must
    # not dilute a bad one, and nesting instead of linking must not change the score.
    in_cycle = graph.cycle_members
    bad = tuple(
        f"{link.source}.{link.field} -> {link.target}"
        for link in graph.links
        if link.problem
        or (link.field == "parents" and link.source in in_cycle and link.target in in_cycle)
    )
    values["clean-links"] = (
        1.0 / (1 + len(bad)),
        f"{len(bad)} link(s) dangle, skip a level or form a cycle"
        if bad
        else "every link names an existing item of the right kind",
        bad,
    )

    questions = []
    for qkey, _title, crits in MODEL:
        questions.append(
            Question(
                qkey,
                QUESTION_TITLES[qkey],
                tuple(
                    Criterion(ckey, ctitle, weight, *values[ckey]) for ckey, ctitle, weight in crits
                ),
            )
        )
    return Score(tuple(questions))


def _vanity_only(item: Objective | Tactic, vocabulary: Vocabulary) -> bool:
    return bool(item.kpis) and all(vocabulary.is_vanity(k.metric) for k in item.kpis)

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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ramaudit.graph import TraceGraph
from ramaudit.model import KPI, Objective, Plan, Tactic
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

    @property
    def points(self) -> float:
        return self.weight * self.fraction

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "weight": self.weight,
            "fraction": round(self.fraction, 4),
            "points": round(self.points, 2),
            "evidence": self.evidence,
        }


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
    ("process", "Scalable process", (
        ("review-cadence", "The plan sets a review cadence", 6),
        ("plan-period", "The plan has a start and an end date", 4),
        ("tactics-scheduled", "Traceable tactics with start and end dates", 5),
        ("tactics-owned", "Traceable tactics with an owner", 5),
        ("budget-declared", "Plan budget declared; traceable tactics budgeted", 5),
    )),
    ("accountability", "Accountability", (
        ("smart-kpis", "Objectives with a KPI that has target, baseline and deadline", 10),
        ("owners", "Goals, objectives and traceable tactics with an owner", 7),
        ("tactics-measured", "Traceable tactics with a KPI that has a target", 4),
        ("outcome-measures", "Objectives not measured on vanity metrics alone", 4),
    )),
    ("market", "Market-driven", (
        ("segments-defined", "The plan defines target segments", 4),
        ("voice-of-customer", "Segments backed by voice-of-customer evidence", 8),
        ("tactics-targeted", "Traceable tactics aimed at a defined, specific segment", 8),
        ("outcome-objective", "At least one objective measured on a business outcome", 5),
    )),
    ("execution", "Efficient execution", (
        ("tactics-traceable", "Tactics that trace to a business goal", 8),
        ("budget-traceable", "Tactic budget that funds traceable tactics", 6),
        ("funnel-coverage", "Funnel stages served by traceable tactics", 5),
        ("cross-functional", "Stakeholders beyond marketing (sales, finance, ...)", 3),
        ("clean-links", "Links that name an existing item of the right kind, outside cycles", 3),
    )),
)

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


def compute_score(plan: Plan, graph: TraceGraph, vocabulary: Vocabulary) -> Score:
    items = graph.items
    tactics = [t for t in plan.tactics if items.get(t.id) is t]
    objectives = [o for o in plan.objectives if items.get(o.id) is o]
    goals = [g for g in plan.goals if items.get(g.id) is g]
    segments = {s.id: s for s in plan.segments if items.get(s.id) is s}
    traced = [t for t in tactics if t.id in graph.traceable]
    n_t = len(tactics)
    info = plan.info

    def traced_share(pred: Callable[[Tactic], bool]) -> tuple[float, int]:
        k = sum(1 for t in traced if pred(t))
        return _frac(k, n_t), k

    values: dict[str, tuple[float, str]] = {}

    # -- scalable process
    cadence = info.review_cadence if info else None
    values["review-cadence"] = (1.0 if cadence else 0.0,
                                f"review cadence: {cadence}" if cadence else "no review cadence")
    period = info.period if info else None
    has_period = bool(period and period.start and period.end)
    values["plan-period"] = (1.0 if has_period else 0.0,
                             f"period {period.start} to {period.end}" if has_period and period
                             else "no complete plan period")
    f, k = traced_share(lambda t: t.start is not None and t.end is not None)
    values["tactics-scheduled"] = (f, f"{_pct(k, n_t)} tactics traceable and scheduled")
    f, k = traced_share(lambda t: bool(t.owner))
    values["tactics-owned"] = (f, f"{_pct(k, n_t)} tactics traceable and owned")
    plan_budget = info is not None and info.budget is not None
    fb, kb = traced_share(lambda t: t.budget is not None)
    values["budget-declared"] = (
        0.5 * plan_budget + 0.5 * fb,
        ("plan budget declared" if plan_budget else "no plan budget")
        + f"; {_pct(kb, n_t)} tactics traceable and budgeted",
    )

    # -- accountability
    n_o = len(objectives)
    smart = sum(_best(_kpi_completeness(k) for k in o.kpis) for o in objectives)
    complete = sum(1 for o in objectives if _best(_kpi_completeness(k) for k in o.kpis) == 1)
    values["smart-kpis"] = (_frac(smart, n_o),
                            f"{_pct(complete, n_o)} objectives have a complete KPI")
    owned = (sum(1 for g in goals if g.owner) + sum(1 for o in objectives if o.owner)
             + sum(1 for t in traced if t.owner))
    levels = len(goals) + n_o + n_t
    values["owners"] = (_frac(owned, levels), f"{_pct(owned, levels)} items have an owner")
    f, k = traced_share(lambda t: any(kpi.target is not None for kpi in t.kpis))
    values["tactics-measured"] = (f, f"{_pct(k, n_t)} tactics traceable with a targeted KPI")
    honest = sum(1 for o in objectives if o.kpis and not _vanity_only(o, vocabulary))
    values["outcome-measures"] = (_frac(honest, n_o),
                                  f"{_pct(honest, n_o)} objectives measured beyond vanity metrics")

    # -- market-driven
    n_s = len(segments)
    values["segments-defined"] = (1.0 if n_s else 0.0, f"{n_s} segment(s) defined")
    voiced = sum(1 for s in segments.values() if s.voice_of_customer)
    values["voice-of-customer"] = (_frac(voiced, n_s),
                                   f"{_pct(voiced, n_s)} segments have voice-of-customer evidence")

    def targeted(t: Tactic) -> bool:
        return bool(t.segment) and all(
            s in segments and not vocabulary.is_broad_segment(s)
            and not vocabulary.is_broad_segment(segments[s].name or s) for s in t.segment)

    f, k = traced_share(targeted)
    values["tactics-targeted"] = (f, f"{_pct(k, n_t)} tactics traceable and aimed at a segment")
    outcome = [o for o in objectives if any(vocabulary.is_outcome(k.metric) for k in o.kpis)]
    values["outcome-objective"] = (
        1.0 if outcome else 0.0,
        f"outcome objective: {outcome[0].id}" if outcome else "no objective measured on an outcome",
    )

    # -- efficient execution
    values["tactics-traceable"] = (_frac(len(traced), n_t),
                                   f"{_pct(len(traced), n_t)} tactics trace to a goal")
    spend = sum(t.budget or 0 for t in tactics)
    traced_spend = sum(t.budget or 0 for t in traced)
    if spend > 0:
        values["budget-traceable"] = (
            traced_spend / spend,
            f"{traced_spend:,.0f} of {spend:,.0f} {plan.currency} "
            f"({traced_spend / spend:.0%}) funds traceable tactics")
    else:  # no tactic budgets: fall back on the share of tactics
        values["budget-traceable"] = (_frac(len(traced), n_t),
                                      "no tactic budgets; counted by tactics instead")
    stages = sorted({t.funnel_stage for t in traced if t.funnel_stage}, key=STAGES.index)
    missing = [s for s in STAGES if s not in stages]
    values["funnel-coverage"] = (
        len(stages) / len(STAGES),
        f"{len(stages)} of 4 stages served" + (f"; missing: {', '.join(missing)}" if missing else ""),
    )
    others = [s for s in (info.stakeholders if info else []) if not vocabulary.is_marketing_function(s)]
    values["cross-functional"] = (
        1.0 if others else 0.0,
        f"stakeholders beyond marketing: {', '.join(others)}" if others
        else "no stakeholder outside marketing",
    )
    in_cycle = graph.cycle_members
    bad = sum(1 for link in graph.links if link.problem or link.source in in_cycle
              and link.field == "parents")
    n_links = len(graph.links)
    values["clean-links"] = (
        1.0 - _frac(bad, n_links) if n_links else 1.0,
        f"{bad} of {n_links} links dangle, skip a level or form a cycle" if n_links
        else "no links",
    )

    questions = []
    for qkey, _title, crits in MODEL:
        questions.append(Question(
            qkey,
            QUESTION_TITLES[qkey],
            tuple(Criterion(ckey, ctitle, weight, *values[ckey]) for ckey, ctitle, weight in crits),
        ))
    return Score(tuple(questions))


def _vanity_only(item: Objective | Tactic, vocabulary: Vocabulary) -> bool:
    return bool(item.kpis) and all(vocabulary.is_vanity(k.metric) for k in item.kpis)

"""The marketing fitness test as a score.

Four questions, 25 points each, 100 in all. Each question is a weighted sum of named
criteria; each criterion is a fraction (0..1) measured on the plan and shown with the
evidence behind it. A question is answered "yes" at 20 points or more.

Two design rules keep the score honest:

* A random act earns nothing. Tactic and objective criteria count only tactics and
  objectives that trace to a goal in their numerator and every one of them in their
  denominator, so adding an orphan tactic or objective can never raise the score,
  however well it is described. Nothing is met vacuously either: a plan with no
  tactics, or no link to a goal, earns nothing for tactic budgets or clean links.
* Every criterion only grows when the plan gets better (an owner added, a link
  fixed, a KPI completed, a budget set or brought within the plan budget), so fixing
  a finding never lowers the score.

Both are checked by property tests over generated plans, together with two more: the
score does not depend on the order of items, nor on whether the plan is written
nested or flat. ``ramaudit explain-score`` shows every criterion with its weight,
points, evidence and the ids that fall short (:mod:`ramaudit.explain`).

The score reads the options of the rules it mirrors (RA303's ``stages``, RA305's
``tolerance``, RA309's ``min_evidence``) from the configuration, so it never takes
points for what ``check`` was told not to report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ramaudit.graph import TraceGraph
from ramaudit.model import KPI, Objective, Plan, Tactic
from ramaudit.rules.no_voice_of_customer import evidence
from ramaudit.rules.target_not_beyond_baseline import improves
from ramaudit.vocabulary import STAGES, Vocabulary

if TYPE_CHECKING:
    from ramaudit.config import Config

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
            ("review-cadence", "The plan sets a review cadence", 5),
            ("plan-period", "The plan has a valid period: a start, and an end after it", 4),
            ("tactics-scheduled", "Traceable tactics with start and end dates", 5),
            ("tactics-owned", "Traceable tactics with an owner", 4),
            ("budget-declared", "Plan budget declared; traceable tactics budgeted", 4),
            ("budget-fits", "Tactic budgets fit within the plan budget", 3),
        ),
    ),
    (
        "accountability",
        "Accountability",
        (
            (
                "smart-kpis",
                "Traceable objectives with a KPI that has a baseline, a target beyond it and "
                "a deadline",
                10,
            ),
            ("owners", "Goals, traceable objectives and traceable tactics with an owner", 7),
            ("tactics-measured", "Traceable tactics with a KPI that has a target", 4),
            ("outcome-measures", "Traceable objectives with a targeted KPI beyond vanity", 4),
        ),
    ),
    (
        "market",
        "Market-driven",
        (
            ("segments-defined", "The plan defines target segments", 4),
            ("voice-of-customer", "Segments backed by voice-of-customer evidence", 8),
            ("tactics-targeted", "Traceable tactics aimed at a defined, specific segment", 8),
            (
                "outcome-objective",
                "At least one traceable objective with a target on a business outcome",
                5,
            ),
        ),
    ),
    (
        "execution",
        "Efficient execution",
        (
            ("tactics-traceable", "Tactics that trace to a business goal", 8),
            ("budget-traceable", "Tactic budget that funds traceable tactics", 6),
            ("funnel-coverage", "Required funnel stages served by traceable tactics", 5),
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
    "plan-period": "1 if `plan.period` has a start and an end, and the end is not before the start",
    "tactics-scheduled": "traceable tactics with `start` and `end` / all tactics",
    "tactics-owned": "traceable tactics with a real owner / all tactics",
    "budget-declared": "half for a plan budget; half for traceable tactics with a budget / all "
    "tactics",
    "budget-fits": "with a plan budget and a budgeted traceable tactic: 1 if all tactic budgets "
    "fit in the plan budget (RA305's `tolerance` allowed), else plan budget / tactic budgets; "
    "0 otherwise",
    "smart-kpis": "per traceable objective, the best KPI's share of target (only one beyond "
    "the baseline, as RA208 judges), baseline and deadline; summed / all objectives",
    "owners": "goals, traceable objectives and traceable tactics with a real owner / all goals, "
    "objectives and tactics",
    "tactics-measured": "traceable tactics with a KPI that has a target / all tactics",
    "outcome-measures": "traceable objectives with a targeted KPI that is not a vanity metric / "
    "all objectives",
    "segments-defined": "1 if the plan defines a segment",
    "voice-of-customer": "segments with voice-of-customer evidence (RA309's `min-evidence` "
    "pieces) / all segments",
    "tactics-targeted": "traceable tactics aimed only at defined, specific segments / all tactics",
    "outcome-objective": "1 if some traceable objective has a KPI on a business outcome with a "
    "target",
    "tactics-traceable": "tactics with a path to a goal / all tactics",
    "budget-traceable": "0 while an orphan tactic has no budget (its spend is unknown); else "
    "budget of traceable tactics / all tactic budget; 1 with tactics and no orphans",
    "funnel-coverage": "stages served by traceable tactics / stages required (RA303's `stages`, "
    "all 4 by default)",
    "cross-functional": "1 if a stakeholder is outside marketing",
    "clean-links": "1 / (1 + links that dangle, skip a level or sit in a parents loop); 0 until "
    "an objective links to a goal",
}

QUESTION_TITLES = {
    "process": "Is there a scalable, repeatable process?",
    "accountability": "Is marketing accountable (SMART goals, owners, KPIs)?",
    "market": "Is the plan market-driven (segments, voice of the customer)?",
    "execution": "Is execution efficient (everything aligned, no random acts)?",
}

# How many ids a line of evidence names before it says "and N more".
_NAMED = 5


def is_plan_document(data: Any) -> bool:
    """Whether loaded YAML is a plan at all: a mapping with a ``plan:`` block. An empty
    file, a list, a scalar or a mapping of something else gets no score, rather than
    the few points a vacuous criterion would give it."""
    return isinstance(data, dict) and "plan" in data


def _frac(part: int | float, whole: int | float) -> float:
    return part / whole if whole else 0.0


def _share(part: int, whole: int, noun: str, what: str, *, none: str | None = None) -> str:
    """``3 of 4 tactics (75%) <what>``, or ``the plan has no <noun>``."""
    if not whole:
        return f"the plan has no {none or noun}"
    return f"{part:,} of {whole:,} {noun} ({part / whole:.0%}) {what}"


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _ids(ids: Iterable[str]) -> str:
    ids = list(ids)
    shown = ", ".join(ids[:_NAMED])
    return shown + (f" and {len(ids) - _NAMED} more" if len(ids) > _NAMED else "")


def _money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def _kpi_parts(kpi: KPI, vocabulary: Vocabulary) -> int:
    # A target that does not improve on its baseline (RA208) sets nothing to achieve.
    aimed = kpi.target is not None and improves(kpi, vocabulary)
    return aimed + (kpi.baseline is not None) + (kpi.deadline is not None)


def _best_parts(objective: Objective, vocabulary: Vocabulary) -> int:
    """Target beyond the baseline, baseline and deadline present on the objective's
    most complete KPI."""
    return max((_kpi_parts(k, vocabulary) for k in objective.kpis), default=0)


def _rule_option(config: Config | None, code: str, name: str) -> Any:
    """A rule option as ``check`` sees it: the configured value, else the rule's default."""
    from ramaudit.rules import lookup

    rule = lookup(code)
    default = rule.options[name] if rule is not None else None
    if config is None:
        return default
    return config.rule_options.get(code, {}).get(name, default)


Value = tuple[float, str, tuple[str, ...]]  # fraction, evidence, gaps


def compute_score(
    plan: Plan, graph: TraceGraph, vocabulary: Vocabulary, config: Config | None = None
) -> Score:
    """Score ``plan`` on the four fitness questions; every criterion comes with the
    evidence behind it and the ids that fall short. ``config`` supplies the options of
    the rules the score mirrors; without it their defaults apply."""
    items = graph.items
    traceable = graph.traceable
    tactics = [t for t in plan.tactics if items.get(t.id) is t]
    objectives = [o for o in plan.objectives if items.get(o.id) is o]
    goals = [g for g in plan.goals if items.get(g.id) is g]
    segments = {s.id: s for s in plan.segments if items.get(s.id) is s}
    traced = [t for t in tactics if t.id in traceable]
    traced_objectives = [o for o in objectives if o.id in traceable]
    orphan_tactics = [t for t in tactics if t.id not in traceable]
    n_t = len(tactics)
    n_o = len(objectives)
    info = plan.info
    currency = plan.currency

    def owned(item: Any) -> bool:
        # "TBD" or "-" names nobody: such an owner earns nothing (RA301 reports it).
        return (
            bool(item.owner)
            and vocabulary.placeholder_in(item.owner) is None
            and not vocabulary.names_nothing(item.owner)
        )

    def traced_share(pred: Callable[[Tactic], bool], what: str) -> Value:
        """Traceable tactics meeting ``pred`` over all tactics; orphans count against."""
        k = sum(1 for t in traced if pred(t))
        gaps = tuple(t.id for t in tactics if not (t.id in traceable and pred(t)))
        return _frac(k, n_t), _share(k, n_t, "tactics", f"trace to a goal and {what}"), gaps

    def objective_share(pred: Callable[[Objective], bool], what: str) -> Value:
        """The same for objectives: an orphan objective counts against, never for."""
        k = sum(1 for o in traced_objectives if pred(o))
        gaps = tuple(o.id for o in objectives if not (o.id in traceable and pred(o)))
        return _frac(k, n_o), _share(k, n_o, "objectives", f"trace to a goal and {what}"), gaps

    values: dict[str, Value] = {}

    # -- scalable process
    cadence = info.review_cadence if info else None
    if cadence:
        cadence_evidence = f"review cadence: {cadence}"
    elif "review_cadence" in getattr(info, "_invalid", ()):
        # Written, but not a cadence the format knows (RA002 says which are).
        cadence_evidence = "the review cadence is not weekly, biweekly, monthly or quarterly"
    else:
        cadence_evidence = "no review cadence"
    values["review-cadence"] = (
        1.0 if cadence else 0.0,
        cadence_evidence,
        () if cadence else ("plan.review_cadence",),
    )
    period = info.period if info else None
    start, end = (period.start, period.end) if period else (None, None)
    if start is not None and end is not None and start <= end:
        values["plan-period"] = (1.0, f"period {start} to {end}", ())
    elif start is not None and end is not None:
        values["plan-period"] = (
            0.0,
            f"the period ends ({end}) before it starts ({start})",
            ("plan.period",),
        )
    else:
        values["plan-period"] = (
            0.0,
            "the plan period lacks a start or an end" if period else "no plan period",
            ("plan.period",),
        )
    values["tactics-scheduled"] = traced_share(
        lambda t: t.start is not None and t.end is not None, "have start and end dates"
    )
    values["tactics-owned"] = traced_share(owned, "have an owner")
    plan_budget = info.budget if info else None
    fb, eb, gb = traced_share(lambda t: t.budget is not None, "have a budget")
    values["budget-declared"] = (
        0.5 * (plan_budget is not None) + 0.5 * fb,
        ("plan budget declared" if plan_budget is not None else "no plan budget") + f"; {eb}",
        (() if plan_budget is not None else ("plan.budget",)) + gb,
    )
    spend = sum(t.budget or 0 for t in tactics)
    if plan_budget is None:
        values["budget-fits"] = (
            0.0,
            "no plan budget to hold the tactic budgets to",
            ("plan.budget",),
        )
    elif not any(t.budget is not None for t in traced):
        # Nothing to check yet: an empty sum fitting is no evidence of a budget that adds up.
        values["budget-fits"] = (
            0.0,
            "no traceable tactic has a budget to hold to the plan budget",
            tuple(t.id for t in traced) or ("tactics",),
        )
    else:
        allowed = plan_budget * (1 + float(_rule_option(config, "RA305", "tolerance")))
        if spend <= allowed:
            values["budget-fits"] = (
                1.0,
                f"tactic budgets add up to {_money(spend, currency)}, within the plan budget "
                f"of {_money(plan_budget, currency)}",
                (),
            )
        else:
            values["budget-fits"] = (
                allowed / spend,
                f"tactic budgets add up to {_money(spend, currency)}, "
                f"{spend - plan_budget:,.0f} more than the plan budget of "
                f"{_money(plan_budget, currency)}",
                ("plan.budget",),
            )

    # -- accountability
    parts = {o.id: _best_parts(o, vocabulary) for o in traced_objectives}
    partial = [(oid, k) for oid, k in parts.items() if 0 < k < 3]
    _, smart_evidence, smart_gaps = objective_share(
        lambda o: parts[o.id] == 3,
        "have a complete KPI (a baseline, a target beyond it and a deadline)",
    )
    if partial:
        shown = ", ".join(f"{oid} ({k} of 3 parts)" for oid, k in partial[:_NAMED])
        more = len(partial) - _NAMED
        smart_evidence += f"; partial credit for {shown}" + (
            f" and {more} more" if more > 0 else ""
        )
    values["smart-kpis"] = (
        _frac(sum(parts.values()) / 3, n_o),
        smart_evidence,
        smart_gaps,
    )
    people = [*goals, *objectives, *tactics]
    unowned = tuple(i.id for i in people if not (owned(i) and i.id in traceable))
    values["owners"] = (
        _frac(len(people) - len(unowned), len(people)),
        _share(
            len(people) - len(unowned),
            len(people),
            "goals, objectives and tactics",
            "have an owner and trace to a goal",
            none="goals, objectives or tactics",
        ),
        unowned,
    )
    values["tactics-measured"] = traced_share(
        lambda t: any(kpi.target is not None for kpi in t.kpis), "have a KPI with a target"
    )
    values["outcome-measures"] = objective_share(
        lambda o: any(k.target is not None and not vocabulary.is_vanity(k.metric) for k in o.kpis),
        "have a targeted KPI that is not a vanity metric",
    )

    # -- market-driven
    n_s = len(segments)
    values["segments-defined"] = (
        1.0 if n_s else 0.0,
        f"{n_s} {_plural(n_s, 'segment', 'segments')} defined" if n_s else "no segment defined",
        () if n_s else ("segments",),
    )
    need = max(1, int(_rule_option(config, "RA309", "min_evidence")))
    unvoiced = tuple(
        s.id for s in segments.values() if len(evidence(s.voice_of_customer, vocabulary)) < need
    )
    values["voice-of-customer"] = (
        _frac(n_s - len(unvoiced), n_s),
        _share(
            n_s - len(unvoiced),
            n_s,
            "segments",
            "have voice-of-customer evidence"
            + (f" (at least {need} pieces each)" if need > 1 else ""),
        ),
        unvoiced,
    )

    def targeted(t: Tactic) -> bool:
        return bool(t.segment) and all(
            s in segments
            and not vocabulary.is_broad_segment(s)
            and not vocabulary.is_broad_segment(segments[s].name or s)
            for s in t.segment
        )

    values["tactics-targeted"] = traced_share(targeted, "aim at a defined, specific segment")
    outcome = [
        o
        for o in traced_objectives
        if any(vocabulary.is_outcome(k.metric) and k.target is not None for k in o.kpis)
    ]
    values["outcome-objective"] = (
        1.0 if outcome else 0.0,
        "measured on a business outcome with a target: " + _ids(o.id for o in outcome)
        if outcome
        else "no objective that traces to a goal has a target on a business outcome",
        (),
    )

    # -- efficient execution
    values["tactics-traceable"] = (
        _frac(len(traced), n_t),
        _share(len(traced), n_t, "tactics", "trace to a goal"),
        tuple(t.id for t in orphan_tactics),
    )
    unbudgeted = tuple(t.id for t in orphan_tactics if t.budget is None)
    traced_spend = sum(t.budget or 0 for t in traced)
    if not tactics:
        values["budget-traceable"] = (0.0, "the plan has no tactics", ())
    elif unbudgeted:
        # Leaving a random act's budget out must not hide its spend: unknown counts as none.
        values["budget-traceable"] = (
            0.0,
            f"{_ids(unbudgeted)} {_plural(len(unbudgeted), 'traces', 'trace')} to no goal and "
            f"{_plural(len(unbudgeted), 'has', 'have')} no budget, so the spend on random acts "
            "is unknown",
            unbudgeted,
        )
    elif not orphan_tactics:
        values["budget-traceable"] = (
            1.0,
            f"all {_money(spend, currency)} of tactic budget funds tactics that trace to a goal"
            if spend
            else "every tactic traces to a goal, so no budget funds random acts",
            (),
        )
    else:
        values["budget-traceable"] = (
            _frac(traced_spend, spend),
            f"{traced_spend:,.0f} of {_money(spend, currency)} "
            f"({_frac(traced_spend, spend):.0%}) funds tactics that trace to a goal",
            tuple(t.id for t in orphan_tactics if t.budget),
        )
    required = set(_rule_option(config, "RA303", "stages"))
    wanted = [s for s in STAGES if s in required]
    served = {t.funnel_stage for t in traced if t.funnel_stage}
    missing = tuple(s for s in wanted if s not in served)
    if wanted:
        hit = len(wanted) - len(missing)
        values["funnel-coverage"] = (
            hit / len(wanted),
            f"{hit} of {len(wanted)} required stages served by traceable tactics"
            + (f" (required: {', '.join(wanted)})" if len(wanted) < len(STAGES) else "")
            + (f"; missing: {', '.join(missing)}" if missing else ""),
            missing,
        )
    else:  # the configuration requires no stage: any traceable tactic covers the funnel
        values["funnel-coverage"] = (
            1.0 if traced else 0.0,
            "no funnel stage is required"
            + ("" if traced else ", but no tactic traces to a goal either"),
            (),
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
    # Nothing is earned until an objective hangs from a goal (by link or by nesting),
    # so a plan with no links at all, or only links among orphans, gets no free points.
    in_cycle = graph.cycle_members
    bad = tuple(
        f"{link.source}.{link.field} -> {link.target}"
        for link in graph.links
        if link.problem
        or (link.field == "parents" and link.source in in_cycle and link.target in in_cycle)
    )
    bad_text = (
        "1 link dangles, skips a level or forms a cycle"
        if len(bad) == 1
        else f"{len(bad)} links dangle, skip a level or form a cycle"
    )
    if not traced_objectives:
        values["clean-links"] = (
            0.0,
            "no objective links to a goal yet" + (f"; {bad_text}" if bad else ""),
            bad or ("objectives",),
        )
    else:
        values["clean-links"] = (
            1.0 / (1 + len(bad)),
            bad_text if bad else "every link names an existing item of the right kind",
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

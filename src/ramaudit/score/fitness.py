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
points, evidence and the ids that fall short, each with the reason
(:mod:`ramaudit.report.score_explained`).

The answers agree with the findings: each question declares the rules that bear on
it (:data:`CAPPED_BY`), and while the plan has an error-severity finding of one of
them the question is answered "no", its score held below :data:`YES_AT` whatever its
criteria earn. A finding hidden by a suppression comment or the baseline has been
accepted by the user and caps nothing; a rule that is not run caps nothing either.
Errors about how the plan is written (RA002, RA003, :data:`CAPPED_BY_FIELD`) cap the
questions whose criteria read the field they are about (:func:`questions_about`).
And a question never shows its full mark while one of its criteria falls short, so
100 means every criterion is met.

The score reads the options of the rules it mirrors (RA303's ``stages``, RA305's
``tolerance``, RA309's ``min_evidence``) from the configuration, so it never takes
points for what ``check`` was told not to report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ramaudit.core.findings import Finding, Severity
from ramaudit.core.graph import TraceGraph
from ramaudit.core.model import KPI, Objective, Plan, Tactic
from ramaudit.core.vocabulary import STAGES, Vocabulary
from ramaudit.rules.budget_overrun import BudgetOverrun
from ramaudit.rules.funnel_gap import FunnelGap
from ramaudit.rules.no_voice_of_customer import NoVoiceOfCustomer, evidence
from ramaudit.rules.target_not_beyond_baseline import improves

if TYPE_CHECKING:
    from ramaudit.config.effective import Config

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
    # Why each of ``gaps`` falls short, in the same order ("traces to no goal").
    reasons: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        return self.weight * self.fraction

    @property
    def shortfalls(self) -> list[tuple[str, str]]:
        """``(id, reason)`` for each gap."""
        return [
            (gap, self.reasons[i] if i < len(self.reasons) else "")
            for i, gap in enumerate(self.gaps)
        ]

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
            out["shortfalls"] = [{"id": g, "reason": r} for g, r in self.shortfalls]
        return out


@dataclass(frozen=True, slots=True)
class Cap:
    """Error findings of one rule that hold a question's answer at "no"."""

    code: str
    rule: str
    count: int

    @property
    def text(self) -> str:
        return f"{self.count:,} error{'s' * (self.count != 1)} of {self.code} {self.rule}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "rule": self.rule, "count": self.count}


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    title: str
    criteria: tuple[Criterion, ...]
    max: int = QUESTION_MAX
    # Error findings of the rules in CAPPED_BY[key] that nothing accepted: while there
    # is one, the answer is "no".
    caps: tuple[Cap, ...] = ()

    @property
    def short(self) -> bool:
        """Whether some criterion falls short of its full weight."""
        return any(c.fraction < 1 for c in self.criteria)

    @property
    def earned(self) -> int:
        """What the criteria earn: half up, never above the maximum, and never the
        maximum while a criterion falls short (24.7 points show as 24, not 25), so a
        full mark always means every criterion is met. Monotone in every criterion."""
        points = min(self.max, int(sum(c.points for c in self.criteria) + 0.5 + 1e-9))
        return min(points, self.max - 1) if self.short else points

    @property
    def score(self) -> int:
        # A capped question stays below the "yes" mark, so that the score and the answer
        # never disagree for a reader who applies "yes at 20" to the number.
        return min(self.earned, YES_AT - 1) if self.caps else self.earned

    @property
    def answer(self) -> str:
        return "yes" if self.score >= YES_AT else "no"

    @property
    def cap_text(self) -> str | None:
        """``NO: 3 errors of RA101 orphan-tactic, ...`` for a capped question."""
        if not self.caps:
            return None
        return "NO: " + ", ".join(c.text for c in self.caps)

    @property
    def evidence(self) -> list[str]:
        lead = self.cap_text
        return ([lead] if lead else []) + [c.evidence for c in self.criteria]

    def to_dict(self, *, criteria: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "score": self.score,
            "max": self.max,
            "answer": self.answer,
            "evidence": self.evidence,
            "earned": self.earned,
            "capped_by": [c.to_dict() for c in self.caps],
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

    def capped(self, findings: Iterable[Finding]) -> Score:
        """This score with each question's caps taken from ``findings`` (those still
        reported: a suppressed or baselined finding is not among them)."""
        caps = caps_from(findings)
        return Score(tuple(replace(q, caps=caps.get(q.key, ())) for q in self.questions))


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

# The rules that bear on each question: what it asks about. While the plan has an
# error-severity finding of one of them (by default RA305 for process, RA201 for
# accountability, RA312 for market, RA004, RA005, RA101 and RA107 for execution; a
# configuration can raise others to errors), the answer is "no". A test keeps every
# rule whose category is a question listed under it. The README's table of caps is
# generated from this.
CAPPED_BY: dict[str, tuple[str, ...]] = {
    "process": ("RA301", "RA304", "RA305", "RA306", "RA307", "RA311"),
    "accountability": (
        "RA201",
        "RA202",
        "RA203",
        "RA204",
        "RA205",
        "RA207",
        "RA208",
        "RA301",
        "RA308",
    ),
    "market": ("RA206", "RA302", "RA309", "RA312"),
    "execution": (
        "RA004",
        "RA005",
        "RA101",
        "RA102",
        "RA103",
        "RA104",
        "RA106",
        "RA107",
        "RA303",
        "RA310",
    ),
}


# Rules about the shape of the plan whose errors cap the questions that read the field
# the finding is about (its pointer), rather than fixed questions: a budget written
# "60k" (RA002) holds the questions that read budgets at NO, and a second
# 'objectives:' key in a tactic (RA003) every question, since links decide what each
# one counts. See :func:`questions_about`.
CAPPED_BY_FIELD: tuple[str, ...] = ("RA002", "RA003")

_P, _A, _M, _E = "process", "accountability", "market", "execution"
ALL_QUESTIONS: tuple[str, ...] = (_P, _A, _M, _E)

# What the criteria read, per kind of item and field: the questions whose criteria
# look at that field. Ids, links and nesting decide which items trace to a goal, which
# every question counts by, so they bear on all four.
READS: dict[str, dict[str, tuple[str, ...]]] = {
    "plan": {
        "review_cadence": (_P,),
        "period": (_P,),
        "budget": (_P,),
        "stakeholders": (_E,),
    },
    "segment": {"id": ALL_QUESTIONS, "name": (_M,), "voice_of_customer": (_M,)},
    "goal": {"id": ALL_QUESTIONS, "objectives": ALL_QUESTIONS, "owner": (_A,)},
    "objective": {
        "id": ALL_QUESTIONS,
        "goals": ALL_QUESTIONS,
        "goal": ALL_QUESTIONS,
        "parents": ALL_QUESTIONS,
        "parent": ALL_QUESTIONS,
        "tactics": ALL_QUESTIONS,
        "owner": (_A,),
        "kpis": (_A, _M),
    },
    "tactic": {
        "id": ALL_QUESTIONS,
        "objectives": ALL_QUESTIONS,
        "objective": ALL_QUESTIONS,
        "start": (_P,),
        "end": (_P,),
        "owner": (_P, _A),
        "budget": (_P, _E),
        "segment": (_M,),
        "segments": (_M,),
        "stage": (_E,),
        "kpis": (_A,),
    },
}
# The questions that count each kind of item: a field of it that no criterion reads
# (a name, a description, the plan's currency) caps these.
COUNTED_BY: dict[str, tuple[str, ...]] = {
    "plan": (_P, _E),
    "segment": (_M,),
    "goal": (_A, _E),
    "objective": (_A, _M, _E),
    "tactic": ALL_QUESTIONS,
}
_SECTIONS = {"segments": "segment", "goals": "goal", "objectives": "objective", "tactics": "tactic"}
_NESTED = {("goal", "objectives"): "objective", ("objective", "tactics"): "tactic"}
_POINTER_PART = re.compile(r"\[(\d+)\]|(?:^|\.)([^.\[\]]+)")


def _pointer_path(pointer: str) -> tuple[str | int, ...] | None:
    """``tactics[3].budget`` -> ``("tactics", 3, "budget")``; None when the pointer
    does not read back (a key with a dot or a bracket in it)."""
    parts: list[str | int] = []
    pos = 0
    for m in _POINTER_PART.finditer(pointer):
        if m.start() != pos:
            return None
        parts.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
        pos = m.end()
    return tuple(parts) if pos == len(pointer) else None


def questions_about(pointer: str) -> tuple[str, ...]:
    """The questions an RA002 or RA003 error at ``pointer`` caps: those whose criteria
    read the field it names (:data:`READS`); for a field of the format that no
    criterion reads, those that count its item (:data:`COUNTED_BY`); and all four for
    anything else (a whole item or section, an unknown key or section), since it
    cannot be tied to one answer."""
    path = _pointer_path(pointer)
    if not path:
        return ALL_QUESTIONS
    if path[0] == "plan":
        return _field_questions("plan", path[1:])
    kind = _SECTIONS.get(str(path[0]))
    if kind is None or len(path) < 2 or not isinstance(path[1], int):
        return ALL_QUESTIONS
    rest = path[2:]
    while len(rest) >= 2 and isinstance(rest[1], int) and (kind, rest[0]) in _NESTED:
        kind, rest = _NESTED[(kind, str(rest[0]))], rest[2:]
    return _field_questions(kind, rest)


def _field_questions(kind: str, rest: tuple[str | int, ...]) -> tuple[str, ...]:
    if not rest or not isinstance(rest[0], str):
        return ALL_QUESTIONS  # the item or the plan block as a whole
    name = rest[0]
    reads = READS[kind].get(name)
    if reads is not None:
        return reads
    return COUNTED_BY[kind] if name in _known_fields(kind) else ALL_QUESTIONS


def _known_fields(kind: str) -> tuple[str, ...]:
    from ramaudit.core.model import field_names, model_of

    return field_names(model_of(kind))


def caps_from(findings: Iterable[Finding]) -> dict[str, tuple[Cap, ...]]:
    """Per question key, the error findings that cap it, one :class:`Cap` per rule:
    first the shape rules (:data:`CAPPED_BY_FIELD`) with the findings about what the
    question reads, then the rules of :data:`CAPPED_BY` in the order it lists them."""
    counts: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}
    for f in findings:
        if f.severity is not Severity.ERROR:
            continue
        names.setdefault(f.code, f.rule)
        keys = questions_about(f.pointer) if f.code in CAPPED_BY_FIELD else ALL_QUESTIONS
        for key in keys:
            counts[key, f.code] = counts.get((key, f.code), 0) + 1
    return {
        key: tuple(
            Cap(code, names[code], counts[key, code])
            for code in (*CAPPED_BY_FIELD, *codes)
            if (key, code) in counts
        )
        for key, codes in CAPPED_BY.items()
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


Gap = tuple[str, str]  # what falls short (an id, a stage, a link) and why
Value = tuple[float, str, tuple[Gap, ...]]  # fraction, evidence, gaps

ORPHAN = "traces to no goal"


def _kpi_lacks(kpi: KPI, vocabulary: Vocabulary) -> list[str]:
    """What a KPI lacks of target (beyond the baseline), baseline and deadline."""
    lacks = []
    if kpi.target is None:
        lacks.append("a target")
    elif not improves(kpi, vocabulary):
        lacks.append("a target beyond its baseline")
    if kpi.baseline is None:
        lacks.append("a baseline")
    if kpi.deadline is None:
        lacks.append("a deadline")
    return lacks


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def compute_score(
    plan: Plan,
    graph: TraceGraph,
    vocabulary: Vocabulary,
    config: Config | None = None,
    findings: Iterable[Finding] | None = None,
) -> Score:
    """Score ``plan`` on the four fitness questions; every criterion comes with the
    evidence behind it and the ids that fall short, each with the reason. ``config``
    supplies the options of the rules the score mirrors; without it their defaults
    apply. ``findings`` (those still reported after suppressions) cap the answers
    (:data:`CAPPED_BY`); without them nothing is capped."""
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

    def why_unowned(item: Any) -> str:
        return "has no owner" if not item.owner else "its owner names nobody"

    def why(item: Any, ok: bool, lacking: Callable[[Any], str]) -> str:
        """The reason an item falls short: it is an orphan, it lacks something, or both."""
        parts = ([] if item.id in traceable else [ORPHAN]) + ([] if ok else [lacking(item)])
        return "; ".join(p for p in parts if p)

    def traced_share(
        pred: Callable[[Tactic], bool], what: str, lacking: Callable[[Tactic], str]
    ) -> Value:
        """Traceable tactics meeting ``pred`` over all tactics; orphans count against."""
        k = sum(1 for t in traced if pred(t))
        gaps = []
        for t in tactics:
            ok = pred(t)
            if not (ok and t.id in traceable):
                gaps.append((t.id, why(t, ok, lacking)))
        return _frac(k, n_t), _share(k, n_t, "tactics", f"trace to a goal and {what}"), tuple(gaps)

    def objective_share(
        pred: Callable[[Objective], bool], what: str, lacking: Callable[[Objective], str]
    ) -> Value:
        """The same for objectives: an orphan objective counts against, never for."""
        k = sum(1 for o in traced_objectives if pred(o))
        gaps = []
        for o in objectives:
            ok = pred(o)
            if not (ok and o.id in traceable):
                gaps.append((o.id, why(o, ok, lacking)))
        return (
            _frac(k, n_o),
            _share(k, n_o, "objectives", f"trace to a goal and {what}"),
            tuple(gaps),
        )

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
        () if cadence else (("plan.review_cadence", cadence_evidence),),
    )
    period = info.period if info else None
    start, end = (period.start, period.end) if period else (None, None)
    if start is not None and end is not None and start <= end:
        values["plan-period"] = (1.0, f"period {start} to {end}", ())
    elif start is not None and end is not None:
        values["plan-period"] = (
            0.0,
            f"the period ends ({end}) before it starts ({start})",
            (("plan.period", "ends before it starts"),),
        )
    else:
        values["plan-period"] = (
            0.0,
            "the plan period lacks a start or an end" if period else "no plan period",
            (("plan.period", "lacks a start or an end" if period else "not set"),),
        )

    def dates_lacking(t: Tactic) -> str:
        missing = [w for w, v in (("start", t.start), ("end", t.end)) if v is None]
        return f"has no {' or '.join(missing)} date" if missing else ""

    values["tactics-scheduled"] = traced_share(
        lambda t: t.start is not None and t.end is not None,
        "have start and end dates",
        dates_lacking,
    )
    values["tactics-owned"] = traced_share(owned, "have an owner", why_unowned)
    plan_budget = info.budget if info else None
    fb, eb, gb = traced_share(
        lambda t: t.budget is not None, "have a budget", lambda t: "no budget"
    )
    values["budget-declared"] = (
        0.5 * (plan_budget is not None) + 0.5 * fb,
        ("plan budget declared" if plan_budget is not None else "no plan budget") + f"; {eb}",
        (() if plan_budget is not None else (("plan.budget", "not set"),)) + gb,
    )
    spend = sum(t.budget or 0 for t in tactics)
    if plan_budget is None:
        values["budget-fits"] = (
            0.0,
            "no plan budget to hold the tactic budgets to",
            (("plan.budget", "not set"),),
        )
    elif not any(t.budget is not None for t in traced):
        # Nothing to check yet: an empty sum fitting is no evidence of a budget that adds up.
        values["budget-fits"] = (
            0.0,
            "no traceable tactic has a budget to hold to the plan budget",
            tuple((t.id, "no budget") for t in traced)
            or (("tactics", "no tactic traces to a goal"),),
        )
    else:
        allowed = plan_budget * (
            1 + float(BudgetOverrun.tolerance.read(config.rule_options if config else None))
        )
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
                (("plan.budget", "the tactic budgets exceed it"),),
            )

    # -- accountability
    parts = {o.id: _best_parts(o, vocabulary) for o in traced_objectives}
    partial = [(oid, k) for oid, k in parts.items() if 0 < k < 3]

    def kpi_lacking(o: Objective) -> str:
        if not o.kpis:
            return "has no KPI"
        best = min((_kpi_lacks(k, vocabulary) for k in o.kpis), key=len)
        return f"its most complete KPI lacks {_and(best)}"

    _, smart_evidence, smart_gaps = objective_share(
        lambda o: _best_parts(o, vocabulary) == 3,
        "have a complete KPI (a baseline, a target beyond it and a deadline)",
        kpi_lacking,
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
    unowned_gaps = []
    for i in people:
        ok = owned(i)
        if not (ok and i.id in traceable):
            unowned_gaps.append((i.id, why(i, ok, why_unowned)))
    unowned = tuple(unowned_gaps)
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
        lambda t: any(kpi.target is not None for kpi in t.kpis),
        "have a KPI with a target",
        lambda t: "no KPI of it has a target" if t.kpis else "has no KPI",
    )
    values["outcome-measures"] = objective_share(
        lambda o: any(k.target is not None and not vocabulary.is_vanity(k.metric) for k in o.kpis),
        "have a targeted KPI that is not a vanity metric",
        lambda o: (
            "has no KPI"
            if not o.kpis
            else "has no KPI with a target"
            if all(k.target is None for k in o.kpis)
            else "only vanity metrics have a target"
        ),
    )

    # -- market-driven
    n_s = len(segments)
    values["segments-defined"] = (
        1.0 if n_s else 0.0,
        f"{n_s} {_plural(n_s, 'segment', 'segments')} defined" if n_s else "no segment defined",
        () if n_s else (("segments", "no segment defined"),),
    )
    need = max(1, int(NoVoiceOfCustomer.min_evidence.read(config.rule_options if config else None)))
    heard = {s.id: len(evidence(s.voice_of_customer, vocabulary)) for s in segments.values()}
    unvoiced = tuple(
        (
            sid,
            "no voice-of-customer evidence"
            if not k
            else f"{k} of the {need} pieces of voice-of-customer evidence needed",
        )
        for sid, k in heard.items()
        if k < need
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

    def aimed_wrong(s: str) -> str | None:
        if s not in segments:
            return f"'{s}' is not a defined segment"
        if vocabulary.is_broad_segment(s) or vocabulary.is_broad_segment(segments[s].name or s):
            return f"'{s}' means everybody"
        return None

    def targeted(t: Tactic) -> bool:
        return bool(t.segment) and all(aimed_wrong(s) is None for s in t.segment)

    def target_lacking(t: Tactic) -> str:
        if not t.segment:
            return "aims at no segment"
        return "; ".join(w for w in map(aimed_wrong, t.segment) if w)

    values["tactics-targeted"] = traced_share(
        targeted, "aim at a defined, specific segment", target_lacking
    )
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
        tuple((t.id, ORPHAN) for t in orphan_tactics),
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
            tuple((tid, f"{ORPHAN} and has no budget") for tid in unbudgeted),
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
            tuple(
                (t.id, f"{ORPHAN} and carries {_money(t.budget, currency)}")
                for t in orphan_tactics
                if t.budget
            ),
        )
    required = set(FunnelGap.stages.read(config.rule_options if config else None))
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
            tuple((s, "no tactic that traces to a goal serves it") for s in missing),
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
        (
            f"{link.source}.{link.field} -> {link.target}",
            "names no item"
            if link.problem == "missing"
            else f"names {with_article(link.target_kind)}, the wrong kind of item"
            if link.problem
            else "sits in a loop of parents",
        )
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
            bad or (("objectives", "no objective links to a goal"),),
        )
    else:
        values["clean-links"] = (
            1.0 / (1 + len(bad)),
            bad_text if bad else "every link names an existing item of the right kind",
            bad,
        )

    caps = caps_from(findings) if findings is not None else {}
    questions = []
    for qkey, _title, crits in MODEL:
        questions.append(
            Question(
                qkey,
                QUESTION_TITLES[qkey],
                tuple(
                    _criterion(ckey, ctitle, weight, values[ckey]) for ckey, ctitle, weight in crits
                ),
                caps=caps.get(qkey, ()),
            )
        )
    return Score(tuple(questions))


def _criterion(key: str, title: str, weight: float, value: Value) -> Criterion:
    fraction, evidence_text, gaps = value
    return Criterion(
        key,
        title,
        weight,
        fraction,
        evidence_text,
        tuple(g for g, _ in gaps),
        tuple(r for _, r in gaps),
    )


def with_article(kind: str | None) -> str:
    kind = kind or "item"
    return ("an " if kind[0] in "aeiou" else "a ") + kind

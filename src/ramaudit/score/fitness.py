"""The marketing fitness test as a score.

Four questions, 25 points each, 100 in all. Each question is a weighted sum of named
criteria; each criterion is a fraction (0..1) measured on the plan and shown with the
evidence behind it. A question is answered "yes" at 20 points or more. The questions
and their criteria are declared in :mod:`ramaudit.score.registry` (one module per
question, see :mod:`ramaudit.score.base`); :func:`compute_score` measures each in
turn.

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
it, and while the plan has an error-severity finding of one of them the question is
answered "no", its score held below :data:`YES_AT` whatever its criteria earn
(:mod:`ramaudit.score.caps`). A finding hidden by a suppression comment or the
baseline has been accepted by the user and caps nothing; a rule that is not run caps
nothing either. And a question never shows its full mark while one of its criteria
falls short, so 100 means every criterion is met.

Once a plan records its run (check-ins, spend), the efficient-execution question
also reads it: yield and velocity (:mod:`ramaudit.score.tracking`) count while they
apply, and the question's plan criteria then take their smaller ``tracked_weight``s
(:meth:`Question.weighed <ramaudit.score.base.Question.weighed>`). A plan that records
no run is never read for one, and scores exactly as before.

The score reads the options of the rules it mirrors (RA303's ``stages``, RA305's
``tolerance``, RA309's ``min_evidence``) from the configuration, so it never takes
points for what ``check`` was told not to report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field, replace
from typing import TYPE_CHECKING

from ramaudit.core.findings import Finding
from ramaudit.core.graph import TraceGraph
from ramaudit.core.model import Plan
from ramaudit.core.records import dataclass
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.score.base import (
    CAPPED_BY_FIELD,
    QUESTION_MAX,
    YES_AT,
    Criterion,
    Measure,
    Question,
    ScoreContext,
)
from ramaudit.score.caps import (
    ALL_QUESTIONS,
    CAPPED_BY,
    COUNTED_BY,
    READS,
    Cap,
    caps_from,
    questions_about,
)
from ramaudit.score.registry import QUESTIONS

if TYPE_CHECKING:
    from ramaudit.config.effective import Config
    from ramaudit.core.progress import PlanStatus

# The names this module has always offered, most now declared elsewhere in the package.
__all__ = [
    "ALL_QUESTIONS",
    "CAPPED_BY",
    "CAPPED_BY_FIELD",
    "COUNTED_BY",
    "MEASURES",
    "MODEL",
    "QUESTION_MAX",
    "QUESTION_TITLES",
    "READS",
    "YES_AT",
    "Cap",
    "CriterionScore",
    "QuestionScore",
    "Score",
    "caps_from",
    "compute_score",
    "is_plan_document",
    "questions_about",
]


@dataclass(frozen=True, slots=True)
class CriterionScore:
    """One criterion as measured on one plan."""

    key: str
    title: str
    weight: float
    fraction: float
    evidence: str
    # What falls short, by id (or stage, or link): the work that would raise the points.
    gaps: tuple[str, ...] = ()
    # Why each of ``gaps`` falls short, in the same order ("traces to no goal").
    reasons: tuple[str, ...] = ()

    @classmethod
    def of(
        cls, criterion: Criterion, measure: Measure, weight: float | None = None
    ) -> CriterionScore:
        """``measure`` scored at ``weight`` (the criterion's own when left out)."""
        return cls(
            criterion.key,
            criterion.title,
            criterion.weight if weight is None else weight,
            measure.fraction,
            measure.evidence,
            tuple(g for g, _ in measure.gaps),
            tuple(r for _, r in measure.gaps),
        )

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

    def to_dict(self, *, gaps: bool = False) -> dict[str, object]:
        out: dict[str, object] = {
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
class QuestionScore:
    """One question as answered for one plan."""

    key: str
    title: str
    criteria: tuple[CriterionScore, ...]
    max: int = QUESTION_MAX
    # Error findings of the rules the question declares (``capped_by``) that nothing
    # accepted: while there is one, the answer is "no".
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

    def to_dict(self, *, criteria: bool = True) -> dict[str, object]:
        out: dict[str, object] = {
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
    questions: tuple[QuestionScore, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(q.score for q in self.questions)

    def to_dict(self) -> dict[str, object]:
        return {"total": self.total, "max": 100, "questions": [q.to_dict() for q in self.questions]}

    def capped(self, findings: Iterable[Finding]) -> Score:
        """This score with each question's caps taken from ``findings`` (those still
        reported: a suppressed or baselined finding is not among them)."""
        caps = caps_from(findings)
        return Score(tuple(replace(q, caps=caps.get(q.key, ())) for q in self.questions))


def compute_score(
    plan: Plan,
    graph: TraceGraph,
    vocabulary: Vocabulary,
    config: Config | None = None,
    findings: Iterable[Finding] | None = None,
    status: PlanStatus | Callable[[], PlanStatus] | None = None,
) -> Score:
    """Score ``plan`` on the four fitness questions; every criterion comes with the
    evidence behind it and the ids that fall short, each with the reason. ``config``
    supplies the options of the rules the score mirrors; without it their defaults
    apply. ``findings`` (those still reported after suppressions) cap the answers
    (:mod:`ramaudit.score.caps`); without them nothing is capped. ``status`` is what
    the plan's check-ins and spend say on ``config.as_of`` (the rules' own, or a way to
    compute it when a tracking criterion asks): without it the score computes it, for a
    plan that records its run, with the thresholds of RA501."""
    ctx = ScoreContext.of(plan, graph, vocabulary, config, status)
    _LAST[:] = [ctx]
    caps = caps_from(findings) if findings is not None else {}
    return Score(tuple(answer(q, ctx, caps.get(q.key, ())) for q in QUESTIONS))


# The context of the plan scored last: the ranked fixes of the same plan (its report,
# explain-score --top) start from the facts its criteria asked rather than asking them
# again. Only one is kept, so that memory stays flat over many plans.
_LAST: list[ScoreContext] = []


def context_of(
    plan: Plan, graph: TraceGraph, vocabulary: Vocabulary, config: Config | None = None
) -> ScoreContext:
    """The score context of ``plan`` as :func:`compute_score` made it last, when it
    scored this very plan, graph and configuration; else a new one."""
    options = config.rule_options if config else None
    as_of = config.as_of if config else None
    for ctx in _LAST:
        if (
            ctx.plan is plan
            and ctx.graph is graph
            and ctx.vocabulary is vocabulary
            and ctx.rule_options == options
            and ctx.as_of == as_of
        ):
            return ctx
    return ScoreContext.of(plan, graph, vocabulary, config)


def answer(question: Question, ctx: ScoreContext, caps: tuple[Cap, ...] = ()) -> QuestionScore:
    """``question`` measured on the plan of ``ctx``."""
    return QuestionScore(
        question.key,
        question.title,
        tuple(CriterionScore.of(c, c.measure(ctx), w) for c, w in question.weighed(ctx)),
        question.max,
        caps,
    )


def is_plan_document(data: object) -> bool:
    """Whether loaded YAML is a plan at all: a mapping with a ``plan:`` block. An empty
    file, a list, a scalar or a mapping of something else gets no score, rather than
    the few points a vacuous criterion would give it."""
    return isinstance(data, dict) and "plan" in data


# Views of the registry by name, for readers that predate it: (key, label, ((key,
# title, weight), ...)) per question, how each criterion is measured, each question's
# title.
MODEL: tuple[tuple[str, str, tuple[tuple[str, str, float], ...]], ...] = tuple(
    (q.key, q.label, tuple((c.key, c.title, c.weight) for c in q.criteria)) for q in QUESTIONS
)
MEASURES: dict[str, str] = {c.key: c.how_measured() for q in QUESTIONS for c in q.criteria}
QUESTION_TITLES: dict[str, str] = {q.key: q.title for q in QUESTIONS}

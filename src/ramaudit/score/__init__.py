"""The marketing fitness score: four questions, each a weighted sum of declared
criteria (:mod:`ramaudit.score.base`, one module per question, put in order by
:mod:`ramaudit.score.registry`), capped by the errors that bear on it
(:mod:`ramaudit.score.caps`) and computed by :func:`compute_score`
(:mod:`ramaudit.score.fitness`)."""

from __future__ import annotations

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
from ramaudit.score.fitness import (
    CriterionScore,
    QuestionScore,
    Score,
    compute_score,
    is_plan_document,
)
from ramaudit.score.registry import CRITERIA, QUESTIONS

__all__ = [
    "ALL_QUESTIONS",
    "CAPPED_BY",
    "CAPPED_BY_FIELD",
    "COUNTED_BY",
    "CRITERIA",
    "QUESTIONS",
    "QUESTION_MAX",
    "READS",
    "YES_AT",
    "Cap",
    "Criterion",
    "CriterionScore",
    "Measure",
    "Question",
    "QuestionScore",
    "Score",
    "ScoreContext",
    "caps_from",
    "compute_score",
    "is_plan_document",
    "questions_about",
]

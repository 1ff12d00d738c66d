"""Every fitness question in display order, each with its criteria: the score, the
README's score table and ``explain-score`` all walk this."""

from __future__ import annotations

from ramaudit.score.accountability import ACCOUNTABILITY
from ramaudit.score.base import Criterion, Question
from ramaudit.score.execution import EXECUTION
from ramaudit.score.market import MARKET
from ramaudit.score.process import PROCESS

QUESTIONS: tuple[Question, ...] = (PROCESS, ACCOUNTABILITY, MARKET, EXECUTION)

CRITERIA: tuple[Criterion, ...] = tuple(c for q in QUESTIONS for c in q.criteria)
# The criteria that read the plan's run (check-ins, spend), counted only while they
# apply (``Question.tracking``).
TRACKING: tuple[Criterion, ...] = tuple(c for q in QUESTIONS for c in q.tracking)

ALL_QUESTIONS: tuple[str, ...] = tuple(q.key for q in QUESTIONS)

"""What the reports' progress section shows, apart from how they draw it.

The HTML and Markdown reports read the plan's check-ins and spend through
:func:`ramaudit.api.plan_status_of`: the one :class:`ramaudit.core.progress.PlanStatus`
the rules read too (on the audit's as-of day, with RA501's thresholds as configured),
and the plan's history through :func:`history_of`. The renderers only draw what these
return; nothing here escapes anything.

A run passes a history to the report in ``RenderOptions.extra["history"]``: a mapping
from a plan's path (``AuditResult.path``) to its points, oldest first. Any objects with
the attributes ``day``, ``score``, ``progress`` and ``spent`` will do
(``ramaudit.history.HistoryPoint`` has them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.model import KPI
    from ramaudit.report import RenderOptions


class HistoryPointLike(Protocol):
    """One dated point of a plan's history: its score (0-100), progress (0.0-1.0,
    1.0 at the targets) and money spent, each None when unknown on that day."""

    @property
    def day(self) -> dt.date: ...

    @property
    def score(self) -> float | None: ...

    @property
    def progress(self) -> float | None: ...

    @property
    def spent(self) -> float | None: ...


def history_of(
    result: AuditResult, options: RenderOptions | None
) -> Sequence[HistoryPointLike] | None:
    """The history a run passed for ``result``'s plan (see the module docstring)."""
    if options is None:
        return None
    histories = options.extra.get("history")
    if not isinstance(histories, Mapping):
        return None
    points = histories.get(result.path)
    return list(points) if points else None


def may_record(result: AuditResult | None) -> bool:
    """False when :func:`ramaudit.api.plan_status_of` is sure to give None or a status
    that is not tracked: no KPI has a check-in or an actual, no tactic or campaign
    expenses or spend. Reading the status of 10,000 tactics to learn that took half
    a second of a diff's CPU time, and a report's; this look costs a twentieth."""
    if result is None or result.plan is None or result.score is None:
        return False
    if result.progress is not None:
        return result.progress.tracked
    plan = result.plan
    return (
        any(t.expenses or t.spent is not None for t in plan.tactics)
        or any(c.expenses or c.spent is not None for c in plan.campaigns)
        or any(_read(t.kpis) for t in plan.tactics)
        or any(_read(c.kpis) for c in plan.campaigns)
        or any(_read(o.kpis) for o in plan.objectives)
    )


def _read(kpis: Iterable[KPI]) -> bool:
    return any(kpi.checkins or kpi.actual is not None for kpi in kpis)

"""How progress and spend moved between two versions of a plan.

A plan that records its run (check-ins on its KPIs, spend on its tactics and
campaigns: :attr:`ramaudit.core.progress.PlanStatus.tracked`) changes between two
versions in more than its findings: a key result moves from 30% to 45% of the way to
its target, from on track to at risk; a tactic's spend grows. :func:`movement` reads
each version on its own as-of day (the day its audit was configured with, else today)
and pairs what the two say, key result by key result and item by item.

A key result is known across versions by its owner's id, its metric and, when an owner
measures one metric twice, which of those it is; a tactic or campaign by its id. Only
key results with a reading in either version are listed (the others have nothing to
move), and only items with spend recorded in either version.

``diff`` reads the older version of ``--since REV`` on the day of REV's commit, never
later than the newer version's day: see :func:`ramaudit.comparison.diff_since`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.progress import KeyResultStatus, PlanStatus, SpendStatus


@dataclass(frozen=True, slots=True)
class KeyResultMove:
    """One key result (a KPI of an objective, campaign or tactic) in both versions;
    a side whose state is None did not have it."""

    owner: str  # the id of the objective, campaign or tactic that owns the KPI
    kind: str  # objective | campaign | tactic
    metric: str
    old_progress: float | None
    new_progress: float | None
    old_expected: float | None
    new_expected: float | None
    old_state: str | None
    new_state: str | None

    @property
    def delta(self) -> float | None:
        if self.old_progress is None or self.new_progress is None:
            return None
        return self.new_progress - self.old_progress

    @property
    def moved(self) -> bool:
        return (self.old_progress, self.old_state) != (self.new_progress, self.new_state)

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "kind": self.kind,
            "metric": self.metric,
            "progress": {
                "old": self.old_progress,
                "new": self.new_progress,
                "delta": _rounded(self.delta),
            },
            "expected": {"old": self.old_expected, "new": self.new_expected},
            "state": {"old": self.old_state, "new": self.new_state},
        }


@dataclass(frozen=True, slots=True)
class SpendMove:
    """One tactic's or campaign's spend in both versions (None: none recorded, or the
    item is not in that version)."""

    item: str
    kind: str  # tactic | campaign
    old_spent: float | None
    new_spent: float | None
    old_budget: float | None
    new_budget: float | None

    @property
    def delta(self) -> float | None:
        if self.old_spent is None and self.new_spent is None:
            return None
        return (self.new_spent or 0.0) - (self.old_spent or 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "kind": self.kind,
            "spent": {"old": self.old_spent, "new": self.new_spent, "delta": self.delta},
            "budget": {"old": self.old_budget, "new": self.new_budget},
        }


@dataclass(frozen=True, slots=True)
class Totals:
    """One version's money on its as-of day: the budget of its tactics and campaigns,
    what was spent, and what was spent on random acts (items tracing to no goal)."""

    budget: float
    spent: float | None  # None: the version records no spend
    ram_spent: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"budget": self.budget, "spent": self.spent, "ram_spent": self.ram_spent}


@dataclass(frozen=True, slots=True)
class Movement:
    """Progress and spend of two versions of a plan, each read on its own day; a side
    that is None is a version that is not there (a plan added or removed)."""

    old_as_of: dt.date | None
    new_as_of: dt.date | None
    currency: str
    key_results: tuple[KeyResultMove, ...]
    spend: tuple[SpendMove, ...]
    old: Totals | None
    new: Totals | None

    def spent_delta(self) -> float | None:
        return _delta(self.old.spent if self.old else None, self.new.spent if self.new else None)

    def ram_delta(self) -> float | None:
        old = self.old.ram_spent if self.old else None
        return _delta(old, self.new.ram_spent if self.new else None)

    @property
    def moved(self) -> bool:
        """Whether anything moved: a key result's progress or state, or any spend."""
        return any(k.moved for k in self.key_results) or any(s.delta for s in self.spend)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": {"old": _day(self.old_as_of), "new": _day(self.new_as_of)},
            "currency": self.currency,
            "key_results": [k.to_dict() for k in self.key_results],
            "spend": [s.to_dict() for s in self.spend],
            "totals": {
                "old": self.old.to_dict() if self.old else None,
                "new": self.new.to_dict() if self.new else None,
                "spent_delta": self.spent_delta(),
                "ram_spent_delta": self.ram_delta(),
            },
        }


def _rounded(value: float | None) -> float | None:
    """A difference of two shares without the float noise of the subtraction."""
    return None if value is None else round(value, 6)


def _delta(old: float | None, new: float | None) -> float | None:
    if old is None and new is None:
        return None
    return (new or 0.0) - (old or 0.0)


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --------------------------------------------------------------------------- reading


def movement(old: AuditResult | None, new: AuditResult | None) -> Movement | None:
    """The movement between two audited versions, or None when neither records any
    progress or spend (then the diff is what it always was)."""
    from ramaudit.api import plan_status_of
    from ramaudit.report.progress_content import may_record

    if not (may_record(old) or may_record(new)):
        return None  # neither status can be tracked: reading them would show nothing
    was = plan_status_of(old) if old is not None else None
    now = plan_status_of(new) if new is not None else None
    if not ((was is not None and was.tracked) or (now is not None and now.tracked)):
        return None
    shown = new if now is not None else old
    plan = shown.plan if shown is not None else None
    return Movement(
        was.as_of if was else None,
        now.as_of if now else None,
        plan.currency if plan is not None else "",
        _key_result_moves(was, now),
        _spend_moves(was, now),
        _totals(was),
        _totals(now),
    )


def _totals(status: PlanStatus | None) -> Totals | None:
    if status is None:
        return None
    if not status.tracks_spend:
        return Totals(status.budget, None, None)
    return Totals(status.budget, status.spent, status.ram_spent)


KeyResultKey = tuple[str, str, int]


def _keyed_results(status: PlanStatus | None) -> dict[KeyResultKey, KeyResultStatus]:
    out: dict[KeyResultKey, KeyResultStatus] = {}
    if status is None:
        return out
    seen: dict[tuple[str, str], int] = {}
    for kr in status.key_results:
        name = (kr.owner.id, kr.kpi.metric)
        n = seen.get(name, 0)
        seen[name] = n + 1
        out[(*name, n)] = kr
    return out


def _key_result_moves(was: PlanStatus | None, now: PlanStatus | None) -> tuple[KeyResultMove, ...]:
    from ramaudit.core.model import kind_of

    before, after = _keyed_results(was), _keyed_results(now)
    moves: list[KeyResultMove] = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if (old is None or old.latest is None) and (new is None or new.latest is None):
            continue  # read in neither version: nothing moved
        either = new if new is not None else old
        assert either is not None
        moves.append(
            KeyResultMove(
                key[0],
                kind_of(either.owner),
                key[1],
                old.progress if old else None,
                new.progress if new else None,
                old.expected if old else None,
                new.expected if new else None,
                old.state.value if old else None,
                new.state.value if new else None,
            )
        )
    return tuple(moves)


def _spend_moves(was: PlanStatus | None, now: PlanStatus | None) -> tuple[SpendMove, ...]:
    from ramaudit.core.model import kind_of

    def keyed(status: PlanStatus | None) -> dict[str, SpendStatus]:
        out: dict[str, SpendStatus] = {}
        for s in status.spend if status is not None else ():
            out.setdefault(s.item.id, s)
        return out

    before, after = keyed(was), keyed(now)
    moves: list[SpendMove] = []
    for item_id in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(item_id), after.get(item_id)
        if (old is None or old.spent is None) and (new is None or new.spent is None):
            continue
        either = new if new is not None else old
        assert either is not None
        moves.append(
            SpendMove(
                item_id,
                kind_of(either.item),
                old.spent if old else None,
                new.spent if new else None,
                old.budget if old else None,
                new.budget if new else None,
            )
        )
    return tuple(moves)


__all__ = ["KeyResultMove", "Movement", "SpendMove", "Totals", "movement"]

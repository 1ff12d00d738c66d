"""``ramaudit status --format json``: the status contract (version 1).

The shape is documented by ``src/ramaudit/data/status.schema.json``; within a version
keys may be added, never renamed or removed. Shares are fractions (0.43, not 43%),
money is in the plan's currency, days are ISO dates. A confidential KPI's target,
readings and costs per result are never written: ``target`` and
``latest`` are null and ``confidential`` is true.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ramaudit import __version__
from ramaudit.core.model import kind_of
from ramaudit.report import RenderOptions
from ramaudit.report.escape import json_text
from ramaudit.report.status_words import day, hidden, shown_costs, worst
from ramaudit.rollup import status_cascade

if TYPE_CHECKING:
    from ramaudit.api import StatusResult
    from ramaudit.core.progress import (
        CostPerResult,
        GoalStatus,
        KeyResultStatus,
        ObjectiveStatus,
        SpendStatus,
    )
    from ramaudit.rollup import Cascade, Figures

STATUS_JSON_VERSION = 1


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def key_result(kr: KeyResultStatus) -> dict[str, Any]:
    secret = hidden(kr)
    latest = kr.latest
    return {
        "owner": kr.owner.id,
        "owner_kind": kind_of(kr.owner),
        "metric": kr.kpi.metric,
        "unit": kr.kpi.unit,
        "confidential": secret,
        "baseline": kr.baseline,
        "target": None if secret else kr.target,
        "latest": None if secret or latest is None else latest.value,
        "latest_date": day(latest.day) if latest is not None else None,
        "progress": _share(kr.progress),
        "expected": _share(kr.expected),
        "state": kr.state.value,
        "confidence": kr.confidence,
        "age_days": kr.age_days,
        "start": day(kr.start),
        "deadline": day(kr.end),
        "commitment": kr.commitment,
        "grade": kr.grade,
        "checkins": len(kr.readings),
    }


def objective(o: ObjectiveStatus, at: dict[int, int]) -> dict[str, Any]:
    """``at``: each key result's position in the plan's list, by identity (made once
    a plan: made once an objective, it made the output quadratic in the plan's size)."""
    return {
        "id": o.objective.id,
        "name": o.objective.name,
        "progress": _share(o.progress),
        "expected": _share(o.expected),
        "state": o.state.value if o.state is not None else None,
        "grade": _share(o.grade),
        "spent": _money(o.spent),
        "budget": _money(o.budget),
        # Positions in the plan's "key_results" list (metrics may repeat).
        "key_results": [at[id(k)] for k in o.key_results],
    }


def goal(g: GoalStatus) -> dict[str, Any]:
    return {
        "id": g.goal.id,
        "name": g.goal.name,
        "progress": _share(g.progress),
        "expected": _share(g.expected),
        "state": g.state.value if g.state is not None else None,
        "objectives": [o.objective.id for o in g.objectives],
    }


def spend(s: SpendStatus, random_acts: frozenset[str]) -> dict[str, Any]:
    return {
        "id": s.item.id,
        "kind": kind_of(s.item),
        "name": s.item.name,
        "budget": _money(s.budget),
        "spent": _money(s.spent),
        "share": _share(s.share),
        "phased": _money(s.phased),
        "phased_total": _money(s.phased_total),
        "over_budget": _money(s.over_budget),
        "ahead_of_phasing": _money(s.ahead_of_phasing),
        "random_act": s.item.id in random_acts,
        "start": day(s.start),
        "end": day(s.end),
    }


def cost(c: CostPerResult) -> dict[str, Any]:
    return {
        "owner": c.item.id,
        "owner_kind": kind_of(c.item),
        "metric": c.kpi.metric,
        "spent": _money(c.spent),
        "results": c.results,
        "cost_per_result": _money(c.cost),
        "return": _share(c.ratio),
    }


def plan_entry(result: StatusResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "path": result.path,
        "plan": result.audit.plan_name,
        "error": result.audit.error,
        "read": result.status is not None,
        "currency": result.currency,
        "as_of": result.as_of.isoformat(),
    }
    status = result.status
    if status is None:
        return entry
    state = worst(status)
    at = {id(k): i for i, k in enumerate(status.key_results)}
    random_acts = frozenset(status.ram_items)
    entry.update(
        tracked=status.tracked,
        tracks_progress=status.tracks_progress,
        tracks_spend=status.tracks_spend,
        state=state.value if state is not None else None,
        goals=[goal(g) for g in status.goals],
        objectives=[objective(o, at) for o in status.objectives],
        key_results=[key_result(k) for k in status.key_results],
        spend=[spend(s, random_acts) for s in status.spend],
        costs=[cost(c) for c in shown_costs(status)],
        totals={
            "plan_budget": _money(result.plan_budget),
            "budget": _money(status.budget),
            "spent": _money(status.spent),
            "ram_spent": _money(status.ram_spent),
            "ram_items": list(status.ram_items),
        },
    )
    return entry


def document(results: Sequence[StatusResult]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for r in results:
        for k in r.status.key_results if r.status is not None else ():
            counts[k.state.value] = counts.get(k.state.value, 0) + 1
    doc: dict[str, Any] = {
        "version": STATUS_JSON_VERSION,
        "tool": {"name": "ramaudit", "version": __version__},
        "plans": [plan_entry(r) for r in results],
        "summary": {
            "plans": len(results),
            "unread": sum(1 for r in results if r.status is None),
            "key_results": counts,
        },
    }
    rolled = status_cascade(results)
    if rolled is not None:  # only when the files form a cascade: else as before
        doc["cascade"] = cascade_entry(rolled)
    return doc


def figures(f: Figures) -> dict[str, Any]:
    """A roll-up: money per currency, the mean score and progress (see rollup.py)."""
    p = f.progress
    return {
        "files": f.files,
        "score": _share(f.score),
        "scored": f.scored,
        "progress": _share(p.progress),
        "expected": _share(p.expected),
        "state": p.state.value if p.state is not None else None,
        "money": [m.to_dict() for m in f.money],
    }


def cascade_entry(c: Cascade) -> dict[str, Any]:
    return {
        "roots": list(c.roots),
        "loops": [list(loop) for loop in c.loops],
        "nodes": [
            {
                "path": n.key,
                "plan_id": n.plan_id,
                "plan": n.name,
                "team": n.team,
                "parents": list(n.parents),
                "missing_parents": list(n.missing_parents),
                "depth": n.depth,
                "in_loop": n.in_loop,
                "subtree_files": list(n.below),
                "own": figures(n.own),
                "subtree": figures(n.subtree),
            }
            for n in c.nodes.values()
        ],
        "teams": [
            {"team": t.name, "files": list(t.files), "rollup": figures(t.figures)} for t in c.teams
        ],
        "total": figures(c.total),
    }


def render(results: Sequence[StatusResult], options: RenderOptions) -> str:
    return json_text(document(results), default=str)

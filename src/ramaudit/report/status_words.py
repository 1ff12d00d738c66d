"""What every format of ``ramaudit status`` says the same way: states in words, shares
as percentages, the age of a check-in, and which numbers a confidential KPI hides.

Nothing here computes progress or spend (that is :mod:`ramaudit.core.progress`, read
once per plan); these only word what it found. Nothing here escapes plan text either:
each renderer escapes for its own syntax. No rich import, so the JSON format never
loads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ramaudit.core.progress import State
from ramaudit.core.wording import money
from ramaudit.report.targets import CONFIDENTIAL, number, target_text

if TYPE_CHECKING:
    from ramaudit.api import StatusResult
    from ramaudit.core.progress import (
        CostPerResult,
        KeyResultStatus,
        ObjectiveStatus,
        PlanStatus,
        SpendStatus,
    )
    from ramaudit.rollup import Figures

# ``--fail-on`` of status: the least bad state that fails the run (exit 1).
FAIL_STATES = {"off-track": State.OFF_TRACK, "at-risk": State.AT_RISK}

NOTHING_TRACKED = "no check-ins or spend recorded yet: nothing to track"
LEGEND = "bars: █ done so far, │ where it should be by now (the share of time gone)"


def percent(share: float | None) -> str:
    """``43%``; ``-5%`` for a metric that moved the wrong way; ``-`` when unknown."""
    return "-" if share is None else f"{share * 100:.0f}%"


def age(days: int | None) -> str:
    """How old a check-in is, in words."""
    if days is None:
        return "undated"
    if days <= 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days:,} days ago"


def recorded(status: PlanStatus) -> bool:
    """Whether anything was read or spent by the as-of day: a plan whose check-ins and
    expenses all come later reads, on that day, like a plan with none."""
    if not status.tracked:
        return False
    return any(k.latest is not None for k in status.key_results) or any(
        s.spent for s in status.spend
    )


def worst(status: PlanStatus) -> State | None:
    """The worst state of any key result that has something to judge."""
    states = [k.state for k in status.key_results]
    return max(states, key=lambda s: s.rank) if states else None


def fails(results: list[StatusResult], fail_on: str) -> bool:
    """Whether some key result of ``results`` is at the ``fail_on`` state or worse."""
    least = FAIL_STATES.get(fail_on)
    if least is None:
        return False
    return any(
        k.state.rank >= least.rank
        for r in results
        if r.status is not None
        for k in r.status.key_results
    )


def hidden(kr: KeyResultStatus) -> bool:
    """A confidential KPI: neither its target nor its readings may be shown."""
    return bool(kr.kpi.confidential)


def target_shown(kr: KeyResultStatus) -> str | None:
    return target_text(kr.kpi)


def value(kr: KeyResultStatus, amount: float | None) -> str | None:
    """A reading or a baseline as shown: ``52``, ``88.5%``."""
    if amount is None:
        return None
    return number(amount) + ("%" if kr.kpi.unit == "%" else "")


def latest_shown(kr: KeyResultStatus) -> str | None:
    """The latest reading, or ``confidential``; None when there is none."""
    if kr.latest is None:
        return None
    return CONFIDENTIAL if hidden(kr) else value(kr, kr.latest.value)


def span(kr: KeyResultStatus) -> str:
    """``0 → 120``: from the baseline to the target, as far as either is shown."""
    start = value(kr, kr.baseline) or "?"
    return f"{start} → {target_shown(kr) or '?'}"


def shown_costs(status: PlanStatus) -> Iterator[CostPerResult]:
    """The costs per result a report may show: none of a confidential KPI, whose
    results (and so its actual) they would give away."""
    return (c for c in status.costs if not c.kpi.confidential)


def cost_text(c: CostPerResult, currency: str) -> str:
    """``317 USD each``; for a revenue KPI its return, ``return 1.09 per USD spent``."""
    if c.revenue:
        if c.ratio is None:
            return "no revenue yet"
        return f"return {c.ratio:,.2f} per {currency} spent"
    each = c.cost
    if each is None:
        return "no results yet"
    # Under ten, the cents matter (a cost per click); above, whole units read better.
    return f"{each:,.2f} {currency} each" if each < 10 else money(each, currency) + " each"


def objectives_outside_goals(status: PlanStatus) -> list[ObjectiveStatus]:
    """Objectives that no goal's entry lists (child objectives, objectives serving no
    goal), so that every objective is shown once."""
    listed = {id(o) for g in status.goals for o in g.objectives}
    return [o for o in status.objectives if id(o) not in listed]


def owned(status: PlanStatus, owner: object) -> list[KeyResultStatus]:
    """The key results of one objective, tactic or campaign."""
    return status.key_results_of(owner)


def random_act(status: PlanStatus, s: SpendStatus) -> bool:
    return status.is_random_act(s.item.id)


def phasing_note(s: SpendStatus, currency: str) -> str | None:
    """Spend against the phasing to date: ``phased to date 12,286 USD: 4,214 ahead``."""
    if s.phased is None:
        return None
    text = f"phased to date {money(s.phased, currency)}"
    if s.ahead_of_phasing > 0:
        return f"{text}: {money(s.ahead_of_phasing, currency)} ahead"
    if s.spent is not None and s.spent < s.phased:
        return f"{text}: {money(s.phased - s.spent, currency)} behind"
    return text


# ``status`` over the files of a cascade (issue 13): its roll-up's heading and money.
CASCADE_HEAD = "Cascade: progress and spend of each plan with the plans below it"


def cascade_money(f: Figures) -> list[str]:
    """A roll-up's files, spend and random-act spend, per currency, in words (raw)."""
    parts = [f"{f.files:,} file{'s' * (f.files != 1)}"]
    for m in f.money:
        spent = f"spent {money(m.spent, m.currency)}" if m.spent is not None else "nothing spent"
        parts.append(f"{spent} of {money(m.budget, m.currency)} budget")
        if m.ram_spent or m.ram_budget:
            ram = money(m.ram_spent or 0, m.currency)
            parts.append(f"random acts spent {ram} of {money(m.ram_budget, m.currency)}")
    return parts


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


__all__ = [
    "CASCADE_HEAD",
    "FAIL_STATES",
    "LEGEND",
    "NOTHING_TRACKED",
    "age",
    "cascade_money",
    "cost_text",
    "day",
    "fails",
    "hidden",
    "latest_shown",
    "objectives_outside_goals",
    "owned",
    "percent",
    "phasing_note",
    "random_act",
    "recorded",
    "shown_costs",
    "span",
    "target_shown",
    "value",
    "worst",
]

"""How every report shows a KPI's target, baseline and deadline: one wording, so that
no output shows a confidential number another one hides.

- a confidential target is ``confidential``, whatever number sits beside it: the
  number is never returned, so no renderer can print it (nor a change of it: two
  confidential targets read alike);
- a target written as a change, growth or a rate shows as written, with the numbers
  it means once the baseline is known: ``+20% (1,000 → 1,200)``;
- a placeholder is ``not decided (TBD)``;
- a plain number is the number.

Nothing here escapes anything: a target as written is plan text, escaped by each
renderer for its own syntax.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ramaudit.core.model import KPI

CONFIDENTIAL = "confidential"


def written_in_words(kpi: KPI) -> bool:
    """A KPI format 2 wrote in words: a target as a change, growth, a rate or
    confidential, a placeholder, or a deadline naming a milestone."""
    return bool(
        kpi.target_form is not None
        or kpi.confidential
        or kpi.undecided
        or kpi.deadline_milestone is not None
    )


def number(value: float) -> str:
    """``1,200``; ``12.5``: whole numbers without a fraction, others as written."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def resolved(value: float) -> str:
    """A number a change works out to (+5% a month for ten months): whole units from
    100 up, else at most two decimals."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def not_decided(written: str) -> str:
    return f"not decided ({written})"


def target_text(kpi: KPI) -> str | None:
    """The KPI's target as a report shows it; None when it has none."""
    if kpi.confidential:
        return CONFIDENTIAL
    placeholder = kpi.undecided.get("target")
    if placeholder is not None:
        return not_decided(placeholder)
    form = kpi.target_form
    if form is not None and form.kind != "absolute":
        if form.kind == "confidential":  # pragma: no cover - the model marks it confidential
            return CONFIDENTIAL
        if form.relative and kpi.baseline is not None and kpi.target is not None:
            return f"{form.written} ({number(kpi.baseline)} → {resolved(kpi.target)})"
        return form.written
    if kpi.target is None:
        return None
    return number(kpi.target) + ("%" if kpi.unit == "%" else "")


def baseline_text(kpi: KPI) -> str | None:
    """The KPI's baseline as a report shows it; None when it has none."""
    placeholder = kpi.undecided.get("baseline")
    if placeholder is not None:
        return not_decided(placeholder)
    if kpi.baseline is None:
        return None
    return number(kpi.baseline) + ("%" if kpi.unit == "%" else "")


def deadline_text(kpi: KPI) -> str | None:
    """The KPI's deadline as a report shows it: a day, the milestone it names, or not
    decided; None when it has none."""
    placeholder = kpi.undecided.get("deadline")
    if placeholder is not None:
        return not_decided(placeholder)
    if kpi.deadline_milestone is not None:
        return f"at milestone {kpi.deadline_milestone}"
    if isinstance(kpi.deadline, dt.date):
        return kpi.deadline.isoformat()
    return None


def kpi_line(kpi: KPI) -> str:
    """``metric: target +20% (1,000 → 1,200), deadline 2027-09-30``: one KPI for a
    list in a report."""
    parts = []
    for name, text in (
        ("target", target_text(kpi)),
        ("baseline", baseline_text(kpi)),
        ("deadline", deadline_text(kpi)),
    ):
        if text is not None:
            parts.append(f"{name} {text}")
    return kpi.metric + (f": {', '.join(parts)}" if parts else "")

"""The Markdown report's progress section: the HTML pictures as tables, and the
tactics as a Mermaid ``gantt`` for pull-request comments.

Plan text is escaped for Markdown by :func:`ramaudit.report.mdtext.md` and for the
gantt by :func:`gantt_text`. Mermaid's gantt grammar ends a task's text at ``:``, ``;``,
``#`` or a line break, reads ``%%`` as a comment and a line that starts with a keyword
(``title``, ``section``, ``click``...) as that statement; so those characters are
written as their full-width forms, and a name that starts with a keyword or a digit is
put in quotation marks. Task ids are generated (``t1``, ``t2``), never plan ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.core.progress import KeyResultStatus, PlanStatus
from ramaudit.core.wording import money
from ramaudit.report.escape import shown
from ramaudit.report.mdtext import code, md
from ramaudit.report.progress_svg import (
    MAX_HISTORY_ROWS,
    MAX_KEY_RESULTS,
    MAX_TACTICS,
    grouping,
    percent,
    spend_rows,
    spend_sentence,
    state_text,
    tactic_groups,
    values_text,
)

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.model import Plan
    from ramaudit.report import RenderOptions
    from ramaudit.report.progress_content import HistoryPointLike

# What would end or change a gantt task's text, and the look-alike written instead.
_GANTT = str.maketrans({":": "：", ";": "；", "#": "＃", "%": "％", "`": "｀"})
# Statements of the gantt grammar (matched case-insensitively at a line's start).
_KEYWORDS = re.compile(
    r"(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|"
    r"excludes|todaymarker|weekday|title|acctitle|accdescr|accdescription|section|"
    r"click|href|call|\d)",
    re.I,
)


def gantt_text(value: object, limit: int = 80) -> str:
    """Plan text for a gantt task's or section's name, on one line."""
    flat = " ".join(shown(value).split()).translate(_GANTT)
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    if _KEYWORDS.match(flat) or not flat:
        flat = f"“{flat}”"
    return flat


def bar(progress: float | None, expected: float | None, width: int = 20) -> str:
    """``█████░░░│░░░░``: progress filled, ``│`` at the share of time gone."""
    if progress is None:
        cells = ["░"] * width
    else:
        held = min(1.0, max(0.0, progress)) if progress == progress else 0.0
        filled = round(width * held)
        cells = ["█"] * filled + ["░"] * (width - filled)
    if expected is not None:
        cells.insert(min(width, round(width * expected)), "│")
    return "".join(cells)


def _kr_row(kr: KeyResultStatus) -> str:
    name = kr.owner.name or kr.owner.id
    return (
        f"| {md(kr.kpi.metric)} | {code(kr.owner.id, cell=True)} {md(name)} | "
        f"`{bar(kr.progress, kr.expected)}` | {md(state_text(kr))} | {md(values_text(kr))} |"
    )


def key_results(status: PlanStatus, h: str) -> list[str]:
    out = [
        f"{h}# Key results",
        "",
        "Each bar runs from the baseline to the target; `│` marks the share of time gone.",
        "",
        "| Key result | Of | Progress | State | Values |",
        "|---|---|---|---|---|",
    ]
    out += [_kr_row(kr) for kr in status.key_results[:MAX_KEY_RESULTS]]
    left = len(status.key_results) - MAX_KEY_RESULTS
    if left > 0:
        out += ["", f"{left} more key results are not listed."]
    return [*out, ""]


def spend(status: PlanStatus, currency: str, h: str) -> list[str]:
    rows = spend_rows(status)
    out = [f"{h}# Spend against budget and phasing", "", md(spend_sentence(status, currency)), ""]
    if not rows:
        return out
    out += [
        "| Item | Budget | Spent | Of budget | Phased to date | Over budget |",
        "|---|---:|---:|---:|---:|---:|",
    ]

    def amount(value: float | None) -> str:
        return md(money(value, currency)) if value is not None else "—"

    for s in rows:
        used = percent(s.share) if s.share is not None else "—"
        over = amount(s.over_budget) if s.over_budget else "—"
        name = s.item.name or s.item.id
        out.append(
            f"| {code(s.item.id, cell=True)} {md(name)} | {amount(s.budget)} | "
            f"{amount(s.spent)} | {used} | {amount(s.phased)} | {over} |"
        )
    return [*out, ""]


def gantt(status: PlanStatus, plan: Plan) -> str:
    """The tactics with a start or an end as Mermaid gantt source (no fence)."""
    lines = [
        "gantt",
        f"  title Tactics by {grouping(plan)}",
        "  dateFormat YYYY-MM-DD",
        "  axisFormat %Y-%m-%d",
        "  inclusiveEndDates",
        "  todayMarker off",
    ]
    period = plan.info.period if plan.info is not None else None
    n = 0
    for name, rows in tactic_groups(status, plan):
        tasks = []
        for s in rows:
            start = s.start or (period.start if period else None)
            end = s.end or (period.end if period else None)
            if start is None or end is None or end < start:
                continue
            n += 1
            state = s.item.status
            tag = {"done": "done, ", "active": "active, "}.get(state or "", "")
            label = gantt_text(s.item.name or s.item.id) + (f" ({state})" if state else "")
            tasks.append(f"    {label} :{tag}t{n}, {start.isoformat()}, {end.isoformat()}")
        if tasks:
            lines.append(f"  section {gantt_text(name)}")
            lines += tasks
    day = status.as_of.isoformat()
    lines += ["  section As of", f"    As of {day} :milestone, asof, {day}, 0d"]
    return "\n".join(lines) + "\n"


def timeline(status: PlanStatus, plan: Plan, h: str) -> list[str]:
    groups = tactic_groups(status, plan)
    if not groups:
        return []
    out = [f"{h}# Tactics by {grouping(plan)}", "", "```mermaid", gantt(status, plan).rstrip()]
    out += ["```", ""]
    undated = [s for _, rows in groups for s in rows if s.start is None and s.end is None]
    if undated:
        names = ", ".join(md(s.item.name or s.item.id) for s in undated)
        out += [f"Not drawn, with no start or end: {names}.", ""]
    if sum(len(r) for _, r in groups) >= MAX_TACTICS:
        out += [f"The first {MAX_TACTICS} tactics are drawn.", ""]
    return out


def history(points: Sequence[HistoryPointLike], currency: str, h: str) -> list[str]:
    rows = sorted(points, key=lambda p: p.day)[-MAX_HISTORY_ROWS:]
    out = [f"{h}# History", "", "| Day | Score | Progress | Spent |", "|---|---:|---:|---:|"]
    for p in rows:
        score = f"{p.score:.0f}" if p.score is not None else "—"
        progress = percent(p.progress) if p.progress is not None else "—"
        spent = md(money(p.spent, currency)) if p.spent is not None else "—"
        out.append(f"| {p.day.isoformat()} | {score} | {progress} | {spent} |")
    return [*out, ""]


def section(
    status: PlanStatus | None,
    plan: Plan | None,
    points: Sequence[HistoryPointLike] | None,
    h: str,
) -> list[str]:
    """The progress section's lines, or none for a plan that tracks nothing and has no
    history."""
    if status is None or plan is None or not (status.tracked or points):
        return []
    currency = plan.info.currency if plan.info is not None else ""
    out = [f"{h} Progress on {status.as_of.isoformat()}", ""]
    if status.key_results and status.tracks_progress:
        out += key_results(status, h)
    if status.tracks_spend or any(s.item.phases for s in status.spend):
        out += spend(status, currency, h)
    out += timeline(status, plan, h)
    if points:
        out += history(points, currency, h)
    return out


def progress_lines(result: AuditResult, h: str, options: RenderOptions | None) -> list[str]:
    """The Markdown report's progress section for ``result`` ([] when it tracks
    nothing)."""
    from ramaudit.api import plan_status_of
    from ramaudit.report.progress_content import history_of, may_record

    points = history_of(result, options)
    if points is None and not may_record(result):
        return []  # section() would say so after reading the whole status
    return section(plan_status_of(result), result.plan, points, h)

"""Renderers for ``ramaudit history``: rich text (:mod:`ramaudit.report.history_text`),
JSON and Markdown. They read a :class:`ramaudit.history.PlanHistory` and run no
analysis.

Commit subjects and paths are text someone typed, as plan text is: the text output
shows them through :func:`~ramaudit.report.escape.shown`, the Markdown through
:func:`~ramaudit.report.mdtext.md` and :func:`~ramaudit.report.mdtext.code`, the JSON
through :func:`~ramaudit.report.escape.json_text`.

The JSON document keeps one shape whatever the plan: every point has every key, null
where the value is not known for that version."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ramaudit import __version__
from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report.escape import json_text
from ramaudit.report.mdtext import code, md

if TYPE_CHECKING:
    from ramaudit.history import HistoryPoint, PlanHistory

HISTORY_JSON_VERSION = 1


def render_text(history: PlanHistory, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The history for people (:mod:`ramaudit.report.history_text`, which imports rich)."""
    from ramaudit.report.history_text import render

    return render(history, options)


# --------------------------------------------------------------------------- shared


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def amount(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def progress_text(p: HistoryPoint) -> str:
    """``30% (34%)``: the progress, and what the calendar expected in brackets."""
    if p.progress is None:
        return "—"
    return f"{percent(p.progress)} ({percent(p.expected)})"


def currency_of(points: Sequence[HistoryPoint]) -> str | None:
    """The one currency every version is written in, or None when they differ (then
    each amount names its own)."""
    found = {p.currency for p in points if p.currency is not None}
    return found.pop() if len(found) == 1 else None


def money_pair(spent: float | None, of: float | None, currency: str | None) -> str:
    """``200 / 1,500`` (with the currency when the versions do not share one), raw:
    the currency is plan text, escaped by the caller."""
    if spent is None and of is None:
        return "—"
    text = f"{amount(spent)} / {amount(of)}"
    return f"{text} {currency}" if currency else text


def heading(history: PlanHistory) -> str:
    """``plans/plan.yaml: 4 versions, 2027-01-02 to 2027-02-28``, raw."""
    n = len(history.points)
    if not n:
        after = f" after {history.since}" if history.since else ""
        return f"{history.path}: no commit{after} changed it"
    first, last = history.points[0].day, history.points[-1].day
    span = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    noun = "version" if n == 1 else "versions"
    after = f" after {history.since}" if history.since else ""
    return f"{history.path}: {n} {noun}{after}, {span}"


# The key under the table, in words.
PROGRESS_NOTE = (
    "Progress: the mean of the key results read on the commit's day, with what the "
    "calendar expected by then in brackets."
)


def money_note(currency: str | None) -> str:
    unit = f" ({currency})" if currency else ""
    return (
        f"Spent / budget{unit}: recorded as spent by then, against the budget of the "
        "tactics and campaigns. RAM: spent on random acts / the budget they carry."
    )


# --------------------------------------------------------------------------- JSON


def document(history: PlanHistory) -> dict[str, Any]:
    points = history.points
    scores = [p.score for p in points if p.score is not None]
    return {
        "version": HISTORY_JSON_VERSION,
        "tool": {"name": "ramaudit", "version": __version__},
        "plan": history.path,
        "since": history.since,
        "max_count": history.max_count,
        "points": [p.to_dict() for p in points],
        "summary": {
            "versions": len(points),
            "first": points[0].day.isoformat() if points else None,
            "last": points[-1].day.isoformat() if points else None,
            "score": {
                "first": scores[0] if scores else None,
                "last": scores[-1] if scores else None,
                "delta": scores[-1] - scores[0] if scores else None,
            },
        },
    }


def render_json(history: PlanHistory, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return json_text(document(history))


# --------------------------------------------------------------------------- Markdown


def render_markdown(history: PlanHistory, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    out = [f"## ramaudit: history of {code(history.path)}", ""]
    if not history.points:
        return "\n".join([*out, md(heading(history)) + ".", ""])
    currency = currency_of(history.points)
    unit = f" ({md(currency)})" if currency else ""
    out += [
        md(heading(history)),
        "",
        f"| Date | Commit | Score | Progress | Expected | Spent{unit} | Budget{unit} "
        f"| RAM spent{unit} | RAM planned{unit} | Subject |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    out += [_row(p, currency) for p in history.points]
    out += ["", md(PROGRESS_NOTE), "", md(money_note(None)), ""]
    out += [f"<sub>ramaudit {__version__}</sub>", ""]
    return "\n".join(out)


def _row(p: HistoryPoint, currency: str | None) -> str:
    def money(value: float | None) -> str:
        text = amount(value)
        return text if currency or value is None else f"{text} {md(p.currency or '')}".strip()

    subject = md(p.subject) if p.error is None else f"{md(p.subject)} ({md(p.error)})"
    return (
        f"| {p.day.isoformat()} | {code(p.commit, cell=True)} | {score_text(p.score)} "
        f"| {percent(p.progress)} | {percent(p.expected)} | {money(p.spent)} "
        f"| {money(p.budget)} | {money(p.ram_spent)} | {money(p.ram_planned)} | {subject} |"
    )

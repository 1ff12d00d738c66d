"""``ramaudit explain-score PLAN``: the fitness score taken apart.

Each of the four questions is shown with every criterion behind it: its weight, how
much of it the plan meets, the points that earns, the evidence measured on the plan,
and the items that fall short (the work that would raise the score). The library
functions here only read an :class:`~ramaudit.api.AuditResult`; the CLI picks one.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ramaudit.score import QUESTION_MAX, YES_AT, CriterionScore, QuestionScore, Score

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ramaudit.api import AuditResult
    from ramaudit.report import RenderOptions

# How many ids a text cell lists before it says "and N more".
_SHOWN_GAPS = 6


class CannotScore(Exception):
    """The file has no score: it could not be read, is not valid YAML, or is not a plan."""


def check_scored(result: AuditResult) -> Score:
    """``result``'s score; :class:`CannotScore` with a ``file:line:col`` message when
    it has none."""
    if result.error:
        raise CannotScore(result.error)
    d = result.unread
    if result.score is None and d is not None:
        raise CannotScore(f"{result.path}:{d.line}:{d.column}: {d.message}")
    if result.score is None:
        first = result.findings[0] if result.findings else None
        where = (
            f"{first.path}:{first.line}:{first.column}: {first.message}" if first else result.path
        )
        raise CannotScore(
            f"{where}; a file that is not valid YAML, or not a plan (a mapping with a "
            "'plan:' block), has no score"
        )
    return result.score


def explain_dict(result: AuditResult, top: int | None = None) -> dict[str, object]:
    """The score with every criterion, its evidence and its gaps, as plain data; with
    ``top``, also the ``top`` fixes that would raise the total most (``top_fixes``)."""
    score = check_scored(result)
    spend = result.ram_spend
    data: dict[str, object] = {
        "path": result.path,
        "plan": result.plan_name,
        "total": score.total,
        "max": 100,
        "yes_at": YES_AT,
        "questions": [
            {**q.to_dict(criteria=False), "criteria": [c.to_dict(gaps=True) for c in q.criteria]}
            for q in score.questions
        ],
        "ram_spend": spend.to_dict() if spend is not None else None,
    }
    if top is not None:
        from ramaudit.score.fixes import fixes_of

        data["top_fixes"] = [f.to_dict() for f in fixes_of(result, top)]
    return data


def explain_json(result: AuditResult, top: int | None = None) -> str:
    from ramaudit.report.escape import json_text

    return json_text(explain_dict(result, top), default=str)


# The heading of the ranked fixes, in every format that shows them.
TOP_FIXES = "Fixes that would raise the total most"
TOP_FIXES_NOTE = (
    "each measured alone against the plan as it stands; their points do not simply add up"
)


def fix_line(rank: int, points: int, total: int, action: str) -> str:
    """``1. +29 points (to 69): link ...``: one ranked fix as the text formats show it."""
    return f"{rank}. +{points} {'point' if points == 1 else 'points'} (to {total}): {action}"


def _top_fixes(console: Console, result: AuditResult, top: int, options: RenderOptions) -> None:
    from rich.text import Text

    from ramaudit.report.escape import shown
    from ramaudit.report.text import fit
    from ramaudit.score.fixes import fixes_of

    fixes = fixes_of(result, top)
    console.print()
    fit(console, Text.assemble((TOP_FIXES, "bold"), f" ({TOP_FIXES_NOTE}):"), options)
    if not fixes:
        fit(console, Text("  none: no single change raises the total"), options, indent=4)
    for rank, f in enumerate(fixes, 1):
        line = fix_line(rank, f.points, f.total, shown(f.action))
        fit(console, Text(f"  {line}"), options, indent=5)


# Below this width the tables give each cell too little room: the text goes criterion
# by criterion instead, wrapped at word boundaries.
TABLE_WIDTH = 100


def explain_text(
    result: AuditResult,
    *,
    color: bool = False,
    width: int | None = None,
    wrap: bool = False,
    top: int | None = None,
) -> str:
    """The rich, human explanation: one table per question (on a narrow terminal, one
    block per criterion), after the ``top`` fixes that would raise the total most
    when asked for. ``wrap`` (a terminal) wraps long lines at word boundaries."""
    from rich.text import Text

    from ramaudit.report import RenderOptions
    from ramaudit.report.console import make_console
    from ramaudit.report.escape import shown
    from ramaudit.report.text import fit

    check_scored(result)
    buf = io.StringIO()
    console = make_console(RenderOptions(color=color, width=width), buf, default_width=110)
    options = RenderOptions(width=console.width, wrap=wrap)
    score = check_scored(result)
    total_style = (
        "bold green" if score.total >= 80 else ("bold yellow" if score.total >= 50 else "bold red")
    )
    fit(
        console,
        Text.assemble(
            ("Marketing fitness: ", "bold"),
            (shown(result.plan_name or result.path), "bold"),
            f"  ({shown(result.path)})" if result.plan_name else "",
        ),
        options,
    )
    fit(
        console,
        Text.assemble(
            "Total ",
            (f"{score.total}/100", total_style),
            f'   (four questions of {QUESTION_MAX} points; "yes" at {YES_AT} or more, '
            "and never while the plan has an error about what the question asks)",
        ),
        options,
    )
    if top is not None:
        _top_fixes(console, result, top, options)
    narrow = console.width < TABLE_WIDTH
    for q in score.questions:
        console.print()
        fit(console, _question_heading(q), options)
        if q.cap_text:
            fit(
                console,
                Text(
                    f"  {q.cap_text}"
                    + (
                        f"; the criteria earn {q.earned}, held at {q.score}"
                        if q.earned != q.score
                        else ""
                    ),
                    style="bold red",
                ),
                options,
                indent=4,
            )
        if narrow:
            _criteria_blocks(console, q, options)
        else:
            _criteria_table(console, q)
    _spend_lines(console, result, options)
    return buf.getvalue()


def _spend_lines(console: Console, result: AuditResult, options: RenderOptions) -> None:
    """The random-act spend, and the budget lines of a plan that has them."""
    from rich.text import Text

    from ramaudit.report.escape import shown
    from ramaudit.report.ram import BUDGET_LINES, lines_text
    from ramaudit.report.text import RAM_SPEND, fit, ram_headline

    # The same headline and label as `check`, so the two never disagree on RAM spend.
    line = ram_headline(result.ram_spend, shown=None)
    if line:
        console.print()
        fit(console, Text(f"{RAM_SPEND}: ", style="bold red") + Text(line), options)
    spend = result.ram_spend
    lines = lines_text(spend, shown(spend.currency)) if spend is not None else None
    if lines:
        fit(console, Text(f"{BUDGET_LINES}: ", style="bold") + Text(lines), options)


def _style(c: CriterionScore) -> str:
    return "green" if c.fraction >= 1 else ("yellow" if c.fraction > 0 else "red")


def _criteria_table(console: Console, q: QuestionScore) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("Criterion", ratio=3)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Met", justify="right", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Evidence", ratio=5)
    from ramaudit.report.escape import shown

    for c in q.criteria:
        evidence = Text(shown(c.evidence))  # evidence and shortfalls name plan items
        for line in shortfall_lines(c):
            evidence.append("\n" + shown(line), style="dim")
        style = _style(c)
        table.add_row(
            Text.assemble(c.title, (f"\n{c.key}", "dim")),
            f"{c.weight:g}",
            Text(f"{c.fraction:.0%}", style=style),
            Text(f"{c.points:.1f}", style=style),
            evidence,
        )
    console.print(table)


def _criteria_blocks(console: Console, q: QuestionScore, options: RenderOptions) -> None:
    """The table's content for a narrow terminal: a few wrapped lines per criterion."""
    from rich.text import Text

    from ramaudit.report.escape import shown
    from ramaudit.report.text import fit

    for c in q.criteria:
        style = _style(c)
        fit(console, Text.assemble("  ", (c.title, "bold"), (f" ({c.key})", "dim")), options, 4)
        fit(
            console,
            Text.assemble(
                f"    weight {c.weight:g}, met ",
                (f"{c.fraction:.0%}", style),
                ", ",
                (f"{c.points:.1f} points", style),
            ),
            options,
            6,
        )
        fit(console, Text(f"    {shown(c.evidence)}"), options, 6)
        for line in shortfall_lines(c):
            fit(console, Text(f"    {shown(line)}", style="dim"), options, 6)


def shortfall_lines(c: CriterionScore) -> list[str]:
    """What falls short of ``c`` and why, grouped by reason: ``falls short: t-a, t-b
    (traces to no goal)``. Nothing when the evidence already names every gap."""
    if not c.gaps or c.fraction >= 1 or all(g in c.evidence for g in c.gaps):
        return []
    groups: dict[str, list[str]] = {}
    for gap, reason in c.shortfalls:
        groups.setdefault(reason, []).append(gap)
    return [
        f"falls short: {_list(tuple(ids))}" + (f" ({reason})" if reason else "")
        for reason, ids in groups.items()
    ]


def _question_heading(q: QuestionScore) -> Text:
    from rich.text import Text

    answer_style = "bold green" if q.answer == "yes" else "bold red"
    return Text.assemble(
        (q.title, "bold"),
        "  ",
        (f"{q.score}/{q.max}", answer_style),
        "  ",
        (q.answer.upper(), answer_style),
    )


def _list(ids: tuple[str, ...]) -> str:
    from ramaudit.report.escape import shown

    listed = ", ".join(shown(i) for i in ids[:_SHOWN_GAPS])
    more = len(ids) - _SHOWN_GAPS
    return listed + (f" and {more} more" if more > 0 else "")

"""``ramaudit explain-score PLAN``: the fitness score taken apart.

Each of the four questions is shown with every criterion behind it: its weight, how
much of it the plan meets, the points that earns, the evidence measured on the plan,
and the items that fall short (the work that would raise the score). The library
functions here only read an :class:`~ramaudit.api.AuditResult`; the CLI picks one.
"""

from __future__ import annotations

import io
from typing import Any

from ramaudit.score import QUESTION_MAX, YES_AT, Question

# How many ids a text cell lists before it says "and N more".
_SHOWN_GAPS = 6


class CannotScore(Exception):
    """The file has no score: it could not be read, is not valid YAML, or is not a plan."""


def check_scored(result: Any) -> None:
    """Raise :class:`CannotScore` with a ``file:line:col`` message when ``result`` has
    no score."""
    if result.error:
        raise CannotScore(result.error)
    if result.score is None:
        first = result.findings[0] if result.findings else None
        where = (
            f"{first.path}:{first.line}:{first.column}: {first.message}" if first else result.path
        )
        raise CannotScore(
            f"{where}; a file that is not valid YAML, or not a plan (a mapping with a "
            "'plan:' block), has no score"
        )


def explain_dict(result: Any) -> dict[str, Any]:
    """The score with every criterion, its evidence and its gaps, as plain data."""
    check_scored(result)
    score = result.score
    spend = result.ram_spend
    return {
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


def explain_json(result: Any) -> str:
    from ramaudit.report.escape import json_text

    return json_text(explain_dict(result), default=str)


def explain_text(result: Any, *, color: bool = False, width: int | None = None) -> str:
    """The rich, human explanation: one table per question."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ramaudit.report.escape import shown
    from ramaudit.report.text import ram_headline

    check_scored(result)
    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=color,
        no_color=not color,
        width=width or 110,
        highlight=False,
        markup=False,  # plan text is never rich markup: "[x]" must print as written
        emoji=False,
    )
    score = result.score
    total_style = (
        "bold green" if score.total >= 80 else ("bold yellow" if score.total >= 50 else "bold red")
    )
    console.print(
        Text.assemble(
            ("Marketing fitness: ", "bold"),
            (shown(result.plan_name or result.path), "bold"),
            f"  ({shown(result.path)})" if result.plan_name else "",
        ),
        soft_wrap=True,
    )
    console.print(
        Text.assemble(
            "Total ",
            (f"{score.total}/100", total_style),
            f'   (four questions of {QUESTION_MAX} points; "yes" at {YES_AT} or more)',
        )
    )
    for q in score.questions:
        console.print()
        console.print(_question_heading(q))
        table = Table(show_header=True, header_style="bold", expand=True)
        table.add_column("Criterion", ratio=3)
        table.add_column("Weight", justify="right", no_wrap=True)
        table.add_column("Met", justify="right", no_wrap=True)
        table.add_column("Points", justify="right", no_wrap=True)
        table.add_column("Evidence", ratio=5)
        for c in q.criteria:
            evidence = Text(shown(c.evidence))  # names plan items
            # Evidence that already names what is missing needs no second list.
            if c.gaps and c.fraction < 1 and not all(g in c.evidence for g in c.gaps):
                evidence.append("\nfalls short: " + _list(c.gaps), style="dim")
            style = "green" if c.fraction >= 1 else ("yellow" if c.fraction > 0 else "red")
            table.add_row(
                Text.assemble(c.title, (f"\n{c.key}", "dim")),
                f"{c.weight:g}",
                Text(f"{c.fraction:.0%}", style=style),
                Text(f"{c.points:.1f}", style=style),
                evidence,
            )
        console.print(table)
    # The same headline as `check`, so the two never disagree on random-act spend.
    line = ram_headline(result.ram_spend, shown=None)
    if line:
        console.print()
        console.print(Text("RAM spend: ", style="bold red") + Text(line), soft_wrap=True)
    return buf.getvalue()


def _question_heading(q: Question) -> Any:
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

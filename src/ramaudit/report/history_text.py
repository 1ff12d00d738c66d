"""``ramaudit history --format text``: the plan's versions as a rich table, oldest
first, ``options.width`` columns wide (80 by default). The commit subject is the
column that gives way, cut with an ellipsis. Every subject and path is shown through
:func:`~ramaudit.report.escape.shown`."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report.console import make_console
from ramaudit.report.escape import shown
from ramaudit.report.history import (
    PROGRESS_NOTE,
    currency_of,
    heading,
    money_note,
    money_pair,
    progress_text,
    score_text,
)
from ramaudit.report.text import Fitted

if TYPE_CHECKING:
    from ramaudit.history import HistoryPoint, PlanHistory

WIDTH = 80


def render(history: PlanHistory, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    buf = io.StringIO()
    plain = make_console(
        RenderOptions(color=bool(options.color), width=options.width), buf, default_width=WIDTH
    )
    console = Fitted(plain, RenderOptions(width=plain.width, wrap=options.wrap))
    console.print(Text(shown(heading(history)), style="bold"), soft_wrap=True)
    if history.points:
        currency = currency_of(history.points)
        console.print(table(history.points, currency, plain.width))
        console.print(Text(PROGRESS_NOTE, style="dim"), soft_wrap=True)
        note = money_note(shown(currency) if currency else None)
        console.print(Text(note, style="dim"), soft_wrap=True)
    return buf.getvalue()


HEADERS = ("Date", "Commit", "Score", "Progress", "Spent / budget", "RAM")
RIGHT = (False, False, True, True, True, True)
MIN_SUBJECT = 8


def table(points: tuple[HistoryPoint, ...], currency: str | None, width: int) -> Table:
    """Every column as wide as its widest cell, but the subject's, which takes the
    rest of ``width`` (at least a few cells) and is cut with an ellipsis."""
    rows = [cells(p, currency) for p in points]
    widths = [max([len(h), *(r[i].cell_len for r in rows)]) for i, h in enumerate(HEADERS)]
    rest = max(MIN_SUBJECT, width - sum(widths) - len(widths))
    # One cell between columns: each pads only on its right.
    grid = Table(box=None, padding=(0, 1, 0, 0), show_edge=False, pad_edge=False)
    for header, right, cells_width in zip(HEADERS, RIGHT, widths, strict=True):
        grid.add_column(
            header, justify="right" if right else "left", no_wrap=True, width=cells_width
        )
    grid.add_column("Subject", no_wrap=True, overflow="ellipsis", max_width=rest)
    for p, row in zip(points, rows, strict=True):
        subject = Text(shown(p.subject))
        if p.error is not None:
            subject = Text.assemble(subject, (f" ({shown(p.error)})", "red"))
        grid.add_row(*row, subject)
    return grid


def cells(p: HistoryPoint, currency: str | None) -> list[Text]:
    own = None if currency else p.currency  # versions written in different currencies
    return [
        Text(p.day.isoformat()),
        Text(shown(p.commit)),
        Text(score_text(p.score), style="bold" if p.score is not None else "dim"),
        Text(progress_text(p)),
        Text(shown(money_pair(p.spent, p.budget, own))),
        Text(shown(money_pair(p.ram_spent, p.ram_planned, own))),
    ]

"""What the reports and ``status`` say about a cascade of plans (:mod:`ramaudit.rollup`),
apart from how each format draws it: money per currency, the mean score, progress, and
the notes on loops and missing parents. Nothing here escapes: every string that comes
from a plan (currencies, names, paths) is returned raw and escaped by the renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ramaudit.core.wording import money
from ramaudit.report.status_words import percent

if TYPE_CHECKING:
    from ramaudit.rollup import Cascade, CascadeNode, Figures

Amount = Literal["budget", "planned", "spent", "ram_budget", "ram_spent"]

# The roll-up's columns, in every format: (what the column adds up, its heading).
COLUMNS: tuple[tuple[Amount, str], ...] = (
    ("budget", "Budget"),
    ("spent", "Spent"),
    ("ram_budget", "RAM budget"),
    ("ram_spent", "RAM spent"),
)
CASCADE_TITLE = "Cascade of plans"
CASCADE_NOTE = (
    "Each plan with every plan below it in the cascade (the plans that name it among "
    "their parents, and theirs), each file counted once; budget is what a plan block "
    "states, else the plan's planned spend. Money in different currencies is never "
    "added up."
)
TEAMS_TITLE = "By team"
TEAMS_NOTE = "A team is a plan's owner; a plan without an owner is a team of its own."
WHOLE_RUN = "All files"


def amount(figures: Figures, what: Amount) -> str:
    """``what`` over ``figures``, per currency (``1,000 USD; 500 EUR``); ``-`` when no
    plan records it (spend in plans that record none)."""
    parts = []
    for m in figures.money:
        value: float | None = getattr(m, what)
        if value is not None:
            parts.append(money(value, m.currency))
    return "; ".join(parts) or "-"


def score(figures: Figures) -> str:
    if figures.score is None:
        return "not scored"
    if figures.scored == 1:
        return f"{figures.score:.0f}/100"
    return f"{figures.score:.0f}/100 (mean of {figures.scored})"


def score_short(figures: Figures) -> str:
    """The score for a diagram's box: ``43/100``."""
    return "not scored" if figures.score is None else f"{figures.score:.0f}/100"


def progress(figures: Figures) -> str:
    """``32% · expected 51% · off track``; ``-`` when no plan has a key result read."""
    p = figures.progress
    if p.progress is None and p.state is None:
        return "-"
    state = p.state.value if p.state is not None else "no key results"
    return f"{percent(p.progress)} · expected {percent(p.expected)} · {state}"


def node_notes(node: CascadeNode, cascade: Cascade) -> list[str]:
    """What the roll-up of one file should say besides its figures (raw text)."""
    notes = []
    others = [cascade.nodes[p].name for p in node.parents if p not in (node.upper, node.key)]
    if others:
        notes.append("also serves " + ", ".join(others))
    if node.missing_parents:
        notes.append("names parents not among these files: " + ", ".join(node.missing_parents))
    if node.in_loop:
        notes.append("in a loop of parents: each file of the loop is counted once")
    return notes


def loop_text(loop: tuple[str, ...]) -> str:
    """One loop of parents, its files by their paths (raw)."""
    if len(loop) == 1:
        return f"{loop[0]} names itself among its parents; it is counted once"
    return (
        f"{', '.join(loop)} name one another as parents in a loop; each is counted once "
        "in the others' roll-ups"
    )


__all__ = [
    "CASCADE_NOTE",
    "CASCADE_TITLE",
    "COLUMNS",
    "TEAMS_NOTE",
    "TEAMS_TITLE",
    "WHOLE_RUN",
    "amount",
    "loop_text",
    "node_notes",
    "progress",
    "score",
    "score_short",
]

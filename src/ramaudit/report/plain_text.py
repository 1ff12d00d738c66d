"""The text report's block for one file as a plain string, when rich would add no
colour and wrap nothing (output piped or written to a file): exactly the characters
rich prints there, without building its tables, panels and segments again for every
file (over a quarter of a run over a thousand small plans went to that).

Anything this module does not lay out exactly as rich does -- a score panel whose
lines would wrap or be cut, a baseline's status -- gives None, and
:mod:`ramaudit.report.text` draws the block with rich as before. The tests compare
the two on generated results."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

from ramaudit.core.findings import Severity
from ramaudit.report.escape import shown
from ramaudit.report.ram import BUDGET_LINES, RAM_SPEND, lines_text, ram_headline

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.findings import Finding
    from ramaudit.score.fitness import QuestionScore

ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
# The panel's parts, as text.score_panel sizes them.
BAR_WIDTH = 25
MIN_BAR_WIDTH = 5
_SHORT = {
    "process": "Process",
    "accountability": "Accountability",
    "market": "Market",
    "execution": "Execution",
}


def plain_block(result: AuditResult, width: int, quiet: bool) -> str | None:
    """What ``text.write_result`` prints for ``result`` on a plain console ``width``
    columns wide that does not wrap, or None when only rich can say."""
    if result.error:
        return f"error {shown(result.error)}\n"
    if result.baseline is not None:
        return None
    if not result.findings and quiet:
        return ""
    out = [shown(result.path), "\n"]
    if not result.findings:
        out.append("  no findings\n")
    else:
        # Findings in severity order, each on one line (soft wrap: never wrapped).
        lines = [_finding_line(f) for sev in ORDER for f in result.findings if f.severity is sev]
        out += ["\n".join(lines), "\n"]
    if not quiet:
        if result.score is not None:
            panel = plain_panel(result, width)
            if panel is None:
                return None
            out.append(panel)
        headline = ram_headline(result.ram_spend)
        if headline:
            out.append(f"{RAM_SPEND}: {headline}\n")
        spend = result.ram_spend
        budget_lines = lines_text(spend, shown(spend.currency)) if spend is not None else None
        if budget_lines:
            out.append(f"{BUDGET_LINES}: {budget_lines}\n")
    out.append("\n")
    return "".join(out)


def _finding_line(f: Finding) -> str:
    return (
        f"{shown(f.path)}:{f.line}:{f.column}  {f.code}  {f.severity.value:<7}  {shown(f.message)}"
    )


def _bar(score: int, maximum: int, width: int) -> str:
    filled = round(width * score / maximum) if maximum else 0
    return "█" * filled + "░" * (width - filled)


def _grid(rows: Sequence[tuple[str, ...]], right: frozenset[int] = frozenset()) -> list[str]:
    """``rows`` as a rich grid with one space between columns lays them out when
    nothing wraps: each column as wide as its widest cell, ``right`` ones justified
    right, the last column padded too."""
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - cell_len(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append(" ".join(cells))
    return lines


def _question_row(q: QuestionScore, bar_width: int) -> tuple[str, str, str, str]:
    return (q.title, _bar(q.score, q.max, bar_width), f"{q.score:>2}/{q.max}", q.answer.upper())


def plain_panel(result: AuditResult, width: int) -> str | None:
    """The fitness panel of ``text.score_panel`` as rich draws it at ``width``
    columns with nothing wrapped, or None when some line would not fit."""
    score = result.score
    assert score is not None, "only a scored plan has a panel"
    questions = score.questions
    if not questions or width < 20:
        return None
    titles = [q.title for q in questions]
    room = width - 4 - 3 - len("25/25") - len("YES")
    bar_width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, room - max(map(cell_len, titles))))
    content = _grid([_question_row(q, bar_width) for q in questions], right=frozenset({2}))
    capped = [q for q in questions if q.caps]
    if capped:
        why = [(_SHORT.get(q.key, q.key), shown(q.cap_text or "")) for q in capped]
        content += ["", *_grid(why)]
    command = f"ramaudit explain-score {shlex.quote(shown(result.path))}"
    inside = width - 4  # 2 borders, 2 padding
    if cell_len(command) + len("evidence: ") > inside:
        command = "ramaudit explain-score PATH"
    total_text = f"Total {score.total}/100"
    evidence = f"evidence: {command}"
    if cell_len(total_text) + 2 + cell_len(evidence) <= inside:
        content += ["", f"{total_text}  {evidence}"]
    else:
        content += ["", total_text, evidence]
    measured = max(map(cell_len, content))
    if measured > inside:
        return None  # rich would wrap or cut: let it
    title = _title(f"Marketing fitness: {shown(result.plan_name or result.path)}", width - 6)
    # The panel is as wide as its content and its title need (expand=False).
    child = min(width - 2, max(measured + 2, cell_len(title) + 2 + 2))
    fill = child - 2
    top = f"╭─ {title} " + "─" * (child - 2 - cell_len(title) - 2) + "─╮"
    body = [f"│ {line}{' ' * (fill - cell_len(line))} │" for line in content]
    return "\n".join([top, *body, "╰" + "─" * child + "╯"]) + "\n"


def _title(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, as ``text.ellipsize`` does."""
    if cell_len(text) <= width:
        return text
    from rich.text import Text

    cut = Text(text, no_wrap=True)
    cut.truncate(max(1, width), overflow="ellipsis")
    return cut.plain

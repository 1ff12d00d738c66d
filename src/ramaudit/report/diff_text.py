"""``ramaudit diff --format text``: the comparison for people, drawn with rich.

One block per plan: its score table, the change in RAM spend, the findings fixed and
new, the items added, removed or relinked, and a verdict. Every plan value and file
name is shown through :func:`~ramaudit.report.escape.shown`. ``options.width`` sizes
the tables; ``options.wrap`` (a terminal) wraps long lines at word boundaries under a
hanging indent, else each stays on one line.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report.console import make_console
from ramaudit.report.diff import (
    MOVEMENT_TITLE,
    amount,
    counted,
    items_heading,
    links_text,
    moved,
    percent,
    points,
    ram_cell,
    read_on,
    regression_reasons,
    score_cell,
    signed,
    state_moved,
    summary,
    times,
    totals_text,
    tracks_spend,
    unchecked_note,
    unparsed_note,
    value_text,
    verdict,
    where_seen,
)
from ramaudit.report.escape import shown
from ramaudit.report.ram import RAM_SHORT, RAM_SPEND
from ramaudit.report.text import STYLE, Fitted

if TYPE_CHECKING:
    from ramaudit.comparison import FindingChange, ItemRef, PlanDiff, RamChange, ScoreChange
    from ramaudit.movement import KeyResultMove, Movement, SpendMove

VERDICT_STYLE = {"setback": "bold red", "progress": "bold green"}


def render(diffs: Sequence[PlanDiff], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    buf = io.StringIO()
    # No colour unless asked for: the environment decides for check's text, not here.
    plain = make_console(RenderOptions(color=bool(options.color), width=options.width), buf)
    console = Fitted(plain, RenderOptions(width=plain.width, wrap=options.wrap))
    if not diffs:
        console.print("no plan changed", soft_wrap=True)
    ram_label = RAM_SPEND  # in full at the first mention, by its short name after
    for diff in diffs:
        if plan_block(console, diff, ram_label):
            ram_label = RAM_SHORT
    if len(diffs) > 1:
        s = summary(diffs)
        console.print(
            f"{s['plans']} plans compared: {counted(s['fixed'], 'finding')} fixed, "
            f"{s['new']} new ({counted(s['new_errors'], 'error')}); "
            f"{s['regressions']} with a setback",
            soft_wrap=True,
        )
    return buf.getvalue()


def delta_style(delta: float | None, higher_is_better: bool = True) -> str:
    if not delta:
        return "dim"
    return "green" if (delta > 0) == higher_is_better else "red"


def plan_block(console: Fitted, diff: PlanDiff, ram_label: str) -> bool:
    """One plan's block; whether it named the RAM spend (a plan that could not be
    compared does not)."""
    head = Text(shown(diff.path), style="bold underline")
    if diff.old_path and diff.new_path and diff.old_path != diff.new_path:
        head.append(f"  ({shown(diff.old_path)} → {shown(diff.new_path)})", style="dim")
    if diff.plan_name:
        head.append(f"  {shown(diff.plan_name)}", style="bold")
    console.print(head, soft_wrap=True)
    if diff.error:
        console.print(Text.assemble(("error ", "bold red"), shown(diff.error)), soft_wrap=True)
        console.print()
        return False
    if diff.status in ("added", "removed"):
        console.print(Text(f"  plan {diff.status}", style="bold"))
    console.print(score_table(diff.score))
    ram_lines(console, diff.ram, ram_label)
    if diff.movement is not None:
        movement_lines(console, diff.movement)
    finding_lines(console, diff)
    item_lines(console, diff)
    word = verdict(diff)
    line = Text("Verdict: ", style="bold")
    line.append(word, style=VERDICT_STYLE.get(word, ""))
    reasons = regression_reasons(diff) if diff.regression else []
    if reasons:
        line.append(f" ({'; '.join(reasons)})")
    console.print(line, soft_wrap=True)
    console.print()
    return True


def score_table(score: ScoreChange) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("Fitness question")
    table.add_column("before", justify="right")
    table.add_column("after", justify="right")
    table.add_column("change", justify="right")
    for q in score.questions:
        table.add_row(
            q.title,
            score_cell(q.old),
            score_cell(q.new),
            Text(signed(q.delta), style=delta_style(q.delta)),
        )
    table.add_row(
        Text("Total", style="bold"),
        score_cell(score.old),
        score_cell(score.new),
        Text(signed(score.delta), style="bold " + delta_style(score.delta)),
    )
    return table


def ram_lines(console: Fitted, ram: RamChange, label: str) -> None:
    line = Text(f"{label}: ", style="bold")
    line.append(f"{shown(ram_cell(ram.old))} → {shown(ram_cell(ram.new))}")
    if ram.old is not None and ram.new is not None:
        currency = shown(ram.new.currency)
        line.append(
            f"  {signed(ram.delta)} {currency}",
            style=delta_style(ram.delta, higher_is_better=False),
        )
    console.print(line, soft_wrap=True)
    if ram.resolved:
        console.print(
            Text(f"  no longer random acts: {links_text(ram.resolved)}", style="green"),
            soft_wrap=True,
        )
    if ram.appeared:
        console.print(
            Text(f"  new random acts: {links_text(ram.appeared)}", style="red"), soft_wrap=True
        )


def finding_lines(console: Fitted, diff: PlanDiff) -> None:
    for title, changes, mark, mark_style in (
        ("Fixed", diff.fixed, "✓", "green"),
        ("New", diff.introduced, "✗", "red"),
    ):
        n = sum(c.count for c in changes)
        if not n:
            continue
        console.print(Text(f"{title} findings ({n})", style="bold"))
        for c in changes:
            console.print(finding_line(c, mark, mark_style), soft_wrap=True)
    if diff.unchanged:
        console.print(Text(f"{counted(diff.unchanged, 'finding')} unchanged", style="dim"))
    unchecked = unchecked_note(diff)
    if unchecked:
        console.print(Text(unchecked, style="dim"), soft_wrap=True)


def finding_line(c: FindingChange, mark: str, mark_style: str) -> Text:
    return Text.assemble(
        (f"  {mark} ", mark_style),
        (c.code, STYLE[c.severity]),
        " ",
        (f"{c.severity.value:<7}", STYLE[c.severity]),
        " ",
        (shown(where_seen(c)), "bold"),
        "  ",
        shown(c.message),
        times(c),
    )


def item_lines(console: Fitted, diff: PlanDiff) -> None:
    not_compared = unparsed_note(diff)
    if not_compared:
        console.print(Text.assemble(("Items: ", "bold"), not_compared), soft_wrap=True)
        return
    if not (diff.added or diff.removed or diff.relinked or diff.values):
        return
    console.print(Text(items_heading(diff), style="bold"))
    for ref in diff.added:
        console.print(item_line(ref, "  + ", "green"), soft_wrap=True)
    for ref in diff.removed:
        console.print(item_line(ref, "  - ", "red"), soft_wrap=True)
    for rl in diff.relinked:
        parts = "; ".join(
            f"{c.field}: {links_text(c.old)} → {links_text(c.new)}" for c in rl.changes
        )
        console.print(
            Text.assemble(
                ("  ~ ", "yellow"), f"{rl.item.kind} ", (shown(rl.item.id), "bold"), f"  {parts}"
            ),
            soft_wrap=True,
        )
    for v in diff.values:
        console.print(
            Text.assemble(
                ("  ~ ", "yellow"),
                f"{v.item.kind} ",
                (shown(v.item.id), "bold"),
                f"  {shown(v.field)}: {shown(value_text(v.old))} → {shown(value_text(v.new))}",
            ),
            soft_wrap=True,
        )


def item_line(ref: ItemRef, mark: str, mark_style: str) -> Text:
    return Text.assemble(
        (mark, mark_style),
        f"{ref.kind} ",
        (shown(ref.id), "bold"),
        f"  {shown(ref.name)}" if ref.name else "",
    )


STATE_STYLE = {"on track": "green", "at risk": "yellow", "off track": "red"}


def movement_lines(console: Fitted, mv: Movement) -> None:
    """Progress of each key result and spend of each item, before and after (each
    version read on its own day), a line each as findings and items are."""
    console.print(Text.assemble((MOVEMENT_TITLE, "bold"), f" ({read_on(mv)})"), soft_wrap=True)
    for k in mv.key_results:
        console.print(key_result_line(k), soft_wrap=True)
    for s in mv.spend:
        console.print(spend_line(s, mv.currency), soft_wrap=True)
    if tracks_spend(mv):
        console.print(Text(f"  {shown(totals_text(mv))}"), soft_wrap=True)


def key_result_line(k: KeyResultMove) -> Text:
    """``  objective o1 qualified leads  30% → 40% (+10 pts), expected 34% → 66%,
    on track → off track``"""
    return Text.assemble(
        "  ",
        f"{k.kind} ",
        (shown(k.owner), "bold"),
        f" {shown(k.metric)}  ",
        moved(percent(k.old_progress), percent(k.new_progress)),
        " (",
        (points(k.delta), delta_style(k.delta)),
        f"), expected {moved(percent(k.old_expected), percent(k.new_expected))}, ",
        (state_moved(k), STATE_STYLE.get(k.new_state or "", "")),
    )


def spend_line(s: SpendMove, currency: str) -> Text:
    """``  tactic t1  spent 200 → 500 USD (+300) of a budget of 1,000``"""
    line = Text.assemble(
        "  ",
        f"{s.kind} ",
        (shown(s.item), "bold"),
        f"  spent {amount(s.old_spent)} → {amount(s.new_spent)} {shown(currency)}"
        f" ({signed(s.delta)})",  # more spend is neither good nor bad by itself
    )
    if s.old_budget is not None or s.new_budget is not None:
        line.append(f" of a budget of {moved(amount(s.old_budget), amount(s.new_budget))}")
    return line

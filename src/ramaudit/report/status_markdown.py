"""``ramaudit status --format markdown``: the status as tables, for a pull request
comment or a wiki page.

One section per plan: key results (goal and objective roll-ups first), spend against
budget and phasing, totals and cost per result. Plan text goes through
:func:`~ramaudit.report.mdtext.md` and ids through :func:`~ramaudit.report.mdtext.code`,
so nothing in a plan becomes markup or breaks a row; a confidential KPI shows neither
its target nor its readings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.core.model import kind_of
from ramaudit.core.wording import money
from ramaudit.report import RenderOptions
from ramaudit.report import cascade_words as w
from ramaudit.report.cascade_md import INDENT
from ramaudit.report.mdtext import code, md
from ramaudit.report.status_words import (
    CASCADE_HEAD,
    NOTHING_TRACKED,
    age,
    cost_text,
    latest_shown,
    percent,
    phasing_note,
    random_act,
    recorded,
    shown_costs,
    span,
)
from ramaudit.rollup import status_cascade

if TYPE_CHECKING:
    from ramaudit.api import StatusResult
    from ramaudit.core.progress import PlanStatus, State
    from ramaudit.rollup import Cascade


def _state(state: State | None) -> str:
    return state.value if state is not None else "no key results"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(head: Sequence[str], rows: list[list[str]]) -> list[str]:
    return [_row(head), _row(["---"] * len(head)), *(_row(r) for r in rows)]


def rollups(status: PlanStatus) -> list[str]:
    rows = [
        ["goal", code(g.goal.id, cell=True), md(g.goal.name or ""), percent(g.progress),
         percent(g.expected), _state(g.state)]
        for g in status.goals
    ]  # fmt: skip
    rows += [
        ["objective", code(o.objective.id, cell=True), md(o.objective.name or ""),
         percent(o.progress), percent(o.expected), _state(o.state)]
        for o in status.objectives
    ]  # fmt: skip
    if not rows:
        return []
    return _table(["", "id", "name", "progress", "expected", "state"], rows)


def key_results(status: PlanStatus) -> list[str]:
    rows = []
    for kr in status.key_results:
        latest = latest_shown(kr)
        rows.append(
            [
                f"{kind_of(kr.owner)} {code(kr.owner.id, cell=True)}",
                md(kr.kpi.metric),
                md(span(kr)),
                md(latest) if latest is not None else "none",
                age(kr.age_days) if kr.latest is not None else "-",
                percent(kr.progress),
                percent(kr.expected),
                kr.state.value,
                f"{kr.confidence:g}" if kr.confidence is not None else "-",
            ]
        )
    if not rows:
        return []
    head = ["owner", "key result", "baseline → target", "latest", "age", "progress",
            "expected", "state", "confidence"]  # fmt: skip
    return _table(head, rows)


def spend_table(status: PlanStatus, currency: str) -> list[str]:
    c = md(currency)
    rows = []
    for s in status.spend:
        who = f"{kind_of(s.item)} {code(s.item.id, cell=True)}"
        if random_act(status, s):
            who += " (random act)"
        rows.append(
            [
                who,
                money(s.budget, c) if s.budget is not None else "none",
                money(s.spent, c) if s.spent is not None else "none recorded",
                percent(s.share),
                md(phasing_note(s, currency) or "-"),
                money(s.over_budget, c) if s.over_budget > 0 else "-",
            ]
        )
    if not rows:
        return []
    return _table(["item", "budget", "spent", "of budget", "phasing", "over budget"], rows)


def totals(result: StatusResult, status: PlanStatus) -> list[str]:
    c = md(result.currency)
    rows = [["budget in tactics and campaigns", money(status.budget, c)]]
    if result.plan_budget is not None:
        rows.append(["the plan's budget", money(result.plan_budget, c)])
    rows.append(["spent", money(status.spent, c)])
    ram = money(status.ram_spent, c)
    if status.ram_items:
        ram += " (" + ", ".join(code(i, cell=True) for i in status.ram_items) + ")"
    rows.append(["spent on random acts", ram])
    return _table(["total", "amount"], rows)


def costs(result: StatusResult, status: PlanStatus) -> list[str]:
    rows = [
        [f"{kind_of(k.item)} {code(k.item.id, cell=True)}", md(k.kpi.metric),
         md(cost_text(k, result.currency))]
        for k in shown_costs(status)
    ]  # fmt: skip
    return _table(["item", "result", "cost per result"], rows) if rows else []


def plan_section(result: StatusResult) -> list[str]:
    name = result.audit.plan_name or result.path
    title = f"## {md(name)}: status on {result.as_of.isoformat()}"
    lines = [title, "", f"File: {code(result.path)}"]
    status = result.status
    if status is None:
        why = result.audit.error or "not read as a plan; run `ramaudit check` on it to see why"
        return [*lines, "", md(why) if result.audit.error else why]
    if not recorded(status):
        budget = result.plan_budget if result.plan_budget is not None else status.budget
        what = "The plan's budget" if result.plan_budget is not None else "Budget in tactics"
        return [*lines, "", NOTHING_TRACKED.capitalize() + ".", "",
                f"{what}: {money(budget, md(result.currency))}."]  # fmt: skip
    for title, table in (
        ("Progress", rollups(status)),
        ("Key results", key_results(status)),
        ("Spend", spend_table(status, result.currency)),
        ("Totals", totals(result, status)),
        ("Cost per result", costs(result, status)),
    ):
        if table:
            lines += ["", f"### {title}", "", *table]
    return lines


def cascade_section(rolled: Cascade) -> list[str]:
    """Progress and spend rolled up the cascade, one row per plan with the plans below
    it (indented under the first of its parents), then the whole run."""
    rows = []
    for node, level in [*rolled.tree(), (None, 0)]:
        f = rolled.total if node is None else node.subtree
        if node is None:
            what, where = f"**{w.WHOLE_RUN}**", ""
        else:
            lead = INDENT * (level - 1) + "└ " if level else ""
            notes = "".join(f" ({md(n)})" for n in w.node_notes(node, rolled))
            what, where = f"{lead}{md(node.name)}{notes}", code(node.key, cell=True)
        p = f.progress
        rows.append(
            [what, where, str(f.files), percent(p.progress), percent(p.expected), _state(p.state),
             md(w.amount(f, "budget")), md(w.amount(f, "spent")),
             md(w.amount(f, "ram_spent"))]
        )  # fmt: skip
    head = ["plan", "file", "files", "progress", "expected", "state", "budget", "spent",
            "spent on random acts"]  # fmt: skip
    lines = ["## " + md(CASCADE_HEAD), "", *_table(head, rows)]
    for loop in rolled.loops:
        lines += ["", md(w.loop_text(loop))]
    return lines


def render(results: Sequence[StatusResult], options: RenderOptions) -> str:
    lines = ["# ramaudit status"]
    for result in results:
        lines += ["", *plan_section(result)]
    if not results:
        lines += ["", "No plan files found."]
    rolled = status_cascade(results)
    if rolled is not None:
        lines += ["", *cascade_section(rolled)]
    return "\n".join(lines) + "\n"

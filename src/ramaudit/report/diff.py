"""Renderers for ``ramaudit diff``: rich text, JSON and Markdown (for pull-request
comments). They read :class:`ramaudit.comparison.PlanDiff` records and run no analysis.

Plan text is data in all three: the text output shows every plan value and file name
through :func:`~ramaudit.report.escape.shown`, the Markdown through
:func:`~ramaudit.report.mdtext.md` or :func:`~ramaudit.report.mdtext.code` (the
currency of a money amount included), the JSON through
:func:`~ramaudit.report.escape.json_text`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ramaudit import __version__
from ramaudit.core.wording import money
from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report.escape import json_text, shown
from ramaudit.report.mdtext import SEVERITY_MARK, code, md
from ramaudit.report.ram import RAM_SHORT, RAM_SPEND

if TYPE_CHECKING:
    from ramaudit.api import RamSpend
    from ramaudit.comparison import (
        FindingChange,
        ItemRef,
        LinkChange,
        PlanDiff,
        RamChange,
    )
    from ramaudit.movement import KeyResultMove, Movement

DIFF_JSON_VERSION = 1


def render_diff(
    name: str,
    diffs: Sequence[PlanDiff],
    *,
    color: bool = False,
    width: int | None = None,
    wrap: bool = False,
) -> str:
    """``diffs`` in diff's format ``name`` (see :data:`ramaudit.report.formats.DIFF`)."""
    from ramaudit.report.formats import DIFF

    return DIFF[name].render(diffs, RenderOptions(color=color, width=width, wrap=wrap))


def render_text(diffs: Sequence[PlanDiff], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The diff for people (:mod:`ramaudit.report.diff_text`, which imports rich)."""
    from ramaudit.report.diff_text import render

    return render(diffs, options)


# --------------------------------------------------------------------------- shared


def signed(delta: float | None, digits: int = 0) -> str:
    if delta is None:
        return "n/a"
    if delta == 0:
        return "±0"
    return f"{delta:+,.{digits}f}"


def score_cell(value: int | None) -> str:
    return "—" if value is None else str(value)


def ram_cell(spend: RamSpend | None) -> str:
    """RAM spend with its share, raw (the currency is plan text)."""
    if spend is None:
        return "—"
    text = money(spend.amount, spend.currency)
    return f"{text} ({spend.share:.0%})" if spend.total else text


def verdict(diff: PlanDiff) -> str:
    if diff.error:
        return "could not compare"
    if diff.status == "removed":
        return "plan removed"
    if diff.regression:
        return "setback"
    if diff.status == "added":
        return "new plan"
    better = (diff.score.delta or 0) > 0 or diff.fixed or (diff.ram.delta or 0) < 0
    if better:
        return "progress"
    return "changed" if diff.changed else "no change"


def regression_reasons(diff: PlanDiff) -> list[str]:
    reasons = []
    if diff.score.dropped:
        if diff.score.new is None:
            reasons.append("the plan no longer parses, so it has no score")
        else:
            reasons.append(f"score dropped {diff.score.old} → {diff.score.new}")
    if diff.new_errors:
        reasons.append(f"{diff.new_errors} new error{'s' * (diff.new_errors != 1)}")
    return reasons


def unparsed_note(diff: PlanDiff) -> str | None:
    """Why items were not compared, or None when they were."""
    if diff.items_compared:
        return None
    if len(diff.unparsed) == 2:
        why = "neither version parses"
    else:
        why = f"the {diff.unparsed[0]} version does not parse"
    return f"cannot be compared, since {why}"


def unchecked_note(diff: PlanDiff) -> str | None:
    n = diff.unchecked
    if not n:
        return None
    return (
        f"{n} finding{'s' * (n != 1)} of the old version cannot be checked "
        "until the new version parses again"
    )


def counted(n: int, noun: str) -> str:
    """``1 finding``, ``2 findings``: the text goes to clients, so no ``finding(s)``."""
    return f"{n} {noun}{'s' * (n != 1)}"


def times(change: FindingChange) -> str:
    return f" (×{change.count})" if change.count > 1 else ""


def where_seen(change: FindingChange) -> str:
    return f"{change.path}:{change.line}:{change.column}"


def items_heading(diff: PlanDiff) -> str:
    """``Items: 1 added, 0 removed, 2 relinked``, with ``, 3 changed`` when format 2
    values changed."""
    head = (
        f"Items: {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.relinked)} relinked"
    )
    return head + (f", {len(diff.values)} changed" if diff.values else "")


def value_text(value: str | None) -> str:
    """A changed value as the diff shows it, raw (plan text: escaped by the caller)."""
    return "(none)" if value is None else value


def links_text(ids: Sequence[str]) -> str:
    return ", ".join(shown(i) for i in ids) if ids else "(none)"


# -- movement of progress and spend (plans that record check-ins or spend)

MOVEMENT_TITLE = "Progress and spend"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def amount(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def moved(old: str, new: str) -> str:
    """``30% → 45%``; a value that did not change is shown once."""
    return old if old == new else f"{old} → {new}"


def state_moved(move: KeyResultMove) -> str:
    return moved(move.old_state or "—", move.new_state or "—")


def points(delta: float | None) -> str:
    """A change of progress in percentage points: ``+15 pts``."""
    return "n/a" if delta is None else f"{signed(round(delta * 100))} pts"


def tracks_spend(mv: Movement) -> bool:
    return any(side is not None and side.spent is not None for side in (mv.old, mv.new))


def read_on(mv: Movement) -> str:
    """``read on 2027-01-31 → 2027-02-28``: the day each version was read on."""
    days = [d.isoformat() if d else "—" for d in (mv.old_as_of, mv.new_as_of)]
    return f"read on {moved(*days)}"


def totals_text(mv: Movement) -> str:
    """``Spent: 200 → 620 USD (+420); on random acts: 0 → 120 USD (+120)``, raw (the
    currency is plan text: escaped by the caller)."""
    parts = []
    for label, old, new, delta in (
        ("Spent", *_sides(mv, "spent"), mv.spent_delta()),
        ("on random acts", *_sides(mv, "ram_spent"), mv.ram_delta()),
    ):
        parts.append(f"{label}: {amount(old)} → {amount(new)} {mv.currency} ({signed(delta)})")
    budgets = _sides(mv, "budget")
    budget = moved(amount(budgets[0]), amount(budgets[1]))
    return f"{'; '.join(parts)}; budget {budget} {mv.currency}"


def _sides(mv: Movement, name: str) -> tuple[float | None, float | None]:
    old = getattr(mv.old, name) if mv.old is not None else None
    new = getattr(mv.new, name) if mv.new is not None else None
    return old, new


# --------------------------------------------------------------------------- JSON


def document(diffs: Sequence[PlanDiff]) -> dict[str, Any]:
    return {
        "version": DIFF_JSON_VERSION,
        "tool": {"name": "ramaudit", "version": __version__},
        "plans": [d.to_dict() for d in diffs],
        "summary": summary(diffs),
    }


def summary(diffs: Sequence[PlanDiff]) -> dict[str, Any]:
    return {
        "plans": len(diffs),
        "regressions": sum(1 for d in diffs if d.regression),
        "errors": sum(1 for d in diffs if d.error),
        "fixed": sum(f.count for d in diffs for f in d.fixed),
        "new": sum(f.count for d in diffs for f in d.introduced),
        "new_errors": sum(d.new_errors for d in diffs),
    }


def render_json(diffs: Sequence[PlanDiff], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return json_text(document(diffs), default=str)


# --------------------------------------------------------------------------- Markdown


def _links_md(ids: Sequence[str]) -> str:
    return ", ".join(code(i) for i in ids) if ids else "*none*"


def render_markdown(diffs: Sequence[PlanDiff], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    out: list[str] = ["## ramaudit: plan changes", ""]
    if not diffs:
        out += ["No plan changed.", ""]
        return "\n".join(out)
    out += [
        f"| Plan | Score | Change | Fixed | New | New errors | {RAM_SPEND} | Verdict |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    out += [_summary_row(d) for d in diffs]
    out.append("")
    for d in diffs:
        out += _plan_markdown(d)
    out.append(f"<sub>ramaudit {__version__}</sub>")
    out.append("")
    return "\n".join(out)


def _summary_row(d: PlanDiff) -> str:
    if d.error:
        return f"| {code(d.path, cell=True)} | — | — | — | — | — | — | could not compare |"
    ram = f"{md(ram_cell(d.ram.old))} → {md(ram_cell(d.ram.new))}"
    return (
        f"| {code(d.path, cell=True)} | {score_cell(d.score.old)} → {score_cell(d.score.new)} "
        f"| {signed(d.score.delta)} | {sum(f.count for f in d.fixed)} "
        f"| {sum(f.count for f in d.introduced)} | {d.new_errors} | {ram} "
        f"| {'**setback**' if d.regression else verdict(d)} |"
    )


def _plan_markdown(d: PlanDiff) -> list[str]:
    title = f"### {code(d.path)}"
    if d.plan_name:
        title += f" — {md(d.plan_name)}"
    out = [title, ""]
    if d.old_path and d.new_path and d.old_path != d.new_path:
        out += [f"Compared {code(d.old_path)} with {code(d.new_path)}.", ""]
    if d.error:
        return [*out, f"Could not compare: {md(d.error)}", ""]
    if d.status in ("added", "removed"):
        out += [f"Plan **{d.status}**.", ""]
    if d.regression:
        out += [f"**Setback:** {md('; '.join(regression_reasons(d)))}.", ""]
    out += _score_md(d) + _ram_md(d.ram)
    if d.movement is not None:
        out += movement_md(d.movement)
    return out + _findings_md(d) + _items_md(d)


def movement_md(mv: Movement) -> list[str]:
    """The movement of progress and spend as two tables and a line of totals."""
    out = [f"**{MOVEMENT_TITLE}** ({read_on(mv)})", ""]
    if mv.key_results:
        out += [
            "| Key result | Progress | Change | Expected | State |",
            "|---|---:|---:|---:|---|",
        ]
        out += [
            f"| {k.kind} {code(k.owner, cell=True)} {md(k.metric)} "
            f"| {moved(percent(k.old_progress), percent(k.new_progress))} | {points(k.delta)} "
            f"| {moved(percent(k.old_expected), percent(k.new_expected))} | {state_moved(k)} |"
            for k in mv.key_results
        ]
        out.append("")
    if mv.spend:
        out += [
            f"| Spend ({md(mv.currency)}) | Before | After | Change | Budget |",
            "|---|---:|---:|---:|---:|",
        ]
        out += [
            f"| {s.kind} {code(s.item, cell=True)} | {amount(s.old_spent)} "
            f"| {amount(s.new_spent)} | {signed(s.delta)} "
            f"| {moved(amount(s.old_budget), amount(s.new_budget))} |"
            for s in mv.spend
        ]
        out.append("")
    if tracks_spend(mv):
        out += [md(totals_text(mv)), ""]
    return out


def _score_md(d: PlanDiff) -> list[str]:
    out = ["| Fitness question | Before | After | Change |", "|---|---:|---:|---:|"]
    for q in d.score.questions:
        out.append(
            f"| {md(q.title)} | {score_cell(q.old)} | {score_cell(q.new)} | {signed(q.delta)} |"
        )
    out.append(
        f"| **Total** | **{score_cell(d.score.old)}** | **{score_cell(d.score.new)}** "
        f"| **{signed(d.score.delta)}** |"
    )
    out.append("")
    return out


def _ram_md(ram: RamChange) -> list[str]:
    line = f"**{RAM_SHORT}:** {md(ram_cell(ram.old))} → {md(ram_cell(ram.new))}"
    if ram.old is not None and ram.new is not None:
        line += f" ({signed(ram.delta)} {md(ram.new.currency)})"
    out = [line, ""]
    if ram.resolved:
        out += [f"- No longer random acts: {_links_md(ram.resolved)}"]
    if ram.appeared:
        out += [f"- New random acts: {_links_md(ram.appeared)}"]
    if ram.resolved or ram.appeared:
        out.append("")
    return out


def _findings_md(d: PlanDiff) -> list[str]:
    # A fixed finding is ticked whatever its severity; a new one is marked by its
    # severity, as the report's findings table marks it.
    out: list[str] = []
    for title, changes, fixed in (
        ("Fixed findings", d.fixed, True),
        ("New findings", d.introduced, False),
    ):
        n = sum(c.count for c in changes)
        if not n:
            continue
        out += [f"**{title} ({n})**", ""]
        for c in changes:
            mark = "✅" if fixed else SEVERITY_MARK[c.severity.value]
            item = f" {code(c.item)}" if c.item else ""
            out.append(
                f"- {mark} {code(c.code)} {c.severity.value}{item}: {md(c.message)}"
                f"{times(c)} <sub>{md(where_seen(c))}</sub>"
            )
        out.append("")
    unchecked = unchecked_note(d)
    if unchecked:
        out += [f"{unchecked[0].upper()}{unchecked[1:]}.", ""]
    return out


def _items_md(d: PlanDiff) -> list[str]:
    not_compared = unparsed_note(d)
    if not_compared:
        return [f"**Items:** {not_compared}.", ""]
    if not (d.added or d.removed or d.relinked or d.values):
        return []
    out = [f"**Items:**{items_heading(d).removeprefix('Items:')}", ""]
    out += [_item_md("Added", ref) for ref in d.added]
    out += [_item_md("Removed", ref) for ref in d.removed]
    for rl in d.relinked:
        out.append(f"- Relinked {rl.item.kind} {code(rl.item.id)}: {_changes_md(rl.changes)}")
    for v in d.values:
        out.append(
            f"- Changed {v.item.kind} {code(v.item.id)} {code(v.field)}: "
            f"{md(value_text(v.old))} → {md(value_text(v.new))}"
        )
    out.append("")
    return out


def _item_md(verb: str, ref: ItemRef) -> str:
    return f"- {verb} {ref.kind} {code(ref.id)}" + (f": {md(ref.name)}" if ref.name else "")


def _changes_md(changes: Sequence[LinkChange]) -> str:
    return "; ".join(f"{c.field}: {_links_md(c.old)} → {_links_md(c.new)}" for c in changes)

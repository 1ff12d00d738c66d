"""Renderers for ``ramaudit diff``: rich text, JSON and Markdown (for pull-request
comments). They read :class:`ramaudit.comparison.PlanDiff` records and run no analysis.

Plan text is data in all three: the text output shows every plan value and file name
through :func:`~ramaudit.report.escape.shown`, the Markdown through
:func:`~ramaudit.report.mdtext.md` or :func:`~ramaudit.report.mdtext.code` (the
currency of a money amount included), the JSON through
:func:`~ramaudit.report.escape.json_text`."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from ramaudit import __version__
from ramaudit.core.findings import Severity
from ramaudit.core.wording import money
from ramaudit.report.escape import json_text, shown
from ramaudit.report.mdtext import SEVERITY_MARK, code, md
from ramaudit.report.ram import RAM_SHORT, RAM_SPEND

DIFF_JSON_VERSION = 1
DIFF_FORMATS = ("text", "json", "markdown")


def render_diff(
    name: str,
    diffs: Sequence[Any],
    *,
    color: bool = False,
    width: int | None = None,
    wrap: bool = False,
) -> str:
    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: render_text(diffs, color=color, width=width, wrap=wrap),
        "json": lambda: render_json(diffs),
        "markdown": lambda: render_markdown(diffs),
    }
    return renderers[name]()


# --------------------------------------------------------------------------- shared


def signed(delta: float | None, digits: int = 0) -> str:
    if delta is None:
        return "n/a"
    if delta == 0:
        return "±0"
    return f"{delta:+,.{digits}f}"


def score_cell(value: int | None) -> str:
    return "—" if value is None else str(value)


def ram_cell(spend: Any) -> str:
    """RAM spend with its share, raw (the currency is plan text)."""
    if spend is None:
        return "—"
    text = money(spend.amount, spend.currency)
    return f"{text} ({spend.share:.0%})" if spend.total else text


def verdict(diff: Any) -> str:
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


def regression_reasons(diff: Any) -> list[str]:
    reasons = []
    if diff.score.dropped:
        if diff.score.new is None:
            reasons.append("the plan no longer parses, so it has no score")
        else:
            reasons.append(f"score dropped {diff.score.old} → {diff.score.new}")
    if diff.new_errors:
        reasons.append(f"{diff.new_errors} new error{'s' * (diff.new_errors != 1)}")
    return reasons


def unparsed_note(diff: Any) -> str | None:
    """Why items were not compared, or None when they were."""
    if diff.items_compared:
        return None
    if len(diff.unparsed) == 2:
        why = "neither version parses"
    else:
        why = f"the {diff.unparsed[0]} version does not parse"
    return f"cannot be compared, since {why}"


def unchecked_note(diff: Any) -> str | None:
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


def times(change: Any) -> str:
    return f" (×{change.count})" if change.count > 1 else ""


def where_seen(change: Any) -> str:
    return f"{change.path}:{change.line}:{change.column}"


def links_text(ids: Sequence[str]) -> str:
    return ", ".join(shown(i) for i in ids) if ids else "(none)"


# --------------------------------------------------------------------------- JSON


def document(diffs: Sequence[Any]) -> dict[str, Any]:
    return {
        "version": DIFF_JSON_VERSION,
        "tool": {"name": "ramaudit", "version": __version__},
        "plans": [d.to_dict() for d in diffs],
        "summary": summary(diffs),
    }


def summary(diffs: Sequence[Any]) -> dict[str, Any]:
    return {
        "plans": len(diffs),
        "regressions": sum(1 for d in diffs if d.regression),
        "errors": sum(1 for d in diffs if d.error),
        "fixed": sum(f.count for d in diffs for f in d.fixed),
        "new": sum(f.count for d in diffs for f in d.introduced),
        "new_errors": sum(d.new_errors for d in diffs),
    }


def render_json(diffs: Sequence[Any]) -> str:
    return json_text(document(diffs), default=str)


# --------------------------------------------------------------------------- text


def render_text(
    diffs: Sequence[Any], *, color: bool = False, width: int | None = None, wrap: bool = False
) -> str:
    """The diff for people. ``width`` sizes the tables; ``wrap`` (a terminal) wraps
    long lines at word boundaries under a hanging indent, else each stays one line."""
    from rich.table import Table
    from rich.text import Text

    from ramaudit.report import RenderOptions
    from ramaudit.report.console import make_console
    from ramaudit.report.text import Fitted

    buf = io.StringIO()
    plain = make_console(RenderOptions(color=color, width=width), buf)
    console = Fitted(plain, RenderOptions(width=plain.width, wrap=wrap))
    style = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

    def delta_style(delta: float | None, higher_is_better: bool = True) -> str:
        if not delta:
            return "dim"
        return "green" if (delta > 0) == higher_is_better else "red"

    if not diffs:
        console.print("no plan changed", soft_wrap=True)
    ram_label = RAM_SPEND
    for diff in diffs:
        head = Text(shown(diff.path), style="bold underline")
        if diff.old_path and diff.new_path and diff.old_path != diff.new_path:
            head.append(f"  ({shown(diff.old_path)} → {shown(diff.new_path)})", style="dim")
        if diff.plan_name:
            head.append(f"  {shown(diff.plan_name)}", style="bold")
        console.print(head, soft_wrap=True)
        if diff.error:
            console.print(Text.assemble(("error ", "bold red"), shown(diff.error)), soft_wrap=True)
            console.print()
            continue
        if diff.status in ("added", "removed"):
            console.print(Text(f"  plan {diff.status}", style="bold"))

        score = diff.score
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
        console.print(table)

        ram = diff.ram
        line = Text(f"{ram_label}: ", style="bold")
        ram_label = RAM_SHORT
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

        for title, changes, mark, mark_style in (
            ("Fixed", diff.fixed, "✓", "green"),
            ("New", diff.introduced, "✗", "red"),
        ):
            n = sum(c.count for c in changes)
            if not n:
                continue
            console.print(Text(f"{title} findings ({n})", style="bold"))
            for c in changes:
                console.print(
                    Text.assemble(
                        (f"  {mark} ", mark_style),
                        (c.code, style[c.severity]),
                        " ",
                        (f"{c.severity.value:<7}", style[c.severity]),
                        " ",
                        (shown(where_seen(c)), "bold"),
                        "  ",
                        shown(c.message),
                        times(c),
                    ),
                    soft_wrap=True,
                )
        if diff.unchanged:
            console.print(Text(f"{counted(diff.unchanged, 'finding')} unchanged", style="dim"))
        unchecked = unchecked_note(diff)
        if unchecked:
            console.print(Text(unchecked, style="dim"), soft_wrap=True)

        not_compared = unparsed_note(diff)
        if not_compared:
            console.print(
                Text.assemble(("Items: ", "bold"), not_compared),
                soft_wrap=True,
            )
        elif diff.added or diff.removed or diff.relinked:
            console.print(
                Text(
                    f"Items: {len(diff.added)} added, {len(diff.removed)} removed, "
                    f"{len(diff.relinked)} relinked",
                    style="bold",
                )
            )
            for ref in diff.added:
                console.print(
                    Text.assemble(
                        ("  + ", "green"),
                        f"{ref.kind} ",
                        (shown(ref.id), "bold"),
                        f"  {shown(ref.name)}" if ref.name else "",
                    ),
                    soft_wrap=True,
                )
            for ref in diff.removed:
                console.print(
                    Text.assemble(
                        ("  - ", "red"),
                        f"{ref.kind} ",
                        (shown(ref.id), "bold"),
                        f"  {shown(ref.name)}" if ref.name else "",
                    ),
                    soft_wrap=True,
                )
            for rl in diff.relinked:
                parts = "; ".join(
                    f"{c.field}: {links_text(c.old)} → {links_text(c.new)}" for c in rl.changes
                )
                console.print(
                    Text.assemble(
                        ("  ~ ", "yellow"),
                        f"{rl.item.kind} ",
                        (shown(rl.item.id), "bold"),
                        f"  {parts}",
                    ),
                    soft_wrap=True,
                )

        word = verdict(diff)
        line = Text("Verdict: ", style="bold")
        line.append(word, style={"setback": "bold red", "progress": "bold green"}.get(word, ""))
        reasons = regression_reasons(diff) if diff.regression else []
        if reasons:
            line.append(f" ({'; '.join(reasons)})")
        console.print(line, soft_wrap=True)
        console.print()
    if len(diffs) > 1:
        s = summary(diffs)
        console.print(
            f"{s['plans']} plans compared: {counted(s['fixed'], 'finding')} fixed, "
            f"{s['new']} new ({counted(s['new_errors'], 'error')}); "
            f"{s['regressions']} with a setback",
            soft_wrap=True,
        )
    return buf.getvalue()


# --------------------------------------------------------------------------- Markdown


def _links_md(ids: Sequence[str]) -> str:
    return ", ".join(code(i) for i in ids) if ids else "*none*"


def render_markdown(diffs: Sequence[Any]) -> str:
    out: list[str] = ["## ramaudit: plan changes", ""]
    if not diffs:
        out += ["No plan changed.", ""]
        return "\n".join(out)
    out += [
        f"| Plan | Score | Change | Fixed | New | New errors | {RAM_SPEND} | Verdict |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for d in diffs:
        if d.error:
            out.append(f"| {code(d.path, cell=True)} | — | — | — | — | — | — | could not compare |")
            continue
        ram = f"{md(ram_cell(d.ram.old))} → {md(ram_cell(d.ram.new))}"
        out.append(
            f"| {code(d.path, cell=True)} | {score_cell(d.score.old)} → {score_cell(d.score.new)} "
            f"| {signed(d.score.delta)} | {sum(f.count for f in d.fixed)} "
            f"| {sum(f.count for f in d.introduced)} | {d.new_errors} | {ram} "
            f"| {'**setback**' if d.regression else verdict(d)} |"
        )
    out.append("")
    for d in diffs:
        out += _plan_markdown(d)
    out.append(f"<sub>ramaudit {__version__}</sub>")
    out.append("")
    return "\n".join(out)


def _plan_markdown(d: Any) -> list[str]:
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

    out += ["| Fitness question | Before | After | Change |", "|---|---:|---:|---:|"]
    for q in d.score.questions:
        out.append(
            f"| {md(q.title)} | {score_cell(q.old)} | {score_cell(q.new)} | {signed(q.delta)} |"
        )
    out.append(
        f"| **Total** | **{score_cell(d.score.old)}** | **{score_cell(d.score.new)}** "
        f"| **{signed(d.score.delta)}** |"
    )
    out.append("")

    ram = d.ram
    line = f"**{RAM_SHORT}:** {md(ram_cell(ram.old))} → {md(ram_cell(ram.new))}"
    if ram.old is not None and ram.new is not None:
        line += f" ({signed(ram.delta)} {md(ram.new.currency)})"
    out += [line, ""]
    if ram.resolved:
        out += [f"- No longer random acts: {_links_md(ram.resolved)}"]
    if ram.appeared:
        out += [f"- New random acts: {_links_md(ram.appeared)}"]
    if ram.resolved or ram.appeared:
        out.append("")

    # A fixed finding is ticked whatever its severity; a new one is marked by its
    # severity, as the report's findings table marks it.
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

    not_compared = unparsed_note(d)
    if not_compared:
        out += [f"**Items:** {not_compared}.", ""]
    elif d.added or d.removed or d.relinked:
        out += [
            f"**Items:** {len(d.added)} added, {len(d.removed)} removed, "
            f"{len(d.relinked)} relinked",
            "",
        ]
        for ref in d.added:
            out.append(
                f"- Added {ref.kind} {code(ref.id)}" + (f": {md(ref.name)}" if ref.name else "")
            )
        for ref in d.removed:
            out.append(
                f"- Removed {ref.kind} {code(ref.id)}" + (f": {md(ref.name)}" if ref.name else "")
            )
        for rl in d.relinked:
            parts = "; ".join(
                f"{c.field}: {_links_md(c.old)} → {_links_md(c.new)}" for c in rl.changes
            )
            out.append(f"- Relinked {rl.item.kind} {code(rl.item.id)}: {parts}")
        out.append("")
    return out

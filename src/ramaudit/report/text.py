"""The default, human output: findings grouped by severity, a fitness panel, a summary."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ramaudit.findings import Severity
from ramaudit.report import RenderOptions, color_from_env, summary_counts

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def make_console(options: RenderOptions, file: Any = None) -> Console:
    color = options.color
    if color is None:
        color = color_from_env(file is None)
    return Console(
        file=file if file is not None else io.StringIO(),
        force_terminal=bool(color),
        no_color=not color,
        width=options.width or 100,
        highlight=False,
        markup=False,  # plan text is never rich markup: "[x]" must print as written
        emoji=False,
    )


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def ram_headline(spend: Any, shown: int | None = 5) -> str | None:
    """What random acts cost, naming up to ``shown`` of them (all with None). Orphans
    with no budget make the cost unknown, and the headline says so rather than 0%."""
    if spend is None or not spend.tactics:
        return None
    cut = len(spend.tactics) if shown is None else shown
    names = ", ".join(spend.tactics[:cut]) + (
        f" and {len(spend.tactics) - cut} more" if len(spend.tactics) > cut else ""
    )
    n = len(spend.tactics)
    acts = f"{n} random act{'s' * (n != 1)} of marketing"
    unbudgeted = len(getattr(spend, "unbudgeted", ()))
    if not unbudgeted and spend.total:
        return (
            f"{spend.amount:,.0f} of {money(spend.total, spend.currency)} "
            f"({spend.share:.0%}) funds random acts of marketing: {names}"
        )
    if not unbudgeted:
        return f"{acts}, with no money budgeted: {names}"
    if spend.amount:
        no_budget = "1 of them has" if unbudgeted == 1 else f"{unbudgeted} of them have"
        return (
            f"at least {spend.amount:,.0f} of {money(spend.total, spend.currency)} "
            f"({spend.share:.0%}) funds random acts of marketing, and {no_budget} no "
            f"budget: {names}"
        )
    which = " with no budget" if unbudgeted == n else f", {unbudgeted} with no budget"
    spends = "it spends" if n == 1 else "they spend"
    return f"{acts}{which}, so what {spends} is unknown: {names}"


def _bar(score: int, maximum: int, width: int = 25) -> Text:
    filled = round(width * score / maximum) if maximum else 0
    style = "green" if score >= 20 else ("yellow" if score >= 12 else "red")
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def score_panel(result: Any) -> Panel:
    score = result.score
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column()
    table.add_column(justify="right")
    table.add_column()
    for q in score.questions:
        ans = Text(q.answer.upper(), style="bold green" if q.answer == "yes" else "bold red")
        table.add_row(Text(q.title), _bar(q.score, q.max), f"{q.score:>2}/{q.max}", ans)
    total = score.total
    style = "bold green" if total >= 80 else ("bold yellow" if total >= 50 else "bold red")
    title = f"Marketing fitness: {result.plan_name or result.path}"
    body = Group(
        table,
        Text(""),
        Text.assemble(
            ("Total ", "bold"),
            (f"{total}/100", style),
            ("  evidence: ramaudit explain-score ", "dim"),
            (result.path, "dim"),
        ),
    )
    return Panel(body, title=Text(title), title_align="left", expand=False)


def write_results(console: Console, results: Sequence[Any], options: RenderOptions) -> None:
    for result in results:
        rendered = getattr(result, "rendered", None)
        if rendered is not None and rendered[0] == options:
            console.file.write(rendered[1])  # made by a worker process (check --jobs)
        else:
            write_result(console, result, options)
    if options.statistics:
        write_statistics(console, results)
    console.print(summary_line(results), soft_wrap=True)


def write_result(console: Console, result: Any, options: RenderOptions) -> None:
    """One file's block: its findings, score panel and RAM spend."""
    if result.error:
        console.print(Text.assemble(("error ", "bold red"), result.error), soft_wrap=True)
        return
    groups = {sev: [f for f in result.findings if f.severity is sev] for sev in ORDER}
    fixed = getattr(result, "baseline", None) is not None and result.baseline.fixed
    if not result.findings and options.quiet and not fixed:
        return
    console.print(Text(result.path, style="bold underline"), soft_wrap=True)
    if not result.findings:
        console.print(Text("  no findings", style="green"))
    lines = [
        Text.assemble(
            (f"{f.path}:{f.line}:{f.column}", "bold"),
            "  ",
            (f.code, STYLE[sev]),
            "  ",
            (f"{sev.value:<7}", STYLE[sev]),
            "  ",
            f.message,
        )
        for sev in ORDER
        for f in groups[sev]
    ]
    if lines:  # one print for all: the same text, at half the cost of a print per line
        console.print(Text("\n").join(lines), soft_wrap=True)
    write_baseline_status(console, result)
    if not options.quiet:
        if result.score is not None:
            console.print(score_panel(result))
        headline = ram_headline(result.ram_spend)
        if headline:
            console.print(
                Text("Spend on random acts of marketing (RAM spend): ", style="bold red")
                + Text(headline),
                soft_wrap=True,
            )
    console.print()


def render_file(result: Any, options: RenderOptions) -> str:
    """One file's block on its own, exactly as :func:`write_results` prints it, so
    that worker processes can render while they audit (``check --jobs``)."""
    buf = io.StringIO()
    write_result(make_console(options, buf), result, options)
    return buf.getvalue()


def write_baseline_status(console: Console, result: Any) -> None:
    """With --baseline: what it hid, and recorded findings that are gone."""
    status = getattr(result, "baseline", None)
    if status is None:
        return
    for entry in status.fixed:
        where = (
            " ".join(p for p in (entry["item"], entry["pointer"] and f"({entry['pointer']})") if p)
            or "the file"
        )
        times = f" x{entry['count']}" if entry["count"] > 1 else ""
        console.print(
            Text.assemble(
                ("  fixed  ", "bold green"),
                (entry["code"], "green"),
                f"  {entry['rule']} at {where}{times}: recorded in the baseline, no longer found",
                f": {entry['message']}" if entry.get("message") else "",
            ),
            soft_wrap=True,
        )
    if status.hidden:
        n = status.hidden
        console.print(
            Text(f"  {n} known finding{'s' * (n != 1)} hidden by the baseline", style="dim"),
            soft_wrap=True,
        )


def write_statistics(console: Console, results: Sequence[Any]) -> None:
    counts: dict[tuple[str, str, Severity], int] = {}
    for r in results:
        for f in r.findings:
            key = (f.code, f.rule, f.severity)
            counts[key] = counts.get(key, 0) + 1
    for (code, rule, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0])):
        console.print(Text.assemble(f"{n:>5}  ", (code, STYLE[sev]), f"  {rule}"))
    if counts:
        console.print()


def summary_line(results: Sequence[Any]) -> Text:
    c = summary_counts(results)
    unreadable = c["unreadable"]
    audited = c["files"] - unreadable
    parts = [
        (f"{c['error']} error{'s' * (c['error'] != 1)}", "bold red" if c["error"] else "green"),
        (f"{c['warning']} warning{'s' * (c['warning'] != 1)}", "yellow" if c["warning"] else ""),
        (f"{c['info']} info", "cyan" if c["info"] else ""),
    ]
    text = Text(f"{audited} file{'s' * (audited != 1)} audited: ")
    for i, (label, style) in enumerate(parts):
        text.append(("" if i == 0 else ", ") + label, style=style)
    if unreadable:
        text.append(f"; {unreadable} could not be read", style="bold red")
    ram = [r.ram_spend for r in results if r.ram_spend is not None and r.ram_spend.tactics]
    if ram:
        n = sum(len(s.tactics) for s in ram)
        text.append(f"; {n} random act{'s' * (n != 1)} of marketing", style="bold red")
        currencies = {s.currency for s in ram}
        unknown = sum(len(getattr(s, "unbudgeted", ())) for s in ram)
        if len(currencies) == 1:
            amount = sum(s.amount for s in ram)
            total = sum(s.total for s in ram)
            if total and (amount or not unknown):
                text.append(
                    f" carrying {'at least ' if unknown else ''}"
                    f"{money(amount, currencies.pop())} "
                    f"({amount / total:.0%} of tactic budget)"
                )
        if unknown:
            text.append(f", {unknown} with no budget")
    return text


def render(results: Sequence[Any], options: RenderOptions) -> str:
    buf = io.StringIO()
    write_results(make_console(options, buf), results, options)
    return buf.getvalue()

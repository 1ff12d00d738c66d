"""The default, human output: findings grouped by severity, a fitness panel, a summary.

Every string from a plan or a file name goes through :func:`~ramaudit.report.escape.shown`
before it reaches rich, so none can start a line of its own or send the terminal a
control sequence; the colours rich adds are the only escape sequences written."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ramaudit.core.findings import Severity
from ramaudit.report import RenderOptions
from ramaudit.report.console import (  # noqa: F401 (output_width: re-exported)
    DEFAULT_WIDTH,
    make_console,
    output_width,
    print_plain,
)
from ramaudit.report.escape import shown
from ramaudit.report.ram import BUDGET_LINES, RAM_SPEND, lines_text, ram_headline
from ramaudit.report.text_plain import (
    BAR_WIDTH,
    EMPTY,
    FULL,
    MIN_BAR_WIDTH,  # noqa: F401 (re-exported)
    SHORT,
    Part,
    bar_width,
    filled_cells,
    finding_parts,
    fixed_parts,
    footer_command,
    footer_on_one_line,
    hidden_line,
    ram_summary_parts,
    severity_style,
    summary_parts,
)

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.findings import Finding

STYLE = {sev: severity_style(sev) for sev in Severity}
ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


# A hanging indent needs this much room for the message; with less (a long path, a
# narrow terminal) the message goes on the lines below its location, indented.
MIN_MESSAGE_WIDTH = 40
BELOW_INDENT = 4


def _wrapped(console: Console, text: Text, width: int) -> list[Text]:
    """``text`` wrapped at word boundaries to ``width`` cells, no trailing spaces (a
    word longer than the width is folded: nothing else could fit it)."""
    lines = [line.copy() for line in text.wrap(console, max(1, width), overflow="fold")]
    for line in lines:
        line.rstrip()
    return lines


def hanging(
    console: Console, lead: Text, message: Text, width: int | None = None, below: bool = False
) -> Text:
    """``lead`` then ``message`` wrapped at word boundaries to ``width`` (the
    console's), every further line indented under the message's first word so the
    column under ``lead`` stays clear. When ``lead`` leaves too little room the
    message starts on the next line, indented by :data:`BELOW_INDENT`."""
    from rich.cells import cell_len

    width = width or console.width
    indent = cell_len(lead.plain)
    if below or width - indent < MIN_MESSAGE_WIDTH:
        head = lead.copy()
        head.rstrip()
        pad = Text(" " * BELOW_INDENT)
        body = _wrapped(console, message, width - BELOW_INDENT)
        return Text("\n").join([head, *(pad + line for line in body)])
    lines = _wrapped(console, message, width - indent)
    pad = Text(" " * indent)
    first = lead + (lines[0] if lines else Text(""))
    return Text("\n").join([first, *(pad + line for line in lines[1:])])


def fit(console: Console, text: Text, options: RenderOptions, indent: int | None = None) -> None:
    """Print a line of prose: wrapped at word boundaries under a hanging indent of
    ``indent`` (by default 2 more than the line's own) on a terminal, on one line
    otherwise."""
    if not options.wrap:
        if not print_plain(console, (text,)):  # rich's render only where it changes a character
            console.print(text, soft_wrap=True)
        return
    if indent is None:
        indent = len(text.plain) - len(text.plain.lstrip(" ")) + 2
    lines = _wrapped(console, text, console.width)
    if len(lines) > 1:
        rest = Text(" ").join(lines[1:])  # re-wrapped to the narrower column
        more = _wrapped(console, rest, console.width - indent)
        lines = [lines[0], *(Text(" " * indent) + line for line in more)]
    console.print(Text("\n").join(lines), soft_wrap=True)


class Fitted:
    """A console whose ``print(text, soft_wrap=True)`` goes through :func:`fit`: one
    line when piped, wrapped at word boundaries on a terminal. Anything else (tables,
    panels) prints as usual, sized to the console's width."""

    def __init__(self, console: Console, options: RenderOptions) -> None:
        self.console = console
        self.options = options

    def print(self, *objects: Any, soft_wrap: bool = False, **kwargs: Any) -> None:
        if soft_wrap and len(objects) == 1 and isinstance(objects[0], str | Text):
            obj = objects[0]
            fit(self.console, Text(obj) if isinstance(obj, str) else obj, self.options)
        elif not objects and not soft_wrap and not kwargs:
            self.console.file.write("\n")  # what print() writes: an empty line
        else:
            self.console.print(*objects, soft_wrap=soft_wrap, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


def ellipsize(text: str, width: int) -> Text:
    """``text`` cut to ``width`` cells, ending with an ellipsis when cut."""
    out = Text(text, no_wrap=True)
    out.truncate(max(1, width), overflow="ellipsis")
    return out


def _bar(score: int, maximum: int, width: int = BAR_WIDTH, capped: bool = False) -> Text:
    filled = filled_cells(score, maximum, width)
    style = "green" if score >= 20 and not capped else ("yellow" if score >= 12 else "red")
    return Text(FULL * filled, style=style) + Text(EMPTY * (width - filled), style="dim")


def _assembled(parts: list[Part]) -> Text:
    text = Text()
    for part, style in parts:
        text.append(part, style=style)
    return text


def score_panel(result: AuditResult, width: int | None = None) -> Panel:
    """The fitness panel, at most ``width`` columns wide: on a narrow terminal the bars
    shrink first, then the questions wrap at word boundaries; a long plan name is cut
    with an ellipsis."""
    from rich.cells import cell_len

    width = width or DEFAULT_WIDTH
    score = result.score
    assert score is not None, "only a scored plan has a panel"
    titles = [q.title for q in score.questions]
    bars = bar_width([cell_len(t) for t in titles], width)
    table = Table.grid(padding=(0, 1))
    table.add_column(ratio=1)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    for q in score.questions:
        ans = Text(q.answer.upper(), style="bold green" if q.answer == "yes" else "bold red")
        table.add_row(
            Text(q.title),
            _bar(q.score, q.max, bars, capped=bool(q.caps)),
            f"{q.score:>2}/{q.max}",
            ans,
        )
    total = score.total
    style = "bold green" if total >= 80 else ("bold yellow" if total >= 50 else "bold red")
    title = ellipsize(f"Marketing fitness: {shown(result.plan_name or result.path)}", width - 6)
    rows: list[Table | Text] = [table]
    capped = [q for q in score.questions if q.caps]
    if capped:  # why a question is NO whatever its points: the errors that bear on it
        why = Table.grid(padding=(0, 1))
        why.add_column(no_wrap=True)
        why.add_column(ratio=1)
        for q in capped:
            why.add_row(Text(SHORT.get(q.key, q.key), style="bold"), Text(shown(q.cap_text or "")))
        rows += [Text(""), why]
    # The footer's command follows the total when both fit, else it has a line of its own.
    inside = width - 4  # 2 borders, 2 padding
    command = footer_command(result.path, inside, cell_len)
    total_text = Text.assemble(("Total ", "bold"), (f"{total}/100", style))
    evidence = Text(f"evidence: {command}", style="dim", no_wrap=True)
    if footer_on_one_line(total_text.cell_len, evidence.cell_len, inside):
        footer = [Text.assemble(total_text, "  ", evidence)]
    else:
        footer = [total_text, evidence]
    rows += [Text(""), *footer]
    return Panel(Group(*rows), title=title, title_align="left", expand=False, width=None)


def write_results(console: Console, results: Sequence[AuditResult], options: RenderOptions) -> None:
    for result in results:
        rendered = result.rendered
        if rendered is not None and rendered[0] == options:
            console.file.write(rendered[1])  # made by a worker process (check --jobs)
        else:
            write_result(console, result, options)
    if options.statistics:
        write_statistics(console, results)
    fit(console, summary_line(results), options)


def write_result(console: Console, result: AuditResult, options: RenderOptions) -> None:
    """One file's block: its findings, score panel and RAM spend."""
    if _plain(console, options):
        from ramaudit.report.text_plain import block

        made = block(result, options, console.width)
        if made is not None:
            console.file.write(made)
            return
    if result.error:
        fit(console, Text.assemble(("error ", "bold red"), shown(result.error)), options)
        return
    groups = {sev: [f for f in result.findings if f.severity is sev] for sev in ORDER}
    fixed = result.baseline is not None and result.baseline.fixed
    if not result.findings and options.quiet and not fixed:
        return
    console.print(Text(shown(result.path), style="bold underline"), soft_wrap=True)
    if not result.findings:
        console.print(Text("  no findings", style="green"))
    lines = [finding_text(console, f, sev, options.wrap) for sev in ORDER for f in groups[sev]]
    if lines:  # one print for all: the same text, at half the cost of a print per line
        console.print(Text("\n").join(lines), soft_wrap=True)
    write_baseline_status(console, result, options)
    if not options.quiet:
        if result.score is not None:
            console.print(score_panel(result, console.width))
        headline = ram_headline(result.ram_spend)
        if headline:
            label = Text(f"{RAM_SPEND}: ", style="bold red")
            fit(console, label + Text(headline), options)
        write_budget_lines(console, result, options)
    console.print()


def _plain(console: Console, options: RenderOptions) -> bool:
    """Whether ``console`` prints plain characters (no colour, no wrapping, box
    drawing as is), so that a block can be written without rich laying it out."""
    return (
        console.color_system is None
        and not options.wrap
        and not console.legacy_windows
        and console.encoding.startswith("utf")
    )


def write_budget_lines(console: Console, result: AuditResult, options: RenderOptions) -> None:
    """Format 2's budget lines, on a line of their own: planned, never random acts."""
    spend = result.ram_spend
    line = lines_text(spend, shown(spend.currency)) if spend is not None else None
    if line:
        fit(console, Text(f"{BUDGET_LINES}: ", style="bold") + Text(line), options)


def finding_text(console: Console, f: Finding, sev: Severity, wrap: bool) -> Text:
    """One finding: ``path:line:col  CODE  severity  message``. On one line, or with
    ``wrap`` wrapped to the console under a hanging indent; a location too long to
    share its line puts the code and message on the lines below it."""
    from rich.cells import cell_len

    if not wrap:  # the common case, kept to one Text per finding (large plans)
        return Text.assemble(*finding_parts(f, sev))
    location = Text(f"{shown(f.path)}:{f.line}:{f.column}", style="bold")
    tag = Text.assemble("  ", (f.code, STYLE[sev]), "  ", (f"{sev.value:<7}", STYLE[sev]), "  ")
    message = Text(shown(f.message))
    if cell_len(location.plain) + cell_len(tag.plain) <= console.width:
        return hanging(console, location + tag, message)
    body = tag[2:] + message
    return hanging(console, location, body, below=True)


def render_file(result: AuditResult, options: RenderOptions) -> str:
    """One file's block on its own, exactly as :func:`write_results` prints it, so
    that worker processes can render while they audit (``check --jobs``)."""
    buf = io.StringIO()
    write_result(make_console(options, buf), result, options)
    return buf.getvalue()


def write_baseline_status(
    console: Console, result: AuditResult, options: RenderOptions | None = None
) -> None:
    """With --baseline: what it hid, and recorded findings that are gone."""
    status = result.baseline
    if status is None:
        return
    for entry in status.fixed:
        fit(console, Text.assemble(*fixed_parts(entry)), options or RenderOptions(), indent=4)
    if status.hidden:
        console.print(Text(hidden_line(status.hidden), style="dim"), soft_wrap=True)


def write_statistics(console: Console, results: Sequence[AuditResult]) -> None:
    counts: dict[tuple[str, str, Severity], int] = {}
    for r in results:
        for f in r.findings:
            key = (f.code, f.rule, f.severity)
            counts[key] = counts.get(key, 0) + 1
    for (code, rule, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0])):
        console.print(Text.assemble(f"{n:>5}  ", (code, STYLE[sev]), f"  {rule}"))
    if counts:
        console.print()


def summary_line(results: Sequence[AuditResult]) -> Text:
    return _assembled(summary_parts(results))


def ram_summary(results: Sequence[AuditResult]) -> Text:
    """The run's random acts, added up per currency (see ``text_plain.ram_summary_parts``)."""
    return _assembled(ram_summary_parts(results))


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    buf = io.StringIO()
    write_results(make_console(options, buf), results, options)
    return buf.getvalue()

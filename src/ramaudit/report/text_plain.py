"""The text report without rich, when it can be written as plain strings.

``report.text`` draws the default report with rich. A run that is not coloured, not
wrapped and whose plan text is printable ASCII that fits its lines gets, byte for byte,
the same characters from the string building here: no console is made and rich is not
imported (a good quarter of what a small ``check`` adds to importing its dependencies).
Anything else (colour, a terminal's wrapping, wide or unusual characters, a line that
would wrap or be cut, the statistics' lines) is drawn by rich, as before.

The words and the layout's arithmetic are declared here once and ``report.text``
styles the same parts: a part is ``(text, style)``, the style used by rich alone."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ramaudit.core.wording import money
from ramaudit.report import RenderOptions, summary_counts
from ramaudit.report.console import DEFAULT_WIDTH, color_from_env
from ramaudit.report.escape import shown
from ramaudit.report.ram import BUDGET_LINES, RAM_SPEND, accepted_note, lines_text, ram_headline

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.config.baseline import FileStatus
    from ramaudit.core.findings import Finding, Severity
    from ramaudit.score.fitness import Score

Part = tuple[str, str]

BAR_WIDTH = 25
MIN_BAR_WIDTH = 5
FULL, EMPTY = "█", "░"
# rich's rounded box, as Panel draws it.
TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT, ACROSS, SIDE = "╭", "╮", "╰", "╯", "─", "│"


def severity_style(sev: Severity) -> str:
    from ramaudit.core.findings import Severity

    return {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}[sev]


def finding_parts(f: Finding, sev: Severity) -> list[Part]:
    """One finding on one line: ``path:line:col  CODE  severity  message``."""
    style = severity_style(sev)
    return [
        (f"{shown(f.path)}:{f.line}:{f.column}", "bold"),
        ("  ", ""),
        (f.code, style),
        ("  ", ""),
        (f"{sev.value:<7}", style),
        ("  ", ""),
        (shown(f.message), ""),
    ]


def summary_parts(results: Sequence[AuditResult]) -> list[Part]:
    """The closing line: files audited, findings by severity, the run's random acts."""
    c = summary_counts(results)
    unreadable = c["unreadable"]
    audited = c["files"] - unreadable
    counts = [
        (f"{c['error']} error{'s' * (c['error'] != 1)}", "bold red" if c["error"] else "green"),
        (f"{c['warning']} warning{'s' * (c['warning'] != 1)}", "yellow" if c["warning"] else ""),
        (f"{c['info']} info", "cyan" if c["info"] else ""),
    ]
    parts = [(f"{audited} file{'s' * (audited != 1)} audited: ", "")]
    parts += [(("" if i == 0 else ", ") + label, style) for i, (label, style) in enumerate(counts)]
    if unreadable:
        parts.append((f"; {unreadable} could not be read", "bold red"))
    return parts + ram_summary_parts(results)


def ram_summary_parts(results: Sequence[AuditResult]) -> list[Part]:
    """The run's random acts, added up per currency: ``; 6 random acts of marketing
    carrying 325,000 USD (26% of tactic budget)``, or nothing without any."""
    from ramaudit.api import run_spend

    spends = run_spend(results)
    parts: list[Part] = []
    n = sum(s.tactics for s in spends)
    accepted = sum(s.accepted for s in spends)
    if n:
        parts.append((f"; {n:,} random act{'s' * (n != 1)} of marketing", "bold red"))
        several = len(spends) > 1
        carried = [
            f"{'at least ' if s.unbudgeted else ''}{money(s.amount, shown(s.currency))} "
            f"({s.share:.0%} of {'the ' + shown(s.currency) + ' ' if several else ''}"
            f"{'planned spend' if s.planned_more else 'tactic budget'})"
            for s in spends
            if s.tactics and s.total and (s.amount or not s.unbudgeted)
        ]
        if carried:
            parts.append((" carrying " + " and ".join(carried), ""))
        unknown = sum(s.unbudgeted for s in spends)
        if unknown:
            parts.append((f", {unknown:,} with no budget", ""))
    if accepted:
        parts.append((f"; {accepted_note(accepted, n)}", ""))
    return parts


def bar_width(titles: Sequence[int], width: int) -> int:
    """The bars' cells in a panel ``width`` columns wide whose longest question takes
    ``max(titles)`` cells: 2 borders, 2 padding, 3 gaps between the 4 columns, the
    points and the answer come first; the bars shrink before the questions wrap."""
    room = width - 4 - 3 - len("25/25") - len("YES")
    return max(MIN_BAR_WIDTH, min(BAR_WIDTH, room - max(titles, default=0)))


def filled_cells(score: int, maximum: int, width: int) -> int:
    return round(width * score / maximum) if maximum else 0


def footer_command(path: str, inside: int, cells: Callable[[str], int] = len) -> str:
    """The command the panel's footer names; it is copied into a shell, so never
    wrapped nor cut: when it does not fit ``inside`` columns (``cells`` of it) it
    names PATH."""
    command = f"ramaudit explain-score {shlex.quote(shown(path))}"
    if cells(command) + len("evidence: ") > inside:
        command = "ramaudit explain-score PATH"
    return command


def footer_on_one_line(total: int, evidence: int, inside: int) -> bool:
    """Whether the total (``total`` cells) and the evidence share a line."""
    return total + 2 + evidence <= inside


# How the panel names a question in the line that says why it is answered NO.
SHORT = {
    "process": "Process",
    "accountability": "Accountability",
    "market": "Market",
    "execution": "Execution",
}


class Unfit(Exception):
    """What a plain string cannot show as rich would: rich draws the report."""


def _ascii(text: str) -> str:
    if not (text.isascii() and text.isprintable()):
        raise Unfit
    return text


def _line(parts: Sequence[Part]) -> str:
    return _ascii("".join(text for text, _ in parts)) + "\n"


class _Panel:
    """The fitness panel, ``width`` columns at most (a plain class: a dataclass costs
    a run more to make than this saves writing)."""

    def __init__(self, width: int) -> None:
        self.width = width

    def draw(self, result: AuditResult, score: Score) -> str:
        qs = score.questions
        titles = [_ascii(q.title) for q in qs]
        bars = bar_width([len(t) for t in titles], self.width)
        points = [f"{q.score:>2}/{q.max}" for q in qs]
        answers = [q.answer.upper() for q in qs]
        cols = [max(map(len, column), default=0) for column in (titles, points, answers)]
        rows = [
            f"{t:<{cols[0]}} {self.bar(q.score, q.max, bars)} {p:>{cols[1]}} {a:<{cols[2]}}"
            for q, t, p, a in zip(qs, titles, points, answers, strict=True)
        ]
        capped = [q for q in qs if q.caps]
        if capped:
            names = [SHORT.get(q.key, q.key) for q in capped]
            whys = [_ascii(shown(q.cap_text or "")) for q in capped]
            wide = max(map(len, names))
            widest = max(map(len, whys))
            rows += ["", *(f"{n:<{wide}} {w:<{widest}}" for n, w in zip(names, whys, strict=True))]
        inside = self.width - 4
        command = footer_command(result.path, inside)
        total = f"Total {score.total}/100"
        evidence = f"evidence: {command}"
        if footer_on_one_line(len(total), len(evidence), inside):
            rows += ["", f"{total}  {evidence}"]
        else:
            rows += ["", total, evidence]
        return self.boxed(rows, _ascii(shown(result.plan_name or result.path)))

    @staticmethod
    def bar(score: int, maximum: int, width: int) -> str:
        filled = filled_cells(score, maximum, width)
        return FULL * filled + EMPTY * (width - filled)

    def boxed(self, rows: list[str], name: str) -> str:
        inside = self.width - 4
        if max(map(len, rows)) > inside:
            raise Unfit  # rich would wrap the questions or the reasons
        title = f"Marketing fitness: {name}"
        room = max(1, self.width - 6)
        if len(title) > room:  # cut with an ellipsis, as the rich panel's title is
            title = title[: room - 1] + "…"
        title = f" {title} "
        content = max(max(map(len, rows)) + 2, len(title) + 2)
        child = min(self.width - 2, content)
        top = TOP_LEFT + ACROSS + title.ljust(child - 2, ACROSS) + ACROSS + TOP_RIGHT
        body = [f"{SIDE} {row:<{child - 2}} {SIDE}" for row in rows]
        bottom = BOTTOM_LEFT + ACROSS * child + BOTTOM_RIGHT
        return "\n".join([top, *body, bottom]) + "\n"


def fixed_parts(entry: Mapping[str, Any]) -> list[Part]:
    """A recorded finding that is gone: its line's parts (the baseline is a file anyone
    can edit, so its text is data like a plan's)."""
    where = (
        " ".join(p for p in (entry["item"], entry["pointer"] and f"({entry['pointer']})") if p)
        or "the file"
    )
    times = f" x{entry['count']}" if entry["count"] > 1 else ""
    message = entry.get("message")
    return [
        ("  fixed  ", "bold green"),
        (shown(entry["code"]), "green"),
        (
            f"  {shown(entry['rule'])} at {shown(where)}{times}: recorded in the baseline, "
            "no longer found",
            "",
        ),
        (f": {shown(message)}" if message else "", ""),
    ]


def hidden_line(hidden: int) -> str:
    return f"  {hidden} known finding{'s' * (hidden != 1)} hidden by the baseline"


def baseline_lines(status: FileStatus, width: int) -> list[str]:
    """With --baseline: the recorded findings that are gone, and how many it hid."""
    out = []
    for entry in status.fixed:
        line = _line(fixed_parts(entry))
        if line.endswith(" \n") and len(line) - 1 > width:
            raise Unfit  # rich drops the spaces past the width
        out.append(line)
    if status.hidden:
        out.append(hidden_line(status.hidden) + "\n")
    return out


def _result(result: AuditResult, options: RenderOptions, width: int) -> str:
    from ramaudit.core.findings import Severity

    if result.error:
        return _line([("error ", ""), (shown(result.error), "")])
    status = result.baseline
    if not result.findings and options.quiet and not (status is not None and status.fixed):
        return ""
    out = [_line([(shown(result.path), "")])]
    if not result.findings:
        out.append("  no findings\n")
    order = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    out += [
        _line(finding_parts(f, sev)) for sev in order for f in result.findings if f.severity is sev
    ]
    if status is not None:
        out += baseline_lines(status, width)
    if not options.quiet:
        if result.score is not None:
            out.append(_Panel(width).draw(result, result.score))
        headline = ram_headline(result.ram_spend)
        if headline:
            out.append(_line([(f"{RAM_SPEND}: ", ""), (headline, "")]))
        spend = result.ram_spend
        budget = lines_text(spend, shown(spend.currency)) if spend is not None else None
        if budget:
            out.append(_line([(f"{BUDGET_LINES}: ", ""), (budget, "")]))
    out.append("\n")
    return "".join(out)


def block(result: AuditResult, options: RenderOptions, width: int) -> str | None:
    """One file's block as plain strings, or None when rich must draw it: what
    ``report.text.write_result`` writes on a plain console (``--jobs`` workers, and
    runs the whole-report path turned down)."""
    try:
        return _result(result, options, width)
    except Unfit:
        return None


def plain(results: Sequence[AuditResult], options: RenderOptions) -> str | None:
    """The text report as plain strings, or None when rich must draw it."""
    color = options.color
    if color is None:  # as make_console decides for its buffer: not a terminal
        color = color_from_env(False)
    if color or options.wrap or options.statistics:
        return None
    width = options.width or DEFAULT_WIDTH
    out: list[str] = []
    try:
        for result in results:
            rendered = result.rendered
            if rendered is not None and rendered[0] == options:
                out.append(rendered[1])  # made by a worker process (check --jobs)
            else:
                out.append(_result(result, options, width))
        out.append(_line(summary_parts(results)))
    except Unfit:
        return None
    return "".join(out)


def render(results: Sequence[AuditResult], options: RenderOptions) -> str:
    """The text report: plain strings when they show it exactly, else rich's."""
    text = plain(results, options)
    if text is not None:
        return text
    from ramaudit.report.text import render as drawn

    return drawn(results, options)

"""The HTML report's progress section: pictures of a plan's run as inline SVG.

Pure functions from a :class:`ramaudit.core.progress.PlanStatus` (and the plan, and an
optional history) to HTML text: a bar per key result from baseline to target with a
mark at the share of time gone, a burn-up of spend against the budget and the phasing,
a timeline of tactics by channel (or stage) with the as-of day, and a chart of the
plan's history. No scripts; every picture has a ``<title>`` and ``<desc>``, and every
fact it shows is written as text beside it (the state in words, values as numbers), so
nothing depends on colour or on a tooltip, and print keeps it all. Plan text goes
through :func:`esc` (shown escaped, then HTML-escaped), which is also valid XML.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.core.progress import KeyResultStatus, PlanStatus, SpendStatus, State
from ramaudit.core.records import dataclass
from ramaudit.core.wording import money
from ramaudit.report.escape import shown
from ramaudit.report.targets import CONFIDENTIAL, number

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.model import Plan
    from ramaudit.report import RenderOptions
    from ramaudit.report.progress_content import HistoryPointLike

WIDTH = 760.0
CHAR_WIDTH = 6.4  # of a 12px sans-serif character, on average
LINE = 15.0
LABEL_X = 8.0
LABEL_W = 250.0
BAR_X = 270.0
BAR_W = 300.0
STATE_X = BAR_X + BAR_W + 12
BAR_H = 12.0
MAX_KEY_RESULTS = 60
MAX_TACTICS = 80
MAX_HISTORY_ROWS = 24
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CSS = """
.progress figure{margin:8px 0 14px;break-inside:avoid}
.progress svg{max-width:100%;height:auto;display:block;border:1px solid var(--line,#d9e2ec);
border-radius:6px;background:#fff}
.progress svg text{font-size:12px;fill:#1f2933}
.progress svg text.meta{font-size:11px;fill:#5f6b7a}.progress svg text.head{font-weight:700}
.progress .track{fill:#e4e9f0}.progress .fill{fill:#2f855a}
.progress .fill.at-risk{fill:#d69e2e}.progress .fill.off-track{fill:#c62828}
.progress .fill.over{fill:#c62828}
.progress path.expected{stroke:#1f2933;stroke-width:2.5}
.progress path.as-of{stroke:#2b6cb0;stroke-width:1.5;stroke-dasharray:4 3}
.progress path.grid{stroke:#e4e9f0;stroke-width:1}
.progress path.spent{fill:none;stroke:#c62828;stroke-width:2.5}
.progress path.phasing{fill:none;stroke:#5f6b7a;stroke-width:2;stroke-dasharray:6 4}
.progress path.budget{fill:none;stroke:#1f2933;stroke-width:1.5}
.progress path.score{fill:none;stroke:#2b6cb0;stroke-width:2}
.progress path.progress-line{fill:none;stroke:#2f855a;stroke-width:2;stroke-dasharray:5 3}
.progress rect.span{fill:#4c9a63}.progress rect.span.open{fill:#a9d5b5}
.progress text.state.off-track{fill:#c62828;font-weight:700}
.progress text.state.at-risk{fill:#8a5a00;font-weight:700}
.progress table.history td{font-variant-numeric:tabular-nums}
@media print{.progress svg{border:none}.progress figure{break-inside:avoid}}
"""


def esc(value: object) -> str:
    """Plan text for HTML and SVG text and attributes (well-formed XML too)."""
    return html.escape(shown(value), quote=True)


def wrap(text: str, width: float) -> list[str]:
    """``text`` on as many lines of ``width`` pixels as it needs: full names, never cut."""
    chars = max(8, int(width / CHAR_WIDTH))
    return textwrap.wrap(" ".join(shown(text).split()), width=chars) or [""]


def share(value: float | None) -> float:
    """A share held to 0..1 for drawing (None and NaN draw as nothing)."""
    if value is None or not math.isfinite(value):
        return 0.0 if value is None or math.isnan(value) else (1.0 if value > 0 else 0.0)
    return min(1.0, max(0.0, value))


def percent(value: float) -> str:
    return f"{value * 100:.0f}%" if math.isfinite(value) else "—"


def short_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def slug(state: State) -> str:
    return str(state).replace(" ", "-")


def _svg(ident: str, height: float, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" role="img" id="{ident}" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{esc(title)}</title><desc id="{ident}-desc">{esc(desc)}</desc>'
    )


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' text-anchor="{anchor}"' if anchor else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{esc(text)}</text>'


# ------------------------------------------------------------------ key results


def owner_label(kr: KeyResultStatus) -> str:
    from ramaudit.core.model import kind_of

    name = kr.owner.name or kr.owner.id
    return f"{kind_of(kr.owner)} {kr.owner.id}" + (f": {name}" if name != kr.owner.id else "")


def values_text(kr: KeyResultStatus) -> str:
    """What the bar shows, in words: latest against target, progress and time gone."""
    parts: list[str] = []
    if kr.kpi.confidential:
        parts.append(f"target {CONFIDENTIAL}")
    elif kr.target is not None:
        latest = number(kr.latest.value) if kr.latest is not None else "no reading"
        base = f" (baseline {number(kr.baseline)})" if kr.baseline is not None else ""
        parts.append(f"{latest} of {number(kr.target)}{base}")
    else:
        parts.append("no target")
    if kr.progress is not None:
        parts.append(f"{percent(kr.progress)} of the way")
    if kr.expected is not None:
        parts.append(f"{percent(kr.expected)} of the time gone")
    if kr.confidence is not None:
        parts.append(f"confidence {kr.confidence:g}")
    if kr.age_days is not None:
        parts.append(f"read {kr.age_days} day{'s' * (kr.age_days != 1)} ago")
    return " · ".join(parts)


def state_text(kr: KeyResultStatus) -> str:
    words = str(kr.state)
    if kr.grade is not None:
        words += f", grade {kr.grade:.2f} of {kr.expected_grade:.1f}"
    if kr.progress is not None and math.isfinite(kr.progress):
        if kr.progress > 1:
            words += ", beyond target"
        elif kr.progress < 0:
            words += ", below baseline"
    return words


def _kr_row(kr: KeyResultStatus, top: float) -> tuple[str, float]:
    label = wrap(kr.kpi.metric, LABEL_W) + wrap(owner_label(kr), LABEL_W)
    heads = len(wrap(kr.kpi.metric, LABEL_W))
    values = wrap(values_text(kr), WIDTH - BAR_X - 8)
    height = max(len(label) * LINE, (1 + len(values)) * LINE + 4) + 12
    progress = "" if kr.progress is None else f' data-progress="{kr.progress:.4f}"'
    expected = "" if kr.expected is None else f' data-expected="{kr.expected:.4f}"'
    out = [f'<g class="kr" data-state="{kr.state}"{progress}{expected}>']
    for i, line in enumerate(label):
        out.append(_text(LABEL_X, top + 12 + i * LINE, line, "head" if i < heads else "meta"))
    y = top + 3
    out.append(
        f'<rect class="track" x="{BAR_X:.1f}" y="{y:.1f}" width="{BAR_W:.1f}" '
        f'height="{BAR_H:.0f}"/>'
    )
    if kr.progress is not None:
        w = BAR_W * share(kr.progress)
        out.append(
            f'<rect class="fill {slug(kr.state)}" x="{BAR_X:.1f}" y="{y:.1f}" '
            f'width="{w:.1f}" height="{BAR_H:.0f}"/>'
        )
    if kr.expected is not None:
        x = BAR_X + BAR_W * share(kr.expected)
        out.append(f'<path class="expected" d="M{x:.1f} {y - 4:.1f}V{y + BAR_H + 4:.1f}"/>')
    out.append(_text(STATE_X, y + 10, state_text(kr), f"state {slug(kr.state)}"))
    for i, line in enumerate(values):
        out.append(_text(BAR_X, top + 32 + i * LINE, line, "meta"))
    out.append("</g>")
    return "".join(out), height


def key_result_chart(status: PlanStatus, ident: str) -> str:
    """A bar per key result: filled to its progress, marked at the time gone."""
    rows = status.key_results[:MAX_KEY_RESULTS]
    body: list[str] = [
        _text(LABEL_X, 18, "Key result", "head"),
        _text(BAR_X, 18, "Baseline → target; the black mark is the share of time gone", "meta"),
    ]
    top = 30.0
    for kr in rows:
        row, height = _kr_row(kr, top)
        body.append(row)
        top += height
    counts: dict[str, int] = {}
    for kr in status.key_results:
        counts[str(kr.state)] = counts.get(str(kr.state), 0) + 1
    desc = ", ".join(f"{n} {state}" for state, n in counts.items())
    title = f"Progress of {len(status.key_results)} key results on {status.as_of.isoformat()}"
    return _svg(ident, top + 4, title, desc or "no key results") + "".join(body) + "</svg>"


# ------------------------------------------------------------------ spend


@dataclass(frozen=True, slots=True)
class Axis:
    """Days ``first``..``last`` mapped onto ``x0``..``x1`` pixels."""

    first: dt.date
    last: dt.date
    x0: float
    x1: float

    def x(self, day: dt.date) -> float:
        days = max(1, (self.last - self.first).days)
        offset = min(max((day - self.first).days, 0), days)
        return self.x0 + (self.x1 - self.x0) * offset / days

    def months(self) -> list[dt.date]:
        day = dt.date(self.first.year, self.first.month, 1)
        out = []
        while day <= self.last:
            if day >= self.first:
                out.append(day)
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out


def spent_steps(status: PlanStatus, first: dt.date) -> list[tuple[dt.date, float]]:
    """Cumulative spend by day up to the as-of day, as ``spent_to`` counts it: each
    expense on its day, a ``spent`` total on its ``as_of`` day (from ``first`` when it
    names none)."""
    delta: dict[dt.date, float] = {}
    for s in status.spend:
        item = s.item
        if item.expenses:
            for e in item.expenses:
                if e.date <= status.as_of:
                    day = max(e.date, first)
                    delta[day] = delta.get(day, 0.0) + e.amount
        elif item.spent is not None and (item.as_of is None or item.as_of <= status.as_of):
            day = max(item.as_of or first, first)
            delta[day] = delta.get(day, 0.0) + item.spent
    total = 0.0
    steps = [(first, 0.0)]
    for day in sorted(delta):
        total += delta[day]
        steps.append((day, total))
    return steps


def phasing_points(status: PlanStatus) -> list[tuple[dt.date, float]]:
    """The cumulative phasing of every tactic and campaign, at each phase's edges
    (it grows linearly inside a phase, as ``phased_to`` counts it)."""
    from ramaudit.core.progress import phased_to

    phased = [s.item for s in status.spend if s.item.phases]
    days: set[dt.date] = set()
    for item in phased:
        for span, _ in item.phases:
            days.add(span.first - dt.timedelta(days=1))
            days.add(span.last)
    return [(d, sum(phased_to(i, d) or 0.0 for i in phased)) for d in sorted(days)]


def _range(status: PlanStatus, plan: Plan, extra: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    period = plan.info.period if plan.info is not None else None
    days = [d for d in (period.start if period else None, period.end if period else None) if d]
    days += [*extra, status.as_of]
    first, last = min(days), max(days)
    if period is not None and period.start is not None:
        first = min(period.start, first)
    return first, (last if last > first else first + dt.timedelta(days=1))


def burn_up_chart(status: PlanStatus, plan: Plan, ident: str) -> str:
    """Cumulative spend against the budget line and the cumulative phasing."""
    currency = plan.info.currency if plan.info is not None else ""
    phases = phasing_points(status)
    first, last = _range(status, plan, [d for d, _ in phases])
    steps = spent_steps(status, first)
    spent = steps[-1][1]
    top = max([status.budget, spent, *(v for _, v in phases), 1.0])
    if not math.isfinite(top):
        return ""
    top *= 1.08
    axis = Axis(first, last, 90.0, WIDTH - 180)
    y0, y1 = 230.0, 24.0

    def y(value: float) -> float:
        return y0 - (y0 - y1) * value / top

    body: list[str] = []
    for month in axis.months():
        x = axis.x(month)
        body.append(f'<path class="grid" d="M{x:.1f} {y1:.1f}V{y0:.1f}"/>')
        body.append(_text(x, y0 + 16, short_day(month), "meta", "middle"))
    body.append(_text(axis.x0 - 6, y0 + 4, money(0, currency), "meta", "end"))
    if status.budget > 0:
        by = y(status.budget)
        body.append(f'<path class="budget" d="M{axis.x0:.1f} {by:.1f}H{axis.x1:.1f}"/>')
        body.append(_text(axis.x1 + 6, by + 4, f"budget {money(status.budget, currency)}"))
    if phases:
        d = "M" + "L".join(f"{axis.x(day):.1f} {y(v):.1f}" for day, v in phases)
        body.append(f'<path class="phasing" d="{d}"/>')
        body.append(
            _text(axis.x1 + 6, y(phases[-1][1]) + 18, f"phasing {money(phases[-1][1], currency)}")
        )
    path = [f"M{axis.x(first):.1f} {y(0):.1f}"]
    for day, total in steps[1:]:
        path.append(f"H{axis.x(day):.1f}V{y(total):.1f}")
    path.append(f"H{axis.x(status.as_of):.1f}")
    body.append(f'<path class="spent" d="{"".join(path)}" data-spent="{spent:.2f}"/>')
    ax = axis.x(status.as_of)
    body.append(f'<path class="as-of" d="M{ax:.1f} {y1 - 8:.1f}V{y0:.1f}"/>')
    body.append(_text(ax, y1 - 10, f"as of {status.as_of.isoformat()}", "meta", "middle"))
    body.append(_text(ax + 6, y(spent) - 6, f"spent {money(spent, currency)}"))
    title = f"Spend to {status.as_of.isoformat()} against budget and phasing"
    desc = spend_sentence(status, currency)
    return _svg(ident, 260, title, desc) + "".join(body) + "</svg>"


def spend_sentence(status: PlanStatus, currency: str) -> str:
    words = f"Spent {money(status.spent, currency)}"
    if status.budget > 0:
        used = percent(status.spent / status.budget)
        words += f" of a {money(status.budget, currency)} budget ({used})"
    words += f" by {status.as_of.isoformat()}"
    phased = [s.phased for s in status.spend if s.phased is not None]
    if phased:
        words += f"; the phasing planned {money(sum(phased), currency)} by then"
    return words + "."


def spend_rows(status: PlanStatus) -> list[SpendStatus]:
    return [s for s in status.spend if s.budget is not None or s.spent is not None]


def spend_words(s: SpendStatus, currency: str) -> str:
    """One item's spend in words: spent of budget, over budget, phased to date."""
    spent = money(s.spent, currency) if s.spent is not None else "nothing recorded"
    words = f"{spent} of {money(s.budget, currency)}" if s.budget is not None else spent
    if s.share is not None:
        words += f" ({percent(s.share)})"
    if s.over_budget:
        words += f" · over budget by {money(s.over_budget, currency)}"
    if s.phased is not None:
        words += f" · phased to date {money(s.phased, currency)}"
    return words


def _spend_row(s: SpendStatus, currency: str, top: float) -> tuple[str, float]:
    label = wrap(s.item.name or s.item.id, LABEL_W)
    values = wrap(spend_words(s, currency), WIDTH - BAR_X - 8)
    height = max(len(label) * LINE, (1 + len(values)) * LINE + 4) + 10
    scale = max(s.budget or 0.0, s.spent or 0.0, s.phased_total or 0.0)
    out = [f'<g class="item-spend" data-item="{esc(s.item.id)}">']
    out += [_text(LABEL_X, top + 12 + i * LINE, line) for i, line in enumerate(label)]
    y = top + 3
    if scale > 0 and math.isfinite(scale):
        budget_w = BAR_W * (s.budget or 0.0) / scale
        out.append(
            f'<rect class="track" x="{BAR_X:.1f}" y="{y:.1f}" width="{budget_w:.1f}" '
            f'height="{BAR_H:.0f}"/>'
        )
        spent = s.spent or 0.0
        inside = min(spent, s.budget if s.budget is not None else spent)
        out.append(
            f'<rect class="fill" x="{BAR_X:.1f}" y="{y:.1f}" '
            f'width="{BAR_W * inside / scale:.1f}" height="{BAR_H:.0f}"/>'
        )
        if s.over_budget:
            out.append(
                f'<rect class="fill over" x="{BAR_X + budget_w:.1f}" y="{y:.1f}" '
                f'width="{BAR_W * s.over_budget / scale:.1f}" height="{BAR_H:.0f}"/>'
            )
        if s.phased is not None:
            x = BAR_X + BAR_W * s.phased / scale
            out.append(f'<path class="expected" d="M{x:.1f} {y - 4:.1f}V{y + BAR_H + 4:.1f}"/>')
    out += [_text(BAR_X, top + 30 + i * LINE, line, "meta") for i, line in enumerate(values)]
    out.append("</g>")
    return "".join(out), height


def spend_chart(status: PlanStatus, currency: str, ident: str) -> str:
    """A bar per tactic and campaign: spent against its budget (beyond it in red),
    marked at what its phasing planned by now."""
    rows = spend_rows(status)[:MAX_TACTICS]
    if not rows:
        return ""
    body = [
        _text(LABEL_X, 18, "Tactic or campaign", "head"),
        _text(BAR_X, 18, "Spent against budget; the black mark is the phasing to date", "meta"),
    ]
    top = 30.0
    for s in rows:
        row, height = _spend_row(s, currency, top)
        body.append(row)
        top += height
    title = f"Spend of {len(rows)} tactics and campaigns on {status.as_of.isoformat()}"
    over = sum(1 for s in rows if s.over_budget)
    desc = f"{over} over budget" if over else "none over budget"
    return _svg(ident, top + 4, title, desc) + "".join(body) + "</svg>"


# ------------------------------------------------------------------ timeline


def grouping(plan: Plan) -> str:
    """``channel`` when any tactic names one, else ``stage``."""
    return "channel" if any(t.channel for t in plan.tactics) else "stage"


def tactic_groups(status: PlanStatus, plan: Plan) -> list[tuple[str, list[SpendStatus]]]:
    """The tactics (first occurrences, in plan order) grouped by channel or stage."""
    by = grouping(plan)
    groups: dict[str, list[SpendStatus]] = {}
    tactics = [s for s in status.spend if type(s.item).__name__ == "Tactic"][:MAX_TACTICS]
    for s in tactics:
        key = getattr(s.item, by, None) or f"no {by}"
        groups.setdefault(key, []).append(s)
    return list(groups.items())


def timeline_chart(status: PlanStatus, plan: Plan, ident: str) -> str:
    """Each tactic's start-to-end bar, grouped by channel or stage, with the as-of day."""
    groups = tactic_groups(status, plan)
    if not groups:
        return ""
    dates = [d for _, ss in groups for s in ss for d in (s.start, s.end) if d is not None]
    first, last = _range(status, plan, dates)
    axis = Axis(first, last, BAR_X, WIDTH - 20)
    body: list[str] = []
    top = 36.0
    for name, rows in groups:
        body.append(f'<g class="group">{_text(LABEL_X, top + 12, name, "head")}</g>')
        top += LINE + 6
        for s in rows:
            row, height = _span_row(s, axis, top)
            body.append(row)
            top += height
    head = [_text(axis.x(m), 20, short_day(m), "meta", "middle") for m in axis.months()]
    grid = [f'<path class="grid" d="M{axis.x(m):.1f} 26V{top:.1f}"/>' for m in axis.months()]
    ax = axis.x(status.as_of)
    mark = f'<path class="as-of" d="M{ax:.1f} 24V{top:.1f}"/>' + _text(
        ax, top + 14, f"as of {status.as_of.isoformat()}", "meta", "middle"
    )
    title = f"Tactics by {grouping(plan)}, start to end, with {status.as_of.isoformat()} marked"
    desc = f"{sum(len(r) for _, r in groups)} tactics in {len(groups)} groups"
    return _svg(ident, top + 22, title, desc) + "".join(head + grid + body) + mark + "</svg>"


def _span_row(s: SpendStatus, axis: Axis, top: float) -> tuple[str, float]:
    item = s.item
    label = wrap(item.name or item.id, LABEL_W - 12)
    height = max(len(label) * LINE, 2 * LINE + 2) + 8
    out = [f'<g class="tactic" data-item="{esc(item.id)}">']
    for i, line in enumerate(label):
        out.append(_text(LABEL_X + 12, top + 12 + i * LINE, line))
    status = item.status or "no status"
    if s.start is None and s.end is None:
        words = f"no dates · {status}"
    else:
        start, end = s.start or axis.first, s.end or axis.last
        x0, x1 = axis.x(start), axis.x(max(start, end))
        cls = "span open" if s.start is None or s.end is None else "span"
        out.append(
            f'<rect class="{cls}" x="{x0:.1f}" y="{top + 3:.1f}" width="{max(x1 - x0, 2):.1f}" '
            f'height="{BAR_H:.0f}" data-start="{start.isoformat()}" data-end="{end.isoformat()}"/>'
        )
        words = (
            f"{s.start.isoformat() if s.start else 'no start'} to "
            f"{s.end.isoformat() if s.end else 'no end'} · {status}"
        )
    out.append(_text(axis.x0, top + 28, words, "meta"))
    out.append("</g>")
    return "".join(out), height


# ------------------------------------------------------------------ history


def history_chart(points: Sequence[HistoryPointLike], ident: str, currency: str) -> str:
    """Score and progress (both as 0-100%) and spend by date."""
    points = sorted(points, key=lambda p: p.day)
    if not points:
        return ""
    first, last = points[0].day, points[-1].day
    if last <= first:
        last = first + dt.timedelta(days=1)
    axis = Axis(first, last, 90.0, WIDTH - 150)
    y0, y1 = 200.0, 20.0
    body: list[str] = []
    for value in (0, 50, 100):
        yy = y0 - (y0 - y1) * value / 100
        body.append(f'<path class="grid" d="M{axis.x0:.1f} {yy:.1f}H{axis.x1:.1f}"/>')
        body.append(_text(axis.x0 - 6, yy + 4, f"{value}%", "meta", "end"))
    series = (
        ("score", [(p.day, p.score / 100) for p in points if p.score is not None], "score"),
        (
            "progress-line",
            [(p.day, p.progress) for p in points if p.progress is not None],
            "progress",
        ),
    )
    for cls, values, name in series:
        if not values:
            continue
        d = "M" + "L".join(
            f"{axis.x(day):.1f} {y0 - (y0 - y1) * share(v):.1f}" for day, v in values
        )
        body.append(f'<path class="{cls}" d="{d}"/>')
        v = values[-1][1]
        last_text = f"{name} {v * 100:.0f}" + ("%" if name == "progress" else "")
        body.append(_text(axis.x1 + 6, y0 - (y0 - y1) * share(v) + 4, last_text))
    body.append(_text(axis.x0, y0 + 16, first.isoformat(), "meta"))
    body.append(_text(axis.x1, y0 + 16, points[-1].day.isoformat(), "meta", "end"))
    title = f"History from {first.isoformat()} to {points[-1].day.isoformat()}"
    desc = f"{len(points)} points: score (solid) and progress (dashed) as percentages"
    return _svg(ident, 226, title, desc) + "".join(body) + "</svg>"


def _known(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def history_table(points: Sequence[HistoryPointLike], currency: str) -> str:
    rows = sorted(points, key=lambda p: p.day)[-MAX_HISTORY_ROWS:]
    out = [
        '<table class="history"><thead><tr><th>Day</th><th class="num">Score</th>'
        '<th class="num">Progress</th><th class="num">Spent</th></tr></thead><tbody>'
    ]
    for p in rows:
        score = f"{p.score:.0f}" if p.score is not None and _known(p.score) else "—"
        progress = percent(p.progress) if p.progress is not None else "—"
        spent = money(p.spent, currency) if p.spent is not None and _known(p.spent) else "—"
        out.append(
            f'<tr><td>{p.day.isoformat()}</td><td class="num">{score}</td>'
            f'<td class="num">{progress}</td><td class="num">{esc(spent)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


# ------------------------------------------------------------------ the section


def _figure(cls: str, picture: str, caption: str) -> str:
    return (
        f'<figure class="{cls}">{picture}<figcaption class="note">{esc(caption)}'
        "</figcaption></figure>"
    )


def section(
    status: PlanStatus | None,
    plan: Plan | None,
    history: Sequence[HistoryPointLike] | None,
    prefix: str,
) -> str:
    """The whole progress section, or nothing for a plan that tracks nothing and has no
    history (so a report of such a plan is what it always was)."""
    if status is None or plan is None or not (status.tracked or history):
        return ""
    currency = plan.info.currency if plan.info is not None else ""
    out = [
        f'<section class="progress" id="{prefix}-progress"><style>{CSS}</style>'
        f"<h3>Progress on {status.as_of.isoformat()}</h3>"
    ]
    if status.key_results and status.tracks_progress:
        left = len(status.key_results) - MAX_KEY_RESULTS
        note = "Each bar runs from the baseline to the target." + (
            f" {left} more key results are not drawn." if left > 0 else ""
        )
        out.append("<h4>Key results</h4>")
        out.append(_figure("progress-krs", key_result_chart(status, f"{prefix}-krs"), note))
    if status.tracks_spend or any(s.item.phases for s in status.spend):
        chart = burn_up_chart(status, plan, f"{prefix}-burn-up")
        if chart:
            out.append("<h4>Spend against budget and phasing</h4>")
            out.append(_figure("progress-spend", chart, spend_sentence(status, currency)))
        bars = spend_chart(status, currency, f"{prefix}-spend")
        if bars:
            out.append(_figure("progress-item-spend", bars, "Red past the end: over budget."))
    timeline = timeline_chart(status, plan, f"{prefix}-timeline")
    if timeline:
        out.append(f"<h4>Tactics by {grouping(plan)}</h4>")
        out.append(_figure("progress-timeline", timeline, "Lighter bars have no start or end day."))
    if history:
        out.append("<h4>History</h4>")
        chart = history_chart(history, f"{prefix}-history", currency)
        out.append(f'<figure class="progress-history">{chart}{history_table(history, currency)}')
        out.append("</figure>")
    out.append("</section>")
    return "".join(out)


def progress_section(result: AuditResult, prefix: str, options: RenderOptions | None) -> str:
    """The progress section of ``result``'s plan in the HTML report ('' when it tracks
    nothing): its status and history read through the content layer."""
    from ramaudit.api import plan_status_of
    from ramaudit.report.progress_content import history_of, may_record

    history = history_of(result, options)
    if history is None and not may_record(result):
        return ""  # section() would say so after reading the whole status
    return section(plan_status_of(result), result.plan, history, prefix)

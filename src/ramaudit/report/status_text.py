"""``ramaudit status`` for people: bars drawn with rich.

For each goal, objective and key result a bar from the baseline to the target with
the expected position (the share of time gone) marked ``│``, the percentages and the
state in words; for each tactic and campaign a bar of spend against its budget with
the phasing to date marked; then the totals and the cost per result. Every line is
built to fit the width (80 columns by default when piped under COLUMNS=80): names are
cut with an ellipsis, details go on as many lines as they need, split between their
parts. The state is always written in words, so nothing depends on colour.

Plan text goes through :func:`~ramaudit.report.escape.shown`; a confidential KPI
shows neither its target nor its readings (``report/targets.py``).
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.text import Text

from ramaudit.core.model import kind_of
from ramaudit.core.progress import State
from ramaudit.core.wording import money
from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report import cascade_words as w
from ramaudit.report.console import make_console, write_plain_lines
from ramaudit.report.escape import shown
from ramaudit.report.status_words import (
    CASCADE_HEAD,
    LEGEND,
    NOTHING_TRACKED,
    age,
    cascade_money,
    cost_text,
    latest_shown,
    objectives_outside_goals,
    owned,
    percent,
    phasing_note,
    random_act,
    recorded,
    shown_costs,
    span,
)
from ramaudit.rollup import status_cascade

if TYPE_CHECKING:
    from rich.console import Console

    from ramaudit.api import StatusResult
    from ramaudit.core.progress import KeyResultStatus, ObjectiveStatus, PlanStatus, SpendStatus
    from ramaudit.rollup import Cascade

STATE_STYLE = {
    State.ON_TRACK: "green",
    State.AT_RISK: "yellow",
    State.OFF_TRACK: "bold red",
    State.NO_CHECKIN: "magenta",
    State.UNMEASURABLE: "dim",
}
BAR_WIDTH = 30
MIN_BAR_WIDTH = 10
# What follows a bar on its line, at its longest: "-100% · expected 100% · not measurable".
AFTER_BAR = 40
SEP = " · "
# Lines printed at once: enough to pay rich's set-up rarely, few enough that its work on
# one text (which grows faster than the text) stays small.
FLUSH_LINES = 64
SEP_CELLS = 3  # cell_len(SEP)

# The characters rich's texts drop (strip_control_codes), found by one search: most
# lines hold none, and translating every line character by character cost more than
# the rest of the plain report.
_STRIPPED = re.compile("[" + re.escape("".join(map(chr, STRIP_CONTROL_CODES))) + "]")
# The two characters with which rich measures a string other than as the sum of its
# characters' cells.
_JOINING = ("\u200d", "\ufe0f")
_NOT_PRINTABLE_ASCII = re.compile("[^\x20-\x7e]")


def stripped(text: str) -> str:
    """``strip_control_codes(text)``: what a rich text keeps of ``text``."""
    return strip_control_codes(text) if _STRIPPED.search(text) is not None else text


def cells(text: str) -> int:
    """``cell_len(text)``, counted without going through every character in Python:
    printable ASCII (most of a report) is one cell each, and without joiners or
    variation selectors rich sums its characters' cells, so only the others are asked."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _JOINING[0] in text or _JOINING[1] in text:
        return cell_len(text)
    odd = _NOT_PRINTABLE_ASCII.findall(text)
    return len(text) - len(odd) + sum(map(get_character_cell_size, odd))


def joined_cells(joined: str, left: int, right: int) -> int:
    """The cells of ``joined``, two strings of ``left`` and ``right`` cells joined by
    :data:`SEP`: their sum, as rich counts a string without joiners or variation
    selectors character by character."""
    if _JOINING[0] in joined or _JOINING[1] in joined:
        return cell_len(joined)
    return left + SEP_CELLS + right


class Lines:
    """The report's lines, each fitted to ``width`` cells, kept until :meth:`flush`
    prints them at once: one ``console.print`` per line costs rich its whole render
    set-up each time, which made the report of a big plan several times its audit.

    On a console that writes no styles (piped, NO_COLOR) the lines are kept as their
    plain characters: joining, measuring and indenting strings gives what rich's
    texts would print, at a fraction of the cost, and the rare line that must wrap or
    be cut is handed to rich's own wrapping and truncation, which read only the
    characters. With colour every line is a rich text, as before."""

    def __init__(self, console: Console, width: int) -> None:
        self.console = console
        self.width = width
        self.plain = console.color_system is None
        self.texts: list[Text | str] = []

    def line(self, text: Text | str = "") -> None:
        if self.plain:
            self._keep(text.plain if isinstance(text, Text) else stripped(text))
        else:
            self._keep(text if isinstance(text, Text) else Text(text))

    def _keep(self, text: Text | str) -> None:
        # A plain line here is already stripped.
        self.texts.append(text)
        if len(self.texts) >= FLUSH_LINES:
            self.flush()

    def flush(self) -> None:
        if not self.texts:
            return
        # A plain console's lines are all kept as stripped strings (line, _keep).
        plain = self.plain and write_plain_lines(self.console, self.texts)  # type: ignore[arg-type]
        if not plain:
            texts = [t if isinstance(t, Text) else Text(t) for t in self.texts]
            self.console.print(Text("\n").join(texts), soft_wrap=True)
        self.texts = []

    def head(self, indent: int, text: Text | str) -> None:
        """A line that names something: cut with an ellipsis where it is too long."""
        room = self.width - indent
        if self.plain:
            plain = _plain(text)
            if cells(plain) > room:
                cut = Text(plain)
                cut.truncate(max(1, room), overflow="ellipsis")
                plain = cut.plain
            self._keep(" " * indent + plain)
            return
        text = text if isinstance(text, Text) else Text(text)
        if cell_len(text.plain) > room:
            text = text.copy()
            text.truncate(max(1, room), overflow="ellipsis")
        self.line(Text(" " * indent) + text)

    def parts(self, indent: int, parts: Sequence[Text | str]) -> None:
        """Parts joined by `` · `` on as few lines as fit; a part too long for a line
        alone wraps at its spaces, further lines indented two more."""
        if self.plain:
            self._plain_parts(indent, parts)
            return
        current = Text()
        for part in parts:
            piece = part if isinstance(part, Text) else Text(part)
            joined = current + SEP + piece if current.plain else piece
            if current.plain and cell_len(joined.plain) > self.width - indent:
                self.wrapped(indent, current)
                current = piece
            else:
                current = joined
        if current.plain:
            self.wrapped(indent, current)

    def _plain_parts(self, indent: int, parts: Sequence[Text | str]) -> None:
        # parts() on the characters alone: the same joins, measures and breaks, each
        # part measured once.
        room = self.width - indent
        current, used = "", 0
        for part in parts:
            piece = _plain(part)
            size = cells(piece)
            if not current:
                current, used = piece, size
                continue
            joined = current + SEP + piece
            both = joined_cells(joined, used, size)
            if both > room:
                self._fitted(indent, current, used)
                current, used = piece, size
            else:
                current, used = joined, both
        if current:
            self._fitted(indent, current, used)

    def wrapped(self, indent: int, text: Text | str) -> None:
        if self.plain:
            plain = _plain(text)
            self._fitted(indent, plain, cells(plain))
            return
        if cell_len(text.plain if isinstance(text, Text) else text) <= self.width - indent:
            self.line(Text(" " * indent) + text)
            return
        self._wrap(indent, text if isinstance(text, Text) else Text(text))

    def _fitted(self, indent: int, plain: str, size: int) -> None:
        # A plain line of ``size`` cells: as it is when it fits, else wrapped by rich.
        if size <= self.width - indent:
            self._keep(" " * indent + plain)
        else:
            self._wrap(indent, Text(plain))

    def _wrap(self, indent: int, text: Text) -> None:
        room = self.width - indent
        first, *rest = text.wrap(self.console, max(1, room), overflow="fold")
        first.rstrip()
        self.line(Text(" " * indent) + first)
        if rest:
            more = Text(" ").join(rest)
            for line in more.wrap(self.console, max(1, room - 2), overflow="fold"):
                line.rstrip()
                self.line(Text(" " * (indent + 2)) + line)

    def bar_width(self, indent: int) -> int:
        return max(MIN_BAR_WIDTH, min(BAR_WIDTH, self.width - indent - AFTER_BAR))


def _plain(text: Text | str) -> str:
    """What a rich text of ``text`` holds: its characters, control codes dropped."""
    return text.plain if isinstance(text, Text) else stripped(text)


def bar(share: float | None, mark: float | None, width: int, style: str) -> Text:
    """``share`` of ``width`` cells filled, with ``│`` where ``mark`` falls."""
    out = Text()
    # Runs of cells, not a span per cell: a big plan draws tens of thousands of bars.
    for cells, run_style in bar_runs(share, mark, width, style):
        out.append(cells, style=run_style)
    return out


def drawn_bar(
    out: Lines, share: float | None, mark: float | None, width: int, style: str
) -> Text | str:
    """:func:`bar` for ``out``: its characters alone when ``out`` keeps plain lines."""
    if out.plain:
        return _bar_cells(*_bar_cuts(share, mark, width))
    return bar(share, mark, width, style)


@functools.lru_cache(maxsize=1024)
def _bar_cells(width: int, filled: int, at: int | None) -> str:
    # A big plan draws tens of thousands of bars, nearly all alike: each drawn once.
    return "".join(cells for cells, _ in _runs_drawn(width, filled, at, ""))


def _bar_cuts(share: float | None, mark: float | None, width: int) -> tuple[int, int, int | None]:
    """The bar's width, its filled cells and the cell of its mark (None: no mark)."""
    filled = 0 if share is None else round(width * min(1.0, max(0.0, share)))
    at = None if mark is None else min(width - 1, max(0, round(width * min(1.0, mark)) - 1))
    return width, filled, at


def bar_runs(
    share: float | None, mark: float | None, width: int, style: str
) -> list[tuple[str, str]]:
    """The bar's runs of cells, each with its style."""
    return _runs_drawn(*_bar_cuts(share, mark, width), style)


def _runs_drawn(width: int, filled: int, at: int | None, style: str) -> list[tuple[str, str]]:
    drawn = []
    for start, end in runs(width, filled, at):
        if start == at:
            drawn.append(("│", "bold"))
        elif start < filled:
            drawn.append(("█" * (end - start), style))
        else:
            drawn.append(("░" * (end - start), "dim"))
    return drawn


def runs(width: int, filled: int, at: int | None) -> list[tuple[int, int]]:
    """The bar's cells cut at the fill's end and around the mark."""
    cuts = sorted({0, filled, width} | ({at, at + 1} if at is not None else set()))
    return [(a, b) for a, b in itertools.pairwise(cuts) if a < b <= width]


def state_text(state: State | None) -> Text:
    if state is None:
        return Text("no key results", style="dim")
    return Text(state.value, style=STATE_STYLE[state])


def styled(out: Lines, text: str, style: str = "") -> Text | str:
    """``Text(text, style=style)``, or for ``out`` keeping plain lines its characters."""
    return stripped(text) if out.plain else Text(text, style=style)


def progress_line(
    out: Lines, indent: int, progress: float | None, expected: float | None, state: State | None
) -> None:
    if state is None:  # a goal or objective with no key result to roll up
        out.parts(indent, [styled(out, "no key results", "dim")])
        return
    style = STATE_STYLE[state]
    drawn = drawn_bar(out, progress, expected, out.bar_width(indent), style)
    rest: list[Text | str] = [
        drawn + "  " + percent(progress),
        f"expected {percent(expected)}",
        state.value if out.plain else state_text(state),
    ]
    out.parts(indent, rest)


def plus(left: Text | str, right: Text | str) -> Text | str:
    """``left + right``: a string when both are (a plain report), else a rich text."""
    if isinstance(left, str) and isinstance(right, str):
        return left + right
    return (left if isinstance(left, Text) else Text(left)) + right


def named(kind: str, item_id: str, name: str | None) -> Text:
    text = Text(f"{kind} ", style="dim") + Text(shown(item_id), style="bold")
    if name:
        text += Text(": " + shown(name))
    return text


def named_for(out: Lines, kind: str, item_id: str, name: str | None) -> Text | str:
    """:func:`named`, as characters alone when ``out`` keeps plain lines."""
    if not out.plain:
        return named(kind, item_id, name)
    text = f"{kind} {shown(item_id)}"
    return stripped(text + ": " + shown(name) if name else text)


def key_result_block(out: Lines, indent: int, kr: KeyResultStatus) -> None:
    unit = f" ({shown(kr.kpi.unit)})" if kr.kpi.unit and kr.kpi.unit != "%" else ""
    words = shown(kr.kpi.metric) + unit + "  " + shown(span(kr))
    out.wrapped(indent, "• " + words if out.plain else Text("• ") + Text(words))
    progress_line(out, indent + 2, kr.progress, kr.expected, kr.state)
    details: list[str] = []
    if kr.latest is not None:
        when = kr.latest.day.isoformat() if kr.latest.day is not None else "an unstated day"
        details.append(f"latest {shown(latest_shown(kr))} on {when} ({age(kr.age_days)})")
    else:
        details.append("no check-in yet")
    if kr.confidence is not None:
        details.append(f"confidence {kr.confidence:g}")
    if kr.grade is not None:
        details.append(f"grade {kr.grade:.2f} ({kr.commitment}: {kr.expected_grade:.1f} expected)")
    elif kr.commitment != "committed":
        details.append(kr.commitment)
    out.parts(indent + 2, details)


def objective_block(out: Lines, indent: int, o: ObjectiveStatus, currency: str) -> None:
    out.head(indent, named_for(out, "objective", o.objective.id, o.objective.name))
    progress_line(out, indent + 2, o.progress, o.expected, o.state)
    if o.spent is not None or o.budget is not None:
        spent = money(o.spent or 0, shown(currency))
        budget = f" of {money(o.budget, shown(currency))}" if o.budget is not None else ""
        out.parts(indent + 2, [f"spent {spent}{budget} on the tactics serving it"])
    if o.grade is not None:
        out.parts(indent + 2, [f"grade {o.grade:.2f}, the mean of its key results' grades"])
    for kr in o.key_results:
        key_result_block(out, indent + 2, kr)


def goals_section(out: Lines, status: PlanStatus, currency: str) -> None:
    out.line(Text("Goals and objectives", style="bold underline"))
    for g in status.goals:
        out.head(0, named_for(out, "goal", g.goal.id, g.goal.name))
        progress_line(out, 2, g.progress, g.expected, g.state)
        for o in g.objectives:
            objective_block(out, 2, o, currency)
    others = objectives_outside_goals(status)
    if others:
        out.line(Text("objectives under another objective or no goal", style="dim"))
        for o in others:
            objective_block(out, 2, o, currency)
    if not status.goals and not others:
        out.line("  no goals or objectives")


def spend_bar(out: Lines, indent: int, s: SpendStatus, currency: str) -> None:
    c = shown(currency)
    if s.spent is None:
        words = "nothing spent recorded"
        if s.budget is not None:
            words += f" of {money(s.budget, c)}"
        out.parts(indent, [words])
    elif s.budget is None or s.budget <= 0:
        out.parts(indent, [f"spent {money(s.spent, c)}", "no budget"])
    else:
        style = "bold red" if s.over_budget > 0 else "cyan"
        mark = s.phased / s.budget if s.phased is not None else None
        drawn = drawn_bar(out, s.share, mark, out.bar_width(indent), style)
        parts: list[Text | str] = [
            drawn + f"  {money(s.spent, c)} of {money(s.budget, c)} ({percent(s.share)})"
        ]
        if s.over_budget > 0:
            parts.append(styled(out, f"{money(s.over_budget, c)} over budget", "bold red"))
        out.parts(indent, parts)
    note = phasing_note(s, c)
    if note is not None:
        out.parts(indent, [note])


def spend_section(out: Lines, status: PlanStatus, currency: str) -> None:
    out.line(Text("Spend against budget", style="bold underline"))
    if not status.spend:
        out.line("  no tactics or campaigns")
    for s in status.spend:
        head = named_for(out, kind_of(s.item), s.item.id, s.item.name)
        if random_act(status, s):
            head = plus(styled(out, "random act ", "bold red"), head)
        out.head(2, head)
        spend_bar(out, 4, s, currency)
        for kr in owned(status, s.item):
            key_result_block(out, 4, kr)


def totals_section(out: Lines, result: StatusResult, status: PlanStatus) -> None:
    c = shown(result.currency)
    out.line(Text("Totals", style="bold underline"))
    planned = f"budget {money(status.budget, c)} in tactics and campaigns"
    if result.plan_budget is not None:
        planned += f" of the plan's {money(result.plan_budget, c)}"
    share = f" ({percent(status.spent / status.budget)})" if status.budget > 0 else ""
    out.parts(2, [planned])
    out.parts(2, [f"spent {money(status.spent, c)}{share}"])
    ram = f"spent on random acts {money(status.ram_spent, c)}"
    if status.ram_items:
        ram += f" ({', '.join(shown(i) for i in status.ram_items)})"
    out.parts(2, [ram])
    costs = list(shown_costs(status))
    if costs:
        out.line()
        out.line(Text("Cost per result", style="bold underline"))
    for cost in costs:
        who = plus(
            styled(out, f"{kind_of(cost.item)} ", "dim"), styled(out, shown(cost.item.id), "bold")
        )
        out.parts(2, [who + f": {shown(cost.kpi.metric)}", cost_text(cost, c)])


def untracked(out: Lines, result: StatusResult, status: PlanStatus) -> None:
    c = shown(result.currency)
    out.parts(2, [NOTHING_TRACKED])
    if result.plan_budget is not None:
        out.parts(2, [f"the plan's budget: {money(result.plan_budget, c)}"])
    else:
        out.parts(2, [f"budget in tactics and campaigns: {money(status.budget, c)}"])


def plan_block(out: Lines, result: StatusResult) -> None:
    name = Text(shown(result.audit.plan_name or result.path), style="bold")
    day = f"{SEP}status on {result.as_of.isoformat()}"
    # The day always shows: a long name is what gets cut.
    room = max(1, out.width - cell_len(day))
    if cell_len(name.plain) > room:
        name.truncate(room, overflow="ellipsis")
    out.head(0, name + day)
    out.head(0, Text(shown(result.path), style="dim"))
    status = result.status
    if status is None:
        why = result.audit.error or "not read as a plan; run 'ramaudit check' on it to see why"
        out.parts(2, [shown(why)])
        return
    if not recorded(status):
        untracked(out, result, status)
        return
    out.parts(0, [Text(LEGEND, style="dim")])
    out.line()
    goals_section(out, status, result.currency)
    out.line()
    spend_section(out, status, result.currency)
    out.line()
    totals_section(out, result, status)


def cascade_block(out: Lines, rolled: Cascade) -> None:
    """Progress and spend rolled up the cascade: each plan with every plan below it."""
    out.line(Text(CASCADE_HEAD, style="bold underline"))
    for node, level in rolled.tree():
        indent = 2 * level
        lead = Text("└ " if level else "")
        name = Text(shown(node.name), style="bold")
        out.head(indent, lead + name + Text(f"  {shown(node.key)}", style="dim"))
        f = node.subtree
        p = f.progress
        progress_line(out, indent + 2, p.progress, p.expected, p.state)
        out.parts(indent + 2, [shown(part) for part in cascade_money(f)])
        for note in w.node_notes(node, rolled):
            out.parts(indent + 2, [Text(shown(note), style="dim")])
    for loop in rolled.loops:
        out.parts(0, [shown(w.loop_text(loop))])
    out.parts(
        0, [Text(w.WHOLE_RUN, style="bold"), *(shown(p) for p in cascade_money(rolled.total))]
    )


def render(results: Sequence[StatusResult], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    buf = io.StringIO()
    console = make_console(options, buf)
    out = Lines(console, console.width)
    for i, result in enumerate(results):
        if i:
            out.line()
        plan_block(out, result)
    if not results:
        out.line("no plan files found")
    rolled = status_cascade(results)
    if rolled is not None:
        out.line()
        cascade_block(out, rolled)
    out.flush()
    return buf.getvalue()

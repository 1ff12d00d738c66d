"""What random acts of marketing cost, in words, for every output.

``check`` and ``explain-score`` print a headline line (:func:`ram_headline`); the HTML
and Markdown reports print it as a sentence for a client (:func:`ram_sentence`). Both
tell the same five cases apart (:func:`spend_case`) and say the same thing about
orphans a suppression or the baseline accepted, so they cannot disagree on what the
spend is, only on how they word it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ramaudit.core.wording import money
from ramaudit.report.escape import shown as printable

if TYPE_CHECKING:
    from ramaudit.api import RamSpend

# The spend on random acts of marketing, named in full where a reader first meets it
# and by its short name after.
RAM_SPEND = "Spend on random acts of marketing (RAM spend)"
RAM_SHORT = "RAM spend"


# Format 2's money that is no tactic, as every output names its line.
BUDGET_LINES = "Budget lines (salaries, tools, retainers)"


def lines_text(spend: RamSpend | None, currency: str | None = None) -> str | None:
    """What the budget lines hold, for the line of their own every output gives them:
    planned spend that is never a random act. None in a plan without budget lines.
    ``currency`` is the currency as the output shows it (the raw code by default)."""
    if spend is None or spend.lines is None:
        return None
    cur = spend.currency if currency is None else currency
    part = f" ({spend.lines / spend.total:.0%})" if spend.total else ""
    return (
        f"{money(spend.lines, cur)} of {money(spend.total, cur)} planned spend{part}, "
        "never random acts of marketing"
    )


def spend_noun(spend: RamSpend) -> str:
    """What ``spend.total`` is called: the tactic budget, or the planned spend when
    campaigns or budget lines are in it too."""
    return "planned spend" if spend.planned_more else "tactic budget"


def ram_title(first: bool) -> str:
    """What a heading or column calls the spend: in full at the ``first`` mention."""
    return RAM_SPEND if first else RAM_SHORT


def spend_case(spend: RamSpend) -> str:
    """Which of five things there is to say about ``spend``: ``none`` (no random act
    counted), ``budgeted`` (each has a budget, out of a tactic budget), ``unfunded``
    (no tactic has a budget at all), ``partly-unbudgeted`` (some money is known, some
    random acts have no budget) or ``unbudgeted`` (none of them has one)."""
    if not spend.tactics:
        return "none"
    if spend.unbudgeted:
        return "partly-unbudgeted" if spend.amount else "unbudgeted"
    return "budgeted" if spend.total else "unfunded"


def accepted_note(n: int, counted: int) -> str:
    """What suppressions and the baseline accepted, after ``counted`` random acts."""
    if counted:
        return f"{n:,} more accepted by suppressions or the baseline"
    tactics = "tactic that traces" if n == 1 else "tactics that trace"
    return (
        f"no random acts of marketing counted: {n:,} {tactics} to no goal accepted by "
        "suppressions or the baseline"
    )


def ram_headline(spend: RamSpend | None, shown: int | None = 5) -> str | None:
    """The terminal's line on what random acts cost, naming up to ``shown`` of them
    (all with None); plan text in it is shown escaped. Orphans with no budget make
    the cost unknown, and the line says so rather than 0%. Orphans whose RA101 a
    suppression or the baseline hides are accepted: they are not counted, only said
    to be accepted. In a plan that records spend, the line also says what the random
    acts have spent already. None when there is nothing to say."""
    if spend is None:
        return None
    planned = _planned_headline(spend, shown)
    spent = spent_text(spend)
    if spent is None or (planned is None and not spend.spent):
        return planned
    return f"{planned}; {spent}" if planned else spent


def spent_text(spend: RamSpend) -> str | None:
    """What random acts have spent by the as-of day, in words; None in a plan that
    records no spend (whose line reads as it always did)."""
    if spend.spent is None:
        return None
    if not spend.spent:
        return "nothing spent on random acts yet"
    cur = printable(spend.currency)
    names = ", ".join(printable(i) for i in spend.spent_on[:5])
    more = len(spend.spent_on) - 5
    names += f" and {more} more" if more > 0 else ""
    return f"{money(spend.spent, cur)} already spent on random acts: {names}"


def _planned_headline(spend: RamSpend, shown: int | None) -> str | None:
    """The headline's part on what the plan puts into random acts."""
    accepted = len(spend.accepted)
    n = len(spend.tactics)
    case = spend_case(spend)
    if case == "none":
        return accepted_note(accepted, 0) if accepted else None
    tail = f"; {accepted_note(accepted, n)}" if accepted else ""
    cut = n if shown is None else shown
    names = ", ".join(printable(t) for t in spend.tactics[:cut]) + (
        f" and {n - cut} more" if n > cut else ""
    )
    acts = f"{n} random act{'s' * (n != 1)} of marketing"
    unbudgeted = len(spend.unbudgeted)
    out_of = f"{spend.amount:,.0f} of {money(spend.total, printable(spend.currency))}"
    if case == "budgeted":
        return f"{out_of} ({spend.share:.0%}) funds random acts of marketing: {names}{tail}"
    if case == "unfunded":
        return f"{acts}, with no money budgeted: {names}{tail}"
    if case == "partly-unbudgeted":
        no_budget = "1 of them has" if unbudgeted == 1 else f"{unbudgeted} of them have"
        return (
            f"at least {out_of} ({spend.share:.0%}) funds random acts of marketing, and "
            f"{no_budget} no budget: {names}{tail}"
        )
    which = " with no budget" if unbudgeted == n else f", {unbudgeted} with no budget"
    spends = "it spends" if n == 1 else "they spend"
    return f"{acts}{which}, so what {spends} is unknown: {names}{tail}"


def ram_sentence(spend: RamSpend | None) -> str:
    """The reports' sentence on what random acts cost, raw (the currency is plan
    text, escaped by the renderer)."""
    if spend is None:
        return "RAM spend could not be measured: the file could not be read as a plan."
    accepted = len(spend.accepted)
    if not spend.tactics and accepted:
        return _capitalised(accepted_note(accepted, 0))
    line = _counted_sentence(spend)
    if accepted:
        line += f" {_capitalised(accepted_note(accepted, len(spend.tactics)))}"
    return line


def _capitalised(note: str) -> str:
    return f"{note[:1].upper()}{note[1:]}."


def _counted_sentence(spend: RamSpend) -> str:
    case = spend_case(spend)
    if case == "none":
        return "No random acts of marketing: every tactic traces to a business goal."
    n = len(spend.tactics)
    acts = f"{n:,} random act{'s' * (n != 1)} of marketing"
    unbudgeted = len(spend.unbudgeted)
    amount, total = money(spend.amount, spend.currency), money(spend.total, spend.currency)
    noun = spend_noun(spend)
    if case == "partly-unbudgeted":
        return (
            f"At least {amount} of {total} {noun} ({spend.share:.0%}) funds {acts}; "
            f"{unbudgeted:,} of them {'has' if unbudgeted == 1 else 'have'} no budget, "
            "so the full amount is unknown."
        )
    if case == "unbudgeted":
        which = "" if unbudgeted == n else f", {unbudgeted:,} of them"
        return f"{acts}{which} with no budget, so what they spend is unknown."
    if case == "budgeted":
        return f"{amount} of {total} {noun} ({spend.share:.0%}) funds {acts}."
    return f"{acts}, with no budget set on any tactic."

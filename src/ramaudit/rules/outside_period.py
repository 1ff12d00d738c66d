import datetime as dt
from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import Campaign, Tactic, kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class OutsidePeriod(Rule):
    """Dates that fall outside the plan period, or an end before its start.

    ## What it does
    Checks a tactic's `start` and `end` against the plan's `period` and against each
    other, and every KPI `deadline` (of objectives and tactics) against the period. It
    reports a tactic that ends before it starts (at its `end`), a tactic that starts or
    ends outside the period (at the date concerned), a deadline outside the period (at
    the `deadline`), and a plan period that ends before it starts. The option
    `grace-days` (default `0`) lets KPI deadlines fall that many days after the period,
    for results that are only known once the books close.

    ## Why it matters
    A plan is a promise for a stated period; SMART objectives are time-bound inside
    it. A date outside the period is either a typo or work that belongs to another plan
    and is being paid for from this one; an end before the start is always a typo, and
    it hides how long the tactic really runs. Either way reviews against the calendar
    stop adding up.

    ## Example
    ```yaml
    plan:
      name: Plan
      period:
        start: 2027-01-01
        end: 2027-12-31
    tactics:
      - id: t-sampling
        start: 2027-09-15
        end: 2027-06-01
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period:
        start: 2027-01-01
        end: 2027-12-31
    tactics:
      - id: t-sampling
        start: 2027-06-01
        end: 2027-09-15
    ```

    ## How to fix
    Correct the date, or move work that really happens in another period to that
    period's plan. Set `grace-days` if deadlines after the period are intended.

    ## In format 2
    Campaigns' `start` and `end` are checked as tactics' are, and milestones' `due`
    days as KPI deadlines are (`grace-days` included). Dates written as periods are
    read first (`start: Q2` is the quarter's first day, `end: Q2` its last), so
    `start: Q2` and `end: Q2` lie inside a plan period that covers that quarter.
    """

    code = "RA306"
    name = "outside-period"
    depends_on = "item"
    severity = Severity.WARNING
    category = "process"
    grace_days = RuleOption(
        0,
        "How many days after the plan period a KPI deadline may fall before it is reported.",
        range=NumberRange(0, 3660, whole=True, what="a whole number of days"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        period = info.period if info is not None else None
        first = period.start if period is not None else None
        last = period.end if period is not None else None
        if first and last and last < first:
            yield Problem(
                ("plan", "period", "end"),
                f"the plan period ends on {last}, before it starts on {first}; correct one of "
                "the dates",
            )
            first = last = None  # nothing else can be judged against a broken period
        grace = dt.timedelta(days=int(ctx.option(self.grace_days)))
        yield from _scheduled(ctx, first, last)
        yield from _milestones(ctx, first, last, grace)
        yield from _deadlines(ctx, first, last, grace)


def _scheduled(ctx: Context, first: dt.date | None, last: dt.date | None) -> Iterator[Problem]:
    """Tactics' and campaigns' (format 2) dates: in order, and inside the period."""
    scheduled: list[Tactic | Campaign] = [*ctx.plan.tactics, *ctx.plan.campaigns]
    for tactic in scheduled:
        start, end = tactic.start, tactic.end
        # Most dates are in order and inside the period: nothing is worded for them.
        if (
            (start and end and end < start)
            or _outside(start, first, last)
            or _outside(end, first, last)
        ):
            yield from _misdated(tactic, first, last)


def _outside(day: dt.date | None, first: dt.date | None, last: dt.date | None) -> bool:
    return day is not None and bool((first and day < first) or (last and day > last))


def _misdated(
    tactic: Tactic | Campaign, first: dt.date | None, last: dt.date | None
) -> Iterator[Problem]:
    """What :func:`_scheduled` says of one tactic or campaign whose dates are wrong."""
    here = f"{kind_of(tactic)} {quote(tactic.id)}"
    if tactic.start and tactic.end and tactic.end < tactic.start:
        yield Problem(
            (*tactic.path, "end"),
            f"{here} ends on {tactic.end}, before it starts on {tactic.start}; correct the dates",
            item=tactic.id,
        )
    for name, day in (("start", tactic.start), ("end", tactic.end)):
        if day is None:
            continue
        verb = "starts" if name == "start" else "ends"
        if first and day < first:
            yield Problem(
                (*tactic.path, name),
                f"{here} {verb} on {day}, before the plan period begins on {first}; "
                "move the date into the period",
                item=tactic.id,
            )
        elif last and day > last:
            yield Problem(
                (*tactic.path, name),
                f"{here} {verb} on {day}, after the plan period ends on {last}; "
                "move the date into the period or plan the rest next period",
                item=tactic.id,
            )


def _milestones(
    ctx: Context, first: dt.date | None, last: dt.date | None, grace: dt.timedelta
) -> Iterator[Problem]:
    """Milestones due before the period, or after it by more than the grace days."""
    for milestone in ctx.plan.milestones:
        due = milestone.due
        here = f"milestone {quote(milestone.id)} is due on {due}"
        if due is not None and first and due < first:
            yield Problem(
                (*milestone.path, "due"),
                f"{here}, before the plan period begins on {first}; move the date into the period",
                item=milestone.id,
            )
        elif due is not None and last and due - last > grace:
            yield Problem(
                (*milestone.path, "due"),
                f"{here}, after the plan period ends on {last}; move the date into the "
                "period or plan it next period",
                item=milestone.id,
            )


def _deadlines(
    ctx: Context, first: dt.date | None, last: dt.date | None, grace: dt.timedelta
) -> Iterator[Problem]:
    """KPI deadlines before the period, or after it by more than the grace days."""
    for item, kpi in ctx.kpis():
        day = kpi.deadline
        if day is None:
            continue
        if not ((first and day < first) or (last and day - last > grace)):
            continue
        what = f"deadline {day} of KPI {quote(kpi.metric)} of {kind_of(item)} {quote(item.id)}"
        if first and day < first:
            yield Problem(
                (*kpi._path, "deadline"),
                f"{what} is before the plan period begins on {first}; set a deadline "
                "inside the period",
                item=item.id,
            )
        elif last and day - last > grace:  # last + grace may pass year 9999
            yield Problem(
                (*kpi._path, "deadline"),
                f"{what} is after the plan period ends on {last}; set a deadline inside the period",
                item=item.id,
            )

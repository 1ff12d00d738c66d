from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, count, quote


class StaleCheckIn(Rule):
    """A key result's latest check-in is older than the plan's review cadence.

    ## What it does
    Looks at the latest reading of each KPI that has one (`actual` with `as_of`, or
    the last of its `checkins`) on the run's date (`--as-of`, default today). When it
    is older than the plan's `review_cadence` allows (weekly: 7 days, biweekly: 14,
    monthly: 31, quarterly: 92) plus the option `grace` (default `0` days), the
    finding points at that reading. A plan that sets no cadence is read against the
    option `default-days` (default `31`, a month). Only a KPI whose time runs is
    judged: nothing is due before the plan period starts, and once the KPI's
    `deadline` (else the period's end) has passed, an old reading is the final one,
    not a late one. A KPI with no reading at all is RA503's.

    ## Why it matters
    A review cadence is a promise to look at the numbers on a rhythm. A check-in that
    is weeks older than the rhythm means the key result is being judged on old news:
    its progress, and whether it is behind schedule (RA501), are only as fresh as its
    last reading.

    ## Example
    On 1 March 2027 (`--as-of 2027-03-01`), the last reading is four weeks old in a
    plan reviewed weekly:
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: weekly
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            baseline: 0
            target: 300
            checkins:
              - {date: 2027-02-01, value: 120}
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: weekly
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            baseline: 0
            target: 300
            checkins:
              - {date: 2027-02-01, value: 120}
              - {date: 2027-02-26, value: 200}
    ```

    ## How to fix
    Record the KPI's current value as a new check-in (date, value and, if you can, how
    confident the owner is). If the KPI cannot be read that often, say so with a
    slower `review_cadence`, or raise `grace`.
    """

    code = "RA502"
    name = "stale-check-in"
    severity = Severity.WARNING
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}
    default_days = RuleOption(
        31,
        "How many days a check-in may age in a plan that sets no review cadence.",
        range=NumberRange(1, 3660, whole=True, what="a whole number of days"),
    )
    grace = RuleOption(
        0,
        "Days a check-in may age beyond the review cadence before it is stale (a weekly "
        "review held a day or two late).",
        range=NumberRange(0, 3660, whole=True, what="a whole number of days"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_progress:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_progress:
            return
        cadence = ctx.plan.info.review_cadence if ctx.plan.info is not None else None
        allowed = cadence_days(ctx)
        limit = allowed + int(ctx.option(self.grace))
        for kr in status.key_results:
            latest = kr.latest
            if latest is None or latest.day is None or kr.age_days is None:
                continue
            if kr.end is not None and ctx.as_of > kr.end:
                continue  # its time is over: the last reading is the final one
            if kr.start is not None and ctx.as_of < kr.start:
                continue  # its time has not begun
            if kr.age_days <= limit:
                continue
            rhythm = (
                f"the plan is reviewed {cadence} (every {count(allowed, 'day')})"
                if cadence
                else f"the plan sets no review cadence, so {count(allowed, 'day')} at most"
            )
            yield Problem(
                latest.path,
                f"KPI {quote(kr.kpi.metric)} of {kind_of(kr.owner)} {quote(kr.owner.id)} "
                f"was last read on {latest.day.isoformat()}, {count(kr.age_days, 'day')} "
                f"before {ctx.as_of.isoformat()}, and {rhythm}; record a check-in with "
                "its current value",
                item=kr.owner.id,
            )


def cadence_days(ctx: Context) -> int:
    """Days between reviews: the plan's ``review_cadence``, else this rule's
    ``default-days`` (RA503 reads it too)."""
    from ramaudit.core.progress import stale_after  # with the status the callers read

    cadence = ctx.plan.info.review_cadence if ctx.plan.info is not None else None
    return stale_after(cadence, int(ctx.option(StaleCheckIn.default_days)))

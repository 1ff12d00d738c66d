from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, count, quote
from ramaudit.rules.stale_check_in import cadence_days


class NoCheckIn(Rule):
    """A key result with a target has never been read, in a plan that tracks its others.

    ## What it does
    In a plan where some KPI has a reading (`actual`, or `checkins`), reports each KPI
    with a `target` that has none on the run's date (`--as-of`, default today),
    although the plan period started more than one review cadence ago (the plan's
    `review_cadence`, else RA502's option `default-days`, 31 by default). The finding
    points at the KPI's metric. A plan that records no readings at all is still being
    planned, not tracked, and gets no finding from this rule.

    ## Why it matters
    When some key results are checked in and one is not, the one left out is usually
    the one nobody can measure yet, or the one going badly. Either way its progress is
    unknown: the plan cannot say whether it is on track, and at the end of the period
    it cannot be graded.

    ## Example
    On 1 March 2027 (`--as-of 2027-03-01`), two months into the quarter:
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: monthly
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 300
            checkins:
              - {date: 2027-02-26, value: 200}
          - metric: sales accepted leads
            target: 90
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: monthly
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 300
            checkins:
              - {date: 2027-02-26, value: 200}
          - metric: sales accepted leads
            target: 90
            checkins:
              - {date: 2027-02-26, value: 55}
    ```

    ## How to fix
    Add a check-in with the KPI's current value. If it cannot be measured yet, say
    where the number will come from and when, or replace the KPI with one that can be
    read today.
    """

    code = "RA503"
    name = "no-check-in"
    severity = Severity.WARNING
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_progress:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_progress:
            return  # a plan with no readings at all audits as before
        days = cadence_days(ctx)
        for kr in status.key_results:
            if kr.latest is not None or kr.kpi.target is None or kr.start is None:
                continue
            since = (ctx.as_of - kr.start).days
            if since <= days:
                continue
            yield Problem(
                (*kr.kpi._path, "metric"),
                f"KPI {quote(kr.kpi.metric)} of {kind_of(kr.owner)} {quote(kr.owner.id)} "
                f"has no check-in, {count(since, 'day')} after the plan period started "
                f"on {kr.start.isoformat()} (a review every {count(days, 'day')}); "
                "record its current value",
                item=kr.owner.id,
            )

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.core.findings import Severity
from ramaudit.core.model import Objective
from ramaudit.rules.base import Context, Problem, Rule, quote


class CommittedKeyResultMissed(Rule):
    """A committed key result ended short of its target.

    ## What it does
    Once a key result's `deadline` (else the plan period's end) has passed on the
    run's date (`--as-of`, default today), grades it from 0.0 to 1.0 by how far its
    latest reading came from the baseline to the target. A key result is committed
    unless it, or its objective, says `commitment: aspirational`. A committed key
    result graded below 1.0 is reported at its latest reading. Aspirational key
    results are stretch goals expected to end around 0.7, so this rule leaves them
    alone; RA508 reports an objective whose key results all fell far short.

    ## Why it matters
    A committed key result is a promise others plan around: sales staffed for the
    leads, finance counted the revenue. Missing one is not a failed stretch, it is a
    broken commitment, and the people who planned around it need to hear why and
    what happens next.

    ## Example
    On 1 April 2027 (`--as-of 2027-04-01`), after the quarter:
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 300
            checkins:
              - {date: 2027-03-31, value: 240}
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 300
            commitment: aspirational
            checkins:
              - {date: 2027-03-31, value: 240}
    ```

    ## How to fix
    Tell the people who counted on the result, record why it missed in a note on the
    last check-in, and plan how the gap is made up. Mark a key result `aspirational`
    only when it was agreed as a stretch at the start, not after it missed.
    """

    code = "RA509"
    name = "committed-key-result-missed"
    severity = Severity.WARNING
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 4, 1)}

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_progress:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_progress:
            return
        for kr in status.key_results:
            if not isinstance(kr.owner, Objective) or kr.commitment != "committed":
                continue
            if kr.grade is None or kr.grade >= 1.0 or kr.latest is None:
                continue
            assert kr.end is not None  # a grade is given only once the deadline passed
            yield Problem(
                kr.latest.path,
                f"committed KPI {quote(kr.kpi.metric)} of objective {quote(kr.owner.id)} "
                f"ended graded {kr.grade:.2f} at its deadline of {kr.end.isoformat()}: a "
                "committed key result is expected in full; tell those who counted on it "
                "and plan how the gap is made up",
                item=kr.owner.id,
            )

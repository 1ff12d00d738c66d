from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, count, quote

if TYPE_CHECKING:
    from ramaudit.core.progress import KeyResultStatus, ObjectiveStatus


class ObjectiveFellShort(Rule):
    """At the end of its time, every key result of an objective fell far short.

    ## What it does
    Once every key result of an objective is past its `deadline` (else the plan
    period's end) on the run's date (`--as-of`, default today) and each has a reading,
    grades each one from 0.0 to 1.0: how far its latest value came from the baseline
    to the target, held to that range. A key result falls far short when its grade is
    below the option `far-short` (default `0.4`) times what it promised: a committed
    key result promises 1.0, an aspirational one about 0.7 (so an aspirational key
    result falls far short below 0.28). When all of an objective's key results fall
    far short, the finding points at the objective's id.

    The default follows the OKR literature's colours for grades, where a grade under
    0.4 is red: the work did not make real progress on the result.

    ## Why it matters
    One key result missing is normal, and an aspirational one ending at 0.7 is a
    success. An objective on which nothing moved is different: either the tactics did
    not work or the objective was the wrong one. That is the lesson of the period,
    and the next plan should start from it rather than roll the objective over.

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
              - {date: 2027-03-31, value: 90}
          - metric: sales accepted leads
            target: 90
            checkins:
              - {date: 2027-03-31, value: 20}
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
            checkins:
              - {date: 2027-03-31, value: 240}
          - metric: sales accepted leads
            target: 90
            checkins:
              - {date: 2027-03-31, value: 20}
    ```

    ## How to fix
    Write down why the objective missed (the tactic did not work, the target was
    guessed, the market moved) in the plan's notes, and decide whether the next
    period keeps the objective with different tactics, or drops it.
    """

    code = "RA508"
    name = "objective-fell-short"
    severity = Severity.WARNING
    category = "tracking"
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 4, 1)}
    far_short = RuleOption(
        0.4,
        "The grade, as a share of what a key result promised (1.0 committed, 0.7 "
        "aspirational), below which it fell far short.",
        range=NumberRange(0, 1, what="a share of the expected grade"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_progress:
            return  # nothing recorded: no status to compute
        status = ctx.status()
        if not status.tracks_progress:
            return
        limit = float(ctx.option(self.far_short))
        for o in status.objectives:
            if o.grade is None or not o.key_results:
                continue
            if all(fell_far_short(kr, limit) for kr in o.key_results):
                yield Problem(
                    (*o.objective.path, "id"),
                    _message(o),
                    item=o.objective.id,
                )


def fell_far_short(kr: KeyResultStatus, limit: float) -> bool:
    """Whether ``kr`` ended graded below ``limit`` of what it promised."""
    return kr.grade is not None and kr.grade < limit * kr.expected_grade - 1e-9


def _message(o: ObjectiveStatus) -> str:
    grades = ", ".join(f"{quote(kr.kpi.metric)} {kr.grade:.2f}" for kr in o.key_results[:5]) + (
        f" and {len(o.key_results) - 5} more" if len(o.key_results) > 5 else ""
    )
    n = len(o.key_results)
    which = "its key result" if n == 1 else f"all {count(n, 'key result')}"
    return (
        f"objective {quote(o.objective.id)} ended with {which} far short of what "
        f"{'it' if n == 1 else 'they'} promised (graded {grades}); record why it missed "
        "and decide what the next period does about it"
    )

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.core.thresholds import Thresholds
from ramaudit.rules.base import Context, Problem, Rule, quote

if TYPE_CHECKING:
    from ramaudit.core.progress import KeyResultStatus


class BehindSchedule(Rule):
    """A key result's progress is behind the share of its time that has gone.

    ## What it does
    Reads each KPI's latest check-in (`actual` with `as_of`, or the last of its
    `checkins`) on the run's date (`--as-of`, default today), and works out its
    progress: how far the value has come from the `baseline` to the `target`, 0% at
    the baseline and 100% at the target. It compares that with the share of the KPI's
    time gone by, from the start of the plan period to the KPI's `deadline` (else the
    period's end). When progress is behind that share by more than the option
    `tolerance` (default `0.1`, ten points), the finding points at the latest reading:
    a warning when the key result is at risk, an error when it is behind by more than
    `off-track` (default `0.25`) and so off track.

    The same thresholds decide what `ramaudit status` calls on track, at risk and off
    track, and an owner's confidence below `low-confidence` (default `0.5`) turns on
    track into at risk there. A KPI with no check-in yet is left to RA503.

    ## Why it matters
    A quarterly plan that is checked only at the end of the quarter is a post-mortem.
    Comparing progress with the time elapsed, as the OKR tools do at every check-in,
    shows a key result slipping while there is still time to move money or people onto
    it, or to change the tactic that is not working.

    ## Example
    On 1 March 2027 (`--as-of 2027-03-01`), two thirds of the quarter have gone:
    ```yaml
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            baseline: 0
            target: 300
            checkins:
              - {date: 2027-02-28, value: 60}
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
            baseline: 0
            target: 300
            checkins:
              - {date: 2027-02-28, value: 190}
    ```

    ## How to fix
    Decide what will close the gap (more budget or people on the tactics behind this
    key result, or a different tactic) and record it in the plan; if the target was
    wrong, change it openly and say why in a note, rather than letting it quietly miss.
    """

    code = "RA501"
    name = "behind-schedule"
    severity = Severity.WARNING
    category = "tracking"
    # The examples are read on a day within their quarter, as the docs say.
    example_config: ClassVar[dict[str, Any]] = {"as_of": dt.date(2027, 3, 1)}
    tolerance = RuleOption(
        Thresholds().tolerance,
        "How far progress may trail the share of time elapsed before a key result is at "
        "risk, as a fraction of the way from baseline to target (0.1: ten points).",
        range=NumberRange(0, 1, what="a fraction of the way to the target"),
    )
    off_track = RuleOption(
        Thresholds().off_track,
        "How far progress may trail the share of time elapsed before a key result is off "
        "track (an error rather than a warning), as a fraction of the way to the target.",
        range=NumberRange(0, 1, what="a fraction of the way to the target"),
    )
    low_confidence = RuleOption(
        Thresholds().low_confidence,
        "The owner's confidence (0.0-1.0) below which `status` calls a key result that "
        "is on schedule at risk.",
        range=NumberRange(0, 1, what="a confidence between 0 and 1"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        if not ctx.plan.tracks_progress:
            return  # nothing read yet: the plan is judged as written
        status = ctx.status()
        from ramaudit.core.progress import State  # loaded by ctx.status()

        for kr in status.key_results:
            if kr.state not in (State.AT_RISK, State.OFF_TRACK) or kr.latest is None:
                continue
            if kr.expected is None or kr.progress is None:
                continue
            if kr.expected - kr.progress <= ctx.option(self.tolerance) + 1e-9:
                continue  # at risk by the owner's confidence alone: status says so
            off = kr.state is State.OFF_TRACK
            yield Problem(
                kr.latest.path,
                _message(kr, off),
                item=kr.owner.id,
                severity=Severity.ERROR if off else None,
            )


def _message(kr: KeyResultStatus, off: bool) -> str:
    assert kr.progress is not None and kr.expected is not None
    where = "off track" if off else "at risk"
    return (
        f"KPI {quote(kr.kpi.metric)} of {kind_of(kr.owner)} "
        f"{quote(kr.owner.id)} is {where}: {_percent(kr.progress)} of the way to its "
        f"target with {_percent(kr.expected)} of its time gone; plan what will close "
        "the gap, or change the target openly"
    )


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def thresholds(options: Mapping[str, Mapping[str, Any]]) -> Thresholds:
    """The progress thresholds as this rule declares them and the configuration sets
    them: ``status`` and every tracking rule read these."""
    rule = BehindSchedule
    return Thresholds(
        tolerance=rule.tolerance.read(options),
        off_track=rule.off_track.read(options),
        low_confidence=rule.low_confidence.read(options),
    )

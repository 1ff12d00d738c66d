from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import KPI, kind_of
from ramaudit.core.targets import TargetForm
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.rules.base import Context, Problem, Rule, quote


class TargetNotBeyondBaseline(Rule):
    """A KPI's target does not improve on its baseline.

    ## What it does
    Compares the `target` of every KPI (of objectives and tactics) with its `baseline`
    and reports a target that is no better: not higher for a metric where more is
    better, not lower for one where less is better. The direction comes from the KPI's
    `direction` (`increase` or `decrease`) when it is given, and otherwise from the
    metric's name: churn, churned or lost customers, cost per lead, bounce rate,
    product returns and the other entries of the vocabulary's `decreasing-metrics`
    list go down; everything else, return on ad spend and ROI included, goes up. A KPI
    whose target, baseline or direction is invalid is left to RA002. A target written
    as a change (`-30%`, `0.8x`, `-2pp`, `-5% month over month`) is judged by its
    sign, with or without a baseline; a `confidential` target is not judged.

    ## Why it matters
    An objective exists to change something. A target equal to the baseline plans for
    standing still, and one on the wrong side of it plans a decline, usually because
    the numbers were swapped or the direction of the metric was misread. SMART targets
    are ambitious yet achievable; neither is true of a target already met.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-retention
        kpis:
          - metric: churn rate
            baseline: 8
            target: 10
            unit: percent
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-retention
        kpis:
          - metric: churn rate
            baseline: 8
            target: 6
            unit: percent
    ```

    ## How to fix
    Set a target beyond the baseline in the direction that counts as better. If the
    metric's direction was guessed wrongly, say it with `direction: increase` or
    `direction: decrease` on the KPI.
    """

    code = "RA208"
    name = "target-not-beyond-baseline"
    depends_on = "item"
    severity = Severity.WARNING
    category = "accountability"

    def check(self, ctx: Context) -> Iterator[Problem]:
        vocab = ctx.vocabulary
        for item, kpi in ctx.kpis():
            if kpi.confidential:
                continue  # a target kept confidential is never judged, so never shown
            form = kpi.target_form if kpi.target_form and kpi.target_form.relative else None
            judged = form is not None or (kpi.target is not None and kpi.baseline is not None)
            if not judged or ctx.invalid(kpi, "direction"):
                continue
            if improves(kpi, vocab):
                continue
            direction = _direction(kpi, vocab)
            better = "higher" if direction == "increase" else "lower"
            if form is not None:
                what = (
                    "changes nothing" if _standing_still(form) else "plans a change the wrong way"
                )
                shown = f"{quote(form.written)}" + (
                    f" ({_num(kpi.target)})" if kpi.target is not None else ""
                )
                yield Problem(
                    (*kpi._path, "target"),
                    f"target {shown} of KPI {quote(kpi.metric)} of {kind_of(item)} "
                    f"{quote(item.id)} {what}, but {better} is better "
                    f"({'as its direction: says' if kpi.direction else 'guessed from the metric'}"
                    "); "
                    f"set a change that makes it {better}, or state 'direction:' on the KPI",
                    item=item.id,
                )
                continue
            if kpi.target is None or kpi.baseline is None:  # pragma: no cover - judged above
                continue
            if kpi.target == kpi.baseline:
                what = "equals its baseline"
            else:
                what = "is worse than its baseline"
            if kpi.direction:
                why = "as its 'direction:' says"
                other = "lower" if direction == "increase" else "higher"
                advice = f"or correct 'direction:' if {other} is better"
            else:
                why = "guessed from the metric"
                advice = "or state 'direction:' on the KPI if the guess is wrong"
            yield Problem(
                (*kpi._path, "target"),
                f"target {_num(kpi.target)} of KPI {quote(kpi.metric)} of {kind_of(item)} "
                f"{quote(item.id)} {what} "
                f"{_num(kpi.baseline)}, but {better} is better ({why}); set a target "
                f"{better} than the baseline, {advice}",
                item=item.id,
            )


def _direction(kpi: KPI, vocabulary: Vocabulary) -> str:
    """``increase`` or ``decrease``: the KPI's own ``direction:``, else the metric's."""
    if kpi.direction:
        return kpi.direction
    return "decrease" if vocabulary.is_decreasing(kpi.metric) else "increase"


def improves(kpi: KPI, vocabulary: Vocabulary) -> bool:
    """Whether the KPI's target improves on its baseline, as this rule judges it. A KPI
    without both, or with an invalid direction (RA002's), is not judged: True. The
    fitness score credits a target only when this holds."""
    if "direction" in getattr(kpi, "_invalid", ()) or kpi.confidential:
        return True
    form = kpi.target_form
    if form is not None and form.relative and form.amount is not None:
        # A change says its own direction, baseline or not: -30% goes down.
        change = form.amount - 1 if form.kind == "multiple" else form.amount
        if _direction(kpi, vocabulary) == "increase":
            return change > 0
        return change < 0
    if kpi.target is None or kpi.baseline is None:
        return True
    if _direction(kpi, vocabulary) == "increase":
        return kpi.target > kpi.baseline
    return kpi.target < kpi.baseline


def _standing_still(form: TargetForm) -> bool:
    return form.amount == (1 if form.kind == "multiple" else 0)


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"

"""The second question: is marketing accountable (SMART goals, owners, KPIs)?

Traceable objectives measured by complete KPIs beyond vanity metrics, traceable
tactics with a target, and somebody named as the owner of every goal, objective and
tactic.
"""

from __future__ import annotations

from ramaudit.core.model import KPI, Goal, Objective, Tactic
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.rules.target_not_beyond_baseline import improves
from ramaudit.score.base import (
    NAMED,
    Criterion,
    Measure,
    Question,
    ScoreContext,
    and_list,
    frac,
    share,
)


class SmartKpis(Criterion):
    """per traceable objective, the best KPI's share of target (only one beyond the
    baseline, as RA208 judges), baseline and deadline; summed / all objectives

    Partial credit is the point: an objective whose best KPI has two of the three parts
    earns two thirds, and the evidence names it, so the work left is plain.
    """

    key = "smart-kpis"
    title = "Traceable objectives with a KPI that has a baseline, a target beyond it and a deadline"
    weight = 10
    reads = ("objective.kpis",)
    counts = ("objective",)

    def measure(self, ctx: ScoreContext) -> Measure:
        vocabulary = ctx.vocabulary
        parts = {o.id: _best_parts(o, vocabulary) for o in ctx.traced_objectives}
        partial = [(oid, k) for oid, k in parts.items() if 0 < k < 3]

        def kpi_lacking(o: Objective) -> str:
            if not o.kpis:
                return "has no KPI"
            best = min((_kpi_lacks(k, vocabulary) for k in o.kpis), key=len)
            return f"its most complete KPI lacks {and_list(best)}"

        complete = ctx.objective_share(
            lambda o: _best_parts(o, vocabulary) == 3,
            "have a complete KPI (a baseline, a target beyond it and a deadline)",
            kpi_lacking,
        )
        evidence = complete.evidence
        if partial:
            shown = ", ".join(f"{oid} ({k} of 3 parts)" for oid, k in partial[:NAMED])
            more = len(partial) - NAMED
            evidence += f"; partial credit for {shown}" + (f" and {more} more" if more > 0 else "")
        return Measure(frac(sum(parts.values()) / 3, len(ctx.objectives)), evidence, complete.gaps)


def _kpi_parts(kpi: KPI, vocabulary: Vocabulary) -> int:
    # A target that does not improve on its baseline (RA208) sets nothing to achieve.
    aimed = kpi.target is not None and improves(kpi, vocabulary)
    return aimed + (kpi.baseline is not None) + (kpi.deadline is not None)


def _best_parts(objective: Objective, vocabulary: Vocabulary) -> int:
    """Target beyond the baseline, baseline and deadline present on the objective's
    most complete KPI."""
    return max((_kpi_parts(k, vocabulary) for k in objective.kpis), default=0)


def _kpi_lacks(kpi: KPI, vocabulary: Vocabulary) -> list[str]:
    """What a KPI lacks of target (beyond the baseline), baseline and deadline."""
    lacks = []
    if kpi.target is None:
        lacks.append("a target")
    elif not improves(kpi, vocabulary):
        lacks.append("a target beyond its baseline")
    if kpi.baseline is None:
        lacks.append("a baseline")
    if kpi.deadline is None:
        lacks.append("a deadline")
    return lacks


class Owners(Criterion):
    """goals, traceable objectives and traceable tactics with a real owner / all goals,
    objectives and tactics

    Goals always count (they trace to themselves); an orphan objective or tactic counts
    against, however well it is owned.
    """

    key = "owners"
    title = "Goals, traceable objectives and traceable tactics with an owner"
    weight = 7
    reads = ("goal.owner", "objective.owner", "tactic.owner")
    counts = ("goal", "objective", "tactic")

    def measure(self, ctx: ScoreContext) -> Measure:
        people: list[Goal | Objective | Tactic] = [*ctx.goals, *ctx.objectives, *ctx.tactics]
        unowned = ctx.shortfalls(people, ctx.owned, ctx.why_unowned)
        owned = len(people) - len(unowned)
        return Measure(
            frac(owned, len(people)),
            share(
                owned,
                len(people),
                "goals, objectives and tactics",
                "have an owner and trace to a goal",
                none="goals, objectives or tactics",
            ),
            unowned,
        )


class TacticsMeasured(Criterion):
    """traceable tactics with a KPI that has a target / all tactics"""

    key = "tactics-measured"
    title = "Traceable tactics with a KPI that has a target"
    weight = 4
    reads = ("tactic.kpis",)
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        return ctx.traced_share(
            lambda t: any(kpi.target is not None for kpi in t.kpis),
            "have a KPI with a target",
            lambda t: "no KPI of it has a target" if t.kpis else "has no KPI",
        )


class OutcomeMeasures(Criterion):
    """traceable objectives with a targeted KPI that is not a vanity metric / all
    objectives"""

    key = "outcome-measures"
    title = "Traceable objectives with a targeted KPI beyond vanity"
    weight = 4
    reads = ("objective.kpis",)
    counts = ("objective",)

    def measure(self, ctx: ScoreContext) -> Measure:
        vocabulary = ctx.vocabulary
        return ctx.objective_share(
            lambda o: any(
                k.target is not None and not vocabulary.is_vanity(k.metric) for k in o.kpis
            ),
            "have a targeted KPI that is not a vanity metric",
            _outcome_lacking,
        )


def _outcome_lacking(o: Objective) -> str:
    if not o.kpis:
        return "has no KPI"
    if all(k.target is None for k in o.kpis):
        return "has no KPI with a target"
    return "only vanity metrics have a target"


ACCOUNTABILITY = Question(
    key="accountability",
    title="Is marketing accountable (SMART goals, owners, KPIs)?",
    label="Accountability",
    criteria=(SmartKpis(), Owners(), TacticsMeasured(), OutcomeMeasures()),
    # RA201 objective-without-kpi is an error by default.
    capped_by=(
        "RA201",
        "RA202",
        "RA203",
        "RA204",
        "RA205",
        "RA207",
        "RA208",
        "RA301",
        "RA308",
        "RA313",
        "RA315",
        # Format 2's OKR craft rules: warnings and info by default, so they cap only
        # where a configuration raises them to errors.
        "RA401",
        "RA402",
        "RA403",
        "RA404",
    ),
)

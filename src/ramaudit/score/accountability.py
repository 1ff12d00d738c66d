"""The second question: is marketing accountable (SMART goals, owners, KPIs)?

Traceable objectives measured by complete KPIs beyond vanity metrics, traceable
tactics with a target, and somebody named as the owner of every goal, objective and
tactic.
"""

from __future__ import annotations

from collections.abc import Sequence

from ramaudit.core.model import KPI, Campaign, Goal, Milestone, Objective, Tactic
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.rules.target_not_beyond_baseline import improves
from ramaudit.score.base import (
    NAMED,
    Criterion,
    Measure,
    Question,
    ScoreContext,
    and_list,
    deadline_set,
    fact,
    frac,
    has_owner,
    plural,
    share,
    undecided_note,
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
        traced = ctx.traced_objectives
        parts = dict(zip((o.id for o in traced), ctx.asked(_best_kpi, traced), strict=True))
        partial = [(oid, k) for oid, k in parts.items() if 0 < k < 3]

        def kpi_lacking(o: Objective) -> str:
            if not o.kpis:
                return "has no KPI"
            best = min((_kpi_lacks(k, vocabulary) for k in o.kpis), key=len)
            return f"its most complete KPI lacks {and_list(best)}"

        complete = ctx.objective_share(
            _complete_kpi,
            "have a complete KPI (a baseline, a target beyond it and a deadline)",
            kpi_lacking,
        )
        evidence = complete.evidence
        if partial:
            shown = ", ".join(f"{oid} ({k} of 3 parts)" for oid, k in partial[:NAMED])
            more = len(partial) - NAMED
            evidence += f"; partial credit for {shown}" + (f" and {more} more" if more > 0 else "")
        return Measure(frac(sum(parts.values()) / 3, len(ctx.objectives)), evidence, complete.gaps)


def aimed(kpi: KPI, vocabulary: Vocabulary) -> bool:
    """Whether the KPI sets a target to achieve. A target that does not improve on its
    baseline, or a change the wrong way (``-30%`` where more is better), sets nothing,
    as RA208 judges; one kept confidential is set and never judged."""
    if not kpi.target_set:
        return False
    return bool(kpi.confidential) or improves(kpi, vocabulary)


def _kpi_parts(kpi: KPI, vocabulary: Vocabulary) -> int:
    return aimed(kpi, vocabulary) + (kpi.baseline is not None) + deadline_set(kpi)


def _best_parts(objective: Objective, vocabulary: Vocabulary) -> int:
    """Target beyond the baseline, baseline and deadline present on the objective's
    most complete KPI."""
    return max((_kpi_parts(k, vocabulary) for k in objective.kpis), default=0)


@fact("objectives")
def _best_kpi(ctx: ScoreContext, objective: Objective) -> int:
    return _best_parts(objective, ctx.vocabulary)


@fact("objectives")
def _complete_kpi(ctx: ScoreContext, objective: Objective) -> bool:
    return ctx.answer(_best_kpi, objective) == 3


def _kpi_lacks(kpi: KPI, vocabulary: Vocabulary) -> list[str]:
    """What a KPI lacks of target (beyond the baseline), baseline and deadline."""
    lacks = []
    if not kpi.target_set:
        lacks.append("a target" + undecided_note(kpi, "target"))
    elif not aimed(kpi, vocabulary):
        lacks.append("a target beyond its baseline")
    if kpi.baseline is None:
        lacks.append("a baseline" + undecided_note(kpi, "baseline"))
    if not deadline_set(kpi):
        lacks.append("a deadline" + undecided_note(kpi, "deadline"))
    return lacks


class Owners(Criterion):
    """goals, traceable objectives and traceable tactics with a real owner / all goals,
    objectives and tactics

    Goals always count (they trace to themselves); an orphan objective or tactic counts
    against, however well it is owned. In format 2, campaigns and milestones count as
    tactics and objectives do, and a goal set elsewhere (`set_by`) needs no owner in
    this plan: whoever set it owns it.
    """

    key = "owners"
    title = "Goals, traceable objectives and traceable tactics with an owner"
    weight = 7
    reads = ("goal.owner", "objective.owner", "tactic.owner", "campaign.owner", "milestone.owner")
    counts = ("goal", "objective", "tactic", "campaign", "milestone")

    def measure(self, ctx: ScoreContext) -> Measure:
        sections: tuple[Sequence[Goal | Objective | Campaign | Milestone | Tactic], ...] = (
            ctx.goals,
            ctx.objectives,
            ctx.campaigns,
            ctx.milestones,
            ctx.tactics,
        )
        people = [item for section in sections for item in section]
        # A goal set elsewhere needs no owner here; every other item needs its own.
        asked = ctx.asked(has_owner, ctx.goals)
        oks = [_set_elsewhere(g) or ok for g, ok in zip(ctx.goals, asked, strict=True)]
        for section in sections[1:]:
            oks += ctx.asked(has_owner, section)
        traced = [flag for section in sections for flag in ctx.traced_flags(section)]
        owned, unowned = ctx.tally(people, oks, ctx.why_unowned, traced)
        nouns = _owner_nouns(ctx)
        evidence = share(
            owned,
            len(people),
            and_list(nouns),
            "have an owner and trace to a goal",
            none=", ".join(nouns[:-1]) + " or " + nouns[-1],
        )
        elsewhere = sum(1 for g in ctx.goals if _set_elsewhere(g))
        if elsewhere:
            evidence += (
                f" ({elsewhere} {plural(elsewhere, 'goal is', 'goals are')} set elsewhere "
                f"and {plural(elsewhere, 'needs', 'need')} no owner here)"
            )
        return Measure(frac(owned, len(people)), evidence, unowned)


def _set_elsewhere(item: object) -> bool:
    return isinstance(item, Goal) and bool(item.set_by and item.set_by.strip())


def _owner_nouns(ctx: ScoreContext) -> list[str]:
    """What the owners criterion counts, as its evidence names it: campaigns and
    milestones only in a plan that has them."""
    return [
        "goals",
        "objectives",
        *(["campaigns"] if ctx.campaigns else []),
        *(["milestones"] if ctx.milestones else []),
        "tactics",
    ]


class TacticsMeasured(Criterion):
    """traceable tactics with a KPI that has a target / all tactics"""

    key = "tactics-measured"
    title = "Traceable tactics with a KPI that has a target"
    weight = 4
    reads = ("tactic.kpis",)
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        return ctx.traced_share(
            _target_set,
            "have a KPI with a target",
            lambda t: "no KPI of it has a target" if t.kpis else "has no KPI",
        )


@fact("tactics")
def _target_set(ctx: ScoreContext, t: Tactic) -> bool:
    return any(kpi.target_set for kpi in t.kpis)


class OutcomeMeasures(Criterion):
    """traceable objectives with a targeted KPI that is not a vanity metric / all
    objectives"""

    key = "outcome-measures"
    title = "Traceable objectives with a targeted KPI beyond vanity"
    weight = 4
    reads = ("objective.kpis",)
    counts = ("objective",)

    def measure(self, ctx: ScoreContext) -> Measure:
        return ctx.objective_share(
            _beyond_vanity,
            "have a targeted KPI that is not a vanity metric",
            _outcome_lacking,
        )


@fact("objectives")
def _beyond_vanity(ctx: ScoreContext, o: Objective) -> bool:
    vocabulary = ctx.vocabulary
    return any(k.target_set and not vocabulary.is_vanity(k.metric) for k in o.kpis)


def _outcome_lacking(o: Objective) -> str:
    if not o.kpis:
        return "has no KPI"
    if not any(k.target_set for k in o.kpis):
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

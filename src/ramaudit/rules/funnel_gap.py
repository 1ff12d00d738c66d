from collections.abc import Iterator

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.loader import PathT
from ramaudit.core.vocabulary import DEFAULT, STAGES
from ramaudit.rules.base import Context, Problem, Rule, shorten

# What a plan loses when a stage is empty, and the kind of work that fills it.
_GAP = {
    "awareness": "nothing puts the brand in front of new prospects (search, PR, events, partners)",
    "education": "nothing helps prospects learn why the offer fits them (guides, webinars, "
    "case studies, demos)",
    "conversion": "nothing turns interested prospects into qualified leads for sales (trials, "
    "offers, consultations)",
    "retention": "nothing brings customers back for the next purchase (onboarding, loyalty, "
    "renewal and referral programmes)",
}


class FunnelGap(Rule):
    """A funnel stage that no tactic serves.

    ## What it does
    Maps every tactic's `stage` onto the four stages awareness, education, conversion
    and retention (RACE's reach, act, convert and engage, and AIDA's names, map onto
    them too) and reports each stage that no tactic serves, once, at the `tactics` list.
    Once some tactic traces to a goal, a tactic with no path to one (a random act,
    RA101) serves no stage of the plan: a stage only such tactics claim is reported
    as well, naming them.
    A plan with tactics but no `stage` on any of them gets a single finding instead;
    stages that are not recognised are RA002's. The option `stages` lists the stages a
    plan must cover (all four by default); a plan that deliberately covers fewer can
    say so in its configuration, with the four names or their synonyms (`reach`,
    `consideration`, `bottom of funnel`, ...), and an unknown name there is a
    configuration error.

    ## Why it matters
    Marketing has four jobs that follow each other: make the brand known, help
    prospects learn, convert them into qualified leads, and reinforce the purchase so
    customers buy again. Leads leak wherever a stage is empty: awareness with no
    conversion step buys attention nobody collects, and a plan without retention pays
    again to win every sale. A gap is not always wrong, but it should be a decision.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-ads
        stage: awareness
      - id: t-guide
        stage: education
      - id: t-demo
        stage: conversion
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-ads
        stage: awareness
      - id: t-guide
        stage: education
      - id: t-demo
        stage: conversion
      - id: t-onboarding
        stage: retention
    ```

    ## How to fix
    Plan at least one tactic for the missing stage, linked to the objective it serves,
    or set the rule's `stages` option when the plan is meant to cover only part of the
    funnel (a retention-only plan, for instance).
    """

    code = "RA303"
    name = "funnel-gap"
    severity = Severity.INFO
    category = "execution"
    stages = RuleOption(
        list(STAGES),
        "The funnel stages the plan's tactics must cover between them; leave out a stage "
        "the plan deliberately does not serve.",
        choices=STAGES,
        # A stage may be named as tactics name it: RACE, AIDA and funnel words (the
        # default vocabulary's synonyms; a plan's own synonyms are not known here).
        match=DEFAULT.stage,
        hint="; RACE, AIDA and funnel names work too",
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        tactics = ctx.plan.tactics
        if not tactics:
            return
        where: PathT = (
            ("tactics",)
            if any(t.path[:1] == ("tactics",) for t in tactics)
            else (*tactics[0].path, "id")
        )
        key = where == ("tactics",)
        staged = {t.funnel_stage for t in tactics if t.funnel_stage}
        # A random act (RA101) fills no stage of a plan whose other tactics trace to a
        # goal (the fitness score's funnel coverage agrees). A plan where nothing traces
        # yet, a draft of tactics, is judged on what its tactics claim; RA101 says the rest.
        traceable = ctx.graph.traceable
        planned = [t for t in tactics if t.id in traceable] or tactics
        served = {t.funnel_stage for t in planned if t.funnel_stage}
        if not staged and any(t.stage or ctx.invalid(t, "stage") for t in tactics):
            return  # stages are written but none is known: RA002 names each one
        if not staged:
            yield Problem(
                where,
                "no tactic says which funnel stage it serves, so gaps in awareness, education, "
                "conversion and retention cannot be seen; add 'stage:' to each tactic",
                key=key,
            )
            return
        asked = {DEFAULT.stage(s) or s for s in ctx.option(self.stages)}
        wanted = [s for s in STAGES if s in asked]
        for stage in wanted:
            if stage in served:
                continue
            orphans = [t.id for t in tactics if t.funnel_stage == stage]
            if orphans:
                shown = ", ".join(shorten(o) for o in orphans[:5]) + (
                    " and more" if len(orphans) > 5 else ""
                )
                message = (
                    f"only random acts serve the {stage} stage ({shown}: no path to a goal), "
                    f"so in the plan {_GAP[stage]}; link "
                    f"{'it' if len(orphans) == 1 else 'them'} to the objective "
                    f"{'it serves' if len(orphans) == 1 else 'they serve'}, or plan a tactic "
                    "that does"
                )
            else:
                message = (
                    f"no tactic serves the {stage} stage: {_GAP[stage]}; plan one, or take "
                    f"{stage} out of this rule's 'stages' option if the gap is deliberate"
                )
            yield Problem(where, message, key=key)

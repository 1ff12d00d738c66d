"""The third question: is the plan market-driven (segments, voice of the customer)?

Defined segments, each backed by what customers said, traceable tactics aimed at
them, and an objective measured on a business outcome.
"""

from __future__ import annotations

from ramaudit.core.model import Tactic
from ramaudit.rules.no_voice_of_customer import NoVoiceOfCustomer, evidence
from ramaudit.score.base import (
    Criterion,
    Measure,
    Question,
    ScoreContext,
    fact,
    frac,
    ids,
    plural,
    share,
    undecided_note,
)


class SegmentsDefined(Criterion):
    """1 if the plan defines a segment"""

    key = "segments-defined"
    title = "The plan defines target segments"
    weight = 4
    counts = ("segment",)

    def measure(self, ctx: ScoreContext) -> Measure:
        n = len(ctx.segments)
        if not n:
            return Measure(0.0, "no segment defined", (("segments", "no segment defined"),))
        return Measure(1.0, f"{n} {plural(n, 'segment', 'segments')} defined")


class VoiceOfCustomer(Criterion):
    """segments with voice-of-customer evidence (RA309's `min-evidence` pieces) / all
    segments

    A placeholder ("TBD") is no evidence, as RA309 judges; the number of pieces needed is
    RA309's option, at least one. A segment of kind `internal` (the own sales team,
    partners' staff) is enabled rather than sold to: it needs no voice-of-customer
    evidence and counts as met.
    """

    key = "voice-of-customer"
    title = "Segments backed by voice-of-customer evidence"
    weight = 8
    reads = ("segment.voice_of_customer", "segment.kind")
    counts = ("segment",)

    def measure(self, ctx: ScoreContext) -> Measure:
        need = max(1, int(ctx.option(NoVoiceOfCustomer.min_evidence)))
        heard = {
            s.id: len(evidence(s.voice_of_customer, ctx.vocabulary))
            for s in ctx.segments.values()
            if s.kind != "internal"
        }
        internal = len(ctx.segments) - len(heard)
        unvoiced = tuple(
            (
                sid,
                "no voice-of-customer evidence"
                if not k
                else f"{k} of the {need} pieces of voice-of-customer evidence needed",
            )
            for sid, k in heard.items()
            if k < need
        )
        n = len(ctx.segments)
        evidence_words = share(
            n - len(unvoiced),
            n,
            "segments",
            "have voice-of-customer evidence"
            + (" or are internal" if internal else "")
            + (f" (at least {need} pieces each)" if need > 1 else ""),
        )
        if internal:
            evidence_words += (
                f"; {internal} internal {plural(internal, 'segment needs', 'segments need')} none"
            )
        return Measure(frac(n - len(unvoiced), n), evidence_words, unvoiced)


class TacticsTargeted(Criterion):
    """traceable tactics aimed only at defined, specific segments / all tactics

    A segment that means everybody ("all customers", by its id or its name) is no
    target.
    """

    key = "tactics-targeted"
    title = "Traceable tactics aimed at a defined, specific segment"
    weight = 8
    reads = ("segment.name", "tactic.segment", "tactic.segments")
    counts = ("tactic",)

    def measure(self, ctx: ScoreContext) -> Measure:
        def target_lacking(t: Tactic) -> str:
            if not t.segment:
                return "aims at no segment" + undecided_note(t, "segment")
            return "; ".join(w for w in (_aimed_wrong(ctx, s) for s in t.segment) if w)

        return ctx.traced_share(_targeted, "aim at a defined, specific segment", target_lacking)


def _aimed_wrong(ctx: ScoreContext, s: str) -> str | None:
    """Why a tactic's segment ``s`` is no target; None when it is one (judged once a
    segment and context)."""
    verdicts = ctx.segment_verdicts
    if s in verdicts:
        return verdicts[s]
    segments, vocabulary = ctx.segments, ctx.vocabulary
    verdict = None
    if s not in segments:
        verdict = f"'{s}' is not a defined segment"
    elif vocabulary.is_broad_segment(s) or vocabulary.is_broad_segment(segments[s].name or s):
        verdict = f"'{s}' means everybody"
    verdicts[s] = verdict
    return verdict


@fact("tactics", segments=True)
def _targeted(ctx: ScoreContext, t: Tactic) -> bool:
    return bool(t.segment) and all(_aimed_wrong(ctx, s) is None for s in t.segment)


class OutcomeObjective(Criterion):
    """1 if some traceable objective has a KPI on a business outcome with a target"""

    key = "outcome-objective"
    title = "At least one traceable objective with a target on a business outcome"
    weight = 5
    reads = ("objective.kpis",)
    counts = ("objective",)

    def measure(self, ctx: ScoreContext) -> Measure:
        vocabulary = ctx.vocabulary
        outcome = [
            o
            for o in ctx.traced_objectives
            if any(vocabulary.is_outcome(k.metric) and k.target_set for k in o.kpis)
        ]
        if not outcome:
            return Measure(
                0.0, "no objective that traces to a goal has a target on a business outcome"
            )
        return Measure(
            1.0, "measured on a business outcome with a target: " + ids(o.id for o in outcome)
        )


MARKET = Question(
    key="market",
    title="Is the plan market-driven (segments, voice of the customer)?",
    label="Market-driven",
    criteria=(SegmentsDefined(), VoiceOfCustomer(), TacticsTargeted(), OutcomeObjective()),
    # RA312 untargeted-tactic is an error by default.
    capped_by=("RA206", "RA302", "RA309", "RA312"),
)

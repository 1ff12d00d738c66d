import difflib
from collections.abc import Iterator

from ramaudit.core.edits import rename
from ramaudit.core.findings import Severity
from ramaudit.core.suggest import only_match
from ramaudit.rules.base import Context, Problem, Rule, quote, with_article


class UnknownSegment(Rule):
    """A tactic names a segment id that does not exist.

    ## What it does
    Checks every id in a tactic's `segment` list against the plan's `segments` and
    reports the ones that are not defined, at the id, with the closest defined segment
    as a suggestion. An id that belongs to a goal, objective or tactic is reported as
    not being a segment. Words that mean everybody (`everyone`, `all`) are left to
    RA302.

    ## Why it matters
    Segments carry the plan's knowledge of its market: who the customers are and what
    they said (voice of the customer). A tactic aimed at a segment that is not defined
    is aimed at a guess, and usually the cause is a typo that silently detaches the
    tactic from the segment it was meant for.

    ## Example
    ```yaml
    plan:
      name: Plan
    segments:
      - id: seg-gen-z
    tactics:
      - id: t-campus-tour
        segment: seg-genz
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    segments:
      - id: seg-gen-z
    tactics:
      - id: t-campus-tour
        segment: seg-gen-z
    ```

    ## How to fix
    Correct the id (the message suggests the closest one), or define the segment under
    `segments:` with a name and voice-of-customer evidence.
    """

    code = "RA312"
    name = "unknown-segment"
    severity = Severity.ERROR
    category = "market"
    fixable = "safe"

    def check(self, ctx: Context) -> Iterator[Problem]:
        segment_ids = [s.id for s in ctx.plan.segments]
        known = set(segment_ids)
        vocab = ctx.vocabulary
        for tactic in ctx.plan.tactics:
            for i, ref in enumerate(tactic.segment):
                if ref in known or vocab.is_broad_segment(ref):
                    continue
                kind = ctx.graph.kind(ref)
                guess = difflib.get_close_matches(ref, segment_ids, n=1)
                hint = (
                    f"; did you mean {quote(guess[0])}?"
                    if guess
                    else (
                        "; define it under 'segments:'"
                        if segment_ids
                        else "; the plan defines no segments: add it under 'segments:'"
                    )
                )
                if kind is not None:
                    what = f"{quote(ref)}, which is {with_article(kind)}, not a segment"
                else:
                    what = f"segment {quote(ref)}, which does not exist"
                where = (*tactic.path, "segment", i)
                # The did-you-mean made, when it is certain and the id names nothing else.
                fix = None
                if guess and kind is None and only_match(ref, segment_ids) == guess[0]:
                    fix = rename(ctx.locator, where, ref, guess[0])
                yield Problem(
                    where,
                    f"tactic {quote(tactic.id)} is aimed at {what}{hint}",
                    item=tactic.id,
                    fix=fix,
                )

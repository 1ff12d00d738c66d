from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote, shorten


class UntargetedTactic(Rule):
    """A tactic aimed at no segment, or at everyone.

    ## What it does
    Reports a tactic with no `segment`, at its `id`, and a tactic whose segment is a
    word for everybody (`everyone`, `all`, `general public` and the rest of the
    vocabulary's `broad-segments` list), at that segment. A defined segment whose name
    is such a word counts as broad too. Segment ids that do not exist are RA312.
    A segment of `kind: internal` is targeted whatever its name (`All account
    executives`, even `Everyone` on the sales team): enablement work is aimed at the
    plan's own people, who are a known group.

    ## Why it matters
    Niche segments beat mass marketing: a message written for a specific group, with a
    problem the plan has heard from them, is the one that lands and converts. A tactic
    aimed at everyone cannot be tuned, cannot be checked against what customers say,
    and usually spends most of its budget on people who will never buy. The third
    question of the fitness test asks whether a plan is market-driven; this is where it
    shows.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-radio
        name: Regional radio spots
        segment: everyone
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    segments:
      - id: seg-homeowners
        name: Homeowners within 15 miles
    tactics:
      - id: t-radio
        name: Regional radio spots
        segment: seg-homeowners
    ```

    ## How to fix
    Define the segment the tactic is really for under `segments:` and name it with
    `segment: <id>`. If the tactic truly serves several, list them; if it serves none
    in particular, question whether it belongs in the plan.
    """

    code = "RA302"
    name = "untargeted-tactic"
    depends_on = "item"
    also_reads = ("segments",)
    severity = Severity.WARNING
    category = "market"

    def check(self, ctx: Context) -> Iterator[Problem]:
        vocab = ctx.vocabulary
        segments = {s.id: s for s in ctx.plan.segments}
        for tactic in ctx.plan.tactics:
            if not tactic.segment:
                if ctx.invalid(tactic, "segment"):
                    continue  # written but invalid: RA002 says so
                yield Problem(
                    (*tactic.path, "id"),
                    f"tactic {quote(tactic.id)} is aimed at no segment; add 'segment: <id>' naming "
                    "the customers it is for",
                    item=tactic.id,
                )
                continue
            for i, ref in enumerate(tactic.segment):
                seg = segments.get(ref)
                if seg is not None and seg.kind == "internal":
                    continue  # the plan's own people: a known audience
                name = seg.name if seg is not None and seg.name else None
                if vocab.is_broad_segment(ref) or (name and vocab.is_broad_segment(name)):
                    shown = f"{quote(ref)}" + (
                        f" ({shorten(name)})" if name and name != ref else ""
                    )
                    yield Problem(
                        (*tactic.path, "segment", i),
                        f"tactic {quote(tactic.id)} is aimed at {shown}, which is everybody: mass "
                        "marketing; aim it at a defined segment",
                        item=tactic.id,
                    )

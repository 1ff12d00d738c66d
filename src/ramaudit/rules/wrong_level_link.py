from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.graph import Link
from ramaudit.core.model import LINKS
from ramaudit.rules.base import Context, Problem, Rule, quote, shorten, with_article

# What each link field should name, and what to write instead when it names a
# goal, an objective or a tactic by mistake: (source kind, field, target kind) -> advice.
_ADVICE = {
    (
        "tactic",
        "objectives",
        "goal",
    ): "a tactic reaches a goal through an objective that measures progress; link it to "
    "an objective of '{target}' (add one if none fits)",
    (
        "tactic",
        "objectives",
        "tactic",
    ): "tactics serve objectives, not other tactics; link it to the objective that "
    "'{target}' serves",
    (
        "objective",
        "goals",
        "objective",
    ): "an objective that rolls up to another one names it in 'parents', not 'goals'; "
    "write 'parents: {target}'",
    (
        "objective",
        "goals",
        "tactic",
    ): "objectives are served by tactics, not linked to them; put 'objectives: {source}' "
    "on the tactic instead",
    (
        "objective",
        "parents",
        "goal",
    ): "'parents' names objectives; to serve the goal directly write 'goals: {target}'",
    (
        "objective",
        "parents",
        "tactic",
    ): "a tactic cannot be the parent of an objective; put 'objectives: {source}' on the "
    "tactic instead",
}


class WrongLevelLink(Rule):
    """A link that skips a level of the plan or points the wrong way.

    ## What it does
    Checks that every link names an item of the kind its field expects: a tactic's
    `objectives` name objectives, an objective's `goals` name goals and its `parents`
    name objectives. It reports a tactic linked straight to a goal, an objective linked
    to a tactic, an objective listing another objective under `goals`, and the like.
    Such a link is no path to a goal, so the item behind it may also be reported as
    cut off (RA101, RA102). Links that name a segment are reported by RA005.

    ## Why it matters
    Goals-first planning runs in a fixed order, as SOSTAC spells out: business goals,
    then measurable objectives, then the tactics that move them. A tactic tied straight
    to a goal has skipped the objective, so nothing states how its contribution will be
    measured or by when; an objective tied to a tactic has the chain upside down. Either
    way the plan claims a connection it cannot show.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-webinar
        objectives: g-pipeline
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-webinar
        objectives: o-leads
    ```

    ## How to fix
    Link each item to the level directly above it: tactic to objective, objective to
    goal (or to a parent objective with `parents`). If a tactic has no objective to
    serve, write the objective first: what should change, by how much, by when.
    """

    code = "RA106"
    name = "wrong-level-link"
    severity = Severity.WARNING
    category = "execution"

    def check(self, ctx: Context) -> Iterator[Problem]:
        for link in ctx.graph.bad_links("wrong-kind"):
            if link.target_kind in ("goal", "objective", "tactic"):
                yield Problem(link.path, _message(link), item=link.source)


def _message(link: Link) -> str:
    want = LINKS[link.field]
    advice = _ADVICE.get(
        (link.source_kind, link.field, link.target_kind or ""),
        f"{quote(link.field)} must name {with_article(want)}",
    )
    return (
        f"{link.source_kind} {quote(link.source)} names {link.target_kind} {quote(link.target)} "
        f"in {quote(link.field)}, where {with_article(want)} belongs; "
        + advice.format(source=shorten(link.source), target=shorten(link.target))
    )

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.graph import Link
from ramaudit.core.model import DEPENDABLE, LINKS
from ramaudit.core.wording import listed
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
    # Format 2: campaigns sit between objectives and tactics, milestones below objectives.
    ("tactic", "objectives", "campaign"): "a tactic joins a campaign under 'campaign:'; "
    "write 'campaign: {target}' and it serves the campaign's objectives",
    ("tactic", "objectives", "milestone"): "a milestone is a result to deliver, not an "
    "objective; link the tactic to the milestone's objective, and if the milestone waits "
    "for the tactic put 'depends_on: {source}' on the milestone",
    ("tactic", "campaign", "objective"): "'campaign' names the campaign the tactic belongs "
    "to; to serve the objective directly write 'objectives: {target}'",
    ("tactic", "campaign", "goal"): "'campaign' names the campaign the tactic belongs to; "
    "link the tactic to an objective of '{target}' with 'objectives:'",
    ("tactic", "campaign", "tactic"): "a tactic belongs to a campaign, not to another "
    "tactic; name the campaign that '{target}' belongs to",
    ("tactic", "campaign", "milestone"): "a milestone is no campaign; if the tactic waits "
    "for it, write 'depends_on: {target}'",
    ("campaign", "objectives", "goal"): "a campaign reaches a goal through an objective; "
    "link it to an objective of '{target}' (add one if none fits)",
    ("campaign", "objectives", "campaign"): "campaigns do not nest in campaigns; link it "
    "to the objective that '{target}' serves",
    ("campaign", "objectives", "tactic"): "a tactic joins a campaign, not the other way "
    "round; put 'campaign: {source}' on the tactic instead",
    ("campaign", "objectives", "milestone"): "a milestone is a result to deliver, not an "
    "objective; link the campaign to the milestone's objective",
    ("milestone", "objectives", "goal"): "a milestone is a result of an objective; link "
    "it to an objective of '{target}'",
    **{
        ("milestone", "objectives", kind): "a milestone is a result of an objective; link "
        "it to that objective, and if it waits for '{target}' write 'depends_on: {target}'"
        for kind in ("tactic", "campaign", "milestone")
    },
    **{
        ("objective", key, "campaign"): "objectives are served by campaigns, not linked to "
        "them; put 'objectives: {source}' on the campaign instead"
        for key in ("goals", "parents")
    },
    **{
        ("objective", key, "milestone"): "a milestone is a result of an objective; put "
        "'objectives: {source}' on the milestone instead, or write it under the "
        "objective's 'milestones:'"
        for key in ("goals", "parents")
    },
}
# What a `depends_on` link should name instead of the kind it names.
_DEPENDS_ADVICE = {
    "goal": "a goal is no work to wait for; to serve it, link the item to one of its objectives",
    "objective": "an objective is no work to wait for; to serve it, write 'objectives: "
    "{target}', or name the tactic or milestone of it that must come first",
    "budget line": "a budget line is money, not work; remove the link",
}
# What `depends_on` may name, as messages list it.
WORK = listed([with_article(kind) for kind in DEPENDABLE])


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

    ## In format 2
    The links format 2 adds are checked too: a tactic's `campaign` names a campaign,
    the `objectives` of a campaign or a milestone name objectives, and `depends_on`
    names the work an item waits for: a tactic, a campaign or a milestone. A campaign
    listed under a tactic's `objectives`, an objective under its `campaign`, or an
    objective under `depends_on` is reported with what to write instead; the items
    behind such links may be reported as cut off as well (RA108, RA112).
    """

    code = "RA106"
    name = "wrong-level-link"
    severity = Severity.WARNING
    category = "execution"

    def check(self, ctx: Context) -> Iterator[Problem]:
        for link in ctx.graph.bad_links("wrong-kind"):
            if link.target_kind != "segment":  # links naming segments are RA005's
                yield Problem(link.path, _message(link), item=link.source)


def _message(link: Link) -> str:
    names = {"source": shorten(link.source), "target": shorten(link.target)}
    if link.field == "depends_on":
        advice = _DEPENDS_ADVICE.get(link.target_kind or "", "name the work it waits for")
        return (
            f"{link.source_kind} {quote(link.source)} depends on {link.target_kind} "
            f"{quote(link.target)}, but 'depends_on' names the work it waits for: {WORK}; "
            + advice.format(**names)
        )
    want = LINKS[link.field]
    fallback = f"{quote(link.field)} must name {with_article(want)}"
    if link.target_kind == "budget line":
        fallback = "a budget line is money the plan spends, not an item to link; remove the link"
    advice = _ADVICE.get((link.source_kind, link.field, link.target_kind or ""), fallback)
    return (
        f"{link.source_kind} {quote(link.source)} names {link.target_kind} {quote(link.target)} "
        f"in {quote(link.field)}, where {with_article(want)} belongs; " + advice.format(**names)
    )

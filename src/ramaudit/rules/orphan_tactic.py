from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import Tactic
from ramaudit.rules.base import Context, Problem, Rule, quote


class OrphanTactic(Rule):
    """A tactic with no path to any business goal: a random act of marketing.

    ## What it does
    Follows links and nesting upward from every tactic: tactic -> objective (-> parent
    objective ...) -> goal. A tactic that reaches no goal is reported, whether it links
    to nothing, only to ids that do not exist, or only to objectives that are
    themselves cut off from every goal.

    ## Why it matters
    This is the defining random act of marketing: activity that spends budget and
    attention but serves no business goal anyone agreed on. Goals-first planning works
    downward, from the business goal to the objectives that measure it and only then
    to the tactics that move those objectives; a tactic that reaches no goal was
    picked the other way round, for its own sake. It cannot be judged a success or a
    failure, because nothing says what it was for, and it fails the fourth fitness
    question, efficient execution: its money does nothing for the goals. The budget
    such tactics carry is reported as spend on random acts of marketing (RAM spend).

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
      - id: t-billboard
        name: Highway billboard
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
      - id: t-billboard
        name: Highway billboard
        objectives: o-leads
    ```

    ## How to fix
    Link the tactic to the objective it serves (`objectives: <id>`), or nest it under
    that objective. If no objective fits, ask whether the tactic belongs in the plan at
    all: cutting it frees its budget for work that moves a goal.

    ## In format 2
    A tactic in a campaign (written under its `tactics:` or naming it in `campaign:`)
    serves the campaign's objectives: the chain is tactic -> campaign -> objective ->
    goal, and a tactic is cut off when its campaign is. The message then names the
    campaign, because linking the campaign to its objective fixes every tactic in it.
    `depends_on` links are no path to a goal: waiting for work that serves a goal
    does not make a tactic serve it.
    """

    code = "RA101"
    name = "orphan-tactic"
    depends_on = "item+graph"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Problem]:
        for tactic in ctx.graph.orphan_tactics:
            why, fix = _why(ctx, tactic)
            spend = ""
            if tactic.budget:
                spend = f" and carries {tactic.budget:,.0f} {ctx.plan.currency}"
            yield Problem(
                (*tactic.path, "id"),
                f"tactic {quote(tactic.id)} {why}{spend}: a random act of marketing; {fix}",
                item=tactic.id,
            )


def _why(ctx: Context, tactic: Tactic) -> tuple[str, str]:
    """Why ``tactic`` reaches no goal, and what to do about it."""
    graph = ctx.graph
    above = graph.parents_of(tactic.id)
    campaigns = [p for p in above if graph.kind(p) == "campaign"]
    fix = "link it to the objective it serves or drop it"
    if campaigns:
        # The campaign is where the chain breaks: fixing its link fixes every tactic
        # in it at once, so the message sends the writer there.
        names = _names(campaigns)
        if len(campaigns) == 1:
            fix = f"link campaign {names} to the objective it serves or drop the tactic"
        else:
            fix = f"link campaigns {names} to the objectives they serve or drop the tactic"
        linked = tactic.objectives or ctx.invalid(tactic, "objectives")
        if linked or any(graph.kind(p) == "objective" for p in above):
            return f"has no path through its objectives or campaign {names} to any goal", fix
        if len(campaigns) == 1:
            return f"belongs to campaign {names}, which serves no goal", fix
        return f"belongs to campaigns {names}, none of which serves a goal", fix
    unlinked = tactic.parent is None
    if unlinked and not tactic.objectives and (tactic.campaign or ctx.invalid(tactic, "campaign")):
        return "has no valid link to an objective or a campaign", fix
    if ctx.invalid(tactic, "objectives") and unlinked:
        return "has no valid link to an objective", fix
    if not tactic.objectives and unlinked:
        return "links to no objective", fix
    return "has no path through its objectives to any goal", fix


def _names(ids: list[str]) -> str:
    """Up to three ids, quoted and joined; the rest counted."""
    shown = [quote(i) for i in ids[:3]]
    if len(ids) > 3:
        shown.append(f"{len(ids) - 3} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]

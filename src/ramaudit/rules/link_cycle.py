from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.graph import Link, shortest_loop
from ramaudit.rules.base import Context, Problem, Rule, quote, shorten


class LinkCycle(Rule):
    """Objectives whose `parents` links go round in a loop.

    ## What it does
    Follows the `parents` links between objectives and reports every loop once: an
    objective that names itself as its parent, or a chain such as `o-a` -> `o-b` ->
    `o-a`. The finding sits on the first objective's `parents` link and names every
    objective in the loop.

    ## Why it matters
    Goals-first planning hangs every objective from a business goal; larger plans
    add levels, as OKR sets do, with team objectives rolling up to department ones
    and those to the goal. In a loop nothing is on top: each objective in it claims
    to serve the next one, and unless one of them also names a goal the chain never
    reaches one, so the plan cannot say what any of them is finally for. Tactics under
    such a loop become random acts without anyone noticing.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        parents: o-leads
      - id: o-leads
        parents: o-pipeline
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-growth
    objectives:
      - id: o-pipeline
        goals: g-growth
      - id: o-leads
        parents: o-pipeline
    ```

    ## How to fix
    Decide which objective is the higher one, remove the `parents` link that points
    down from it, and link the top objective to its business goal with `goals`.

    ## In a workspace
    Loops that run through several plan files are reported too, once, in the first
    file of the loop: objectives whose `parents` links reach back through other files
    (named `<plan id>:<id>`), and plan files whose `plan.parents` lead back to
    themselves, so that no plan of the loop is on top.
    """

    code = "RA107"
    name = "link-cycle"
    severity = Severity.ERROR
    category = "execution"

    def check(self, ctx: Context) -> Iterator[Problem]:
        if ctx.workspace is not None:
            yield from _across_files(ctx)
        parents: dict[str, list[Link]] = {}
        for link in ctx.graph.links:
            if link.field == "parents" and link.problem is None:
                parents.setdefault(link.source, []).append(link)
        for cycle in ctx.graph.cycles:
            first = cycle[0]
            loop, start = shortest_loop(first, set(cycle), parents)
            if start is None:  # pragma: no cover - every cycle member has a link in it
                continue
            # Say the loop cuts its members off only when it does: a member may still
            # reach a goal through a 'goals' link, nesting or another parent.
            graph = ctx.graph
            stranded = not any(m in graph.traceable for m in loop)
            topped = [m for m in loop if any(graph.kind(p) == "goal" for p in graph.parents_of(m))]
            if len(loop) == 1:
                consequence = (
                    ", so it can never reach a goal through it"
                    if stranded
                    else "; an objective cannot roll up to itself"
                )
                message = (
                    f"objective {quote(first)} names itself in 'parents'{consequence}; remove "
                    "the link and name its real parent or goal"
                )
                yield Problem(start.path, message, item=first)
                continue
            chain = " -> ".join(shorten(o) for o in [*loop, loop[0]])
            message = f"objectives form a loop of parents links: {chain}; "
            if stranded:
                message += (
                    "none of them reaches a goal. Remove one link so the loop has a top, "
                    "and link that objective to its goal"
                )
            elif topped:
                message += (
                    f"each rolls up to the next, so the loop has no top. {quote(topped[0])} "
                    "already serves a goal: remove its 'parents' link so it is the top"
                )
            else:
                message += (
                    "each rolls up to the next, so the loop has no top. Remove the "
                    "'parents' link of the objective that should be on top"
                )
            yield Problem(start.path, message, item=first)


def _across_files(ctx: Context) -> Iterator[Problem]:
    """The loops through other files that this file reports (the first file of each)."""
    assert ctx.workspace is not None
    for where, what, members, item in ctx.workspace.loops:
        # File paths are shown whole (a report shortens none); ids are cut as always.
        shown = members if what == "plans" else tuple(shorten(m) for m in members)
        chain = " -> ".join([*shown, shown[0]])
        if what == "plans":
            message = (
                f"plan files form a loop of 'parents': {chain}; each serves the next, so "
                "none is on top. Remove the 'parents' entry of the plan that should be on top"
            )
        else:
            message = (
                f"objectives form a loop of parents links across files: {chain}; remove "
                "the 'parents' link of the objective that should be on top"
            )
        yield Problem(where, message, item=item or ctx.item_at(where))

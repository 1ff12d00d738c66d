from collections import deque
from collections.abc import Iterator

from ramaudit.findings import Finding, Severity
from ramaudit.graph import Link
from ramaudit.rules.base import Context, Rule


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
    and those to the goal. In a loop nothing is on top, so the chain never
    reaches a goal; each objective in it claims to serve the next one and the plan
    cannot say what any of them is finally for. Tactics under the loop become random
    acts without anyone noticing.

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
    """

    code = "RA107"
    name = "link-cycle"
    severity = Severity.ERROR
    category = "execution"

    def check(self, ctx: Context) -> Iterator[Finding]:
        parents: dict[str, list[Link]] = {}
        for link in ctx.graph.links:
            if link.field == "parents" and link.problem is None:
                parents.setdefault(link.source, []).append(link)
        for cycle in ctx.graph.cycles:
            first = cycle[0]
            loop, link = _loop(first, set(cycle), parents)
            if link is None:  # pragma: no cover - every cycle member has a link in it
                continue
            if len(loop) == 1:
                message = (
                    f"objective '{first}' names itself in 'parents', so it can never "
                    "reach a goal; remove the link and name its real parent or goal"
                )
            else:
                chain = " -> ".join([*loop, loop[0]])
                message = (
                    f"objectives form a loop of parents links: {chain}; none of them "
                    "reaches a goal. Remove one link so the loop has a top, and link "
                    "that objective to its goal"
                )
            yield ctx.finding(self, link.path, message, item=first)


def _loop(
    first: str, members: set[str], parents: dict[str, list[Link]]
) -> tuple[list[str], Link | None]:
    """The loop through ``first`` in link order, and ``first``'s link that starts it.

    A breadth-first search from each of ``first``'s parents inside the cycle back to
    ``first`` gives the shortest loop, so the message stays readable even when the
    objectives are tangled more than once.
    """
    best: tuple[list[str], Link | None] = ([first], None)
    for start in parents.get(first, []):
        if start.target not in members:
            continue
        if start.target == first:
            if len(members) == 1:  # a self-loop is its own cycle
                return [first], start
            continue  # part of a larger tangle: name the loop through the others
        prev: dict[str, str] = {start.target: first}
        queue = deque([start.target])
        while queue and first not in prev:
            node = queue.popleft()
            for link in parents.get(node, []):
                if link.target in members and link.target not in prev:
                    prev[link.target] = node
                    queue.append(link.target)
        if first not in prev:  # pragma: no cover - members of one cycle reach each other
            continue
        back: list[str] = []
        node = prev[first]
        while node != first:
            back.append(node)
            node = prev[node]
        loop = [first, *reversed(back)]
        if best[1] is None or len(loop) < len(best[0]):
            best = (loop, start)
    return best

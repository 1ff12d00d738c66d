from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.graph import Link, shortest_loop
from ramaudit.rules.base import Context, Problem, Rule, quote, shorten


class DependencyCycle(Rule):
    """Work whose `depends_on` links go round in a loop.

    ## What it does
    Follows the `depends_on` links between tactics, campaigns and milestones and
    reports every loop once, in document order: an item that depends on itself, or a
    chain such as `t-a` -> `m-b` -> `t-a`. The finding sits on the first item's link
    that starts the loop and names every item in it.

    ## Why it matters
    A dependency says one piece of work cannot start until another is done. In a loop
    each item waits for the next, so none of them can ever start: the schedule the
    plan implies is impossible. It is usually a slip, a link written the wrong way
    round, but until it is fixed nobody can tell from the plan what comes first.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-cms-migration
        depends_on: t-launch-webinar
      - id: t-launch-webinar
        depends_on: t-cms-migration
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-cms-migration
      - id: t-launch-webinar
        depends_on: t-cms-migration
    ```

    ## How to fix
    Decide which item really comes first and remove the `depends_on` link that points
    from it to the item that follows.
    """

    code = "RA110"
    name = "dependency-cycle"
    severity = Severity.ERROR
    category = "structure"

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        cycles = graph.dependency_cycles
        if not cycles:
            return
        waits: dict[str, list[Link]] = {}
        for link in graph.links:
            if link.field == "depends_on" and link.problem is None:
                waits.setdefault(link.source, []).append(link)
        for cycle in cycles:
            first = cycle[0]
            loop, start = shortest_loop(first, set(cycle), waits)
            if start is None:  # pragma: no cover - every cycle member has a link in it
                continue
            if len(loop) == 1:
                message = (
                    f"{graph.kind(first)} {quote(first)} depends on itself, so it can never "
                    f"start; remove {quote(first)} from its 'depends_on'"
                )
            else:
                chain = " -> ".join(shorten(i) for i in [*loop, loop[0]])
                message = (
                    f"depends_on links form a loop: {chain}; each waits for the next, so none "
                    "of them can ever start. Decide which comes first and remove its "
                    "'depends_on' link into the loop"
                )
            yield Problem(start.path, message, item=first)

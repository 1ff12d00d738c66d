from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class DuplicateId(Rule):
    """Two items share an id.

    ## What it does
    Ids must be unique across the whole plan: goals, objectives, tactics and segments
    share one namespace. The second item with an id is reported at its `id`; the first
    one keeps the id and the second takes no part in the traceability analysis.

    ## Why it matters
    Links are made by id. When two tactics are both `t-webinar`, a link to `t-webinar`
    is ambiguous, and numbers rolled up by id (budget, KPIs) are counted wrongly.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-growth
      - id: g-growth
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-growth
      - id: g-retention
    ```

    ## How to fix
    Rename one of the items and update the links that meant it. A kind prefix
    (`g-`, `o-`, `t-`, `s-`) keeps ids distinct.
    """

    code = "RA004"
    name = "duplicate-id"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Problem]:
        first = ctx.graph.items
        for item in ctx.plan.items():
            original = first[item.id]
            if original is not item:
                where = ":".join(str(p) for p in original.path[:1])
                line, _, _, _ = ctx.locator.position(original.path)
                yield Problem(
                    (*item.path, "id"),
                    f"id {quote(item.id)} is already used by the {kind_of(original)} at line "
                    f"{line} ({where}); give this {kind_of(item)} an id of its own",
                    item=item.id,
                )

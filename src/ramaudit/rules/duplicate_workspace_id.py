from collections.abc import Iterator
from typing import ClassVar

from ramaudit.core.findings import Severity
from ramaudit.core.model import kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class DuplicateWorkspaceId(Rule):
    """Two plan files of one workspace use the same id.

    ## What it does
    In a workspace (the `workspace` setting, or plans linked by `plan.parents`),
    reports an item whose id an earlier file of its scope uses too, at the later
    file's `id`: a plan named in `parents` is earlier than the plans that serve it,
    other files go in path order. The example is `team.yaml`, whose `plan.parents`
    names a `company.yaml` that has a goal `g-growth` too.

    ## Why it matters
    A short id is what other plans link to. When two files have it, a link from a
    third file can no longer say which one it means (RA114), and roll-ups by id count
    one item's numbers under the other's name. Each file still means its own item.

    ## Example
    ```yaml
    plan:
      name: Team
      parents: company.yaml
    goals:
      - id: g-growth
    ```

    ## Use instead
    ```yaml
    plan:
      name: Team
      parents: company.yaml
    goals:
      - id: g-team-growth
    ```

    ## How to fix
    Rename one of the items (a team or department prefix keeps ids apart), or, when
    both must stay, have other plans name them qualified: `company:g-growth`.
    """

    code = "RA113"
    name = "duplicate-workspace-id"
    severity = Severity.WARNING
    example_files: ClassVar[dict[str, str]] = {
        "company.yaml": "plan:\n  name: Company\ngoals:\n  - id: g-growth\n"
    }

    def check(self, ctx: Context) -> Iterator[Problem]:
        if ctx.workspace is None or not ctx.workspace.duplicates:
            return
        duplicates = ctx.workspace.duplicates
        first = ctx.graph.items
        for item in ctx.plan.items():
            if first.get(item.id) is item and item.id in duplicates:
                other, line = duplicates[item.id]
                yield Problem(
                    (*item.path, "id"),
                    f"id {quote(item.id)} is also used in {other} (line {line}); give this "
                    f"{kind_of(item)} an id of its own, or name the other one "
                    "qualified in links from other plans",
                    item=item.id,
                )

from collections.abc import Iterator
from typing import ClassVar

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class MissingParentPlan(Rule):
    """`plan.parents` names a file that is not a plan.

    ## What it does
    Checks each file that the plan block's `parents` (also spelt `parent`) names,
    relative to the plan's own folder: reported when it does not exist, cannot be
    read, has no `plan:` block, or is the plan itself. In the example no
    `company.yaml` lies beside `team.yaml`. (A loop of `parents` through several files
    is RA107's.)

    ## Why it matters
    The plans a plan serves are where its links lead: the goals and objectives its
    tactics roll up to. With the parent missing, every link into it dangles and every
    tactic below it looks like a random act, for a reason no other finding names.

    ## Example
    ```yaml
    plan:
      name: Team
      parents: company.yaml
    ```

    ## Use instead
    ```yaml
    plan:
      name: Team
      parents: plans/company.yaml
    ```

    ## How to fix
    Correct the path (it is relative to the folder of the plan that names it), add
    the missing plan, or remove the entry.
    """

    code = "RA115"
    name = "missing-parent-plan"
    severity = Severity.ERROR
    example_files: ClassVar[dict[str, str]] = {"plans/company.yaml": "plan:\n  name: Company\n"}

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if ctx.workspace is None or info is None:
            return
        for index, why in ctx.workspace.bad_parents:
            yield Problem(
                ("plan", "parents", index),
                f"'parents' names {quote(info.parents[index])}, which {why}; correct the "
                "path (relative to this plan's folder) or remove it",
            )

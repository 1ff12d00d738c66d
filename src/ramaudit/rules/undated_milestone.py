from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class UndatedMilestone(Rule):
    """A milestone with no due date.

    ## What it does
    Reports every milestone that has no `due` date, at its `id`. A due date written as
    a placeholder (`due: TBD`) is RA308's, and one written but not a date is RA002's,
    so neither is reported again here. A milestone that is `done: true` is reported
    all the same: the day it was due is what a review compares the result with.

    ## Why it matters
    A milestone is a key result that is met or not met, and "met" only means something
    by a day. Without one it cannot be late, so it never shows as at risk in a review,
    and the work that depends on it (`depends_on`) cannot be scheduled against it.
    Time-bound key results are part of what makes a plan accountable.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
    milestones:
      - id: m-site-live
        name: New website live
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
    milestones:
      - id: m-site-live
        name: New website live
        due: 2027-03-31
    ```

    ## How to fix
    Add `due:` with the day the milestone must be reached: a date (`2027-03-31`), or a
    month or quarter, which means its last day.
    """

    code = "RA315"
    name = "undated-milestone"
    severity = Severity.WARNING
    category = "accountability"

    def check(self, ctx: Context) -> Iterator[Problem]:
        for milestone in ctx.plan.milestones:
            if milestone.due is None and not ctx.invalid(milestone, "due"):
                yield Problem(
                    (*milestone.path, "id"),
                    f"milestone {quote(milestone.id)} has no due date; add 'due:' with the "
                    "day it must be reached, so a review can tell whether it is on time",
                    item=milestone.id,
                )

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule


class NoReviewCadence(Rule):
    """The plan sets no review cadence.

    ## What it does
    Reports a plan whose `plan:` block has no `review_cadence` (`weekly`, `biweekly`,
    `monthly` or `quarterly`), at the `plan` key. A cadence that is written but is
    none of these (`daily`) is RA002's.

    ## Why it matters
    The first question of the marketing fitness test asks for a scalable, repeatable
    process, and the last step of SOSTAC is control: results are checked against the
    objectives on a fixed rhythm and the plan is adjusted. A plan without a review
    date is written once and then left to drift; nobody notices a failing tactic until
    its budget is gone.

    ## Example
    ```yaml
    plan:
      name: Plan
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      review_cadence: monthly
    ```

    ## How to fix
    Add `review_cadence:` to the `plan:` block with how often owners review KPIs
    against targets. Monthly suits most plans; fast paid campaigns may need weekly.
    """

    code = "RA304"
    name = "no-review-cadence"
    severity = Severity.INFO
    category = "process"

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if (
            info is not None
            and info.review_cadence is None
            and not ctx.invalid(info, "review_cadence")
        ):
            yield Problem(
                ("plan",),
                "the plan sets no review cadence; add 'review_cadence: monthly' (or weekly, "
                "biweekly, quarterly) so results are checked against targets on a rhythm",
                key=True,
            )

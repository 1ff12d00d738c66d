from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, shorten


class MarketingOnlyPlan(Rule):
    """The plan names no stakeholder outside marketing.

    ## What it does
    Reads `stakeholders` in the `plan:` block and reports the plan when none of them is
    outside marketing: the list is empty, or holds only marketing, brand, content,
    communications and the other entries of the vocabulary's `marketing-functions`
    list. A stakeholder is marketing only when it is a marketing function as a whole:
    `VP Marketing`, `Demand Gen team` and `Product Marketing` are; `Head of Digital
    Sales`, `Finance (marketing controller)` and `Digital Products` name sales, finance
    and product, so they are outside marketing, and so is "Sales & Marketing", since
    one of its parts is. The finding points at `stakeholders`, or at `plan` when the
    list is absent; a `stakeholders` value that is not a list is left to RA002.

    ## Why it matters
    Efficient execution, the fourth fitness question, depends on alignment across
    functions: sales works the leads, finance funds the budget, operations and service
    deliver what marketing promised. A plan written for marketing alone sets targets
    sales has not agreed to accept and links activity to no business KPI anyone else
    tracks.

    ## Example
    ```yaml
    plan:
      name: Plan
      stakeholders: [marketing, brand]
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      stakeholders: [marketing, sales, finance]
    ```

    ## How to fix
    Agree the plan with the functions it depends on and list them under
    `stakeholders:`: at least sales, and usually finance, operations or service.
    """

    code = "RA310"
    name = "marketing-only-plan"
    severity = Severity.INFO
    category = "execution"

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if info is None or ctx.invalid(info, "stakeholders"):
            return
        vocab = ctx.vocabulary
        if any(not vocab.is_marketing_function(s) for s in info.stakeholders):
            return
        if info.stakeholders:
            yield Problem(
                ("plan", "stakeholders"),
                f"every stakeholder ({', '.join(shorten(s) for s in info.stakeholders)}) "
                "is marketing itself; "
                "add the functions the plan depends on, such as sales, finance or operations",
            )
        else:
            yield Problem(
                ("plan",),
                "the plan names no stakeholders outside marketing; add 'stakeholders:' with "
                "the functions it depends on, such as sales, finance or operations",
                key=True,
            )

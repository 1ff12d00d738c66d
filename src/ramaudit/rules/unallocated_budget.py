from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.wording import listed, money
from ramaudit.rules.base import Context, Problem, Rule
from ramaudit.rules.budget_overrun import spend_parts


class UnallocatedBudget(Rule):
    """Much of the plan budget is allocated to no tactic, campaign or budget line.

    ## What it does
    Adds up what the plan puts its money on (the `budget` of every tactic and campaign
    and the `amount` of every budget line, as RA305 does) and reports the plan, at
    `plan.budget`, when what is left of the plan budget is more than the option `share`
    of it (default `0.3`, thirty percent). A plan with no budget is left alone, and so
    is one that spends more than its budget (that is RA305).

    Only plans written for format 2 are judged: ones that say `version: 2` or have
    `budget_lines:`. Before format 2 a plan had nowhere to put salaries, tools or
    retainers, so money left over in a version 1 plan is often that, and not a gap.

    ## Why it matters
    A budget is a set of decisions about what the money buys. When a third of it is
    tied to nothing, the plan does not say what that money is for: it is spent during
    the year on whatever is asked for first, which is how random acts of marketing get
    paid for, or it is quietly handed back and the plan looked bigger than it was.
    Efficient execution, the fourth fitness question, needs every large sum to be on a
    piece of work that traces to a goal, or named as an overhead.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
      budget: 100000
    tactics:
      - id: t-ads
        budget: 20000
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
      budget: 100000
    tactics:
      - id: t-ads
        budget: 20000
    budget_lines:
      - id: b-agency
        name: Agency retainer
        kind: retainer
        amount: 75000
    ```

    ## How to fix
    Say what the rest of the money is for: give the tactics and campaigns that will
    spend it their `budget`, and list the money that is no tactic (salaries, tools,
    retainers) under `budget_lines:`. If the money is a reserve, make it a budget line
    of kind `other` named as one; if it will not be spent, lower the plan budget.
    """

    code = "RA314"
    name = "unallocated-budget"
    severity = Severity.INFO
    category = "process"
    # Runs only on format 2 plans unless selected explicitly (the rule runner reads it);
    # check() also asks, so the rule is right wherever it runs.
    since_format = 2
    share = RuleOption(
        0.3,
        "How much of the plan budget may be allocated to no tactic, campaign or budget "
        "line before this rule reports, as a fraction of the plan budget (0.3 is 30%).",
        range=NumberRange(0, 1, what="a fraction of the plan budget"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if info is None or info.budget is None or info.budget <= 0:
            return
        if ctx.plan.version < 2 and not ctx.plan.budget_lines:
            return  # a version 1 plan had nowhere to put its overheads
        parts = spend_parts(ctx)
        allocated = sum(amount for _, amount in parts)
        left = info.budget - allocated
        if left <= info.budget * float(ctx.option(self.share)):
            return
        cur = ctx.plan.currency
        nouns = listed((noun for noun, _ in parts), "and")
        yield Problem(
            ("plan", "budget"),
            f"{money(left, cur)} of the plan budget of {money(info.budget, cur)} "
            f"({left / info.budget:.0%}) is allocated to nothing: {nouns} add up to "
            f"{money(allocated, cur)}; put the rest on the tactics, campaigns or budget "
            "lines that will spend it, or lower the budget",
        )

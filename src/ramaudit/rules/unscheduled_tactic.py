from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class UnscheduledTactic(Rule):
    """A tactic with no start or no end date.

    ## What it does
    Reports a tactic that lacks a `start`, an `end`, or both, at its `id`. A date
    that is written but is no date is RA002's, not a missing one.

    ## Why it matters
    A repeatable process needs a calendar: which work runs when, what overlaps, and
    when each tactic's results are due for review. An undated tactic cannot be
    sequenced with the rest of the funnel, is easy to postpone forever, and makes its
    budget impossible to phase across the year. SOSTAC's action step is exactly this:
    who does what, by when.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-counter-days
        name: Distributor counter days
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-counter-days
        name: Distributor counter days
        start: 2027-03-01
        end: 2027-06-30
    ```

    ## How to fix
    Add `start:` and `end:` dates (`YYYY-MM-DD`). For always-on work, use the plan
    period's dates.
    """

    code = "RA307"
    name = "unscheduled-tactic"
    depends_on = "item"
    severity = Severity.INFO
    category = "process"

    def check(self, ctx: Context) -> Iterator[Problem]:
        for tactic in ctx.plan.tactics:
            missing = [
                n
                for n, v in (("start", tactic.start), ("end", tactic.end))
                if v is None and not ctx.invalid(tactic, n)
            ]
            if missing:
                what = " or ".join(missing) if len(missing) == 2 else missing[0]
                yield Problem(
                    (*tactic.path, "id"),
                    f"tactic {quote(tactic.id)} has no {what} date; add "
                    + " and ".join(f"'{m}: YYYY-MM-DD'" for m in missing)
                    + " so it can be scheduled and reviewed",
                    item=tactic.id,
                )

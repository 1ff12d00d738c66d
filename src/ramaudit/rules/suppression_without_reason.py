from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule


class SuppressionWithoutReason(Rule):
    """A `# ramaudit: ignore` comment that does not say why (with `--require-reason`).

    ## What it does
    When `--require-reason` is given (or `require-reason = true` is set in the
    configuration), reports every `ignore[...]` or `ignore-file[...]` comment with no
    text after the brackets. Without that setting this rule reports nothing.

    ## Why it matters
    A suppression is an exception to the plan's discipline: a tactic allowed to run
    without a goal, an objective allowed to go unmeasured. The next person to review
    the plan needs to know who agreed to that and why, or the exception becomes the
    habit.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-billboard  # ramaudit: ignore[RA101]
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-billboard  # ramaudit: ignore[RA101] contract signed in 2026, ends in March
    ```

    ## How to fix
    Write the reason after the closing bracket, on the same line: who accepted the
    exception and until when.
    """

    code = "RA901"
    name = "suppression-without-reason"
    severity = Severity.WARNING
    category = "suppressions"
    # The rule reports only when reasons are required; its examples are run that way.
    example_config: ClassVar[dict[str, Any]] = {"require_reason": True}

    def check(self, ctx: Context) -> Iterator[Problem]:
        # Reported by ramaudit.config.suppressions after the other rules, when
        # require_reason is set.
        return iter(())

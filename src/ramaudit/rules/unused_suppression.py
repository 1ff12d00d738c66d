from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule


class UnusedSuppression(Rule):
    """A `# ramaudit: ignore` comment that hides no finding.

    ## What it does
    Reports a suppression comment, or one rule code inside it, that matched no finding:
    `ignore[...]` on a line and item with no such finding, `ignore-file[...]` in a file
    with none, a rule code or name that does not exist, a directive other than
    `ignore` or `ignore-file`, or an `ignore-file` below the top of the file. Comments
    that cannot be read as written are reported too, and suppress nothing: a `[` that
    is never closed, codes without brackets, empty brackets, or a code that names
    RA001 or RA006 (which are never suppressed). Codes of rules that the configuration
    turns off are not reported, and nothing is reported for a file that did not parse.

    ## Why it matters
    Suppressions outlive the problems they were written for. Once the tactic is linked
    or the KPI has its target, a stale comment still claims an exception nobody needs,
    and it will silently hide the problem if it comes back. A misspelt code hides
    nothing at all while looking as if it did.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
        kpis:
          - {metric: qualified leads, target: 300}
    tactics:
      - id: t-webinar  # ramaudit: ignore[RA101] kept from last year's plan
        objectives: o-leads
        kpis:
          - {metric: qualified leads, target: 40}
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
        kpis:
          - {metric: qualified leads, target: 300}
    tactics:
      - id: t-webinar
        objectives: o-leads
        kpis:
          - {metric: qualified leads, target: 40}
    ```

    ## How to fix
    Delete the comment, or the code inside the brackets that no longer applies. If the
    code is misspelt, correct it; `ramaudit rules` lists every code and name.
    """

    code = "RA900"
    name = "unused-suppression"
    severity = Severity.WARNING
    category = "suppressions"

    def check(self, ctx: Context) -> Iterator[Problem]:
        # Whether a suppression was used is known only after every other rule has run,
        # so ramaudit.config.suppressions reports these findings; this class holds code and docs.
        return iter(())

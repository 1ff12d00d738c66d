from ramaudit.core.findings import Severity
from ramaudit.core.loader import IssueKind, LoadIssue, shorten
from ramaudit.rules.base import DiagnosticRule


class DuplicateKey(DiagnosticRule):
    """The same key appears twice in one mapping.

    ## What it does
    Reports the second occurrence of a key within one mapping, at that key's position.
    ramaudit keeps the first value and ignores the second.

    ## Why it matters
    YAML parsers differ on which value wins, and most keep the last one without a word.
    Either way, half of what someone wrote is thrown away: a second `kpis:` block
    under a tactic means one set of measures is never read.

    ## Example
    ```yaml
    plan:
      name: Spring plan
      owner: Dana
      owner: Lee
    ```

    ## Use instead
    ```yaml
    plan:
      name: Spring plan
      owner: Dana
    ```

    ## How to fix
    Merge the two entries into one, or delete the one that is out of date.
    """

    code = "RA003"
    name = "duplicate-key"
    severity = Severity.ERROR
    issues = frozenset({IssueKind.DUPLICATE_KEY})

    @classmethod
    def describe(cls, issue: LoadIssue) -> str:
        return (
            f"key '{shorten(issue.text)}' appears twice in this mapping; "
            "YAML keeps only one of them, so merge the two"
        )

from ramaudit.core.findings import Severity
from ramaudit.core.loader import EXPANSION_RATIO, IssueKind, LoadIssue
from ramaudit.rules.base import DiagnosticRule


class ResourceLimit(DiagnosticRule):
    """The document is too large or too deeply nested to audit safely.

    ## What it does
    Stops reading a document whose aliases expand to more values than the limit
    (`--max-nodes`, default ten million), whose aliases multiply what is written more
    than a hundredfold (past 100,000 values), or whose nesting is deeper than any plan
    needs. The rest of the file is not audited.

    ## Why it matters
    A few lines of YAML aliases can expand to billions of values (the "billion laughs"
    attack). A linter that runs in CI on files from pull requests must refuse them
    quickly instead of exhausting the machine.

    ## Example
    ```yaml
    plan:
      name: deep
      x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
        ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
        ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
    ```

    ## Use instead
    ```yaml
    plan:
      name: shallow
    ```

    ## How to fix
    Plans are a few levels deep and rarely need aliases. If a generated plan is really
    this large, raise the limit with `--max-nodes`.
    """

    code = "RA006"
    name = "resource-limit"
    severity = Severity.ERROR
    issues = frozenset(
        {
            IssueKind.TOO_DEEP,
            IssueKind.STACK_EXHAUSTED,
            IssueKind.TOO_MANY_VALUES,
            IssueKind.ALIAS_EXPANSION,
            IssueKind.ALIAS_MULTIPLICATION,
        }
    )

    @classmethod
    def describe(cls, issue: LoadIssue) -> str:
        kind, limit = issue.kind, issue.limit
        if kind is IssueKind.TOO_DEEP:
            return f"nesting deeper than {limit} levels; a plan is only a few levels deep"
        if kind is IssueKind.STACK_EXHAUSTED:
            return "the document nests too deeply to read"
        if kind is IssueKind.ALIAS_MULTIPLICATION:
            return (
                f"aliases expand the document to more than {limit:,} values, "
                f"over {EXPANSION_RATIO} times the values written (an alias bomb?)"
            )
        if kind is IssueKind.TOO_MANY_VALUES:
            return (
                f"the document holds more than {limit:,} values; raise "
                "--max-nodes if the plan is really this large"
            )
        return (
            f"document expands to more than {limit:,} values through "
            "aliases (an alias bomb?); raise --max-nodes if the plan is really "
            "this large"
        )

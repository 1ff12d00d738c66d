from ramaudit.core.findings import Severity
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

from ramaudit.findings import Severity
from ramaudit.rules.base import DiagnosticRule


class YamlSyntax(DiagnosticRule):
    """The file is not valid YAML.

    ## What it does
    Reports the first place where the YAML parser gave up, with the parser's own
    explanation, its line and its column. A plan that does not parse is not audited
    further and gets no fitness score.

    ## Why it matters
    A plan that no tool can read is a plan nobody can check: every other rule is blind
    until the file parses. Tab indentation, an unclosed quote or a stray colon are the
    usual culprits.

    ## Example
    ```yaml
    plan:
      name: "Q3 plan
    goals: []
    ```

    ## Use instead
    ```yaml
    plan:
      name: "Q3 plan"
    goals: []
    ```

    ## How to fix
    Go to the line and column reported and repair the syntax there; the error is often
    on the line just before. Indent with spaces, close every quote and bracket.
    """

    code = "RA001"
    name = "yaml-syntax"
    severity = Severity.ERROR

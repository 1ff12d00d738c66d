from collections.abc import Iterator
from dataclasses import replace

from ramaudit.core.findings import Severity
from ramaudit.core.loader import IssueKind, LoadIssue, short_tag, shorten
from ramaudit.rules.base import Context, DiagnosticRule, Problem


class InvalidField(DiagnosticRule):
    """A key the plan format does not know, a value of the wrong type, or a missing required field.

    ## What it does
    Checks every mapping in the plan against the plan format (version 1): unknown keys
    (with a did-you-mean suggestion), values of the wrong type (a budget that is text, a
    date that is not a date), required fields that are absent (every goal, objective,
    tactic and segment needs an `id`; every KPI a `metric`), funnel stages that are not
    known, and YAML tags that ramaudit refuses to construct. Keys that begin with `x-`
    are your own extensions and are never reported. Each message names the item (its
    kind and id), the field, what is written and the right form. A section other
    formats use (`campaigns`, `OKRs`, `key_results`, ...) is named for the section it
    means here, and objectives written out under a tactic are explained. Items that are
    not read because of such a mistake leave the plan with no fitness score until it is
    fixed, rather than a score for what is left.

    ## Why it matters
    A misspelt link key is the quietest way to create a random act of marketing:
    `objectivs: o-pipeline` links the tactic to nothing, and the plan looks fine to a
    reader. A budget written as `"20k"` silently drops out of every total.

    ## Example
    ```yaml
    plan:
      name: Launch plan
    tactics:
      - id: t-webinar
        objectivs: o-pipeline
    ```

    ## Use instead
    ```yaml
    plan:
      name: Launch plan
    tactics:
      - id: t-webinar
        objectives: o-pipeline
    ```

    ## How to fix
    Use the key the message suggests, or move your own data under a key that starts
    with `x-`. Write numbers as numbers (`budget: 20000`) and dates as `YYYY-MM-DD`.
    The field is treated as absent until it is fixed, so other findings may follow
    from it.
    """

    code = "RA002"
    name = "invalid-field"
    severity = Severity.ERROR
    fixable = "safe"
    issues = frozenset(
        {
            IssueKind.UNKNOWN_TAG,
            IssueKind.UNREADABLE_SCALAR,
            IssueKind.COMPLEX_KEY,
            IssueKind.BAD_MERGE,
        }
    )

    @classmethod
    def describe(cls, issue: LoadIssue) -> str:
        if issue.kind is IssueKind.UNKNOWN_TAG:
            if issue.node == "scalar":
                return (
                    f"tag {shorten(short_tag(issue.tag))} is not allowed in a plan; "
                    "ramaudit reads its value as plain text"
                )
            shape = "list" if issue.node == "sequence" else "mapping"
            return (
                f"tag {short_tag(issue.tag)} is not allowed in a plan; "
                f"ramaudit reads it as a plain {shape}"
            )
        if issue.kind is IssueKind.UNREADABLE_SCALAR:
            return (
                f"cannot read {issue.text[:40]!r} as {issue.tag.rsplit(':', 1)[-1]}: {issue.reason}"
            )
        if issue.kind is IssueKind.COMPLEX_KEY:
            return "a key must be plain text, not a list or mapping"
        return "a merge key (<<) needs a mapping or a list of mappings"

    def check(self, ctx: Context) -> Iterator[Problem]:
        yield from super().check(ctx)  # the loader's issues, then the model's reports
        for diag in ctx.diagnostics:
            problem = ctx.placed(diag.path, diag.message, diag.span)
            yield problem if diag.fix is None else replace(problem, fix=diag.fix)

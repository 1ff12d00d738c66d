from collections.abc import Iterator
from typing import ClassVar

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote


class AmbiguousLink(Rule):
    """A link names an id that several other plan files of the workspace define.

    ## What it does
    Reports a link whose bare id is not one of this file's own and is defined by more
    than one other file in its scope, so that it could mean either; the message names
    the files and the qualified form of the id in each. In the example, both
    `emea.yaml` and `americas.yaml` (the plans `team.yaml` serves) define `o-pipeline`.

    ## Why it matters
    An ambiguous link is no link: the tactic behind it reaches no goal and is counted
    as a random act, while its writer believes it serves one of the two objectives.

    ## Example
    ```yaml
    plan:
      name: Team
      parents: [emea.yaml, americas.yaml]
    tactics:
      - id: t-webinar
        objectives: o-pipeline
    ```

    ## Use instead
    ```yaml
    plan:
      name: Team
      parents: [emea.yaml, americas.yaml]
    tactics:
      - id: t-webinar
        objectives: emea:o-pipeline
    ```

    ## How to fix
    Qualify the id with the plan it means, `<plan id>:<id>` (the plan id is the plan
    block's `id`, else the file's name without its extension), or rename one of the
    items so that the bare id is unique again. A qualified id is ambiguous too when
    two plans share their plan id (two files named `team.yaml` in different folders):
    give each plan an `id` of its own.
    """

    code = "RA114"
    name = "ambiguous-link"
    severity = Severity.ERROR
    example_files: ClassVar[dict[str, str]] = {
        "emea.yaml": "plan:\n  name: EMEA\nobjectives:\n  - id: o-pipeline\n",
        "americas.yaml": "plan:\n  name: Americas\nobjectives:\n  - id: o-pipeline\n",
    }

    def check(self, ctx: Context) -> Iterator[Problem]:
        if ctx.workspace is None or not ctx.workspace.ambiguous:
            return
        ambiguous = ctx.workspace.ambiguous
        for link in ctx.graph.links:
            if link.problem != "missing" or link.target not in ambiguous:
                continue
            homes = ambiguous[link.target]
            files = ", ".join(path for path, _ in homes[:3])
            more = f" and {len(homes) - 3} more" if len(homes) > 3 else ""
            prefix = link.target.partition(":")[0]
            if ":" in link.target and all(pid == prefix for _, pid in homes):
                # Qualified already: the plans share their plan id (two team.yaml files).
                fix = (
                    f"they share the plan id {quote(prefix)}: give each its own 'id' in "
                    "its plan block and qualify the link with it"
                )
            else:
                fix = "name the one it means: " + " or ".join(
                    quote(f"{pid}:{link.target}") for _, pid in homes[:3]
                )
            yield Problem(
                link.path,
                f"{link.source_kind} {quote(link.source)} links to {quote(link.target)}, "
                f"which {len(homes)} plan files define ({files}{more}); {fix}",
                item=link.source,
            )

from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import LINKS
from ramaudit.core.suggest import Suggester
from ramaudit.rules.base import Context, Problem, Rule, quote, with_article


class DanglingReference(Rule):
    """A link names an id that does not exist.

    ## What it does
    Checks every link (`goals` of an objective, `parents` of an objective, `objectives`
    of a tactic) against the ids in the plan, and suggests the closest existing id of
    the right kind. A link that names a segment where a goal or objective belongs is
    reported here too.

    ## Why it matters
    A link with a typo connects to nothing. The tactic behind it looks planned but
    traces to no goal: it is a random act of marketing that nobody meant to create.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipline
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
    ```

    ## How to fix
    Correct the id (the message names the closest match), or add the missing goal or
    objective to the plan.
    """

    code = "RA005"
    name = "dangling-reference"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Problem]:
        by_kind: dict[str, list[str]] = {}
        for item_id in ctx.graph.items:
            by_kind.setdefault(ctx.graph.kind(item_id) or "", []).append(item_id)
        suggesters: dict[str, Suggester] = {}
        for link in ctx.graph.links:
            want = LINKS[link.field]
            if link.problem == "missing":
                suggest = suggesters.get(want)
                if suggest is None:
                    suggest = suggesters[want] = Suggester(by_kind.get(want, []))
                guess = suggest(link.target)
                hint = f"; did you mean {quote(guess)}?" if guess else f"; no {want} has this id"
                msg = (
                    f"{link.source_kind} {quote(link.source)} links to {want} {quote(link.target)}"
                )
                yield Problem(link.path, msg + " which does not exist" + hint, item=link.source)
            elif link.problem == "wrong-kind" and link.target_kind == "segment":
                yield Problem(
                    link.path,
                    f"{quote(link.field)} of {link.source_kind} {quote(link.source)} names "
                    f"{quote(link.target)}, which is a segment, not {with_article(want)}; "
                    "aim tactics at segments with 'segment:'",
                    item=link.source,
                )

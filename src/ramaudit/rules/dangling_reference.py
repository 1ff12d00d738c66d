from collections.abc import Iterator

from ramaudit.core.edits import rename
from ramaudit.core.field_errors import HOMES
from ramaudit.core.findings import Fix, Severity
from ramaudit.core.graph import Link
from ramaudit.core.model import DEPENDABLE, LINKS
from ramaudit.core.suggest import Suggester, shared
from ramaudit.core.wording import listed
from ramaudit.rules.base import Context, Problem, Rule, quote, with_article
from ramaudit.rules.wrong_level_link import WORK


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

    ## In format 2
    The links format 2 adds are checked the same way: the `objectives` of a campaign or
    a milestone, the `campaign` of a tactic, and `depends_on` (also written `after`),
    which may name a tactic, a campaign or a milestone; its suggestion is the closest
    id among all three. A campaign or milestone that exists nowhere is said to belong
    in the `campaigns:` or `milestones:` section, or under its objective.

    ## In a workspace
    A link may name a goal or objective of another plan file in its scope (the
    workspace, or the files its `plan.parents` names): bare where one file has the id,
    or qualified as `<plan id>:<id>`. A link found in no file is reported here, with
    the closest id across the scope and the file that has it.
    """

    code = "RA005"
    name = "dangling-reference"
    severity = Severity.ERROR
    fixable = "safe"

    def check(self, ctx: Context) -> Iterator[Problem]:
        suggest = _Suggestions(ctx)
        ws = ctx.workspace
        for link in ctx.graph.links:
            want = LINKS[link.field]
            depends = link.field == "depends_on"
            if link.problem == "missing":
                if ws is not None and (link.target in ws.resolved or link.target in ws.ambiguous):
                    continue  # another file has it (RA114 when several do)
                guess = suggest(want, link.target)
                far = None
                if not guess and ws is not None and ws.suggest is not None:
                    far = ws.suggest("work" if depends else want, link.target)
                if guess:
                    hint = f"; did you mean {quote(guess)}?"
                elif far is not None:
                    hint = f"; did you mean {quote(far[0])} (in {far[1]})?"
                elif depends:
                    hint = f"; no {listed(DEPENDABLE)} has this id"
                elif want in _NEW_HOMES:
                    hint = f"; no {want} has this id: write it in {HOMES[want]}"
                else:
                    hint = f"; no {want} has this id"
                if depends:
                    msg = f"{link.source_kind} {quote(link.source)} depends on {quote(link.target)}"
                else:
                    msg = (
                        f"{link.source_kind} {quote(link.source)} links to {want} "
                        f"{quote(link.target)}"
                    )
                fix = self._fix(ctx, suggest, link, "work" if depends else want, guess, far)
                yield Problem(
                    link.path, msg + " which does not exist" + hint, item=link.source, fix=fix
                )
            elif link.problem == "wrong-kind" and link.target_kind == "segment":
                wanted = WORK if depends else with_article(want)
                yield Problem(
                    link.path,
                    f"{quote(link.field)} of {link.source_kind} {quote(link.source)} names "
                    f"{quote(link.target)}, which is a segment, not {wanted}; "
                    "aim tactics at segments with 'segment:'",
                    item=link.source,
                )

    @staticmethod
    def _fix(
        ctx: Context,
        suggest: "_Suggestions",
        link: Link,
        want: str,
        guess: str | None,
        far: tuple[str, str] | None,
    ) -> Fix | None:
        """The link's id written as the one close id the message suggests: of this
        file, else of the other files in its scope."""
        only = None
        if guess:
            only = suggest.only(want, link.target)
        elif far is not None and ctx.workspace is not None and ctx.workspace.suggest_only:
            found = ctx.workspace.suggest_only(want, link.target)
            only = found[0] if found is not None else None
        return None if only is None else rename(ctx.locator, link.path, link.target, only)


# The kinds format 2 added: a missing one may not have been written anywhere yet, so
# the message says where it goes.
_NEW_HOMES = ("campaign", "milestone")


class _Suggestions:
    """The closest existing id of the kind a link wants (any piece of work for
    ``depends_on``), with one :class:`Suggester` per kind, made when first needed."""

    def __init__(self, ctx: Context) -> None:
        self.by_kind: dict[str, list[str]] = {}
        for item_id in ctx.graph.items:
            kind = ctx.graph.kind(item_id) or ""
            self.by_kind.setdefault(kind, []).append(item_id)
            if kind in DEPENDABLE:
                self.by_kind.setdefault("work", []).append(item_id)
        self.suggesters: dict[str, Suggester] = {}

    def __call__(self, want: str, target: str) -> str | None:
        return self._suggester(want)(target)

    def only(self, want: str, target: str) -> str | None:
        """The closest id when no other is close too."""
        return self._suggester(want).only(target)

    def _suggester(self, want: str) -> Suggester:
        suggest = self.suggesters.get(want)
        if suggest is None:
            # Shared across audits: an editor audits the same links again on each edit.
            suggest = self.suggesters[want] = shared(self.by_kind.get(want, []))
        return suggest

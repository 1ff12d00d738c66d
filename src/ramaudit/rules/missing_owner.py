from collections.abc import Iterator

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.loader import PathT
from ramaudit.core.model import Goal, kind_of
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.rules.base import Context, Problem, Rule, quote


class MissingOwner(Rule):
    """A goal, objective, campaign or tactic with no owner, or a placeholder for one.

    ## What it does
    Reports every goal, objective, campaign and tactic that has no `owner`,
    at its `id`, and every one whose owner is a placeholder (`TBD`, `???`, `n/a`, `Bob
    (TBC)` and the other entries of the vocabulary's `placeholders` list), at the
    owner: "TBD" names nobody, so it counts as no owner. The option `levels` (default
    `["goal", "objective", "campaign", "tactic"]`) chooses which kinds need an owner;
    `plan` (the `plan:` block), `segment` and `milestone` can be added (a milestone is
    a key result of its objective, whose owner answers for it, so it needs none of its
    own by default). Placeholder owners
    are this rule's, not RA308's: RA308 leaves owners alone unless its `fields` option
    names them, so one owner is not reported twice. A goal marked as set elsewhere
    (`set_by: Board strategy 2025-2028`) needs no owner in this plan: whoever set it
    owns it there, so it is left alone. When `owner:` lists several names the first
    that names someone stands as the owner here, and RA313 asks for one.

    ## Why it matters
    Accountability, the second question of the marketing fitness test, rests on role
    clarity: every goal, objective and piece of work has one person who answers for it.
    Work owned by "the team" is reviewed by nobody, slips without anyone deciding it
    should, and cannot be asked about when the numbers come in. An owner written as
    "TBD" looks settled at a glance and is the same gap.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-share
        name: Take share from the incumbent
        owner: TBD
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-share
        name: Take share from the incumbent
        owner: Chief Revenue Officer
    ```

    ## How to fix
    Add `owner:` with the one person (or role) accountable for the item. If two people
    share it, pick the one who reports on it.
    """

    code = "RA301"
    name = "missing-owner"
    depends_on = "item"
    severity = Severity.WARNING
    category = "accountability"
    # Milestones are left out by default: a milestone is a key result of its
    # objective, whose owner answers for it as for the objective's KPIs.
    levels = RuleOption(
        ["goal", "objective", "campaign", "tactic"],
        "The kinds of item that must name an owner.",
        choices=("plan", "segment", "goal", "objective", "campaign", "milestone", "tactic"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        levels = set(ctx.option(self.levels))
        vocab = ctx.vocabulary
        info = ctx.plan.info
        if "plan" in levels and info is not None and not ctx.invalid(info, "owner"):
            yield from self._judge(ctx, vocab, info.owner, ("plan",), "the plan", None)
        # Most owners name someone: such an owner is judged once per text, and an item
        # it owns gets no message worded for it.
        named: dict[str, bool] = {}
        for item in ctx.plan.items():
            kind = kind_of(item)
            if isinstance(item, Goal) and item.set_by and not vocab.names_nothing(item.set_by):
                continue  # set elsewhere: its owner is where it is set
            if kind in levels and not ctx.invalid(item, "owner"):
                # An owner list stands for its first name; one that names nobody
                # ("[TBD, Ann Lee]") gives way to the first that names someone.
                owner = next(
                    (n for n in item.shared_owners if not vocab.names_nothing(n)), item.owner
                )
                if owner:
                    fine = named.get(owner)
                    if fine is None:
                        fine = named[owner] = _names_someone(vocab, owner)
                    if fine:
                        continue
                yield from self._judge(
                    ctx, vocab, owner, item.path, f"{kind} {quote(item.id)}", item.id
                )

    def _judge(
        self,
        ctx: Context,
        vocab: Vocabulary,
        owner: str | None,
        where: PathT,
        what: str,
        item: str | None,
    ) -> Iterator[Problem]:
        if not owner:
            at, key = ((*where, "id"), False) if item is not None else (where, True)
            yield Problem(
                at,
                f"{what} has no owner; add 'owner:' with the person accountable for it",
                item=item,
                key=key,
            )
        elif vocab.names_nothing(owner):
            yield Problem(
                (*where, "owner"),
                f"{what} has owner {quote(owner)}, which names nobody; put the person "
                "accountable for it in 'owner:'",
                item=item,
            )
        elif (word := vocab.placeholder_in(owner)) is not None:
            yield Problem(
                (*where, "owner"),
                f"{what} has owner {quote(owner)}, still a placeholder ({word!r}); name the "
                "one person accountable for it",
                item=item,
            )


def _names_someone(vocab: Vocabulary, owner: str) -> bool:
    """Whether ``_judge`` finds nothing to say about ``owner`` (it names somebody)."""
    return not vocab.names_nothing(owner) and vocab.placeholder_in(owner) is None

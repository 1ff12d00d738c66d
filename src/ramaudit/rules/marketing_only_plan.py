from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import Campaign, Milestone, Objective, Tactic
from ramaudit.core.vocabulary import Vocabulary, normalise
from ramaudit.rules.base import Context, Problem, Rule, shorten


class MarketingOnlyPlan(Rule):
    """The plan names no stakeholder outside marketing.

    ## What it does
    Reads `stakeholders` in the `plan:` block and reports the plan when none of them is
    outside marketing: the list is empty, or holds only marketing, brand, content,
    communications and the other entries of the vocabulary's `marketing-functions`
    list. A stakeholder is marketing only when it is a marketing function as a whole:
    `VP Marketing`, `Demand Gen team` and `Product Marketing` are; `Head of Digital
    Sales`, `Finance (marketing controller)` and `Digital Products` name sales, finance
    and product, so they are outside marketing, and so is "Sales & Marketing", since
    one of its parts is. The finding points at `stakeholders`, or at `plan` when the
    list is absent; a `stakeholders` value that is not a list is left to RA002.

    The `contributors` of objectives, campaigns, milestones and tactics count too: one
    contributor outside marketing (`contributors: [sales]`) is enough. Contributors
    are often people, a team's initials or an agency, which say nothing about the
    function they work in, so a contributor counts as outside marketing only when it
    is no marketing function and names another one: `Finance`, `Head of Customer
    Success`, `Jo Bloggs (Sales)` do; `Jo Bloggs`, `PMM`, `Ines Park (Paid Media)` and
    an agency's name do not.

    ## Why it matters
    Efficient execution, the fourth fitness question, depends on alignment across
    functions: sales works the leads, finance funds the budget, operations and service
    deliver what marketing promised. A plan written for marketing alone sets targets
    sales has not agreed to accept and links activity to no business KPI anyone else
    tracks.

    ## Example
    ```yaml
    plan:
      name: Plan
      stakeholders: [marketing, brand]
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
      stakeholders: [marketing, sales, finance]
    ```

    ## How to fix
    Agree the plan with the functions it depends on and list them under
    `stakeholders:`: at least sales, and usually finance, operations or service.
    """

    code = "RA310"
    name = "marketing-only-plan"
    severity = Severity.INFO
    category = "execution"

    def check(self, ctx: Context) -> Iterator[Problem]:
        info = ctx.plan.info
        if info is None or ctx.invalid(info, "stakeholders"):
            return
        vocab = ctx.vocabulary
        if any(not vocab.is_marketing_function(s) for s in info.stakeholders):
            return
        contributors = [c for item in _working(ctx) for c in item.contributors]
        if any(_outside_marketing(c, vocab) for c in contributors):
            return
        # Only plans that name contributors hear about them: v1 messages stay as they were.
        also = " and no contributor works outside it" if contributors else ""
        if info.stakeholders:
            yield Problem(
                ("plan", "stakeholders"),
                f"every stakeholder ({', '.join(shorten(s) for s in info.stakeholders)}) "
                f"is marketing itself{also}; "
                "add the functions the plan depends on, such as sales, finance or operations",
            )
        else:
            yield Problem(
                ("plan",),
                f"the plan names no stakeholders outside marketing{also}; add 'stakeholders:' "
                "with the functions it depends on, such as sales, finance or operations",
                key=True,
            )


def _working(ctx: Context) -> Iterator[Objective | Campaign | Milestone | Tactic]:
    """The items that may name contributors, whose 'contributors' list was readable."""
    plan = ctx.plan
    lists: tuple[list[Objective] | list[Campaign] | list[Milestone] | list[Tactic], ...] = (
        plan.objectives,
        plan.campaigns,
        plan.milestones,
        plan.tactics,
    )
    for items in lists:
        for item in items:
            if not ctx.invalid(item, "contributors"):
                yield item


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that name a function other than marketing. A contributor counts as outside
# marketing only when it names one of them: contributors are often people ("Jo
# Bloggs"), a team's initials ("PMM", "MSD") or an agency's name, which say nothing
# about the function they belong to.
_OTHER_FUNCTIONS = _words(
    """sales sale selling sdr sdrs bdr bdrs revenue account accounts finance financial
    accounting controller controlling procurement purchasing legal compliance product
    products engineering engineer engineers development developer developers research
    operations ops service services support success hr people talent recruiting it
    security data analytics executive executives ceo cfo coo cto cro cpo president
    board founder founders leadership partner partners partnerships alliances channel
    channels retail store stores distribution logistics supply manufacturing design ux
    fundraising investor investors admissions faculty"""
)


def _outside_marketing(contributor: str, vocab: Vocabulary) -> bool:
    """Whether a contributor names a function outside marketing: not a marketing
    function as a whole (as stakeholders are judged), and with a word that names
    another function, in its note in brackets too (``Jo Bloggs (Sales)``)."""
    if vocab.names_nothing(contributor) or vocab.is_marketing_function(contributor):
        return False
    return any(word in _OTHER_FUNCTIONS for word in normalise(contributor).split())

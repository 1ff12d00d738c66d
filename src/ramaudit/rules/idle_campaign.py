from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, quote, shorten


class IdleCampaign(Rule):
    """A campaign with no tactics.

    ## What it does
    Reports a campaign that no tactic belongs to: none is written under its
    `tactics:`, and no tactic names it in `campaign:`. A campaign whose `tactics:` is
    not a list of tactics is left to RA002.

    ## Why it matters
    A campaign is made of its tactics: the webinar, the emails and the ads of a launch
    are where its money goes and what its owner will be asked about. One with no
    tactics is a name and a date with no work behind it, so the objectives it claims
    to serve are served by nothing the plan shows, and its budget, if it has one,
    cannot be checked against anything.

    ## Example
    ```yaml
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
        campaigns:
          - id: c-spring-launch
            name: Spring launch
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
        campaigns:
          - id: c-spring-launch
            name: Spring launch
            tactics:
              - id: t-launch-webinar
                name: Launch webinar
    ```

    ## How to fix
    Write the campaign's tactics under its `tactics:`, or add `campaign: <campaign id>`
    to tactics written elsewhere. If nothing is planned for it yet, drop the campaign
    until something is.
    """

    code = "RA109"
    name = "idle-campaign"
    severity = Severity.WARNING
    category = "structure"

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        items = graph.items
        for campaign in ctx.plan.campaigns:
            if items.get(campaign.id) is not campaign or ctx.invalid(campaign, "tactics"):
                continue
            if any(graph.kind(c) == "tactic" for c in graph.children(campaign.id)):
                continue
            yield Problem(
                (*campaign.path, "id"),
                f"campaign {quote(campaign.id)} has no tactic; write its tactics under its "
                f"'tactics:', or add 'campaign: {shorten(campaign.id)}' to the tactics that "
                "belong to it",
                item=campaign.id,
            )

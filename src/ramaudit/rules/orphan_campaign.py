from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.rules.base import Context, Problem, Rule, count, quote


class OrphanCampaign(Rule):
    """A campaign linked to no existing objective.

    ## What it does
    Reports a campaign that serves no objective: it is not written under an objective's
    `campaigns:`, and its `objectives` name none that exists. Links to ids that do not
    exist, or to items that are no objective, do not count (RA005 and RA106 report
    them). A campaign whose objective is itself cut off from every goal is not reported
    here: RA102 reports that objective.

    ## Why it matters
    A campaign bundles tactics that pursue the same end: a launch made of a webinar,
    emails and ads. Its tactics serve whatever the campaign serves, so a campaign with
    no objective takes every tactic in it along into random acts of marketing at once,
    however well each of them is planned. It usually means the campaign was planned
    around an idea or a date rather than a result.

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
        tactics:
          - id: t-launch-webinar
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
        objectives: o-leads
        tactics:
          - id: t-launch-webinar
    ```

    ## How to fix
    Add `objectives: <objective id>` to the campaign, naming the objective it moves, or
    write the campaign under that objective's `campaigns:`. If it moves none of the
    plan's objectives, either an objective is missing or the campaign is.
    """

    code = "RA108"
    name = "orphan-campaign"
    severity = Severity.WARNING
    category = "structure"

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        items = graph.items
        for campaign in ctx.plan.campaigns:
            if items.get(campaign.id) is not campaign:
                continue
            # The node's kind, not the item's: an objective in another file of the
            # workspace is a node of this graph but no item of this plan.
            above = graph.parents_of(campaign.id)
            if any(graph.nodes[p]["kind"] == "objective" for p in above):
                continue
            written = campaign.objectives or ctx.invalid(campaign, "objectives")
            why = "has no valid link to an objective" if written else "serves no objective"
            stranded = [
                t
                for t in graph.children(campaign.id)
                if graph.kind(t) == "tactic" and t not in graph.traceable
            ]
            if len(stranded) == 1:
                why += f", so its tactic {quote(stranded[0])} is a random act of marketing"
            elif stranded:
                why += f", so its {count(len(stranded), 'tactic')} are random acts of marketing"
            yield Problem(
                (*campaign.path, "id"),
                f"campaign {quote(campaign.id)} {why}; add 'objectives: <objective id>' naming "
                "the objective it moves, or write it under that objective's 'campaigns:'",
                item=campaign.id,
            )

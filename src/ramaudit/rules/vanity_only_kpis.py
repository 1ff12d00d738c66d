from collections.abc import Iterator

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import Campaign, Objective, Tactic, kind_of
from ramaudit.rules.base import Context, Problem, Rule, quote


class VanityOnlyKpis(Rule):
    """Every KPI of an objective or tactic counts activity, not results.

    ## What it does
    Reports an objective or tactic whose KPIs are all activity (vanity) metrics:
    impressions, views, likes, followers, opens, clicks, downloads, posts published and
    the like. One outcome KPI next to them (qualified leads, pipeline, revenue,
    retention) is enough to stay quiet. A metric is judged by what it counts, its last
    words before any "from", "among" or "per": `customer newsletter opens` counts opens
    and is activity, `qualified leads from webinars` counts leads and is an outcome.
    Spellings do not matter (`Email Opens`, `email_opens` and `email-opens` are one
    metric), and configuration can extend the word lists (`[tool.ramaudit.vocabulary]`).
    The finding points at the item's `kpis`. Set the option `include-tactics = false`
    to check objectives only.

    ## Why it matters
    Outcomes over activity: marketing is there to produce qualified leads and repeat
    business, and activity counts say how busy the team was, not whether that happened.
    Activity numbers are also easy to inflate, so an objective judged on them can be
    met in full while the business gets nothing. Reporting them is fine; being measured
    on them alone is a sign of a random act.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-social
        kpis:
          - metric: Instagram followers
            target: 20000
          - metric: post likes
            target: 50000
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-social
        kpis:
          - metric: Instagram followers
            target: 20000
          - metric: qualified leads from social
            target: 150
    ```

    ## How to fix
    Add a KPI that shows what the business gets: qualified leads, opportunities,
    pipeline, revenue, renewals or churn. Keep the activity metric as a leading
    indicator if it helps, next to the outcome.

    ## In format 2
    A campaign's KPIs are judged with the tactics' (under `include-tactics`): a
    campaign measured only on reach and clicks is as unaccountable as a tactic that is.
    """

    code = "RA205"
    name = "vanity-only-kpis"
    depends_on = "item"
    severity = Severity.WARNING
    category = "accountability"
    include_tactics = RuleOption(
        True,
        "Judge tactics too, not only objectives: a tactic measured only on activity is "
        "reported as well.",
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        items: list[Objective | Campaign | Tactic] = list(ctx.plan.objectives)
        if ctx.option(self.include_tactics):
            items += ctx.plan.tactics
            items += ctx.plan.campaigns  # a campaign's KPIs measure work as a tactic's do
        vocab = ctx.vocabulary
        for item in items:
            if item.kpis and all(vocab.is_vanity(k.metric) for k in item.kpis):
                metrics = ", ".join(f"{quote(k.metric)}" for k in item.kpis)
                only = "an activity metric" if len(item.kpis) == 1 else "activity metrics"
                yield Problem(
                    (*item.path, "kpis"),
                    f"{kind_of(item)} {quote(item.id)} is measured only on {only} ({metrics}); "
                    "add a "
                    "KPI for the outcome it should deliver, such as qualified leads, "
                    "pipeline or revenue",
                    item=item.id,
                    key=True,
                )

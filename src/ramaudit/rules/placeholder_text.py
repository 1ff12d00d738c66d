from collections.abc import Iterator
from typing import Any, ClassVar

from ramaudit.findings import Finding, Severity
from ramaudit.loader import PathT
from ramaudit.model import kind_of
from ramaudit.rules.base import Context, Rule

_ADVICE = {
    "name": "write what the item really is",
    "owner": "name the person accountable for it",
    "metric": "name the measure that will be reported",
    "description": "describe it or remove the description",
    "unit": "state the unit or remove it",
    "channel": "name the channel or remove it",
}


class PlaceholderText(Rule):
    """TBD, TODO, lorem ipsum or ??? left where a decision belongs.

    ## What it does
    Looks for placeholder text in the names, owners and KPI metrics of the plan and of
    every goal, objective, tactic and segment: `TBD`, `TBC`, `TODO`, `FIXME`, `lorem
    ipsum`, `???`, `n/a` and the other entries of the vocabulary's `placeholders` list
    (whole words only, so "Tbdata Inc" is fine). The finding points at the text. The
    option `fields` chooses what is checked (default `["name", "owner", "metric"]`;
    `description`, `unit` and `channel` can be added).

    ## Why it matters
    A placeholder is an open decision dressed up as a finished plan. `owner: TBD`
    passes a glance at the plan but gives the second fitness question, accountability,
    nobody to hold to account, and a metric called `TODO` cannot be measured. They are
    easy to miss in review and tend to survive into the year they describe.

    ## Example
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-tiktok
        name: TikTok challenge
        owner: TBD
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    tactics:
      - id: t-tiktok
        name: TikTok challenge
        owner: Maya Chen (Social Lead)
    ```

    ## How to fix
    Make the decision and write it down: name the owner, the metric or the item. If it
    really cannot be decided yet, leave the field out so that the rules for missing
    owners and KPIs keep reminding you.
    """

    code = "RA308"
    name = "placeholder-text"
    severity = Severity.WARNING
    category = "accountability"
    options: ClassVar[dict[str, Any]] = {"fields": ["name", "owner", "metric"]}

    def check(self, ctx: Context) -> Iterator[Finding]:
        wanted = set(ctx.option(self, "fields"))
        vocab = ctx.vocabulary

        def scan(
            value: object, where: PathT, what: str, item: str | None, field_name: str
        ) -> Iterator[Finding]:
            if field_name not in wanted or not isinstance(value, str) or not value:
                return
            word = vocab.placeholder_in(value)
            if word is not None:
                yield ctx.finding(
                    self,
                    where,
                    f"{field_name} of {what} is a placeholder ({value!r}); {_ADVICE[field_name]}",
                    item=item,
                )

        info = ctx.plan.info
        if info is not None:
            for f in ("name", "owner", "description"):
                yield from scan(getattr(info, f), ("plan", f), "the plan", None, f)
        for item in ctx.plan.items():
            what = f"{kind_of(item)} '{item.id}'"
            for f in ("name", "owner", "description", "channel"):
                yield from scan(getattr(item, f, None), (*item.path, f), what, item.id, f)
            for kpi in getattr(item, "kpis", ()):
                kwhat = f"a KPI of {what}"
                yield from scan(kpi.metric, (*kpi._path, "metric"), kwhat, item.id, "metric")
                yield from scan(kpi.unit, (*kpi._path, "unit"), kwhat, item.id, "unit")

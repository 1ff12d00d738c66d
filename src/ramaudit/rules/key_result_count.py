from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.loader import PathT
from ramaudit.core.model import Objective
from ramaudit.rules.base import Context, Problem, Rule, count, quote


def key_results(ctx: Context, obj: Objective) -> list[PathT]:
    """Where each key result of ``obj`` stands: its KPIs' metrics in order, then the
    ids of the milestones that measure it (:meth:`Context.milestones_of`)."""
    places: list[PathT] = [(*k._path, "metric") for k in obj.kpis]
    places += [(*m.path, "id") for m in ctx.milestones_of(obj)]
    return places


class KeyResultCount(Rule):
    """An objective with more key results than anyone can track, or fewer than asked for.

    ## What it does
    Counts the key results of each objective, its KPIs and the milestones that measure
    it (nested under it or naming it in `objectives`), and reports an objective with
    more than `max-key-results` (default 5), at the first key result over the limit.
    With `min-key-results` set above its default of 1 it also reports an objective with
    fewer, at the objective's id. An objective with no key result at all is left to
    RA201 (objective-without-kpi), which reports it already. Plans written for format
    2 only (`version: 2`), unless the rule is selected by its code or name.

    ## Why it matters
    Key results say how the team will know the objective was met, and a handful of
    them is enough to say it. John Doerr's *Measure What Matters* (2018) puts the limit
    at five per objective: beyond that the numbers stop being a test of the objective
    and become a to-do list nobody reviews. Christina Wodtke's *Radical Focus* (2015)
    suggests three, so that a single measure cannot be met by a trick, and teams that
    follow her set `min-key-results = 3`.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        kpis:
          - {metric: sales accepted leads, target: 1200}
          - {metric: marketing-sourced pipeline, target: 4000000}
          - {metric: trial sign-ups, target: 900}
          - {metric: trial-to-paid conversion rate, target: 15}
          - {metric: demo requests, target: 300}
          - {metric: webinar registrations, target: 2000}
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-pipeline
        kpis:
          - {metric: sales accepted leads, target: 1200}
          - {metric: marketing-sourced pipeline, target: 4000000}
          - {metric: trial-to-paid conversion rate, target: 15}
    ```

    ## How to fix
    Keep the key results that best show the objective was met and move the rest to
    the tactics they measure (a tactic's KPIs), or split the objective in two if it
    holds two aims. With too few, add a key result that balances the one there: a
    quality measure next to a quantity, a leading one next to a lagging one.
    """

    code = "RA402"
    name = "key-result-count"
    severity = Severity.WARNING
    category = "accountability"
    since_format = 2
    max_key_results = RuleOption(
        5,
        "How many key results (KPIs and milestones) an objective may have before this "
        "rule reports; Measure What Matters suggests at most five.",
        range=NumberRange(1, 1000, whole=True, what="a whole number of key results"),
    )
    min_key_results = RuleOption(
        1,
        "How many key results an objective needs; Radical Focus suggests three. An "
        "objective with none is reported by RA201 instead.",
        range=NumberRange(1, 1000, whole=True, what="a whole number of key results"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        most = int(ctx.option(self.max_key_results))
        least = int(ctx.option(self.min_key_results))
        for obj in ctx.plan.objectives:
            places = key_results(ctx, obj)
            n = len(places)
            if n > most:
                yield Problem(
                    places[most],
                    f"objective {quote(obj.id)} has {count(n, 'key result')} (KPIs and "
                    f"milestones), more than {most}; keep those that best show it was met "
                    "and move the rest to the tactics they measure",
                    item=obj.id,
                )
            elif 0 < n < least and not ctx.invalid(obj, "kpis"):
                yield Problem(
                    (*obj.path, "id"),
                    f"objective {quote(obj.id)} has {count(n, 'key result')}, fewer than "
                    f"{least}; add one that balances it, such as a quality measure next to "
                    "a quantity",
                    item=obj.id,
                )

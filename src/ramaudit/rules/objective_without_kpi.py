from collections.abc import Iterator

from ramaudit.core.edits import add_block
from ramaudit.core.findings import Fix, Severity
from ramaudit.core.loader import PathT
from ramaudit.rules.base import Context, Problem, Rule, quote


class ObjectiveWithoutKpi(Rule):
    """An objective with no KPI.

    ## What it does
    Reports an objective whose `kpis` list is missing or empty.

    ## In format 2
    Milestones are key results too: an objective with milestones and no KPI is
    RA404's (milestone-only-objective), which asks for a key result with a number.

    ## Why it matters
    An objective is the measurable step between a goal and the work. SMART objectives
    are specific, measurable, achievable, relevant and time-bound, and the measure is
    what the other four hang on. Without a KPI there is no way to say whether the
    objective was met, no way to compare the tactics that serve it, and nothing to
    hold its owner to, which is the accountability question of the fitness test.

    ## Example
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-awareness
        name: Raise awareness
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    objectives:
      - id: o-awareness
        name: Raise awareness
        kpis:
          - metric: aided brand recall in target segment
            baseline: 12
            target: 20
            unit: percent
            deadline: 2027-12-31
    ```

    ## How to fix
    Add a KPI with a metric, a numeric target, a baseline and a deadline.
    """

    code = "RA201"
    name = "objective-without-kpi"
    severity = Severity.ERROR
    fixable = "unsafe"

    def check(self, ctx: Context) -> Iterator[Problem]:
        for obj in ctx.plan.objectives:
            # Milestones are key results too (format 2): an objective measured only by
            # them is RA404's, which says what is missing.
            if not obj.kpis and not ctx.invalid(obj, "kpis") and not ctx.milestones_of(obj):
                yield Problem(
                    (*obj.path, "id"),
                    f"objective {quote(obj.id)} has no KPI; add one with a metric, target and "
                    "deadline",
                    item=obj.id,
                    fix=_skeleton(ctx, obj.path),
                )


# What a KPI needs, for the person to fill in: the editor's quick fix.
# Each TODO is reported as a placeholder (RA308) until it is filled.
_KPI_SKELETON = ("- metric: TODO", "  baseline: TODO", "  target: TODO", "  deadline: TODO")


def _skeleton(ctx: Context, where: PathT) -> Fix | None:
    edit = add_block(ctx.locator, where, "kpis", _KPI_SKELETON)
    if edit is None:
        return None
    return Fix("add a KPI to fill in", (edit,), safe=False)

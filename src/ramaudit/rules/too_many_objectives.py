import datetime as dt
from collections.abc import Iterator

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import Objective
from ramaudit.core.vocabulary import normalise
from ramaudit.rules.base import Context, Problem, Rule, count, quote, quote_some

# A calendar quarter: (year, 1-4).
Quarter = tuple[int, int]


def quarter_of(day: dt.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def objective_quarter(ctx: Context, obj: Objective, due: dict[str, dt.date]) -> Quarter | None:
    """The quarter an objective is due in: that of the latest deadline among its KPIs
    (a deadline naming a milestone is that milestone's due day, from ``due``) and its
    milestones; None when none has a date (it then runs for the plan period)."""
    days = [k.deadline for k in obj.kpis if k.deadline is not None]
    days += [due[k.deadline_milestone] for k in obj.kpis if k.deadline_milestone in due]
    days += [m.due for m in ctx.milestones_of(obj) if m.due is not None]
    return quarter_of(max(days)) if days else None


class TooManyObjectives(Rule):
    """One owner carries more objectives in one period than anyone can focus on.

    ## What it does
    Counts the objectives each owner is accountable for and reports an owner with more
    than `max-objectives` (default 5). An objective's period is the calendar quarter of
    the latest deadline among its KPIs and milestones (a KPI deadline that names a
    milestone is the milestone's due day). When one owner's objectives are due in
    different quarters they are counted quarter by quarter, and an objective with no
    deadline at all, which runs for the whole plan period, counts in every one of
    them; otherwise all of the owner's objectives count together, for the plan period.
    Owners are compared without regard to case or punctuation, an objective whose
    `owner` lists several names counts for each of them, and objectives with no owner
    (or only a placeholder such as TBD) are left to RA301. The finding points at the
    first objective over the limit, in document order. Plans written for format 2
    only (`version: 2`), unless the rule is selected by its code or name.

    ## Why it matters
    Objectives are a choice of what matters most, and a long list is a choice not
    made. John Doerr's *Measure What Matters* (2018) asks for three to five objectives
    per period, and Christina Wodtke's *Radical Focus* (2015) goes further: one
    objective per team per quarter, so that everyone knows what to drop when time runs
    short. An owner with seven objectives will move a few of them and report the rest
    as "in progress"; the plan then promises more than anyone is accountable for.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - {id: o-leads, owner: Priya Raman}
      - {id: o-pipeline, owner: Priya Raman}
      - {id: o-retention, owner: Priya Raman}
      - {id: o-awareness, owner: Priya Raman}
      - {id: o-partners, owner: Priya Raman}
      - {id: o-events, owner: Priya Raman}
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - {id: o-leads, owner: Priya Raman}
      - {id: o-pipeline, owner: Priya Raman}
      - {id: o-retention, owner: Marcus Lee}
      - {id: o-awareness, owner: Marcus Lee}
      - {id: o-partners, owner: Jo Bloggs}
      - {id: o-events, owner: Jo Bloggs}
    ```

    ## How to fix
    Keep the three to five objectives that matter most this period. Move the others to
    a later quarter (give their key results later deadlines), hand them to another
    owner, or turn them into key results or tactics of the objectives that stay.
    """

    code = "RA401"
    name = "too-many-objectives"
    severity = Severity.WARNING
    category = "accountability"
    since_format = 2
    max_objectives = RuleOption(
        5,
        "How many objectives one owner may have in one period (a quarter, or the plan "
        "period) before this rule reports; Measure What Matters suggests three to five.",
        range=NumberRange(1, 1000, whole=True, what="a whole number of objectives"),
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        limit = int(ctx.option(self.max_objectives))
        reported: set[int] = set()
        for owner, period, objectives in _groups(ctx):
            if len(objectives) <= limit or id(objectives[limit]) in reported:
                continue
            first = objectives[limit]
            reported.add(id(first))
            when = f"in Q{period[1]} {period[0]}" if period else "in the plan period"
            listed = quote_some([o.id for o in objectives])
            yield Problem(
                (*first.path, "id"),
                f"{quote(owner)} owns {count(len(objectives), 'objective')} {when} "
                f"({listed}), more than {limit}; keep the few that matter most and move "
                "the rest to a later period or another owner",
                item=first.id,
            )


def _groups(ctx: Context) -> Iterator[tuple[str, Quarter | None, list[Objective]]]:
    """Each owner's objectives by period (see the rule's docs), in document order:
    the owner as first written, the quarter (None: the plan period) and the objectives."""
    by_owner: dict[str, tuple[str, list[tuple[Objective, Quarter | None]]]] = {}
    due = {m.id: m.due for m in ctx.plan.milestones if m.due is not None}
    for obj in ctx.plan.objectives:
        written_as = obj.shared_owners or ((obj.owner,) if obj.owner else ())
        # An owner of "TBD" is nobody yet (RA301 and RA308 say so), not one person.
        names = [n for n in written_as if not ctx.vocabulary.names_nothing(n)]
        when = objective_quarter(ctx, obj, due)
        for name in dict.fromkeys(normalise(n) for n in names):
            written = next(n for n in names if normalise(n) == name)
            by_owner.setdefault(name, (written, []))[1].append((obj, when))
    for written, dated in by_owner.values():
        quarters = sorted({q for _, q in dated if q is not None})
        if len(quarters) <= 1:
            yield written, quarters[0] if quarters else None, [o for o, _ in dated]
            continue
        for quarter in quarters:
            yield written, quarter, [o for o, q in dated if q in (quarter, None)]

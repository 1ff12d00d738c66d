import datetime as dt
from collections.abc import Iterator

from ramaudit.core.findings import Severity
from ramaudit.core.model import Campaign, Item, Milestone, Tactic
from ramaudit.rules.base import Context, Problem, Rule, quote


class DependencyOrder(Rule):
    """Work that starts before something it depends on is finished.

    ## What it does
    For every tactic and campaign with a `start` date, looks at each item it names in
    `depends_on`: the `end` of a tactic or a campaign, the `due` date of a milestone.
    It reports the link when the item starts on an earlier day than the one it waits
    for ends. Starting on the same day counts as in order. It stays quiet when either
    date is missing: RA307 reports a tactic with no dates.

    ## Why it matters
    A dependency says that one piece of work needs another to be finished first: the
    launch webinar needs the new website live. When the dates say the webinar starts
    first, either the dependency is wrong or the schedule is, and the plan promises a
    date it cannot keep. Found while planning, it costs an edit; found in the week of
    the launch, it costs the launch.

    ## Example
    ```yaml
    plan:
      name: Plan
    milestones:
      - id: m-site-live
        due: 2027-03-31
    tactics:
      - id: t-launch-webinar
        start: 2027-03-01
        depends_on: m-site-live
    ```

    ## Use instead
    ```yaml
    plan:
      name: Plan
    milestones:
      - id: m-site-live
        due: 2027-03-31
    tactics:
      - id: t-launch-webinar
        start: 2027-04-15
        depends_on: m-site-live
    ```

    ## How to fix
    Move the item's `start` after the day what it depends on ends, bring that item's
    `end` or `due` forward, or remove the `depends_on` link if the work does not really
    wait for it.
    """

    code = "RA111"
    name = "dependency-order"
    severity = Severity.WARNING
    category = "structure"

    def check(self, ctx: Context) -> Iterator[Problem]:
        graph = ctx.graph
        for link in graph.links:
            if link.field != "depends_on" or link.problem is not None:
                continue
            if link.external is not None:
                continue  # work in another file: its dates are that file's to check
            waiting = graph.items[link.source]
            if not isinstance(waiting, Tactic | Campaign):
                continue  # a milestone has no start, only a day it is due
            start = waiting.start
            finish = _finish(graph.items[link.target])
            if not isinstance(start, dt.date) or not isinstance(finish, dt.date):
                continue
            if start < finish:
                ends = "is due" if link.target_kind == "milestone" else "ends"
                field = "due" if link.target_kind == "milestone" else "end"
                yield Problem(
                    link.path,
                    f"{link.source_kind} {quote(link.source)} starts on {start.isoformat()} "
                    f"but depends on {link.target_kind} {quote(link.target)}, which {ends} on "
                    f"{finish.isoformat()}; start it after that day, bring the {quote(field)} "
                    f"of {quote(link.target)} forward, or remove the dependency if the work "
                    "does not wait for it",
                    item=link.source,
                )


def _finish(item: Item) -> dt.date | None:
    """The day a piece of work is finished: a milestone's ``due``, else its ``end``."""
    if isinstance(item, Milestone):
        return item.due
    if isinstance(item, Tactic | Campaign):
        return item.end
    return None  # pragma: no cover - depends_on names work only

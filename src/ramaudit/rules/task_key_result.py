import functools
import re
from collections.abc import Iterable, Iterator

from ramaudit.config.options import RuleOption
from ramaudit.core.findings import Severity
from ramaudit.core.model import KPI
from ramaudit.core.vocabulary import normalise
from ramaudit.rules.base import Context, Problem, Rule, quote

# Verbs of doing that open a key result written as a task ("Launch the new site"), in
# the imperative a task is written in. Words that as often open a measure ("plan
# attainment", "test coverage", "review score", "pilot accounts") are left out.
TASK_VERBS = (
    "launch",
    "create",
    "build",
    "write",
    "publish",
    "run",
    "hold",
    "host",
    "send",
    "implement",
    "develop",
    "redesign",
    "migrate",
    "set up",
    "hire",
    "complete",
    "finish",
    "deliver",
    "roll out",
    "organise",
    "organize",
    "attend",
    "start",
    "update",
    "agree on",
    "define",
    "produce",
    "prepare",
    "ship",
    "introduce",
    "establish",
    "conduct",
    "kick off",
    "revamp",
    "rebuild",
    "onboard",
    "finalise",
    "finalize",
    "integrate",
    "install",
    "deploy",
    "rewrite",
    "overhaul",
    "refresh",
    "relaunch",
    "train",
)
# Words that, right after the verb, make the opening a measure's name: "run rate",
# "hold time", "send volume", "build time", "start rate", "update frequency".
MEASURE_WORDS = frozenset(
    {
        "rate", "rates", "time", "times", "volume", "volumes", "count", "counts", "number",
        "frequency", "ratio", "share", "score", "cost", "costs", "speed", "duration",
        "level", "percentage", "coverage", "success", "quality",
    }
)  # fmt: skip
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=64)
def _openings(verbs: tuple[str, ...]) -> tuple[str, ...]:
    """``verbs`` in the words :func:`normalise` gives, longest first, each padded with
    a space so that only whole words match (``run`` never opens ``runway signups``)."""
    forms = {normalise(v) for v in verbs if normalise(v)}
    return tuple(sorted((f + " " for f in forms), key=len, reverse=True))


def task_verb(metric: str, verbs: Iterable[str]) -> str | None:
    """The verb of doing that ``metric`` opens with (normalised), unless the word after
    it names a measure (``run rate``); else None."""
    words = normalise(metric) + " "
    for opening in _openings(tuple(verbs)):
        if words.startswith(opening):
            after = words[len(opening) :].split()
            return None if after and after[0] in MEASURE_WORDS else opening.strip()
    return None


class TaskKeyResult(Rule):
    """A key result that is a task to do, not a result to measure.

    ## What it does
    Reports a KPI of an objective whose metric opens with a verb of doing ("Launch the
    new website", "Run three webinars" without the number, "Agree on a lead
    definition") and that has nothing to count: no target, no baseline and no digit in
    the metric. The verbs are the option `verbs`, in the imperative a task is written
    in, matched in any case and spelling (`Set-up`, `set up`); add your own with
    `extra-verbs`. Words that often open a measure's name are left out of the default
    ("plan attainment", "review score"), a verb followed by a measure word is a
    measure ("run rate", "send volume"), and so is a metric the vocabulary reads as a
    business outcome ("build pipeline"): those stay quiet.
    The finding points at the metric. Plans written for format 2 only (`version: 2`),
    unless the rule is selected by its code or name.

    ## Why it matters
    A key result says what will have changed, not what the team will do. John Doerr's
    *Measure What Matters* (2018) asks that each be measurable and verifiable, a number
    at the end of the period that nobody has to argue about, and the quality checks of
    OKR tools flag the same fault: a key result that reads as an activity. "Launch the
    new website" is done the day the site goes live, whether or not anyone visits it;
    the objective it should serve is still unmeasured.

    ## Example
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-site
        kpis:
          - metric: Launch the new website
    ```

    ## Use instead
    ```yaml
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-site
        kpis:
          - metric: demo requests from the website
            baseline: 40
            target: 90
        milestones:
          - id: m-site-live
            name: Launch the new website
            due: 2027-03-31
    ```

    ## How to fix
    Ask what the task should change and measure that, with a baseline and a target.
    Keep the task itself as a tactic under the objective, or, when its completion is
    worth tracking, as a milestone (`milestones:` with a `due` date).
    """

    code = "RA403"
    name = "task-key-result"
    severity = Severity.WARNING
    category = "accountability"
    since_format = 2
    verbs = RuleOption(
        list(TASK_VERBS),
        "Verbs of doing (or phrases such as set up) that make a key result a task when it "
        "opens with one and has no number; matched in any case. Setting this replaces "
        "the list; extra-verbs adds to it.",
    )
    extra_verbs = RuleOption(
        list[str](),
        "Verbs of doing added to verbs, for the words your team writes tasks with.",
    )

    def check(self, ctx: Context) -> Iterator[Problem]:
        verbs = (*ctx.option(self.verbs), *ctx.option(self.extra_verbs))
        for obj in ctx.plan.objectives:
            for kpi in obj.kpis:
                verb = None if _counts_something(ctx, kpi) else task_verb(kpi.metric, verbs)
                if verb is None:
                    continue
                yield Problem(
                    (*kpi._path, "metric"),
                    f"key result {quote(kpi.metric)} of objective {quote(obj.id)} is a task "
                    f"(it opens with '{verb}' and has no number), not a result; measure "
                    "what it should change, and make the task a tactic or a milestone "
                    "with a due date",
                    item=obj.id,
                )


def _counts_something(ctx: Context, kpi: KPI) -> bool:
    """Whether the KPI has a number to judge it by, or one is on its way: a target or a
    baseline (written, or written as a placeholder), a digit in the metric, or a metric
    the vocabulary reads as an outcome."""
    if kpi.target_set or kpi.baseline is not None:
        return True
    if ctx.invalid(kpi, "target") or ctx.invalid(kpi, "baseline"):
        return True
    return bool(_DIGIT.search(kpi.metric)) or ctx.vocabulary.is_outcome(kpi.metric)

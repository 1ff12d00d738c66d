"""What every score criterion shares: the :class:`Criterion` and :class:`Question`
declarations, the :class:`Measure` a criterion returns and the :class:`ScoreContext`
it reads.

A criterion is declared once, as a rule is: a class with its key, title and weight,
the fields of the plan it reads, and a ``measure`` method. Its docstring *is* its
documentation: the first paragraph says how it is measured (the README's score table
prints it), the rest says why it is measured that way. Each question's module
(:mod:`~ramaudit.score.process`, :mod:`~ramaudit.score.accountability`,
:mod:`~ramaudit.score.market`, :mod:`~ramaudit.score.execution`) declares its
criteria and ends with its :class:`Question`, which lists them in display order and
names the rules that cap its answer; :mod:`ramaudit.score.registry` puts the four
in order.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import field
from itertools import compress
from operator import and_, attrgetter, is_, not_
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ramaudit.core.graph import TraceGraph, campaign_extras
from ramaudit.core.model import (
    KPI,
    BudgetLine,
    Campaign,
    Goal,
    Milestone,
    Objective,
    Plan,
    PlanInfo,
    Segment,
    Tactic,
)
from ramaudit.core.records import dataclass
from ramaudit.core.vocabulary import Vocabulary
from ramaudit.core.wording import money

if TYPE_CHECKING:
    from ramaudit.config.effective import Config
    from ramaudit.config.options import RuleOption
    from ramaudit.core.progress import PlanStatus

T = TypeVar("T")
V = TypeVar("V")
# An item with an owner that the score counts: a goal, an objective, a campaign, a
# milestone or a tactic.
OwnedT = TypeVar("OwnedT", bound=Goal | Objective | Campaign | Milestone | Tactic)
ItemT = TypeVar("ItemT", bound=Objective | Tactic)

QUESTION_MAX = 25
YES_AT = 20

# The reason every orphan falls short, whatever else it lacks.
ORPHAN = "traces to no goal"

# The kinds of things a plan holds, in the order the README's tables list them.
KINDS: tuple[str, ...] = (
    "plan",
    "segment",
    "goal",
    "objective",
    "tactic",
    "campaign",
    "milestone",
    "budget line",
)

# Ids, links and nesting decide which items trace to a goal, which every question
# counts by: an error about one of these fields bears on all four answers, whatever
# the criteria read.
TRACE_FIELDS: Mapping[str, tuple[str, ...]] = {
    "plan": (),
    "segment": ("id",),
    "goal": ("id", "objectives"),
    "objective": ("id", "goals", "goal", "parents", "parent", "tactics"),
    "tactic": ("id", "objectives", "objective", "campaign", "campaigns"),
    "campaign": ("id", "objectives", "objective", "tactics"),
    "milestone": ("id", "objectives", "objective"),
    "budget line": ("id",),
}

# Rules about how the plan is written whose errors cap the questions that read the
# field the finding is about (its pointer), rather than fixed questions: a budget
# written "60k" (RA002) holds the questions that read budgets at NO, and a second
# 'objectives:' key in a tactic (RA003) every question, since links decide what each
# one counts. See :func:`ramaudit.score.caps.questions_about`.
CAPPED_BY_FIELD: tuple[str, ...] = ("RA002", "RA003")

Gap = tuple[str, str]  # what falls short (an id, a stage, a link) and why

# Something a criterion asks of each item (has it an owner? how complete is its best
# KPI?), a function of the context and the item that reads only the item and what a
# copy of the plan with a fix applied shares with it (the vocabulary, the rule
# options, and the segments when it says so): see :meth:`ScoreContext.asked`.
Fact = Callable[["ScoreContext", Any], Any]
FactT = TypeVar("FactT", bound=Callable[..., Any])
# Per declared fact, the context's lists of the items criteria ask it of.
_FACT_SECTIONS: dict[Fact, tuple[str, ...]] = {}
# The facts that also read the plan's segments: a copy with other segments asks again.
_READ_SEGMENTS: set[Fact] = set()
_UNASKED = object()


def fact(*sections: str, segments: bool = False) -> Callable[[FactT], FactT]:
    """Declares a fact asked of the items of the context's ``sections`` (``tactics``,
    ``objectives``, ...); ``segments``: it reads the plan's segments too."""

    def declare(function: FactT) -> FactT:
        _FACT_SECTIONS[function] = sections
        if segments:
            _READ_SEGMENTS.add(function)
        return function

    return declare


@dataclass(frozen=True, slots=True)
class Measure:
    """What a criterion measured on one plan: the fraction (0..1) it meets, the
    evidence in one line, and what falls short with the reason for each."""

    fraction: float
    evidence: str
    gaps: tuple[Gap, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreContext:
    """Everything a criterion may look at for one plan, computed once.

    Only the first item of each id counts (a duplicate is RA004's business), and only
    items that trace to a goal earn anything: ``traced`` and ``traced_objectives``.
    """

    plan: Plan
    graph: TraceGraph
    vocabulary: Vocabulary
    # The configured rule options (``Config.rule_options``); None: every default.
    rule_options: Mapping[str, Mapping[str, Any]] | None
    tactics: list[Tactic]
    objectives: list[Objective]
    goals: list[Goal]
    segments: dict[str, Segment]
    traced: list[Tactic]
    traced_objectives: list[Objective]
    orphan_tactics: list[Tactic]
    # Format 2: campaigns, milestones and budget lines (first of each id), and the
    # campaigns that trace to a goal.
    campaigns: list[Campaign] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    traced_campaigns: list[Campaign] = field(default_factory=list)
    # The day check-ins and spend are read on (``Config.as_of``; None: today).
    as_of: dt.date | None = None
    # What the plan's run says on that day: the one the rules computed, passed in (or a
    # way to compute it only when asked); else :meth:`status` computes it once.
    run: PlanStatus | Callable[[], PlanStatus] | None = None
    # What each budgeted campaign holds beyond its tactics, once several criteria ask
    _extras: dict[str, float] | None = None
    # Whether the measures list what falls short (the score's gaps): the ranked fixes
    # read only the fractions, and list nothing.
    explain: bool = True
    # The context of the plan this one's plan is a copy of (a fix being measured): the
    # facts it asked of the items both plans hold are not asked again.
    basis: ScoreContext | None = None
    # Per fact, what it answered for each item asked, by ``id(item)``: every item asked
    # is held by the plan, so no id stands for two items while the context lives.
    _facts: dict[Fact, dict[int, Any]] = field(default_factory=dict)
    # The facts asked of every item of the sections they declare.
    _complete: set[Fact] = field(default_factory=set)
    # Why each segment a tactic names is no target (None: it is one), by the name
    # written: a plan names a few segments from thousands of tactics.
    segment_verdicts: dict[str, str | None] = field(default_factory=dict)
    # Per list of items (by ``id``), the list and whether each item traces to a goal.
    _flags: dict[int, tuple[Sequence[object], list[bool]]] = field(default_factory=dict)
    _tactic_spend: list[float] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        plan: Plan,
        graph: TraceGraph,
        vocabulary: Vocabulary,
        config: Config | None = None,
        status: PlanStatus | Callable[[], PlanStatus] | None = None,
        *,
        basis: ScoreContext | None = None,
    ) -> ScoreContext:
        """The context of ``plan``; ``basis``: the context of the plan it is a copy of,
        with a fix applied (measured for its fraction only, nothing listed)."""
        items = graph.items
        traceable = graph.traceable
        tactics = _standing(plan.tactics, items)
        objectives = _standing(plan.objectives, items)
        campaigns = [c for c in plan.campaigns if _first(items, c)]
        traced_flags = _tracing(tactics, traceable)
        return cls(
            plan=plan,
            graph=graph,
            vocabulary=vocabulary,
            rule_options=config.rule_options if config else None,
            tactics=tactics,
            objectives=objectives,
            goals=_standing(plan.goals, items),
            segments={s.id: s for s in plan.segments if items.get(s.id) is s},
            traced=list(compress(tactics, traced_flags)),
            traced_objectives=list(compress(objectives, _tracing(objectives, traceable))),
            orphan_tactics=list(compress(tactics, map(not_, traced_flags))),
            campaigns=campaigns,
            milestones=[m for m in plan.milestones if _first(items, m)],
            budget_lines=[b for b in plan.budget_lines if _first(items, b)],
            traced_campaigns=[c for c in campaigns if campaign_traces(c, traceable)],
            as_of=config.as_of if config else None,
            run=status,
            explain=basis is None,
            basis=basis,
        )

    def records_run(self) -> bool:
        """Whether the plan writes anything of its run (a reading of a KPI, spend on a
        tactic or campaign): a plan that writes none is scored on the plan alone, and
        its check-ins are never read. Cheap, so a plan before its run costs nothing."""
        plan = self.plan
        owners: list[Objective | Campaign | Tactic] = [
            *plan.objectives,
            *plan.campaigns,
            *plan.tactics,
        ]
        if any(k.checkins or k.actual is not None for o in owners for k in o.kpis):
            return True
        spenders: list[Tactic | Campaign] = [*plan.tactics, *plan.campaigns]
        return any(i.expenses or i.spent is not None for i in spenders)

    def status(self) -> PlanStatus:
        """What the plan's check-ins and spend say on :attr:`as_of`, with the thresholds
        RA501 declares: the rules' own when they were passed in, else computed once."""
        run = self.run
        if callable(run):
            run = run()
        elif run is None:
            from ramaudit.core.progress import plan_status
            from ramaudit.rules.behind_schedule import thresholds

            run = plan_status(
                self.plan,
                self.graph,
                self.as_of or dt.date.today(),
                thresholds(self.rule_options or {}),
                self.vocabulary,
            )
        object.__setattr__(self, "run", run)  # frozen: the cache is the one exception
        return run

    @property
    def info(self) -> PlanInfo | None:
        return self.plan.info

    @property
    def spend(self) -> float:
        """What all tactics ask for, orphans included, with what campaigns ask for and
        the budget lines (format 2; nothing in a version 1 plan)."""
        return self.tactic_spend + self.campaign_spend + self.line_spend

    @property
    def tactic_spend(self) -> float:
        # Summed once (several criteria and proposals ask), in the same order each time.
        held = self._tactic_spend
        if not held:
            held.append(sum(t.budget or 0 for t in self.tactics))
        return held[0]

    @property
    def campaign_spend(self) -> float:
        """What campaign budgets hold beyond their tactics' (see :func:`campaign_extras`)."""
        return sum(self.campaign_extras.values())

    @property
    def campaign_extras(self) -> dict[str, float]:
        extras = self._extras
        if extras is None:
            extras = campaign_extras(self.campaigns, self.tactics)
            object.__setattr__(self, "_extras", extras)  # frozen: a cache, as ``run`` is
        return extras

    @property
    def line_spend(self) -> float:
        """Money that is no tactic (salaries, tools, retainers): planned, never a
        random act."""
        return sum(b.amount or 0 for b in self.budget_lines)

    def spend_words(self) -> str:
        """What :attr:`spend` adds up, as evidence names it: ``tactic budgets`` in a
        plan that has nothing else that costs money."""
        parts = ["tactic budgets"]
        if any(c.budget is not None for c in self.campaigns):
            parts.append("campaign budgets")
        if any(b.amount is not None for b in self.budget_lines):
            parts.append("budget lines")
        return and_list(parts)

    def option(self, option: RuleOption[T]) -> T:
        """The configured value of a rule's option, else its default: the score reads
        the options of the rules it mirrors as the rules do."""
        return option.read(self.rule_options)

    def money(self, amount: float) -> str:
        return money(amount, self.plan.currency)

    def owned(self, item: Goal | Objective | Campaign | Milestone | Tactic) -> bool:
        """Whether ``item`` names a real owner, asked once an item (:func:`has_owner`)."""
        return self.answer(has_owner, item)

    def asked(self, fact: Callable[[ScoreContext, OwnedT], V], items: Sequence[OwnedT]) -> list[V]:
        """``fact(self, item)`` for each of ``items``, each item asked once however many
        criteria ask: the first time, and for a fixed copy of a plan only the items the
        fix changed (the others answer as they did in :attr:`basis`)."""
        table = self._table(fact)
        if not table:  # the first to ask: every item is asked
            out = [fact(self, item) for item in items]
            table.update(zip(map(id, items), out, strict=True))
            return out
        # Read in one pass of C (a fact answers a bool or a number, never None), then
        # ask about the items not known yet: a fix's changed items in its copy of the
        # plan, the items of another list.
        known: list[Any] = list(map(table.get, map(id, items)))
        k = -1
        try:
            while True:
                k = known.index(None, k + 1)  # ValueError: none left
                item = items[k]
                known[k] = table[id(item)] = fact(self, item)
        except ValueError:
            return known

    def traced_flags(
        self, items: Sequence[Goal | Objective | Campaign | Milestone | Tactic]
    ) -> list[bool]:
        """:meth:`traces` for each of ``items``, one of the context's lists (read
        once a list)."""
        held = self._flags.get(id(items))
        if held is None or held[0] is not items:
            traceable = self.graph.traceable
            if any(items is held for held in (self.goals, self.objectives, self.tactics)):
                flags = _tracing(items, traceable)  # these trace as the graph says
            else:
                flags = [self.traces(i) for i in items]
            held = self._flags[id(items)] = (items, flags)
        return held[1]

    def _table(self, fact: Fact) -> dict[int, Any]:
        table = self._facts.get(fact)
        if table is None:
            basis = self.basis
            inherit = basis is not None and (
                fact not in _READ_SEGMENTS or _same_segments(basis.segments, self.segments)
            )
            table = dict(basis._answered(fact)) if basis is not None and inherit else {}
            self._facts[fact] = table
        return table

    def _answered(self, fact: Fact) -> dict[int, Any]:
        """What ``fact`` answers for every item of the sections it declares, to be
        inherited by a fixed copy of the plan (which asks only about its changes)."""
        table = self._table(fact)
        if fact not in self._complete:
            for section in _FACT_SECTIONS.get(fact, ()):
                self.asked(fact, getattr(self, section))
            self._complete.add(fact)
        return table

    @staticmethod
    def why_unowned(item: Goal | Objective | Campaign | Milestone | Tactic) -> str:
        return "has no owner" if not item.owner else "its owner names nobody"

    def traces(self, item: Goal | Objective | Campaign | Milestone | Tactic) -> bool:
        """Whether ``item`` traces to a goal. Campaigns and milestones trace through the
        objectives they serve, when the graph does not say so itself."""
        traceable = self.graph.traceable
        if item.id in traceable or isinstance(item, Goal | Objective | Tactic):
            return item.id in traceable
        if isinstance(item, Campaign):
            return campaign_traces(item, traceable)
        served = [*item.objectives, *([item.parent] if item.parent else [])]
        return any(o in traceable for o in served)

    def why(self, item: OwnedT, ok: bool, lacking: Callable[[OwnedT], str]) -> str:
        """The reason an item falls short: it is an orphan, it lacks something, or both."""
        orphan = [] if self.traces(item) else [ORPHAN]
        parts = orphan + ([] if ok else [lacking(item)])
        return "; ".join(p for p in parts if p)

    def shortfalls(
        self,
        items: Iterable[OwnedT],
        pred: Callable[[OwnedT], bool],
        lacking: Callable[[OwnedT], str],
    ) -> tuple[Gap, ...]:
        """Each of ``items`` that is an orphan or fails ``pred``, with the reason."""
        gaps = []
        for item in items:
            ok = pred(item)
            if not (ok and self.traces(item)):
                gaps.append((item.id, self.why(item, ok, lacking)))
        return tuple(gaps)

    def tally(
        self,
        items: Sequence[OwnedT],
        oks: list[bool],
        lacking: Callable[[OwnedT], str],
        traced: list[bool] | None = None,
    ) -> tuple[int, tuple[Gap, ...]]:
        """How many of ``items`` trace to a goal (``traced``, else
        :meth:`traced_flags`) and are ``ok`` (``oks`` in the same order), and
        :meth:`shortfalls` of the rest (none unless :attr:`explain`)."""
        if traced is None:
            traced = self.traced_flags(items)
        met = sum(map(and_, oks, traced))
        if not self.explain or met == len(items):
            return met, ()
        gaps = []
        for k in [k for k, (ok, tr) in enumerate(zip(oks, traced, strict=True)) if not (ok and tr)]:
            item, ok = items[k], oks[k]
            parts = ([] if traced[k] else [ORPHAN]) + ([] if ok else [lacking(item)])
            gaps.append((item.id, "; ".join(p for p in parts if p)))
        return met, tuple(gaps)

    def answer(self, fact: Callable[[ScoreContext, OwnedT], V], item: OwnedT) -> V:
        """``fact(self, item)``, asked once an item (see :meth:`asked`)."""
        table = self._table(fact)
        known = table.get(id(item), _UNASKED)
        if known is _UNASKED:
            known = table[id(item)] = fact(self, item)
        return known

    def _share(
        self,
        items: list[ItemT],
        pred: Callable[[ScoreContext, ItemT], bool],
        lacking: Callable[[ItemT], str],
    ) -> tuple[int, tuple[Gap, ...]]:
        """How many of ``items`` (tactics or objectives, which trace when the graph
        says so) trace and meet the fact ``pred`` (a bool), and :meth:`shortfalls` of
        the rest (none unless :attr:`explain`), asking ``pred`` once an item."""
        return self.tally(items, self.asked(pred, items), lacking)

    def traced_share(
        self,
        pred: Callable[[ScoreContext, Tactic], bool],
        what: str,
        lacking: Callable[[Tactic], str],
    ) -> Measure:
        """Traceable tactics meeting ``pred`` over all tactics; orphans count against."""
        k, gaps = self._share(self.tactics, pred, lacking)
        n = len(self.tactics)
        return Measure(frac(k, n), share(k, n, "tactics", f"trace to a goal and {what}"), gaps)

    def objective_share(
        self,
        pred: Callable[[ScoreContext, Objective], bool],
        what: str,
        lacking: Callable[[Objective], str],
    ) -> Measure:
        """The same for objectives: an orphan objective counts against, never for."""
        k, gaps = self._share(self.objectives, pred, lacking)
        n = len(self.objectives)
        return Measure(frac(k, n), share(k, n, "objectives", f"trace to a goal and {what}"), gaps)


class Criterion:
    """Base class; subclasses set the class attributes, write the docstring and
    implement ``measure``."""

    key: ClassVar[str]
    title: ClassVar[str]
    # Points at full marks; a question's weights add up to QUESTION_MAX.
    weight: ClassVar[int]
    # The fields the measure reads, as ``kind.field`` (a kind of KINDS, a field as the
    # plan writes it): an RA002 or RA003 error about one of them caps this criterion's
    # question.
    reads: ClassVar[tuple[str, ...]] = ()
    # The kinds of things the measure counts: an error about a field of one of them
    # that no criterion reads (a name, a description) caps this criterion's question.
    counts: ClassVar[tuple[str, ...]] = ()
    # The weight while the question's tracking criteria apply (see
    # :attr:`Question.tracking`); None: ``weight`` whatever the plan records.
    tracked_weight: ClassVar[int | None] = None

    def measure(self, ctx: ScoreContext) -> Measure:  # pragma: no cover - abstract
        raise NotImplementedError

    def applies(self, ctx: ScoreContext) -> bool:
        """Whether the criterion counts for this plan: always, but for the tracking
        criteria, which count only once the plan records its run."""
        return True

    @classmethod
    def doc(cls) -> tuple[str, str]:
        """The docstring's first paragraph on one line (how it is measured) and the
        rest (why it is measured so)."""
        text = inspect.cleandoc(cls.__doc__ or "")  # a class's docstring is not inherited
        head, _, rest = text.partition("\n\n")
        return " ".join(head.split()), rest.strip()

    @classmethod
    def how_measured(cls) -> str:
        return cls.doc()[0]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the fitness test, with its criteria in display order."""

    key: str
    title: str
    # The short name the model has always had for it ("Scalable process").
    label: str
    criteria: tuple[Criterion, ...]
    # The rules that bear on the question: while the plan has an error-severity finding
    # of one of them, the answer is "no" (a configuration can raise any rule to an
    # error). A test keeps every rule whose category is this question listed here.
    capped_by: tuple[str, ...]
    max: int = QUESTION_MAX
    # Criteria that read what the plan's run recorded (check-ins, spend), each counted
    # only while it applies. While none does, ``criteria`` share the points with their
    # ``weight``s, so a plan before its run scores as it always has; once one does,
    # they take their ``tracked_weight``s and the applying tracking criteria share the
    # rest, in proportion to their own weights (see :meth:`weighed`).
    tracking: tuple[Criterion, ...] = ()

    def weighed(self, ctx: ScoreContext) -> tuple[tuple[Criterion, float], ...]:
        """The criteria that count for the plan of ``ctx``, each with its weight."""
        recorded = bool(self.tracking) and ctx.records_run()
        applied = [c for c in self.tracking if c.applies(ctx)] if recorded else []
        if not applied:
            return tuple((c, c.weight) for c in self.criteria)
        planned = [
            (c, c.weight if c.tracked_weight is None else c.tracked_weight) for c in self.criteria
        ]
        room = self.max - sum(w for _, w in planned)
        declared = sum(c.weight for c in applied)
        return (*planned, *((c, _whole(c.weight * room / declared)) for c in applied))

    @property
    def all_criteria(self) -> tuple[Criterion, ...]:
        """The plan's criteria, then the tracking ones."""
        return (*self.criteria, *self.tracking)

    def reads(self, kind: str) -> tuple[str, ...]:
        """The fields of ``kind`` that some criterion of this question reads."""
        fields = (read.partition(".") for c in self.all_criteria for read in c.reads)
        return tuple(dict.fromkeys(name for k, _, name in fields if k == kind))

    def counts(self, kind: str) -> bool:
        """Whether some criterion of this question counts things of ``kind``."""
        return any(kind in c.counts for c in self.all_criteria)


def _whole(weight: float) -> float:
    """A whole weight as an int, so that it reads ``7`` in JSON as declared ones do."""
    return int(weight) if weight.is_integer() else weight


# -- wording shared by the evidence

# How many ids a line of evidence names before it says "and N more".
NAMED = 5


def frac(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def share(part: int, whole: int, noun: str, what: str, *, none: str | None = None) -> str:
    """``3 of 4 tactics (75%) <what>``, or ``the plan has no <noun>``."""
    if not whole:
        return f"the plan has no {none or noun}"
    return f"{part:,} of {whole:,} {noun} ({part / whole:.0%}) {what}"


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def ids(names: Iterable[str]) -> str:
    """Up to :data:`NAMED` ids, then ``and N more``."""
    listed = list(names)
    shown = ", ".join(listed[:NAMED])
    return shown + (f" and {len(listed) - NAMED} more" if len(listed) > NAMED else "")


def and_list(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@fact("goals", "objectives", "campaigns", "milestones", "tactics")
def has_owner(ctx: ScoreContext, item: Goal | Objective | Campaign | Milestone | Tactic) -> bool:
    """Whether ``item`` names a real owner: "TBD" or "-" names nobody, and such an owner
    earns nothing (RA301 reports it)."""
    owner = item.owner
    return (
        bool(owner)
        and ctx.vocabulary.placeholder_in(owner) is None
        and not ctx.vocabulary.names_nothing(owner)
    )


def _same_segments(a: Mapping[str, Segment], b: Mapping[str, Segment]) -> bool:
    """Whether two contexts hold the very same segments under the same ids."""
    return len(a) == len(b) and all(b.get(k) is v for k, v in a.items())


_ID = attrgetter("id")


def _standing(section: list[OwnedT], items: Mapping[str, object]) -> list[OwnedT]:
    """The items of ``section`` that their ids stand for in ``items`` (the first of
    each id), in one pass of C: a fix's copy of a large plan asks it of every item."""
    return list(compress(section, map(is_, map(items.get, map(_ID, section)), section)))


def _tracing(
    section: Sequence[Goal | Objective | Campaign | Milestone | Tactic], traceable: Collection[str]
) -> list[bool]:
    """Whether each of ``section`` traces to a goal by the graph, in one pass of C."""
    return list(map(traceable.__contains__, map(_ID, section)))


def _first(items: Mapping[str, object], item: Campaign | Milestone | BudgetLine) -> bool:
    """Whether ``item`` is the first of its id (the one the graph keeps). Items the
    graph does not hold yet count as first."""
    held = items.get(item.id)
    return held is None or held is item


def campaign_traces(campaign: Campaign, traceable: Collection[str]) -> bool:
    """Whether a campaign traces to a goal: the graph says so, or one of the
    objectives it serves (by link or by nesting) does."""
    if campaign.id in traceable:
        return True
    served = [*campaign.objectives, *([campaign.parent] if campaign.parent else [])]
    return any(o in traceable for o in served)


# -- KPIs as format 2 writes them


def deadline_set(kpi: KPI) -> bool:
    """A day, or a milestone the deadline names ("at the site launch")."""
    return kpi.deadline is not None or kpi.deadline_milestone is not None


def not_decided(obj: object, name: str) -> str | None:
    """The placeholder written for field ``name`` of ``obj`` (``TBD``), when the plan
    has not decided it yet; None otherwise."""
    undecided = getattr(obj, "undecided", None) or {}
    written = undecided.get(name)
    return str(written) if written is not None else None


def undecided_note(obj: object, name: str) -> str:
    """`` (not decided: TBD)`` after what a field lacks, when a placeholder stands in
    for it; empty otherwise."""
    written = not_decided(obj, name)
    return f" (not decided: {written})" if written is not None else ""

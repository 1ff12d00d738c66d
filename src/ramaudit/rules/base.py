"""What every rule shares: the :class:`Rule` base class, the :class:`Context` a
rule's ``check`` reads and the :class:`Problem` records it yields, and :func:`run`,
which runs rules and stamps each problem into a :class:`Finding` (:func:`stamp`: the
rule's code and name, the configured severity, the position), as yamllint's linter
stamps rule and level on each problem a rule reports.

A rule's module docstring-free class docstring *is* its user documentation: the first
line is the one-line summary, and ``## What it does``, ``## Why it matters``,
``## Example``, ``## Use instead`` and ``## How to fix`` sections follow. ``ramaudit
rule CODE`` prints it, and the tests run its two YAML examples.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ramaudit.config.effective import NumberRange
from ramaudit.config.options import RuleOption, declared_options
from ramaudit.core.benchmarks import Benchmarks
from ramaudit.core.findings import Finding, Fix, Severity, format_pointer
from ramaudit.core.graph import TraceGraph
from ramaudit.core.loader import Diagnostic, IssueKind, LoadIssue, Locator, PathT, Span, shorten
from ramaudit.core.model import KPI, Campaign, Milestone, Objective, Plan, Tactic
from ramaudit.core.records import dataclass
from ramaudit.core.vocabulary import DEFAULT, Vocabulary

if TYPE_CHECKING:
    from ramaudit.core.progress import PlanStatus
from ramaudit.core.wording import article, with_article  # noqa: F401 (re-exported for rules)

T = TypeVar("T")
# A KPI with the objective, campaign or tactic that owns it.
KpiOfOwner = tuple[Objective | Campaign | Tactic, KPI]

# -- wording shared by rule messages


def quote(text: object) -> str:
    """Plan text a rule message names (an id, a name, a metric, an owner) in quotes,
    cut to 60 characters with an ellipsis (:func:`ramaudit.core.loader.shorten`): a
    5,000-character id names its item as well as its first 60 characters do. Every rule
    message quotes plan text through this, or through ``shorten`` when unquoted."""
    return f"'{shorten(str(text))}'"


def quote_some(texts: Sequence[str], most: int = 5) -> str:
    """Up to ``most`` texts quoted (:func:`quote`), then ``and N more``: a message
    naming the items of a group stays one readable line however large the group."""
    shown = ", ".join(quote(t) for t in texts[:most])
    return shown + (f" and {len(texts) - most:,} more" if len(texts) > most else "")


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 piece``, ``3 pieces``: a number with the noun in agreement."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


@dataclass(frozen=True, slots=True)
class WorkspaceView:
    """What a rule may know of the other files in this file's scope (its workspace, or
    the plans it names in ``plan.parents`` and theirs: issue 13), worked out once for
    the whole workspace by :mod:`ramaudit.workspace`. Ids are as this file writes them
    (bare, or qualified ``plan:id``); files are display paths."""

    # This file's plan id: ``plan.id``, else its file name without extension.
    plan_id: str = ""
    # (kind a link wants or "work", id written) -> the closest id of the other files'
    # items as a link here would name it (bare where unique, else qualified) and its
    # file: the did-you-mean of RA005 across the scope, worked out when first asked.
    suggest: Callable[[str, str], tuple[str, str] | None] | None = None
    # The same, only when no other id is close too: certain enough for a fix.
    suggest_only: Callable[[str, str], tuple[str, str] | None] | None = None
    # Ids written here that name an item of another file (any link, depends_on too).
    resolved: frozenset[str] = frozenset()
    # This file's id -> the kinds of the other files' items that link to it.
    below: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # This file's id -> (the earlier file that has it too, the line of it there).
    duplicates: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    # A bare id written here -> (file, plan id) of each other file that defines it.
    ambiguous: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # (index in plan.parents, why that entry names no plan this file can serve).
    bad_parents: tuple[tuple[int, str], ...] = ()
    # Loops across files reported in this file: (where, "plans" or "objectives",
    # the loop's members in order, the item the finding is about).
    loops: tuple[tuple[PathT, str, tuple[str, ...], str | None], ...] = ()


@dataclass(slots=True)
class Context:
    """Everything a rule may look at for one plan file: the plan, its graph, and what
    was found before any rule ran (the model's ``diagnostics``, the loader's ``issues``,
    the parser's ``syntax_error``)."""

    path: str
    locator: Locator
    plan: Plan
    graph: TraceGraph
    diagnostics: Sequence[Diagnostic]
    vocabulary: Vocabulary = DEFAULT
    severities: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    issues: Sequence[LoadIssue] = ()
    syntax_error: Diagnostic | None = None
    # The codes the user selected by full code or name (not by a prefix or ALL): such a
    # rule judges the plan whatever format it is written for (see ``judges``).
    explicit: frozenset[str] = frozenset()
    # The day check-ins and spend are read on (the tracking rules, RA5xx).
    as_of: dt.date = field(default_factory=dt.date.today)
    # Ranges of plausible cost per result (the ``benchmarks`` setting, RA316).
    benchmarks: Benchmarks = field(default_factory=Benchmarks)
    # The other files of this file's workspace, when it has any (issue 13); None for a
    # plan audited on its own, which every rule then judges exactly as before.
    workspace: WorkspaceView | None = None
    _by_path: dict[PathT, str] | None = None
    _status: PlanStatus | None = None
    _milestones: dict[str, list[Milestone]] | None = None
    _kpi_pairs: dict[bool, list[KpiOfOwner]] | None = None

    def invalid(self, obj: object, field_name: str) -> bool:
        """Whether ``field_name`` of ``obj`` (an item, KPI or the plan block) was
        written but failed validation: RA002 reports it, so rules that would call it
        missing stay quiet. The model records such fields in ``_invalid``."""
        return field_name in getattr(obj, "_invalid", ())

    def kpis(self, *, tactics: bool = True) -> Iterator[KpiOfOwner]:
        """Every KPI with the objective (or campaign or tactic) that owns it: those of
        objectives, then of campaigns and tactics, which measure work alike. Listed
        once per audit for all the rules that ask (a large plan has thousands)."""
        if self._kpi_pairs is None:
            self._kpi_pairs = {}
        pairs = self._kpi_pairs.get(tactics)
        if pairs is None:
            pairs = self._kpi_pairs[tactics] = list(each_kpi(self.plan, tactics=tactics))
        return iter(pairs)

    def status(self) -> PlanStatus:
        """What the plan's check-ins and spend say on ``as_of``, computed once for every
        rule that reads it, with the thresholds RA501 declares."""
        if self._status is None:
            from ramaudit.core.progress import plan_status
            from ramaudit.rules.behind_schedule import thresholds

            self._status = plan_status(
                self.plan, self.graph, self.as_of, thresholds(self.options), self.vocabulary
            )
        return self._status

    @property
    def computed_status(self) -> PlanStatus | None:
        """The status if a rule asked for it, else None (nothing computed for it)."""
        return self._status

    def milestones_of(self, objective: Objective) -> list[Milestone]:
        """The milestones that measure ``objective`` (format 2's deliverable key
        results): those nested under it and those naming it in ``objectives``, in
        document order, each once."""
        if self._milestones is None:  # one pass over the plan, not one per objective
            self._milestones = {}
            for m in self.plan.milestones:
                for oid in dict.fromkeys([*([m.parent] if m.parent else []), *m.objectives]):
                    self._milestones.setdefault(oid, []).append(m)
        found = list(self._milestones.get(objective.id, ()))
        # The walk lists nested milestones in plan.milestones; a plan built in Python
        # may hold them only under the objective.
        found += [m for m in objective.milestones if all(m is not f for f in found)]
        return found

    def option(self, option: RuleOption[T]) -> T:
        """The configured value of ``option`` (a rule's declared option), else its default."""
        return option.read(self.options)

    def item_at(self, path: PathT) -> str | None:
        """The id of the deepest goal, objective, tactic or segment that contains ``path``."""
        if self._by_path is None:
            self._by_path = {item.path: item.id for item in self.plan.items()}
        for end in range(len(path), 0, -1):
            found = self._by_path.get(path[:end])
            if found is not None:
                return found
        return None

    def placed(self, where: PathT, message: str, span: Span) -> Problem:
        """A problem that the parser, the model or the loader placed already, with the
        item it lies in."""
        return Problem(where, message, item=self.item_at(where), at=span)


def each_kpi(plan: Plan, *, tactics: bool = True) -> Iterator[KpiOfOwner]:
    """:meth:`Context.kpis` walked afresh: the objectives' KPIs, then (with ``tactics``)
    the campaigns' and the tactics'."""
    owners: list[Objective | Campaign | Tactic] = list(plan.objectives)
    if tactics:
        owners += plan.campaigns
        owners += plan.tactics
    for owner in owners:
        for kpi in owner.kpis:
            yield owner, kpi


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule found, in the rule's terms: where it is (the logical path of the
    node, or of its key with ``key=True``), what to say and which item it is about.
    :func:`stamp` makes it a :class:`Finding` of the rule. ``at`` is for problems whose
    place is known already (the loader's, the parser's and the model's reports)."""

    where: PathT
    message: str
    item: str | None = None
    key: bool = False
    at: Span | None = None
    # A severity of this problem's own, where a rule reports in two degrees (at risk,
    # off track); the configured severity of the rule still wins.
    severity: Severity | None = None
    # The edit that resolves it, for rules that can say (``Rule.fixable``).
    fix: Fix | None = None


def stamp(rule: type[Rule] | Rule, problem: Problem, ctx: Context) -> Finding:
    """``problem`` as a finding of ``rule``: the rule's code and name, the severity the
    configuration gives the rule (else the rule's own), the file and the position of the
    node the problem is about. Every finding is made here."""
    if problem.at is not None:
        line, col, end_line, end_col = problem.at
    else:
        line, col, end_line, end_col = ctx.locator.position(problem.where, key=problem.key)
    return Finding(
        code=rule.code,
        rule=rule.name,
        severity=ctx.severities.get(rule.code, problem.severity or rule.severity),
        message=problem.message,
        path=ctx.path,
        line=line,
        column=col,
        pointer=format_pointer(problem.where),
        item=problem.item,
        end_line=end_line,
        end_column=end_col,
        fix=problem.fix,
    )


def judges(rule: type[Rule] | Rule, ctx: Context) -> bool:
    """Whether ``rule`` judges the plan of ``ctx``: a rule added with a later plan
    format (``since_format``) judges only plans written for that format or a newer
    one, unless the user selected it by its code or name. Adding such a rule so leaves
    the audit of every older plan as it was, as ruff keeps preview rules off until
    asked for."""
    return judges_format(rule, ctx.plan.version, ctx.explicit)


def judges_format(rule: type[Rule] | Rule, version: int, explicit: Collection[str]) -> bool:
    """:func:`judges` for a plan of format ``version``, with the codes ``explicit`` the
    user selected by full code or name."""
    return rule.since_format <= version or rule.code in explicit


def run(rules: Iterable[type[Rule]], ctx: Context) -> list[Finding]:
    """The findings of ``rules`` on one plan, rule by rule in the order given; rules
    that do not judge this plan's format (:func:`judges`) are left out."""
    findings: list[Finding] = []
    for rule_cls in rules:
        if not judges(rule_cls, ctx):
            continue
        rule = rule_cls()
        findings.extend(stamp(rule, problem, ctx) for problem in rule.check(ctx))
    return findings


@dataclass(frozen=True, slots=True)
class RuleDoc:
    summary: str
    sections: dict[str, str]

    @property
    def failing_example(self) -> str | None:
        return _yaml_block(self.sections.get("Example", ""))

    @property
    def passing_example(self) -> str | None:
        return _yaml_block(self.sections.get("Use instead", ""))


_FENCE = r"```ya?ml\n(.*?)```"  # compiled by ``re`` when docs are first read


def _yaml_block(text: str) -> str | None:
    m = re.search(_FENCE, text, re.S)
    return m.group(1) if m else None


class Rule:
    """Base class; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    # Every option is a RuleOption class attribute (see ramaudit.config.options);
    # these three views of them are derived when the class is made, for readers that
    # want them by name.
    declared: ClassVar[dict[str, RuleOption[Any]]] = {}
    options: ClassVar[dict[str, Any]] = {}
    option_choices: ClassVar[dict[str, tuple[str, ...]]] = {}
    option_range: ClassVar[dict[str, NumberRange]] = {}
    # The fitness question this rule's subject belongs to (for reports), if any.
    category: ClassVar[str] = "structure"
    # Config fields the docstring's examples need to show the rule, such as
    # {"require_reason": True} for a rule that only reports under that setting; the
    # docs tests audit both examples with them.
    example_config: ClassVar[dict[str, Any]] = {}
    # Other plan files the examples need beside them (path -> text), for rules that
    # judge links across files: the docs tests write them next to each example.
    example_files: ClassVar[dict[str, str]] = {}
    # The plan format the rule came with. A rule of format 2 judges plans that say
    # `version: 2`, and version-1 plans only when selected by its code or name, so
    # that every version-1 plan audits as it did before the rule existed (see judges).
    since_format: ClassVar[int] = 1
    # Whether the rule attaches a :class:`~ramaudit.core.findings.Fix` to some of its
    # problems: "safe" (``check --fix`` may apply them), "unsafe" (offered in the
    # editor only) or "" (none). ``ramaudit rule CODE`` and the rules table show it.
    fixable: ClassVar[str] = ""
    # What a finding of this rule about one item depends on, so that the editor's
    # incremental audit (ramaudit.incremental) judges again only the edited item's part:
    # "item" (that item alone, with the plan block, the options and the vocabulary),
    # "item+graph" (the same, and the graph's nodes and edges) or "plan" (anything:
    # links, ids, totals, other items; the rule runs on the whole plan after any edit).
    depends_on: ClassVar[str] = "plan"
    # For an "item" rule that also reads the items of other lists: the lists whose
    # edits make it run on the whole plan (RA302 reads the segments' kinds and names).
    also_reads: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.declared = declared_options(cls)
        cls.options = {n: o.default for n, o in cls.declared.items()}
        cls.option_choices = {n: o.choices for n, o in cls.declared.items() if o.choices}
        cls.option_range = {n: o.range for n, o in cls.declared.items() if o.range}

    def check(self, ctx: Context) -> Iterator[Problem]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def doc(cls) -> RuleDoc:
        text = inspect.cleandoc(cls.__doc__ or "")
        head, _, rest = text.partition("\n")
        sections: dict[str, str] = {}
        current = None
        lines: list[str] = []
        for line in rest.splitlines():
            if line.startswith("## "):
                if current:
                    sections[current] = "\n".join(lines).strip()
                current, lines = line[3:].strip(), []
            else:
                lines.append(line)
        if current:
            sections[current] = "\n".join(lines).strip()
        return RuleDoc(head.strip(), sections)

    @classmethod
    def summary(cls) -> str:
        return cls.doc().summary

    @classmethod
    def option_choice(cls, option: str, word: str) -> str | None:
        """The choice of ``option`` that ``word`` means, in any case, singular or
        plural, with ``-``, ``_`` or spaces (``Tactics`` -> ``tactic``); None if none."""
        return cls.declared[option].choice(word)

    @classmethod
    def check_option(cls, option: str, value: Any) -> Any:
        """The value to use for ``option`` as given in configuration, or
        :class:`OptionError` saying why it cannot be used."""
        return cls.declared[option].check(value)


class DiagnosticRule(Rule):
    """A rule whose problems were found before any rule ran: it reports the kinds of
    loader issue it names in ``issues``, in the words of its :meth:`describe`."""

    issues: ClassVar[frozenset[IssueKind]] = frozenset()

    @classmethod
    def describe(cls, issue: LoadIssue) -> str:  # pragma: no cover - abstract
        """The message for ``issue``, one of the kinds this rule reports."""
        raise NotImplementedError

    def check(self, ctx: Context) -> Iterator[Problem]:
        for issue in ctx.issues:
            if issue.kind in self.issues:
                yield ctx.placed(issue.path, self.describe(issue), issue.span)

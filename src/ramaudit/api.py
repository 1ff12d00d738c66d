"""The library seam: audit one plan or many, get plain result records back.

``audit`` runs the whole one-way flow for one file:
source -> loader -> model -> graph -> rules -> score. Renderers and the CLI only read
the :class:`AuditResult` it returns.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import stat
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import field, replace
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from ramaudit.config.effective import ALWAYS_REPORTED, DEFAULT_CONFIG, Config
from ramaudit.core.findings import FAIL_LEVELS, Finding, Severity
from ramaudit.core.records import dataclass
from ramaudit.core.source import NOT_REGULAR, STDIN, Source, SourceError, display_path, read_source

if TYPE_CHECKING:  # the types of AuditResult's parts, imported where they are made
    from ramaudit.config.baseline import FileStatus
    from ramaudit.config.files import Settings
    from ramaudit.core.graph import TraceGraph
    from ramaudit.core.loader import Diagnostic, Document, LoadIssue, Locator
    from ramaudit.core.model import Plan
    from ramaudit.core.progress import PlanStatus
    from ramaudit.parallel import LinkedWorkers, Task
    from ramaudit.report import RenderOptions
    from ramaudit.rules.base import Context, WorkspaceView
    from ramaudit.score.fitness import Score
    from ramaudit.workspace import GrownGraph, JudgedAhead, Linked, Sketch, WorkspaceKey


@dataclass(frozen=True, slots=True)
class RamSpend:
    """Budget carried by random acts of marketing (orphan tactics).

    ``orphans`` holds every tactic with no path to a goal, with its budget. Those whose
    RA101 finding a suppression comment or the baseline hides are ``accepted``: the
    user has looked at them and said so, so they are not counted as random acts
    (``tactics``, ``amount``), only reported as accepted. The plan's tactic budget
    (``total``) still includes them.

    In format 2 the plan's planned spend (``total``) also holds what campaign budgets
    hold beyond their tactics' budgets (``campaigns``: a campaign's budget covers its
    tactics, so only the rest is added) and its budget lines (``lines``: salaries,
    tools, retainers), each None in a plan without any. A budget line is never a random
    act; a campaign with a budget that serves no objective tracing to a goal is one
    (``stray_campaigns``, among ``orphans``, with what it holds beyond its tactics),
    accepted only when its RA108 finding is hidden."""

    total: float
    currency: str
    orphans: tuple[tuple[str, float | None], ...] = ()
    accepted: tuple[str, ...] = ()
    campaigns: float | None = None
    lines: float | None = None
    stray_campaigns: tuple[str, ...] = ()
    # What the random acts have spent by the as-of day (``spent`` or ``expenses``), each
    # with its spend: in a plan that records spend (``tracks_spend``) only, so that a
    # plan without spend reads as it always did.
    spent_items: tuple[tuple[str, float], ...] = ()
    tracks_spend: bool = False

    def _counted(self) -> Iterator[tuple[str, float | None]]:
        accepted = set(self.accepted)
        return ((tid, b) for tid, b in self.orphans if tid not in accepted)

    @property
    def tactics(self) -> tuple[str, ...]:
        """The random acts counted: orphans that nothing accepted."""
        return tuple(tid for tid, _ in self._counted())

    @property
    def amount(self) -> float:
        return sum(b or 0 for _, b in self._counted())

    @property
    def unbudgeted(self) -> tuple[str, ...]:
        """Counted random acts with no budget at all: their spend is unknown, not zero."""
        return tuple(tid for tid, b in self._counted() if b is None)

    @property
    def accepted_amount(self) -> float:
        accepted = set(self.accepted)
        return sum(b or 0 for tid, b in self.orphans if tid in accepted)

    @property
    def share(self) -> float:
        return self.amount / self.total if self.total else 0.0

    def accepting(self, reported: set[str] | None, campaigns: set[str] | None = None) -> RamSpend:
        """This spend with ``accepted`` worked out from the ids that still have an RA101
        finding (``reported``) and, for campaigns, an RA108 finding (``campaigns``);
        None when the rule did not run, which accepts nothing it would report."""
        stray = set(self.stray_campaigns)

        def still(item: str) -> bool:
            found = campaigns if item in stray else reported
            return found is None or item in found

        return replace(self, accepted=tuple(t for t, _ in self.orphans if not still(t)))

    @property
    def spent(self) -> float | None:
        """Money already spent on random acts (those accepted left out, as from
        ``amount``); None in a plan that records no spend."""
        if not self.tracks_spend:
            return None
        accepted = set(self.accepted)
        return sum(amount for item, amount in self.spent_items if item not in accepted)

    @property
    def spent_on(self) -> tuple[str, ...]:
        """The random acts with money spent on them (those accepted left out)."""
        accepted = set(self.accepted)
        return tuple(i for i, amount in self.spent_items if amount > 0 and i not in accepted)

    @property
    def planned_more(self) -> bool:
        """Whether ``total`` holds more than tactic budgets (campaigns, budget lines)."""
        return self.campaigns is not None or self.lines is not None

    def to_dict(self) -> dict[str, float | str | list[str]]:
        data: dict[str, float | str | list[str]] = {
            "amount": self.amount,
            "total": self.total,
            "share": round(self.share, 4),
            "currency": self.currency,
            "tactics": list(self.tactics),
            "unbudgeted": list(self.unbudgeted),
            "accepted": list(self.accepted),
            "accepted_amount": self.accepted_amount,
        }
        # Only in plans that have them, so that version 1 results read as they always did.
        if self.campaigns is not None:
            data["campaigns"] = self.campaigns
        if self.lines is not None:
            data["budget_lines"] = self.lines
        if self.spent is not None:
            data["spent"] = self.spent
            data["spent_on"] = list(self.spent_on)
        return data


@dataclass(frozen=True, slots=True)
class RunSpend:
    """Random-act spend over a whole run, for one currency (plans in different
    currencies are never added up)."""

    currency: str
    amount: float  # budget of the counted random acts of the plans in this currency
    total: float  # tactic budget of every plan in this currency
    tactics: int  # random acts counted
    unbudgeted: int  # of those, how many have no budget
    accepted: int  # orphans accepted by a suppression or the baseline
    plans: int  # plans in this currency
    # Of ``total``, the plans' budget lines; None when no plan has any.
    lines: float | None = None
    # Whether ``total`` holds more than tactic budgets (campaigns, budget lines).
    planned_more: bool = False

    @property
    def share(self) -> float:
        return self.amount / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, float | str]:
        data: dict[str, float | str] = {
            "currency": self.currency,
            "amount": self.amount,
            "total": self.total,
            "share": round(self.share, 4),
            "tactics": self.tactics,
            "unbudgeted": self.unbudgeted,
            "accepted": self.accepted,
            "plans": self.plans,
        }
        if self.lines is not None:
            data["budget_lines"] = self.lines
        return data


def run_spend(results: Iterable[AuditResult]) -> list[RunSpend]:
    """The random-act spend of every scored plan in ``results``, added up per currency
    (in order of first appearance). Every plan's tactic budget counts in its
    currency's total, plans without random acts included."""
    sums: dict[str, list[float]] = {}
    lines: dict[str, float] = {}
    more: set[str] = set()
    for r in results:
        spend = r.ram_spend
        if spend is None:
            continue
        row = sums.setdefault(spend.currency, [0.0, 0.0, 0, 0, 0, 0])
        row[0] += spend.amount
        row[1] += spend.total
        row[2] += len(spend.tactics)
        row[3] += len(spend.unbudgeted)
        row[4] += len(spend.accepted)
        row[5] += 1
        if spend.lines is not None:
            lines[spend.currency] = lines.get(spend.currency, 0.0) + spend.lines
        if spend.planned_more:
            more.add(spend.currency)
    return [
        RunSpend(cur, a, t, int(n), int(u), int(k), int(p), lines.get(cur), cur in more)
        for cur, (a, t, n, u, k, p) in sums.items()
    ]


@dataclass(frozen=True, slots=True)
class FailUnder:
    """How one plan's fitness total compares with its ``fail-under`` threshold."""

    threshold: float
    total: int | None  # None: the file has no score (it does not parse, or is no plan)

    @property
    def passed(self) -> bool:
        return self.total is not None and self.total >= self.threshold

    def to_dict(self) -> dict[str, float | int | bool | None]:
        return {"threshold": self.threshold, "score": self.total, "passed": self.passed}


@dataclass(slots=True)
class AuditResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    score: Score | None = None  # None when the file is not a plan that could be read
    error: str | None = None  # the file could not be audited at all (exit 2)
    error_line: int | None = None  # the line ``error`` is about, when it names one
    # ``error`` is ramaudit's own failure (a bug), not a problem of the file
    internal_error: bool = False
    plan: Plan | None = None
    graph: TraceGraph | None = None
    ram_spend: RamSpend | None = None
    plan_name: str | None = None
    config: Config | None = None  # the configuration this plan was audited with
    baseline: FileStatus | None = None  # when --baseline was given
    # The first report of items that were not read (an unknown section holding
    # items, ...), the reason such a plan has no score.
    unread: Diagnostic | None = None
    # This file's block of a report, rendered by the worker process that audited it
    # (check --jobs), with the options it was rendered with; used when they still match.
    rendered: tuple[RenderOptions, str] | None = None
    as_of: dt.date | None = None  # the day check-ins and spend were read on
    # What the check-ins and spend say on ``as_of``, as the rules read them, when a rule
    # asked (a plan that tracks neither has none): see :func:`plan_status_of`.
    progress: PlanStatus | None = None
    # The plan files this plan serves, as its plan block names them (issue 13): a run
    # in worker processes judges such a plan again with them.
    parents: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def failing(self, fail_on: str) -> list[Finding]:
        """Findings at or above ``fail_on``; a file that was not audited (RA001, RA006)
        fails whatever the level."""
        level = FAIL_LEVELS[fail_on]
        return [
            f
            for f in self.findings
            if f.code in ALWAYS_REPORTED or (level is not None and f.severity.rank >= level.rank)
        ]

    def settle(self) -> None:
        """Bring the score's caps and the random acts counted in line with the findings
        as they now stand: call it again whenever findings are hidden (the baseline).
        A finding hidden by a suppression or the baseline was accepted by the user: it
        caps no answer, and an orphan tactic whose RA101 is hidden is reported as
        accepted rather than counted as a random act."""
        if self.score is not None:
            self.score = self.score.capped(self.findings)
        if self.ram_spend is not None:
            self.ram_spend = self.ram_spend.accepting(
                self._reported("RA101"), self._reported("RA108")
            )

    def _reported(self, code: str) -> set[str] | None:
        """The items a rule still reports (its findings not hidden); None when the rule
        does not run."""
        if self.config is not None and not self.config.enabled(code):
            return None
        return {f.item for f in self.findings if f.code == code and f.item}

    @property
    def loaded(self) -> bool:
        """Whether the file was read and parsed, so that rules could look at it."""
        return self.error is None and not any(f.code in ALWAYS_REPORTED for f in self.findings)

    def fail_under(self) -> FailUnder | None:
        """The ``fail-under`` check of this file, or None when no threshold is set (or
        the file could not be read, which fails the run anyway)."""
        limit = self.config.fail_under if self.config is not None else None
        if limit is None or self.error:
            return None
        return FailUnder(limit, self.score.total if self.score is not None else None)


def audit(
    source: str | os.PathLike[str] | Source,
    config: Config = DEFAULT_CONFIG,
    *,
    regular_only: bool = False,
) -> AuditResult:
    """Audit one plan. ``source`` is a path or an already decoded :class:`Source`.

    Files that cannot be read at all give a result with ``error`` set; everything
    wrong *inside* a file is a finding. ``regular_only`` (files found in folders)
    refuses a pipe or device instead of waiting on it. An exception inside ramaudit (a bug) is not
    raised either: it gives a result with ``error`` and ``internal_error`` set, so
    that a run over many files still audits the others (:func:`audit_text` raises).
    """
    shown = source.path if isinstance(source, Source) else display_path(source)
    try:
        if not isinstance(source, Source):
            try:
                source = read_source(
                    source, max_bytes=config.max_file_size, regular_only=regular_only
                )
            except SourceError as exc:
                return AuditResult(exc.path, error=str(exc), error_line=exc.line)
        shown = source.path
        return _audit_source(source, config)
    except Exception as exc:  # a bug of ours: say so, never pass it off as a finding
        return crashed(shown, exc)


# Paths audited in this process since the last :func:`forget_audited`, for the message
# of a crash outside any one audit: how many, and the last two.
_audited: dict[str, Any] = {"count": 0, "last": []}


def note_audited(path: str) -> None:
    """Count ``path`` as audited (worker processes' files are counted on arrival)."""
    _audited["count"] += 1
    _audited["last"] = [*_audited["last"][-1:], path]


def forget_audited() -> None:
    """Start counting audited paths afresh (each command does)."""
    _audited["count"], _audited["last"] = 0, []


def audited_files() -> str | None:
    """The file or files audited so far, as a crash message names them."""
    n, last = _audited["count"], _audited["last"]
    if n == 0:
        return None
    if n == 1 or (n == 2 and len(set(last)) == 1):
        return last[-1]
    if n == 2:
        return f"{last[0]} and {last[1]}"
    return f"{n} files (the last {last[-1]})"


def internal_error_message(exc: BaseException, where: str | None = None) -> str:
    """One line naming an exception of ramaudit's own and the file it was auditing
    (else the files audited so far), control characters in either shown escaped."""
    if os.environ.get("RAMAUDIT_DEBUG"):  # the traceback, for whoever fixes the bug
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    try:
        text = " ".join(str(exc).split())[:300] or "(no message)"
    except Exception:  # an exception whose message itself fails
        text = "(no message)"
    from ramaudit.report.escape import shown as printable

    where = where if where is not None else audited_files()
    place = f" while auditing {printable(where)}" if where else ""
    return f"internal error{place}: {type(exc).__name__}: {printable(text)}; please report it"


def crashed(path: str, exc: BaseException) -> AuditResult:
    """The result of a file whose audit failed with ``exc``, a bug of ramaudit's."""
    return AuditResult(path, error=internal_error_message(exc, path), internal_error=True)


def audit_text(text: str, path: str = "<string>", config: Config = DEFAULT_CONFIG) -> AuditResult:
    """Audit plan text directly (tests, editors). Unlike :func:`audit`, an exception
    inside ramaudit is raised, for the caller to see."""
    return _audit_source(Source(path, text), config)


def _gc_paused(
    audit_one: Callable[[Source, Config], AuditResult],
) -> Callable[[Source, Config], AuditResult]:
    """Run an audit with the cyclic garbage collector paused: an audit allocates
    hundreds of thousands of objects that all live until it ends, and the collector
    would scan them again and again for nothing (over a third of the run time)."""

    @functools.wraps(audit_one)
    def paused(source: Source, config: Config) -> AuditResult:
        if not gc.isenabled():
            return audit_one(source, config)
        gc.disable()
        try:
            return audit_one(source, config)
        finally:
            gc.enable()

    return paused


@_gc_paused
def _audit_source(source: Source, config: Config) -> AuditResult:
    note_audited(source.path)
    return _judge(_load(source, config))


@dataclass(slots=True)
class _Loaded:
    """One plan file read and linked on its own, before any rule runs: what a
    workspace links (:mod:`ramaudit.workspace`) before each file is judged."""

    source: Source
    config: Config
    doc: Document | None
    issues: list[LoadIssue]
    syntax_error: Diagnostic | None
    locator: Locator
    plan: Plan
    # None until judged: a linked file's graph is built once, with what its links reach.
    graph: TraceGraph | None
    # Whether ``doc`` is a plan (a mapping with a 'plan:' block), when worked out before
    # ``doc`` was let go (a file held for its judgement, see :meth:`_Gathered._hold`):
    # only this is read of the document's values once the plan is built.
    plan_document: bool | None = None

    def is_plan_document(self) -> bool:
        if self.plan_document is not None:
            return self.plan_document
        from ramaudit.score.fitness import is_plan_document

        return self.doc is not None and is_plan_document(self.doc.data)


def _load(source: Source, config: Config, *, graph: bool = True) -> _Loaded:
    from ramaudit.core.graph import build_graph
    from ramaudit.core.loader import Locator
    from ramaudit.core.model import SPELLINGS, Plan, build_plan

    doc, issues, syntax_error = _read(source, config)
    locator = Locator(doc.root if doc is not None else None, SPELLINGS)
    plan = build_plan(doc.data, locator, config.vocabulary) if doc is not None else Plan()
    built = build_graph(plan) if graph else None
    return _Loaded(source, config, doc, issues, syntax_error, locator, plan, built)


def _judge(loaded: _Loaded, linked: Linked | None = None, *, scored: bool = True) -> AuditResult:
    """Run the rules and the score on a loaded file; with ``linked``, its graph holds
    what its links reach in the other files of its workspace.
    ``scored=False`` leaves the score and RAM spend out (an editor shows findings only)."""
    from ramaudit.score.fitness import compute_score

    source, config, plan = loaded.source, loaded.config, loaded.plan
    graph = _graph_for(loaded, linked)
    ctx = _rule_context(loaded, graph, workspace=linked.view if linked is not None else None)
    result = AuditResult(
        source.path,
        _findings(ctx, source.text, config),
        plan=plan,
        graph=graph,
        plan_name=plan.info.name if plan.info else None,
        config=config,
        unread=plan.unread[0] if plan.unread else None,
        as_of=ctx.as_of,
        parents=tuple(plan.info.parents) if plan.info is not None else (),
    )
    # Only a plan gets a score: not a file that does not parse, nor an empty file, a
    # list or a mapping with no 'plan:' block; nor a plan whose items were not all read
    # (written under a section the format does not have), which would be scored on
    # what is left of it.
    if scored and loaded.is_plan_document() and plan.scorable:
        # The rules' reading of check-ins and spend, computed once whoever asks first,
        # and only for a plan that records spend.
        result.score = compute_score(plan, graph, config.vocabulary, config, status=ctx.status)
        result.ram_spend = ram_spend(plan, graph, ctx.status() if plan.tracks_spend else None)
        result.progress = ctx.computed_status
        result.settle()
    return result


def _rule_context(
    loaded: _Loaded,
    graph: TraceGraph,
    *,
    plan: Plan | None = None,
    workspace: WorkspaceView | None = None,
) -> Context:
    """What the rules judge ``loaded`` by, with ``graph`` (and ``plan``, when not the
    file's own: the editor's audit judges an edited item alone)."""
    from ramaudit.rules.base import Context

    config = loaded.config
    plan = loaded.plan if plan is None else plan
    return Context(
        path=loaded.source.path,
        locator=loaded.locator,
        plan=plan,
        graph=graph,
        diagnostics=plan.diagnostics,
        vocabulary=config.vocabulary,
        severities=config.severity,
        options=config.rule_options,
        issues=loaded.issues,
        syntax_error=loaded.syntax_error,
        as_of=config.as_of or _today(),
        benchmarks=config.benchmarks,
        workspace=workspace,
    )


def _graph_for(loaded: _Loaded, linked: Linked | None) -> TraceGraph:
    """The graph ``loaded`` is judged with. A file whose links reach nothing elsewhere,
    and that nothing elsewhere serves beyond what it serves itself, has the graph of
    the file alone (the one it was loaded with, if any); else the graph with what
    linking found its links reach (its Outside), built once."""
    from ramaudit.core.graph import build_graph

    # A file loaded without its graph was sketched (_sketch): its links were made then.
    outside = linked.outside if linked is not None else None
    if outside is not None and outside.kinds:
        return build_graph(loaded.plan, outside, sketched=True)
    graph = loaded.graph
    if graph is None:
        graph = build_graph(loaded.plan, sketched=True)
    if outside is not None and not outside.served <= graph.served:
        return build_graph(loaded.plan, outside)
    return graph


def _read(
    source: Source, config: Config
) -> tuple[Document | None, list[LoadIssue], Diagnostic | None]:
    """The plan's YAML as values and positions, with the problems the loader found;
    no document when it cannot be read, and then the reason: the syntax error, or the
    limit the document passes (a loader issue)."""
    from ramaudit.core import loader
    from ramaudit.core.model import EXTENSION_PREFIX

    try:
        doc = loader.load(
            source.text,
            max_nodes=config.max_nodes,
            max_depth=config.max_depth,
            extension_prefix=EXTENSION_PREFIX,
        )
    except loader.YAMLError as exc:
        from ramaudit.rules.yaml_syntax import syntax_diagnostic

        return None, [], syntax_diagnostic(exc, source.text)
    except loader.LoadLimitError as exc:
        return None, [exc.issue], None
    return doc, doc.issues, None


def _findings(ctx: Context, text: str, config: Config) -> list[Finding]:
    """The findings of the rules ``config`` runs, less those suppressed, in report order."""
    from ramaudit.config import suppressions as suppress
    from ramaudit.rules import ALL_RULES
    from ramaudit.rules.base import run

    enabled, ctx.explicit = _enabled_codes(config)
    findings = run((r for r in ALL_RULES if r.code in enabled), ctx)
    findings = suppress.apply(findings, text, ctx, config)
    findings.sort(key=lambda f: f.sort_key)
    return findings


_ENABLED: dict[int, tuple[Config, frozenset[str], frozenset[str]]] = {}


def _enabled_codes(config: Config) -> tuple[frozenset[str], frozenset[str]]:
    """The codes of the rules ``config`` runs, and of those selected by full code or
    name (:meth:`Config.named`), worked out once per configuration rather than once per
    rule and plan (a portfolio run audits thousands of plans)."""
    hit = _ENABLED.get(id(config))
    if hit is not None and hit[0] is config:
        return hit[1], hit[2]
    from ramaudit.rules import ALL_RULES

    if len(_ENABLED) > 256:
        _ENABLED.clear()
    codes = frozenset(r.code for r in ALL_RULES if config.enabled(r.code))
    named = config.named()
    _ENABLED[id(config)] = (config, codes, named)  # the config is kept so its id stays its own
    return codes, named


def _today() -> dt.date:
    """The day a run without ``--as-of`` reads check-ins and spend on."""
    return dt.date.today()


def ram_spend(plan: Plan, graph: TraceGraph, status: PlanStatus | None = None) -> RamSpend:
    """What random acts of marketing carry in ``plan``; with the plan's ``status``
    on the as-of day, also what they have spent by then (when the plan records spend)."""
    spent_items, tracks_spend = _ram_spent(status)
    orphans = graph.orphan_tactics
    items = graph.items
    total = sum(t.budget or 0 for t in plan.tactics if items.get(t.id) is t)
    if not plan.campaigns and not plan.budget_lines:  # every version 1 plan
        return RamSpend(
            total=total,
            currency=plan.currency,
            orphans=tuple((t.id, t.budget) for t in orphans),
            spent_items=spent_items,
            tracks_spend=tracks_spend,
        )
    from ramaudit.core.graph import campaign_extras
    from ramaudit.score.base import campaign_traces

    def first(item: Any) -> bool:
        held = items.get(item.id)
        return held is None or held is item

    campaigns = [c for c in plan.campaigns if first(c)]
    lines = [b for b in plan.budget_lines if first(b)]
    # A campaign's budget holds its tactics' budgets: only what it holds beyond them
    # is spend of its own.
    extras = campaign_extras(campaigns, [t for t in plan.tactics if first(t)])
    stray = [c for c in campaigns if c.id in extras and not campaign_traces(c, graph.traceable)]
    campaign_total = sum(extras.values()) if extras else None
    line_total = sum(b.amount or 0 for b in lines) if lines else None
    return RamSpend(
        total=total + (campaign_total or 0) + (line_total or 0),
        currency=plan.currency,
        orphans=(*((t.id, t.budget) for t in orphans), *((c.id, extras[c.id]) for c in stray)),
        campaigns=campaign_total,
        lines=line_total,
        stray_campaigns=tuple(c.id for c in stray),
        spent_items=spent_items,
        tracks_spend=tracks_spend,
    )


def _ram_spent(status: PlanStatus | None) -> tuple[tuple[tuple[str, float], ...], bool]:
    """The spend fields of :class:`RamSpend` (``spent_items``, ``tracks_spend``) from
    the status the rules computed: its random acts (``ram_items``) with what each
    adds to its ``ram_spent`` (a campaign: what it spent beyond its tactics)."""
    if status is None or not status.tracks_spend:
        return (), False
    return tuple((i, status.ram_spent_of[i]) for i in status.ram_items), True


# Compared case-insensitively: plan.YAML and PLAN.YML are plans too.
PLAN_SUFFIXES = (".yaml", ".yml")


def is_plan_name(name: str) -> bool:
    """A file name a folder search audits: ``*.yaml`` / ``*.yml`` in any case, not hidden."""
    return name.lower().endswith(PLAN_SUFFIXES) and not name.startswith(".")


def _not_regular(path: str) -> str | None:
    """Why a file found in a folder is not read: a pipe or a device there would block
    the run or never end. (Named on the command line they are read, as a process
    substitution such as ``<(git show HEAD:plan.yaml)`` is a pipe.) Reading checks
    again after opening (:func:`ramaudit.core.source.read_bytes`), for a file swapped
    after the folder was listed."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # reading it reports why
    if stat.S_ISREG(mode):
        return None
    return f"{path}: {NOT_REGULAR}"


def _inside(path: str, root: str) -> bool:
    """Whether ``path`` (resolved through its links) lies in the folder ``root``."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _folder_error(exc: OSError) -> str:
    where = display_path(exc.filename) if exc.filename else "."
    reason = (exc.strerror or str(exc)).lower()
    return f"{where}: cannot read folder: {reason}"


# Folders a folder search never enters, as ruff skips them: tools' caches, installed
# packages and build output hold YAML that is not anybody's plan. Hidden folders
# (.git, .venv, .tox, ...) are skipped as well. A folder named on the command line is
# still searched, and a file named there is still audited.
DEFAULT_EXCLUDES = frozenset(
    {
        "node_modules",
        "venv",
        "__pycache__",
        "__pypackages__",
        "build",
        "dist",
        "_build",
        "buck-out",
        "site-packages",
    }
)


def iter_plan_files(
    paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None
) -> Iterator[tuple[str, str | None]]:
    """Expand files and folders into ``(path, error)`` pairs in a stable order.

    Folders are searched recursively for ``*.yaml`` / ``*.yml`` (in any case),
    skipping hidden folders and :data:`DEFAULT_EXCLUDES`; a path that does not exist,
    or a folder that cannot be listed, yields an error instead of stopping the run.
    Symbolic links found in a folder are followed only while they stay inside the
    folder named on the command line (each real folder is searched once, so links
    cannot loop). A file reached more than once (named twice, or named and found in
    a folder) is yielded once, where it first appears. With ``settings``
    (:class:`ramaudit.config.files.Settings`), ``exclude`` globs skip files and folders
    found while searching, and named paths with ``--force-exclude``.
    """
    for path, error, _found in iter_plan_entries(paths, settings):
        yield path, error


def iter_plan_entries(
    paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None
) -> Iterator[tuple[str, str | None, bool]]:
    """:func:`iter_plan_files` with a third value: whether the file was found in a
    folder (True) rather than named (False). Found files must be regular files."""

    def excluded(path: str, named: bool = False, ancestors: bool = True) -> bool:
        return settings is not None and settings.excluded(path, named=named, ancestors=ancestors)

    seen: set[str] = set()
    for p, error, found in _expand(paths, excluded):
        key = p if p == STDIN else os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            yield p, error, found


def _expand(
    paths: Iterable[str | os.PathLike[str]], excluded: Callable[..., bool]
) -> Iterator[tuple[str, str | None, bool]]:
    for raw in paths:
        p = os.fspath(raw)
        if p == STDIN:
            yield p, None, False
            continue
        if excluded(p, named=True):
            continue
        if os.path.isdir(p):
            yield from _search(p, excluded)
        elif os.path.exists(p) or os.path.islink(p):
            yield p, None, False
        else:
            yield p, f"{p}: no such file", False


def _search(top: str, excluded: Callable[..., bool]) -> Iterator[tuple[str, str | None, bool]]:
    """The plan files under the folder ``top``, and the folders that cannot be read."""
    root = os.path.realpath(top)
    found: list[tuple[str, str | None]] = []

    def unreadable(exc: OSError) -> None:
        found.append((display_path(exc.filename or top), _folder_error(exc)))

    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(top, followlinks=True, onerror=unreadable):
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            if exc.filename is None:
                exc.filename = dirpath
            unreadable(exc)
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:  # a link to a folder already searched: never loop
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in DEFAULT_EXCLUDES
            and not excluded(os.path.join(dirpath, d), ancestors=False)
            and _inside(os.path.join(dirpath, d), root)
        )
        for name in filenames:
            path = os.path.join(dirpath, name)
            if (
                is_plan_name(name)
                and not excluded(path, ancestors=False)
                and (not os.path.islink(path) or _inside(path, root))
            ):
                found.append((path, None))
    for path, error in sorted(found):
        yield path, error if error is not None else _not_regular(path), True


def audit_in_context(path: str | os.PathLike[str], settings: Settings) -> AuditResult:
    """Audit one plan file as ``check`` audits it: with the files its ``plan.parents``
    and its configuration's ``workspace`` bring in, so that a team file's links to
    another file's objectives resolve (``explain-score``, ``graph``). A file that links
    to no other file is loaded once and judged exactly as :func:`audit` judges it."""
    from ramaudit.parallel import Task

    (result,) = _audit_linked([Task(str(path), settings.config_for(path))], settings, None)
    return result


def audit_paths(
    paths: Iterable[str | os.PathLike[str]],
    config: Config = DEFAULT_CONFIG,
    *,
    settings: Settings | None = None,
    stdin_filename: str | None = None,
    jobs: int | None = 1,
    keep_plans: bool = True,
    progress: Callable[[int], Callable[[AuditResult], None] | None] | None = None,
    render: tuple[str, RenderOptions] | None = None,
) -> list[AuditResult]:
    """Audit every plan under ``paths`` (files and folders, ``-`` for stdin), in a
    stable order.

    ``jobs`` > 1 audits the files in that many worker processes (same results, same
    order; None: as many as their plan text is worth, see
    :func:`ramaudit.parallel.jobs_for_work`); their results carry no trace graph,
    and no plan with ``keep_plans=False``.
    ``progress``, given the number of files to audit, may return a function to call
    with each result as it is done. ``render`` (a format name and its RenderOptions)
    lets workers render each file's part of the report too, where the format can.

    With ``settings`` (:class:`ramaudit.config.files.Settings`) each plan gets the
    configuration that governs its folder (discovery is cached per folder) and
    ``config`` is not used; it raises :class:`ramaudit.config.files.ConfigError` on a bad
    configuration file. Stdin is reported as ``stdin_filename`` when given, and its
    configuration is found from that name's folder.
    """
    from ramaudit.parallel import Task, audit_tasks

    results: list[AuditResult | None] = []
    tasks: list[Task] = []
    for path, error, found in iter_plan_entries(paths, settings):
        if error is not None:
            results.append(AuditResult(path, error=error))
            continue
        name = stdin_filename if path == STDIN and stdin_filename else path
        if settings is not None:
            if path == STDIN and stdin_filename and settings.excluded(name, named=True):
                continue
            file_config = settings.config_for(name)
        else:
            file_config = config
        if path == STDIN:
            results.append(audit_stdin(stdin_filename, file_config, settings=settings))
        else:
            results.append(None)  # filled in below, in this order
            tasks.append(Task(path, file_config, regular_only=found))
    on_result = progress(len(tasks)) if progress is not None and tasks else None
    if jobs is None:  # as many processes as the plan text is worth
        from ramaudit.parallel import default_jobs

        jobs = default_jobs([t.path for t in tasks])
    if any(t.config.workspace for t in tasks) or _serial(jobs, len(tasks)):
        # Plans that link to other files are judged with them (issue 13): every file
        # is loaded first, then linked once.
        audited = _linked_run(tasks, settings, jobs, keep_plans, on_result, render)
    else:
        audited = audit_tasks(
            tasks, jobs, keep_plans=keep_plans, on_result=on_result, render=render
        )
        if any(r.parents for r in audited):
            # A plan the workers audited names its parents: it must be judged with
            # them (see above); the workers' results go.
            audited = _linked_run(tasks, settings, jobs, keep_plans, None, render)
    done = iter(audited)
    return [r if r is not None else next(done) for r in results]


def _serial(jobs: int, n_files: int) -> bool:
    return n_files > 0 and min(jobs, n_files) <= 1


def _linked_run(
    tasks: list[Task],
    settings: Settings | None,
    jobs: int | None,
    keep_plans: bool,
    on_result: Callable[[AuditResult], None] | None,
    render: tuple[str, RenderOptions] | None,
) -> list[AuditResult]:
    """:func:`_audit_linked`, in worker processes when ``jobs`` allows and the files
    are worth it (:func:`ramaudit.parallel.linked_jobs`). The workers are only used
    with ``settings``: then each file's configuration depends on its path alone, not
    on which file named it first, so loading ahead of the gathering order is safe."""
    from ramaudit.parallel import linked_jobs

    n = linked_jobs(jobs, [t.path for t in tasks]) if settings is not None else 1
    if n <= 1:
        return _audit_linked(tasks, settings, on_result, keep_plans)
    from ramaudit.parallel import LinkedWorkers, WorkerLost

    paused = gc.isenabled()
    if paused:  # as in _audit_linked
        gc.disable()
    try:
        with LinkedWorkers(n) as workers:
            try:
                gathered, grown = _gather_in(workers, tasks, settings)
            except WorkerLost:  # a worker died before anything was judged: start again here
                return _linked_results(tasks, settings, on_result, keep_plans)
            linked = _link_in(gathered, grown)
            # Past linking the sketches are not needed: let them go.
            gathered.made, gathered.members = None, []
            return _judge_in(workers, tasks, gathered, linked, keep_plans, on_result, render)
    finally:
        if paused:
            gc.enable()


def _gather_in(
    workers: LinkedWorkers, tasks: list[Task], settings: Settings | None
) -> tuple[_Gathered, GrownGraph | None]:
    """:class:`_Gathered` with the files loaded by ``workers``: the tasks' files first,
    then, round by round, the files those name that were not loaded yet; and the
    workspace graph's own part of each file, when it could be grown as they came.

    In the first round the tasks are gathered as their sketches arrive, in task order
    (up to the first one still loading), and the graph grows with them: this work is
    done while the workers load, not after. The gathering makes the same calls in the
    same order as gathering every task at the end: each looks up its own file only."""
    from ramaudit.workspace import GrownGraph

    made: dict[str, Sketch | AuditResult] = {}
    wanted: dict[str, tuple[str, Config, bool]] = {}
    keys = [os.path.realpath(task.path) for task in tasks]
    for key, task in zip(keys, tasks, strict=True):
        wanted.setdefault(key, (task.path, task.config, task.regular_only))
    gathered = _Gathered(settings, made)
    grown = GrownGraph()
    added = 0  # the tasks gathered so far

    def arrived(reply: list[tuple[str, Sketch | AuditResult]]) -> None:
        nonlocal added
        made.update(reply)
        while added < len(tasks) and keys[added] in made:
            task = tasks[added]
            gathered.add(task.path, task.config, task.regular_only)
            added += 1
        grown.grow(gathered.members)

    workers.on_loaded = arrived
    try:
        made.update(workers.load([(key, *how) for key, how in wanted.items()]))
    finally:
        workers.on_loaded = None
    for task in tasks[added:]:
        gathered.add(task.path, task.config, task.regular_only)
    gathered.close()
    if not gathered.wanted:
        return gathered, grown
    while gathered.wanted:  # files the first round named: gathered again from the start
        made.update(workers.load([(key, *how) for key, how in gathered.wanted.items()]))
        gathered = _Gathered(settings, made)
        for task in tasks:
            gathered.add(task.path, task.config, task.regular_only)
        gathered.close()
    return gathered, None


def _link_in(gathered: _Gathered, grown: GrownGraph | None) -> list[Linked] | None:
    """:func:`link_gathered` (eager: the views go to worker processes) on the graph
    grown while the files loaded, if any."""
    if grown is None:
        return link_gathered(gathered.members, eager=True)
    if not any(s.parents or s.workspace is not None for s in gathered.members):
        return None
    from ramaudit.workspace import link_sketches

    return link_sketches(gathered.members, eager=True, grown=grown)


def _judge_in(
    workers: LinkedWorkers,
    tasks: list[Task],
    gathered: _Gathered,
    linked: list[Linked] | None,
    keep_plans: bool,
    on_result: Callable[[AuditResult], None] | None,
    render: tuple[str, RenderOptions] | None,
) -> list[AuditResult]:
    """The tasks' results, judged by the workers that hold their files, in order;
    if a worker dies, the files it had not judged yet are judged here."""
    from ramaudit.parallel import WorkerLost

    keys = [os.path.realpath(t.path) for t in tasks]
    config = {key: t.config for key, t in zip(keys, tasks, strict=True)}

    def linked_of(key: str) -> Linked | None:
        return None if linked is None else linked[gathered.index[key]]

    got: dict[str, AuditResult] = {}
    results: list[AuditResult] = []

    def deliver() -> None:  # every result that is next in order, as soon as it is
        while len(results) < len(keys):
            key = keys[len(results)]
            if key in gathered.failed:
                result = gathered.failed[key]
            elif key in got:
                result = got.pop(key)
                note_audited(result.path)
            else:
                return
            results.append(result)
            if on_result is not None:
                on_result(result)

    requests = [
        ((key, t.path, t.config, t.regular_only), linked_of(key))
        for key, t in zip(keys, tasks, strict=True)
        if key not in gathered.failed
    ]
    deliver()
    try:
        for key, result, same_config in workers.judge(requests, keep_plans, render):
            if same_config:
                result.config = config[key]
            got[key] = result
            deliver()
    except WorkerLost:
        for key, task in zip(keys[len(results) :], tasks[len(results) :], strict=True):
            if key in gathered.failed or key in got:
                continue
            loaded, made = workers.take_held(key), None  # loaded here: not read again
            if loaded is None:
                loaded, made = load_for_link(task.path, key, task.config, task.regular_only)
            if loaded is not None:
                got[key] = judged(loaded, linked_of(key))
            elif isinstance(made, AuditResult):  # the file went meanwhile
                got[key] = made
        deliver()
    return results


def _audit_linked(
    tasks: list[Task],
    settings: Settings | None,
    on_result: Callable[[AuditResult], None] | None,
    keep_plans: bool = True,
) -> list[AuditResult]:
    """Audit ``tasks`` as one workspace: load each file once, with the files their
    ``plan.parents`` and ``workspace`` setting bring in (read, never reported), link
    them all at once (:func:`ramaudit.workspace.link`), then judge each task's file.
    Files that link to nothing are judged exactly as :func:`audit` judges them.
    ``keep_plans=False`` leaves each result without its plan and graph, as worker
    processes send them back."""
    paused = gc.isenabled()
    if paused:  # as in _audit_source: every object made lives until the run ends
        gc.disable()
    try:
        return _linked_results(tasks, settings, on_result, keep_plans)
    finally:
        if paused:
            gc.enable()


def _linked_results(
    tasks: list[Task],
    settings: Settings | None,
    on_result: Callable[[AuditResult], None] | None,
    keep_plans: bool = True,
) -> list[AuditResult]:
    from ramaudit.workspace import JudgedAhead

    gathered = _Gathered(settings)
    gathered.ahead = JudgedAhead(keep_plans)
    # While no file read so far names another (a portfolio), each is judged as soon as
    # it is loaded and let go: memory stays that of one plan, however many files.
    early = _Early(tasks, gathered, on_result, keep_plans)
    if len(early.results) == len(tasks):
        return early.results
    for task in tasks[len(early.results) :]:
        gathered.add(task.path, task.config, task.regular_only)
    gathered.close()
    linked = link_gathered(gathered.members)
    results = []
    for n, task in enumerate(tasks):
        key = os.path.realpath(task.path)
        if n < len(early.results):
            results.append(early.result(n, key, task, linked, gathered.index))
            continue
        # Judged as it loaded, with what its ancestry told it, if that was all; else
        # judged now, linked already: the loaded file is not needed past its judgement.
        result = gathered.ahead.result(key, linked, gathered.index)
        if result is None:
            loaded = gathered.take(key)
            if isinstance(loaded, AuditResult):
                result = loaded
            else:
                note_audited(loaded.source.path)
                linked_here = None if linked is None else linked[gathered.index[key]]
                result = _kept(judged(loaded, linked_here), keep_plans)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


class _Early:
    """The first tasks of a linked run, each judged on its own as soon as it is loaded,
    up to the first file that names another (its parents) or lies in a workspace, which
    is left loaded in the gathering; every task when none does. Such a file's scope is
    empty, so what linking can add is only what later files link into it: :meth:`result`
    judges it again when they do, from its text kept here (up to a budget; past it the
    file is read again)."""

    # Plan text kept to judge early files again, in characters.
    BUDGET = 32 * 1024 * 1024

    def __init__(
        self,
        tasks: list[Task],
        gathered: _Gathered,
        on_result: Callable[[AuditResult], None] | None,
        keep_plans: bool,
    ) -> None:
        self.results: list[AuditResult] = []
        self.sources: dict[str, Source] = {}
        self.keep_plans = keep_plans
        kept = 0
        for task in tasks:
            if task.config.workspace:
                break
            key = os.path.realpath(task.path)
            gathered.add(task.path, task.config, task.regular_only)
            if gathered.queue or gathered.wanted:
                break  # it names other files: from here on, everything is linked first
            loaded = gathered.take(key)
            if isinstance(loaded, AuditResult):
                result = loaded
            else:
                if kept + len(loaded.source.text) <= self.BUDGET:
                    kept += len(loaded.source.text)
                    self.sources[key] = loaded.source
                note_audited(loaded.source.path)
                result = _kept(judged(loaded, None), keep_plans)
            self.results.append(result)
            if on_result is not None:
                on_result(result)

    def result(
        self, n: int, key: str, task: Task, linked: list[Linked] | None, index: Mapping[str, int]
    ) -> AuditResult:
        """The result of early task ``n`` once every file is linked."""
        if linked is None or key not in index or _alone(linked[index[key]]):
            return self.results[n]
        source = self.sources.get(key)
        if source is None:
            loaded, _ = load_for_link(task.path, key, task.config, task.regular_only)
            if loaded is None:  # pragma: no cover - the file went since it was judged
                return self.results[n]
        else:
            loaded = _load(source, task.config, graph=False)
        return _kept(judged(loaded, linked[index[key]]), self.keep_plans)


def _alone(linked: Linked) -> bool:
    """Whether a file with no scope of its own (it names no parents and lies in no
    workspace) learns nothing from linking: no other file links into it, so it is
    judged as it was alone."""
    outside, view = linked.outside, linked.view
    return not (
        outside.kinds
        or outside.served
        or view.below
        or view.resolved
        or view.duplicates
        or view.ambiguous
        or view.bad_parents
        or view.loops
    )


def _kept(result: AuditResult, keep_plans: bool) -> AuditResult:
    """``result`` as a run over many files keeps it: without its plan, graph and
    status unless ``keep_plans`` (as worker processes send results back)."""
    if not keep_plans:
        result.plan = result.graph = result.progress = None
    return result


def link_gathered(sketches: list[Sketch], eager: bool = False) -> list[Linked] | None:
    """What each gathered file learns from the others (:func:`ramaudit.workspace.
    link_sketches`); None when no file names parents or lies in a workspace."""
    if not any(s.parents or s.workspace is not None for s in sketches):
        return None
    from ramaudit.workspace import link_sketches

    return link_sketches(sketches, eager=eager)


def judged(loaded: _Loaded, linked: Linked | None) -> AuditResult:
    """:func:`_judge`, with an exception of ours reported as in :func:`audit`."""
    try:
        return _judge(loaded, linked)
    except Exception as exc:
        return crashed(loaded.source.path, exc)


def load_for_link(
    path: str, key: str, config: Config, regular_only: bool
) -> tuple[_Loaded | None, Sketch | AuditResult]:
    """Read and load the file at ``path`` (real path ``key``) on its own, and its
    sketch for linking; when it cannot be, no loaded file and the result to report."""
    try:
        source = read_source(path, max_bytes=config.max_file_size, regular_only=regular_only)
    except SourceError as exc:
        return None, AuditResult(exc.path, error=str(exc), error_line=exc.line)
    try:
        loaded = _load(source, config, graph=False)
        return loaded, _sketch(loaded, key)
    except Exception as exc:  # a bug of ours, as in audit()
        return None, crashed(source.path, exc)


def _fingerprint(source: Source) -> tuple[int, int]:
    """What tells a file read again from the text it was linked with."""
    return len(source.text), hash(source.text)


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class _Reread:
    """A file asked for whose loaded state was let go before its judgement: what
    loads it again, and what its text was (its fingerprint; or the text itself,
    ``source``, for a file that cannot be read twice)."""

    path: str
    config: Config
    regular_only: bool
    fingerprint: tuple[int, int]
    source: Source | None = None

    def load(self) -> _Loaded | AuditResult:
        """The file loaded again, as it was linked; an error if it went or changed
        since (it is not judged against links made from another version of it)."""
        source = self.source
        if source is None:
            try:
                source = read_source(
                    self.path, max_bytes=self.config.max_file_size, regular_only=self.regular_only
                )
            except SourceError as exc:
                return AuditResult(exc.path, error=str(exc), error_line=exc.line)
            if _fingerprint(source) != self.fingerprint:
                return AuditResult(source.path, error=f"{source.path}: {CHANGED}")
        try:
            return _load(source, self.config, graph=False)
        except Exception as exc:  # a bug of ours, as in audit()
            return crashed(source.path, exc)


# Why a file read again to be judged is not: it is not the file its links were read from.
CHANGED = "file changed while it was being audited (it was read twice); run the check again"


def _sketch(loaded: _Loaded, key: str) -> Sketch:
    from ramaudit.workspace import sketch_of

    is_plan = loaded.is_plan_document()
    return sketch_of(loaded.source.path, key, loaded.plan, loaded.graph, loaded.locator, is_plan)


class _Gathered:
    """The files of a linked run, each loaded once by its real path: those asked for,
    then the files their parents and workspaces name, until none is new.

    With ``made`` (the sketches or failures worker processes made, by real path) no
    file is loaded here: a file not made yet is noted in ``wanted`` and skipped, for
    the caller to have it made and gather again; the order of the files, which the
    links' tie-breaks follow, is the one a gathering that loads them here has.

    A file asked for is judged only once every file is linked, so until then its loaded
    state is held, up to :attr:`BUDGET`; past it only its sketch is, and the file is
    loaded again to be judged (:meth:`take`). A file only named by others (a parent, a
    member of a workspace) is never judged: only its sketch is kept."""

    # Plan text whose loaded state is held between loading and judging, in characters.
    # A held plan costs about 22 bytes a character (a team file of 30 tactics: 10.5 K
    # characters, some 235 KB held), so this holds about 265 MB: some 1,100 such team
    # files (the bench's workspace of 1,000 among them), far more than a typical
    # repository's plans, which are then each loaded once. A larger run loads the files
    # past the budget twice, and its peak stays bounded by the budget and what linking
    # keeps of every file (its sketch). A reload costs about half of what the file costs
    # in all (reading and building the plan again), which is why the budget is not
    # smaller: at 2.5 M characters the 1,000-file workspace peaks at 173 MB, not 354 MB,
    # but takes 40% more CPU time.
    BUDGET = 12_000_000

    def __init__(
        self, settings: Settings | None, made: Mapping[str, Sketch | AuditResult] | None = None
    ) -> None:
        self.settings = settings
        self.made = made
        self.loaded: dict[str, _Loaded] = {}  # without ``made`` only
        # The files asked for whose loaded state was let go past the budget, to be
        # loaded again when judged (see :meth:`take`), and the plan text held.
        self.reread: dict[str, _Reread] = {}
        self.held = 0
        # The last file loaded past the budget, held until the next file is gathered: a
        # file taken at once (a lone plan, judged as soon as it is loaded) is not loaded
        # twice, and no two such files are ever held together.
        self.over: tuple[str, _Loaded] | None = None
        # False while :meth:`close` loads the files the others name: those are only
        # linked with, never judged, so only their sketches are kept.
        self.holding = True
        self.failed: dict[str, AuditResult] = {}
        self.members: list[Sketch] = []
        self.index: dict[str, int] = {}
        # Files to gather: (path, the configuration of the file that named it, which a
        # file of no configuration of its own gets, regular only).
        self.queue: deque[tuple[str, Config, bool]] = deque()
        self.wanted: dict[str, tuple[str, Config, bool]] = {}
        self._workspaces: dict[WorkspaceKey, frozenset[str]] = {}
        # The files asked for whose ancestry was gathered before them: those that name
        # parents are judged as they load (see JudgedAhead), the rest as before.
        self.ready: set[str] = set()
        self.ahead: JudgedAhead | None = None
        # Each folder's workspace globs, with the folder each is relative to.
        self._rooted: dict[str, tuple[tuple[os.PathLike[str], str], ...]] = {}

    def add(self, path: str, config: Config, regular_only: bool = False) -> None:
        key = os.path.realpath(path)
        if key in self.index or key in self.failed or key in self.wanted:
            return
        self.over = None
        if self.made is None:
            loaded, got = load_for_link(path, key, config, regular_only)
            if loaded is not None:
                self._hold(key, loaded, path, regular_only)
        elif key in self.made:
            got = self.made[key]
        else:
            self.wanted[key] = (path, config, regular_only)
            return
        if isinstance(got, AuditResult):
            self.failed[key] = got
            return
        try:
            self._enter(path, got, config)
        except Exception as exc:  # a bug of ours, as in audit()
            self._let_go(key)
            self.reread.pop(key, None)
            self.over = None
            self.failed[key] = crashed(got.path, exc)
            return
        # Judged ahead: a file that names parents and plans work (a team). One that
        # plans none (a company or department plan) is there for others to link into,
        # and one that names no parents links, if at all, to files its ancestry cannot
        # tell of: they are held, to be judged once every file is linked.
        ahead = self.ahead if self.holding else None
        if ahead is not None and self._ready(got) and got.written_parents and got.tactics:
            loaded = self.loaded.get(key)
            if loaded is not None and ahead.judge(
                loaded, self.members, self.index, path, regular_only
            ):
                self._let_go(key)

    def _ready(self, sketch: Sketch) -> bool:
        """Whether every file ``sketch``'s ancestry holds was gathered before it (its
        parents found, or found missing, and each of theirs ready): then its
        ``parents`` are filled in now, as :meth:`close` fills them in, and its ancestry
        is all there for :meth:`ramaudit.workspace.JudgedAhead.judge`."""
        from ramaudit.workspace import parent_paths

        parents = parent_paths(sketch.path, sketch.written_parents)
        for _, parent in parents:
            key = os.path.realpath(parent)
            if key not in self.ready and key not in self.failed and key != sketch.key:
                return False
        sketch.parents = [(i, *self._parent(sketch.key, p)) for i, p in parents]
        self.ready.add(sketch.key)
        return True

    def _hold(self, key: str, loaded: _Loaded, path: str, regular_only: bool) -> None:
        """Keep ``loaded`` for its judgement while the plan text held stays within
        :attr:`BUDGET`; past it, keep only what reads the file again (a file that is
        not a regular one, such as a pipe, cannot be read twice: its text is kept)."""
        if not self.holding:
            return
        source = loaded.source
        size = len(source.text)
        # The document's values are not read past this (the plan is built from them):
        # about a tenth of what a loaded file holds.
        loaded.plan_document = loaded.is_plan_document()
        loaded.doc = None
        if self.held + size <= self.BUDGET:
            self.held += size
            self.loaded[key] = loaded
            return
        kept = None if _regular(path) else source
        self.reread[key] = _Reread(path, loaded.config, regular_only, _fingerprint(source), kept)
        self.over = (key, loaded)

    def _let_go(self, key: str) -> _Loaded | None:
        loaded = self.loaded.pop(key, None)
        if loaded is not None:
            self.held -= len(loaded.source.text)
        return loaded

    def take(self, key: str) -> _Loaded | AuditResult:
        """The loaded file at real path ``key`` (a file asked for), let go here: held,
        else loaded again (a file that changed meanwhile gives an error, never a
        judgement mixing two versions); for a file that could not be loaded, its result."""
        loaded = self._let_go(key)
        if loaded is not None:
            return loaded
        again = self.reread.pop(key, None)
        if again is not None and self.over is not None and self.over[0] == key:
            loaded, self.over = self.over[1], None
            return loaded
        if again is None:
            return self.failed[key]
        return again.load()

    def admit(self, path: str, source: Source, config: Config) -> str:
        """Load ``source`` as the file at ``path`` and queue the files it names; its key."""
        key = os.path.realpath(path)
        loaded = _load(source, config)
        if self.holding:  # the file to judge (the budget is for many files)
            self.loaded[key] = loaded
        self._enter(path, _sketch(loaded, key), config)
        return key

    def _enter(self, path: str, sketch: Sketch, config: Config) -> None:
        from ramaudit.workspace import parent_paths

        sketch.workspace = self._workspace_of(path, sketch.key, config)
        self.index[sketch.key] = len(self.members)
        self.members.append(sketch)
        for _, parent in parent_paths(path, sketch.written_parents):
            self.queue.append((parent, config, True))

    def _config_for(self, path: str, fallback: Config) -> Config:
        return self.settings.config_for(path) if self.settings is not None else fallback

    def _workspace_of(self, path: str, key: str, config: Config) -> WorkspaceKey | None:
        """The workspace ``path`` belongs to (its configuration's folder and globs),
        queueing the workspace's files the first time it is met."""
        if not config.workspace:
            return None
        from pathlib import Path

        from ramaudit.workspace import workspace_files

        # Each glob is relative to the file that wrote it, which along an ``extend``
        # chain need not be the file that governs this plan.
        rooted: tuple[tuple[os.PathLike[str], str], ...] = ()
        if self.settings is not None:
            folder = os.path.dirname(path)
            if folder not in self._rooted:  # the same for every file of a folder
                globs = self.settings.for_path(path).globs.get("workspace", ())
                self._rooted[folder] = tuple((g.root, g.pattern) for g in globs)
            rooted = self._rooted[folder]
        if not rooted:
            rooted = tuple((Path.cwd(), pattern) for pattern in config.workspace)
        ws = (str(rooted[0][0]), tuple(f"{root}\0{pattern}" for root, pattern in rooted))
        if ws not in self._workspaces:
            files = sorted(
                {f for root, pattern in rooted for f in workspace_files(root, [pattern])}
            )
            self._workspaces[ws] = frozenset(os.path.realpath(f) for f in files)
            for f in files:
                self.queue.append((f, config, True))
        return ws if key in self._workspaces[ws] else None

    def close(self) -> None:
        """Load what the files asked for name, then say of each parent whether it is
        a plan this file can serve."""
        from ramaudit.workspace import parent_paths

        self.holding = False
        while self.queue:
            # Each queued file's configuration is looked up only if it is new: in a
            # workspace, nearly every file the globs name was asked for already.
            path, fallback, regular_only = self.queue.popleft()
            key = os.path.realpath(path)
            if key not in self.index and key not in self.failed and key not in self.wanted:
                self.add(path, self._config_for(path, fallback), regular_only)
        self.holding = True
        for sketch in self.members:
            if sketch.key in self.ready:  # filled in already, from the same files
                continue
            sketch.parents = [
                (i, *self._parent(sketch.key, parent))
                for i, parent in parent_paths(sketch.path, sketch.written_parents)
            ]

    def _parent(self, key: str, path: str) -> tuple[str | None, str | None]:
        """The key of the parent file at ``path``, or None and why it is not one."""
        parent = os.path.realpath(path)
        if parent == key:
            return None, "is this plan itself"
        if parent in self.failed:
            if not os.path.exists(parent):
                return None, "does not exist"
            return None, "cannot be read"
        at = self.index.get(parent)
        if at is None:  # pragma: no cover - every parent was queued
            return None, "does not exist"
        if not self.members[at].is_plan:
            return None, "is not a plan (it has no 'plan:' block)"
        return parent, None


def audit_stdin(
    name: str | None = None,
    config: Config = DEFAULT_CONFIG,
    stream: BinaryIO | TextIO | None = None,
    *,
    settings: Settings | None = None,
) -> AuditResult:
    """Audit a plan read from ``stream`` (standard input), reported as ``name``; an
    exception inside ramaudit is reported as in :func:`audit`. A plan read as ``name``
    that names parents or lies in a workspace is judged with those files (read from
    disk; ``settings`` gives their configuration)."""
    from ramaudit.core.source import display_path, source_from_bytes

    shown = display_path(name) if name else STDIN
    limit = config.max_file_size
    try:
        if stream is None:
            stream = getattr(sys.stdin, "buffer", sys.stdin)
        data = stream.read(limit + 1)
    except OSError as exc:
        return AuditResult(shown, error=f"{shown}: cannot read standard input: {exc}")
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        return AuditResult(
            shown, error=f"{shown}: input is over the {limit:,}-byte limit (--max-file-size)"
        )
    try:
        source = source_from_bytes(data, shown)
    except SourceError as exc:
        return AuditResult(exc.path, error=str(exc), error_line=exc.line)
    try:
        if name:  # an editor's buffer of a plan file: judged with the files it links to
            linked = _linked_stdin(source, name, config, settings)
            if linked is not None:
                return linked
        return _audit_source(source, config)
    except Exception as exc:  # a bug of ours, as in audit()
        return crashed(shown, exc)


def _linked_stdin(
    source: Source, name: str, config: Config, settings: Settings | None
) -> AuditResult | None:
    """The audit of standard input read as the file ``name`` of a workspace, its text
    standing for that file's (an unsaved editor buffer); None when it links to no
    other file, for :func:`_audit_source` to judge it alone."""
    from ramaudit.workspace import link_sketches

    gathered = _Gathered(settings)
    key = gathered.admit(name, source, config)
    member = gathered.members[0]
    if member.workspace is None and not member.written_parents:
        return None
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        gathered.close()
        linked = link_sketches(gathered.members)
        note_audited(source.path)
        return _judge(gathered.loaded[key], linked[0])
    finally:
        if paused:
            gc.enable()


def audit_buffer(
    path: str,
    text: str,
    settings: Settings,
    buffers: Mapping[str, str] | None = None,
    *,
    scored: bool = True,
) -> tuple[AuditResult, frozenset[str]]:
    """Audit an editor's buffer ``text`` as the plan file at ``path``, as ``check``
    audits that file: with the configuration that governs it and the files its
    ``plan.parents`` and workspace bring in. A file open in the editor is read from
    ``buffers`` (real path -> text), its unsaved text standing for the file's; the rest
    from disk. Also returns the real paths of every file the audit read, so that an
    editor knows which open files to audit again when one of them changes. An
    exception inside ramaudit is reported as in :func:`audit`; a bad configuration
    file raises :class:`ramaudit.config.files.ConfigError`."""
    from ramaudit.core.source import display_path

    shown = display_path(path)
    key = os.path.realpath(path)
    config = settings.config_for(path)  # a bad configuration file is the caller's to tell
    try:
        if len(text.encode("utf-8", "surrogatepass")) > config.max_file_size:
            limit = f"file is over the {config.max_file_size:,}-byte limit (--max-file-size)"
            return AuditResult(shown, error=str(SourceError(shown, limit))), frozenset({key})
        gathered = _Buffered(settings, buffers or {})
        key = gathered.admit(path, Source(shown, text), config)
        first = gathered.members[0]
        linked = None
        paused = gc.isenabled()
        if paused:  # as in _audit_source: every object made lives until the audit ends
            gc.disable()
        try:
            if first.workspace is not None or first.written_parents:
                from ramaudit.workspace import link_sketches

                gathered.close()
                linked = link_sketches(gathered.members)[0]
            note_audited(shown)
            result = _judge(gathered.loaded[key], linked, scored=scored)
        finally:
            if paused:
                gc.enable()
        return result, frozenset(gathered.index) | frozenset(gathered.failed)
    except Exception as exc:  # a bug of ours, as in audit()
        return crashed(shown, exc), frozenset({key})


class _Buffered(_Gathered):
    """The files of a linked run where those open in an editor are read from their
    buffers (real path -> text) instead of from disk."""

    def __init__(self, settings: Settings | None, buffers: Mapping[str, str]) -> None:
        super().__init__(settings)
        self.buffers = buffers

    def add(self, path: str, config: Config, regular_only: bool = False) -> None:
        key = os.path.realpath(path)
        text = self.buffers.get(key)
        if text is None or key in self.index or key in self.failed:
            super().add(path, config, regular_only)
            return
        from ramaudit.core.source import display_path

        try:
            self.admit(path, Source(display_path(path), text), config)
        except Exception as exc:  # a bug of ours, as in audit()
            self.failed[key] = crashed(display_path(path), exc)


@dataclass(slots=True)
class StatusResult:
    """One plan's audit and what its check-ins and spend say on ``as_of``
    (``ramaudit status``). ``status`` is None when the file was not read as a plan
    (it could not be read, does not parse, or is not a plan): ``audit`` says why."""

    audit: AuditResult
    as_of: dt.date
    status: PlanStatus | None = None

    @property
    def path(self) -> str:
        return self.audit.path

    @property
    def currency(self) -> str:
        plan = self.audit.plan
        return plan.currency if plan is not None else "USD"

    @property
    def plan_budget(self) -> float | None:
        """The budget the plan block states for the whole period, if it states one."""
        plan = self.audit.plan
        return plan.info.budget if plan is not None and plan.info is not None else None


def as_of_of(result: AuditResult) -> dt.date:
    """The day ``result``'s check-ins and spend were read on: the audit's as-of day
    (its configuration's, else the day it ran), else today for a result built by hand."""
    if result.as_of is not None:
        return result.as_of
    config = result.config
    if config is not None and config.as_of is not None:
        return config.as_of
    return _today()


def plan_status_of(result: AuditResult) -> PlanStatus | None:
    """What the check-ins and spend of an audited plan say on its as-of day, with the
    thresholds its configuration gives RA501: the reading the rules made when they made
    one, else made now exactly as they would have. None when there is no plan to read
    (a file that could not be read, does not parse, or is not a plan). ``status``, the
    reports' progress section, ``diff`` and ``history`` all read it here."""
    if result.plan is None or result.score is None:
        return None
    if result.progress is not None:
        return result.progress
    from ramaudit.core.progress import plan_status
    from ramaudit.rules.behind_schedule import thresholds

    config = result.config or DEFAULT_CONFIG
    graph = result.graph
    if graph is None:  # a worker process leaves it behind; a result built by hand may not have one
        from ramaudit.core.graph import build_graph

        graph = build_graph(result.plan)
    return plan_status(
        result.plan, graph, as_of_of(result), thresholds(config.rule_options), config.vocabulary
    )


def status_of(result: AuditResult, as_of: dt.date | None = None) -> StatusResult:
    """The status of an audited plan on its as-of day (:func:`as_of_of`; ``as_of``, else
    today, for a file that could not be read and so has no configuration)."""
    if result.as_of is None and (result.config is None or result.config.as_of is None):
        day = as_of or _today()
    else:
        day = as_of_of(result)
    return StatusResult(result, day, plan_status_of(result))


def status(
    source: str | os.PathLike[str] | Source, config: Config = DEFAULT_CONFIG
) -> StatusResult:
    """Audit one plan as :func:`audit` does and read its check-ins and spend on
    ``config.as_of`` (today when None): the library side of ``ramaudit status``."""
    return status_of(audit(source, config))

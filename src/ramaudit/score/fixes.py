"""The few changes that would raise a plan's fitness total most, each with the points
it gains, worked out from the score model rather than guessed.

Each kind of fix (name the owners of the objectives that have none, link the random
acts to an objective, give the objectives without a KPI a complete one, ...) is one
proposal over every item it applies to: the plan is copied with the fix applied to
those items, the criteria that read what changed are measured again on the copy, the
error findings the fix answers (those of the rules it names, about the items it
changes) stop capping the answers, and the new total is compared with today's. A
proposal is kept only when the total rises. Fixes are grouped by kind rather than
listed one item at a time because one owner among forty items seldom moves a total
shown in whole points, while "name an owner for the 4 objectives that have none" does,
and reads as one piece of work.

Each fix is measured alone against the plan as it stands: two fixes' points do not
simply add up (linking a random act to an objective also makes its owner count). A
fix that only moves items (a link, an owner, a date) changes nothing else; the
values it writes to measure (owner ``a named owner``, a budget of 0, a KPI on
qualified leads from 100 to 120) are the least that meets each criterion, never shown
as advice.

Cost: one copy of the plan's item lists per proposal and, for the proposals that
change links, the changed items linked again and what the goals reach searched again
from them (:func:`_relinked_quickly`; the trace graph is built again only where that
does not apply); the criteria that read nothing the fix changes keep their measures.
About twenty proposals at most, whatever the plan's size.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from ramaudit.core.findings import Finding, Severity
from ramaudit.core.graph import Link, TraceGraph, build_graph
from ramaudit.core.model import Campaign, Goal, Item, Milestone, Objective, Plan, Tactic
from ramaudit.core.records import dataclass
from ramaudit.score.base import Criterion, ScoreContext, plural
from ramaudit.score.caps import caps_from
from ramaudit.score.fitness import CriterionScore, Score, context_of
from ramaudit.score.fix_proposals import PROPOSERS, PlanView, Proposal
from ramaudit.score.registry import QUESTIONS

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.config.effective import Config
    from ramaudit.core.vocabulary import Vocabulary

__all__ = ["Fix", "fixes_of", "ranked_fixes"]

ItemT = TypeVar("ItemT", bound=Item)


@dataclass(frozen=True, slots=True)
class Fix:
    """One change to the plan and what it would do to the total."""

    key: str  # the kind of fix: "objective-owners", "link-tactics", ...
    action: str  # what to do, in a sentence that names up to five items
    items: tuple[str, ...]  # the ids it changes ("plan" for the plan block)
    points: int  # what the total gains
    total: int  # the total after it
    # The criteria that gain, with the points each gains before rounding and caps.
    criteria: tuple[tuple[str, float], ...] = ()
    # The rules whose error findings it answers, when that lifts a cap.
    uncaps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "action": self.action,
            "items": list(self.items),
            "points": self.points,
            "total": self.total,
            "criteria": [{"key": k, "points": round(p, 2)} for k, p in self.criteria],
            "uncaps": list(self.uncaps),
        }


def ranked_fixes(
    plan: Plan,
    graph: TraceGraph,
    vocabulary: Vocabulary,
    score: Score,
    findings: Sequence[Finding],
    config: Config | None = None,
    top: int | None = None,
) -> list[Fix]:
    """The fixes that raise ``score``'s total, most points first (ties in the order the
    proposals are made, which follows the questions and the plan), at most ``top``.
    ``score`` is the plan's score capped by ``findings`` (those still reported)."""
    ctx = context_of(plan, graph, vocabulary, config)
    fixes = []
    # Only errors cap an answer: the others are passed over once, not once a proposal.
    errors = [f for f in findings if f.severity is Severity.ERROR]
    runs = functools.cache(ctx.records_run)  # asked only when a fix moves links
    for proposal in _proposals(PlanView.of(ctx), score, findings):
        fix = _measured(proposal, score, ctx, errors, config, runs)
        if fix is not None:
            fixes.append(fix)
    fixes.sort(key=lambda f: -f.points)  # stable: equal points keep their order
    return fixes if top is None else fixes[: max(top, 0)]


def fixes_of(result: AuditResult, top: int | None = None) -> list[Fix]:
    """:func:`ranked_fixes` for an audit result; none for a result without a score."""
    if result.score is None or result.plan is None or result.graph is None:
        return []
    config = result.config
    if config is None:
        from ramaudit.config.effective import DEFAULT_CONFIG

        config = DEFAULT_CONFIG
    return ranked_fixes(
        result.plan, result.graph, config.vocabulary, result.score, result.findings, config, top
    )


def _proposals(view: PlanView, score: Score, findings: Sequence[Finding]) -> Iterator[Proposal]:
    made: set[str] = set()
    for propose in PROPOSERS:
        for proposal in propose(view):
            made.update(proposal.clears)
            yield proposal
    yield from _cap_only(view, score, findings, made)


def _cap_only(
    view: PlanView, score: Score, findings: Sequence[Finding], answered: set[str]
) -> Iterator[Proposal]:
    """For each rule whose errors cap an answer and that no proposal answers (a
    duplicate id, a field written wrongly, a loop of dependencies): what answering
    its errors alone would do, every criterion unchanged."""
    capping = dict.fromkeys(c.code for q in score.questions for c in q.caps)
    for code in capping:
        if code in answered:
            continue
        errors = [f for f in findings if f.code == code and f.severity is Severity.ERROR]
        if not errors:
            continue
        n = len(errors)
        rule = errors[0].rule
        yield Proposal(
            f"errors-{code}",
            f"resolve the {n:,} {plural(n, 'error', 'errors')} of {code} {rule}",
            tuple(dict.fromkeys(f.item or "plan" for f in errors)),
            view.plan,
            clears=(code,),
            whole_plan=True,
        )


# -- measuring a proposal


def _relinked(graph: TraceGraph, plan: Plan) -> TraceGraph:
    """The graph of ``plan`` (a copy with links changed), with what ``graph``'s links
    reached in other files of a workspace (its external nodes, issue 13) kept: a fix
    in a team's plan is measured with the company goals it rolls up to. What the other
    files' tactics served is kept too (a fix that adds links serves no less)."""
    external = {n: a for n, a in graph.nodes.items() if "external" in a}
    if not external:
        return build_graph(plan)
    from ramaudit.core.graph import Outside

    outside = Outside(
        kinds={n: a["kind"] for n, a in external.items()},
        files={n: a["external"] for n, a in external.items()},
        names={n: a.get("name") for n, a in external.items()},
        traceable=frozenset(n for n, a in external.items() if a.get("traceable")),
        served=frozenset(graph.served),
    )
    return build_graph(plan, outside)


def _graph_after(proposal: Proposal, ctx: ScoreContext, runs: Callable[[], bool]) -> TraceGraph:
    """The graph the score of ``proposal``'s plan reads; ``runs()``: whether the plan
    records its run."""
    plan = proposal.plan
    if not proposal.relinks:
        return _same_links(ctx.graph, plan)
    quick = None if runs() else _relinked_quickly(ctx.graph, plan)
    return quick if quick is not None else _relinked(ctx.graph, plan)


def _measured(
    proposal: Proposal,
    before: Score,
    ctx: ScoreContext,
    findings: Sequence[Finding],
    config: Config | None,
    runs: Callable[[], bool],
) -> Fix | None:
    """``proposal`` as a :class:`Fix`: the plan's score measured again with it applied;
    None when the total does not rise."""
    plan = proposal.plan
    graph = _graph_after(proposal, ctx, runs)
    again = ScoreContext.of(plan, graph, ctx.vocabulary, config, basis=ctx)
    caps = caps_from(f for f in findings if not _answered(f, proposal, again))
    questions = []
    gains: list[tuple[str, float]] = []
    for declared, answered in zip(QUESTIONS, before.questions, strict=True):
        criteria = []
        # The criteria the score counted (the tracking ones too once the plan records
        # its run), each at the weight it counted at: a fix changes no reading.
        by_key = {c.key: c for c in declared.all_criteria}
        for old in answered.criteria:
            criterion = by_key[old.key]
            new = old
            if _affected(criterion, proposal):
                new = CriterionScore.of(criterion, criterion.measure(again), old.weight)
            if new.points > old.points + 1e-9:
                gains.append((new.key, new.points - old.points))
            criteria.append(new)
        caps_now = caps.get(answered.key, ())
        questions.append(replace(answered, criteria=tuple(criteria), caps=caps_now))
    after = Score(tuple(questions))
    if after.total <= before.total:
        return None
    lifted = (
        c.code
        for q, a in zip(before.questions, after.questions, strict=True)
        for c in q.caps
        if c.code not in {k.code for k in a.caps}
    )
    return Fix(
        proposal.key,
        proposal.action,
        proposal.items,
        after.total - before.total,
        after.total,
        tuple(gains),
        tuple(dict.fromkeys(lifted)),
    )


# The rules that report an item for tracing to no goal: a change of links answers
# their findings about every item that traces afterwards, whatever it changed.
ORPHAN_RULES = frozenset({"RA101", "RA102", "RA108", "RA112"})


def _answered(finding: Finding, proposal: Proposal, again: ScoreContext) -> bool:
    if proposal.answers(finding):
        return True
    if not proposal.relinks or finding.code not in ORPHAN_RULES or not finding.item:
        return False
    item = again.graph.items.get(finding.item)
    return isinstance(item, Goal | Objective | Campaign | Milestone | Tactic) and again.traces(item)


def _affected(criterion: Criterion, proposal: Proposal) -> bool:
    if proposal.relinks:
        return True
    return bool(proposal.touched & {*criterion.reads, *criterion.counts})


def _same_links(graph: TraceGraph, plan: Plan) -> TraceGraph:
    """``graph`` for a copy of its plan whose links are unchanged: the same trace, the
    copies standing for their ids (the score counts an item only when it is the one
    its id stands for)."""
    items = dict(graph.items)
    for item in plan.items():
        held = items.get(item.id)
        if held is None or (held is not item and _same_place(held, item)):
            items[item.id] = item
    return replace(graph, plan=plan, items=items, _orphans=None)


def _same_place(a: object, b: object) -> bool:
    return type(a) is type(b) and getattr(a, "path", None) == getattr(b, "path", None)


# -- a relink without building the graph again

# The sections whose items link, in the order the graph links them, and the others.
_LINKING = ("objectives", "campaigns", "milestones", "tactics")
_UNLINKED = ("segments", "goals", "budget_lines")
# What an item changed by a quick relink keeps (what it waits on, what it records).
_KEPT = ("depends_on", "kpis", "expenses", "spent")


def _relinked_quickly(graph: TraceGraph, plan: Plan) -> TraceGraph | None:
    """What :func:`_relinked` gives the score, for a copy of ``graph``'s plan whose
    changed items keep their ids, places and dependencies and only link elsewhere (the
    random acts linked, broken links dropped): the changed items' links and trace edges
    made again, and what the goals reach and the tactics serve searched again from
    those items only, rather than the whole graph built again (a tenth of the time on
    a large plan). None where that does not apply: an item added or removed, a goal or
    segment changed, an objective's ``parents`` changed (loops are not searched
    again) or links into other files. A plan that records its run (whose score reads
    the trace itself) is never given one: the changed items keep their KPIs and spend,
    so the copy records its run when the plan does.

    The graph's ``trace`` (with its node attributes) stays the one before the fix: the
    score reads the trace only for a plan's run, never here."""
    if len(graph.trace) != len(graph.items):  # external nodes: items of other files
        return None
    changed = _changed_items(graph, plan)
    if changed is None:
        return None
    from ramaudit.core.graph import _Linker

    items = dict(graph.items)
    items.update(changed)
    # The changed items linked alone, against every item of the plan.
    alone = replace(
        plan,
        objectives=_among(plan.objectives, changed),
        campaigns=_among(plan.campaigns, changed),
        milestones=_among(plan.milestones, changed),
        tactics=_among(plan.tactics, changed),
    )
    linker = _Linker(alone, items, None)
    linker.link_all()
    made = [link for link in linker.links if link.field != "depends_on"]
    above: dict[str, dict[str, None]] = {item_id: {} for item_id in changed}
    below: dict[str, list[str]] = {}
    for u, v, _ in linker.edges:  # every edge made runs into a changed item
        if u not in above[v]:
            above[v][u] = None
            below.setdefault(u, []).append(v)
    old_pred, old_succ = graph.pred, graph.succ

    def pred(node: str) -> Iterable[str]:
        return above[node] if node in above else old_pred[node]

    def succ(node: str) -> Iterable[str]:
        return [*(w for w in old_succ[node] if w not in above), *below.get(node, ())]

    down = _closure(changed, lambda n: old_succ[n], lambda n: below.get(n, ()))
    up = _closure(changed, lambda n: old_pred[n], lambda n: above.get(n, ()))
    return TraceGraph(
        plan,
        items,
        graph.trace,
        graph.dependencies,
        _spliced(graph.links, made, changed, plan),
        _reached_again(graph.traceable, down, lambda n: isinstance(items[n], Goal), pred),
        _reached_again(graph.served, up, lambda n: isinstance(items[n], Tactic), succ),
        list(graph.cycles),
        graph.depends,
    )


def _among(section: list[ItemT], changed: Mapping[str, Item]) -> list[ItemT]:
    return [i for i in section if changed.get(i.id) is i]


def _changed_items(graph: TraceGraph, plan: Plan) -> dict[str, Item] | None:
    """The items of ``plan`` (a copy of ``graph``'s) that differ from those the graph
    holds, by id; None when some change is more than a change of links."""
    before = graph.plan
    for section in _UNLINKED:
        old, new = getattr(before, section), getattr(plan, section)
        if old is not new and (
            len(old) != len(new) or any(a is not b for a, b in zip(old, new, strict=True))
        ):
            return None
    changed: dict[str, Item] = {}
    for section in _LINKING:
        old, new = getattr(before, section), getattr(plan, section)
        if old is new:
            continue
        if len(old) != len(new):
            return None
        for a, b in zip(old, new, strict=True):
            if a is b:
                continue
            if not _relinks_only(a, b):
                return None
            if graph.items.get(b.id) is a:  # the one its id stands for
                changed[b.id] = b
    return changed


def _relinks_only(a: Item, b: Item) -> bool:
    """Whether ``b`` is ``a`` where it stands, linked elsewhere: the same id and place,
    the same dependencies, KPIs and spend, and for an objective the same ``parents``."""
    return (
        _same_place(a, b)
        and a.id == b.id
        and getattr(a, "parent", None) == getattr(b, "parent", None)
        and all(getattr(a, f, None) == getattr(b, f, None) for f in _KEPT)
        and (not isinstance(a, Objective) or a.parents == getattr(b, "parents", None))
    )


def _spliced(
    links: list[Link], made: list[Link], changed: Mapping[str, Item], plan: Plan
) -> list[Link]:
    """``links`` with the changed items' links (but their ``depends_on``, which did not
    change) replaced by ``made``, in the order :func:`build_graph` makes them: each
    item's in the order of the linking sections, the dependencies after them all."""
    rank: dict[str, int] = {}
    for n, item in enumerate(item for s in _LINKING for item in getattr(plan, s)):
        rank.setdefault(item.id, n)
    main = [k for k in links if k.field != "depends_on" and k.source not in changed]
    main += made
    main.sort(key=lambda k: rank[k.source])  # stable: each item's links keep their order
    return main + [k for k in links if k.field == "depends_on"]


def _closure(start: Iterable[str], *steps: Callable[[str], Iterable[str]]) -> set[str]:
    """``start`` and every node reached from it by ``steps``."""
    seen = set(start)
    todo = list(seen)
    for node in todo:
        for step in steps:
            for other in step(node):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
    return seen


def _reached_again(
    reached: set[str],
    affected: set[str],
    source: Callable[[str], bool],
    before: Callable[[str], Iterable[str]],
) -> set[str]:
    """``reached``, what a search from the nodes ``source`` holds reaches, searched
    again for the ``affected`` nodes (those the changed edges could reach), whose
    nodes ``before(node)`` now lead to: every other node is reached as it was."""
    known: set[str] = set()
    ahead: dict[str, list[str]] = {}
    for node in affected:
        if source(node):
            known.add(node)
        for other in before(node):
            if other in affected:
                ahead.setdefault(other, []).append(node)
            elif other in reached:
                known.add(node)
    todo = list(known)
    for node in todo:
        for other in ahead.get(node, ()):
            if other not in known:
                known.add(other)
                todo.append(other)
    return (reached - affected) | known

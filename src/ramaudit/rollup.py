"""Roll-ups up the cascade of a plan repository (issue 13): company, department and team
plans in many files, each naming the plan files it serves (``plan.parents``).

:func:`cascade` takes the audits of a run and returns a :class:`Cascade`: the files as a
networkx ``DiGraph`` from each parent down to the plans that serve it, and for every file
its own figures (budget, spend, random-act budget and spend, score, progress) beside the
same figures over its subtree: the file and every plan below it, each file counted once
however many paths reach it. Teams (a plan's owner, else the file) and the whole run are
added up the same way.

The figures are read where the rest of ramaudit reads them, never worked out again: the
budget is the one the plan block states, else the planned spend of its tactics (the
portfolio's ``RamSpend.total``); the random acts' budget and spend are
:class:`ramaudit.api.RamSpend`'s; spend and progress come from the plan's
:class:`ramaudit.core.progress.PlanStatus` (:func:`ramaudit.api.plan_status_of`) and are
averaged as goals average their objectives (:func:`ramaudit.core.progress.mean`). Money
in different currencies is never added up: each sum is kept per currency.

Parents are paths relative to the file that names them and are matched against the
other files of the run; a parent that is not among them leaves the file a root (the
missing parent is kept, as data). Parents that form a loop are never followed round it:
the order and depths are those of the graph's condensation (each loop one node, which
always has a topological order), a file of a loop reaches every other file of it (each
counted once), and a file of the loop with no parent outside it is a root; the loops
and their edges are kept as data. Nothing here reads files or prints: renderers read
the records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from ramaudit.core.progress import State, mean
from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    import networkx as nx

    from ramaudit.api import AuditResult, StatusResult
    from ramaudit.core.progress import PlanStatus


@dataclass(frozen=True, slots=True)
class Money:
    """Money added up in one currency. ``spent`` and ``ram_spent`` are None when no
    file counted in the sum records spend (not zero: nothing is known)."""

    currency: str
    budget: float = 0.0  # what the plan blocks state, else the plans' planned spend
    planned: float = 0.0  # tactics, campaigns beyond them, budget lines
    spent: float | None = None
    ram_budget: float = 0.0  # the budget of the random acts of marketing counted
    ram_spent: float | None = None
    plans: int = 0  # the files in this currency that were read as plans

    def __add__(self, other: Money) -> Money:
        return Money(
            self.currency,
            self.budget + other.budget,
            self.planned + other.planned,
            _plus(self.spent, other.spent),
            self.ram_budget + other.ram_budget,
            _plus(self.ram_spent, other.ram_spent),
            self.plans + other.plans,
        )

    def to_dict(self) -> dict[str, str | float | int | None]:
        return {
            "currency": self.currency,
            "budget": _rounded(self.budget),
            "planned": _rounded(self.planned),
            "spent": _rounded(self.spent),
            "ram_budget": _rounded(self.ram_budget),
            "ram_spent": _rounded(self.ram_spent),
            "plans": self.plans,
        }


def _plus(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else a + b


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(frozen=True, slots=True)
class Progress:
    """Progress through the period, as the status reads it: the mean progress and
    expected progress of the plans' objectives (each held to 0..1, as a goal holds its
    objectives'), and the worst state of any key result."""

    progress: float | None = None
    expected: float | None = None
    state: State | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """What one file, a subtree, a team or the whole run adds up to: money per currency
    (the first currency met first), the mean fitness score of the plans scored, and
    progress."""

    money: tuple[Money, ...] = ()
    score: float | None = None  # the mean total of the plans scored
    scored: int = 0  # how many plans have a score
    files: int = 0  # files counted, read as plans or not
    progress: Progress = field(default_factory=Progress)

    def in_currency(self, currency: str) -> Money | None:
        return next((m for m in self.money if m.currency == currency), None)


@dataclass(frozen=True, slots=True)
class CascadeNode:
    """One file of the cascade."""

    key: str  # the file's path as the run shows it: the node of ``Cascade.graph``
    plan_id: str  # ``plan.id``, else the file's name without its extension
    name: str  # the plan's name, else the path
    team: str  # the plan's owner, else the path
    parents: tuple[str, ...]  # keys of the parents found in the run, as written in order
    missing_parents: tuple[str, ...]  # parents as written that are not in the run
    # The parent the file is listed under in a nested table: the first of its parents
    # outside its own loop; None for a root.
    upper: str | None
    depth: int  # 0 for a root; else one more than its deepest parent outside its loop
    in_loop: bool  # the file is part of a loop of parents
    own: Figures  # the file alone
    subtree: Figures  # the file and every plan below it, each once
    below: tuple[str, ...]  # the keys of the subtree, the file first, in topological order


@dataclass(frozen=True, slots=True)
class Team:
    """The files one owner holds (a plan without an owner is a team of its own)."""

    name: str
    files: tuple[str, ...]
    figures: Figures


@dataclass(frozen=True, slots=True)
class Cascade:
    """The files of a run by their parents, with the roll-ups. ``graph`` has an edge
    from each parent to each plan that serves it (those inside a loop are also in
    ``loop_edges``; each node's attribute ``order`` is the file's place in the run);
    ``nodes`` are in topological order of the graph with each loop taken as one node,
    parents first."""

    graph: nx.DiGraph
    nodes: dict[str, CascadeNode]
    roots: tuple[str, ...]
    loops: tuple[tuple[str, ...], ...]  # the files of each loop, in run order
    loop_edges: tuple[tuple[str, str], ...]  # (parent, child) edges inside a loop
    teams: tuple[Team, ...]
    total: Figures  # every file of the run once

    @property
    def linked(self) -> bool:
        """Whether some file serves another file of the run (a cascade to roll up)."""
        return self.graph.number_of_edges() > 0

    def tree(self) -> list[tuple[CascadeNode, int]]:
        """Each file once with its indentation, for a nested table: under its
        ``upper`` parent, in topological order among its siblings; roots first."""
        under: dict[str | None, list[str]] = {}
        for key, node in self.nodes.items():
            under.setdefault(node.upper, []).append(key)
        out: list[tuple[CascadeNode, int]] = []
        # Depth first without recursion: a chain of a thousand files is a fair plan repo.
        stack = [(key, 0) for key in reversed(under.get(None, []))]
        while stack:
            key, level = stack.pop()
            out.append((self.nodes[key], level))
            stack += [(child, level + 1) for child in reversed(under.get(key, []))]
        return out


def declares_parents(results: Iterable[AuditResult]) -> bool:
    """Whether some plan of ``results`` names the plans it serves."""
    return any(
        r.plan is not None and r.plan.info is not None and r.plan.info.parents for r in results
    )


def cascade(
    results: Sequence[AuditResult], statuses: Mapping[str, PlanStatus | None] | None = None
) -> Cascade:
    """The cascade of ``results`` (see the module docstring). ``statuses`` gives the
    status already read of a file (by path), as ``ramaudit status`` has it."""
    import networkx as nx

    graph: nx.DiGraph = nx.DiGraph()
    by_place: dict[str, str] = {}
    kept: list[AuditResult] = []
    for r in results:
        if r.path in graph:  # the same file given twice: counted once
            continue
        graph.add_node(r.path, order=len(kept))
        by_place.setdefault(_place(r.path), r.path)
        kept.append(r)
    found, missing = _link(graph, kept, by_place)
    ranks = _rank(graph)
    own = {r.path: _own(r, statuses) for r in kept}
    subtree = _subtree_tallies(ranks, own)
    by_key = {r.path: r for r in kept}
    uppers = _uppers(found, ranks)
    nodes: dict[str, CascadeNode] = {}
    for key in ranks.order:
        r = by_key[key]
        nodes[key] = CascadeNode(
            key, _plan_id(r), _name(r), _team(r), found[key], missing[key], uppers[key],
            ranks.depth[key], key in ranks.looped, own[key].figures(),
            subtree[key].figures(), ranks.below[key],
        )  # fmt: skip
    roots = tuple(k for k, n in nodes.items() if n.upper is None)
    return Cascade(
        graph, nodes, roots, ranks.loops, ranks.loop_edges, _teams(nodes, own),
        _summed(own[r.path] for r in kept).figures(),
    )  # fmt: skip


def _uppers(found: Mapping[str, tuple[str, ...]], ranks: _Ranks) -> dict[str, str | None]:
    """The parent each file is listed under: the first of its parents outside its own
    loop; a file of a loop with none, under the file of the loop it is first reached
    from (breadth first from those with a parent outside), so that a loop entered from
    the cascade stays in it. A loop nobody outside serves is a set of roots."""
    group = ranks.group
    upper: dict[str, str | None] = {
        key: next((p for p in found[key] if group[p] != group[key]), None) for key in ranks.order
    }
    children: dict[str, list[str]] = {}
    for key in ranks.order:
        for parent in found[key]:
            if group[parent] == group[key] and parent != key:
                children.setdefault(parent, []).append(key)
    queue = [k for k in ranks.order if k in ranks.looped and upper[k] is not None]
    reached = set(queue)
    while queue:
        key = queue.pop(0)
        for child in children.get(key, []):
            if child not in reached:
                reached.add(child)
                upper[child] = key
                queue.append(child)
    return upper


def status_cascade(results: Sequence[StatusResult]) -> Cascade | None:
    """The cascade ``ramaudit status`` rolls progress and spend up: None unless several
    files are given and some of them serve others among them."""
    audits = [r.audit for r in results]
    if len(audits) < 2 or not declares_parents(audits):
        return None
    rolled = cascade(audits, {r.path: r.status for r in results})
    return rolled if rolled.linked else None


def _place(path: str) -> str:
    """Where a file lies, for matching the parents other files name."""
    return os.path.normcase(os.path.normpath(os.path.abspath(path)))


def _link(
    graph: nx.DiGraph, results: list[AuditResult], by_place: dict[str, str]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Add an edge from each parent found in the run to the plan that names it; return
    each file's parents found (keys) and missing (as written)."""
    found: dict[str, tuple[str, ...]] = {}
    missing: dict[str, tuple[str, ...]] = {}
    for r in results:
        info = r.plan.info if r.plan is not None else None
        named = info.parents if info is not None else []
        here: list[str] = []
        absent: list[str] = []
        folder = os.path.dirname(r.path)
        for written in named:
            parent = by_place.get(_place(os.path.join(folder, written)))
            if parent is None:
                absent.append(written)
            elif parent not in here:
                here.append(parent)
                graph.add_edge(parent, r.path)
        found[r.path], missing[r.path] = tuple(here), tuple(absent)
    return found, missing


@dataclass(frozen=True, slots=True)
class _Ranks:
    order: list[str]  # parents first; within a rank and a loop, the run's order
    group: dict[str, int]  # each file's strongly connected set (a loop, or itself)
    depth: dict[str, int]
    below: dict[str, tuple[str, ...]]  # each file's subtree, itself first
    looped: frozenset[str]
    loops: tuple[tuple[str, ...], ...]
    loop_edges: tuple[tuple[str, str], ...]
    # The condensation: its nodes in topological order, the files of each, the nodes
    # below each and the files each reaches.
    sccs: list[int]
    members: dict[int, list[str]]
    successors: dict[int, list[int]]
    reach: dict[int, set[str]]


def _rank(graph: nx.DiGraph) -> _Ranks:
    """Order, depth and subtrees of the files on the graph's condensation (each loop
    one node, so there is always a topological order): a subtree is what a file
    reaches, each file once however many paths reach it, a loop's files all together."""
    import networkx as nx

    run = nx.get_node_attributes(graph, "order")
    cond = nx.condensation(graph)
    group: dict[str, int] = cond.graph["mapping"]
    members = {s: sorted(cond.nodes[s]["members"], key=run.__getitem__) for s in cond}
    first = {s: run[m[0]] for s, m in members.items()}
    ranked = list(nx.lexicographical_topological_sort(cond, key=first.__getitem__))
    order = [k for s in ranked for k in members[s]]
    position = {k: i for i, k in enumerate(order)}
    level: dict[int, int] = {}
    for s in ranked:
        level[s] = 1 + max((level[p] for p in cond.predecessors(s)), default=-1)
    reach: dict[int, set[str]] = {}
    for s in reversed(ranked):
        reach[s] = set(members[s]).union(*(reach[c] for c in cond.successors(s)))
    below = {k: (k, *sorted(reach[group[k]] - {k}, key=position.__getitem__)) for k in order}
    loops = [tuple(m) for s, m in members.items() if len(m) > 1 or graph.has_edge(m[0], m[0])]
    loops.sort(key=lambda loop: run[loop[0]])
    loop_edges = sorted(
        ((a, b) for a, b in graph.edges if group[a] == group[b]),
        key=lambda e: (run[e[0]], run[e[1]]),
    )
    return _Ranks(
        order, group, {k: level[group[k]] for k in order}, below,
        frozenset(k for loop in loops for k in loop), tuple(loops), tuple(loop_edges),
        ranked, members, {s: list(cond.successors(s)) for s in ranked}, reach,
    )  # fmt: skip


@dataclass(slots=True)
class _Tally:
    """Figures while they are added up: sums and counts, so that the tallies of two
    subtrees that share no file add up to the tally of both."""

    money: dict[str, Money] = field(default_factory=dict)
    files: int = 0
    scores: float = 0.0
    scored: int = 0
    progress: float = 0.0
    progressed: int = 0
    expected: float = 0.0
    expecting: int = 0
    worst: State | None = None

    def add(self, other: _Tally) -> None:
        for currency, m in other.money.items():
            held = self.money.get(currency)
            self.money[currency] = m if held is None else held + m
        self.files += other.files
        self.scores += other.scores
        self.scored += other.scored
        self.progress += other.progress
        self.progressed += other.progressed
        self.expected += other.expected
        self.expecting += other.expecting
        if other.worst is not None and (self.worst is None or other.worst.rank > self.worst.rank):
            self.worst = other.worst

    def figures(self) -> Figures:
        """Money per currency; the score and progress as means over the files that
        have one (each file weighs the same, as each objective does in a goal)."""
        return Figures(
            tuple(self.money.values()),
            self.scores / self.scored if self.scored else None,
            self.scored,
            self.files,
            Progress(
                self.progress / self.progressed if self.progressed else None,
                self.expected / self.expecting if self.expecting else None,
                self.worst,
            ),
        )


def _own(r: AuditResult, statuses: Mapping[str, PlanStatus | None] | None) -> _Tally:
    """One file's figures, read where the portfolio and the status read them."""
    from ramaudit.api import plan_status_of

    spend = r.ram_spend
    if r.plan is None or spend is None:
        return _Tally(files=1)
    info = r.plan.info
    stated = info.budget if info is not None else None
    read = statuses is not None and r.path in statuses
    status = statuses[r.path] if statuses is not None and read else plan_status_of(r)
    tracks = status is not None and status.tracks_spend
    money = Money(
        spend.currency,
        budget=stated if stated is not None else spend.total,
        planned=spend.total,
        spent=status.spent if status is not None and tracks else None,
        ram_budget=float(spend.amount),
        ram_spent=float(spend.spent) if spend.spent is not None else None,
        plans=1,
    )
    tally = _Tally({money.currency: money}, files=1)
    if r.score is not None:
        tally.scores, tally.scored = r.score.total, 1
    if status is not None:
        progress = mean(o.progress for o in status.objectives)
        expected = mean(o.expected for o in status.objectives)
        if progress is not None:
            tally.progress, tally.progressed = progress, 1
        if expected is not None:
            tally.expected, tally.expecting = expected, 1
        states = [k.state for k in status.key_results]
        tally.worst = max(states, key=lambda s: s.rank) if states else None
    return tally


def _summed(tallies: Iterable[_Tally]) -> _Tally:
    total = _Tally()
    for t in tallies:
        total.add(t)
    return total


def _subtree_tallies(ranks: _Ranks, own: Mapping[str, _Tally]) -> dict[str, _Tally]:
    """Each file's subtree added up, once per loop (its files share one subtree). In
    reverse topological order, a subtree whose children share no file is its own
    files plus its children's subtrees; one reached twice is added file by file, so
    that no file counts twice. Linear in the files for a tree, a chain included."""
    done: dict[int, _Tally] = {}
    for s in reversed(ranks.sccs):
        members = ranks.members[s]
        children = ranks.successors[s]
        apart = len(ranks.reach[s]) == len(members) + sum(len(ranks.reach[c]) for c in children)
        if apart:
            done[s] = _summed([*(own[k] for k in members), *(done[c] for c in children)])
        else:
            done[s] = _summed(own[k] for k in ranks.below[members[0]])
    return {k: done[ranks.group[k]] for k in ranks.order}


def _plan_id(r: AuditResult) -> str:
    info = r.plan.info if r.plan is not None else None
    if info is not None and info.id:
        return info.id
    stem = os.path.basename(r.path)
    return os.path.splitext(stem)[0]


def _name(r: AuditResult) -> str:
    return r.plan_name or r.path


def _team(r: AuditResult) -> str:
    info = r.plan.info if r.plan is not None else None
    return info.owner if info is not None and info.owner else r.path


def _teams(nodes: dict[str, CascadeNode], own: Mapping[str, _Tally]) -> tuple[Team, ...]:
    members: dict[str, list[str]] = {}
    for key, node in nodes.items():
        members.setdefault(node.team, []).append(key)
    return tuple(
        Team(name, tuple(keys), _summed(own[k] for k in keys).figures())
        for name, keys in members.items()
    )


__all__ = [
    "Cascade",
    "CascadeNode",
    "Figures",
    "Money",
    "Progress",
    "Team",
    "cascade",
    "declares_parents",
    "status_cascade",
]

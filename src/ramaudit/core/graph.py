"""The traceability graph: goal -> objective (-> child objective) -> campaign -> tactic,
with milestones below their objectives.

Edges come from nesting and from links (``goals``, ``parents``, ``objectives``,
``campaign``). A link that names a missing id, or an item of the wrong kind, is kept
aside as a :class:`Link` with a ``problem`` instead of becoming an edge: it is no path
to a goal. Reachability is one breadth-first pass from all goals (linear in the graph's
size), never a path query per item, and loops of ``parents`` are found in one pass too.

``depends_on`` links (a tactic, campaign or milestone waiting on another piece of work)
are links too, but no trace edges: waiting on a traceable tactic does not make a tactic
serve a goal. They are kept in :attr:`TraceGraph.depends` and appear only in the
networkx view, with ``via="depends_on"``, so that exports show them.

The audit itself works on plain dictionaries; a networkx ``DiGraph`` with the same
nodes, edges and attributes is built only when something asks for
:attr:`TraceGraph.graph` (the diagram and the graph export), so that ``ramaudit
check`` never pays for importing networkx.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ramaudit.core.loader import PathT
from ramaudit.core.model import (
    DEPENDABLE,
    LINKS,
    Campaign,
    Goal,
    Item,
    Milestone,
    Objective,
    Plan,
    Segment,
    Tactic,
    kind_of,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

# The kinds an orphan can be: items that should hang below an objective. Goals,
# segments and budget lines stand on their own.
_BELOW_OBJECTIVES = ("tactic", "campaign", "milestone")


@dataclass(frozen=True, slots=True)
class Link:
    source: str  # id of the item holding the link
    source_kind: str
    field: str  # goals | parents | objectives | campaign | depends_on
    index: int
    target: str
    path: PathT  # logical path of the link's value
    target_kind: str | None  # kind of the named item, None when no such id
    problem: str | None = None  # "missing" | "wrong-kind" | None


@dataclass(slots=True)
class TraceGraph:
    plan: Plan
    items: dict[str, Item]  # first item for each id
    # node id -> attributes (kind, name, budget, line, path, traceable, orphan)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # parent -> child -> edge attributes (via, implicit), in the order edges were made
    succ: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    pred: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    traceable: set[str] = field(default_factory=set)  # ids reachable from some goal
    # goals, objectives and campaigns with a tactic below them
    served: set[str] = field(default_factory=set)
    cycles: list[list[str]] = field(default_factory=list)  # objectives in `parents` loops
    # item id -> the ids it depends on (valid `depends_on` links, in the order written);
    # no trace edges: reachability never follows them.
    depends: dict[str, list[str]] = field(default_factory=dict)
    _edge_order: list[tuple[str, str]] = field(default_factory=list, repr=False)
    _nx: Any = field(default=None, repr=False)
    _orphans: list[Tactic] | None = field(default=None, repr=False)
    _dependency_cycles: list[list[str]] | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.DiGraph:
        """The graph as a networkx ``DiGraph`` (built on first use). A dependency is an
        edge from the work waited on to the item that waits, ``via="depends_on"``;
        where two items are already joined by a trace edge that edge stands."""
        if self._nx is None:
            import networkx as nx

            g = nx.DiGraph()
            g.add_nodes_from(self.nodes.items())
            for u, v in self._edge_order:
                g.add_edge(u, v, **self.succ[u][v])
            for waiting, targets in self.depends.items():
                for target in targets:
                    if target != waiting and not g.has_edge(target, waiting):
                        g.add_edge(target, waiting, via="depends_on", implicit=False)
            self._nx = g
        return self._nx

    def children(self, item_id: str) -> Mapping[str, dict[str, Any]]:
        """The items directly below ``item_id`` (with the edges' attributes)."""
        return self.succ.get(item_id, {})

    def parents_of(self, item_id: str) -> Mapping[str, dict[str, Any]]:
        """The items directly above ``item_id`` (with the edges' attributes)."""
        return self.pred.get(item_id, {})

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The trace edges (never the dependencies), in the order they were made."""
        for u, v in self._edge_order:
            yield u, v, self.succ[u][v]

    @property
    def cycle_members(self) -> set[str]:
        return {node for cycle in self.cycles for node in cycle}

    def kind(self, item_id: str) -> str | None:
        item = self.items.get(item_id)
        return kind_of(item) if item is not None else None

    @property
    def orphan_tactics(self) -> list[Tactic]:
        if self._orphans is None:
            self._orphans = [
                t
                for t in self.plan.tactics
                if self.items.get(t.id) is t and t.id not in self.traceable
            ]
        return list(self._orphans)

    @property
    def dependency_cycles(self) -> list[list[str]]:
        """Loops of ``depends_on`` links, each once, members and loops in document order
        (linear: Tarjan's SCC). An item that depends on itself is a loop of one."""
        if self._dependency_cycles is None:
            adj: dict[str, list[str]] = {}
            for waiting, targets in self.depends.items():
                adj.setdefault(waiting, []).extend(targets)
                for target in targets:
                    adj.setdefault(target, [])
            order = {node: i for i, node in enumerate(self.nodes)}
            cycles = [
                sorted(c, key=order.__getitem__)
                for c in _strongly_connected(adj)
                if len(c) > 1 or c[0] in self.depends.get(c[0], ())
            ]
            self._dependency_cycles = sorted(cycles, key=lambda c: order[c[0]])
        return self._dependency_cycles

    def bad_links(self, problem: str | None = None) -> Iterable[Link]:
        for link in self.links:
            if link.problem and (problem is None or link.problem == problem):
                yield link


def in_campaign(tactic: Tactic) -> bool:
    """Whether ``tactic`` is written under a campaign's ``tactics:`` (its ``parent`` is
    then a campaign's id; otherwise an objective's, if any). Read from where it stands,
    so that a campaign sharing its id with an objective (RA004) cannot confuse it."""
    path = tactic.path
    return tactic.parent is not None and len(path) >= 4 and path[-4] == "campaigns"


# -- the workspace hook (issue 13): what a file's links reach in other files.
# Kept in one block so that i13-graph's networkx rewrite can replace it whole.


@dataclass(frozen=True, slots=True)
class Outside:
    """What this file's links reach in the other files of its workspace. ``kinds``,
    ``files`` and ``names`` are keyed by the foreign id as written in this file (bare
    or ``plan:id``); ``traceable`` holds the foreign ids that reach a goal somewhere in
    the workspace, ``served`` this file's ids that have a tactic below them in another
    file."""

    kinds: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str | None] = field(default_factory=dict)
    traceable: frozenset[str] = frozenset()
    served: frozenset[str] = frozenset()


def _external(tg: TraceGraph, outside: Outside, target: str) -> str | None:
    """The kind of the foreign item ``target`` names, adding its external node on first
    use; None when ``target`` is a local id or reaches nothing outside."""
    if target in tg.items or target not in outside.kinds:
        return None
    if target not in tg.nodes:
        tg.nodes[target] = {
            "kind": outside.kinds[target],
            "name": outside.names.get(target) or target,
            "budget": None,
            "line": None,
            "path": (),
            "external": outside.files.get(target, ""),
        }
        tg.succ[target] = {}
        tg.pred[target] = {}
    return outside.kinds[target]


def _reach_with_outside(tg: TraceGraph, outside: Outside) -> None:
    """Reachability from this file's goals and the traceable external nodes, ``served``
    from its tactics and ``outside.served``; external nodes are no items of this file,
    so they are left out of both sets."""
    items, plan = tg.items, tg.plan
    external = {n for n, attrs in tg.nodes.items() if "external" in attrs}
    goals = [gl.id for gl in plan.goals if items.get(gl.id) is gl]
    goals += [n for n in outside.traceable if n in external]
    tactics = [t.id for t in plan.tactics if items.get(t.id) is t]
    tactics += [n for n in outside.served if n in items]
    tg.traceable = _reach(goals, tg.succ) - external
    tg.served = _reach(tactics, tg.pred) - external


def build_graph(plan: Plan, outside: Outside | None = None) -> TraceGraph:
    items: dict[str, Item] = {}
    nodes: dict[str, dict[str, Any]] = {}
    succ: dict[str, dict[str, dict[str, Any]]] = {}
    pred: dict[str, dict[str, dict[str, Any]]] = {}
    for item in plan.items():
        if item.id in items:
            continue  # a duplicate id (RA004): the first one stands for the id
        items[item.id] = item
        nodes[item.id] = {
            "kind": kind_of(item),
            "name": item.label,
            "budget": getattr(item, "budget", None),
            "line": None,
            "path": item.path,
        }
        succ[item.id] = {}
        pred[item.id] = {}
    tg = TraceGraph(plan, items, nodes, succ, pred)
    _Linker(tg, outside).link_all()
    tg.cycles = _parent_cycles(tg)
    if outside is not None:
        _reach_with_outside(tg, outside)
    else:
        tg.traceable = _reach((gl.id for gl in plan.goals if items.get(gl.id) is gl), succ)
        tg.served = _reach((t.id for t in plan.tactics if items.get(t.id) is t), pred)
    for node, attrs in nodes.items():
        if "external" in attrs:
            attrs["traceable"] = outside is not None and node in outside.traceable
            attrs["orphan"] = False
            continue
        attrs["traceable"] = node in tg.traceable
        attrs["orphan"] = attrs["kind"] in _BELOW_OBJECTIVES and node not in tg.traceable
    return tg


class _Linker:
    """Turns every item's links and nesting into trace edges, dependencies and
    :class:`Link` records, in one pass over the items."""

    def __init__(self, tg: TraceGraph, outside: Outside | None = None) -> None:
        self.tg = tg
        self.outside = outside

    def link_all(self) -> None:
        plan, items = self.tg.plan, self.tg.items
        for obj in plan.objectives:
            if items.get(obj.id) is obj:
                self.link(obj, "goals", obj.goals, obj.parent)
                self.link(obj, "parents", obj.parents, None)
        for campaign in plan.campaigns:
            if items.get(campaign.id) is campaign:
                self.link(campaign, "objectives", campaign.objectives, campaign.parent)
        for milestone in plan.milestones:
            if items.get(milestone.id) is milestone:
                self.link(milestone, "objectives", milestone.objectives, milestone.parent)
        for tactic in plan.tactics:
            if items.get(tactic.id) is tactic:
                nested = in_campaign(tactic)
                self.link(
                    tactic, "objectives", tactic.objectives, None if nested else tactic.parent
                )
                self.link(tactic, "campaign", tactic.campaign, tactic.parent if nested else None)
        work: list[Campaign | Milestone | Tactic] = [*plan.campaigns, *plan.milestones]
        for item in (*work, *plan.tactics):
            if items.get(item.id) is item and item.depends_on:
                self.link(item, "depends_on", item.depends_on, None)

    def edge(self, parent: str, child: str, via: str, implicit: bool) -> None:
        tg = self.tg
        if parent in tg.nodes and child in tg.nodes:
            attrs = tg.succ[parent].get(child)
            if attrs is None:
                attrs = tg.succ[parent][child] = tg.pred[child][parent] = {}
                tg._edge_order.append((parent, child))
            attrs["via"] = via  # a later link between the same two items wins
            attrs["implicit"] = implicit

    def link(self, source: Item, field_name: str, targets: list[str], parent: str | None) -> None:
        tg = self.tg
        want = LINKS[field_name]
        skind = kind_of(source)
        if parent is not None:  # nesting is an implicit link to the enclosing item
            self.edge(parent, source.id, field_name, True)
        depends = field_name == "depends_on"
        for i, target in enumerate(targets):
            tkind = tg.kind(target)
            if tkind is None and self.outside is not None and not depends:
                # Waiting on another file's work is no trace, and the rules that
                # read a dependency read its item: it stays a link of this file only.
                tkind = _external(tg, self.outside, target)
            fits = tkind in DEPENDABLE if depends else tkind == want
            problem = None if fits else ("missing" if tkind is None else "wrong-kind")
            # A bare id (``goal: g1``) resolves to the scalar itself: the locator stops
            # at the last node it can follow.
            lpath = (*source.path, field_name, i)
            tg.links.append(Link(source.id, skind, field_name, i, target, lpath, tkind, problem))
            if problem is not None:
                continue
            if depends:
                tg.depends.setdefault(source.id, []).append(target)
            elif target != source.id:
                self.edge(target, source.id, field_name, False)


def _parent_cycles(tg: TraceGraph) -> list[list[str]]:
    """Loops of ``parents`` links, each once, in document order (linear: Tarjan's SCC)."""
    sub: dict[str, list[str]] = {}
    for u, v, attrs in tg.edges():
        if attrs["via"] == "parents":
            sub.setdefault(u, []).append(v)
            sub.setdefault(v, [])
    order = {node: i for i, node in enumerate(tg.nodes)}
    cycles = [sorted(c, key=order.__getitem__) for c in _strongly_connected(sub) if len(c) > 1]
    cycles += [
        [link.source] for link in tg.links if link.field == "parents" and link.target == link.source
    ]
    return sorted(cycles, key=lambda c: order[c[0]])


def _strongly_connected(adj: dict[str, list[str]]) -> Iterator[list[str]]:
    """Tarjan's strongly connected components, with an explicit stack (no recursion,
    so a chain of thousands of ``parents`` links cannot exhaust Python's stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    counter = 0
    for root in adj:
        if root in index:
            continue
        work = [(root, iter(adj[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(adj[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                yield component


def _reach(sources: Iterable[str], adjacency: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Every node reachable from ``sources`` (sources included): one BFS, O(V + E)."""
    seen: set[str] = set()
    queue: deque[str] = deque()
    for s in sources:
        if s not in seen:
            seen.add(s)
            queue.append(s)
    while queue:
        node = queue.popleft()
        for nxt in adjacency[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def shortest_loop(
    first: str, members: set[str], links: Mapping[str, list[Link]]
) -> tuple[list[str], Link | None]:
    """The loop through ``first`` in link order, and ``first``'s link that starts it.

    ``links`` holds each item's links (``parents`` or ``depends_on``) by the item's id;
    ``members`` are the items of one cycle. A breadth-first search from each of
    ``first``'s targets inside the cycle back to ``first`` gives the shortest loop, so
    a message stays readable even when the items are tangled more than once.
    """
    best: tuple[list[str], Link | None] = ([first], None)
    for start in links.get(first, []):
        if start.target not in members:
            continue
        if start.target == first:
            if len(members) == 1:  # a self-loop is its own cycle
                return [first], start
            continue  # part of a larger tangle: name the loop through the others
        prev: dict[str, str] = {start.target: first}
        queue = deque([start.target])
        while queue and first not in prev:
            node = queue.popleft()
            for link in links.get(node, []):
                if link.target in members and link.target not in prev:
                    prev[link.target] = node
                    queue.append(link.target)
        if first not in prev:  # pragma: no cover - members of one cycle reach each other
            continue
        back: list[str] = []
        node = prev[first]
        while node != first:
            back.append(node)
            node = prev[node]
        loop = [first, *reversed(back)]
        if best[1] is None or len(loop) < len(best[0]):
            best = (loop, start)
    return best


def campaign_extras(campaigns: Iterable[Campaign], tactics: Iterable[Tactic]) -> dict[str, float]:
    """What each campaign with a budget spends beyond its tactics' budgets, by id.

    A campaign's budget is the money for the whole campaign, its tactics' budgets are
    shares of it (a launch of 30,000: webinar 5,000, ads 25,000): counting both would
    count the same money twice. So a campaign adds only what its budget holds beyond
    its tactics' (0 when they add up to as much or more); a tactic in several
    campaigns counts towards the first of them."""
    budgeted = {c.id: c for c in campaigns if c.budget is not None}
    shares: dict[str, float] = dict.fromkeys(budgeted, 0.0)
    for t in tactics:
        held = [t.parent] if in_campaign(t) and t.parent else []
        named = next((c for c in (*held, *t.campaign) if c in budgeted), None)
        if named is not None:
            shares[named] += t.budget or 0
    return {cid: max(0.0, (c.budget or 0) - shares[cid]) for cid, c in budgeted.items()}


__all__ = [
    "Campaign",
    "Goal",
    "Link",
    "Milestone",
    "Objective",
    "Outside",
    "Segment",
    "Tactic",
    "TraceGraph",
    "build_graph",
    "in_campaign",
    "shortest_loop",
]

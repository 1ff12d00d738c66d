"""The traceability graph: goal -> objective (-> child objective) -> tactic.

Edges come from nesting and from links (``goals``, ``parents``, ``objectives``).
A link that names a missing id, or an item of the wrong kind, is kept aside as a
:class:`Link` with a ``problem`` instead of becoming an edge: it is no path to a goal.
Reachability is one breadth-first pass from all goals (linear in the graph's size),
never a path query per item.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from ramaudit.loader import PathT
from ramaudit.model import Goal, Item, Objective, Plan, Segment, Tactic, kind_of

# Which kind a link field must name.
_LINK_TARGET = {"goals": "goal", "parents": "objective", "objectives": "objective"}


@dataclass(frozen=True, slots=True)
class Link:
    source: str  # id of the item holding the link
    source_kind: str
    field: str  # goals | parents | objectives | segment
    index: int
    target: str
    path: PathT  # logical path of the link's value
    target_kind: str | None  # kind of the named item, None when no such id
    problem: str | None = None  # "missing" | "wrong-kind" | None


@dataclass(slots=True)
class TraceGraph:
    plan: Plan
    graph: nx.DiGraph
    items: dict[str, Item]  # first item for each id
    links: list[Link] = field(default_factory=list)
    traceable: set[str] = field(default_factory=set)  # ids reachable from some goal
    served: set[str] = field(default_factory=set)  # goals/objectives with a tactic below
    cycles: list[list[str]] = field(default_factory=list)  # objectives in `parents` loops

    @property
    def cycle_members(self) -> set[str]:
        return {node for cycle in self.cycles for node in cycle}

    def kind(self, item_id: str) -> str | None:
        item = self.items.get(item_id)
        return kind_of(item) if item is not None else None

    @property
    def orphan_tactics(self) -> list[Tactic]:
        return [t for t in self.plan.tactics if self.items.get(t.id) is t
                and t.id not in self.traceable]

    def bad_links(self, problem: str | None = None) -> Iterable[Link]:
        for link in self.links:
            if link.problem and (problem is None or link.problem == problem):
                yield link


def build_graph(plan: Plan) -> TraceGraph:
    g = nx.DiGraph()
    items: dict[str, Item] = {}
    for item in plan.items():
        if item.id in items:
            continue  # a duplicate id (RA004): the first one stands for the id
        items[item.id] = item
        kind = kind_of(item)
        g.add_node(item.id, kind=kind, name=item.label, budget=getattr(item, "budget", None),
                   line=None, path=item.path)
    tg = TraceGraph(plan, g, items)

    def link(source: Item, field_name: str, targets: list[str], parent: str | None) -> None:
        want = _LINK_TARGET[field_name]
        skind = kind_of(source)
        if parent is not None:  # nesting is an implicit link to the enclosing item
            _edge(g, parent, source.id, field_name, implicit=True)
        for i, target in enumerate(targets):
            tkind = tg.kind(target)
            problem = None if tkind == want else ("missing" if tkind is None else "wrong-kind")
            # A bare id (``goal: g1``) resolves to the scalar itself: the locator stops
            # at the last node it can follow.
            lpath = (*source.path, field_name, i)
            tg.links.append(Link(source.id, skind, field_name, i, target, lpath, tkind, problem))
            if problem is None and target != source.id:
                _edge(g, target, source.id, field_name, implicit=False)

    for obj in plan.objectives:
        if items.get(obj.id) is not obj:
            continue
        link(obj, "goals", obj.goals, obj.parent)
        link(obj, "parents", obj.parents, None)
    for tactic in plan.tactics:
        if items.get(tactic.id) is not tactic:
            continue
        link(tactic, "objectives", tactic.objectives, tactic.parent)

    tg.cycles = _parent_cycles(g, tg.links)
    tg.traceable = _reach(g, (gl.id for gl in plan.goals if items.get(gl.id) is gl), g.succ)
    tg.served = _reach(g, (t.id for t in plan.tactics if items.get(t.id) is t), g.pred)
    for node, attrs in g.nodes(data=True):
        attrs["traceable"] = node in tg.traceable
        attrs["orphan"] = attrs["kind"] == "tactic" and node not in tg.traceable
    return tg


def _edge(g: nx.DiGraph, parent: str, child: str, via: str, *, implicit: bool) -> None:
    if parent in g and child in g:
        g.add_edge(parent, child, via=via, implicit=implicit)


def _parent_cycles(g: nx.DiGraph, links: list[Link]) -> list[list[str]]:
    """Loops of ``parents`` links, each once, in document order (linear: Tarjan's SCC)."""
    sub = nx.DiGraph()
    sub.add_edges_from((u, v) for u, v, via in g.edges(data="via") if via == "parents")
    order = {node: i for i, node in enumerate(g.nodes)}
    cycles = [sorted(c, key=order.__getitem__) for c in nx.strongly_connected_components(sub)
              if len(c) > 1]
    cycles += [[link.source] for link in links
               if link.field == "parents" and link.target == link.source]
    return sorted(cycles, key=lambda c: order[c[0]])


def _reach(g: nx.DiGraph, sources: Iterable[str], adjacency: object) -> set[str]:
    """Every node reachable from ``sources`` (sources included): one BFS, O(V + E)."""
    adj = adjacency  # g.succ or g.pred: both map node -> neighbours
    seen: set[str] = set()
    queue: deque[str] = deque()
    for s in sources:
        if s not in seen:
            seen.add(s)
            queue.append(s)
    while queue:
        node = queue.popleft()
        for nxt in adj[node]:  # type: ignore[index]
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


__all__ = ["Goal", "Link", "Objective", "Segment", "Tactic", "TraceGraph", "build_graph"]

"""The traceability graph: goal -> objective (-> child objective) -> campaign -> tactic,
with milestones below their objectives.

The graph is a networkx ``DiGraph`` (:attr:`TraceGraph.trace`), built once by
:func:`build_graph` and read by every command, ``check`` included. Its nodes are the
plan's items (the first item for each id, in document order) with their attributes
(kind, name, budget, line, path, traceable, orphan); an edge runs from the item above
to the item below, with ``via`` (the link or nesting that made it) and ``implicit``
(made by nesting). Edges come from nesting and from links (``goals``, ``parents``,
``objectives``, ``campaign``). A link that names a missing id, or an item of the
wrong kind, is kept aside as a :class:`Link` with a ``problem`` instead of becoming an
edge: it is no path to a goal.

The questions the rules ask are networkx algorithms on that graph: what the goals
reach is one multi-source breadth-first search (``bfs_layers``), what is served by a
tactic the same search on the reversed view, and loops of ``parents`` are the
strongly connected components of the ``parents`` edges; each is linear in the size of
the graph, never a path query per item.

``depends_on`` links (a tactic, campaign or milestone waiting on another piece of work)
are links too, but no trace edges: waiting on a traceable tactic does not make a tactic
serve a goal. They form a separate ``DiGraph`` (:attr:`TraceGraph.dependencies`, from
the item that waits to the work it waits on), where their loops are found; the trace
graph never holds them, so no search over it can follow one. :attr:`TraceGraph.graph`,
what diagrams and the graph export draw, is the trace graph with the dependencies
added as edges ``via="depends_on"``.

A plan that serves plans in other files is given an :class:`Outside`: what its links
reach there. A link naming a foreign id of the right kind is then a trace edge from an
external node (attribute ``external``, the file it is in), which is never one of this
file's items; the goals' search also starts from the external nodes that reach a goal
in their own files, and the tactics' search from this file's items served from
elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ramaudit.core.loader import PathT
from ramaudit.core.model import (
    DEPENDABLE,
    KIND_OF,
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
from ramaudit.core.records import dataclass

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

# networkx is imported where a graph is first made, not with this module: the commands
# that list rules or print the schema import the rules, and so this module, but never
# build a graph.

# The kinds an orphan can be: items that should hang below an objective. Goals,
# segments and budget lines stand on their own.
_BELOW_OBJECTIVES = ("tactic", "campaign", "milestone")


@dataclass(frozen=True, slots=True)
class Outside:
    """What a plan's links reach in the other files of its workspace or ancestry."""

    # foreign id, as written in this file -> the kind of the item it names
    kinds: Mapping[str, str] = field(default_factory=dict)
    # foreign id -> the path of its file, as messages show it
    files: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str | None] = field(default_factory=dict)
    traceable: frozenset[str] = frozenset()  # foreign ids that reach a goal
    served: frozenset[str] = frozenset()  # this file's ids with a tactic below elsewhere


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
    external: str | None = None  # the file of a target in another file


@dataclass(slots=True)
class TraceGraph:
    plan: Plan
    items: dict[str, Item]  # first item for each id
    # the trace graph: an edge from each item to the items below it, attributes
    # via and implicit; node attributes kind, name, budget, line, path, traceable,
    # orphan (and external for an item of another file)
    trace: nx.DiGraph
    # an edge from each item that waits to the work it waits on (valid depends_on links)
    dependencies: nx.DiGraph
    links: list[Link] = field(default_factory=list)
    traceable: set[str] = field(default_factory=set)  # ids reachable from some goal
    # goals, objectives and campaigns with a tactic below them
    served: set[str] = field(default_factory=set)
    cycles: list[list[str]] = field(default_factory=list)  # objectives in `parents` loops
    # item id -> the ids it depends on (valid `depends_on` links, in the order written)
    depends: dict[str, list[str]] = field(default_factory=dict)
    _drawn: nx.DiGraph | None = field(default=None, repr=False)
    _orphans: list[Tactic] | None = field(default=None, repr=False)
    _dependency_cycles: list[list[str]] | None = field(default=None, repr=False)

    @property
    def graph(self) -> nx.DiGraph:
        """The trace graph with the dependencies drawn in, for diagrams and exports. A
        dependency is an edge from the work waited on to the item that waits,
        ``via="depends_on"``; where two items are already joined by a trace edge that
        edge stands. Without dependencies this is :attr:`trace` itself; read it, never
        change it."""
        if self._drawn is None:
            drawn = self.trace
            if self.depends:
                drawn = drawn.copy()
                for waiting, targets in self.depends.items():
                    for target in targets:
                        if target != waiting and not drawn.has_edge(target, waiting):
                            drawn.add_edge(target, waiting, via="depends_on", implicit=False)
            self._drawn = drawn
        return self._drawn

    @property
    def nodes(self) -> Mapping[str, dict[str, Any]]:
        """Node id -> its attributes, in document order (external nodes last)."""
        return self.trace.nodes

    @property
    def succ(self) -> Mapping[str, Mapping[str, dict[str, Any]]]:
        return self.trace.succ

    @property
    def pred(self) -> Mapping[str, Mapping[str, dict[str, Any]]]:
        return self.trace.pred

    def children(self, item_id: str) -> Mapping[str, dict[str, Any]]:
        """The items directly below ``item_id`` (with the edges' attributes)."""
        return self.trace.succ[item_id] if item_id in self.trace else {}

    def parents_of(self, item_id: str) -> Mapping[str, dict[str, Any]]:
        """The items directly above ``item_id`` (with the edges' attributes)."""
        return self.trace.pred[item_id] if item_id in self.trace else {}

    def edges(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """The trace edges (never the dependencies)."""
        return iter(self.trace.edges(data=True))

    @property
    def cycle_members(self) -> set[str]:
        return {node for cycle in self.cycles for node in cycle}

    def kind(self, item_id: str) -> str | None:
        """The kind of the item ``item_id`` names: this file's item, or one in another
        file that a link of this file reaches; None when there is no such id."""
        item = self.items.get(item_id)
        if item is not None:
            return kind_of(item)
        attrs = self.trace.nodes.get(item_id)
        return attrs["kind"] if attrs is not None and "external" in attrs else None

    def external(self, item_id: str) -> str | None:
        """The file of ``item_id`` when it is an item of another file, else None."""
        attrs = self.trace.nodes.get(item_id)
        return attrs.get("external") if attrs is not None else None

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
        (the strongly connected components of :attr:`dependencies`). An item that
        depends on itself is a loop of one."""
        if self._dependency_cycles is None:
            import networkx as nx

            deps = self.dependencies
            order = {node: i for i, node in enumerate(self.trace)}
            cycles = [
                sorted(c, key=order.__getitem__)
                for c in nx.strongly_connected_components(deps)
                if len(c) > 1 or any(deps.has_edge(n, n) for n in c)
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


def build_graph(
    plan: Plan, outside: Outside | None = None, *, sketched: bool = False
) -> TraceGraph:
    """The trace graph of ``plan``; with ``outside``, its links into other files too.

    ``sketched``: ``plan`` went through :func:`trace_records` (its workspace sketch) and
    was not changed since, so the links made there are used instead of being made again
    (only for the last plan traced, and only without an Outside that names other
    files' items)."""
    import networkx as nx

    linker = _take_traced(plan) if sketched else None
    if linker is not None and outside is not None and outside.kinds:
        linker = None  # its links may name other files' items: made again, with them
    if linker is None:
        linker = _Linker(plan, _first_items(plan), outside)
        linker.link_all()
    items = linker.items
    trace = nx.DiGraph()
    for item_id, item in items.items():
        trace.add_node(
            item_id,
            kind=KIND_OF[type(item)],
            name=item.label,
            budget=getattr(item, "budget", None),
            line=None,
            path=item.path,
        )
    for target, (kind, file) in linker.externals.items():
        assert outside is not None
        trace.add_node(
            target,
            kind=kind,
            name=outside.names.get(target) or target,
            budget=None,
            line=None,
            path=(),
            external=file,
        )
    tg = TraceGraph(plan, items, trace, linker.dependencies, linker.links, depends=linker.depends)
    # one call for every edge, in the order made: a later link between the same two
    # items updates the edge's attributes and keeps its place
    trace.add_edges_from(linker.edges)
    tg.cycles = _parent_cycles(tg, linker.parents)
    goals = [gl.id for gl in plan.goals if items.get(gl.id) is gl]
    tactics = [t.id for t in plan.tactics if items.get(t.id) is t]
    externals = list(linker.externals)
    if outside is not None:
        goals += [n for n in externals if n in outside.traceable]
        tactics += [n for n in outside.served if n in items]
    tg.traceable = traceable = _reach(trace, goals)
    tg.served = _reach(trace.reverse(copy=False), tactics)
    below = _BELOW_OBJECTIVES
    for node, attrs in trace.nodes.items():
        reached = node in traceable
        attrs["traceable"] = reached
        attrs["orphan"] = not reached and attrs["kind"] in below
    if externals:
        # Another file's items are judged in their own file: the sets this file's rules
        # read hold this file's ids only (the nodes keep their attributes for diagrams).
        tg.traceable.difference_update(externals)
        tg.served.difference_update(externals)
        for node in externals:
            trace.nodes[node]["orphan"] = False
    return tg


def _first_items(plan: Plan) -> dict[str, Item]:
    """The first item for each id, in document order."""
    items: dict[str, Item] = {}
    for item in plan.items():
        items.setdefault(item.id, item)
    return items


# The last plan :func:`trace_records` linked, with its links, until :func:`build_graph`
# takes them: a file is sketched and then judged, and its links are made once. Only
# one plan is remembered, so a portfolio or workspace holds no more per file.
_traced: _Linker | None = None


def _take_traced(plan: Plan) -> _Linker | None:
    global _traced
    linker = _traced
    if linker is None or linker.plan is not plan:
        return None
    _traced = None
    return linker


def trace_records(
    plan: Plan,
) -> tuple[dict[str, Item], list[tuple[str, str, str]], list[Link]]:
    """What :func:`build_graph` without an Outside would give as ``items``, its trace
    edges as ``edges()`` lists them (above, below, via) and ``links``, without the
    searches and node attributes: all a workspace links by (``ramaudit.workspace``),
    for a file whose graph is built once, when it is judged with what its links reach
    (``build_graph(plan, sketched=True)`` then uses the links made here)."""
    global _traced
    linker = _Linker(plan, _first_items(plan), None)
    linker.link_all()
    _traced = linker
    items = linker.items
    # As the DiGraph would hold them: one edge per pair, where it was first made, with
    # the last link's attributes; listed by the above item's place, then in that order.
    via: dict[tuple[str, str], str] = {}
    for above, below, attrs in linker.edges:
        via[above, below] = attrs["via"]
    place = {item_id: i for i, item_id in enumerate(items)}
    edges = sorted(((u, v, how) for (u, v), how in via.items()), key=lambda e: place[e[0]])
    return items, edges, linker.links


def _reach(g: nx.DiGraph, sources: list[str]) -> set[str]:
    """Every node reachable from ``sources`` (sources included): one breadth-first
    search from all of them at once, O(V + E)."""
    import networkx as nx

    return {node for layer in nx.bfs_layers(g, sources) for node in layer}


class _Linker:
    """Turns every item's links and nesting into trace edges, dependencies and
    :class:`Link` records, in one pass over the items (``items``: the first item for
    each id). Nothing here needs the trace graph: an edge is made between two of its
    nodes, this file's items and the external nodes made so far."""

    def __init__(self, plan: Plan, items: dict[str, Item], outside: Outside | None) -> None:
        import networkx as nx

        self.plan = plan
        self.items = items
        self.outside = outside
        # the external nodes made, in the order made: their kind and file
        self.externals: dict[str, tuple[str, str]] = {}
        # the trace edges (parent, child, attributes), in the order made, and the ones
        # a `parents` link made (a later link may have claimed them since)
        self.edges: list[tuple[str, str, dict[str, Any]]] = []
        self.parents: list[tuple[str, str]] = []
        self.links: list[Link] = []
        self.depends: dict[str, list[str]] = {}
        self.dependencies = nx.DiGraph()

    def link_all(self) -> None:
        plan, items, link = self.plan, self.items, self.link
        for obj in plan.objectives:
            if items.get(obj.id) is obj:
                link(obj, KIND_OF[type(obj)], "goals", obj.goals, obj.parent)
                link(obj, KIND_OF[type(obj)], "parents", obj.parents, None)
        for campaign in plan.campaigns:
            if items.get(campaign.id) is campaign:
                link(
                    campaign,
                    KIND_OF[type(campaign)],
                    "objectives",
                    campaign.objectives,
                    campaign.parent,
                )
        for milestone in plan.milestones:
            if items.get(milestone.id) is milestone:
                link(
                    milestone,
                    KIND_OF[type(milestone)],
                    "objectives",
                    milestone.objectives,
                    milestone.parent,
                )
        for tactic in plan.tactics:
            if items.get(tactic.id) is tactic:
                parent, kind = tactic.parent, KIND_OF[type(tactic)]
                if in_campaign(tactic):
                    link(tactic, kind, "objectives", tactic.objectives, None)
                    link(tactic, kind, "campaign", tactic.campaign, parent)
                else:
                    link(tactic, kind, "objectives", tactic.objectives, parent)
                    link(tactic, kind, "campaign", tactic.campaign, None)
        work: list[Campaign | Milestone | Tactic] = [*plan.campaigns, *plan.milestones]
        for item in (*work, *plan.tactics):
            if items.get(item.id) is item and item.depends_on:
                link(item, KIND_OF[type(item)], "depends_on", item.depends_on, None)

    def edge(self, parent: str, child: str, via: str, implicit: bool) -> None:
        # ``child`` is the item holding the link: always one of this file's items
        if parent in self.items or parent in self.externals:
            self.edges.append((parent, child, {"via": via, "implicit": implicit}))
            if via == "parents":
                self.parents.append((parent, child))

    def foreign(self, target: str) -> tuple[str | None, str | None]:
        """The kind and file of ``target`` when it names an item of another file."""
        outside = self.outside
        if outside is None or target not in outside.kinds:
            return None, None
        return outside.kinds[target], outside.files.get(target, "")

    def link(
        self, source: Item, skind: str, field_name: str, targets: list[str], parent: str | None
    ) -> None:
        source_id = source.id
        if parent is not None:  # nesting is an implicit link to the enclosing item
            self.edge(parent, source_id, field_name, True)
        if not targets:
            return
        items, links = self.items, self.links
        want = LINKS[field_name]
        depends = field_name == "depends_on"
        path = source.path
        for i, target in enumerate(targets):
            local = items.get(target)
            tkind, file = (
                (KIND_OF[type(local)], None) if local is not None else self.foreign(target)
            )
            fits = tkind in DEPENDABLE if depends else tkind == want
            problem = None if fits else ("missing" if tkind is None else "wrong-kind")
            # A bare id (``goal: g1``) resolves to the scalar itself: the locator stops
            # at the last node it can follow.
            lpath = (*path, field_name, i)
            links.append(Link(source_id, skind, field_name, i, target, lpath, tkind, problem, file))
            if problem is not None:
                continue
            if depends:
                # Work in another file is not this file's to order or loop through:
                # the link stands (no RA005), with no dependency edge.
                if file is None:
                    self.depends.setdefault(source_id, []).append(target)
                    self.dependencies.add_edge(source_id, target)
            elif target != source_id:
                if file is not None and tkind is not None and target not in self.externals:
                    self.externals[target] = (tkind, file)
                self.edge(target, source_id, field_name, False)


def _parent_cycles(tg: TraceGraph, made: list[tuple[str, str]]) -> list[list[str]]:
    """Loops of ``parents`` links, each once, in document order: the strongly connected
    components of the ``parents`` edges (``made``, those whose ``via`` is still
    ``parents``) with more than one member, and the objectives that name themselves (a
    self-link makes no edge)."""
    import networkx as nx

    selves = [
        [link.source] for link in tg.links if link.field == "parents" and link.target == link.source
    ]
    succ = tg.trace.succ
    parents = nx.DiGraph((u, v) for u, v in made if succ[u][v]["via"] == "parents")
    loops = [c for c in nx.strongly_connected_components(parents) if len(c) > 1]
    if not loops and not selves:
        return []
    order = {node: i for i, node in enumerate(tg.trace)}
    cycles = [sorted(c, key=order.__getitem__) for c in loops] + selves
    return sorted(cycles, key=lambda c: order[c[0]])


def shortest_loop(
    first: str, members: set[str], links: Mapping[str, list[Link]]
) -> tuple[list[str], Link | None]:
    """The loop through ``first`` in link order, and ``first``'s link that starts it.

    ``links`` holds each item's links (``parents`` or ``depends_on``) by the item's id;
    ``members`` are the items of one cycle. The shortest path from each of ``first``'s
    targets back to ``first``, over the links between members (a breadth-first search
    that follows links in the order written, so ties go to the link written first),
    gives the shortest loop, so a message stays readable even when the items are
    tangled more than once.
    """
    import networkx as nx

    within = nx.DiGraph()
    within.add_nodes_from(members)
    for member in members:
        for link in links.get(member, []):
            if link.target in members:
                within.add_edge(member, link.target)
    best: tuple[list[str], Link | None] = ([first], None)
    for start in links.get(first, []):
        if start.target not in members:
            continue
        if start.target == first:
            if len(members) == 1:  # a self-loop is its own cycle
                return [first], start
            continue  # part of a larger tangle: name the loop through the others
        paths = nx.single_source_shortest_path(within, start.target)
        if first not in paths:  # pragma: no cover - members of one cycle reach each other
            continue
        loop = [first, *paths[first][:-1]]
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
    if not budgeted:
        return {}
    shares: dict[str, float] = dict.fromkeys(budgeted, 0.0)
    for t in tactics:
        parent = t.parent
        if parent and parent in budgeted and in_campaign(t):
            named: str | None = parent  # held under it: counts before what it names
        else:
            named = next((c for c in t.campaign if c in budgeted), None)
        if named is not None:
            shares[named] += t.budget or 0
    return {cid: max(0.0, (c.budget or 0) - shares[cid]) for cid, c in budgeted.items()}


__all__ = [
    "Campaign",
    "Goal",
    "Link",
    "Milestone",
    "Objective",
    "Segment",
    "Tactic",
    "TraceGraph",
    "build_graph",
    "in_campaign",
    "shortest_loop",
]

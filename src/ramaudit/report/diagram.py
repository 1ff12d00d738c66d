"""The traceability diagram: which boxes and lines to draw, and where.

:func:`build_diagram` turns an audit's :class:`~ramaudit.core.graph.TraceGraph` into drawable
nodes (goals, objectives, tactics, plus a placeholder for every id a link names that
does not exist) and edges, each node carrying the problems the rules report about it.
:func:`layout` places them in layers, left to right: goals, objectives (one sub-column
per level of ``parents`` roll-up), tactics. It is a small Sugiyama-style layout: long
edges get dummy nodes, alternating barycenter sweeps reduce crossings (the ordering with
the fewest crossings wins), and each column is then packed toward its neighbours'
heights without overlaps. The HTML report draws the result as SVG; the Markdown report
and ``ramaudit graph`` read the nodes and edges only.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import defaultdict
from dataclasses import field
from typing import TYPE_CHECKING, Any

import networkx as nx

from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.core.graph import TraceGraph

# Problems a node can carry; keys double as CSS/Mermaid class names.
FLAGS: dict[str, str] = {
    "random-act": "random act",  # RA101: a tactic that traces to no goal
    "orphan-objective": "serves no goal",  # RA102
    "unsupported-goal": "no objective",  # RA103
    "idle-objective": "no tactic",  # RA104
    "missing": "missing item",  # a link names an id that does not exist
    # Format 2's levels: a campaign between objectives and tactics, a milestone below
    # its objectives.
    "orphan-campaign": "serves no goal",  # RA108
    "idle-campaign": "no tactic",  # RA109
    "orphan-milestone": "serves no goal",  # RA112
}
KINDS = ("goal", "objective", "campaign", "milestone", "tactic")
# The kinds drawn in the column between objectives and tactics (format 2), present
# only in plans that have them, so a version 1 plan is drawn as it always was.
MIDDLE = ("campaign", "milestone")
# Which kind a link field must name (as in ramaudit.core.graph). A link to a kind the
# diagram does not draw (a segment) gets no placeholder box when it names nothing:
# RA302 reports the unknown segment, and a box would pass it off as an objective.
LINK_TARGET = {
    "goals": "goal",
    "parents": "objective",
    "objectives": "objective",
    "segment": "segment",
    "campaign": "campaign",
    # A dependency names some piece of work; a missing one gets no box (RA005 says it).
    "depends_on": "work",
}
# The edges a dependency makes (from the work waited on to the work that waits); drawn
# dashed, they are no path to a goal.
DEPENDS = "depends_on"

# Beyond this many boxes a diagram stops being readable: the rest are left out (problem
# items first to stay in) and the report says how many.
MAX_NODES = 200
# Above this many boxes each one gets a single line of text.
COMPACT_AT = 60
# Deeper roll-ups share the last objective sub-column.
MAX_OBJECTIVE_LEVELS = 4

NODE_WIDTH = {
    "goal": 220.0,
    "objective": 220.0,
    "campaign": 260.0,
    "milestone": 260.0,
    "tactic": 250.0,
}
COLUMN_GAP = 64.0
MARGIN = 16.0
HEADER = 34.0
NODE_GAP = 10.0
DUMMY_HEIGHT = 4.0
CHAR_WIDTH = 6.4  # average width of a 12px sans-serif character
LINE_HEIGHT = 15.0
SWEEPS = 16


@dataclass(slots=True)
class DiagramNode:
    key: str  # "n1", "n2", ...: safe to use as an id anywhere
    item_id: str
    kind: str  # goal | objective | campaign | milestone | tactic
    name: str
    budget: float | None = None
    flags: tuple[str, ...] = ()
    level: int = 0  # objectives: how many `parents` steps below a top objective
    # milestones: whether done (None: not said), and the day due
    done: bool | None = None
    due: str | None = None
    # set by layout()
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    lines: list[str] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return "missing" in self.flags

    @property
    def label(self) -> str:
        return self.name or self.item_id


@dataclass(slots=True)
class DiagramEdge:
    source: str  # key of the node on the goal side
    target: str  # key of the node on the tactic side
    via: str  # goals | parents | objectives | campaign | depends_on
    problem: str | None = None  # None | "missing" | "wrong-kind"
    traced: bool = True  # both ends trace to a goal
    points: list[tuple[float, float]] = field(default_factory=list)  # set by layout()

    @property
    def dependency(self) -> bool:
        """A ``depends_on`` edge: the source is work the target waits on."""
        return self.via == DEPENDS


@dataclass(frozen=True, slots=True)
class BudgetLineEntry:
    """A budget line: money that is no tactic, listed beside the diagram."""

    item_id: str
    name: str
    kind: str | None
    amount: float | None


@dataclass(slots=True)
class Diagram:
    nodes: list[DiagramNode]
    edges: list[DiagramEdge]
    currency: str = "USD"
    omitted: dict[str, int] = field(default_factory=dict)  # kind -> boxes left out
    omitted_problems: int = 0  # of those, boxes flagged as a problem
    width: float = 0.0
    height: float = 0.0
    columns: list[tuple[str, float, float]] = field(default_factory=list)  # title, x, width
    compact: bool = False
    budget_lines: list[BudgetLineEntry] = field(default_factory=list)

    @property
    def middle(self) -> str | None:
        """The title of the column between objectives and tactics, or None when the
        plan has neither campaigns nor milestones."""
        kinds = {n.kind for n in self.nodes if n.kind in MIDDLE}
        if not kinds:
            return None
        if kinds == {"campaign", "milestone"}:
            return "Campaigns and milestones"
        return "Campaigns" if "campaign" in kinds else "Milestones"

    @property
    def by_key(self) -> dict[str, DiagramNode]:
        return {n.key: n for n in self.nodes}

    def flagged(self, flag: str) -> list[DiagramNode]:
        return [n for n in self.nodes if flag in n.flags]


def node_flags(tg: TraceGraph, node: str, kind: str) -> tuple[str, ...]:
    """The problems the structural rules report about one item of the trace graph;
    none for another file's item, which is judged in its own file."""
    return _flags(tg, node, tg.graph.nodes[node], kind)


def _flags(tg: TraceGraph, node: str, attrs: dict[str, Any], kind: str) -> tuple[str, ...]:
    """:func:`node_flags`, given the node's attributes."""
    if "external" in attrs:
        return ()
    if kind == "tactic":
        return () if node in tg.traceable else ("random-act",)
    if kind == "objective" or kind == "campaign":
        flags: list[str] = []
        if node not in tg.traceable:
            flags.append(f"orphan-{kind}")
        if node not in tg.served:
            flags.append(f"idle-{kind}")
        return tuple(flags)
    if kind == "goal":
        g = tg.graph
        if not any(g.nodes[c]["kind"] == "objective" for c in g.succ[node]):
            return ("unsupported-goal",)
    elif kind == "milestone" and node not in tg.traceable:
        return ("orphan-milestone",)
    return ()


def build_diagram(tg: TraceGraph, *, max_nodes: int = MAX_NODES) -> Diagram:
    """Nodes and edges of the trace graph ``tg`` (a :class:`ramaudit.core.graph.TraceGraph`).

    Every box is numbered (its key) and flagged as a light row first; the nodes and
    edges of the diagram are made only for the ``max_nodes`` boxes kept (problem items
    first, then plan order), so that a plan of 10,000 tactics pays for 200 boxes, not
    for 10,000 that :func:`_cap` would throw away. The roll-up levels are worked out on
    every objective, kept or not, as a longer chain of parents can run through boxes
    left out."""
    g: nx.DiGraph = tg.graph
    rows: list[_Box] = []
    key_of: dict[tuple[str, str], int] = {}  # (kind or "missing:"+kind, item id) -> row
    box: dict[str, int] = {}  # graph node -> its row, for the nodes drawn
    for node, attrs in g.nodes(data=True):
        kind = attrs.get("kind")
        if kind not in KINDS:
            continue  # segments and budget lines are not part of the goal -> tactic chain
        box[node] = len(rows)
        key_of[(kind, str(node))] = len(rows)
        rows.append(
            (
                str(node),
                kind,
                str(attrs.get("name") or node),
                attrs.get("budget"),
                _flags(tg, node, attrs, kind),
                node,
                bool(attrs.get("traceable")),
            )
        )
    link_edges = _link_edges(tg, rows, key_of)
    kept = _kept(rows, max_nodes)
    trace_edges = _trace_edges(g, rows, box, kept)
    levels = _levels(rows, trace_edges, link_edges)
    nodes = [_node_of(tg, rows[i], i, levels.get(i, 0)) for i in kept]
    edges = [
        DiagramEdge(f"n{u + 1}", f"n{v + 1}", via, problem, traced)
        for u, v, via, problem, traced in itertools.chain(trace_edges, link_edges)
        if u in kept and v in kept
    ]
    diagram = Diagram(nodes, edges, tg.plan.currency, budget_lines=_budget_lines(tg))
    if len(kept) < len(rows):
        omitted: dict[str, int] = defaultdict(int)
        for i, row in enumerate(rows):
            if i not in kept:
                omitted[row[1]] += 1
                diagram.omitted_problems += bool(row[4])
        diagram.omitted = dict(omitted)
    return diagram


# A box before it is drawn: item id, kind, name, budget, flags, the graph node (None for
# a placeholder of a missing item) and whether it traces to a goal (another file's item
# by what its file says).
_Box = tuple[str, str, str, float | None, tuple[str, ...], str | None, bool]
# An edge between two boxes (rows): source, target, via, problem, both ends traced.
_Edge = tuple[int, int, str, str | None, bool]


def _link_edges(
    tg: TraceGraph, rows: list[_Box], key_of: dict[tuple[str, str], int]
) -> list[_Edge]:
    """The broken links' edges, adding a placeholder box for each id a link names that
    does not exist (one for each kind it is named as)."""
    edges: list[_Edge] = []
    for link in tg.links:
        if link.problem is None:
            continue
        holder = key_of.get((link.source_kind, link.source))
        if holder is None or link.target == link.source:
            continue
        if link.problem == "missing":
            want = LINK_TARGET.get(link.field, "objective")
            if want not in KINDS:
                continue
            slot = ("missing:" + want, link.target)
            ghost = key_of.get(slot)
            if ghost is None:
                ghost = key_of[slot] = len(rows)
                rows.append((link.target, want, link.target, None, ("missing",), None, False))
            edges.append((ghost, holder, link.field, "missing", False))
        elif link.problem == "wrong-kind":
            other = key_of.get((link.target_kind or "", link.target))
            if other is not None:
                edges.append((other, holder, link.field, "wrong-kind", False))
    return edges


def _kept(rows: list[_Box], max_nodes: int) -> dict[int, None]:
    """The rows drawn, in plan order: all when they fit, else ``max_nodes`` of them,
    every problem item first, then the rest in plan order (an ordered set)."""
    if len(rows) <= max_nodes:
        return dict.fromkeys(range(len(rows)))
    flagged = [i for i, row in enumerate(rows) if row[4]]
    chosen = flagged[:max_nodes]
    if len(chosen) < max_nodes:
        plain = (i for i, row in enumerate(rows) if not row[4])
        chosen += itertools.islice(plain, max_nodes - len(chosen))
    return dict.fromkeys(sorted(chosen))


def _trace_edges(
    g: nx.DiGraph, rows: list[_Box], box: dict[str, int], kept: dict[int, None]
) -> list[_Edge]:
    """The graph's edges between drawn boxes, in the graph's order, for the boxes kept
    and for every objective (whose ``parents`` edges give the roll-up levels): the other
    boxes left out have no edge to draw."""
    edges: list[_Edge] = []
    succ = g.succ
    for i, row in enumerate(rows):
        node = row[5]
        if node is None or (i not in kept and row[1] != "objective"):
            continue
        traced = row[6]
        for v, attrs in succ[node].items():
            j = box.get(v)
            if j is not None:
                edges.append((i, j, attrs.get("via"), None, traced and rows[j][6]))
    return edges


def _levels(rows: list[_Box], *edge_lists: list[_Edge]) -> dict[int, int]:
    """Roll-up level of each objective row: the longest chain of ``parents`` above it.
    Objectives in a loop of parents share a level (the loop is condensed first). Rows
    missing from the answer are at level 0."""
    pairs = [
        (u, v)
        for edges in edge_lists
        for u, v, via, _, _ in edges
        if via == "parents" and rows[u][1] == "objective" and rows[v][1] == "objective"
    ]
    if not pairs:
        return {}  # no roll-up: every objective is a top one
    sub = nx.DiGraph()
    sub.add_nodes_from(i for i, row in enumerate(rows) if row[1] == "objective")
    sub.add_edges_from(pairs)
    dag = nx.condensation(sub)
    level: dict[int, int] = {}
    out: dict[int, int] = {}
    for comp in nx.topological_sort(dag):
        level[comp] = max((level[p] + 1 for p in dag.pred[comp]), default=0)
        for member in dag.nodes[comp]["members"]:
            out[member] = min(level[comp], MAX_OBJECTIVE_LEVELS - 1)
    return out


def _node_of(tg: TraceGraph, row: _Box, index: int, level: int) -> DiagramNode:
    item_id, kind, name, budget, flags, node, _ = row
    made = DiagramNode(f"n{index + 1}", item_id, kind, name, budget, flags, level)
    if kind == "milestone" and node is not None:
        _milestone_state(made, tg.items.get(item_id))
    return made


def _milestone_state(node: DiagramNode, item: object) -> None:
    done = getattr(item, "done", None)
    due = getattr(item, "due", None)
    node.done = done if isinstance(done, bool) else None
    node.due = due.isoformat() if due is not None else None


def _budget_lines(tg: TraceGraph) -> list[BudgetLineEntry]:
    """The plan's budget lines (the first of each id), for the list beside the diagram."""
    items = tg.items
    return [
        BudgetLineEntry(b.id, b.label, b.kind, b.amount)
        for b in tg.plan.budget_lines
        if items.get(b.id) is b
    ]


def milestone_state(node: DiagramNode) -> str | None:
    """``done``, ``not done`` or None for a milestone; the same words in every format."""
    if node.kind != "milestone" or node.done is None:
        return None
    return "done" if node.done else "not done"


# --------------------------------------------------------------------------- layout


def wrap_label(text: str, width: float, lines: int) -> list[str]:
    """``text`` on at most ``lines`` lines that fit ``width`` pixels, with an ellipsis
    when it had to be cut."""
    chars = max(8, int(width / CHAR_WIDTH))
    flat = " ".join(text.split())
    return textwrap.wrap(flat, width=chars, max_lines=lines, placeholder=" …") or [""]


def fit(text: str, width: float, char_width: float = CHAR_WIDTH) -> str:
    chars = max(8, int(width / char_width))
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _place_columns(diagram: Diagram) -> tuple[list[float], list[float]]:
    """Each node's layer, size and x; the diagram's width and column titles. Goals, then
    one sub-column per level of objectives, then (format 2) campaigns and milestones,
    then tactics. Returns each layer's x and width."""
    nodes = diagram.nodes
    levels = 1 + max((n.level for n in nodes if n.kind == "objective"), default=0)
    middle = diagram.middle
    middle_layer = 1 + levels
    tactic_layer = middle_layer + (middle is not None)
    layer_of = {"goal": 0, "campaign": middle_layer, "milestone": middle_layer}
    for n in nodes:
        n.layer = 1 + n.level if n.kind == "objective" else layer_of.get(n.kind, tactic_layer)
        n.width = NODE_WIDTH[n.kind]
        name_lines = 1 if diagram.compact else 2
        n.lines = wrap_label(
            n.label if not n.missing else f"missing: {n.item_id}", n.width - 16, name_lines
        )
        rows = (
            len(n.lines)
            + (0 if diagram.compact else 1)
            + (1 if n.flags and not diagram.compact else 0)
        )
        n.height = 10 + LINE_HEIGHT * rows
    widths = (
        [NODE_WIDTH["goal"]]
        + [NODE_WIDTH["objective"]] * levels
        + ([NODE_WIDTH["campaign"]] if middle is not None else [])
        + [NODE_WIDTH["tactic"]]
    )
    xs: list[float] = []
    x = MARGIN
    for w in widths:
        xs.append(x)
        x += w + COLUMN_GAP
    diagram.width = x - COLUMN_GAP + MARGIN
    obj_span = xs[middle_layer] - COLUMN_GAP - xs[1]
    diagram.columns = [
        ("Goals", xs[0], widths[0]),
        ("Objectives", xs[1], obj_span),
        *([(middle, xs[middle_layer], widths[middle_layer])] if middle is not None else []),
        ("Tactics", xs[tactic_layer], widths[-1]),
    ]
    for n in nodes:
        n.x = xs[n.layer]
    return xs, widths


def layout(diagram: Diagram) -> Diagram:
    """Give every node a position and every edge its route (in place; returns it)."""
    nodes = diagram.nodes
    by_key = diagram.by_key
    diagram.compact = len(nodes) > COMPACT_AT
    xs, widths = _place_columns(diagram)
    n_layers = len(xs)

    # Proper layering: split edges that span several layers with dummy nodes.
    layers: list[list[str]] = [[] for _ in range(n_layers)]
    for n in nodes:
        layers[n.layer].append(n.key)
    height: dict[str, float] = {n.key: n.height for n in nodes}
    layer_of: dict[str, int] = {n.key: n.layer for n in nodes}
    up: dict[str, list[str]] = defaultdict(list)  # neighbours in the layer to the left
    down: dict[str, list[str]] = defaultdict(list)
    chains: list[tuple[DiagramEdge, list[str]]] = []
    for i, e in enumerate(diagram.edges):
        a, b = by_key[e.source], by_key[e.target]
        if a.layer == b.layer:
            chains.append((e, [a.key, b.key]))
            continue
        if a.layer > b.layer:  # a link that points the wrong way round
            a, b = b, a
        chain = [a.key]
        for layer in range(a.layer + 1, b.layer):
            dummy = f"d{i}.{layer}"
            layers[layer].append(dummy)
            height[dummy] = DUMMY_HEIGHT
            layer_of[dummy] = layer
            chain.append(dummy)
        chain.append(b.key)
        for s, t in itertools.pairwise(chain):
            down[s].append(t)
            up[t].append(s)
        chains.append((e, chain))

    _initial_order(layers, down)
    _reduce_crossings(layers, up, down)
    ys = _place(layers, height, up, down)
    for n in nodes:
        n.y = ys[n.key]
    bottom = max((ys[k] + height[k] for layer in layers for k in layer), default=HEADER)
    diagram.height = bottom + MARGIN

    for e, chain in chains:
        e.points = _route(chain, by_key, ys, height, layer_of, xs, widths)
    return diagram


def _initial_order(layers: list[list[str]], down: dict[str, list[str]]) -> None:
    """Depth-first from the goals, so that children start next to their parents."""
    rank: dict[str, int] = {}
    stack: list[str] = []
    for layer in layers:
        for start in layer:
            if start in rank:
                continue
            stack.append(start)
            while stack:
                k = stack.pop()
                if k in rank:
                    continue
                rank[k] = len(rank)
                stack.extend(reversed(down.get(k, [])))
    for layer in layers:
        layer.sort(key=rank.__getitem__)


def _reduce_crossings(
    layers: list[list[str]], up: dict[str, list[str]], down: dict[str, list[str]]
) -> None:
    best = [list(layer) for layer in layers]
    best_count = count_crossings(layers, down)
    for sweep in range(SWEEPS):
        if best_count == 0:
            break
        downward = sweep % 2 == 0
        order = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
        for i in order:
            ref = layers[i - 1] if downward else layers[i + 1]
            pos = {k: p for p, k in enumerate(ref)}
            nbrs = up if downward else down
            current = {k: p for p, k in enumerate(layers[i])}

            def barycenter(
                k: str,
                nbrs: dict[str, list[str]] = nbrs,
                pos: dict[str, int] = pos,
                current: dict[str, int] = current,
            ) -> tuple[float, int]:
                ns = nbrs.get(k)
                if not ns:  # no neighbours on that side: keep its place
                    return (current[k] * len(pos) / max(1, len(current)), current[k])
                return (sum(pos[n] for n in ns) / len(ns), current[k])

            layers[i].sort(key=barycenter)
        count = count_crossings(layers, down)
        if count < best_count:
            best, best_count = [list(layer) for layer in layers], count
    layers[:] = best


def count_crossings(layers: list[list[str]], down: dict[str, list[str]]) -> int:
    """Edge crossings between adjacent layers (inversions, counted with a Fenwick tree)."""
    total = 0
    for upper, lower in itertools.pairwise(layers):
        pos = {k: p for p, k in enumerate(lower)}
        pairs = sorted(
            (p, pos[t]) for p, k in enumerate(upper) for t in down.get(k, ()) if t in pos
        )
        tree = [0] * (len(lower) + 1)
        for seen, (_, q) in enumerate(pairs):
            # edges already seen that end strictly below q cross this one
            i, not_above = q + 1, 0
            while i > 0:
                not_above += tree[i]
                i -= i & -i
            total += seen - not_above
            i = q + 1
            while i <= len(lower):
                tree[i] += 1
                i += i & -i
    return total


def _place(
    layers: list[list[str]],
    height: dict[str, float],
    up: dict[str, list[str]],
    down: dict[str, list[str]],
) -> dict[str, float]:
    """Vertical positions: start stacked, then pull each column toward its neighbours'
    centres, keeping its order and its gaps (isotonic regression, pool adjacent violators)."""
    y: dict[str, float] = {}
    for layer in layers:
        top = HEADER
        for k in layer:
            y[k] = top
            top += height[k] + NODE_GAP

    def centre(k: str) -> float:
        return y[k] + height[k] / 2

    for _ in range(6):
        for layer in layers + layers[::-1]:
            desired = []
            for k in layer:
                ns = up.get(k, []) + down.get(k, [])
                c = sum(centre(n) for n in ns) / len(ns) if ns else centre(k)
                desired.append(c - height[k] / 2)
            for k, v in zip(layer, _pack(desired, [height[k] for k in layer]), strict=True):
                y[k] = v
    shift = HEADER - min(y.values(), default=HEADER)
    return {k: v + shift for k, v in y.items()}


def _pack(desired: list[float], sizes: list[float]) -> list[float]:
    """Positions closest (least squares) to ``desired`` that keep order and spacing."""
    offsets: list[float] = []
    acc = 0.0
    for s in sizes:
        offsets.append(acc)
        acc += s + NODE_GAP
    blocks: list[list[float]] = []  # [sum, count] of pooled values
    for d, o in zip(desired, offsets, strict=True):
        blocks.append([d - o, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
    fitted: list[float] = []
    for s, n in blocks:
        fitted.extend([s / n] * int(n))
    return [f + o for f, o in zip(fitted, offsets, strict=True)]


def _route(
    chain: list[str],
    by_key: dict[str, DiagramNode],
    ys: dict[str, float],
    height: dict[str, float],
    layer_of: dict[str, int],
    xs: list[float],
    widths: list[float],
) -> list[tuple[float, float]]:
    """Points an edge passes: out of the right side of its left end, through its dummies,
    into the left side of its right end. Same-column edges leave and enter on the left."""
    first, last = chain[0], chain[-1]
    if len(chain) == 2 and layer_of[first] == layer_of[last]:
        a, b = by_key[first], by_key[last]
        return [(a.x, a.y + a.height / 2), (b.x, b.y + b.height / 2)]
    pts: list[tuple[float, float]] = []
    for k in chain:
        mid = ys[k] + height[k] / 2
        layer = layer_of[k]
        left, right = xs[layer], xs[layer] + widths[layer]
        if k == first:
            pts.append((right, mid))
        elif k == last:
            pts.append((left, mid))
        else:
            pts.extend([(left, mid), (right, mid)])
    return pts

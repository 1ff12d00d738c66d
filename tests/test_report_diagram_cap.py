"""The diagram makes nodes and edges only for the boxes it keeps (at most ``max_nodes``),
yet must draw exactly what building every box, levelling the objectives and then
cutting to ``max_nodes`` drew: the same keys, levels, flags, edges and counts left out."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import networkx as nx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_text
from ramaudit.core.graph import TraceGraph
from ramaudit.report.diagram import (
    KINDS,
    LINK_TARGET,
    MAX_OBJECTIVE_LEVELS,
    Diagram,
    DiagramEdge,
    DiagramNode,
    _budget_lines,
    _flags,
    _milestone_state,
    build_diagram,
)
from test_graph_campaigns import plans
from test_graph_speed_diagram import _graphs
from test_workspace_sketch import DUPLICATES

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").rglob("*.yaml"))


def reference_diagram(tg: TraceGraph, max_nodes: int) -> Diagram:
    """The diagram as it was drawn before: every box made, then levelled, then cut."""
    g = tg.graph
    nodes: list[DiagramNode] = []
    key_of: dict[tuple[str, str], str] = {}

    def add(item_id, kind, name, budget, flags, slot):  # type: ignore[no-untyped-def]
        key = f"n{len(nodes) + 1}"
        nodes.append(DiagramNode(key, item_id, kind, name, budget, flags))
        key_of[(slot, item_id)] = key
        return key

    box: dict[str, str | None] = {}
    traced: dict[str, bool] = {}
    for node, attrs in g.nodes(data=True):
        kind = attrs.get("kind")
        traced[node] = bool(attrs.get("traceable"))
        if kind not in KINDS:
            box[node] = None
            continue
        box[node] = add(
            str(node),
            kind,
            str(attrs.get("name") or node),
            attrs.get("budget"),
            _flags(tg, node, attrs, kind),
            kind,
        )
        if kind == "milestone":
            _milestone_state(nodes[-1], tg.items.get(str(node)))
    edges = []
    for u, v, via in g.edges(data="via"):
        ku, kv = box[u], box[v]
        if ku is not None and kv is not None:
            edges.append(DiagramEdge(ku, kv, via, None, traced[u] and traced[v]))
    for link in tg.links:
        holder = key_of.get((link.source_kind, link.source))
        if holder is None or link.target == link.source:
            continue
        if link.problem == "missing":
            want = LINK_TARGET.get(link.field, "objective")
            if want not in KINDS:
                continue
            ghost = key_of.get(("missing:" + want, link.target))
            if ghost is None:
                ghost = add(link.target, want, link.target, None, ("missing",), "missing:" + want)
            edges.append(DiagramEdge(ghost, holder, link.field, "missing", False))
        elif link.problem == "wrong-kind":
            other = key_of.get((link.target_kind or "", link.target))
            if other is not None:
                edges.append(DiagramEdge(other, holder, link.field, "wrong-kind", False))
    diagram = Diagram(nodes, edges, tg.plan.currency, budget_lines=_budget_lines(tg))
    by_key = diagram.by_key
    sub = nx.DiGraph()
    sub.add_nodes_from(n.key for n in nodes if n.kind == "objective")
    sub.add_edges_from(
        (e.source, e.target)
        for e in edges
        if e.via == "parents"
        and by_key[e.source].kind == "objective"
        and by_key[e.target].kind == "objective"
    )
    dag = nx.condensation(sub)
    level: dict[int, int] = {}
    for comp in nx.topological_sort(dag):
        level[comp] = max((level[p] + 1 for p in dag.pred[comp]), default=0)
        for member in dag.nodes[comp]["members"]:
            by_key[member].level = min(level[comp], MAX_OBJECTIVE_LEVELS - 1)
    if len(nodes) > max_nodes:
        order = sorted(range(len(nodes)), key=lambda i: (not nodes[i].flags, i))
        kept = set(order[:max_nodes])
        omitted: dict[str, int] = defaultdict(int)
        for i, n in enumerate(nodes):
            if i not in kept:
                omitted[n.kind] += 1
                diagram.omitted_problems += bool(n.flags)
        diagram.nodes = [n for i, n in enumerate(nodes) if i in kept]
        keys = {n.key for n in diagram.nodes}
        diagram.edges = [e for e in edges if e.source in keys and e.target in keys]
        diagram.omitted = dict(omitted)
    return diagram


NODE_FIELDS = ("key", "item_id", "kind", "name", "budget", "flags", "level", "done", "due")
EDGE_FIELDS = ("source", "target", "via", "problem", "traced")


def drawn(diagram: Diagram) -> tuple[object, ...]:
    return (
        [tuple(getattr(n, f) for f in NODE_FIELDS) for n in diagram.nodes],
        [tuple(getattr(e, f) for f in EDGE_FIELDS) for e in diagram.edges],
        diagram.currency,
        diagram.omitted,
        diagram.omitted_problems,
        diagram.budget_lines,
    )


def assert_drawn_as_before(tg: TraceGraph, max_nodes: int) -> None:
    assert drawn(build_diagram(tg, max_nodes=max_nodes)) == drawn(reference_diagram(tg, max_nodes))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.integers(0, 14))
def test_a_cut_diagram_draws_as_before_on_generated_plans(
    doc: dict[str, object], max_nodes: int
) -> None:
    for tg in _graphs(yaml.safe_dump(doc, sort_keys=False)):
        assert_drawn_as_before(tg, max_nodes)
        assert_drawn_as_before(tg, 10_000)


def test_a_cut_diagram_draws_as_before_on_duplicates_and_examples() -> None:
    graphs = _graphs(DUPLICATES)
    for path in EXAMPLES:
        result = audit_text(path.read_text(encoding="utf-8"), str(path))
        if result.graph is not None:
            graphs.append(result.graph)
    assert len(graphs) > 5
    for tg in graphs:
        size = len(build_diagram(tg, max_nodes=10_000).nodes)
        for max_nodes in {0, 1, size // 3, size // 2, size - 1, size, 200}:
            assert_drawn_as_before(tg, max_nodes)


def test_a_roll_up_through_objectives_left_out_still_sets_the_level() -> None:
    """o3 (idle: no tactic) sits three parents below o0; with only the two flagged boxes
    kept, the objectives between them are left out, and o3 must still stand at level 3."""
    text = """\
plan: {name: p}
goals: [{id: g}]
objectives:
  - {id: o0, goals: [g]}
  - {id: o1, parents: [o0]}
  - {id: o2, parents: [o1]}
  - {id: o3, parents: [o2]}
tactics:
  - {id: t1, objectives: [o2]}
  - {id: t2}
"""
    tg = audit_text(text, "plan.yaml").graph
    assert tg is not None
    cut = build_diagram(tg, max_nodes=2)
    assert [(n.item_id, n.flags, n.level) for n in cut.nodes] == [
        ("o3", ("idle-objective",), 3),
        ("t2", ("random-act",), 0),
    ]
    assert cut.omitted == {"goal": 1, "objective": 3, "tactic": 1}
    assert_drawn_as_before(tg, 2)

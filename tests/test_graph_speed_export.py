"""The graph exports are written from plain dicts (``export_of``), not from a DiGraph
built only to be read back: those dicts must be what ``DiGraph.add_node`` and
``add_edge`` make of the diagram, node for node and edge for edge, in the same order,
and JSON and DOT the text they were when written from that DiGraph."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_text
from ramaudit.core.graph import TraceGraph
from ramaudit.report.diagram import build_diagram
from ramaudit.report.escape import json_text
from ramaudit.report.graph_formats import (
    ORPHAN_FLAGS,
    _export_ids,
    _node_link_text,
    export_of,
    to_json,
    to_networkx,
)
from test_graph_campaigns import plans
from test_workspace_sketch import DUPLICATES

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").rglob("*.yaml"))
BUDGET_LINES = """\
version: 2
plan:
  name: lines
goals:
  - id: g1
objectives:
  - id: o1
    goals: [g1, g1, gone]
    parents: [o1]
tactics:
  - id: t1
    objectives: [o1, o1, g1, gone, gone]
    budget: 10
  - id: t1
    objectives: o1
milestones:
  - id: m1
    objectives: o1
    due: 2027-03-01
    done: true
budget_lines:
  - id: b1
    name: Salaries
    kind: salaries
    amount: 500
  - id: b2
"""


def reference(tg: TraceGraph) -> nx.DiGraph:
    """The export DiGraph as it was built: one add_node and add_edge per diagram node,
    budget line and edge."""
    diagram = build_diagram(tg, max_nodes=len(tg.graph) + len(tg.links) + 1)
    ids = _export_ids(diagram)
    info = tg.plan.info
    g = nx.DiGraph(name=(info.name if info else "") or "plan", currency=diagram.currency)
    for n in diagram.nodes:
        attrs: dict[str, Any] = {
            "kind": n.kind,
            "name": n.label,
            "orphan": any(f in ORPHAN_FLAGS for f in n.flags),
            "traceable": not n.missing and n.item_id in tg.traceable,
            "missing": n.missing,
            "flags": " ".join(n.flags),
        }
        if n.budget is not None:
            attrs["budget"] = float(n.budget)
        if n.done is not None:
            attrs["done"] = n.done
        if n.due is not None:
            attrs["due"] = n.due
        g.add_node(ids[n.key], **attrs)
    taken = set(ids.values())
    for b in diagram.budget_lines:
        if b.item_id in taken:
            continue
        attrs = {"kind": "budget line", "name": b.name, "orphan": False}
        attrs |= {"traceable": False, "missing": False, "flags": ""}
        if b.amount is not None:
            attrs["budget"] = float(b.amount)
        if b.kind is not None:
            attrs["line_kind"] = b.kind
        g.add_node(b.item_id, **attrs)
    for e in diagram.edges:
        attrs = {"via": e.via, "traced": e.traced}
        if e.problem:
            attrs["problem"] = e.problem
        g.add_edge(ids[e.source], ids[e.target], **attrs)
    return g


def _as_lists(g: nx.DiGraph) -> tuple[object, ...]:
    return (
        list(g.graph.items()),
        [(n, list(a.items())) for n, a in g.nodes(data=True)],
        [(u, v, list(a.items())) for u, v, a in g.edges(data=True)],
    )


def reference_json(g: nx.DiGraph) -> str:
    doc = {
        "directed": True,
        "multigraph": False,
        "graph": dict(g.graph),
        "nodes": [
            {"id": n, **{**a, "flags": a["flags"].split(), "budget": a.get("budget")}}
            for n, a in g.nodes(data=True)
        ],
        "links": [
            {"source": u, "target": v, **{"problem": None, **a}} for u, v, a in g.edges(data=True)
        ],
    }
    return json_text(doc)


def _same(text: str) -> None:
    result = audit_text(text, "p.yaml")
    if result.graph is None:
        return
    tg = result.graph
    g = reference(tg)
    export = export_of(tg)
    assert (
        list(export.graph.items()),
        [(n, list(a.items())) for n, a in export.nodes.items()],
        [(u, v, list(a.items())) for u, v, a in export.edges()],
    ) == _as_lists(g)
    assert _as_lists(to_networkx(tg)) == _as_lists(g)
    assert to_json(tg) == reference_json(g)


def test_the_export_is_the_digraphs_on_duplicates_and_format_2() -> None:
    _same(DUPLICATES)
    _same(BUDGET_LINES)


def test_the_export_is_the_digraphs_on_every_example() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        _same(path.read_text(encoding="utf-8"))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_export_is_the_digraphs_on_generated_plans(doc: dict[str, object]) -> None:
    _same(yaml.safe_dump(doc, sort_keys=False))


SCALARS = (
    st.text()
    | st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
)
RECORDS = st.dictionaries(st.text(), SCALARS | st.lists(SCALARS, max_size=3), max_size=5)
ODD = st.lists(SCALARS, max_size=2).map(tuple) | st.dictionaries(st.text(), RECORDS, max_size=1)
DOCUMENTS = st.dictionaries(
    st.text(),
    SCALARS | RECORDS | st.lists(RECORDS, max_size=4) | st.lists(SCALARS, min_size=1) | ODD,
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_the_node_link_writer_writes_what_json_text_writes(doc: dict[str, Any]) -> None:
    written = _node_link_text(doc)
    if written is not None:  # else the caller asks json_text itself
        assert written == json_text(doc)


def test_the_node_link_writer_leaves_other_shapes_to_json_text() -> None:
    assert _node_link_text({"a": [1, 2]}) is None  # a list of scalars at the top
    assert _node_link_text({"a": {"b": {"c": 1}}}) is None
    assert _node_link_text({"a": [{"b": (1,)}]}) is None
    assert _node_link_text({1: "a"}) is None
    assert _node_link_text({"a": [{"b": "x\u202e\x00", "c": [float("nan"), -0.0]}]}) == json_text(
        {"a": [{"b": "x\u202e\x00", "c": [float("nan"), -0.0]}]}
    )
    assert _node_link_text({}) == json_text({})

"""The diagram reads each node's attributes once (its box, whether it traces to a goal,
its flags) instead of looking the node up again for every edge, and Mermaid labels skip
the work their text does not need: both must draw what the general path draws."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramaudit.core.graph import Outside, TraceGraph, build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.report.diagram import KINDS, build_diagram, node_flags
from ramaudit.report.escape import shown
from ramaudit.report.markdown import _MERMAID_ENTITIES, _MERMAID_TABLE, mermaid_text
from test_graph_campaigns import plans
from test_workspace_sketch import DUPLICATES

OUTSIDE = Outside(
    kinds={"missing": "objective", "o0": "goal", "far": "campaign"},
    files={"missing": "company.yaml", "far": "company.yaml"},
    names={"missing": "Elsewhere"},
    traceable=frozenset({"missing"}),
    served=frozenset({"o1", "c0"}),
)


def reference_flags(tg: TraceGraph, node: str, kind: str) -> tuple[str, ...]:
    """The flags as node_flags worked them out, looking the node up in the graph."""
    g = tg.graph
    flags: list[str] = []
    if "external" in g.nodes[node]:
        return ()
    if kind == "tactic" and node not in tg.traceable:
        flags.append("random-act")
    elif kind == "objective":
        if node not in tg.traceable:
            flags.append("orphan-objective")
        if node not in tg.served:
            flags.append("idle-objective")
    elif kind == "goal" and not any(g.nodes[c]["kind"] == "objective" for c in g.succ[node]):
        flags.append("unsupported-goal")
    elif kind == "campaign":
        if node not in tg.traceable:
            flags.append("orphan-campaign")
        if node not in tg.served:
            flags.append("idle-campaign")
    elif kind == "milestone" and node not in tg.traceable:
        flags.append("orphan-milestone")
    return tuple(flags)


def _drawn_as_before(tg: TraceGraph) -> None:
    g = tg.graph
    diagram = build_diagram(tg, max_nodes=10_000)
    by_id = {n.item_id: n for n in diagram.nodes if not n.missing}
    drawn = [(n, a["kind"]) for n, a in g.nodes(data=True) if a["kind"] in KINDS]
    assert [n.item_id for n in diagram.nodes[: len(drawn)]] == [n for n, _ in drawn]
    for node, kind in drawn:
        assert by_id[node].flags == reference_flags(tg, node, kind) == node_flags(tg, node, kind)
    key = {n.item_id: n.key for n in diagram.nodes[: len(drawn)]}
    traced = {n: bool(a.get("traceable")) for n, a in g.nodes(data=True)}
    trace_edges = [
        (key[u], key[v], via, traced[u] and traced[v])
        for u, v, via in g.edges(data="via")
        if u in key and v in key
    ]
    made = [(e.source, e.target, e.via, e.traced) for e in diagram.edges if e.problem is None]
    assert made[: len(trace_edges)] == trace_edges


def _graphs(text: str) -> list[TraceGraph]:
    doc = load(text)
    plan = build_plan(doc.data, Locator(doc.root, SPELLINGS), DEFAULT)
    return [build_graph(plan), build_graph(plan, OUTSIDE)]


def test_the_diagram_draws_as_before_on_duplicates() -> None:
    for tg in _graphs(DUPLICATES):
        _drawn_as_before(tg)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_diagram_draws_as_before_on_generated_plans(doc: dict[str, object]) -> None:
    for tg in _graphs(yaml.safe_dump(doc, sort_keys=False)):
        _drawn_as_before(tg)


def reference_mermaid_text(value: object, limit: int = 80) -> str:
    flat = " ".join(shown(value).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return flat.translate(_MERMAID_TABLE)


BLANKS = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2028", "\x1b", "\u202e"])
MARKS = st.sampled_from(sorted(_MERMAID_ENTITIES))
TEXTS = st.lists(st.text(max_size=6) | BLANKS | MARKS, max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXTS | st.integers() | st.floats(), st.integers(2, 90))
def test_mermaid_text_is_the_general_escape(value: object, limit: int) -> None:
    assert mermaid_text(value, limit) == reference_mermaid_text(value, limit)


def test_every_character_mermaid_replaces_is_replaced() -> None:
    for char, entity in _MERMAID_ENTITIES.items():
        assert mermaid_text(char) == entity
        assert mermaid_text(f"a {char} b") == f"a {entity} b"

"""The trace graph: one reachability pass agrees with a naive path query per item."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import build_plan
from ramaudit.core.vocabulary import DEFAULT


@st.composite
def plans(draw):
    n_g = draw(st.integers(0, 4))
    n_o = draw(st.integers(0, 6))
    n_t = draw(st.integers(0, 8))
    goals = [f"g{i}" for i in range(n_g)]
    objs = [f"o{i}" for i in range(n_o)]
    pool = goals + objs + [f"t{i}" for i in range(n_t)] + ["missing"]
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": g} for g in goals],
        "objectives": [],
        "tactics": [],
    }
    for o in objs:
        doc["objectives"].append(
            {
                "id": o,
                "goals": draw(st.lists(st.sampled_from(pool), max_size=2)),
                "parents": draw(st.lists(st.sampled_from(pool), max_size=2)),
            }
        )
    for i in range(n_t):
        doc["tactics"].append(
            {"id": f"t{i}", "objectives": draw(st.lists(st.sampled_from(pool), max_size=2))}
        )
    return doc


def _graph(doc):
    loaded = load(_dump(doc))
    plan = build_plan(loaded.data, Locator(loaded.root), DEFAULT)
    return build_graph(plan)


def _dump(doc):
    import yaml

    return yaml.safe_dump(doc, sort_keys=False)


def _naive_traceable(doc):
    """Reference: an explicit graph and one has_path query per item."""
    g = nx.DiGraph()
    kind = {x["id"]: "goal" for x in doc["goals"]}
    kind |= {x["id"]: "objective" for x in doc["objectives"]}
    kind |= {x["id"]: "tactic" for x in doc["tactics"]}
    g.add_nodes_from(kind)
    for o in doc["objectives"]:
        g.add_edges_from((t, o["id"]) for t in o["goals"] if kind.get(t) == "goal")
        g.add_edges_from((t, o["id"]) for t in o["parents"] if kind.get(t) == "objective")
    for t in doc["tactics"]:
        g.add_edges_from((o, t["id"]) for o in t["objectives"] if kind.get(o) == "objective")
    goals = [x["id"] for x in doc["goals"]]
    return {n for n in g if any(nx.has_path(g, s, n) for s in goals)}


@settings(max_examples=300, deadline=None)
@given(plans())
def test_traceable_matches_naive_path_queries(doc):
    tg = _graph(doc)
    assert tg.traceable == _naive_traceable(doc)
    orphans = {t.id for t in tg.orphan_tactics}
    assert orphans == {t["id"] for t in doc["tactics"]} - tg.traceable


@settings(max_examples=200, deadline=None)
@given(plans())
def test_served_means_some_tactic_below(doc):
    tg = _graph(doc)
    g = tg.graph
    tactics = [t["id"] for t in doc["tactics"]]
    for node in g:
        expected = any(nx.has_path(g, node, t) for t in tactics)
        assert (node in tg.served) == expected


@settings(max_examples=200, deadline=None)
@given(plans())
def test_every_link_is_an_edge_or_a_reported_problem(doc):
    tg = _graph(doc)
    for link in tg.links:
        if link.problem is None and link.target != link.source:
            assert tg.graph.has_edge(link.target, link.source)
        elif link.problem == "missing":
            assert link.target not in tg.items


def test_nesting_is_an_implicit_link():
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": "g", "objectives": [{"id": "o", "tactics": [{"id": "t"}]}]}],
        "tactics": [{"id": "t2", "objectives": "o"}],
    }
    tg = _graph(doc)
    assert tg.traceable == {"g", "o", "t", "t2"}
    assert tg.graph.edges["g", "o"]["implicit"] is True
    assert tg.graph.edges["o", "t2"]["implicit"] is False


def test_parent_cycles_are_found_once():
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": "g"}],
        "objectives": [
            {"id": "a", "parents": "b", "goals": "g"},
            {"id": "b", "parents": "a"},
            {"id": "c", "parents": "c"},
        ],
    }
    tg = _graph(doc)
    assert tg.cycles == [["a", "b"], ["c"]]


def test_dependencies_are_drawn_but_never_trace_edges():
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": "g", "objectives": [{"id": "o", "tactics": [{"id": "t1"}]}]}],
        "tactics": [{"id": "t2", "depends_on": "t1"}],
    }
    tg = _graph(doc)
    assert tg.graph.edges["t1", "t2"]["via"] == "depends_on"
    assert not tg.trace.has_edge("t1", "t2") and "t2" not in tg.children("t1")
    assert list(tg.dependencies.edges) == [("t2", "t1")]
    assert tg.graph is not tg.trace and tg.traceable == {"g", "o", "t1"}


def _loop_by_hand(first, members, links):
    """Reference: the breadth-first search in link order that shortest_loop replaced."""
    from collections import deque

    best = ([first], None)
    for start in links.get(first, []):
        if start.target not in members:
            continue
        if start.target == first:
            if len(members) == 1:
                return [first], start
            continue
        prev = {start.target: first}
        queue = deque([start.target])
        while queue and first not in prev:
            node = queue.popleft()
            for link in links.get(node, []):
                if link.target in members and link.target not in prev:
                    prev[link.target] = node
                    queue.append(link.target)
        if first not in prev:
            continue
        back = []
        node = prev[first]
        while node != first:
            back.append(node)
            node = prev[node]
        loop = [first, *reversed(back)]
        if best[1] is None or len(loop) < len(best[0]):
            best = (loop, start)
    return best


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=20))
def test_shortest_loop_names_the_loop_the_search_in_link_order_names(pairs):
    from ramaudit.core.graph import Link, shortest_loop

    links: dict[str, list[Link]] = {}
    for i, (a, b) in enumerate(pairs):
        link = Link(f"o{a}", "objective", "parents", i, f"o{b}", (), "objective")
        links.setdefault(link.source, []).append(link)
    g = nx.DiGraph((x.source, x.target) for held in links.values() for x in held)
    for component in nx.strongly_connected_components(g):
        members = set(component)
        for first in sorted(members):
            assert shortest_loop(first, members, links) == _loop_by_hand(first, members, links)

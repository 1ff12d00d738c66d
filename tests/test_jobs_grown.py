"""`check --jobs` gathers a workspace's files and grows the networkx graph's own part
of each (its nodes and trace edges) while the other files still load
(:class:`ramaudit.workspace.GrownGraph`): the graph is the one linking builds at once,
node for node and edge for edge in the same order, and so is every file's view."""

from __future__ import annotations

import networkx as nx
from hypothesis import HealthCheck, given, settings

from ramaudit.workspace import GrownGraph, Sketch, _Workspace, link_sketches
from test_workspace_link import _sketches, workspaces, written


def _shape(g: nx.DiGraph) -> tuple[object, ...]:
    """Everything the algorithms' order may depend on: nodes, edges with their data,
    each node's successors and predecessors, in order."""
    return (
        list(g.nodes),
        list(g.edges(data=True)),
        [list(g.succ[n]) for n in g],
        [list(g.pred[n]) for n in g],
    )


def _grown(sketches: list[Sketch], steps: int) -> GrownGraph:
    """A GrownGraph fed ``sketches`` in ``steps`` rounds, as replies arrive."""
    grown = GrownGraph()
    for n in range(1, steps + 1):
        grown.grow(sketches[: len(sketches) * n // steps])
    grown.grow(sketches)
    return grown


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_the_grown_graph_and_links_are_the_ones_built_at_once(files: dict[str, str]) -> None:
    with written(files):
        sketches = _sketches()
    at_once = _Workspace(sketches)
    grown = _grown(sketches, 3)
    base = grown.graph_of(sketches)
    assert base is not None
    from_grown = _Workspace(sketches, base)
    assert _shape(from_grown._graph()) == _shape(at_once._graph())
    expected = link_sketches(sketches, eager=True)
    assert link_sketches(sketches, eager=True, grown=_grown(sketches, 2)) == expected


def _sketch(
    key: str, items: dict[str, tuple[str, str, int]], edges: list[tuple[str, str, str]]
) -> Sketch:
    return Sketch(key, key, key, items, edges, [], (), (), ())


def test_a_graph_not_grown_from_these_files_is_not_used() -> None:
    a = _sketch("a", {"g": ("goal", "G", 1), "o": ("objective", "O", 2)}, [("g", "o", "goals")])
    b = _sketch("b", {"t": ("tactic", "T", 1)}, [])
    grown = GrownGraph()
    grown.grow([a, b])
    assert grown.graph_of([a]) is None  # fewer files
    grown = GrownGraph()
    grown.grow([a, b])
    assert grown.graph_of([b, a]) is None  # other files at an index
    grown = GrownGraph()
    grown.grow([a, b])
    assert grown.graph_of([a, b]) is not None
    assert grown.graph_of([a, b]) is None  # once: linking adds to it


def test_an_edge_to_a_node_of_no_item_stops_the_growing() -> None:
    # Such an edge would add its node out of the file order: the graph is then
    # built at link time, as before.
    a = _sketch("a", {"g": ("goal", "G", 1)}, [("g", "elsewhere", "goals")])
    grown = GrownGraph()
    grown.grow([a])
    assert grown.graph_of([a]) is None

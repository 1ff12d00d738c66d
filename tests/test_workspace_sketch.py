"""A linked file's sketch is made without building its trace graph (the graph is built
once, when the file is judged with what its links reach): it must be the sketch the
graph gives, on every plan."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings

from ramaudit.core.graph import build_graph, trace_records
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.workspace import sketch_of
from test_graph_campaigns import plans

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").rglob("*.yaml"))

DUPLICATES = """\
plan:
  name: twice
goals:
  - id: g1
  - id: g1
objectives:
  - id: o1
    goals: [g1, g1, nowhere]
  - id: o1
    goals: g1
  - id: o2
    parents: [o1, o2, o3]
  - id: o3
    parents: o2
    goals: g1
tactics:
  - id: t1
    objectives: [o3, o1, o3]
    depends_on: [t1, t2, gone]
  - id: t2
    objectives: o2
    campaign: c-missing
"""


def _both(text: str) -> tuple[object, object]:
    doc = load(text)
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, DEFAULT)
    graph = build_graph(plan)
    with_graph = sketch_of("p.yaml", "/p.yaml", plan, graph, locator, True)
    without = sketch_of("p.yaml", "/p.yaml", plan, None, locator, True)
    return with_graph, without


def _records_match(text: str) -> None:
    doc = load(text)
    plan = build_plan(doc.data, Locator(doc.root, SPELLINGS), DEFAULT)
    graph = build_graph(plan)
    items, edges, links = trace_records(plan)
    assert list(items) == list(graph.items)
    assert all(items[k] is graph.items[k] for k in items)
    assert edges == [(u, v, a["via"]) for u, v, a in graph.edges()]
    assert links == graph.links


def test_the_records_are_the_graphs_on_duplicates_loops_and_missing_ids() -> None:
    _records_match(DUPLICATES)
    with_graph, without = _both(DUPLICATES)
    assert with_graph == without


def test_the_sketch_without_a_graph_is_the_same_on_every_example() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        doc = load(text)
        if not isinstance(doc.data, dict):
            continue
        _records_match(text)
        with_graph, without = _both(text)
        assert with_graph == without, path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_records_are_the_graphs_on_generated_plans(doc: dict[str, object]) -> None:
    text = yaml.safe_dump(doc, sort_keys=False)
    _records_match(text)
    with_graph, without = _both(text)
    assert with_graph == without

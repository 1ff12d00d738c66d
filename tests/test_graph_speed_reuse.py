"""A file sketched for linking (``trace_records``) and then judged builds its graph from
the links the sketch made (``build_graph(plan, sketched=True)``): that graph must be the
one linking the plan again gives, on every plan, and the links are reused only for the
very plan they were made from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from ramaudit.core import graph as graph_module
from ramaudit.core.graph import Outside, TraceGraph, build_graph, trace_records
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, Plan, build_plan
from ramaudit.core.vocabulary import DEFAULT
from test_graph_campaigns import plans
from test_workspace_sketch import DUPLICATES

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").rglob("*.yaml"))


def _plan(text: str) -> Plan:
    doc = load(text)
    return build_plan(doc.data, Locator(doc.root, SPELLINGS), DEFAULT)


def facts(tg: TraceGraph) -> dict[str, Any]:
    """Everything a graph holds that a reader can see, in order."""
    return {
        "items": [(k, id(v)) for k, v in tg.items.items()],
        "nodes": [(n, list(a.items())) for n, a in tg.trace.nodes(data=True)],
        "edges": [(u, v, list(a.items())) for u, v, a in tg.trace.edges(data=True)],
        "dependencies": [list(tg.dependencies.nodes), list(tg.dependencies.edges)],
        "links": tg.links,
        "traceable": sorted(tg.traceable),
        "served": sorted(tg.served),
        "cycles": tg.cycles,
        "depends": list(tg.depends.items()),
        "drawn": [(u, v, list(a.items())) for u, v, a in tg.graph.edges(data=True)],
        "dependency_cycles": tg.dependency_cycles,
        "orphans": [id(t) for t in tg.orphan_tactics],
    }


def _reused_matches(text: str) -> None:
    plan = _plan(text)
    general = build_graph(plan)
    _, _, links = trace_records(plan)
    fast = build_graph(plan, sketched=True)
    assert fast.links is links  # the sketch's links, not made again
    assert facts(fast) == facts(general)
    # taken once: a second build links the plan again, to the same graph
    assert graph_module._traced is None
    assert facts(build_graph(plan, sketched=True)) == facts(general)


def test_reused_links_give_the_same_graph_on_duplicates_loops_and_missing_ids() -> None:
    _reused_matches(DUPLICATES)


def test_reused_links_give_the_same_graph_on_every_example() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        if isinstance(load(text).data, dict):
            _reused_matches(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_reused_links_give_the_same_graph_on_generated_plans(doc: dict[str, object]) -> None:
    _reused_matches(yaml.safe_dump(doc, sort_keys=False))


def test_another_plans_links_are_never_used() -> None:
    first, second = _plan(DUPLICATES), _plan(DUPLICATES)
    trace_records(first)
    built = build_graph(second, sketched=True)
    assert facts(built) == facts(build_graph(second))
    assert built.links is not graph_module._traced.links  # first's links stay unused
    assert graph_module._traced.plan is first


def test_an_outside_naming_other_files_items_links_again() -> None:
    text = """\
plan:
  name: team
objectives:
  - id: o1
    parents: [company-o, o2]
  - id: o2
tactics:
  - id: t1
    objectives: [o1, elsewhere]
"""
    outside = Outside(
        kinds={"company-o": "objective", "elsewhere": "objective"},
        files={"company-o": "company.yaml", "elsewhere": "company.yaml"},
        traceable=frozenset({"company-o"}),
    )
    plan = _plan(text)
    trace_records(plan)
    built = build_graph(plan, outside, sketched=True)
    assert facts(built) == facts(build_graph(plan, outside))
    assert built.external("company-o") == "company.yaml"
    assert graph_module._traced is None  # let go all the same
    # an Outside that names nothing elsewhere links as the file alone does
    served = Outside(served=frozenset({"o2"}))
    trace_records(plan)
    alone = build_graph(plan, served, sketched=True)
    assert facts(alone) == facts(build_graph(plan, served))

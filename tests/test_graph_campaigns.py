"""The trace graph of format 2: campaigns between objectives and tactics, milestones
below objectives, and ``depends_on`` links that are shown but never traced through."""

from __future__ import annotations

import copy

import networkx as nx
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import build_plan
from ramaudit.core.vocabulary import DEFAULT


def _graph(doc):
    loaded = load(yaml.safe_dump(doc, sort_keys=False))
    plan = build_plan(loaded.data, Locator(loaded.root), DEFAULT)
    return build_graph(plan)


@st.composite
def plans(draw):
    """Goals, objectives, campaigns (nested under an objective or on their own),
    tactics (nested in a campaign or on their own), milestones, and links between them
    drawn from every id of the plan plus one that does not exist."""
    goals = [f"g{i}" for i in range(draw(st.integers(0, 3)))]
    objs = [f"o{i}" for i in range(draw(st.integers(0, 4)))]
    camps = [f"c{i}" for i in range(draw(st.integers(0, 4)))]
    n_nested = draw(st.integers(0, 4))
    n_flat = draw(st.integers(0, 4))
    miles = [f"m{i}" for i in range(draw(st.integers(0, 3)))]
    nested = [f"tn{i}" for i in range(n_nested)]
    flat = [f"tf{i}" for i in range(n_flat)]
    pool = [*goals, *objs, *camps, *nested, *flat, *miles, "missing"]
    links = st.lists(st.sampled_from(pool), max_size=2)

    def work(item_id: str, **extra):
        item = {"id": item_id, **extra}
        deps = draw(links)
        if deps:
            item["depends_on"] = deps
        return item

    doc = {"plan": {"name": "p"}, "goals": [{"id": g} for g in goals], "objectives": []}
    for o in objs:
        doc["objectives"].append({"id": o, "goals": draw(links), "parents": draw(links)})
    doc["campaigns"] = []
    home = {c: draw(st.sampled_from([None, *objs])) for c in camps}
    tactics_of: dict[str, list[str]] = {c: [] for c in camps}
    for t in nested:
        if camps:
            tactics_of[draw(st.sampled_from(camps))].append(t)
    for c in camps:
        campaign = work(c, objectives=draw(links))
        campaign["tactics"] = [work(t, objectives=draw(links)) for t in tactics_of[c]]
        if home[c] is None:
            doc["campaigns"].append(campaign)
        else:
            parent = next(o for o in doc["objectives"] if o["id"] == home[c])
            parent.setdefault("campaigns", []).append(campaign)
    doc["tactics"] = [work(t, objectives=draw(links), campaign=draw(links)) for t in flat]
    doc["milestones"] = [work(m, objectives=draw(links)) for m in miles]
    return doc


def _reference(doc):
    """An explicit graph of the trace links alone, built straight from the document."""
    g = nx.DiGraph()
    kind: dict[str, str] = {}

    def walk_items():
        for o in doc["objectives"]:
            yield "objective", o, None
            for c in o.get("campaigns", []):
                yield "campaign", c, o["id"]
        for c in doc["campaigns"]:
            yield "campaign", c, None
        for m in doc["milestones"]:
            yield "milestone", m, None
        for _, c, _ in walk_campaigns():
            for t in c["tactics"]:
                yield "tactic", t, c["id"]
        for t in doc["tactics"]:
            yield "tactic", t, None

    def walk_campaigns():
        for o in doc["objectives"]:
            for c in o.get("campaigns", []):
                yield "campaign", c, o["id"]
        for c in doc["campaigns"]:
            yield "campaign", c, None

    for g_ in doc["goals"]:
        kind[g_["id"]] = "goal"
    entries = list(walk_items())
    for k, item, _ in entries:
        kind[item["id"]] = k
    g.add_nodes_from(kind)
    for _, item, parent in entries:
        if parent is not None:
            g.add_edge(parent, item["id"])
        wanted = {
            "goals": "goal",
            "parents": "objective",
            "objectives": "objective",
            "campaign": "campaign",
        }
        for key, want in wanted.items():
            for target in item.get(key, []):
                if kind.get(target) == want and target != item["id"]:
                    g.add_edge(target, item["id"])
    return g, kind


@settings(max_examples=300, deadline=None)
@given(plans())
def test_traceable_and_served_match_path_queries(doc):
    tg = _graph(doc)
    g, kind = _reference(doc)
    goals = [n for n in g if kind[n] == "goal"]
    tactics = [n for n in g if kind[n] == "tactic"]
    assert tg.traceable == {n for n in g if any(nx.has_path(g, s, n) for s in goals)}
    assert tg.served == {n for n in g if any(nx.has_path(g, n, t) for t in tactics)}
    assert {t.id for t in tg.orphan_tactics} == set(tactics) - tg.traceable


@settings(max_examples=200, deadline=None)
@given(plans())
def test_depends_on_never_changes_traceability(doc):
    bare = copy.deepcopy(doc)

    def strip(items):
        for item in items:
            item.pop("depends_on", None)
            strip(item.get("tactics", []))
            strip(item.get("campaigns", []))

    for section in ("objectives", "campaigns", "tactics", "milestones"):
        strip(bare[section])
    with_deps, without = _graph(doc), _graph(bare)
    assert with_deps.traceable == without.traceable
    assert with_deps.served == without.served
    assert list(with_deps.edges()) == list(without.edges())
    assert without.depends == {}
    for waiting, targets in with_deps.depends.items():
        for target in targets:
            assert with_deps.kind(target) in ("tactic", "campaign", "milestone")
            if target != waiting:
                assert with_deps.graph.has_edge(target, waiting)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5), st.booleans(), st.booleans())
def test_campaign_tactics_trace_through_the_campaign_and_not_without_it(n, nest, linked):
    """Every tactic nested in a campaign nested in an objective under a goal is
    traceable; cutting the campaign's link to its objective makes them all orphans."""
    tactics = [{"id": f"t{i}"} for i in range(n)]
    campaign = {"id": "c", "tactics": tactics}
    objective = {"id": "o"}
    doc = {"plan": {"name": "p"}, "goals": [{"id": "g", "objectives": [objective]}]}
    if nest:
        objective["campaigns"] = [campaign]
    else:
        campaign["objectives"] = "o"
        doc["campaigns"] = [campaign]
    if linked:  # tactics may also be written flat and name the campaign
        doc["tactics"] = [{"id": "tx", "campaign": "c"}]
    tg = _graph(doc)
    members = {t["id"] for t in tactics} | ({"tx"} if linked else set())
    assert members <= tg.traceable
    assert tg.orphan_tactics == []
    assert {"c", "o", "g"} <= tg.served
    if nest:
        del objective["campaigns"]
        doc["campaigns"] = [campaign]
    else:
        del campaign["objectives"]
    cut = _graph(doc)
    assert {t.id for t in cut.orphan_tactics} == members
    assert "c" not in cut.traceable
    assert cut.nodes["c"]["orphan"] is True


def test_edges_say_how_they_were_made():
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": "g"}],
        "objectives": [
            {
                "id": "o",
                "goals": "g",
                "campaigns": [{"id": "c", "tactics": [{"id": "t1"}]}],
                "milestones": [{"id": "m1"}],
            }
        ],
        "campaigns": [{"id": "c2", "objectives": "o", "depends_on": "m1"}],
        "milestones": [{"id": "m2", "objectives": ["o"], "depends_on": ["t1", "t2"]}],
        "tactics": [{"id": "t2", "campaign": "c2", "after": "c"}],
        "budget_lines": [{"id": "b", "kind": "salaries", "amount": 10}],
    }
    tg = _graph(doc)
    g = tg.graph
    assert g.edges["o", "c"] == {"via": "objectives", "implicit": True}
    assert g.edges["c", "t1"] == {"via": "campaign", "implicit": True}
    assert g.edges["o", "m1"] == {"via": "objectives", "implicit": True}
    assert g.edges["o", "c2"] == {"via": "objectives", "implicit": False}
    assert g.edges["c2", "t2"] == {"via": "campaign", "implicit": False}
    assert g.edges["o", "m2"] == {"via": "objectives", "implicit": False}
    assert g.edges["m1", "c2"]["via"] == "depends_on"
    assert g.edges["c", "t2"]["via"] == "depends_on"
    assert tg.depends == {"c2": ["m1"], "m2": ["t1", "t2"], "t2": ["c"]}
    assert tg.traceable == {"g", "o", "c", "c2", "t1", "t2", "m1", "m2"}
    assert tg.nodes["b"]["kind"] == "budget line"
    assert tg.nodes["b"]["orphan"] is False
    assert not tg.children("b") and not tg.parents_of("b")
    assert tg.dependency_cycles == []
    assert [link for link in tg.links if link.problem] == []


def test_wrong_kinds_and_missing_ids_are_kept_as_links():
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": "g"}],
        "objectives": [{"id": "o", "goals": "g"}],
        "campaigns": [{"id": "c", "objectives": "o"}],
        "tactics": [
            {"id": "t1", "objectives": "c", "campaign": "o"},
            {"id": "t2", "campaign": "c-gone", "depends_on": ["o", "nowhere"]},
        ],
    }
    tg = _graph(doc)
    bad = [(x.source, x.field, x.target, x.target_kind, x.problem) for x in tg.bad_links()]
    assert bad == [
        ("t1", "objectives", "c", "campaign", "wrong-kind"),
        ("t1", "campaign", "o", "objective", "wrong-kind"),
        ("t2", "campaign", "c-gone", None, "missing"),
        ("t2", "depends_on", "o", "objective", "wrong-kind"),
        ("t2", "depends_on", "nowhere", None, "missing"),
    ]
    assert tg.depends == {}
    assert {t.id for t in tg.orphan_tactics} == {"t1", "t2"}


def test_dependency_cycles_are_found_once_in_document_order():
    doc = {
        "plan": {"name": "p"},
        "milestones": [{"id": "m", "depends_on": "t2"}],
        "tactics": [
            {"id": "t1", "depends_on": "t1"},
            {"id": "t2", "depends_on": ["t3"]},
            {"id": "t3", "depends_on": ["m", "t1"]},
            {"id": "t4", "depends_on": ["t3"]},
        ],
    }
    tg = _graph(doc)
    assert tg.dependency_cycles == [["m", "t2", "t3"], ["t1"]]
    assert not tg.graph.has_edge("t1", "t1")  # a self-dependency is no drawn edge


def test_a_long_chain_of_dependencies_needs_no_recursion():
    n = 5000
    doc = {
        "plan": {"name": "p"},
        "tactics": [{"id": f"t{i}", "depends_on": f"t{(i + 1) % n}"} for i in range(n)],
    }
    tg = _graph(doc)
    (cycle,) = tg.dependency_cycles
    assert len(cycle) == n and cycle[0] == "t0"

"""The graph hook for plan repositories: ``build_graph(plan, outside)`` with an
:class:`Outside` written by hand (the workspace computes real ones from many files).
A link to an item of another file is a trace edge from an external node, which is
never one of this file's items."""

from __future__ import annotations

import textwrap

import networkx as nx
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.graph import Outside, TraceGraph, build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.rules import (
    DanglingReference,
    DependencyOrder,
    IdleObjective,
    OrphanCampaign,
    OrphanTactic,
    UnsupportedGoal,
)
from ramaudit.rules.base import Context

COMPANY = Outside(
    kinds={
        "company:g-grow": "goal",
        "o-revenue": "objective",
        "o-dead-end": "objective",
        "company:c-launch": "campaign",
        "t-shared-site": "tactic",
    },
    files={
        "company:g-grow": "plans/company.yaml",
        "o-revenue": "plans/company.yaml",
        "o-dead-end": "plans/dept.yaml",
        "company:c-launch": "plans/company.yaml",
        "t-shared-site": "plans/company.yaml",
    },
    names={"o-revenue": "Grow revenue 20%", "o-dead-end": None},
    traceable=frozenset({"company:g-grow", "o-revenue", "company:c-launch"}),
)


def _plan(text: str):
    loaded = load(textwrap.dedent(text))
    return build_plan(loaded.data, Locator(loaded.root), DEFAULT)


def _graph(text: str, outside: Outside | None = COMPANY) -> TraceGraph:
    return build_graph(_plan(text), outside)


def _problems(tg: TraceGraph, rule) -> list:
    ctx = Context("team.yaml", Locator(None), tg.plan, tg, ())
    return list(rule().check(ctx))


TEAM = """
plan:
  name: Team
tactics:
  - id: t-webinar
    objectives: o-revenue
  - id: t-stray
    objectives: o-dead-end
"""


def test_a_tactic_below_a_traceable_foreign_objective_traces():
    tg = _graph(TEAM)
    assert "t-webinar" in tg.traceable
    assert tg.trace.has_edge("o-revenue", "t-webinar")
    assert tg.trace.edges["o-revenue", "t-webinar"] == {"via": "objectives", "implicit": False}
    (link,) = [x for x in tg.links if x.source == "t-webinar"]
    assert (link.target_kind, link.problem, link.external) == (
        "objective",
        None,
        "plans/company.yaml",
    )


def test_a_tactic_below_a_foreign_objective_that_reaches_no_goal_is_an_orphan():
    tg = _graph(TEAM)
    assert "t-stray" not in tg.traceable
    assert [t.id for t in tg.orphan_tactics] == ["t-stray"]
    assert tg.nodes["t-stray"]["orphan"] is True
    (problem,) = _problems(tg, OrphanTactic)
    assert problem.item == "t-stray"


def test_external_nodes_are_no_items_of_this_file():
    tg = _graph(TEAM)
    assert set(tg.items) == {"t-webinar", "t-stray"}
    assert {t.id for t in tg.orphan_tactics} <= set(tg.items)
    assert tg.nodes["o-revenue"] == {
        "kind": "objective",
        "name": "Grow revenue 20%",
        "budget": None,
        "line": None,
        "path": (),
        "external": "plans/company.yaml",
        "traceable": True,
        "orphan": False,
    }
    assert tg.nodes["o-dead-end"]["name"] == "o-dead-end"  # no name: the id stands in
    assert tg.nodes["o-dead-end"]["external"] == "plans/dept.yaml"
    assert "external" not in tg.nodes["t-webinar"]
    assert tg.kind("o-revenue") == "objective" and tg.external("o-revenue") == "plans/company.yaml"
    assert tg.kind("t-webinar") == "tactic" and tg.external("t-webinar") is None
    # only the foreign ids this file links to become nodes
    assert "company:g-grow" not in tg.trace and "t-shared-site" not in tg.trace
    assert list(tg.trace) == ["t-webinar", "t-stray", "o-revenue", "o-dead-end"]


def test_a_foreign_target_of_the_wrong_kind_is_a_wrong_kind_link():
    tg = _graph(
        """
        plan:
          name: Team
        tactics:
          - id: t-ads
            objectives: company:g-grow
        """
    )
    (link,) = tg.bad_links()
    assert (link.target, link.target_kind, link.problem, link.external) == (
        "company:g-grow",
        "goal",
        "wrong-kind",
        "plans/company.yaml",
    )
    assert "company:g-grow" not in tg.trace  # no edge, so no node either
    assert tg.orphan_tactics[0].id == "t-ads"


def test_an_id_found_nowhere_is_still_missing():
    tg = _graph(TEAM, None)  # the same file audited alone
    assert [(x.target, x.problem) for x in tg.bad_links()] == [
        ("o-revenue", "missing"),
        ("o-dead-end", "missing"),
    ]
    assert tg.traceable == set()
    assert len(_problems(tg, DanglingReference)) == 2
    assert _problems(_graph(TEAM), DanglingReference) == []


def test_a_local_id_wins_over_a_foreign_one():
    tg = _graph(
        """
        plan:
          name: Team
        objectives:
          - id: o-revenue
        tactics:
          - id: t-webinar
            objectives: o-revenue
        """
    )
    assert "external" not in tg.nodes["o-revenue"]
    assert tg.traceable == set()  # the local o-revenue serves no goal


def test_objectives_and_campaigns_roll_up_to_foreign_goals_and_objectives():
    tg = _graph(
        """
        plan:
          name: Team
        objectives:
          - id: o-team
            goals: company:g-grow
          - id: o-child
            parents: o-revenue
        campaigns:
          - id: c-spring
            objectives: o-dead-end
            tactics:
              - id: t-in-spring
        tactics:
          - id: t-ads
            objectives: o-team
          - id: t-site
            campaign: company:c-launch
        """
    )
    assert tg.traceable >= {"o-team", "o-child", "t-ads", "t-site"}
    assert "c-spring" not in tg.traceable and "t-in-spring" not in tg.traceable
    # the rules read foreign parents for what they are
    assert [p.item for p in _problems(tg, OrphanCampaign)] == []  # c-spring has an objective
    assert [p.item for p in _problems(tg, OrphanTactic)] == ["t-in-spring"]


def test_a_local_goal_served_from_another_file_counts_as_served():
    text = """
    plan:
      name: Company
    goals:
      - id: g-grow
        objectives:
          - id: o-revenue
          - id: o-brand
    """
    alone = _graph(text, None)
    assert alone.served == set()
    served = Outside(served=frozenset({"o-revenue"}))
    tg = _graph(text, served)
    assert tg.served == {"o-revenue", "g-grow"}
    assert [p.item for p in _problems(tg, IdleObjective)] == ["o-brand"]
    assert [p.item for p in _problems(tg, UnsupportedGoal)] == []
    # an id served elsewhere that this file does not have is nobody's here
    assert _graph(text, Outside(served=frozenset({"o-gone"}))).served == set()


def test_a_dependency_on_work_in_another_file_is_no_dangling_link_and_no_edge():
    tg = _graph(
        """
        plan:
          name: Team
        tactics:
          - id: t-webinar
            objectives: o-revenue
            start: 2027-01-01
            depends_on: t-shared-site
        """
    )
    (link,) = [x for x in tg.links if x.field == "depends_on"]
    assert (link.problem, link.target_kind, link.external) == (None, "tactic", "plans/company.yaml")
    assert tg.depends == {} and len(tg.dependencies) == 0
    assert "t-shared-site" not in tg.graph
    assert _problems(tg, DanglingReference) == [] and _problems(tg, DependencyOrder) == []


def test_the_diagram_draws_external_nodes():
    from ramaudit.report.diagram import build_diagram

    diagram = build_diagram(_graph(TEAM))
    assert {n.item_id for n in diagram.nodes} == {"t-webinar", "t-stray", "o-revenue", "o-dead-end"}


# -- property: reachability with an Outside is path queries on the graph


@st.composite
def linked(draw):
    """A plan whose links name local ids, foreign ids and ids found nowhere, with an
    Outside that says which foreign ids reach a goal and which local ids are served."""
    goals = [f"g{i}" for i in range(draw(st.integers(0, 2)))]
    objs = [f"o{i}" for i in range(draw(st.integers(0, 5)))]
    tactics = [f"t{i}" for i in range(draw(st.integers(0, 6)))]
    foreign = {f"x{i}": draw(st.sampled_from(["goal", "objective"])) for i in range(4)}
    pool = st.sampled_from([*goals, *objs, *tactics, *foreign, "gone"])
    doc = {
        "plan": {"name": "p"},
        "goals": [{"id": g} for g in goals],
        "objectives": [
            {
                "id": o,
                "goals": draw(st.lists(pool, max_size=2)),
                "parents": draw(st.lists(pool, max_size=2)),
            }
            for o in objs
        ],
        "tactics": [{"id": t, "objectives": draw(st.lists(pool, max_size=2))} for t in tactics],
    }
    outside = Outside(
        kinds=foreign,
        files=dict.fromkeys(foreign, "other.yaml"),
        names={},
        traceable=frozenset(draw(st.sets(st.sampled_from(sorted(foreign))))),
        served=frozenset(draw(st.sets(st.sampled_from([*goals, *objs, "gone"])))),
    )
    return doc, outside


@settings(max_examples=200, deadline=None)
@given(linked())
def test_traceable_and_served_match_path_queries_with_an_outside(case):
    doc, outside = case
    tg = build_graph(_plan(yaml.safe_dump(doc, sort_keys=False)), outside)
    g = nx.DiGraph()
    kind = {x["id"]: "goal" for x in doc["goals"]}
    kind |= {x["id"]: "objective" for x in doc["objectives"]}
    kind |= {x["id"]: "tactic" for x in doc["tactics"]}
    g.add_nodes_from(kind)

    def link(source: str, targets: list[str], want: str) -> None:
        for target in targets:
            if kind.get(target, outside.kinds.get(target)) == want and target != source:
                g.add_edge(target, source)

    for o in doc["objectives"]:
        link(o["id"], o["goals"], "goal")
        link(o["id"], o["parents"], "objective")
    for t in doc["tactics"]:
        link(t["id"], t["objectives"], "objective")
    starts = [n for n in g if kind.get(n) == "goal" or n in outside.traceable]
    ends = [n for n in g if kind.get(n) == "tactic" or n in outside.served]
    assert set(tg.trace) == set(g)
    assert set(tg.trace.edges) == set(g.edges)
    # This file's ids only: another file's items are judged in their own file.
    assert tg.traceable == {n for n in kind if any(nx.has_path(g, s, n) for s in starts)}
    assert tg.served == {n for n in kind if any(nx.has_path(g, n, t) for t in ends)}
    assert set(tg.items) == set(kind)
    assert {t.id for t in tg.orphan_tactics} == {t["id"] for t in doc["tactics"]} - tg.traceable

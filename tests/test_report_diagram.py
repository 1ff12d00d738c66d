"""The traceability diagram's model and its layered layout."""

from __future__ import annotations

import textwrap

from ramaudit.api import audit, audit_text
from ramaudit.report.diagram import build_diagram, count_crossings, layout
from report_helpers import EXAMPLES, random_acts


def diagram_of(text: str):  # type: ignore[no-untyped-def]
    result = audit_text(textwrap.dedent(text).lstrip("\n"), "plan.yaml")
    return layout(build_diagram(result.graph))


def order(diagram, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        n.item_id for n in sorted((n for n in diagram.nodes if n.kind == kind), key=lambda n: n.y)
    ]


def edge_crossings(diagram) -> int:  # type: ignore[no-untyped-def]
    """Crossings between straight goal->objective->tactic edges, from the drawn positions."""
    by_key = diagram.by_key
    segs = [(by_key[e.source], by_key[e.target]) for e in diagram.edges]
    total = 0
    for i, (a, b) in enumerate(segs):
        for c, d in segs[i + 1 :]:
            if a.layer == c.layer and b.layer == d.layer and a is not c and b is not d:
                total += (a.y - c.y) * (b.y - d.y) < 0
    return total


def test_count_crossings_counts_inversions() -> None:
    layers = [["a", "b"], ["x", "y"]]
    assert count_crossings(layers, {"a": ["y"], "b": ["x"]}) == 1
    assert count_crossings(layers, {"a": ["x"], "b": ["y"]}) == 0
    assert (
        count_crossings([["a", "b", "c"], ["x", "y", "z"]], {"a": ["z"], "b": ["y"], "c": ["x"]})
        == 3
    )


def test_barycenter_sweeps_untangle_a_plan_written_out_of_order() -> None:
    # Tactics are listed in the reverse order of their objectives: drawn in document
    # order every edge would cross every other.
    d = diagram_of("""
        plan: {name: P}
        goals:
          - id: g1
          - id: g2
          - id: g3
        objectives:
          - {id: o1, goals: g3}
          - {id: o2, goals: g2}
          - {id: o3, goals: g1}
        tactics:
          - {id: t1, objectives: o3}
          - {id: t2, objectives: o2}
          - {id: t3, objectives: o1}
    """)
    assert edge_crossings(d) == 0
    assert order(d, "goal").index("g1") == order(d, "objective").index("o3")


def test_children_sit_next_to_their_parents() -> None:
    d = diagram_of("""
        plan: {name: P}
        goals:
          - id: g1
            objectives:
              - id: o1
                tactics: [{id: t1}, {id: t2}]
          - id: g2
            objectives:
              - id: o2
                tactics: [{id: t3}, {id: t4}]
    """)
    assert edge_crossings(d) == 0
    assert order(d, "tactic") in (["t1", "t2", "t3", "t4"], ["t2", "t1", "t4", "t3"])
    nodes = {n.item_id: n for n in d.nodes}
    # a parent is centred on its children, within their span
    assert (
        nodes["t1"].y
        <= nodes["o1"].y + nodes["o1"].height / 2
        <= (nodes["t2"].y + nodes["t2"].height)
    )


def test_rolled_up_objectives_get_their_own_sub_column() -> None:
    result = audit(EXAMPLES / "okr-rollup.yaml")
    d = layout(build_diagram(result.graph))
    nodes = {n.item_id: n for n in d.nodes}
    assert nodes["o-dept-pipeline"].level == 0
    assert nodes["o-content-team"].level == nodes["o-growth-team"].level == 1
    xs = [nodes[i].x for i in ("g-new-market", "o-dept-pipeline", "o-content-team", "t-cfo-guide")]
    assert xs == sorted(xs) and len(set(xs)) == 4
    titles = [c[0] for c in d.columns]
    assert titles == ["Goals", "Objectives", "Tactics"]
    assert edge_crossings(d) == 0


def test_long_edges_route_through_the_columns_they_cross() -> None:
    # t1 links to a top objective while another objective rolls up a level, so its edge
    # crosses the level-1 objective column.
    d = diagram_of("""
        plan: {name: P}
        goals: [{id: g1}]
        objectives:
          - {id: o1, goals: g1}
          - {id: o2, parents: o1}
        tactics:
          - {id: t1, objectives: o1}
          - {id: t2, objectives: o2}
    """)
    by_id = {n.item_id: n for n in d.nodes}
    (edge,) = [e for e in d.edges if e.target == by_id["t1"].key]
    assert len(edge.points) == 4  # leave o1, enter and leave the dummy, reach t1
    assert edge.points[0][0] == by_id["o1"].x + by_id["o1"].width
    assert edge.points[-1][0] == by_id["t1"].x


def test_parent_cycles_and_self_links_do_not_break_the_layout() -> None:
    d = diagram_of("""
        plan: {name: P}
        goals: [{id: g1}]
        objectives:
          - {id: o1, goals: g1, parents: o2}
          - {id: o2, parents: o1}
          - {id: o3, parents: o3}
        tactics:
          - {id: t1, objectives: o2}
    """)
    nodes = {n.item_id: n for n in d.nodes}
    assert nodes["o1"].level == nodes["o2"].level  # a loop shares one column
    assert all(e.points for e in d.edges)


def test_broken_links_become_placeholders_and_dashed_edges() -> None:
    result = random_acts()
    d = build_diagram(result.graph)
    (ghost,) = d.flagged("missing")
    assert ghost.item_id == "o-brand-awarness" and ghost.kind == "objective"
    (edge,) = [e for e in d.edges if e.problem]
    assert edge.source == ghost.key and edge.problem == "missing"

    wrong = diagram_of("""
        plan: {name: P}
        goals: [{id: g1}]
        tactics:
          - {id: t1, objectives: g1}
    """)
    (edge,) = wrong.edges
    assert edge.problem == "wrong-kind"
    assert "random-act" in wrong.by_key[edge.target].flags


def test_layout_is_deterministic() -> None:
    result = random_acts()
    a = layout(build_diagram(result.graph))
    b = layout(build_diagram(result.graph))
    assert [(n.item_id, n.x, n.y) for n in a.nodes] == [(n.item_id, n.x, n.y) for n in b.nodes]


def test_empty_plan_has_an_empty_diagram() -> None:
    d = diagram_of("plan: {name: P}\n")
    assert d.nodes == [] and d.edges == []


def test_sweeps_reduce_crossings_from_a_bad_start() -> None:
    from ramaudit.report.diagram import _reduce_crossings

    down = {"a": ["z", "w"], "b": ["y"], "c": ["x"], "x": ["q"], "z": ["p"]}
    up: dict[str, list[str]] = {}
    for s, ts in down.items():
        for t in ts:
            up.setdefault(t, []).append(s)
    layers = [["a", "b", "c"], ["x", "y", "z", "w"], ["p", "q"]]
    assert count_crossings(layers, down) > 0
    _reduce_crossings(layers, up, down)
    assert count_crossings(layers, down) == 0
    assert sorted(layers[1]) == ["w", "x", "y", "z"]  # same nodes, new order


# -- format 2: campaigns, milestones, dependencies, budget lines

V2 = """
    version: 2
    plan: {name: P}
    goals: [{id: g}]
    objectives:
      - id: o
        goals: g
        milestones:
          - {id: m-site, name: Site live, due: 2027-03, done: false, depends_on: t-cms}
          - {id: m-crm, name: CRM migrated, due: 2026-12-15, done: true}
        campaigns:
          - id: c-launch
            name: Spring launch
            budget: 3000
            tactics:
              - {id: t-webinar, depends_on: m-site}
    campaigns:
      - {id: c-idle, objectives: o}
      - {id: c-stray}
    tactics:
      - {id: t-cms, objectives: o, campaign: c-launch}
    budget_lines:
      - {id: b-salaries, name: Team salaries, kind: salaries, amount: 210000}
"""


def test_campaigns_and_milestones_stand_between_objectives_and_tactics() -> None:
    d = diagram_of(V2)
    nodes = {n.item_id: n for n in d.nodes}
    assert [c[0] for c in d.columns] == [
        "Goals",
        "Objectives",
        "Campaigns and milestones",
        "Tactics",
    ]
    layers = {i: nodes[i].layer for i in ("g", "o", "c-launch", "m-site", "t-webinar")}
    assert layers == {"g": 0, "o": 1, "c-launch": 2, "m-site": 2, "t-webinar": 3}
    assert nodes["c-launch"].x == nodes["m-site"].x
    # goal -> objective -> campaign -> tactic, and the milestone under its objective
    by_key = d.by_key
    trace = {(by_key[e.source].item_id, by_key[e.target].item_id) for e in d.edges}
    assert {("g", "o"), ("o", "c-launch"), ("c-launch", "t-webinar"), ("o", "m-site")} <= trace


def test_milestones_say_done_or_not_and_problems_are_flagged() -> None:
    d = diagram_of(V2)
    nodes = {n.item_id: n for n in d.nodes}
    assert (nodes["m-site"].done, nodes["m-site"].due) == (False, "2027-03-31")
    assert (nodes["m-crm"].done, nodes["m-crm"].due) == (True, "2026-12-15")
    assert nodes["c-idle"].flags == ("idle-campaign",)
    assert nodes["c-stray"].flags == ("orphan-campaign", "idle-campaign")
    assert nodes["c-launch"].flags == ()


def test_dependencies_are_edges_of_their_own() -> None:
    d = diagram_of(V2)
    by_key = d.by_key
    depends = {
        (by_key[e.source].item_id, by_key[e.target].item_id) for e in d.edges if e.dependency
    }
    # from the work waited on to the work that waits
    assert depends == {("m-site", "t-webinar"), ("t-cms", "m-site")}
    assert all(e.points for e in d.edges)


def test_budget_lines_are_listed_beside_the_diagram_not_drawn() -> None:
    d = diagram_of(V2)
    assert [(b.item_id, b.name, b.kind, b.amount) for b in d.budget_lines] == [
        ("b-salaries", "Team salaries", "salaries", 210000.0)
    ]
    assert "b-salaries" not in {n.item_id for n in d.nodes}


def test_a_version_1_plan_has_no_middle_column() -> None:
    d = diagram_of("""
        plan: {name: P}
        goals: [{id: g}]
        objectives: [{id: o, goals: g}]
        tactics: [{id: t, objectives: o}]
    """)
    assert [c[0] for c in d.columns] == ["Goals", "Objectives", "Tactics"]
    assert d.middle is None and d.budget_lines == []


def test_a_missing_segment_or_dependency_draws_no_ghost_box() -> None:
    # A link to a kind the diagram does not draw: RA302 / RA005 report it, and a
    # placeholder box would pass it off as a missing objective (issue 10).
    d = diagram_of("""
        version: 2
        plan: {name: P}
        goals: [{id: g}]
        objectives: [{id: o, goals: g}]
        tactics: [{id: t, objectives: o, segment: s-gone, depends_on: m-gone}]
    """)
    assert sorted(n.item_id for n in d.nodes) == ["g", "o", "t"]
    assert not [n for n in d.nodes if n.missing]


def test_a_missing_campaign_is_a_ghost_campaign() -> None:
    d = diagram_of("""
        version: 2
        plan: {name: P}
        goals: [{id: g}]
        objectives: [{id: o, goals: g}]
        tactics: [{id: t, objectives: o, campaign: c-gone}]
    """)
    (ghost,) = [n for n in d.nodes if n.missing]
    assert (ghost.item_id, ghost.kind) == ("c-gone", "campaign")
    assert d.middle == "Campaigns"

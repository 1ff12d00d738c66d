"""RA102 orphan-objective: an objective that reaches no goal."""

from conftest import findings, positions


def test_objective_without_goal_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-retention
    objectives:
      - id: o-followers
        name: Grow Instagram followers
    """
    (f,) = findings(text, "RA102")
    assert (f.line, f.column) == (6, 9)
    assert f.severity.value == "warning"


def test_objective_whose_goal_link_dangles_is_an_orphan():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-retention
    objectives:
      - id: o-a
        goals: g-retension
    """
    assert positions(text, "RA102") == [(6, 9)]
    assert positions(text, "RA005") == [(7, 12)]


def test_orphan_parent_makes_its_children_orphans_too():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-top
      - id: o-child
        parents: o-top
    """
    assert positions(text, "RA102") == [(4, 9), (5, 9)]


def test_nested_flat_and_parent_linked_objectives_stay_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        objectives:
          - id: o-nested
    objectives:
      - id: o-flat
        goal: g-a
      - id: o-child
        parents: [o-nested]
    """
    assert positions(text, "RA102") == []

"""RA104 idle-objective: an objective with no tactic below it."""

from conftest import findings, positions


def test_objective_with_no_tactic_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-win-rate
        goals: g-share
    """
    (f,) = findings(text, "RA104")
    assert (f.line, f.column) == (6, 9)
    assert f.severity.value == "warning"


def test_a_parent_objective_is_served_by_tactics_under_its_children():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-dept
      - id: o-team
        parents: o-dept
      - id: o-idle
    tactics:
      - id: t-a
        objectives: o-team
    """
    assert positions(text, "RA104") == [(7, 9)]


def test_nested_and_linked_tactics_serve_their_objectives():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        tactics:
          - id: t-nested
      - id: o-b
    tactics:
      - id: t-flat
        objectives: o-b
    """
    assert positions(text, "RA104") == []

"""RA103 unsupported-goal: a goal with no objective."""

from conftest import findings, positions


def test_goal_without_objectives_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-new-market
        name: Enter the Nordic market
    """
    (f,) = findings(text, "RA103")
    assert (f.line, f.column) == (4, 9)
    assert f.severity.value == "warning"


def test_a_tactic_linked_straight_to_the_goal_does_not_support_it():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    tactics:
      - id: t-a
        objectives: g-a
    """
    assert positions(text, "RA103") == [(4, 9)]


def test_goals_with_flat_or_nested_objectives_stay_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        objectives:
          - id: o-nested
      - id: g-b
    objectives:
      - id: o-flat
        goals: g-b
    """
    assert positions(text, "RA103") == []

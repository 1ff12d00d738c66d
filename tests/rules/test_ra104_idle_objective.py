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


def test_tactics_in_a_campaign_serve_the_campaigns_objective():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        campaigns:
          - id: c-a
            tactics:
              - id: t-a
      - id: o-b
    campaigns:
      - id: c-b
        objectives: o-b
    tactics:
      - id: t-b
        campaign: c-b
    """
    assert positions(text, "RA104") == []


def test_an_objective_with_only_milestones_or_empty_campaigns_is_idle():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-site
        milestones:
          - id: m-live
      - id: o-launch
        campaigns:
          - id: c-empty
    """
    found = findings(text, "RA104")
    assert [(f.line, f.column) for f in found] == [(4, 9), (7, 9)]
    assert found[0].message == (
        "objective 'o-site' has milestones but no tactic; plan the work that will deliver them"
    )
    assert found[1].message == (
        "objective 'o-launch' has no tactic, not even in its campaigns; plan the work that "
        "will move it"
    )

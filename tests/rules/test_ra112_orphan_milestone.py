"""RA112 orphan-milestone: a milestone tied to no existing objective."""

from conftest import audit_yaml, findings, positions


def test_milestone_with_no_objective_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
    milestones:
      - id: m-site-live
        name: New website live
    """
    (f,) = findings(text, "RA112")
    assert (f.line, f.column) == (6, 9)
    assert f.severity.value == "warning"
    assert f.message == (
        "milestone 'm-site-live' belongs to no objective; add 'objectives: <objective id>' "
        "naming the objective it is a result of, or write it under that objective's "
        "'milestones:'"
    )


def test_links_to_missing_ids_or_other_kinds_do_not_count():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-a
    milestones:
      - id: m-a
        objectives: o-gone
      - id: m-b
        objectives: c-a
    """
    found = findings(text, "RA112")
    assert [(f.line, f.column) for f in found] == [(6, 9), (8, 9)]
    assert all("has no valid link to an objective" in f.message for f in found)
    assert positions(text, "RA005") == [(7, 17)]
    assert positions(text, "RA106") == [(9, 17)]


def test_nested_and_linked_milestones_are_quiet():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        milestones:
          - id: m-nested
    milestones:
      - id: m-linked
        objective: o-leads
    """
    result = audit_yaml(text)
    assert [f for f in result.findings if f.code == "RA112"] == []
    # Milestones are results, not work: the objective still has no tactic.
    (idle,) = [f for f in result.findings if f.code == "RA104"]
    assert "has milestones but no tactic; plan the work that will deliver them" in idle.message

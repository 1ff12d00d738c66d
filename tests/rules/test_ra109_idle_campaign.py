"""RA109 idle-campaign: a campaign with no tactics."""

from conftest import findings, positions


def test_campaign_with_no_tactic_is_reported_at_its_id():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        campaigns:
          - id: c-spring
            name: Spring launch
    """
    (f,) = findings(text, "RA109")
    assert (f.line, f.column) == (6, 13)
    assert f.severity.value == "warning"
    assert "campaign 'c-spring' has no tactic" in f.message
    assert "add 'campaign: c-spring' to the tactics" in f.message
    (idle,) = findings(text, "RA104")
    assert "has no tactic, not even in its campaigns" in idle.message


def test_an_empty_tactics_list_is_no_tactic():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-a
        tactics: []
      - id: c-b
    """
    assert positions(text, "RA109") == [(4, 9), (6, 9)]


def test_nested_and_linked_tactics_make_a_campaign_busy():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-nested
        tactics:
          - id: t-a
      - id: c-linked
    tactics:
      - id: t-b
        campaigns: [c-linked]
    """
    assert positions(text, "RA109") == []


def test_tactics_that_are_not_a_list_are_left_to_ra002():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-a
        tactics: t-webinar
    """
    assert positions(text, "RA109") == []
    assert positions(text, "RA002") != []

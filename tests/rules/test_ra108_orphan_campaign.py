"""RA108 orphan-campaign: a campaign linked to no existing objective."""

from conftest import audit_yaml, findings, positions


def test_campaign_with_no_objective_is_reported_at_its_id_with_its_tactics():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    campaigns:
      - id: c-spring
        tactics:
          - id: t-webinar
          - id: t-emails
    """
    (f,) = findings(text, "RA108")
    assert (f.line, f.column) == (9, 9)
    assert f.severity.value == "warning"
    assert "campaign 'c-spring' serves no objective" in f.message
    assert "its 2 tactics are random acts of marketing" in f.message
    assert "add 'objectives: <objective id>'" in f.message
    # Its tactics are orphans too, each told that the campaign is where the chain breaks.
    orphans = findings(text, "RA101")
    assert [(o.line, o.column) for o in orphans] == [(11, 13), (12, 13)]
    assert "belongs to campaign 'c-spring', which serves no goal" in orphans[0].message
    assert "link campaign 'c-spring' to the objective it serves" in orphans[0].message


def test_a_dangling_objective_link_is_no_link_to_an_objective():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    campaigns:
      - id: c-spring
        objectives: o-lead
    tactics:
      - id: t-webinar
        campaign: c-spring
        objectives: o-leads
    """
    (f,) = findings(text, "RA108")
    assert (f.line, f.column) == (9, 9)
    # The one tactic has its own link to an objective: it is no random act.
    assert f.message.startswith(
        "campaign 'c-spring' has no valid link to an objective; add 'objectives:"
    )
    assert positions(text, "RA005") == [(10, 17)]
    assert positions(text, "RA101") == []


def test_a_campaign_that_names_a_goal_is_an_orphan_and_a_wrong_level_link():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    campaigns:
      - id: c-spring
        objectives: g-pipeline
        tactics:
          - id: t-webinar
    """
    assert positions(text, "RA108") == [(6, 9)]
    (f,) = findings(text, "RA108")
    assert "its tactic 't-webinar' is a random act of marketing" in f.message
    assert positions(text, "RA106") == [(7, 17)]


def test_nested_and_linked_campaigns_are_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
        campaigns:
          - id: c-nested
            tactics:
              - id: t-a
    campaigns:
      - id: c-linked
        objectives: [o-leads]
    tactics:
      - id: t-b
        campaign: c-linked
    """
    result = audit_yaml(text)
    assert [f.code for f in result.findings if f.code in ("RA108", "RA101", "RA109")] == []


def test_a_campaign_under_an_orphan_objective_is_left_to_ra102():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-buzz
        campaigns:
          - id: c-viral
            tactics:
              - id: t-stunt
    """
    assert positions(text, "RA108") == []
    assert positions(text, "RA102") == [(4, 9)]
    assert positions(text, "RA101") == [(8, 17)]

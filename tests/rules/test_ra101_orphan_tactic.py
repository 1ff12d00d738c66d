"""RA101 orphan-tactic: a tactic with no path to any business goal."""

from conftest import audit_yaml, findings, positions


def test_tactic_with_no_link_is_an_orphan_at_its_id():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-billboard
        budget: 85000
    """
    (f,) = findings(text, "RA101")
    assert (f.line, f.column) == (9, 9)
    assert f.severity.value == "error"
    assert "links to no objective" in f.message
    assert "85,000 USD" in f.message


def test_tactic_whose_only_links_dangle_is_an_orphan_and_the_link_is_dangling():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-brand
    objectives:
      - id: o-awareness
        goals: g-brand
    tactics:
      - id: t-seeding
        objectives: [o-awarness, o-gone]
    """
    result = audit_yaml(text)
    assert [
        (f.code, f.line, f.column) for f in result.findings if f.code in ("RA005", "RA101")
    ] == [("RA101", 9, 9), ("RA005", 10, 18), ("RA005", 10, 30)]
    (orphan,) = [f for f in result.findings if f.code == "RA101"]
    assert "no path through its objectives" in orphan.message


def test_tactic_linked_only_to_an_orphan_objective_is_an_orphan():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-repeat
    objectives:
      - id: o-buzz
        name: Go viral
    tactics:
      - id: t-sampling
        objectives: o-buzz
    """
    assert positions(text, "RA101") == [(9, 9)]
    assert positions(text, "RA102") == [(6, 9)]


def test_tactic_linked_straight_to_a_goal_is_still_an_orphan():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    tactics:
      - id: t-webinar
        objectives: g-pipeline
    """
    assert positions(text, "RA101") == [(6, 9)]


def test_nested_tactics_trace_through_their_objective_and_goal():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-retention
        objectives:
          - id: o-second-order
            tactics:
              - id: t-post-purchase
    """
    assert positions(text, "RA101") == []


def test_flat_tactic_can_link_into_a_nested_objective():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-loyal
        objectives:
          - id: o-loyalty
    tactics:
      - id: t-reminders
        objectives: o-loyalty
      - id: t-lost
    """
    assert positions(text, "RA101") == [(10, 9)]


def test_tactic_nested_under_a_flat_objective_traces_through_its_goals_link():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-pipeline
        goals: g-share
        tactics:
          - id: t-podcast
    """
    assert positions(text, "RA101") == []


def test_parents_chains_make_tactics_traceable():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-new-market
    objectives:
      - id: o-dept
        goals: g-new-market
      - id: o-team
        parents: o-dept
      - id: o-squad
        parent: o-team
    tactics:
      - id: t-templates
        objectives: o-squad
    """
    assert positions(text, "RA101") == []
    assert positions(text, "RA102") == []


def test_parents_chain_that_never_reaches_a_goal_leaves_the_tactic_orphaned():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-new-market
    objectives:
      - id: o-dept
      - id: o-team
        parents: o-dept
    tactics:
      - id: t-templates
        objectives: o-team
    """
    assert positions(text, "RA101") == [(10, 9)]


def test_one_good_link_is_enough_even_next_to_a_dangling_one():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    objectives:
      - id: o-a
        goals: g-a
    tactics:
      - id: t-a
        objectives: [o-missing, o-a]
    """
    assert positions(text, "RA101") == []
    assert positions(text, "RA005") == [(10, 18)]


def test_tactics_in_a_campaign_trace_through_the_campaigns_objective():
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
        objectives: o-leads
        tactics:
          - id: t-b
    tactics:
      - id: t-c
        campaign: c-linked
    """
    assert positions(text, "RA101") == []


def test_tactic_linked_to_a_campaign_that_serves_no_goal():
    text = """
    plan:
      name: Plan
    campaigns:
      - id: c-a
      - id: c-b
    tactics:
      - id: t-one
        campaign: c-a
        budget: 1200
      - id: t-two
        campaigns: [c-a, c-b]
      - id: t-three
        campaign: c-b
        objectives: o-gone
    """
    found = findings(text, "RA101")
    assert [(f.line, f.column) for f in found] == [(7, 9), (10, 9), (12, 9)]
    assert found[0].message == (
        "tactic 't-one' belongs to campaign 'c-a', which serves no goal and carries "
        "1,200 USD: a random act of marketing; link campaign 'c-a' to the objective it "
        "serves or drop the tactic"
    )
    assert "belongs to campaigns 'c-a' and 'c-b', none of which serves a goal" in (found[1].message)
    assert "link campaigns 'c-a' and 'c-b' to the objectives they serve" in found[1].message
    assert "has no path through its objectives or campaign 'c-b' to any goal" in (found[2].message)


def test_tactic_with_a_campaign_and_an_objective_that_both_lead_nowhere():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
    campaigns:
      - id: c-a
    tactics:
      - id: t-a
        campaign: c-a
        objectives: o-a
    """
    (f,) = findings(text, "RA101")
    assert (f.line, f.column) == (8, 9)
    assert "has no path through its objectives or campaign 'c-a' to any goal" in f.message


def test_tactic_whose_only_campaign_link_dangles():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        campaign: c-gone
    """
    (f,) = findings(text, "RA101")
    assert (f.line, f.column) == (4, 9)
    assert "has no valid link to an objective or a campaign" in f.message
    assert positions(text, "RA005") == [(5, 15)]


def test_depends_on_a_traceable_tactic_does_not_make_a_tactic_traceable():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    objectives:
      - id: o-a
        goals: g-a
        tactics:
          - id: t-served
    tactics:
      - id: t-waiting
        depends_on: t-served
    """
    assert positions(text, "RA101") == [(11, 9)]

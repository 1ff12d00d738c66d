"""RA005 dangling-reference: links to ids that do not exist, or to segments."""

from conftest import findings, positions


def test_link_to_a_missing_goal_suggests_the_closest_id():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipline
    """
    (f,) = findings(text, "RA005")
    assert (f.line, f.column) == (7, 12)
    assert "did you mean 'g-pipeline'?" in f.message


def test_each_dangling_entry_of_a_list_is_reported_at_the_entry():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
    tactics:
      - id: t-a
        objectives: [o-a, o-missing, o-b]
    """
    assert positions(text, "RA005") == [(7, 23), (7, 34)]


def test_link_to_a_segment_is_reported_here_not_as_wrong_level():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-smb
    tactics:
      - id: t-a
        objectives: seg-smb
    """
    (f,) = findings(text, "RA005")
    assert (f.line, f.column) == (7, 17)
    assert "which is a segment, not an objective;" in f.message
    assert findings(text, "RA106") == []


def test_existing_ids_of_the_right_kind_stay_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-a
        objective: o-leads
    """
    assert positions(text, "RA005") == []


def test_a_missing_campaign_says_where_campaigns_are_written():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
        campaign: spring
    """
    (f,) = findings(text, "RA005")
    assert (f.line, f.column) == (5, 15)
    assert f.message == (
        "tactic 't-a' links to campaign 'spring' which does not exist; no campaign has this "
        "id: write it in the top-level 'campaigns:' section (or under its objective)"
    )


def test_a_missing_dependency_is_matched_against_every_kind_of_work():
    text = """
    plan:
      name: Plan
    milestones:
      - id: m-site-live
    tactics:
      - id: t-a
        depends_on: [m-site-lve, nothing-like-it]
    """
    found = findings(text, "RA005")
    assert [(f.line, f.column) for f in found] == [(7, 18), (7, 30)]
    assert found[0].message == (
        "tactic 't-a' depends on 'm-site-lve' which does not exist; did you mean 'm-site-live'?"
    )
    assert found[1].message.endswith("; no tactic, campaign or milestone has this id")


def test_a_dependency_on_a_segment():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-smb
    campaigns:
      - id: c-a
        after: seg-smb
    """
    (f,) = findings(text, "RA005")
    assert (f.line, f.column) == (7, 12)
    assert "which is a segment, not a tactic, a campaign or a milestone" in f.message

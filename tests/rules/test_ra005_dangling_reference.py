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

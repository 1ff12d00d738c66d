"""RA301 missing-owner: role clarity at every level."""

from conftest import findings, positions
from ramaudit.config import Config

TEXT = """
plan:
  name: Plan
goals:
  - id: g-share
    objectives:
      - id: o-pipeline
        owner: Karin
        tactics:
          - id: t-mdf
tactics:
  - id: t-qbr
    owner: Karin
    objectives: o-pipeline
"""


def test_goal_and_tactic_without_owner_are_reported_at_their_ids():
    found = findings(TEXT, "RA301")
    assert [(f.line, f.column) for f in found] == [(4, 9), (9, 17)]
    assert found[0].severity.value == "warning"
    assert "goal 'g-share' has no owner" in found[0].message
    assert "tactic 't-mdf' has no owner" in found[1].message


def test_levels_option_limits_the_kinds_checked():
    config = Config(rule_options={"RA301": {"levels": ("tactic",)}})
    assert [(f.line, f.column) for f in findings(TEXT, "RA301", config)] == [(9, 17)]


def test_placeholder_owner_is_left_to_ra308():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        owner: TBD
    """
    assert positions(text, "RA301") == []
    assert positions(text, "RA308") == [(5, 12)]


def test_owned_items_and_segments_stay_quiet():
    text = """
    plan:
      name: Plan
    segments:
      - id: seg-a
    goals:
      - id: g-a
        owner: CEO
    """
    assert positions(text, "RA301") == []

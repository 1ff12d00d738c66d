"""RA301 missing-owner: role clarity at every level."""

from conftest import findings, positions
from ramaudit.config.effective import Config

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


def test_a_placeholder_owner_counts_as_no_owner_and_is_reported_at_the_owner():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        owner: TBD
    objectives:
      - id: o-a
        owner: "???"
      - id: o-b
        owner: Bob (TBC)
    """
    found = findings(text, "RA301")
    assert [(f.line, f.column) for f in found] == [(5, 12), (8, 12), (10, 12)]
    assert "goal 'g-a' has owner 'TBD', which names nobody" in found[0].message
    assert "objective 'o-a' has owner '???', which names nobody" in found[1].message
    assert "still a placeholder ('tbc')" in found[2].message
    # RA308 leaves owners to this rule by default, so each is reported once.
    assert positions(text, "RA308") == []


def test_a_placeholder_owner_is_reported_when_ra308_is_off_or_narrowed():
    # The review's case: RA308 ignored, or its fields without owner, let TBD through.
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        owner: TBD
    """
    narrowed = Config(ignore=("RA308",), rule_options={"RA308": {"fields": ("name",)}})
    assert [(f.line, f.column) for f in findings(text, "RA301", narrowed)] == [(5, 12)]


def test_plan_and_segment_levels_can_be_asked_for():
    text = """
    plan:
      name: Plan
      owner: n/a
    segments:
      - id: seg-a
    """
    assert positions(text, "RA301") == []
    config = Config(rule_options={"RA301": {"levels": ("plan", "segment")}})
    found = findings(text, "RA301", config)
    assert [(f.line, f.column) for f in found] == [(3, 10), (5, 9)]
    assert "the plan has owner 'n/a', which names nobody" in found[0].message
    assert "segment 'seg-a' has no owner" in found[1].message


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


V2 = """
version: 2
plan:
  name: Plan
goals:
  - id: g-board
    name: Grow recurring revenue 30%
    set_by: Board strategy 2025-2028, page 4
  - id: g-tbd
    set_by: TBD
objectives:
  - id: o-a
    owner: Priya Raman
    goals: [g-board, g-tbd]
    milestones:
      - id: m-site
        due: 2027-03-31
    campaigns:
      - id: c-launch
        owner: Marcus Lee
      - id: c-spring
"""


def test_campaigns_and_milestones_need_an_owner_too():
    found = findings(V2, "RA301")
    assert [(f.line, f.column) for f in found] == [(8, 9), (15, 13), (20, 13)]
    assert "goal 'g-tbd' has no owner" in found[0].message
    assert "milestone 'm-site' has no owner" in found[1].message
    assert "campaign 'c-spring' has no owner" in found[2].message


def test_a_goal_set_elsewhere_needs_no_owner_here():
    # g-board is set by the board; g-tbd's 'set_by' names nothing, so it is this plan's.
    assert (5, 9) not in positions(V2, "RA301")


def test_campaign_and_milestone_can_be_left_out_of_the_levels():
    config = Config(rule_options={"RA301": {"levels": ("goal", "objective", "tactic")}})
    assert [(f.line, f.column) for f in findings(V2, "RA301", config)] == [(8, 9)]


def test_an_owner_list_is_judged_by_the_first_name_that_names_someone():
    text = """
    plan:
      name: Plan
    goals:
      - {id: g-a, owner: [TBD, Ann Lee]}
      - {id: g-b, owner: [TBD, "???"]}
    """
    found = findings(text, "RA301")
    assert [(f.line, f.column) for f in found] == [(5, 22)]
    assert "goal 'g-b' has owner 'TBD', which names nobody" in found[0].message

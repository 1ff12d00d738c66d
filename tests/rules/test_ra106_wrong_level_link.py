"""RA106 wrong-level-link: links that skip a level or point the wrong way."""

import pytest

from conftest import findings, positions
from ramaudit.config.effective import Config


def test_tactic_linked_straight_to_a_goal():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    objectives:
      - id: o-leads
        goals: g-pipeline
    tactics:
      - id: t-webinar
        objectives: g-pipeline
    """
    (f,) = findings(text, "RA106")
    assert (f.line, f.column) == (10, 17)
    assert f.severity.value == "warning"
    assert "names goal 'g-pipeline'" in f.message
    assert "link it to an objective of 'g-pipeline'" in f.message
    # The link is no path to the goal, so the tactic is still a random act.
    assert positions(text, "RA101") == [(9, 9)]


def test_objective_linked_to_a_tactic_points_the_chain_upside_down():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        goals: [t-webinar]
    tactics:
      - id: t-webinar
    """
    (f,) = findings(text, "RA106")
    assert (f.line, f.column) == (5, 13)
    assert "put 'objectives: o-leads' on the tactic" in f.message


@pytest.mark.parametrize(
    ("link", "advice"),
    [
        ("goals: o-dept", "write 'parents: o-dept'"),
        ("parents: g-share", "write 'goals: g-share'"),
        ("parents: t-ads", "a tactic cannot be the parent"),
    ],
)
def test_objective_links_that_name_the_wrong_level(link, advice):
    text = f"""
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-dept
        goals: g-share
      - id: o-team
        {link}
    tactics:
      - id: t-ads
        objectives: o-team
    """
    (f,) = findings(text, "RA106")
    assert f.line == 9
    assert advice in f.message


def test_tactic_linked_to_another_tactic():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-a
      - id: t-b
        objectives: [t-a]
    """
    assert positions(text, "RA106") == [(6, 18)]


def test_correct_links_segments_and_missing_ids_stay_quiet():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-pipeline
    segments:
      - id: seg-smb
    objectives:
      - id: o-leads
        goals: g-pipeline
      - id: o-team
        parents: o-leads
    tactics:
      - id: t-webinar
        objectives: [o-leads, o-team, seg-smb, o-missing]
    """
    assert positions(text, "RA106") == []


def test_can_be_switched_off():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
    tactics:
      - id: t-a
        objectives: g-a
    """
    assert findings(text, "RA106", Config(ignore=("RA106",))) == []


@pytest.mark.parametrize(
    ("item", "link", "advice"),
    [
        ("tactics", "objectives: c-spring", "write 'campaign: c-spring' and it serves"),
        (
            "tactics",
            "campaign: o-leads",
            "to serve the objective directly write 'objectives: o-leads'",
        ),
        ("tactics", "objectives: m-live", "put 'depends_on: t-x' on the milestone"),
        ("campaigns", "objectives: g-share", "link it to an objective of 'g-share'"),
        ("campaigns", "objectives: t-y", "put 'campaign: t-x' on the tactic instead"),
        ("milestones", "objectives: t-y", "if it waits for 't-y' write 'depends_on: t-y'"),
        ("tactics", "objectives: b-salaries", "a budget line is money the plan spends"),
    ],
)
def test_format_2_links_that_name_the_wrong_kind(item, link, advice):
    text = f"""
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-leads
        goals: g-share
        milestones:
          - id: m-live
        campaigns:
          - id: c-spring
            tactics:
              - id: t-y
    budget_lines:
      - id: b-salaries
    {item}:
      - id: t-x
        {link}
    """
    found = findings(text, "RA106")
    assert [(f.line, f.column) for f in found] == [(18, 5 + len(link.split(":")[0]) + 2)]
    assert advice in found[0].message


def test_depends_on_names_work_only():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-share
    objectives:
      - id: o-leads
        goals: g-share
    tactics:
      - id: t-a
        objectives: o-leads
        depends_on: [o-leads, g-share]
    """
    found = findings(text, "RA106")
    assert [(f.line, f.column) for f in found] == [(11, 18), (11, 27)]
    assert found[0].message == (
        "tactic 't-a' depends on objective 'o-leads', but 'depends_on' names the work it "
        "waits for: a tactic, a campaign or a milestone; an objective is no work to wait "
        "for; to serve it, write 'objectives: o-leads', or name the tactic or milestone of "
        "it that must come first"
    )
    assert "a goal is no work to wait for" in found[1].message

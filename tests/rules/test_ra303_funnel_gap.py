"""RA303 funnel-gap: stages of the four marketing goals that no tactic serves."""

from conftest import findings, positions
from ramaudit.config.effective import Config

TEXT = """
plan:
  name: Plan
tactics:
  - id: t-ads
    stage: reach
  - id: t-demo
    stage: Convert
"""


def test_each_missing_stage_is_reported_once_at_the_tactics_list():
    found = findings(TEXT, "RA303")
    assert [(f.line, f.column) for f in found] == [(3, 1), (3, 1)]
    assert found[0].severity.value == "info"
    assert "education stage" in found[0].message
    assert "retention stage" in found[1].message


def test_stages_option_accepts_a_deliberate_gap():
    config = Config(rule_options={"RA303": {"stages": ("awareness", "conversion")}})
    assert findings(TEXT, "RA303", config) == []


def test_tactics_with_no_stage_at_all_give_one_finding():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        tactics:
          - id: t-a
    """
    (f,) = findings(text, "RA303")
    assert (f.line, f.column) == (6, 13)
    assert "no tactic says which funnel stage" in f.message


def test_full_funnel_with_race_names_and_a_plan_without_tactics_stay_quiet():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-1, stage: reach}
      - {id: t-2, stage: act}
      - {id: t-3, stage: convert}
      - {id: t-4, stage: engage}
    """
    assert positions(text, "RA303") == []
    assert positions("plan:\n  name: Plan\n", "RA303") == []


def test_stages_option_takes_synonyms_and_any_spelling():
    # reach = awareness, act = education: the gaps left are conversion and retention.
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-1, stage: reach}
      - {id: t-2, stage: consideration}
    """
    config = Config(rule_options={"RA303": {"stages": ("Reach", "act")}})
    assert findings(text, "RA303", config) == []


def test_stages_that_are_written_but_unknown_are_left_to_ra002():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-1, stage: trial}
      - {id: t-2, stage: somewhere}
    """
    assert positions(text, "RA303") == []
    assert [f.line for f in findings(text, "RA002")] == [4, 5]


def test_a_stage_only_random_acts_serve_is_a_gap_in_the_plan():
    text = """
    plan:
      name: Plan
    goals: [{id: g}]
    objectives: [{id: o, goals: g}]
    tactics:
      - {id: t-ads, objectives: o, stage: awareness}
      - {id: t-guide, objectives: o, stage: education}
      - {id: t-demo, objectives: o, stage: conversion}
      - {id: t-party, stage: retention}
    """
    (f,) = findings(text, "RA303")
    assert (f.line, f.column) == (5, 1)
    assert f.message.startswith(
        "only random acts serve the retention stage (t-party: no path to a goal)"
    )
    assert "link it to the objective it serves, or plan a tactic that does" in f.message
    linked = text.replace("{id: t-party,", "{id: t-party, objectives: o,")
    assert findings(linked, "RA303") == []

"""RA317 tactics-short-of-target: the work below an objective adds up to less than the
objective's target on the same result."""

from conftest import findings, positions
from ramaudit.config.effective import Config
from ramaudit.rules.tactics_short_of_target import TacticsShortOfTarget

TEXT = """
version: 2
plan:
  name: Plan
objectives:
  - id: o-pipeline
    kpis:
      - metric: qualified leads
        target: 120
      - {metric: revenue, target: 500000}
    tactics:
      - id: t-webinars
        kpis:
          - {metric: qualified leads from webinars, target: 25}
      - id: t-ads
        kpis:
          - {metric: Qualified Leads, target: 15}
          - {metric: impressions, target: 900000}
"""


def test_tactics_adding_up_to_less_than_the_objective_are_reported_at_its_target():
    (f,) = findings(TEXT, "RA317")
    assert (f.line, f.column, f.item) == (8, 17, "o-pipeline")
    assert f.severity.value == "warning"
    assert f.message == (
        "the tactics and campaigns of objective 'o-pipeline' add up to 40 'qualified leads' "
        "('t-webinars' 25, 't-ads' 15) for its target of 120: 80 short; add work for the "
        "rest, raise the tactics' targets, or lower the objective's"
    )


def test_tactics_that_add_up_or_fall_short_within_the_tolerance_stay_quiet():
    assert positions(TEXT.replace("target: 25}", "target: 105}"), "RA317") == []
    assert positions(TEXT.replace("target: 25}", "target: 94}"), "RA317") == []  # 109 of 120
    assert positions(TEXT.replace("target: 25}", "target: 92}"), "RA317") == [(8, 17)]
    allowed = Config(rule_options={"RA317": {"tolerance": 0.7}})
    assert findings(TEXT, "RA317", allowed) == []


def test_only_results_the_tactics_target_are_compared():
    # Revenue has no tactic target: not judged. Tactics on other metrics do not count.
    text = TEXT.replace("qualified leads from webinars", "webinar attendees").replace(
        "Qualified Leads", "sales qualified leads"
    )
    assert positions(text, "RA317") == []


def test_new_results_are_compared_when_the_objective_has_a_baseline():
    text = TEXT.replace("        target: 120\n", "        baseline: 90\n        target: 120\n")
    assert positions(text, "RA317") == []  # 40 tactics' leads cover the 30 new ones
    short = text.replace("baseline: 90", "baseline: 60")
    (f,) = findings(short, "RA317")
    assert (f.line, f.column) == (9, 17)
    assert "for the 60 new results its target of 120 asks for over a baseline of 60: 20 short" in (
        f.message
    )
    whole = Config(rule_options={"RA316": {"counted": "target"}})
    assert [(g.line, g.column) for g in findings(text, "RA317", whole)] == [(9, 17)]


def test_a_campaign_stands_for_its_tactics_with_the_larger_of_the_two():
    text = """
    version: 2
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - {metric: leads, target: 100}
        campaigns:
          - id: c-launch
            kpis:
              - {metric: leads, target: 60}
            tactics:
              - id: t-a
                kpis:
                  - {metric: leads, target: 30}
              - id: t-b
                kpis:
                  - {metric: leads, target: 45}
    """
    (f,) = findings(text, "RA317")
    assert (f.line, f.column) == (7, 33)
    assert "add up to 75 'leads' ('c-launch' 75) for its target of 100: 25 short" in f.message
    assert positions(text.replace("target: 60", "target: 95"), "RA317") == []


def test_a_confidential_target_on_either_side_is_left_alone():
    assert (
        positions(TEXT.replace("target: 120", "target: 120\n        confidential: true"), "RA317")
        == []
    )
    assert positions(TEXT.replace("target: 25}", "target: 25, confidential: true}"), "RA317") == []


def test_only_format_2_plans_are_judged_unless_selected():
    v1 = TEXT.replace("version: 2\n", "")
    assert positions(v1, "RA317") == []
    assert [(f.line, f.column) for f in findings(v1, "RA317", Config(select=("RA317",)))] == [
        (7, 17)
    ]
    assert TacticsShortOfTarget.since_format == 2

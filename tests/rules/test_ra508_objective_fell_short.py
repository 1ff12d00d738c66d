"""RA508 objective-fell-short: at the end, every key result of an objective graded
below far-short times what it promised, reported at the objective's id."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config

APRIL = Config(as_of=dt.date(2027, 4, 1))


def _plan(leads: int, accepted: int, commitment: str = "") -> str:
    line = f"\n    commitment: {commitment}" if commitment else ""
    return f"""
version: 2
plan:
  name: Plan
  period: {{start: 2027-01-01, end: 2027-03-31}}
objectives:
  - id: o-pipeline{line}
    kpis:
      - metric: qualified leads
        target: 300
        checkins: [{{date: 2027-03-31, value: {leads}}}]
      - metric: sales accepted leads
        target: 100
        checkins: [{{date: 2027-03-31, value: {accepted}}}]
"""


def test_all_key_results_far_short_is_reported_at_the_objective():
    (f,) = findings(_plan(90, 20), "RA508", APRIL)
    assert (f.line, f.column) == (6, 9)
    assert f.severity.value == "warning"
    assert f.item == "o-pipeline"
    assert "ended with all 2 key results far short of what they promised" in f.message
    assert "'qualified leads' 0.30, 'sales accepted leads' 0.20" in f.message


def test_one_key_result_not_far_short_keeps_it_quiet():
    assert findings(_plan(240, 20), "RA508", APRIL) == []
    assert findings(_plan(120, 20), "RA508", APRIL) == []  # 0.40 is not below 0.4


def test_aspirational_key_results_are_held_to_seven_tenths_of_that():
    # 0.30 and 0.20: far short of a commitment, not of a stretch below 0.28.
    assert findings(_plan(90, 20, "aspirational"), "RA508", APRIL) == []
    assert len(findings(_plan(80, 20, "aspirational"), "RA508", APRIL)) == 1


def test_not_before_every_deadline_has_passed():
    assert findings(_plan(90, 20), "RA508", Config(as_of=dt.date(2027, 3, 30))) == []
    late = _plan(90, 20).replace("target: 100", "target: 100\n        deadline: 2027-06-30")
    assert findings(late, "RA508", APRIL) == []


def test_a_key_result_with_no_reading_leaves_the_grade_unknown():
    text = _plan(90, 20).replace("        checkins: [{date: 2027-03-31, value: 20}]\n", "")
    assert findings(text, "RA508", APRIL) == []


def test_the_far_short_option():
    strict = Config(as_of=dt.date(2027, 4, 1), rule_options={"RA508": {"far_short": 0.8}})
    assert len(findings(_plan(210, 70), "RA508", strict)) == 1
    lax = Config(as_of=dt.date(2027, 4, 1), rule_options={"RA508": {"far_short": 0.1}})
    assert findings(_plan(90, 20), "RA508", lax) == []


def test_a_plan_without_check_ins_gets_none():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    objectives:
      - id: o-pipeline
        kpis: [{metric: qualified leads, target: 300}]
    """
    assert findings(text, "RA508", APRIL) == []

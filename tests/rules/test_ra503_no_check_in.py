"""RA503 no-check-in: in a plan that tracks progress, a KPI with a target that has
no reading one review cadence after the period started, reported at its metric."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config

MARCH = Config(as_of=dt.date(2027, 3, 1))

PLAN = """
plan:
  name: Plan
  period: {start: 2027-01-01, end: 2027-03-31}
  review_cadence: monthly
objectives:
  - id: o-pipeline
    kpis:
      - metric: qualified leads
        target: 300
        checkins:
          - {date: 2027-02-26, value: 200}
      - metric: sales accepted leads
        target: 90
      - metric: brand sentiment
tactics:
  - id: t-webinars
    objectives: [o-pipeline]
    kpis:
      - {metric: registrations, target: 400}
"""


def test_a_kpi_with_a_target_and_no_reading_is_reported_at_its_metric():
    found = findings(PLAN, "RA503", MARCH)
    assert [(f.line, f.column, f.item) for f in found] == [
        (12, 17, "o-pipeline"),
        (19, 18, "t-webinars"),
    ]
    assert found[0].severity.value == "warning"
    assert "KPI 'sales accepted leads' of objective 'o-pipeline' has no check-in" in (
        found[0].message
    )
    assert "59 days after the plan period started on 2027-01-01" in found[0].message
    assert "(a review every 31 days)" in found[0].message


def test_within_one_cadence_of_the_start_nothing_is_due_yet():
    assert findings(PLAN, "RA503", Config(as_of=dt.date(2027, 2, 1))) == []  # 31 days
    # The first KPI's only reading comes later: on 2 February it has none either.
    assert len(findings(PLAN, "RA503", Config(as_of=dt.date(2027, 2, 2)))) == 3


def test_the_cadence_comes_from_the_plan_else_ra502s_default_days():
    weekly = PLAN.replace("monthly", "weekly")
    assert len(findings(weekly, "RA503", Config(as_of=dt.date(2027, 1, 20)))) == 3
    none = PLAN.replace("  review_cadence: monthly\n", "")
    assert findings(none, "RA503", Config(as_of=dt.date(2027, 1, 20))) == []
    short = Config(as_of=dt.date(2027, 1, 20), rule_options={"RA502": {"default_days": 7}})
    assert len(findings(none, "RA503", short)) == 3


def test_a_check_in_after_the_as_of_day_does_not_count():
    text = PLAN.replace(
        "target: 90", "target: 90\n        checkins: [{date: 2027-03-05, value: 4}]"
    )
    assert [f.line for f in findings(text, "RA503", MARCH)] == [12, 20]


def test_a_plan_with_no_readings_at_all_never_gets_it():
    bare = PLAN.replace("        checkins:\n          - {date: 2027-02-26, value: 200}\n", "")
    assert findings(bare, "RA503", MARCH) == []

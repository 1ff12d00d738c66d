"""RA509 committed-key-result-missed: a committed key result graded below 1.0 at its
deadline, reported at its latest reading; aspirational ones are left to RA508."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config

APRIL = Config(as_of=dt.date(2027, 4, 1))

PLAN = """
version: 2
plan:
  name: Plan
  period: {start: 2027-01-01, end: 2027-03-31}
objectives:
  - id: o-pipeline
    kpis:
      - metric: qualified leads
        target: 300
        checkins:
          - {date: 2027-02-28, value: 150}
          - {date: 2027-03-31, value: 240}
      - metric: sales accepted leads
        target: 100
        checkins: [{date: 2027-03-31, value: 100}]
      - metric: demo requests
        target: 50
        commitment: aspirational
        checkins: [{date: 2027-03-31, value: 10}]
      - metric: pipeline value
        target: 500000
        deadline: 2027-06-30
        checkins: [{date: 2027-03-31, value: 100000}]
tactics:
  - id: t-search
    objectives: [o-pipeline]
    kpis: [{metric: clicks, target: 9000, checkins: [{date: 2027-03-31, value: 10}]}]
"""


def test_a_committed_key_result_short_at_its_deadline_is_reported_at_its_reading():
    (f,) = findings(PLAN, "RA509", APRIL)
    assert (f.line, f.column) == (12, 39)
    assert f.severity.value == "warning"
    assert f.item == "o-pipeline"
    assert (
        "committed KPI 'qualified leads' of objective 'o-pipeline' ended graded 0.80 at "
        "its deadline of 2027-03-31" in f.message
    )


def test_not_before_the_deadline():
    assert findings(PLAN, "RA509", Config(as_of=dt.date(2027, 3, 30))) == []


def test_an_objective_aspirational_by_default_makes_its_key_results_aspirational():
    text = PLAN.replace(
        "  - id: o-pipeline\n", "  - id: o-pipeline\n    commitment: aspirational\n"
    )
    assert findings(text, "RA509", APRIL) == []
    # A key result may still say it is committed.
    committed = text.replace("target: 300\n", "target: 300\n        commitment: committed\n")
    assert [f.line for f in findings(committed, "RA509", APRIL)] == [14]


def test_a_plan_without_check_ins_gets_none():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    objectives:
      - id: o-pipeline
        kpis: [{metric: qualified leads, target: 300}]
    """
    assert findings(text, "RA509", APRIL) == []

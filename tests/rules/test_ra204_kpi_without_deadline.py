"""RA204 kpi-without-deadline: objective KPIs that are not time-bound."""

from conftest import findings, positions
from ramaudit.config.effective import Config

TEXT = """
plan:
  name: Plan
objectives:
  - id: o-leads
    kpis:
      - metric: qualified leads
        target: 300
      - metric: pipeline
        target: 100000
        deadline: 2027-12-31
tactics:
  - id: t-a
    objectives: o-leads
    kpis:
      - {metric: qualified leads, target: 50}
"""


def test_objective_kpi_without_deadline_is_reported_at_its_metric():
    (f,) = findings(TEXT, "RA204")
    assert (f.line, f.column) == (6, 17)
    assert f.severity.value == "warning"
    assert "KPI 'qualified leads' of objective 'o-leads'" in f.message


def test_tactic_kpis_are_checked_only_when_asked():
    config = Config(rule_options={"RA204": {"include_tactics": True}})
    assert [(f.line, f.column) for f in findings(TEXT, "RA204", config)] == [(6, 17), (15, 18)]


def test_kpis_with_deadlines_stay_quiet():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-leads
        kpis:
          - {metric: qualified leads, target: 300, deadline: 2027-06-30}
    """
    assert positions(text, "RA204") == []

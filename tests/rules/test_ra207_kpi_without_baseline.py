"""RA207 kpi-without-baseline: a target with no starting point."""

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
      - metric: win rate
        target: 25
        baseline: 20
tactics:
  - id: t-a
    kpis:
      - {metric: demos, target: 40}
"""


def test_objective_kpi_with_target_and_no_baseline_is_reported_at_its_metric():
    (f,) = findings(TEXT, "RA207")
    assert (f.line, f.column) == (6, 17)
    assert f.severity.value == "info"
    assert "KPI 'qualified leads' of objective 'o-leads'" in f.message


def test_tactic_kpis_only_when_asked():
    config = Config(rule_options={"RA207": {"include_tactics": True}})
    assert [(f.line, f.column) for f in findings(TEXT, "RA207", config)] == [(6, 17), (15, 18)]


def test_baseline_zero_counts_as_a_baseline():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-new
        kpis: [{metric: partner revenue, target: 900000, baseline: 0}]
    """
    assert positions(text, "RA207") == []

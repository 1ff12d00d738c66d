"""RA311 unbudgeted-tactic: a tactic without a budget in a budgeted plan."""

from conftest import findings, positions

TEXT = """
plan:
  name: Plan
  budget: 80000
tactics:
  - id: t-webinars
  - id: t-free
    budget: 0
"""


def test_tactic_without_budget_is_reported_at_its_id():
    (f,) = findings(TEXT, "RA311")
    assert (f.line, f.column) == (5, 9)
    assert f.severity.value == "info"


def test_plan_without_budget_stays_quiet():
    assert positions(TEXT.replace("  budget: 80000\n", ""), "RA311") == []

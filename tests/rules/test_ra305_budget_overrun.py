"""RA305 budget-overrun: tactics cost more than the plan has."""

from conftest import findings, positions
from ramaudit.config.effective import Config

TEXT = """
plan:
  name: Plan
  budget: 50000
  currency: EUR
tactics:
  - id: t-events
    budget: 40000
  - id: t-ads
    budget: 12000
  - id: t-free
"""


def test_overrun_is_reported_at_the_plan_budget_with_the_amounts():
    (f,) = findings(TEXT, "RA305")
    assert (f.line, f.column) == (3, 11)
    assert f.severity.value == "error"
    assert "52,000 EUR" in f.message and "2,000 more" in f.message


def test_tolerance_allows_a_small_overrun():
    config = Config(rule_options={"RA305": {"tolerance": 0.05}})
    assert findings(TEXT, "RA305", config) == []
    config = Config(rule_options={"RA305": {"tolerance": 0.01}})
    assert len(findings(TEXT, "RA305", config)) == 1


def test_nested_tactics_count_too():
    text = """
    plan:
      name: Plan
      budget: 100
    objectives:
      - id: o-a
        tactics:
          - {id: t-a, budget: 101}
    """
    assert positions(text, "RA305") == [(3, 11)]


def test_budget_within_plan_or_no_plan_budget_stays_quiet():
    assert positions(TEXT.replace("50000", "52000"), "RA305") == []
    assert positions(TEXT.replace("  budget: 50000\n", ""), "RA305") == []

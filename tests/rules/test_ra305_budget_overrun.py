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


V2 = """
version: 2
plan:
  name: Plan
  budget: 500000
objectives:
  - id: o-a
    campaigns:
      - id: c-launch
        budget: 50000
        tactics:
          - {id: t-webinar, budget: 20000}
tactics:
  - {id: t-ads, budget: 250000}
budget_lines:
  - {id: b-salaries, kind: salaries, amount: 210000}
  - {id: b-tools, kind: tools}
"""


def test_campaign_budgets_and_budget_lines_count_against_the_plan_budget():
    (f,) = findings(V2, "RA305")
    assert (f.line, f.column) == (4, 11)
    assert f.message == (
        # c-launch's 50,000 holds t-webinar's 20,000: it adds the 30,000 beyond.
        "the plan's spend adds up to 510,000 USD (tactics 270,000, campaigns 30,000, "
        "budget lines 210,000), 10,000 more than the plan budget of 500,000 USD; cut "
        "tactics (random acts first) or raise the budget"
    )


def test_the_parts_are_named_when_the_plan_has_budget_lines_even_without_campaigns():
    text = """
    plan:
      name: Plan
      budget: 100
    tactics:
      - {id: t-a, budget: 60}
    budget_lines:
      - {id: b-a, amount: 50}
    """
    (f,) = findings(text, "RA305")
    assert "adds up to 110 USD (tactics 60, budget lines 50), 10 more" in f.message


def test_a_plan_budget_that_covers_every_part_stays_quiet():
    assert positions(V2.replace("budget: 500000", "budget: 530000"), "RA305") == []


def test_a_duplicate_id_is_counted_once():
    text = """
    plan:
      name: Plan
      budget: 100
    budget_lines:
      - {id: b-a, amount: 60}
      - {id: b-a, amount: 60}
    """
    assert positions(text, "RA305") == []

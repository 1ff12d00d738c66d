"""RA504 overspent-budget: spend to date above a tactic's or campaign's budget (with a
tolerance), an error at the spend."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config

MARCH = Config(as_of=dt.date(2027, 3, 1))

PLAN = """
version: 2
plan:
  name: Plan
  period: {start: 2027-01-01, end: 2027-03-31}
  currency: EUR
tactics:
  - id: t-search
    budget: 10000
    expenses:
      - {date: 2027-01-31, amount: 6000}
      - {date: 2027-02-28, amount: 5500}
      - {date: 2027-02-10, amount: 100}
      - {date: 2027-03-15, amount: 9000}
  - id: t-social
    budget: 10000
    spent: 12000
    as_of: 2027-02-28
  - id: t-email
    budget: 10000
    spent: 9000
campaigns:
  - id: c-launch
    budget: 5000
    spent: 7000
"""


def test_spend_over_budget_is_an_error_at_the_latest_expense_or_spent():
    found = findings(PLAN, "RA504", MARCH)
    assert [(f.line, f.column, f.item) for f in found] == [
        (11, 36, "t-search"),
        (16, 12, "t-social"),
        (24, 12, "c-launch"),
    ]
    assert found[0].severity.value == "error"
    assert (
        "tactic 't-search' has spent 11,600 EUR of its 10,000 EUR budget, 1,600 EUR over"
        in found[0].message
    )
    assert "campaign 'c-launch' has spent 7,000 EUR" in found[2].message


def test_spend_dated_after_the_as_of_day_is_not_counted():
    early = Config(as_of=dt.date(2027, 2, 1))
    assert [f.item for f in findings(PLAN, "RA504", early)] == ["c-launch"]


def test_the_tolerance_option_lets_spend_run_a_little_over():
    loose = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA504": {"tolerance": 0.2}})
    assert [f.item for f in findings(PLAN, "RA504", loose)] == ["c-launch"]
    exact = PLAN.replace("spent: 12000", "spent: 10000")
    assert "t-social" not in [f.item for f in findings(exact, "RA504", MARCH)]


def test_a_plan_without_spend_gets_none():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - {id: t-search, budget: 10000}
    """
    assert findings(text, "RA504", MARCH) == []

"""RA506 spent-on-random-acts: money already spent on a tactic or campaign that traces
to no goal, an error at the spend that says how much of its budget went."""

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
goals:
  - id: g-revenue
objectives:
  - id: o-pipeline
    goals: [g-revenue]
tactics:
  - id: t-trade-show
    budget: 20000
    spent: 12000
  - id: t-swag
    expenses:
      - {date: 2027-01-15, amount: 800}
  - id: t-search
    objectives: [o-pipeline]
    budget: 9000
    spent: 4000
  - id: t-unspent
    budget: 5000
    spent: 0
campaigns:
  - id: c-stray
    budget: 3000
    spent: 1000
"""


def test_spend_on_a_random_act_is_an_error_at_the_spend():
    found = findings(PLAN, "RA506", MARCH)
    assert [(f.line, f.column, f.item) for f in found] == [
        (14, 12, "t-trade-show"),
        (17, 36, "t-swag"),
        (28, 12, "c-stray"),
    ]
    assert found[0].severity.value == "error"
    assert (
        "tactic 't-trade-show' traces to no goal and has spent 12,000 EUR "
        "(60% of its 20,000 EUR budget) already" in found[0].message
    )
    assert "has spent 800 EUR (it has no budget) already" in found[1].message
    assert found[2].message.startswith("campaign 'c-stray' traces to no goal")


def test_spend_after_the_as_of_day_is_not_counted():
    early = Config(as_of=dt.date(2027, 1, 10))
    assert "t-swag" not in [f.item for f in findings(PLAN, "RA506", early)]


def test_a_random_act_with_no_spend_is_left_to_ra101():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-trade-show, budget: 20000}
      - {id: t-search, budget: 2000, spent: 100}
    """
    found = findings(text, "RA506", MARCH)
    assert [f.item for f in found] == ["t-search"]
    bare = text.replace(", spent: 100", "")
    assert findings(bare, "RA506", MARCH) == []
    assert len(findings(bare, "RA101", MARCH)) == 2

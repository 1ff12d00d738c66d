"""RA507 not-started: a tactic or campaign past its end still marked planned (at its
status), or with a budget and nothing spent in a plan that records spend (at its end)."""

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
  - id: t-webinar
    budget: 4000
    end: 2027-01-29
    spent: 0
  - id: t-ads
    budget: 9000
    end: 2027-02-15
    spent: 6000
  - id: t-podcast
    end: 2027-02-20
    status: planned
  - id: t-cancelled
    budget: 1000
    end: 2027-01-20
    status: cancelled
  - id: t-later
    budget: 1000
    end: 2027-03-20
  - id: t-unrecorded
    budget: 2000
    end: 2027-02-01
campaigns:
  - id: c-spring
    budget: 3000
    end: 2027-02-28
"""


def test_past_its_end_with_nothing_spent_or_still_planned():
    found = findings(PLAN, "RA507", MARCH)
    assert [(f.line, f.column, f.item) for f in found] == [
        (9, 10, "t-webinar"),
        (17, 13, "t-podcast"),
        (27, 10, "t-unrecorded"),
        (31, 10, "c-spring"),
    ]
    assert found[0].severity.value == "warning"
    assert (
        "tactic 't-webinar' was due to end on 2027-01-29 and has spent nothing of its "
        "4,000 EUR budget" in found[0].message
    )
    assert "but is still marked 'planned'" in found[1].message
    assert found[3].message.startswith("campaign 'c-spring'")


def test_the_end_day_itself_is_not_past():
    on_the_day = Config(as_of=dt.date(2027, 2, 28))
    assert "c-spring" not in [f.item for f in findings(PLAN, "RA507", on_the_day)]


def test_without_recorded_spend_only_the_planned_status_is_read():
    text = """
    version: 2
    plan:
      name: Plan
    tactics:
      - {id: t-webinar, budget: 4000, end: 2027-01-29}
      - {id: t-podcast, end: 2027-02-20, status: Planned}
      - {id: t-done, end: 2027-02-20, status: done}
    """
    found = findings(text, "RA507", MARCH)
    assert [(f.line, f.column, f.item) for f in found] == [(6, 46, "t-podcast")]


def test_a_plan_without_check_ins_spend_or_status_gets_none():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-webinar, budget: 4000, start: 2027-01-04, end: 2027-01-29}
    """
    assert findings(text, "RA507", MARCH) == []

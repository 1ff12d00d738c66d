"""RA505 ahead-of-phasing: spend to date above what the phasing says should be spent
by then (with a tolerance of the whole phasing), a warning at the spend."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config

MARCH = Config(as_of=dt.date(2027, 3, 1))


def _plan(spent: int, budget: int = 30000) -> str:
    return f"""
    version: 2
    plan:
      name: Plan
      period: {{start: 2027-01-01, end: 2027-03-31}}
    tactics:
      - id: t-events
        budget: {budget}
        phasing: {{2027-01: 5000, 2027-02: 5000, 2027-03: 20000}}
        spent: {spent}
        as_of: 2027-02-28
    """


def test_spend_ahead_of_the_phasing_is_a_warning_at_the_spend():
    (f,) = findings(_plan(22000), "RA505", MARCH)
    assert (f.line, f.column) == (9, 12)
    assert f.severity.value == "warning"
    assert f.item == "t-events"
    # January and February in full, 1 of March's 31 days: 10,645.
    assert "has spent 22,000 USD by 2027-03-01, 11,355 USD ahead of its phasing" in f.message
    assert "(10,645 USD due by then of 30,000 USD)" in f.message


def test_spend_within_the_tolerance_stays_quiet():
    assert findings(_plan(13600), "RA505", MARCH) == []  # 10,645 + 3,000
    assert len(findings(_plan(13700), "RA505", MARCH)) == 1


def test_the_tolerance_option():
    tight = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA505": {"tolerance": 0.0}})
    assert len(findings(_plan(11000), "RA505", tight)) == 1
    loose = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA505": {"tolerance": 0.5}})
    assert findings(_plan(22000), "RA505", loose) == []


def test_spend_over_the_budget_is_left_to_ra504():
    text = _plan(22000, budget=20000)
    assert findings(text, "RA505", MARCH) == []
    assert len(findings(text, "RA504", MARCH)) == 1
    # With RA504's tolerance letting it pass, the phasing is still judged.
    loose = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA504": {"tolerance": 0.2}})
    assert len(findings(text, "RA505", loose)) == 1


def test_no_phasing_or_no_spend_gets_none():
    text = """
    version: 2
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    tactics:
      - {id: t-a, budget: 3000, spent: 2900}
      - {id: t-b, budget: 3000, phasing: {2027-01: 1000, 2027-02: 2000}}
    """
    assert findings(text, "RA505", MARCH) == []

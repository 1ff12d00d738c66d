"""RA502 stale-check-in: a KPI's latest reading is older than the plan's review
cadence (plus a grace) while its time runs, reported at that reading."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config


def _on(day: dt.date, **options: object) -> Config:
    return Config(as_of=day, rule_options={"RA502": options} if options else {})


MARCH = _on(dt.date(2027, 3, 1))


def _plan(cadence: str = "review_cadence: weekly", reading: str = "2027-02-01") -> str:
    return f"""
    plan:
      name: Plan
      period: {{start: 2027-01-01, end: 2027-03-31}}
      {cadence}
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            target: 300
            checkins:
              - {{date: 2027-01-04, value: 10}}
              - {{date: {reading}, value: 120}}
    """


def test_a_reading_older_than_the_cadence_is_reported_at_it():
    (f,) = findings(_plan(), "RA502", MARCH)
    assert (f.line, f.column) == (12, 39)
    assert f.severity.value == "warning"
    assert f.item == "o-pipeline"
    assert "was last read on 2027-02-01, 28 days before 2027-03-01" in f.message
    assert "reviewed weekly (every 7 days)" in f.message


def test_a_reading_within_the_cadence_stays_quiet():
    assert findings(_plan(reading="2027-02-22"), "RA502", MARCH) == []  # 7 days old
    assert findings(_plan(reading="2027-02-21"), "RA502", MARCH) != []  # 8 days old


def test_the_grace_option_gives_days_beyond_the_cadence():
    text = _plan(reading="2027-02-20")  # 9 days old
    assert findings(text, "RA502", _on(dt.date(2027, 3, 1), grace=2)) == []
    assert len(findings(text, "RA502", _on(dt.date(2027, 3, 1), grace=1))) == 1


def test_a_plan_without_a_cadence_is_read_against_default_days():
    text = _plan(cadence="", reading="2027-02-01")  # 28 days old: within 31
    assert findings(text, "RA502", MARCH) == []
    (f,) = findings(text, "RA502", _on(dt.date(2027, 3, 1), default_days=14))
    assert "sets no review cadence, so 14 days at most" in f.message
    assert (f.line, f.column) == (12, 39)  # the empty line stays


def test_a_latest_actual_with_its_day_is_a_reading_too():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: biweekly
    objectives:
      - id: o-pipeline
        kpis:
          - {metric: qualified leads, target: 300, actual: 90, as_of: 2027-02-01}
    """
    (f,) = findings(text, "RA502", MARCH)
    assert (f.line, f.column) == (8, 56)
    assert "every 14 days" in f.message


def test_after_the_deadline_an_old_reading_is_final_not_late():
    after = _on(dt.date(2027, 4, 15))
    assert findings(_plan(reading="2027-03-30"), "RA502", after) == []


def test_before_the_period_starts_nothing_is_due():
    text = _plan(reading="2026-11-01").replace("2027-01-04", "2026-10-01")
    assert findings(text, "RA502", _on(dt.date(2026, 12, 20))) == []


def test_a_kpi_without_readings_is_left_to_ra503():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: weekly
    objectives:
      - id: o-pipeline
        kpis:
          - {metric: qualified leads, target: 300, checkins: [{date: 2027-02-26, value: 9}]}
          - {metric: sales accepted leads, target: 90}
    """
    assert findings(text, "RA502", MARCH) == []


def test_a_plan_without_check_ins_gets_none():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      review_cadence: weekly
    objectives:
      - id: o-pipeline
        kpis:
          - {metric: qualified leads, target: 300}
    """
    assert findings(text, "RA502", MARCH) == []

"""RA501 behind-schedule: a key result's progress trails the share of its time gone,
a warning when at risk and an error when off track, at the latest reading."""

import datetime as dt

from conftest import findings
from ramaudit.config.effective import Config

MARCH = Config(as_of=dt.date(2027, 3, 1))  # by the end of 1 March, 60 of the quarter's 90 days: 67%


def _plan(value: str, confidence: str = "") -> str:
    extra = f", confidence: {confidence}" if confidence else ""
    return f"""
    plan:
      name: Plan
      period: {{start: 2027-01-01, end: 2027-03-31}}
    objectives:
      - id: o-pipeline
        kpis:
          - metric: qualified leads
            baseline: 0
            target: 300
            checkins:
              - {{date: 2027-01-31, value: 20}}
              - {{date: 2027-02-28, value: {value}{extra}}}
    """


def test_a_key_result_far_behind_is_off_track_as_an_error_at_its_latest_reading():
    (f,) = findings(_plan("60"), "RA501", MARCH)
    assert (f.line, f.column) == (12, 39)
    assert f.severity.value == "error"
    assert f.item == "o-pipeline"
    assert "is off track: 20% of the way to its target with 67% of its time gone" in f.message


def test_a_key_result_a_little_behind_is_at_risk_as_a_warning():
    (f,) = findings(_plan("150"), "RA501", MARCH)  # 50% against 67%
    assert (f.line, f.column) == (12, 39)
    assert f.severity.value == "warning"
    assert "is at risk: 50% of the way" in f.message


def test_a_key_result_on_schedule_stays_quiet():
    assert findings(_plan("190"), "RA501", MARCH) == []  # 63% against 67%
    assert findings(_plan("400"), "RA501", MARCH) == []  # beyond the target


def test_low_confidence_alone_is_left_to_status():
    assert findings(_plan("190", "0.2"), "RA501", MARCH) == []


def test_readings_after_the_as_of_day_are_not_counted():
    early = Config(as_of=dt.date(2027, 2, 10))  # only the January reading: 7% of 45%
    (f,) = findings(_plan("300"), "RA501", early)
    assert (f.line, f.column) == (11, 39)
    assert "7% of the way" in f.message


def test_the_tolerance_and_off_track_options():
    loose = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA501": {"tolerance": 0.2}})
    assert findings(_plan("150"), "RA501", loose) == []
    wide = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA501": {"off_track": 0.5}})
    (f,) = findings(_plan("60"), "RA501", wide)
    assert f.severity.value == "warning"
    strict = Config(as_of=dt.date(2027, 3, 1), rule_options={"RA501": {"off_track": 0.1}})
    (f,) = findings(_plan("150"), "RA501", strict)
    assert f.severity.value == "error"


def test_the_configured_severity_wins_over_the_degree():
    config = Config(as_of=dt.date(2027, 3, 1), severity={"RA501": _info()})
    (f,) = findings(_plan("60"), "RA501", config)
    assert f.severity.value == "info"


def _info():
    from ramaudit.core.findings import Severity

    return Severity.INFO


def test_a_plan_without_check_ins_gets_none():
    text = """
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
    objectives:
      - id: o-pipeline
        kpis:
          - {metric: qualified leads, baseline: 0, target: 300}
    """
    assert findings(text, "RA501", MARCH) == []

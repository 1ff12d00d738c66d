"""RA307 unscheduled-tactic: a tactic with no start or end date."""

from conftest import findings, positions


def test_undated_and_half_dated_tactics_are_reported_at_their_ids():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-counter-days
      - id: t-open-ended
        start: 2027-03-01
    """
    found = findings(text, "RA307")
    assert [(f.line, f.column) for f in found] == [(4, 9), (5, 9)]
    assert found[0].severity.value == "info"
    assert "no start or end date" in found[0].message
    assert "no end date" in found[1].message


def test_scheduled_tactics_stay_quiet():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-a, start: 2027-03-01, end: 2027-06-30}
    """
    assert positions(text, "RA307") == []

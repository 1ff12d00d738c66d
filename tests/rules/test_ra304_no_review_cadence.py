"""RA304 no-review-cadence."""

from conftest import findings, positions


def test_plan_without_cadence_is_reported_at_the_plan_key():
    text = """
    # a comment first
    plan:
      name: Plan
    """
    (f,) = findings(text, "RA304")
    assert (f.line, f.column) == (2, 1)
    assert f.severity.value == "info"


def test_plan_with_cadence_or_without_plan_block_stays_quiet():
    assert positions("plan:\n  name: Plan\n  review_cadence: monthly\n", "RA304") == []
    assert positions("goals: []\n", "RA304") == []

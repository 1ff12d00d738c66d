"""RA310 marketing-only-plan: no stakeholder outside marketing."""

from conftest import findings, positions


def test_stakeholders_that_are_all_marketing_are_reported_at_the_list():
    text = """
    plan:
      name: Plan
      stakeholders: [marketing, Brand team, VP Marketing]
    """
    (f,) = findings(text, "RA310")
    assert (f.line, f.column) == (3, 17)
    assert f.severity.value == "info"


def test_missing_stakeholders_are_reported_at_the_plan_key():
    assert positions("plan:\n  name: Plan\n", "RA310") == [(1, 1)]


def test_any_function_outside_marketing_is_enough():
    for who in ("sales", "Finance", "Sales & Marketing", "customer service"):
        text = f"plan:\n  name: Plan\n  stakeholders: [marketing, {who}]\n"
        assert positions(text, "RA310") == [], who

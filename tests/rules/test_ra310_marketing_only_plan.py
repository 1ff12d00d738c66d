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


def test_a_stakeholder_is_marketing_only_as_a_whole_function():
    # Each of these merely mentions marketing or a marketing word; none is marketing.
    for who in (
        "Head of Digital Sales",
        "Finance (marketing controller)",
        "Digital Products",
        "Sales Enablement (marketing)",
    ):
        text = f"plan:\n  name: Plan\n  stakeholders: [marketing, {who}]\n"
        assert positions(text, "RA310") == [], who


def test_titles_and_teams_of_marketing_are_still_marketing():
    text = """
    plan:
      name: Plan
      stakeholders: [Head of Marketing, Demand Gen team, Product Marketing, CMO]
    """
    (f,) = findings(text, "RA310")
    assert (f.line, f.column) == (3, 17)


def test_marketing_and_its_agency_are_still_marketing_only():
    # An agency works for marketing: naming it brings no sales, finance or service view.
    text = """
    plan:
      name: Plan
      stakeholders: [Marketing, Agency, SEO lead]
    """
    (f,) = findings(text, "RA310")
    assert (f.line, f.column) == (3, 17)

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


def _plan(contributors: str, where: str = "objectives") -> str:
    return (
        "version: 2\n"
        "plan:\n"
        "  name: Plan\n"
        "  stakeholders: [marketing]\n"
        f"{where}:\n"
        f"  - id: x-a\n"
        f"    contributors: {contributors}\n"
    )


def test_a_contributor_outside_marketing_makes_the_plan_cross_functional():
    for where in ("objectives", "campaigns", "milestones", "tactics"):
        for who in (
            "[sales]",
            "[Finance]",
            "[Jo Bloggs (Sales)]",
            "[Head of Customer Success]",
            "[marketing, Product]",
        ):
            assert positions(_plan(who, where), "RA310") == [], (where, who)


def test_contributors_inside_marketing_or_of_no_known_function_do_not_count():
    # People, a team's initials and an agency's name say nothing of their function
    # (the GitLab OKR pages list contributors as "MSD, PMM" and an agency, ROIDNA).
    for who in (
        "[brand, Demand Gen team]",
        "[Jo Bloggs]",
        "[Ines Park (Paid Media)]",
        "[TBD]",
        "[MSD, PMM]",
        "[ROIDNA]",
        "[Product Marketing]",
    ):
        (f,) = findings(_plan(who), "RA310")
        assert (f.line, f.column) == (4, 17), who
        assert f.message == (
            "every stakeholder (marketing) is marketing itself and no contributor works "
            "outside it; add the functions the plan depends on, such as sales, finance or "
            "operations"
        )


def test_with_no_stakeholders_the_message_names_the_contributors_too():
    text = """
    plan:
      name: Plan
    tactics:
      - {id: t-a, contributors: [content]}
    """
    (f,) = findings(text, "RA310")
    assert (f.line, f.column) == (1, 1)
    assert f.message.startswith(
        "the plan names no stakeholders outside marketing and no contributor works outside it; "
    )


def test_a_contributors_value_that_is_not_a_list_is_left_to_ra002():
    text = _plan("{team: sales}")
    assert positions(text, "RA002") != []
    assert positions(text, "RA310") == [(4, 17)]

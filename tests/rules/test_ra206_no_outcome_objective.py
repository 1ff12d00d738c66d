"""RA206 no-outcome-objective: a plan with no objective measured on an outcome."""

from conftest import findings, positions


def test_plan_whose_objectives_measure_only_activity_is_reported_at_the_objectives_list():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-reach
        kpis:
          - {metric: impressions, target: 1000000}
      - id: o-recall
        kpis:
          - {metric: aided recall, target: 30}
    """
    (f,) = findings(text, "RA206")
    assert (f.line, f.column) == (3, 1)
    assert f.severity.value == "warning"
    assert "none of the plan's 2 objectives" in f.message


def test_nested_objectives_are_reported_at_the_first_one():
    text = """
    plan:
      name: Plan
    goals:
      - id: g-a
        objectives:
          - id: o-reach
            kpis: [{metric: impressions}]
    """
    (f,) = findings(text, "RA206")
    assert (f.line, f.column) == (6, 13)
    assert "only objective" in f.message


def test_plan_without_objectives_is_reported_at_the_plan_key():
    assert positions("plan:\n  name: Plan\n", "RA206") == [(1, 1)]


def test_one_outcome_objective_is_enough_in_any_spelling():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-reach
        kpis: [{metric: impressions}]
      - id: o-leads
        kpis: [{metric: Sales_Qualified_Leads}]
    """
    assert positions(text, "RA206") == []


def test_a_file_without_a_plan_block_is_left_to_ra002():
    assert positions("goals: []\n", "RA206") == []


def test_conversion_actions_are_outcomes():
    for metric in (
        "demo requests",
        "trial signups",
        "meetings booked",
        "PQLs",
        "quote requests",
        "inbound calls",
        "consultations booked",
    ):
        text = f"""
        plan:
          name: Plan
        objectives:
          - id: o-a
            kpis: [{{metric: {metric}, target: 10}}]
        """
        assert positions(text, "RA206") == [], metric


def test_an_outcome_word_in_front_of_page_views_is_no_outcome():
    text = """
    plan:
      name: Plan
    objectives:
      - id: o-a
        kpis: [{metric: orders page views, target: 10}]
    """
    assert positions(text, "RA206") == [(3, 1)]

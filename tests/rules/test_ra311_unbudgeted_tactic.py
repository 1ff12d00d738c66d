"""RA311 unbudgeted-tactic: a tactic without a budget in a budgeted plan."""

from conftest import findings, positions

TEXT = """
plan:
  name: Plan
  budget: 80000
tactics:
  - id: t-webinars
  - id: t-free
    budget: 0
"""


def test_tactic_without_budget_is_reported_at_its_id():
    (f,) = findings(TEXT, "RA311")
    assert (f.line, f.column) == (5, 9)
    assert f.severity.value == "info"


def test_plan_without_budget_stays_quiet():
    assert positions(TEXT.replace("  budget: 80000\n", ""), "RA311") == []


def test_a_tactic_in_a_campaign_with_a_budget_is_budgeted_through_it():
    text = """
    version: 2
    plan:
      name: Plan
      budget: 100000
    campaigns:
      - id: c-funded
        budget: 30000
        tactics:
          - id: t-nested
      - id: c-unfunded
        tactics:
          - id: t-unfunded
    tactics:
      - {id: t-named, campaign: c-funded}
      - {id: t-alone}
    """
    found = findings(text, "RA311")
    assert [(f.line, f.column) for f in found] == [(12, 13), (15, 10)]
    assert [f.item for f in found] == ["t-unfunded", "t-alone"]

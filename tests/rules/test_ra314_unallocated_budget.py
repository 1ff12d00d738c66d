"""RA314 unallocated-budget: much of the plan budget is put on nothing."""

import textwrap

from conftest import findings, positions
from ramaudit.config.effective import Config
from ramaudit.rules.unallocated_budget import UnallocatedBudget

TEXT = """
version: 2
plan:
  name: Plan
  budget: 500000
  currency: EUR
campaigns:
  - id: c-launch
    budget: 40000
tactics:
  - {id: t-ads, budget: 60000}
budget_lines:
  - {id: b-salaries, kind: salaries, amount: 200000}
"""


def test_a_large_unallocated_share_is_reported_at_the_plan_budget():
    (f,) = findings(TEXT, "RA314")
    assert (f.line, f.column) == (4, 11)
    assert f.severity.value == "info"
    assert f.message == (
        "200,000 EUR of the plan budget of 500,000 EUR (40%) is allocated to nothing: "
        "tactics, campaigns and budget lines add up to 300,000 EUR; put the rest on the "
        "tactics, campaigns or budget lines that will spend it, or lower the budget"
    )


def test_the_share_option_sets_how_much_may_be_left():
    assert findings(TEXT, "RA314", Config(rule_options={"RA314": {"share": 0.4}})) == []
    assert len(findings(TEXT, "RA314", Config(rule_options={"RA314": {"share": 0.39}}))) == 1


def test_a_plan_within_the_share_or_over_budget_stays_quiet():
    assert positions(TEXT.replace("200000", "260000"), "RA314") == []
    assert positions(TEXT.replace("200000", "900000"), "RA314") == []  # RA305's
    assert positions(TEXT.replace("  budget: 500000\n", ""), "RA314") == []
    assert positions(TEXT.replace("budget: 500000", "budget: 0"), "RA314") == []


def test_only_format_2_plans_are_judged():
    v1 = """
    plan:
      name: Plan
      budget: 100000
    tactics:
      - {id: t-ads, budget: 20000}
    """
    assert positions(v1, "RA314") == []
    plain = textwrap.dedent(v1).lstrip()
    assert positions("version: 2\n" + plain, "RA314") == [(4, 11)]
    # A plan that declares budget lines uses format 2 without saying so.
    assert positions(plain + "budget_lines:\n  - {id: b-a, amount: 10000}\n", "RA314") == [(3, 11)]


def test_the_rule_says_it_belongs_to_format_2():
    assert UnallocatedBudget.since_format == 2

"""Random-act spend: the budget carried by orphan tactics (RA101), in the library, the
text summary and JSON."""

from __future__ import annotations

import json

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import audit
from ramaudit.report import RenderOptions, html, markdown, render
from ramaudit.report.text import ram_headline

PLAN = """
plan:
  name: Spend plan
  currency: EUR
goals:
  - id: g-pipeline
objectives:
  - id: o-leads
    goals: g-pipeline
  - id: o-buzz
tactics:
  - id: t-webinars
    objectives: o-leads
    budget: 20000
  - id: billboard
    budget: 10000
  - id: tiktok-dance
    objectives: o-buzz
    budget: 2000
  - id: t-unbudgeted-orphan
"""


def test_amount_share_currency_and_tactics_are_those_of_the_orphans():
    result = audit_yaml(PLAN)
    spend = result.ram_spend
    orphans = [f.item for f in result.findings if f.code == "RA101"]
    assert list(spend.tactics) == orphans == ["billboard", "tiktok-dance", "t-unbudgeted-orphan"]
    assert (spend.amount, spend.total, spend.currency) == (12000, 32000, "EUR")
    assert spend.share == 12000 / 32000
    assert spend.to_dict() == {
        "amount": 12000,
        "total": 32000,
        "share": 0.375,
        "currency": "EUR",
        "tactics": ["billboard", "tiktok-dance", "t-unbudgeted-orphan"],
        "unbudgeted": ["t-unbudgeted-orphan"],
        "accepted": [],
        "accepted_amount": 0,
    }


def test_text_summary_has_the_headline_in_the_issue_wording():
    result = audit_yaml(PLAN)
    # An orphan with no budget makes the known amount a lower bound, and the headline
    # says so.
    assert ram_headline(result.ram_spend) == (
        "at least 12,000 of 32,000 EUR (38%) funds random acts of marketing, and 1 of them has "
        "no budget: billboard, tiktok-dance, t-unbudgeted-orphan"
    )
    text = render("text", [result], RenderOptions(color=False, width=200))
    assert (
        "Spend on random acts of marketing (RAM spend): at least 12,000 of 32,000 EUR (38%) "
        "funds random acts of marketing" in text
    )
    assert (
        "3 random acts of marketing carrying at least 12,000 EUR (38% of tactic budget), "
        "1 with no budget" in text
    )


def test_fully_budgeted_orphans_give_the_plain_headline():
    result = audit_yaml(PLAN.replace("  - id: t-unbudgeted-orphan\n", ""))
    assert result.ram_spend.unbudgeted == ()
    assert ram_headline(result.ram_spend) == (
        "12,000 of 32,000 EUR (38%) funds random acts of marketing: billboard, tiktok-dance"
    )
    text = render("text", [result], RenderOptions(color=False, width=200))
    assert "2 random acts of marketing carrying 12,000 EUR (38% of tactic budget)" in text


def test_unbudgeted_orphans_never_show_as_zero_percent():
    result = audit_yaml("""
    plan:
      name: Plan
      budget: 100000
    goals:
      - id: g
        objectives:
          - id: o
            tactics:
              - {id: t-traced, budget: 10000}
    tactics:
      - id: t-billboard
    """)
    headline = ram_headline(result.ram_spend)
    assert headline == (
        "1 random act of marketing with no budget, so what it spends is unknown: t-billboard"
    )
    assert "0%" not in headline
    doc = json.loads(render("json", [result]))
    assert doc["files"][0]["ram_spend"]["unbudgeted"] == ["t-billboard"]
    text = render("text", [result], RenderOptions(color=False, width=200))
    assert "1 random act of marketing, 1 with no budget" in text and "0%" not in text


def test_json_carries_ram_spend_per_file():
    doc = json.loads(render("json", [audit_yaml(PLAN)]))
    spend = doc["files"][0]["ram_spend"]
    assert spend["amount"] == 12000 and spend["share"] == 0.375 and spend["currency"] == "EUR"
    assert spend["tactics"] == ["billboard", "tiktok-dance", "t-unbudgeted-orphan"]


def test_orphans_without_budget_are_still_named():
    result = audit_yaml("""
    plan:
      name: Plan
    tactics:
      - id: t-a
      - id: t-b
    """)
    assert result.ram_spend.amount == 0 and result.ram_spend.share == 0
    assert ram_headline(result.ram_spend) == (
        "2 random acts of marketing with no budget, so what they spend is unknown: t-a, t-b"
    )


def test_long_lists_are_shortened_in_the_headline():
    tactics = "".join(f"  - {{id: t-{i}, budget: 10}}\n" for i in range(7))
    result = audit_yaml("plan:\n  name: Plan\ntactics:\n" + tactics)
    assert ram_headline(result.ram_spend).endswith("t-0, t-1, t-2, t-3, t-4 and 2 more")


def test_nested_tactics_under_an_orphan_objective_count():
    result = audit_yaml("""
    plan:
      name: Plan
    objectives:
      - id: o-lost
        tactics:
          - {id: t-nested, budget: 500}
    """)
    assert result.ram_spend.tactics == ("t-nested",)
    assert result.ram_spend.amount == 500


def test_a_plan_without_random_acts_has_no_headline():
    result = audit(EXAMPLES / "saas-demand-gen.yaml")
    assert result.ram_spend.tactics == () and result.ram_spend.amount == 0
    assert ram_headline(result.ram_spend) is None


def test_the_random_acts_example():
    spend = audit(EXAMPLES / "random-acts.yaml").ram_spend
    assert spend.amount == 325000 and spend.total == 370000
    assert spend.tactics == (
        "t-highway-billboard",
        "t-tiktok-dance",
        "t-expo-booth",
        "t-influencer-seeding",
        "t-branded-merch",
        "t-sampling-tour",
    )


def test_a_plan_that_does_not_parse_has_no_spend():
    assert audit_yaml('plan: {name: "x\n').ram_spend is None


V2_PLAN = """
version: 2
plan: {name: Spend plan v2, currency: EUR, budget: 500000}
goals: [{id: g}]
objectives:
  - id: o
    goals: g
    campaigns:
      - {id: c-launch, budget: 30000}
tactics:
  - {id: t-webinar, objectives: o, budget: 20000}
  - {id: billboard, budget: 10000}
campaigns:
  - {id: c-stray, budget: 5000}
budget_lines:
  - {id: b-salaries, kind: salaries, amount: 210000}
  - {id: b-tools, kind: tools, amount: 15000}
"""


def test_budget_lines_are_planned_spend_never_random_acts():
    spend = audit_yaml(V2_PLAN).ram_spend
    assert spend.lines == 225000 and spend.campaigns == 35000
    # The planned spend holds tactics, campaigns and budget lines; a campaign with a
    # budget that serves no objective is a random act, a budget line never is.
    assert spend.total == 20000 + 10000 + 35000 + 225000
    assert list(spend.tactics) == ["billboard", "c-stray"]
    assert spend.amount == 15000
    data = spend.to_dict()
    assert (data["budget_lines"], data["campaigns"]) == (225000, 35000)


def test_budget_lines_have_a_line_of_their_own_in_every_output():
    result = audit_yaml(V2_PLAN)
    wanted = "225,000 EUR of 290,000 EUR planned spend (78%), never random acts of marketing"
    text = render("text", [result], RenderOptions(color=False, width=200))
    assert f"Budget lines (salaries, tools, retainers): {wanted}" in text
    assert "(5% of planned spend)" in text
    for fmt, module in (("markdown", markdown), ("html", html)):
        out = module.render([result], RenderOptions(color=False))
        if fmt == "html":
            out = out.replace("&#x27;", "'")
        assert "Budget lines (salaries, tools, retainers): " + wanted in out, fmt
        assert "of 290,000 EUR planned spend (5%) funds 2 random acts" in out, fmt
    doc = json.loads(render("json", [result], RenderOptions()))
    assert doc["files"][0]["ram_spend"]["budget_lines"] == 225000
    assert doc["summary"]["ram_spend"][0]["budget_lines"] == 225000


def test_a_version_1_plan_has_no_budget_line_figures():
    spend = audit_yaml(PLAN).ram_spend
    assert spend.lines is None and spend.campaigns is None
    assert "budget_lines" not in spend.to_dict() and "campaigns" not in spend.to_dict()
    text = render("text", [audit_yaml(PLAN)], RenderOptions(color=False, width=200))
    assert "Budget lines" not in text and "tactic budget)" in text


def test_a_stray_campaign_is_accepted_by_its_own_rule_only():
    suppressed = V2_PLAN.replace(
        "  - {id: c-stray, budget: 5000}",
        "  - {id: c-stray, budget: 5000}  # ramaudit: ignore[RA108] a test of acceptance",
    )
    spend = audit_yaml(suppressed).ram_spend
    assert spend.accepted == ("c-stray",) and list(spend.tactics) == ["billboard"]
    # Hiding RA101 accepts tactics, never a campaign.
    other = V2_PLAN.replace(
        "  - {id: c-stray, budget: 5000}",
        "  - {id: c-stray, budget: 5000}  # ramaudit: ignore[RA101] not its rule",
    )
    assert list(audit_yaml(other).ram_spend.tactics) == ["billboard", "c-stray"]


def test_a_campaign_budget_holds_its_tactics_budgets():
    # The launch's 30,000 is the money for its webinar and ads, not 30,000 more: only
    # what it holds beyond them (5,000) is spend of its own. A campaign whose tactics
    # ask for more than its budget adds nothing.
    spend = audit_yaml("""
        version: 2
        plan: {name: P}
        goals: [{id: g}]
        objectives:
          - id: o
            goals: g
            campaigns:
              - id: c-launch
                budget: 30000
                tactics:
                  - {id: t-webinar, budget: 5000}
                  - {id: t-ads, budget: 20000}
              - id: c-small
                budget: 1000
        tactics:
          - {id: t-print, objectives: o, campaign: c-small, budget: 1500}
    """).ram_spend
    assert spend.campaigns == 5000
    assert spend.total == 5000 + 20000 + 1500 + 5000
    assert spend.tactics == ()

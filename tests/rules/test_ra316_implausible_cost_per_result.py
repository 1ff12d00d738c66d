"""RA316 implausible-cost-per-result: a budget and a target that imply a cost per result
outside the range configured (or built in) for the metric."""

from conftest import findings, positions
from ramaudit.config.effective import Config
from ramaudit.core.benchmarks import Benchmark, Benchmarks
from ramaudit.rules.implausible_cost_per_result import ImplausibleCostPerResult

TEXT = """
version: 2
plan:
  name: Plan
  currency: EUR
objectives:
  - id: o-pipeline
    kpis:
      - metric: qualified leads
        target: 1000
    tactics:
      - id: t-ads
        budget: 30000
        kpis:
          - {metric: MQLs from paid search, baseline: 100, target: 400}
      - id: t-events
        budget: 20000
        kpis:
          - {metric: qualified leads, target: 50}
"""


def qualified(low: float | None, high: float | None, **options: object) -> Config:
    ranges = Benchmarks().with_config({"qualified leads": Benchmark("qualified leads", low, high)})
    return Config(benchmarks=ranges, rule_options={"RA316": options} if options else {})


def test_costs_outside_the_range_are_reported_at_the_kpi_target():
    found = findings(TEXT, "RA316", qualified(80, 300))
    assert [(f.line, f.column, f.item) for f in found] == [
        (9, 17, "o-pipeline"),  # 50,000 EUR for 1,000: 50 EUR each, too cheap
        (18, 47, "t-events"),  # 20,000 EUR for 50: 400 EUR each, too dear
    ]
    cheap, dear = found
    assert cheap.severity.value == "warning"
    assert cheap.message == (
        "KPI 'qualified leads' of objective 'o-pipeline' asks for 1,000 results from "
        "50,000 EUR: 50 EUR each, below the plausible range (80 to 300 EUR per result for "
        "'qualified leads'): a target too cheap to believe; raise the budget or lower the "
        "target, or set the range in [tool.ramaudit.benchmarks]"
    )
    assert dear.message.startswith(
        "KPI 'qualified leads' of tactic 't-events' asks for 50 results from 20,000 EUR: "
        "400 EUR each, above the plausible range (80 to 300 EUR"
    )
    assert "the money buys too little; lower the budget or raise the target" in dear.message


def test_new_results_are_the_target_less_the_baseline():
    # t-ads: 30,000 EUR for 400 - 100 = 300 new MQLs is 100 EUR each.
    (f,) = [f for f in findings(TEXT, "RA316", qualified(120, None)) if f.item == "t-ads"]
    assert (f.line, f.column) == (14, 68)
    assert (
        "asks for 300 new results (target 400 over a baseline of 100) from 30,000 EUR: "
        "100 EUR each, below the plausible range (at least 120 EUR per result for "
        "'qualified leads')"
    ) in f.message
    assert [f.item for f in findings(TEXT, "RA316", qualified(80, None))] == ["o-pipeline"]
    # Counting the whole target, 400 MQLs for 30,000 EUR is 75 EUR each.
    whole = findings(TEXT, "RA316", qualified(80, None, counted="target"))
    assert [f.item for f in whole] == ["o-pipeline", "t-ads"]
    assert "asks for 400 results from 30,000 EUR: 75 EUR each" in whole[1].message


def test_costs_inside_the_range_or_the_tolerance_stay_quiet():
    assert findings(TEXT, "RA316", qualified(40, 500)) == []
    assert findings(TEXT, "RA316", qualified(80, 300, tolerance=0.4)) == []
    assert len(findings(TEXT, "RA316", qualified(80, 300, tolerance=0.35))) == 1


def test_the_built_in_range_judges_leads_in_us_dollars_only():
    text = """
    version: 2
    plan:
      name: Plan
    tactics:
      - id: t-ads
        budget: 10000
        kpis:
          - metric: webinar leads
            target: 2000
          - metric: sales accepted leads
            target: 2000
    """
    (f,) = findings(text, "RA316")
    assert (f.line, f.column) == (9, 17)
    assert "5 USD each, below the plausible range (21.12 to 132.95 USD per result for " in (
        f.message
    )
    # The figures are dollars: a plan in euros is not judged by them.
    assert positions(text.replace("  name: Plan", "  name: Plan\n  currency: EUR"), "RA316") == []
    # A configured range for leads is in the plan's currency, and replaces the built-in one.
    none = Config(benchmarks=Benchmarks().with_config({"leads": None}))
    assert findings(text, "RA316", none) == []


def test_what_has_no_cost_per_result_is_left_alone():
    text = """
    version: 2
    plan:
      name: Plan
    tactics:
      - id: t-ads
        budget: 10000
        kpis:
          - {metric: leads, target: 2000, confidential: true}
          - {metric: lead conversion rate, target: 2000}
          - {metric: leads, target: 2000, unit: "%"}
          - {metric: cost per lead, target: 2}
          - {metric: impressions, target: 2000}
          - {metric: leads, baseline: 3000, target: 2000}
      - id: t-free
        kpis:
          - {metric: leads, target: 2000}
    """
    assert positions(text, "RA316") == []


def test_a_campaign_counts_its_budget_or_else_its_tactics():
    text = """
    version: 2
    plan:
      name: Plan
    campaigns:
      - id: c-launch
        kpis:
          - {metric: leads, target: 1000}
        tactics:
          - {id: t-a, budget: 4000}
          - {id: t-b, budget: 6000}
    """
    (f,) = findings(text, "RA316")
    assert (f.line, f.column) == (7, 33)
    assert "of campaign 'c-launch' asks for 1,000 results from 10,000 USD: 10 USD each" in (
        f.message
    )
    budgeted = text.replace("  - id: c-launch\n", "  - id: c-launch\n    budget: 60000\n")
    assert positions(budgeted, "RA316") == []  # 60 USD a lead


def test_only_format_2_plans_are_judged_unless_selected():
    v1 = """
    plan:
      name: Plan
    tactics:
      - id: t-ads
        budget: 10000
        kpis:
          - {metric: leads, target: 2000}
    """
    assert positions(v1, "RA316") == []
    explicit = Config(select=("RA316",))
    assert [(f.line, f.column) for f in findings(v1, "RA316", explicit)] == [(7, 33)]
    assert ImplausibleCostPerResult.since_format == 2


def test_numbers_no_plan_means_literally_are_written_short():
    text = """
    version: 2
    plan:
      name: Plan
    tactics:
      - id: t-ads
        budget: 1e-300
        kpis:
          - {metric: leads, target: 1e300}
    """
    (f,) = findings(text, "RA316")
    assert (f.line, f.column) == (8, 33)
    assert "asks for 1e+300 results from 0 USD: 1e-600" not in f.message
    assert f.message.startswith("KPI 'leads' of tactic 't-ads' asks for 1e+300 results from ")

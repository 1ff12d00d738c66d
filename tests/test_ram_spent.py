"""The RAM headline says spent, not only planned: in a plan that records spend, the
RAM spend carries what random acts have spent by the as-of day (from the status the
rules read), and the text and JSON outputs say so. A plan without spend reads as it
always did."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import jsonschema
from typer.testing import CliRunner

from conftest import audit_yaml
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.schemas import shipped_schema
from ramaudit.report.ram import ram_headline
from test_format_json import closed

MARCH = Config(as_of=dt.date(2027, 3, 1))

PLAN = textwrap.dedent("""
    version: 2
    plan:
      name: Plan
      period: {start: 2027-01-01, end: 2027-03-31}
      currency: EUR
    goals:
      - id: g-revenue
    objectives:
      - id: o-pipeline
        goals: [g-revenue]
    tactics:
      - id: t-trade-show
        budget: 20000
        spent: 12000
      - id: t-swag
        budget: 1000
        expenses: [{date: 2027-02-01, amount: 300}, {date: 2027-03-20, amount: 500}]
      - id: t-search
        objectives: [o-pipeline]
        budget: 9000
        spent: 4000
    """)


def test_the_ram_spend_carries_what_random_acts_spent_by_the_as_of_day():
    spend = audit_yaml(PLAN, MARCH).ram_spend
    assert spend is not None
    assert spend.spent == 12300 and spend.spent_on == ("t-trade-show", "t-swag")
    data = spend.to_dict()
    assert (data["spent"], data["spent_on"]) == (12300, ["t-trade-show", "t-swag"])
    assert data["amount"] == 21000  # the planned figure is unchanged


def test_the_headline_says_spent():
    line = ram_headline(audit_yaml(PLAN, MARCH).ram_spend)
    assert line == (
        "21,000 of 30,000 EUR (70%) funds random acts of marketing: t-trade-show, t-swag; "
        "12,300 EUR already spent on random acts: t-trade-show, t-swag"
    )


def test_nothing_spent_yet_is_said_too():
    early = Config(as_of=dt.date(2027, 1, 15))  # spent has no day: counted whatever the day
    text = PLAN.replace("    spent: 12000\n", "")
    line = ram_headline(audit_yaml(text, early).ram_spend)
    assert line is not None and line.endswith("; nothing spent on random acts yet")


def test_an_accepted_random_act_is_not_counted_as_spent():
    text = PLAN.replace(
        "  - id: t-trade-show\n", "  - id: t-trade-show  # ramaudit: ignore[RA101] a test\n"
    )
    spend = audit_yaml(text, MARCH).ram_spend
    assert spend is not None and spend.accepted == ("t-trade-show",)
    assert spend.spent == 300 and spend.spent_on == ("t-swag",)


def test_a_plan_without_spend_reads_as_before():
    text = "plan:\n  name: Plan\ntactics:\n  - {id: t-a, budget: 100}\n"
    spend = audit_yaml(text, MARCH).ram_spend
    assert spend is not None and spend.spent is None
    assert "spent" not in spend.to_dict() and "spent_on" not in spend.to_dict()
    assert ram_headline(spend) == "100 of 100 USD (100%) funds random acts of marketing: t-a"


def test_text_and_json_check_output(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN)
    runner = CliRunner()
    text = runner.invoke(app, ["check", str(path), "--as-of", "2027-03-01"], env={"NO_COLOR": "1"})
    assert "12,300 EUR already spent on random acts:" in " ".join(text.output.split())
    out = runner.invoke(app, ["check", str(path), "--as-of", "2027-03-01", "--format", "json"])
    doc = json.loads(out.stdout)
    assert doc["files"][0]["ram_spend"]["spent"] == 12300
    jsonschema.Draft202012Validator(closed(shipped_schema("results"))).validate(doc)

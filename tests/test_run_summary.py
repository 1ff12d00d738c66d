"""The run summary adds up random-act spend over every plan of the run, per currency,
and counts as random acts only those no suppression or baseline accepted."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import audit, run_spend
from ramaudit.cli import app
from ramaudit.report import RenderOptions, render
from ramaudit.report.text import summary_line


def plan(name: str, currency: str, aligned: int, orphans: int, budget: int = 1000) -> str:
    tactics = "".join(
        f"  - {{id: t-ok-{i}, objectives: o1, budget: {budget}}}\n" for i in range(aligned)
    ) + "".join(f"  - {{id: t-orphan-{i}, budget: {budget}}}\n" for i in range(orphans))
    return (
        f"plan: {{name: {name}, currency: {currency}}}\n"
        "goals: [{id: g1}]\n"
        "objectives: [{id: o1, goals: g1}]\n"
        f"tactics:\n{tactics}"
    )


def test_the_share_is_that_of_the_whole_run_not_of_the_plans_with_random_acts():
    # One plan of 8 tactics, 7 of them random acts (88%); three clean plans of 6 each.
    results = [audit_yaml(plan("Messy", "USD", 1, 7), path="a.yaml")] + [
        audit_yaml(plan(f"Clean {i}", "USD", 6, 0), path=f"c{i}.yaml") for i in range(3)
    ]
    (usd,) = run_spend(results)
    assert (usd.amount, usd.total, usd.tactics, usd.plans) == (7000, 26000, 7, 4)
    line = summary_line(results).plain
    assert "7 random acts of marketing carrying 7,000 USD (27% of tactic budget)" in line
    assert "88%" not in line


def test_mixed_currencies_are_summed_each_on_its_own():
    results = [
        audit_yaml(plan("Dollars", "USD", 3, 1), path="a.yaml"),
        audit_yaml(plan("Euros", "EUR", 1, 1, budget=500), path="b.yaml"),
        audit_yaml(plan("More dollars", "USD", 4, 0), path="c.yaml"),
    ]
    assert [(s.currency, s.amount, s.total) for s in run_spend(results)] == [
        ("USD", 1000, 8000),
        ("EUR", 500, 1000),
    ]
    line = summary_line(results).plain
    assert (
        "2 random acts of marketing carrying 1,000 USD (12% of the USD tactic budget) and "
        "500 EUR (50% of the EUR tactic budget)"
    ) in line
    doc = json.loads(render("json", results, RenderOptions()))
    assert [
        (s["currency"], s["amount"], s["total"], s["share"]) for s in doc["summary"]["ram_spend"]
    ] == [
        ("USD", 1000, 8000, 0.125),
        ("EUR", 500, 1000, 0.5),
    ]


def test_accepted_random_acts_are_not_counted_but_reported():
    text = plan("Accepted", "USD", 2, 4).replace(
        "  - {id: t-orphan-0,",
        "  - # ramaudit: ignore[RA101] sponsorship contract\n    {id: t-orphan-0,",
    )
    text = "# ramaudit: ignore-file[RA101] reviewed\n" + text
    result = audit_yaml(text)
    spend = result.ram_spend
    assert spend.tactics == () and len(spend.accepted) == 4
    out = render("text", [result], RenderOptions(color=False))
    assert "random acts of marketing carrying" not in out
    assert "4 tactics that trace to no goal accepted by suppressions or the baseline" in out


def test_some_accepted_some_counted_in_headline_summary_and_json(tmp_path):
    lines = plan("Half", "USD", 2, 6).splitlines(keepends=True)
    # Suppress three of the six orphans, each on its own line.
    for i in range(3):
        j = next(k for k, line in enumerate(lines) if f"t-orphan-{i}," in line)
        lines[j] = lines[j].rstrip("\n") + "  # ramaudit: ignore[RA101] kept on purpose\n"
    path = tmp_path / "half.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    result = audit(path)
    spend = result.ram_spend
    assert len(spend.tactics) == 3 and len(spend.accepted) == 3
    assert (spend.amount, spend.accepted_amount, spend.total) == (3000, 3000, 8000)
    out = render("text", [result], RenderOptions(color=False))
    assert "3,000 of 8,000 USD (38%) funds random acts of marketing: t-orphan-3" in out
    assert "; 3 more accepted by suppressions or the baseline" in out
    summary = out.strip().splitlines()[-1]
    assert summary.endswith(
        "3 random acts of marketing carrying 3,000 USD (38% of tactic budget); "
        "3 more accepted by suppressions or the baseline"
    )
    doc = json.loads(render("json", [result], RenderOptions()))
    assert doc["files"][0]["ram_spend"]["accepted"] == ["t-orphan-0", "t-orphan-1", "t-orphan-2"]
    assert doc["summary"]["ram_spend"][0]["accepted"] == 3
    assert doc["summary"]["ram_spend"][0]["tactics"] == 3


def test_the_examples_folder_share_is_the_folders():
    # The case: one plan's 88% was printed for a folder whose share is 26%.
    runner = CliRunner()
    last = runner.invoke(app, ["check", str(EXAMPLES)]).stdout.strip().splitlines()[-1]
    spends = [audit(p).ram_spend for p in sorted(EXAMPLES.glob("*.yaml"))]
    usd = [s for s in spends if s.currency == "USD"]
    amount = sum(s.amount for s in usd)
    share = amount / sum(s.total for s in usd)
    assert f"carrying {amount:,.0f} USD ({share:.0%} of the USD tactic budget)" in last
    assert round(share, 2) == 0.26


def test_markdown_and_html_count_only_what_nothing_accepted():
    from ramaudit.report import html, markdown

    text = "# ramaudit: ignore-file[RA101] reviewed\n" + plan("Accepted", "USD", 2, 2)
    result = audit_yaml(text)
    for out in (markdown.render([result]), html.render([result])):
        assert "2 tactics that trace to no goal accepted by suppressions or the baseline" in out
        assert "funds 2 random acts" not in out

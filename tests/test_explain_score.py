"""`ramaudit explain-score`: every criterion with its weight, points and evidence."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import audit
from ramaudit.cli import app
from ramaudit.report.score_explained import CannotScore, explain_dict, explain_text
from ramaudit.score import QUESTIONS

RAM = EXAMPLES / "random-acts.yaml"


def test_text_shows_every_criterion_with_weight_points_and_evidence():
    result = audit(RAM)
    text = explain_text(result, width=400)  # wide enough that no cell wraps
    assert "Marketing fitness: Oatful Co. 2027 Buzz Plan" in text
    assert f"Total {result.score.total}/100" in text
    for q in result.score.questions:
        assert f"{q.title}  {q.score}/25  {q.answer.upper()}" in text
        for c in q.criteria:
            assert c.title in text and c.key in text
            assert c.evidence in text
            assert f"{c.points:.1f}" in text
    assert "falls short: t-highway-billboard, t-tiktok-dance" in text
    assert (
        "Spend on random acts of marketing (RAM spend): 325,000 of 370,000 USD (88%) funds "
        "random acts of marketing"
    ) in text


def test_dict_has_every_criterion_and_its_gaps():
    data = explain_dict(audit(RAM))
    assert data["plan"] == "Oatful Co. 2027 Buzz Plan" and data["max"] == 100
    assert [q["key"] for q in data["questions"]] == [q.key for q in QUESTIONS]
    for q, declared in zip(data["questions"], QUESTIONS, strict=True):
        assert [c["key"] for c in q["criteria"]] == [c.key for c in declared.criteria]
        assert [c["title"] for c in q["criteria"]] == [c.title for c in declared.criteria]
        assert [c["weight"] for c in q["criteria"]] == [c.weight for c in declared.criteria]
        assert q["earned"] == min(25, int(sum(c["points"] for c in q["criteria"]) + 0.5 + 1e-9))
        assert q["score"] == (min(q["earned"], 19) if q["capped_by"] else q["earned"])
    execution = data["questions"][3]["criteria"]
    (traceable,) = [c for c in execution if c["key"] == "tactics-traceable"]
    assert traceable["gaps"] == list(data["ram_spend"]["tactics"])
    (links,) = [c for c in execution if c["key"] == "clean-links"]
    assert links["gaps"] == ["t-influencer-seeding.objectives -> o-brand-awarness"]
    assert sum(q["score"] for q in data["questions"]) == data["total"]


def test_a_complete_plan_has_no_gaps():
    data = explain_dict(audit(EXAMPLES / "saas-demand-gen.yaml"))
    assert data["total"] == 100
    assert all(c["gaps"] == [] for q in data["questions"] for c in q["criteria"])


def test_placeholder_owners_earn_no_owner_points():
    plan = """
    plan:
      name: Plan
    goals:
      - id: g-a
        owner: {owner}
    """

    def owners(who: str) -> float:
        data = explain_dict(audit_yaml(plan.format(owner=who)))
        (crit,) = [c for c in data["questions"][1]["criteria"] if c["key"] == "owners"]
        return crit["fraction"]

    assert owners("TBD") == 0.0 and owners("Dana Lee") == 1.0


def test_unscorable_plans_are_refused_with_file_line_and_column():
    with pytest.raises(CannotScore, match=r"^plan\.yaml:\d+:\d+: invalid YAML"):
        explain_dict(audit_yaml('plan: {name: "x\n'))


runner = CliRunner()


def test_command_prints_the_explanation():
    out = runner.invoke(app, ["explain-score", str(RAM), "--isolated"])
    assert out.exit_code == 0, out.output
    assert "Is execution efficient" in out.stdout and "clean-links" in out.stdout


def test_command_json():
    out = runner.invoke(app, ["explain-score", str(RAM), "--format", "json", "--isolated"])
    assert out.exit_code == 0
    data = json.loads(out.stdout)
    assert data["total"] == audit(RAM).score.total
    assert data["questions"][0]["criteria"][0]["key"] == "review-cadence"


def test_command_fails_cleanly_on_bad_input(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan:\n  name: 'open\n")
    out = runner.invoke(app, ["explain-score", str(broken), "--isolated"])
    assert out.exit_code == 1  # the plan fails, as check fails it
    assert f"{broken}:" in out.stderr and "has no score" in out.stderr
    out = runner.invoke(app, ["explain-score", str(tmp_path / "missing.yaml"), "--isolated"])
    assert out.exit_code == 2
    assert "missing.yaml" in out.stderr


def _evidence(text: str) -> dict[str, str]:
    data = explain_dict(audit_yaml(text))
    return {c["key"]: c["evidence"] for q in data["questions"] for c in q["criteria"]}


def test_a_bare_plan_reads_as_plain_english():
    evidence = _evidence("plan:\n  name: Bare\n")
    assert evidence["tactics-scheduled"] == "the plan has no tactics"
    assert evidence["smart-kpis"] == "the plan has no objectives"
    assert evidence["owners"] == "the plan has no goals, objectives or tactics"
    assert evidence["segments-defined"] == "no segment defined"
    assert evidence["budget-traceable"] == "the plan has no tactics"
    for text in evidence.values():
        assert "none " not in text and "(s)" not in text


def test_counts_are_singular_or_plural():
    one = _evidence(
        "plan: {name: P}\nsegments: [{id: s1}]\ngoals: [{id: g}]\n"
        "objectives: [{id: o, goals: g}]\ntactics: [{id: t, objectives: o-gone}]\n"
    )
    assert one["segments-defined"] == "1 segment defined"
    assert one["clean-links"] == "1 link dangles, skips a level or forms a cycle"
    two = _evidence("plan: {name: P}\nsegments: [{id: s1}, {id: s2}]\n")
    assert two["segments-defined"] == "2 segments defined"


def test_partial_kpi_credit_is_stated_next_to_the_points():
    data = explain_dict(
        audit_yaml("""
        plan: {name: P}
        goals: [{id: g}]
        objectives:
          - id: o1
            goals: g
            kpis: [{metric: impressions, target: 10}]
        """)
    )
    (smart,) = [c for c in data["questions"][1]["criteria"] if c["key"] == "smart-kpis"]
    assert smart["points"] == pytest.approx(10 / 3, abs=0.01)
    assert smart["evidence"] == (
        "0 of 1 objectives (0%) trace to a goal and have a complete KPI (a baseline, a "
        "target beyond it and a deadline); partial credit for o1 (1 of 3 parts)"
    )


def test_what_falls_short_is_labelled():
    text = explain_text(audit(RAM), width=400)
    assert "falls short: t-highway-billboard" in text
    assert not re.search(r"(?<!falls )short:", text)


def test_unknown_random_act_spend_is_said_so():
    result = audit_yaml("""
    plan: {name: P, budget: 100000}
    goals: [{id: g}]
    objectives: [{id: o, goals: g}]
    tactics:
      - {id: t1, objectives: o, budget: 10000}
      - {id: t-billboard}
    """)
    text = explain_text(result, width=400)
    label = "Spend on random acts of marketing (RAM spend): "
    (ram,) = [line for line in text.splitlines() if line.startswith(label)]
    assert ram == label + (
        "1 random act of marketing with no budget, so what it spends is unknown: t-billboard"
    )
    data = explain_dict(result)
    assert data["ram_spend"]["unbudgeted"] == ["t-billboard"]
    (budget,) = [c for c in data["questions"][3]["criteria"] if c["key"] == "budget-traceable"]
    assert budget["fraction"] == 0 and budget["gaps"] == ["t-billboard"]


def test_a_file_that_is_not_a_plan_is_refused():
    with pytest.raises(CannotScore, match=r"^plan\.yaml:1:1: .*not a plan .*has no score"):
        explain_dict(audit_yaml("- just\n- a list\n"))


def test_an_invalid_review_cadence_is_not_called_missing():
    result = audit_yaml("plan: {name: P, review_cadence: annually}")
    (c,) = [c for q in result.score.questions for c in q.criteria if c.key == "review-cadence"]
    assert c.fraction == 0
    assert c.evidence == "the review cadence is not weekly, biweekly, monthly or quarterly"
    missing = audit_yaml("plan: {name: P}")
    (m,) = [c for q in missing.score.questions for c in q.criteria if c.key == "review-cadence"]
    assert m.evidence == "no review cadence"


# ---------------------------------------------------------------- why each item falls short


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shortfall_has_a_reason_and_orphans_are_named_as_such(example):
    result = audit(example)
    traceable = result.graph.traceable
    items = result.graph.items
    for q in result.score.questions:
        for c in q.criteria:
            assert len(c.reasons) == len(c.gaps), c.key
            for gap, reason in c.shortfalls:
                assert reason, (c.key, gap)
                item = items.get(gap)
                if item is None:  # a stage, a link or a plan field
                    continue
                # An item that meets what the criterion asks of it but traces to no goal
                # is said to trace to no goal, never to lack what it has.
                orphan = gap not in traceable and type(item).__name__ in ("Tactic", "Objective")
                assert ("traces to no goal" in reason) == orphan, (c.key, gap, reason)


def test_an_owned_orphan_falls_short_because_it_traces_to_no_goal():
    plan = """
    plan: {name: P}
    goals: [{id: g1, owner: Ann}]
    objectives: [{id: o1, goals: g1, owner: Ann}]
    tactics:
      - {id: t-linked, objectives: o1, owner: Ann}
      - {id: t-orphan, owner: Bea, start: 2027-01-01, end: 2027-02-01}
      - {id: t-unowned, objectives: o1, owner: TBD}
    """
    result = audit_yaml(plan)
    process = result.score.questions[0]
    owned = {c.key: c for c in process.criteria}["tactics-owned"]
    assert dict(owned.shortfalls) == {
        "t-orphan": "traces to no goal",
        "t-unowned": "its owner names nobody",
    }
    scheduled = {c.key: c for c in process.criteria}["tactics-scheduled"]
    assert dict(scheduled.shortfalls) == {
        "t-linked": "has no start or end date",
        "t-orphan": "traces to no goal",
        "t-unowned": "has no start or end date",
    }
    text = explain_text(result, width=400)
    assert "falls short: t-orphan (traces to no goal)" in text
    assert "falls short: t-unowned (its owner names nobody)" in text
    data = explain_dict(result)
    crit = {c["key"]: c for c in data["questions"][0]["criteria"]}["tactics-owned"]
    assert crit["shortfalls"] == [
        {"id": "t-orphan", "reason": "traces to no goal"},
        {"id": "t-unowned", "reason": "its owner names nobody"},
    ]


def test_kpi_shortfalls_say_what_the_kpi_lacks():
    plan = """
    plan: {name: P}
    goals: [{id: g1}]
    objectives:
      - {id: o-none, goals: g1}
      - {id: o-part, goals: g1, kpis: [{metric: pipeline, target: 10}]}
      - id: o-flat
        goals: g1
        kpis: [{metric: pipeline, baseline: 10, target: 5, deadline: 2027-12-31}]
    """
    smart = {c.key: c for c in audit_yaml(plan).score.questions[1].criteria}["smart-kpis"]
    assert dict(smart.shortfalls) == {
        "o-none": "has no KPI",
        "o-part": "its most complete KPI lacks a baseline and a deadline",
        "o-flat": "its most complete KPI lacks a target beyond its baseline",
    }

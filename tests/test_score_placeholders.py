"""Evidence or owners that say nothing earn no points (review finding)."""

from __future__ import annotations

from conftest import audit_yaml


def _criterion(result, key):
    for q in result.score.questions:
        for c in q.criteria:
            if c.key == key:
                return c
    raise KeyError(key)


def test_blank_or_placeholder_voice_of_customer_earns_nothing():
    for evidence in ('[""]', '["  "]', "[TBD]", '["n/a"]'):
        result = audit_yaml(f"""
            plan: {{name: p}}
            segments:
              - {{id: s, name: Ops leads, voice_of_customer: {evidence}}}
        """)
        assert _criterion(result, "voice-of-customer").fraction == 0, evidence
    real = audit_yaml("""
        plan: {name: p}
        segments:
          - {id: s, name: Ops leads, voice_of_customer: ["7 of 10 interviews: dispatch is manual"]}
    """)
    assert _criterion(real, "voice-of-customer").fraction == 1


def test_an_owner_that_names_nobody_earns_nothing():
    for owner in ("TBD", "-", "???"):
        result = audit_yaml(f"""
            plan: {{name: p}}
            goals: [{{id: g, owner: "{owner}"}}]
        """)
        assert _criterion(result, "owners").fraction == 0, owner
    named = audit_yaml("""
        plan: {name: p}
        goals: [{id: g, owner: Dana Ruiz}]
    """)
    assert _criterion(named, "owners").fraction == 1


def test_a_field_not_decided_yet_earns_nothing_and_says_so():
    # Format 2 reads a placeholder in a typed field as "not decided": it counts as
    # missing, and the evidence names the placeholder.
    result = audit_yaml("""
        version: 2
        plan: {name: p, budget: TBD, review_cadence: "?"}
        goals: [{id: g}]
        objectives:
          - id: o
            goals: g
            kpis: [{metric: pipeline, baseline: 10, target: 20, deadline: TBC}]
        tactics:
          - {id: t, objectives: o, budget: n/a, segment: TBD, start: TBD, end: 2027-03-31}
    """)
    shortfalls = {
        c.key: (c.fraction, c.evidence, dict(zip(c.gaps, c.reasons, strict=True)))
        for q in result.score.questions
        for c in q.criteria
    }
    assert shortfalls["review-cadence"][:2] == (0, "the review cadence is not decided (?)")
    fraction, evidence, gaps = shortfalls["budget-declared"]
    assert fraction == 0 and evidence.startswith("the plan budget is not decided (TBD)")
    assert gaps["t"] == "no budget (not decided: n/a)"
    assert shortfalls["tactics-scheduled"][2]["t"] == "its start date is not decided (TBD)"
    assert shortfalls["tactics-targeted"][2]["t"] == "aims at no segment (not decided: TBD)"
    fraction, _, gaps = shortfalls["smart-kpis"]
    assert fraction == 2 / 3
    assert gaps["o"] == "its most complete KPI lacks a deadline (not decided: TBC)"

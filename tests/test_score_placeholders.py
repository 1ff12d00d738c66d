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

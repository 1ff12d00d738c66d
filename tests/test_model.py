"""Validation item by item: one bad field costs one finding, positions are exact."""

from __future__ import annotations

from conftest import audit_yaml, findings


def test_ids_of_any_scalar_compare_as_text():
    result = audit_yaml("""
        plan: {name: p}
        goals:
          - id: 2027-01-01
          - id: yes
        objectives:
          - id: 7
            goals: [2027-01-01, yes]
            kpis: [{metric: revenue, target: 1}]
        tactics:
          - {id: t, objectives: 7}
    """)
    assert [f.code for f in result.findings if f.severity.value == "error"] == []
    assert result.graph.traceable >= {"2027-01-01", "true", "7", "t"}


def test_aliases_for_link_keys():
    result = audit_yaml("""
        plan: {name: p}
        goals: [{id: g}]
        objectives:
          - {id: o, goal: g, kpis: [{metric: revenue, target: 1}]}
          - {id: o2, parent: o, kpis: [{metric: revenue, target: 1}]}
        tactics:
          - {id: t, objective: o2, segments: []}
    """)
    assert not [f for f in result.findings if f.code in ("RA002", "RA101", "RA102")]


def test_wrong_type_points_at_the_value_and_item_survives():
    text = """
        plan: {name: p}
        tactics:
          - id: t1
            budget: twenty thousand
    """
    (f,) = findings(text, "RA002")
    assert (f.line, f.column) == (4, 13)
    assert f.pointer == "tactics[0].budget"
    assert f.item == "t1"
    assert "budget" in f.message
    # the tactic is still audited: it is an orphan
    assert findings(text, "RA101")


def test_unknown_key_points_at_the_key_with_suggestion():
    (f,) = findings(
        """
        plan: {name: p}
        tactics:
          - id: t1
            objectivs: o1
    """,
        "RA002",
    )
    assert (f.line, f.column) == (4, 5)
    assert "did you mean 'objectives'" in f.message


def test_missing_id_drops_the_item_with_a_finding():
    result = audit_yaml("""
        plan: {name: p}
        tactics:
          - name: no id here
    """)
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert (f.line, f.column) == (3, 5)
    assert "'id'" in f.message
    assert result.plan.tactics == []


def test_missing_plan_block_and_non_mapping_documents():
    (f,) = findings("goals: []\n", "RA002")
    assert "plan:" in f.message and (f.line, f.column) == (1, 1)
    (f,) = findings("- a\n- b\n", "RA002")
    assert "mapping" in f.message
    (f,) = findings("", "RA002")
    assert "empty" in f.message


def test_unknown_stage_and_synonyms():
    result = audit_yaml("""
        plan: {name: p}
        tactics:
          - {id: a, stage: reach}
          - {id: b, stage: Bottom of Funnel}
          - {id: c, stage: vibes}
    """)
    stages = [t.funnel_stage for t in result.plan.tactics]
    assert stages == ["awareness", "conversion", None]
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert (f.line, f.column) == (5, 20)


def test_stage_naming_one_stage_twice_is_accepted_and_two_stages_are_not():
    result = audit_yaml("""
        plan: {name: p}
        tactics:
          - {id: a, stage: Retention/Loyalty}
          - {id: b, stage: Awareness & Consideration}
    """)
    assert [t.funnel_stage for t in result.plan.tactics] == ["retention", None]
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert (f.line, f.column) == (4, 20)


def test_kpi_errors_are_per_kpi():
    result = audit_yaml("""
        plan: {name: p}
        objectives:
          - id: o
            kpis:
              - {target: 3}
              - {metric: revenue, target: lots}
    """)
    codes = sorted((f.line, f.column) for f in result.findings if f.code == "RA002")
    assert codes == [(5, 9), (6, 35)]
    (obj,) = result.plan.objectives
    assert [k.metric for k in obj.kpis] == ["revenue"]
    assert obj.kpis[0].target is None


def test_nan_and_negative_budgets_are_invalid():
    result = audit_yaml("""
        plan: {name: p, budget: -5}
        tactics:
          - {id: t, budget: .nan}
    """)
    assert sorted((f.line, f.column) for f in result.findings if f.code == "RA002") == [
        (1, 25),
        (3, 21),
    ]


def test_both_spellings_of_a_link_key_are_reported_and_both_links_kept():
    result = audit_yaml("""
        plan: {name: p}
        goals: [{id: g1}, {id: g2}]
        objectives:
          - {id: o, goal: g1, goals: [g2], kpis: [{metric: revenue, target: 1}]}
        tactics:
          - {id: t, objective: o, objectives: o}
    """)
    spelled = [(f.line, f.column) for f in result.findings if f.code == "RA002"]
    assert spelled == [(4, 13), (6, 13)]
    (f,) = [f for f in result.findings if (f.line, f.code) == (4, "RA002")]
    assert "'goal' and 'goals' are two spellings" in f.message
    assert sorted(result.plan.objectives[0].goals) == ["g1", "g2"]
    assert not [f for f in result.findings if f.code in ("RA101", "RA102", "RA104")]


def test_fixed_words_ignore_case_and_messages_use_the_right_article():
    result = audit_yaml("""
        plan: {name: p, review_cadence: Monthly}
        goals: [{id: g, type: Brand}]
        objectives:
          - {id: o, goals: g, bogus: 1, kpis: [{metric: churn, target: 1, direction: Decrease}]}
    """)
    assert result.plan.info.review_cadence == "monthly"
    assert result.plan.goals[0].type == "brand"
    assert result.plan.objectives[0].kpis[0].direction == "decrease"
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert "objective 'o' has an unknown key 'bogus'" in f.message


def test_usual_spellings_of_cadence_and_goal_type_are_accepted():
    result = audit_yaml("""
        plan: {name: p, review_cadence: Bi-weekly}
        goals: [{id: g, type: Market share}, {id: h, type: new_market}]
    """)
    assert result.plan.info.review_cadence == "biweekly"
    assert [g.type for g in result.plan.goals] == ["market-share", "new-market"]
    assert not [f for f in result.findings if f.code == "RA002"]
    fortnightly = audit_yaml("plan: {name: p, review_cadence: fortnightly}")
    assert fortnightly.plan.info.review_cadence == "biweekly"
    (f,) = findings("plan: {name: p, review_cadence: every two weeks}", "RA002")
    assert (f.line, f.column) == (1, 33)
    assert "holds the text 'every two weeks'" in f.message

"""Validation item by item: one bad field costs one finding, positions are exact."""

from __future__ import annotations

from conftest import audit_yaml, findings


def test_ids_are_text_or_whole_numbers_and_compare_as_text():
    # YAML 1.2: 2027-01-01, yes and 1:30 are text, 0x1F is 31 (as editors read them).
    result = audit_yaml("""
        plan: {name: p}
        goals:
          - id: 2027-01-01
          - id: yes
          - id: 1:30
        objectives:
          - id: 7
            goals: [2027-01-01, yes, "1:30"]
            kpis: [{metric: revenue, target: 1}]
          - id: 0x1F
            goals: 2027-01-01
            kpis: [{metric: revenue, target: 1}]
        tactics:
          - {id: t, objectives: [7, 31]}
    """)
    assert [f.code for f in result.findings if f.severity.value == "error"] == []
    assert result.graph.traceable >= {"2027-01-01", "yes", "1:30", "7", "31", "t"}


def test_true_false_and_fractions_are_not_ids():
    result = audit_yaml("""
        plan: {name: p}
        goals:
          - id: true
          - id: 1.10
          - id: g
        objectives:
          - {id: o, goals: [g, false], kpis: [{metric: revenue, target: 1}]}
    """)
    bad = {f.pointer: f.message for f in result.findings if f.code == "RA002"}
    assert set(bad) == {"goals[0].id", "goals[1].id", "objectives[0].goals[1]"}
    assert "write the id in quotes: 'true'" in bad["goals[0].id"]
    assert "1.10 would be read as 1.1" in bad["goals[1].id"]
    assert "'false'" in bad["objectives[0].goals[1]"]
    assert [g.id for g in result.plan.goals] == ["g"]


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


# ------------------------------------------------------------------ numbers and types
import pytest  # noqa: E402

from ramaudit.api import audit_text  # noqa: E402

# Every numeric field, as a pointer and the plan that holds VALUE there.
NUMERIC_FIELDS = {
    "plan.budget": "plan: {name: p, budget: VALUE}\n",
    "tactics[0].budget": "plan: {name: p}\ntactics:\n  - {id: t, budget: VALUE}\n",
    "objectives[0].kpis[0].target": (
        "plan: {name: p}\nobjectives:\n  - id: o\n    kpis: [{metric: leads, target: VALUE}]\n"
    ),
    "objectives[0].kpis[0].baseline": (
        "plan: {name: p}\nobjectives:\n  - id: o\n    kpis: [{metric: leads, baseline: VALUE}]\n"
    ),
}
HUGE = {
    "decimal": "9" * 5000,
    "negative decimal": "-" + "1" * 4400,
    "hex": "0x" + "F" * 4000,
    "octal": "0o" + "7" * 6000,
    "tagged": "!!int " + "9" * 5000,
    "past a float": "1" + "0" * 400,  # an int Python holds, but no float can
    "hex past a float": "0x" + "f" * 300,
}


@pytest.mark.parametrize("where", sorted(NUMERIC_FIELDS))
@pytest.mark.parametrize("form", sorted(HUGE))
def test_huge_integers_in_every_numeric_field_are_a_clear_error(where, form):
    result = audit_text(NUMERIC_FIELDS[where].replace("VALUE", HUGE[form]))
    (f,) = [f for f in result.findings if f.pointer == where]
    assert f.code == "RA002"
    assert (
        "a number with" in f.message
        and "digits" in f.message
        and where.rsplit(".", 1)[1] in f.message
    )
    assert len(f.message) < 300  # the number itself is not repeated in full
    assert not [g for g in result.findings if g.code == "RA002" and g is not f]


@pytest.mark.parametrize("form", sorted(HUGE))
def test_huge_integers_in_text_and_id_fields_never_crash(form):
    value = HUGE[form]
    text = (
        f"plan: {{name: {value}, owner: {value}, currency: {value}}}\n"
        f"goals: [{{id: {value}, name: {value}}}]\n"
        f"objectives:\n  - {{id: o, goals: [{value}],"
        f" kpis: [{{metric: {value}, unit: {value}}}]}}\n"
        f"tactics:\n  - {{id: t, objectives: o, channel: {value}, stage: {value}}}\n"
    )
    result = audit_text(text)
    assert result.error is None
    # a number is read as text in text fields; only the stage and the currency (a
    # three-letter code) are refused
    assert [f.pointer for f in result.findings if f.code == "RA002"] == [
        "plan.currency",
        "tactics[0].stage",
    ]


@pytest.mark.parametrize("where", sorted(NUMERIC_FIELDS))
@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("true", "must be a number, but it holds"),
        ("false", "must be a number, but it holds"),
        ('"25000"', "write it without quotes"),
        ("'1.5e3'", "write it without quotes"),
        ("yes", "must be a number"),
        ("1:30", "must be a number"),
        ("1_000", "must be a number"),
        ("'$120,000'", "must be a number"),
        ("0b" + "1" * 20000, "must be a number"),  # binary and sexagesimal are text in 1.2
        ("1:" * 3000 + "30", "must be a number"),
        (".nan", "finite number"),
        (".inf", "finite number"),
        ("-.inf", "finite number"),
        ("1e400", "finite number"),
        ("[1, 2]", None),
        ("{a: 1}", None),
    ],
)
def test_wrong_types_in_numeric_fields_are_errors_not_coercions(where, value, words):
    result = audit_text(NUMERIC_FIELDS[where].replace("VALUE", value))
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert f.pointer == where
    if words:
        assert words in f.message
    if words == "write it without quotes":
        assert f"{where.rsplit('.', 1)[1]}: {value.strip(chr(34) + chr(39))}" in f.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("010", 10.0), ("0o17", 15.0), ("0x1F", 31.0), ("25000", 25000.0), ("1.5e3", 1500.0)],
)
def test_yaml_1_2_numbers_in_numeric_fields(value, expected):
    result = audit_text(f"plan: {{name: p, budget: {value}}}\n")
    assert not [f for f in result.findings if f.code == "RA002"]
    assert result.plan.info.budget == expected


def test_budget_true_is_not_one_dollar():
    result = audit_text(
        "plan: {name: p, budget: 10}\ngoals: [{id: g}]\n"
        "objectives: [{id: o, goals: g}]\ntactics: [{id: t, objectives: o, budget: true}]\n"
    )
    assert result.plan.tactics[0].budget is None
    assert [f.code for f in result.findings if f.pointer == "tactics[0].budget"] == ["RA002"]
    assert not [f for f in result.findings if f.code == "RA105" or "over" in f.message.lower()]


DATE_FIELDS = {
    "plan.period.start": "plan: {name: p, period: {start: VALUE}}\n",
    "plan.period.end": "plan: {name: p, period: {end: VALUE}}\n",
    "tactics[0].start": "plan: {name: p}\ntactics:\n  - {id: t, start: VALUE}\n",
    "tactics[0].end": "plan: {name: p}\ntactics:\n  - {id: t, end: VALUE}\n",
    "objectives[0].kpis[0].deadline": (
        "plan: {name: p}\nobjectives:\n  - id: o\n    kpis: [{metric: leads, deadline: VALUE}]\n"
    ),
}


@pytest.mark.parametrize("where", sorted(DATE_FIELDS))
@pytest.mark.parametrize("value", ["2027-03-31", '"2027-03-31"', "'2027-03-31'"])
def test_iso_dates_plain_or_quoted_are_dates(where, value):
    import datetime as dt

    result = audit_text(DATE_FIELDS[where].replace("VALUE", value))
    assert not [f for f in result.findings if f.code == "RA002"]
    plan = result.plan
    holders = {
        "plan.period": lambda: plan.info.period,
        "tactics[0]": lambda: plan.tactics[0],
        "objectives[0].kpis[0]": lambda: plan.objectives[0].kpis[0],
    }
    holder, name = where.rsplit(".", 1)
    assert getattr(holders[holder](), name) == dt.date(2027, 3, 31)


@pytest.mark.parametrize("where", sorted(DATE_FIELDS))
@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2027-02-30", "not a day of the calendar"),
        ("2027-13-01", "not a day of the calendar"),
        ("20270331", "YYYY-MM-DD"),  # a number in YAML 1.2
        ("2027-W13-3", "YYYY-MM-DD"),
        ("'2027-03-31 10:00'", "YYYY-MM-DD"),
        ("31/03/2027", "YYYY-MM-DD"),
        ("next week", "YYYY-MM-DD"),
        ("true", "YYYY-MM-DD"),
        ("1700000000", "YYYY-MM-DD"),  # not a Unix time either
        ("9" * 5000, "YYYY-MM-DD"),
        ("[2027-03-31]", None),
    ],
)
def test_anything_but_an_iso_date_in_a_date_field_is_an_error(where, value, words):
    result = audit_text(DATE_FIELDS[where].replace("VALUE", value))
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert f.pointer == where
    if words:
        assert words in f.message


def test_a_huge_number_where_an_item_goes_is_called_a_number():
    huge = "9" * 5000
    (f,) = findings(f"plan: {{name: p}}\ngoals: [{huge}]\n", "RA002")
    assert "a number with 5,000 digits" in f.message and "HugeNumber" not in f.message
    (f,) = findings(huge, "RA002")
    assert "a number with 5,000 digits" in f.message

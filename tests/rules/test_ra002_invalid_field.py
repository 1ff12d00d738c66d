"""RA002 invalid-field: unknown keys, wrong types and missing required fields."""

import pytest

from conftest import audit_yaml, findings, positions

PLAN = """
plan:
  name: Plan
  budgt: 100
tactics:
  - id: t-ads
    objectivs: o-x
    budget: lots
  - name: no id
"""


def test_unknown_keys_wrong_types_and_missing_ids_are_each_reported():
    found = findings(PLAN, "RA002")
    assert [(f.line, f.column) for f in found] == [(3, 3), (6, 5), (7, 13), (8, 5)]
    assert "did you mean 'budget'" in found[0].message
    assert "did you mean 'objectives'" in found[1].message
    assert "budget" in found[2].message
    assert "has no 'id'" in found[3].message


def test_unknown_stage_names_the_known_ones():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t-x
        stage: somewhere
    """
    (f,) = findings(text, "RA002")
    assert (f.line, f.column) == (5, 12)
    assert "awareness" in f.message


def test_empty_file_and_missing_plan_block():
    assert positions("# nothing\n", "RA002") == [(1, 1)]
    (f,) = findings("goals: []\n", "RA002")
    assert "no 'plan:' block" in f.message


def test_extension_keys_and_a_valid_plan_stay_quiet():
    text = """
    plan:
      name: Plan
      x-notes: anything
    tactics:
      - id: t-a
        x-internal: 3
        budget: 10
    """
    assert positions(text, "RA002") == []


def test_a_number_written_as_money_says_how_to_write_it():
    text = """
    plan:
      name: Plan
      budget: "$120,000"
    objectives:
      - {id: o, kpis: [{metric: revenue, target: 1.5M}]}
    """
    budget, target = findings(text, "RA002")
    assert (budget.line, budget.column) == (3, 11)
    assert "holds the text '$120,000'; write it like 'budget: 12000'" in budget.message
    assert "no currency sign, thousands separator" in budget.message
    assert "name the currency in the plan's 'currency:'" in budget.message
    assert (target.line, target.column) == (5, 46)
    assert "k/M suffix" in target.message
    assert "'currency:'" not in target.message


# Words of pydantic (and of Python) that must never reach a user.
JARGON = (
    "instance of",
    "Value error",
    "value error",
    "input is too short",
    "Input should",
    "input should",
    "valid dictionary",
    "should have at least",
    "_type",
    "_parsing",
    "literal_error",
    "extra_forbidden",
    "model_type",
    "after validation",
    "(got ",
    "Datetimes provided",
    "NoneType",
    "dict",
    "str'",
)


def _clean(message: str) -> None:
    for word in JARGON:
        assert word not in message, (word, message)


WRONG_TYPES = [
    # (tactic field: value, where, words the message must hold)
    ("budget: [1, 2]", (5, 13), "'budget' must be a number, but it holds a list", "budget: 12000"),
    ("budget: lots", (5, 13), "holds the text 'lots'", "budget: 12000"),
    ("budget: -5", (5, 13), "'budget' cannot be negative", "budget: 12000"),
    ("start: 12", (5, 12), "'start' must be a date written YYYY-MM-DD", "start: 2027-03-01"),
    ("end: 03/01/2027", (5, 10), "could be read day first or month first", "YYYY-MM-DD"),
    ("name: {a: 1}", (5, 11), "'name' must be text, but it holds a mapping of keys", "name: "),
    ("segment: {a: 1}", (5, 14), "'segment' names segments by id", "segment: seg-smb"),
    ("objectives: [[o-x]]", (5, 18), "entry 1 of 'objectives' must be text", "objectives: "),
    ("kpis: 3", (5, 11), "'kpis' must be a list of KPIs", "metric: qualified leads"),
]


@pytest.mark.parametrize(("line", "where", "words", "right"), WRONG_TYPES)
def test_a_wrong_type_names_the_item_the_field_what_was_written_and_the_right_form(
    line, where, words, right
):
    text = f"""
    plan:
      name: Plan
    tactics:
      - id: t-webinar
        {line}
    """
    found = [f for f in findings(text, "RA002")]
    assert found, line
    f = found[0]
    assert f.message.startswith("tactic 't-webinar'"), f.message
    assert words in f.message and right in f.message
    assert (f.line, f.column) == where
    _clean(f.message)


LOST = "; the tactic is not read, so the plan gets no fitness score until this is fixed"


def test_the_plan_block_kpis_and_items_without_an_id_are_named_too():
    text = """
    plan:
      name: Plan
      period: 2027.5
      review_cadence: every two weeks
    objectives:
      - id: o-leads
        kpis:
          - {metric: qualified leads, target: many}
          - {metric: ""}
          - {target: 3}
    tactics:
      - name: no id here
      - id: []
      - just text
    """
    messages = [f.message for f in findings(text, "RA002")]
    assert messages == [
        "the plan block: 'period' must be a mapping of keys, but it holds the number 2027.5; "
        "write it like 'period: {start: 2027-01-01, end: 2027-12-31}'",
        "the plan block: 'review_cadence' must be one of weekly, biweekly, monthly or "
        "quarterly, but it holds the text 'every two weeks'; write it like "
        "'review_cadence: monthly'",
        "KPI 'qualified leads' of objective 'o-leads': 'target' must be a number, but it "
        "holds the text 'many'; write it like 'target: 1500' (no currency sign, thousands "
        "separator or k/M suffix)",
        "the 2nd KPI of objective 'o-leads': 'metric' is empty; write it like "
        "'metric: qualified leads'",
        "the 3rd KPI of objective 'o-leads' has no 'metric', which is required; add it, "
        "for example 'metric: qualified leads'",
        "the 1st tactic in 'tactics' has no 'id', which is required; add it, for example "
        "'id: t-webinar'" + LOST,
        "the 2nd tactic in 'tactics': 'id' must be text, but it holds an empty list; write "
        "it like 'id: t-webinar'" + LOST,
        "the 3rd tactic in 'tactics' must be a mapping of keys such as 'id: t-webinar', but "
        "it holds the text 'just text'; to write the tactic 'just text' here, start it with "
        "'- id: just text' and its keys below" + LOST,
    ]


def test_every_pydantic_error_type_the_models_raise_has_plain_words():
    # The table covers each error type, so no message falls back to pydantic's text.
    from ramaudit.core import field_errors

    for kind in (
        "string_type",
        "float_type",
        "float_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_type",
        "model_type",
        "list_type",
        "literal_error",
        "too_short",
        "string_too_short",
        "greater_than_equal",
        "int_type",
        "bool_type",
    ):
        err = {"type": kind, "loc": ("budget",), "input": "x", "msg": "Input should be junk"}
        message = field_errors.explain(err, "tactic 't'", "tactic")
        assert message.startswith("tactic 't': 'budget' ") and "budget: 12000" in message
        _clean(message)
    unknown = {"type": "brand_new_check", "loc": ("x",), "input": 1, "msg": "Input should"}
    assert field_errors.explain(unknown, "goal 'g'") == (
        "goal 'g': 'x' is not in a form ramaudit can read, but it holds the number 1"
    )


def test_a_quoted_number_is_told_to_lose_its_quotes():
    err = {"type": "float_type", "loc": ("budget",), "input": "25000"}
    from ramaudit.core.field_errors import explain

    assert explain(err, "tactic 't'").endswith(
        "write it like 'budget: 12000' without quotes, which make it text"
    )


def test_objectives_written_out_under_a_tactic_are_explained_and_the_plan_is_not_scored():
    text = """
    plan:
      name: Plan
    tactics:
      - id: t1
        objectives:
          - id: o1
            name: Grow pipeline
      - id: t2
        objective:
          id: o2
          name: Keep customers
    """
    result = audit_yaml(text)
    first, second = [f for f in result.findings if f.code == "RA002"]
    assert first.message.startswith(
        "tactic 't1': 'objectives' names objectives by id, but entry 1 of 'objectives' is a "
        "whole objective (a mapping of keys); write objective 'o1' in the top-level "
        "'objectives:' section (or under its goal) and link it here with 'objectives: o1'"
    )
    assert (first.line, first.column) == (6, 9)
    assert second.message.startswith(
        "tactic 't2': 'objective' names objectives by id, but 'objective' is a whole objective"
    )
    assert "link it here with 'objective: o2'" in second.message
    assert (second.line, second.column) == (10, 7)
    for f in (first, second):
        assert "not read, so the plan gets no fitness score" in f.message
    assert result.score is None and result.ram_spend is None
    assert not result.plan.scorable


SECTIONS = [
    ("activity", "tactics go under 'tactics:' ('activity' is not a section of the plan format)"),
    ("initiatives", "tactics go under 'tactics:'"),
    ("programs", "campaigns go under 'campaigns:'"),
    ("deliverables", "milestones go under 'milestones:'"),
    ("overheads", "money that is no tactic (salaries, tools, retainers) goes under"),
    ("Activities", "tactics go under 'tactics:'"),
    ("key results", "KPIs go under 'kpis:' inside the objective or tactic they measure"),
    ("key_results", "KPIs go under 'kpis:'"),
    ("kpis", "KPIs go under 'kpis:'"),
    ("OKRs", "objectives go under 'objectives:', each with its key results under 'kpis:'"),
    ("strategies", "objectives go under 'objectives:'"),
    ("personas", "segments go under 'segments:'"),
    ("channels", "a channel is a field of each tactic ('channel: email')"),
    ("budget", "'budget' belongs in the 'plan:' block"),
    ("tactic", "tactics go under 'tactics:'"),
    ("goalz", "did you mean 'goals'?"),
    (
        "zzz",
        "the sections of a plan are plan, segments, goals, objectives, campaigns, milestones, "
        "tactics, budget_lines",
    ),
]


@pytest.mark.parametrize(("section", "words"), SECTIONS)
def test_an_unknown_section_names_the_section_it_probably_means(section, words):
    text = f"""
    plan:
      name: Plan
    {section}:
      - id: x1
        name: Something
    """
    result = audit_yaml(text)
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert f.message.startswith(f"unknown section '{section}' at the top of the plan; ")
    assert words in f.message
    assert (f.line, f.column) == (3, 1)
    # The items under it are not read: the plan is not scored as if they did not exist.
    assert "the item under it is not read, so the plan gets no fitness score" in f.message
    assert result.score is None


def test_an_unknown_section_with_no_items_under_it_still_lets_the_plan_be_scored():
    result = audit_yaml("plan:\n  name: Plan\ninitiatives: none planned\n")
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert "not read" not in f.message
    assert result.score is not None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "plan: {name: P}\ngoals:\n  - id: g\n    tactics: [{id: t}]\n",
            "goal 'g' has an unknown key 'tactics'; a goal holds objectives, and tactics go "
            "under an objective",
        ),
        (
            "plan: {name: P}\ngoals:\n  - id: g\n    kpis: [{metric: revenue}]\n",
            "a goal is measured through its objectives",
        ),
        (
            "plan: {name: P}\nobjectives:\n  - id: o\n    key_results: [{metric: revenue}]\n",
            "objective 'o' has an unknown key 'key_results'; key results are KPIs: write them "
            "under 'kpis:'",
        ),
        (
            "plan:\n  name: P\n  tactics: [{id: t}]\n",
            "the plan block has an unknown key 'tactics'; 'tactics' is a section of its own",
        ),
        (
            "plan: {name: P}\ntactics: {t1: {name: Webinar}}\n",
            "the 'tactics' section must be a list of tactics, each starting with "
            "'- id: t-webinar', but it holds a mapping of keys",
        ),
    ],
)
def test_items_written_where_the_format_does_not_look_are_explained_and_not_scored(text, words):
    result = audit_yaml(text)
    messages = [f.message for f in result.findings if f.code == "RA002"]
    assert any(words in m for m in messages), messages
    assert any("not read, so the plan gets no fitness score" in m for m in messages)
    assert result.score is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # One item written without its dash: the section is a mapping, not a list.
        (
            "plan: {name: P}\ntactics:\n  id: t1\n  objectives: o\n  budget: 90\n",
            "the 'tactics' section is one tactic written without the '- ' that starts each "
            "item of a list: add '- ' before 'id:' (write '- id: t1')",
        ),
        ("plan: {name: P}\ngoals:\n  id: g1\n", "add '- ' before 'id:' (write '- id: g1')"),
        (
            "plan: {name: P}\nobjectives:\n  - id: o\n    tactics:\n      id: t1\n",
            "objective 'o': 'tactics' is one tactic written without the '- '",
        ),
        ("plan: {name: P}\nsegments:\n  name: SMB\n", "add '- ' before 'name:'"),
        # An id or other text where the list goes.
        (
            "plan: {name: P}\ntactics: t1\n",
            "if 't1' is a tactic, write it as an item of the list, '- id: t1'",
        ),
        ("plan: {name: P}\ngoals: 3\n", "if '3' is a goal"),
        # A list of ids, or of lists: no item in it is read.
        (
            "plan: {name: P}\ntactics: [t1, t2]\n",
            "the 1st tactic in 'tactics' must be a mapping of keys such as 'id: t-webinar', "
            "but it holds the text 't1'; to write the tactic 't1' here, start it with '- id: t1'",
        ),
        ("plan: {name: P}\ngoals:\n  - [g1]\n", "the 1st goal in 'goals' must be a mapping"),
        # An item whose id is missing or unusable is dropped: not read either.
        ("plan: {name: P}\ntactics:\n  - name: Webinar\n", "has no 'id', which is required"),
        ("plan: {name: P}\ntactics:\n  - id: [a]\n", "'id' must be text"),
    ],
)
def test_every_shape_that_loses_items_leaves_the_plan_unscored(text, words):
    result = audit_yaml(text)
    messages = [f.message for f in result.findings if f.code == "RA002"]
    assert any(words in m for m in messages), messages
    assert any("not read, so the plan gets no fitness score" in m for m in messages)
    assert result.score is None
    assert result.unread is not None


@pytest.mark.parametrize(
    "text",
    [
        "plan: {name: P}\ntactics: {}\n",
        "plan: {name: P}\ntactics: ''\n",
        "plan: {name: P}\ntactics:\n  -\n",
    ],
)
def test_an_empty_section_loses_nothing_and_the_plan_is_scored(text):
    result = audit_yaml(text)
    assert [f.code for f in result.findings if f.code == "RA002"] == ["RA002"]
    assert not any("not read" in f.message for f in result.findings)
    assert result.score is not None


def test_the_single_item_message_points_where_the_dash_goes():
    result = audit_yaml("plan: {name: P}\ntactics:\n  id: t1\n  budget: 90\n")
    (f,) = [f for f in result.findings if f.code == "RA002"]
    assert (f.line, f.column) == (3, 3)


def test_explain_score_gives_the_reason_a_plan_is_not_scored():
    from ramaudit.report.score_explained import CannotScore, check_scored

    result = audit_yaml("plan:\n  name: Plan\ninitiatives:\n  - id: c1\n")
    with pytest.raises(CannotScore, match=r"^plan\.yaml:3:1: unknown section 'initiatives'"):
        check_scored(result)


def test_fail_under_says_why_a_plan_with_unread_items_has_no_score():
    from ramaudit.config.effective import Config
    from ramaudit.report import fail_under_message

    result = audit_yaml("plan:\n  name: Plan\ninitiatives:\n  - id: c1\n", Config(fail_under=10))
    check = result.fail_under()
    assert check is not None and not check.passed
    assert fail_under_message(result, check) == (
        "no fitness score (items at line 3 were not read; see the RA002 finding there), "
        "which fails fail-under 10"
    )


def test_graph_refuses_a_plan_with_unread_items_and_says_why(tmp_path):
    from typer.testing import CliRunner

    from ramaudit.cli import app

    plan = tmp_path / "plan.yaml"
    plan.write_text("plan:\n  name: Plan\ninitiatives:\n  - id: c1\n")
    res = CliRunner().invoke(app, ["graph", str(plan)])
    assert res.exit_code == 1  # the plan fails (RA002), as check fails it; not a usage error
    assert f"{plan}:3:1: unknown section 'initiatives'" in res.stderr
    assert "does not parse" not in res.stderr

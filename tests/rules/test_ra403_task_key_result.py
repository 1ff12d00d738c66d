"""RA403 task-key-result: an objective's KPI whose metric opens with a verb of doing
and has no number, reported at the metric."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import findings, positions
from ramaudit.config.effective import Config
from ramaudit.core.vocabulary import normalise
from ramaudit.rules.task_key_result import TASK_VERBS, task_verb


def _kpi(metric: str, more: str = "") -> str:
    return (
        "version: 2\nplan:\n  name: Plan\nobjectives:\n  - id: o-a\n    kpis:\n"
        f"      - metric: {metric}\n{more}"
    )


def test_a_task_written_as_a_key_result_is_reported_at_its_metric():
    found = findings(_kpi("Launch the new website"), "RA403")
    assert [(f.line, f.column) for f in found] == [(7, 17)]
    assert found[0].severity.value == "warning"
    assert found[0].item == "o-a"
    message = found[0].message
    assert "key result 'Launch the new website' of objective 'o-a' is a task" in message
    assert "opens with 'launch'" in message and "milestone" in message and "tactic" in message


@pytest.mark.parametrize(
    "metric",
    ["Set-up the partner portal", "ROLL OUT the new CRM", "agree on a lead definition", "Hire"],
)
def test_phrases_and_spellings_of_the_verbs_are_read(metric):
    assert positions(_kpi(metric), "RA403") == [(7, 17)]


@pytest.mark.parametrize(
    ("metric", "more"),
    [
        ("Launch the new website", "        target: 500\n"),
        ("Launch the new website", "        baseline: 0\n"),
        ("Launch the new website", "        target: TBD\n"),
        ("Launch the new website", "        target: confidential\n"),
        ("Run 3 webinars", ""),
        ("run rate", ""),
        ("send volume", ""),
        ("Build pipeline", ""),
        ("qualified leads", ""),
        ("Runway signups", ""),
        ("Launched website", ""),
    ],
)
def test_a_key_result_with_a_number_or_a_measure_stays_quiet(metric, more):
    assert positions(_kpi(metric, more), "RA403") == []


def test_tactic_kpis_are_not_key_results():
    text = (
        "version: 2\nplan:\n  name: Plan\ntactics:\n  - id: t-a\n    kpis:\n"
        "      - metric: Launch the new website\n"
    )
    assert positions(text, "RA403") == []


def test_verbs_are_an_option_and_extra_verbs_add_to_them():
    text = _kpi("Localise the pricing page")
    assert positions(text, "RA403") == []
    config = Config(rule_options={"RA403": {"extra_verbs": ("localise",)}})
    assert [(f.line, f.column) for f in findings(text, "RA403", config)] == [(7, 17)]
    only = Config(rule_options={"RA403": {"verbs": ("localise",)}})
    assert [(f.line, f.column) for f in findings(text, "RA403", only)] == [(7, 17)]
    assert findings(_kpi("Launch the new website"), "RA403", only) == []


def test_the_verb_is_matched_as_whole_words():
    verbs = ("run", "set up")
    assert task_verb("Run webinars", verbs) == "run"
    assert task_verb("Runway signups", verbs) is None
    assert task_verb("setup wizard", verbs) is None
    assert task_verb("set_up the wizard", verbs) == "set up"


def test_a_version_1_plan_is_judged_only_when_the_rule_is_selected_by_code():
    v1 = _kpi("Launch the new website").removeprefix("version: 2\n")
    assert positions(v1, "RA403") == []
    assert [(f.line, f.column) for f in findings(v1, "RA403", Config(select=("RA403",)))] == [
        (6, 17)
    ]
    assert findings(v1, "RA403", Config(select=("RA40",))) == []


_SEPARATORS = st.sampled_from([" ", "  ", "-", "_", " - "])


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(TASK_VERBS),
    st.lists(
        st.sampled_from(["the", "new", "website", "partner", "portal", "a", "CRM"]), max_size=4
    ),
    _SEPARATORS,
    st.booleans(),
)
def test_a_verb_is_read_in_any_case_and_spelling(verb, rest, sep, upper):
    metric = sep.join([*verb.split(), *rest])
    metric = metric.upper() if upper else metric.title()
    assert task_verb(metric, TASK_VERBS) == verb


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gets_an_answer_and_a_verb_it_opens_with(text):
    verb = task_verb(text, TASK_VERBS)
    assert verb is None or (normalise(text) + " ").startswith(verb + " ")

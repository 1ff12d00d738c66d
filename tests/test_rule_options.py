"""Rule options are checked against what each rule declares (``option_choices``,
``option_range``): a bad value in a configuration file exits 2 with file:line and a
suggestion, and spellings that mean an allowed value are accepted and normalised."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.files import read_config_file
from ramaudit.config.options import OptionError
from ramaudit.rules import ALL_RULES

runner = CliRunner()

PLAN = """\
plan:
  name: Test plan
tactics:
  - {id: t-a, stage: reach}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(PLAN)
    return tmp_path


def check_with(project: Path, config: str, name: str = ".ramaudit.toml"):
    (project / name).write_text(textwrap.dedent(config))
    return runner.invoke(app, ["check", "plan.yaml"])


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            '[rules.RA303]\nstages = ["awarenes"]\n',
            ".ramaudit.toml:2: rules: RA303.stages: unknown value 'awarenes'; "
            "did you mean 'awareness'?",
        ),
        ('[rules.funnel-gap]\nstages = ["top"]\n', "choose from awareness, education"),
        (
            '[rules.RA301]\nlevels = ["tactcs"]\n',
            ".ramaudit.toml:2: rules: RA301.levels: unknown value 'tactcs'; did you mean 'tactic'?",
        ),
        (
            '[rules.RA308]\nfields = ["nmae"]\n',
            ".ramaudit.toml:2: rules: RA308.fields: unknown value 'nmae'; did you mean 'name'?",
        ),
        (
            '[rules.RA308]\nfields = ["stakeholders"]\n',
            "RA308.fields: unknown value 'stakeholders' (choose from name, owner, metric, "
            "description, unit, channel)",
        ),
        (
            "[rules.RA309]\nmin-evidence = -3\n",
            ".ramaudit.toml:2: rules: RA309.min-evidence: expected a whole number from 0 to "
            "1,000, got -3",
        ),
        (
            "[rules.RA305]\ntolerance = -1\n",
            ".ramaudit.toml:2: rules: RA305.tolerance: expected a fraction of the plan budget "
            "from 0 to 10, got -1",
        ),
        (
            "[rules.RA306]\ngrace_days = -7\n",
            ".ramaudit.toml:2: rules: RA306.grace_days: expected a whole number of days from 0 "
            "to 3,660, got -7",
        ),
    ],
)
def test_a_bad_option_value_exits_2_with_file_line_and_a_suggestion(project, config, expected):
    result = check_with(project, config)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_option_value_in_a_yaml_configuration_gives_its_line(project):
    result = check_with(
        project, "rules:\n  RA303:\n    stages: [awareness, educaton]\n", ".ramaudit.yaml"
    )
    assert result.exit_code == 2
    assert ".ramaudit.yaml:3: rules: RA303.stages: unknown value 'educaton'" in result.stderr


@pytest.mark.parametrize(
    ("config", "code", "option", "value"),
    [
        # Stage synonyms (RACE, AIDA, funnel words) and any case name a stage.
        (
            '[rules.RA303]\nstages = ["Education", "reach", "act"]\n',
            "RA303",
            "stages",
            ("education", "awareness"),
        ),
        ('[rules.RA303]\nstages = ["bottom of funnel"]\n', "RA303", "stages", ("conversion",)),
        # Plural and capitalised levels and fields are the same choices.
        ('[rules.RA301]\nlevels = ["tactics", "Goals"]\n', "RA301", "levels", ("tactic", "goal")),
        ('[rules.RA308]\nfields = ["Names", "owner"]\n', "RA308", "fields", ("name", "owner")),
        ("[rules.RA309]\nmin-evidence = 0\n", "RA309", "min_evidence", 0),
        ("[rules.RA305]\ntolerance = 0.05\n", "RA305", "tolerance", 0.05),
    ],
)
def test_spellings_of_allowed_values_are_accepted_and_normalised(
    project, config, code, option, value
):
    (project / ".ramaudit.toml").write_text(config)
    checked = read_config_file(project / ".ramaudit.toml")
    assert checked is not None
    assert checked.values["rules"][code][option] == value


@pytest.mark.parametrize("spelling", ["include-tactics", "include_tactics"])
def test_option_names_may_use_hyphens_or_underscores(project, spelling):
    (project / ".ramaudit.toml").write_text(f"[rules.RA205]\n{spelling} = false\n")
    checked = read_config_file(project / ".ramaudit.toml")
    assert checked is not None
    assert checked.values["rules"]["RA205"] == {"include_tactics": False}


def test_a_normalised_stage_option_takes_effect(project):
    # reach and act stand for awareness and education; only those two are required.
    (project / ".ramaudit.toml").write_text('[rules.RA303]\nstages = ["reach", "act"]\n')
    (project / "plan.yaml").write_text(PLAN + "  - {id: t-b, stage: interest}\n")
    result = runner.invoke(app, ["check", "plan.yaml", "--select", "RA303"])
    assert result.exit_code == 0, result.output
    assert "RA303" not in result.stdout, result.stdout


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_every_default_option_passes_its_own_checks(rule):
    for option, default in rule.options.items():
        checked = rule.check_option(option, default)
        assert checked == default or list(checked) == list(default), (rule.code, option)


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_declared_checks_name_real_options(rule):
    assert set(rule.option_choices) <= set(rule.options)
    assert set(rule.option_range) <= set(rule.options)
    # Every number option has a range: a value far out of it would crash the rule
    # (10**30 days) or switch it off without a word (NaN).
    numbers = {
        name
        for name, default in rule.options.items()
        if isinstance(default, int | float) and not isinstance(default, bool)
    }
    assert numbers <= set(rule.option_range), rule.code


def test_check_option_raises_option_error_with_the_reason():
    from ramaudit.rules.missing_owner import MissingOwner

    with pytest.raises(OptionError, match=re.escape("unknown value 'gaols'; did you mean 'goal'?")):
        MissingOwner.check_option("levels", ["gaols"])
    assert MissingOwner.check_option("levels", ["goal", "goals"]) == ["goal"]


def test_rule_docs_spell_options_as_configuration_files_do():
    # Option names with two words are written with a hyphen in the docs, as in files.
    for rule in ALL_RULES:
        text = rule.__doc__ or ""
        for option in rule.options:
            if "_" in option:
                assert f"`{option}" not in text, (rule.code, option)


# --------------------------------------------------------------------------- ramaudit rule CODE

WITH_OPTIONS = [r for r in ALL_RULES if r.declared]


def test_ramaudit_rule_ra205_lists_its_option_with_its_description():
    result = runner.invoke(app, ["rule", "RA205", "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "## Options\n"
        "Set in `[tool.ramaudit.rules.RA205]` of `pyproject.toml`, or `[rules.RA205]` in a\n"
        "`.ramaudit.toml` (the rule's name works too).\n\n"
        "- `include-tactics`: true or false (default `true`). Judge tactics too, not only\n"
        "  objectives: a tactic measured only on activity is reported as well.\n"
    )


@pytest.mark.parametrize("rule", WITH_OPTIONS, ids=[r.code for r in WITH_OPTIONS])
@pytest.mark.parametrize("format", ["text", "markdown", "json"])
def test_every_format_of_rule_lists_every_option(rule, format):
    import json

    result = runner.invoke(app, ["rule", rule.code, "--format", format])
    assert result.exit_code == 0
    out = result.stdout
    if format == "json":
        data = json.loads(out)
        assert [o["key"] for o in data["options"]] == [o.key for o in rule.declared.values()]
        for entry, option in zip(data["options"], rule.declared.values(), strict=True):
            assert entry["description"] == option.doc and entry["type"] == option.type
            assert entry["default"] == option.default or entry["default"] == list(option.default)
        out = data["explanation"]
    flat = " ".join(out.split())
    assert "## Options" in flat or "Options:" in flat
    for option in rule.declared.values():
        assert f"`{option.key}`: {option.type}" in flat
        assert f"(default `{option.shown_default}`)" in flat
        assert option.doc in flat


def test_option_types_say_what_each_option_takes():
    from ramaudit.rules.budget_overrun import BudgetOverrun
    from ramaudit.rules.missing_owner import MissingOwner
    from ramaudit.rules.outside_period import OutsidePeriod

    assert BudgetOverrun.tolerance.type == "a fraction of the plan budget from 0 to 10"
    assert OutsidePeriod.grace_days.type == "a whole number of days from 0 to 3,660"
    assert MissingOwner.levels.type == (
        "a list of: plan, segment, goal, objective, campaign, milestone, tactic"
    )
    assert MissingOwner.levels.shown_default == (
        '["goal", "objective", "campaign", "milestone", "tactic"]'
    )


def test_rules_without_options_say_nothing_of_options_and_sarif_help_is_unchanged():
    from ramaudit.report.rule_docs import explain, help_markdown

    for rule in ALL_RULES:
        assert ("## Options" in explain(rule)) is bool(rule.declared)
        assert "## Options" not in help_markdown(rule)

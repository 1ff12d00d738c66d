"""Configuration: discovery, precedence, checking, per-file resolution, `config --show`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.files import ConfigError, Overrides, Settings, glob_matches, toml_line
from ramaudit.core.findings import Severity

runner = CliRunner()

PLAN = """\
plan:
  name: Test plan
goals:
  - id: g-pipeline
objectives:
  - id: o-leads
    goals: g-pipeline
    kpis:
      - {metric: qualified leads, target: 300}
tactics:
  - id: t-billboard
    name: Billboard
  - id: t-webinar
    objectives: o-leads
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def check_json(*args: str) -> tuple[int, dict]:
    result = run("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


def codes(doc: dict, index: int = 0) -> list[str]:
    return [f["code"] for f in doc["files"][index]["findings"]]


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with one plan, used as the working folder."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plans" / "plan.yaml", PLAN)
    return tmp_path


# --------------------------------------------------------------------------- discovery


def test_pyproject_table_is_found_from_a_nested_plan(project):
    write(
        project / "pyproject.toml",
        """\
        [project]
        name = "plans"

        [tool.ramaudit]
        ignore = ["RA101"]
        """,
    )
    code, doc = check_json("plans/plan.yaml")
    assert "RA101" not in codes(doc)
    assert "RA202" in codes(doc)
    assert code == 1 or code == 0


def test_pyproject_without_our_table_is_skipped_and_search_continues(project):
    write(project / "pyproject.toml", '[tool.ramaudit]\nignore = ["RA101"]\n')
    write(project / "plans" / "pyproject.toml", '[project]\nname = "x"\n')
    settings = Settings()
    eff = settings.for_path(project / "plans" / "plan.yaml")
    assert eff.file is not None and eff.file.path == project / "pyproject.toml"


def test_nearest_file_wins_and_files_do_not_merge(project):
    write(project / ".ramaudit.toml", 'ignore = ["RA101"]\nfail-on = "warning"\n')
    write(project / "plans" / ".ramaudit.toml", 'ignore = ["RA202"]\n')
    write(project / "other" / "plan.yaml", PLAN)
    _, doc = check_json("plans/plan.yaml", "other/plan.yaml")
    near, far = codes(doc, 0), codes(doc, 1)
    assert "RA101" in near and "RA202" not in near  # plans/ has its own file
    assert "RA101" not in far and "RA202" in far  # other/ uses the parent's
    # fail-on from the parent file is not inherited by plans/.ramaudit.toml
    assert Settings().config_for("plans/plan.yaml").fail_on == "error"
    assert Settings().config_for("other/plan.yaml").fail_on == "warning"


def test_dedicated_file_beats_pyproject_in_the_same_folder(project):
    write(project / "pyproject.toml", '[tool.ramaudit]\nignore = ["RA202"]\n')
    write(project / ".ramaudit.toml", 'ignore = ["RA101"]\n')
    eff = Settings().for_path("plans/plan.yaml")
    assert eff.file.path.name == ".ramaudit.toml"
    assert "pyproject.toml [tool.ramaudit]" in eff.shadowed
    assert "RA202" in eff.config.select and "RA101" not in eff.config.select


def test_two_dedicated_files_in_one_folder_are_an_error(project):
    write(project / ".ramaudit.toml", 'ignore = ["RA101"]\n')
    write(project / ".ramaudit.yaml", "ignore: [RA101]\n")
    result = run("check", "plans/plan.yaml")
    assert result.exit_code == 2
    assert ".ramaudit.toml and .ramaudit.yaml are both present" in result.stderr


def test_yaml_configuration_file(project):
    write(
        project / ".ramaudit.yaml",
        """\
        select: [RA1]
        severity:
          orphan-tactic: info
        """,
    )
    code, doc = check_json("plans/plan.yaml")
    found = doc["files"][0]["findings"]
    assert {f["code"][:3] for f in found} == {"RA1"}
    assert [f["severity"] for f in found if f["code"] == "RA101"] == ["info"]
    assert code == 0  # the only error was turned into info


def test_config_flag_replaces_discovery_and_isolated_ignores_files(project, tmp_path):
    write(project / ".ramaudit.toml", 'ignore = ["RA101"]\n')
    other = write(tmp_path / "elsewhere" / "strict.toml", 'select = ["RA101"]\n')
    _, doc = check_json("plans/plan.yaml", "--config", str(other))
    assert set(codes(doc)) == {"RA101"}
    _, doc = check_json("plans/plan.yaml", "--isolated")
    assert "RA101" in codes(doc) and "RA202" in codes(doc)
    result = run("check", "plans/plan.yaml", "--isolated", "--config", str(other))
    assert result.exit_code == 2
    assert "--config and --isolated cannot be used together" in result.stderr


def test_config_flag_with_a_pyproject_without_our_table_is_an_error(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n')
    result = run("check", "plans/plan.yaml", "--config", "pyproject.toml")
    assert result.exit_code == 2
    assert "pyproject.toml: has no [tool.ramaudit] table" in result.stderr


def test_missing_config_file_is_an_error(project):
    result = run("check", "plans/plan.yaml", "--config", "nope.toml")
    assert result.exit_code == 2
    assert "nope.toml: no such file" in result.stderr


# --------------------------------------------------------------------------- checking


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'selct = ["RA1"]\n',
            ".ramaudit.toml:1: unknown configuration key 'selct'; did you mean 'select'?",
        ),
        (
            "\nfail_under = 50\n",
            ".ramaudit.toml:2: unknown configuration key 'fail_under'; did you mean 'fail-under'?",
        ),
        ('ignore = ["RA10l"]\n', "ignore: unknown rule 'RA10l'; did you mean 'RA101'?"),
        ('select = ["orphan-tactics"]\n', "did you mean 'orphan-tactic'?"),
        (
            'fail-on = "warn"\n',
            "fail-on: expected one of error, warning, info, never, "
            "got \"warn\"; did you mean 'warning'?",
        ),
        ("fail-under = 120\n", "fail-under: expected a fitness score from 0 to 100"),
        (
            '[severity]\nRA101 = "eror"\n',
            '.ramaudit.toml:2: severity: RA101: expected one of error, warning, info, got "eror"; '
            "did you mean 'error'?",
        ),
        ('[per-file-ignores]\n"x.yaml" = ["RA99"]\n', "unknown rule 'RA99'"),
        ("[rules.RA101]\nfoo = 1\n", "RA101 (orphan-tactic) has no options"),
        (
            "[rules.RA303]\nstage = []\n",
            ".ramaudit.toml:2: rules: RA303 (funnel-gap) has no option 'stage'; "
            "did you mean 'stages'?",
        ),
        ("[rules.funnel-gap]\nstages = 3\n", "expected a list, got 3"),
        ("[rules.RA777]\nx = 1\n", "rules: unknown rule 'RA777'"),
        ('[vocabulary]\nvanity-metric = ["x"]\n', "did you mean 'vanity-metrics'?"),
        ("max-nodes = 0\n", "max-nodes: expected a whole number from 1 to 1,000,000,000"),
        ('max-file-size = "lots"\n', "max-file-size: expected a size in bytes from 1 to"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_a_clear_error_with_exit_2(project, text, expected):
    write(project / ".ramaudit.toml", text)
    result = run("check", "plans/plan.yaml")
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_yaml_config_errors_give_the_line(project):
    write(project / ".ramaudit.yaml", "select: [RA1]\nfail-on: warning\nbogus: 1\n")
    result = run("check", "plans/plan.yaml")
    assert result.exit_code == 2
    assert ".ramaudit.yaml:3: unknown configuration key 'bogus'" in result.stderr


def test_bad_command_line_selector_is_exit_2():
    result = run("check", "x.yaml", "--select", "RA101,RA1O2")
    assert result.exit_code == 2
    assert "--select: unknown rule 'RA1O2'; did you mean 'RA102'?" in result.stderr


@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_select_flag_is_exit_2_not_every_rule_off(value):
    result = run("check", "x.yaml", "--select", value)
    assert result.exit_code == 2
    assert "--select: no rule given; name codes (RA101), prefixes (RA1) or ALL" in result.stderr


def test_toml_line_finds_keys_in_tables_and_dotted_keys():
    text = '[tool.ramaudit]\nselect = []\n\n[tool.ramaudit.severity]\n"RA101" = "x"\n'
    assert toml_line(text, ("tool", "ramaudit", "select")) == 2
    assert toml_line(text, ("tool", "ramaudit", "severity", "RA101")) == 5
    assert toml_line(text, ("tool", "ramaudit", "severity", "RA999")) == 4
    assert toml_line('tool.ramaudit.ignore = ["x"]\n', ("tool", "ramaudit", "ignore")) == 1


# --------------------------------------------------------------------------- values


def test_command_line_select_beats_the_files_ignore(project):
    write(project / ".ramaudit.toml", 'ignore = ["RA101"]\n')
    _, doc = check_json("plans/plan.yaml", "--select", "RA101")
    assert set(codes(doc)) == {"RA101"}


def test_more_specific_selector_wins_within_a_layer(project):
    write(project / ".ramaudit.toml", 'select = ["RA101"]\nignore = ["RA1"]\n')
    # RA001 and RA006 are always on (a file that cannot be read as a plan always fails).
    assert Settings().config_for("plans/plan.yaml").select == ("RA001", "RA006", "RA101")
    write(project / ".ramaudit.toml", 'select = ["RA1"]\nignore = ["RA101", "RA1"]\n')
    config = Settings().config_for("plans/plan.yaml")
    assert "RA101" not in config.select and "RA102" not in config.select  # tie: ignore wins


def test_extend_select_and_extend_ignore(project):
    write(project / ".ramaudit.toml", 'select = ["RA101"]\nextend-select = ["RA202"]\n')
    _, doc = check_json("plans/plan.yaml", "--extend-ignore", "RA101")
    assert set(codes(doc)) == {"RA202"}


def test_fail_on_from_file_and_overridden_by_flag(project):
    write(project / ".ramaudit.toml", 'select = ["RA202"]\nfail-on = "warning"\n')
    assert run("check", "plans/plan.yaml").exit_code == 1  # RA202 is a warning
    assert run("check", "plans/plan.yaml", "--fail-on", "error").exit_code == 0


def test_fail_under_from_file_and_flag(project):
    write(project / ".ramaudit.toml", "select = []\nfail-under = 99\n")
    result = run("check", "plans/plan.yaml")
    assert result.exit_code == 1
    assert "plans/plan.yaml: fitness" in result.stderr and "below fail-under 99" in result.stderr
    assert run("check", "plans/plan.yaml", "--fail-under", "0").exit_code == 0


def test_fail_under_fails_a_plan_that_does_not_parse(project):
    write(project / "broken.yaml", "plan: [\n")
    result = run("check", "broken.yaml", "--fail-under", "10", "--fail-on", "never")
    assert result.exit_code == 1
    assert "broken.yaml: no fitness score (the file does not parse), which fails fail-under 10" in (
        result.stderr
    )


def test_fail_under_fails_a_file_that_is_not_a_plan(project):
    write(project / "compose.yaml", "services: {web: {image: nginx}}\n")
    result = run("check", "compose.yaml", "--fail-under", "10", "--fail-on", "never")
    assert result.exit_code == 1
    assert "compose.yaml: no fitness score (the file is not a plan), which fails fail-under 10" in (
        result.stderr
    )


def test_exclude_applies_to_folders_but_not_to_named_files(project):
    write(project / ".ramaudit.toml", 'exclude = ["drafts", "archive/*.yaml"]\n')
    write(project / "plans" / "drafts" / "d.yaml", PLAN)
    write(project / "archive" / "old.yaml", PLAN)
    write(project / "archive" / "keep" / "k.yaml", PLAN)
    _, doc = check_json(".")
    paths = sorted(f["path"] for f in doc["files"])
    assert paths == ["archive/keep/k.yaml", "plans/plan.yaml"]
    _, doc = check_json("archive/old.yaml")
    assert [f["path"] for f in doc["files"]] == ["archive/old.yaml"]
    _, doc = check_json("archive/old.yaml", "plans/plan.yaml", "--force-exclude")
    assert [f["path"] for f in doc["files"]] == ["plans/plan.yaml"]


def test_a_named_excluded_folder_is_still_audited(project):
    # As ruff does: exclude skips what a search meets, not the folder the user named.
    write(project / ".ramaudit.toml", 'exclude = ["drafts", "skip.yaml"]\n')
    write(project / "drafts" / "d.yaml", PLAN)
    write(project / "drafts" / "sub" / "s.yaml", PLAN)
    write(project / "drafts" / "skip.yaml", PLAN)
    _, doc = check_json("drafts")
    assert [f["path"] for f in doc["files"]] == ["drafts/d.yaml", "drafts/sub/s.yaml"]
    _, doc = check_json("drafts", "--force-exclude")
    assert doc["files"] == []
    _, doc = check_json(".")
    assert [f["path"] for f in doc["files"]] == ["plans/plan.yaml"]


def test_per_file_ignores(project):
    write(
        project / ".ramaudit.toml",
        """\
        [per-file-ignores]
        "legacy-*.yaml" = ["RA101", "tactic-without-kpi"]
        """,
    )
    write(project / "plans" / "legacy-2023.yaml", PLAN)
    _, doc = check_json("plans/legacy-2023.yaml", "plans/plan.yaml")
    legacy = next(f for f in doc["files"] if "legacy" in f["path"])
    current = next(f for f in doc["files"] if "legacy" not in f["path"])
    assert not {"RA101", "RA202"} & {f["code"] for f in legacy["findings"]}
    assert {"RA101", "RA202"} <= {f["code"] for f in current["findings"]}


def test_glob_matching_rules(tmp_path):
    root = tmp_path
    assert glob_matches("drafts", root / "a" / "drafts" / "x.yaml", root)
    assert glob_matches("*.draft.yaml", root / "a" / "p.draft.yaml", root)
    assert not glob_matches("*.draft.yaml", root / "a" / "p.yaml", root)
    assert glob_matches("a/*.yaml", root / "a" / "p.yaml", root)
    assert not glob_matches("a/*.yaml", root / "b" / "a" / "p.yaml", root)
    assert glob_matches("a/**", root / "a" / "b" / "c.yaml", root)
    assert glob_matches("**/c.yaml", root / "a" / "b" / "c.yaml", root)


def test_severity_prefixes_rule_options_and_vocabulary(project):
    write(
        project / "pyproject.toml",
        """\
        [tool.ramaudit.severity]
        RA2 = "info"
        RA203 = "error"

        [tool.ramaudit.rules.funnel-gap]
        stages = ["awareness", "conversion"]

        [tool.ramaudit.rules.RA207]
        include-tactics = true

        [tool.ramaudit.vocabulary]
        vanity-metrics = ["story views"]
        """,
    )
    config = Settings().config_for("plans/plan.yaml")
    assert config.severity["RA202"] is Severity.INFO
    assert config.severity["RA203"] is Severity.ERROR
    assert config.rule_options["RA303"] == {"stages": ("awareness", "conversion")}
    assert config.rule_options["RA207"] == {"include_tactics": True}
    assert config.vocabulary.is_vanity("Story views")
    assert config.vocabulary.is_vanity("impressions")  # the defaults are kept


def test_limits_from_configuration(project):
    write(project / ".ramaudit.toml", 'max-file-size = "10B"\n')
    result = run("check", "plans/plan.yaml")
    assert result.exit_code == 2
    assert "10-byte limit" in result.output


def test_flags_are_checked_before_any_file():
    with pytest.raises(ConfigError, match="--fail-under"):
        Settings(Overrides(fail_under=101))


# --------------------------------------------------------------------------- config --show


def test_config_show_text_names_the_source_of_each_value(project):
    write(
        project / "pyproject.toml",
        """\
        [tool.ramaudit]
        ignore = ["RA104"]
        fail-under = 40

        [tool.ramaudit.vocabulary]
        outcome-metrics = ["signed letters of intent"]
        """,
    )
    result = run("config", "--show", "plans", "--fail-on", "warning")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "# configuration file: pyproject.toml" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line and line[0] != "#"}
    assert lines["ignore"].endswith("# pyproject.toml [tool.ramaudit]")
    assert '"warning"' in lines["fail-on"] and lines["fail-on"].endswith(
        "# command line (--fail-on)"
    )
    assert lines["fail-under"].endswith("# pyproject.toml [tool.ramaudit]")
    assert lines["max-nodes"].endswith("# default")
    assert '"signed letters of intent"' in lines["vocabulary.outcome-metrics"]
    assert lines["vocabulary.vanity-metrics"].endswith("# default")


def test_config_show_json_and_per_file_ignores(project):
    write(project / ".ramaudit.toml", '[per-file-ignores]\n"plan.yaml" = ["RA1"]\n')
    result = run("config", "--show", "plans/plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["config_file"] == ".ramaudit.toml"
    rows = {r["key"]: r for r in data["settings"]}
    assert rows["select"] == {"key": "select", "value": ["ALL"], "source": "default"}
    assert not any(c.startswith("RA1") for c in rows["enabled"]["value"])
    assert "per-file-ignores" in rows["enabled"]["source"]
    assert rows["per-file-ignores"]["source"] == ".ramaudit.toml"


def test_config_show_isolated_and_errors(project):
    write(project / ".ramaudit.toml", "bogus = 1\n")
    result = run("config", "--show", "--isolated")
    assert result.exit_code == 0
    assert "configuration files ignored" in result.stdout
    result = run("config", "--show")
    assert result.exit_code == 2 and "unknown configuration key 'bogus'" in result.stderr
    assert run("config").exit_code == 2
    assert run("config", "--show", "missing/").exit_code == 2


# ---------------------------------------------------------------- single strings, tables


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".ramaudit.toml", 'select = "RA1"\nignore = "RA102"\n'),
        (".ramaudit.yaml", "select: RA1\nignore: RA102\n"),
    ],
)
def test_a_single_string_is_a_one_item_list(project, name, text):
    write(project / name, text)
    config = Settings().config_for("plans/plan.yaml")
    assert "RA101" in config.select and "RA102" not in config.select
    assert not any(code.startswith("RA2") for code in config.select)


def test_config_file_may_hold_a_tool_ramaudit_table(project):
    write(project / "ci.toml", '[tool.ramaudit]\nselect = ["RA101"]\n')
    code, doc = check_json("plans/plan.yaml", "--config", "ci.toml")
    assert code == 1 and set(codes(doc)) == {"RA101"}


def test_a_tool_table_without_ramaudit_gets_a_hint(project):
    write(project / "ci.toml", '[tool.other]\nselect = ["RA101"]\n')
    result = run("check", "plans/plan.yaml", "--config", "ci.toml")
    assert result.exit_code == 2
    assert (
        "ci.toml: unknown configuration key 'tool'; settings go at the top level of this "
        "file, or all of them in a [tool.ramaudit] table"
    ) in result.stderr


# ---------------------------------------------------------------- RA001 and RA006 always on


def test_yaml_syntax_survives_per_file_ignores_and_is_always_an_error(project):
    write(
        project / ".ramaudit.toml",
        '[per-file-ignores]\n"*.yaml" = ["RA0"]\n[severity]\nRA0 = "info"\n',
    )
    write(project / "broken.yaml", "plan: [\n")
    code, doc = check_json("broken.yaml")
    assert code == 1
    (finding,) = doc["files"][0]["findings"]
    assert (finding["code"], finding["severity"]) == ("RA001", "error")


@pytest.mark.parametrize("selector", ["RA001", "yaml-syntax", "RA006"])
def test_severity_of_ra001_and_ra006_cannot_be_changed(project, selector):
    write(project / ".ramaudit.toml", f'[severity]\n"{selector}" = "warning"\n')
    result = run("check", "plans/plan.yaml")
    assert result.exit_code == 2
    assert ".ramaudit.toml:2: severity:" in result.stderr and "is always an error" in result.stderr


def test_config_show_lists_ra001_and_ra006_as_enabled(project):
    result = run("config", "--show", "plans/plan.yaml", "--select", "RA1", "--format", "json")
    rows = {r["key"]: r for r in json.loads(result.stdout)["settings"]}
    assert rows["enabled"]["value"][:2] == ["RA001", "RA006"]
    assert all(c.startswith("RA1") for c in rows["enabled"]["value"][2:])


def test_require_reason_on_the_command_line_turns_ra901_on(project):
    result = run("config", "--show", "--select", "RA1", "--require-reason", "--format", "json")
    rows = {r["key"]: r for r in json.loads(result.stdout)["settings"]}
    assert "RA901" in rows["enabled"]["value"]
    assert rows["enabled"]["source"].endswith("RA901 by --require-reason")
    write(
        project / "plans" / "plan.yaml",
        PLAN.replace("name: Billboard", "name: B  # ramaudit: ignore[RA101]"),
    )
    _, doc = check_json("plans/plan.yaml", "--select", "RA1", "--require-reason")
    assert "RA901" in codes(doc)

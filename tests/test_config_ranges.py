"""Numbers in configuration are finite and in range, and configuration or baseline
files that cannot be read (nested too deeply, numbers too long) are clear errors.

A value far out of range used to crash a rule (``grace-days = 10**30``) or switch it off
without a word (``tolerance = nan``): each is now refused with the file, line, key and
the allowed range, exit 2, in every kind of configuration file and on the command line.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.files import NUMBER_SETTINGS
from ramaudit.rules import ALL_RULES

runner = CliRunner()

PLAN = """\
plan:
  name: Late plan
  budget: 1000
  period: {start: 9999-01-01, end: 9999-12-31}
objectives:
  - id: o-1
    name: Grow
    kpis:
      - {metric: revenue, target: 10, deadline: 9999-12-31}
tactics:
  - {id: t-1, name: Ads, budget: 900, objectives: [o-1]}
  - {id: t-2, name: Events, budget: 200}
"""
HUGE = "1" + "0" * 30


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(PLAN)
    return tmp_path


def write_config(project: Path, kind: str, toml_body: str, yaml_body: str) -> str:
    """Write the setting as .ramaudit.toml, pyproject.toml or .ramaudit.yaml; return
    the name messages use for that file."""
    if kind == "toml":
        (project / ".ramaudit.toml").write_text(toml_body)
        return ".ramaudit.toml"
    if kind == "pyproject":
        body = toml_body.replace("[rules.", "[tool.ramaudit.rules.")
        if not body.startswith("["):
            body = "[tool.ramaudit]\n" + body
        (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + body)
        return "pyproject.toml"
    (project / ".ramaudit.yaml").write_text(yaml_body)
    return ".ramaudit.yaml"


RULE_CASES = [
    # (rule, option as written, TOML value, YAML value, range text, value shown)
    (
        "RA306",
        "grace-days",
        HUGE,
        HUGE,
        "a whole number of days from 0 to 3,660",
        "a number of 31 digits",
    ),
    ("RA306", "grace-days", "-1", "-1", "a whole number of days from 0 to 3,660", "-1"),
    ("RA305", "tolerance", "nan", ".nan", "a fraction of the plan budget from 0 to 10", "nan"),
    ("RA305", "tolerance", "inf", ".inf", "a fraction of the plan budget from 0 to 10", "inf"),
    ("RA305", "tolerance", "-inf", "-.inf", "a fraction of the plan budget from 0 to 10", "-inf"),
    (
        "RA305",
        "tolerance",
        "1e300",
        "1.0e+300",
        "a fraction of the plan budget from 0 to 10",
        "1e+300",
    ),
    (
        "RA309",
        "min-evidence",
        HUGE,
        HUGE,
        "a whole number from 0 to 1,000",
        "a number of 31 digits",
    ),
]


@pytest.mark.parametrize("kind", ["toml", "pyproject", "yaml"])
@pytest.mark.parametrize(
    ("code", "option", "toml_value", "yaml_value", "allowed", "got"), RULE_CASES
)
def test_rule_options_out_of_range_or_not_finite_exit_2_naming_file_key_and_range(
    project: Path,
    kind: str,
    code: str,
    option: str,
    toml_value: str,
    yaml_value: str,
    allowed: str,
    got: str,
) -> None:
    name = write_config(
        project,
        kind,
        f"[rules.{code}]\n{option} = {toml_value}\n",
        f"rules:\n  {code}:\n    {option}: {yaml_value}\n",
    )
    result = runner.invoke(app, ["check", "plan.yaml"])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert line.startswith(f"ramaudit: {name}"), line
    assert line.endswith(f"rules: {code}.{option}: expected {allowed}, got {got}"), line
    assert "Traceback" not in result.output


TOP_CASES = [
    ("fail-under", "nan", ".nan", "a fitness score from 0 to 100", "nan"),
    ("fail-under", "inf", ".inf", "a fitness score from 0 to 100", "inf"),
    ("max-nodes", HUGE, HUGE, "a whole number from 1 to 1,000,000,000", "a number of 31 digits"),
    ("max-depth", HUGE, HUGE, "a whole number from 1 to 1,000", "a number of 31 digits"),
    ("max-depth", "0", "0", "a whole number from 1 to 1,000", "0"),
    (
        "max-file-size",
        HUGE,
        HUGE,
        "a size in bytes from 1 to 10,000,000,000",
        "a number of 31 digits",
    ),
    ("max-file-size", '"900GB"', "900GB", "a size in bytes from 1 to 10,000,000,000", '"900GB"'),
]


@pytest.mark.parametrize("kind", ["toml", "pyproject", "yaml"])
@pytest.mark.parametrize(("key", "toml_value", "yaml_value", "allowed", "got"), TOP_CASES)
def test_top_level_numbers_out_of_range_or_not_finite_exit_2(
    project: Path, kind: str, key: str, toml_value: str, yaml_value: str, allowed: str, got: str
) -> None:
    name = write_config(project, kind, f"{key} = {toml_value}\n", f"{key}: {yaml_value}\n")
    result = runner.invoke(app, ["check", "plan.yaml"])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert line.startswith(f"ramaudit: {name}"), line
    assert f"{key}: expected {allowed}" in line and f"got {got}" in line, line


@pytest.mark.parametrize(
    ("flag", "value", "expected"),
    [
        ("--max-file-size", HUGE, "--max-file-size: expected a size in bytes from 1 to"),
        ("--max-nodes", HUGE, "--max-nodes: expected a whole number from 1 to 1,000,000,000"),
        ("--fail-under", "nan", "--fail-under: expected a fitness score from 0 to 100, got nan"),
        ("--fail-under", "inf", "--fail-under: expected a fitness score from 0 to 100, got inf"),
    ],
)
def test_flags_out_of_range_exit_2(project: Path, flag: str, value: str, expected: str) -> None:
    for paths in (["plan.yaml"], ["-"]):  # stdin read up to the limit, too
        result = runner.invoke(app, ["check", *paths, flag, value], input=PLAN)
        assert result.exit_code == 2, result.output
        assert expected in result.stderr


def test_nan_tolerance_no_longer_turns_the_overrun_rule_off(project: Path) -> None:
    # 1,100 of tactics against a budget of 1,000: RA305 fires with the default...
    result = runner.invoke(app, ["check", "plan.yaml", "-f", "json", "--select", "RA305"])
    assert [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]] == ["RA305"]
    # ... and tolerance = nan is refused rather than silently matching nothing.
    (project / ".ramaudit.toml").write_text("[rules.RA305]\ntolerance = nan\n")
    assert runner.invoke(app, ["check", "plan.yaml"]).exit_code == 2


def test_the_ends_of_each_range_are_accepted_and_work(project: Path) -> None:
    (project / ".ramaudit.toml").write_text(
        "max-depth = 1000\nmax-nodes = 1000000000\nmax-file-size = 10000000000\n"
        "fail-under = 0\n[rules.RA306]\ngrace-days = 3660\n[rules.RA305]\ntolerance = 10\n"
        "[rules.RA309]\nmin-evidence = 1000\n"
    )
    result = runner.invoke(app, ["check", "plan.yaml", "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    codes = {f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert "RA305" not in codes  # 10% over is well within ten times the budget
    # A deadline on the last day of year 9999 plus 3,660 days of grace is no crash.
    assert "RA306" not in codes


def test_every_number_setting_and_option_is_declared_with_a_range() -> None:
    assert set(NUMBER_SETTINGS) == {"fail-under", "max-file-size", "max-nodes", "max-depth"}
    for rule in ALL_RULES:
        for option, allowed in rule.option_range.items():
            default = rule.options[option]
            assert allowed.problem(default) is None, (rule.code, option)
            assert allowed.problem(math.nan) is not None
            assert allowed.problem(math.inf) is not None


numbers = st.one_of(
    st.integers(),
    st.integers(min_value=10**15, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 0.5, 10, 1000, 3660, 3661, 10**9, 10**9 + 1]),
)
targets = st.sampled_from(
    [("", key) for key in NUMBER_SETTINGS]
    + [(rule.code, option) for rule in ALL_RULES for option in rule.option_range]
)


def toml_number(value: float) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(targets, numbers)
@example(("", "max-file-size"), 1)  # in range, but the plan is over it
@example(("RA305", "tolerance"), math.nan)
def test_any_number_anywhere_is_accepted_or_refused_never_a_crash(
    project: Path, target: tuple[str, str], value: float
) -> None:
    code, key = target
    if code:
        body = f"[rules.{code}]\n{key.replace('_', '-')} = {toml_number(value)}\n"
    else:
        body = f"{key} = {toml_number(value)}\n"
    (project / ".ramaudit.toml").write_text(body)
    result = runner.invoke(app, ["check", "plan.yaml", "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "internal error" not in result.stderr
    if result.exit_code == 2 and not result.stderr.startswith("ramaudit: .ramaudit.toml:"):
        # A limit so low that the plan is over it: the file is not read, and says why.
        (entry,) = json.loads(result.stdout)["files"]
        assert "limit" in entry["error"], entry
        assert result.stderr == f"ramaudit: {entry['error']}\n"
    elif result.exit_code == 2:
        assert result.stderr.startswith("ramaudit: .ramaudit.toml:"), result.stderr
        assert "expected" in result.stderr and " from " in result.stderr
    else:
        assert result.exit_code in (0, 1)
        json.loads(result.stdout)


# --------------------------------------------------------------------------- unreadable


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("select = " + "[" * 50_000 + "]" * 50_000 + "\n", "values nest too deeply to read"),
        (
            "ignore = " + "{a = " * 3_000 + "1" + "}" * 3_000 + "\n",
            "values nest too deeply to read",
        ),
        ("max-nodes = " + "9" * 5_000 + "\n", "a number has more than 4,300 digits"),
    ],
)
@pytest.mark.parametrize("kind", ["toml", "pyproject"])
def test_deeply_nested_or_overlong_toml_is_a_clear_error(
    project: Path, body: str, expected: str, kind: str
) -> None:
    name = write_config(project, kind, body, "")
    result = runner.invoke(app, ["check", "plan.yaml"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"ramaudit: {name}: invalid TOML: {expected}")
    assert "Traceback" not in result.output


def test_deeply_nested_yaml_configuration_is_a_clear_error(project: Path) -> None:
    (project / ".ramaudit.yaml").write_text("select: " + "[" * 20_000 + "]" * 20_000 + "\n")
    result = runner.invoke(app, ["check", "plan.yaml"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("ramaudit: .ramaudit.yaml")
    assert "internal error" not in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "values nest too deeply to read"),
        ('{"tool": "ramaudit", "version": 1, "files": ' + "[" * 100_000, "nest too deeply"),
        ('{"tool": "ramaudit", "version": ' + "1" * 5_000 + "}", "more than 4,300 digits"),
        (
            '{"tool": "ramaudit", "version": 1, "files": {"plan.yaml": '
            '[{"code": "RA101", "count": 1e400}]}}',
            "bad entry under 'plan.yaml'",
        ),
    ],
)
def test_a_baseline_that_cannot_be_read_is_a_clear_error(
    project: Path, text: str, expected: str
) -> None:
    (project / "base.json").write_text(text)
    result = runner.invoke(app, ["check", "plan.yaml", "--baseline", "base.json"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("ramaudit: base.json"), result.stderr
    assert expected in result.stderr
    assert "internal error" not in result.stderr and len(result.stderr) < 400

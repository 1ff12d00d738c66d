"""The ``benchmarks`` setting: ranges of plausible cost per result per metric, checked
with the file and line of what is wrong, shown by ``config --show`` and read by RA316."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from ramaudit.config.files import Settings

runner = CliRunner()

PLAN = """\
version: 2
plan:
  name: Plan
  currency: EUR
tactics:
  - id: t-events
    budget: 20000
    kpis:
      - {metric: MQLs, target: 40}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text(PLAN)
    return tmp_path


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["check", "plan.yaml", "--format", "concise", "--select", "RA316", *args]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '[benchmarks]\n"qualified leads" = [400, 50]\n',
            '.ramaudit.toml:2: benchmarks: "qualified leads": the low cost 400 is above the '
            "high cost 50",
        ),
        (
            "[benchmarks]\nleads = [50]\n",
            '.ramaudit.toml:2: benchmarks: "leads": expected [low, high] or '
            "{ low = ..., high = ... }, got [50]",
        ),
        (
            "[benchmarks]\nleads = [-5, 40]\n",
            '.ramaudit.toml:2: benchmarks: "leads": low: expected a cost per result from 0 to',
        ),
        (
            '[benchmarks]\nleads = ["50", 400]\n',
            '.ramaudit.toml:2: benchmarks: "leads": low: expected a cost per result',
        ),
        (
            "[benchmarks]\nleads = [50, inf]\n",
            '.ramaudit.toml:2: benchmarks: "leads": high: expected a cost per result',
        ),
        (
            "[benchmarks]\nleads = { low = 5, hihg = 40 }\n",
            '.ramaudit.toml:2: benchmarks: "leads": a range has a low and a high, not "hihg"; '
            "did you mean 'high'?",
        ),
        (
            "[benchmarks]\nleads = {}\n",
            '.ramaudit.toml:2: benchmarks: "leads": expected [low, high]',
        ),
        (
            '[benchmarks]\n"conversion rate" = [1, 2]\n',
            '.ramaudit.toml:2: benchmarks: "conversion rate": names no result to count',
        ),
        (
            '[benchmarks]\nMQLs = [1, 2]\n"marketing qualified leads" = [3, 4]\n',
            '.ramaudit.toml:3: benchmarks: "marketing qualified leads": names the same result '
            'as "MQLs"; give it once',
        ),
        ("benchmarks = [1, 2]\n", ".ramaudit.toml:1: benchmarks: expected a table of metric"),
    ],
)
def test_a_bad_range_is_a_clear_error_with_its_line(
    project: Path, body: str, expected: str
) -> None:
    (project / ".ramaudit.toml").write_text(body)
    code, _, err = check()
    assert code == 2, err
    assert expected in err
    assert "Traceback" not in err


def test_pyproject_and_yaml_files_give_the_line_too(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ramaudit.benchmarks]\nleads = [9, 1]\n'
    )
    code, _, err = check()
    assert code == 2 and 'pyproject.toml:5: benchmarks: "leads": the low cost 9' in err
    (project / "pyproject.toml").unlink()
    (project / ".ramaudit.yaml").write_text("benchmarks:\n  leads: [1, 2]\n  MQLs: 3\n")
    code, _, err = check()
    assert code == 2 and '.ramaudit.yaml:3: benchmarks: "MQLs": expected [low, high]' in err


def test_a_configured_range_judges_the_plan_in_its_currency(project: Path) -> None:
    assert check()[0] == 0  # no range for MQLs, and the built-in one is for leads in USD
    (project / ".ramaudit.toml").write_text(
        '[benchmarks]\n"qualified leads" = { low = 50, high = 400 }\n'
    )
    code, out, _ = check()
    assert code == 0  # a warning
    assert "plan.yaml:9:32: RA316 [warning] KPI 'MQLs' of tactic 't-events' asks for 40 " in out
    assert "500 EUR each, above the plausible range (50 to 400 EUR per result for " in out


def test_config_show_lists_each_range_and_where_it_came_from(project: Path) -> None:
    (project / ".ramaudit.toml").write_text(
        '[benchmarks]\n"qualified leads" = [50, 400]\nSQLs = { low = 150 }\n'
    )
    shown = runner.invoke(app, ["config", "--show", "--format", "json"]).stdout
    rows = {r["key"]: r for r in json.loads(shown)["settings"]}
    assert rows["benchmarks.leads"] == {
        "key": "benchmarks.leads",
        "value": {"low": 21.12, "high": 132.95},
        "source": "default",
    }
    assert rows['benchmarks."qualified leads"']["value"] == {"low": 50, "high": 400}
    assert rows['benchmarks."qualified leads"']["source"] == ".ramaudit.toml"
    assert rows["benchmarks.SQLs"]["value"] == {"low": 150}
    (project / ".ramaudit.toml").write_text("[benchmarks]\nleads = []\n")
    config = Settings().config_for("plan.yaml")
    assert not config.benchmarks
    shown = runner.invoke(app, ["config", "--show"]).stdout
    (line,) = [ln for ln in shown.splitlines() if ln.startswith("benchmarks.")]
    assert line.split() == ["benchmarks.leads", "[]", "#", ".ramaudit.toml"]


DOCS = Path(__file__).resolve().parent.parent / "docs" / "plausibility.md"


def test_the_docs_example_is_accepted_and_every_built_in_range_is_cited(tmp_path: Path) -> None:
    import re
    import tomllib

    import jsonschema

    from ramaudit.config.declarations import json_schema
    from ramaudit.config.files import read_config_file
    from ramaudit.core.benchmarks import DEFAULT_BENCHMARKS

    text = DOCS.read_text("utf-8")
    (block,) = re.findall(r"^```toml\n(.*?)^```", text, re.M | re.S)
    table = tomllib.loads(block)["tool"]["ramaudit"]
    jsonschema.Draft202012Validator(json_schema()).validate(table)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n' + block)
    read_config_file(tmp_path / "pyproject.toml", explicit=True)
    for benchmark in DEFAULT_BENCHMARKS:
        row = (
            f"| `{benchmark.metric}` | {benchmark.low} to {benchmark.high} | {benchmark.currency} |"
        )
        assert row in text
        assert benchmark.source in text
        assert "https://" in text.split(row, 1)[1]

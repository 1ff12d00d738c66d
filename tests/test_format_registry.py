"""The format registry (ramaudit.report.formats): every command's formats are declared
there once, every renderer has the shape render(data, options) -> str, and the
commands offer, infer and refuse formats exactly as it says."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import audit, status_of
from ramaudit.cli import app
from ramaudit.comparison import compare
from ramaudit.config.files import Settings, show_data
from ramaudit.history import HistoryPoint, PlanHistory
from ramaudit.report import RenderOptions
from ramaudit.report.formats import GRAPH, REGISTRY, REPORT, Format, load
from ramaudit.rules import ALL_RULES, BY_CODE

PLAN = EXAMPLES / "random-acts.yaml"
EVERY = [(f.command, fmt) for f in REGISTRY.values() for fmt in f.formats]
COMMANDS = {
    "check",
    "report",
    "graph",
    "diff",
    "history",
    "explain-score",
    "rules",
    "rule",
    "config",
    "status",
}


def invoke(args: list[str]):
    return CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100"})


def test_every_command_that_prints_has_its_formats_declared():
    assert set(REGISTRY) == COMMANDS
    for formats in REGISTRY.values():
        assert formats.default in formats.names
        assert len(set(formats.names)) == len(formats.names)


@pytest.mark.parametrize(("command", "fmt"), EVERY, ids=[f"{c}-{f.name}" for c, f in EVERY])
def test_every_declared_renderer_loads(command: str, fmt: Format[object]):
    for target in (fmt.renderer, fmt.file_renderer, fmt.statistics):
        if target is not None:
            assert callable(load(target)), target


def inputs_for(command: str) -> object:
    result = audit(PLAN)
    return {
        "check": [result],
        "report": [result],
        "graph": result.graph,
        "diff": [compare(audit(EXAMPLES / "saas-demand-gen.yaml"), result)],
        "history": PlanHistory(
            "plan.yaml",
            (
                HistoryPoint(
                    dt.date(2027, 1, 31),
                    "abc1234",
                    "Check-in",
                    49,
                    0.3,
                    0.34,
                    200,
                    1500,
                    0,
                    500,
                    "USD",
                ),
            ),
        ),
        "explain-score": result,
        "rules": ALL_RULES,
        "rule": BY_CODE["RA205"],
        "config": show_data(Settings(isolated=True), PLAN),
        "status": [status_of(result)],
    }[command]


@pytest.mark.parametrize(("command", "fmt"), EVERY, ids=[f"{c}-{f.name}" for c, f in EVERY])
def test_every_renderer_takes_its_input_and_options(command: str, fmt: Format[object]):
    text = fmt.render(inputs_for(command), RenderOptions(color=False))
    assert isinstance(text, str) and text


def test_machine_formats_never_import_rich():
    code = (
        "import sys\n"
        "from ramaudit.api import audit\n"
        "from ramaudit.report.formats import REGISTRY\n"
        f"result = audit({str(PLAN)!r})\n"
        "from ramaudit.report import RenderOptions\n"
        "for name in ('check', 'report'):\n"
        "    for f in REGISTRY[name].formats:\n"
        "        if not f.terminal:\n"
        "            f.render([result], RenderOptions())\n"
        "for f in REGISTRY['graph'].formats:\n"
        "    f.render(result.graph, RenderOptions())\n"
        "print('rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("command", ["check", "diff", "history", "explain-score", "rules", "rule"])
def test_help_lists_the_declared_formats(command: str):
    args = [command, "--help"]
    text = " ".join(invoke(args).stdout.split())
    for name in REGISTRY[command].names:
        assert name in text.split("--format FORMAT", 1)[1], name


@pytest.mark.parametrize("command", ["check", "report", "graph", "diff"])
def test_an_unknown_format_is_refused_with_the_declared_choices(command: str):
    args = [command, str(PLAN)] + ([str(PLAN)] if command == "diff" else []) + ["-f", "xml"]
    result = invoke(args)
    assert result.exit_code == 2
    assert f"choose from {', '.join(REGISTRY[command].names)}" in result.stderr


@pytest.mark.parametrize("command", ["explain-score", "rule"])
def test_typer_refuses_an_unknown_format_with_the_declared_choices(command: str):
    result = invoke([command, str(PLAN) if command == "explain-score" else "RA101", "-f", "xml"])
    assert result.exit_code == 2
    choices = ", ".join(f"'{n}'" for n in REGISTRY[command].names)
    assert f"is not one of {choices}" in result.stderr


@pytest.mark.parametrize("suffix", [s for f in REPORT.formats for s in f.suffixes])
def test_each_report_suffix_chooses_its_format(suffix: str, tmp_path: Path):
    target = tmp_path / f"audit{suffix.upper()}"
    result = invoke(["report", str(PLAN), "-o", str(target)])
    assert result.exit_code == 1, result.stderr  # the plan fails; the report is written
    expected = REPORT.for_suffix(suffix)
    assert expected is not None
    assert f"Wrote the {expected.name} report" in result.stderr


@pytest.mark.parametrize(
    "suffix", [s for f in GRAPH.formats for s in (*f.suffixes, *f.unlisted_suffixes)]
)
def test_each_graph_suffix_chooses_its_format(suffix: str, tmp_path: Path):
    target = tmp_path / f"plan{suffix}"
    result = invoke(["graph", str(PLAN), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    fmt = GRAPH.for_suffix(suffix)
    assert fmt is not None
    assert target.read_text() == fmt.render(audit(PLAN).graph, RenderOptions())


def test_the_json_formats_parse():
    for command in ("check", "graph", "diff", "history", "explain-score", "rules", "rule"):
        fmt = REGISTRY[command].get("json")
        assert fmt is not None, command
        json.loads(fmt.render(inputs_for(command), RenderOptions()))

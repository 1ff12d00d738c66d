"""``ramaudit report`` and ``ramaudit graph`` from the command line."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from ramaudit.cli import app
from report_helpers import EXAMPLE_COUNT, EXAMPLES

RAM = str(EXAMPLES / "random-acts.yaml")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_report_writes_html_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["report", RAM, "-o", str(out)])
    assert res.exit_code == 1, res.output  # written; the plan fails, as check says
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Oatful Co. 2027 Buzz Plan" in text
    assert f"to {out}" in res.stderr


def test_report_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("keep me")
    res = runner.invoke(app, ["report", RAM, "-o", str(out)])
    assert res.exit_code == 2
    assert "exists; pass --force" in res.stderr
    assert out.read_text() == "keep me"
    res = runner.invoke(app, ["report", RAM, "-o", str(out), "--force"])
    assert res.exit_code == 1
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp files left


def test_report_prints_to_stdout_without_output(runner: CliRunner) -> None:
    res = runner.invoke(app, ["report", RAM, "--format", "markdown"])
    assert res.exit_code == 1
    assert res.stdout.startswith('<a id="plan-1"></a>')
    assert "```mermaid\nflowchart LR" in res.stdout


def test_report_format_follows_the_file_suffix(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["report", RAM, "-o", str(tmp_path / "audit.md")])
    assert res.exit_code == 1
    assert "```mermaid" in (tmp_path / "audit.md").read_text()


@pytest.mark.parametrize("name", ["audit.pdf", "audit.txt", "audit", "audit.HTML.bak"])
def test_report_refuses_a_suffix_it_cannot_write(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    res = runner.invoke(app, ["report", RAM, "-o", str(out)])
    assert res.exit_code == 2
    assert f"cannot tell the report format from the name {out}" in res.stderr
    assert "--format html or --format markdown" in res.stderr
    assert ("print it to PDF" in res.stderr) == name.endswith(".pdf")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_report_suffixes_it_knows_and_an_explicit_format(runner: CliRunner, tmp_path: Path) -> None:
    for name, start in (("a.HTM", "<!DOCTYPE html>"), ("b.markdown", '<a id="plan-1">')):
        res = runner.invoke(app, ["report", RAM, "-o", str(tmp_path / name)])
        assert res.exit_code == 1, res.output
        assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)
    # --format given: any name is taken at its word.
    res = runner.invoke(app, ["report", RAM, "-o", str(tmp_path / "c.txt"), "-f", "markdown"])
    assert res.exit_code == 1
    assert (tmp_path / "c.txt").read_text(encoding="utf-8").startswith('<a id="plan-1">')


def test_report_of_a_folder_is_a_portfolio(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.html"
    res = runner.invoke(app, ["report", str(EXAMPLES), "-o", str(out)])
    assert res.exit_code == 1
    text = out.read_text()
    assert "Portfolio, worst first" in text and text.count('<section class="plan"') == EXAMPLE_COUNT


def test_report_never_writes_over_an_audited_plan(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(RAM, plan)
    before = plan.read_bytes()
    # --format html, or the .yaml name would be refused before the plan is even read.
    res = runner.invoke(app, ["report", str(plan), "-o", str(plan), "--force", "-f", "html"])
    assert res.exit_code == 2 and "never writes to it" in res.stderr
    assert plan.read_bytes() == before


def test_report_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["report"])
    assert res.exit_code == 2 and "no plan given" in res.stderr
    res = runner.invoke(app, ["report", RAM, "--format", "pdf"])
    assert res.exit_code == 2 and "choose from html, markdown" in res.stderr
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", str(tmp_path / "nope.yaml"), "-o", str(out)])
    assert res.exit_code == 2 and "nope.yaml: no such file" in res.stderr
    assert not out.exists()  # nothing readable: nothing written
    res = runner.invoke(app, ["report", str(tmp_path)])
    assert res.exit_code == 2 and "no plans found" in res.stderr
    assert "Traceback" not in res.output


def test_report_with_one_unreadable_plan_still_covers_the_rest(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", RAM, str(tmp_path / "nope.yaml"), "-o", str(out)])
    assert res.exit_code == 2
    text = out.read_text()
    assert "Oatful Co." in text and "nope.yaml: no such file" in text


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("mermaid", "flowchart LR"), ("dot", "digraph "), ("graphml", "<?xml"), ("json", "{")],
)
def test_graph_prints_each_format(runner: CliRunner, fmt: str, start: str) -> None:
    res = runner.invoke(app, ["graph", RAM, "--format", fmt])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(start)


def test_graph_writes_a_file_atomically_and_guesses_the_format(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "plan.graphml"
    res = runner.invoke(app, ["graph", RAM, "-o", str(out)])
    assert res.exit_code == 0
    g = nx.read_graphml(io.BytesIO(out.read_bytes()))
    assert g.nodes["t-expo-booth"]["orphan"] is True
    res = runner.invoke(app, ["graph", RAM, "-o", str(out)])
    assert res.exit_code == 2 and "pass --force" in res.stderr
    res = runner.invoke(app, ["graph", RAM, "-o", str(out), "--force", "-f", "json"])
    assert res.exit_code == 0 and out.read_text().startswith("{")


def test_graph_refuses_a_file_name_whose_suffix_is_no_format(
    runner: CliRunner, tmp_path: Path
) -> None:
    # plan.svg used to receive Mermaid text: a "picture" that no viewer opens.
    out = tmp_path / "plan.svg"
    res = runner.invoke(app, ["graph", RAM, "-o", str(out)])
    assert res.exit_code == 2
    assert f"cannot tell the graph format from the name {out}" in res.stderr
    assert not out.exists()
    res = runner.invoke(app, ["graph", RAM, "-o", str(out), "--format", "dot"])
    assert res.exit_code == 0 and out.read_text("utf-8").startswith("digraph ")
    bare = tmp_path / "plan"  # no suffix: the documented default, Mermaid
    assert runner.invoke(app, ["graph", RAM, "-o", str(bare)]).exit_code == 0
    assert bare.read_text("utf-8").startswith("flowchart LR")


def test_graph_errors_are_clear(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(app, ["graph", RAM, "--format", "png"])
    assert res.exit_code == 2 and "choose from mermaid, dot, graphml, json" in res.stderr
    res = runner.invoke(app, ["graph", str(tmp_path / "nope.yaml")])
    assert res.exit_code == 2 and "no such file" in res.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("plan: [\n")
    res = runner.invoke(app, ["graph", str(bad)])
    assert res.exit_code == 1  # the plan fails, as check fails it; not a usage error
    assert f"{bad}:1:7: invalid YAML" in res.stderr and "does not parse" in res.stderr
    assert "Traceback" not in res.output


def test_report_and_graph_read_the_configuration(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(RAM, plan)
    (tmp_path / ".ramaudit.toml").write_text('ignore = ["RA101"]\n')
    res = runner.invoke(app, ["report", str(plan), "--format", "markdown"])
    assert res.exit_code == 1
    assert "# RA101 orphan-tactic" not in res.stdout
    assert "# RA102 orphan-objective · 1 finding" in res.stdout
    res = runner.invoke(app, ["report", str(plan), "--format", "markdown", "--isolated"])
    assert "# RA101 orphan-tactic · 6 findings" in res.stdout
    (tmp_path / ".ramaudit.toml").write_text("bogus = 1\n")
    for command in (["report", str(plan)], ["graph", str(plan)]):
        res = runner.invoke(app, command)
        assert res.exit_code == 2 and "bogus" in res.stderr

"""`--format github`: workflow commands GitHub's runner turns into annotations."""

from __future__ import annotations

import os
import re

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import AuditResult, audit_paths
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.findings import Finding, Severity
from ramaudit.report import RenderOptions, render
from ramaudit.report.github import escape_data, escape_property

COMMAND = re.compile(r"^::(?P<cmd>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")
RAM = EXAMPLES / "random-acts.yaml"


def props(line: str) -> dict[str, str]:
    m = COMMAND.match(line)
    assert m, line
    return dict(pair.split("=", 1) for pair in m["props"].split(","))


def test_escaping_follows_the_runner():
    # A line break would end the command (or, as %0A, be turned back into one by the
    # runner): it is shown escaped, as in every output.
    assert escape_data("50% done\r\nnext") == "50%25 done\\r\\nnext"
    assert escape_data("a: b, c") == "a: b, c"  # the message may hold : and ,
    assert escape_property("a: b, c%\n") == "a%3A b%2C c%25\\n"


def test_finding_becomes_an_annotation_with_its_region():
    result = audit_yaml("""
        plan: {name: P}
        tactics:
          - id: t-billboard
        """)
    lines = render("github", [result], RenderOptions()).splitlines()
    ra101 = next(line for line in lines if "RA101" in line)
    head = "::error file=plan.yaml,line=3,col=9,endLine=3,endColumn=20,title=RA101 orphan-tactic::"
    assert ra101.startswith(head)
    assert (
        ra101[len(head) :]
        == result.findings[[f.code for f in result.findings].index("RA101")].message
    )


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_severity_picks_the_command(severity, command):
    result = audit_yaml(
        "plan: {name: P}\ntactics: [{id: t}]\n",
        Config(select=("RA202",), severity={"RA202": severity}),
    )
    (line,) = render("github", [result], RenderOptions()).splitlines()
    assert line.startswith(f"::{command} file=plan.yaml,")


def test_message_and_properties_are_escaped():
    f = Finding(
        "RA002",
        "invalid-field",
        Severity.ERROR,
        "bad: 100%\nreally",
        "dir,x/p:1.yaml",
        2,
        3,
        end_line=2,
        end_column=9,
    )
    (line,) = render("github", [AuditResult(f.path, [f])], RenderOptions()).splitlines()
    assert line == (
        "::error file=dir%2Cx/p%3A1.yaml,line=2,col=3,endLine=2,endColumn=9,"
        "title=RA002 invalid-field::bad: 100%25\\nreally"
    )


def test_region_across_lines_is_annotated_at_its_start():
    # GitHub accepts a column range only within one line.
    f = Finding(
        "RA104", "idle-objective", Severity.WARNING, "m", "p.yaml", 4, 5, end_line=7, end_column=1
    )
    (line,) = render("github", [AuditResult(f.path, [f])], RenderOptions()).splitlines()
    assert props(line) == {
        "file": "p.yaml",
        "line": "4",
        "col": "5",
        "title": "RA104 idle-objective",
    }


def test_paths_are_relative_without_dot_slash(monkeypatch):
    root = EXAMPLES.parent.parent
    monkeypatch.chdir(root)
    for given in (
        "./examples/plans/random-acts.yaml",
        str(RAM.resolve()),
        "src/../examples/plans/random-acts.yaml",
        f"../{root.name}/examples/plans/random-acts.yaml",
    ):
        out = render("github", audit_paths([given]), RenderOptions())
        files = {props(line)["file"] for line in out.splitlines()}
        assert files == {"examples/plans/random-acts.yaml"}, given


def test_every_example_finding_is_one_command():
    results = audit_paths([EXAMPLES])
    lines = render("github", results, RenderOptions()).splitlines()
    assert len(lines) == sum(len(r.findings) for r in results)
    for line in lines:
        p = props(line)
        assert set(p) >= {"file", "line", "col", "title"}
        assert not p["file"].startswith("./")


def test_unreadable_file_is_an_error_annotation(tmp_path):
    missing = tmp_path / "missing.yaml"
    out = render("github", audit_paths([missing]), RenderOptions())
    assert out.startswith("::error file=")
    assert "title=ramaudit could not read this file::" in out


def test_default_format_inside_github_actions():
    runner = CliRunner()
    # CliRunner's stdout is not a terminal, as in a workflow step.
    inside = runner.invoke(app, ["check", str(RAM)], env={"GITHUB_ACTIONS": "true"})
    assert inside.exit_code == 1
    assert inside.stdout.startswith("::")
    assert all(COMMAND.match(line) for line in inside.stdout.splitlines())
    outside = runner.invoke(app, ["check", str(RAM)], env={"GITHUB_ACTIONS": "false"})
    assert not outside.stdout.startswith("::") and "Marketing fitness" in outside.stdout
    explicit = runner.invoke(
        app, ["check", str(RAM), "-f", "concise"], env={"GITHUB_ACTIONS": "true"}
    )
    assert explicit.stdout.startswith(os.fspath(RAM))


def test_report_file_in_github_actions_defaults_to_text(tmp_path):
    out = tmp_path / "report.txt"
    result = CliRunner().invoke(
        app, ["check", str(RAM), "-o", str(out)], env={"GITHUB_ACTIONS": "true"}
    )
    assert result.exit_code == 1
    assert "Marketing fitness" in out.read_text(encoding="utf-8")


def test_fail_under_is_an_error_annotation_on_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text("plan: {name: P}\ngoals: [{id: g}]\n")
    (tmp_path / "b.yaml").write_text("plan: [\n")
    result = CliRunner().invoke(
        app, ["check", "p.yaml", "b.yaml", "-f", "github", "--fail-under", "50"]
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "::error file=p.yaml,title=ramaudit fail-under::fitness " in "\n".join(lines)
    assert lines[-1] == (
        "::error file=b.yaml,title=ramaudit fail-under::no fitness score (the file does not "
        "parse), which fails fail-under 50"
    )
    assert "p.yaml: fitness " in result.stderr and "is below fail-under 50" in result.stderr

"""`--format concise`: one grep-able line per finding."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import AuditResult, audit_paths
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.findings import Finding, Severity
from ramaudit.report import RenderOptions, render, summary_counts

LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>RA\d{3}) "
    r"\[(?P<severity>error|warning|info)\] (?P<message>\S.*)$"
)
RAM = EXAMPLES / "random-acts.yaml"
NO_GHA = {"GITHUB_ACTIONS": "false"}


def test_every_finding_is_one_line_in_the_stable_shape():
    results = audit_paths([EXAMPLES])
    out = render("concise", results, RenderOptions(quiet=True))
    lines = out.splitlines()
    findings = [f for r in results for f in r.findings]
    assert len(lines) == len(findings) > 0
    for line in lines:
        assert LINE.match(line), line
    assert "\x1b[" not in out


def test_line_carries_position_code_severity_and_message():
    result = audit_yaml("""
        plan: {name: P}
        tactics:
          - id: t-billboard
        """)
    out = render("concise", [result], RenderOptions(quiet=True))
    assert "plan.yaml:3:9: RA101 [error] tactic 't-billboard' links to no objective" in out
    assert "plan.yaml:3:9: RA202 [warning] tactic 't-billboard' has no KPI" in out


def test_lines_are_in_file_then_position_order():
    out = render("concise", audit_paths([RAM]), RenderOptions(quiet=True))
    keys = [(m["path"], int(m["line"]), int(m["col"])) for m in map(LINE.match, out.splitlines())]
    assert keys == sorted(keys)


def test_count_line_closes_unless_quiet():
    results = audit_paths([RAM])
    loud = render("concise", results, RenderOptions()).splitlines()
    c = summary_counts(results)
    total = c["error"] + c["warning"] + c["info"]
    assert loud[-1] == (
        f"Found {total} findings in 1 file ({c['error']} errors, "
        f"{c['warning']} warnings, {c['info']} info)."
    )
    assert not LINE.match(loud[-1])
    clean = audit_yaml("plan: {name: P}\n", Config(select=("RA001",)))
    assert render("concise", [clean], RenderOptions()) == "No findings in 1 file.\n"
    assert render("concise", [clean], RenderOptions(quiet=True)) == ""


def test_multi_line_messages_stay_on_one_line():
    finding = Finding(
        "RA001", "yaml-syntax", Severity.ERROR, "first\nsecond\r\nthird", "p.yaml", 2, 3
    )
    out = render("concise", [AuditResult("p.yaml", [finding])], RenderOptions(quiet=True))
    assert out == "p.yaml:2:3: RA001 [error] first\\nsecond\\r\\nthird\n"


def test_unreadable_file_gets_its_own_line(tmp_path):
    missing = tmp_path / "missing.yaml"
    result = CliRunner().invoke(app, ["check", str(missing), str(RAM), "-f", "concise"], env=NO_GHA)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"{missing}: no such file"
    assert all(LINE.match(line) for line in lines[1:-1])
    assert lines[-1].endswith("1 could not be read.")

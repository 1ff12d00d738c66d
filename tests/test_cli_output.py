"""`ramaudit check` options for CI: --format, --output/--force, --statistics,
--exit-zero."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.report import FORMATS
from ramaudit.report.statistics import rule_counts

RAM = EXAMPLES / "random-acts.yaml"
NO_GHA = {"GITHUB_ACTIONS": "false", "NO_COLOR": "1"}
STAT_LINE = re.compile(r"^\s*\d+  RA\d{3}  [a-z0-9-]+\s+\[(error|warning|info)\]$")


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=NO_GHA)


def test_help_lists_every_format():
    text = " ".join(run("check", "--help").stdout.split())
    for name in FORMATS:
        assert name in text
    assert "GITHUB_ACTIONS" in text


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_registered_format_runs(name):
    result = run("check", str(EXAMPLES), "--format", name)
    assert result.exit_code == 1, result.stderr
    assert result.stdout


def test_unknown_format_is_a_usage_error():
    result = run("check", str(RAM), "--format", "yaml")
    assert result.exit_code == 2
    assert "unknown format 'yaml'" in result.stderr and "sarif" in result.stderr


def test_output_writes_the_file_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "report.json"
    first = run("check", str(RAM), "-f", "json", "-o", str(out))
    assert first.exit_code == 1 and first.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1
    out.write_text("keep me")
    again = run("check", str(RAM), "-f", "json", "--output", str(out))
    assert again.exit_code == 2
    assert "exists" in again.stderr and "--force" in again.stderr
    assert out.read_text() == "keep me"
    forced = run("check", str(RAM), "-f", "json", "-o", str(out), "--force")
    assert forced.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_output_never_replaces_an_audited_plan(tmp_path):
    plan = tmp_path / "plan.yaml"
    original = "plan: {name: P}\ntactics: [{id: t}]\n"
    plan.write_text(original)
    result = run("check", str(plan), "-o", str(plan), "--force")
    assert result.exit_code == 2
    assert "being audited" in result.stderr
    assert plan.read_text() == original


def test_output_text_has_no_colour(tmp_path):
    out = tmp_path / "report.txt"
    result = CliRunner().invoke(
        app, ["check", str(RAM), "-o", str(out)], env={"GITHUB_ACTIONS": "false"}
    )
    assert result.exit_code == 1
    assert "\x1b[" not in out.read_text(encoding="utf-8")


def test_statistics_are_most_frequent_first():
    counts = rule_counts(audit_paths([EXAMPLES]))
    assert counts
    numbers = [c["count"] for c in counts]
    assert numbers == sorted(numbers, reverse=True)
    assert sum(numbers) == sum(len(r.findings) for r in audit_paths([EXAMPLES]))


def test_statistics_replace_findings_in_concise():
    result = run("check", str(EXAMPLES), "-f", "concise", "--statistics")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(STAT_LINE.match(line) for line in lines), lines
    counts = rule_counts(audit_paths([EXAMPLES]))
    assert [line.split()[1] for line in lines] == [c["code"] for c in counts]
    assert [int(line.split()[0]) for line in lines] == [c["count"] for c in counts]


def test_statistics_in_json_are_a_list():
    result = run("check", str(EXAMPLES), "-f", "json", "--statistics")
    assert json.loads(result.stdout) == rule_counts(audit_paths([EXAMPLES]))


@pytest.mark.parametrize("fmt", ["concise", "json", "github", "sarif", "junit"])
def test_statistics_name_unreadable_files_on_stderr(tmp_path, fmt):
    missing = tmp_path / "missing.yaml"
    result = run("check", str(RAM), str(missing), "-f", fmt, "--statistics")
    assert result.exit_code == 2
    assert f"ramaudit: {missing}: no such file" in result.stderr
    assert "missing.yaml" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_folder_without_plans_warns_but_exits_0(tmp_path, fmt):
    (tmp_path / "notes.txt").write_text("not a plan")
    result = run("check", str(tmp_path), "-f", fmt)
    assert result.exit_code == 0
    assert "ramaudit: warning: no plan files (*.yaml, *.yml) found to audit" in result.stderr
    assert "warning: no plan files" not in run("check", str(RAM), "-f", fmt).stderr


def test_stdin_skipped_by_force_exclude_gives_no_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('exclude = ["drafts"]\n')
    result = CliRunner().invoke(
        app,
        ["check", "-", "--stdin-filename", "drafts/x.yaml", "--force-exclude", "-f", "json"],
        input=RAM.read_text(),
        env=NO_GHA,
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"] == []
    assert result.stderr == ""


@pytest.mark.parametrize("flag", ["--output", "--write-baseline"])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_folder_as_the_file_to_write_is_named_as_such(tmp_path, flag, force):
    result = run("check", str(RAM), flag, str(tmp_path), *force)
    assert result.exit_code == 2
    assert result.stderr == f"ramaudit: {flag} {tmp_path} is a folder; name the file to write\n"


def test_statistics_in_text_follow_the_findings():
    result = run("check", str(RAM), "--statistics")
    out = result.stdout
    assert "RA101  error" in out  # findings are still listed
    top = rule_counts(audit_paths([RAM]))[0]
    assert re.search(rf"^\s*{top['count']}\s+{top['code']}\s+{top['name']}$", out, re.M)


def test_exit_zero_keeps_findings_but_not_unreadable_files(tmp_path):
    ok = run("check", str(RAM), "--exit-zero", "-f", "concise")
    assert ok.exit_code == 0 and "RA101" in ok.stdout
    broken = run("check", str(RAM), str(tmp_path / "missing.yaml"), "--exit-zero")
    assert broken.exit_code == 2


def test_quiet_concise_prints_findings_only():
    result = run("check", str(RAM), "-f", "concise", "-q")
    assert not result.stdout.splitlines()[-1].startswith("Found")

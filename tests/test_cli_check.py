"""`ramaudit check` end to end: text and JSON output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit import __version__
from ramaudit.cli import app

runner = CliRunner()
RAM = str(EXAMPLES / "random-acts.yaml")
CLEAN = str(EXAMPLES / "saas-demand-gen.yaml")


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


def test_text_output_shows_findings_score_and_ram_spend():
    result = run("check", RAM, env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    out = result.output
    assert "\x1b[" not in out  # no colour codes off a terminal
    assert f"{RAM}:64:9  RA101  error" in out
    assert "Marketing fitness" in out and "/100" in out
    for title in ("scalable", "accountable", "market-driven", "efficient"):
        assert title in out
    assert "funds random acts of marketing" in out
    assert "t-highway-billboard" in out
    # errors are listed before warnings
    assert out.index("RA101  error") < out.index("RA103  warning")


def test_json_output_shape():
    result = run("check", RAM, CLEAN, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "ramaudit", "version": __version__}
    assert [f["path"] for f in doc["files"]] == [RAM, CLEAN]
    ram = doc["files"][0]
    assert set(ram["score"]) >= {"total", "questions"}
    q = ram["score"]["questions"][0]
    assert set(q) >= {"key", "title", "score", "max", "answer", "evidence"}
    assert q["max"] == 25 and q["answer"] in ("yes", "no")
    f = ram["findings"][0]
    assert set(f) >= {
        "code",
        "rule",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "pointer",
        "item",
    }
    assert ram["ram_spend"]["tactics"]
    summary = doc["summary"]
    assert summary["files"] == 2
    assert summary["error"] == sum(
        1 for file in doc["files"] for x in file["findings"] if x["severity"] == "error"
    )


def test_exit_codes_follow_fail_on(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text("plan: {name: p}\ntactics:\n  - {id: t, objectives: o}\n")
    assert run("check", str(plan), "--fail-on", "never").exit_code == 0
    assert run("check", str(plan)).exit_code == 1  # RA005/RA101 are errors
    warn_only = tmp_path / "w.yaml"
    warn_only.write_text("plan: {name: p}\ngoals: [{id: g}]\n")  # RA103 warning
    assert run("check", str(warn_only)).exit_code == 0
    assert run("check", str(warn_only), "--fail-on", "warning").exit_code == 1


def test_syntax_error_counts_as_failure_and_has_no_score(tmp_path):
    plan = tmp_path / "bad.yaml"
    plan.write_text("plan:\n  name: 'unterminated\n")
    result = run("check", str(plan), "--format", "json")
    assert result.exit_code == 1
    (file,) = json.loads(result.stdout)["files"]
    assert file["score"] is None
    assert file["findings"][0]["code"] == "RA001"
    assert file["findings"][0]["line"] >= 2


def test_unreadable_paths_exit_2_but_others_are_still_audited(tmp_path):
    result = run("check", str(tmp_path / "missing.yaml"), CLEAN, "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["files"][0]["error"]
    assert result.stderr == f"ramaudit: {doc['files'][0]['error']}\n"  # said where CI looks
    assert doc["files"][1]["score"]["total"] >= 90


def test_directories_are_searched_for_yaml(tmp_path):
    (tmp_path / "a.yaml").write_text("plan: {name: a}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("plan: {name: b}\n")
    (tmp_path / "notes.txt").write_text("not a plan")
    doc = json.loads(run("check", str(tmp_path), "--format", "json").output)
    assert [f["plan"] for f in doc["files"]] == ["a", "b"]


def test_no_path_is_a_usage_error():
    result = run("check")
    assert result.exit_code == 2


def test_version_help_and_module_entry_point():
    assert run("--version").output.strip() == f"ramaudit {__version__}"
    help_text = run("check", "--help").output
    assert "Examples" in help_text and "ramaudit check plan.yaml" in help_text
    proc = subprocess.run(
        [sys.executable, "-m", "ramaudit", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.strip() == f"ramaudit {__version__}"


def test_every_example_audits_without_crashing(examples):
    assert len(examples) >= 5
    for path in examples:
        result = run("check", str(path), "--format", "json")
        assert result.exit_code in (0, 1), result.output
        (file,) = json.loads(result.output)["files"]
        assert file["score"] is not None


# ---------------------------------------------------------------- files that do not parse

BROKEN = "plan:\n  name: [\n"


def test_a_plan_that_does_not_parse_fails_whatever_the_selection(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b.yml").write_text(BROKEN)
    for flags in ((), ("--select", "RA1"), ("--ignore", "RA001"), ("--fail-on", "never")):
        result = run("check", "b.yml", "--format", "concise", *flags)
        assert result.exit_code == 1, flags
        # the '[' left open on the last line, not a line past the end of the file
        assert result.stdout.startswith("b.yml:2:9: RA001 [error] invalid YAML"), flags


def test_a_plan_over_the_node_limit_fails_whatever_the_selection(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text("plan:\n  name: P\ngoals: [{id: g}, {id: h}]\n")
    result = run("check", "p.yaml", "-f", "concise", "--max-nodes", "3", "--ignore", "RA0")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "p.yaml:3:8: RA006 [error] the document holds more than 3 values"
    )


# ---------------------------------------------------------------- which files


def test_a_file_named_several_times_is_audited_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text("plan: {name: a}\n")
    (tmp_path / "plans" / "b.yaml").write_text("plan: {name: b}\n")
    result = run("check", "plans/b.yaml", "plans/b.yaml", "./plans/b.yaml", "plans", "-f", "json")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        "plans/b.yaml",
        "plans/a.yaml",
    ]


def test_folder_search_skips_tool_and_dependency_folders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder in ("plans", "node_modules/pkg", "venv/lib", ".git", "build", "dist"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "x.yaml").write_text("plan: {name: x}\n")
    doc = json.loads(run("check", ".", "-f", "json").stdout)
    assert [f["path"] for f in doc["files"]] == ["plans/x.yaml"]
    # Named on the command line, they are audited.
    doc = json.loads(run("check", "node_modules/pkg/x.yaml", "build", "-f", "json").stdout)
    assert [f["path"] for f in doc["files"]] == ["node_modules/pkg/x.yaml", "build/x.yaml"]


def test_a_missing_file_is_not_counted_as_audited(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = run("check", "missing.yaml", env={"NO_COLOR": "1"})
    assert text.exit_code == 2
    assert "0 files audited: 0 errors, 0 warnings, 0 info; 1 could not be read" in text.stdout
    concise = run("check", "missing.yaml", CLEAN, "-f", "concise")
    assert concise.stdout.splitlines()[-1] == "No findings in 1 file; 1 could not be read."


# ---------------------------------------------------------------- flags that would do nothing


def test_force_needs_a_file_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", CLEAN, "--force")
    assert result.exit_code == 2
    assert "--force only applies to --output FILE" in result.stderr
    (tmp_path / "out.txt").write_text("keep")
    result = run("check", CLEAN, "-o", "out.txt")
    assert result.exit_code == 2 and "out.txt exists; pass --force" in result.stderr
    assert (tmp_path / "out.txt").read_text() == "keep"
    assert run("check", CLEAN, "-o", "out.txt", "--force").exit_code == 0


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (("--format", "json"), "--format"),
        (("-o", "report.txt"), "--output"),
        (("--statistics",), "--statistics"),
    ],
)
def test_write_baseline_refuses_report_flags(tmp_path, monkeypatch, flags, named):
    monkeypatch.chdir(tmp_path)
    result = run("check", RAM, "--write-baseline", "b.json", *flags)
    assert result.exit_code == 2
    assert f"--write-baseline writes only the baseline and no report; drop {named}" in (
        result.stderr
    )
    assert not (tmp_path / "b.json").exists()


def test_stdin_filename_needs_stdin_among_the_paths():
    result = run("check", CLEAN, "--stdin-filename", "x.yaml")
    assert result.exit_code == 2
    assert "--stdin-filename names standard input" in result.stderr


def test_config_help_does_not_promise_an_exit_code():
    text = " ".join(run("config", "--help").stdout.split())
    assert "Exit 1" not in text
    assert "--fail-under SCORE Show the configuration with this fail-under" in text


# ---------------------------------------------------------------- colour


@pytest.mark.parametrize(
    ("env", "terminal", "expected"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": ""}, True, True),  # only a non-empty value counts
        ({"NO_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ],
)
def test_colour_follows_no_color_and_force_color(monkeypatch, env, terminal, expected):
    from ramaudit.report import color_from_env

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert color_from_env(terminal) is expected


def test_force_color_colours_the_text_report():
    result = run("check", CLEAN, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in result.stdout


def test_option_values_ignore_case(tmp_path):
    # Every fixed word an option takes is lower case and no two differ only in case,
    # so WARNING, Json and DOT can only mean one thing.
    plan = str(EXAMPLES / "random-acts.yaml")
    lower = run("check", plan, "--fail-on", "warning", "--format", "json")
    upper = run("check", plan, "--fail-on", "WARNING", "--format", "JSON")
    assert upper.exit_code == lower.exit_code == 1
    assert json.loads(upper.stdout)["files"][0]["findings"]
    never = run("check", plan, "--fail-on", "Never", "--format", "Concise")
    assert never.exit_code == 0 and "RA101" in never.stdout
    assert run("rules", "--format", "JSON").stdout.lstrip().startswith("[")
    assert run("rule", "RA101", "-f", "Json").stdout.lstrip().startswith("{")
    assert run("explain-score", plan, "-f", "JSON").stdout.lstrip().startswith("{")
    assert run("graph", plan, "-f", "DOT").stdout.startswith("digraph")
    assert "<html" in run("report", plan, "--format", "HTML").stdout.lower()
    assert run("diff", plan, plan, "--format", "JSON").stdout.lstrip().startswith("{")
    assert run("config", "--show", "--format", "JSON").stdout.lstrip().startswith("{")
    bad = run("check", plan, "--format", "XML")
    assert bad.exit_code == 2 and "unknown format 'xml'" in bad.stderr

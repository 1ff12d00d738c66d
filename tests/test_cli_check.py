"""`ramaudit check` end to end: text and JSON output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

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
    (file,) = json.loads(result.output)["files"]
    assert file["score"] is None
    assert file["findings"][0]["code"] == "RA001"
    assert file["findings"][0]["line"] >= 2


def test_unreadable_paths_exit_2_but_others_are_still_audited(tmp_path):
    result = run("check", str(tmp_path / "missing.yaml"), CLEAN, "--format", "json")
    assert result.exit_code == 2
    doc = json.loads(result.output)
    assert doc["files"][0]["error"]
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

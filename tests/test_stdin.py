"""Reading a plan from standard input: `ramaudit check - --stdin-filename plan.yaml`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import audit_stdin
from ramaudit.config.effective import Config

runner = CliRunner()
BAD = (EXAMPLES / "random-acts.yaml").read_text()


def run(*args: str, input: str | bytes):
    from ramaudit.cli import app

    return runner.invoke(app, list(args), input=input)


def test_stdin_is_reported_under_the_given_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "-", "--stdin-filename", "plans/q3.yaml", "--format", "json", input=BAD)
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == ["plans/q3.yaml"]
    first = doc["files"][0]["findings"][0]
    assert first["path"] == "plans/q3.yaml"
    assert doc["files"][0]["score"]["total"] >= 0


def test_stdin_text_output_and_default_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "-", "-q", input=BAD)
    assert result.exit_code == 1
    assert "-:64:9  RA101  error" in result.stdout


def test_configuration_is_found_from_the_stdin_filename_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('select = ["RA202"]\n')
    (tmp_path / "strict").mkdir()
    (tmp_path / "strict" / ".ramaudit.toml").write_text('select = ["RA101"]\n')
    result = run(
        "check", "-", "--stdin-filename", "strict/plan.yaml", "--format", "json", input=BAD
    )
    codes = {f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert codes == {"RA101"}
    result = run("check", "-", "--stdin-filename", "plan.yaml", "--format", "json", input=BAD)
    codes = {f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert codes == {"RA202"}


def test_stdin_filename_alone_reads_stdin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(
        "check",
        "--stdin-filename",
        "p.yaml",
        "--isolated",
        "--select",
        "RA101",
        "--format",
        "json",
        input=BAD,
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["path"] == "p.yaml"


def test_stdin_with_files_and_suppressions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "plan: {name: P}\ntactics:\n  - id: t-a  # ramaudit: ignore[RA101] pilot\n"
    result = run(
        "check",
        "-",
        str(EXAMPLES / "saas-demand-gen.yaml"),
        "--stdin-filename",
        "p.yaml",
        "--isolated",
        "--select",
        "RA101,RA900",
        "--format",
        "json",
        input=text,
    )
    doc = json.loads(result.stdout)
    assert doc["files"][0]["path"] == "p.yaml"
    assert doc["files"][0]["findings"] == []


def test_stdin_that_is_not_text_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "-", "--stdin-filename", "p.yaml", input=b"plan:\n  name: \xff\n")
    assert result.exit_code == 2
    assert "p.yaml:2: not UTF-8 text" in result.output


def test_force_exclude_applies_to_the_stdin_filename(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('exclude = ["vendor"]\n')
    result = run(
        "check",
        "-",
        "--stdin-filename",
        "vendor/p.yaml",
        "--force-exclude",
        "--format",
        "json",
        input=BAD,
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"] == []


def test_audit_stdin_size_limit():
    import io

    result = audit_stdin("p.yaml", Config(max_file_size=10), io.BytesIO(b"x" * 11))
    assert result.error == "p.yaml: input is over the 10-byte limit (--max-file-size)"

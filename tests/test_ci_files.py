"""The CI integration files at the repository root and the recipes in docs/ci.md."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT
from ramaudit.cli import app
from ramaudit.report import FORMATS

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", CI_DOC, re.S)
RAMAUDIT = Path(sys.executable).with_name("ramaudit")


def test_pre_commit_hook():
    (hook,) = HOOKS
    assert hook["id"] == "ramaudit"
    assert hook["entry"] == "ramaudit check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert files.search("plans/q3.yaml") and files.search("q3.yml")
    assert not files.search("plan.json") and not files.search("yaml/readme.md")


def test_action_inputs_and_steps():
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {"paths", "format", "fail-on"} <= set(inputs)
    assert inputs["format"]["default"] in FORMATS
    assert inputs["fail-on"]["default"] == "error"
    for step in ACTION["runs"]["steps"]:
        assert step["shell"] == "bash"
        # Inputs reach scripts through the environment, never by text substitution.
        assert "${{" not in step["run"]
    install = ACTION["runs"]["steps"][0]["run"]
    assert '"$GITHUB_ACTION_PATH"' in install and "pip install" in install


def run_step(tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The action's run step under bash, with the venv ramaudit standing in for the
    one the install step makes."""
    bin_dir = tmp_path / "runner" / "ramaudit-venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "ramaudit").symlink_to(RAMAUDIT)
    step = ACTION["runs"]["steps"][1]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    env["RUNNER_TEMP"] = str(tmp_path / "runner")
    for key, value in step["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", value)[1]
        env[key] = inputs.get(name, ACTION["inputs"][name].get("default", ""))
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.skipif(
    not RAMAUDIT.exists() or shutil.which("bash") is None,
    reason="needs bash and the installed ramaudit script",
)
def test_action_run_step_annotates_and_writes_reports(tmp_path):
    plans = os.path.relpath(EXAMPLES, ROOT)
    annotated = run_step(tmp_path / "a", paths=f"{plans}/random-acts.yaml {plans}/okr-rollup.yaml")
    assert annotated.returncode == 1, annotated.stderr
    lines = annotated.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert "file=examples/plans/random-acts.yaml," in annotated.stdout

    out = tmp_path / "ramaudit.sarif"
    sarif = run_step(
        tmp_path / "b",
        paths=plans,
        format="sarif",
        output=str(out),
        **{"fail-on": "never", "args": "--quiet"},
    )
    assert sarif.returncode == 0, sarif.stderr
    assert '"version": "2.1.0"' in out.read_text(encoding="utf-8")


def test_every_yaml_recipe_parses():
    assert len(YAML_BLOCKS) >= 5
    for block in YAML_BLOCKS:
        yaml.safe_load(block)


def test_github_workflow_uploads_what_the_action_writes():
    workflow = next(yaml.safe_load(b) for b in YAML_BLOCKS if "upload-sarif" in b)
    steps = workflow["jobs"]["audit"]["steps"]
    audit = next(s for s in steps if s.get("uses", "").endswith("/ramaudit@v0.1.0"))
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert audit["with"]["format"] == "sarif"
    assert upload["with"]["sarif_file"] == audit["with"]["output"]
    assert set(audit["with"]) <= set(ACTION["inputs"])
    assert "!cancelled()" in upload["if"]
    assert workflow["jobs"]["audit"]["permissions"]["security-events"] == "write"


def test_gitlab_job_commands_run(tmp_path, monkeypatch):
    job = next(yaml.safe_load(b) for b in YAML_BLOCKS if "artifacts" in b)["ramaudit"]
    assert job["artifacts"]["reports"]["junit"] == "ramaudit-junit.xml"
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES, tmp_path / "plans")
    commands = [shlex.split(c)[1:] for c in job["script"] if c.startswith("ramaudit ")]
    assert len(commands) == 2
    codes = [
        CliRunner().invoke(app, args, env={"GITHUB_ACTIONS": "false"}).exit_code
        for args in commands
    ]
    assert codes == [0, 1]  # --exit-zero, then the example errors fail the job
    assert (tmp_path / "ramaudit-junit.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_pre_commit_snippet_names_the_hook():
    config = next(yaml.safe_load(b) for b in YAML_BLOCKS if "hooks:" in b)
    (hook,) = config["repos"][0]["hooks"]
    assert hook["id"] == HOOKS[0]["id"]

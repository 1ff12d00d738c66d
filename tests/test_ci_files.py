"""The CI integration files at the repository root and the recipes in docs/ci.md."""

from __future__ import annotations

import json
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
    # --force-exclude in the entry, not in args, so a user's `args:` cannot drop it.
    assert shlex.split(hook["entry"]) == ["ramaudit", "check", "--force-exclude"]
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert "files" not in hook  # the user narrows it to the plans' folder


def run_hook(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """What pre-commit runs: the hook's entry, its args, then the files by name."""
    entry = shlex.split(HOOKS[0]["entry"])
    command = [str(RAMAUDIT), *entry[1:], *HOOKS[0]["args"], *files]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(not RAMAUDIT.exists(), reason="needs the installed ramaudit script")
def test_pre_commit_hook_honours_exclude(tmp_path):
    (tmp_path / "docker-compose.yaml").write_text("services: {}\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ramaudit]\nexclude = ["docker-compose.yaml"]\n', encoding="utf-8"
    )
    shutil.copy(EXAMPLES / "random-acts.yaml", tmp_path / "plan.yaml")
    skipped = run_hook(tmp_path, "docker-compose.yaml")
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "0 files audited" in skipped.stdout
    audited = run_hook(tmp_path, "docker-compose.yaml", "plan.yaml")
    assert audited.returncode == 1
    assert "plan.yaml" in audited.stdout and "docker-compose" not in audited.stdout


def test_ci_doc_explains_files_and_exclude_for_the_hook():
    assert "files: ^plans/" in CI_DOC
    assert "--force-exclude" in CI_DOC and "docker-compose.yaml" in CI_DOC


def test_action_inputs_and_steps():
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {"paths", "format", "fail-on"} <= set(inputs)
    assert inputs["format"]["default"] in FORMATS
    # Empty: the repository's configuration says when to fail (a flag would override it).
    assert inputs["fail-on"]["default"] == ""
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


@pytest.mark.skipif(
    not RAMAUDIT.exists() or shutil.which("bash") is None,
    reason="needs bash and the installed ramaudit script",
)
def test_action_leaves_fail_on_to_the_configuration_unless_given(tmp_path):
    # A bug: the action always passed --fail-on error, which beat the repository's own.
    plans = os.path.relpath(EXAMPLES, ROOT)
    config = tmp_path / "strict.toml"
    config.write_text('fail-on = "never"\n', encoding="utf-8")
    args = f"--config {config}"
    plan = f"{plans}/random-acts.yaml"  # errors: fails at the default level
    assert run_step(tmp_path / "a", paths=plan, args=args).returncode == 0
    given = run_step(tmp_path / "b", paths=plan, args=args, **{"fail-on": "error"})
    assert given.returncode == 1


@pytest.mark.skipif(
    not RAMAUDIT.exists() or shutil.which("bash") is None,
    reason="needs bash and the installed ramaudit script",
)
def test_action_paths_split_on_newlines_and_globs_expand(tmp_path):
    plans = os.path.relpath(EXAMPLES, ROOT)
    # A `paths: |` block: one entry per line, with a glob and a ** glob among them.
    lines = f"{plans}/random-acts.yaml\n  {plans}/okr-*.yaml\n{plans}/**/saas-*.yaml\n"
    result = run_step(tmp_path, paths=lines, format="json", **{"fail-on": "never"})
    assert result.returncode == 0, result.stderr
    audited = {f["path"] for f in json.loads(result.stdout)["files"]}
    expected = {f"{plans}/random-acts.yaml"}
    expected |= {f"{plans}/{p.name}" for p in EXAMPLES.glob("okr-*.yaml")}
    expected |= {f"{plans}/{p.name}" for p in EXAMPLES.glob("saas-*.yaml")}
    assert len(expected) >= 3 and audited == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_action_pattern_matching_nothing_fails_the_step(tmp_path):
    result = run_step(tmp_path, paths="examples/plans/\nno-such-folder/*.yaml")
    assert result.returncode == 2
    assert "no file matches the pattern 'no-such-folder/*.yaml'" in result.stdout


@pytest.mark.skipif(
    not RAMAUDIT.exists() or shutil.which("bash") is None,
    reason="needs bash and the installed ramaudit script",
)
def test_action_inputs_are_never_run_as_code(tmp_path):
    marker = tmp_path / "ran"
    result = run_step(tmp_path / "a", paths=f"$(touch {marker}) `touch {marker}`*")
    assert not marker.exists()
    assert result.returncode == 2  # the literal text is no file, the pattern matches none


def test_action_does_not_claim_to_need_no_index():
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    for doc in (text, CI_DOC):
        assert "no package index" not in doc
        assert "PIP_INDEX_URL" in doc


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
    assert workflow["jobs"]["audit"]["permissions"]["actions"] == "read"
    # A fork's pull request has no security-events: write; the upload is skipped and
    # the findings become annotations instead.
    assert "!github.event.pull_request.head.repo.fork" in upload["if"]
    annotate = next(s for s in steps if "Annotate" in s.get("name", ""))
    assert annotate["if"] == "${{ !cancelled() && github.event.pull_request.head.repo.fork }}"
    assert "format" not in annotate["with"]  # the action's default: annotations


def test_readme_snippet_matches_the_ci_doc():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## CI", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, re.S)
    snippet = yaml.safe_load("job:\n" + block)["job"]
    assert snippet["permissions"] == {
        "contents": "read",
        "security-events": "write",
        "actions": "read",
    }
    upload = next(s for s in snippet["steps"] if "upload-sarif" in s["uses"])
    workflow = next(yaml.safe_load(b) for b in YAML_BLOCKS if "upload-sarif" in b)
    full = next(
        s for s in workflow["jobs"]["audit"]["steps"] if "upload-sarif" in s.get("uses", "")
    )
    assert upload["if"] == full["if"]


def test_gitlab_job_commands_run(tmp_path, monkeypatch):
    job = next(yaml.safe_load(b) for b in YAML_BLOCKS if "artifacts" in b)["ramaudit"]
    assert job["artifacts"]["reports"]["junit"] == "ramaudit-junit.xml"
    monkeypatch.chdir(tmp_path)
    shutil.copytree(EXAMPLES, tmp_path / "plans")
    commands = [shlex.split(c)[1:] for c in job["script"] if c.startswith("ramaudit ")]
    assert len(commands) == 2
    for _ in range(2):  # a rerun in a workspace that still holds the last report
        codes = [
            CliRunner().invoke(app, args, env={"GITHUB_ACTIONS": "false"}).exit_code
            for args in commands
        ]
        assert codes == [0, 1]  # --exit-zero, then the example errors fail the job
        report = tmp_path / "ramaudit-junit.xml"
        assert report.read_text(encoding="utf-8").startswith("<?xml")


def test_pre_commit_snippet_names_the_hook():
    config = next(yaml.safe_load(b) for b in YAML_BLOCKS if "hooks:" in b)
    (hook,) = config["repos"][0]["hooks"]
    assert hook["id"] == HOOKS[0]["id"]

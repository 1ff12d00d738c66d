"""A crash of ramaudit's own is never a traceback and never a finding.

Crashes are injected (a rule's check, the graph builder or a renderer made to raise);
each test asserts the one-line message naming the file, exit 2 (never 1), and that the
other files of the run are still audited and reported, in every output format.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit import api
from ramaudit.cli import app
from ramaudit.rules.orphan_tactic import OrphanTactic

runner = CliRunner()
MESSAGE = "internal error while auditing"


def boom(*args: Any, **kwargs: Any) -> Any:
    raise ZeroDivisionError("division by zero")


@pytest.fixture
def plans(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two good plans and a folder holding a third, the one made to crash ('crash'
    in its name)."""
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    shutil.copy(EXAMPLES / "random-acts.yaml", a)
    shutil.copy(EXAMPLES / "saas-demand-gen.yaml", b)
    folder = tmp_path / "dir"
    folder.mkdir()
    shutil.copy(EXAMPLES / "okr-rollup.yaml", folder / "crash.yaml")
    return a, b, folder


@pytest.fixture
def crash_on_one_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """RA101's check raises on the plan named crash.yaml, and only there."""
    original = OrphanTactic.check

    def check(self: OrphanTactic, ctx: Any) -> Iterator[Any]:
        if ctx.path.endswith("crash.yaml"):
            raise ZeroDivisionError("division by zero")
        return original(self, ctx)

    monkeypatch.setattr(OrphanTactic, "check", check)


def crash_line(stderr: str, path: str) -> str:
    lines = [line for line in stderr.splitlines() if MESSAGE in line]
    assert lines, stderr
    assert lines[0] == (
        f"ramaudit: {MESSAGE} {path}: ZeroDivisionError: division by zero; please report it"
    )
    return lines[0]


@pytest.mark.usefixtures("crash_on_one_plan")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_crash_in_one_file_exits_2_and_the_others_are_still_reported(
    plans: tuple[Path, Path, Path], jobs: str
) -> None:
    a, b, folder = plans
    result = runner.invoke(
        app, ["check", "--isolated", "-f", "json", "-j", jobs, str(a), str(b), str(folder)]
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    crashed = str(folder / "crash.yaml")
    crash_line(result.stderr, crashed)
    doc = json.loads(result.stdout)
    files = {f["path"]: f for f in doc["files"]}
    assert list(files) == [str(a), str(b), crashed]
    assert files[crashed]["error"].startswith(f"{MESSAGE} {crashed}: ZeroDivisionError")
    assert files[crashed]["findings"] == [] and files[crashed]["score"] is None
    # The others are audited in full: random-acts has its RA101 findings.
    assert any(f["code"] == "RA101" for f in files[str(a)]["findings"])
    assert files[str(b)]["error"] is None and files[str(b)]["score"] is not None


@pytest.mark.usefixtures("crash_on_one_plan")
@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "junit"])
def test_every_format_shows_the_crashed_file_as_not_audited(
    plans: tuple[Path, Path, Path], fmt: str, tmp_path: Path
) -> None:
    a, _, folder = plans
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(
        app, ["check", "--isolated", "-f", fmt, "-o", str(out), str(a), str(folder)]
    )
    assert result.exit_code == 2, result.output
    crashed = str(folder / "crash.yaml")
    crash_line(result.stderr, crashed)
    text = out.read_text(encoding="utf-8")  # the report is written all the same
    assert "ZeroDivisionError" in text
    assert "RA101" in text  # the other file's findings
    if fmt == "sarif":
        doc = json.loads(text)
        notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert any("ZeroDivisionError" in n["message"]["text"] for n in notes)
        assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False


@pytest.mark.usefixtures("crash_on_one_plan")
def test_exit_zero_does_not_hide_a_crash(plans: tuple[Path, Path, Path]) -> None:
    _, b, folder = plans
    result = runner.invoke(app, ["check", "--isolated", "--exit-zero", str(b), str(folder)])
    assert result.exit_code == 2


@pytest.mark.usefixtures("crash_on_one_plan")
@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_report_covers_the_other_plans_and_exits_2(
    plans: tuple[Path, Path, Path], fmt: str
) -> None:
    a, _, folder = plans
    result = runner.invoke(app, ["report", "--isolated", "-f", fmt, str(a), str(folder)])
    assert result.exit_code == 2
    crash_line(result.stderr, str(folder / "crash.yaml"))
    assert "ZeroDivisionError" in result.stdout and "random" in result.stdout.lower()


def test_a_crash_while_rendering_one_file_is_pinned_to_that_file(
    plans: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ramaudit.report import json_format

    a, b, _ = plans
    original = json_format.document

    def document(results: Any) -> Any:
        if any(r.path == str(b) and r.error is None for r in results):
            raise KeyError("no such field")
        return original(results)

    monkeypatch.setattr(json_format, "document", document)
    result = runner.invoke(app, ["check", "--isolated", "-f", "json", str(a), str(b)])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert [f["path"] for f in doc["files"]] == [str(a), str(b)]
    assert doc["files"][0]["error"] is None
    assert doc["files"][1]["error"].startswith(f"{MESSAGE} {b}: KeyError")


@pytest.mark.parametrize(
    "args",
    [
        ["graph", "-f", "dot"],
        ["explain-score"],
        ["report", "-f", "markdown"],
        ["check", "-f", "sarif"],
    ],
)
def test_a_crash_in_the_graph_builder_is_one_line_and_exit_2(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ramaudit.core.graph

    monkeypatch.setattr(ramaudit.core.graph, "build_graph", boom)
    plan = str(EXAMPLES / "random-acts.yaml")
    result = runner.invoke(app, [*args, "--isolated", plan])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    crash_line(result.stderr, plan)


def test_a_crash_outside_any_file_still_exits_2_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ramaudit.report.rule_docs

    monkeypatch.setattr(ramaudit.report.rule_docs, "catalogue_table", boom)
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "ramaudit: internal error: ZeroDivisionError: division by zero; please report it"
    )


@pytest.mark.usefixtures("crash_on_one_plan")
def test_diff_of_a_plan_that_crashes_exits_2_and_says_so(
    plans: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    a, _, folder = plans
    out = tmp_path / "diff.json"
    crashed = str(folder / "crash.yaml")
    result = runner.invoke(
        app, ["diff", "--isolated", "-f", "json", "-o", str(out), str(a), crashed]
    )
    assert result.exit_code == 2
    crash_line(result.stderr, crashed)
    assert "ZeroDivisionError" in json.loads(out.read_text(encoding="utf-8"))["plans"][0]["error"]


def test_a_crash_after_two_files_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    from ramaudit import comparison as diff

    monkeypatch.setattr(diff, "compare", boom)
    old, new = EXAMPLES / "random-acts.yaml", EXAMPLES / "saas-demand-gen.yaml"
    result = runner.invoke(app, ["diff", "--isolated", str(old), str(new)])
    assert result.exit_code == 2
    assert f"{MESSAGE} {old} and {new}: ZeroDivisionError" in result.stderr


def test_the_message_escapes_control_characters_and_undecodable_bytes() -> None:
    exc = ValueError("bad\x1b]0;title\x07 value\u202e")
    name = os.fsdecode(b"plan\xff\n.yaml")
    message = api.internal_error_message(exc, name)
    assert message == (
        "internal error while auditing plan\\xff\\n.yaml: ValueError: "
        "bad\\x1b]0;title\\x07 value\\u202e; please report it"
    )
    assert message.isprintable()


def test_audit_returns_the_crash_as_an_error_and_audit_text_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ramaudit.core.graph

    monkeypatch.setattr(ramaudit.core.graph, "build_graph", boom)
    plan = EXAMPLES / "random-acts.yaml"
    result = api.audit(plan)
    assert result.internal_error and result.error is not None
    assert result.error.startswith(f"{MESSAGE} {plan}: ZeroDivisionError")
    assert result.findings == []
    with pytest.raises(ZeroDivisionError):
        api.audit_text(plan.read_text(encoding="utf-8"))


INJECT = """
import sys
from ramaudit.rules.orphan_tactic import OrphanTactic
original = OrphanTactic.check
def check(self, ctx):
    if ctx.path.endswith("crash.yaml"):
        raise ZeroDivisionError("division by zero")
    return original(self, ctx)
OrphanTactic.check = check
from ramaudit.cli import main
sys.argv = ["ramaudit", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_a_subprocess_no_traceback_and_exit_2(
    plans: tuple[Path, Path, Path], tmp_path: Path, jobs: str
) -> None:
    a, b, folder = plans
    sarif = tmp_path / "out.sarif"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            INJECT,
            "check",
            "--isolated",
            "-f",
            "sarif",
            "-o",
            str(sarif),
            "-j",
            jobs,
            str(a),
            str(b),
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    crash_line(proc.stderr, str(folder / "crash.yaml"))
    doc = json.loads(sarif.read_text(encoding="utf-8"))
    uris = {a["location"]["uri"] for a in doc["runs"][0]["artifacts"]}
    assert len(uris) == 3  # the crashed file is listed too
    assert any(r["ruleId"] == "RA101" for r in doc["runs"][0]["results"])

"""Folder search: a folder that cannot be read is reported (exit 2), links never lead
out of the searched folder, a pipe never blocks the run, and *.YAML counts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import iter_plan_files
from ramaudit.cli import app
from ramaudit.core.source import SourceError, read_source

runner = CliRunner()
FAILING = EXAMPLES / "random-acts.yaml"
CLEAN = EXAMPLES / "saas-demand-gen.yaml"


def check(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, ["check", "--format", "json", "--jobs", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def found(*paths: str | Path) -> list[str]:
    return [p for p, _ in iter_plan_files(paths)]


# ------------------------------------------------------------------ unreadable folders


@pytest.mark.parametrize("how", ["listing", "iterating"])
def test_an_unreadable_sub_folder_is_reported_and_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans" / "secret").mkdir(parents=True)
    shutil.copy(CLEAN, tmp_path / "plans" / "ok.yaml")
    shutil.copy(FAILING, tmp_path / "plans" / "secret" / "bad.yaml")
    real_scandir = os.scandir

    class Refusing:
        """A listing that fails part-way, as on a flaky network share."""

        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def __enter__(self) -> Refusing:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

        def __iter__(self) -> Refusing:
            return self

        def __next__(self) -> Any:
            raise PermissionError(13, "Permission denied", "plans/secret")

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path).endswith("secret"):
            if how == "listing":  # root is not stopped by chmod; a failing call is
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return Refusing(real_scandir(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, doc, _ = check("plans")
    assert code == 2  # not 0: the failing plan inside was never audited
    errors = [f["error"] for f in doc["files"] if f["error"]]
    assert errors == ["plans/secret: cannot read folder: permission denied"]
    assert [f["path"] for f in doc["files"] if not f["error"]] == ["plans/ok.yaml"]


def test_an_unreadable_folder_named_on_the_command_line_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()

    def scandir(path: Any = ".") -> Any:
        raise PermissionError(13, "Permission denied", os.fspath(path))

    monkeypatch.setattr(os, "scandir", scandir)
    code, doc, _ = check("plans")
    assert code == 2
    assert [f["error"] for f in doc["files"]] == ["plans: cannot read folder: permission denied"]


@pytest.mark.parametrize("command", ["report", "text-check"])
def test_other_commands_report_the_unreadable_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans" / "secret").mkdir(parents=True)
    shutil.copy(CLEAN, tmp_path / "plans" / "ok.yaml")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    args = ["report", "plans", "-o", "r.html"] if command == "report" else ["check", "plans"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "plans/secret: cannot read folder: permission denied" in result.output


# ------------------------------------------------------------------------- links


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """plans/ with links that stay inside it and links that lead out."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    shutil.copy(FAILING, outside / "elsewhere.yaml")
    shutil.copy(FAILING, outside / "deep" / "more.yaml")
    plans = tmp_path / "plans"
    (plans / "team").mkdir(parents=True)
    shutil.copy(CLEAN, plans / "team" / "real.yaml")
    (plans / "out-file.yaml").symlink_to(outside / "elsewhere.yaml")
    (plans / "out-folder").symlink_to(outside, target_is_directory=True)
    (plans / "in-file.yaml").symlink_to(plans / "team" / "real.yaml")
    (plans / "in-folder").symlink_to(plans / "team", target_is_directory=True)
    (plans / "team" / "up").symlink_to(plans, target_is_directory=True)  # a loop
    return plans


def test_links_out_of_the_searched_folder_are_not_followed(tree: Path) -> None:
    names = found(tree)
    assert not any("elsewhere" in p or "more.yaml" in p for p in names)
    # inside links are fine, and each real file is audited once; the loop ends
    assert len(names) == 1 and os.path.realpath(names[0]) == str(tree / "team" / "real.yaml")


def test_a_link_named_on_the_command_line_is_followed(tree: Path) -> None:
    assert found(tree / "out-file.yaml") == [str(tree / "out-file.yaml")]
    names = sorted(Path(p).name for p in found(tree / "out-folder"))
    assert names == ["elsewhere.yaml", "more.yaml"]


def test_the_searched_folder_may_itself_be_a_link(tmp_path: Path, tree: Path) -> None:
    (tmp_path / "alias").symlink_to(tree, target_is_directory=True)
    names = found(tmp_path / "alias")
    assert len(names) == 1 and names[0].startswith(str(tmp_path / "alias"))


def test_check_exit_code_ignores_plans_outside_the_tree(tree: Path) -> None:
    code, doc, _ = check(str(tree))
    assert code == 0 and len(doc["files"]) == 1


# ------------------------------------------------------------------------ suffixes


def test_upper_and_mixed_case_suffixes_are_plans(tmp_path: Path) -> None:
    for name in ("a.YAML", "b.YML", "c.Yaml", "d.yml", "e.txt", ".hidden.YAML", "f.yaml.bak"):
        shutil.copy(CLEAN, tmp_path / name)
    assert [Path(p).name for p in found(tmp_path)] == ["a.YAML", "b.YML", "c.Yaml", "d.yml"]


# -------------------------------------------------------------------------- pipes


def test_read_source_refuses_a_pipe_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)  # no writer: a blocking read would wait forever
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(fifo, regular_only=True)


SWAPPED = textwrap.dedent(
    """
    import sys
    import ramaudit.api
    # The folder was listed when the pipe was still a plan: the listing's check
    # passes, and only reading can notice the swap.
    ramaudit.api._not_regular = lambda path: None
    sys.argv = ["ramaudit", "check", "--format", "json", *sys.argv[1:]]
    from ramaudit.cli import main
    main()
    """
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plan_swapped_for_a_pipe_after_listing_never_hangs(tmp_path: Path, jobs: str) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(CLEAN, plans / "a.yaml")
    os.mkfifo(plans / "b.yaml")
    shutil.copy(CLEAN, plans / "c.yaml")
    proc = subprocess.run(
        [sys.executable, "-c", SWAPPED, "--jobs", jobs, str(plans)],
        capture_output=True,
        text=True,
        timeout=120,  # a blocked read would hang here instead of failing
    )
    assert proc.returncode == 2, proc.stderr
    doc = json.loads(proc.stdout)
    by_name = {Path(f["path"]).name: f for f in doc["files"]}
    assert "not a regular file" in by_name["b.yaml"]["error"]
    assert by_name["a.yaml"]["score"] is not None and by_name["c.yaml"]["score"] is not None


def test_a_pipe_found_in_a_folder_never_hangs(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    os.mkfifo(plans / "pipe.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "ramaudit", "check", "--format", "json", str(plans)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "not a regular file" in json.loads(proc.stdout)["files"][0]["error"]


def test_a_pipe_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    """``ramaudit check <(git show HEAD:plan.yaml)``: a pipe named on purpose is read."""
    fifo = tmp_path / "named.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        [sys.executable, "-c", f"open({str(fifo)!r}, 'w').write({CLEAN.read_text()!r})"]
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ramaudit", "check", "--format", "json", str(fifo)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        writer.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"][0]["score"] is not None


def test_a_named_file_swapped_for_a_pipe_after_it_was_looked_at_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ramaudit.core.source

    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)  # no writer ever comes
    monkeypatch.setattr(ramaudit.core.source, "_is_pipe", lambda path: False)  # it was a file then
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(fifo)

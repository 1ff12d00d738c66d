"""Writing files: only through ``atomic_write``, never over a file without ``--force``,
never half a file, and never to a plan being audited."""

from __future__ import annotations

import builtins
import io
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.cli import app
from ramaudit.core.fileio import WriteRefused, atomic_write

runner = CliRunner()
OLD = b"the old report\n"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_bytes(OLD)
    path.chmod(0o640)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file_with_nothing_left_behind(tmp_path: Path) -> None:
    target = tmp_path / "new.json"
    atomic_write(target, "{}\n")
    assert target.read_text() == "{}\n"
    assert leftovers(tmp_path) == []


def test_refuses_to_overwrite_without_force(report: Path) -> None:
    with pytest.raises(WriteRefused, match="--force"):
        atomic_write(report, "new")
    assert report.read_bytes() == OLD


def test_overwrites_with_force_and_keeps_the_permissions(report: Path) -> None:
    atomic_write(report, b"new\n", force=True)
    assert report.read_bytes() == b"new\n"
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert leftovers(report.parent) == []


def test_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="directory"):
        atomic_write(tmp_path, "x", force=True)


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("os.fsync", OSError(28, "No space left on device")),
        ("os.replace", OSError(18, "Invalid cross-device link")),
        ("os.chmod", KeyboardInterrupt()),
        ("tempfile.mkstemp", PermissionError(13, "Permission denied")),
    ],
)
def test_a_failed_write_leaves_the_old_file_intact(
    report: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException
) -> None:
    module, name = where.split(".")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr({"os": os, "tempfile": tempfile}[module], name, fail)
    with pytest.raises(type(error)):
        atomic_write(report, b"a new report that never lands\n", force=True)
    monkeypatch.undo()
    assert report.read_bytes() == OLD
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert leftovers(report.parent) == []


def test_a_write_cut_short_leaves_the_old_file_intact(
    report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data is half written when the disk fills up: the half file is the
    temporary one, removed, and the report is still the old one."""
    real_fdopen = os.fdopen

    class HalfFile(io.FileIO):
        def write(self, data: Any) -> int:
            super().write(bytes(data)[: len(data) // 2])
            raise OSError(28, "No space left on device")

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode:
            return HalfFile(fd, "w")
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(OSError, match="No space"):
        atomic_write(report, b"x" * 10_000, force=True)
    monkeypatch.undo()
    assert report.read_bytes() == OLD
    assert leftovers(report.parent) == []


# --------------------------------------------------------------------- audited plans


class OpenLog:
    """Every file opened, and whether for writing, while it is installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.writes: list[str] = []
        self.reads: list[str] = []
        real_open, real_os_open = builtins.open, os.open

        def logged_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | bytes | os.PathLike):
                self._log(os.fsdecode(file), any(c in mode for c in "wax+"))
            return real_open(file, mode, *args, **kwargs)

        def logged_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC)
            self._log(os.fsdecode(path), bool(writing))
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", logged_open)
        monkeypatch.setattr(io, "open", logged_open)
        monkeypatch.setattr(os, "open", logged_os_open)

    def _log(self, path: str, writing: bool) -> None:
        (self.writes if writing else self.reads).append(os.path.realpath(path))


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for example in ("random-acts.yaml", "saas-demand-gen.yaml", "nested-retail.yaml"):
        shutil.copy(EXAMPLES / example, folder / example)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    "args",
    [
        # --jobs 1: the opens are logged in this process, not in workers
        ["check", "--jobs", "1"],
        ["check", "--jobs", "1", "--format", "json", "--output", "{out}/report.json"],
        ["check", "--jobs", "1", "--format", "sarif", "--output", "{out}/report.sarif"],
        ["check", "--jobs", "1", "--write-baseline", "{out}/baseline.json"],
        ["check", "--jobs", "2", "--format", "junit", "--output", "{out}/junit.xml"],
        ["report", "--output", "{out}/report.html"],
    ],
    ids=["check", "json-output", "sarif-output", "baseline", "jobs-junit", "html-report"],
)
def test_audited_plans_are_never_opened_for_writing(
    plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(plans)
    log = OpenLog(monkeypatch)
    argv = [a.format(out=out) for a in args] + [str(plans)]
    result = runner.invoke(app, argv)
    monkeypatch.undo()
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    audited = {os.path.realpath(p) for p in plans.iterdir()}
    if "--jobs" not in args or args[args.index("--jobs") + 1] == "1":
        assert audited <= set(log.reads)  # the plans were read here
    assert not audited & set(log.writes)  # and never opened for writing
    assert snapshot(plans) == before
    for written in log.writes:  # whatever was written went to the output folder
        assert Path(written).parent == out.resolve() or not Path(written).exists()


def test_output_over_an_audited_plan_is_refused_even_with_force(plans: Path) -> None:
    target = plans / "random-acts.yaml"
    before = snapshot(plans)
    result = runner.invoke(app, ["check", str(plans), "--output", str(target), "--force"])
    assert result.exit_code == 2
    assert "never writes to it" in result.stderr
    assert snapshot(plans) == before

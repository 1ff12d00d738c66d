"""Every command that writes a file replaces only a regular file: a pipe, a socket, a
device or a link to one is refused, with --force too, and '-' or /dev/stdout mean
standard output. The sheet `import` reads is never its output either."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.core.fileio import WriteRefused, atomic_write, is_stdout

runner = CliRunner()
PLAN = str(EXAMPLES / "saas-demand-gen.yaml")
CSV = "kind,id,name,supports\ngoal,g1,Grow revenue,\n"


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()  # the socket file stays behind, as a dead server's does
    return path


def _device(path: Path) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root")
    return path


def _link_to_fifo(path: Path) -> Path:
    target = _fifo(path.with_name(path.name + ".real-fifo"))
    path.symlink_to(target)
    return path


def _link_to_device(path: Path) -> Path:
    target = _device(path.with_name(path.name + ".real-dev"))
    path.symlink_to(target)
    return path


SPECIAL: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo,
    "socket": _socket,
    "device": _device,
    "link-to-fifo": _link_to_fifo,
    "link-to-device": _link_to_device,
}


@pytest.fixture(params=sorted(SPECIAL))
def special(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    yield SPECIAL[request.param](tmp_path / "out.txt")


def kind_of(path: Path) -> int:
    return stat.S_IFMT(path.stat().st_mode)


# Each writing command, with {out} where it takes the file to write.
COMMANDS = {
    "check-output": ["check", PLAN, "--format", "json", "-o", "{out}", "--force"],
    "check-write-baseline": ["check", PLAN, "--write-baseline", "{out}", "--force"],
    "report": ["report", PLAN, "--format", "html", "-o", "{out}", "--force"],
    "graph": ["graph", PLAN, "--format", "json", "-o", "{out}", "--force"],
    "diff": ["diff", PLAN, PLAN, "-o", "{out}", "--force"],
    "import": ["import", "{csv}", "-o", "{out}", "--force"],
    "init": ["init", "{out}", "--force", "--no-input"],
}


def run(args: list[str], tmp_path: Path, out: str) -> tuple[int, str, str]:
    csv = tmp_path / "sheet.csv"
    csv.write_text(CSV)
    argv = [a.format(out=out, csv=csv) for a in args]
    from ramaudit.cli import app

    result = runner.invoke(app, argv)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_the_writer_refuses_every_special_file_even_with_force(special: Path) -> None:
    before = kind_of(special)
    with pytest.raises(WriteRefused, match="only replaces regular files"):
        atomic_write(special, "report\n", force=True)
    assert kind_of(special) == before  # still the pipe, socket or device it was
    assert not [p for p in special.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_writing_command_refuses_a_special_file(
    command: str, special: Path, tmp_path: Path
) -> None:
    before = kind_of(special)
    code, _, err = run(COMMANDS[command], tmp_path, str(special))
    assert code == 2
    assert "only replaces regular files" in err and str(special) in err
    assert "Traceback" not in err
    assert kind_of(special) == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(
    command: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = [a for a in COMMANDS[command] if a != "--force"]  # nothing to overwrite
    code, out, err = run(args, tmp_path, name)
    assert code in (0, 1), err
    assert out.strip()  # the report, baseline, graph, plan... came out here
    assert not (tmp_path / "-").exists()


def test_the_baseline_on_standard_output_is_a_baseline(tmp_path: Path) -> None:
    from ramaudit.config.baseline import Baseline

    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "random-acts.yaml", plan)
    code, out, err = run(["check", str(plan), "--write-baseline", "-"], tmp_path, "")
    assert code == 0 and "on standard output" in err
    assert sum(Baseline.loads(out, root=Path.cwd()).counts.values()) > 0


def test_is_stdout() -> None:
    assert is_stdout(None) and is_stdout("-") and is_stdout(Path("/dev/stdout"))
    assert not is_stdout("report.json") and not is_stdout("./-")


def test_a_regular_file_and_a_link_to_one_are_still_replaced_with_force(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old\n")
    code, _, err = run(COMMANDS["check-output"], tmp_path, str(target))
    assert code == 0, err
    assert target.read_text().startswith("{")


# ------------------------------------------------------------- import over its input


@pytest.mark.parametrize("spelling", ["same", "dot-slash", "symlink", "hard-link"])
def test_import_never_overwrites_the_sheet_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(CSV)
    out = {
        "same": "sheet.csv",
        "dot-slash": "./sheet.csv",
        "symlink": "link.csv",
        "hard-link": "hard.csv",
    }[spelling]
    if spelling == "symlink":
        (tmp_path / "link.csv").symlink_to(sheet)
    if spelling == "hard-link":
        os.link(sheet, tmp_path / "hard.csv")
    from ramaudit.cli import app

    result = runner.invoke(app, ["import", "sheet.csv", "-o", out, "--force"])
    assert result.exit_code == 2
    assert "the file being imported; ramaudit never writes to it" in result.stderr
    assert sheet.read_text() == CSV

"""File names that are not UTF-8, and a standard output that is not UTF-8, in every
command and format: no crash; what the output cannot hold is replaced (``?``) or, in a
SARIF URI and a baseline, written so that it still names the file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.cli import app

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="file names of arbitrary bytes are a Linux matter"
)

PLAN_IN_OTHER_SCRIPTS = """\
plan:
  name: План продаж 2027 — 東京 😀
  currency: €
  budget: 10000
goals:
  - id: g-рост
    name: Рост «выручки»
objectives:
  - id: o-выручка
    name: Выручка
    goals: [g-рост]
    kpis:
      - {metric: revenue, target: 100, baseline: 50, deadline: 2027-12-31}
tactics:
  - id: t-реклама
    name: Реклама 看板 😀
    budget: 5000
  - id: t-письма
    name: Письма
    objectives: [o-выручка]
    budget: 7000
"""

CHECK_FORMATS = ["text", "concise", "json", "sarif", "github", "junit"]


def commands(plan: str, other: str) -> list[list[str]]:
    """Every command that prints something about a plan, in each of its formats."""
    out = [["check", "--isolated", "-f", fmt, plan] for fmt in CHECK_FORMATS]
    out += [["check", "--isolated", "--statistics", "-f", "json", plan]]
    out += [["report", "--isolated", "-f", fmt, plan] for fmt in ("html", "markdown")]
    out += [
        ["graph", "--isolated", "-f", fmt, plan] for fmt in ("mermaid", "dot", "graphml", "json")
    ]
    out += [["explain-score", "--isolated", "-f", fmt, plan] for fmt in ("text", "json")]
    out += [["diff", "--isolated", "-f", fmt, other, plan] for fmt in ("text", "json", "markdown")]
    out += [["config", "--show", "--isolated", plan], ["rules"], ["rule", "RA101"]]
    return out


def check_machine_output(args: list[str], text: str) -> None:
    fmt = args[args.index("-f") + 1] if "-f" in args else "text"
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt in ("junit", "graphml"):
        ET.fromstring(text)


@pytest.fixture
def odd_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A plan whose file name holds the byte 0xff, which is not UTF-8; the name as
    Python gives it (os.fsdecode: a lone surrogate stands for the byte)."""
    monkeypatch.chdir(tmp_path)
    raw = b"plan\xff.yaml"
    with open(raw, "wb") as fh:
        fh.write((EXAMPLES / "random-acts.yaml").read_bytes())
    shutil.copy(EXAMPLES / "saas-demand-gen.yaml", "other.yaml")
    return os.fsdecode(raw)


def test_every_command_takes_a_file_name_that_is_not_utf8(odd_name: str) -> None:
    runner = CliRunner()  # a strict UTF-8 standard output
    for args in commands(odd_name, "other.yaml"):
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert result.exit_code in (0, 1), (args, result.output)
        assert "internal error" not in result.stderr, args
        check_machine_output(args, result.stdout)


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_reports_written_to_a_file_name_the_file_validly(odd_name: str, fmt: str) -> None:
    result = CliRunner().invoke(app, ["check", "--isolated", "-f", fmt, "-o", "out", odd_name])
    assert result.exit_code == 1, result.output
    text = Path("out").read_bytes().decode("utf-8")  # valid UTF-8 throughout
    check_machine_output(["-f", fmt], text)
    if fmt == "sarif":
        (artifact,) = json.loads(text)["runs"][0]["artifacts"]
        assert artifact["location"]["uri"] == "plan%FF.yaml"  # the file's own bytes
    elif fmt == "json":
        # a \u escape that Python reads back to the name os.fsdecode gave the file
        assert "\\udcff" in text
        assert json.loads(text)["files"][0]["path"] == odd_name


def test_a_baseline_of_a_file_name_that_is_not_utf8_matches_it_again(odd_name: str) -> None:
    runner = CliRunner()
    written = runner.invoke(app, ["check", "--isolated", "--write-baseline", "base.json", odd_name])
    assert written.exit_code == 0, written.output
    doc = json.loads(Path("base.json").read_bytes().decode("utf-8"))
    assert list(doc["files"]) == ["plan\\xff.yaml"]
    again = runner.invoke(app, ["check", "--isolated", "--baseline", "base.json", odd_name])
    assert again.exit_code == 0, again.output  # every finding is in the baseline


@pytest.mark.parametrize("charset", ["ascii", "latin-1"])
def test_every_command_prints_to_a_standard_output_that_is_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charset: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(PLAN_IN_OTHER_SCRIPTS, encoding="utf-8")
    shutil.copy(EXAMPLES / "random-acts.yaml", "old.yaml")
    runner = CliRunner(charset=charset)  # sys.stdout encodes strictly in that charset
    for args in commands("plan.yaml", "old.yaml"):
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert result.exit_code in (0, 1), (args, result.output)
        text = result.stdout_bytes.decode(charset)
        check_machine_output(args, text)
        if args[:4] == ["check", "--isolated", "-f", "json"]:
            assert "t-???????" in text  # replaced, not dropped or escaped
        if args[0] != "rule":
            assert text.strip(), args


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C"}]
)
def test_a_real_process_with_a_non_utf8_stdout(tmp_path: Path, env: dict[str, str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_IN_OTHER_SCRIPTS, encoding="utf-8")
    odd = os.fsdecode(bytes(tmp_path) + b"/plan\xff.yaml")
    shutil.copy(plan, odd)
    base = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_CTYPE")}
    proc = subprocess.run(
        [sys.executable, "-m", "ramaudit", "check", "--isolated", "-f", "json", str(tmp_path)],
        capture_output=True,
        env={**base, "NO_COLOR": "1", **env},
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert len(json.loads(proc.stdout)["files"]) == 2

"""The README's sample output is a real run: every ```console block that starts with
``$ ramaudit ...`` is run (on a terminal of SAMPLE_WIDTH columns, no colour) and must
print what the block shows, trailing whitespace aside."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from ramaudit import cli
from ramaudit.cli import app

README = ROOT / "README.md"
SAMPLE_WIDTH = 100
BLOCK = re.compile(r"^```console\n\$ (ramaudit [^\n]*)\n(.*?)^```\n", re.M | re.S)


def samples() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_sample(command: str, monkeypatch) -> str:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    args = shlex.split(command)[1:]
    env = {"COLUMNS": str(SAMPLE_WIDTH), "NO_COLOR": "1", "FORCE_COLOR": None}
    return CliRunner().invoke(app, args, env=env).stdout


def test_the_readme_shows_a_sample():
    assert samples(), "README.md has no ```console block starting with '$ ramaudit'"


@pytest.mark.parametrize(("command", "shown"), samples(), ids=lambda v: v[:60])
def test_readme_sample_output_is_what_the_command_prints(command, shown, monkeypatch):
    out = run_sample(command, monkeypatch)
    assert normalised(out) == normalised(shown), (
        f"README.md's output of '{command}' is out of date; replace the block with:\n" + out
    )

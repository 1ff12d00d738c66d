"""The README's sample output is a real run: every ```console block that starts with
``$ ramaudit ...`` is run (on a terminal of SAMPLE_WIDTH columns, no colour) and must
print what the block shows, trailing whitespace aside.

After a change to the text output, ``python tests/test_readme_sample.py`` rewrites the
blocks from a real run."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from ramaudit.cli import app
from ramaudit.commands import common

README = ROOT / "README.md"
SAMPLE_WIDTH = 100
BLOCK = re.compile(r"^```console\n\$ (ramaudit [^\n]*)\n(.*?)^```\n", re.M | re.S)


def samples() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


def normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_sample(command: str, monkeypatch) -> str:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(common, "_stdout_is_terminal", lambda: True)
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


def update_readme() -> None:
    """Rewrite every sample block of README.md with what its command prints now."""
    common._stdout_is_terminal = lambda: True  # type: ignore[assignment]
    env = {"COLUMNS": str(SAMPLE_WIDTH), "NO_COLOR": "1", "FORCE_COLOR": None}

    def rerun(match: re.Match[str]) -> str:
        command = match.group(1)
        out = CliRunner().invoke(app, shlex.split(command)[1:], env=env).stdout
        return f"```console\n$ {command}\n{normalised(out)}\n```\n"

    README.write_text(BLOCK.sub(rerun, README.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    update_readme()

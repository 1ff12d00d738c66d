"""Help and messages in words: metavars name what to pass (one spelling per kind),
command summaries are whole sentences, `rule` draws its Markdown on a terminal, RAM
spend is spelled out, and a missing file reads the same in every command."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.cli import app

runner = CliRunner()
PLAN = str(EXAMPLES / "random-acts.yaml")
# What typer prints for a parameter without a metavar: Python types and click's names.
TYPE_WORDS = re.compile(r"<[^>\s]*>|\b(INTEGER|TEXT|FLOAT|BOOLEAN|FILENAME|DIRECTORY)\b|list\[")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def help_text(*args: str, width: int = 100) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", ["", *command_names()])
def test_no_python_types_in_help(command: str) -> None:
    text = help_text(*([command] if command else []))
    assert not TYPE_WORDS.search(text), TYPE_WORDS.search(text)


# PATH: a plan file or a folder; PLAN: a plan file; FILE: a file to write.
ARGUMENT_WORDS = {"PATH", "PLAN", "FILE", "CSV", "CODE"}


def test_every_value_has_a_metavar_and_one_spelling_per_option() -> None:
    group = typer.main.get_command(app)
    spellings: dict[str, set[str]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name == "help":
                continue
            assert param.metavar, f"{name} {param.name} has no metavar"
            assert re.fullmatch(r"[A-Z]+", param.metavar), (name, param.metavar)
            if param.opts[0].startswith("-"):
                spellings.setdefault(param.opts[0], set()).add(param.metavar)
            else:  # an argument: one word for each kind of thing it takes
                assert param.metavar in ARGUMENT_WORDS, (name, param.metavar)
    mixed = {k: v for k, v in spellings.items() if len(v) > 1}
    assert not mixed  # e.g. --format is FORMAT in every command, --output FILE
    assert spellings["--format"] == {"FORMAT"} and spellings["--output"] == {"FILE"}


@pytest.mark.parametrize("width", [60, 80, 120])
def test_command_summaries_are_whole_sentences(width: int) -> None:
    text = help_text(width=width)
    commands = text.split("Commands:", 1)[1]
    group = typer.main.get_command(app)
    flat = " ".join(commands.split())
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        first = " ".join(command.help.split("\n\n")[0].split())
        assert first.endswith("."), (name, first)
        assert len(first) <= 50, (name, first)  # short, so it fits on one line at 80
        assert f"{name} {first}" in flat, (name, first)
    assert "..." not in commands


# ------------------------------------------------------------------------- rule


def run_in_terminal(*args: str, columns: int = 80) -> str:
    """Run ramaudit with its stdout on a pseudo-terminal; return what it printed."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ramaudit", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_rule_draws_its_markdown_on_a_terminal() -> None:
    shown = run_in_terminal("rule", "RA101")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert "RA101 orphan-tactic" in plain
    assert "## What it does" not in plain and "What it does" in plain  # a drawn heading
    assert "```" not in plain  # code blocks are drawn, not fenced
    assert all(len(line) <= 80 for line in plain.splitlines())


@pytest.mark.parametrize("args", [[], ["--format", "markdown"]])
def test_rule_markdown_stays_as_it_is_when_piped_or_asked(args: list[str]) -> None:
    result = runner.invoke(app, ["rule", "RA101", *args])
    assert result.exit_code == 0
    assert result.stdout.startswith("# RA101 orphan-tactic")
    assert "## What it does" in result.stdout and "```yaml" in result.stdout
    assert "\x1b" not in result.stdout


def test_rule_markdown_is_raw_on_a_terminal_when_asked() -> None:
    shown = run_in_terminal("rule", "RA101", "--format", "markdown")
    assert "## What it does" in shown


# -------------------------------------------------------------- words in the output


def test_ram_spend_is_spelled_out_where_it_is_first_met() -> None:
    result = runner.invoke(app, ["check", PLAN], env={"COLUMNS": "200"})
    assert "Spend on random acts of marketing (RAM spend): 325,000" in result.stdout
    assert "spend on random acts of marketing (RAM spend)" in " ".join(help_text().split())
    check_help = " ".join(help_text("check").split())
    assert "spend on random acts of marketing (RAM spend)" in check_help


def test_the_fitness_panel_points_to_explain_score() -> None:
    result = runner.invoke(app, ["check", PLAN], env={"COLUMNS": "200"})
    assert f"ramaudit explain-score {PLAN}" in result.stdout


# ---------------------------------------------------------------- missing files


MISSING = {
    "check": ["check", "{x}.yaml"],
    "report": ["report", "{x}.yaml", "-o", "{tmp}/r.html"],
    "graph": ["graph", "{x}.yaml"],
    "diff-old": ["diff", "{x}.yaml", PLAN],
    "diff-new": ["diff", PLAN, "{x}.yaml"],
    "explain-score": ["explain-score", "{x}.yaml"],
    "import": ["import", "{x}.csv"],
    "config-show": ["config", "--show", "{x}"],
    "config-config": ["config", "--show", "--config", "{x}.toml"],
    "check-config": ["check", PLAN, "--config", "{x}.toml"],
    "check-baseline": ["check", PLAN, "--baseline", "{x}.json"],
}


@pytest.mark.parametrize("case", sorted(MISSING))
def test_a_missing_file_reads_the_same_in_every_command(case: str, tmp_path: Path) -> None:
    missing = tmp_path / "gone"
    argv = [a.format(x=missing, tmp=tmp_path) for a in MISSING[case]]
    result = runner.invoke(app, argv, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    shown = re.search(rf"{re.escape(str(missing))}(\.\w+)?: (.*)", result.output)
    assert shown is not None, result.output
    assert shown.group(2).startswith("no such file"), result.output
    assert not shown.group(2).startswith("no such file or directory")
    # On stderr in every command, in the same words, whatever the report shows.
    said = re.search(
        rf"^ramaudit: {re.escape(str(missing))}(\.\w+)?: no such file", result.stderr, re.M
    )
    assert said is not None, result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_missing_file_with_diff_since_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    result = runner.invoke(app, ["diff", "gone/plan.yaml", "--since", "HEAD"])
    assert result.exit_code == 2
    assert "gone/plan.yaml: no such file" in result.output

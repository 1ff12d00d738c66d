"""An option value the command line refuses is said in words: what was expected and
what was given, never the validation library's wording (typer checks values with
pydantic and would pass "Input should be a valid integer, unable to parse string as an
integer" or "Value error, ..." straight through)."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from ramaudit.cli import app

JARGON = ("Input should", "Value error", "unable to parse", "valid integer", "valid number")


def value_options() -> list[tuple[str, str]]:
    """(command, option) for every option of every command that takes a value."""
    group = typer.main.get_command(app)
    out = []
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "option" and not param.is_flag and param.opts:
                out.append((name, max(param.opts, key=len)))
    return out


@pytest.mark.parametrize(("command", "option"), value_options())
@pytest.mark.parametrize("bad", ["abc", "-5", "1e999"])
def test_a_refused_option_value_is_said_in_words(
    command: str, option: str, bad: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an accepted value may name a file to write
    result = CliRunner().invoke(app, [command, option, bad, "nothing-here.yaml"])
    said = result.output
    assert not any(j in said for j in JARGON), said
    assert "Traceback" not in said


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "--jobs", "abc"], "expected a whole number, got 'abc'"),
        (["check", "--jobs", "0"], "--jobs: expected a whole number of at least 1, got 0"),
        (["check", "--fail-under", "abc"], "expected a number, got 'abc'"),
        (["check", "--fail-on", "bogus"], "'bogus' is not one of 'error', 'warning'"),
    ],
)
def test_option_errors_name_what_was_expected(
    args: list[str], expected: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*args, "plan.yaml"])
    assert result.exit_code == 2
    assert expected in result.output

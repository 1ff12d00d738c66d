"""Every command agrees with the README on exit codes and missing files, fits its text
to the terminal, and words its help, configuration and baseline messages plainly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.cli import app

runner = CliRunner()
PLAN = EXAMPLES / "random-acts.yaml"
SYNTAX_ERROR = "plan: [\n  a: b\n"


@pytest.fixture(scope="module")
def clean_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter plan, which passes the audit."""
    from ramaudit.authoring.starter import starter_plan

    path = tmp_path_factory.mktemp("clean") / "clean.yaml"
    path.write_text(starter_plan(year=2027), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _clean(clean_plan: Path) -> None:
    global CLEAN
    CLEAN = clean_plan


CLEAN = Path("set-by-the-fixture")


def alias_bomb() -> str:
    text = "a: &a [" + ", ".join(["x"] * 10) + "]\n"
    for n in range(1, 12):
        text += f"b{n}: &b{n} [" + ", ".join([f"*{'a' if n == 1 else f'b{n - 1}'}"] * 10) + "]\n"
    return text


def invoke(args: list[str], **kwargs):
    result = runner.invoke(app, [str(a) for a in args], **kwargs)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


# ------------------------------------------------------------------ 1. exit codes

# Every command that reads a plan, with {p} for the plan and {o} for a file to write.
READERS = {
    "check": ["check", "{p}"],
    "check-json": ["check", "{p}", "-f", "json"],
    "check-output": ["check", "{p}", "-f", "sarif", "-o", "{o}.sarif"],
    "report": ["report", "{p}", "-o", "{o}.html"],
    "report-stdout": ["report", "{p}", "-f", "markdown"],
    "graph": ["graph", "{p}"],
    "explain-score": ["explain-score", "{p}"],
    "explain-score-json": ["explain-score", "{p}", "-f", "json"],
    "diff": ["diff", "{c}", "{p}"],
    "diff-markdown": ["diff", "{c}", "{p}", "-f", "markdown"],
}


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize(("text", "code"), [(SYNTAX_ERROR, "RA001"), (alias_bomb(), "RA006")])
def test_a_plan_that_is_not_audited_exits_1_in_every_command_and_says_why(
    command: str, text: str, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # README: 1 for a plan that does not parse or is over a limit, whatever the command;
    # 2 is for usage, configuration, unreadable files and ramaudit's own errors.
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text(text)
    args = [a.format(p="bad.yaml", o="out", c=CLEAN) for a in READERS[command]]
    result = invoke(args)
    assert result.exit_code == 1, result.output
    reason = re.search(r"^ramaudit: bad\.yaml:(\d+):(\d+): ", result.stderr, re.M)
    assert reason is not None, result.stderr  # the file, where, and why: on stderr
    line = result.stderr[reason.start() :].splitlines()[0]
    assert ("invalid YAML" in line) == (code == "RA001")
    assert ("alias" in line) == (code == "RA006")


@pytest.mark.parametrize("command", ["check", "report", "diff"])
def test_the_older_version_or_a_clean_plan_does_not_fail(command: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SYNTAX_ERROR)
    args = {
        "check": ["check", CLEAN],
        "report": ["report", CLEAN, "-f", "markdown"],
        "diff": ["diff", bad, CLEAN],  # fixed since: history, not a failing plan
    }[command]
    result = invoke(args)
    assert result.exit_code == 0, result.output
    assert "ramaudit: " not in result.stderr


def test_report_exits_as_check_does_for_the_same_plans(tmp_path: Path) -> None:
    for plans in ([PLAN], [CLEAN], [CLEAN, PLAN], [PLAN, tmp_path / "nope.yaml"]):
        check = invoke(["check", *plans, "-f", "json"])
        report = invoke(["report", *plans, "-f", "markdown"])
        assert report.exit_code == check.exit_code, plans
        assert report.stdout.strip()  # the report is written all the same
    failing = invoke(["report", PLAN, "-f", "markdown"])
    assert f"ramaudit: {PLAN}: " in failing.stderr and "fail-on 'error'" in failing.stderr
    lenient = invoke(["report", PLAN, "-f", "markdown", "--exit-zero"])
    assert lenient.exit_code == 0
    unreadable = invoke(["report", PLAN, tmp_path / "nope.yaml", "-f", "markdown", "--exit-zero"])
    assert unreadable.exit_code == 2  # --exit-zero forgives findings, never an unreadable file


def test_fail_under_fails_report_as_it_fails_check(tmp_path: Path) -> None:
    config = tmp_path / "ci.toml"
    config.write_text('fail-under = 50\nfail-on = "never"\n')  # the plan scores 40
    check = invoke(["check", PLAN, "-q", "--config", config])
    report = invoke(["report", PLAN, "-f", "markdown", "--config", config])
    assert check.exit_code == report.exit_code == 1
    assert f"ramaudit: {PLAN}: fitness 40/100 is below fail-under 50" in report.stderr
    config.write_text('fail-under = 30\nfail-on = "never"\n')
    assert invoke(["report", PLAN, "-f", "markdown", "--config", config]).exit_code == 0


# ------------------------------------------------------------------ 3. missing files

MISSING = {
    "check": ["check", "nope.yaml"],
    "check-json-output": ["check", "nope.yaml", "-f", "json", "-o", "out.json"],
    "check-statistics": ["check", "nope.yaml", "--statistics", "-f", "json"],
    "check-with-another": ["check", "{c}", "nope.yaml"],
    "diff-old": ["diff", "nope.yaml", "{c}"],
    "diff-new": ["diff", "{c}", "nope.yaml"],
    "report": ["report", "nope.yaml", "-o", "r.html"],
    "report-with-another": ["report", "{c}", "nope.yaml", "-o", "r.html"],
    "graph": ["graph", "nope.yaml"],
    "explain-score": ["explain-score", "nope.yaml"],
    "import": ["import", "nope.yaml"],
    "config": ["config", "--show", "nope.yaml"],
}


@pytest.mark.parametrize("case", sorted(MISSING))
def test_a_missing_file_is_said_on_stderr_in_one_wording(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke([a.format(c=CLEAN) for a in MISSING[case]])
    assert result.exit_code == 2
    assert result.stderr.splitlines().count("ramaudit: nope.yaml: no such file") == 1, result.stderr


# ------------------------------------------------------------------ 2. width


def on_terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setattr("ramaudit.commands.common._stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(width))


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("args", [["rules"], ["config", "--show"]], ids=["rules", "config"])
def test_rules_and_config_show_fit_the_terminal(
    args: list[str], width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    piped = invoke(args).stdout
    on_terminal(monkeypatch, width)
    shown = invoke(args).stdout
    assert max(map(len, shown.splitlines())) <= width, shown
    # Wrapped at word boundaries: the same words, none cut, in the same order.
    assert shown.split() == piped.split()
    if width < max(map(len, piped.splitlines())):
        assert len(shown.splitlines()) > len(piped.splitlines())


def test_piped_rules_and_config_show_keep_one_line_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "60")
    rules = invoke(["rules"]).stdout.splitlines()
    catalogue = json.loads(invoke(["rules", "-f", "json"]).stdout)
    assert len(rules) == 1 + len(catalogue)
    shown = invoke(["config", "--show"]).stdout.splitlines()
    data = json.loads(invoke(["config", "--show", "-f", "json"]).stdout)
    assert len([line for line in shown if line and not line.startswith("#")]) == len(
        data["settings"]
    )


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_panel_footer_command_is_never_cut(
    width: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "a-rather-long-folder-name" / "and-another-one-below-it"
    deep.mkdir(parents=True)
    plan = deep / "the-marketing-plan.yaml"
    plan.write_text(PLAN.read_text())
    on_terminal(monkeypatch, width)
    out = invoke(["check", plan]).stdout
    (line,) = [line for line in out.splitlines() if "evidence:" in line]
    assert len(line) <= width
    command = line.split("evidence: ", 1)[1].rstrip(" │")
    assert command in (f"ramaudit explain-score {plan}", "ramaudit explain-score PATH")
    assert "…" not in line
    if width >= len(f"evidence: ramaudit explain-score {plan}") + 4:
        assert command == f"ramaudit explain-score {plan}"  # whole wherever it fits


# ------------------------------------------------------------------ 4. help


def test_usage_lines_spell_arguments_as_click_does() -> None:
    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        text = invoke([name, "--help"], env={"COLUMNS": "100"}).stdout
        usage = text.splitlines()[0]
        assert "{" not in usage and "}" not in usage, usage
        assert "[x" not in text and "x>=" not in text, name  # no range in typer's signs
    assert invoke(["graph", "--help"]).stdout.startswith("Usage: ramaudit graph [OPTIONS] PLAN\n")


def test_jobs_says_its_range_in_words() -> None:
    text = " ".join(invoke(["check", "--help"], env={"COLUMNS": "100"}).stdout.split())
    assert "(1 or more)" in text
    result = invoke(["check", str(CLEAN), "--jobs", "0"])
    assert result.exit_code == 2 and "--jobs: expected a whole number of at least 1" in (
        result.stderr
    )


SIZES = {
    "10MB": 10 * 1000**2,
    "10 MB": 10 * 1000**2,
    "10mb": 10 * 1000**2,
    "10MiB": 10 * 1024**2,
    "10 kib": 10 * 1024,
    "4096": 4096,
    "5000B": 5000,
}


@pytest.mark.parametrize(("text", "size"), sorted(SIZES.items()))
def test_file_sizes_read_the_same_in_flags_and_configuration(
    text: str, size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ramaudit.config.files import parse_size

    assert parse_size(text) == size
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(PLAN.read_text())
    big = PLAN.stat().st_size > size  # the flag is in force: a plan over it is refused
    flag = invoke(["check", "plan.yaml", "--max-file-size", text, "-f", "json"])
    assert flag.exit_code == (2 if big else 1), flag.output
    Path(".ramaudit.toml").write_text(f'max-file-size = "{text}"\n')
    shown = json.loads(invoke(["config", "--show", "-f", "json"]).stdout)["settings"]
    assert {"key": "max-file-size", "value": size, "source": ".ramaudit.toml"} in shown
    Path(".ramaudit.toml").unlink()
    Path(".ramaudit.yaml").write_text(f"max-file-size: {text}\n")
    shown = json.loads(invoke(["config", "--show", "-f", "json"]).stdout)["settings"]
    assert {"key": "max-file-size", "value": size, "source": ".ramaudit.yaml"} in shown


def test_the_size_default_in_help_is_one_the_flag_accepts() -> None:
    from ramaudit.config.files import parse_size
    from ramaudit.core.source import DEFAULT_MAX_FILE_SIZE

    text = " ".join(invoke(["check", "--help"], env={"COLUMNS": "200"}).stdout.split())
    default = re.search(r"--max-file-size SIZE .*?\[default: ([^\]]+)\]", text)
    assert default is not None, text
    assert parse_size(default.group(1)) == DEFAULT_MAX_FILE_SIZE


@pytest.mark.parametrize("bad", ["10XB", "ten", "-5MB", "0", "1.5MB"])
def test_a_size_that_is_none_is_refused_in_words(bad: str) -> None:
    result = invoke(["check", str(CLEAN), "--max-file-size", bad])
    assert result.exit_code == 2
    assert "--max-file-size: expected a size in bytes" in result.stderr
    assert "10MB" in result.stderr  # an example of the right form


# ------------------------------------------------------------------ 5. special outputs


def test_a_dangling_link_as_output_is_refused_in_one_plain_sentence(tmp_path: Path) -> None:
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "missing-target")
    result = invoke(["check", CLEAN, "-o", link, "--force"])
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert message.count("regular file") == 1, message
    assert "symbolic link to a file that does not exist" in message
    assert link.is_symlink() and not link.exists()


def test_a_link_to_a_pipe_is_named_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    result = invoke(["check", CLEAN, "-o", link, "--force"])
    assert result.exit_code == 2
    assert "is a symbolic link to a named pipe (FIFO); ramaudit only replaces" in result.stderr
    assert result.stderr.count("regular file") == 1


# ------------------------------------------------------------------ 6. messages

REPR = re.compile(r"\b(True|False|None)\b|\['|'\]|got '|\{'")

BAD_CONFIGS = [
    ("toml", "[rules.RA306]\ngrace-days = true\n", "got true"),
    ("toml", 'select = ["RA1", 5]\n', 'got ["RA1", 5]'),
    ("toml", 'require-reason = "yes"\n', 'got "yes"'),
    ("yaml", "require-reason: null\n", "got null"),
    ("yaml", "select: {a: 1}\n", "got {a = 1}"),
    ("toml", 'fail-on = ["error"]\n', 'got ["error"]'),
]


@pytest.mark.parametrize(("kind", "body", "said"), BAD_CONFIGS)
def test_configuration_values_are_shown_as_written_not_as_python_prints_them(
    kind: str, body: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(CLEAN.read_text())
    Path(f".ramaudit.{kind}").write_text(body)
    result = invoke(["check", "plan.yaml"])
    assert result.exit_code == 2
    assert said in result.stderr, result.stderr
    assert not REPR.search(result.stderr), result.stderr


YAML_CONFIG_ERRORS = [
    ("select: [RA1, RA2\n", 1, "never closed"),
    ("select: [RA1]\n  ignore: RA2\n", 2, None),
    ("select: !!python/object x\n", 1, "configuration"),
    ("x: " + "[" * 300 + "]" * 300 + "\n", 1, "configuration is only a few levels deep"),
    ("select: [RA1]\n---\nignore: [RA2]\n", 2, "a configuration is a single document"),
    (alias_bomb(), None, "alias"),
]


@pytest.mark.parametrize(("body", "line", "words"), YAML_CONFIG_ERRORS)
def test_a_bad_yaml_configuration_is_said_at_its_line_in_plain_words(
    body: str, line: int | None, words: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(CLEAN.read_text())
    Path(".ramaudit.yaml").write_text(body)
    result = invoke(["check", "plan.yaml"])
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert re.match(r"ramaudit: \.ramaudit\.yaml:\d+: ", message), message
    if line is not None:
        assert message.startswith(f"ramaudit: .ramaudit.yaml:{line}: "), message
    if words is not None:
        assert words in message
    for jargon in (
        "did not find expected",
        "while parsing",
        "expected <block end>",
        "mapping values",
    ):
        assert jargon not in message
    assert not re.search(r"\bplans?\b", message), message  # it is a configuration


def test_configuration_errors_do_not_slow_the_start() -> None:
    # The plain-words syntax messages are loaded only when a configuration is bad.
    code = "import sys, ramaudit.cli, ramaudit.config.files; print(str(list(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "ramaudit.config.files" in out.stdout and "yaml_syntax" not in out.stdout


def test_a_baseline_that_is_not_utf8_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(CLEAN.read_text())
    Path("base.json").write_bytes(b'{\n  "tool": "ramaudit",\n\xff\n}\n')
    result = invoke(["check", "plan.yaml", "--baseline", "base.json"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ramaudit: base.json is not UTF-8 text (byte 0xff at line 3); write the baseline "
        "again with --write-baseline\n"
    )
    Path(".ramaudit.toml").write_bytes(b"select = [\xfe]\n")
    result = invoke(["check", "plan.yaml"])
    assert result.stderr == (
        "ramaudit: .ramaudit.toml: configuration is not UTF-8 text (byte 0xfe at line 1); "
        "save it as UTF-8\n"
    )


def test_baseline_entries_are_shown_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(CLEAN.read_text())
    doc = {"tool": "ramaudit", "version": 1, "files": {"plan.yaml": [{"item": None}]}}
    Path("base.json").write_text(json.dumps(doc))
    result = invoke(["check", "plan.yaml", "--baseline", "base.json"])
    assert result.exit_code == 2
    assert '{"item": null}' in result.stderr and "None" not in result.stderr
    Path("base.json").write_text(json.dumps({**doc, "version": True}))
    result = invoke(["check", "plan.yaml", "--baseline", "base.json"])
    assert "baseline version true is not supported" in result.stderr

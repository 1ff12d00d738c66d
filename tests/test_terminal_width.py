"""The text outputs fit the terminal: at 60, 80 and 120 columns no line is longer
than the terminal, no word is broken, long names end with an ellipsis; piped, every
finding stays on one line."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, ROOT, audit_yaml
from ramaudit.api import audit
from ramaudit.cli import app
from ramaudit.commands import common
from ramaudit.report import RenderOptions, render
from ramaudit.report import rule_docs as ruledocs
from ramaudit.rules import ALL_RULES

RAM = (EXAMPLES / "random-acts.yaml").relative_to(ROOT)
WIDTHS = (60, 80, 120)
BOX = re.compile(r"[│┃┏┓┗┛┡┩━─╭╮╰╯┳┻╇┼┬┴├┤┌┐└┘]")


def tokens(text: str) -> set[str]:
    return {w.strip(",;:()") for w in BOX.sub(" ", text).split()}


def run(args: list[str], width: int, terminal: bool, monkeypatch) -> str:
    monkeypatch.chdir(ROOT)  # paths as a user types them: relative to the repository
    monkeypatch.setattr(common, "_stdout_is_terminal", lambda: terminal)
    result = CliRunner().invoke(app, args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def assert_fits(out: str, width: int) -> None:
    too_long = [line for line in out.splitlines() if len(line.rstrip()) > width]
    assert not too_long, too_long


def assert_whole_words(out: str, *texts: str) -> None:
    have = tokens(out)
    for text in texts:
        broken = [w for w in text.split() if w.strip(",;:()") not in have]
        assert not broken, (text, broken)


@pytest.mark.parametrize("width", WIDTHS)
def test_check_text_fits_the_terminal(width, monkeypatch):
    out = run(["check", str(RAM)], width, True, monkeypatch)
    assert_fits(out, width)
    result = audit(RAM)
    assert_whole_words(out, *(f.message for f in result.findings))
    assert_whole_words(out, *(q.title for q in result.score.questions))
    # The location column stays clear: every line under a finding is indented.
    locations = [line for line in out.splitlines() if line.startswith(str(RAM) + ":")]
    assert len(locations) == len(result.findings)


@pytest.mark.parametrize("width", WIDTHS)
def test_piped_check_keeps_one_line_per_finding(width, monkeypatch):
    out = run(["check", str(RAM)], width, False, monkeypatch)
    result = audit(RAM)
    lines = out.splitlines()
    for f in result.findings:
        lead = f"{f.path}:{f.line}:{f.column}  {f.code}  "
        whole = [x for x in lines if x.startswith(lead) and x.endswith(f.message)]
        assert len(whole) == 1, (lead, f.message)
    # Boxes still fit COLUMNS.
    panel = [line for line in lines if line[:1] in "╭│╰"]
    assert panel and all(len(line) <= width for line in panel)


@pytest.mark.parametrize("width", WIDTHS)
def test_explain_score_fits_the_terminal(width, monkeypatch):
    out = run(["explain-score", str(RAM)], width, True, monkeypatch)
    assert_fits(out, width)
    result = audit(RAM)
    for q in result.score.questions:
        assert_whole_words(out, q.title)
        for c in q.criteria:
            assert_whole_words(out, c.title, c.evidence, *c.gaps)


@pytest.mark.parametrize("width", WIDTHS)
def test_diff_fits_the_terminal(width, monkeypatch, tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    text = RAM.read_text(encoding="utf-8")
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("o-brand-awarness", "o-brand-awareness"), encoding="utf-8")
    out = run(["diff", str(old), str(new)], width, True, monkeypatch)
    assert_fits(out, width)
    fixed = [f.message for f in audit(old).findings if f.code in ("RA005",)]
    assert fixed and "Fixed findings" in out
    assert_whole_words(out, *fixed)
    assert_whole_words(out, *(q.title for q in audit(new).score.questions))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("code", ["RA101", "RA106", "RA309", "RA006"])
def test_rule_text_fits_the_terminal(width, code, monkeypatch):
    out = run(["rule", code], width, True, monkeypatch)
    assert_fits(out, width)
    raw = ruledocs.explain(ruledocs.find_rule(code))
    # Prose is re-wrapped, never broken; a code line too wide is cut with an ellipsis.
    cut = [line for line in out.splitlines() if line.endswith("…")]
    words = [
        w for line in raw.splitlines() if not any(line[:20] in c for c in cut) for w in line.split()
    ]
    assert_whole_words(out, " ".join(words))
    assert " ".join(BOX.sub(" ", out).split()).startswith(f"# {code} ")


def test_piped_rule_text_is_the_markdown_as_written(monkeypatch):
    out = run(["rule", "RA101"], 60, False, monkeypatch)
    assert out == ruledocs.explain(ruledocs.find_rule("RA101"))


def test_every_rule_reflows_within_the_width():
    for rule in ALL_RULES:
        for width in WIDTHS:
            assert_fits(ruledocs.reflow(ruledocs.explain(rule), width), width)


def test_a_long_plan_name_ends_with_an_ellipsis():
    name = "Oatful Co. " + "very " * 40 + "long plan name"
    result = audit_yaml(f"plan: {{name: {name}}}\n")
    for width in WIDTHS:
        out = render("text", [result], RenderOptions(color=False, width=width, wrap=True))
        assert_fits(out, width)
        (title,) = [line for line in out.splitlines() if line.startswith("╭─ Marketing fitness")]
        assert "…" in title and "long plan name" not in title


def test_a_long_path_puts_the_message_below_its_location():
    result = audit_yaml("plan: {name: P}\ntactics: [{id: t-a}]\n", path="a/" * 30 + "plan.yaml")
    out = render("text", [result], RenderOptions(color=False, width=80, wrap=True))
    assert_fits(out, 80)
    lines = out.splitlines()
    (i,) = [i for i, line in enumerate(lines) if "RA101  error" in line]
    assert len(lines[i - 1]) > 40
    # The location is too long to share its line with the code: both go below it.
    assert lines[i - 1] == "a/" * 30 + "plan.yaml:2:16"
    assert lines[i].startswith("    RA101  error    tactic 't-a'")

"""Plan text that looks like rich markup prints as written (a bug found in review:
the fitness panel title dropped '[x]' and styled '[bold]')."""

from __future__ import annotations

from typer.testing import CliRunner

from ramaudit.cli import app

PLAN = """\
plan:
  name: "Q1 [bold]loud[/bold] [x](y) [red]plan"
goals:
  - {id: "g[1]", name: "[blink]Grow[/blink]"}
objectives:
  - {id: o1, goals: "g[1]", name: "[b]x", kpis: [{metric: "[i]revenue", target: 1}]}
"""


def test_markup_in_plan_text_is_printed_literally(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(PLAN)
    runner = CliRunner()
    for args in (["check", str(plan), "--isolated"], ["explain-score", str(plan), "--isolated"]):
        out = runner.invoke(app, args, env={"NO_COLOR": "1"}).output
        assert "Q1 [bold]loud[/bold] [x](y) [red]plan" in out, args
    out = runner.invoke(app, ["check", str(plan), "--isolated"], env={"NO_COLOR": "1"}).output
    assert "'[i]revenue'" in out and "'g[1]'" in out
    old = tmp_path / "old.yaml"
    old.write_text(PLAN.replace("target: 1", "target: 2"))
    out = runner.invoke(app, ["diff", str(old), str(plan), "--isolated"]).output
    assert "[bold]loud[/bold]" in out

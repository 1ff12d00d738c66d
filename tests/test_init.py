"""`ramaudit init`: the starter plan, bundled examples, overwrite safety, prompts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ramaudit.cli as cli
import ramaudit.commands.init as init_command
from conftest import EXAMPLES, ROOT
from ramaudit.api import audit_text
from ramaudit.authoring import starter
from ramaudit.core.findings import Severity

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(cli.app, list(args), input=input)


def errors(text: str) -> list[str]:
    result = audit_text(text, "plan.yaml")
    return [
        f"{f.line}:{f.column} {f.code} {f.message}"
        for f in result.findings
        if f.severity is Severity.ERROR
    ]


# --------------------------------------------------------------------------- library


def test_starter_plan_audits_without_errors():
    text = starter.starter_plan()
    assert errors(text) == []
    result = audit_text(text, "plan.yaml")
    assert result.score is not None and result.score.total >= 90
    assert result.ram_spend is not None and result.ram_spend.tactics == ()


def test_starter_plan_audits_clean():
    # A starter is the model users copy: not even an info finding (it used to get
    # RA303 for having no awareness tactic).
    result = audit_text(starter.starter_plan(), "plan.yaml")
    assert [f"{f.line}:{f.column} {f.code}" for f in result.findings] == []
    assert result.score is not None and result.score.total == 100


def test_starter_plan_reads_without_errors_of_the_format():
    # Whatever the rules say, every v2 form in the starter is one the model reads.
    result = audit_text(starter.starter_plan(year=2031), "plan.yaml")
    assert [f for f in result.findings if f.code in ("RA001", "RA002", "RA005")] == []


def _uncommented(text: str) -> str:
    """The starter with its commented check-in example switched on (the KPI written
    with check-ins in place of the one-line KPI above it)."""
    keys = r"(- metric|  target|  baseline|  deadline|  commitment|  checkins|    - \{date"
    keys += r"|status|spent|as_of|phasing)"
    lines = [re.sub(rf"^(\s*)# {keys}", r"\1\2", line) for line in text.splitlines()]
    one_line = "      - {metric: sales accepted leads, target: 240, baseline: 150, deadline: Q4}"
    lines.remove(one_line)
    return "\n".join(lines) + "\n"


def test_the_commented_check_in_example_reads_when_switched_on():
    text = _uncommented(starter.starter_plan(year=2031))
    result = audit_text(text, "plan.yaml")
    assert [f.code for f in result.findings if f.code in ("RA001", "RA002", "RA005")] == []
    (kpi,) = [k for o in result.plan.objectives for k in o.kpis if k.checkins]
    assert [(c.value, c.confidence) for c in kpi.checkins] == [(172, 0.8), (190, 0.6)]
    assert kpi.commitment == "committed"
    (tactic,) = [t for t in result.plan.tactics if t.spent is not None]
    assert (tactic.spent, tactic.status, len(tactic.phases)) == (9500, "active", 4)
    assert sum(amount for _, amount in tactic.phases) == tactic.budget
    # Switched off, as written, the starter records no run: it audits as a plan.
    assert not audit_text(starter.starter_plan(year=2031), "plan.yaml").plan.tactics[0].spent


def test_starter_plan_shows_every_section():
    text = starter.starter_plan()
    plan = audit_text(text).plan
    assert plan.info is not None and plan.info.period is not None
    assert plan.info.review_cadence and plan.info.stakeholders and plan.info.budget
    assert plan.segments and all(s.voice_of_customer for s in plan.segments)
    nested = [o for o in plan.objectives if o.parent]  # an objective inside its goal
    flat = [o for o in plan.objectives if not o.parent]
    assert nested and flat
    assert any(o.parents for o in plan.objectives)  # a roll-up
    assert any(t.parent for t in plan.tactics) and any(not t.parent for t in plan.tactics)
    assert all(o.kpis for o in plan.objectives) and all(t.kpis for t in plan.tactics)
    assert text.count("#") >= 10  # it explains itself


def test_starter_plan_shows_format_2():
    text = starter.starter_plan(year=2031)
    assert text.count("\nversion: 2") == 1
    assert "  period: FY2031 " in text  # a fiscal year, not two dates
    plan = audit_text(text).plan
    assert plan.version == 2
    assert (str(plan.info.period.start), str(plan.info.period.end)) == ("2031-01-01", "2031-12-31")
    # One campaign of two tactics, serving an objective.
    (campaign,) = plan.campaigns
    assert campaign.objectives
    assert len([t for t in plan.tactics if t.parent == campaign.id]) == 2
    # One milestone, a deliverable key result of an objective that also has a KPI.
    (milestone,) = plan.milestones
    assert milestone.due is not None and milestone.done is False
    objectives = {o.id: o for o in plan.objectives}
    assert milestone.parent in objectives and objectives[milestone.parent].kpis
    # A relative target with its baseline, and deadlines written as quarters.
    kpis = [k for o in plan.objectives for k in o.kpis]
    relative = [k for k in kpis if k.target_form is not None and k.baseline is not None]
    assert relative and "target: +20%" in text
    assert "deadline: Q4" in text and all(k.deadline is not None for k in kpis)
    # Contributors from sales, and one budget line for tools.
    assert any("sales" in o.contributors for o in plan.objectives)
    (line,) = plan.budget_lines
    assert (line.kind, line.amount) == ("tools", 40000)
    # The plan budget is allocated: tactics plus budget lines make it up.
    spent = sum(t.budget or 0 for t in plan.tactics) + sum(b.amount or 0 for b in plan.budget_lines)
    assert spent == plan.info.budget
    # Each v2 form is explained on its line or in the comment just above it.
    lines = text.splitlines()
    forms = ("version: 2", "period: FY", "contributors:", "target: +20%", "deadline: Q4",
             "milestones:", "campaigns:", "depends_on:", "budget_lines:", "kind: tools",
             '"kind: internal"')  # fmt: skip
    for form in forms:
        at = next(i for i, line in enumerate(lines) if form in line)
        assert "#" in lines[at] or lines[at - 1].lstrip().startswith("#"), form


@pytest.mark.parametrize(
    ("name", "owner", "currency", "code"),
    [
        ("Acme 2028 Plan", "Jo Park", "eur", "EUR"),
        ('Plan: "growth" #1', "O'Neil, VP", "USD", "USD"),
        ("yes", "null", "123", "USD"),  # not a currency code: the default
        ("multi\nline\tname", "  ", "", "USD"),
        ("{[*&!|>%@`", "- dash", "€", "EUR"),  # a sign: its code
        ("P", "O", " gbp ", "GBP"),
    ],
)
def test_answers_are_written_as_safe_yaml(name: str, owner: str, currency: str, code: str):
    text = starter.starter_plan(name, owner, currency, year=2031)
    assert errors(text) == []
    info = audit_text(text).plan.info
    assert info.name == " ".join(name.split())
    assert info.owner == (" ".join(owner.split()) or starter.DEFAULT_OWNER)
    assert info.currency == code
    assert str(info.period.start) == "2031-01-01"


def test_examples_come_from_the_source_tree_here():
    folder = starter.examples_dir()
    assert folder is not None
    assert Path(str(folder)) == EXAMPLES
    assert starter.example_names() == sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
    assert starter.example_plan("random-acts") == (EXAMPLES / "random-acts.yaml").read_text()
    assert starter.example_plan("random-acts.yaml") == starter.example_plan("random-acts")
    with pytest.raises(starter.UnknownExample, match="choose from local-plumbing"):
        starter.example_plan("nope")


def test_the_wheel_ships_the_examples_and_init_reads_them(tmp_path: Path):
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(
        next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    )
    names = zipfile.ZipFile(wheel).namelist()
    for plan in EXAMPLES.glob("*.yaml"):
        assert f"ramaudit/examples/{plan.name}" in names
    assert "ramaudit/data/starter-plan.yaml" in names
    # Import ramaudit from the wheel itself (zip import): the packaged copy is used.
    out = tmp_path / "from-wheel.yaml"
    code = (
        "import sys, ramaudit, ramaudit.authoring.starter as i, ramaudit.cli as c;"
        "assert ramaudit.__file__.startswith(sys.argv[1]), ramaudit.__file__;"
        "print(i.examples_dir());"
        "sys.argv = ['ramaudit', 'init', '--example', 'okr-rollup', sys.argv[2]];"
        "c.main()"
    )
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(wheel), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert str(wheel) in proc.stdout  # examples_dir() points into the wheel
    assert out.read_text("utf-8") == (EXAMPLES / "okr-rollup.yaml").read_text("utf-8")


def test_pyproject_maps_the_examples_into_the_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["sources"]["examples/plans"] == "ramaudit/examples"
    assert "examples/plans" in wheel["only-include"]


# --------------------------------------------------------------------------- CLI


def test_init_writes_the_starter_plan(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0, result.output
    written = tmp_path / "marketing-plan.yaml"
    assert errors(written.read_text("utf-8")) == []
    assert "ramaudit check marketing-plan.yaml" in result.stderr
    assert "ramaudit check marketing-plan.yaml" in written.read_text("utf-8")
    assert "Plan name" not in result.output  # not a terminal: no questions
    check = run("check", str(written))
    assert check.exit_code == 0, check.output


def test_init_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "plan.yaml"
    target.write_text("mine\n", "utf-8")
    result = run("init", str(target))
    assert result.exit_code == 2
    assert "exists; pass --force" in result.stderr
    assert target.read_text("utf-8") == "mine\n"
    forced = run("init", str(target), "--force")
    assert forced.exit_code == 0
    assert errors(target.read_text("utf-8")) == []


def test_a_failed_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch):
    target = tmp_path / "plan.yaml"
    target.write_text("the old plan\n", "utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("init", str(target), "--force")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "No space left" in result.stderr
    assert target.read_text("utf-8") == "the old plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]  # no temp file left


def test_init_creates_missing_folders(tmp_path: Path):
    target = tmp_path / "plans" / "2027" / "plan.yaml"
    result = run("init", str(target), "--no-input")
    assert result.exit_code == 0, result.output
    assert errors(target.read_text("utf-8")) == []


def test_init_into_a_folder_says_to_name_a_file(tmp_path: Path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for extra in ((), ("--force",)):
        result = run("init", str(folder), "--no-input", *extra)
        assert result.exit_code == 2
        assert f"{folder} is a folder; name the file to create, such as " in result.output
        assert "--force" not in result.output
    assert list(folder.iterdir()) == []


def test_init_example(tmp_path: Path):
    target = tmp_path / "demo.yaml"
    result = run("init", "--example", "random-acts", str(target))
    assert result.exit_code == 0
    assert target.read_text("utf-8") == (EXAMPLES / "random-acts.yaml").read_text("utf-8")
    assert "example plan 'random-acts'" in result.stderr


def test_init_unknown_example_and_listing(tmp_path: Path):
    result = run("init", "--example", "nope", str(tmp_path / "x.yaml"))
    assert result.exit_code == 2
    assert "no example plan named 'nope'; choose from" in result.stderr
    assert not (tmp_path / "x.yaml").exists()
    listing = run("init", "--list-examples")
    assert listing.exit_code == 0
    assert listing.stdout.split() == starter.example_names()


def test_init_to_stdout():
    result = run("init", "-")
    assert result.exit_code == 0
    assert errors(result.stdout) == []


def test_prompts_in_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(init_command, "_stdin_is_terminal", lambda: True)
    target = tmp_path / "p.yaml"
    result = run("init", str(target), input="Acme Growth Plan\nJo Park\neur\n")
    assert result.exit_code == 0, result.output
    assert "Plan name" in result.stderr and "Currency" in result.stderr
    info = audit_text(target.read_text("utf-8")).plan.info
    assert (info.name, info.owner, info.currency) == ("Acme Growth Plan", "Jo Park", "EUR")


def test_prompt_defaults_and_no_input(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(init_command, "_stdin_is_terminal", lambda: True)
    defaults = tmp_path / "d.yaml"
    assert run("init", str(defaults), input="\n\n\n").exit_code == 0
    info = audit_text(defaults.read_text("utf-8")).plan.info
    assert info.name == starter.DEFAULT_PLAN_NAME
    quiet = tmp_path / "q.yaml"
    result = run("init", str(quiet), "--no-input")
    assert result.exit_code == 0 and "Plan name" not in result.output
    assert quiet.read_text("utf-8") == defaults.read_text("utf-8").replace(
        "ramaudit check " + str(defaults), "ramaudit check " + str(quiet)
    )


def test_starter_plan_validates_against_the_json_schema():
    # Editors check plans against the schema: the starter is the first one they see.
    import jsonschema

    from ramaudit.core.loader import load
    from ramaudit.core.schemas import plan_schema

    validator = jsonschema.Draft202012Validator(
        plan_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    data = load(starter.starter_plan(year=2031)).data
    assert [list(e.absolute_path) for e in validator.iter_errors(data)] == []

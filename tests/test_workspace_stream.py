"""One process over many files judges each file as soon as nothing read so far names
another, and lets its plan go: the same results as linking everything first, each file
read once, however the plain plans and the plans that name parents are mixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ramaudit import api, parallel
from ramaudit.api import audit_paths
from ramaudit.cli import app

PLAIN = """\
plan:
  name: Plain {n}
goals:
  - id: g-grow
    name: Grow revenue
objectives:
  - id: o-leads
    goals: g-grwo
tactics:
  - id: t-ads
    objectives: o-leads
    budget: 1000
  - id: t-lost
    objectives: o-nowhere
    budget: 500
"""

COMPANY = """\
plan:
  name: Company
goals:
  - id: g-company
    name: Grow the company
  - id: g-alone
    name: Nobody serves this
"""

TEAM = """\
plan:
  name: Team
  parents: b-company.yaml
objectives:
  - id: o-team
    goals: g-company
tactics:
  - id: t-team
    objectives: o-team
    budget: 100
  - id: t-typo
    objectives: o-tema
"""

# Sorted by name: plain plans before, between and after the two linked ones.
FILES = {
    "a-plain.yaml": PLAIN.format(n=1),
    "b-company.yaml": COMPANY,
    "c-plain.yaml": PLAIN.format(n=2),
    "d-team.yaml": TEAM,
    "e-plain.yaml": PLAIN.format(n=3),
    "f-broken.yaml": "plan: {name: [unclosed\n",
}

runner = CliRunner()


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_mix_reports_as_in_workers_that_link_first(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    one = check(".", "--jobs", "1", "--format", fmt, "--isolated")
    monkeypatch.setattr(parallel, "LINKED_BYTES_PER_WORKER", 1)
    two = check(".", "--jobs", "2", "--format", fmt, "--isolated")
    assert one == two
    if fmt == "text":  # the company's goal served from the team's file, the other not
        assert "goal 'g-alone' has no objective" in one[1]
        assert "goal 'g-company' has no objective" not in one[1]


def test_the_company_judged_early_is_judged_again_with_its_team(mixed: Path) -> None:
    results = {Path(r.path).name: r for r in audit_paths(["."], jobs=1)}
    unserved = {f.item for f in results["b-company.yaml"].findings if f.code == "RA103"}
    assert unserved == {"g-alone"}  # the team's objective serves g-company
    for name in ("a-plain.yaml", "c-plain.yaml", "e-plain.yaml"):
        alone = api.audit(name)
        assert results[name].findings == alone.findings
        assert results[name].score is not None and alone.score is not None
        assert results[name].score.to_dict() == alone.score.to_dict()


def test_each_file_is_read_once(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = api.read_source

    def counting(path: object, **kwargs: object) -> object:
        read.append(Path(str(path)).name)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "read_source", counting)
    audit_paths(["."], jobs=1)
    assert sorted(read) == sorted(FILES)


def test_past_the_text_budget_an_early_file_is_read_again(
    mixed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = audit_paths(["."], jobs=1)
    monkeypatch.setattr(api._Early, "BUDGET", 0)
    again = audit_paths(["."], jobs=1)
    assert [r.findings for r in kept] == [r.findings for r in again]


def test_results_let_the_plans_go_unless_kept(mixed: Path) -> None:
    slim = audit_paths(["."], jobs=1, keep_plans=False)
    assert all(r.plan is None and r.graph is None for r in slim)
    full = audit_paths(["."], jobs=1)
    assert all(r.plan is not None and r.graph is not None for r in full if r.loaded)
    assert [r.findings for r in slim] == [r.findings for r in full]

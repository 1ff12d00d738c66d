"""Issue 15: a linked run in one process judges each file that names parents and plans
work as soon as it loads, with what its ancestry tells it, and lets its plan go; once
every file is linked, a file whose guess was not the whole link is judged again. The
results are those of judging every file after linking."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ramaudit import api, workspace
from ramaudit.api import audit_paths

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "workspace"


def outcome(results: list[api.AuditResult]) -> list[Any]:
    """What a report shows of each result."""
    return [
        (
            r.path,
            r.error,
            [(f.code, f.line, f.column, f.message, f.item, f.fix) for f in r.findings],
            r.score.to_dict() if r.score is not None else None,
            r.ram_spend.to_dict() if r.ram_spend is not None else None,
        )
        for r in results
    ]


def run(folder: str = "plans") -> list[api.AuditResult]:
    from ramaudit.commands.common import make_settings

    api.forget_audited()
    return audit_paths([folder], settings=make_settings(None, None, False), jobs=1)


def never_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace.JudgedAhead, "judge", lambda *a, **k: False)


def counting_judgements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    judged: list[str] = []
    real = api._judge

    def counting(loaded: Any, *args: Any, **kwargs: Any) -> Any:
        judged.append(Path(loaded.source.path).name)
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(api, "_judge", counting)
    return judged


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


def test_team_files_are_judged_ahead_once_and_alike(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        never_ahead(patch)
        after_linking = outcome(run())
    seen: list[str] = []
    real = workspace.JudgedAhead.judge

    def noting(self: Any, loaded: Any, *args: Any) -> bool:
        seen.append(Path(loaded.source.path).name)
        return real(self, loaded, *args)

    monkeypatch.setattr(workspace.JudgedAhead, "judge", noting)
    judged = counting_judgements(monkeypatch)
    assert outcome(run()) == after_linking
    teams = sorted(p.name for p in Path("plans").rglob("teams/*.yaml"))
    assert sorted(seen) == teams  # the company and departments plan no work: held
    assert sorted(judged) == sorted(p.name for p in Path("plans").rglob("*.yaml"))


# Team b links to an objective of team a, gathered before it, and repeats one of its ids:
# a's guess (its ancestry alone) knows nothing of b's tactic below its objective, nor b's
# of the objective it names or the id a has too, so both are judged again.
COMPANY = """\
plan:
  name: Company
goals:
  - id: g-grow
    name: Grow
objectives:
  - id: o-company
    goals: g-grow
"""
TEAM_A = """\
plan:
  name: Team A
  parents: 0-company.yaml
objectives:
  - id: o-a
    parents: o-company
tactics:
  - id: t-a
    objectives: o-a
    budget: 100
  - id: t-typo
    objectives: o-compnay
"""
TEAM_B = """\
plan:
  name: Team B
  parents: 0-company.yaml
tactics:
  - id: t-b
    objectives: o-a
    budget: 200
  - id: t-a
    objectives: o-company
"""


@pytest.fixture
def linked_teams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in (("0-company", COMPANY), ("a-team", TEAM_A), ("b-team", TEAM_B)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["*.yaml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_file_another_links_into_is_judged_again(
    linked_teams: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        never_ahead(patch)
        after_linking = outcome(run("."))
    judged = counting_judgements(monkeypatch)
    assert outcome(run(".")) == after_linking
    # Each team judged ahead, then again: neither's ancestry tells of the other.
    assert sorted(judged) == ["0-company.yaml", *["a-team.yaml"] * 2, *["b-team.yaml"] * 2]


def test_every_guess_taken_would_show(linked_teams: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is what keeps the results: trusting every guess changes a-team's."""
    with monkeypatch.context() as patch:
        never_ahead(patch)
        after_linking = outcome(run("."))
    monkeypatch.setattr(workspace, "same_link", lambda guess, linked: True)
    assert outcome(run(".")) != after_linking


def test_a_file_changed_before_it_is_judged_again_is_an_error(
    linked_teams: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = linked_teams / "a-team.yaml"
    real = api.link_gathered

    def link(*args: Any, **kwargs: Any) -> Any:
        team.write_text(TEAM_A + "# edited\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "link_gathered", link)
    results = {Path(r.path).name: r for r in run(".")}
    assert results["a-team.yaml"].error == f"{results['a-team.yaml'].path}: {api.CHANGED}"
    assert results["b-team.yaml"].error is None


def test_same_link_reads_mapping_order() -> None:
    from ramaudit.core.graph import Outside
    from ramaudit.rules.base import WorkspaceView

    def linked(kinds: dict[str, str]) -> workspace.Linked:
        return workspace.Linked(Outside(kinds=kinds), WorkspaceView())

    one = linked({"a": "objective", "b": "goal"})
    assert workspace.same_link(one, linked({"a": "objective", "b": "goal"}))
    assert not workspace.same_link(one, linked({"b": "goal", "a": "objective"}))
    assert not workspace.same_link(one, linked({"a": "objective"}))

"""Issue 15: a linked run holds each loaded file only up to a budget of plan text; past
it a file is loaded again to be judged. The results are the same whatever the budget,
a file that changed or went between the two readings is reported, never judged against
links read from another version of it, and the files only named by others (parents,
workspace members) are linked with but never held."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit import api
from ramaudit.api import audit_paths
from ramaudit.cli import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "workspace"
runner = CliRunner()


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--jobs", "1", *args], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def outcome(results: list[api.AuditResult]) -> list[Any]:
    """What a report shows of each result."""
    return [
        (
            r.path,
            r.error,
            [(f.code, f.line, f.column, f.message, f.item) for f in r.findings],
            r.score.to_dict() if r.score is not None else None,
            r.ram_spend.to_dict() if r.ram_spend is not None else None,
        )
        for r in results
    ]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the audit reads, in order."""
    names: list[str] = []
    real = api.read_source

    def counting(path: object, **kwargs: Any) -> Any:
        names.append(Path(str(path)).name)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "read_source", counting)
    return names


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_the_example_workspace_reports_the_same_past_the_budget(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    held = check("plans", "--format", fmt)
    monkeypatch.setattr(api._Gathered, "BUDGET", 0)  # every file loaded again
    assert check("plans", "--format", fmt) == held


def test_past_the_budget_a_file_is_read_again(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, read: list[str]
) -> None:
    audit_paths(["plans"], jobs=1)
    n_files = len(list(Path("plans").rglob("*.yaml")))
    assert len(read) == n_files  # within the budget: each file read once
    read.clear()
    # Room for one team file: the first is held, every later one read again.
    first = min(Path("plans").rglob("*.yaml"))
    monkeypatch.setattr(api._Gathered, "BUDGET", len(first.read_text("utf-8")))
    audit_paths(["plans"], jobs=1)
    assert n_files < len(read) < 2 * n_files


def test_a_lone_file_past_the_budget_is_read_once(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, read: list[str]
) -> None:
    # A plan larger than the budget (a 100,000-tactic plan is three times it) is judged
    # as soon as it is loaded: letting it go only to load it again cost a third of the
    # run. It is held until the next file is gathered.
    plan = str(EXAMPLES / "saas-demand-gen.yaml")
    held = outcome(audit_paths([plan], jobs=1))
    read.clear()
    monkeypatch.setattr(api._Gathered, "BUDGET", 0)
    assert outcome(audit_paths([plan], jobs=1)) == held
    assert read == ["saas-demand-gen.yaml"]
    read.clear()
    # Two lone plans past the budget: each read once, and never both held.
    other = str(EXAMPLES / "random-acts.yaml")
    audit_paths([plan, other], jobs=1)
    assert read == ["saas-demand-gen.yaml", "random-acts.yaml"]


def test_files_only_named_by_others_are_not_held(workspace: Path) -> None:
    from ramaudit.commands.common import make_settings

    team = "plans/marketing/teams/demand-gen.yaml"
    settings = make_settings(None, None, False)
    gathered = api._Gathered(settings)
    gathered.add(team, settings.config_for(team))
    gathered.close()
    assert len(gathered.members) == len(list(Path("plans").rglob("*.yaml")))
    assert list(gathered.loaded) == [str(Path(team).resolve())]
    assert gathered.held == len(Path(team).read_text("utf-8"))
    # ... and the file is judged as in a run over the whole workspace.
    (alone,) = audit_paths([team], settings=settings, jobs=1)
    whole = {r.path: r for r in audit_paths(["plans"], settings=settings, jobs=1)}
    assert outcome([alone]) == outcome([whole[team]])


def changing(monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    """Run ``change`` once every file is loaded and sketched, before any is judged."""
    real = api.link_gathered

    def link(*args: Any, **kwargs: Any) -> Any:
        change()
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "link_gathered", link)
    monkeypatch.setattr(api._Gathered, "BUDGET", 0)


TEAM = Path("plans/marketing/teams/demand-gen.yaml")


def test_a_file_changed_before_it_is_read_again_is_an_error(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {r.path: r for r in audit_paths(["plans"], jobs=1)}
    changing(monkeypatch, lambda: TEAM.write_text(TEAM.read_text("utf-8") + "\n# edited\n"))
    results = {r.path: r for r in audit_paths(["plans"], jobs=1)}
    changed = results[str(TEAM)]
    assert changed.error == f"{TEAM}: {api.CHANGED}"
    assert not changed.internal_error and not changed.findings and changed.score is None
    others = [p for p in results if p != str(TEAM)]
    assert outcome([results[p] for p in others]) == outcome([before[p] for p in others])
    TEAM.write_text(TEAM.read_text("utf-8").replace("\n# edited\n", ""), "utf-8")


def test_the_check_exits_2_and_says_so(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    changing(monkeypatch, lambda: TEAM.write_text(TEAM.read_text("utf-8") + "# edited\n"))
    code, out = check("plans", "--format", "json")
    assert code == 2
    (entry,) = [f for f in json.loads(out)["files"] if f["path"] == str(TEAM)]
    assert api.CHANGED in json.dumps(entry)


def test_a_file_deleted_before_it_is_read_again_is_an_error(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changing(monkeypatch, TEAM.unlink)
    results = {r.path: r for r in audit_paths(["plans"], jobs=1)}
    gone = results[str(TEAM)]
    assert gone.error is not None and str(TEAM) in gone.error
    assert not gone.internal_error and not gone.findings


def test_a_file_that_cannot_be_read_twice_keeps_its_text(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = outcome(audit_paths(["plans"], jobs=1))
    monkeypatch.setattr(api, "_regular", lambda path: False)  # as a pipe would be
    # Changed on disk meanwhile: the text read first is judged, as it was linked.
    changing(monkeypatch, lambda: TEAM.write_text("plan: [not, a, plan]\n"))
    assert outcome(audit_paths(["plans"], jobs=1)) == held


# --------------------------------------------------- small random workspaces

IDS = ["g-a", "g-b", "o-a", "o-b", "o-c", "t-a", "t-b", "nope"]


@st.composite
def workspaces(draw: Any) -> dict[str, str]:
    """A few plan files naming each other as parents, with goals, objectives and
    tactics whose links may reach into other files, miss, or repeat ids."""
    n = draw(st.integers(1, 5))
    files: dict[str, str] = {}
    for i in range(n):
        lines = ["plan:", f"  name: File {i}"]
        parents = draw(st.lists(st.integers(0, n), max_size=2, unique=True))
        if parents:
            lines.append("  parents: [" + ", ".join(f"f{p}.yaml" for p in parents) + "]")
        for section, prefix, field in (
            ("goals", "g", None),
            ("objectives", "o", "goals"),
            ("tactics", "t", "objectives"),
        ):
            ids = draw(st.lists(st.sampled_from(IDS[:7]), max_size=3))
            ids = [x for x in ids if x.startswith(prefix)]
            if not ids:
                continue
            lines.append(f"{section}:")
            for item in ids:
                lines.append(f"  - id: {item}")
                if field is not None:
                    lines.append(f"    {field}: {draw(st.sampled_from(IDS))}")
                if section == "tactics":
                    lines.append(f"    budget: {draw(st.integers(0, 9)) * 100}")
        files[f"f{i}.yaml"] = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        files["f0.yaml"] = "plan: {name: [unclosed\n"
    return files


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=workspaces(), in_workspace=st.booleans(), budget=st.integers(0, 400))
def test_results_are_the_same_whatever_the_budget(
    tmp_path_factory: pytest.TempPathFactory,
    files: dict[str, str],
    in_workspace: bool,
    budget: int,
) -> None:
    from ramaudit.commands.common import make_settings

    folder = tmp_path_factory.mktemp("ws")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if in_workspace:
        (folder / ".ramaudit.toml").write_text('workspace = ["*.yaml"]\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        run_settings = make_settings(None, None, False)
        held = outcome(audit_paths(["."], settings=run_settings, jobs=1))
        patch.setattr(api._Gathered, "BUDGET", budget)
        api.forget_audited()
        assert (
            outcome(audit_paths(["."], settings=make_settings(None, None, False), jobs=1)) == held
        )

"""Linking a workspace on the networkx graph, with loops looked for only when
networkx's acyclicity test on the ``parents`` edges fails, gives what the earlier
linking gave (loops searched on the whole graph every time), and ``check --jobs 2``
gives what ``--jobs 1`` gives, on random workspaces: ids shared between files,
qualified and misspelt links, loops of objectives and of plan parents across files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit import api, parallel
from ramaudit.cli import app
from ramaudit.config.files import Settings
from ramaudit.core.loader import PathT
from ramaudit.parallel import Task
from ramaudit.workspace import Sketch, _Workspace

runner = CliRunner()


class _Reference(_Workspace):
    """The loops looked for as the linking first did: on the whole networkx graph,
    every time, with no acyclicity test first."""

    def _loops(self, g: nx.DiGraph) -> dict[int, list[tuple[PathT, str, tuple[str, ...], None]]]:
        loops: dict[int, list[tuple[PathT, str, tuple[str, ...], None]]] = {}
        self._file_loops(loops)
        if self.parents_across:
            self._objective_loops(g, loops)
        return loops


IDS = ["g-a", "g-b", "o-a", "o-b", "o-c", "o-d", "t-a", "t-b", "t-c"]


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, str]:
    """A few plan files (name -> text) in one workspace: goals, objectives and tactics
    drawn from a small set of ids, so that files share ids; links bare, qualified by
    another file's plan id, or misspelt; ``parents`` between objectives and files."""
    n = draw(st.integers(2, 5))
    names = [f"p{k}" for k in range(n)]
    # Objectives whose ``parents`` go round some of the files: a loop across files.
    ring = draw(st.integers(0, n))
    files: dict[str, str] = {}
    for k, name in enumerate(names):
        lines = ["plan:", f"  name: Plan {k}", f"  id: {name}"]
        parents = draw(st.lists(st.sampled_from([*names, "gone"]), max_size=2, unique=True))
        if parents:
            lines.append("  parents: [" + ", ".join(f"{p}.yaml" for p in parents) + "]")

        def target(kind: str) -> str:
            chosen = draw(st.sampled_from([i for i in IDS if i.startswith(kind)] + [kind + "x"]))
            how = draw(st.sampled_from(["bare", "bare", "qualified", "misspelt"]))
            if how == "qualified":
                return f"{draw(st.sampled_from(names))}:{chosen}"
            return chosen + "z" if how == "misspelt" else chosen

        for section, prefix, link in (
            ("goals", "g-", None),
            ("objectives", "o-", "goals"),
            ("tactics", "t-", "objectives"),
        ):
            # Few objectives each: a ``parents`` link then often names another file's.
            most = 2 if prefix == "o-" else 4
            pool = [i for i in IDS if i.startswith(prefix)]
            own = draw(st.lists(st.sampled_from(pool), max_size=most, unique=prefix == "o-"))
            if prefix == "o-" and k < ring:
                own.append(f"o-r{k}")
            if not own:
                continue
            lines.append(f"{section}:")
            for item in own:
                lines.append(f"  - id: {item}")
                if link is not None and draw(st.booleans()):
                    lines.append(f"    {link}: {target(link[0] + '-')}")
                if item.startswith("o-r"):
                    lines.append(f"    parents: o-r{(k + 1) % ring}")
                elif prefix == "o-" and draw(st.integers(0, 3)):
                    # Mostly an objective that exists: loops across files need two.
                    named = draw(st.sampled_from(["o-a", "o-b", "o-c", "o-d", target("o-")]))
                    lines.append(f"    parents: {named}")
                if prefix == "t-" and draw(st.booleans()):
                    lines.append(f"    depends_on: {target('t-')}")
        files[f"plans/{name}.yaml"] = "\n".join(lines) + "\n"
    return files


@contextmanager
def written(files: dict[str, str]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".ramaudit.toml").write_text('workspace = ["plans/*.yaml"]\n', encoding="utf-8")
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        here = os.getcwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(here)


def _sketches() -> list[Sketch]:
    found = Settings()
    gathered = api._Gathered(found)
    for path, _, _ in api.iter_plan_entries(["plans"], found):
        task = Task(path, found.config_for(path), True)
        gathered.add(task.path, task.config, task.regular_only)
    gathered.close()
    return gathered.members


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_plain_linking_is_the_networkx_linking(files: dict[str, str]) -> None:
    with written(files):
        sketches = _sketches()
        assert _Workspace(sketches).linked(eager=True) == _Reference(sketches).linked(eager=True)


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args], env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces(), st.sampled_from(["text", "json"]))
def test_jobs_2_reports_what_jobs_1_reports(files: dict[str, str], fmt: str) -> None:
    with written(files), pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "LINKED_BYTES_PER_WORKER", 1)
        one = check("--jobs", "1", "--format", fmt, "plans")
        two = check("--jobs", "2", "--format", fmt, "plans")
        assert one == two


def test_a_scope_answers_as_the_set_it_stands_for() -> None:
    from ramaudit.workspace import _Scope

    scope = _Scope(2, {0, 5}, frozenset({1, 2, 3}))
    assert [j in scope for j in range(7)] == [True, True, False, True, False, True, False]
    assert scope.ordered() == (0, 1, 3, 5)
    assert _Scope(0, set(), frozenset()).ordered() == ()

"""Plan repositories (issue 13): links across files, judged across the workspace, and
one file checked with its context."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit import api
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.config.files import Settings
from ramaudit.core.graph import Outside, build_graph
from ramaudit.core.loader import Locator
from ramaudit.core.model import SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT

COMPANY = """\
plan:
  name: Company
goals:
  - id: g-grow
    name: Grow revenue
  - id: g-lonely
    name: Nobody serves this
objectives:
  - id: o-revenue
    goals: g-grow
"""

DEPARTMENT = """\
plan:
  name: Marketing
  parents: company.yaml
objectives:
  - id: o-pipeline
    goals: g-grow
"""

TEAM = """\
plan:
  name: Demand team
  parents: department.yaml
objectives:
  - id: o-webinars
    parents: o-pipeline
tactics:
  - id: t-webinar
    objectives: o-webinars
  - id: t-revenue
    objectives: o-revenue
"""


def write(folder: Path, files: dict[str, str]) -> dict[str, Path]:
    paths = {}
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def cascade(tmp_path: Path, **more: str) -> dict[str, Path]:
    files = {"company.yaml": COMPANY, "department.yaml": DEPARTMENT, "team.yaml": TEAM}
    return write(tmp_path, {**files, **more})


def findings(result, code: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.message) for f in result.findings if f.code == code]


def by_name(results) -> dict[str, object]:
    return {Path(r.path).name: r for r in results}


# -- judged across the workspace


def test_team_tactic_rolling_up_to_a_company_goal_is_no_random_act(tmp_path):
    results = by_name(audit_paths([tmp_path], jobs=1))
    assert set(results) == set()  # nothing written yet
    cascade(tmp_path)
    results = by_name(audit_paths([tmp_path], jobs=1))
    team = results["team.yaml"]
    assert findings(team, "RA101") == []
    assert findings(team, "RA005") == []
    assert "t-webinar" in team.graph.traceable and "o-webinars" in team.graph.traceable
    assert team.ram_spend is not None and team.ram_spend.tactics == ()


def test_an_orphan_team_tactic_is_reported_in_the_team_file(tmp_path):
    cascade(tmp_path, **{"team.yaml": TEAM + "  - id: t-stray\n    name: Stray\n"})
    team = by_name(audit_paths([tmp_path], jobs=1))["team.yaml"]
    (line, col, message), *rest = findings(team, "RA101")
    assert (line, col) == (12, 9) and not rest
    assert "'t-stray'" in message


def test_a_company_goal_no_team_serves_is_unsupported_in_the_company_file(tmp_path):
    cascade(tmp_path)
    results = by_name(audit_paths([tmp_path], jobs=1))
    company = results["company.yaml"]
    # g-grow has the department's objective below it; g-lonely nothing anywhere.
    assert [(line, col) for line, col, _ in findings(company, "RA103")] == [(6, 9)]
    assert "'g-lonely'" in findings(company, "RA103")[0][2]
    assert all(not findings(r, "RA103") for n, r in results.items() if n != "company.yaml")


def test_a_goal_served_only_through_another_file_is_not_unsupported(tmp_path):
    company = "plan:\n  name: Company\ngoals:\n  - id: g-grow\n"
    cascade(tmp_path, **{"company.yaml": company, "team.yaml": TEAM.replace("  - id: t-rev", "#")})
    results = by_name(audit_paths([tmp_path], jobs=1))
    assert findings(results["company.yaml"], "RA103") == []
    assert "g-grow" in results["company.yaml"].graph.served


def test_an_objective_served_only_by_team_tactics_is_not_idle(tmp_path):
    cascade(tmp_path)
    results = by_name(audit_paths([tmp_path], jobs=1))
    assert findings(results["company.yaml"], "RA104") == []
    assert findings(results["department.yaml"], "RA104") == []


def test_an_objective_no_file_serves_stays_idle(tmp_path):
    cascade(tmp_path, **{"team.yaml": TEAM.replace("o-revenue", "o-webinars")})
    company = by_name(audit_paths([tmp_path], jobs=1))["company.yaml"]
    assert [(line, col) for line, col, _ in findings(company, "RA104")] == [(9, 9)]


# -- links across files


def test_the_same_id_in_two_files_is_reported_in_the_later_file(tmp_path):
    team = TEAM + "  - id: o-pipeline\n    objectives: o-webinars\n"
    cascade(tmp_path, **{"team.yaml": team})
    results = by_name(audit_paths([tmp_path], jobs=1))
    assert findings(results["department.yaml"], "RA113") == []
    [(line, col, message)] = findings(results["team.yaml"], "RA113")
    assert (line, col) == (12, 9)
    assert "department.yaml (line 5)" in message


def test_a_bare_id_two_other_files_define_is_ambiguous_and_the_qualified_form_resolves(tmp_path):
    emea = (
        "plan:\n  name: EMEA\ngoals:\n  - id: g-grow\n"
        "objectives:\n  - id: o-pipe\n    goals: g-grow\n"
    )
    files = {
        "emea.yaml": emea,
        "americas.yaml": emea.replace("EMEA", "Americas"),
        "team.yaml": (
            "plan:\n  name: Team\n  parents: [emea.yaml, americas.yaml]\n"
            "tactics:\n  - id: t-a\n    objectives: o-pipe\n"
        ),
    }
    paths = write(tmp_path, files)
    (team,) = audit_paths([paths["team.yaml"]], jobs=1)
    [(line, col, message)] = findings(team, "RA114")
    assert (line, col) == (6, 17)
    assert "'americas:o-pipe' or 'emea:o-pipe'" in message
    assert findings(team, "RA005") == []
    assert [f.line for f in team.findings if f.code == "RA101"] == [5]

    paths["team.yaml"].write_text(files["team.yaml"].replace("o-pipe\n", "emea:o-pipe\n"))
    (team,) = audit_paths([paths["team.yaml"]], jobs=1)
    assert findings(team, "RA114") == [] and findings(team, "RA101") == []
    assert findings(team, "RA005") == []


def test_a_qualified_id_names_the_plan_by_its_id(tmp_path):
    company = COMPANY.replace("  name: Company\n", "  name: Company\n  id: hq\n")
    cascade(tmp_path, **{"company.yaml": company})
    department = DEPARTMENT.replace("goals: g-grow", "goals: hq:g-grow")
    write(tmp_path, {"department.yaml": department})
    results = by_name(audit_paths([tmp_path], jobs=1))
    assert findings(results["department.yaml"], "RA005") == []
    assert findings(results["team.yaml"], "RA101") == []


def test_two_plans_of_one_plan_id_make_a_qualified_link_ambiguous(tmp_path):
    plan = "plan:\n  name: {0}\ngoals:\n  - id: g-grow\n"
    team = "plan:\n  name: T\n  parents: [a/hq.yaml, b/hq.yaml]\nobjectives:\n  - id: o-x\n"
    paths = write(
        tmp_path,
        {
            "a/hq.yaml": plan.format("A"),
            "b/hq.yaml": plan.format("B"),
            "team.yaml": team + "    goals: hq:g-grow\n",
        },
    )
    (result,) = audit_paths([paths["team.yaml"]], jobs=1)
    [(line, col, message)] = findings(result, "RA114")
    assert (line, col) == (6, 12)
    assert "2 plan files define (a/hq.yaml, b/hq.yaml)" in message.replace(str(tmp_path) + "/", "")
    assert "share the plan id 'hq'" in message and findings(result, "RA005") == []


def test_a_parent_that_is_missing_or_no_plan_is_reported(tmp_path):
    team = TEAM.replace("  parents: department.yaml\n", "  parents: [nowhere.yaml, notes.yaml]\n")
    paths = write(tmp_path, {"team.yaml": team, "notes.yaml": "- just\n- a list\n"})
    (result,) = audit_paths([paths["team.yaml"]], jobs=1)
    found = findings(result, "RA115")
    assert [(line, col) for line, col, _ in found] == [(3, 13), (3, 27)]
    assert "'nowhere.yaml', which does not exist" in found[0][2]
    assert "'notes.yaml', which is not a plan" in found[1][2]


def test_a_misspelt_cross_file_id_gets_a_suggestion_from_the_other_file(tmp_path):
    cascade(tmp_path, **{"team.yaml": TEAM.replace("parents: o-pipeline", "parents: o-pipelin")})
    team = by_name(audit_paths([tmp_path], jobs=1))["team.yaml"]
    [(line, col, message)] = findings(team, "RA005")
    assert (line, col) == (6, 14)
    assert "did you mean 'o-pipeline' (in " in message and "department.yaml)?" in message


def test_a_loop_of_plan_parents_is_reported_once(tmp_path):
    company = COMPANY.replace("  name: Company\n", "  name: Company\n  parents: team.yaml\n")
    cascade(tmp_path, **{"company.yaml": company})
    results = by_name(audit_paths([tmp_path], jobs=1))
    loops = {name: findings(r, "RA107") for name, r in results.items()}
    [(line, col, message)] = loops["company.yaml"]
    assert (line, col) == (3, 12)
    assert "company.yaml -> " in message and "team.yaml" in message
    assert loops["department.yaml"] == [] and loops["team.yaml"] == []


def test_a_loop_of_objectives_across_files_is_reported_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["plans/*.yaml"]\n')
    a = "plan:\n  name: A\nobjectives:\n  - id: o-a\n    parents: o-b\n"
    b = "plan:\n  name: B\nobjectives:\n  - id: o-b\n    parents: o-a\n"
    write(tmp_path, {"plans/a.yaml": a, "plans/b.yaml": b})
    results = by_name(audit_paths(["plans"], settings=Settings(), jobs=1))
    [(line, col, message)] = findings(results["a.yaml"], "RA107")
    assert (line, col) == (5, 14)
    assert "a:o-a -> b:o-b -> a:o-a" in message
    assert findings(results["b.yaml"], "RA107") == []


# -- the workspace setting


def test_with_a_workspace_bare_ids_resolve_without_parents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["plans/**/*.yaml"]\n')
    team = TEAM.replace("  parents: department.yaml\n", "")
    department = DEPARTMENT.replace("  parents: company.yaml\n", "")
    write(
        tmp_path,
        {
            "plans/company.yaml": COMPANY,
            "plans/d/department.yaml": department,
            "plans/t.yaml": team,
        },
    )
    (result,) = audit_paths(["plans/t.yaml"], settings=Settings(), jobs=1)
    assert result.path == "plans/t.yaml"
    assert findings(result, "RA101") == [] and findings(result, "RA005") == []
    results = by_name(audit_paths(["plans"], settings=Settings(), jobs=1))
    assert findings(results["company.yaml"], "RA104") == []


def test_a_workspace_declared_in_an_extended_file_is_read_from_that_file(tmp_path, monkeypatch):
    # The globs are relative to the file that writes them, not to the one that extends it.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "shared.toml").write_text('workspace = ["plans/**/*.yaml"]\n')
    (tmp_path / ".ramaudit.toml").write_text('extend = "org/shared.toml"\n')
    team = TEAM.replace("  parents: department.yaml\n", "")
    department = DEPARTMENT.replace("  parents: company.yaml\n", "")
    write(
        tmp_path,
        {
            "org/plans/company.yaml": COMPANY,
            "org/plans/department.yaml": department,
            "team.yaml": team,
        },
    )
    (result,) = audit_paths(["team.yaml"], settings=Settings(), jobs=1)
    assert findings(result, "RA005") != []  # team.yaml is outside org/plans: not linked
    (linked,) = audit_paths(["org/plans/department.yaml"], settings=Settings(), jobs=1)
    assert findings(linked, "RA102") == []  # its goal is in org/plans/company.yaml


def test_a_campaign_linked_to_another_files_objective_is_no_orphan(tmp_path):
    # A bug: RA108 asked the plan's items for the kind, and another file's objective is none.
    team = TEAM + "campaigns:\n  - id: c-launch\n    objectives: o-pipeline\n"
    results = by_name(
        audit_paths([tmp_path], jobs=1) if cascade(tmp_path, **{"team.yaml": team}) else []
    )
    assert findings(results["team.yaml"], "RA108") == []
    stray = team.replace("objectives: o-pipeline\n", "objectives: o-nowhere\n")
    cascade(tmp_path, **{"team.yaml": stray})
    team_result = by_name(audit_paths([tmp_path], jobs=1))["team.yaml"]
    line = stray.splitlines().index("  - id: c-launch") + 1
    assert [(ln, col) for ln, col, _ in findings(team_result, "RA108")] == [(line, 9)]


def test_workspace_files_are_named_as_the_user_would(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["plans/**/*.yaml"]\n')
    team = TEAM.replace("  parents: department.yaml\n", "").replace("o-pipeline", "o-pipelin")
    department = DEPARTMENT.replace("  parents: company.yaml\n", "")
    write(tmp_path, {"plans/d/department.yaml": department, "plans/t.yaml": team})
    (result,) = audit_paths(["plans/t.yaml"], settings=Settings(), jobs=1)
    [(line, col, message)] = [f for f in findings(result, "RA005") if "o-pipelin'" in f[2]]
    assert (line, col) == (5, 14)
    assert message.endswith("did you mean 'o-pipeline' (in plans/d/department.yaml)?")


def test_a_workspace_run_in_workers_is_linked_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["*.yaml"]\n')
    files = {
        "company.yaml": COMPANY,
        "department.yaml": DEPARTMENT.replace("  parents: company.yaml\n", ""),
        "team.yaml": TEAM.replace("  parents: department.yaml\n", ""),
    }
    write(tmp_path, files)
    results = by_name(audit_paths(["."], settings=Settings(), jobs=2))
    assert findings(results["team.yaml"], "RA101") == []
    assert findings(results["department.yaml"], "RA104") == []


def test_the_same_file_reports_a_duplicate_however_the_run_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["plans/*.yaml"]\n')
    plan = "plan:\n  name: {0}\ngoals:\n  - id: g-same\n"
    write(tmp_path, {"plans/a.yaml": plan.format("A"), "plans/b.yaml": plan.format("B")})
    results = by_name(audit_paths(["plans"], settings=Settings(), jobs=1))
    assert findings(results["a.yaml"], "RA113") == []
    assert [(line, col) for line, col, _ in findings(results["b.yaml"], "RA113")] == [(4, 9)]
    (alone,) = audit_paths([tmp_path / "plans" / "a.yaml"], settings=Settings(), jobs=1)
    assert findings(alone, "RA113") == []


def test_the_workspace_setting_is_declared():
    from ramaudit.config.declarations import BY_KEY

    assert BY_KEY["workspace"].field == "workspace"


# -- one file, with its context


def test_checking_one_file_reads_its_ancestry_and_reports_only_its_findings(tmp_path, monkeypatch):
    paths = cascade(tmp_path)
    read: list[str] = []
    real = api.read_source

    def counting(path, **kwargs):
        read.append(Path(path).name)
        return real(path, **kwargs)

    monkeypatch.setattr(api, "read_source", counting)
    results = audit_paths([paths["team.yaml"]], jobs=1)
    assert [Path(r.path).name for r in results] == ["team.yaml"]
    assert {Path(f.path).name for f in results[0].findings} == {"team.yaml"}
    assert findings(results[0], "RA101") == []
    assert sorted(read) == ["company.yaml", "department.yaml", "team.yaml"]


def test_an_editor_buffer_on_stdin_is_judged_with_the_files_it_links_to(tmp_path, monkeypatch):
    cascade(tmp_path)
    monkeypatch.chdir(tmp_path)
    # The buffer differs from the file on disk: its text is what is judged.
    buffer = TEAM + "  - id: t-new\n    objectives: o-pipeline\n"
    stdin = ["check", "-", "--stdin-filename", "team.yaml", "--format", "concise"]
    out = CliRunner().invoke(app, [*stdin, "--select", "RA1,RA005"], input=buffer)
    assert "RA101" not in out.output and "RA005" not in out.output, out.output
    typo = buffer.replace("objectives: o-pipeline", "objectives: o-pipelne")
    out = CliRunner().invoke(app, [*stdin, "--select", "RA005"], input=typo)
    assert "team.yaml:13:17: RA005" in out.output
    assert "did you mean 'o-pipeline' (in department.yaml)?" in out.output


def test_checking_a_folder_reads_each_file_once(tmp_path, monkeypatch):
    cascade(tmp_path)
    read: list[str] = []
    real = api.read_source

    def counting(path, **kwargs):
        read.append(Path(path).name)
        return real(path, **kwargs)

    monkeypatch.setattr(api, "read_source", counting)
    results = audit_paths([tmp_path], jobs=1)
    assert len(results) == 3
    assert sorted(read) == ["company.yaml", "department.yaml", "team.yaml"]


def test_workers_fall_back_to_one_linked_run(tmp_path):
    cascade(tmp_path)
    results = by_name(audit_paths([tmp_path], jobs=2))
    assert findings(results["team.yaml"], "RA101") == []
    assert findings(results["company.yaml"], "RA104") == []


def test_check_on_the_command_line(tmp_path):
    paths = cascade(tmp_path)
    out = CliRunner().invoke(app, ["check", str(paths["team.yaml"]), "--format", "concise"])
    assert "team.yaml" in out.output and "company.yaml:" not in out.output
    assert "RA101" not in out.output and "RA005" not in out.output


def test_a_fix_in_a_team_file_is_measured_with_the_goals_it_rolls_up_to(tmp_path):
    from ramaudit.score.fixes import fixes_of

    team = TEAM + "  - id: t-stray\n    name: Stray\n"
    cascade(tmp_path, **{"team.yaml": team})
    result = by_name(audit_paths([tmp_path], jobs=1))["team.yaml"]
    (link,) = [f for f in fixes_of(result) if f.key == "link-tactics"]
    assert link.items == ("t-stray",) and link.points > 0


# -- the graph hook


def _plan(text: str):
    from ramaudit.core.loader import load

    doc = load(text)
    return build_plan(doc.data, Locator(doc.root, SPELLINGS), DEFAULT)


def test_outside_links_become_edges_from_external_nodes():
    plan = _plan(TEAM.replace("parents: o-pipeline", "parents: hq:o-pipe"))
    alone = build_graph(plan)
    assert "t-webinar" not in alone.traceable
    outside = Outside(
        kinds={"hq:o-pipe": "objective"},
        files={"hq:o-pipe": "company.yaml"},
        traceable=frozenset({"hq:o-pipe"}),
        served=frozenset({"o-revenue"}),
    )
    tg = build_graph(plan, outside)
    assert {"o-webinars", "t-webinar"} <= tg.traceable
    assert "hq:o-pipe" not in tg.items and "hq:o-pipe" not in tg.traceable
    assert tg.nodes["hq:o-pipe"]["external"] == "company.yaml"
    assert [t.id for t in tg.orphan_tactics] == ["t-revenue"]
    assert [lk.target for lk in tg.bad_links("missing")] == ["o-revenue"]
    # An objective with no tactic here is served when another file's tactic serves it.
    idle = _plan("plan:\n  name: P\nobjectives:\n  - id: o-a\n")
    assert "o-a" not in build_graph(idle).served
    assert "o-a" in build_graph(idle, Outside(served=frozenset({"o-a"}))).served


# -- a property: splitting a plan into two files keeps what traces to a goal


@st.composite
def one_file_plans(draw):
    n_goals = draw(st.integers(1, 3))
    n_objectives = draw(st.integers(1, 5))
    lines = ["plan:", "  name: P", "goals:"]
    lines += [f"  - id: g{i}" for i in range(n_goals)]
    lines.append("objectives:")
    for i in range(n_objectives):
        lines.append(f"  - id: o{i}")
        choice = draw(st.integers(0, 2 if i else 1))
        if choice == 1:
            lines.append(f"    goals: g{draw(st.integers(0, n_goals - 1))}")
        elif choice == 2:
            lines.append(f"    parents: o{draw(st.integers(0, i - 1))}")
    lines.append("tactics:")
    for i in range(draw(st.integers(1, 5))):
        lines.append(f"  - id: t{i}")
        target = draw(st.one_of(st.none(), st.integers(0, n_objectives - 1)))
        if target is not None:
            lines.append(f"    objectives: o{target}")
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_file_plans())
def test_splitting_a_plan_keeps_its_traceable_set(text):
    (whole,) = audit_paths([_written({"plan.yaml": text})["plan.yaml"]], jobs=1)
    head, _, rest = text.partition("objectives:\n")
    goals = head
    body = "plan:\n  name: Q\n  parents: goals.yaml\nobjectives:\n" + rest
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), {"goals.yaml": goals, "work.yaml": body})
        split = audit_paths([folder], jobs=1)
        traced = set().union(*(r.graph.traceable for r in split))
    assert traced == whole.graph.traceable


_FOLDERS: list[tempfile.TemporaryDirectory[str]] = []


def _written(files: dict[str, str]) -> dict[str, Path]:
    folder = tempfile.TemporaryDirectory()
    _FOLDERS.append(folder)
    return write(Path(folder.name), files)


@pytest.fixture(autouse=True, scope="module")
def _clean_folders():
    yield
    for folder in _FOLDERS:
        folder.cleanup()


def test_explain_score_and_graph_read_a_file_with_its_context(tmp_path, monkeypatch):
    # A bug: both audited the file alone, so a team tactic serving a company goal was
    # scored and drawn as a random act although check found none.
    cascade(tmp_path)
    monkeypatch.chdir(tmp_path)
    explained = CliRunner().invoke(app, ["explain-score", "team.yaml", "--format", "json"])
    assert explained.exit_code == 0, explained.output
    assert "RA101" not in explained.output
    drawn = CliRunner().invoke(app, ["graph", "team.yaml", "--format", "mermaid"])
    assert drawn.exit_code == 0, drawn.output
    assert "random act" not in drawn.output.lower()
    # The department's objective is drawn, without the flags its own file would judge.
    (line,) = [ln for ln in drawn.output.splitlines() if "o-pipeline" in ln and "[" in ln]
    assert "SERVES NO GOAL" not in line and "NO TACTIC" not in line


def test_a_file_that_links_nowhere_is_explained_as_before(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"alone.yaml": COMPANY})
    (linked,) = audit_paths(["alone.yaml"], jobs=1)
    alone = api.audit_in_context("alone.yaml", Settings())
    assert [f.code for f in alone.findings] == [f.code for f in linked.findings]


# -- diff across the workspace


def test_a_company_change_that_orphans_team_tactics_is_a_regression_in_the_team_file(
    tmp_path, monkeypatch
):
    from test_diff import git

    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / ".ramaudit.toml").write_text('workspace = ["plans/**/*.yaml"]\n')
    write(repo / "plans", {"company.yaml": COMPANY, "department.yaml": DEPARTMENT})
    write(repo / "plans", {"team.yaml": TEAM})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    monkeypatch.chdir(repo)
    # The company drops o-revenue: the team's t-revenue, unchanged, no longer serves it.
    company = repo / "plans" / "company.yaml"
    company.write_text(COMPANY.replace("  - id: o-revenue\n    goals: g-grow\n", ""))
    run = CliRunner().invoke(
        app, ["diff", "--since", "HEAD", "--format", "json", "--fail-on-regression"]
    )
    assert run.exit_code == 1, run.output
    import json

    plans = {p["new_path"]: p for p in json.loads(run.output)["plans"]}
    assert set(plans) == {"plans/company.yaml", "plans/team.yaml"}
    introduced = plans["plans/team.yaml"]["findings"]["new"]
    assert plans["plans/team.yaml"]["regression"] is True
    codes = {(f["code"], f["line"], f["column"]) for f in introduced}
    line = TEAM.splitlines().index("  - id: t-revenue") + 1
    assert ("RA101", line, 9) in codes and ("RA005", line + 1, 17) in codes
    assert plans["plans/team.yaml"]["old_path"] == "HEAD:plans/team.yaml"


def test_without_a_workspace_diff_since_compares_the_changed_files_only(tmp_path, monkeypatch):
    from test_diff import git

    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git(repo, "init", "-q")
    write(repo / "plans", {"company.yaml": COMPANY, "department.yaml": DEPARTMENT})
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    monkeypatch.chdir(repo)
    (repo / "plans" / "company.yaml").write_text(COMPANY + "# a comment\n")
    run = CliRunner().invoke(app, ["diff", "--since", "HEAD", "--format", "json"])
    assert [p["new_path"] for p in json.loads(run.output)["plans"]] == ["plans/company.yaml"]


def test_a_mapping_in_the_plans_parents_is_told_to_name_a_file(tmp_path):
    # A bug: the message was the one for an objective's parents (write the objective in
    # 'objectives:' and link it by id), but the plan block's parents are plan files.
    write(tmp_path, {"a.yaml": "plan: {name: X, parents: [b.yaml, {a: b}]}\n"})
    (result,) = audit_paths([tmp_path / "a.yaml"], jobs=1)
    (found,) = findings(result, "RA002")
    assert found[:2] == (1, 35)  # the mapping itself
    assert "entry 2 of 'parents' must be text" in found[2]
    assert "parents: ../company.yaml" in found[2] and "objective" not in found[2]

"""Baselines: write, edit the plan, check again; fixed entries; file format."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import audit_paths
from ramaudit.cli import app
from ramaudit.config.baseline import Baseline, BaselineError, write_baseline

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def check_json(*args: str) -> tuple[int, dict]:
    result = run("check", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A copy of the bad example plan in a working folder without configuration."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text("")  # stop discovery from looking further up
    (tmp_path / "plans").mkdir()
    shutil.copy(EXAMPLES / "random-acts.yaml", tmp_path / "plans" / "plan.yaml")
    return tmp_path


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_round_trip_editing_above_items_does_not_resurrect_findings(repo):
    plan = repo / "plans" / "plan.yaml"
    before_code, before = check_json("plans/plan.yaml")
    assert before_code == 1 and before["summary"]["error"] > 0
    total = len(before["files"][0]["findings"])

    result = run("check", "plans/plan.yaml", "--write-baseline", "baseline.json")
    assert result.exit_code == 0, result.output
    assert f"recorded {total} findings in 1 file in baseline.json" in result.stderr
    assert result.stdout == ""

    # Lines inserted above every item, and the tactics reordered: nothing comes back.
    edit(plan, "plan:\n", "# Reviewed by finance, see the wiki.\n\nplan:\n")
    edit(plan, "objectives:\n", "# Objectives come next.\n\n\nobjectives:\n")
    code, after = check_json("plans/plan.yaml", "--baseline", "baseline.json")
    assert code == 0
    file = after["files"][0]
    assert file["findings"] == []
    assert file["baseline"] == {"hidden": total, "fixed": []}
    counts = {k: v for k, v in after["summary"].items() if k != "ram_spend"}
    assert counts == {"files": 1, "unreadable": 0, "error": 0, "warning": 0, "info": 0}
    # The baseline accepted every random act: none is counted, and the run says so.
    (run_spend,) = after["summary"]["ram_spend"]
    assert run_spend["tactics"] == 0 and run_spend["accepted"] == len(file["ram_spend"]["accepted"])
    assert file["ram_spend"]["accepted"] and file["ram_spend"]["tactics"] == []

    # Fix one: link the billboard to an objective.
    edit(
        plan,
        "  - id: t-highway-billboard\n",
        "  - id: t-highway-billboard\n    objectives: o-brand-awareness\n",
    )
    code, fixed = check_json("plans/plan.yaml", "--baseline", "baseline.json")
    assert code == 0
    status = fixed["files"][0]["baseline"]
    assert {
        "code": "RA101",
        "rule": "orphan-tactic",
        "item": "t-highway-billboard",
        "pointer": "id",
        "message": "tactic 't-highway-billboard' links to no objective and carries 85,000 "
        "USD: a random act of marketing; link it to the objective it serves or drop it",
        "count": 1,
    } in status["fixed"]
    assert status["hidden"] < total

    text = run("check", "plans/plan.yaml", "--baseline", "baseline.json")
    assert "fixed  RA101  orphan-tactic at t-highway-billboard (id)" in text.stdout
    assert "known findings hidden by the baseline" in text.stdout


def test_new_findings_are_reported(repo):
    plan = repo / "plans" / "plan.yaml"
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    plan.write_text(plan.read_text() + "  - id: t-new-stunt\n    name: Flash mob\n")
    code, doc = check_json("plans/plan.yaml", "--baseline", "b.json")
    assert code == 1
    new = doc["files"][0]["findings"]
    assert {f["item"] for f in new} == {"t-new-stunt"}
    assert "RA101" in {f["code"] for f in new}
    assert doc["summary"]["error"] == sum(f["severity"] == "error" for f in new)


def test_moving_an_item_within_its_list_keeps_it_hidden(repo):
    plan = repo / "plans" / "plan.yaml"
    plan.write_text("plan: {name: P}\ntactics:\n  - id: t-a\n  - id: t-b\n")
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    plan.write_text("plan: {name: P}\ntactics:\n  - id: t-b\n  - id: t-a\n")
    code, doc = check_json("plans/plan.yaml", "--baseline", "b.json")
    assert code == 0 and doc["files"][0]["findings"] == []


def test_repeated_keys_are_counted(repo):
    plan = repo / "plans" / "plan.yaml"
    # Two unused suppressions: same file, code, no item, no pointer.
    plan.write_text("plan:  # ramaudit: ignore[RA101]\n  name: P  # ramaudit: ignore[RA101]\n")
    results = audit_paths(["plans/plan.yaml"])
    base = Baseline.from_results(results, "b.json")
    assert [(k.code, n) for k, n in base.counts.items() if k.code == "RA900"] == [("RA900", 2)]
    write_baseline(results, "b.json")
    plan.write_text("plan:  # ramaudit: ignore[RA101]\n  name: P\n")
    code, doc = check_json("plans/plan.yaml", "--baseline", "b.json")
    assert code == 0
    assert doc["files"][0]["baseline"]["fixed"] == [
        {
            "code": "RA900",
            "rule": "unused-suppression",
            "item": None,
            "pointer": "",
            "message": "suppression of RA101 (orphan-tactic) matches no finding here; remove it",
            "count": 1,
        }
    ]


def test_file_is_stable_sorted_json_with_one_entry_per_line(repo):
    shutil.copy(EXAMPLES / "saas-demand-gen.yaml", repo / "plans" / "a.yaml")
    assert run("check", "plans", "--write-baseline", "b.json").exit_code == 0
    first = (repo / "b.json").read_text()
    assert run("check", "plans", "--write-baseline", "b.json").exit_code == 0  # overwrites
    assert (repo / "b.json").read_text() == first
    doc = json.loads(first)
    assert doc["version"] == 1 and doc["tool"] == "ramaudit"
    assert list(doc["files"]) == sorted(doc["files"])
    for entries in doc["files"].values():
        keys = [(e["code"], e["item"] or "", e["pointer"]) for e in entries]
        assert keys == sorted(keys)
        assert all(
            set(e) == {"code", "count", "item", "message", "pointer", "rule"} for e in entries
        )
    entry_lines = [line for line in first.splitlines() if line.startswith("      {")]
    assert len(entry_lines) == sum(len(v) for v in doc["files"].values())
    assert '"line"' not in first


def test_paths_are_relative_to_the_baseline_so_any_working_folder_works(repo, monkeypatch):
    assert run("check", "plans/plan.yaml", "--write-baseline", "ci/b.json").exit_code == 2
    (repo / "ci").mkdir()
    assert run("check", "plans/plan.yaml", "--write-baseline", "ci/b.json").exit_code == 0
    assert '"../plans/plan.yaml": [' in (repo / "ci" / "b.json").read_text()
    monkeypatch.chdir(repo / "plans")
    code, doc = check_json("plan.yaml", "--baseline", "../ci/b.json")
    assert code == 0 and doc["files"][0]["findings"] == []


def test_overwriting_rules(repo):
    other = repo / "notes.json"
    other.write_text('{"mine": true}\n')
    result = run("check", "plans/plan.yaml", "--write-baseline", "notes.json")
    assert result.exit_code == 2
    assert "notes.json exists and is not a ramaudit baseline; pass --force" in result.stderr
    assert other.read_text() == '{"mine": true}\n'
    assert (
        run("check", "plans/plan.yaml", "--write-baseline", "notes.json", "--force").exit_code == 0
    )
    # never over an audited plan, even with --force
    result = run("check", "plans/plan.yaml", "--write-baseline", "plans/plan.yaml", "--force")
    assert result.exit_code == 2 and "never writes to it" in result.stderr
    assert (repo / "plans" / "plan.yaml").read_text().startswith("# DELIBERATELY BAD")


def test_unreadable_files_block_writing(repo):
    result = run("check", "plans/plan.yaml", "missing.yaml", "--write-baseline", "b.json")
    assert result.exit_code == 2
    assert "baseline not written" in result.stderr
    assert not (repo / "b.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file; create the baseline with --write-baseline"),
        ("{nope", "not a ramaudit baseline (invalid JSON"),
        ('{"files": {}}', "not a ramaudit baseline"),
        ('{"version": 9, "tool": "ramaudit", "files": {}}', "baseline version 9"),
        ('{"version": 1, "tool": "ramaudit", "files": {"a": [{"x": 1}]}}', "bad entry"),
    ],
)
def test_bad_baselines_are_exit_2(repo, content, message):
    if content is not None:
        (repo / "b.json").write_text(content)
    result = run("check", "plans/plan.yaml", "--baseline", "b.json")
    assert result.exit_code == 2
    assert message in result.stderr


def test_baseline_and_write_baseline_together_is_a_usage_error(repo):
    result = run("check", "plans/plan.yaml", "--baseline", "a.json", "--write-baseline", "b.json")
    assert result.exit_code == 2


def test_load_errors_are_baseline_errors():
    with pytest.raises(BaselineError):
        Baseline.loads("[]")


FUNNEL = """\
plan: {name: P}
goals: [{id: g}]
objectives: [{id: o, goals: g, kpis: [{metric: leads, target: 5}]}]
tactics:
  - {id: t-ads, objectives: o, stage: awareness, budget: 1000}
  - {id: t-demo, objectives: o, stage: STAGE, budget: 2000}
"""


def test_findings_at_the_same_spot_are_told_apart_by_their_message(repo):
    # Each funnel stage no tactic serves is an RA303 at 'tactics', with no item.
    plan = repo / "plans" / "plan.yaml"
    plan.write_text(FUNNEL.replace("STAGE", "education"))
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    plan.write_text(FUNNEL.replace("STAGE", "conversion"))
    _, doc = check_json("plans/plan.yaml", "--baseline", "b.json", "--select", "RA303")
    file = doc["files"][0]
    (new,) = file["findings"]
    assert (new["code"], new["pointer"]) == ("RA303", "tactics")
    assert "the education stage" in new["message"]
    (fixed,) = file["baseline"]["fixed"]
    assert fixed["code"] == "RA303" and "the conversion stage" in fixed["message"]


def test_numbers_in_a_message_may_change(repo):
    plan = repo / "plans" / "plan.yaml"
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    # RA101 names the billboard's budget and RA305 the budget totals: both change.
    edit(plan, "budget: 85000", "budget: 95000")
    code, doc = check_json("plans/plan.yaml", "--baseline", "b.json")
    assert code == 0 and doc["files"][0]["findings"] == []
    assert doc["files"][0]["baseline"]["fixed"] == []


def test_entries_without_a_message_still_match(repo):
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    doc = json.loads((repo / "b.json").read_text())
    for entries in doc["files"].values():
        for entry in entries:
            del entry["message"]
    (repo / "b.json").write_text(json.dumps(doc))
    code, after = check_json("plans/plan.yaml", "--baseline", "b.json")
    assert code == 0 and after["files"][0]["findings"] == []


def test_a_file_that_does_not_parse_is_never_recorded_nor_hidden(repo):
    plan = repo / "plans" / "plan.yaml"
    plan.write_text("plan:\n  name: 'open\n")
    result = run("check", "plans/plan.yaml", "--write-baseline", "b.json")
    assert result.exit_code == 0
    assert "plans/plan.yaml was not audited (RA001/RA006)" in result.stderr
    assert json.loads((repo / "b.json").read_text())["files"] == {}
    # A baseline that lists RA001 anyway (written by hand) hides nothing.
    (repo / "b.json").write_text(
        '{"version": 1, "tool": "ramaudit", "files": {"plans/plan.yaml": '
        '[{"code": "RA001", "count": 1, "item": null, "pointer": ""}]}}'
    )
    code, doc = check_json("plans/plan.yaml", "--baseline", "b.json")
    assert code == 1 and [f["code"] for f in doc["files"][0]["findings"]] == ["RA001"]
    assert doc["files"][0]["baseline"] == {"hidden": 0, "fixed": []}


def test_fixed_entries_show_their_message_in_text(repo):
    plan = repo / "plans" / "plan.yaml"
    plan.write_text(FUNNEL.replace("STAGE", "education"))
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    plan.write_text(FUNNEL.replace("STAGE", "conversion"))
    text = run("check", "plans/plan.yaml", "--baseline", "b.json").stdout
    (line,) = [line for line in text.splitlines() if "fixed" in line]
    assert line.startswith(
        "  fixed  RA303  funnel-gap at (tactics): recorded in the baseline, no longer found: "
        "no tactic serves the conversion stage"
    )


def test_entries_of_rules_not_run_are_not_fixed(repo):
    assert run("check", "plans/plan.yaml", "--write-baseline", "b.json").exit_code == 0
    code, doc = check_json("plans/plan.yaml", "--baseline", "b.json", "--select", "RA101")
    assert code == 0 and doc["files"][0]["findings"] == []
    assert doc["files"][0]["baseline"]["fixed"] == []

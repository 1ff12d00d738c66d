"""`ramaudit diff`: the comparison library, the git helpers and the command end to end."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import audit_text
from ramaudit.cli import app
from ramaudit.comparison import compare, stable_pointer
from ramaudit.report.diff import md, render_markdown

runner = CliRunner()
RAM_TEXT = (EXAMPLES / "random-acts.yaml").read_text("utf-8")
# The random-acts plan with two of its problems fixed: the misspelt key that cut
# t-branded-merch loose, and the dangling link of t-influencer-seeding.
FIXED_TEXT = RAM_TEXT.replace("objectivs:", "objectives:").replace(
    "o-brand-awarness", "o-brand-awareness"
)

BASE = textwrap.dedent("""\
    plan:
      name: Small plan
      review_cadence: monthly
    goals:
      - id: g1
        name: Grow
        owner: Ana
    objectives:
      - id: o1
        goals: g1
        owner: Ana
        kpis:
          - {metric: qualified leads, target: 10, baseline: 5, deadline: 2027-12-31}
    tactics:
      - id: t1
        objectives: o1
        owner: Ana
        budget: 100
        kpis:
          - {metric: qualified leads, target: 5}
      - id: t2
        owner: Ana
        budget: 50
""")


def diff_of(old: str | None, new: str | None):
    return compare(
        audit_text(old, "old.yaml") if old is not None else None,
        audit_text(new, "new.yaml") if new is not None else None,
    )


def run(*args: str):
    return runner.invoke(app, list(args))


# --------------------------------------------------------------------------- library


def test_fixing_problems_raises_score_and_lists_fixed_findings():
    d = diff_of(RAM_TEXT, FIXED_TEXT)
    assert d.status == "modified"
    assert d.score.old is not None and d.score.new is not None
    assert d.score.delta == d.score.new - d.score.old > 0
    assert [q.key for q in d.score.questions] == [
        "process",
        "accountability",
        "market",
        "execution",
    ]
    assert sum(q.delta for q in d.score.questions) == d.score.delta
    fixed = {(f.code, f.item) for f in d.fixed}
    assert ("RA002", "t-branded-merch") in fixed
    assert ("RA101", "t-branded-merch") in fixed
    assert ("RA005", "t-influencer-seeding") in fixed
    assert not d.introduced
    assert d.unchanged > 0
    assert not d.regression


def test_relinked_items_and_ram_spend_change():
    d = diff_of(RAM_TEXT, FIXED_TEXT)
    relinked = {r.item.id: {c.field: (c.old, c.new) for c in r.changes} for r in d.relinked}
    assert relinked["t-branded-merch"]["objectives"] == ((), ("o-brand-awareness",))
    assert relinked["t-influencer-seeding"]["objectives"] == (
        ("o-brand-awarness",),
        ("o-brand-awareness",),
    )
    assert not d.added and not d.removed
    assert d.ram.old is not None and d.ram.new is not None
    assert d.ram.delta == -(25_000 + 40_000)
    assert set(d.ram.resolved) == {"t-branded-merch", "t-influencer-seeding"}
    assert d.ram.appeared == ()


def test_reverse_direction_is_a_regression():
    d = diff_of(FIXED_TEXT, RAM_TEXT)
    assert d.score.dropped
    assert d.new_errors >= 3
    assert d.regression
    assert {f.item for f in d.introduced} >= {"t-branded-merch", "t-influencer-seeding"}
    assert set(d.ram.appeared) == {"t-branded-merch", "t-influencer-seeding"}


def test_identical_versions_change_nothing():
    d = diff_of(BASE, BASE)
    assert d.score.delta == 0
    assert not d.fixed and not d.introduced and not d.added and not d.relinked
    assert not d.changed and not d.regression


def test_findings_match_by_item_not_line():
    # A new tactic inserted above the others moves every line and every list index
    # below it; the orphan t2 must stay one unchanged finding, not fixed + new.
    inserted = BASE.replace(
        "tactics:\n",
        "tactics:\n  - id: t0\n    objectives: o1\n    owner: Ana\n    budget: 10\n"
        "    kpis:\n      - {metric: qualified leads, target: 1}\n",
    )
    d = diff_of(BASE, inserted)
    assert [(a.kind, a.id) for a in d.added] == [("tactic", "t0")]
    assert not d.fixed
    assert {f.item for f in d.introduced} <= {"t0"}  # only about the new tactic, if any
    assert d.unchanged == len(audit_text(BASE).findings)


def test_moving_an_objective_into_its_goal_is_not_a_relink():
    nested = textwrap.dedent("""\
        plan:
          name: Small plan
          review_cadence: monthly
        goals:
          - id: g1
            name: Grow
            owner: Ana
            objectives:
              - id: o1
                owner: Ana
                kpis:
                  - {metric: qualified leads, target: 10, baseline: 5, deadline: 2027-12-31}
        tactics:
          - id: t1
            objectives: o1
            owner: Ana
            budget: 100
            kpis:
              - {metric: qualified leads, target: 5}
          - id: t2
            owner: Ana
            budget: 50
    """)
    d = diff_of(BASE, nested)
    assert not d.relinked
    assert not d.fixed and not d.introduced


def test_repeated_findings_are_counted():
    two_orphans = BASE + "  - id: t2\n    owner: Ana\n    budget: 50\n"
    d = diff_of(two_orphans, BASE)
    # The duplicate t2 and its orphan finding go; the first t2's finding stays.
    fixed = {(f.code, f.item): f.count for f in d.fixed}
    assert fixed[("RA004", "t2")] == 1
    assert d.unchanged >= 1
    d_back = diff_of(BASE, two_orphans)
    assert any(f.code == "RA004" and f.count == 1 for f in d_back.introduced)


def test_kpi_pointer_is_stable_by_metric():
    anchors = {"tactics[3]": "t-x", "tactics[3].kpis[1]": "t-x.kpis[likes]"}
    assert stable_pointer("tactics[3].kpis[1].target", anchors) == "t-x.kpis[likes].target"
    assert stable_pointer("tactics[3].objectives[0]", anchors) == "t-x.objectives[0]"
    assert stable_pointer("plan.name", anchors) == "plan.name"
    assert stable_pointer("", anchors) == ""


def test_added_and_removed_items_and_plans():
    removed_t2 = BASE[: BASE.index("  - id: t2")]
    d = diff_of(BASE, removed_t2)
    assert [(r.kind, r.id) for r in d.removed] == [("tactic", "t2")]
    assert d.ram.delta == -50
    assert {f.item for f in d.fixed} == {"t2"}
    assert "RA101" in {f.code for f in d.fixed}

    added = diff_of(None, BASE)
    assert added.status == "added"
    assert added.score.old is None and added.score.delta is None
    assert len(added.added) == 4 and len(added.introduced) > 0
    assert added.regression  # the new plan brings an error (the orphan t2)

    gone = diff_of(BASE, None)
    assert gone.status == "removed"
    assert not gone.regression


def test_a_plan_that_stops_parsing_is_a_regression():
    d = diff_of(BASE, "plan: [unclosed\n")
    assert d.score.new is None and d.score.dropped
    assert d.regression
    assert any(f.code == "RA001" for f in d.introduced)


BROKEN = "plan: [unclosed\n"


def test_a_plan_that_stops_parsing_compares_no_items():
    d = diff_of(RAM_TEXT, BROKEN)
    assert d.unparsed == ("new",) and not d.items_compared
    # Not "every item removed": the items of a plan that does not parse are unknown.
    assert d.added == [] and d.removed == [] and d.relinked == []
    assert [f.code for f in d.introduced] == ["RA001"]
    assert (d.introduced[0].line, d.introduced[0].column) == (1, 7)  # the '[' never closed
    # The old findings are not fixed, only impossible to check.
    assert d.fixed == [] and d.unchecked == len(audit_text(RAM_TEXT, "o.yaml").findings)
    assert d.ram.delta is None and d.ram.appeared == () and d.ram.resolved == ()
    assert d.score.dropped and d.regression


def test_a_plan_that_parses_again_is_progress():
    d = diff_of(BROKEN, BASE)
    assert d.unparsed == ("old",) and not d.items_compared
    assert d.added == [] and [f.code for f in d.fixed] == ["RA001"]
    assert d.unchecked == 0 and not d.score.dropped
    # t2 is an orphan: an error seen for the first time, but not a setback from a
    # version that did not parse at all.
    assert d.new_errors == 1 and not d.regression
    both = diff_of(BROKEN, "goals: [\n")
    assert both.unparsed == ("old", "new") and both.added == both.removed == []


def test_renderers_say_items_cannot_be_compared():
    from ramaudit.report.diff import render_json, render_text

    d = diff_of(RAM_TEXT, BROKEN)
    text = render_text([d])
    assert "Items: cannot be compared, since the new version does not parse" in text
    assert "removed" not in text.split("Items:")[1]
    assert "New findings (1)" in text and "RA001" in text and "Fixed findings" not in text
    assert "of the old version cannot be checked until the new version parses again" in text
    assert "Verdict: setback (the plan no longer parses, so it has no score; 1 new" in text
    markdown = render_markdown([d])
    assert "**Items:** cannot be compared, since the new version does not parse." in markdown
    assert "Removed" not in markdown
    entry = json.loads(render_json([d]))["plans"][0]
    assert entry["unparsed"] == ["new"] and entry["items"]["compared"] is False
    assert entry["items"]["removed"] == [] and entry["ram_spend"]["delta"] is None
    assert entry["findings"]["unchecked"] > 0 and entry["regression"] is True
    back = render_text([diff_of(BROKEN, BASE)])
    assert "Items: cannot be compared, since the old version does not parse" in back
    assert "Verdict: progress" in back


def test_text_counts_unchanged_findings_in_proper_english():
    from ramaudit.report.diff import render_text

    d = diff_of(BASE, BASE)
    assert d.unchanged > 1
    assert f"{d.unchanged} findings unchanged" in render_text([d])
    d.unchanged = 1
    text = render_text([d])
    assert "1 finding unchanged" in text and "(s)" not in text


def test_text_summary_of_several_plans_counts_in_proper_english():
    from ramaudit.report.diff import counted, render_text

    # Findings fixed in one plan, one new error in the other.
    fixed_one = diff_of(BASE, BASE.replace("  - id: t2\n    owner: Ana\n    budget: 50\n", ""))
    assert sum(f.count for f in fixed_one.fixed) == 4
    broken = diff_of(BASE, "plan: [\n")
    assert broken.new_errors == 1
    text = render_text([broken, broken])
    assert "(2 errors)" in text
    lines = render_text([fixed_one, broken]).splitlines()
    assert lines[-1] == "2 plans compared: 4 findings fixed, 1 new (1 error); 1 with a setback"
    assert counted(1, "finding") == "1 finding" and counted(0, "error") == "0 errors"


def test_markdown_escapes_plan_text():
    name = "'<script>x</script> | **bold** @team [a](b)'"
    evil = BASE.replace("goals:\n", f"goals:\n  - id: g9\n    name: {name}\n")
    d = diff_of(BASE, evil)
    text = render_markdown([d])
    assert "- Added goal `g9`: " in text
    assert "<script>" not in text
    assert "\\<script\\>x\\</script\\>" in text
    assert "\\| \\*\\*bold\\*\\* \\@team \\[a\\](b)" in text
    assert md("a\nb|c") == "a\\\\nb\\|c"  # the line break shown escaped


def test_diff_and_report_share_one_markdown_escaper():
    from ramaudit.report import diff as diff_report
    from ramaudit.report import markdown, mdtext

    assert diff_report.md is markdown.md is mdtext.md
    assert mdtext.md("$x$ {y} !z @a") == "\\$x\\$ \\{y\\} \\!z \\@a"
    assert mdtext.code("a`b") == "`` a`b ``" and mdtext.code("x``y") == "``` x``y ```"
    assert mdtext.code("a|b") == "`a|b`"  # outside a table: as written
    assert mdtext.code("a|b", cell=True) == "`a\\|b`"


# --------------------------------------------------------------------------- CLI, files


@pytest.fixture
def plan_pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(RAM_TEXT, "utf-8")
    new.write_text(FIXED_TEXT, "utf-8")
    return old, new


def test_cli_text_output(plan_pair):
    old, new = plan_pair
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert "Total" in out and "Spend on random acts of marketing (RAM spend)" in out
    assert "Fixed findings (" in out
    assert "✓ RA005" in out
    assert "~ tactic t-branded-merch  objectives: (none) → o-brand-awareness" in out
    assert "Verdict: progress" in out


def test_cli_json_output(plan_pair):
    old, new = plan_pair
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["version"] == 1 and doc["tool"]["name"] == "ramaudit"
    plan = doc["plans"][0]
    assert plan["status"] == "modified" and plan["regression"] is False
    assert plan["score"]["delta"] == plan["score"]["new"] - plan["score"]["old"] > 0
    assert len(plan["score"]["questions"]) == 4
    fixed = plan["findings"]["fixed"]
    assert {f["code"] for f in fixed} >= {"RA002", "RA005", "RA101"}
    assert plan["findings"]["new"] == []
    assert plan["ram_spend"]["delta"] == -65000
    assert {r["id"] for r in plan["items"]["relinked"]} == {
        "t-branded-merch",
        "t-influencer-seeding",
    }
    assert doc["summary"] == {
        "plans": 1,
        "regressions": 0,
        "errors": 0,
        "fixed": sum(f["count"] for f in fixed),
        "new": 0,
        "new_errors": 0,
    }


def test_cli_markdown_output(plan_pair):
    old, new = plan_pair
    result = run("diff", str(old), str(new), "-f", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("## ramaudit: plan changes\n")
    assert "| Plan | Score | Change |" in out
    assert "| **Total** |" in out
    assert "**Fixed findings (" in out
    assert "- ✅ `RA005` error `t-influencer-seeding`:" in out
    assert "Relinked tactic `t-branded-merch`: objectives: *none* → `o-brand-awareness`" in out


def test_cli_fail_on_regression(plan_pair):
    old, new = plan_pair
    assert run("diff", str(old), str(new), "--fail-on-regression").exit_code == 0
    worse = run("diff", str(new), str(old), "--fail-on-regression")
    assert worse.exit_code == 1
    assert "Verdict: setback" in worse.stdout
    assert "new error" in worse.stdout
    # Without the flag a setback is reported but does not fail.
    assert run("diff", str(new), str(old)).exit_code == 0


def test_cli_output_file_is_written_atomically_and_not_overwritten(plan_pair, tmp_path):
    old, new = plan_pair
    out = tmp_path / "comment.md"
    assert run("diff", str(old), str(new), "-f", "markdown", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8").startswith("## ramaudit")
    again = run("diff", str(old), str(new), "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("diff", str(old), str(new), "-o", str(out), "--force").exit_code == 0
    onto_plan = run("diff", str(old), str(new), "-o", str(new), "--force")
    assert onto_plan.exit_code == 2 and "never writes to it" in onto_plan.stderr
    assert new.read_text("utf-8") == FIXED_TEXT


def test_cli_usage_errors(plan_pair, tmp_path):
    old, new = plan_pair
    for args in ([], [str(old)], [str(old), str(new), str(new)]):
        result = run("diff", *args)
        assert result.exit_code == 2
        assert "ramaudit:" in result.stderr and "Traceback" not in result.output
    bad_format = run("diff", str(old), str(new), "-f", "html")
    assert bad_format.exit_code == 2 and "unknown format" in bad_format.stderr
    missing = run("diff", str(old), str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    assert "nope.yaml: no such file" in missing.stdout + missing.stderr


def test_cli_reads_plans_not_writes_them(plan_pair):
    old, new = plan_pair
    before = (old.read_bytes(), new.read_bytes())
    run("diff", str(old), str(new))
    assert (old.read_bytes(), new.read_bytes()) == before


# --------------------------------------------------------------------------- git


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "plans").mkdir(parents=True)
    (root / ".github").mkdir()
    git(root, "init", "-q")
    (root / "plans" / "oat.yaml").write_text(RAM_TEXT, "utf-8")
    (root / "plans" / "small.yml").write_text(BASE, "utf-8")
    (root / "plans" / "gone.yaml").write_text(BASE, "utf-8")
    (root / ".github" / "ci.yml").write_text("on: push\n", "utf-8")
    (root / "README.md").write_text("hi\n", "utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    return root


def test_since_compares_working_file_with_revision(repo: Path):
    plan = repo / "plans" / "oat.yaml"
    plan.write_text(FIXED_TEXT, "utf-8")
    result = run("diff", str(plan), "--since", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    entry = doc["plans"][0]
    assert entry["old_path"] == "HEAD:plans/oat.yaml"
    assert entry["new_path"] == str(plan)
    assert entry["score"]["delta"] > 0
    assert {f["code"] for f in entry["findings"]["fixed"]} >= {"RA002", "RA005", "RA101"}
    assert entry["findings"]["fixed"][0]["path"] == "HEAD:plans/oat.yaml"


def test_since_from_a_subfolder_with_a_relative_path(repo: Path, monkeypatch):
    (repo / "plans" / "oat.yaml").write_text(FIXED_TEXT, "utf-8")
    git(repo, "commit", "-q", "-am", "fix")
    monkeypatch.chdir(repo / "plans")
    result = run("diff", "oat.yaml", "--since", "HEAD~1", "--fail-on-regression")
    assert result.exit_code == 0, result.output
    assert "HEAD~1:plans/oat.yaml → oat.yaml" in result.stdout
    assert "Verdict: progress" in result.stdout


def test_since_with_a_file_new_since_the_revision_is_an_added_plan(repo: Path):
    fresh = repo / "plans" / "fresh.yaml"
    fresh.write_text(BASE, "utf-8")
    result = run("diff", str(fresh), "--since", "HEAD", "-f", "json", "--fail-on-regression")
    entry = json.loads(result.stdout)["plans"][0]
    assert entry["status"] == "added" and entry["old_path"] is None
    assert entry["score"]["old"] is None
    assert result.exit_code == 1  # it brings a new error: the orphan t2


def test_since_errors_are_clear(repo: Path, tmp_path: Path):
    plan = repo / "plans" / "oat.yaml"
    bad_rev = run("diff", str(plan), "--since", "no-such-branch")
    assert bad_rev.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in bad_rev.stderr
    option_like = run("diff", str(plan), "--since=--output=x")
    assert option_like.exit_code == 2 and "not a git revision" in option_like.stderr
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "p.yaml").write_text(BASE, "utf-8")
    not_repo = run("diff", str(outside / "p.yaml"), "--since", "HEAD")
    assert not_repo.exit_code == 2
    assert "not inside a git repository" in not_repo.stderr
    neither = run("diff", str(repo / "plans" / "never.yaml"), "--since", "HEAD")
    assert neither.exit_code == 2 and "no such file now" in neither.stderr


def test_since_without_file_diffs_every_changed_plan(repo: Path, monkeypatch):
    (repo / "plans" / "oat.yaml").write_text(FIXED_TEXT, "utf-8")  # modified, better
    (repo / "plans" / "small.yml").write_text(BASE + "  - id: t3\n    budget: 5\n", "utf-8")
    (repo / "plans" / "gone.yaml").unlink()  # deleted
    (repo / "plans" / "new.yaml").write_text(BASE, "utf-8")  # untracked
    (repo / ".github" / "ci.yml").write_text("on: [push]\n", "utf-8")  # hidden folder
    (repo / "README.md").write_text("changed\n", "utf-8")  # not a plan
    monkeypatch.chdir(repo)
    result = run("diff", "--since", "HEAD", "-f", "json", "--fail-on-regression")
    doc = json.loads(result.stdout)
    by_path = {p["new_path"] or p["old_path"]: p for p in doc["plans"]}
    assert set(by_path) == {
        "plans/oat.yaml",
        "plans/small.yml",
        "HEAD:plans/gone.yaml",
        "plans/new.yaml",
    }
    assert by_path["plans/oat.yaml"]["status"] == "modified"
    assert by_path["plans/oat.yaml"]["regression"] is False
    assert by_path["HEAD:plans/gone.yaml"]["status"] == "removed"
    assert by_path["plans/new.yaml"]["status"] == "added"
    small = by_path["plans/small.yml"]
    assert small["regression"] is True  # t3 is a new random act: a new error
    assert [i["id"] for i in small["items"]["added"]] == ["t3"]
    assert result.exit_code == 1
    assert doc["summary"]["plans"] == 4 and doc["summary"]["regressions"] == 2


def test_since_skips_excluded_files_as_check_does(repo: Path, monkeypatch):
    (repo / "docker-compose.yaml").write_text("services: {}\n", "utf-8")
    (repo / "pyproject.toml").write_text(
        '[tool.ramaudit]\nexclude = ["docker-compose.yaml", "drafts"]\n', "utf-8"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "compose")
    (repo / "docker-compose.yaml").write_text("services: {web: {}}\n", "utf-8")  # modified
    (repo / "drafts").mkdir()
    (repo / "drafts" / "idea.yaml").write_text("x: 1\n", "utf-8")  # untracked, excluded
    (repo / "plans" / "oat.yaml").write_text(FIXED_TEXT, "utf-8")
    monkeypatch.chdir(repo)
    result = run("diff", "--since", "HEAD", "-f", "json", "--fail-on-regression")
    assert result.exit_code == 0, result.output
    paths = [p["new_path"] for p in json.loads(result.stdout)["plans"]]
    assert paths == ["plans/oat.yaml"]
    # A deleted file that is excluded stays out too.
    (repo / "docker-compose.yaml").unlink()
    again = json.loads(run("diff", "--since", "HEAD", "-f", "json").stdout)
    assert [p["new_path"] for p in again["plans"]] == ["plans/oat.yaml"]
    # `check` agrees on which files are plans.
    checked = json.loads(run("check", ".", "-f", "json").stdout)
    assert [f["path"] for f in checked["files"]] == [
        "plans/gone.yaml",
        "plans/oat.yaml",
        "plans/small.yml",
    ]


def test_since_without_changes_says_so(repo: Path, monkeypatch):
    monkeypatch.chdir(repo)
    result = run("diff", "--since", "HEAD")
    assert result.exit_code == 0
    assert "no plan changed" in result.stdout
    md_result = run("diff", "--since", "HEAD", "-f", "markdown")
    assert "No plan changed." in md_result.stdout


def test_since_pairs_renamed_plans(repo: Path, monkeypatch):
    git(repo, "mv", "plans/oat.yaml", "plans/oat-2027.yaml")
    monkeypatch.chdir(repo)
    result = run("diff", "--since", "HEAD", "-f", "json")
    plans = json.loads(result.stdout)["plans"]
    assert [(p["old_path"], p["new_path"], p["status"]) for p in plans] == [
        ("HEAD:plans/oat.yaml", "plans/oat-2027.yaml", "modified")
    ]
    assert plans[0]["findings"]["new"] == [] and plans[0]["findings"]["fixed"] == []


def test_since_with_a_renamed_file_compares_with_its_old_name(repo: Path, monkeypatch):
    # Naming the file must pair it as --since alone does, not call it a new plan.
    git(repo, "mv", "plans/oat.yaml", "plans/oat-2027.yaml")
    monkeypatch.chdir(repo)
    result = run("diff", "plans/oat-2027.yaml", "--since", "HEAD", "-f", "json")
    plans = json.loads(result.stdout)["plans"]
    assert [(p["old_path"], p["new_path"], p["status"]) for p in plans] == [
        ("HEAD:plans/oat.yaml", "plans/oat-2027.yaml", "modified")
    ]


def test_since_outside_a_repository(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("diff", "--since", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_both_versions_use_the_plans_configuration(repo: Path, monkeypatch):
    (repo / ".ramaudit.toml").write_text('ignore = ["RA101"]\n', "utf-8")
    (repo / "plans" / "oat.yaml").write_text(FIXED_TEXT, "utf-8")
    monkeypatch.chdir(repo)
    configured = json.loads(run("diff", "plans/oat.yaml", "--since", "HEAD", "-f", "json").stdout)
    fixed = {f["code"] for f in configured["plans"][0]["findings"]["fixed"]}
    assert "RA101" not in fixed and "RA005" in fixed
    isolated = run("diff", "plans/oat.yaml", "--since", "HEAD", "-f", "json", "--isolated")
    assert "RA101" in {
        f["code"] for f in json.loads(isolated.stdout)["plans"][0]["findings"]["fixed"]
    }
    every = json.loads(run("diff", "--since", "HEAD", "-f", "json").stdout)
    assert "RA101" not in {f["code"] for p in every["plans"] for f in p["findings"]["fixed"]}
    (repo / ".ramaudit.toml").write_text('ignor = ["RA101"]\n', "utf-8")
    broken = run("diff", "plans/oat.yaml", "--since", "HEAD")
    assert broken.exit_code == 2 and "unknown configuration key 'ignor'" in broken.stderr


def test_since_finds_plans_with_upper_case_suffixes(repo: Path):
    """As check's folder search does: PLAN.YAML and Other.Yml are plans too."""
    from ramaudit.comparison import changed_plans

    (repo / "plans" / "PLAN.YAML").write_text(BASE, "utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "upper")
    (repo / "plans" / "PLAN.YAML").write_text(RAM_TEXT, "utf-8")  # changed
    (repo / "plans" / "Other.Yml").write_text(BASE, "utf-8")  # new, untracked
    (repo / "plans" / "notes.txt").write_text("not a plan\n", "utf-8")
    changed = {new for _, new, _ in changed_plans("HEAD", repo)}
    assert changed == {"plans/PLAN.YAML", "plans/Other.Yml"}


# -- format 2: campaigns, milestones, budget lines, dependencies and target forms

V2_OLD = textwrap.dedent("""\
    version: 2
    plan: {name: V2 plan, budget: 1000}
    goals: [{id: g}]
    objectives:
      - id: o
        goals: g
        kpis:
          - {metric: leads, baseline: 1000, target: 1200, deadline: 2027-06-30}
          - {metric: gross margin, target: 4040404, confidential: true}
          - {metric: active users, target: TBD}
        milestones: [{id: m-site, due: 2027-03, done: false}]
    campaigns:
      - {id: c-launch, objectives: o, budget: 100}
    tactics:
      - {id: t, objectives: o}
    budget_lines:
      - {id: b-tools, kind: tools, amount: 100}
""")
V2_NEW = (
    V2_OLD.replace("target: 1200", "target: +20%")
    .replace("target: 4040404", "target: 4545454")
    .replace("target: TBD", "target: 5000")
    .replace("done: false", "done: true")
    .replace("amount: 100", "amount: 150")
    .replace("{id: t, objectives: o}", "{id: t, objectives: o, depends_on: m-site}")
    + "  - {id: b-agency, kind: agency, amount: 50}\n"
)


def v2_diff():
    return compare(audit_text(V2_OLD, "plan.yaml"), audit_text(V2_NEW, "plan.yaml"))


def test_the_diff_sees_budget_lines_dependencies_milestones_and_target_forms():
    diff = v2_diff()
    assert [(r.kind, r.id) for r in diff.added] == [("budget line", "b-agency")]
    (relink,) = diff.relinked
    assert relink.item.id == "t"
    assert [(c.field, c.old, c.new) for c in relink.changes] == [("depends_on", (), ("m-site",))]
    assert [(v.item.id, v.field, v.old, v.new) for v in diff.values] == [
        ("o", "kpis[leads].target", "1,200", "+20% (1,000 → 1,200)"),
        ("o", "kpis[active users].target", "not decided (TBD)", "5,000"),
        ("m-site", "done", "not done", "done"),
        ("b-tools", "amount", "100", "150"),
    ]
    assert diff.changed


def test_a_confidential_target_never_shows_in_any_diff_format():
    diff = v2_diff()
    outputs = [
        render_markdown([diff]),
        json.dumps(diff.to_dict(), default=str),
    ]
    from ramaudit.report.diff import render_text

    outputs.append(render_text([diff]))
    for out in outputs:
        for secret in ("4040404", "4,040,404", "4545454", "4,545,454"):
            assert secret not in out, out
    assert "gross margin" not in "".join(v.field for v in diff.values)


def test_value_changes_are_listed_in_every_diff_format():
    diff = v2_diff()
    from ramaudit.report.diff import render_text

    text = render_text([diff])
    assert "Items: 1 added, 0 removed, 1 relinked, 4 changed" in text
    assert "~ milestone m-site  done: not done → done" in text
    markdown = render_markdown([diff])
    assert "- Changed budget line `b-tools` `amount`: 100 → 150" in markdown
    items = diff.to_dict()["items"]
    assert items["changed"][0] == {
        "id": "o",
        "kind": "objective",
        "name": None,
        "field": "kpis[leads].target",
        "old": "1,200",
        "new": "+20% (1,000 → 1,200)",
    }


def test_a_version_1_diff_has_no_changed_values():
    old = audit_text(BASE, "plan.yaml")
    new = audit_text(BASE.replace("target: 10", "target: 12"), "plan.yaml")
    diff = compare(old, new)
    assert diff.values == [] and "changed" not in diff.to_dict()["items"]


def test_moving_a_tactic_into_its_campaign_nested_or_flat_is_no_relink():
    nested = textwrap.dedent("""\
        version: 2
        plan: {name: P}
        goals: [{id: g}]
        objectives:
          - id: o
            goals: g
            campaigns:
              - id: c
                tactics: [{id: t}]
    """)
    flat = textwrap.dedent("""\
        version: 2
        plan: {name: P}
        goals: [{id: g}]
        objectives:
          - id: o
            goals: g
            campaigns: [{id: c}]
        tactics: [{id: t, campaign: c}]
    """)
    diff = compare(audit_text(nested, "plan.yaml"), audit_text(flat, "plan.yaml"))
    assert diff.relinked == [] and diff.added == [] and diff.removed == []

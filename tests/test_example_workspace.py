"""The worked example of a plan repository, examples/workspace (docs/plan-repositories.md).

Its plans are written to be clean except for three findings it shows on purpose
(examples/workspace/README.md): a team tactic that serves nothing, a company goal no
team serves, and a misspelt id that names an objective in another file. Linked into one
workspace (issue 13), every other link resolves across the files, and each finding is
reported in the file where the fix belongs.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from ramaudit.cli import app

WORKSPACE = ROOT / "examples" / "workspace"
PLANS = sorted((WORKSPACE / "plans").rglob("*.yaml"))
COMPANY = "plans/company.yaml"
CUSTOMER_MARKETING = "plans/marketing/teams/customer-marketing.yaml"
DEMAND_GEN = "plans/marketing/teams/demand-gen.yaml"
PARTNERS = "plans/sales/teams/partners.yaml"
SALES = "plans/sales/department.yaml"

# What a file audited alone reports about a link into another file: the link itself
# (RA005), and what it cuts off (tactics, campaigns and objectives with no goal above
# them, objectives and goals with no work below them, links that seem to skip a level).
NEEDS_LINKING = {"RA005", "RA101", "RA102", "RA103", "RA104", "RA106", "RA108"}
# The three findings the example is there to show, once the files are linked.
DELIBERATE = {
    (COMPANY, "RA103", "g-dach"),
    (CUSTOMER_MARKETING, "RA101", "t-golf-hospitality"),
    (PARTNERS, "RA005", "t-joint-case-studies"),
}


def check(*args: str) -> tuple[int, list[dict[str, object]]]:
    """Run `ramaudit check --format json` in the working folder: the exit code and each finding,
    with the path of its file. A run that prints no JSON (a configuration error) fails
    the test, with what it printed."""
    result = CliRunner().invoke(app, ["check", "--format", "json", *args], catch_exceptions=False)
    assert result.output.startswith("{"), result.output
    found = [
        {**finding, "path": file["path"]}
        for file in json.loads(result.output)["files"]
        for finding in file["findings"]
    ]
    return result.exit_code, found


def line_of(relative: str, text: str) -> int:
    """The 1-based line of ``relative`` on which ``text`` first appears."""
    lines = (WORKSPACE / relative).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_the_example_has_a_company_two_departments_and_four_teams():
    names = [p.relative_to(WORKSPACE).as_posix() for p in PLANS]
    assert names == [
        COMPANY,
        "plans/marketing/department.yaml",
        CUSTOMER_MARKETING,
        DEMAND_GEN,
        SALES,
        PARTNERS,
        "plans/sales/teams/sales-development.yaml",
    ]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.relative_to(WORKSPACE).as_posix())
def test_every_plan_is_format_2_and_its_parents_exist(path):
    plan = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert plan["version"] == 2
    parents = plan["plan"].get("parents", [])
    parents = [parents] if isinstance(parents, str) else parents
    # Only the company plan stands alone; every other plan serves the one above it.
    assert bool(parents) == (path.name != "company.yaml")
    for parent in parents:
        assert (path.parent / parent).is_file(), parent


def test_the_two_departments_name_their_plans_and_share_an_id():
    """The deliberate collision: both departments call their headline objective
    `o-pipeline`, so each gives its plan an id (both files are department.yaml), and the
    one team link to it is qualified."""
    departments = {
        d: yaml.safe_load((WORKSPACE / f"plans/{d}/department.yaml").read_text("utf-8"))
        for d in ("marketing", "sales")
    }
    for name, plan in departments.items():
        assert plan["plan"]["id"] == name
        assert "o-pipeline" in {o["id"] for o in plan["objectives"]}
    qualified = [
        value
        for p in PLANS
        for value in strings(yaml.safe_load(p.read_text(encoding="utf-8")))
        if value.endswith(":o-pipeline")
    ]
    assert qualified == ["marketing:o-pipeline"]


def strings(node: object) -> list[str]:
    """Every string value in a loaded YAML document, keys left out."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


# ------------------------------------------------------------- the files linked


def test_the_workspace_shows_exactly_the_deliberate_findings(monkeypatch):
    monkeypatch.chdir(WORKSPACE)
    code, found = check("plans")
    assert {(f["path"], f["code"], f["item"]) for f in found} == DELIBERATE
    assert code == 1  # fail-on = "warning" in the example's .ramaudit.toml


def test_the_deliberate_findings_are_where_the_fix_belongs(monkeypatch):
    monkeypatch.chdir(WORKSPACE)
    _, found = check("plans")
    where = {(f["path"], f["code"]): (f["line"], f["column"]) for f in found}
    assert where[(COMPANY, "RA103")] == (line_of(COMPANY, "id: g-dach"), 9)
    golf = line_of(CUSTOMER_MARKETING, "id: t-golf-hospitality")
    assert where[(CUSTOMER_MARKETING, "RA101")] == (golf, 9)
    links = line_of(PARTNERS, "o-win-rat]")
    column = 1 + (WORKSPACE / PARTNERS).read_text("utf-8").splitlines()[links - 1].index(
        "o-win-rat]"
    )
    assert where[(PARTNERS, "RA005")] == (links, column)
    (misspelt,) = [f for f in found if f["code"] == "RA005"]
    # The did-you-mean looks across the workspace: the id is in sales/department.yaml.
    assert "did you mean 'o-win-rate'" in str(misspelt["message"])


def test_the_shared_id_is_accepted_and_qualified(tmp_path, monkeypatch):
    """Both departments have `o-pipeline`. RA113 (duplicate-workspace-id) would report
    it in sales/department.yaml, the later file, and the reasoned suppression there
    hides it (so it is no RA900); the team that links to marketing's names the plan, so
    there is no RA114 (ambiguous-link). Without the suppression, RA113 is there."""
    monkeypatch.chdir(WORKSPACE)
    _, found = check("plans")
    assert not [f for f in found if f["code"] in {"RA113", "RA114", "RA115", "RA900"}]
    copy = tmp_path / "workspace"
    shutil.copytree(WORKSPACE, copy)
    sales = copy / SALES
    sales.write_text(
        re.sub(r"  # ramaudit: ignore\[RA113\].*", "", sales.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    monkeypatch.chdir(copy)
    _, unsuppressed = check("plans")
    shared = [(f["path"], f["item"]) for f in unsuppressed if f["code"] == "RA113"]
    assert shared == [(SALES, "o-pipeline")]


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (DEMAND_GEN, set()),
        (PARTNERS, {(PARTNERS, "RA005", "t-joint-case-studies")}),
        (CUSTOMER_MARKETING, {(CUSTOMER_MARKETING, "RA101", "t-golf-hospitality")}),
        (COMPANY, {(COMPANY, "RA103", "g-dach")}),
        (SALES, set()),
    ],
)
def test_one_file_is_checked_with_its_context(monkeypatch, plan, expected):
    """`check one-file.yaml`, as pre-commit runs it: the file's links resolve in the
    rest of the workspace, and only that file's findings are reported."""
    monkeypatch.chdir(WORKSPACE)
    code, found = check(plan)
    assert {(f["path"], f["code"], f["item"]) for f in found} == expected
    assert code == (1 if expected else 0)


# ------------------------------------------------------------ the guide and the example

GUIDE = ROOT / "docs" / "plan-repositories.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("name", [".github/workflows/ramaudit.yml", ".pre-commit-config.yaml"])
def test_the_guide_shows_the_example_set_ups_as_they_are(name):
    """The workflow and the pre-commit configuration in the guide are the example's
    files, word for word, so that what the guide shows is what the example runs."""
    assert (WORKSPACE / name).read_text(encoding="utf-8") in blocks("yaml")


def test_the_set_ups_use_the_action_and_the_hook_as_declared():
    workflow = yaml.safe_load((WORKSPACE / ".github/workflows/ramaudit.yml").read_text("utf-8"))
    inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    steps = workflow["jobs"]["audit"]["steps"]
    for step in steps:
        if "ramaudit@" in step.get("uses", ""):
            assert set(step["with"]) <= set(inputs)
            assert step["with"]["paths"] == "plans/"
    audit = next(s for s in steps if s.get("name") == "Audit the plans")
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == audit["with"]["output"]
    # The action leaves fail-on to the repository's file unless the step sets it.
    assert "fail-on" not in audit["with"] and inputs["fail-on"]["default"] == ""
    assert 'fail-on = "warning"' in (WORKSPACE / ".ramaudit.toml").read_text(encoding="utf-8")

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (repo,) = yaml.safe_load((WORKSPACE / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    each, whole = repo["hooks"]
    assert each["id"] == whole["id"] == hook["id"]
    assert re.match(each["files"], "plans/sales/teams/partners.yaml")
    assert not re.match(each["files"], ".github/workflows/ramaudit.yml")
    changed = ["plans/company.yaml", "plans/sales/department.yaml", ".ramaudit.toml"]
    assert all(re.match(whole["files"], path) for path in changed)
    assert not re.match(whole["files"], "plans/sales/teams/partners.yaml")
    assert whole["pass_filenames"] is False and whole["args"][-1] == "plans/"


def test_the_guide_quotes_the_example_config_and_links_to_what_exists():
    written = (WORKSPACE / ".ramaudit.toml").read_text(encoding="utf-8").splitlines(True)
    config = "".join(line for line in written if not line.startswith("#"))
    for block in blocks("toml"):
        if block.startswith("[per-file-ignores]"):
            assert block in config
    text = GUIDE.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        assert (GUIDE.parent / target).exists(), target
    suppression = (WORKSPACE / SALES).read_text(encoding="utf-8")
    quoted = re.search(r"  - id: o-pipeline  # ramaudit: ignore\[RA113\].*", text)
    assert quoted and quoted.group(0) in suppression

"""Roll-ups up the cascade of a plan repository (issue 13): :mod:`ramaudit.rollup`, the
portfolio report's cascade section and ``status`` over the files of a cascade.

The repository is written to ``tmp_path``: a company plan, two departments that name it
as their parent and four teams, two under each department. Names and numbers are made
up. Every audit reads its check-ins and spend on a fixed day.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from ramaudit.api import AuditResult, audit_paths, audit_text, status_of
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.core.progress import State, mean
from ramaudit.report import RenderOptions, html, markdown
from ramaudit.report.cascade_md import mermaid
from ramaudit.report.escape import shown
from ramaudit.report.formats import STATUS
from ramaudit.rollup import Cascade, Figures, cascade, declares_parents, status_cascade
from report_helpers import REPORT_TAGS, parse_html
from test_plan_text_is_data import (
    assert_no_line_is_plan_text,
    check_markdown,
    hostile_text,
    unsafe_chars,
)
from test_report_markdown import check_flowchart, mermaid_blocks
from test_status import SCHEMA

DAY = dt.date(2027, 2, 15)
CONFIG = Config(as_of=DAY)
PINNED = RenderOptions(extra={"audited": "2027-01-15"})
SETTLED = {"suppress_health_check": [HealthCheck.too_slow], "deadline": None}


def plan_text(
    name: str,
    *,
    owner: str | None = None,
    parents: list[str] | str | None = None,
    budget: float | None = None,
    tactic: float = 1000,
    spent: float | None = None,
    stray: float | None = None,
    stray_spent: float | None = None,
    reading: float | None = None,
    currency: str = "USD",
) -> str:
    """A small plan of its own (a goal, an objective, a tactic) serving ``parents``;
    ``stray`` adds a tactic that traces to no goal (a random act) with that budget."""
    info: dict[str, object] = {"name": name, "period": "Q1 2027", "currency": currency}
    if owner is not None:
        info["owner"] = owner
    if budget is not None:
        info["budget"] = budget
    if parents is not None:
        info["parents"] = parents
    kpi: dict[str, object] = {
        "metric": "sales qualified leads",
        "baseline": 0,
        "target": 100,
        "deadline": dt.date(2027, 3, 31),
    }
    if reading is not None:
        kpi["checkins"] = [{"date": dt.date(2027, 2, 1), "value": reading}]
    tactic_doc: dict[str, object] = {"id": "t", "name": "Webinars", "objectives": "o"}
    tactic_doc["budget"] = tactic
    if spent is not None:
        tactic_doc["spent"] = spent
    tactics = [tactic_doc]
    if stray is not None:
        extra: dict[str, object] = {"id": "r", "name": "Stunt", "budget": stray}
        if stray_spent is not None:
            extra["spent"] = stray_spent
        tactics.append(extra)
    doc = {
        "version": 2,
        "plan": info,
        "goals": [{"id": "g", "name": "Grow", "type": "market-share"}],
        "objectives": [{"id": "o", "name": "Pipeline", "goals": "g", "kpis": [kpi]}],
        "tactics": tactics,
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=False, width=10_000)


COMPANY = "plans/company.yaml"
SALES = "plans/departments/sales.yaml"
BRAND = "plans/departments/brand.yaml"
TEAMS = {
    "plans/teams/inbound.yaml": ("../departments/sales.yaml", "Ines Lead"),
    "plans/teams/outbound.yaml": ("../departments/sales.yaml", "Sam Head"),
    "plans/teams/events.yaml": ("../departments/brand.yaml", "Eve Lead"),
    "plans/teams/content.yaml": ("../departments/brand.yaml", None),
}


def repository(tmp_path: Path, **extra: str) -> Path:
    """The company, two departments, four teams; ``extra`` adds files (path: text)."""
    files = {
        COMPANY: plan_text("Company", owner="CEO", budget=100_000, spent=100, reading=10),
        SALES: plan_text(
            "Sales",
            owner="Sam Head",
            parents="../company.yaml",
            spent=200,
            reading=20,
            stray=500,
            stray_spent=50,
        ),
        BRAND: plan_text("Brand", owner="Bea Head", parents=["../company.yaml"], reading=30),
    }
    for i, (path, (parent, owner)) in enumerate(TEAMS.items(), start=1):
        files[path] = plan_text(
            f"Team {i}", owner=owner, parents=parent, tactic=100 * i, spent=10 * i, reading=40
        )
    files.update(extra)
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    return tmp_path


def audited(root: Path) -> list[AuditResult]:
    results = audit_paths([root / "plans"], CONFIG)
    # Paths as a run in the repository shows them: relative, as parents are written.
    for r in results:
        r.path = Path(r.path).relative_to(root).as_posix()
    return results


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[AuditResult]:
    monkeypatch.chdir(repository(tmp_path))
    return audited(tmp_path)


def usd(c: Cascade, key: str, what: str = "budget", *, own: bool = False) -> float | None:
    node = c.nodes[key]
    money = (node.own if own else node.subtree).in_currency("USD")
    assert money is not None
    value: float | None = getattr(money, what)
    return value


# ------------------------------------------------------------------ the cascade


def test_each_subtree_adds_up_its_files(repo):
    c = cascade(repo)
    assert c.linked and c.roots == (COMPANY,) and c.loops == ()
    assert [n.key for n, _ in c.tree()][:1] == [COMPANY]
    assert {n.key: level for n, level in c.tree()} == {
        COMPANY: 0, SALES: 1, BRAND: 1, **dict.fromkeys(TEAMS, 2)
    }  # fmt: skip
    assert c.nodes[SALES].parents == (COMPANY,) and c.nodes[SALES].depth == 1
    # Budget: the plan block's where it states one, else the tactics'.
    assert usd(c, COMPANY, own=True) == 100_000
    assert usd(c, SALES, own=True) == 1500  # 1,000 and the random act's 500
    assert usd(c, SALES) == 1500 + 100 + 200
    assert usd(c, BRAND) == 1000 + 300 + 400
    assert usd(c, COMPANY) == 100_000 + 1800 + 1700
    assert usd(c, COMPANY, "planned") == 1000 + 1800 + 1700
    assert usd(c, SALES, "spent") == 250 + 10 + 20
    assert usd(c, BRAND, "spent") == 30 + 40  # the brand plan records no spend
    assert usd(c, BRAND, "spent", own=True) is None
    assert usd(c, COMPANY, "ram_budget") == 500 and usd(c, COMPANY, "ram_spent") == 50
    assert usd(c, BRAND, "ram_budget") == 0
    top = c.nodes[COMPANY].subtree
    assert c.total.money == top.money and c.total.score == pytest.approx(top.score)
    assert c.total.progress.progress == pytest.approx(top.progress.progress)
    assert c.nodes[COMPANY].subtree.files == 7


def test_scores_and_progress_are_averaged_as_goals_average_objectives(repo):
    c = cascade(repo)
    by_path = {r.path: r for r in repo}
    scores = [by_path[k].score.total for k in c.nodes[SALES].below]
    assert c.nodes[SALES].subtree.score == pytest.approx(mean(scores))
    assert c.nodes[SALES].subtree.scored == 3
    # Each file weighs the same; a file's progress is the mean of its objectives'.
    assert c.nodes[SALES].own.progress.progress == pytest.approx(0.2)
    assert c.nodes[SALES].subtree.progress.progress == pytest.approx((0.2 + 0.4 + 0.4) / 3)
    assert c.nodes[COMPANY].own.progress.state is State.OFF_TRACK
    assert c.nodes[COMPANY].subtree.progress.state is State.OFF_TRACK  # the worst


def test_a_team_is_the_owner_else_the_file(repo):
    c = cascade(repo)
    teams = {t.name: t for t in c.teams}
    assert teams["Sam Head"].files == (SALES, "plans/teams/outbound.yaml")
    money = teams["Sam Head"].figures.in_currency("USD")
    assert money is not None and money.budget == 1500 + 200
    assert "plans/teams/content.yaml" in teams  # no owner: a team of its own
    assert sum(t.figures.files for t in c.teams) == 7


def test_a_file_reachable_by_two_paths_is_counted_once(tmp_path, monkeypatch):
    shared = plan_text(
        "Shared", parents=["../departments/sales.yaml", "../departments/brand.yaml"],
        tactic=7000, spent=70,
    )  # fmt: skip
    monkeypatch.chdir(repository(tmp_path, **{"plans/teams/shared.yaml": shared}))
    c = cascade(audited(tmp_path))
    key = "plans/teams/shared.yaml"
    assert c.nodes[key].parents == (SALES, BRAND) and c.nodes[key].upper == SALES
    assert key in c.nodes[SALES].below and key in c.nodes[BRAND].below
    assert c.nodes[COMPANY].below.count(key) == 1
    assert usd(c, COMPANY) == 100_000 + 1800 + 1700 + 7000
    assert usd(c, COMPANY, "spent") == 100 + 280 + 70 + 70
    assert [n.key for n, _ in c.tree()].count(key) == 1  # listed once, under its first


def test_a_loop_of_parents_is_data_and_never_hangs(tmp_path, monkeypatch):
    loop = {
        "plans/loop/a.yaml": plan_text("A", parents="b.yaml", tactic=1),
        "plans/loop/b.yaml": plan_text("B", parents=["a.yaml", "b.yaml"], tactic=2),
        "plans/loop/self.yaml": plan_text("Self", parents="self.yaml", tactic=4),
        # served from outside the company's cascade and inside a loop with it
        "plans/loop/c.yaml": plan_text("C", parents=["../company.yaml", "d.yaml"], tactic=8),
        "plans/loop/d.yaml": plan_text("D", parents="c.yaml", tactic=16),
    }
    monkeypatch.chdir(repository(tmp_path, **loop))
    c = cascade(audited(tmp_path))
    assert set(c.loops) == {
        ("plans/loop/a.yaml", "plans/loop/b.yaml"),
        ("plans/loop/c.yaml", "plans/loop/d.yaml"),
        ("plans/loop/self.yaml",),
    }
    assert ("plans/loop/b.yaml", "plans/loop/b.yaml") in c.loop_edges
    # A loop with no parent outside it: its files are roots, each counted once.
    assert {"plans/loop/a.yaml", "plans/loop/b.yaml", "plans/loop/self.yaml"} <= set(c.roots)
    assert usd(c, "plans/loop/a.yaml") == usd(c, "plans/loop/b.yaml") == 3
    assert usd(c, "plans/loop/self.yaml") == 4
    # C keeps its parent outside the loop; D is listed under C.
    assert c.nodes["plans/loop/c.yaml"].upper == COMPANY
    assert c.nodes["plans/loop/d.yaml"].upper == "plans/loop/c.yaml"
    assert usd(c, COMPANY) == 100_000 + 1800 + 1700 + 8 + 16
    assert c.nodes["plans/loop/d.yaml"].in_loop
    assert len(c.tree()) == len(c.nodes) == 12
    assert c.total.files == 12


def test_a_parent_not_among_the_files_leaves_a_root(tmp_path, monkeypatch):
    lost = plan_text("Lost", parents=["../nowhere.yaml", "../company.yaml"], tactic=5)
    orphan = plan_text("Orphan", parents="../../elsewhere/plan.yaml", tactic=6)
    extra = {"plans/teams/lost.yaml": lost, "plans/teams/orphan.yaml": orphan}
    monkeypatch.chdir(repository(tmp_path, **extra))
    c = cascade(audited(tmp_path))
    assert c.nodes["plans/teams/lost.yaml"].missing_parents == ("../nowhere.yaml",)
    assert c.nodes["plans/teams/lost.yaml"].upper == COMPANY
    node = c.nodes["plans/teams/orphan.yaml"]
    assert node.upper is None and node.missing_parents == ("../../elsewhere/plan.yaml",)
    assert "plans/teams/orphan.yaml" in c.roots and node.subtree == node.own


def test_money_in_two_currencies_is_never_added(tmp_path, monkeypatch):
    euro = plan_text("Euro team", parents="../company.yaml", tactic=300, currency="EUR")
    monkeypatch.chdir(repository(tmp_path, **{"plans/teams/euro.yaml": euro}))
    c = cascade(audited(tmp_path))
    figures = c.nodes[COMPANY].subtree
    assert [m.currency for m in figures.money] == ["USD", "EUR"]
    eur = figures.in_currency("EUR")
    assert eur is not None and eur.budget == 300 and eur.plans == 1
    assert usd(c, COMPANY) == 100_000 + 1800 + 1700


def test_unreadable_files_are_nodes_without_figures(tmp_path, monkeypatch):
    root = repository(tmp_path, **{"plans/teams/broken.yaml": "plan: [unclosed\n"})
    monkeypatch.chdir(root)
    c = cascade(audited(tmp_path))
    node = c.nodes["plans/teams/broken.yaml"]
    assert node.own.money == () and node.own.score is None and node.upper is None
    assert c.total.files == 8


def test_no_parents_means_no_cascade(tmp_path):
    results = [audit_text(plan_text(f"P{i}"), f"p{i}.yaml", CONFIG) for i in range(3)]
    assert not declares_parents(results)
    c = cascade(results)
    assert not c.linked and c.roots == tuple(r.path for r in results)
    assert status_cascade([status_of(r) for r in results]) is None


# ------------------------------------------------------------------ the report


def test_the_html_report_shows_the_cascade_with_links_to_each_plan(repo):
    document = html.render(repo, PINNED)
    doc = parse_html(document)
    assert {t for t, _ in doc.tags} <= REPORT_TAGS
    assert "cascade" in doc.attrs("section", "id")
    assert "Cascade of plans" in doc.all_text and "By team" in doc.all_text
    sections = set(doc.attrs("section", "id"))
    start = document.index('id="cascade"')
    cascade_part = document[start : document.index("</section>", start)]
    links = parse_html(cascade_part).attrs("a", "href")
    assert len(links) == 7 and {h.removeprefix("#") for h in links} <= sections
    assert cascade_part.count('class="file"') == 7  # one box per file
    assert cascade_part.count("<path d=") == 6  # one arrow per parent named
    assert "103,500 USD" in cascade_part  # the company's subtree
    # A bug: the teams table had its first two headings the wrong way round.
    teams = document[document.index("By team") :]
    assert teams.index("<th>Team</th>") < teams.index("<th>Plans</th>")
    assert "<script" not in document


def test_the_markdown_report_shows_the_cascade_as_a_flowchart_and_a_table(repo):
    document = markdown.render(repo, PINNED)
    check_markdown(document)
    blocks = mermaid_blocks(document)
    labels = check_flowchart(blocks[0])
    assert len(labels) == 7 and any(v.startswith("Company\n") for v in labels.values())
    assert blocks[0].count(" --> ") == 6
    table = document[document.index("## Cascade of plans") :].split("### By team")[0]
    rows = [line for line in table.split("\n") if line.startswith("| ")][1:]
    assert len(rows) == 7 and rows[0].startswith("| [Company](#plan-")
    assert "└ [Sales](#plan-" in table
    assert "| **All files** | | 7 | 103,500 USD |" in document


def test_without_parents_the_portfolio_has_no_cascade(tmp_path):
    results = [audit_text(plan_text(f"P{i}"), f"p{i}.yaml", CONFIG) for i in range(2)]
    assert 'id="cascade"' not in html.render(results, PINNED)
    assert "Cascade" not in markdown.render(results, PINNED)


def test_a_loop_is_drawn_dashed_and_said_in_words(tmp_path, monkeypatch):
    loop = {
        "plans/loop/a.yaml": plan_text("A", parents="b.yaml"),
        "plans/loop/b.yaml": plan_text("B", parents="a.yaml"),
    }
    monkeypatch.chdir(repository(tmp_path, **loop))
    results = audited(tmp_path)
    source = mermaid(cascade(results))
    check_flowchart(source)
    assert source.count(" -.-> ") == 2 and "linkStyle" in source
    document = html.render(results, PINNED)
    assert document.count('class="loop"') == 2
    assert "name one another as parents in a loop" in document
    assert "name one another as parents in a loop" in markdown.render(results, PINNED)


def hostile_repo(h: str) -> list[AuditResult]:
    """Three plans linked by parents whose names, owners and currency hold ``h``, one
    naming a parent (written with ``h``) that is not there."""
    top = plan_text("Top" + h, owner="O" + h, budget=10, currency="C" + h)
    mid = plan_text("Mid" + h, owner="M" + h, parents="top.yaml")
    low = plan_text("Low" + h, parents=["mid.yaml", "gone" + h], currency="C" + h)
    return [
        audit_text(top, "repo/top.yaml", CONFIG),
        audit_text(mid, "repo/mid.yaml", CONFIG),
        audit_text(low, "repo/low.yaml", CONFIG),
    ]


@settings(max_examples=25, **SETTLED)
@given(hostile_text)
def test_plan_text_in_the_cascade_is_data(h: str) -> None:
    results = hostile_repo(h)
    # A lone surrogate is written as an escape YAML does not know: no plan to link.
    assume(all(r.plan is not None and r.plan.info is not None for r in results))
    rolled = cascade(results)
    assert rolled.linked
    (gone,) = rolled.nodes["repo/low.yaml"].missing_parents  # as the model read it
    document = html.render(results, PINNED)
    assert unsafe_chars(document) == []
    doc = parse_html(document)
    assert {t for t, _ in doc.tags} <= REPORT_TAGS
    assert not [u for u in doc.attrs("a", "href") if not u.startswith("#")]
    assert shown(results[1].plan_name) in doc.all_text and shown(gone) in doc.all_text
    md_doc = markdown.render(results, PINNED)
    assert unsafe_chars(md_doc) == []
    assert_no_line_is_plan_text(md_doc)
    check_markdown(md_doc)
    for block in mermaid_blocks(md_doc):
        check_flowchart(block)
        assert "%%" not in block
    for name in STATUS.names:
        out = STATUS[name].render([status_of(r) for r in results], RenderOptions(width=80))
        assert unsafe_chars(out) == [], name
        assert_no_line_is_plan_text(out)
    doc_json = json.loads(STATUS["json"].render([status_of(r) for r in results], RenderOptions()))
    assert doc_json["cascade"]["nodes"][-1]["missing_parents"] == [gone]


# ------------------------------------------------------------------ status


def status_render(name: str, results: list[AuditResult]) -> str:
    return STATUS[name].render([status_of(r) for r in results], RenderOptions(width=100))


def test_status_text_rolls_progress_and_spend_up_the_cascade(repo):
    text = status_render("text", repo)
    part = text[text.index("Cascade: progress and spend") :]
    lines = part.split("\n")
    assert lines[1].startswith("Company  plans/company.yaml")
    assert "7 files · spent 450 USD of 103,500 USD budget · random acts spent 50 USD of" in part
    assert "  └ Sales  plans/departments/sales.yaml" in part
    assert "    └ Team 1  plans/teams/inbound.yaml" in part
    assert "off track" in lines[2]
    assert lines[-2].startswith("All files · 7 files")


def test_status_json_has_the_cascade_and_keeps_to_its_schema(repo):
    doc = json.loads(status_render("json", repo))
    jsonschema.validate(doc, SCHEMA)
    rolled = doc["cascade"]
    assert rolled["roots"] == [COMPANY]
    nodes = {n["path"]: n for n in rolled["nodes"]}
    assert next(iter(nodes)) == COMPANY
    assert nodes[SALES]["parents"] == [COMPANY] and nodes[SALES]["depth"] == 1
    money = nodes[SALES]["subtree"]["money"][0]
    assert money == {
        "currency": "USD", "budget": 1800.0, "planned": 1800.0, "spent": 280.0,
        "ram_budget": 500.0, "ram_spent": 50.0, "plans": 3,
    }  # fmt: skip
    assert nodes[SALES]["subtree"]["progress"] == pytest.approx(0.3333, abs=1e-4)
    assert rolled["total"]["files"] == 7
    assert {t["team"] for t in rolled["teams"]} >= {"CEO", "Sam Head"}


def test_status_markdown_has_the_cascade_table(repo):
    document = status_render("markdown", repo)
    part = document[document.index("## Cascade") :]
    rows = [line for line in part.split("\n") if line.startswith("| ")]
    assert len(rows) == 1 + 1 + 7 + 1  # head, rule, a row per file, all files
    assert rows[2].startswith("| Company | `plans/company.yaml` | 7 | 31% |")
    assert rows[-1].startswith("| **All files** |  | 7 | 31% |")
    tokens = MarkdownIt("commonmark").enable("table").parse(document)
    assert any(t.type == "table_open" for t in tokens)


def test_status_of_a_single_file_or_files_without_parents_is_unchanged(repo, tmp_path):
    one = [r for r in repo if r.path == SALES]
    assert "Cascade" not in status_render("text", one)
    assert "cascade" not in json.loads(status_render("json", one))
    plain = [audit_text(plan_text(f"P{i}"), f"p{i}.yaml", CONFIG) for i in range(2)]
    for name in STATUS.names:
        assert "ascade" not in status_render(name, plain), name


def test_the_status_command_over_the_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(repository(tmp_path))
    run = CliRunner().invoke(
        app, ["status", "plans", "--as-of", DAY.isoformat(), "-f", "json"], env={"COLUMNS": "80"}
    )
    assert run.exit_code == 0, run.output
    doc = json.loads(run.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["cascade"]["roots"] == [COMPANY]


# ------------------------------------------------------------------ properties


@st.composite
def cascades(draw: st.DrawFn) -> list[tuple[str, list[str], int]]:
    """Files f0..f(n-1), each naming some earlier files as parents (f0 the only root)
    and sometimes a later one (a loop), and perhaps ``new.yaml``, which is not there
    (yet); each with a tactic budget."""
    n = draw(st.integers(1, 7))
    files = []
    for i in range(n):
        parents = draw(st.sets(st.integers(0, i - 1), min_size=1, max_size=3)) if i else set()
        if i and draw(st.booleans()):
            parents.add(draw(st.integers(0, n - 1)))
        names = [f"f{p}.yaml" for p in sorted(parents)]
        if draw(st.integers(0, 3)) == 0:
            names.append("new.yaml")
        files.append((f"f{i}.yaml", names, draw(st.integers(0, 10_000))))
    return files


def built(files: list[tuple[str, list[str], int]]) -> list[AuditResult]:
    return [
        audit_text(plan_text(name, parents=parents, tactic=budget), name)
        for name, parents, budget in files
    ]


def usd_budget(figures: Figures) -> float:
    money = figures.in_currency("USD")
    return money.budget if money is not None else 0.0


@settings(max_examples=30, **SETTLED)
@given(cascades())
def test_the_roots_roll_up_is_the_sum_over_all_files(files) -> None:
    c = cascade(built(files))
    assert c.roots[0] == "f0.yaml"
    top = c.nodes["f0.yaml"].subtree
    assert top.files == len(files) == c.total.files
    assert usd_budget(top) == sum(b for _, _, b in files)
    assert top.money == c.total.money and top.scored == c.total.scored
    for node in c.nodes.values():  # and every subtree is what its files add up to
        assert usd_budget(node.subtree) == sum(usd_budget(c.nodes[k].own) for k in node.below)
        assert len(set(node.below)) == len(node.below)


@settings(max_examples=30, **SETTLED)
@given(cascades(), st.sets(st.integers(0, 6), max_size=3), st.integers(0, 10_000))
def test_adding_a_file_never_lowers_a_subtree_budget(files, parents, budget) -> None:
    # The new file names any of the files as parents, and the files that already name
    # it (missing until now) become its children: it may close a loop.
    before = cascade(built(files))
    named = sorted(f"f{p}.yaml" for p in parents if p < len(files))
    after = cascade(built([*files, ("new.yaml", named, budget)]))
    assert after.total.files == before.total.files + 1
    for key, node in before.nodes.items():
        grown = after.nodes[key]
        assert usd_budget(grown.subtree) >= usd_budget(node.subtree)
        assert set(node.below) <= set(grown.below)

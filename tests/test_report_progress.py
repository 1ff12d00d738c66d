"""The reports' progress section (issue 12, pictures): the SVG pictures' structure,
read back with ElementTree and checked against the positions computed from the
plan's status; plan text escaped in SVG, Markdown and the Mermaid gantt; any status
renders as well-formed XML; a plan that tracks nothing gets no section."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ramaudit.api import AuditResult, audit, audit_text, plan_status_of
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.report import RenderOptions, html, markdown
from ramaudit.report import progress_svg as ps
from ramaudit.report.progress_md import gantt, gantt_text
from report_helpers import EXAMPLES, REPORT_TAGS, parse_html

PLAN = Path(__file__).resolve().parent / "data" / "progress" / "midquarter.yaml"
AS_OF = dt.date(2027, 2, 15)
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Point:
    day: dt.date
    score: float | None
    progress: float | None
    spent: float | None


HISTORY = [
    Point(dt.date(2027, 1, 5), 40, 0.0, 0.0),
    Point(dt.date(2027, 1, 25), 48, 0.15, 6000.0),
    Point(dt.date(2027, 2, 15), 55, 0.3, 34000.0),
]


def midquarter() -> AuditResult:
    return audit(PLAN, Config(as_of=AS_OF))


def options(result: AuditResult, history: list[Point] | None = None) -> RenderOptions:
    extra: dict[str, object] = {"audited": "2027-02-15"}
    if history is not None:
        extra["history"] = {result.path: history}
    return RenderOptions(extra=extra)


def svgs(document: str) -> dict[str, ET.Element]:
    """Every progress picture of an HTML report, parsed as XML, by id."""
    found = {}
    for text in re.findall(
        r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*>.*?</svg>', document, re.S
    ):
        root = ET.fromstring(text)
        found[root.get("id", "")] = root
    return found


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_key_result_bars_are_filled_and_marked_as_computed() -> None:
    result = midquarter()
    status = plan_status_of(result)
    assert status is not None and status.tracked
    root = svgs(html.render([result], options(result)))["p1-krs"]
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "kr"]
    assert len(rows) == len(status.key_results) == 4
    for g, kr in zip(rows, status.key_results, strict=True):
        assert g.get("data-state") == str(kr.state)
        track = next(r for r in g.iter(f"{SVG}rect") if r.get("class") == "track")
        assert float(track.get("x", "")) == ps.BAR_X
        assert float(track.get("width", "")) == ps.BAR_W
        fills = [r for r in g.iter(f"{SVG}rect") if "fill" in (r.get("class") or "")]
        if kr.progress is None:
            assert fills == []
        else:
            assert float(fills[0].get("width", "")) == pytest.approx(
                ps.BAR_W * min(1, max(0, kr.progress)), abs=0.06
            )
        (mark,) = [p for p in g.iter(f"{SVG}path") if p.get("class") == "expected"]
        x = float(re.match(r"M([\d.]+)", mark.get("d", "")).group(1))  # type: ignore[union-attr]
        assert kr.expected is not None
        assert x == pytest.approx(ps.BAR_X + ps.BAR_W * kr.expected, abs=0.06)
        words = " ".join(texts(g))
        assert str(kr.state) in words  # the state in words, never by colour alone
        assert kr.kpi.metric in words
    pairs = zip(rows, status.key_results, strict=True)
    by_metric = {kr.kpi.metric: " ".join(texts(g)) for g, kr in pairs}
    assert "120 of 300 (baseline 0)" in by_metric["qualified leads"]
    assert "at risk" in by_metric["qualified leads"]
    # A confidential target: neither the target nor the actual is shown anywhere.
    assert "target confidential" in by_metric["pipeline revenue"]
    assert "500,000" not in by_metric["pipeline revenue"]
    assert "120,000" not in by_metric["pipeline revenue"]


def test_confidential_numbers_are_in_no_report() -> None:
    result = midquarter()
    for document in (
        html.render([result], options(result)),
        markdown.render([result], options(result)),
    ):
        assert "500,000" not in document and "120,000" not in document
        assert "500000" not in document and "120000" not in document


def test_burn_up_counts_the_spend_to_date_against_budget_and_phasing() -> None:
    result = midquarter()
    status = plan_status_of(result)
    assert status is not None
    root = svgs(html.render([result], options(result)))["p1-burn-up"]
    (spent,) = [p for p in root.iter(f"{SVG}path") if p.get("class") == "spent"]
    assert float(spent.get("data-spent", "")) == status.spent == 6000 + 7000 + 2500 + 9000 + 9500
    classes = {p.get("class") for p in root.iter(f"{SVG}path")}
    assert {"budget", "phasing", "as-of", "spent"} <= classes
    words = texts(root)
    assert "budget 60,000 USD" in words and "as of 2027-02-15" in words
    assert "spent 34,000 USD" in words
    steps = ps.spent_steps(status, dt.date(2027, 1, 1))
    assert [(d.isoformat(), v) for d, v in steps] == [
        ("2027-01-01", 0.0),
        ("2027-01-20", 6000.0),
        ("2027-02-05", 13000.0),
        ("2027-02-10", 22500.0),  # t-content's 'spent', counted on its as_of day
        ("2027-02-14", 34000.0),  # an expense of t-search and t-webinar's 'spent'
    ]


def test_spend_steps_follow_spent_to() -> None:
    from ramaudit.core.progress import spent_to

    result = midquarter()
    status = plan_status_of(result)
    assert status is not None
    steps = ps.spent_steps(status, dt.date(2027, 1, 1))
    for day, total in steps[1:]:
        assert total == sum(spent_to(s.item, day) or 0 for s in status.spend)
    assert steps[-1][1] == status.spent


def test_timeline_draws_each_tactic_from_start_to_end_by_channel() -> None:
    result = midquarter()
    status = plan_status_of(result)
    assert status is not None
    root = svgs(html.render([result], options(result)))["p1-timeline"]
    groups = ["".join(g.itertext()) for g in root.iter(f"{SVG}g") if g.get("class") == "group"]
    assert groups == ["paid search", "events", "content"]
    axis = ps.Axis(dt.date(2027, 1, 1), dt.date(2027, 3, 31), ps.BAR_X, ps.WIDTH - 20)
    rows = {g.get("data-item"): g for g in root.iter(f"{SVG}g") if g.get("class") == "tactic"}
    assert set(rows) == {"t-search", "t-webinar", "t-content", "t-podcast"}
    for s in status.spend:
        g = rows[s.item.id]
        (span,) = g.iter(f"{SVG}rect")
        assert s.start is not None and s.end is not None
        assert float(span.get("x", "")) == pytest.approx(axis.x(s.start), abs=0.06)
        right = float(span.get("x", "")) + float(span.get("width", ""))
        assert right == pytest.approx(axis.x(s.end), abs=0.11)
        assert (s.item.name or "").split()[0] in " ".join(texts(g))
        assert str(s.item.status) in " ".join(texts(g))
    (mark,) = [p for p in root.iter(f"{SVG}path") if p.get("class") == "as-of"]
    assert mark.get("d", "").startswith(f"M{axis.x(AS_OF):.1f} ")


def test_long_names_are_wrapped_in_full() -> None:
    result = midquarter()
    root = svgs(html.render([result], options(result)))["p1-timeline"]
    words = " ".join(texts(root))
    name = "Webinar series with customers who moved from spreadsheets to a planning tool"
    assert all(word in words for word in name.split())
    assert "…" not in words


def test_history_chart_and_table_only_when_a_history_is_given() -> None:
    result = midquarter()
    assert "p1-history" not in svgs(html.render([result], options(result)))
    document = html.render([result], options(result, HISTORY))
    root = svgs(document)["p1-history"]
    classes = {p.get("class") for p in root.iter(f"{SVG}path")}
    assert {"score", "progress-line"} <= classes
    assert "score 55" in texts(root) and "progress 30%" in texts(root)
    assert "<td>2027-01-25</td>" in document and "34,000 USD" in document
    md_text = markdown.render([result], options(result, HISTORY))
    assert "| 2027-01-25 | 48 | 15% | 6,000 USD |" in md_text


def test_a_history_alone_draws_without_check_ins() -> None:
    result = audit(EXAMPLES / "random-acts.yaml", Config(as_of=AS_OF))
    assert 'class="progress"' not in html.render([result], options(result))
    assert "p1-history" in svgs(html.render([result], options(result, HISTORY)))


def test_a_plan_that_tracks_nothing_gets_no_section() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        result = audit(path, Config(as_of=AS_OF))
        status = plan_status_of(result)
        if status is not None and status.tracked:
            continue
        assert 'class="progress"' not in html.render([result], options(result))
        assert "Progress on" not in markdown.render([result], options(result))


def test_markdown_tables_and_gantt() -> None:
    result = midquarter()
    document = markdown.render([result], options(result))
    assert "## Progress on 2027-02-15" in document
    assert "| qualified leads | `o-leads` " in document
    assert "| `t-content` Comparison guides | 9,000 USD | 9,500 USD | 106% | — | 500 USD |" in (
        document
    )
    (block,) = re.findall(r"```mermaid\n(gantt\n.*?)```", document, re.S)
    assert "    Comparison guides (done) :done, t3, 2027-01-10, 2027-02-10\n" in block
    assert "    As of 2027-02-15 :milestone, asof, 2027-02-15, 0d\n" in block
    assert "  section paid search\n" in block


HOSTILE = "x: y; #c %%{init: {}}%% `</svg><script>alert(1)</script>& title\n\u202e"


def hostile_plan() -> str:
    doc = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    doc["objectives"][0]["name"] = HOSTILE
    doc["objectives"][0]["kpis"][0]["metric"] = "leads " + HOSTILE
    for t in doc["tactics"]:
        t["name"] = HOSTILE
        t["channel"] = "section " + HOSTILE
    doc["tactics"][1]["name"] = "title " + HOSTILE
    return yaml.safe_dump(doc, allow_unicode=True)


def test_hostile_text_is_escaped_in_the_pictures() -> None:
    result = audit_text(hostile_plan(), "hostile.yaml", config=Config(as_of=AS_OF))
    document = html.render([result], options(result, HISTORY))
    pictures = svgs(document)  # each one parses as XML
    assert {"p1-krs", "p1-burn-up", "p1-timeline", "p1-history"} <= set(pictures)
    parsed = parse_html(document)
    assert {t for t, _ in parsed.tags} <= REPORT_TAGS
    assert "script" not in {t for t, _ in parsed.tags}
    assert "</svg><script>alert(1)</script>" in parsed.all_text
    assert "\u202e" not in document and "\\u202e" in document
    for root in pictures.values():
        for t in texts(root):
            assert "\n" not in t


def test_hostile_text_is_escaped_in_the_gantt() -> None:
    result = audit_text(hostile_plan(), "hostile.yaml", config=Config(as_of=AS_OF))
    status = plan_status_of(result)
    assert status is not None and result.plan is not None
    source = gantt(status, result.plan)
    lines = source.splitlines()
    assert lines[:6] == [
        "gantt",
        "  title Tactics by channel",
        "  dateFormat YYYY-MM-DD",
        "  axisFormat %Y-%m-%d",
        "  inclusiveEndDates",
        "  todayMarker off",
    ]
    for line in lines[6:]:
        stripped = line.strip()
        if stripped.startswith("section "):
            assert not re.search(r"[#:;%\n`]", stripped), line
            continue
        text, _, data = stripped.partition(" :")
        assert not re.search(r"[#:;%`]", text), line  # the task's text ends at none of them
        assert re.fullmatch(r"((done|active|milestone), )?(t\d+|asof), [\d-]+, [\w-]+", data), line
        assert not re.match(r"(title|section|click|gantt|\d)", text, re.I), line
    assert "“title " in source


@pytest.mark.parametrize(
    ("written", "shown_as"),
    [
        ("a: b", "a： b"),
        ("50% off", "“50％ off”"),
        ("click me", "“click me”"),
        ("Section A", "“Section A”"),
        ("", "“”"),
        ("x\ny", "x\\ny"),
    ],
)
def test_gantt_text(written: str, shown_as: str) -> None:
    assert gantt_text(written) == shown_as


def test_report_command_takes_as_of(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    proc = CliRunner().invoke(app, ["report", str(PLAN), "--as-of", "2027-02-15", "-o", str(out)])
    assert proc.exit_code == 1, proc.output  # the plan has errors (RA501)
    assert "## Progress on 2027-02-15" in out.read_text(encoding="utf-8")
    proc = CliRunner().invoke(app, ["report", str(PLAN), "--as-of", "15/02/2027"])
    assert proc.exit_code == 2


names = st.text(min_size=0, max_size=30)
days = st.dates(dt.date(2026, 10, 1), dt.date(2027, 6, 30))
amounts = st.floats(0, 1e9, allow_nan=False)


@st.composite
def tracked_plans(draw: st.DrawFn) -> str:
    kpis = []
    for _ in range(draw(st.integers(0, 3))):
        kpi: dict[str, object] = {"metric": draw(names) or "leads"}
        if draw(st.booleans()):
            kpi["target"] = draw(st.floats(-1e6, 1e6, allow_nan=False))
        if draw(st.booleans()):
            kpi["baseline"] = draw(st.floats(-1e6, 1e6, allow_nan=False))
        kpi["checkins"] = [
            {"date": draw(days), "value": draw(st.floats(-1e9, 1e9, allow_nan=False))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        kpi["confidential"] = draw(st.booleans())
        kpis.append(kpi)
    tactics = []
    for i in range(draw(st.integers(0, 4))):
        tactic: dict[str, object] = {"id": f"t{i}", "name": draw(names), "objectives": ["o"]}
        for key in ("start", "end", "as_of"):
            if draw(st.booleans()):
                tactic[key] = draw(days)
        if draw(st.booleans()):
            tactic["channel"] = draw(names)
        if draw(st.booleans()):
            tactic["budget"] = draw(amounts)
        if draw(st.booleans()):
            tactic["spent"] = draw(amounts)
        tactic["expenses"] = [
            {"date": draw(days), "amount": draw(amounts)} for _ in range(draw(st.integers(0, 2)))
        ]
        if draw(st.booleans()):
            tactic["phasing"] = {"2027-01": draw(amounts), "Q2 2027": draw(amounts)}
        tactics.append(tactic)
    doc = {
        "version": 2,
        "plan": {
            "name": draw(names) or "P",
            "period": {"start": "2027-01-01", "end": "2027-03-31"},
        },
        "goals": [{"id": "g"}],
        "objectives": [{"id": "o", "name": draw(names), "goals": ["g"], "kpis": kpis}],
        "tactics": tactics,
    }
    return yaml.safe_dump(doc, allow_unicode=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracked_plans(), days)
def test_any_status_renders_well_formed_xml(text: str, as_of: dt.date) -> None:
    result = audit_text(text, "p.yaml", config=Config(as_of=as_of))
    status = plan_status_of(result)
    if status is None:
        return
    assert bool(ps.section(status, result.plan, None, "p1")) == status.tracked
    section = ps.section(status, result.plan, HISTORY, "p1")
    for svg in re.findall(r"<svg .*?</svg>", section, re.S):
        root = ET.fromstring(svg)
        assert root.find(f"{SVG}title") is not None
        for element in root.iter():
            for name in ("x", "y", "width", "height"):
                value = element.get(name)
                if value is not None:
                    assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)
    assert section.startswith('<section class="progress"')


def test_spend_bars_show_overspend_and_the_phasing_to_date() -> None:
    result = midquarter()
    status = plan_status_of(result)
    assert status is not None
    root = svgs(html.render([result], options(result)))["p1-spend"]
    rows = {g.get("data-item"): g for g in root.iter(f"{SVG}g") if g.get("class") == "item-spend"}
    assert list(rows) == ["t-search", "t-webinar", "t-content", "t-podcast"]
    content = rows["t-content"]
    (over,) = [r for r in content.iter(f"{SVG}rect") if r.get("class") == "fill over"]
    scale = 9500.0  # the bar's length is the larger of budget and spent
    assert float(over.get("x", "")) == pytest.approx(ps.BAR_X + ps.BAR_W * 9000 / scale, abs=0.06)
    assert float(over.get("width", "")) == pytest.approx(ps.BAR_W * 500 / scale, abs=0.06)
    assert "over budget by 500 USD" in " ".join(texts(content))
    search = next(s for s in status.spend if s.item.id == "t-search")
    assert search.phased is not None
    (mark,) = [p for p in rows["t-search"].iter(f"{SVG}path") if p.get("class") == "expected"]
    x = ps.BAR_X + ps.BAR_W * search.phased / 24000
    assert mark.get("d", "").startswith(f"M{x:.1f} ")
    assert "15,500 USD of 24,000 USD (65%)" in " ".join(texts(rows["t-search"]))
    assert "nothing recorded of 12,000 USD" in " ".join(texts(rows["t-podcast"]))

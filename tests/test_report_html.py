"""The HTML report: content, self-containment, escaping, portfolio."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from ramaudit import __version__
from ramaudit.api import AuditResult, audit_text
from ramaudit.report import html
from ramaudit.report.diagram import MAX_NODES
from ramaudit.rules import lookup
from report_helpers import (
    EXAMPLE_COUNT,
    PINNED,
    REPORT_TAGS,
    all_examples,
    hostile,
    parse_html,
    random_acts,
)

SVG_NS = "{http://www.w3.org/2000/svg}"


def svgs(document: str) -> list[ET.Element]:
    """Every inline SVG, parsed as XML: an unescaped '<' or '&' from a plan would make
    this fail, and an unescaped '</svg>' would cut an element short."""
    return [ET.fromstring(m) for m in re.findall(r"<svg xmlns=.*?</svg>", document, re.S)]


@pytest.fixture(scope="module")
def ram_report() -> str:
    return html.render([random_acts()], PINNED)


def test_header_has_plan_owner_period_date_and_version(ram_report: str) -> None:
    doc = parse_html(ram_report)
    text = doc.all_text
    assert "Oatful Co. 2027 Buzz Plan" in text
    assert "Sam Ortega (Head of Brand)" in text
    assert "2027-01-01 to 2027-12-31" in text
    assert "audited 2027-01-15" in text
    assert f"ramaudit {__version__}" in text
    assert doc.tags[0][0] == "html"


def test_score_shows_four_bars_total_and_evidence(ram_report: str) -> None:
    result = random_acts()
    doc = parse_html(ram_report)
    bars = [a for t, a in doc.tags if t == "div" and a.get("class") == "bar"]
    assert len(bars) == 5  # four questions and the total
    assert f"{result.score.total}/100" in doc.all_text
    for q in result.score.questions:
        assert q.title in doc.all_text
        assert f"{q.score}/{q.max}" in doc.all_text
        for criterion in q.criteria:
            assert criterion.evidence in doc.all_text
    widths = re.findall(r'style="width:(\d+)%"', ram_report)
    assert widths[0] == str(result.score.total)  # the summary's bar comes first


def test_random_act_spend_headline_lists_the_tactics(ram_report: str) -> None:
    text = parse_html(ram_report).all_text
    assert "325,000 USD of 370,000 USD tactic budget (88%) funds 6 random acts" in text
    for tactic in (
        "t-highway-billboard",
        "t-tiktok-dance",
        "t-expo-booth",
        "t-influencer-seeding",
        "t-branded-merch",
        "t-sampling-tour",
    ):
        assert f"({tactic})" in text
    assert "Six-month billboard on the I-95 on-ramp" in text


def test_diagram_draws_every_item_and_highlights_problems(ram_report: str) -> None:
    result = random_acts()
    (svg,) = svgs(ram_report)
    nodes = {
        g.get("data-item"): g
        for g in svg.iter(f"{SVG_NS}g")
        if "node" in (g.get("class") or "").split()
    }
    items = {n for n, k in result.graph.graph.nodes(data="kind") if k != "segment"}
    assert items <= set(nodes)
    flags = {item: set((g.get("data-flags") or "").split()) for item, g in nodes.items()}
    for tactic in result.ram_spend.tactics:
        assert "random-act" in flags[tactic]
    assert "orphan-objective" in flags["o-social-buzz"]
    assert "idle-objective" in flags["o-repeat-rate"]
    assert "unsupported-goal" in flags["g-grocery-expansion"]
    assert flags["o-brand-awarness"] == {"missing"}  # the typo'd link target
    assert not flags["t-instagram-posts"]
    # edges: one path per link, the broken one dashed red
    paths = [p.get("class") for p in svg.iter(f"{SVG_NS}path")]
    assert sum("missing" in (c or "") for c in paths) == 1
    assert len(paths) >= 6
    # column titles and a legend explaining the highlights
    texts = [t.text for t in svg.iter(f"{SVG_NS}text")]
    assert {"Goals", "Objectives", "Tactics"} <= set(texts)
    legend = parse_html(ram_report).all_text
    for label in ("Random act", "Orphan objective", "Unsupported goal", "Idle objective"):
        assert label in legend


def test_nodes_do_not_overlap_and_stay_in_their_column(ram_report: str) -> None:
    (svg,) = svgs(ram_report)
    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    for g in svg.iter(f"{SVG_NS}g"):
        rect = g.find(f"{SVG_NS}rect")
        if rect is None or "node" not in (g.get("class") or ""):
            continue
        box = tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))
        boxes.setdefault(g.get("data-kind"), []).append(box)  # type: ignore[arg-type]
    goal_x = {b[0] for b in boxes["goal"]}
    tactic_x = {b[0] for b in boxes["tactic"]}
    assert max(goal_x) < min(b[0] for b in boxes["objective"]) < min(tactic_x)
    every = [b for bs in boxes.values() for b in bs]
    for i, a in enumerate(every):
        for b in every[i + 1 :]:
            overlap_x = a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
            overlap_y = a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
            assert not (overlap_x and overlap_y), (a, b)


def test_the_report_leads_with_an_executive_summary(ram_report: str) -> None:
    from ramaudit.score.fixes import fixes_of

    result = random_acts()
    summary = re.search(r'<section class="summary">(.*?)</section>', ram_report, re.S).group(1)
    # It comes before the four questions, the diagram and the findings.
    at = ram_report.index('<section class="summary">')
    for later in ("The four questions", "<h3>Traceability</h3>", "<h3>Findings"):
        assert at < ram_report.index(later)
    text = unescape(re.sub(r"<[^>]+>", "", summary))
    assert f"{result.score.total}/100" in text
    assert "325,000 USD of 370,000 USD tactic budget (88%) funds 6 random acts" in text
    fixes = fixes_of(result, 3)
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(items) == len(fixes) == 3
    for item, fix in zip(items, fixes, strict=True):
        shown_item = unescape(re.sub(r"<[^>]+>", "", item))
        assert shown_item.startswith(f"+{fix.points} points (to {fix.total}): ")
        assert fix.action in shown_item


def test_findings_are_grouped_by_severity_then_rule(ram_report: str) -> None:
    result = random_acts()
    rows = re.findall(r'<tr class="finding">(.*?)</tr>', ram_report, re.S)
    assert len(rows) == len(result.findings)
    groups = re.findall(r'<section class="sev-group (\w+)">(.*?)</section>', ram_report, re.S)
    assert [g for g, _ in groups] == ["error", "warning", "info"]
    seen = []
    for severity, body in groups:
        heads = re.findall(r'<h5 class="rule-head"><a href="#rule-(RA\d+)">', body)
        assert heads == sorted(heads) and len(set(heads)) == len(heads)
        counts = {f.code: 0 for f in result.findings if f.severity.value == severity}
        for f in result.findings:
            if f.severity.value == severity:
                counts[f.code] += 1
        assert heads == sorted(counts)
        for code, n in counts.items():
            word = "finding" if n == 1 else "findings"
            assert re.search(
                rf'#rule-{code}">{code}</a> [\w-]+ <span class="count">· {n} {word}', body
            )
        seen += heads
    # Each rule's how-to-fix is said once, under its heading, not on every row.
    fix = lookup("RA101").doc().sections["How to fix"]
    findings = ram_report[ram_report.index("<h3>Findings") : ram_report.index('id="rules"')]
    assert findings.count(html.prose(fix)) == 1
    text = parse_html(ram_report).all_text
    for f in result.findings:
        assert f.message in text
    assert "<code>objectives: &lt;id&gt;</code>" in ram_report


def test_findings_name_the_item_and_line_never_a_yaml_pointer(ram_report: str) -> None:
    result = random_acts()
    body = ram_report[ram_report.index("<h3>Findings") :]
    for f in result.findings:
        if "[" in f.pointer:  # tactics[3].kpis[0]: a place in the YAML
            assert html.esc(f.pointer) not in re.sub(r"<code>.*?</code>", "", body), f.pointer
    rows = re.findall(r'<tr class="finding">(.*?)</tr>', ram_report, re.S)
    billboard = [r for r in rows if "Six-month billboard on the I-95 on-ramp" in r]
    assert billboard and all('<td class="kind">tactic</td>' in r for r in billboard)
    lines = sorted(int(m) for r in rows for m in re.findall(r'class="num loc">(\d+)<', r))
    assert lines == sorted(f.line for f in result.findings)


def test_appendix_is_written_for_a_marketing_reader(ram_report: str) -> None:
    result = random_acts()
    fired = {f.code for f in result.findings}
    appendix = ram_report[ram_report.index('<section class="appendix"') :]
    assert set(re.findall(r'<div class="rule" id="rule-(RA\d+)">', appendix)) == fired
    assert set(re.findall(r'href="#rule-(RA\d+)"', ram_report)) == fired
    for q in result.score.questions:
        assert html.esc(q.title) in appendix
    assert "To act:" in appendix and "How serious a finding is" in appendix
    assert lookup("RA101").doc().sections["Why it matters"].split()[0] in appendix
    # How the checks work (options, what a rule matches) is for `ramaudit rule`, not here.
    assert "What it does" not in appendix


def test_cut_names_in_the_diagram_are_listed_in_full_for_print() -> None:
    long_name = (
        "A tactic whose name is far too long to fit in one box of the diagram, "
        "however the words are wrapped onto its two lines"
    )
    plan = (
        "plan: {name: Long}\ngoals: [{id: g1, name: Grow}]\n"
        "objectives: [{id: o1, name: Leads, goals: [g1]}]\n"
        f"tactics: [{{id: t1, name: '{long_name}', objectives: [o1]}}]\n"
    )
    document = html.render([audit_text(plan, "long.yaml")], PINNED)
    table = re.search(r'<table class="full-names print-only">(.*?)</table>', document, re.S)
    assert table and html.esc(long_name) in table.group(1)
    assert ".print-only{display:none}" in document
    assert re.search(r"@media print\{.*\.print-only\{display:block\}", document, re.S)


def test_report_is_self_contained(ram_report: str) -> None:
    doc = parse_html(ram_report)
    assert {t for t, _ in doc.tags} <= REPORT_TAGS
    assert "<script" not in ram_report.lower()
    for tag, attrs in doc.tags:
        assert "src" not in attrs, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert value.startswith("#"), value  # in-page links only
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg)", ram_report)
    csp = [a["content"] for t, a in doc.tags if t == "meta" and "http-equiv" in a]
    assert csp and "default-src 'none'" in csp[0] and "script-src 'none'" in csp[0]
    assert "@media print" in ram_report and "@page" in ram_report


def test_hostile_names_render_as_text() -> None:
    result = hostile()
    document = html.render([result], PINNED)
    doc = parse_html(document)
    # nothing from the plan became markup ...
    assert {t for t, _ in doc.tags} <= REPORT_TAGS
    assert "<script" not in document.lower()
    assert "<img" not in document.lower()
    assert "</svg>&" not in document and document.count("</svg>") == document.count("<svg")
    # ... every hostile string is there as text, in full
    text = doc.all_text
    assert result.plan.info.name in text
    assert "<img src=x onerror=\"document.title='pwned-owner'\">" in text
    assert "t-<script>alert(1)</script>" in text
    assert "</style><style>*{display:none}</style>" in text
    # ... attribute values carry the ids intact
    items = doc.attrs("g", "data-item")
    assert {
        "t-</svg>",
        "t-<script>alert(1)</script>",
        'o-"1"',
        "g-<i>1</i>",
        "o-<missing>",
        "o-orphan&amp;",
    } <= set(items)
    # ... and the SVG is well-formed, with the names inside <text> and <title>
    (svg,) = svgs(document)
    svg_text = "".join(svg.itertext())
    assert "<img src=x onerror=" in svg_text
    assert "Goal </svg><script>" in svg_text
    titles = [t.text or "" for t in svg.iter(f"{SVG_NS}title")]
    assert any(result.plan.info.name in t for t in titles)


def test_portfolio_is_sorted_worst_first_and_links_to_sections() -> None:
    results = all_examples()
    document = html.render(results, PINNED)
    table = document.split('<section class="portfolio"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr><td class="title"><a href="#(plan-\d+)">(.*?)</a>', table)
    assert len(rows) == len(results) == EXAMPLE_COUNT
    scores = [int(s) for s in re.findall(r'<td class="num">(\d+)/100</td>', table)]
    assert scores == sorted(scores)
    assert unescape(rows[0][1]) == "Oatful Co. 2027 Buzz Plan"  # the RAM-ridden one
    for anchor, _ in rows:
        assert f'<section class="plan" id="{anchor}">' in document
    # each row shows the four answers, errors, warnings and random-act spend
    assert table.count('class="yes-no') == 4 * len(results)
    assert "325,000 USD (88%)" in table
    # element ids stay unique with several diagrams on one page
    ids = re.findall(r' id="([^"]+)"', document)
    assert len(ids) == len(set(ids))
    # one diagram a plan (a plan that tracks its run also draws its progress)
    diagrams = [s for s in svgs(document) if s.get("id", "").endswith("-diagram")]
    assert len(diagrams) == EXAMPLE_COUNT


def test_unreadable_and_unparsable_plans_still_render() -> None:
    broken = audit_text("plan: [\n", "broken.yaml")
    missing = AuditResult("gone.yaml", error="gone.yaml: no such file or directory")
    document = html.render([broken, missing, random_acts()], PINNED)
    text = parse_html(document).all_text
    assert "gone.yaml: no such file or directory" in text
    assert "Not scored" in text
    assert "RA001" in text
    assert len(svgs(document)) == 1  # only the readable plan has a diagram


def test_spend_of_a_file_that_is_not_a_plan_is_not_shown_as_clean() -> None:
    # The green "clean" box means no random acts; a file that never parsed has no answer.
    document = html.render([audit_text("plan: [\n", "broken.yaml")], PINNED)
    assert '<div class="ram unknown">' in document
    assert "ram clean" not in document
    clean = [r for r in all_examples() if r.ram_spend is not None and not r.ram_spend.tactics]
    assert '<div class="ram clean">' in html.render(clean[:1], PINNED)


def test_large_plan_is_capped_with_a_note() -> None:
    objectives = "".join(f"  - {{id: o{i}, goals: g1}}\n" for i in range(40))
    tactics = "".join(f"  - {{id: t{i}, objectives: o{i % 40}, budget: 10}}\n" for i in range(400))
    orphans = "".join(f"  - {{id: x{i}, budget: 5}}\n" for i in range(5))
    text = (
        f"plan: {{name: Big}}\ngoals:\n  - id: g1\nobjectives:\n{objectives}tactics:\n"
        f"{tactics}{orphans}"
    )
    result = audit_text(text, "big.yaml")
    document = html.render([result], PINNED)
    (svg,) = svgs(document)
    drawn = [g.get("data-item") for g in svg.iter(f"{SVG_NS}g") if "node" in (g.get("class") or "")]
    assert len(drawn) == MAX_NODES
    assert {f"x{i}" for i in range(5)} <= set(drawn)  # problem items always stay in
    assert "The plan is large" in document
    assert float(svg.get("height")) < 200 * 40  # compact boxes: one line each


def test_cap_note_counts_the_problem_items_it_leaves_out() -> None:
    from ramaudit.report import markdown

    # More random acts than the diagram has room for: the note must not claim that only
    # items without problems were left out.
    orphans = "".join(f"  - {{id: x{i}, budget: 5}}\n" for i in range(MAX_NODES + 1234))
    text = f"plan: {{name: Big}}\ngoals:\n  - id: g1\ntactics:\n{orphans}"
    result = audit_text(text, "big.yaml")
    note = "The plan is large: 1,235 tactics, all with problems, are left out of the diagram"
    assert note in unescape(html.render([result], PINNED))
    assert "without problems" not in html.render([result], PINNED)
    assert note in markdown.render([result], PINNED).replace("\\", "")

    traced = "".join(f"  - {{id: y{i}, objectives: o1}}\n" for i in range(5))
    mixed = text.replace("tactics:", "objectives:\n  - {id: o1, goals: g1}\ntactics:") + traced
    document = unescape(html.render([audit_text(mixed, "b.yaml")], PINNED))
    assert "1,239 tactics (1,234 of them with problems) are left out" in document


def test_a_long_list_of_random_acts_is_cut_to_the_largest_budgets() -> None:
    from ramaudit.report import markdown
    from ramaudit.report.content import MAX_RAM_LISTED

    # Random acts with budgets 1..N: the list keeps the N largest, in plan order.
    n = MAX_RAM_LISTED + 70
    orphans = "".join(f"  - {{id: x{i}, budget: {i + 1}}}\n" for i in range(n))
    result = audit_text(f"plan: {{name: Many}}\ntactics:\n{orphans}", "many.yaml")
    document = html.render([result], PINNED)
    (ram,) = re.findall(r'<div class="ram">.*?</div>', document, re.S)
    listed = re.findall(r"\((x\d+)\)", ram)
    assert listed == [f"x{i}" for i in range(n - MAX_RAM_LISTED, n)]
    note = "The 50 with the largest budgets are listed; 70 more random acts of marketing"
    assert "funds 120 random acts" in document
    assert note in unescape(ram)
    text = markdown.render([result], PINNED)
    assert text.count("- x") == MAX_RAM_LISTED and note in text.replace("\\", "")


def test_random_act_headline_counts_with_thousands_separators() -> None:
    from ramaudit.report.ram import ram_sentence

    orphans = "".join(f"  - {{id: x{i}, budget: 1}}\n" for i in range(1001))
    result = audit_text(f"plan: {{name: Many}}\ntactics:\n{orphans}", "many.yaml")
    assert ram_sentence(result.ram_spend).endswith("funds 1,001 random acts of marketing.")


def test_a_huge_findings_table_is_cut_with_a_summary() -> None:
    from ramaudit.report import markdown
    from ramaudit.report.content import MAX_FINDINGS_SHOWN

    tactics = "".join(f"  - {{id: t{i}}}\n" for i in range(MAX_FINDINGS_SHOWN))
    result = audit_text(f"plan: {{name: Many}}\ntactics:\n{tactics}", "many.yaml")
    assert len(result.findings) > MAX_FINDINGS_SHOWN
    document = html.render([result], PINNED)
    assert document.count('<tr class="finding">') == MAX_FINDINGS_SHOWN
    assert f"Findings ({len(result.findings):,}, by severity and rule)" in document
    assert "The lists stop after the first 1,000 findings" in document
    assert re.search(r"RA\d+ × [\d,]+", document)
    text = markdown.render([result], PINNED)
    rows = [line for line in text.splitlines() if re.match(r"\| [a-z ]+ \| .+ \| \d+ \| ", line)]
    assert len(rows) == MAX_FINDINGS_SHOWN
    assert "The lists stop after the first 1,000 findings" in text

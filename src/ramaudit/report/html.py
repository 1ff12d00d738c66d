"""``ramaudit report``: one self-contained HTML file per run.

Inline CSS and inline SVG only: no script, no external fetch (a Content-Security-Policy
says so too), and print rules so that "print to PDF" gives a clean document. Every
string that comes from a plan goes through :func:`esc` (control and bidi characters
shown escaped by :func:`ramaudit.report.escape.shown`, then ``html.escape`` with
``quote=True``), in text, attributes and SVG alike; ids and anchors in the markup are
generated (``plan-1``, ``p1-n3``), never taken from the plan.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ramaudit.core.wording import money
from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report import content as c
from ramaudit.report.diagram import (
    FLAGS,
    MIDDLE,
    Diagram,
    DiagramNode,
    build_diagram,
    fit,
    layout,
    milestone_state,
)
from ramaudit.report.escape import shown
from ramaudit.report.progress_svg import progress_section
from ramaudit.report.ram import BUDGET_LINES, RAM_SPEND, lines_text, ram_sentence, ram_title

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.graph import TraceGraph


def esc(value: object) -> str:
    """Plan text (or any one-line text) for HTML text and attribute values."""
    return html.escape(shown(value), quote=True)


_CODE = re.compile(r"`([^`]+)`")


def prose(text: str) -> str:
    """Rule documentation (our own Markdown-ish text) as HTML paragraphs."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for p in paras:
        if p.lstrip().startswith("```"):
            body = re.sub(r"^```\w*\n?|```$", "", p.strip())
            out.append(f"<pre>{html.escape(body, quote=True)}</pre>")  # our own lines
        else:
            out.append("<p>" + _CODE.sub(r"<code>\1</code>", esc(" ".join(p.split()))) + "</p>")
    return "".join(out)


CSS = """
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9e2ec;--soft:#f5f7fa;--bad:#c62828;
--warn:#b7791f;--good:#2f855a;--info:#2b6cb0}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);margin:0 auto;max-width:1200px;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;
border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px;break-after:avoid}
a{color:var(--info)}code{font:.9em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
background:var(--soft);padding:1px 4px;border-radius:3px}
pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;background:var(--soft);padding:8px;
overflow-x:auto;white-space:pre-wrap}
.muted{color:var(--muted)}.tool{color:var(--muted);font-size:12px;margin:0 0 18px}
.facts{display:flex;flex-wrap:wrap;gap:4px 22px;margin:8px 0 0;padding:0}
.facts div{display:flex;gap:6px}.facts dt{color:var(--muted)}.facts dd{margin:0;font-weight:600}
section.plan{margin-top:36px;padding-top:8px;border-top:4px solid var(--ink)}
.score{display:grid;grid-template-columns:1fr 1fr;gap:12px 28px}
.question{break-inside:avoid}.q-head{display:flex;gap:10px;align-items:baseline}
.q-title{flex:1;font-weight:600}.q-score{font-variant-numeric:tabular-nums}
.answer{font-weight:700;font-size:12px;padding:1px 7px;border-radius:9px;color:#fff}
.answer.yes{background:var(--good)}.answer.no{background:var(--bad)}
.bar{height:12px;background:#e4e9f0;border-radius:6px;overflow:hidden;margin:4px 0}
.bar span{display:block;height:100%}.good{background:var(--good)}.fair{background:#d69e2e}
.poor{background:var(--bad)}
.evidence{margin:4px 0 0;padding-left:18px;font-size:12.5px}.evidence li{margin:1px 0}
.pts{color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap}
.total{display:flex;align-items:center;gap:16px;margin:14px 0 0}
.total .num{font-size:30px;font-weight:700;font-variant-numeric:tabular-nums}
.total .bar{flex:1;height:16px;border-radius:8px}
.ram{border-left:5px solid var(--bad);background:#fdf1f1;padding:10px 14px;margin:8px 0}
.ram.clean{border-color:var(--good);background:#eef8f1}
.ram.unknown{border-color:var(--muted);background:var(--soft)}
.ram p.note{font-size:12.5px;font-weight:400;margin:6px 0 0}
.ram p{margin:0 0 6px;font-size:16px;font-weight:600}.ram ul{margin:0;padding-left:18px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600}tr{break-inside:avoid}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sev{font-weight:700;text-transform:uppercase;font-size:11px}.sev.error{color:var(--bad)}
.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
td.loc{white-space:nowrap;font-variant-numeric:tabular-nums}
td.ans{white-space:nowrap}.yes-no{font-weight:700}
.yes-no.yes{color:var(--good)}.yes-no.no{color:var(--bad)}
figure.diagram{margin:8px 0;break-inside:avoid}
figure.diagram svg{max-width:100%;height:auto;display:block;border:1px solid var(--line);
border-radius:6px;background:#fff}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px;color:var(--muted);
margin-top:6px;padding:0;list-style:none}.legend li{display:flex;align-items:center;gap:5px}
.note{font-size:12.5px;color:var(--muted)}
.diagram text{font-size:12px;fill:var(--ink)}
.diagram text.meta{font-size:10.5px;fill:var(--muted)}
.diagram text.flag{font-size:10px;font-weight:700;fill:var(--bad);letter-spacing:.04em}
.diagram text.col{font-size:13px;font-weight:700;fill:var(--muted)}
.diagram .node rect{stroke-width:1.3}
.diagram .goal rect{fill:#e6f0fb;stroke:#4a7fc1}
.diagram .objective rect{fill:#eeedfb;stroke:#6e6ac9}
.diagram .tactic rect{fill:#eaf6ee;stroke:#4c9a63}
.diagram .unsupported-goal rect,.diagram .idle-objective rect{fill:#fff6e0;stroke:#b7791f;
stroke-width:2;stroke-dasharray:2 3}
.diagram .orphan-objective rect{fill:#ffeede;stroke:#dd6b20;stroke-width:2.2;
stroke-dasharray:7 3}
.diagram .random-act rect{fill:#fde4e4;stroke:#c62828;stroke-width:2.6;stroke-dasharray:none}
.diagram .missing rect{fill:#fafafa;stroke:#8a94a0;stroke-dasharray:4 3}
.diagram .missing text{font-style:italic;fill:var(--muted)}
.diagram path.edge{fill:none;stroke:#8fa3b5;stroke-width:1.5}
.diagram path.edge.untraced{stroke:#e0a060}
.diagram path.edge.missing,.diagram path.edge.wrong-kind{stroke:#c62828;stroke-dasharray:5 4}
.portfolio td.title a{font-weight:600}
.appendix .rule{break-inside:avoid;margin-bottom:14px}
.appendix h3 .muted{font-weight:400}
.error-box{border-left:5px solid var(--bad);background:#fdf1f1;padding:10px 14px}
.summary{border:1px solid var(--line);border-radius:8px;padding:4px 18px 12px;margin:14px 0;
break-inside:avoid}.summary h2{border:none;margin-top:10px}
.summary .yes-count{color:var(--muted)}
ol.fixes{margin:4px 0 4px;padding-left:22px}ol.fixes li{margin:3px 0}
.gain{font-weight:700;color:var(--good);font-variant-numeric:tabular-nums}
.sev-group{margin-top:10px}.rule-group{margin:8px 0 14px;break-inside:avoid-page}
h5.rule-head{font-size:13.5px;margin:10px 0 2px}h5.rule-head .count{color:var(--muted);
font-weight:400}.rule-summary{margin:0 0 4px}.rule-fix{font-size:12.5px;color:#3e4c59}
.rule-fix p{margin:0 0 4px}
table.findings{table-layout:fixed}table.findings th:nth-child(1){width:10%}
table.findings th:nth-child(2){width:28%}table.findings th:nth-child(3){width:7%}
table.findings td.kind{color:var(--muted)}
.print-only{display:none}
.guide dt{font-weight:600;margin-top:8px}.guide dd{margin:2px 0 0 0}
@page{size:A4;margin:14mm}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{max-width:none;padding:0;font-size:10.5px}
section.plan{break-before:page;border-top:none}
h1{font-size:20px}h2{font-size:15px}h3{font-size:12.5px}
h2,h3,h4{break-after:avoid}a{color:inherit;text-decoration:none}
.q-title{font-size:10.5px}.evidence{font-size:9.5px}.ram p{font-size:12.5px}
table{font-size:9.5px}th,td{padding:3px 5px}.rule-fix,.rule-fix p{font-size:9px}
.print-only{display:block}table.print-only{display:table}
}
"""

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "script-src 'none'; base-uri 'none'; form-action 'none'"
)


def render(results: Sequence[AuditResult], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The whole report for ``results``: a portfolio table first when there are several."""
    options = options or RenderOptions()
    results = list(results)
    rows = c.portfolio(results)
    many = len(rows) != 1
    if many:
        head = "ramaudit portfolio report"
    else:
        head = f"ramaudit report: {c.title(rows[0].result)}" if rows else "ramaudit report"
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="ramaudit {esc(c.version())}">',
        f"<title>{esc(head)}</title><style>{CSS}</style></head><body>",
    ]
    tool = f"ramaudit {esc(c.version())} · audited {esc(c.audited_on(options))}"
    if many:
        parts.append(
            f'<header><h1>Marketing plan portfolio</h1><p class="tool">{tool} · '
            f"{len(rows)} plan{'s' * (len(rows) != 1)}</p></header>"
        )
        parts.append(_portfolio(rows))
        parts.append(_cascade(results, rows))
    for row in rows:
        parts.append(_plan_section(row, tool, standalone=not many, options=options))
    entries = c.fired_rules(results)
    if entries:
        parts.append(_appendix(entries))
    parts.append("</body></html>\n")
    return "".join(parts)


def _portfolio(rows: list[c.PortfolioRow]) -> str:
    head = "".join(f"<th>{esc(c.QUESTION_SHORT[k])}</th>" for k in c.QUESTION_SHORT)
    out = [
        '<section class="portfolio" id="portfolio"><h2>Portfolio, worst first</h2>',
        '<table><thead><tr><th>Plan</th><th class="num">Score</th>',
        head,
        '<th class="num">Errors</th><th class="num">Warnings</th>'
        f'<th class="num">{RAM_SPEND}</th></tr></thead><tbody>',
    ]
    for row in rows:
        link = (
            f'<a href="#{row.anchor}">{esc(row.title)}</a>'
            f'<div class="muted">{esc(row.result.path)}</div>'
        )
        if row.result.error:
            out.append(
                f'<tr><td class="title">{link}</td><td colspan="8" class="sev error">'
                f"could not be read</td></tr>"
            )
            continue
        score = f"{row.total}/100" if row.total is not None else "not scored"
        answers = (
            "".join(
                f'<td class="ans"><span class="yes-no {esc(a)}">{esc(a)}</span> '
                f'<span class="muted">{s}/25</span></td>'
                for _, s, a in row.answers
            )
            or '<td colspan="4" class="muted">not scored</td>'
        )
        if row.ram_amount is None:
            ram = "—"
        elif row.ram_amount or (row.ram_share or 0):
            ram = f"{esc(money(row.ram_amount, row.currency))} ({row.ram_share or 0:.0%})"
        else:
            ram = f"{row.ram_acts} unbudgeted" if row.ram_acts else "none"
        out.append(
            f'<tr><td class="title">{link}</td><td class="num">{score}</td>{answers}'
            f'<td class="num">{row.errors}</td><td class="num">{row.warnings}</td>'
            f'<td class="num">{ram}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return "".join(out)


def _cascade(results: list[AuditResult], rows: list[c.PortfolioRow]) -> str:
    """The cascade of a plan repository, when some plan names the plans it serves
    ("" otherwise, so that a portfolio of plans without parents reads as before)."""
    from ramaudit.rollup import cascade, declares_parents

    if not declares_parents(results):
        return ""
    from ramaudit.report.cascade_html import cascade_section

    return cascade_section(cascade(results), {row.result.path: row.anchor for row in rows})


def _plan_section(
    row: c.PortfolioRow, tool: str, *, standalone: bool, options: RenderOptions | None = None
) -> str:
    r = row.result
    index = row.anchor.removeprefix("plan-")
    heading = "h1" if standalone else "h2"
    facts = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in c.plan_facts(r))
    out = [
        f'<section class="plan" id="{row.anchor}"><header><{heading}>{esc(c.title(r))}</{heading}>'
    ]
    if standalone:
        out.append(f'<p class="tool">{tool}</p>')
    out.append(f'<dl class="facts">{facts}</dl></header>')
    if r.error:
        out.append(
            f'<div class="error-box"><strong>Could not be read:</strong> '
            f"{esc(r.error)}</div></section>"
        )
        return "".join(out)
    out.append(_summary(r))
    out.extend(section(r) for section in AFTER_SUMMARY)
    out.append(_score(r))
    out.append(_ram(r, first=standalone))  # a portfolio's table named it first
    if r.score is not None and r.graph is not None:
        out.append(_diagram(r.graph, f"p{index}", c.title(r)))
    out.append(_key_results(r))
    out.append(progress_section(r, f"p{index}", options))
    out.append(_findings(r))
    out.append("</section>")
    return "".join(out)


# Sections of a plan's report that come right after its executive summary, each
# ``section(result) -> html`` ("" when it has nothing to show): the place for what a
# client should see next, such as progress through the quarter.
AFTER_SUMMARY: list[Callable[[AuditResult], str]] = []


def _summary(r: AuditResult) -> str:
    """What a client reads first: the total, the random-act spend and the fixes that
    would raise the total most, each with its points."""
    summary = c.summary(r)
    if summary is None:
        return ""
    total = summary.total
    out = [
        '<section class="summary"><h3>Executive summary</h3>'
        f'<div class="total"><span class="num">{total}/100</span>'
        f'<div class="bar" role="img" aria-label="{total} of 100">'
        f'<span class="{c.level(total, 100)}" style="width:{total}%"></span></div>'
        f'<span class="yes-count">{summary.yes} of 4 questions answered yes</span></div>'
        f'<p class="ram-line"><strong>{esc(RAM_SPEND)}:</strong> {esc(summary.ram)}</p>'
    ]
    if summary.fixes:
        out.append("<p><strong>The fixes that would raise the score most</strong></p>")
        out.append('<ol class="fixes">')
        for fix in summary.fixes:
            out.append(
                f'<li><span class="gain">{c.points_words(fix.points)}</span> '
                f'<span class="muted">(to {fix.total})</span>: {esc(fix.action)}</li>'
            )
        out.append(f'</ol><p class="note">{esc(c.FIXES_NOTE)}</p>')
    else:
        out.append(f'<p class="note">{esc(c.NO_FIX_NOTE)}</p>')
    out.append("</section>")
    return "".join(out)


def _key_results(r: AuditResult) -> str:
    """Format 2: each objective's KPIs with their targets as written, and its
    milestones done or not; nothing for a version 1 plan."""
    rows = c.key_results(r)
    if not rows:
        return ""
    out = [
        '<h3>Key results</h3><table class="key-results"><thead><tr><th>Objective</th>'
        "<th>Key result</th><th>Baseline</th><th>Target</th><th>Deadline</th></tr>"
        "</thead><tbody>"
    ]
    for row in rows:
        cells = (row.objective, row.what, row.baseline, row.target, row.deadline)
        out.append("<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _score(r: AuditResult) -> str:
    if r.score is None:
        return (
            '<h3>Fitness score</h3><p class="note">Not scored: the file is not valid YAML '
            "or not a plan (a mapping with a <code>plan:</code> block). Fix the findings "
            "below first.</p>"
        )
    out = ['<h3>The four questions</h3><div class="score">']
    for q in r.score.questions:
        pct = round(100 * q.score / q.max) if q.max else 0
        ev = "".join(
            f'<li>{esc(cr.title)}: <span class="muted">{esc(cr.evidence)}</span> '
            f'<span class="pts">· {cr.points:.1f} of {cr.weight:g} pts</span></li>'
            for cr in q.criteria
        )
        out.append(
            f'<div class="question"><div class="q-head"><span class="q-title">'
            f'{esc(q.title)}</span><span class="q-score">{q.score}/{q.max}</span>'
            f'<span class="answer {esc(q.answer)}">{esc(q.answer.upper())}</span></div>'
            f'<div class="bar" role="img" aria-label="{q.score} of {q.max}">'
            f'<span class="{c.level(q.score, q.max)}" style="width:{pct}%"></span></div>'
            f'<ul class="evidence">{ev}</ul></div>'
        )
    out.append("</div>")
    return "".join(out)


def _ram(r: AuditResult, *, first: bool = True) -> str:
    tactics, cut = c.ram_tactics_shown(r)
    # Green says "no random acts"; a file that is not a plan has no answer, so grey.
    cls = "ram unknown" if r.ram_spend is None else "ram" if tactics else "ram clean"
    out = [f'<h3>{ram_title(first)}</h3><div class="{cls}"><p>{esc(ram_sentence(r.ram_spend))}</p>']
    lines = lines_text(r.ram_spend)
    if lines:
        out.append(f'<p class="note budget-lines">{esc(BUDGET_LINES)}: {esc(lines)}</p>')
    if tactics:
        currency = r.ram_spend.currency if r.ram_spend is not None else ""
        out.append("<ul>")
        for t in tactics:
            budget = (
                f" — {esc(money(t.budget, currency))}" if t.budget is not None else " — no budget"
            )
            out.append(f'<li>{esc(t.name)} <span class="muted">({esc(t.id)})</span>{budget}</li>')
        out.append("</ul>")
    if cut:
        out.append(f'<p class="note">{esc(cut)}</p>')
    out.append("</div>")
    return "".join(out)


def _diagram(graph: TraceGraph, prefix: str, plan_title: str) -> str:
    diagram = layout(build_diagram(graph))
    out = ["<h3>Traceability</h3>"]
    if not diagram.nodes:
        out.append('<p class="note">The plan has no goals, objectives or tactics to draw.</p>')
        return "".join(out)
    out.append(f'<figure class="diagram">{svg(diagram, prefix, plan_title)}')
    out.append(_legend(diagram))
    if diagram.omitted:
        out.append(f'<p class="note">{esc(c.omitted_note(diagram))}</p>')
    out.append(_budget_lines(diagram))
    out.append(_full_names(diagram))
    out.append("</figure>")
    return "".join(out)


def _full_names(diagram: Diagram) -> str:
    """The boxes whose names the diagram cuts, with their full names, for print only:
    on screen a box's tooltip holds its full name, but paper has no tooltips. A table
    rather than names wrapped onto more lines keeps every box the same height, so the
    layout (and the screen) stays as it is however long a name."""
    cut = [n for n in diagram.nodes if not n.missing and any("…" in line for line in n.lines)]
    if not cut:
        return ""
    rows = "".join(
        f"<tr><td>{esc(n.kind)}</td><td>{esc(n.item_id)}</td><td>{esc(n.label)}</td></tr>"
        for n in cut
    )
    return (
        '<table class="full-names print-only"><thead><tr><th>Box</th><th>Id</th>'
        f"<th>Full name (cut short in the diagram)</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _budget_lines(diagram: Diagram) -> str:
    """Format 2's budget lines, listed beside the diagram: money that is no tactic."""
    if not diagram.budget_lines:
        return ""
    out = [
        f'<div class="budget-lines"><p class="note">{esc(BUDGET_LINES)}, planned spend '
        "that is no tactic and never a random act:</p><ul>"
    ]
    for b in diagram.budget_lines:
        kind = f"{esc(b.kind)}, " if b.kind else ""
        amount = esc(money(b.amount, diagram.currency)) if b.amount is not None else "no amount"
        out.append(
            f'<li>{esc(b.name)} <span class="muted">({esc(b.item_id)})</span> — {kind}{amount}</li>'
        )
    out.append("</ul></div>")
    return "".join(out)


_SWATCHES = (
    ("goal", "Goal"),
    ("objective", "Objective"),
    ("tactic", "Tactic"),
    ("tactic random-act", "Random act: tactic that traces to no goal"),
    ("objective orphan-objective", "Orphan objective: serves no goal"),
    ("goal unsupported-goal", "Unsupported goal: no objective"),
    ("objective idle-objective", "Idle objective: no tactic"),
    ("objective missing", "Missing: a link names an id that does not exist"),
)
# Format 2's kinds and flags: listed only in a diagram that has them.
_SWATCHES_V2 = (
    ("campaign", "Campaign"),
    ("milestone", "Milestone"),
    ("milestone done", "Milestone done"),
    ("campaign orphan-campaign", "Orphan campaign: serves no goal"),
    ("campaign idle-campaign", "Idle campaign: no tactic"),
    ("milestone orphan-milestone", "Orphan milestone: serves no goal"),
)
# The styles of format 2's kinds, flags and dependency edges, written into the SVG of a
# diagram that has any (so a version 1 report is the same document as ever).
_V2_STYLE = (
    ".campaign rect{fill:#e8f4f8;stroke:#2b7a99}"
    ".milestone polygon{fill:#f6f0e6;stroke:#9c6b30;stroke-width:1.3}"
    ".milestone.done polygon{fill:#e3f3e6;stroke:#2f855a;stroke-width:2}"
    ".orphan-campaign rect,.orphan-milestone polygon{fill:#ffeede;stroke:#dd6b20;"
    "stroke-width:2.2;stroke-dasharray:7 3}"
    ".idle-campaign rect{fill:#fff6e0;stroke:#b7791f;stroke-width:2;stroke-dasharray:2 3}"
    "path.edge.depends{stroke:#5f6b7a;stroke-dasharray:6 4}"
)


def _has_v2(diagram: Diagram) -> bool:
    return any(n.kind in MIDDLE for n in diagram.nodes) or any(e.dependency for e in diagram.edges)


def _swatch(classes: str, label: str) -> str:
    kind = classes.partition(" ")[0]
    shape = (
        '<polygon points="5,1.5 21,1.5 24.5,7 21,12.5 5,12.5 1.5,7"/>'
        if kind == "milestone"
        else '<rect x="1.5" y="1.5" width="23" height="11" rx="3"/>'
    )
    return (
        f'<li><svg width="26" height="14" aria-hidden="true"><g class="node '
        f'{classes}">{shape}</g></svg>{esc(label)}</li>'
    )


def _legend(diagram: Diagram) -> str:
    present = {f for n in diagram.nodes for f in n.flags}
    items = []
    for classes, label in _SWATCHES:
        flag = classes.partition(" ")[2]
        if flag and flag not in present:
            continue
        items.append(_swatch(classes, label))
    kinds = {n.kind for n in diagram.nodes} | {"done" for n in diagram.nodes if n.done}
    for classes, label in _SWATCHES_V2:
        kind, _, flag = classes.partition(" ")
        if kind in kinds and (not flag or flag in present or flag in kinds):
            items.append(_swatch(classes, label))
    edge_kinds = [("edge", "Link")]
    if any(not e.traced and not e.problem for e in diagram.edges):
        edge_kinds.append(("edge untraced", "Link outside any path to a goal"))
    if any(e.problem for e in diagram.edges):
        edge_kinds.append(("edge missing", "Broken link: missing item or wrong level"))
    if any(e.dependency and not e.problem for e in diagram.edges):
        edge_kinds.append(("edge depends", "Dependency: the work it starts at comes first"))
    for classes, label in edge_kinds:
        items.append(
            f'<li><svg width="26" height="14" aria-hidden="true"><path class="'
            f'{classes}" d="M1 7H25"/></svg>{esc(label)}</li>'
        )
    return f'<ul class="legend diagram">{"".join(items)}</ul>'


def _path(points: list[tuple[float, float]], same_column: bool) -> str:
    (x0, y0), rest = points[0], points[1:]
    d = [f"M{x0:.1f} {y0:.1f}"]
    if same_column:  # a loop back into the same column: bulge out to the left
        (x1, y1) = rest[0]
        bend = 36.0
        d.append(f"C{x0 - bend:.1f} {y0:.1f} {x1 - bend:.1f} {y1:.1f} {x1:.1f} {y1:.1f}")
        return " ".join(d)
    px, py = x0, y0
    for i, (x, y) in enumerate(rest):
        if i % 2 == 1:  # across a column, through a dummy node: straight
            d.append(f"L{x:.1f} {y:.1f}")
        else:  # across a gap between columns: an S-curve
            mid = (px + x) / 2
            d.append(f"C{mid:.1f} {py:.1f} {mid:.1f} {y:.1f} {x:.1f} {y:.1f}")
        px, py = x, y
    return " ".join(d)


def svg(diagram: Diagram, prefix: str, plan_title: str) -> str:
    """The laid-out ``diagram`` as an inline SVG element; ``prefix`` keeps element ids
    unique when several plans share one page."""
    w, h = diagram.width, diagram.height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" '
        f'width="{w:.0f}" height="{h:.0f}" role="img" '
        f'aria-labelledby="{prefix}-title" id="{prefix}-diagram">'
        f'<title id="{prefix}-title">Traceability of {esc(plan_title)}: goals, '
        f"{_drawn_kinds(diagram)}</title>"
    ]
    if _has_v2(diagram):
        out.append(f"<style>{_V2_STYLE}</style>")
    for name, x, width in diagram.columns:
        out.append(
            f'<text class="col" x="{x + width / 2:.1f}" y="20" '
            f'text-anchor="middle">{esc(name)}</text>'
        )
    by_key = diagram.by_key
    for e in diagram.edges:
        if not e.points:
            continue
        if e.dependency and not e.problem:
            cls = "edge depends"
        else:
            cls = (
                "edge" + ("" if e.traced else " untraced") + (f" {e.problem}" if e.problem else "")
            )
        same = by_key[e.source].layer == by_key[e.target].layer
        out.append(f'<path class="{cls}" d="{_path(e.points, same)}"/>')
    for n in diagram.nodes:
        out.append(_node(n, diagram, prefix))
    out.append("</svg>")
    return "".join(out)


def _drawn_kinds(diagram: Diagram) -> str:
    """What the diagram draws after goals, for its title: ``objectives and tactics``,
    with campaigns and milestones named in a plan that has them."""
    kinds = {n.kind for n in diagram.nodes}
    rest = ["objectives", *(f"{k}s" for k in MIDDLE if k in kinds), "tactics"]
    return ", ".join(rest[:-1]) + " and " + rest[-1]


def _shape(n: DiagramNode) -> str:
    """A box, or for a milestone a hexagon of the same size."""
    if n.kind != "milestone":
        return (
            f'<rect x="{n.x:.1f}" y="{n.y:.1f}" width="{n.width:.0f}" '
            f'height="{n.height:.0f}" rx="{14 if n.kind == "campaign" else 6}"/>'
        )
    x0, y0, x1, y1, mid, cut = n.x, n.y, n.x + n.width, n.y + n.height, n.y + n.height / 2, 10
    points = (
        f"{x0 + cut:.1f},{y0:.1f} {x1 - cut:.1f},{y0:.1f} {x1:.1f},{mid:.1f} "
        f"{x1 - cut:.1f},{y1:.1f} {x0 + cut:.1f},{y1:.1f} {x0:.1f},{mid:.1f}"
    )
    return f'<polygon points="{points}"/>'


def _node(n: DiagramNode, diagram: Diagram, prefix: str) -> str:
    out: list[str] = []
    flags = " ".join(n.flags)
    state = milestone_state(n)
    tip = n.label if n.label == n.item_id else f"{n.label} ({n.item_id})"
    if state is not None:
        tip += f" — {state}"
    if n.flags:
        tip += " — " + ", ".join(FLAGS[f] for f in n.flags)
    classes = n.kind + (" done" if n.done else "") + (" " + flags if flags else "")
    out.append(
        f'<g class="node {classes}" '
        f'id="{prefix}-{n.key}" data-item="{esc(n.item_id)}" '
        f'data-kind="{n.kind}" data-flags="{flags}">'
        f"<title>{esc(tip)}</title>{_shape(n)}"
    )
    pad = 8 + (6 if n.kind == "milestone" else 0)  # clear of the hexagon's points
    ty = n.y + 18
    for line in n.lines:
        out.append(f'<text x="{n.x + pad:.1f}" y="{ty:.1f}">{esc(line)}</text>')
        ty += 15
    if not diagram.compact:
        meta = n.item_id if not n.missing else "no such item in the plan"
        if n.budget is not None:
            meta = f"{meta} · {money(n.budget, diagram.currency)}"
        if state is not None:
            meta = f"{meta} · {state}"
        if n.due is not None:
            meta = f"{meta} · due {n.due}"
        out.append(
            f'<text class="meta" x="{n.x + pad:.1f}" y="{ty:.1f}">'
            f"{esc(fit(meta, n.width - 2 * pad, 5.7))}</text>"
        )
        ty += 15
        marks = [FLAGS[f].upper() for f in n.flags if f != "missing"]
        if marks:
            out.append(
                f'<text class="flag" x="{n.x + pad:.1f}" y="{ty:.1f}">'
                f"{esc(' · '.join(marks))}</text>"
            )
    out.append("</g>")
    return "".join(out)


def _findings(r: AuditResult) -> str:
    """Findings by severity (errors first), then a heading per rule with its count, its
    summary and how to fix it once, then one row per finding: what it is about (kind
    and name), the line, the message."""
    findings, left_out = c.grouped_shown(r)
    if not findings:
        return '<h3>Findings</h3><p class="note">No findings.</p>'
    out = [f"<h3>Findings ({len(r.findings):,}, by severity and rule)</h3>"]
    for severity, groups in c.finding_groups(findings):
        n = sum(len(g.findings) for g in groups)
        sev = esc(severity.value)
        out.append(
            f'<section class="sev-group {sev}"><h4><span class="sev {sev}">{sev}</span> '
            f"{esc(c.SEVERITY_WORDS[severity])} ({n:,})</h4>"
        )
        out.extend(_rule_group(r, g) for g in groups)
        out.append("</section>")
    if left_out:
        out.append(f'<p class="note">{esc(left_out)}</p>')
    return "".join(out)


def _rule_group(r: AuditResult, group: c.RuleGroup) -> str:
    n = len(group.findings)
    out = [
        f'<div class="rule-group"><h5 class="rule-head"><a href="#rule-{esc(group.code)}">'
        f"{esc(group.code)}</a> {esc(group.name)} "
        f'<span class="count">· {n:,} finding{"s" * (n != 1)}</span></h5>'
    ]
    if group.summary:
        out.append(f'<p class="rule-summary">{esc(group.summary)}</p>')
    fix = c.how_to_fix(group.code)
    if fix:
        out.append(f'<div class="rule-fix"><strong>How to fix:</strong> {prose(fix)}</div>')
    out.append(
        '<table class="findings"><thead><tr><th>Kind</th><th>Item</th>'
        '<th class="num">Line</th><th>Message</th></tr></thead><tbody>'
    )
    for f in group.findings:
        kind, name = c.item_words(r, f)
        out.append(
            f'<tr class="finding"><td class="kind">{esc(kind)}</td><td class="item">'
            f'{esc(name)}</td><td class="num loc">{f.line}</td><td>{esc(f.message)}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def _appendix(entries: list[c.RuleEntry]) -> str:
    """What the report checks, for a marketing reader: what each question asks and
    how to act on it, what the severities mean, and for each problem found why it
    matters and how to fix it."""
    out = [
        '<section class="appendix" id="rules"><h2>Appendix: reading this report</h2>'
        '<h3>The four questions</h3><dl class="guide">'
    ]
    for question, meaning, act in c.QUESTION_GUIDE:
        out.append(
            f"<dt>{esc(question)}</dt><dd>{esc(meaning)} <strong>To act:</strong> {esc(act)}</dd>"
        )
    out.append("</dl><h3>How serious a finding is</h3><ul>")
    for severity, meaning in c.SEVERITY_GUIDE:
        out.append(
            f'<li><span class="sev {esc(severity)}">{esc(severity)}</span>: {esc(meaning)}</li>'
        )
    out.append("</ul><h3>The problems found in this report</h3>")
    for e in entries:
        head = esc(e.summary.rstrip(".")) if e.summary else esc(e.name)
        out.append(
            f'<div class="rule" id="rule-{esc(e.code)}"><h4>{head} '
            f'<span class="muted">({esc(e.code)} {esc(e.name)})</span></h4>'
        )
        for heading, text in e.sections:
            out.append(f"<p><strong>{esc(heading)}</strong></p>{prose(text)}")
        out.append("</div>")
    out.append("</section>")
    return "".join(out)

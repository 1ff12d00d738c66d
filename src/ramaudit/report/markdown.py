"""``ramaudit report --format markdown``: the HTML report's content as GitHub-flavoured
Markdown, with the traceability diagram as a Mermaid ``flowchart`` (GitHub and GitLab
draw it inline).

Plan text is escaped for Markdown by :func:`ramaudit.report.mdtext.md` (backslash
before every character that could start markup, ``|`` included so that tables hold,
line breaks folded; the diff report uses the same helper) and for
Mermaid labels by :func:`mermaid_text` (entity codes such as ``#quot;``, and ``#37;``
for ``%`` so that no ``%%{init: …}%%`` directive or ``%%`` comment can form). Both show
line breaks and control characters escaped first (:mod:`ramaudit.report.escape`).
Mermaid node ids are generated (``n1``, ``n2``), never plan ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ramaudit.core.wording import money
from ramaudit.report import DEFAULT_OPTIONS, RenderOptions
from ramaudit.report import content as c
from ramaudit.report.diagram import (
    FLAGS,
    KINDS,
    Diagram,
    DiagramNode,
    build_diagram,
    milestone_state,
)
from ramaudit.report.escape import shown
from ramaudit.report.mdtext import SEVERITY_MARK, code, md  # shared with the diff report
from ramaudit.report.progress_md import progress_lines
from ramaudit.report.ram import BUDGET_LINES, RAM_SPEND, lines_text, ram_sentence, ram_title

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.graph import TraceGraph


def cell(text: str) -> str:
    """Our own Markdown (rule docs) inside a table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


_MERMAID_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    # Mermaid reads "%%{...}%%" anywhere in the source as a directive (an unclosed
    # "%%{" breaks the whole diagram) and "%%" as a comment.
    "%": "#37;",
}
_MERMAID_TABLE = str.maketrans(_MERMAID_ENTITIES)


def mermaid_text(value: object, limit: int = 80) -> str:
    """Text for inside a double-quoted Mermaid label."""
    text = str(value)
    if text.isascii() and text.isprintable():
        # shown() leaves it as it is, and its only blank is the space: folded only
        # when it has two in a row or one at an end
        folded = "  " in text or text[:1] == " " or text[-1:] == " "
        flat = " ".join(text.split()) if folded else text
    else:
        flat = " ".join(shown(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    # One translate, not a join over the characters: a label is built for every node
    # (10,000 tactics spent 0.5 s in the character loop); and none for the text that
    # holds no character to replace (nearly all), which a few scans tell at less cost.
    if (
        '"' in flat
        or "#" in flat
        or "<" in flat
        or ">" in flat
        or "&" in flat
        or "`" in flat
        or "%" in flat
    ):
        return flat.translate(_MERMAID_TABLE)
    return flat


CLASS_NAMES = {
    "goal": "goal",
    "objective": "objective",
    "tactic": "tactic",
    "unsupported-goal": "unsupportedGoal",
    "idle-objective": "idleObjective",
    "orphan-objective": "orphanObjective",
    "random-act": "randomAct",
    "missing": "missing",
    "campaign": "campaign",
    "milestone": "milestone",
    "done": "milestoneDone",
    "orphan-campaign": "orphanCampaign",
    "idle-campaign": "idleCampaign",
    "orphan-milestone": "orphanMilestone",
}
CLASS_STYLES = {
    "goal": "fill:#e6f0fb,stroke:#4a7fc1,color:#1f2933",
    "objective": "fill:#eeedfb,stroke:#6e6ac9,color:#1f2933",
    "tactic": "fill:#eaf6ee,stroke:#4c9a63,color:#1f2933",
    "unsupportedGoal": "fill:#fff6e0,stroke:#b7791f,stroke-width:2px,stroke-dasharray:3 3",
    "idleObjective": "fill:#fff6e0,stroke:#b7791f,stroke-width:2px,stroke-dasharray:3 3",
    "orphanObjective": "fill:#ffeede,stroke:#dd6b20,stroke-width:2px,stroke-dasharray:6 3",
    "randomAct": "fill:#fde4e4,stroke:#c62828,stroke-width:3px",
    "missing": "fill:#fafafa,stroke:#8a94a0,stroke-dasharray:4 3,color:#5f6b7a",
    # Format 2 (only in plans that have campaigns or milestones).
    "campaign": "fill:#e8f4f8,stroke:#2b7a99,color:#1f2933",
    "milestone": "fill:#f6f0e6,stroke:#9c6b30,color:#1f2933",
    "milestoneDone": "fill:#e3f3e6,stroke:#2f855a,stroke-width:2px",
    "orphanCampaign": "fill:#ffeede,stroke:#dd6b20,stroke-width:2px,stroke-dasharray:6 3",
    "idleCampaign": "fill:#fff6e0,stroke:#b7791f,stroke-width:2px,stroke-dasharray:3 3",
    "orphanMilestone": "fill:#ffeede,stroke:#dd6b20,stroke-width:2px,stroke-dasharray:6 3",
}
COLUMN_TITLES = {
    "goal": "Goals",
    "objective": "Objectives",
    "campaign": "Campaigns",
    "milestone": "Milestones",
    "tactic": "Tactics",
}
# Mermaid node shapes: a box, a campaign as a subroutine box, a milestone as a hexagon.
SHAPES = {"campaign": ("[[", "]]"), "milestone": ("{{", "}}")}
# Where a dependency edge sits among the edges: a dashed grey arrow labelled "before".
DEPENDENCY_STYLE = "stroke:#5f6b7a,stroke-width:1.5px,stroke-dasharray:5 4"


def mermaid(diagram: Diagram, *, budget_lines: bool = False) -> str:
    """The diagram as Mermaid ``flowchart LR`` source (without the code fence). With
    ``budget_lines`` (the graph export), format 2's budget lines are a column of their
    own, linked to nothing; the Markdown report lists them in words instead."""
    lines = ["flowchart LR"]
    for kind in KINDS:
        members = [n for n in diagram.nodes if n.kind == kind]
        if not members:
            continue
        lines.append(f'  subgraph col_{kind}["{COLUMN_TITLES[kind]}"]')
        lines.append("    direction TB")
        opening, closing = SHAPES.get(kind, ("[", "]"))
        for n in members:
            lines.append(f'    {n.key}{opening}"{_label(n, diagram.currency)}"{closing}')
        lines.append("  end")
    if budget_lines and diagram.budget_lines:
        lines.append('  subgraph col_budget_lines["Budget lines"]')
        lines.append("    direction TB")
        for i, b in enumerate(diagram.budget_lines, start=1):
            meta = mermaid_text(b.item_id, 60)
            if b.amount is not None:
                meta += f" · {mermaid_text(money(b.amount, diagram.currency))}"
            if b.kind:
                meta += f" · {mermaid_text(b.kind)}"
            lines.append(f'    b{i}[/"{mermaid_text(b.name)}<br/>{meta}"/]')
        lines.append("  end")
    problem_edges = []
    dependency_edges = []
    for i, e in enumerate(diagram.edges):
        if e.dependency and not e.problem:
            lines.append(f"  {e.source} -.->|before| {e.target}")
            dependency_edges.append(str(i))
            continue
        arrow = "-.->" if e.problem else "-->"
        lines.append(f"  {e.source} {arrow} {e.target}")
        if e.problem:
            problem_edges.append(str(i))
    if problem_edges:
        lines.append(f"  linkStyle {','.join(problem_edges)} stroke:#c62828,stroke-width:2px")
    if dependency_edges:
        lines.append(f"  linkStyle {','.join(dependency_edges)} {DEPENDENCY_STYLE}")
    members_of: dict[str, list[str]] = {}
    for n in diagram.nodes:
        members_of.setdefault(CLASS_NAMES[n.kind], []).append(n.key)
        if n.done:
            members_of.setdefault(CLASS_NAMES["done"], []).append(n.key)
        for flag in n.flags:
            members_of.setdefault(CLASS_NAMES[flag], []).append(n.key)
    for name, style in CLASS_STYLES.items():
        if name in members_of:
            lines.append(f"  classDef {name} {style}")
    # Flag classes come after kind classes so that their colours win.
    for name in CLASS_STYLES:
        if name in members_of:
            lines.append(f"  class {','.join(members_of[name])} {name}")
    return "\n".join(lines) + "\n"


def _label(n: DiagramNode, currency: str) -> str:
    if n.missing:
        return f"missing: {mermaid_text(n.item_id)}<br/>no such item in the plan"
    parts = [mermaid_text(n.label)]
    meta = mermaid_text(n.item_id, 60)
    if n.budget is not None:
        meta += f" · {mermaid_text(money(n.budget, currency))}"
    state = milestone_state(n)
    if state is not None:
        meta += f" · {state}"
    if n.due is not None:
        meta += f" · due {mermaid_text(n.due)}"
    parts.append(meta)
    flags = [FLAGS[f].upper() for f in n.flags]
    if flags:
        parts.append(" · ".join(flags))
    return "<br/>".join(parts)


def render(results: Sequence[AuditResult], options: RenderOptions = DEFAULT_OPTIONS) -> str:
    options = options or RenderOptions()
    results = list(results)
    rows = c.portfolio(results)
    many = len(rows) != 1
    tool = f"ramaudit {c.version()} · audited {c.audited_on(options)}"
    out: list[str] = []
    if many:
        out += ["# Marketing plan portfolio", "", f"{md(tool)} · {len(rows)} plans", ""]
        out += _portfolio(rows)
        out += _cascade(results, rows)
    for row in rows:
        out += _plan(row, tool, level=1 if not many else 2, options=options)
    entries = c.fired_rules(results)
    if entries:
        out += _appendix(entries, level=2)
    return "\n".join(out).rstrip("\n") + "\n"


def _portfolio(rows: list[c.PortfolioRow]) -> list[str]:
    head = " | ".join(c.QUESTION_SHORT.values())
    out = [
        "## Portfolio, worst first",
        "",
        f"| Plan | Score | {head} | Errors | Warnings | {RAM_SPEND} |",
        "|---|---:|" + ":---:|" * len(c.QUESTION_SHORT) + "---:|---:|---:|",
    ]
    for row in rows:
        link = f"[{md(row.title)}](#{row.anchor})"
        if row.result.error:
            out.append(f"| {link} | could not be read |" + " |" * (len(c.QUESTION_SHORT) + 3))
            continue
        score = f"{row.total}/100" if row.total is not None else "not scored"
        answers = [f"{a} ({s}/25)" for _, s, a in row.answers] or ["—"] * len(c.QUESTION_SHORT)
        if row.ram_amount is None:
            ram = "—"
        elif row.ram_amount:
            ram = f"{md(money(row.ram_amount, row.currency))} ({row.ram_share or 0:.0%})"
        else:
            ram = f"{row.ram_acts} unbudgeted" if row.ram_acts else "none"
        out.append(
            f"| {link} | {score} | {' | '.join(answers)} | {row.errors} | {row.warnings} | {ram} |"
        )
    out.append("")
    return out


def _cascade(results: list[AuditResult], rows: list[c.PortfolioRow]) -> list[str]:
    """The cascade of a plan repository, when some plan names the plans it serves
    ([] otherwise, so that a portfolio of plans without parents reads as before)."""
    from ramaudit.rollup import cascade, declares_parents

    if not declares_parents(results):
        return []
    from ramaudit.report.cascade_md import cascade_lines

    return cascade_lines(cascade(results), {row.result.path: row.anchor for row in rows})


def _plan(
    row: c.PortfolioRow, tool: str, *, level: int, options: RenderOptions | None = None
) -> list[str]:
    r = row.result
    h = "#" * level
    out = [f'<a id="{row.anchor}"></a>', "", f"{h} {md(c.title(r))}", ""]
    if level == 1:
        out += [md(tool), ""]
    out += [f"- **{k}:** {md(v)}" for k, v in c.plan_facts(r)] + [""]
    if r.error:
        out += [f"**Could not be read:** {md(r.error)}", ""]
        return out
    out += _summary(r, h + "#")
    for section in AFTER_SUMMARY:
        out += section(r, h + "#")
    out += _score(r, h + "#")
    out += _ram(r, h + "#", first=level == 1)  # a portfolio's table named it first
    if r.score is not None and r.graph is not None:
        out += _diagram(r.graph, h + "#")
    out += _key_results(r, h + "#")
    out += progress_lines(r, h + "#", options)
    out += _findings(r, h + "#")
    return out


# Sections of a plan's report that come right after its executive summary, each
# ``section(result, heading_marks) -> lines`` ([] when it has nothing to show): the
# place for what a reader should see next, such as progress through the quarter.
AFTER_SUMMARY: list[Callable[[AuditResult, str], list[str]]] = []


def _summary(r: AuditResult, h: str) -> list[str]:
    """The total, the random-act spend and the fixes that would raise the total most."""
    summary = c.summary(r)
    if summary is None:
        return []
    out = [
        f"{h} Executive summary",
        "",
        f"**Total: {summary.total}/100** `{_bar(summary.total, 100)}` · {summary.yes} of 4 "
        "questions answered yes",
        "",
        f"**{RAM_SPEND}:** {md(summary.ram)}",
        "",
    ]
    if not summary.fixes:
        return [*out, c.NO_FIX_NOTE, ""]
    out += ["The fixes that would raise the score most:", ""]
    out += [
        f"{i}. **{c.points_words(f.points)}** (to {f.total}): {md(f.action)}"
        for i, f in enumerate(summary.fixes, 1)
    ]
    return [*out, "", c.FIXES_NOTE, ""]


def _key_results(r: AuditResult, h: str) -> list[str]:
    """Format 2: each objective's KPIs with their targets as written, and its
    milestones done or not; nothing for a version 1 plan."""
    rows = c.key_results(r)
    if not rows:
        return []
    out = [
        f"{h} Key results",
        "",
        "| Objective | Key result | Baseline | Target | Deadline |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        out.append(
            f"| {code(row.objective, cell=True)} | {md(row.what)} | {md(row.baseline)} "
            f"| {md(row.target)} | {md(row.deadline)} |"
        )
    return [*out, ""]


def _bar(score: int, maximum: int, width: int = 20) -> str:
    filled = round(width * score / maximum) if maximum else 0
    return "█" * filled + "░" * (width - filled)


def _score(r: AuditResult, h: str) -> list[str]:
    if r.score is None:
        return [
            f"{h} Fitness score",
            "",
            "Not scored: the file is not valid YAML or not a plan (a mapping with a `plan:` "
            "block). Fix the findings below first.",
            "",
        ]
    s = r.score
    out = [
        f"{h} Fitness score: {s.total}/100",
        "",
        "| Question | Score | Answer | |",
        "|---|---:|:---:|---|",
    ]
    for q in s.questions:
        out.append(
            f"| {md(q.title)} | {q.score}/{q.max} | **{q.answer.upper()}** | "
            f"`{_bar(q.score, q.max)}` |"
        )
    out.append(f"| **Total** | **{s.total}/100** | | `{_bar(s.total, 100)}` |")
    out.append("")
    for q in s.questions:
        out += [f"**{md(q.title)}** {q.score}/{q.max}", ""]
        out += [
            f"- {md(cr.title)}: {md(cr.evidence)} ({cr.points:.1f} of {cr.weight:g} pts)"
            for cr in q.criteria
        ]
        out.append("")
    return out


def _ram(r: AuditResult, h: str, *, first: bool = True) -> list[str]:
    out = [f"{h} {ram_title(first)}", "", f"**{md(ram_sentence(r.ram_spend))}**", ""]
    lines = lines_text(r.ram_spend)
    if lines:
        out += [f"{BUDGET_LINES}: {md(lines)}", ""]
    tactics, cut = c.ram_tactics_shown(r)
    currency = r.ram_spend.currency if r.ram_spend is not None else ""
    for t in tactics:
        budget = md(money(t.budget, currency)) if t.budget is not None else "no budget"
        out.append(f"- {md(t.name)} ({md(t.id)}) — {budget}")
    if tactics:
        out.append("")
    if cut:
        out += [md(cut), ""]
    return out


def _diagram(graph: TraceGraph, h: str) -> list[str]:
    diagram = build_diagram(graph)
    out = [f"{h} Traceability", ""]
    if not diagram.nodes:
        return [*out, "The plan has no goals, objectives or tactics to draw.", ""]
    out += ["```mermaid", mermaid(diagram).rstrip("\n"), "```", ""]
    present = [f for f in FLAGS if diagram.flagged(f)]
    if present:
        out.append(
            "Highlighted: "
            + "; ".join(f"{FLAGS[f]} ({_flag_help(f)})" for f in present)
            + ". Dotted lines are broken links." * any(e.problem for e in diagram.edges)
        )
        out.append("")
    if any(e.dependency for e in diagram.edges):
        out += [
            "Dashed arrows marked *before* are dependencies: the work at the arrow's "
            "start comes before the work it points to.",
            "",
        ]
    if diagram.omitted:
        out += [md(c.omitted_note(diagram)), ""]
    out += _budget_lines(diagram)
    return out


def _budget_lines(diagram: Diagram) -> list[str]:
    """Format 2's budget lines, listed beside the diagram: money that is no tactic."""
    if not diagram.budget_lines:
        return []
    out = [f"{BUDGET_LINES}, planned spend that is no tactic and never a random act:", ""]
    for b in diagram.budget_lines:
        kind = f"{md(b.kind)}, " if b.kind else ""
        amount = md(money(b.amount, diagram.currency)) if b.amount is not None else "no amount"
        out.append(f"- {md(b.name)} ({md(b.item_id)}) — {kind}{amount}")
    return [*out, ""]


def _flag_help(flag: str) -> str:
    return {
        "random-act": "a tactic that traces to no goal, red",
        "orphan-objective": "an objective that serves no goal, orange dashed",
        "unsupported-goal": "a goal with no objective, amber dotted",
        "idle-objective": "an objective with no tactic, amber dotted",
        "missing": "a link names an id that does not exist, grey dashed",
        "orphan-campaign": "a campaign that serves no goal, orange dashed",
        "idle-campaign": "a campaign with no tactic, amber dotted",
        "orphan-milestone": "a milestone that serves no goal, orange dashed",
    }[flag]


def _findings(r: AuditResult, h: str) -> list[str]:
    """Findings by severity, then a heading per rule with its count, summary and how to
    fix it, then its findings: kind and name of the item, line, message."""
    findings, left_out = c.grouped_shown(r)
    if not findings:
        return [f"{h} Findings", "", "No findings.", ""]
    out = [f"{h} Findings ({len(r.findings):,}, by severity and rule)", ""]
    for severity, groups in c.finding_groups(findings):
        n = sum(len(g.findings) for g in groups)
        mark = SEVERITY_MARK[severity.value]
        out += [f"{h}# {mark} {c.SEVERITY_WORDS[severity]} ({n:,})", ""]
        for group in groups:
            out += _rule_group(r, group, h + "##")
    if left_out:
        out += [md(left_out), ""]
    return out


def _rule_group(r: AuditResult, group: c.RuleGroup, h: str) -> list[str]:
    n = len(group.findings)
    out = [f"{h} {group.code} {group.name} · {n:,} finding{'s' * (n != 1)}", ""]
    if group.summary:
        out += [group.summary, ""]
    fix = c.how_to_fix(group.code)
    if fix:
        out += [f"**How to fix:** {' '.join(fix.split())}", ""]
    out += ["| Kind | Item | Line | Message |", "|---|---|---:|---|"]
    for f in group.findings:
        kind, name = c.item_words(r, f)
        out.append(f"| {kind} | {md(name)} | {f.line} | {md(f.message)} |")
    return [*out, ""]


def _appendix(entries: list[c.RuleEntry], level: int) -> list[str]:
    """What the report checks, for a marketing reader (as the HTML report's appendix)."""
    h = "#" * level
    out = [f"{h} Appendix: reading this report", "", f"{h}# The four questions", ""]
    for question, meaning, act in c.QUESTION_GUIDE:
        out += [f"**{question}** {meaning} **To act:** {act}", ""]
    out += [f"{h}# How serious a finding is", ""]
    out += [f"- **{severity}**: {meaning}" for severity, meaning in c.SEVERITY_GUIDE]
    out += ["", f"{h}# The problems found in this report", ""]
    for e in entries:
        head = e.summary.rstrip(".") if e.summary else e.name
        out += [f"{h}## {head} ({e.code} {e.name})", ""]
        for heading, text in e.sections:
            out += [f"**{heading}.** {' '.join(text.split())}", ""]
    return out

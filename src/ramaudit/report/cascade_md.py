"""The portfolio report's cascade section in Markdown (issue 13): a Mermaid
``flowchart`` of the files across the cascade, the plans as a nested table with their
roll-ups, and the roll-up by team and over every file.

Plan text and file names go through :func:`ramaudit.report.mdtext.md` (paths as code
spans, :func:`~ramaudit.report.mdtext.code`) and, in the diagram, through
:func:`ramaudit.report.markdown.mermaid_text`, as the traceability diagram's labels do;
Mermaid node ids are generated (``f1``, ``f2``), never plan text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ramaudit.report import cascade_words as w
from ramaudit.report.mdtext import code, md

if TYPE_CHECKING:
    from ramaudit.rollup import Cascade, Figures

# One column of the diagram per level of the cascade, as many files as the HTML draws.
MAX_DRAWN = 120
# Our own indentation of a nested row: no-break spaces, which table cells keep.
INDENT = "\u00a0\u00a0\u00a0\u00a0"
LOOP_STYLE = "stroke:#c62828,stroke-width:2px,stroke-dasharray:5 4"
CLASS_STYLES = {
    "planFile": "fill:#e6f0fb,stroke:#4a7fc1,color:#1f2933",
    "planLoop": "fill:#fde4e4,stroke:#c62828,stroke-width:2px",
}


def cascade_lines(cascade: Cascade, anchors: Mapping[str, str]) -> list[str]:
    """The section's lines; ``anchors`` maps a file's path to its plan section's id."""
    out = [f"## {w.CASCADE_TITLE}", "", md(w.CASCADE_NOTE), ""]
    out += ["```mermaid", *mermaid(cascade).rstrip("\n").split("\n"), "```", ""]
    shown = min(len(cascade.nodes), MAX_DRAWN)
    if shown < len(cascade.nodes):
        out += [f"The diagram shows the first {shown:,} files; the table lists all.", ""]
    out += _tree_table(cascade, anchors)
    for loop in cascade.loops:
        out += [md(w.loop_text(loop)), ""]
    out += [f"### {w.TEAMS_TITLE}", "", md(w.TEAMS_NOTE), ""]
    out += _teams_table(cascade)
    return out


def _head(*first: str) -> list[str]:
    titles = " | ".join(title for _, title in w.COLUMNS)
    return [
        f"| {' | '.join(first)} | Files | {titles} | Score | Progress |",
        "|" + "---|" * len(first) + "---:|" + "---:|" * len(w.COLUMNS) + "---:|---|",
    ]


def _cells(figures: Figures) -> str:
    money = " | ".join(md(w.amount(figures, what)) for what, _ in w.COLUMNS)
    return f"{figures.files} | {money} | {md(w.score(figures))} | {md(w.progress(figures))}"


def _tree_table(cascade: Cascade, anchors: Mapping[str, str]) -> list[str]:
    out = _head("Plan", "File", "Team")
    for node, level in cascade.tree():
        anchor = anchors.get(node.key)
        name = f"[{md(node.name)}](#{anchor})" if anchor is not None else md(node.name)
        lead = INDENT * (level - 1) + "└ " if level else ""
        notes = "".join(f" ({md(n)})" for n in w.node_notes(node, cascade))
        out.append(
            f"| {lead}{name}{notes} | {code(node.key, cell=True)} | {md(node.team)} | "
            f"{_cells(node.subtree)} |"
        )
    out.append("")
    return out


def _teams_table(cascade: Cascade) -> list[str]:
    out = _head("Team", "Plans")
    for team in cascade.teams:
        plans = ", ".join(cascade.nodes[k].name for k in team.files)
        out.append(f"| {md(team.name)} | {md(plans)} | {_cells(team.figures)} |")
    out.append(f"| **{w.WHOLE_RUN}** | | {_cells(cascade.total)} |")
    out.append("")
    return out


def mermaid(cascade: Cascade) -> str:
    """The files as Mermaid ``flowchart LR`` source: a column per level, an arrow from
    each parent to each plan that serves it, loops dashed in red."""
    from ramaudit.report.markdown import mermaid_text

    drawn = [node for node, _ in cascade.tree()][:MAX_DRAWN]
    keys = {node.key: f"f{i}" for i, node in enumerate(drawn, start=1)}
    lines = ["flowchart LR"]
    for level in sorted({node.depth for node in drawn}):
        title = "Top" if level == 0 else f"Level {level + 1}"
        lines += [f'  subgraph lvl_{level}["{title}"]', "    direction TB"]
        for node in (n for n in drawn if n.depth == level):
            meta = f"{w.amount(node.subtree, 'budget')} · {w.score_short(node.subtree)}"
            label = f"{mermaid_text(node.name)}<br/>{mermaid_text(node.key, 60)}"
            lines.append(f'    {keys[node.key]}["{label}<br/>{mermaid_text(meta)}"]')
        lines.append("  end")
    edges = [(a, b, False) for a, b in cascade.graph.edges]
    edges += [(a, b, True) for a, b in cascade.loop_edges]
    loops: list[str] = []
    count = 0
    for a, b, loop in edges:
        if a in keys and b in keys:
            lines.append(f"  {keys[a]} {'-.->' if loop else '-->'} {keys[b]}")
            if loop:
                loops.append(str(count))
            count += 1
    if loops:
        lines.append(f"  linkStyle {','.join(loops)} {LOOP_STYLE}")
    members = {
        "planFile": [keys[n.key] for n in drawn if not n.in_loop],
        "planLoop": [keys[n.key] for n in drawn if n.in_loop],
    }
    for name, style in CLASS_STYLES.items():
        if members[name]:
            lines.append(f"  classDef {name} {style}")
    for name in CLASS_STYLES:
        if members[name]:
            lines.append(f"  class {','.join(members[name])} {name}")
    return "\n".join(lines) + "\n"


__all__ = ["cascade_lines", "mermaid"]

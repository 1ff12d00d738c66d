"""The portfolio report's cascade section in HTML (issue 13): the plans as a nested
table with their roll-ups, a diagram of the files across the cascade (inline SVG, no
script), and the roll-up by team and over every file.

Every string from a plan or a file name goes through :func:`ramaudit.report.html.esc`
(:func:`ramaudit.report.escape.shown`, then ``html.escape``), in text, attributes and
SVG alike; ids in the markup are generated (``plan-3``, ``cf2``), never plan text.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ramaudit.report import cascade_words as w
from ramaudit.report.diagram import fit
from ramaudit.report.escape import shown

if TYPE_CHECKING:
    from ramaudit.rollup import Cascade, CascadeNode, Figures

# The diagram: one column per level of the cascade, a box per file.
BOX_W = 190.0
BOX_H = 46.0
COL_GAP = 70.0
ROW_GAP = 12.0
MARGIN = 14.0
# A run of hundreds of files would draw a diagram nobody reads: the table lists them all.
MAX_DRAWN = 120

CSS = (
    ".cascade td.progress{white-space:nowrap}"
    ".cascade .own{color:var(--muted);font-size:11.5px}"
    ".cascade-map .file rect{fill:#e6f0fb;stroke:#4a7fc1;stroke-width:1.3}"
    ".cascade-map .file.loop rect{fill:#fde4e4;stroke:#c62828;stroke-dasharray:5 3}"
    ".cascade-map text{font-size:12px;fill:var(--ink)}"
    ".cascade-map text.meta{font-size:10.5px;fill:var(--muted)}"
    ".cascade-map path{fill:none;stroke:#8fa3b5;stroke-width:1.5}"
    ".cascade-map path.loop{stroke:#c62828;stroke-dasharray:5 4}"
)


def _esc(value: object) -> str:
    """As :func:`ramaudit.report.html.esc` (which imports this module)."""
    return html.escape(shown(value), quote=True)


def cascade_section(cascade: Cascade, anchors: Mapping[str, str]) -> str:
    """The section; ``anchors`` maps a file's path to its plan section's id."""
    out = [
        f'<section class="cascade" id="cascade"><style>{CSS}</style>',
        f"<h2>{_esc(w.CASCADE_TITLE)}</h2>",
        f'<p class="note">{_esc(w.CASCADE_NOTE)}</p>',
        _diagram(cascade),
        _tree_table(cascade, anchors),
    ]
    for loop in cascade.loops:
        out.append(f'<p class="note">{_esc(w.loop_text(loop))}</p>')
    out.append(_teams_table(cascade))
    out.append("</section>")
    return "".join(out)


def _head(first: str, second: str = "Team") -> str:
    cols = "".join(f'<th class="num">{_esc(title)}</th>' for _, title in w.COLUMNS)
    return (
        f"<table><thead><tr><th>{_esc(first)}</th><th>{_esc(second)}</th>"
        f'<th class="num">Files</th>{cols}<th class="num">Score</th>'
        "<th>Progress</th></tr></thead><tbody>"
    )


def _cells(figures: Figures, own: Figures | None = None) -> str:
    """The figures' cells; with ``own`` (a file with plans below it), the file's own
    figures under each."""
    out = [f'<td class="num">{figures.files}</td>']
    for what, _ in w.COLUMNS:
        text = _esc(w.amount(figures, what))
        if own is not None:
            text += f'<div class="own">own {_esc(w.amount(own, what))}</div>'
        out.append(f'<td class="num">{text}</td>')
    score = _esc(w.score(figures))
    if own is not None:
        score += f'<div class="own">own {_esc(w.score(own))}</div>'
    out.append(f'<td class="num">{score}</td><td class="progress">{_esc(w.progress(figures))}</td>')
    return "".join(out)


def _tree_table(cascade: Cascade, anchors: Mapping[str, str]) -> str:
    out = [_head("Plan")]
    for node, level in cascade.tree():
        anchor = anchors.get(node.key)
        name = _esc(node.name)
        link = f'<a href="#{anchor}">{name}</a>' if anchor is not None else name
        pad = f' style="padding-left:{8 + level * 18}px"' if level else ""
        mark = "└ " if level else ""
        notes = "".join(f'<div class="note">{_esc(n)}</div>' for n in w.node_notes(node, cascade))
        own = node.own if len(node.below) > 1 else None
        out.append(
            f'<tr><td class="plan"{pad}>{mark}{link}<div class="muted">{_esc(node.key)}'
            f"</div>{notes}</td><td>{_esc(node.team)}</td>{_cells(node.subtree, own)}</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _teams_table(cascade: Cascade) -> str:
    out = [f"<h3>{_esc(w.TEAMS_TITLE)}</h3>", f'<p class="note">{_esc(w.TEAMS_NOTE)}</p>']
    out.append(_head("Team", "Plans"))
    for team in cascade.teams:
        plans = ", ".join(cascade.nodes[k].name for k in team.files)
        out.append(
            f"<tr><td>{_esc(team.name)}</td><td>{_esc(plans)}</td>{_cells(team.figures)}</tr>"
        )
    out.append(
        f"<tr><td><strong>{_esc(w.WHOLE_RUN)}</strong></td><td></td>{_cells(cascade.total)}</tr>"
    )
    out.append("</tbody></table>")
    return "".join(out)


def _diagram(cascade: Cascade) -> str:
    """The files by level, left to right, an arrow from each parent to each plan that
    serves it (loops dashed in red); boxes in the nested table's order."""
    drawn = [node for node, _ in cascade.tree()][:MAX_DRAWN]
    place = _layout(drawn)
    if not place:
        return ""
    width = MARGIN * 2 + (max(x for x, _ in place.values()) + BOX_W)
    height = MARGIN * 2 + (max(y for _, y in place.values()) + BOX_H)
    keys = {node.key: f"cf{i}" for i, node in enumerate(drawn, start=1)}
    out = [
        f'<figure class="diagram cascade-map"><svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        'role="img" aria-label="The plans of the cascade, each parent left of the plans '
        'that serve it">'
    ]
    edges = [(a, b, "") for a, b in cascade.graph.edges]
    edges += [(a, b, "loop") for a, b in cascade.loop_edges]
    for a, b, kind in edges:
        if a in place and b in place:
            out.append(_edge(place[a], place[b], kind))
    for node in drawn:
        out.append(_box(node, place[node.key], keys[node.key]))
    out.append("</svg>")
    left = len(cascade.nodes) - len(drawn)
    if left > 0:
        out.append(
            f'<figcaption class="note">The diagram shows the first {len(drawn):,} files; '
            f"the table lists all {len(cascade.nodes):,}.</figcaption>"
        )
    out.append("</figure>")
    return "".join(out)


def _layout(drawn: list[CascadeNode]) -> dict[str, tuple[float, float]]:
    rows: dict[int, int] = {}
    place = {}
    for node in drawn:
        row = rows.get(node.depth, 0)
        rows[node.depth] = row + 1
        place[node.key] = (
            MARGIN + node.depth * (BOX_W + COL_GAP),
            MARGIN + row * (BOX_H + ROW_GAP),
        )
    return place


def _edge(a: tuple[float, float], b: tuple[float, float], kind: str) -> str:
    x1, y1 = a[0] + BOX_W, a[1] + BOX_H / 2
    x2, y2 = b[0], b[1] + BOX_H / 2
    if a[0] == b[0]:  # the files of a loop share a column: an arc on its right
        x2 = x1
        if a == b:  # a file that names itself
            y1, y2 = a[1] + BOX_H * 0.3, a[1] + BOX_H * 0.7
        c1 = c2 = x1 + COL_GAP * 0.6
    else:
        c1 = c2 = (x1 + x2) / 2
    d = f"M{x1:.1f},{y1:.1f} C{c1:.1f},{y1:.1f} {c2:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    cls = f' class="{kind}"' if kind else ""
    return f'<path{cls} d="{d}"/>'


def _box(node: CascadeNode, at: tuple[float, float], key: str) -> str:
    x, y = at
    cls = "file loop" if node.in_loop else "file"
    meta = f"{w.amount(node.subtree, 'budget')} · {w.score_short(node.subtree)}"
    return (
        f'<g class="{cls}" id="{key}"><title>{_esc(node.name)} ({_esc(node.key)})</title>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W:.0f}" height="{BOX_H:.0f}" rx="6"/>'
        f'<text x="{x + 8:.1f}" y="{y + 18:.1f}">{_esc(fit(node.name, BOX_W - 16))}</text>'
        f'<text class="meta" x="{x + 8:.1f}" y="{y + 35:.1f}">'
        f"{_esc(fit(meta, BOX_W - 16, 5.8))}</text></g>"
    )


__all__ = ["cascade_section"]

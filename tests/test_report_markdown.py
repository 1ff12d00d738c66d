"""The Markdown report, its Mermaid diagram and the escaping of plan text.

Mermaid's own parser needs a JavaScript runtime, so the diagram is checked against the
subset of the ``flowchart`` grammar ramaudit writes, strictly: every line must be one of
the statement forms below, node ids plain words, labels double-quoted with every
character Mermaid would interpret written as an entity code (``#quot;``).
"""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from ramaudit.report import markdown
from ramaudit.report.diagram import build_diagram
from report_helpers import (
    EXAMPLE_COUNT,
    PINNED,
    REPORT_TAGS,
    all_examples,
    hostile,
    parse_html,
    random_acts,
)

ID = r"[A-Za-z0-9_]+"
# Text inside a double-quoted label: no quote, no raw markup or backtick, '#' only as an
# entity code, no '%' (Mermaid reads "%%{...}%%" anywhere as a directive); our own line
# breaks are <br/>.
LABEL_PART = r"(?:[^\"<>#`%\n]|#(?:quot|lt|gt|amp|\d+);)*"
LABEL = rf"{LABEL_PART}(?:<br/>{LABEL_PART})*"
STYLE = r"[a-z-]+:[#A-Za-z0-9. ]+(?:,[a-z-]+:[#A-Za-z0-9. ]+)*"
STATEMENTS = {
    "subgraph": re.compile(rf"  subgraph ({ID})\[\"({LABEL})\"\]"),
    "direction": re.compile(r"    direction (TB|BT|LR|RL)"),
    # A box, a campaign's subroutine box, a milestone's hexagon, a budget line's
    # parallelogram (format 2).
    "node": re.compile(
        rf"    ({ID})(?:\[\"({LABEL})\"\]|\[\[\"({LABEL})\"\]\]|\{{\{{\"({LABEL})\"\}}\}}"
        rf"|\[/\"({LABEL})\"/\])"
    ),
    "end": re.compile(r"  end"),
    # A link, a broken one, a dependency (format 2).
    "edge": re.compile(rf"  ({ID}) (-->|-\.->|-\.->\|before\|) ({ID})"),
    "linkStyle": re.compile(rf"  linkStyle (\d+(?:,\d+)*) ({STYLE})"),
    "classDef": re.compile(rf"  classDef ({ID}) ({STYLE})"),
    "class": re.compile(rf"  class ({ID}(?:,{ID})*) ({ID})"),
}
# Words the flowchart grammar reserves: never usable as a bare node id.
RESERVED = {
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "direction",
    "class",
    "classDef",
    "linkStyle",
    "style",
    "click",
    "call",
    "href",
    "default",
}


def check_flowchart(source: str) -> dict[str, str]:
    """Validate Mermaid flowchart source; return node id -> decoded label."""
    lines = source.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR"
    labels: dict[str, str] = {}
    edges = 0
    depth = 0
    defined_classes: set[str] = set()
    used: list[tuple[str, int]] = []
    for number, line in enumerate(lines[1:], start=2):
        kind, match = next(
            ((k, m) for k, rx in STATEMENTS.items() if (m := rx.fullmatch(line))), (None, None)
        )
        assert match is not None, f"line {number} is not valid flowchart syntax: {line!r}"
        if kind == "subgraph":
            assert depth == 0
            depth += 1
            assert match.group(1) not in RESERVED
        elif kind == "end":
            assert depth == 1
            depth -= 1
        elif kind in ("node", "direction"):
            assert depth == 1, f"line {number}: outside a subgraph"
            if kind == "node":
                node_id = match.group(1)
                assert node_id not in RESERVED and node_id not in labels
                labels[node_id] = decode(next(g for g in match.groups()[1:] if g is not None))
        elif kind == "edge":
            assert depth == 0
            used += [(match.group(1), number), (match.group(3), number)]
            edges += 1
        elif kind == "linkStyle":
            assert all(int(i) < edges for i in match.group(1).split(","))
        elif kind == "classDef":
            defined_classes.add(match.group(1))
        elif kind == "class":
            assert match.group(2) in defined_classes
            used += [(n, number) for n in match.group(1).split(",")]
    assert depth == 0
    for node_id, number in used:
        assert node_id in labels, f"line {number}: undeclared node {node_id}"
    return labels


def decode(label: str) -> str:
    text = label.replace("<br/>", "\n")
    return html.unescape(
        re.sub(
            r"#(\w+);",
            lambda m: f"&{m.group(1)};" if not m.group(1).isdigit() else f"&#{m.group(1)};",
            text,
        )
    )


def mermaid_blocks(document: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", document, re.S)


def rendered(document: str) -> str:
    """The Markdown as GitHub-flavoured HTML (raw HTML allowed, as on GitHub)."""
    return MarkdownIt("commonmark").enable("table").render(document)


@pytest.fixture(scope="module")
def ram_md() -> str:
    return markdown.render([random_acts()], PINNED)


def test_same_content_as_the_html_report(ram_md: str) -> None:
    result = random_acts()
    text = parse_html(rendered(ram_md)).all_text
    assert "Oatful Co. 2027 Buzz Plan" in text
    assert "Sam Ortega (Head of Brand)" in text and "2027-01-01 to 2027-12-31" in text
    assert "audited 2027-01-15" in text
    assert f"Fitness score: {result.score.total}/100" in text
    for q in result.score.questions:
        assert q.title in text
        for criterion in q.criteria:
            assert criterion.evidence in text
    assert "325,000 USD of 370,000 USD tactic budget (88%) funds 6 random acts" in text
    for f in result.findings:
        assert f.message in text
    for code in {f.code for f in result.findings}:
        assert f"{code} " in text
    assert "Appendix: reading this report" in text


def test_findings_table_is_a_valid_gfm_table(ram_md: str) -> None:
    result = random_acts()
    out = rendered(ram_md)
    tables = re.findall(r"<table>.*?</table>", out, re.S)
    # One table per rule that fired: kind, item, line, message.
    findings_tables = [t for t in tables if "<th>Kind</th>" in t]
    assert len(findings_tables) == len({f.code for f in result.findings})
    rows = [r for t in findings_tables for r in re.findall(r"<tr>(.*?)</tr>", t, re.S)[1:]]
    assert len(rows) == len(result.findings)
    for row in rows:
        assert row.count("<td") == 4
    # Grouped by severity, errors first, each rule's findings in reading order.
    heads = re.findall(r"^#{3,} (\S+) (Errors|Warnings|Notes)", ram_md, flags=re.M)
    assert [w for _, w in heads] == ["Errors", "Warnings", "Notes"]
    for block in re.split(r"^#{4,} RA\d+ ", ram_md, flags=re.M)[1:]:
        lines = [int(m) for m in re.findall(r"^\| [a-z ]+ \| .+ \| (\d+) \| ", block, re.M)]
        assert lines == sorted(lines)
    # No place in the YAML (tactics[3].kpis[0]) is shown to a reader.
    for f in result.findings:
        if "[" in f.pointer:
            assert f.pointer not in ram_md


def test_mermaid_is_a_valid_flowchart(ram_md: str) -> None:
    (block,) = mermaid_blocks(ram_md)
    labels = check_flowchart(block)
    result = random_acts()
    assert len(labels) == len(build_diagram(result.graph).nodes)
    by_text = "\n".join(labels.values())
    for tactic in result.ram_spend.tactics:
        assert tactic in by_text
    assert "class " in block and "randomAct" in block
    assert block.count(" -.-> ") == 1  # the link to the misspelt objective


def test_every_example_gives_a_valid_flowchart() -> None:
    document = markdown.render(all_examples(), PINNED)
    # One flowchart a plan; a plan that tracks its run also has a gantt of its tactics.
    blocks = [b for b in mermaid_blocks(document) if b.startswith("flowchart")]
    assert len(blocks) == EXAMPLE_COUNT
    for block in blocks:
        check_flowchart(block)


def test_checker_rejects_what_mermaid_would() -> None:
    good = 'flowchart LR\n  subgraph a["A"]\n    n1["x"]\n  end\n'
    check_flowchart(good)
    for bad in (
        good.replace('n1["x"]', 'n1["say "hi""]'),  # raw quote ends the label early
        good.replace('n1["x"]', 'n-1["x"]'),  # id with a dash
        good.replace('n1["x"]', 'end["x"]'),  # reserved word
        good.replace('n1["x"]', 'n1["<b>x</b>"]'),  # raw markup
        good + "  n1 --> n2\n",  # undeclared node
        good.replace("  end\n", ""),  # unclosed subgraph
    ):
        with pytest.raises(AssertionError):
            check_flowchart(bad)


def test_hostile_names_are_escaped_in_markdown_and_mermaid() -> None:
    result = hostile()
    document = markdown.render([result], PINNED)
    (block,) = mermaid_blocks(document)
    labels = check_flowchart(block)
    decoded = "\n".join(labels.values())
    assert (
        "Goal </svg><script>document.title='pwned-goal'</script> `ticks` #quot; | pipe" in decoded
    )
    assert "t-<script>alert(1)</script>" in decoded
    assert "missing: o-<missing>" in decoded
    # rendered as GitHub would: the only raw HTML is ramaudit's own anchor
    out = rendered(document)
    doc = parse_html(out)
    assert {t for t, _ in doc.tags} <= REPORT_TAGS
    assert "script" not in {t for t, _ in doc.tags} and "img" not in {t for t, _ in doc.tags}
    text = doc.all_text
    assert result.plan.info.name in text
    assert "<img src=x onerror=\"document.title='pwned-owner'\">" in text
    assert "Orphan {curly} [link](javascript:alert(1)) *bold* $math$ \\ slash" in text
    assert not [h for h in doc.attrs("a", "href") if not h.startswith("#")]  # no live links
    assert doc.attrs("a", "id") == ["plan-1"]
    # the line break in a name is shown escaped and does not break its table row
    assert "Random act with a\\nline break and a | pipe" in text


def test_portfolio_rows_link_to_plan_sections() -> None:
    document = markdown.render(all_examples(), PINNED)
    rows = re.findall(r"^\| \[(.*?)\]\(#(plan-\d+)\) \| (\d+)/100", document, re.M)
    assert len(rows) == EXAMPLE_COUNT
    assert [int(r[2]) for r in rows] == sorted(int(r[2]) for r in rows)
    assert rows[0][0] == "Oatful Co. 2027 Buzz Plan"
    for _, anchor, _ in rows:
        assert f'<a id="{anchor}"></a>' in document


def test_md_escape_and_mermaid_text() -> None:
    assert markdown.md("a|b") == "a\\|b"
    assert markdown.md("<x> *y* _z_ [l](u) `c` $m$ #h ~s~ & \\") == (
        "\\<x\\> \\*y\\* \\_z\\_ \\[l\\](u) \\`c\\` \\$m\\$ \\#h \\~s\\~ \\& \\\\"
    )
    assert markdown.md("two\nlines") == "two\\\\nlines"  # shown as two\nlines
    assert markdown.mermaid_text('say "hi" <b> & #1;`') == (
        "say #quot;hi#quot; #lt;b#gt; #amp; #35;1;#96;"
    )

"""Markdown that renders as meant, severity marks that tell severities apart, and one
name for the spend on random acts of marketing in every output (issue 9, points 3
and 9).

Markdown is checked as GitHub renders it, with markdown-it (CommonMark with
GitHub-flavoured tables): a code span shows the plan's text exactly, in a table cell
(where GFM needs ``\\|`` and drops the backslash) and outside one (where a backslash
would show).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import EXAMPLES
from ramaudit.api import AuditResult, audit_text
from ramaudit.cli import app
from ramaudit.comparison import compare
from ramaudit.report import RenderOptions, html, markdown, render
from ramaudit.report.diff import render_diff
from ramaudit.report.mdtext import SEVERITY_MARK, code
from ramaudit.report.score_explained import explain_text

RANDOM_ACTS = EXAMPLES / "random-acts.yaml"
CLEAN = EXAMPLES / "saas-demand-gen.yaml"
PINNED = RenderOptions(extra={"audited": "2027-01-15"})


def audited(path: Path, name: str | None = None) -> AuditResult:
    return audit_text(path.read_text(encoding="utf-8"), name or path.name)


def code_spans(document: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(document)
    return [
        child.content
        for token in tokens
        for child in token.children or []
        if child.type == "code_inline"
    ]


# ------------------------------------------------------------------ code spans and pipes


@pytest.mark.parametrize("text", ["md/o|ld.yaml", "a||b", "|x|", "p`|`q"])
def test_a_code_span_shows_its_text_in_a_table_and_outside_one(text: str) -> None:
    document = f"Compared {code(text)}.\n\n| a | b |\n|---|---|\n| {code(text, cell=True)} | z |\n"
    spans = code_spans(document)
    assert spans == [text, text]
    # and the table keeps its two cells
    assert "<td>z</td>" in MarkdownIt("commonmark").enable("table").render(document)


def test_diff_markdown_shows_file_names_with_pipes_as_written() -> None:
    old = audited(RANDOM_ACTS, "md/o|ld.yaml")
    new = audited(RANDOM_ACTS, "md/n|ew.yaml")
    document = render_diff("markdown", [compare(old, new)])
    assert "Compared `md/o|ld.yaml` with `md/n|ew.yaml`." in document
    spans = code_spans(document)
    assert spans.count("md/n|ew.yaml") >= 2  # the summary table's cell and the heading
    assert "md/o|ld.yaml" in spans
    assert not [s for s in spans if "\\" in s]


# ------------------------------------------------------------------ severity marks


def test_severity_marks_are_distinct() -> None:
    assert len(set(SEVERITY_MARK.values())) == len(SEVERITY_MARK) == 3


def test_diff_markdown_marks_each_new_finding_by_its_severity() -> None:
    document = render_diff("markdown", [compare(audited(CLEAN), audited(RANDOM_ACTS))])
    marked = re.findall(r"^- (\S+) `(RA\d+)` (error|warning|info)\b", document, flags=re.M)
    severities = {sev for _, _, sev in marked}
    assert severities == {"error", "warning", "info"}, marked  # the plan has all three
    for mark, rule, sev in marked:
        assert mark == SEVERITY_MARK[sev], (rule, sev, mark)
    fixed = render_diff("markdown", [compare(audited(RANDOM_ACTS), audited(CLEAN))])
    assert re.findall(r"^- (\S+) `RA\d+` ", fixed, flags=re.M)
    assert set(re.findall(r"^- (\S+) `RA\d+` ", fixed, flags=re.M)) == {"✅"}


def test_the_report_marks_severities_as_the_diff_does() -> None:
    document = markdown.render([audited(RANDOM_ACTS)], PINNED)
    heads = re.findall(r"^#+ (\S+) (Errors|Warnings|Notes)", document, flags=re.M)
    words = {"Errors": "error", "Warnings": "warning", "Notes": "info"}
    assert {words[w] for _, w in heads} == {"error", "warning", "info"}
    assert all(mark == SEVERITY_MARK[words[w]] for mark, w in heads)


# ------------------------------------------------------------------ one name for the spend


FULL = "spend on random acts of marketing (ram spend)"


def first_mention_is_spelled_out(text: str) -> None:
    """No "random-act spend"; "RAM spend" is first met spelled out in full."""
    lowered = text.lower()
    assert "random-act spend" not in lowered
    first = lowered.find("ram spend")
    assert first >= 0, "no mention of RAM spend"
    assert lowered[: first + len("ram spend)")].endswith(FULL), text[max(0, first - 60) :][:120]


def outputs() -> dict[str, str]:
    bad, good = audited(RANDOM_ACTS), audited(CLEAN)
    diffs = [compare(good, bad), compare(bad, good)]
    two = [bad, audited(RANDOM_ACTS, "other.yaml")]
    runner = CliRunner()
    return {
        "check": render("text", [bad], PINNED),
        "explain-score": explain_text(bad),
        "report-markdown": markdown.render([bad], PINNED),
        "report-markdown-portfolio": markdown.render(two, PINNED),
        "report-html": html.render([bad], PINNED),
        "report-html-portfolio": html.render(two, PINNED),
        "diff": render_diff("text", diffs),
        "diff-markdown": render_diff("markdown", diffs),
        "rule RA101": runner.invoke(app, ["rule", "RA101"]).stdout,
    }


@pytest.mark.parametrize("name", list(outputs()))
def test_every_output_names_the_spend_alike(name: str) -> None:
    text = outputs()[name]
    if name == "explain-score" and "ram spend" not in text.lower():
        assert "random-act spend" not in text.lower()
        return
    first_mention_is_spelled_out(re.sub(r"<[^>]+>|\*\*|#+ ", "", text))

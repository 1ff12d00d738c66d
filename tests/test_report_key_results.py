"""Format 2's key results in the HTML and Markdown reports: each objective's KPIs
with the target as written (a change with the numbers it means, a rate, growth,
``confidential``, ``not decided (TBD)``) and its milestones done or not. A version 1
plan's report has no such section."""

from __future__ import annotations

import textwrap
from html import unescape

from conftest import audit_yaml
from ramaudit.report import RenderOptions, html, markdown
from ramaudit.report.content import KeyResultRow, key_results
from report_helpers import random_acts

PINNED = RenderOptions(extra={"audited": "2027-01-15"})
PLAN = textwrap.dedent("""\
    version: 2
    plan: {name: P, period: FY27, fiscal_year_start: april}
    goals: [{id: g}]
    objectives:
      - id: o
        goals: g
        kpis:
          - {metric: sales accepted leads, baseline: 1000, target: +20%, deadline: Q3}
          - {metric: trial conversion rate, baseline: 12%, target: 15%}
          - {metric: gross margin, target: 480000, confidential: true}
          - {metric: pipeline, baseline: "???", target: TBD, deadline: m-site}
        milestones:
          - {id: m-site, name: Site live, due: 2027-03, done: false}
""")


def test_key_results_show_each_target_as_written() -> None:
    assert key_results(audit_yaml(PLAN)) == [
        KeyResultRow("o", "sales accepted leads", "1,000", "+20% (1,000 → 1,200)", "2026-12-31"),
        KeyResultRow("o", "trial conversion rate", "12%", "15%", "—"),
        KeyResultRow("o", "gross margin", "—", "confidential", "—"),
        KeyResultRow(
            "o", "pipeline", "not decided (???)", "not decided (TBD)", "at milestone m-site"
        ),
        KeyResultRow("o", "milestone: Site live", "—", "not done", "2027-03-31"),
    ]


def test_both_reports_list_the_key_results_and_hide_the_confidential_number() -> None:
    result = audit_yaml(PLAN)
    page = unescape(html.render([result], PINNED))
    document = markdown.render([result], PINNED)
    assert "<h3>Key results</h3>" in page and "## Key results" in document
    assert "<td>+20% (1,000 → 1,200)</td>" in page
    assert "| `o` | gross margin | — | confidential | — |" in document
    for out in (page, document):
        assert "480,000" not in out and "480000" not in out


def test_a_version_1_report_has_no_key_results() -> None:
    result = random_acts()
    assert key_results(result) == []
    assert "Key results" not in html.render([result], PINNED)
    assert "Key results" not in markdown.render([result], PINNED)

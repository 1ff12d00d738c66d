"""Helpers shared by the report and graph-export tests."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

from ramaudit.api import AuditResult, audit, audit_paths
from ramaudit.config.effective import Config
from ramaudit.report import RenderOptions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "plans"
# How many example plans there are: a portfolio of them has one section each.
EXAMPLE_COUNT = len(list(EXAMPLES.glob("*.y*ml")))
HOSTILE = Path(__file__).resolve().parent / "data" / "report" / "hostile.yaml"
PINNED = RenderOptions(extra={"audited": "2027-01-15"})

# Every element the HTML report is allowed to contain: anything else in a parsed
# report (script, img, iframe, ...) could only have come from a plan.
REPORT_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "ol",
    "p",
    "div",
    "span",
    "dl",
    "dt",
    "dd",
    "ul",
    "li",
    "a",
    "strong",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "svg",
    "g",
    "rect",
    "text",
    "path",
    "polygon",  # a milestone's hexagon (format 2)
    "figcaption",  # the progress section's pictures (issue 12)
    "desc",
}


def random_acts() -> AuditResult:
    return audit(EXAMPLES / "random-acts.yaml")


def hostile() -> AuditResult:
    return audit(HOSTILE)


# The day the examples are read on (tracking-demo records check-ins): reports of them
# never depend on today's date.
EXAMPLES_AS_OF = dt.date(2027, 2, 15)


def all_examples() -> list[AuditResult]:
    return audit_paths([EXAMPLES], Config(as_of=EXAMPLES_AS_OF))


class Collector(HTMLParser):
    """Tags, attributes and text of an HTML document, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def attrs(self, tag: str, name: str) -> list[str]:
        return [a[name] or "" for t, a in self.tags if t == tag and name in a]


def parse_html(document: str) -> Collector:
    collector = Collector()
    collector.feed(document)
    collector.close()
    return collector

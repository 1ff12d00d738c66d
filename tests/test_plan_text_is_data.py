"""Plan text is data in every output (issue 9, point 3).

Hostile text (line breaks, NUL, C0 and C1 controls, bidi overrides, Mermaid directives,
``]]>``, ``<script>``, pipes, backticks, ``@user``, ``[x](y)``, ``::error::``) is put in
every field of a plan and in its file name, and each output of every renderer is read
back by its real consumer where the machine has one: ``json.loads`` and the SARIF
schema, lxml, ElementTree, xmllint and junitparser, networkx's GraphML reader, pydot and
Graphviz' ``dot``, markdown-it; text, github and Markdown output by line checks (no plan
value starts a line, no control character is written raw, every table row keeps its
cells).

The checks on characters do not reuse ramaudit's own list of unsafe characters: they
ask :mod:`unicodedata`, so a character the escaping forgets fails here.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import shutil
import subprocess
import unicodedata
from typing import Any

import jsonschema
import networkx as nx
import pydot
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from junitparser import JUnitXml
from lxml import etree
from markdown_it import MarkdownIt

from conftest import DATA
from junit_shapes import shape_errors as junit_shape_errors
from ramaudit.api import AuditResult, audit_text
from ramaudit.comparison import compare
from ramaudit.core.model import kind_of
from ramaudit.report import FORMATS, RenderOptions, html, markdown, render
from ramaudit.report.diff import render_diff
from ramaudit.report.escape import has_unsafe, json_text, shown, xml_document, xml_value
from ramaudit.report.graph_formats import export_graph, to_graphml
from ramaudit.report.sarif import FINGERPRINT_KEY
from ramaudit.report.score_explained import explain_json, explain_text
from report_helpers import REPORT_TAGS, parse_html
from test_report_markdown import check_flowchart, mermaid_blocks

PINNED = RenderOptions(
    extra={"audited": "2027-01-15", "timestamp": "2027-01-15T10:00:00", "hostname": "ci"}
)
XMLLINT = shutil.which("xmllint")
DOT = shutil.which("dot")

# Bidi controls: the explicit embeddings, overrides and isolates, and the three marks.
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

PIECES = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x07",
    "\x1b]0;pwned\x07",  # window title
    "\x1b[2J\x1b[H",  # clear screen
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[8m",  # conceal
    "\x7f",
    "\x85",
    "\x9b31m",  # C1 CSI
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\ud800",  # a lone surrogate, as a non-UTF-8 file name gives
    "\ufffe",
    "%%{init: {'theme':'dark'}}%%",
    "%%{",
    "%%",
    "]]>",
    "<script>alert(1)</script>",
    "<!--",
    "|",
    "`",
    "```",
    "@user",
    "[x](y)",
    "::error::pwned",
    "::add-mask::secret",
    "::stop-commands::tok",
    "%0A::error::pct",
    '"',
    "'",
    "\\",
    "\\n",
    "&amp;",
    "#quot;",
    "*_~$",
    "{}",
    "-->",
    "; evil [label=x]",
    "\u200b",  # zero-width space: "o-pipe\u200bline" prints like "o-pipeline"
    "\ufeff",
    "\u2060",
    "\u00ad",
    "\u200d",
    "\u200c",
    "\U000e0041",  # a tag character
    "\u0600",
]
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=4),
    ),
    min_size=1,
    max_size=5,
).map("".join)


def plan_doc(h: str) -> dict[str, Any]:
    """A plan with ``h`` in every field that holds text, and links that resolve."""
    deadline = dt.date(2027, 6, 30)
    return {
        "version": 2,
        "plan": {
            "name": "P" + h,
            "owner": "O" + h,
            "currency": "C" + h,
            "budget": 1000,
            "period": {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 12, 31)},
            "stakeholders": ["sales" + h],
        },
        "segments": [{"id": "s" + h, "name": "S" + h, "description": "D" + h}],
        "goals": [
            {"id": "g" + h, "name": "G" + h, "type": "retention", "owner": "GO" + h},
            {"id": "g2" + h, "name": "G2" + h, "type": "other"},
        ],
        "objectives": [
            {
                "id": "o" + h,
                "name": "N" + h,
                "goals": "g" + h,
                "owner": "OO" + h,
                "kpis": [
                    {"metric": "m" + h, "target": 10, "unit": "u" + h, "deadline": deadline},
                    {"metric": "r" + h, "baseline": 1000, "target": "+20%", "deadline": "m" + h},
                    {"metric": "x" + h, "target": "confidential"},
                ],
                # Format 2's levels, each named and linked with the hostile text.
                "contributors": ["sales" + h],
                "milestones": [{"id": "m" + h, "name": "M" + h, "due": deadline, "done": False}],
                "campaigns": [
                    {
                        "id": "c" + h,
                        "name": "C" + h,
                        "budget": 30,
                        "tactics": [{"id": "tc" + h, "name": "TC" + h, "depends_on": "m" + h}],
                    }
                ],
            },
            {"id": "o2" + h, "name": "N2" + h, "parents": "missing" + h},
        ],
        "tactics": [
            {
                "id": "t" + h,
                "name": "T" + h,
                "objectives": "o" + h,
                "segment": "s" + h,
                "channel": "ch" + h,
                "budget": 100,
            },
            {"id": "t2" + h, "name": "R" + h, "budget": 50, "objectives": ["nope" + h]},
            {"id": "t2" + h, "name": "dup" + h},  # a duplicate id: same findings twice
        ],
        "budget_lines": [{"id": "b" + h, "name": "B" + h, "kind": "tools", "amount": 40}],
        "k" + h: 1,  # an unknown section, quoted by its finding
    }


def audited(h: str, path: str | None = None) -> AuditResult:
    text = yaml.safe_dump(plan_doc(h), allow_unicode=False, sort_keys=False, width=10_000)
    return audit_text(text, path if path is not None else f"dir{h}.yaml")


# The zero-width joiner and non-joiner: text for people may keep them between two
# characters that are not ASCII (Persian words, emoji sequences), nowhere else.
JOINERS = "\u200c\u200d"


def unsafe(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp", "Cf")
        or ch in BIDI
        or ch in "\ufffe\uffff"
    )


def unsafe_chars(text: str, *, allow: str = "\n") -> list[str]:
    """Characters no output may carry raw, found by Unicode category (format
    characters, Cf, included)."""
    found = set()
    for i, ch in enumerate(text):
        if ch in allow or not unsafe(ch):
            continue
        inside = ch in JOINERS and 0 < i < len(text) - 1
        if inside and not text[i - 1].isascii() and not text[i + 1].isascii():
            continue  # shapes the word or the emoji: kept
        found.add(ch)
    return sorted(found)


def assert_no_line_is_plan_text(out: str, *, github: bool = False) -> None:
    """No line starts a workflow command (the runner trims leading space) or a Mermaid
    directive, except the commands the github format writes itself."""
    for line in out.split("\n"):
        head = line.lstrip()
        if github and line:
            assert re.match(r"::(error|warning|notice) [^:]*::", line), line
            continue
        assert not head.startswith("::"), line
        assert not head.startswith("%%"), line


def human_outputs(result: AuditResult, diffs: list[Any]) -> dict[str, str]:
    out = {name: render(name, [result], PINNED) for name in ("text", "concise", "github", "junit")}
    out["text-colour"] = render("text", [result], RenderOptions(color=True))
    if result.score is not None:
        out["explain"] = explain_text(result)
        out["explain-colour"] = explain_text(result, color=True)
    out["diff"] = render_diff("text", diffs)
    out["diff-colour"] = render_diff("text", diffs, color=True)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_printed_outputs_keep_plan_text_on_its_line_and_off_the_terminal(h: str) -> None:
    result = audited(h)
    diffs = [compare(audited(""), result), compare(result, audited(""))]
    path = shown(result.path)
    for name, out in human_outputs(result, diffs).items():
        if name.endswith("-colour"):
            # rich's colours are the only escape sequences: SGR and nothing else
            assert not re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b"), name
            out = re.sub(r"\x1b\[[0-9;]*m", "", out)
        assert unsafe_chars(out) == [], name
        assert_no_line_is_plan_text(out, github=name == "github")
    concise = render("concise", [result], RenderOptions(quiet=True)).splitlines()
    assert len(concise) == len(result.findings)  # one line per finding, whatever it holds
    assert all(line.startswith(f"{path}:") for line in concise)
    github = render("github", [result], PINNED).splitlines()
    assert len(github) == len(result.findings)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
# Found by hypothesis: a fence run inside a code span; the output was right, the
# test's code-span finder was not.
@example("```@user")
def test_markdown_outputs_escape_every_plan_value(h: str) -> None:
    result = audited(h)
    diffs = [compare(audited(""), result), compare(result, audited(""))]
    for document in (markdown.render([result], PINNED), render_diff("markdown", diffs)):
        assert unsafe_chars(document) == []
        assert_no_line_is_plan_text(document)
        check_markdown(document)
        for block in mermaid_blocks(document):
            check_flowchart(block)
            assert "%%" not in block  # no directive, no comment


def check_markdown(document: str) -> None:
    # Tables: every row has as many cell borders as its header (a pipe or line break
    # from a plan would add cells or cut the row).
    pipes = re.compile(r"(?<!\\)\|")
    header: int | None = None
    fenced = False
    for line in document.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not line.startswith("|"):
            header = None
            continue
        if header is None:
            header = len(pipes.findall(line))
        assert len(pipes.findall(line)) == header, line
    # As GitHub renders it: plan text makes no element, link, mention or image.
    tokens = MarkdownIt("commonmark").enable("table").parse(document)
    for token in tokens:
        for child in [token, *(token.children or [])]:
            if child.type in ("html_inline", "html_block"):  # only ramaudit's own tags
                assert re.fullmatch(
                    r'(<a id="plan-\d+">|</a>|</?sub>)(</a>)?', child.content.strip()
                ), child.content
            assert child.type != "image"
            if child.type == "link_open":
                assert str(child.attrs.get("href", "")).startswith("#plan-"), child.attrs
    # Code as CommonMark finds it: a fence opens and closes only at the start of a line
    # (a run of backticks inside a line is a code span's delimiter, and plan text may
    # hold one), a backslash-escaped backtick opens no span, and a span closes at a run
    # of exactly as many backticks.
    outside_code = re.sub(
        r"^```.*?^```|(?<![\\`])(`+)(?!`).*?(?<!`)\1(?!`)",
        "",
        document,
        flags=re.S | re.M,
    )
    assert not re.search(r"(?<![\\\w])@\w", outside_code)  # an @-mention


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_html_report_holds_plan_text_as_text(h: str) -> None:
    result = audited(h)
    document = html.render([result], PINNED)
    assert unsafe_chars(document) == []
    doc = parse_html(document)
    assert {t for t, _ in doc.tags} <= REPORT_TAGS
    assert not [u for u in doc.attrs("a", "href") if not u.startswith("#")]
    assert shown(result.plan_name or result.path) in doc.all_text


@functools.cache
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_json_outputs_read_back_as_written(h: str) -> None:
    result = audited(h)
    diffs = [compare(audited(""), result)]
    texts = {
        "json": render("json", [result], PINNED),
        "sarif": render("sarif", [result], PINNED),
        "diff": render_diff("json", diffs),
        "graph": export_graph(result.graph, "json"),
    }
    if result.score is not None:
        texts["explain"] = explain_json(result)
    for name, text in texts.items():
        assert unsafe_chars(text) == [], name
        json.loads(text)
    # the data is the plan's, not an escaped copy
    doc = json.loads(texts["json"])
    assert doc["files"][0]["path"] == result.path
    assert json.loads(texts["diff"])["plans"][0]["new_path"] == result.path
    if result.score is not None:  # (a lone surrogate escape is a YAML error, RA001)
        assert doc["files"][0]["plan"] == result.plan_name == result.plan.info.name
        kinds = ("goal", "objective", "tactic")
        drawn = {i.id for i in result.plan.items() if kind_of(i) in kinds}
        assert {n["id"] for n in json.loads(texts["graph"])["nodes"]} >= drawn
    sarif = json.loads(texts["sarif"])
    errors = list(sarif_validator().iter_errors(sarif))
    assert not errors, errors[0].message
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif["runs"][0]["results"]]
    assert len(prints) == len(set(prints)) == len(result.findings)


def xmllint(text: str) -> None:
    if XMLLINT is None:  # the parsers above still read it
        return
    proc = subprocess.run(
        [XMLLINT, "--noout", "-"], input=text.encode("utf-8"), capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()


GRAPHML_WRITERS = {
    "elementtree": nx.readwrite.graphml.write_graphml_xml,
    "lxml": nx.readwrite.graphml.write_graphml_lxml,
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_xml_outputs_parse_whatever_the_plan_holds(h: str) -> None:
    result = audited(h)
    junit = render("junit", [result], PINNED)
    assert unsafe_chars(junit) == []
    etree.fromstring(junit.encode("utf-8"))
    xmllint(junit)
    assert junit_shape_errors(junit) == []  # Jenkins' and the Ant schema's shape
    (suite,) = list(JUnitXml.fromstring(junit.encode("utf-8")))
    assert suite.name == shown(result.path)
    assert {case.classname for case in suite} == {shown(result.path)}
    graphmls = {name: to_graphml(result.graph, writer=w) for name, w in GRAPHML_WRITERS.items()}
    graphmls["default"] = export_graph(result.graph, "graphml")
    expected = set(export_graph_nodes(result))
    for name, text in graphmls.items():
        assert unsafe_chars(text) == [], name
        etree.fromstring(text.encode("utf-8"))
        xmllint(text)
        back = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
        assert back.number_of_nodes() == len(expected), name  # no two ids merged
        # ids XML can hold come back exactly as the plan wrote them
        for node in expected:
            if xml_value(node) == node:
                assert node in back, (name, node)


def export_graph_nodes(result: AuditResult) -> list[str]:
    return [n["id"] for n in json.loads(export_graph(result.graph, "json"))["nodes"]]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_dot_reads_back_in_pydot_and_graphviz(h: str) -> None:
    result = audited(h)
    text = export_graph(result.graph, "dot")
    assert unsafe_chars(text) == []
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None and len(graphs) == 1
    (graph,) = graphs
    defaults = ("graph", "node", "edge")
    nodes = {n.get_name() for n in graph.get_nodes() if n.get_name() not in defaults}
    assert len(nodes) == len(export_graph_nodes(result))  # no two ids merged
    assert len(graph.get_edges()) == len(json.loads(export_graph(result.graph, "json"))["links"])
    if DOT is not None:
        proc = subprocess.run(
            [DOT, "-Tsvg"], input=text.encode("utf-8"), capture_output=True, check=False
        )
        assert proc.returncode == 0 and not proc.stderr, proc.stderr.decode()
        etree.fromstring(proc.stdout)  # and its SVG is XML
    mermaid = export_graph(result.graph, "mermaid")
    assert unsafe_chars(mermaid) == []
    check_flowchart(mermaid)
    assert "%%" not in mermaid


# ------------------------------------------------------------------ the shared helpers


ANY_TEXT = st.text(st.characters(exclude_categories=()))  # lone surrogates too


@given(ANY_TEXT)
def test_shown_leaves_nothing_unsafe_and_everything_on_one_line(text: str) -> None:
    out = shown(text)
    assert unsafe_chars(out, allow="") == []
    assert "\n" not in out and "\r" not in out


@given(st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf"))))
def test_shown_changes_no_ordinary_text(text: str) -> None:
    if not any(ch in BIDI or ch in "\ufffe\uffff" for ch in text):
        assert shown(text) == text


@given(ANY_TEXT | st.text(st.characters(max_codepoint=0x7F)))
def test_shown_answers_plain_ascii_as_the_expression_would(text: str) -> None:
    # shown and has_unsafe skip the expression for printable ASCII (it need not be
    # compiled for such a run); whatever the text, they answer as the expression does.
    from ramaudit.report import escape

    pattern = escape._UNSAFE.compiled
    assert has_unsafe(text) is (pattern.search(text) is not None)
    assert shown(text) == pattern.sub(lambda m: escape._escape(m.group()), text)


def test_shown_spells_each_class_of_character() -> None:
    assert shown("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert shown("\x00\x1b[2J\x7f") == "\\x00\\x1b[2J\\x7f"
    assert shown("\x85\x9b") == "\\x85\\x9b"
    assert shown("\u202eevil\u2066\u2028") == "\\u202eevil\\u2066\\u2028"
    assert shown("name\udcff") == "name\\xff"  # a file name's byte that is not UTF-8
    assert shown("lone\ud800") == "lone\\ud800"  # any other lone surrogate
    assert shown("C:\\plans\\q3.yaml") == "C:\\plans\\q3.yaml"  # paths read as typed
    assert shown(42) == "42"


@given(st.recursive(ANY_TEXT | st.integers(), lambda c: st.lists(c) | st.dictionaries(ANY_TEXT, c)))
def test_json_text_reads_back_exactly_with_nothing_raw(doc: Any) -> None:
    text = json_text(doc)
    assert json.loads(text) == doc
    assert unsafe_chars(text) == []


@given(ANY_TEXT)
def test_xml_helpers_give_parsable_xml_that_reads_back(text: str) -> None:
    legal = xml_value(text)
    quoted = legal.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    serialized = xml_document(f'<r a="{quoted}"/>')
    assert unsafe_chars(serialized) == []
    back = etree.fromstring(serialized.encode("utf-8"))
    # Line breaks, tabs and carriage returns, written as references, and every other
    # character read back as written (a raw line break would read back as a space).
    assert back.get("a") == legal
    assert "\n" not in serialized


# ------------------------------------------------------------------ every command


HOSTILE_NAME = "p\n::error::name\x1b]0;t\x07\u202e.yaml"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{f}"],
        ["check", "{f}", "-f", "concise"],
        ["check", "{f}", "-f", "github"],
        ["check", "{f}", "--statistics", "-f", "concise"],
        ["explain-score", "{f}"],
        ["explain-score", "{bad}"],
        ["report", "{f}", "--format", "markdown"],
        ["report", "{bad}", "{f}", "--format", "html"],
        ["graph", "{f}"],
        ["graph", "{bad}"],
        ["diff", "{f}", "{f}"],
        ["diff", "{f}", "{f}", "-f", "markdown"],
        ["config", "--show", "{f}"],
        ["check", "{missing}"],
        ["rule", "RA\x1b[2J\n::error::x"],
    ],
    ids=lambda a: " ".join(a[:3]),
)
def test_no_command_writes_a_file_name_or_plan_text_raw(tmp_path, monkeypatch, args) -> None:
    from typer.testing import CliRunner

    from ramaudit.cli import app

    monkeypatch.chdir(tmp_path)
    plan = yaml.safe_dump(plan_doc("\n::add-mask::x\x1b[8m\x85"), allow_unicode=False)
    (tmp_path / HOSTILE_NAME).write_text(plan, encoding="utf-8")
    bad = "b\n::error::bad\x1b[2J.yaml"
    (tmp_path / bad).write_text("plan: [\n", encoding="utf-8")
    names = {"f": HOSTILE_NAME, "bad": bad, "missing": "m\n::error::gone\x1b[2J.yaml"}
    result = CliRunner().invoke(app, [a.format(**names) for a in args])
    assert result.exit_code in (0, 1, 2), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    for stream in (result.stdout, result.stderr):
        assert unsafe_chars(stream) == [], args
        assert_no_line_is_plan_text(stream, github="github" in args)


# ------------------------------------------------------------------ format characters


def test_every_format_character_is_escaped_next_to_ascii() -> None:
    """The list of format characters in escape.py against this Python's Unicode
    tables: every character of category Cf is escaped between two ASCII letters, in
    the text people read, in JSON and in XML."""
    missed = []
    for code in range(0x110000):
        ch = chr(code)
        if unicodedata.category(ch) != "Cf":
            continue
        text = f"o-pipe{ch}line"
        if (
            shown(text) == text
            or ch in json_text(text)
            or ch in xml_document(f"<r a='{text}'>{text}</r>")
        ):
            missed.append(f"U+{code:04X}")
    assert missed == []


def test_invisible_characters_are_shown_and_joiners_kept_where_they_shape_text() -> None:
    assert shown("o-pipe\u200bline") == "o-pipe\\u200bline"
    assert shown("\ufeffplan") == "\\ufeffplan"
    assert shown("soft\u00adhyphen") == "soft\\xadhyphen"
    assert shown("a\u200db") == "a\\u200db"  # a joiner between ASCII letters hides
    assert shown("\u200dx") == "\\u200dx" and shown("x\u200c") == "x\\u200c"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "mi-khaham", with ZWNJ
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert shown(persian) == persian
    assert shown(family) == family
    # machine formats lose nothing by escaping, so they escape the joiners too
    assert json.loads(json_text(family)) == family and "\u200d" not in json_text(family)
    assert "\u200d" not in xml_document(f"<r>{family}</r>")


# ------------------------------------------------------------------ several plans in one run


def run_outputs(results: list[AuditResult]) -> dict[str, str]:
    """Every output of a run over several plans, as check, report and diff write them."""
    out = {name: render(name, results, PINNED) for name in FORMATS}
    out["text-statistics"] = render("text", results, RenderOptions(statistics=True))
    out["report-markdown"] = markdown.render(results, PINNED)
    out["report-html"] = html.render(results, PINNED)
    pairs = list(zip(results, [*results[1:], results[0]], strict=True))
    diffs = [compare(a, b) for a, b in pairs]
    for name in ("text", "json", "markdown"):
        out[f"diff-{name}"] = render_diff(name, diffs)
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text, min_size=2, max_size=3))
# an escaped backtick before '@' once looked to the checker like a code span's start
@example(texts=["\n", "`\U00078635@c"])
def test_run_over_several_plans_keeps_every_plans_text_in_place(texts: list[str]) -> None:
    """Hostile text in every field of several plans at once: the run summary (random
    acts added up per currency, each plan's currency named) and every other output
    that covers the whole run."""
    results = [audited(h, f"dir{i}{h}.yaml") for i, h in enumerate(texts)]
    for name, out in run_outputs(results).items():
        assert unsafe_chars(out) == [], name
        if name in ("json", "sarif", "diff-json"):
            json.loads(out)
        elif name == "junit":
            etree.fromstring(out.encode("utf-8"))
        else:
            assert_no_line_is_plan_text(out, github=name == "github")
        if name in ("report-markdown", "diff-markdown"):
            check_markdown(out)
    text = render("text", results, PINNED)
    summary = text.rstrip("\n").split("\n")[-1]
    assert summary.startswith(f"{len(results)} files audited: "), summary
    scored = [r for r in results if r.ram_spend is not None and r.ram_spend.tactics]
    for r in scored:  # each currency named, escaped, in the one summary line
        assert shown(r.ram_spend.currency) in summary


def test_run_summary_shows_a_hostile_currency_escaped(tmp_path, monkeypatch) -> None:
    """The reported case: a folder of two plans, one in USD and one whose currency holds
    a workflow command and an OSC sequence. Such a currency is no ISO 4217 code, so it
    is an RA002 (its text shown escaped) and the plan counts in USD; nothing is raw."""
    from typer.testing import CliRunner

    from ramaudit.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    doc = plan_doc("")
    (tmp_path / "folder" / "a.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    doc["plan"]["currency"] = "EUR\n::error title=pwned::injected \x1b]0;T\x07"
    (tmp_path / "folder" / "b.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "folder"])
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert_no_line_is_plan_text(result.stdout)
    assert "EUR\\n::error title=pwned::injected \\x1b]0;T\\x07" in result.stdout  # the RA002
    summary = result.stdout.rstrip("\n").split("\n")[-1]
    assert summary.startswith("2 files audited: ") and "USD" in summary
    assert "::error" not in summary


# ------------------------------------------------------------------ line breaks, every format


MARK = "zqxinjected"
LINE_BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
# A line break as any reader may take one, then the mark (after indentation).
_STARTS_LINE = re.compile(f"(?:\\A|[\n\r\x0b\x0c\x85\u2028\u2029])[ \t]*{MARK}")


def every_output(result: AuditResult, other: AuditResult) -> dict[str, str]:
    """Every format of every command, for one plan (diffed against ``other``)."""
    out = {name: render(name, [result], PINNED) for name in FORMATS}
    out["report-markdown"] = markdown.render([result], PINNED)
    out["report-html"] = html.render([result], PINNED)
    diffs = [compare(other, result), compare(result, other)]
    for name in ("text", "json", "markdown"):
        out[f"diff-{name}"] = render_diff(name, diffs)
    if result.graph is not None:
        for fmt in ("mermaid", "dot", "graphml", "json"):
            out[f"graph-{fmt}"] = export_graph(result.graph, fmt)
        for name, writer in GRAPHML_WRITERS.items():
            out[f"graphml-{name}"] = to_graphml(result.graph, writer=writer)
    if result.score is not None:
        out["explain"] = explain_text(result)
        out["explain-json"] = explain_json(result)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, st.sampled_from(LINE_BREAKS))
def test_a_line_break_in_plan_text_never_starts_a_line_in_any_format(h: str, br: str) -> None:
    """Plan text after a line break (``...\\n::error::...`` in CI) never starts a line:
    not in text, Markdown, HTML, JSON, SARIF, JUnit, GraphML (either writer), DOT,
    Mermaid, diff or explain-score output."""
    result = audited(f"{h}{br}{MARK}")
    outputs = every_output(result, audited(""))
    assert "graph-graphml" in outputs or result.graph is None
    for name, out in outputs.items():
        if result.score is not None:  # (a lone surrogate escape is a YAML error, RA001)
            # (Mermaid labels are cut at 80 characters)
            assert MARK in out or name in ("github", "junit", "concise", "graph-mermaid"), name
        assert not _STARTS_LINE.search(out), (name, out[max(0, out.find(MARK) - 80) :][:200])


def test_graphml_writes_plan_line_breaks_as_references() -> None:
    """The reported case: a name that ends a <data> element's line and starts the next
    with a workflow command. Both GraphML writers give one line per element and read
    the line break back."""
    result = audited("x\n::error file=x::pwned")
    for writer in GRAPHML_WRITERS.values():
        text = to_graphml(result.graph, writer=writer)
        assert not [line for line in text.split("\n") if line.lstrip().startswith("::")]
        assert "&#10;::error file=x::pwned" in text
        back = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
        assert "gx\n::error file=x::pwned" in back
        assert back.nodes["gx\n::error file=x::pwned"]["name"] == "Gx\n::error file=x::pwned"


def audited_changed(h: str) -> AuditResult:
    """:func:`audited` with format 2 values changed: a target, a milestone done, a
    budget line's amount (same ids, so the diff lists them as changed values)."""
    doc = plan_doc(h)
    objective = doc["objectives"][0]
    objective["kpis"][1]["target"] = "+30%"
    objective["milestones"][0]["done"] = True
    doc["budget_lines"][0]["amount"] = 45
    text = yaml.safe_dump(doc, allow_unicode=False, sort_keys=False, width=10_000)
    return audit_text(text, f"dir{h}.yaml")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_changed_values_in_a_diff_are_escaped_in_every_format(h: str) -> None:
    old, new = audited(h), audited_changed(h)
    diff = compare(old, new)
    if diff.unparsed:  # a lone surrogate escape is a YAML error: nothing to compare
        return
    assert new.plan is not None
    field = f"kpis[{new.plan.objectives[0].kpis[1].metric}].target"  # as the model read it
    assert [v.field for v in diff.values] == [field, "done", "amount"]
    text = render_diff("text", [diff])
    assert unsafe_chars(text) == []
    assert_no_line_is_plan_text(text)
    document = render_diff("markdown", [diff])
    assert unsafe_chars(document) == []
    assert_no_line_is_plan_text(document)
    check_markdown(document)
    data = json.loads(render_diff("json", [diff]))
    changed = data["plans"][0]["items"]["changed"]
    assert changed[0]["field"] == field  # as written, once read back

"""The language server's navigation (issue 14): hover, definition, references,
completion and symbols over the example plans and the example workspace."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

lsp = pytest.importorskip("lsprotocol.types")

from ramaudit.core.model import LINK_KINDS, SPELLINGS, field_names, model_of  # noqa: E402
from ramaudit.server.navigation import (  # noqa: E402
    Lines,
    Navigator,
    markdown_text,
    parse,
    shape_at,
)

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "examples" / "plans").glob("*.yaml"))
WORKSPACE = ROOT / "examples" / "workspace" / "plans"
WORKSPACE_FILES = sorted(WORKSPACE.rglob("*.yaml"))
DEMAND_GEN = WORKSPACE / "marketing" / "teams" / "demand-gen.yaml"
MARKETING = WORKSPACE / "marketing" / "department.yaml"
SALES = WORKSPACE / "sales" / "department.yaml"
COMPANY = WORKSPACE / "company.yaml"


@pytest.fixture(autouse=True)
def _no_hidden_errors(caplog: pytest.LogCaptureFixture) -> object:
    """The Navigator logs instead of raising; a test fails on any such log."""
    caplog.set_level(logging.ERROR, logger="ramaudit.server.navigation")
    yield
    errors = [r for r in caplog.records if r.name == "ramaudit.server.navigation"]
    assert not errors, errors[0].getMessage()


def opened(path: Path, text: str | None = None, workspace: bool = False) -> Navigator:
    nav = Navigator(as_of=dt.date(2027, 2, 20))
    if workspace:
        nav.set_workspace(str(p) for p in WORKSPACE_FILES)
    nav.update(str(path), path.read_text("utf-8") if text is None else text)
    return nav


def where(text: str, needle: str, nth: int = 0, inside: int = 1) -> tuple[int, int]:
    """The LSP position ``inside`` characters into the ``nth`` occurrence of ``needle``."""
    offset = [m.start() for m in re.finditer(re.escape(needle), text)][nth] + inside
    return Lines(text).position(offset).line, Lines(text).position(offset).character


def text_at(location: lsp.Location) -> str:
    path = Path(location.uri.removeprefix("file://"))
    lines = Lines(path.read_text("utf-8"))
    start, end = lines.offset(location.range.start), lines.offset(location.range.end)
    return lines.text[start:end]


# --------------------------------------------------------------------------- positions


texts = st.lists(
    st.sampled_from(["a", " ", "é", "😀", "𝔘", "\n", "\r", "\r\n", "\u2028", "\t", "中"]),
    max_size=60,
).map("".join)


@given(texts)
def test_lsp_positions_round_trip_every_offset(text: str) -> None:
    lines = Lines(text)
    for offset in range(len(text) + 1):
        if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
            continue  # between the two characters of one line break: no position
        assert lines.offset(lines.position(offset)) == offset


@given(texts)
def test_yaml_positions_round_trip_every_offset(text: str) -> None:
    lines = Lines(text)
    for offset in range(len(text) + 1):
        assert lines.offset_of_yaml(*lines.yaml_of_offset(offset)) == offset


def test_utf16_units_count_a_character_beyond_the_bmp_twice() -> None:
    lines = Lines("a😀b\nc")
    assert lines.position(2) == lsp.Position(0, 3)  # after a and the emoji
    assert lines.offset(lsp.Position(0, 3)) == 2
    assert lines.offset(lsp.Position(0, 2)) == 1  # inside the pair: the emoji's start
    assert lines.offset(lsp.Position(0, 99)) == 3  # past the end: the line's end
    assert lines.position(5) == lsp.Position(1, 1)


def test_a_line_separator_is_a_yaml_line_but_no_lsp_line() -> None:
    lines = Lines("a\u2028b: c\nd")
    assert lines.yaml_of_offset(2) == (2, 1)
    assert lines.position(2) == lsp.Position(0, 2)


EMOJI_PLAN = """\
plan: {name: "Plan 😀 with 𝔘nicode"}
goals:
  - {name: "Grow 😀😀", id: g-grow}
objectives:
  - {id: o-one, name: "😀", goals: g-grow}
"""


def test_definition_is_placed_in_utf16_units_after_emoji(tmp_path: Path) -> None:
    path = tmp_path / "emoji.yaml"
    path.write_text(EMOJI_PLAN, "utf-8")
    nav = opened(path)
    line, character = where(EMOJI_PLAN, "goals: g-grow", inside=8)
    [location] = nav.definition(str(path), line, character)
    # 'g-grow' after '  - {name: "Grow 😀😀", id: ': each emoji is two UTF-16 units
    before = '  - {name: "Grow 😀😀", id: '
    units = len(before.encode("utf-16-le")) // 2
    assert units == len(before) + 2
    assert location.range == lsp.Range(lsp.Position(2, units), lsp.Position(2, units + 6))
    assert text_at(location) == "g-grow"


# --------------------------------------------------------------------------- definition


def link_refs(path: Path) -> list[tuple[str, str, tuple[int, int, int, int]]]:
    parsed = parse(path.read_text("utf-8"))
    assert parsed is not None
    return [
        (r.field, r.target, parsed.span(r.path))
        for r in parsed.refs
        if r.field != "id" and r.target in parsed.items
    ]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_every_link_goes_to_the_id_of_the_item_it_names(path: Path) -> None:
    text = path.read_text("utf-8")
    nav = opened(path)
    lines = Lines(text)
    refs = link_refs(path)
    assert refs, "every example plan links its items"
    for _field, target, (line, column, _, _) in refs:
        at = lines.to_lsp(line, column + 1)
        locations = nav.definition(str(path), at.line, at.character)
        assert [text_at(loc).strip("'\"") for loc in locations] == [target]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_an_items_own_id_is_its_definition(path: Path) -> None:
    nav = opened(path)
    parsed = parse(path.read_text("utf-8"))
    assert parsed is not None
    for item_id, item in parsed.items.items():
        line, column, _, _ = parsed.span((*item.path, "id"))
        at = parsed.lines.to_lsp(line, column)
        [location] = nav.definition(str(path), at.line, at.character)
        assert location.range.start == at
        assert text_at(location).strip("'\"") == item_id


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_anywhere_on_a_link_id_finds_its_definition(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(PLANS))
    refs = link_refs(path)
    _, target, (line, column, end_line, end_column) = data.draw(st.sampled_from(refs))
    assert line == end_line
    lines = Lines(path.read_text("utf-8"))
    at = lines.to_lsp(line, data.draw(st.integers(column, end_column)))
    locations = opened(path).definition(str(path), at.line, at.character)
    assert [text_at(loc).strip("'\"") for loc in locations] == [target]


def test_nothing_is_defined_off_an_id() -> None:
    path = PLANS[0]
    text = path.read_text("utf-8")
    nav = opened(path)
    assert nav.definition(str(path), *where(text, "name:")) == []
    assert nav.definition(str(path), 10_000, 0) == []
    assert nav.hover(str(path), 0, 0) is None


def test_a_qualified_link_goes_to_the_plan_it_names() -> None:
    nav = opened(DEMAND_GEN, workspace=True)
    text = DEMAND_GEN.read_text("utf-8")
    [location] = nav.definition(str(DEMAND_GEN), *where(text, "marketing:o-pipeline", 1))
    assert location.uri == MARKETING.as_uri()
    assert text_at(location) == "o-pipeline"


def test_a_bare_link_goes_to_the_one_file_of_the_ancestry_that_has_it() -> None:
    # Without a workspace: the ancestry, read from disk through plan.parents.
    nav = opened(MARKETING)
    text = MARKETING.read_text("utf-8")
    [location] = nav.definition(str(MARKETING), *where(text, "parents: co-new-logos", inside=10))
    assert location.uri == COMPANY.as_uri()
    assert text_at(location) == "co-new-logos"


def test_a_files_own_id_wins_over_the_workspace() -> None:
    nav = opened(SALES, workspace=True)
    text = SALES.read_text("utf-8")
    [location] = nav.definition(str(SALES), *where(text, "parents: o-pipeline", inside=10))
    assert location.uri == SALES.as_uri()


# --------------------------------------------------------------------------- references


def test_references_across_the_workspace() -> None:
    nav = opened(COMPANY, workspace=True)
    text = COMPANY.read_text("utf-8")
    at = where(text, "id: co-new-logos", inside=5)
    found = nav.references(str(COMPANY), *at, include_declaration=False)
    files = {loc.uri for loc in found}
    assert MARKETING.as_uri() in files and SALES.as_uri() in files
    assert all(text_at(loc) == "co-new-logos" for loc in found)
    declared = nav.references(str(COMPANY), *at, include_declaration=True)
    assert len(declared) == len(found) + 1
    assert declared[0].uri == COMPANY.as_uri()


def test_references_from_a_link_equal_those_from_the_id() -> None:
    nav = opened(MARKETING, workspace=True)
    text = MARKETING.read_text("utf-8")
    from_link = nav.references(str(MARKETING), *where(text, "co-new-logos", 0), True)
    company = COMPANY.read_text("utf-8")
    nav.update(str(COMPANY), company)
    from_id = nav.references(str(COMPANY), *where(company, "id: co-new-logos", inside=5), True)
    assert from_link == from_id


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_every_link_is_among_the_references_of_what_it_names(path: Path) -> None:
    nav = opened(path)
    parsed = parse(path.read_text("utf-8"))
    assert parsed is not None
    lines = parsed.lines
    for item_id, item in parsed.items.items():
        line, column, _, _ = parsed.span((*item.path, "id"))
        at = lines.to_lsp(line, column)
        found = nav.references(str(path), at.line, at.character, False)
        expected = [
            lines.range(parsed.span(r.path))
            for r in parsed.refs
            if r.field != "id" and r.target == item_id
        ]
        assert [loc.range for loc in found] == expected


# --------------------------------------------------------------------------- hover


def test_hover_on_a_link_names_the_item_in_its_file() -> None:
    nav = opened(DEMAND_GEN, workspace=True)
    text = DEMAND_GEN.read_text("utf-8")
    hover = nav.hover(str(DEMAND_GEN), *where(text, "marketing:o-pipeline", 1))
    assert hover is not None
    value = hover.contents.value
    assert value.startswith("**objective** o\\-pipeline — ")
    assert "owner: Isabel Okoye" in value
    assert "in \\.\\.\\/department\\.yaml (plan marketing)" in value
    assert "marketing\\-sourced pipeline: 8,200,000 → " in value
    assert "by 2027-12-31" in value
    line, character = where(text, "marketing:o-pipeline", 1, inside=0)
    assert hover.range == lsp.Range(
        lsp.Position(line, character), lsp.Position(line, character + 20)
    )


def test_hover_on_a_kpi_gives_its_progress() -> None:
    path = ROOT / "examples" / "plans" / "tracking-demo.yaml"
    text = path.read_text("utf-8")
    nav = opened(path)
    hover = nav.hover(str(path), *where(text, "value: 52"))
    assert hover is not None
    value = hover.contents.value
    assert value.startswith("**KPI** ")
    assert "progress on 2027-02-20: " in value
    assert "latest 52 on 2027-02-14; confidence 0.7" in value
    assert re.search(r"\d+% of the way \(expected \d+%\), (on track|at risk|off track)", value)


def test_hover_on_a_kpi_without_readings_gives_no_progress() -> None:
    path = DEMAND_GEN
    text = path.read_text("utf-8")
    hover = opened(path).hover(str(path), *where(text, "marketing qualified leads"))
    assert hover is not None
    assert "progress" not in hover.contents.value
    assert "marketing qualified leads: 0 → 900 by 2027-07-31" in hover.contents.value


HOSTILE_PLAN = """\
plan: {name: Hostile}
goals:
  - id: g-x
    name: "`code` [link](javascript:alert(1)) <script>x</script> **bold** \\a \\u202e \\n# h"
    owner: "![img](http://x/y.png) | table |"
objectives:
  - {id: o-x, goals: g-x}
"""


def test_hover_escapes_plan_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_PLAN, "utf-8")
    nav = opened(path)
    hover = nav.hover(str(path), *where(HOSTILE_PLAN, "goals: g-x", inside=8))
    assert hover is not None
    value = hover.contents.value
    title = value.splitlines()[0]
    assert "\\`code\\`" in title and "\\[link\\]\\(javascript" in title
    assert "\\<script\\>" in title and "\\*\\*bold\\*\\*" in title
    assert "\x07" not in value and "\u202e" not in value
    assert "\\\\u0007" in title and "\\\\u202e" in title and "\\\\u000a\\# h" in title
    assert "\\!\\[img\\]" in value and "\\| table \\|" in value


@given(st.text())
def test_markdown_text_is_one_line_of_literal_text(text: str) -> None:
    shown = markdown_text(text)
    assert "\n" not in shown and "\r" not in shown
    # Every ASCII punctuation character is escaped, so none can start markup.
    assert not re.search(r"(?<!\\)(?:\\\\)*[`*_\[\]<>!#|]", shown.replace("\\\\u", "u"))
    if all(ch.isprintable() or ch == " " for ch in text):
        assert re.sub(r"\\(.)", r"\1", shown) == text


# --------------------------------------------------------------------------- mid-edit


def test_a_document_that_stops_parsing_keeps_its_last_good_parse() -> None:
    path = DEMAND_GEN
    text = path.read_text("utf-8")
    nav = opened(path, workspace=True)
    at = where(text, "marketing:o-pipeline", 1)
    before = nav.definition(str(path), *at)
    broken = text + "\ntactics: [unclosed\n  - {:\n"
    nav.update(str(path), broken)
    assert nav.definition(str(path), *at) == before
    assert nav.hover(str(path), *at) is not None
    assert nav.document_symbols(str(path))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200), st.integers(0, 12), st.integers(0, 40))
def test_no_request_raises_on_any_text(text: str, line: int, character: int) -> None:
    nav = Navigator()
    nav.update("/nonexistent/plan.yaml", text)
    nav.hover("/nonexistent/plan.yaml", line, character)
    nav.definition("/nonexistent/plan.yaml", line, character)
    nav.references("/nonexistent/plan.yaml", line, character, True)
    nav.completion("/nonexistent/plan.yaml", line, character)
    nav.document_symbols("/nonexistent/plan.yaml")
    nav.workspace_symbols("a")


def test_requests_about_unknown_files_answer_nothing() -> None:
    nav = Navigator()
    assert nav.hover("/no/such.yaml", 0, 0) is None
    assert nav.definition("/no/such.yaml", 0, 0) == []
    assert nav.completion("/no/such.yaml", 0, 0).items == []
    assert nav.document_symbols("/no/such.yaml") == []
    nav.forget("/no/such.yaml")


def test_a_closed_file_is_read_from_disk_again(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("plan: {name: On disk}\ngoals: [{id: g-disk}]\n", "utf-8")
    nav = Navigator()
    nav.update(str(path), "plan: {name: Open}\ngoals: [{id: g-open}]\n")
    assert [s.name for s in nav.workspace_symbols("")] == ["g-open"]
    nav.forget(str(path))
    nav.set_workspace([str(path)])
    assert [s.name for s in nav.workspace_symbols("")] == ["g-disk"]


# --------------------------------------------------------------------------- completion


def complete(nav: Navigator, path: Path, text: str, offset: int) -> list[str]:
    nav.update(str(path), text)
    at = Lines(text).position(offset)
    return [item.label for item in nav.completion(str(path), at.line, at.character).items]


def test_completion_of_a_link_offers_ids_of_the_kind_it_names() -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN, workspace=True)
    offset = text.index("objectives: marketing:o-pipeline") + len("objectives: ")
    labels = complete(nav, DEMAND_GEN, text, offset)
    # Objectives only: no goal, tactic or segment; o-pipeline is in two plans, so qualified.
    assert "marketing:o-pipeline" in labels and "sales:o-pipeline" in labels
    assert "o-pipeline" not in labels and "o-inbound-demos" in labels
    assert not any(label.startswith(("g-", "t-", "seg-", "c-")) for label in labels)


def test_completion_of_segments_and_dependencies(tmp_path: Path) -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN)
    offset = text.index("segment: seg-general-counsel") + len("segment: seg")
    labels = complete(nav, DEMAND_GEN, text, offset)
    assert labels == ["seg-general-counsel", "seg-legal-ops"]
    edited = text.replace(
        "        channel: content\n", "        channel: content\n        after: [t-\n", 1
    )
    offset = edited.index("after: [t-") + len("after: [t-")
    labels = complete(nav, DEMAND_GEN, edited, offset)
    assert "t-benchmark-webinars" in labels and "c-demo-engine" in labels
    assert not any(label.startswith(("o-", "seg-")) for label in labels)


def test_completion_replaces_the_id_being_typed() -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN)
    offset = text.index("segment: seg-general-counsel") + len("segment: seg-ge")
    at = Lines(text).position(offset)
    item = nav.completion(str(DEMAND_GEN), at.line, at.character).items[0]
    assert item.text_edit is not None
    assert item.text_edit.range.end == at
    assert item.text_edit.range.start == lsp.Position(at.line, at.character - 6)


def schema_keys(kind: str) -> list[str]:
    model = model_of(kind)
    second = {s for key, others in SPELLINGS.items() if key in model.model_fields for s in others}
    return [k for k in field_names(model) if k not in second]


def schema_keys_kpi() -> list[str]:
    from ramaudit.core.model import KPI

    return list(KPI.model_fields)


def written_keys(text: str, path: tuple[str | int, ...]) -> set[str]:
    from ramaudit.core import loader

    data = loader.load(text).data
    for part in path:
        data = data[part]
    return set(data)


def test_completion_of_keys_follows_the_model_at_each_level() -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN)
    parsed = parse(text)
    assert parsed is not None
    for marker, kind, path in [
        ("        channel: content\n", "tactic", parsed.items["t-benchmark-report"].path),
        (
            "    objectives: marketing:o-pipeline\n",
            "campaign",
            parsed.items["c-contract-benchmark"].path,
        ),
        ("  budget: 420000\n", "plan", ("plan",)),
    ]:
        indent = re.match(" *", marker).group()  # type: ignore[union-attr]
        edited = text.replace(marker, marker + indent + "st\n", 1)
        offset = edited.index(marker) + len(marker) + len(indent) + 2
        present = written_keys(text, path)
        expected = [k for k in schema_keys(kind) if k not in present]
        assert present and expected
        assert complete(nav, DEMAND_GEN, edited, offset) == expected


def test_completion_of_keys_in_an_inline_kpi_and_a_new_item() -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN)
    marker = "{metric: marketing qualified leads, "
    offset = text.index(marker) + len(marker)
    expected = [k for k in schema_keys_kpi() if k != "metric"]
    assert complete(nav, DEMAND_GEN, text, offset) == expected
    edited = text.replace("segments:\n", "segments:\n  - na\n", 1)
    offset = edited.index("  - na\n") + len("  - na")
    assert complete(nav, DEMAND_GEN, edited, offset) == schema_keys("segment")


def test_completion_leaves_out_the_keys_of_the_entry_only() -> None:
    text = (
        "plan: {name: x}\ntactics:\n  - id: t-a\n    name: A\n    bu\n  - id: t-b\n    owner: B\n"
    )
    nav = Navigator()
    path = Path("/tmp/plan.yaml")
    labels = complete(nav, path, text, text.index("    bu\n") + 6)
    assert "id" not in labels and "name" not in labels
    assert "owner" in labels and "budget" in labels


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("        stage: ", ["awareness", "education", "conversion", "retention"]),
        ("  review_cadence: ", ["weekly", "biweekly", "monthly", "quarterly"]),
        ("        status: ", ["planned", "active", "paused", "done", "cancelled"]),
    ],
)
def test_completion_of_enumerated_values(line: str, expected: list[str]) -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN)
    marker = "        channel: content\n" if line.startswith("        ") else "  budget: 420000\n"
    edited = text.replace(marker, marker + line + "\n", 1)
    offset = edited.index(marker) + len(marker) + len(line)
    assert complete(nav, DEMAND_GEN, edited, offset) == expected


def test_completion_of_a_goal_type_in_a_document_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = "plan:\n  name: x\ngoals:\n  - id: g-a\n    type: \n  - id: [\n"
    nav = Navigator()
    labels = complete(nav, path, text, text.index("type: ") + len("type: "))
    assert labels == ["new-market", "market-share", "retention", "brand", "other"]


def test_the_schema_shapes_match_the_models() -> None:
    for keys, kind in [((), None), (("goals",), "goal"), (("goals", "objectives"), "objective")]:
        shape = shape_at(keys)
        assert shape is not None
        if kind is not None:
            assert list(shape.keys) == schema_keys(kind)
    tactic = shape_at(("tactics",))
    assert tactic is not None
    assert {k for k in tactic.keys if k in LINK_KINDS} == {
        "objectives",
        "campaign",
        "segment",
        "depends_on",
    }


def test_no_completion_in_a_comment_or_free_text() -> None:
    text = DEMAND_GEN.read_text("utf-8")
    nav = opened(DEMAND_GEN)
    assert complete(nav, DEMAND_GEN, text, text.index("demand generation team") + 3) == []
    offset = text.index("name: Quillmark demand") + len("name: Quill")
    assert complete(nav, DEMAND_GEN, text, offset) == []


# --------------------------------------------------------------------------- symbols


def test_workspace_symbols_by_name_or_id_fuzzy() -> None:
    nav = Navigator()
    nav.set_workspace(str(p) for p in WORKSPACE_FILES)
    everything = nav.workspace_symbols("")
    kinds = {s.kind for s in everything}
    assert kinds <= {
        lsp.SymbolKind.Class,
        lsp.SymbolKind.Interface,
        lsp.SymbolKind.Module,
        lsp.SymbolKind.Function,
    }
    assert not any("seg-" in s.name for s in everything)
    found = nav.workspace_symbols("demo engine")
    # The words as parts of the id or name first, then their letters in order.
    assert found[0].name == "Always-on demo demand (c-demo-engine)"
    exact = nav.workspace_symbols("c-demo-engine")
    assert [s.name for s in exact] == ["Always-on demo demand (c-demo-engine)"]
    assert text_at(exact[0].location) == "c-demo-engine"
    fuzzy = nav.workspace_symbols("cdmoeng")
    assert "Always-on demo demand (c-demo-engine)" in [s.name for s in fuzzy]
    assert nav.workspace_symbols("zzzzqqqq") == []


def test_document_symbols_are_a_tree_of_the_items_as_written() -> None:
    nav = opened(DEMAND_GEN)
    symbols = nav.document_symbols(str(DEMAND_GEN))
    assert symbols[0].name == "Quillmark demand generation 2027"
    campaign = next(s for s in symbols if s.detail == "campaign c-contract-benchmark")
    children = [c.detail for c in campaign.children or []]
    assert children == ["tactic t-benchmark-report", "tactic t-benchmark-webinars"]
    report = (campaign.children or [])[0]
    assert [c.detail for c in report.children or []] == ["KPI", "KPI"]
    text = DEMAND_GEN.read_text("utf-8")
    lines = Lines(text)
    start, end = (
        lines.offset(report.selection_range.start),
        lines.offset(report.selection_range.end),
    )
    assert text[start:end] == "t-benchmark-report"


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_document_symbols_hold_every_item_once(path: Path) -> None:
    nav = opened(path)
    parsed = parse(path.read_text("utf-8"))
    assert parsed is not None

    def walk(symbols: list[lsp.DocumentSymbol]) -> list[str]:
        out = []
        for s in symbols:
            if s.detail not in ("plan", "KPI"):
                out.append(s.detail)
            out += walk(list(s.children or []))
        return out

    found = walk(nav.document_symbols(str(path)))
    from ramaudit.core.model import kind_of

    assert sorted(found) == sorted(f"{kind_of(i)} {i.id}" for i in parsed.plan.items())


def test_completion_in_a_small_plan_offers_an_id_just_written(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = "plan: {name: x}\nobjectives:\n  - id: o-old\ntactics:\n  - id: t-a\n    objectives: \n"
    nav = Navigator()
    assert complete(nav, path, text, text.index("objectives: \n") + 12) == ["o-old"]
    grown = text.replace("  - id: o-old\n", "  - id: o-old\n  - id: o-new\n")
    assert complete(nav, path, grown, grown.index("objectives: \n") + 12) == ["o-old", "o-new"]


def test_completion_in_a_large_plan_reads_the_last_parse(tmp_path: Path) -> None:
    from ramaudit.server import navigation

    path = tmp_path / "plan.yaml"
    filler = "".join(f"  - id: s-{i}\n" for i in range(navigation.STALE_COMPLETION_SIZE // 10))
    text = f"plan: {{name: x}}\nsegments:\n{filler}objectives:\n  - id: o-old\ntactics:\n"
    text += "  - id: t-a\n    objectives: \n"
    nav = Navigator()
    nav.update(str(path), text)
    assert nav.document_symbols(str(path))  # loaded once
    grown = text.replace("  - id: o-old\n", "  - id: o-old\n  - id: o-new\n")
    offset = grown.index("objectives: \n", grown.index("tactics:")) + 12
    assert complete(nav, path, grown, offset) == ["o-old"]
    nav.hover(str(path), 0, 0)  # any other request loads the new text
    assert complete(nav, path, grown, offset) == ["o-old", "o-new"]


def test_links_after_a_placeholder_and_through_aliases(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = (
        "plan: {name: x}\n"
        "goals:\n  - &goal {id: g-a}\n"
        "objectives:\n"
        "  - id: o-a\n    goals: [TBD, g-a]\n"
        "  - id: o-b\n    goals: g-a\n    x-copy: *goal\n"
        "tactics:\n  - {id: 7, objectives: [o-b]}\n  - {id: t-b, depends_on: [7]}\n"
    )
    nav = opened(path, text)
    path.write_text(text, "utf-8")
    at = where(text, "g-a]", inside=1)
    [location] = nav.definition(str(path), *at)
    assert text_at(location) == "g-a"
    found = nav.references(str(path), *at, include_declaration=False)
    assert [text_at(loc) for loc in found] == ["g-a", "g-a"]
    assert found[0].range.start == lsp.Position(*where(text, "g-a]", inside=0))
    assert nav.definition(str(path), *where(text, "TBD")) == []
    [number] = nav.definition(str(path), *where(text, "[7]", inside=1))
    assert text_at(number) == "7"


@given(texts, st.integers(1, 8), st.integers(1, 12))
def test_yaml_to_lsp_takes_the_short_way_to_the_same_place(text: str, line: int, col: int) -> None:
    lines = Lines(text)
    assert lines.to_lsp(line, col) == lines.position(lines.offset_of_yaml(line, col))


def test_links_resolve_across_the_workspace_as_check_resolves_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every link of the example workspace that ``check`` finds no fault with (no
    RA005 missing id, no RA114 ambiguous id) has a definition, and those it faults
    have none."""
    import json

    from typer.testing import CliRunner

    from ramaudit.cli import app

    monkeypatch.chdir(WORKSPACE.parent)
    result = CliRunner().invoke(app, ["check", "--format", "json", "plans"])
    faulted = {
        (str((WORKSPACE.parent / file["path"]).resolve()), f["line"], f["column"])
        for file in json.loads(result.output)["files"]
        for f in file["findings"]
        if f["code"] in ("RA005", "RA114")
    }
    assert faulted, "the example shows one misspelt id"
    nav = Navigator()
    nav.set_workspace(str(p) for p in WORKSPACE_FILES)
    seen = 0
    for path in WORKSPACE_FILES:
        parsed = parse(path.read_text("utf-8"))
        assert parsed is not None
        for ref in parsed.refs:
            if ref.field == "id":
                continue
            line, column, _, _ = parsed.span(ref.path)
            at = parsed.lines.to_lsp(line, column)
            found = nav.definition(str(path), at.line, at.character)
            if (str(path), line, column) in faulted:
                assert found == [], (path, ref.target)
            else:
                [location] = found
                assert text_at(location) == ref.target.rpartition(":")[2], (path, ref.target)
                seen += 1
    assert seen > 20


def test_a_confidential_target_stays_out_of_the_hover(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = (
        "version: 2\nplan: {name: x}\ngoals: [{id: g-a}]\nobjectives:\n"
        "  - id: o-a\n    goals: g-a\n    kpis:\n"
        "      - {metric: revenue, target: 4200000, confidential: true}\n"
        "tactics: [{id: t-a, objectives: o-a}]\n"
    )
    nav = opened(path, text)
    hover = nav.hover(str(path), *where(text, "objectives: o-a", inside=13))
    assert hover is not None
    assert "revenue: none → confidential" in hover.contents.value
    assert "4200000" not in hover.contents.value and "4,200,000" not in hover.contents.value
    kpi = nav.hover(str(path), *where(text, "revenue"))
    assert kpi is not None and "4,200,000" not in kpi.contents.value


def test_symbols_of_items_written_through_an_alias_stay_inside_their_range(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.yaml"
    text = "plan: {name: x}\nx-base: &base {id: t-a, name: A}\ntactics:\n  - *base\n"
    nav = opened(path, text)
    for symbol in nav.document_symbols(str(path)):
        start, end = symbol.range.start, symbol.range.end
        sel = symbol.selection_range
        assert (start.line, start.character) <= (sel.start.line, sel.start.character)
        assert (sel.end.line, sel.end.character) <= (end.line, end.character)


def test_hover_on_an_ambiguous_id_names_the_qualified_choices(tmp_path: Path) -> None:
    (tmp_path / ".ramaudit.toml").write_text('workspace = ["*.yaml"]\n', "utf-8")
    for name in ("north", "south"):
        (tmp_path / f"{name}.yaml").write_text(
            f"plan: {{name: {name}}}\nobjectives: [{{id: o-pipeline}}]\n", "utf-8"
        )
    team = tmp_path / "team.yaml"
    text = "plan: {name: Team}\ntactics:\n  - {id: t-a, objectives: o-pipeline}\n"
    team.write_text(text, "utf-8")
    nav = Navigator()
    nav.update(str(team), text)
    assert nav.definition(str(team), *where(text, "o-pipeline")) == []
    hover = nav.hover(str(team), *where(text, "o-pipeline"))
    assert hover is not None
    assert hover.contents.value == (
        "**o\\-pipeline** names an item in each of 2 plans; write one of: "
        "north\\:o\\-pipeline, south\\:o\\-pipeline\n"
    )
    labels = complete(nav, team, text, text.index("o-pipeline"))
    assert labels == ["north:o-pipeline", "south:o-pipeline"]


def test_without_a_workspace_setting_other_files_are_not_linked(tmp_path: Path) -> None:
    # The editor's folder holds both files, but no configuration makes them one
    # workspace: as for check, a link reaches only the plans plan.parents names.
    other = tmp_path / "other.yaml"
    other.write_text("plan: {name: Other}\nobjectives: [{id: o-far}]\n", "utf-8")
    team = tmp_path / "team.yaml"
    text = "plan: {name: Team}\ntactics:\n  - {id: t-a, objectives: o-far}\n"
    nav = Navigator()
    nav.set_workspace([str(other), str(team)])
    nav.update(str(team), text)
    assert nav.definition(str(team), *where(text, "o-far")) == []
    assert complete(nav, team, text, text.index("o-far")) == []
    with_parent = text.replace("{name: Team}", "{name: Team, parents: other.yaml}")
    nav.update(str(team), with_parent)
    [location] = nav.definition(str(team), *where(with_parent, "o-far"))
    assert location.uri == other.as_uri()
    # Workspace symbols list every plan file the editor knows of.
    assert "o-far" in [s.name for s in nav.workspace_symbols("far")]


def test_completion_of_true_and_false(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = "version: 2\nplan: {name: x}\nmilestones:\n  - id: m-a\n    done: \n"
    assert complete(Navigator(), path, text, text.index("done: ") + 6) == ["true", "false"]


def test_completion_in_lists_written_at_their_keys_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = (
        "plan: {name: x}\ngoals:\n- id: g-a\nobjectives:\n- id: o-a\n  goals:\n  - g-\n"
        "tactics:\n- id: t-a\n  objectives:\n  - o\n"
    )
    nav = Navigator()
    assert complete(nav, path, text, text.index("  - g-\n") + 6) == ["g-a"]
    assert complete(nav, path, text, text.index("  - o\n") + 5) == ["o-a"]


def test_kpi_progress_reads_the_configured_thresholds(tmp_path: Path) -> None:
    plan = ROOT / "examples" / "plans" / "tracking-demo.yaml"
    path = tmp_path / "tracking-demo.yaml"
    text = plan.read_text("utf-8")
    path.write_text(text, "utf-8")
    # 43% of the way with 57% expected: at risk by default, on track with a
    # tolerance of twenty points.
    nav = Navigator(as_of=dt.date(2027, 2, 20))
    (tmp_path / ".ramaudit.toml").write_text("[rules.behind-schedule]\ntolerance = 0.2\n", "utf-8")
    nav.update(str(path), text)
    hover = nav.hover(str(path), *where(text, "value: 52"))
    assert hover is not None
    assert "progress on 2027-02-20: 43% of the way (expected 57%), on track" in (
        hover.contents.value
    )
    (tmp_path / ".ramaudit.toml").write_text("", "utf-8")
    hover = nav.hover(str(path), *where(text, "value: 52"))
    assert hover is not None and "(expected 57%), at risk" in hover.contents.value


def test_completion_of_parents_offers_the_other_plan_files() -> None:
    nav = Navigator()
    nav.set_workspace(str(p) for p in WORKSPACE_FILES)
    text = DEMAND_GEN.read_text("utf-8")
    offset = text.index("parents: ../department.yaml") + len("parents: ")
    labels = complete(nav, DEMAND_GEN, text, offset)
    assert "../department.yaml" in labels and "../../company.yaml" in labels
    assert "demand-gen.yaml" not in labels and "customer-marketing.yaml" in labels

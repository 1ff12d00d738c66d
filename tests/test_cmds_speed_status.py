"""status's plain text, measured and stripped without rich: each shortcut of
report/status_text.py against rich's own function, and whole reports printed both
ways (plain characters and rich texts) compared byte for byte."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.text import Text

from conftest import EXAMPLES
from ramaudit.api import status
from ramaudit.config.effective import Config
from ramaudit.report import RenderOptions
from ramaudit.report import status_text as st_text
from ramaudit.report.console import make_console
from test_plan_text_is_data import hostile_text
from test_status import hostile_status

# Printable ASCII, the characters rich drops, wide, combining and box characters,
# and the two that make rich measure a string as a whole (joiner, variation selector).
ODD = [*"\x00\x07\x08\x0b\x0c\r\t\x1b\x7f\x85", "·", "█", "│", "→", "•", "字", "\u0301"]
JOINING = ["\u200d", "\ufe0f", "\u2764", "\U0001f468", "\u200b"]
CHARS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(ODD + JOINING),
    st.characters(exclude_categories=("Cs",)),
)
TEXT = st.text(CHARS, max_size=40)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_cells_is_rich_s_cell_len(text: str) -> None:
    assert st_text.cells(text) == cell_len(text)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_stripped_is_rich_s_strip(text: str) -> None:
    assert st_text.stripped(text) == strip_control_codes(text)


@settings(max_examples=500, deadline=None)
@given(TEXT, TEXT)
def test_joined_parts_measure_as_their_sum_or_are_measured(left: str, right: str) -> None:
    joined = left + st_text.SEP + right
    both = st_text.joined_cells(joined, cell_len(left), cell_len(right))
    assert both == cell_len(joined)


def test_long_strings_measure_as_rich_does() -> None:
    # rich measures strings of 512 characters and more without its cache.
    for text in ("a" * 600, "字" * 300 + "b" * 300, "→" * 700, "\u2764\ufe0f" * 300):
        assert st_text.cells(text) == cell_len(text)


PIECES = st.one_of(TEXT, st.builds(Text, TEXT, style=st.sampled_from(["", "bold", "dim"])))
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["line", "head", "parts", "wrapped"]),
        st.integers(0, 8),
        st.lists(PIECES, min_size=1, max_size=4),
    ),
    max_size=8,
)


def printed(operations: list, width: int, plain: bool) -> str:
    buf = io.StringIO()
    out = st_text.Lines(make_console(RenderOptions(color=False, width=width), buf), width)
    out.plain = plain
    do = {
        "line": lambda indent, items: out.line(items[0]),
        "head": lambda indent, items: out.head(indent, items[0]),
        "parts": out.parts,
        "wrapped": lambda indent, items: out.wrapped(indent, items[0]),
    }
    for name, indent, items in operations:
        do[name](indent, items)
    out.flush()
    return buf.getvalue()


@settings(max_examples=300, deadline=None)
@given(OPERATIONS, st.integers(12, 60))
def test_plain_lines_of_strings_and_texts_print_as_rich_texts(operations: list, width: int):
    assert printed(operations, width, True) == printed(operations, width, False)


def rendered(results: list, width: int, plain: bool, monkeypatch: pytest.MonkeyPatch) -> str:
    """The text report, its lines kept as characters (``plain``) or as rich texts."""
    made = st_text.Lines.__init__

    def init(self: st_text.Lines, console, width: int) -> None:  # type: ignore[no-untyped-def]
        made(self, console, width)
        self.plain = plain

    with monkeypatch.context() as m:
        m.setattr(st_text.Lines, "__init__", init)
        return st_text.render(results, RenderOptions(color=False, width=width))


@pytest.mark.parametrize("width", [20, 41, 80, 100, 133])
@pytest.mark.parametrize("name", ["tracking-demo.yaml", "saas-demand-gen.yaml", "okr-rollup.yaml"])
def test_example_status_is_the_same_printed_either_way(
    name: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = [status(EXAMPLES / name, Config(as_of=dt.date(2027, 2, 15)))]
    plain = rendered(results, width, True, monkeypatch)
    assert plain == rendered(results, width, False, monkeypatch)
    assert plain == st_text.render(results, RenderOptions(color=False, width=width))


@settings(max_examples=40, deadline=None)
@given(hostile_text, st.integers(20, 120))
def test_hostile_status_is_the_same_printed_either_way(h: str, width: int) -> None:
    results = [hostile_status(h)]
    with pytest.MonkeyPatch.context() as m:
        assert rendered(results, width, True, m) == rendered(results, width, False, m)


def test_a_bar_is_drawn_once_for_its_cells() -> None:
    console = make_console(RenderOptions(color=False, width=80), io.StringIO())
    out = st_text.Lines(console, 80)
    first = st_text.drawn_bar(out, 0.5, 0.25, 30, "cyan")
    assert st_text.drawn_bar(out, 0.5, 0.25, 30, "red") is first
    assert first == st_text.bar(0.5, 0.25, 30, "red").plain

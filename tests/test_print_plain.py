"""report.console.print_plain writes lines without rich's render only where that gives
rich's exact characters: each case here is printed both ways and compared."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from ramaudit.report import RenderOptions
from ramaudit.report.console import make_console, print_plain
from ramaudit.report.text import Fitted

# Letters, spaces, wide and combining characters, and the ones rich treats apart.
CHARS = st.sampled_from([*"ab Z9-[]:·█—", "\t", "\r", "\x1b", "\u200b", "字", "\u0301"])
STYLES = st.sampled_from(["", "bold", "red", "dim", "bold red", "link https://x.test"])


@st.composite
def texts(draw: st.DrawFn, styled_only: bool = False) -> Text:
    """Texts of styled pieces; unless ``styled_only``, some ask for their own
    justification, overflow or wrapping."""
    if styled_only:
        text = Text()
    else:
        text = Text(
            justify=draw(st.sampled_from([None, None, None, "left", "right", "default"])),
            overflow=draw(st.sampled_from([None, None, None, "ellipsis", "fold"])),
            no_wrap=draw(st.sampled_from([None, None, None, True, False])),
        )
    for _ in range(draw(st.integers(0, 4))):
        text.append(draw(st.text(CHARS, max_size=30)), style=draw(STYLES))
    return text


def drawn_by_rich(lines: list[Text], width: int) -> str:
    buf = io.StringIO()
    make_console(RenderOptions(color=False, width=width), buf).print(
        Text("\n").join(lines), soft_wrap=True
    )
    return buf.getvalue()


@settings(max_examples=400, deadline=None)
@given(st.lists(texts(), max_size=6), st.integers(5, 60))
def test_plain_lines_are_what_rich_prints(lines: list[Text], width: int) -> None:
    buf = io.StringIO()
    if print_plain(make_console(RenderOptions(color=False, width=width), buf), lines):
        assert buf.getvalue() == drawn_by_rich(lines, width)
    else:
        assert buf.getvalue() == ""


def test_ordinary_lines_take_the_plain_path() -> None:
    lines = [Text("plan  score 61/100", style="bold"), Text(""), Text("  + T-1 a tactic")]
    buf = io.StringIO()
    assert print_plain(make_console(RenderOptions(color=False, width=40), buf), lines)
    assert buf.getvalue() == "plan  score 61/100\n\n  + T-1 a tactic\n"


def test_rich_draws_colour_tabs_and_wide_trailing_spaces() -> None:
    coloured = make_console(RenderOptions(color=True, width=40), io.StringIO())
    plain = make_console(RenderOptions(color=False, width=5), io.StringIO())
    assert not print_plain(coloured, [Text("x")])
    assert not print_plain(plain, [Text("a\tb")])
    assert not print_plain(plain, [Text("abcdef   ")])
    assert not print_plain(plain, [Text("x", justify="right")])
    assert plain.file.getvalue() == ""  # type: ignore[attr-defined]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(texts(), st.text(CHARS, max_size=20), st.none()), max_size=6))
def test_fitted_prints_as_the_console_does(items: list[Text | str | None]) -> None:
    """diff's and history's lines through Fitted (not wrapped) equal rich's own print."""
    ours, theirs = io.StringIO(), io.StringIO()
    fitted = Fitted(
        make_console(RenderOptions(color=False, width=30), ours), RenderOptions(width=30)
    )
    console = make_console(RenderOptions(color=False, width=30), theirs)
    for item in items:
        if item is None:
            fitted.print()
            console.print()
        else:
            fitted.print(item, soft_wrap=True)
            console.print(Text(item) if isinstance(item, str) else item, soft_wrap=True)
    assert ours.getvalue() == theirs.getvalue()


# status's lines: kept as plain characters on a console without colour, as rich texts
# otherwise; both must print the same characters. status makes its texts with styles
# only, never with a justification, overflow or wrapping of their own.
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["line", "head", "parts", "wrapped"]),
        st.integers(0, 8),
        st.lists(
            st.one_of(texts(styled_only=True), st.text(CHARS, max_size=40)), min_size=1, max_size=4
        ),
    ),
    max_size=8,
)


def status_lines(operations: list, width: int, plain: bool) -> str:
    from ramaudit.report.status_text import Lines

    buf = io.StringIO()
    out = Lines(make_console(RenderOptions(color=False, width=width), buf), width)
    out.plain = plain
    for name, indent, items in operations:
        as_text = [item if isinstance(item, Text) else Text(item) for item in items]
        if name == "line":
            out.line(items[0])
        elif name == "head":
            out.head(indent, as_text[0])
        elif name == "parts":
            out.parts(indent, items)
        else:
            out.wrapped(indent, as_text[0])
    out.flush()
    return buf.getvalue()


@settings(max_examples=300, deadline=None)
@given(OPERATIONS, st.integers(12, 60))
def test_status_plain_lines_print_as_rich_texts(operations: list, width: int) -> None:
    assert status_lines(operations, width, True) == status_lines(operations, width, False)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.none(), st.floats(-1, 2)),
    st.one_of(st.none(), st.floats(-1, 2)),
    st.integers(1, 40),
)
def test_status_plain_bar_is_the_bar_s_characters(
    share: float | None, mark: float | None, width: int
) -> None:
    from ramaudit.report.status_text import Lines, bar, drawn_bar

    console = make_console(RenderOptions(color=False, width=80), io.StringIO())
    plain, styled = Lines(console, 80), Lines(console, 80)
    styled.plain = False
    assert drawn_bar(plain, share, mark, width, "cyan") == bar(share, mark, width, "cyan").plain
    assert drawn_bar(styled, share, mark, width, "cyan") == bar(share, mark, width, "cyan")

"""The rich console every terminal format draws on, set up in one place.

Plan text is never rich markup nor emoji codes (``[x]`` and ``:x:`` print as written),
and nothing is highlighted: the colours a renderer asks for are the only styles. rich
itself is imported only when a console is made, so that machine formats never load it.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ramaudit.report import RenderOptions

# Columns a terminal format fills when nothing says otherwise (not a terminal, no COLUMNS).
DEFAULT_WIDTH = 100


def color_from_env(is_terminal: bool) -> bool:
    """Colour for a terminal, unless NO_COLOR is set to something (no-color.org: an
    empty value does not count); FORCE_COLOR set to something forces it anywhere."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal


def make_console(
    options: RenderOptions, file: TextIO | None = None, *, default_width: int = DEFAULT_WIDTH
) -> Console:
    """A console writing to ``file`` (a new buffer by default) at ``options.width``
    columns (else ``default_width``), in colour when ``options.color`` says so (None:
    as the environment says for a terminal, :func:`color_from_env`)."""
    from rich.console import Console

    color = options.color
    if color is None:
        color = color_from_env(file is None)
    return Console(
        file=file if file is not None else io.StringIO(),
        force_terminal=bool(color),
        no_color=not color,
        width=options.width or default_width,
        highlight=False,
        markup=False,  # plan text is never rich markup: "[x]" must print as written
        emoji=False,
    )


def output_width(is_terminal: bool) -> int | None:
    """The columns a text report may use: the terminal's (``COLUMNS`` first, as
    ``shutil.get_terminal_size`` reads it); for a pipe, ``COLUMNS`` when it is set,
    else None (the renderers' default of 100)."""
    if is_terminal:
        return max(20, shutil.get_terminal_size().columns)
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return max(20, columns) if columns > 0 else None


def print_plain(console: Console, texts: Sequence[Text]) -> bool:
    """Write ``texts`` to ``console``'s file, one line each, exactly as
    ``console.print(Text("\\n").join(texts), soft_wrap=True)`` would, without rich's
    render: True when written, False (nothing written) when rich must draw them.

    rich spends most of a big diff's or status report's time laying out lines that, on a
    console without colour, come out as their plain characters. That holds when the
    console writes no styles and no text asks for its own justification, overflow or
    wrapping (see :func:`write_plain_lines` for what the lines must hold)."""
    for text in texts:
        if text.justify is not None or text.overflow is not None or text.no_wrap is not None:
            return False
    return write_plain_lines(console, [text.plain for text in texts])


def write_plain_lines(console: Console, lines: Sequence[str]) -> bool:
    """Write ``lines`` as ``console.print`` would print them as unstyled texts with
    ``soft_wrap=True``: True when written, False (nothing written) when only rich can.
    That needs a console that writes no styles, lines that are printable (no tab,
    newline or control character, which rich expands or strips) and no line wider than
    the console ending in spaces (rich drops whitespace past the width)."""
    if console.color_system is not None or console.options.justify is not None:
        return False
    from rich.cells import cell_len

    width = console.width
    for line in lines:
        if line and not line.isprintable():
            return False
        if line.endswith(" ") and cell_len(line) > width:
            return False
    console.file.write("\n".join(lines) + "\n")
    return True

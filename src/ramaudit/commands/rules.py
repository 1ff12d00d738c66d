"""``ramaudit rules`` and ``ramaudit rule CODE``: the rule catalogue and one rule explained."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import ListFormat, _layout, _use_color, fail, write_output


def rules_command(
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text (a table) or json.", case_sensitive=False
        ),
    ] = ListFormat.text,
) -> None:
    """List the rules with their codes and summaries.

    Each rule's code, name, default severity and one-line summary.
    """
    from ramaudit.report import rule_docs as ruledocs

    if format is ListFormat.json:
        text = ruledocs.catalogue_json()
    else:  # on a terminal the summaries wrap to fit it; piped, one line per rule
        width, wrap = _layout()
        text = ruledocs.catalogue_table(width if wrap else None)
    write_output(text, None)


class RuleFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def rule_command(
    code: Annotated[
        str, typer.Argument(metavar="CODE", help="A rule code (RA101) or name (orphan-tactic).")
    ],
    format: Annotated[
        RuleFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (the Markdown drawn for a terminal, as it stands when piped), "
            "markdown (always as it stands) or json.",
            case_sensitive=False,
        ),
    ] = RuleFormat.text,
) -> None:
    """Explain one rule, with examples.

    Prints what the rule detects, why it matters, an example plan that makes it fire,
    the same plan fixed, and how to fix it: the rule's own documentation.

    Examples:

      ramaudit rule RA101

      ramaudit rule orphan-tactic
    """
    import json

    from ramaudit.report import rule_docs as ruledocs

    try:
        rule = ruledocs.find_rule(code)
    except ruledocs.UnknownRule as exc:
        raise fail(str(exc)) from None
    if format is RuleFormat.json:
        write_output(
            json.dumps(ruledocs.explain_dict(rule), indent=2, ensure_ascii=False) + "\n", None
        )
    elif format is RuleFormat.text and sys.stdout.isatty():
        write_output(render_markdown(ruledocs.explain(rule)), None)
    else:
        width, wrap = _layout()
        text = ruledocs.explain(rule)
        write_output(ruledocs.reflow(text, width) if wrap and width else text, None)


def render_markdown(text: str, width: int | None = None) -> str:
    """Markdown drawn for a terminal by rich: headings, emphasis, code blocks."""
    import io
    import shutil

    from rich.markdown import Markdown

    from ramaudit.report import RenderOptions
    from ramaudit.report.console import make_console

    buf = io.StringIO()
    width = width or min(shutil.get_terminal_size().columns, 100)
    make_console(RenderOptions(color=_use_color(), width=width), buf).print(Markdown(text))
    return buf.getvalue()

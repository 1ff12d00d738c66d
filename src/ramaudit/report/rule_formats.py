"""Renderers for ``ramaudit rules`` (the catalogue) and ``ramaudit rule CODE`` (one
rule explained), in the common shape ``render(data, options) -> str``; the text
itself comes from the rule docstrings through :mod:`ramaudit.report.rule_docs`."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramaudit.report import rule_docs

if TYPE_CHECKING:
    from ramaudit.report import RenderOptions
    from ramaudit.rules.base import Rule


def catalogue_text(rules: Sequence[type[Rule]], options: RenderOptions) -> str:
    """Aligned columns, one rule per line; on a terminal (``wrap``) the summaries
    wrap to fit it."""
    return rule_docs.catalogue_table(options.width if options.wrap else None, rules)


def catalogue_json(rules: Sequence[type[Rule]], options: RenderOptions) -> str:
    return rule_docs.catalogue_json(rules)


def rule_markdown(rule: type[Rule], options: RenderOptions) -> str:
    """The rule's documentation as Markdown: as it stands, or on a terminal
    (``wrap``) with its prose re-wrapped to the terminal's width."""
    text = rule_docs.explain(rule)
    return rule_docs.reflow(text, options.width) if options.wrap and options.width else text


def rule_text(rule: type[Rule], options: RenderOptions) -> str:
    """The Markdown drawn by rich (headings, emphasis, code blocks) when
    ``options.terminal``, at ``options.width``; else as :func:`rule_markdown`."""
    if not options.terminal:
        return rule_markdown(rule, options)
    from rich.markdown import Markdown

    from ramaudit.report.console import make_console

    buf = io.StringIO()
    make_console(options, buf).print(Markdown(rule_docs.explain(rule)))
    return buf.getvalue()


def rule_json(rule: type[Rule], options: RenderOptions) -> str:
    return json.dumps(rule_docs.explain_dict(rule), indent=2, ensure_ascii=False) + "\n"

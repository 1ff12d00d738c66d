"""``ramaudit explain-score``: the fitness score taken apart."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    ConfigOpt,
    IsolatedOpt,
    ListFormat,
    _layout,
    _use_color,
    fail,
    make_overrides,
    make_settings,
    write_output,
)


def explain_score_command(
    plan: Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file.")],
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text (tables) or json.", case_sensitive=False
        ),
    ] = ListFormat.text,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Show how the fitness score was reached.

    Lists every criterion of the four questions with its weight, points, evidence
    and the items that fall short.

    Examples:

      ramaudit explain-score plan.yaml

      ramaudit explain-score plan.yaml --format json
    """
    from ramaudit.api import audit
    from ramaudit.config.files import ConfigError
    from ramaudit.report.score_explained import CannotScore, explain_json, explain_text

    try:
        settings = make_settings(
            make_overrides(None, None, None, None, None, None, False), config, isolated
        )
        result = audit(plan, settings.config_for(plan))
    except ConfigError as exc:
        raise fail(str(exc)) from None
    try:
        width, wrap = _layout(format is not ListFormat.json)
        text = (
            explain_json(result)
            if format is ListFormat.json
            else explain_text(result, color=_use_color(), width=width, wrap=wrap)
        )
    except CannotScore as exc:
        # Unreadable: 2, as everywhere; read but no score (it does not parse, or is
        # not a plan): the plan fails, 1, as check would fail it.
        raise fail(str(exc), EXIT_USAGE if result.error else EXIT_FINDINGS) from None
    write_output(text, None)

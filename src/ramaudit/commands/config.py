"""``ramaudit config``: the configuration in effect and where each value came from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    ConfigOpt,
    ExtendIgnoreOpt,
    ExtendSelectOpt,
    FailOn,
    IgnoreOpt,
    IsolatedOpt,
    ListFormat,
    RequireReasonOpt,
    SelectOpt,
    ShowFailUnderOpt,
    _layout,
    fail,
    make_overrides,
    make_settings,
    write_output,
)


def config_command(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="A plan file or folder [default: the working folder]."),
    ] = None,
    show: Annotated[
        bool,
        typer.Option(
            "--show",
            help="Print the effective configuration for PATH and where each value came from.",
        ),
    ] = False,
    format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="text or json.", case_sensitive=False
        ),
    ] = ListFormat.text,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    extend_ignore: ExtendIgnoreOpt = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            case_sensitive=False,
            metavar="LEVEL",
            help="Show the configuration with this fail-on (error, warning, info or "
            "never), as check --fail-on would use it.",
        ),
    ] = None,
    fail_under: ShowFailUnderOpt = None,
    require_reason: RequireReasonOpt = False,
) -> None:
    """Show the configuration used for a plan or folder.

    Examples:

      ramaudit config --show

      ramaudit config --show plans/retail.yaml --format json
    """

    from ramaudit.config.files import ConfigError, show_data

    if not show:
        raise fail("nothing to do; try 'ramaudit config --show [PATH]'")
    target = path if path is not None else Path(".")
    if not target.exists():
        raise fail(f"{target}: no such file")
    overrides = make_overrides(
        select, extend_select, ignore, extend_ignore, fail_on, fail_under, require_reason
    )
    try:
        data = show_data(make_settings(overrides, config, isolated), target)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if format is ListFormat.json:
        from ramaudit.report.escape import json_text

        write_output(json_text(data), None)
    else:
        from ramaudit.report import RenderOptions
        from ramaudit.report.config_show import render

        width, wrap = _layout()
        write_output(render(data, RenderOptions(width=width, wrap=wrap)), None)

"""``ramaudit config``: the configuration in effect and where each value came from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
import typer.core

from ramaudit.commands.common import (
    STDOUT,
    ConfigOpt,
    ExtendIgnoreOpt,
    ExtendSelectOpt,
    FailOn,
    IgnoreOpt,
    IsolatedOpt,
    RequireReasonOpt,
    SelectOpt,
    ShowFailUnderOpt,
    fail,
    make_overrides,
    make_settings,
    presentation,
)
from ramaudit.report.formats import CONFIG

if TYPE_CHECKING:
    FormatName = str
else:  # typer offers the registry's names as the choices, in any case
    FormatName = Literal[CONFIG.names]

FormatOpt = Annotated[
    FormatName,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"{CONFIG.listed()}.", case_sensitive=False
    ),
]


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
    format: FormatOpt = CONFIG.default,
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
    fmt = CONFIG[format]
    STDOUT.write(fmt.render(data, presentation(fmt)))

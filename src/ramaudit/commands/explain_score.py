"""``ramaudit explain-score``: the fitness score taken apart."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    STDOUT,
    AsOfOpt,
    ConfigOpt,
    IsolatedOpt,
    fail,
    make_overrides,
    make_settings,
    presentation,
    usage_errors,
)
from ramaudit.report.formats import EXPLAIN_SCORE

if TYPE_CHECKING:
    FormatName = str
else:  # typer offers the registry's names as the choices, in any case
    FormatName = Literal[EXPLAIN_SCORE.names]

TopOpt = Annotated[
    int | None,
    typer.Option(
        "--top",
        metavar="N",
        help="Also list the N fixes that would raise the total most, each with the points "
        "it gains (measured by scoring the plan again with the fix applied).",
    ),
]
PlanArg = Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file.")]
FormatOpt = Annotated[
    FormatName,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{EXPLAIN_SCORE.listed()}.",
        case_sensitive=False,
    ),
]


def explain_score_command(
    plan: PlanArg,
    format: FormatOpt = EXPLAIN_SCORE.default,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
    top: TopOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Show how the fitness score was reached.

    Lists every criterion of the four questions with its weight, points, evidence
    and the items that fall short. A plan that records its run (check-ins, spend)
    is also scored on yield and velocity as they stood on the --as-of day.

    Examples:

      ramaudit explain-score plan.yaml

      ramaudit explain-score plan.yaml --format json

      ramaudit explain-score plan.yaml --top 3

      ramaudit explain-score plan.yaml --as-of 2027-02-15
    """
    from ramaudit.api import audit_in_context
    from ramaudit.report.score_explained import CannotScore

    if top is not None and top < 1:
        raise fail(f"--top: expected a whole number of at least 1, got {top}")
    with usage_errors():
        no_flags = make_overrides(None, None, None, None, None, None, False)
        settings = make_settings(no_flags, config, isolated, as_of=as_of)
        result = audit_in_context(plan, settings)
    fmt = EXPLAIN_SCORE[format]
    options = presentation(fmt)
    if top is not None:
        from dataclasses import replace

        options = replace(options, extra={**options.extra, "top": top})
    try:
        text = fmt.render(result, options)
    except CannotScore as exc:
        # Unreadable: 2, as everywhere; read but no score (it does not parse, or is
        # not a plan): the plan fails, 1, as check would fail it.
        raise fail(str(exc), EXIT_USAGE if result.error else EXIT_FINDINGS) from None
    STDOUT.write(text)

"""``ramaudit import``: a plan from a spreadsheet saved as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import typer.core

from ramaudit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    ForceOutputOpt,
    Named,
    Output,
    fail,
    say,
)

CsvArg = Annotated[
    Path, typer.Argument(metavar="CSV", help="Spreadsheet saved as CSV, one row per item.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Plan file to write (default: stdout)."),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict", help="Write nothing if any row or value cannot be taken as it stands."
    ),
]
DecimalOpt = Annotated[
    str | None,
    typer.Option(
        "--decimal",
        metavar="MARK",
        help="The decimal separator of the sheet's numbers, '.' or ','; the "
        "other one groups thousands. Default: ',' in a semicolon-separated "
        "sheet, '.' otherwise.",
    ),
]


def import_plan(
    csv_path: CsvArg,
    output: OutputOpt = None,
    force: ForceOutputOpt = False,
    strict: StrictOpt = False,
    decimal: DecimalOpt = None,
) -> None:
    """Turn a CSV spreadsheet into a plan file.

    Rows that cannot be placed are listed with their row numbers and kept under
    'x-unplaced'; the exit code is then 1. See docs/import.md for the columns.

    Examples:

      ramaudit import plan.csv -o plan.yaml

      ramaudit import plan.csv --strict > plan.yaml

      ramaudit import export.csv --decimal , -o plan.yaml
    """
    from ramaudit.authoring.csv_import import DECIMAL_MARKS, ImportFailed, counts_line, import_csv
    from ramaudit.core.source import SourceError

    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise fail(f"--decimal takes '.' or ',', not '{decimal}'")
    out = Output(output, force)
    out.refuse_special()
    if out.file is not None and str(csv_path) != "-":
        out.refuse_inputs([Named(str(csv_path))])  # the sheet being imported
    if out.file is not None and out.file.exists() and not force:
        raise fail(f"{out.file} exists; pass --force to overwrite it")
    try:
        result = import_csv(csv_path, decimal=decimal)
    except (ImportFailed, SourceError) as exc:
        raise fail(str(exc)) from None
    for problem in result.problems:
        say(f"{result.source}: {problem}")
    if strict and result.failed:
        raise fail(
            f"nothing written: {len(result.problems)} problem(s) above (--strict)", EXIT_FINDINGS
        )
    out.write(result.to_yaml())
    where = "" if out.file is None else f" to {out.file}"
    say(f"Imported {counts_line(result.counts)}{where}.")
    raise typer.Exit(EXIT_FINDINGS if result.failed else EXIT_OK)

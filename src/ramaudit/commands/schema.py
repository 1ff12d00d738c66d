"""``ramaudit schema``: the JSON Schema of the plan format, or of the configuration."""

from __future__ import annotations

from typing import Annotated

import typer

from ramaudit.commands.common import write_output


def schema_command(
    config: Annotated[
        bool,
        typer.Option(
            "--config",
            help="Print the schema of the configuration instead: [tool.ramaudit] in "
            "pyproject.toml, .ramaudit.toml or .ramaudit.yaml.",
        ),
    ] = False,
) -> None:
    """Print the plan format's JSON Schema.

    For editors: save it next to your plans and point the YAML language server at it with a first
    line such as  # yaml-language-server: $schema=plan.schema.json
    """
    if config:
        from ramaudit.config.declarations import json_schema_text

        write_output(json_schema_text(), None)
        return
    from ramaudit.core.schemas import plan_schema_text

    write_output(plan_schema_text(), None)

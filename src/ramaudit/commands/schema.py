"""``ramaudit schema``: the JSON Schema of the plan format."""

from __future__ import annotations

from ramaudit.commands.common import write_output


def schema_command() -> None:
    """Print the plan format's JSON Schema.

    For editors: save it next to your plans and point the YAML language server at it with a first
    line such as  # yaml-language-server: $schema=plan.schema.json
    """
    from ramaudit.core.schemas import plan_schema_text

    write_output(plan_schema_text(), None)

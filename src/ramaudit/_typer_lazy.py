"""A typer parameter checker built on first use (typer 0.29's ``typer._coercion``).

Typer coerces every parameter's value through a runtime checker that it builds, with a
pydantic TypeAdapter, the first time the parameter is processed, even when the value
is missing and passes through untouched. :class:`UntilGiven` answers for a missing
value itself, exactly as typer's own checker does, and builds typer's checker only when
a value was given."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param


@dataclass(frozen=True)
class UntilGiven(RuntimeParam):
    descriptor: TypeDescriptor
    built: list[RuntimeParam] = field(default_factory=list)

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        # RuntimeParam.coerce answered a missing value already; typer's checker is
        # needed from here on, built once.
        if not self.built:
            self.built.append(build_runtime_param(self.descriptor))
        return self.built[0]._coerce_value(value, param=param, ctx=ctx)

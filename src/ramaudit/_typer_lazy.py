"""A typer parameter checker built on first use (typer 0.29's ``typer._coercion``).

Typer coerces every parameter's value through a runtime checker that it builds, with a
pydantic TypeAdapter, the first time the parameter is processed, even when the value
is missing and passes through untouched. :class:`UntilGiven` answers for a missing
value itself, exactly as typer's own checker does, and builds typer's checker only when
a value was given."""

from __future__ import annotations

from typing import Any

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param


class UntilGiven(RuntimeParam):
    # A plain subclass, not a dataclass of its own: making one costs a run more than
    # the checkers it saves.
    descriptor: TypeDescriptor
    built: RuntimeParam | None

    def __init__(self, descriptor: TypeDescriptor) -> None:
        super().__init__(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        object.__setattr__(self, "descriptor", descriptor)
        object.__setattr__(self, "built", None)

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        # RuntimeParam.coerce answered a missing value already; typer's checker is
        # needed from here on, built once.
        built = self.built
        if built is None:
            built = build_runtime_param(self.descriptor)
            object.__setattr__(self, "built", built)
        return built._coerce_value(value, param=param, ctx=ctx)

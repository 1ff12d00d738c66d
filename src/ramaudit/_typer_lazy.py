"""A typer parameter checker built on first use (typer 0.29's ``typer._coercion``).

Typer coerces every parameter's value through a runtime checker that it builds, with a
pydantic TypeAdapter, the first time the parameter is processed, even when the value
is missing and passes through untouched. :class:`UntilGiven` answers for a missing
value itself, exactly as typer's own checker does, and builds typer's checker only when
a value was given. Paths given as text (``check PLAN...``) are the one exception: they
go through typer's own path checks without any adapter (see :meth:`UntilGiven.paths`),
and plain ASCII text given to a ``str`` parameter passes as it is (see
:meth:`UntilGiven.plain_text`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path


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
            paths = self.paths(value, param, ctx)
            if paths is not None:
                return paths
            if self.plain_text(value):
                return value
            built = build_runtime_param(self.descriptor)
            object.__setattr__(self, "built", built)
        return built._coerce_value(value, param=param, ctx=ctx)

    def plain_text(self, value: Any) -> bool:
        """Whether ``value`` is what typer's checker of a plain ``str`` parameter
        (``--format json``) would return unchanged: its adapter (a pydantic
        ``TypeAdapter`` of ``str`` after ``_parse_cli_str``) hands a ``str`` back as it
        is. Building it imports typer's adapters and pydantic's schema builder, a tenth
        of a small check in a machine format. ASCII text only: anything else (a
        surrogate from undecodable argv bytes) goes to typer's checker and its message."""
        info = self.descriptor.parameter_info
        return (
            self.descriptor.annotation is str
            and self.descriptor.file_annotation is None
            and info.parser is None
            and type(value) is str
            and value.isascii()
        )

    def paths(
        self, value: Any, param: Any, ctx: Context
    ) -> list[str | bytes | os.PathLike[str] | Path] | None:
        """``value`` as typer's checker makes it for a plain ``list[Path]`` parameter,
        without the two pydantic adapters it would build for that (about a fortieth of
        a small run): typer's adapter turns each text into a ``Path`` (pydantic's
        ``Path`` validation of a ``str`` is ``Path(text)``) and hands it to
        ``coerce_cli_path``, which this calls the same way. None when the parameter or
        the value is of any other kind, or typer's checks refuse it: typer's own
        checker then answers, with its own message."""
        info = self.descriptor.parameter_info
        annotation = self.descriptor.annotation
        plain = (
            get_origin(annotation) is list
            and get_args(annotation) == (Path,)
            and self.descriptor.file_annotation is None
            and info.parser is None
            and info.path_type in (None, Path)
        )
        items = value if isinstance(value, list | tuple) else [value]
        if not plain or not all(type(item) is str for item in items):
            return None
        try:
            return [
                coerce_cli_path(Path(item), info, path_type=Path, param=param, ctx=ctx)
                for item in items
            ]
        except Exception:
            return None

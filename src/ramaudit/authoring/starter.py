"""``ramaudit init``: a starter plan, or one of the bundled example plans.

The starter lives in ``ramaudit/data/starter-plan.yaml`` with ``${...}`` placeholders
for the answers ``init`` asks for. The example plans live in the repository's
``examples/plans``; the wheel ships a copy as ``ramaudit/examples`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml). From a source
tree or an editable install that copy does not exist, so we fall back on the
repository folder.
"""

from __future__ import annotations

import datetime as dt
import os
import string
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from ramaudit.core.fileio import atomic_write
from ramaudit.core.loader import CoreSafeDumper

DEFAULT_PATH = "marketing-plan.yaml"
DEFAULT_PLAN_NAME = "Our Company Marketing Plan"
DEFAULT_OWNER = "Head of Marketing"
DEFAULT_CURRENCY = "USD"

_SOURCE_EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "plans"


class UnknownExample(Exception):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name, self.known = name, known
        listing = ", ".join(known) if known else "none are installed"
        super().__init__(f"no example plan named '{name}'; choose from {listing}")


def yaml_scalar(value: str) -> str:
    """``value`` as one YAML scalar on one line, quoted only when YAML needs it."""
    one_line = " ".join(value.split())
    text = yaml.dump(  # quoted where YAML 1.1 or 1.2 would read it as no text ("1e5")
        one_line,
        Dumper=CoreSafeDumper,
        allow_unicode=True,
        default_flow_style=True,
        width=1_000_000,
    ).strip()
    # A plain scalar is dumped as a document ("x\n..."); keep just the scalar.
    return text.removesuffix("\n...")


def starter_plan(
    plan_name: str = DEFAULT_PLAN_NAME,
    owner: str = DEFAULT_OWNER,
    currency: str = DEFAULT_CURRENCY,
    *,
    year: int | None = None,
    file_name: str = DEFAULT_PATH,
) -> str:
    """The starter plan's text with the given answers filled in."""
    from ramaudit.core.model import currency_code

    template = string.Template(
        resources.files("ramaudit").joinpath("data", "starter-plan.yaml").read_text("utf-8")
    )
    return template.substitute(
        plan_name=yaml_scalar(plan_name.strip() or DEFAULT_PLAN_NAME),
        owner=yaml_scalar(owner.strip() or DEFAULT_OWNER),
        # The starter plan passes the audit: a currency sign or word becomes its code
        # (€ is EUR), anything else that is not a three-letter code the default.
        currency=yaml_scalar(currency_code(currency) or DEFAULT_CURRENCY),
        year=str(year if year is not None else dt.date.today().year),
        # The file name only appears in a comment: keep it on one line.
        file_name=" ".join(os.fspath(file_name).split()),
    )


def examples_dir() -> Traversable | None:
    """Where the bundled examples are: the installed package, else the source tree."""
    packaged = resources.files("ramaudit").joinpath("examples")
    if packaged.is_dir():
        return packaged
    if _SOURCE_EXAMPLES.is_dir():
        return _SOURCE_EXAMPLES
    return None


def _example_files() -> dict[str, Traversable]:
    folder = examples_dir()
    if folder is None:
        return {}
    files: dict[str, Traversable] = {}
    for entry in folder.iterdir():
        name = entry.name
        for suffix in (".yaml", ".yml"):
            if name.endswith(suffix) and entry.is_file():
                files[name[: -len(suffix)]] = entry
    return dict(sorted(files.items()))


def example_names() -> list[str]:
    return list(_example_files())


def example_plan(name: str) -> str:
    """The text of the bundled example ``name`` (with or without ``.yaml``)."""
    files = _example_files()
    key = name.strip()
    for suffix in (".yaml", ".yml"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    if key not in files:
        raise UnknownExample(name, list(files))
    return files[key].read_text("utf-8")


def write_plan(path: str | os.PathLike[str], text: str, *, force: bool = False) -> None:
    """Write a new plan atomically; refuse to replace an existing file without ``force``."""
    atomic_write(path, text, force=force)


__all__ = [
    "DEFAULT_PATH",
    "UnknownExample",
    "example_names",
    "example_plan",
    "examples_dir",
    "starter_plan",
    "write_plan",
]

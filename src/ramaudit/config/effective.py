"""Effective configuration for one run: which rules, at what severity, with which
options and vocabulary. Discovery of configuration files lives in
:mod:`ramaudit.config.files`; this module only holds the values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from typing import Any

from ramaudit.core.benchmarks import Benchmarks
from ramaudit.core.findings import Severity
from ramaudit.core.loader import DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES
from ramaudit.core.records import dataclass
from ramaudit.core.source import DEFAULT_MAX_FILE_SIZE
from ramaudit.core.vocabulary import DEFAULT, Vocabulary

# A file that does not parse (RA001) or is refused as too large or deep (RA006) was not
# audited at all, so these are reported whatever select, ignore, per-file-ignores,
# suppressions or a baseline say, always as errors, and always fail the run, as ruff
# treats syntax errors.
ALWAYS_REPORTED = frozenset({"RA001", "RA006"})


@dataclass(frozen=True, slots=True)
class NumberRange:
    """The numbers a setting or rule option takes: finite, from ``low`` to ``high``
    (both included), whole numbers only when ``whole``; ``what`` names them in
    messages ("a number of days")."""

    low: float
    high: float
    whole: bool = False
    what: str = ""

    def value(self, number: float) -> float:
        """``number`` (in the range) as the setting holds it: an int when whole."""
        return int(number) if self.whole else number

    def describe(self) -> str:
        noun = self.what or ("a whole number" if self.whole else "a number")
        return f"{noun} from {_number(self.low)} to {_number(self.high)}"

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not in the range (NaN and infinity never are), else None."""
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        # A whole number may be written 3.0: JSON Schema (and so every editor) counts
        # 3.0 as an integer, and the checker agrees with the schema.
        if ok and self.whole and not (isinstance(value, int) or float(value).is_integer()):
            ok = False
        if ok and not (self.low <= value <= self.high):  # also False for NaN
            ok = False
        return None if ok else f"expected {self.describe()}, got {shown(value)}"


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def shown(value: Any) -> str:
    """A value as a message quotes it: written the way a TOML or YAML file writes it
    (``true``, ``"RA1"``, ``["RA1", 5]``, ``{a = 1}``), never as Python prints it
    (``True``, ``['RA1', 5]``). A number with hundreds of digits is cut, and so is a
    long text."""
    if isinstance(value, int) and not isinstance(value, bool) and len(str(value)) > 30:
        return f"a number of {len(str(value).lstrip('-'))} digits"
    text = written(value)
    return text if len(text) <= 60 else text[:57] + "..."


def written(value: Any) -> str:
    """A value written the way a TOML or YAML file writes it, whole (docs quote
    defaults with it; messages use :func:`shown`, which cuts long values)."""
    return _written(value, 0)


def _key(key: Any) -> str:
    import re

    text = str(key)
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _written(text, 0)


def _written(value: Any, depth: int) -> str:
    import json

    if depth > 20:  # a value nested this deep is cut anyway
        return "..."
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value) if len(str(value)) <= 30 else f"a number of {len(str(value))} digits"
    if isinstance(value, float):
        return repr(value)  # nan, inf, -inf, 1e+300: as TOML writes them
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_written(v, depth + 1) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_written(v, depth + 1)}" for k, v in value.items())
        return "{" + inner + "}"
    isoformat = getattr(value, "isoformat", None)  # TOML dates and times
    return str(isoformat()) if callable(isoformat) else str(value)


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fail_on: str = "error"
    fail_under: float | None = None
    exclude: tuple[str, ...] = ()
    # Globs of the files that form one workspace with this plan (issue 13), relative
    # to the configuration file's folder; empty: the plan's scope is its ancestry.
    workspace: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    vocabulary: Vocabulary = DEFAULT
    # Ranges of plausible cost per result (RA316): the built-in ones and the configured.
    benchmarks: Benchmarks = field(default_factory=Benchmarks)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_nodes: int = DEFAULT_MAX_NODES
    max_depth: int = DEFAULT_MAX_DEPTH
    # A suppression comment without a reason is itself a finding (RA901).
    require_reason: bool = False
    # The codes selected by full code or name (not by a prefix or ALL), which run even
    # on plans of an older format than the rule's (``Rule.since_format``). None: read
    # them from ``select`` (a Config made in Python); resolving files and flags sets it.
    explicit: frozenset[str] | None = None
    # The day check-ins and spend are read on (``--as-of``; None: today). A flag of the
    # run, never a setting of a file: a date kept in a file would freeze every status.
    as_of: dt.date | None = None

    def named(self) -> frozenset[str]:
        """The codes the user selected by full code or name (see ``explicit``)."""
        if self.explicit is not None:
            return self.explicit
        from ramaudit.config.selection import named

        return frozenset(named(self.select))

    def enabled(self, code: str) -> bool:
        """Whether rule ``code`` runs: the more specific of ``select`` and ``ignore``
        decides, as everywhere (:mod:`ramaudit.config.selection`)."""
        from ramaudit.config.selection import chosen

        return code in ALWAYS_REPORTED or bool(chosen(code, self.select, self.ignore))


DEFAULT_CONFIG = Config()

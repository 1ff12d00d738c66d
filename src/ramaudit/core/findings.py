"""The finding record every stage produces and every renderer reads."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from ramaudit.core.records import dataclass


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}

# What `--fail-on` accepts, mapped to the lowest severity that fails the run.
FAIL_LEVELS: dict[str, Severity | None] = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "never": None,
}


PathT = tuple[str | int, ...]


def format_pointer(path: PathT) -> str:
    """``("tactics", 3, "objectives", 0)`` -> ``tactics[3].objectives[0]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        else:
            out.append(("." if out else "") + part)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from ``(line, column)`` up to, not including, ``(end_line,
    end_column)`` with ``replacement``. Positions are 1-based and count characters
    (code points), as :class:`Finding` positions do; an empty span inserts."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a finding: what it does in words (``replace 'tactic' with
    'tactics'``) and the exact spans it edits, which never overlap. ``safe`` fixes are
    certain enough for ``check --fix`` to apply unasked; the others are offered only
    (an editor's quick fix), for a person to judge."""

    description: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one plan file. Positions are 1-based."""

    code: str
    rule: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    pointer: str = ""
    item: str | None = None
    end_line: int | None = None
    end_column: int | None = None
    # How to resolve it by editing the file, when a rule knows (issue 14). Not part of
    # ``to_dict``: the outputs of ``check`` stay as they were.
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, self.code, self.pointer, self.message)

    def to_dict(self) -> dict[str, Any]:
        # Field by field rather than dataclasses.asdict, which deep-copies each value:
        # a large plan has tens of thousands of findings.
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "item": self.item,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

"""Which error findings hold which answers at NO.

Each question declares the rules that bear on it (:attr:`Question.capped_by
<ramaudit.score.base.Question.capped_by>`): while the plan has an error-severity
finding of one of them, the question is answered "no". Errors about how the plan is
written (RA002, RA003: :data:`~ramaudit.score.base.CAPPED_BY_FIELD`) cap the questions
whose criteria read the field they are about (each criterion's ``reads``), or count
its item (``counts``): :func:`questions_about`. The tables below are derived from
those declarations, for the README and for readers that want them by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ramaudit.core.findings import Finding, Severity
from ramaudit.core.model import ITEM_SECTIONS
from ramaudit.core.records import dataclass
from ramaudit.score.base import CAPPED_BY_FIELD, KINDS, TRACE_FIELDS
from ramaudit.score.registry import ALL_QUESTIONS, QUESTIONS

__all__ = [
    "ALL_QUESTIONS",
    "CAPPED_BY",
    "CAPPED_BY_FIELD",
    "COUNTED_BY",
    "READS",
    "Cap",
    "caps_from",
    "questions_about",
]


@dataclass(frozen=True, slots=True)
class Cap:
    """Error findings of one rule that hold a question's answer at "no"."""

    code: str
    rule: str
    count: int

    @property
    def text(self) -> str:
        return f"{self.count:,} error{'s' * (self.count != 1)} of {self.code} {self.rule}"

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "rule": self.rule, "count": self.count}


# Per question key, the rules whose errors answer it NO.
CAPPED_BY: dict[str, tuple[str, ...]] = {q.key: q.capped_by for q in QUESTIONS}


def _reads() -> dict[str, dict[str, tuple[str, ...]]]:
    """Per kind and field, the questions an error about that field caps: all four for
    the fields that decide what traces to a goal, else those whose criteria read it."""
    reads: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in KINDS:
        fields = dict.fromkeys(TRACE_FIELDS[kind], ALL_QUESTIONS)
        for name in dict.fromkeys(f for q in QUESTIONS for f in q.reads(kind)):
            fields.setdefault(name, tuple(q.key for q in QUESTIONS if name in q.reads(kind)))
        reads[kind] = fields
    return reads


READS: dict[str, dict[str, tuple[str, ...]]] = _reads()
# The questions that count each kind of item: a field of it that no criterion reads
# (a name, a description, the plan's currency) caps these.
COUNTED_BY: dict[str, tuple[str, ...]] = {
    kind: tuple(q.key for q in QUESTIONS if q.counts(kind)) for kind in KINDS
}

_SECTIONS = ITEM_SECTIONS  # the model's table of top-level sections and their kinds
_NESTED = {
    ("goal", "objectives"): "objective",
    ("objective", "tactics"): "tactic",
    ("objective", "campaigns"): "campaign",
    ("objective", "milestones"): "milestone",
    ("campaign", "tactics"): "tactic",
}
_POINTER_PART = re.compile(r"\[(\d+)\]|(?:^|\.)([^.\[\]]+)")


def _pointer_path(pointer: str) -> tuple[str | int, ...] | None:
    """``tactics[3].budget`` -> ``("tactics", 3, "budget")``; None when the pointer
    does not read back (a key with a dot or a bracket in it)."""
    parts: list[str | int] = []
    pos = 0
    for m in _POINTER_PART.finditer(pointer):
        if m.start() != pos:
            return None
        parts.append(int(m.group(1)) if m.group(1) is not None else m.group(2))
        pos = m.end()
    return tuple(parts) if pos == len(pointer) else None


def questions_about(pointer: str) -> tuple[str, ...]:
    """The questions an RA002 or RA003 error at ``pointer`` caps: those whose criteria
    read the field it names (:data:`READS`); for a field of the format that no
    criterion reads, those that count its item (:data:`COUNTED_BY`); and all four for
    anything else (a whole item or section, an unknown key or section), since it
    cannot be tied to one answer."""
    path = _pointer_path(pointer)
    if not path:
        return ALL_QUESTIONS
    if path[0] == "plan":
        return _field_questions("plan", path[1:])
    kind = _SECTIONS.get(str(path[0]))
    if kind is None or len(path) < 2 or not isinstance(path[1], int):
        return ALL_QUESTIONS
    rest = path[2:]
    while len(rest) >= 2 and isinstance(rest[1], int) and (kind, rest[0]) in _NESTED:
        kind, rest = _NESTED[(kind, str(rest[0]))], rest[2:]
    return _field_questions(kind, rest)


def _field_questions(kind: str, rest: tuple[str | int, ...]) -> tuple[str, ...]:
    if not rest or not isinstance(rest[0], str):
        return ALL_QUESTIONS  # the item or the plan block as a whole
    name = rest[0]
    reads = READS.get(kind, {}).get(name)
    if reads is not None:
        return reads
    counted = COUNTED_BY.get(kind)  # kinds no criterion counts cap every question
    return counted if counted is not None and name in _known_fields(kind) else ALL_QUESTIONS


def _known_fields(kind: str) -> tuple[str, ...]:
    from ramaudit.core.model import field_names, model_of

    return field_names(model_of(kind))


def caps_from(findings: Iterable[Finding]) -> dict[str, tuple[Cap, ...]]:
    """Per question key, the error findings that cap it, one :class:`Cap` per rule:
    first the shape rules (:data:`CAPPED_BY_FIELD`) with the findings about what the
    question reads, then the rules the question declares, in the order it lists them."""
    counts: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}
    for f in findings:
        if f.severity is not Severity.ERROR:
            continue
        names.setdefault(f.code, f.rule)
        keys = questions_about(f.pointer) if f.code in CAPPED_BY_FIELD else ALL_QUESTIONS
        for key in keys:
            counts[key, f.code] = counts.get((key, f.code), 0) + 1
    return {
        q.key: tuple(
            Cap(code, names[code], counts[q.key, code])
            for code in (*CAPPED_BY_FIELD, *q.capped_by)
            if (q.key, code) in counts
        )
        for q in QUESTIONS
    }

"""Plain words for the values that fail validation (RA002).

pydantic reports an error as a type code (``float_parsing``, ``model_type``, ...), a
location and a message written for programmers ("Input should be a valid dictionary
or instance of Period"). None of that reaches the user. :data:`EXPECTED` says, for
each error type, what the field should hold; :data:`EXAMPLES` shows, for each field,
a value of the right form; :func:`written` describes what the plan holds instead.
:func:`explain` puts the three together into one sentence:

    tactic 't-webinar': 'budget' must be a number, but it holds the text '12k';
    write it like 'budget: 12000' (no currency sign, thousands separator or k/M suffix)

The model (:mod:`ramaudit.core.model`) names the item; this module never sees the plan.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from ramaudit.core.loader import HugeNumber, shorten

# What a field must hold, by pydantic error type. A type missing here gets the
# wording of its family (the part before the first underscore, see _FAMILIES), and
# failing that the plain fallback in :func:`explain`, never pydantic's message.
EXPECTED: dict[str, str] = {
    "string_type": "text",
    "string_unicode": "text",
    "string_too_short": "text that is not empty",
    "too_short": "not empty",
    "string_too_long": "shorter text",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "finite_number": "a finite number",
    "greater_than_equal": "zero or more",
    "greater_than": "more than zero",
    "less_than_equal": "a smaller number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
    "datetime_type": "a date written YYYY-MM-DD",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "list_type": "a list",
    "literal_error": "one of the fixed words",
    "enum": "one of the fixed words",
}
_FAMILIES = {
    "string": "text",
    "float": "a number",
    "int": "a whole number",
    "date": "a date written YYYY-MM-DD",
    "datetime": "a date written YYYY-MM-DD",
    "dict": "a mapping of keys",
    "model": "a mapping of keys",
    "list": "a list",
    "bool": "true or false",
}

# A value of the right form for each field, as it would be written in the plan. The
# links (an id of the kind each names) and the second spellings of keys are the
# model's: it passes this table with those added (:data:`ramaudit.core.model.EXAMPLES`).
EXAMPLES: dict[str, str] = {
    "name": "Spring webinar series",
    "description": "What this item is for, in a sentence",
    "owner": "Jane Doe",
    "currency": "EUR",
    "budget": "12000",
    "target": "1500",
    "baseline": "1000",
    "unit": "leads",
    "metric": "qualified leads",
    "deadline": "2027-12-31",
    "start": "2027-03-01",
    "end": "2027-06-30",
    "period": "{start: 2027-01-01, end: 2027-12-31}",
    "review_cadence": "monthly",
    "stakeholders": "[marketing, sales]",
    "voice_of_customer": '["Interview: approvals take two days"]',
    "channel": "email",
    "stage": "awareness",
    "type": "market-share",
    "direction": "increase",
    "kpis": "[{metric: qualified leads, target: 200}]",
    "tactics": "[{id: t-webinar, name: Webinar series}]",
    "campaigns": "[{id: c-spring-launch, name: Spring launch}]",
    "milestones": "[{id: m-site-live, name: New website live, due: 2027-03-31}]",
    "contributors": "[sales, Jo Bloggs]",
    "due": "2027-03-31",
    "done": "false",
    "amount": "24000",
    "confidential": "true",
    "set_by": "Board strategy 2027-2029",
    "fiscal_year_start": "april",
    "version": "2",
}
# Ids by the kind of item they name.
ID_EXAMPLES = {
    "goal": "g-growth",
    "objective": "o-pipeline",
    "tactic": "t-webinar",
    "segment": "seg-smb",
    "campaign": "c-spring-launch",
    "milestone": "m-site-live",
    "budget line": "b-salaries",
    "work": "t-crm-migration",  # what `depends_on` names: a tactic, campaign or milestone
}
# Where the items a link names are written.
HOMES = {
    "objective": "the top-level 'objectives:' section (or under its goal)",
    "goal": "the top-level 'goals:' section",
    "segment": "the top-level 'segments:' section",
    "campaign": "the top-level 'campaigns:' section (or under its objective)",
    "milestone": "the top-level 'milestones:' section (or under its objective)",
}
ITEM_KEYS = ("id", "name", "metric")

_NUMBER_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_item_like(value: Any) -> bool:
    """A mapping that looks like a plan item or KPI (it has an id, a name or a metric)."""
    return isinstance(value, dict) and any(k in value for k in ITEM_KEYS)


def item_count(value: Any) -> int:
    """How many item-like mappings ``value`` holds: itself, or the entries of a list."""
    if isinstance(value, list):
        return sum(1 for v in value if is_item_like(v))
    return 1 if is_item_like(value) else 0


def ordinal(n: int) -> str:
    """``1`` -> ``1st``, ``12`` -> ``12th``, ``23`` -> ``23rd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def written(value: Any) -> str:
    """What the plan holds, in words: ``a list``, ``the text '12k'``, ``the number 3``."""
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, HugeNumber):  # before str: it is text that carries its size
        return f"a number with {value.digits:,} digits"
    if isinstance(value, str):
        return f"the text '{shorten(value, 40)}'" if value else "empty text"
    if isinstance(value, int):
        if value.bit_length() > 64:  # quoted by its size: the digits say nothing
            try:
                return f"a number with {len(str(abs(value))):,} digits"
            except ValueError:  # past Python's int-to-text limit
                return f"a number with about {int(value.bit_length() * 0.30103):,} digits"
        return f"the number {value}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "infinity" if not math.isnan(value) else "NaN (not a number)"
        return f"the number {shorten(repr(value), 40)}"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return "a value of another kind"


def field_label(loc: tuple[Any, ...]) -> str:
    """``('period', 'start')`` -> ``'period.start'``; ``('stakeholders', 1)`` ->
    ``entry 2 of 'stakeholders'``."""
    names = [str(p) for p in loc if not isinstance(p, int)]
    dotted = f"'{shorten('.'.join(names))}'" if names else "the value"
    if loc and isinstance(loc[-1], int):
        return f"entry {loc[-1] + 1} of {dotted}"
    return dotted


def example(
    loc: tuple[Any, ...], kind: str | None = None, examples: Mapping[str, str] = EXAMPLES
) -> str | None:
    """``budget: 12000``: the field of ``loc`` written the right way, from ``examples``."""
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    key = names[-1]
    if key == "id":
        return f"id: {ID_EXAMPLES.get(kind or '', 'x-1')}"
    if key == "parents" and kind == "plan block":  # plan files, not objectives
        return "parents: ../company.yaml"
    value = examples.get(key)
    return f"{key}: {value}" if value is not None else None


def _expected(err: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    if kind == "literal_error":
        words = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
        if words:
            return "one of " + (
                ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
            )
    return EXPECTED.get(kind) or _FAMILIES.get(kind.split("_", 1)[0], "")


def _advice(err: Mapping[str, Any], key: str | None) -> str:
    """A second hint for the usual ways a number or date goes wrong."""
    got = err.get("input")
    kind = str(err.get("type", ""))
    if isinstance(got, str) and kind.startswith(("float", "int")):
        if _NUMBER_TEXT.fullmatch(got.strip()):
            return " without quotes, which make it text"
        hint = " (no currency sign, thousands separator or k/M suffix"
        if key == "budget":
            hint += "; name the currency in the plan's 'currency:'"
        return hint + ")"
    if isinstance(got, str) and kind.startswith("date"):
        if _ISO_DATE.fullmatch(got.strip()):
            return f" ('{shorten(got, 20)}' is not a day of the calendar)"
        return " (year, month, day, with hyphens)"
    return ""


def explain(
    err: Mapping[str, Any],
    who: str,
    kind: str | None = None,
    examples: Mapping[str, str] = EXAMPLES,
) -> str:
    """One pydantic error as a sentence: the item, the field, what it must hold, what
    it holds and how to write it (the right form from ``examples``)."""
    loc: tuple[Any, ...] = tuple(err.get("loc", ()))
    got = err.get("input")
    label = field_label(loc)
    err_type = str(err.get("type", ""))
    if err_type in ("too_short", "string_too_short"):
        problem = f"{label} is empty"
    elif err_type == "value_error":
        # Raised by our own validators, in plain words: what the field must be, then
        # (after '; ') how to put it right, which stands in for the general example.
        reason = str((err.get("ctx") or {}).get("error") or "cannot be used")
        must, _, fix = reason.partition("; ")
        problem = f"{label} {must}, but it holds {written(got)}"
        if fix:
            return f"{who}: {problem}; {fix}"
    elif err_type in ("greater_than_equal", "greater_than") and isinstance(got, int | float):
        problem = f"{label} cannot be negative, but it holds {written(got)}"
    else:
        expected = _expected(err)
        must = f"must be {expected}" if expected else "is not in a form ramaudit can read"
        problem = f"{label} {must}, but it holds {written(got)}"
    keys = [p for p in loc if isinstance(p, str)]
    right = example(loc, kind, examples)
    fix = f"; write it like '{right}'{_advice(err, keys[-1] if keys else None)}" if right else ""
    return f"{who}: {problem}{fix}"


def misplaced_item(who: str, loc: tuple[Any, ...], value: Any, kind: str) -> str:
    """A whole ``kind`` of item (a goal, objective or segment) written where a link
    names one by id (the usual case: objectives written out under a tactic)."""
    key = str(loc[0])
    plural = kind + "s"
    item_id = value.get("id") if isinstance(value, dict) else None
    shown = shorten(str(item_id)) if isinstance(item_id, str | int) and item_id != "" else None
    which = f"{kind} '{shown}'" if shown else f"the {kind}"
    link = shown or ID_EXAMPLES.get(kind, "x-1")
    return (
        f"{who}: '{shorten(key)}' names {plural} by id, but {field_label(loc)} is a whole "
        f"{kind} (a mapping of keys); write {which} in {HOMES.get(kind, 'its own section')} "
        f"and link it here with '{key}: {link}'"
    )

"""The plan format, version 1, as pydantic models, and the walk that validates a
loaded document item by item.

Each goal, objective, tactic, segment and KPI is validated on its own, so one bad
field costs one finding, not the whole plan: the field is reported (RA002) and the
item continues as if the field were absent. Items remember their logical path in the
document (``_path``) so that findings can be placed exactly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from ramaudit.core.field_errors import EXAMPLES as FIELD_EXAMPLES
from ramaudit.core.field_errors import (
    ID_EXAMPLES,
    ITEM_KEYS,
    example,
    explain,
    is_item_like,
    item_count,
    misplaced_item,
    ordinal,
    written,
)
from ramaudit.core.loader import Diagnostic, HugeNumber, Locator, PathT, looks_like_number, shorten
from ramaudit.core.vocabulary import STAGES, Vocabulary, key_suggestion, section_suggestion

FORMAT_VERSION = 1
# Keys starting with this are the writer's own, at any depth: the loader leaves them
# out unread, so they are never checked.
EXTENSION_PREFIX = "x-"

# The plan's vocabulary of keys is declared here once. The keys themselves are the
# fields of the models below; these tables add what a field cannot say.
# Second spellings the format accepts for a key, by the key they stand for (one goal
# may be written 'goal: g-growth'): the models read them, the locator places findings
# by them, and everything else (messages, JSON Schema, did-you-mean) derives from them.
SPELLINGS: Mapping[str, tuple[str, ...]] = {
    "goals": ("goal",),
    "objectives": ("objective",),
    "parents": ("parent",),
    "segment": ("segments",),
}
# The keys that link an item to others by id, and the kind of item each one names.
LINKS: Mapping[str, str] = {
    "objectives": "objective",
    "goals": "goal",
    "parents": "objective",
    "segment": "segment",
}
# Every spelling of a link key -> the kind of item it names.
LINK_KINDS: Mapping[str, str] = {
    spelling: kind for key, kind in LINKS.items() for spelling in (key, *SPELLINGS.get(key, ()))
}
# A value of the right form for each key, as messages show it: a link names an id of
# its kind.
EXAMPLES: Mapping[str, str] = {
    **FIELD_EXAMPLES,
    **{key: ID_EXAMPLES[kind] for key, kind in LINK_KINDS.items()},
}


def _spelt(key: str) -> AliasChoices:
    """The names the field ``key`` is read under: its own, then its second spellings."""
    return AliasChoices(key, *SPELLINGS.get(key, ()))


def _id_text(value: Any) -> Any:
    """An id as text, for messages: whatever was written, shown as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _as_id(value: Any) -> Any:
    """Ids are text or whole numbers (``id: 7``) and are compared as text. true/false
    and numbers with a fraction are refused rather than turned into text: ``1.10`` is
    read as 1.1 and would link to another id than the one written."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ValueError(
            f"must be text or a whole number; write the id in quotes: '{_id_text(value)}'"
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise ValueError(
            "must be text or a whole number (1.10 would be read as 1.1); "
            "write the id in quotes: '1.10'"
        )
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # models made in Python
    return value  # pydantic refuses anything else


def _one_or_many(value: Any) -> Any:
    """One id where a list of ids is expected is a list of one; empty is none."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


_NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"


def _number(value: Any, info: ValidationInfo) -> Any:
    """Numbers are written as numbers: true/false, text (a quoted number too) and
    numbers too large for arithmetic are refused, never converted."""
    name = info.field_name or "value"
    if isinstance(value, bool):
        raise ValueError(f"must be a number; write the number itself, such as {name}: 25000")
    if isinstance(value, HugeNumber):
        raise ValueError(f"must be a number of a usable size; no {name} runs to that many digits")
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(
                f"must be a number of a usable size; no {name} runs to that many digits"
            ) from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number; write the number, such as {name}: 25000")
        return value
    if isinstance(value, str):
        written = value.strip()
        if looks_like_number(written):
            raise ValueError(
                f"must be a number, not text in quotes; write it without quotes: {name}: {written}"
            )
        # Not a number at all ("$120,000", "12k"): pydantic's own parsing error, which
        # the walk explains with how to write a number. Never parsed here: pydantic
        # would read "1_000", "inf" and "nan" as numbers.
        raise PydanticCustomError("float_parsing", _NOT_A_NUMBER)
    return value  # pydantic refuses lists, mappings and the rest


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_iso_date = functools.lru_cache(maxsize=1 << 12)(dt.date.fromisoformat)  # dates repeat
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _date(value: Any, info: ValidationInfo) -> Any:
    """Dates are ISO dates, YYYY-MM-DD, plain or quoted: YAML 1.2 reads both as text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # models made in Python
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return _iso_date(value)
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a day of the calendar") from None
    if isinstance(value, str | int | float | bool | dt.date):
        # pydantic's own error type: the walk words it with an example of the field
        raise PydanticCustomError("date_parsing", "not a date written YYYY-MM-DD")
    return value  # pydantic refuses lists, mappings and the rest


# Ids: text, or whole numbers read as their digits. The JSON Schema says so itself
# (pydantic would call them strings); '\S' because surrounding blanks are stripped.
_ID_SCHEMA = {"type": ["string", "integer"], "minLength": 1, "pattern": "\\S"}
Id = Annotated[str, BeforeValidator(_as_id), Field(min_length=1), WithJsonSchema(_ID_SCHEMA)]
IdList = Annotated[list[Id], BeforeValidator(_one_or_many)]
# Plain numbers, finite, within the range of a float (the schema's 'maximum').
Number = Annotated[float, BeforeValidator(_number)]
# The largest budget ramaudit takes: more than any marketing plan spends in any
# currency, small enough that sums over millions of tactics, differences and shares stay
# finite numbers, and every whole amount up to it is held to the unit.
MAX_MONEY = 10**15


def _money(value: Any) -> Any:
    if value > MAX_MONEY:
        raise ValueError(
            f"must be at most {MAX_MONEY:,} (10^15), more than any marketing budget; "
            "check the number, or write the plan in thousands and say so in 'currency:'"
        )
    return value


Money = Annotated[
    float,
    BeforeValidator(_number),
    AfterValidator(_money),
    Field(ge=0, json_schema_extra={"maximum": MAX_MONEY}),
]
# Free text; a number written there is read as its text (``name: 2027``).
Text = Annotated[str, Field()]
Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]


_CURRENCY = re.compile(r"[A-Za-z]{3}\Z")
CURRENCY_PATTERN = "^\\s*[A-Za-z]{3}\\s*$"
# What people write for a currency instead of its code, and the code they usually mean.
_CURRENCY_WORDS = {
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "₹": "INR",
    "rupees": "INR",
    "fr.": "CHF",
    "chf.": "CHF",
}


def currency_code(text: str) -> str | None:
    """The ISO 4217 code ``text`` stands for: itself in upper case when it is three
    letters, the usual code of a sign or word (``€``, ``euros``), else None."""
    code = text.strip()
    if _CURRENCY.match(code):
        return code.upper()
    return _CURRENCY_WORDS.get(code.lower())


def _currency(value: Any) -> Any:
    """A currency is its ISO 4217 code, three letters, read in any case (``usd`` is
    ``USD``), so that amounts in one currency add up under one code. A sign or a word
    (``$``, ``euros``) is refused with the code it usually stands for: ``$`` alone could
    be any of several dollars."""
    if not isinstance(value, str):
        return value
    code = value.strip()
    if _CURRENCY.match(code):
        return code.upper()
    guess = _CURRENCY_WORDS.get(code.lower())
    if guess is None:
        fix = "write its three-letter code, such as 'currency: EUR'"
    else:
        fix = f"write 'currency: {guess}'" + (
            " (or CAD, AUD, ... for another dollar)" if guess == "USD" else ""
        )
    raise ValueError(
        f"must be an ISO 4217 currency code of three letters, such as USD or EUR; {fix}"
    )


Currency = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": CURRENCY_PATTERN,
            "description": "An ISO 4217 currency code, three letters in any case: USD, EUR.",
        }
    ),
]


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


_CADENCES = ("weekly", "biweekly", "monthly", "quarterly")
_GOAL_TYPES = ("new-market", "market-share", "retention", "brand", "other")


def _spelling(known: tuple[str, ...], joiner: str, **aliases: str) -> Any:
    """Accept the usual spellings of a fixed word: ``Bi-weekly`` and ``fortnightly`` are
    ``biweekly``, ``Market share`` is ``market-share``. Anything else is left as
    written (lower-cased) for the error message."""

    def spelt(value: Any) -> Any:
        value = _lower(value)
        if not isinstance(value, str):
            return value
        joined = joiner.join(value.replace("_", " ").replace("-", " ").split())
        joined = aliases.get(joined, joined)
        return joined if joined in known else value

    return spelt


# Fixed words (cadence, goal type, direction) are matched without regard to case.
Cadence = Annotated[
    Literal["weekly", "biweekly", "monthly", "quarterly"],
    BeforeValidator(_spelling(_CADENCES, "", fortnightly="biweekly")),
]
GoalType = Annotated[
    Literal["new-market", "market-share", "retention", "brand", "other"],
    BeforeValidator(_spelling(_GOAL_TYPES, "-")),
]
Direction = Annotated[Literal["increase", "decrease"], BeforeValidator(_lower)]


def _slot(name: str, default: Any, doc: str) -> Any:
    """A property over the slot ``name``: a value the walk sets on a validated model,
    with ``default`` for models made elsewhere."""

    def get(self: Any) -> Any:
        try:
            return getattr(self, name)
        except AttributeError:
            return default

    def put(self: Any, value: Any) -> None:
        object.__setattr__(self, name, value)

    return property(get, put, doc=doc)


def _empty() -> list[Any]:
    # A Python function rather than ``list``: pydantic inspects a factory's signature,
    # and for a builtin that means parsing its text signature (slow on first use).
    return []


class _Model(BaseModel):
    # Where a model stands in the document is kept in plain __slots__ (see _slot), not in
    # pydantic private attributes: those copy their defaults for every model made and
    # make every read a slow fallback lookup, and the rules read them millions of times
    # in a large plan.
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
    )
    __slots__ = ("_invalid_",)
    # Fields that were written but failed validation (RA002 reports them), so that
    # rules do not also call them missing; read through ``Context.invalid``.
    _invalid = _slot("_invalid_", frozenset(), "Fields written with a value that failed.")

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        state["ramaudit_slots"] = {
            name: getattr(self, name) for name in _slot_names(type(self)) if hasattr(self, name)
        }
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        slots = state.pop("ramaudit_slots", {})
        super().__setstate__(state)
        for name, value in slots.items():
            object.__setattr__(self, name, value)


def _slot_names(cls: type) -> list[str]:
    return [
        name
        for klass in cls.__mro__
        if issubclass(klass, _Model)
        for name in klass.__dict__.get("__slots__", ())
    ]


class Period(_Model):
    start: Date | None = None
    end: Date | None = None


class PlanInfo(_Model):
    """The ``plan:`` block."""

    name: Text = Field(description="The plan's name.")
    owner: Text | None = None
    description: Text | None = None
    period: Period | None = None
    budget: Money | None = Field(None, description="Total marketing budget for the period.")
    currency: Currency = "USD"
    review_cadence: Cadence | None = None
    stakeholders: list[Text] = Field(default_factory=_empty)


class KPI(_Model):
    __slots__ = ("_path_",)
    metric: Text = Field(min_length=1)
    target: Number | None = None
    baseline: Number | None = None
    unit: Text | None = None
    deadline: Date | None = None
    direction: Direction | None = Field(
        None, description="Whether a higher or lower number is better; guessed from the metric."
    )
    _path = _slot("_path_", (), "Where the KPI stands in the document.")


class _Item(_Model):
    # Never validated itself; only its subclasses need a validator.
    model_config = ConfigDict(defer_build=True)
    __slots__ = ("_path_",)
    id: Id
    name: Text | None = None
    description: Text | None = None
    owner: Text | None = None
    _path = _slot("_path_", (), "Where the item stands in the document.")
    path = _slot("_path_", (), "Where the item stands in the document.")

    @property
    def label(self) -> str:
        return self.name or self.id


class Segment(_Item):
    voice_of_customer: list[Text] = Field(default_factory=_empty)


class Tactic(_Item):
    objectives: IdList = Field(default_factory=_empty, validation_alias=_spelt("objectives"))
    channel: Text | None = None
    stage: Text | None = None
    segment: IdList = Field(default_factory=_empty, validation_alias=_spelt("segment"))
    budget: Money | None = None
    start: Date | None = None
    end: Date | None = None
    kpis: list[KPI] = Field(default_factory=_empty)
    # Set by the walk: the objective this tactic is nested under, if any, and its stage
    # mapped onto awareness/education/conversion/retention.
    __slots__ = ("_parent_", "_stage_")
    _parent = _slot("_parent_", None, "The objective this tactic is nested under, if any.")
    parent = _parent
    _stage = _slot("_stage_", None, "``stage`` mapped onto the four funnel stages.")
    funnel_stage = _stage


class Objective(_Item):
    goals: IdList = Field(default_factory=_empty, validation_alias=_spelt("goals"))
    parents: IdList = Field(default_factory=_empty, validation_alias=_spelt("parents"))
    kpis: list[KPI] = Field(default_factory=_empty)
    tactics: list[Tactic] = Field(default_factory=_empty)
    __slots__ = ("_parent_",)
    _parent = _slot("_parent_", None, "The goal this objective is nested under, if any.")
    parent = _parent


class Goal(_Item):
    type: GoalType | None = None
    objectives: list[Objective] = Field(default_factory=_empty)


class PlanDocument(_Model):
    """A marketing plan (ramaudit plan format, version 1)."""

    model_config = ConfigDict(
        title="ramaudit marketing plan",
        extra="forbid",
        defer_build=True,  # only the JSON Schema needs it; the walk validates item by item
        json_schema_extra={"patternProperties": {f"^{EXTENSION_PREFIX}": {}}},
    )
    plan: PlanInfo
    segments: list[Segment] = Field(default_factory=_empty)
    goals: list[Goal] = Field(default_factory=_empty)
    objectives: list[Objective] = Field(default_factory=_empty)
    tactics: list[Tactic] = Field(default_factory=_empty)


Item = Goal | Objective | Tactic | Segment
# The model of each kind of item, by the noun messages use.
_MODEL_OF: dict[str, type[_Model]] = {
    "goal": Goal,
    "objective": Objective,
    "tactic": Tactic,
    "segment": Segment,
}


@dataclass(slots=True)
class Plan:
    """A validated plan: every item in document order, nested ones included."""

    info: PlanInfo | None = None
    segments: list[Segment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    tactics: list[Tactic] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The diagnostics that report items the walk could not read because they stand
    # where the format does not look for them (an unknown section, objectives written
    # out under a tactic): such a plan is not scored, see ``scorable``.
    unread: list[Diagnostic] = field(default_factory=list)

    @property
    def scorable(self) -> bool:
        """Whether every item written in the plan was read, so that a score would
        describe the whole plan rather than what is left of it."""
        return not self.unread

    def items(self) -> Iterator[Item]:
        yield from self.segments
        yield from self.goals
        yield from self.objectives
        yield from self.tactics

    @property
    def currency(self) -> str:
        return self.info.currency if self.info else "USD"


# The noun of each kind of item, by its model.
KIND_OF: dict[type[_Model], str] = {model: kind for kind, model in _MODEL_OF.items()}


def kind_of(item: Item) -> str:
    return KIND_OF[type(item)]


# --------------------------------------------------------------------------- walk


_TOP_KEYS = tuple(PlanDocument.model_fields)  # plan, segments, goals, objectives, tactics
# What each list of items holds, by its key (for "each starting with '- id: ...'"; the
# importer files its rows by it too).
ITEM_SECTIONS = {
    "segments": "segment",
    "goals": "goal",
    "objectives": "objective",
    "tactics": "tactic",
}


def _unread_note(count: int) -> str:
    items = "the item under it is" if count == 1 else f"the {count:,} items under it are"
    return f"; {items} not read, so the plan gets no fitness score until this is fixed"


def _not_a_list(where: str, key: str, noun: str, value: Any) -> tuple[str, bool]:
    """The message for a list of items written as something else, and whether items
    are lost by it. Where the format looks for items, anything but a list of them is
    not read: items keyed by their ids (``tactics: {t-a: {...}}``), one item without
    its dash (``tactics:`` then ``id: t-a``), an id or other text (``tactics: t-a``).
    Only an empty value loses nothing."""
    example_id = ID_EXAMPLES.get(noun, "x-1")
    message = (
        f"{where} must be a list of {noun}s, each starting with '- id: {example_id}', "
        f"but it holds {written(value)}"
    )
    if isinstance(value, str | dict) and not value:
        return message, False
    model = _MODEL_OF.get(noun)
    if isinstance(value, dict) and model is not None and _is_one_item(model, value):
        first = next(iter(value))
        shown = f"{first}: {_short_value(value[first])}".rstrip(": ")
        return (
            f"{where} is one {noun} written without the '- ' that starts each item of a "
            f"list: add '- ' before '{first}:' (write '- {shown}') and indent the keys "
            f"below it two more spaces; the {noun} is not read, so the plan gets no "
            "fitness score until this is fixed",
            True,
        )
    keyed = sum(1 for v in value.values() if isinstance(v, dict)) if isinstance(value, dict) else 0
    if keyed:  # items keyed by their ids are items all the same
        return message + _unread_note(keyed), True
    if _plain(value):
        text = shorten(str(_id_text(value)))
        return (
            message + f"; if '{text}' is a {noun}, write it as an item of the list, "
            f"'- id: {text}' with its keys below; what is written there is not read, so "
            "the plan gets no fitness score until this is fixed",
            True,
        )
    return (
        message + "; what is written there is not read, so the plan gets no fitness score "
        "until this is fixed",
        True,
    )


def _lost_note(noun: str) -> str:
    return f"; the {noun} is not read, so the plan gets no fitness score until this is fixed"


def _entry_hint(noun: str, raw: Any) -> str:
    """How to write an id or other text entry of a list of items as an item."""
    if not _plain(raw):
        return ""
    text = shorten(str(_id_text(raw)))
    return f"; to write the {noun} '{text}' here, start it with '- id: {text}' and its keys below"


def _is_one_item(model: type[_Model], value: dict[Any, Any]) -> bool:
    """A mapping that is one item rather than items keyed by id: it has an id, a name
    or another key of the item's model."""
    known = set(_field_names(model)) | set(ITEM_KEYS)
    return any(isinstance(k, str) and k in known for k in value)


def _plain(value: Any) -> bool:
    """A scalar that reads as a short text: not true/false, not a huge number."""
    if isinstance(value, bool | HugeNumber):
        return False
    if isinstance(value, int):
        return value.bit_length() <= 64
    return isinstance(value, str | float | dt.date)


def _short_value(value: Any) -> str:
    if value is None:
        return ""
    return shorten(str(_id_text(value)), 30) if _plain(value) else "…"


class _Walker:
    def __init__(self, locator: Locator, vocabulary: Vocabulary) -> None:
        self.locator = locator
        self.vocabulary = vocabulary
        self.plan = Plan()

    # -- diagnostics
    def report(
        self,
        message: str,
        path: PathT,
        *,
        key: bool = False,
        unread: bool = False,
    ) -> None:
        line, col, end_line, end_col = self.locator.position(path, key=key)
        diag = Diagnostic(message, line, col, path, end_line, end_col)
        self.plan.diagnostics.append(diag)
        if unread:
            self.plan.unread.append(diag)

    # -- entry
    def walk(self, data: Any) -> Plan:
        if data is None:  # no document, or one that is empty: said at the file's start
            self.plan.diagnostics.append(Diagnostic(EMPTY_FILE, 1, 1))
            return self.plan
        if not isinstance(data, dict):
            self.report(
                "a plan is a mapping with a 'plan:' block at the top, but the file holds "
                f"{written(data)}",
                (),
            )
            return self.plan
        for key in data:
            if key not in _TOP_KEYS:
                self._unknown_section(str(key), data[key])
        if "plan" not in data:
            self.report("the file has no 'plan:' block; add one with at least a name", ())
        else:
            self.plan.info = self._validate(PlanInfo, data["plan"], ("plan",), "plan block")
        for _sid, raw, path in self._list(data, "segments", (), None):
            seg = self._validate(Segment, raw, path, "segment")
            if seg is not None:
                self._place(seg, path)
                self.plan.segments.append(seg)
        for _, raw, path in self._list(data, "goals", (), None):
            self._goal(raw, path)
        for _, raw, path in self._list(data, "objectives", (), None):
            self._objective(raw, path, None)
        for _, raw, path in self._list(data, "tactics", (), None):
            self._tactic(raw, path, None)
        return self.plan

    def _list(
        self, data: dict[str, Any], key: str, base: PathT, owner: str | None
    ) -> Iterator[tuple[int, Any, PathT]]:
        value = data.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            noun = ITEM_SECTIONS.get(key, "item")
            where = f"{owner}: '{key}'" if owner else f"the '{key}' section"
            message, unread = _not_a_list(where, key, noun, value)
            self.report(message, (*base, key), unread=unread)
            return
        for i, raw in enumerate(value):
            yield i, raw, (*base, key, i)

    def _goal(self, raw: Any, path: PathT) -> None:
        nested = _pop(raw, "objectives")
        goal = self._validate(Goal, raw, path, "goal", skip=("objectives",))
        if goal is None:
            return
        self._place(goal, path)
        self.plan.goals.append(goal)
        for _, child, cpath in self._nested(nested, path, "objectives", f"goal '{goal.id}'"):
            self._objective(child, cpath, goal.id)

    def _objective(self, raw: Any, path: PathT, parent: str | None) -> None:
        nested = _pop(raw, "tactics")
        kpis = _pop(raw, "kpis")
        owner = f"goal '{shorten(parent)}'" if parent is not None else None
        obj = self._validate(
            Objective, raw, path, "objective", skip=("tactics", "kpis"), owner=owner
        )
        if obj is None:
            return
        self._place(obj, path)
        obj._parent = parent
        who = f"objective '{shorten(obj.id)}'"
        obj.kpis = self._kpis(kpis, path, obj, who)
        self.plan.objectives.append(obj)
        if nested is not _MISSING and nested is not None and not isinstance(nested, list):
            _mark_invalid(obj, "tactics")
        for _, child, cpath in self._nested(nested, path, "tactics", who):
            self._tactic(child, cpath, obj.id)

    def _tactic(self, raw: Any, path: PathT, parent: str | None) -> None:
        kpis = _pop(raw, "kpis")
        owner = f"objective '{shorten(parent)}'" if parent is not None else None
        tactic = self._validate(Tactic, raw, path, "tactic", skip=("kpis",), owner=owner)
        if tactic is None:
            return
        self._place(tactic, path)
        tactic._parent = parent
        who = f"tactic '{shorten(tactic.id)}'"
        tactic.kpis = self._kpis(kpis, path, tactic, who)
        if tactic.stage is not None:
            tactic._stage = self.vocabulary.stage(tactic.stage)
            if tactic._stage is None:
                _mark_invalid(tactic, "stage")
                self.report(
                    f"{who}: unknown funnel stage '{shorten(tactic.stage)}'; use one of "
                    f"{', '.join(STAGES)} (RACE and AIDA names such as reach, act, convert "
                    "and engage work too)",
                    (*path, "stage"),
                )
        self.plan.tactics.append(tactic)

    def _nested(
        self, value: Any, path: PathT, key: str, owner: str
    ) -> Iterator[tuple[int, Any, PathT]]:
        if value is _MISSING:
            return
        yield from self._list({key: value}, key, path, owner)

    def _kpis(self, value: Any, path: PathT, owner: _Model, who: str) -> list[KPI]:
        out: list[KPI] = []
        if value is _MISSING or value is None:
            return out
        if isinstance(value, dict):  # one KPI written without the list dash
            value = [value]
            self.report(
                f"{who}: 'kpis' should be a list; start the KPI with a dash: '- metric: …'",
                (*path, "kpis"),
            )
            items: Iterator[tuple[Any, PathT]] = iter([(value[0], (*path, "kpis"))])
        elif not isinstance(value, list):
            self.report(
                f"{who}: 'kpis' must be a list of KPIs, each with a 'metric' (write it like "
                f"'kpis: {EXAMPLES['kpis']}'), but it holds {written(value)}",
                (*path, "kpis"),
            )
            _mark_invalid(owner, "kpis")
            return out
        else:
            items = ((raw, (*path, "kpis", i)) for i, raw in enumerate(value))
        for raw, kpath in items:
            kpi = self._validate(KPI, raw, kpath, "KPI", owner=who)
            if kpi is not None:
                object.__setattr__(kpi, "_path_", kpath)
                out.append(kpi)
        return out

    def _place(self, item: _Item, path: PathT) -> None:
        object.__setattr__(item, "_path_", path)

    # -- naming the item a message is about
    def _who(self, what: str, raw: Any, path: PathT, owner: str | None) -> str:
        """``tactic 't-webinar'``; ``the 3rd tactic in 'tactics'`` when it has no usable
        id; ``KPI 'win rate' of objective 'o-pipeline'``; ``the plan block``."""
        if what == "plan block":
            return "the plan block"
        if what == "KPI":
            metric = raw.get("metric") if isinstance(raw, dict) else None
            if isinstance(metric, str) and metric.strip():
                return f"KPI '{shorten(metric.strip())}' of {owner}"
            index = path[-1]
            if isinstance(index, int):
                return f"the {ordinal(index + 1)} KPI of {owner}"
            return f"the KPI of {owner}"
        item_id = raw.get("id") if isinstance(raw, dict) else None
        usable = isinstance(item_id, bool | float | str | dt.date) or (
            isinstance(item_id, int) and item_id.bit_length() <= 64  # str() of a huge int fails
        )
        if usable and str(_id_text(item_id)).strip():
            return f"{what} '{shorten(str(_id_text(item_id)).strip())}'"
        index = path[-1]
        where = f"of {owner}" if owner else f"in '{path[-2]}'" if len(path) > 1 else ""
        if isinstance(index, int):
            return f"the {ordinal(index + 1)} {what} {where}".rstrip()
        return f"a {what} {where}".rstrip()

    # -- validation with recovery
    def _validate(
        self,
        model: type[_Model],
        raw: Any,
        path: PathT,
        what: str,
        skip: tuple[str, ...] = (),
        owner: str | None = None,
    ) -> Any:
        who = self._who(what, raw, path, owner)
        if not isinstance(raw, dict):
            example = (
                "name: Spring plan"
                if model is PlanInfo
                else ("metric: qualified leads" if model is KPI else f"id: {ID_EXAMPLES.get(what)}")
            )
            lost = what in _MODEL_OF and raw is not None
            self.report(
                f"{who} must be a mapping of keys such as '{example}', but it holds {written(raw)}"
                + (_entry_hint(what, raw) + _lost_note(what) if lost else ""),
                path,
                unread=lost,
            )
            return None
        data = {k: v for k, v in raw.items() if k not in skip} if skip else raw
        data = self._merge_spellings(model, data, path, who)
        invalid: set[str] = set()
        for _ in range(4):  # each round removes the fields that failed
            try:
                obj = model.model_validate(data)
            except ValidationError as exc:
                data = dict(data)
                fatal = False
                for err in exc.errors(include_url=False):
                    fatal |= self._error(model, err, data, path, what, who, invalid)
                if fatal:
                    if what in _MODEL_OF:
                        self._lost(what, path)
                    return None
            else:
                if invalid:
                    _mark_invalid(obj, *invalid)
                return obj
        return None  # pragma: no cover - recovery always converges before this

    def _lost(self, what: str, path: PathT) -> None:
        """The item at ``path`` cannot be read at all (its id is missing or unusable):
        the message about its id says so, and the plan is not scored."""
        diags = self.plan.diagnostics
        for i in range(len(diags) - 1, -1, -1):
            if diags[i].path in (path, (*path, "id")):
                diags[i] = replace(diags[i], message=diags[i].message + _lost_note(what))
                self.plan.unread.append(diags[i])
                return

    def _error(
        self,
        model: type[_Model],
        err: ErrorDetails,
        data: dict[str, Any],
        path: PathT,
        what: str,
        who: str,
        invalid: set[str],
    ) -> bool:
        """Report one pydantic error in plain words; drop the field it concerns. True
        when the item cannot be used at all (its id or another required field is
        missing or unusable)."""
        loc: tuple[Any, ...] = tuple(err["loc"])
        kind = err["type"]
        field_name: Any = loc[0] if loc else None
        full = (*path, *loc)
        if kind == "extra_forbidden":
            key = str(field_name)
            self._unknown_key(key, path, _field_names(model), who, what, data.get(field_name))
            data.pop(field_name, None)
            return False
        if kind == "missing":
            if field_name not in invalid:  # already reported as written wrongly
                right = example(loc, what, EXAMPLES)
                self.report(
                    f"{who} has no '{field_name}', which is required"
                    + (f"; add it, for example '{right}'" if right else ""),
                    path,
                )
            if model is PlanInfo and field_name == "name":
                data["name"] = ""
                return False
            return True
        value = data.get(field_name)
        if (
            field_name in LINK_KINDS
            and len(loc) == 2
            and isinstance(loc[1], int)
            and isinstance(err.get("input"), dict)
        ):
            entry = err["input"]
            shown = loc if isinstance(value, list) else loc[:1]
            message = misplaced_item(who, shown, entry, LINK_KINDS[field_name])
            unread = is_item_like(entry)
            if unread:
                message += _unread_note(1).replace("under it ", "")
            self.report(message, full if isinstance(value, list) else full[:-1], unread=unread)
        else:
            self.report(explain(err, who, what, EXAMPLES), full)
        data.pop(field_name, None)
        if isinstance(field_name, str):
            invalid.add(field_name)
        return field_name == "id"

    def _merge_spellings(
        self, model: type[_Model], data: dict[str, Any], path: PathT, who: str
    ) -> Any:
        """``goal: a`` and ``goals: [b]`` in one item: report it and keep both links
        (dropping either would quietly cut a path to a goal)."""
        for alias, canonical in _SPELLINGS:
            if alias in data and canonical in data and canonical in model.model_fields:
                self.report(
                    f"{who}: '{alias}' and '{canonical}' are two spellings of one key; list "
                    f"every id under '{canonical}'",
                    (*path, alias),
                    key=True,
                )
                data = dict(data)
                data[canonical] = _one_or_many(data[canonical]) + _one_or_many(data.pop(alias))
        return data

    def _unknown_key(
        self,
        key: str,
        path: PathT,
        known: tuple[str, ...],
        who: str,
        what: str,
        value: Any,
    ) -> None:
        hint = key_suggestion(what, key)
        if what == "plan block" and key in _TOP_KEYS:
            hint = (
                f"; '{key}' is a section of its own: move it out of the 'plan:' block, "
                "to the left margin"
            )
        elif hint is not None:
            hint = "; " + hint
        else:
            guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; known keys: {', '.join(known)}"
        count = item_count(value)
        if count:
            hint += _unread_note(count)
        self.report(
            f"{who} has an unknown key '{shorten(key)}'{hint}",
            (*path, key),
            key=True,
            unread=bool(count),
        )

    def _unknown_section(self, key: str, value: Any) -> None:
        hint = section_suggestion(key)
        if hint is not None:
            hint = "; " + hint
        else:
            guess = difflib.get_close_matches(key, _TOP_KEYS, n=1, cutoff=0.6)
            hint = (
                f"; did you mean '{guess[0]}'?"
                if guess
                else f"; the sections of a plan are {', '.join(_TOP_KEYS)}"
            )
        count = item_count(value)
        if count:
            hint += _unread_note(count)
        self.report(
            f"unknown section '{shorten(key)}' at the top of the plan{hint}",
            (key,),
            key=True,
            unread=bool(count),
        )


_MISSING: Any = object()
EMPTY_FILE = "the file is empty; a plan needs at least a 'plan:' block with a name"

# Each second spelling with the key it stands for.
_SPELLINGS = tuple((other, key) for key, others in SPELLINGS.items() for other in others)


def _mark_invalid(obj: _Model, *names: str) -> None:
    object.__setattr__(obj, "_invalid_", obj._invalid | frozenset(names))


def _pop(raw: Any, key: str) -> Any:
    """The value of a nested list, validated separately (the raw dict stays as is:
    aliased nodes share it)."""
    if isinstance(raw, dict) and key in raw:
        return raw[key]
    return _MISSING


def model_of(kind: str) -> type[_Model]:
    """The model of a kind of item (``tactic``), or of the plan block (``plan``)."""
    return PlanInfo if kind == "plan" else _MODEL_OF[kind]


def field_names(model: type[_Model]) -> tuple[str, ...]:
    """The keys ``model`` reads, second spellings included."""
    return _field_names(model)


def _field_names(model: type[_Model]) -> tuple[str, ...]:
    names: list[str] = []
    for name, info in model.model_fields.items():
        names.append(name)
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names.extend(a for a in alias.choices if isinstance(a, str) and a != name)
    return tuple(names)


def build_plan(data: Any, locator: Locator, vocabulary: Vocabulary) -> Plan:
    """Validate a loaded document into a :class:`Plan` with its diagnostics."""
    return _Walker(locator, vocabulary).walk(data)

"""The plan format, version 1, as pydantic models, and the walk that validates a
loaded document item by item.

Each goal, objective, tactic, segment and KPI is validated on its own, so one bad
field costs one finding, not the whole plan: the field is reported (RA002) and the
item continues as if the field were absent. Items remember their logical path in the
document (``_path``) so that findings can be placed exactly.
"""

# No ``from __future__ import annotations``: pydantic would evaluate every field's
# annotation from its text (a compile each) when it builds a model.
import datetime as dt
import difflib
import functools
import math
import re
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import field, replace
from typing import TYPE_CHECKING, Annotated, Any, Literal

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

from ramaudit.core import periods, targets
from ramaudit.core.edits import rename, scalar_node
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
from ramaudit.core.findings import Fix
from ramaudit.core.loader import Diagnostic, HugeNumber, Locator, PathT, looks_like_number, shorten
from ramaudit.core.records import dataclass
from ramaudit.core.suggest import only_match
from ramaudit.core.vocabulary import STAGES, Vocabulary, key_suggestion, section_suggestion

FORMAT_VERSION = 2  # the newest plan format this ramaudit reads
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
    "campaign": ("campaigns",),
    "depends_on": ("depends-on", "after"),
}
# The keys that link an item to others by id, and the kind of item each one names.
LINKS: Mapping[str, str] = {
    "objectives": "objective",
    "goals": "goal",
    "parents": "objective",
    "segment": "segment",
    "campaign": "campaign",
    # A dependency names a tactic, a campaign or a milestone: the noun is the one
    # messages use for "some piece of work" (see DEPENDABLE).
    "depends_on": "work",
}
# The kinds of item a `depends_on` link may name.
DEPENDABLE = ("tactic", "campaign", "milestone")
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
# Whole numbers below this in size are floats without overflow (float() of a larger
# one may raise OverflowError, which the slow path words).
_FLOAT_INT_BOUND = 1 << 1000


def _number(value: Any, info: ValidationInfo) -> Any:
    """Numbers are written as numbers: true/false, text (a quoted number too) and
    numbers too large for arithmetic are refused, never converted."""
    # The usual cases first, by exact type: bool and HugeNumber are subclasses of int
    # and fall through to the checks below.
    kind = type(value)
    if kind is float and math.isfinite(value):
        return value
    if kind is int and -_FLOAT_INT_BOUND < value < _FLOAT_INT_BOUND:
        return float(value)
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
# ISO dates read, by their exact text (a dict lookup is cheaper than the pattern and
# the cache above); bounded so that a plan of random dates cannot grow it for ever.
_DAYS: dict[str, dt.date] = {}
_DAYS_KEPT = 1 << 14


def _date(value: Any, info: ValidationInfo) -> Any:
    """Dates are ISO dates, YYYY-MM-DD, plain or quoted (YAML 1.2 reads both as text),
    or, in format 2, a month, quarter, half or fiscal year (``Q3 2027``, ``FY27``),
    which means its first day for a ``start`` and its last day for an end or a
    deadline. A period without a year is read against the plan period the walk passes
    as the validation context (:class:`ramaudit.core.periods.Calendar`)."""
    if type(value) is str:
        day = _DAYS.get(value)
        if day is not None:  # a day already read: dates repeat through a plan
            return day
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # models made in Python
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            day = _iso_date(value)
        except ValueError:
            raise PydanticCustomError("date_parsing", "not a day of the calendar") from None
        if len(_DAYS) < _DAYS_KEPT:
            _DAYS[value] = day
        return day
    if isinstance(value, str | int) and not isinstance(value, bool):
        edge: Literal["first", "last"] = "first" if info.field_name == "start" else "last"
        calendar = info.context if isinstance(info.context, periods.Calendar) else None
        try:
            day = periods.read_day(value, edge, calendar or periods.Calendar())
        except periods.PeriodError as exc:
            raise ValueError(f"must be a date or a period of the calendar; {exc}") from None
        if day is not None:
            return day
    if isinstance(value, str | int | float | bool | dt.date):
        # pydantic's own error type: the walk words it with an example of the field
        raise PydanticCustomError("date_parsing", "not a date written YYYY-MM-DD")
    return value  # pydantic refuses lists, mappings and the rest


def _month(value: Any) -> Any:
    """``fiscal_year_start``: the month the fiscal year starts in, by name or number."""
    month = periods.month_number(value)
    if month is None:
        raise ValueError(
            "must be a month, by name or number; write it like 'fiscal_year_start: april'"
        )
    return month


def _period(value: Any, info: ValidationInfo) -> Any:
    """``period: FY27`` or ``period: Q1 2027``: one period for the plan's start and end."""
    if isinstance(value, dict | Period) or value is None:
        return value
    calendar = info.context if isinstance(info.context, periods.Calendar) else None
    try:
        span = periods.read_span(value, calendar or periods.Calendar())
    except periods.PeriodError as exc:
        raise ValueError(f"must be a period of the calendar; {exc}") from None
    if span is None:
        return value  # pydantic refuses it as no mapping; the walk words it
    return {"start": span.first, "end": span.last}


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
        # The walk sets every slot of the models it makes (_fill_slots): an unset one
        # would fall back to pydantic's __getattr__, which costs a rule ten lookups.
        return getattr(self, name, default)

    def put(self: Any, value: Any) -> None:
        object.__setattr__(self, name, value)

    get.slot = (name, default)  # type: ignore[attr-defined]
    return property(get, put, doc=doc)


@functools.cache
def _slot_defaults(cls: type) -> tuple[tuple[str, Any], ...]:
    """Every slot the properties of ``cls`` read, with its default, each once."""
    found: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if not issubclass(klass, _Model):
            continue  # pydantic's own classes hold no slot of ours
        for attr in list(vars(klass).values()):
            # Properties only: asking anything else for ``fget`` would ask a deferred
            # model's stand-in validator (``_Item``'s), which builds that model.
            if not isinstance(attr, property):
                continue
            slot = getattr(attr.fget, "slot", None)
            if slot is not None:
                found[slot[0]] = slot[1]
    return tuple(found.items())


def _fill_slots(obj: "_Model") -> None:
    for name, default in _slot_defaults(type(obj)):
        object.__setattr__(obj, name, default)


def _empty() -> list[Any]:
    # A Python function rather than ``list``: pydantic inspects a factory's signature,
    # and for a builtin that means parsing its text signature (slow on first use).
    return []


# Items written under other items (a goal's objectives, an objective's tactics) are
# read by the walk item by item, never by the model of the item they stand under: so
# that model's validator need not hold theirs (building it would cost a plan's first
# audit the validators of every kind of item twice over). The JSON Schema still says
# what they are, by reference to the item's own definition.
if TYPE_CHECKING:
    Nested = list
else:

    class _NestedItems:
        def __getitem__(self, item: object) -> object:
            return list[Any]

    Nested = _NestedItems()


# The key the schema's builder replaces by a reference to the named item definition.
NESTED_KEY = "x-nested-items"


def _nested(model: str) -> Any:
    return Field(default_factory=_empty, json_schema_extra={NESTED_KEY: model})


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
    __slots__ = ("_invalid_", "_undecided_")
    # Fields that were written but failed validation (RA002 reports them), so that
    # rules do not also call them missing; read through ``Context.invalid``.
    _invalid = _slot("_invalid_", frozenset(), "Fields written with a value that failed.")
    # Typed fields written as a placeholder ("TBD", "???"): field -> the text written.
    # RA308 reports them; they are among ``_invalid`` too, so no rule calls them missing.
    # The default is one shared empty dict, never written to: the walk sets a new one.
    undecided = _slot("_undecided_", {}, "Fields written as a placeholder, with their text.")

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


Month = Annotated[int, BeforeValidator(_month)]


class PlanInfo(_Model):
    """The ``plan:`` block."""

    name: Text = Field(description="The plan's name.")
    owner: Text | None = None
    description: Text | None = None
    period: Annotated[Period | None, BeforeValidator(_period)] = None
    fiscal_year_start: Month | None = Field(
        None, description="The month the fiscal year starts in; FY27 is named by its end."
    )
    budget: Money | None = Field(None, description="Total marketing budget for the period.")
    currency: Currency = "USD"
    review_cadence: Cadence | None = None
    stakeholders: list[Text] = Field(default_factory=_empty)
    # A plan repository (issue 13): the plans this one serves, and the name other plans
    # qualify this plan's ids with when two files use the same id.
    id: Id | None = Field(
        None,
        description="The name other plans of a workspace qualify this plan's ids with "
        "('company:g-grow'); the file's name without its extension when left out.",
    )
    parents: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(
        default_factory=_empty,
        validation_alias=_spelt("parents"),
        description="The plan files this plan serves, relative to this file: its links "
        "may name the goals and objectives written there.",
    )


Commitment = Annotated[Literal["committed", "aspirational"], BeforeValidator(_lower)]
TacticStatus = Annotated[
    Literal["planned", "active", "paused", "done", "cancelled"], BeforeValidator(_lower)
]
# How sure the owner is that the target will be met, as OKR check-ins record it.
Confidence = Annotated[float, BeforeValidator(_number), Field(ge=0, le=1)]


class CheckIn(_Model):
    """One reading of a key result: the value on a day, as an OKR check-in records it."""

    date: Date = Field(description="The day the value was read.")
    value: Number = Field(description="The KPI's value on that day.")
    confidence: Confidence | None = Field(
        None, description="How sure the owner is of meeting the target, 0.0 to 1.0."
    )
    note: Text | None = None


class Expense(_Model):
    """Money spent on a tactic or campaign on a day."""

    date: Date = Field(description="The day the money was spent or invoiced.")
    amount: Money = Field(description="How much was spent.")
    note: Text | None = None


class KPI(_Model):
    __slots__ = ("_form_", "_milestone_", "_path_")
    metric: Text = Field(min_length=1)
    target: Number | None = None
    baseline: Number | None = None
    unit: Text | None = None
    deadline: Date | None = None
    direction: Direction | None = Field(
        None, description="Whether a higher or lower number is better; guessed from the metric."
    )
    confidential: bool | None = Field(
        None, description="The target is set but kept out of every report."
    )
    actual: Number | None = Field(None, description="The latest value, read on 'as_of'.")
    as_of: Date | None = Field(None, description="The day 'actual' was read.")
    checkins: list[CheckIn] = Field(
        default_factory=_empty,
        description="Readings of the KPI over the period, each with its date and value.",
    )
    commitment: Commitment | None = Field(
        None,
        description="committed (expected in full) or aspirational (a stretch: about 70% "
        "is a good result); the objective's when left out.",
    )
    _path = _slot("_path_", (), "Where the KPI stands in the document.")
    # Set by the walk for a target written as a change, a rate or growth ("+20%", "3x").
    target_form = _slot("_form_", None, "The target as written when it is not a plain number.")
    # Set by the walk when the deadline names a milestone rather than a date.
    deadline_milestone = _slot("_milestone_", None, "The milestone the deadline names, if any.")

    @property
    def target_set(self) -> bool:
        """Whether a target was decided: a number, a change against the baseline, or one
        kept confidential."""
        return self.target is not None or self.target_form is not None or bool(self.confidential)


class _Item(_Model):
    # Never validated itself; only its subclasses need a validator.
    model_config = ConfigDict(defer_build=True)
    __slots__ = ("_owners_", "_path_")
    id: Id
    name: Text | None = None
    description: Text | None = None
    owner: Text | None = None
    _path = _slot("_path_", (), "Where the item stands in the document.")
    path = _slot("_path_", (), "Where the item stands in the document.")
    # Every name written when 'owner' lists more than one (the first stands as owner).
    shared_owners = _slot("_owners_", (), "The names listed when 'owner' is a list.")

    @property
    def label(self) -> str:
        return self.name or self.id


SegmentKind = Annotated[Literal["external", "internal"], BeforeValidator(_lower)]
BudgetKind = Annotated[
    Literal["salaries", "tools", "retainer", "agency", "other"], BeforeValidator(_lower)
]


class Segment(_Item):
    kind: SegmentKind | None = Field(
        None, description="internal for enablement of the own team or partners' staff."
    )
    voice_of_customer: list[Text] = Field(default_factory=_empty)


class Tactic(_Item):
    objectives: IdList = Field(default_factory=_empty, validation_alias=_spelt("objectives"))
    campaign: IdList = Field(default_factory=_empty, validation_alias=_spelt("campaign"))
    channel: Text | None = None
    stage: Text | None = None
    segment: IdList = Field(default_factory=_empty, validation_alias=_spelt("segment"))
    contributors: list[Text] = Field(default_factory=_empty)
    budget: Money | None = None
    start: Date | None = None
    end: Date | None = None
    depends_on: IdList = Field(default_factory=_empty, validation_alias=_spelt("depends_on"))
    kpis: list[KPI] = Field(default_factory=_empty)
    spent: Money | None = Field(default=None, description="Money spent so far, as of 'as_of'.")
    as_of: Date | None = Field(default=None, description="The day 'spent' was counted.")
    expenses: list[Expense] = Field(
        default_factory=_empty, description="Money spent, entry by entry, each with its day."
    )
    phasing: dict[str, Money] = Field(
        default_factory=dict,
        description="The budget by month or quarter (2027-01: 4000, Q2 2027: 9000): how "
        "much should be spent by when.",
    )
    status: TacticStatus | None = Field(
        default=None, description="planned, active, paused, done or cancelled."
    )
    # Set by the walk: the objective or campaign this tactic is nested under, if any,
    # and its stage mapped onto awareness/education/conversion/retention.
    __slots__ = ("_parent_", "_phases_", "_stage_")
    phases = _slot("_phases_", (), "'phasing' read: (period, amount) pairs in date order.")
    _parent = _slot("_parent_", None, "The objective or campaign this tactic is nested under.")
    parent = _parent
    _stage = _slot("_stage_", None, "``stage`` mapped onto the four funnel stages.")
    funnel_stage = _stage


class Campaign(_Item):
    """A group of tactics serving the same objectives (a launch: webinar, emails, ads)."""

    objectives: IdList = Field(default_factory=_empty, validation_alias=_spelt("objectives"))
    contributors: list[Text] = Field(default_factory=_empty)
    budget: Money | None = None
    start: Date | None = None
    end: Date | None = None
    depends_on: IdList = Field(default_factory=_empty, validation_alias=_spelt("depends_on"))
    kpis: list[KPI] = Field(default_factory=_empty)
    tactics: Nested[Tactic] = _nested("Tactic")
    spent: Money | None = Field(default=None, description="Money spent so far, as of 'as_of'.")
    as_of: Date | None = Field(default=None, description="The day 'spent' was counted.")
    expenses: list[Expense] = Field(
        default_factory=_empty, description="Money spent, entry by entry, each with its day."
    )
    phasing: dict[str, Money] = Field(
        default_factory=dict,
        description="The budget by month or quarter (2027-01: 4000, Q2 2027: 9000): how "
        "much should be spent by when.",
    )
    status: TacticStatus | None = Field(
        default=None, description="planned, active, paused, done or cancelled."
    )
    __slots__ = ("_parent_", "_phases_")
    phases = _slot("_phases_", (), "'phasing' read: (period, amount) pairs in date order.")
    _parent = _slot("_parent_", None, "The objective this campaign is nested under, if any.")
    parent = _parent


class Milestone(_Item):
    """A deliverable key result: done or not done by a day."""

    objectives: IdList = Field(default_factory=_empty, validation_alias=_spelt("objectives"))
    contributors: list[Text] = Field(default_factory=_empty)
    due: Date | None = None
    done: bool | None = None
    depends_on: IdList = Field(default_factory=_empty, validation_alias=_spelt("depends_on"))
    __slots__ = ("_parent_",)
    _parent = _slot("_parent_", None, "The objective this milestone is nested under, if any.")
    parent = _parent


class Objective(_Item):
    goals: IdList = Field(default_factory=_empty, validation_alias=_spelt("goals"))
    parents: IdList = Field(default_factory=_empty, validation_alias=_spelt("parents"))
    contributors: list[Text] = Field(default_factory=_empty)
    kpis: list[KPI] = Field(default_factory=_empty)
    commitment: Commitment | None = Field(
        None, description="committed or aspirational: what its key results are, by default."
    )
    milestones: Nested[Milestone] = _nested("Milestone")
    campaigns: Nested[Campaign] = _nested("Campaign")
    tactics: Nested[Tactic] = _nested("Tactic")
    __slots__ = ("_parent_",)
    _parent = _slot("_parent_", None, "The goal this objective is nested under, if any.")
    parent = _parent


class Goal(_Item):
    type: GoalType | None = None
    set_by: Text | None = Field(
        None, description="Where the goal is set when this plan serves it but does not own it."
    )
    objectives: Nested[Objective] = _nested("Objective")


class BudgetLine(_Item):
    """Money the plan spends that is no tactic: salaries, tools, retainers."""

    kind: BudgetKind | None = None
    amount: Money | None = None


class PlanDocument(_Model):
    """A marketing plan (ramaudit plan format, version 1 or 2)."""

    model_config = ConfigDict(
        title="ramaudit marketing plan",
        extra="forbid",
        defer_build=True,  # only the JSON Schema needs it; the walk validates item by item
        json_schema_extra={"patternProperties": {f"^{EXTENSION_PREFIX}": {}}},
    )
    version: Literal[1, 2] | None = Field(
        None, description="The plan format the plan is written for; 1 when left out."
    )
    plan: PlanInfo
    segments: list[Segment] = Field(default_factory=_empty)
    goals: list[Goal] = Field(default_factory=_empty)
    objectives: list[Objective] = Field(default_factory=_empty)
    campaigns: list[Campaign] = Field(default_factory=_empty)
    milestones: list[Milestone] = Field(default_factory=_empty)
    tactics: list[Tactic] = Field(default_factory=_empty)
    budget_lines: list[BudgetLine] = Field(default_factory=_empty)


Item = Goal | Objective | Tactic | Segment | Campaign | Milestone | BudgetLine
# The model of each kind of item, by the noun messages use.
_MODEL_OF: dict[str, type[_Model]] = {
    "goal": Goal,
    "objective": Objective,
    "tactic": Tactic,
    "segment": Segment,
    "campaign": Campaign,
    "milestone": Milestone,
    "budget line": BudgetLine,
}


@dataclass(slots=True)
class Plan:
    """A validated plan: every item in document order, nested ones included."""

    info: PlanInfo | None = None
    segments: list[Segment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    tactics: list[Tactic] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    # The format the plan says it is written for (``version:``); 1 when it says none.
    version: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The diagnostics that report items the walk could not read because they stand
    # where the format does not look for them (an unknown section, objectives written
    # out under a tactic): such a plan is not scored, see ``scorable``.
    unread: list[Diagnostic] = field(default_factory=list)
    # Whether some KPI records a reading (actual, check-ins) and some tactic or campaign
    # records spend: set by the walk, so that a plan that records neither skips every
    # tracking measure (it audits as it did before plans recorded their run).
    tracks_progress: bool = False
    tracks_spend: bool = False

    @property
    def tracked(self) -> bool:
        return self.tracks_progress or self.tracks_spend

    @property
    def scorable(self) -> bool:
        """Whether every item written in the plan was read, so that a score would
        describe the whole plan rather than what is left of it."""
        return not self.unread

    def items(self) -> Iterator[Item]:
        yield from self.segments
        yield from self.goals
        yield from self.objectives
        yield from self.campaigns
        yield from self.milestones
        yield from self.tactics
        yield from self.budget_lines

    @property
    def currency(self) -> str:
        return self.info.currency if self.info else "USD"


# The noun of each kind of item, by its model.
KIND_OF: dict[type[_Model], str] = {model: kind for kind, model in _MODEL_OF.items()}


def kind_of(item: Item) -> str:
    return KIND_OF[type(item)]


# --------------------------------------------------------------------------- walk


_TOP_KEYS = tuple(PlanDocument.model_fields)  # version, plan, segments, goals, ...
# The sections messages list: every top-level key but the format's version.
_SECTIONS = tuple(key for key in _TOP_KEYS if key != "version")
# What each list of items holds, by its key (for "each starting with '- id: ...'"; the
# importer files its rows by it too).
ITEM_SECTIONS = {
    "segments": "segment",
    "goals": "goal",
    "objectives": "objective",
    "campaigns": "campaign",
    "milestones": "milestone",
    "tactics": "tactic",
    "budget_lines": "budget line",
}


# The keys and sections only format 2 has: a plan that writes one is read as a
# format 2 plan even without 'version: 2' (rules that come with format 2 judge it).
FORMAT_2_KEYS = frozenset(
    {
        "version",
        "fiscal_year_start",
        "campaigns",
        "milestones",
        "budget_lines",
        "contributors",
        "set_by",
        "kind",
        "confidential",
        "due",
        "done",
        "amount",
        "campaign",
        # tracking through the period (check-ins, spend, phasing)
        "actual",
        "as_of",
        "commitment",
        "spent",
        "expenses",
        "phasing",
        "status",
        "checkins",
        *(k for key in ("depends_on",) for k in (key, *SPELLINGS[key])),
    }
)


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
        # What periods without a year and fiscal periods are read against: the plan
        # block's fiscal year and period, once it is read.
        self.calendar = periods.Calendar()
        # Whether the plan uses a key only format 2 has (it is then read as format 2
        # whether or not it says 'version: 2').
        self.uses_format_2 = False
        self.placeholders: dict[str, bool] = {}  # text -> whether it is a placeholder
        # KPIs whose deadline names a milestone, resolved once every milestone is read.
        self.deadlines: list[tuple[KPI, str, str]] = []

    # -- diagnostics
    def report(
        self,
        message: str,
        path: PathT,
        *,
        key: bool = False,
        unread: bool = False,
        fix: Fix | None = None,
    ) -> None:
        line, col, end_line, end_col = self.locator.position(path, key=key)
        diag = Diagnostic(message, line, col, path, end_line, end_col, fix)
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
                self._unknown_section(str(key), data[key], data)
        self._version(data)
        if "plan" not in data:
            self.report("the file has no 'plan:' block; add one with at least a name", ())
        else:
            self.plan.info = self._plan_block(data["plan"])
        for _sid, raw, path in self._list(data, "segments", (), None):
            seg = self._validate(Segment, raw, path, "segment")
            if seg is not None:
                self._place(seg, path)
                self.plan.segments.append(seg)
        for _, raw, path in self._list(data, "goals", (), None):
            self._goal(raw, path)
        for _, raw, path in self._list(data, "objectives", (), None):
            self._objective(raw, path, None)
        if not FORMAT_2_KEYS.isdisjoint(data):
            self.uses_format_2 = True
        for _, raw, path in self._list(data, "campaigns", (), None):
            self._campaign(raw, path, None)
        for _, raw, path in self._list(data, "milestones", (), None):
            self._milestone(raw, path, None)
        for _, raw, path in self._list(data, "tactics", (), None):
            self._tactic(raw, path, None)
        for _, raw, path in self._list(data, "budget_lines", (), None):
            line = self._validate(BudgetLine, raw, path, "budget line")
            if line is not None:
                self._place(line, path)
                self.plan.budget_lines.append(line)
        self._resolve_deadlines()
        if "version" not in data and self.uses_format_2:
            self.plan.version = 2  # a plan written with format 2's keys is a format 2 plan
        return self.plan

    def _plan_block(self, raw: Any) -> PlanInfo | None:
        """The plan block, read with its own fiscal year; then the calendar every later
        date is read against."""
        if isinstance(raw, dict):
            month = periods.month_number(raw.get("fiscal_year_start"))
            self.calendar = periods.Calendar(fiscal_start=month or 1)
        info: PlanInfo | None = self._validate(PlanInfo, raw, ("plan",), "plan block")
        if info is not None:
            if info.fiscal_year_start is not None:
                self.calendar = periods.Calendar(fiscal_start=info.fiscal_year_start)
            period = info.period
            if period is not None and period.start and period.end and period.start <= period.end:
                self.calendar = replace(self.calendar, plan=periods.Span(period.start, period.end))
        return info

    def _resolve_deadlines(self) -> None:
        """A deadline that names a milestone is the milestone's due day."""
        if not self.deadlines:
            return
        due = {m.id: m for m in reversed(self.plan.milestones)}  # the first of an id wins
        for kpi, name, who in self.deadlines:
            milestone = due.get(name)
            if milestone is not None:
                object.__setattr__(kpi, "deadline", milestone.due)
                continue
            object.__setattr__(kpi, "_milestone_", None)  # it names no milestone after all
            _mark_invalid(kpi, "deadline")
            self.report(
                f"{who}: 'deadline' must be a date written YYYY-MM-DD, a period such as "
                f"'Q4 2027' or the id of a milestone, but it holds {written(name)}, which is "
                "none of them; write it like 'deadline: 2027-12-31', or add the milestone "
                "under 'milestones:'",
                (*kpi._path, "deadline"),
            )

    def _version(self, data: dict[Any, Any]) -> None:
        """``version: 2`` says which format the plan is written for; any other value is
        reported and the plan is read as the newest format."""
        if "version" not in data:
            return
        value = data["version"]
        if isinstance(value, int) and not isinstance(value, bool) and value in (1, 2):
            self.plan.version = value
            return
        self.plan.version = FORMAT_VERSION
        self.report(
            f"'version' must be 1 or 2, the plan formats ramaudit reads, but it holds "
            f"{written(value)}; write 'version: 2' (or leave it out for version 1)",
            ("version",),
        )

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
        nested = {key: _pop(raw, key) for key in ("milestones", "campaigns", "tactics")}
        kpis = _pop(raw, "kpis")
        owner = f"goal '{shorten(parent)}'" if parent is not None else None
        obj = self._validate(Objective, raw, path, "objective", skip=(*nested, "kpis"), owner=owner)
        if obj is None:
            return
        self._place(obj, path)
        object.__setattr__(obj, "_parent_", parent)  # pydantic's __setattr__ is slow for it
        who = f"objective '{shorten(obj.id)}'"
        _set_field(obj, "kpis", self._kpis(kpis, path, obj, who))
        self.plan.objectives.append(obj)
        for key, value in nested.items():
            if value is not _MISSING and value is not None and not isinstance(value, list):
                _mark_invalid(obj, key)
        for _, child, cpath in self._nested(nested["milestones"], path, "milestones", who):
            self._milestone(child, cpath, obj.id)
        for _, child, cpath in self._nested(nested["campaigns"], path, "campaigns", who):
            self._campaign(child, cpath, obj.id)
        for _, child, cpath in self._nested(nested["tactics"], path, "tactics", who):
            self._tactic(child, cpath, obj.id)

    def _campaign(self, raw: Any, path: PathT, parent: str | None) -> None:
        nested = _pop(raw, "tactics")
        kpis = _pop(raw, "kpis")
        owner = f"objective '{shorten(parent)}'" if parent is not None else None
        campaign = self._validate(
            Campaign, raw, path, "campaign", skip=("tactics", "kpis"), owner=owner
        )
        if campaign is None:
            return
        self._place(campaign, path)
        object.__setattr__(campaign, "_parent_", parent)
        who = f"campaign '{shorten(campaign.id)}'"
        if campaign.spent is not None or campaign.expenses:
            self.plan.tracks_spend = True
        if campaign.phasing:
            self._phases(campaign, path, who)
        _set_field(campaign, "kpis", self._kpis(kpis, path, campaign, who))
        self.plan.campaigns.append(campaign)
        if nested is not _MISSING and nested is not None and not isinstance(nested, list):
            _mark_invalid(campaign, "tactics")
        for _, child, cpath in self._nested(nested, path, "tactics", who):
            self._tactic(child, cpath, campaign.id)

    def _milestone(self, raw: Any, path: PathT, parent: str | None) -> None:
        owner = f"objective '{shorten(parent)}'" if parent is not None else None
        milestone = self._validate(Milestone, raw, path, "milestone", owner=owner)
        if milestone is None:
            return
        self._place(milestone, path)
        object.__setattr__(milestone, "_parent_", parent)
        self.plan.milestones.append(milestone)

    def _tactic(self, raw: Any, path: PathT, parent: str | None) -> None:
        kpis = _pop(raw, "kpis")
        above = "campaign" if len(path) >= 4 and path[-4] == "campaigns" else "objective"
        owner = f"{above} '{shorten(parent)}'" if parent is not None else None
        tactic = self._validate(Tactic, raw, path, "tactic", skip=("kpis",), owner=owner)
        if tactic is None:
            return
        self._place(tactic, path)
        object.__setattr__(tactic, "_parent_", parent)
        who = f"tactic '{shorten(tactic.id)}'"
        _set_field(tactic, "kpis", self._kpis(kpis, path, tactic, who))
        if tactic.spent is not None or tactic.expenses:
            self.plan.tracks_spend = True
        if tactic.phasing:
            self._phases(tactic, path, who)
        if tactic.stage is not None:
            stage = self.vocabulary.stage(tactic.stage)
            object.__setattr__(tactic, "_stage_", stage)
            if stage is None:
                _mark_invalid(tactic, "stage")
                self.report(
                    f"{who}: unknown funnel stage '{shorten(tactic.stage)}'; use one of "
                    f"{', '.join(STAGES)} (RACE and AIDA names such as reach, act, convert "
                    "and engage work too)",
                    (*path, "stage"),
                    fix=self._word_fix((*path, "stage"), tactic.stage, list(STAGES)),
                )
        self.plan.tactics.append(tactic)

    def _phases(self, item: Tactic | Campaign, path: PathT, who: str) -> None:
        """``phasing`` keys are months, quarters or other periods (``2027-01``, ``Q2``):
        read them against the plan's calendar, in date order. A key that is no period
        is reported and the phasing is left unread (a partial phasing would misstate
        what should be spent by when)."""
        read: list[tuple[periods.Span, float]] = []
        for key, amount in item.phasing.items():
            try:
                span = periods.read_span(key, self.calendar)
            except periods.PeriodError as exc:
                problem = str(exc)
            else:
                if span is not None:
                    read.append((span, amount))
                    continue
                problem = "which is no month, quarter or other period"
            self.report(
                f"{who}: each key of 'phasing' must be a period such as '2027-01' or "
                f"'Q2 2027', but {written(key)} is not ({problem}); write it like "
                f"'phasing: {{2027-01: 4000, 2027-02: 6000}}'",
                (*path, "phasing", key),
                key=True,
            )
            _mark_invalid(item, "phasing")
            return
        read.sort(key=lambda pair: (pair[0].first, pair[0].last))
        object.__setattr__(item, "_phases_", tuple(read))

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
            data, form, milestone = self._kpi_forms(raw, kpath, who)
            kpi = self._validate(KPI, data, kpath, "KPI", owner=who)
            if kpi is not None:
                object.__setattr__(kpi, "_path_", kpath)
                if form is not None:
                    self._set_target(kpi, form)
                elif isinstance(raw, dict) and "target" in raw and "target" not in data:
                    _mark_invalid(kpi, "target")  # a target form written wrongly: reported
                if kpi.checkins or kpi.actual is not None:
                    self.plan.tracks_progress = True
                if milestone is not None:
                    object.__setattr__(kpi, "_milestone_", milestone)
                    self.deadlines.append((kpi, milestone, self._who("KPI", raw, kpath, who)))
                out.append(kpi)
        return out

    def _kpi_forms(
        self, raw: Any, path: PathT, who: str
    ) -> tuple[Any, targets.TargetForm | None, str | None]:
        """Read what format 2 lets a KPI say in words before the model checks its
        numbers: a target written as a change, a rate or growth (``+20%``, ``15%``,
        ``+5% month over month``, ``confidential``), a baseline written as a rate
        (``12%``), and a deadline that names a milestone instead of a date."""
        if not isinstance(raw, dict):
            return raw, None, None
        data = raw
        form: targets.TargetForm | None = None
        milestone: str | None = None
        target = raw.get("target")
        if isinstance(target, str) and not self._is_placeholder(target):
            try:
                form = targets.read_target(target)
            except targets.TargetError as exc:
                form = None
                data = {k: v for k, v in data.items() if k != "target"}
                self.report(f"{who}: 'target' {exc}", (*path, "target"))
            if form is not None:
                data = dict(data)
                del data["target"]
                if form.kind in ("absolute", "rate"):
                    data["target"] = form.amount
                    form = None if form.kind == "absolute" else form
                elif form.kind == "confidential":
                    data.setdefault("confidential", True)
        baseline = raw.get("baseline")
        rate = targets.read_rate(baseline) if isinstance(baseline, str) else None
        if rate is not None:
            data = dict(data)
            data["baseline"] = rate
        if (rate is not None or (form is not None and form.kind == "rate")) and (
            "unit" not in data
        ):
            data = dict(data)
            data["unit"] = "%"  # '15%' says its unit
        deadline = raw.get("deadline")
        if isinstance(deadline, str) and not self._is_placeholder(deadline):
            try:
                day = periods.read_span(deadline, self.calendar)
            except periods.PeriodError:
                day = None  # a period written wrongly: the model says how
            else:
                if day is None and not _ISO_DATE.match(deadline.strip()):
                    milestone = deadline.strip()
                    data = {k: v for k, v in data.items() if k != "deadline"}
        return data, form, milestone

    def _set_target(self, kpi: KPI, form: targets.TargetForm) -> None:
        """Keep the target as written; a change against a known baseline also stands as
        the number it means (+20% of 1,000 is 1,200), so that every rule comparing
        numbers reads it."""
        object.__setattr__(kpi, "_form_", form)
        if form.kind == "confidential" or kpi.target is not None:
            return
        spans = None
        if form.kind == "growth" and form.per is not None and kpi.deadline is not None:
            spans = _periods_between(self.calendar, kpi.deadline, form.per)
        value = form.resolve(kpi.baseline, spans)
        if value is not None and math.isfinite(value):
            object.__setattr__(kpi, "target", value)

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
        # How messages name the item is worked out only for a message: most items
        # have none.
        if not isinstance(raw, dict):
            who = self._who(what, raw, path, owner)
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
        data = _without(raw, skip)
        if not _SECOND_SPELLINGS.isdisjoint(data):
            data = self._merge_spellings(model, data, path, self._who(what, raw, path, owner))
        if not self.uses_format_2 and not FORMAT_2_KEYS.isdisjoint(raw):
            self.uses_format_2 = True
        data, undecided, owners = self._undecided(model, data)
        invalid: set[str] = set(undecided)
        for _ in range(4):  # each round removes the fields that failed
            try:
                obj = model.__pydantic_validator__.validate_python(data, context=self.calendar)
                _fill_slots(obj)
            except ValidationError as exc:
                data = dict(data)
                fatal = False
                who = self._who(what, raw, path, owner)
                for err in exc.errors(include_url=False):
                    fatal |= self._error(model, err, data, path, what, who, invalid)
                if fatal:
                    if what in _MODEL_OF:
                        self._lost(what, path)
                    return None
            else:
                _share_fields(obj, model, "kpis" in skip)
                if invalid:
                    _mark_invalid(obj, *invalid)
                if undecided:
                    object.__setattr__(obj, "_undecided_", undecided)
                if owners:
                    object.__setattr__(obj, "_owners_", owners)
                return obj
        return None  # pragma: no cover - recovery always converges before this

    def _undecided(
        self, model: type[_Model], data: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[str, str], tuple[str, ...]]:
        """Take out of ``data`` what the plan has not decided yet: a placeholder
        (``TBD``, ``???``) written in a typed field, or among a list of ids, is read as
        no value and remembered, so that RA308 names the field and the rest of the item
        is read. An ``owner`` written as a list is read as its first name; every name
        is remembered for the rule that asks for one accountable owner."""
        typed = _typed_fields(model)
        undecided: dict[str, str] = {}
        owners: tuple[str, ...] = ()
        changed: dict[str, Any] | None = None
        judged = self.placeholders  # each text judged once per plan (_is_placeholder)
        for key, value in data.items():  # in the order written, as findings are
            field_name = typed.get(key)
            if field_name is None:
                if key == "owner" and isinstance(value, list) and "owner" in model.model_fields:
                    names = tuple(str(_id_text(v)) for v in value if _plain(v))
                    if changed is None:
                        changed = dict(data)
                    if len(names) == len(value) and names:
                        owners = names if len(names) > 1 else ()
                        changed[key] = names[0]
                continue
            if isinstance(value, str):
                placeholder = judged.get(value)
                if placeholder is None:
                    placeholder = self._is_placeholder(value)
                if not placeholder:
                    continue
                undecided[field_name] = value.strip()
                if changed is None:
                    changed = dict(data)
                del changed[key]
            elif isinstance(value, list) and field_name in LINKS:
                marks = [v for v in value if isinstance(v, str) and self._is_placeholder(v)]
                if marks:
                    undecided[typed[key]] = ", ".join(m.strip() for m in marks)
                    if changed is None:
                        changed = dict(data)
                    changed[key] = [v for v in value if not any(v is m for m in marks)]
        return (data if changed is None else changed), undecided, owners

    def _is_placeholder(self, text: str) -> bool:
        known = self.placeholders.get(text)
        if known is None:  # ids and dates repeat: each text is judged once per plan
            written = text.strip()
            known = bool(written) and (
                written.lower() in _UNDECIDED_MARKS or self.vocabulary.names_nothing(written)
            )
            self.placeholders[text] = known
        return known

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
            known = _field_names(model)
            self._unknown_key(key, path, known, who, what, data.get(field_name), data)
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
            and model is not PlanInfo  # the plan block's 'parents' names files, not items
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
            self.report(explain(err, who, what, EXAMPLES), full, fix=self._choice_fix(err, full))
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
        data: Mapping[Any, Any],
    ) -> None:
        fix = None
        hint = key_suggestion(what, key)
        if what == "plan block" and key in _TOP_KEYS:
            hint = (
                f"; '{key}' is a section of its own: move it out of the 'plan:' block, "
                "to the left margin"
            )
        elif hint is not None:
            hint = "; " + hint
        else:
            guess = difflib.get_close_matches(key, known, n=len(known), cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; known keys: {', '.join(known)}"
            fix = self._key_fix((*path, key), guess, data)
        if fix is None and key.lower() != key and key.lower() in known:  # KPIs: kpis
            fix = self._key_fix((*path, key), [key.lower()], data)
        count = item_count(value)
        if count:
            hint += _unread_note(count)
        self.report(
            f"{who} has an unknown key '{shorten(key)}'{hint}",
            (*path, key),
            key=True,
            unread=bool(count),
            fix=fix,
        )

    def _unknown_section(self, key: str, value: Any, data: Mapping[Any, Any]) -> None:
        fix = None
        hint = section_suggestion(key)
        if hint is not None:
            hint = "; " + hint
        else:
            guess = difflib.get_close_matches(key, _SECTIONS, n=len(_SECTIONS), cutoff=0.6)
            hint = (
                f"; did you mean '{guess[0]}'?"
                if guess
                else f"; the sections of a plan are {', '.join(_SECTIONS)}"
            )
            fix = self._key_fix((key,), guess, data)
        if fix is None and key.lower() != key and key.lower() in _SECTIONS:
            fix = self._key_fix((key,), [key.lower()], data)
        count = item_count(value)
        if count:
            hint += _unread_note(count)
        self.report(
            f"unknown section '{shorten(key)}' at the top of the plan{hint}",
            (key,),
            key=True,
            unread=bool(count),
            fix=fix,
        )

    def _key_fix(self, where: PathT, guess: list[str], data: Mapping[Any, Any]) -> Fix | None:
        """The rename of the misspelt key at ``where`` to the first of ``guess`` when
        the close matches are all spellings of that one key and the mapping holds no key
        of that name (or another spelling of it) already, which the rename would write
        twice."""
        if not guess or any(g not in _same_key(guess[0]) for g in guess[1:]):
            return None
        if any(k in data for k in _same_key(guess[0])):
            return None
        return rename(self.locator, where, str(where[-1]), guess[0], key=True)

    def _choice_fix(self, err: ErrorDetails, where: PathT) -> Fix | None:
        """For a word that is none of a field's fixed words (``cadence: montly``), the
        one fixed word close to it, written in its place."""
        got = err.get("input")
        if err["type"] != "literal_error" or not isinstance(got, str):
            return None
        words = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
        return self._word_fix(where, got, words)

    def _word_fix(self, where: PathT, got: str, words: list[str]) -> Fix | None:
        nid = scalar_node(self.locator, where)
        written = self.locator.root.values[nid] if nid is not None and self.locator.root else None
        if written is None or written.strip().lower() != got.strip().lower():
            return None
        guess = only_match(got.strip(), words)
        return None if guess is None else rename(self.locator, where, written, guess)


_MISSING: Any = object()
EMPTY_FILE = "the file is empty; a plan needs at least a 'plan:' block with a name"

# Each second spelling with the key it stands for.
_SPELLINGS = tuple((other, key) for key, others in SPELLINGS.items() for other in others)
_SECOND_SPELLINGS = frozenset(other for other, _ in _SPELLINGS)


_PERIOD_DAYS = {"week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}


def _periods_between(calendar: periods.Calendar, deadline: dt.date, per: str) -> float | None:
    """How many weeks, months, quarters or years of growth lie between the start of the
    plan period and ``deadline``; None when the plan has no period."""
    if calendar.plan is None or deadline < calendar.plan.first:
        return None
    days = (deadline - calendar.plan.first).days + 1
    count = days / _PERIOD_DAYS[per]
    # Calendar months and quarters differ in length: a count within a tenth of a whole
    # one is that whole number (April to March is 12 months, not 11.99).
    return float(round(count)) if abs(count - round(count)) < 0.1 else round(count, 2)


# Marks that stand for "not decided" in a typed field beside the vocabulary's
# placeholders: a dash in a table cell, a word that says so.
_UNDECIDED_MARKS = frozenset({"-", "--", "—", "–", "unknown", "not set", "not decided"})


@functools.cache
def _typed_fields(model: type[_Model]) -> dict[str, str]:
    """The keys of ``model`` (second spellings too) whose value is no free text: numbers,
    dates, fixed words, true/false and links, by the field each one is read into.
    Free text and lists of items are left out: a placeholder there is text like any
    other (RA308 reads it)."""
    typed: dict[str, str] = {}
    for name, info in model.model_fields.items():
        kind = _bare(info.annotation)
        entry = _bare(typing.get_args(kind)[0]) if typing.get_origin(kind) is list else None
        if name == "id" or (name not in LINKS and str in (kind, entry)):
            continue
        if entry is Any or (isinstance(entry, type) and issubclass(entry, _Model)):
            continue  # a list of items or KPIs, read item by item
        typed[name] = name
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            typed.update((a, name) for a in alias.choices if isinstance(a, str))
    return typed


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``| None`` and without its ``Annotated`` metadata."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _set_field(obj: _Model, name: str, value: Any) -> None:
    """``obj.name = value`` as pydantic's own handler for a field sets it (the value,
    and the name among the fields set), without its dispatch on every assignment."""
    obj.__dict__[name] = value
    fields = obj.__pydantic_fields_set__
    if name not in fields:  # a new set: the one it has may be shared (_share_fields)
        object.__setattr__(obj, "__pydantic_fields_set__", fields | {name})


# The sets of fields written that models of each kind share (pydantic makes one per
# model, 700 bytes: 1.5 KB a tactic with its KPI, while a plan's items are written with
# a few sets of keys), by model; the first few sets met are kept.
_FIELD_SETS: dict[type[_Model], list[set[str]]] = {}
_FIELD_SETS_KEPT = 8


def _share_fields(obj: _Model, model: type[_Model], kpis: bool) -> None:
    """Give ``obj``, just validated, a shared set of the fields written equal to its
    own, with 'kpis' among them when the walk is about to set it (``_set_field``)."""
    fields = obj.__pydantic_fields_set__
    if kpis:
        fields.add("kpis")
    kept = _FIELD_SETS.get(model)
    if kept is None:
        kept = _FIELD_SETS[model] = []
    for shared in kept:
        if shared == fields:
            object.__setattr__(obj, "__pydantic_fields_set__", shared)
            return
    if len(kept) < _FIELD_SETS_KEPT:
        kept.append(fields)


def _mark_invalid(obj: _Model, *names: str) -> None:
    object.__setattr__(obj, "_invalid_", obj._invalid | frozenset(names))


def _without(raw: dict[Any, Any], skip: tuple[str, ...]) -> dict[Any, Any]:
    """``raw`` without the keys ``skip`` (read on their own), in the order written;
    ``raw`` itself when it has none of them (nothing writes to it)."""
    for key in skip:
        if key in raw:
            break
    else:
        return raw
    data = raw.copy()
    for key in skip:
        data.pop(key, None)
    return data


def _pop(raw: Any, key: str) -> Any:
    """The value of a nested list, validated separately (the raw dict stays as is:
    aliased nodes share it)."""
    if isinstance(raw, dict) and key in raw:
        return raw[key]
    return _MISSING


def _same_key(key: str) -> set[str]:
    """``key`` and every other spelling of the key it is (``goal`` and ``goals``)."""
    for canonical, others in SPELLINGS.items():
        if key == canonical or key in others:
            return {canonical, *others}
    return {key}


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

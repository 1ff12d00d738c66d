"""JSON Schemas that ramaudit ships: the plan format (for editors) and the JSON output.

The plan schema is generated from the pydantic models in :mod:`ramaudit.core.model`, then
adjusted so that it accepts what the loader and the walk accept, no more and no less:
the alias spellings (``goal``, ``objective``, ``parent``, ``segments``), one id where a
list of ids is expected, numbers where free text is expected, empty lists, ``x-``
extension keys at every level, fixed words (cadence, goal type, direction, funnel stage)
in the spellings the audit reads, and numbers within a float's range; and format 2's
values: placeholders (TBD, ???) in every typed field, dates and periods as the periods
module reads them, targets and rates as the targets module reads them, a deadline that
names a milestone. Those patterns are built in :mod:`ramaudit.core.schema_patterns`.
Values are as a YAML 1.2 reader sees them, which is how ramaudit and editors read plans;
tests/test_schema_agreement.py checks schema and audit against each other, and lists
what a schema cannot know (DIFFERENCES).
``src/ramaudit/data/plan.schema.json`` is this output, committed, and a test keeps the
two equal (regenerate with ``ramaudit schema > …/plan.schema.json``).
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from typing import Any

from pydantic import AliasChoices, BaseModel, BeforeValidator

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Keys starting with "x-" are dropped by the loader before validation, at any depth.
EXTENSION_KEYS: dict[str, Any] = {"^x-": {}}

# List fields that the walk reads itself and that may be left empty (`tactics:`).
_NULLABLE_LISTS = {
    "PlanDocument": (
        "segments",
        "goals",
        "objectives",
        "campaigns",
        "milestones",
        "tactics",
        "budget_lines",
    ),
    "Goal": ("objectives",),
    "Objective": ("kpis", "milestones", "campaigns", "tactics"),
    "Campaign": ("kpis", "tactics"),
    "Tactic": ("kpis",),
}
# The plan's sections, in the order the walk reads them.
PLAN_SECTIONS: tuple[str, ...] = _NULLABLE_LISTS["PlanDocument"]


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of the plan format (versions 1 and 2), as a dict."""
    from ramaudit.core.model import PlanDocument

    schema = PlanDocument.model_json_schema(by_alias=True, mode="validation")
    defs: dict[str, Any] = schema.get("$defs", {})
    for definition in defs.values():
        _nested_items(definition.get("properties", {}))
    for model in _models(PlanDocument):
        target = schema if model is PlanDocument else defs[model.__name__]
        _adjust_object(model, target)
    _widen_text(schema)
    for definition in defs.values():
        _owner_list(definition.get("properties", {}))
    stage = defs["Tactic"]["properties"]["stage"]
    stage["anyOf"] = [_stage_schema(), {"type": "null"}]
    _format_2(schema, defs)
    out: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": schema.pop("title", "ramaudit marketing plan"),
        "description": f"{schema.pop('description', '')} This schema checks the shape of "
        "a plan only; `ramaudit check` audits what it means.",
    }
    out.update(schema)
    return out


def plan_schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema(name: str) -> dict[str, Any]:
    """A schema file from the package data: ``plan``, ``results`` or ``status``."""
    text = resources.files("ramaudit").joinpath("data", f"{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """``root`` and every model reachable through its fields, each once."""
    seen: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.append(model)
        for info in model.model_fields.values():
            stack.extend(_nested_models(info.annotation))
    return seen


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_nested_models(arg))
    return found


def _adjust_object(model: type[BaseModel], target: dict[str, Any]) -> None:
    from ramaudit.core.model import _one_or_many

    props: dict[str, Any] = target.get("properties", {})
    exclusive: list[list[str]] = []
    for name, info in model.model_fields.items():
        alias = info.validation_alias
        choices = (
            [c for c in alias.choices if isinstance(c, str)]
            if isinstance(alias, AliasChoices)
            else [info.alias or name]
        )
        prop = props.get(choices[0])
        if prop is None:  # pragma: no cover - every field is in the generated schema
            continue
        validators = [m.func for m in info.metadata if isinstance(m, BeforeValidator)]
        if _one_or_many in validators:  # one id or a list of ids
            prop.pop("type", None)
            items = prop.pop("items")
            title = prop.pop("title", None)
            prop.update({"anyOf": [items, {"type": "array", "items": items}, {"type": "null"}]})
            if title:
                prop["title"] = title
        if name in _NULLABLE_LISTS.get(model.__name__, ()):
            props[choices[0]] = {
                "anyOf": [_without_title(prop), {"type": "null"}],
                **({"title": prop["title"]} if "title" in prop else {}),
            }
        for other in choices[1:]:
            props[other] = {
                **props[choices[0]],
                "description": f"Another spelling of '{choices[0]}'.",
            }
        if len(choices) > 1:
            exclusive.append(choices)
    if target.get("additionalProperties") is False:
        target["patternProperties"] = dict(EXTENSION_KEYS)
    for choices in exclusive:
        # pydantic reads the first spelling present and rejects the other as unknown.
        target.setdefault("allOf", []).extend(
            {"not": {"required": [a, b]}} for i, a in enumerate(choices) for b in choices[i + 1 :]
        )


def _nested_items(props: dict[str, Any]) -> None:
    """Items written under other items (``tactics:`` of an objective) are typed in the
    model by the name of their definition only (see ``model.Nested``): here each such
    list refers to the definition, as pydantic would have written it."""
    from ramaudit.core.model import NESTED_KEY

    for prop in props.values():
        model = prop.pop(NESTED_KEY, None)
        if model is not None:
            prop["items"] = {"$ref": f"#/$defs/{model}"}


def _owner_list(props: dict[str, Any]) -> None:
    """An item's ``owner`` may list several names: the walk reads the first and RA313
    asks for one accountable owner, so the shape is valid."""
    owner = props.get("owner")
    if owner is None or "anyOf" not in owner:
        return
    text = owner["anyOf"][0]
    owner["anyOf"].insert(1, {"type": "array", "items": text, "minItems": 1})


def _without_title(prop: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in prop.items() if k != "title"}


def _widen_text(node: Any) -> None:
    """Numbers are accepted where free text is expected (``coerce_numbers_to_str``);
    text that must not be empty must hold more than blanks (they are stripped); numbers
    stay within a float's range (larger ones are refused: no sum could hold them); the
    ``ge`` pydantic leaves on annotated floats is JSON Schema's ``minimum``."""
    if isinstance(node, list):
        for child in node:
            _widen_text(child)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not ({"enum", "const", "format", "pattern"} & node.keys()):
        node["type"] = ["string", "number"]
        if node.get("minLength"):
            node["pattern"] = "\\S"
    if node.get("type") == "string" and "enum" in node:
        # Fixed words (cadence, goal type, direction) are read in any case and in their
        # usual other spellings ("Monthly", "bi-weekly"); editors suggest the canonical
        # words and must not flag the others, which `ramaudit check` judges (RA002).
        words = node.pop("enum")
        del node["type"]
        node["anyOf"] = [
            {"type": "string", "enum": words},
            {
                "type": "string",
                "pattern": _spellings_pattern(words),
                "description": "another spelling of: " + ", ".join(words),
            },
        ]
        return
    if "ge" in node:
        node["minimum"] = node.pop("ge")
    if "le" in node:  # a bounded number (a confidence of 0.0 to 1.0)
        node["maximum"] = node.pop("le")
    if node.get("type") == "number":
        node.setdefault("minimum", -sys.float_info.max)
        node.setdefault("maximum", sys.float_info.max)  # Money sets its own, lower
    for key, child in node.items():
        if key not in ("enum", "const", "default", "required"):
            _widen_text(child)


def _spellings_pattern(words: list[str]) -> str:
    """A regular expression for what the model's fixed-word validators accept: any
    case and surrounding blanks; for cadences and goal types also '-', '_' or blanks
    where the word has parts (for cadences, anywhere: 'Bi-weekly'; 'fortnightly' too),
    around the word as well. JSON Schema patterns have no case-insensitive flag, so
    each letter is a class."""
    from ramaudit.core.model import _CADENCES, _GOAL_TYPES
    from ramaudit.core.schema_patterns import BLANK, letter

    part = f"(?:[-_]|{BLANK})"

    def letters(word: str, between: str = "") -> str:
        return between.join(letter(c) for c in word)

    if tuple(words) == _CADENCES:
        alternatives = [letters(w, f"{part}*") for w in (*words, "fortnightly")]
    elif tuple(words) == _GOAL_TYPES:
        alternatives = [f"{part}+".join(letters(p) for p in w.split("-")) for w in words]
    else:  # read as written, lower-cased and stripped
        return f"^{BLANK}*(?:{'|'.join(letters(w) for w in words)}){BLANK}*$"
    return f"^{part}*(?:{'|'.join(alternatives)}){part}*$"


def _stage_schema() -> dict[str, Any]:
    """A tactic's ``stage``: one of the four stages, or a name the default vocabulary
    maps onto one (RACE, AIDA and funnel words), as ``Vocabulary.stage`` reads it: any
    case, words parted by blanks or punctuation, plurals, and several names of one stage
    joined by '/', '&', ',', 'and' or 'or' ("Retention/Loyalty"). Two readings of the
    audit are beyond a pattern and are left to it: camelCase ("topOfFunnel") and names
    added in the configuration's vocabulary."""
    from ramaudit.core.vocabulary import STAGES

    return {
        "anyOf": [
            {"type": "string", "enum": list(STAGES)},
            {
                "type": "string",
                "pattern": stage_pattern(),
                "description": "another name of one of: " + ", ".join(STAGES),
            },
        ]
    }


def stage_pattern() -> str:
    """The regular expression of :func:`_stage_schema` (ECMA-262 and Python alike)."""
    from ramaudit.core.vocabulary import STAGE_SYNONYMS, _singular, match_key

    other = "[^0-9A-Za-z\u0130\u212a]"  # what normalising turns into a word break
    by_stage: dict[str, list[str]] = {}
    for name, stage in STAGE_SYNONYMS.items():
        words = match_key(name).split()
        by_stage.setdefault(stage, []).append(f"{other}+".join(_word(w, _singular) for w in words))
    alternatives = []
    for names in by_stage.values():
        one = "(" + "|".join(sorted(set(names))) + ")"
        joined = f"({other}*[,;&+/|]{other}*{one}|{other}+([aA][nN][dD]|[oO][rR]){other}+{one})*"
        alternatives.append(f"{other}*{one}{joined}{other}*")
    return "^(" + "|".join(alternatives) + ")$"


def _word(word: str, singular: Any) -> str:
    """A word in any case, with the plural forms that read as it (``brands``,
    ``discoveries``)."""

    from ramaudit.core.schema_patterns import letter

    def letters(form: str) -> str:
        return "".join(letter(c) for c in form)

    out = letters(word) + ("[sS]?" if singular(word + "s") == word else "")
    if word.endswith("y") and singular(word[:-1] + "ies") == word:
        out = f"({out}|{letters(word[:-1] + 'ies')})"
    return out


# ------------------------------------------------------------------ format 2's values


def _format_2(schema: dict[str, Any], defs: dict[str, Any]) -> None:
    """What format 2 reads beyond the models' own types: placeholders in every typed
    field, dates and periods in the ways people write them, targets and baselines
    written as text, true/false as pydantic reads it, and the format's version."""
    from ramaudit.core.model import KPI, Period, PlanInfo

    defs.update(_shared_definitions())
    for model in _walked_models():
        props = defs[model.__name__]["properties"]
        for name, info in model.model_fields.items():
            # a second spelling is only ever a link's, which takes any id text already
            _typed_value(model, name, info.annotation, props[_spellings_of(name, info)[0]])
    deadline = defs[KPI.__name__]["properties"]["deadline"]
    deadline["description"] = (
        "When the target is due: a date or period (its last day), or the id of the "
        "milestone it is due with. Text that is no date form is read as a milestone id "
        "(so the schema takes any such text; `ramaudit check` says whether the milestone "
        "exists); text written as a date must be a date that reads."
    )
    _tracking(defs)
    for edge in ("start", "end"):  # read before there is a plan period to lend a year
        _replace(defs[Period.__name__]["properties"][edge], [_ref("DatedDateOrPeriod")])
    info = defs[PlanInfo.__name__]["properties"]
    _replace(info["period"], [{"$ref": "#/$defs/Period"}, _ref("PlanPeriod")])
    _allow(info["period"], _ref("Placeholder"))
    if "fiscal_year_start" in info:
        _replace(info["fiscal_year_start"], [_ref("Month")])
        _allow(info["fiscal_year_start"], _ref("Placeholder"))
    schema["properties"]["version"] = {
        "enum": [1, 2],
        "description": "The plan format the plan is written for; 1 when left out.",
    }


def _tracking(defs: dict[str, Any]) -> None:
    """The dates of check-ins and expenses are read as every date is (a period too),
    and a phasing's keys must each be a period, as the walk's ``_phases`` reads them."""
    from ramaudit.core.model import Campaign, CheckIn, Expense, Tactic

    for dated in (CheckIn, Expense):
        day = defs[dated.__name__]["properties"]["date"]
        for key in ("type", "format", "pattern"):
            day.pop(key, None)
        day.update(_ref("DateOrPeriod"))  # required: no null beside it
    for spender in (Tactic, Campaign):
        phasing = defs[spender.__name__]["properties"]["phasing"]
        for branch in phasing.get("anyOf", [phasing]):
            if branch.get("type") == "object":
                branch["propertyNames"] = _ref("DateOrPeriod")


def _walked_models() -> list[type[BaseModel]]:
    """The models the walk validates one by one, where placeholders are read."""
    from ramaudit.core.model import _MODEL_OF, KPI, PlanInfo

    return [PlanInfo, KPI, *_MODEL_OF.values()]


def _spellings_of(name: str, info: Any) -> list[str]:
    alias = info.validation_alias
    if isinstance(alias, AliasChoices):
        return [c for c in alias.choices if isinstance(c, str)]
    return [info.alias or name]


def _typed_value(model: type[BaseModel], name: str, annotation: Any, prop: dict[str, Any]) -> None:
    """Widen one property to what the walk reads there."""
    import datetime as dt

    from ramaudit.core.model import KPI, LINKS, _bare, _typed_fields

    kind = _bare(annotation)
    if model is KPI and name == "target":
        _replace(prop, [_number_schema(), _ref("Target")])
    elif model is KPI and name == "baseline":
        _replace(prop, [_number_schema(), _ref("Rate")])
    elif model is KPI and name == "deadline":
        _replace(prop, [_ref("DateOrPeriod"), _ref("MilestoneId")])
    elif kind is dt.date:
        _replace(prop, [_ref("DateOrPeriod")])
    elif kind is bool:
        _replace(prop, [_ref("Boolean")])
    if name in _typed_fields(model).values() and name not in LINKS:
        _allow(prop, _ref("Placeholder"))


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _number_schema() -> dict[str, Any]:
    return {"type": "number", "minimum": -sys.float_info.max, "maximum": sys.float_info.max}


def _replace(prop: dict[str, Any], schemas: list[dict[str, Any]]) -> None:
    """``prop`` becomes ``schemas`` or null, keeping its title, default and description."""
    for key in ("type", "format", "pattern", "minimum", "maximum", "$ref"):
        prop.pop(key, None)
    prop["anyOf"] = [*schemas, {"type": "null"}]


def _allow(prop: dict[str, Any], extra: dict[str, Any]) -> None:
    """``prop`` accepts ``extra`` too."""
    if "anyOf" not in prop:
        kept = {k: v for k, v in prop.items() if k not in ("title", "default", "description")}
        for key in kept:
            del prop[key]
        prop["anyOf"] = [kept]
    prop["anyOf"].insert(len(prop["anyOf"]) - (prop["anyOf"][-1] == {"type": "null"}), extra)


def _shared_definitions() -> dict[str, Any]:
    """The $defs format 2's values refer to: placeholders, dates, targets and the rest."""
    from ramaudit.core import schema_patterns as p

    return {
        "Placeholder": {
            "type": "string",
            "pattern": p.placeholder_pattern(),
            "description": "A value not decided yet (TBD, TBC, ???, -, n/a, unknown): "
            "read as absent and reported by `ramaudit check` (RA308) with the field named.",
        },
        **_date_definitions(),
        **_value_definitions(),
    }


def _date_definitions() -> dict[str, Any]:
    from ramaudit.core import periods
    from ramaudit.core import schema_patterns as p

    year = {"type": "integer", "minimum": periods.MIN_YEAR, "maximum": periods.MAX_YEAR}
    return {
        "DateText": {
            "type": "string",
            "pattern": p.date_pattern(),
            "description": "A date or period written as text, as `ramaudit check` reads it.",
        },
        "YearlessDate": {
            "type": "string",
            "pattern": p.yearless_pattern(),
            "description": "A date or period without a year of its own (Q4, March): "
            "it takes the plan period's year.",
        },
        "DatedDateOrPeriod": {
            "anyOf": [
                {"allOf": [_ref("DateText"), {"not": _ref("YearlessDate")}]},
                {"type": "string", "pattern": p.iso_day_pattern()},
                year,
            ],
            "description": "A date or period with its year: the plan's own period is read "
            "before there is one to take a year from.",
        },
        "PlanPeriod": {
            "anyOf": [{"allOf": [_ref("DateText"), {"not": _ref("YearlessDate")}]}, year],
            "description": "The plan's period as one period (FY27, Q1 2027, H2 2027, "
            "2027, Jan-Mar 2027) rather than its start and end.",
        },
        "DateOrPeriod": {
            "anyOf": [_ref("DateText"), {"type": "string", "pattern": p.iso_day_pattern()}, year],
            "description": "A day (2027-03-31) or a period: a month (2027-03, March 2027), "
            "a quarter (Q3 2027, 2027-Q3, Q3 FY27), a half (H1 2027), a fiscal year (FY27, "
            "FY2026/27), a year (2027) or a range (Q1 to Q2 2027); without a year (Q4, "
            "March) the plan period's. Where one day is wanted a period means its first "
            "day for a start and its last day for an end, deadline or due date.",
        },
    }


def _value_definitions() -> dict[str, Any]:
    from ramaudit.core import schema_patterns as p

    return {
        "Target": {
            "type": "string",
            "pattern": p.target_pattern(),
            "description": "A target written as text: a change against the baseline "
            "(+20%, -30%, reduce by 30%, 3x, double, +5pp), a rate (15%), growth per "
            "period (+5% month over month, 10% YoY) or confidential.",
        },
        "Rate": {
            "type": "string",
            "pattern": p.rate_pattern(),
            "description": "A rate in percent: 12%.",
        },
        "MilestoneId": {
            "type": "string",
            "pattern": p.not_a_date_pattern() + "[\\s\\S]*\\S",
            "description": "The id of a milestone: text that is no date form.",
        },
        "Month": {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 12},
                {"type": "string", "pattern": p.month_pattern()},
            ],
            "description": "A month: its name (april, Apr, Sept.) or its number, 1 to 12.",
        },
        "Boolean": {
            "anyOf": [
                {"type": "boolean"},
                {"enum": [0, 1]},
                {"type": "string", "pattern": p.boolean_pattern()},
            ],
            "description": "true or false; the checker also reads yes/no, on/off, 1/0, t/f "
            "and y/n.",
        },
    }

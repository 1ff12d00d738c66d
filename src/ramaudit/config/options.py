"""Rule options, each declared once as a class attribute of its rule.

A :class:`RuleOption` holds everything about one option: its default (which also gives
its type), a description for people, the words it may hold or the range of numbers it
takes. Configuration files are checked against it, ``ramaudit rule CODE`` lists it,
``config --show`` and the README read it, and the rule (or a score criterion that
mirrors the rule) reads the configured value through it::

    class BudgetOverrun(Rule):
        tolerance = RuleOption(0.0, "How far over the plan budget ...", range=...)

        def check(self, ctx):
            allowed = budget * (1 + ctx.option(self.tolerance))

Reading by attribute, not by a string, means renaming an option is a change the type
checker and every reader see, never a lookup that fails at run time.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ramaudit.config.effective import NumberRange, shown, written
from ramaudit.core.vocabulary import match_key

if TYPE_CHECKING:
    from ramaudit.config.values import Schema, Where
    from ramaudit.rules.base import Rule

# Covariant: an option holding a list of words may be read where any sequence is wanted.
T = TypeVar("T", covariant=True)


class OptionError(ValueError):
    """A rule option with a value the rule cannot use; the message says why."""


class RuleOption(Generic[T]):
    """One option of one rule. ``name`` (the attribute name, ``include_tactics``) and
    ``rule`` (the class that declares it) are filled in when the class is made."""

    __slots__ = ("choices", "default", "doc", "hint", "match", "name", "range", "rule")

    def __init__(
        self,
        default: T,
        doc: str,
        *,
        choices: Sequence[str] = (),
        range: NumberRange | None = None,
        match: Callable[[str], str | None] | None = None,
        hint: str = "",
    ) -> None:
        self.default = default
        self.doc = " ".join(doc.split())
        self.choices = tuple(choices)
        self.range = range
        # How a word given in configuration maps to a choice (default: any case,
        # singular or plural, ``-``/``_``/spaces); ``hint`` is added to the message
        # about a word that maps to none.
        self.match = match
        self.hint = hint
        self.name = ""
        self.rule: type[Rule] | None = None

    def __set_name__(self, owner: type[Rule], name: str) -> None:
        self.name = name
        self.rule = owner

    def __repr__(self) -> str:
        return f"RuleOption({self.code}.{self.key} = {self.default!r})"

    @property
    def key(self) -> str:
        """The option as configuration files spell it: ``include-tactics``."""
        return self.name.replace("_", "-")

    @property
    def code(self) -> str:
        return self.rule.code if self.rule is not None else "?"

    def read(self, rule_options: Mapping[str, Mapping[str, Any]] | None) -> T:
        """The configured value (``Config.rule_options``), else the default."""
        if not rule_options:
            return self.default
        value: T = rule_options.get(self.code, {}).get(self.name, self.default)
        return value

    def choice(self, word: str) -> str | None:
        """The choice ``word`` means, or None when it means none."""
        if self.match is not None:
            return self.match(word)
        key = match_key(word)
        for choice in self.choices:
            if match_key(choice) == key:
                return choice
        return None

    def check(self, value: object) -> object:
        """The value to use as given in configuration (choices in their canonical
        spelling, duplicates dropped), or :class:`OptionError` saying why it cannot be
        used: not of the option's type, out of its range, or not one of its choices."""
        problem = self.range.problem(value) if self.range is not None else self._type_problem(value)
        if problem is not None:
            raise OptionError(problem)
        if self.range is not None:
            assert isinstance(value, int | float)  # the range took it
            return self.range.value(value)
        if not self.choices:
            return value
        assert isinstance(value, str | list)  # the type check took it
        words: Sequence[object] = [value] if isinstance(value, str) else value
        chosen: list[str] = []
        for word in words:
            choice = self.choice(str(word))
            if choice is None:
                raise OptionError(_unknown_choice(str(word), self.choices) + self.hint)
            if choice not in chosen:
                chosen.append(choice)
        return chosen[0] if isinstance(value, str) else chosen

    def _type_problem(self, value: object) -> str | None:
        """Why ``value`` is not of the option's type (that of its default), else None.
        A number option has a range, which says what it takes, type included."""
        default: object = self.default
        if default is None:
            return None
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif isinstance(default, str):
            ok = isinstance(value, str)
        elif isinstance(default, list | tuple | frozenset | set):
            first = type(next(iter(default))) if default else object
            ok = isinstance(value, list) and all(isinstance(v, first) for v in value)
        elif isinstance(default, Mapping):
            ok = isinstance(value, dict)
        else:
            return None
        return None if ok else f"expected {self.what()}, got {shown(value)}"

    def what(self) -> str:
        """What the option takes, in the words of a message: ``true or false``."""
        default: object = self.default
        if self.range is not None:
            return self.range.describe()
        if isinstance(default, bool):
            return "true or false"
        if isinstance(default, int):
            return "a whole number"
        if isinstance(default, float):
            return "a number"
        if isinstance(default, list | tuple | frozenset | set):
            return "a list"
        return "a table" if isinstance(default, Mapping) else "a string"

    @property
    def type(self) -> str:
        """What the option takes, for people (``ramaudit rule CODE``, the README):
        ``true or false``, ``a number of days from 0 to 3,660``, ``a list of: a, b``."""
        if self.choices:
            listed = ", ".join(self.choices)
            many = isinstance(self.default, list | tuple)
            return f"a list of: {listed}" if many else f"one of: {listed}"
        return self.what()

    @property
    def spellings(self) -> str:
        """The other spellings a choice may be given in, in words ('' without choices)."""
        if not self.choices:
            return ""
        extra = f", {self.hint.removeprefix('; ')}" if self.hint else ""
        return f"any case, singular or plural{extra}"

    @property
    def shown_default(self) -> str:
        """The default as a configuration file writes it: ``false``, ``["name", "metric"]``."""
        return written(self.default)

    def schema(self) -> dict[str, Any]:
        """The option's JSON Schema: type, range or choices, default and description."""
        from ramaudit.config.values import number_schema

        out: dict[str, Any] = {"description": self.doc, "default": self.default}
        if self.range is not None:
            out.update(number_schema(self.range))
        elif isinstance(self.default, bool):
            out["type"] = "boolean"
        elif self.choices and isinstance(self.default, list | tuple):
            out.update({"type": "array", "items": {"enum": list(self.choices)}})
        elif self.choices:
            out["enum"] = list(self.choices)
        elif isinstance(self.default, list | tuple):
            out.update({"type": "array", "items": {"type": "string"}})
        elif isinstance(self.default, str):
            out["type"] = "string"
        return out


def _unknown_choice(word: str, choices: Sequence[str]) -> str:
    guess = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    hint = f"; did you mean '{guess[0]}'?" if guess else ""
    return f"unknown value '{word}'{hint} (choose from {', '.join(choices)})"


def declared_options(cls: type) -> dict[str, RuleOption[Any]]:
    """The options a rule class declares (its own and inherited), by attribute name,
    in the order they were written."""
    out: dict[str, RuleOption[Any]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, RuleOption):
                out[name] = value
    return out


# --------------------------------------------------------------------------- [rules.CODE]


def check_rule_tables(value: object, where: Where) -> dict[str, dict[str, object]]:
    """The ``rules`` setting checked against what each rule declares: by code, then
    attribute name (``{"RA306": {"grace_days": 14}}``), lists as tuples."""
    from ramaudit.core.suggest import did_you_mean
    from ramaudit.rules import ALL_RULES, lookup

    if not isinstance(value, dict):
        where.fail("expected tables such as [tool.ramaudit.rules.RA305]")
    out: dict[str, dict[str, object]] = {}
    for name, options in value.items():
        at = where.at(name)
        rule = lookup(str(name))
        if rule is None:
            names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
            at.fail(f"unknown rule '{name}'{did_you_mean(str(name), names)}")
        if not isinstance(options, dict):
            at.fail(f"{name}: expected a table of options")
        if not rule.declared and options:
            at.fail(f"{rule.code} ({rule.name}) has no options")
        out.setdefault(rule.code, {}).update(_check_options(rule, options, at))
    return out


def _check_options(
    rule: type[Rule], options: Mapping[object, object], where: Where
) -> dict[str, object]:
    from ramaudit.core.suggest import did_you_mean

    by_key = {o.key: o for o in rule.declared.values()}
    checked: dict[str, object] = {}
    for opt, given in options.items():
        option = by_key.get(str(opt).replace("_", "-"))
        if option is None:
            spelt = str(opt).replace("_", "-")
            where.at(opt).fail(
                f"{rule.code} ({rule.name}) has no option '{opt}'{did_you_mean(spelt, by_key)}; "
                f"its options are {', '.join(by_key)}"
            )
        try:
            value = option.check(given)
        except OptionError as exc:
            where.at(opt, f"{rule.code}.{opt}: ").fail(str(exc))
        checked[option.name] = tuple(value) if isinstance(value, list) else value
    return checked


def rule_tables_schema() -> Schema:
    """The ``rules`` table's JSON Schema: per rule, by code or name in any case, the
    options it declares (:func:`rule_table_defs`)."""
    from ramaudit.config.values import caseless
    from ramaudit.rules import ALL_RULES

    properties: dict[str, Any] = {}
    patterns: dict[str, Any] = {}
    for rule in ALL_RULES:
        table = {"$ref": f"#/$defs/rule-{rule.code}"}
        if rule.declared:  # completed by editors; every spelling is checked below
            properties[rule.code] = properties[rule.name] = table
        either = "|".join(caseless(w) for w in (rule.code, rule.name))
        patterns[rf"^\s*(?:{either})\s*$"] = table
    return {
        "type": "object",
        "properties": properties,
        "patternProperties": patterns,
        "additionalProperties": False,
    }


def rule_table_defs() -> dict[str, Schema]:
    """One definition per rule: the table of its options, spelled with ``-`` or ``_``."""
    from ramaudit.rules import ALL_RULES

    return {f"rule-{rule.code}": _options_schema(rule) for rule in ALL_RULES}


def _options_schema(rule: type[Rule]) -> Schema:
    from ramaudit.config.values import spellings

    options: dict[str, Any] = {}
    for option in rule.declared.values():
        for spelling in spellings(option.key):
            options[spelling] = option.schema()
    summary = f"Options of {rule.code} ({rule.name}): {rule.summary()}"
    return {
        "type": "object",
        "description": summary,
        "properties": options,
        "additionalProperties": False,
    }

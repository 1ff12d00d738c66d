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

from ramaudit.config.effective import NumberRange
from ramaudit.core.vocabulary import match_key

if TYPE_CHECKING:
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

    def check(self, value: Any) -> Any:
        """The value to use as given in configuration (choices in their canonical
        spelling, duplicates dropped), or :class:`OptionError` saying why it cannot be
        used. The value's type has been checked already."""
        problem = self.range.problem(value) if self.range is not None else None
        if problem is not None:
            raise OptionError(problem)
        if not self.choices:
            return value
        words: Sequence[Any] = [value] if isinstance(value, str) else list(value)
        chosen: list[str] = []
        for word in words:
            choice = self.choice(str(word))
            if choice is None:
                raise OptionError(_unknown_choice(str(word), self.choices) + self.hint)
            if choice not in chosen:
                chosen.append(choice)
        return chosen[0] if isinstance(value, str) else chosen


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

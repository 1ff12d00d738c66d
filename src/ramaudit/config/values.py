"""The kinds of value a setting holds: rule selectors, globs, a word from a list, a number
in a range, a size, a switch, and the tables (``severity``, ``per-file-ignores``,
``rules``, ``vocabulary``, ``benchmarks``).

A :class:`Kind` does everything that depends only on the kind of value, so that each
setting (:mod:`ramaudit.config.declarations`) is one line naming its kind: it checks a
value as a configuration file or a flag gives it and words what is wrong, says in words
what it takes (the README's configuration table), writes its JSON Schema (``ramaudit
schema --config``), turns the checked value into what :class:`~ramaudit.config.effective.Config`
holds, and lists it for ``config --show``. The messages are the ones ramaudit always gave;
the schema takes what the check takes (tests/test_config_schema.py holds the two together).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, NoReturn, Protocol, TypedDict, TypeVar

from ramaudit.config import selection
from ramaudit.config.effective import ALWAYS_REPORTED, NumberRange, shown, written
from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.core.benchmarks import Benchmark, Benchmarks
    from ramaudit.core.findings import Severity
    from ramaudit.core.vocabulary import Vocabulary

T = TypeVar("T")
Schema = dict[str, Any]  # a JSON Schema fragment: JSON values of every kind
DEFAULT_SOURCE = "default"


class Where(Protocol):
    """Where a value was given (a key of a file, a flag): a message about it is said
    there, after the words that name the setting."""

    def fail(self, message: str) -> NoReturn: ...

    def at(self, key: object, more: str = "") -> Where:
        """A key inside this value; ``more`` is added to the words before a message."""
        ...


@dataclass(frozen=True)
class Row:
    """One line of ``ramaudit config --show``: a setting, its value, where it came from."""

    key: str
    value: object
    source: str


@dataclass(frozen=True)
class Sources:
    """Where a setting's value came from: the value each layer that gave it gave, and
    that layer's name (a file, a flag), lowest layer first. A table merged per key
    names, for each key, the last layer that holds it."""

    given: tuple[tuple[Any, str], ...] = ()

    @property
    def last(self) -> str:
        """The layer whose value wins (the default when none gave one)."""
        return self.given[-1][1] if self.given else DEFAULT_SOURCE

    def of(self, *keys: object) -> str:
        """The last layer whose value holds ``keys`` (nested table keys)."""
        for value, source in reversed(self.given):
            found: object = value
            for key in keys:
                if not isinstance(found, Mapping) or key not in found:
                    break
                found = found[key]
            else:
                return source
        return DEFAULT_SOURCE


class ShownRow(TypedDict):
    key: str
    value: object
    source: str


class ShownConfig(TypedDict):
    """What ``ramaudit config --show`` prints (its JSON, and the text renderer's input)."""

    path: str
    config_file: str | None
    # The files config_file extends, in the order they are read after it: each one
    # is extended by the one before.
    extends: list[str]
    isolated: bool
    shadowed: list[str]
    settings: list[ShownRow]


def plain(value: object) -> object:
    """A checked value as JSON shows it: lists for tuples, words for severities."""
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    level = getattr(value, "value", None)  # a Severity
    return level if isinstance(level, str) else value


class Kind(Generic[T]):
    """What one setting's value may be (see the module docstring)."""

    #: The value in words, for the README: "rule selectors", "a size".
    words = ""

    def check(self, value: object, where: Where) -> T:
        raise NotImplementedError

    def from_flag(self, value: object, where: Where) -> T:
        """The value a command-line flag gives, checked; typer has parsed its type."""
        return self.check(value, where)

    def flag_given(self, value: object) -> bool:
        """Whether a flag was given at all (None or False: it was not)."""
        return value is not None and value is not False

    def schema(self) -> Schema:
        raise NotImplementedError

    def defs(self) -> dict[str, Schema]:
        """The definitions its schema refers to (``#/$defs/NAME``), shared by settings."""
        return {}

    def in_config(self, value: T) -> object:
        """What :class:`~ramaudit.config.effective.Config` holds for ``value``."""
        return value

    def merged(self, values: Sequence[T]) -> T:
        """The layers' values (lowest first, at least one) merged into one, for a
        setting merged per key (``Merge.TABLE``); a kind that is no table keeps the
        last."""
        return values[-1]

    def layered(self, values: Sequence[T]) -> object:
        """What :class:`Config` holds for the layers' values merged per key."""
        return self.in_config(self.merged(values))

    def rows(self, key: str, value: T, sources: Sources) -> list[Row]:
        return [Row(key, plain(value), sources.last)]

    def written(self, value: T) -> str:
        """A value (a default) as the README's Markdown shows it."""
        return "none" if value is None else f"`{written(plain(value))}`"


# --------------------------------------------------------------------------- lists


def string_list(value: object, where: Where) -> list[str]:
    """A list of strings; one string stands for the list of that string."""
    if isinstance(value, str):  # `select: RA1` means the list of that one selector
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        where.fail(f"expected a list of strings, got {shown(value)}")
    return value


def _one_or_many(item: Schema) -> Schema:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def caseless(word: str) -> str:
    """A regular expression for ``word`` in any case (JSON Schema has no flag for it).
    Only the characters special to ECMA 262, the dialect of JSON Schema, are escaped:
    there ``\\-`` outside brackets is an error, not a hyphen."""
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.isalpha() else ("\\" + c if c in _SPECIAL else c)
        for c in word
    )


_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


SELECTOR: Schema = {"$ref": "#/$defs/selector"}


def selector_schema() -> Schema:
    """A rule selector: completed from the canonical spellings, checked in any case."""
    prefixes = sorted({code[2:n] for code in selection.codes() for n in range(2, len(code) + 1)})
    names = [r.name for r in selection.rules()]
    digits = "|".join(sorted((p for p in prefixes if p), key=lambda p: (-len(p), p)))
    alternatives = [caseless("ALL"), caseless("RA") + f"(?:{digits})?", *map(caseless, names)]
    return {
        "type": "string",
        "anyOf": [
            {"enum": ["ALL", *selection.codes(), *names]},
            {"pattern": r"^\s*(?:" + "|".join(alternatives) + r")\s*$"},
        ],
    }


class Selectors(Kind[tuple[str, ...]]):
    """Rule selectors: codes, prefixes, names or ALL (:mod:`ramaudit.config.selection`).
    A flag takes them comma-separated; ``needs_one`` refuses a flag that names none."""

    words = "rule selectors"

    def __init__(self, *, needs_one: bool = False) -> None:
        self.needs_one = needs_one

    def check(self, value: object, where: Where) -> tuple[str, ...]:
        return tuple(self.parse_one(s, where) for s in string_list(value, where))

    def from_flag(self, value: object, where: Where) -> tuple[str, ...]:
        items = value if isinstance(value, list | tuple) else [value]
        selectors = [s.strip() for item in items for s in str(item).split(",") if s.strip()]
        if self.needs_one and not selectors:
            # `--select "$CODES"` with CODES unset would turn every rule off and pass.
            where.fail("no rule given; name codes (RA101), prefixes (RA1) or ALL")
        return tuple(self.parse_one(s, where) for s in selectors)

    def flag_given(self, value: object) -> bool:
        # An empty list is no flag at all, except where one selector is needed.
        return value is not None and (value != () or self.needs_one)

    @staticmethod
    def parse_one(selector: object, where: Where) -> str:
        try:
            return selection.parse(selector)
        except selection.SelectorError as exc:
            where.fail(str(exc))

    def schema(self) -> Schema:
        return _one_or_many(SELECTOR)

    def defs(self) -> dict[str, Schema]:
        return {"selector": selector_schema()}


class Globs(Kind[tuple[str, ...]]):
    """Glob patterns, relative to the configuration file's folder."""

    words = "globs"

    def check(self, value: object, where: Where) -> tuple[str, ...]:
        return tuple(string_list(value, where))

    def schema(self) -> Schema:
        return _one_or_many({"type": "string"})


class ConfigPath(Kind["str | None"]):
    """The path of another configuration file, relative to the folder of the file that
    names it; ``~`` stands for the home folder."""

    words = "the path of a configuration file, relative to this file (`~` expands)"

    def check(self, value: object, where: Where) -> str:
        if not isinstance(value, str) or not value.strip() or "\0" in value:
            where.fail(f"expected the path of a configuration file, got {shown(value)}")
        return value

    def schema(self) -> Schema:
        return {"type": "string", "minLength": 1}

    def written(self, value: str | None) -> str:
        return "none" if value is None else f"`{value}`"


# --------------------------------------------------------------------------- scalars


def expected_one_of(words: Sequence[str], value: object) -> str:
    """``expected one of a, b, got "x"; did you mean 'a'?``"""
    from ramaudit.core.suggest import did_you_mean

    hint = did_you_mean(value, words) if isinstance(value, str) else ""
    return f"expected one of {', '.join(words)}, got {shown(value)}{hint}"


class OneOf(Kind[str]):
    """One word of a fixed list, spelled as listed."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = tuple(choices)
        self.words = ", ".join(self.choices[:-1]) + f" or {self.choices[-1]}"

    def check(self, value: object, where: Where) -> str:
        if not isinstance(value, str) or value not in self.choices:
            where.fail(expected_one_of(self.choices, value))
        return value

    def schema(self) -> Schema:
        return {"enum": list(self.choices)}


class Switch(Kind[bool]):
    words = "true or false"

    def check(self, value: object, where: Where) -> bool:
        if not isinstance(value, bool):
            where.fail(f"expected true or false, got {shown(value)}")
        return value

    def schema(self) -> Schema:
        return {"type": "boolean"}


def number_schema(allowed: NumberRange) -> Schema:
    """A number in ``allowed``; ``minimum`` and ``maximum`` refuse infinity too. NaN,
    which JSON does not have, passes them: the check refuses it."""
    return {
        "type": "integer" if allowed.whole else "number",
        "minimum": allowed.low,
        "maximum": allowed.high,
    }


class Number(Kind[float | int]):
    """A finite number in a range; ``fraction`` keeps it as a float."""

    def __init__(self, allowed: NumberRange, *, fraction: bool = False) -> None:
        self.allowed, self.fraction = allowed, fraction
        self.words = allowed.describe()

    def written(self, value: float | int) -> str:
        return "none" if value is None else f"`{value:,}`"

    def check(self, value: object, where: Where) -> float | int:
        problem = self.allowed.problem(value)
        if problem:
            where.fail(problem)
        assert isinstance(value, int | float)  # the range took it
        return float(value) if self.fraction else self.allowed.value(value)

    def schema(self) -> Schema:
        return number_schema(self.allowed)


# Compiled (and cached) by ``re`` when a size is first written as text.
_SIZE = r"\s*(\d+)\s*([KMG]i?B|B)?\s*"
_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "kib": 1024,
    "mb": 1000**2,
    "mib": 1024**2,
    "gb": 1000**3,
    "gib": 1024**3,
}


def parse_size(value: object) -> int | None:
    """A file size in bytes, from a whole number or a text such as ``10MB``, ``10 MB``,
    ``10mb``, ``10MiB`` or ``1048576`` (kB/MB/GB are powers of 1000, KiB/MiB/GiB of
    1024); None when ``value`` is none of those. The one reader of sizes, for the
    configuration and ``--max-file-size`` alike."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float) and value.is_integer():  # 1048576.0, as JSON Schema allows
        return int(value) if value > 0 else None
    if isinstance(value, str) and len(value) <= 40:
        m = re.fullmatch(_SIZE, value, re.I)
        if m:
            n = int(m.group(1)) * _UNITS[(m.group(2) or "").lower()]
            return n if n > 0 else None
    return None


def up_to(high: int) -> str:
    """A regular expression for the whole numbers 1 to ``high`` in decimal, leading
    zeros allowed (JSON Schema cannot compare the number in a text)."""
    top = str(high)
    shorter = [f"[1-9][0-9]{{{n - 1}}}" for n in range(1, len(top))]
    same = []
    for i, digit in enumerate(top):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            rest = len(top) - i - 1
            same.append(f"{top[:i]}[{low}-{int(digit) - 1}][0-9]{{{rest}}}")
    return "0*(?:" + "|".join([*shorter, *same, top]) + ")"


class Size(Kind[int]):
    """A size in bytes, as a number or with a unit (``10MB``, ``10MiB``)."""

    def __init__(self, allowed: NumberRange) -> None:
        self.allowed = allowed
        self.words = f"{allowed.describe()}, or a size such as 10MB or 10MiB"

    def check(self, value: object, where: Where) -> int:
        size = parse_size(value)
        if size is None or self.allowed.problem(size) is not None:
            where.fail(
                f"expected {self.allowed.describe()} (or a size such as 10MB or 10MiB), "
                f"got {shown(value)}"
            )
        return size

    def schema(self) -> Schema:
        high = int(self.allowed.high)
        units: dict[int, list[str]] = {}
        for unit, scale in _UNITS.items():
            units.setdefault(scale, []).append(caseless(unit))
        texts = [
            rf"{up_to(high // scale)}\s*(?:{'|'.join(u for u in spellings if u)})"
            + ("?" if scale == 1 else "")
            for scale, spellings in units.items()
        ]
        return {
            "anyOf": [
                number_schema(self.allowed),
                {
                    "type": "string",
                    "maxLength": 40,
                    "pattern": r"^\s*(?:" + "|".join(texts) + r")\s*$",
                },
            ]
        }

    def written(self, value: int) -> str:
        mib = 1024**2
        return f"`{value // mib}MiB`" if value % mib == 0 else f"`{value:,}`"


# --------------------------------------------------------------------------- tables


def per_key(values: Sequence[Mapping[str, Any]], depth: int = 1) -> dict[str, Any]:
    """Tables merged key by key, a later one's key over an earlier one's; ``depth`` 2
    merges the tables inside them the same way (a rule's options)."""
    out: dict[str, Any] = {}
    for table in values:
        for key, value in table.items():
            below = out.get(key)
            if depth > 1 and isinstance(below, Mapping) and isinstance(value, Mapping):
                value = per_key([below, value], depth - 1)
            out[key] = value
    return out


def _always_named(selector: str) -> str | None:
    """RA001 or RA006 when ``selector`` names it fully (not as part of a prefix)."""
    for code in sorted(ALWAYS_REPORTED):
        if selection.specificity(code, (selector,)) == len(code):
            return code
    return None


class SeverityTable(Kind["dict[str, Severity]"]):
    """``rule selector = severity``; the most specific selector decides a rule's."""

    words = "a table of rule selector = error, warning or info"

    def check(self, value: object, where: Where) -> dict[str, Severity]:
        from ramaudit.core.findings import Severity

        if not isinstance(value, dict):
            where.fail("expected a table of rule code = severity")
        levels = [s.value for s in Severity]
        out: dict[str, Severity] = {}
        for sel, level in value.items():
            selector = Selectors.parse_one(sel, where.at(sel))
            at = where.at(sel, f"{sel}: ")
            always = _always_named(selector)
            if always:
                at.fail(f"{always} is always an error: a file it reports was not audited")
            if level not in levels:
                at.fail(expected_one_of(levels, level))
            out[selector] = Severity(level)
        return out

    def schema(self) -> Schema:
        always = [c for c in sorted(ALWAYS_REPORTED)]
        names = [r.name for r in selection.rules() if r.code in ALWAYS_REPORTED]
        fixed = "|".join(caseless(w) for w in [*always, *names])
        return {
            "type": "object",
            "propertyNames": {"allOf": [SELECTOR, {"not": {"pattern": rf"^\s*(?:{fixed})\s*$"}}]},
            "additionalProperties": {"enum": ["error", "warning", "info"]},
        }

    def defs(self) -> dict[str, Schema]:
        return {"selector": selector_schema()}

    def merged(self, values: Sequence[dict[str, Severity]]) -> dict[str, Severity]:
        # The later layer's selectors first: on a tie of specificity the first written
        # wins, and the extending file's word is the one meant.
        out: dict[str, Severity] = {}
        for table in reversed(values):
            for selector, level in table.items():
                out.setdefault(selector, level)
        return out

    def in_config(self, value: dict[str, Severity]) -> dict[str, Severity]:
        severity: dict[str, Severity] = {}
        for code in selection.codes():
            if code in ALWAYS_REPORTED:
                continue  # always errors, even under `severity = {RA0 = "warning"}`
            level = selection.most_specific(code, value)
            if level is not None:
                severity[code] = level
        return severity

    def rows(self, key: str, value: dict[str, Severity], sources: Sources) -> list[Row]:
        if not value:
            return [Row(key, {}, DEFAULT_SOURCE)]
        return [Row(f"{key}.{sel}", level.value, sources.of(sel)) for sel, level in value.items()]


class PerFileIgnores(Kind[dict[str, tuple[str, ...]]]):
    """``glob = [rule selectors]``: rules turned off for the files a glob matches."""

    words = "a table of glob = rule selectors"

    def check(self, value: object, where: Where) -> dict[str, tuple[str, ...]]:
        if not isinstance(value, dict):
            where.fail("expected a table of glob = [rule codes]")
        return {
            pattern: Selectors().check(codes, where.at(pattern, f"'{pattern}': "))
            for pattern, codes in value.items()
        }

    def schema(self) -> Schema:
        return {"type": "object", "additionalProperties": Selectors().schema()}

    def merged(self, values: Sequence[dict[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
        return per_key(values)

    def rows(self, key: str, value: dict[str, tuple[str, ...]], sources: Sources) -> list[Row]:
        """One row, or one per file when several files gave globs."""
        by_source: dict[str, dict[str, object]] = {}
        for pattern, selectors in value.items():
            by_source.setdefault(sources.of(pattern), {})[pattern] = plain(selectors)
        if len(by_source) <= 1:
            return [Row(key, plain(value), sources.last)]
        return [Row(key, table, source) for source, table in by_source.items()]

    def defs(self) -> dict[str, Schema]:
        return Selectors().defs()


class RuleOptions(Kind[dict[str, dict[str, object]]]):
    """``[rules.CODE]`` tables of the options rules declare (:class:`RuleOption`)."""

    words = "a table per rule of its options (see `ramaudit rule CODE`)"

    def check(self, value: object, where: Where) -> dict[str, dict[str, object]]:
        from ramaudit.config.options import check_rule_tables

        return check_rule_tables(value, where)

    def schema(self) -> Schema:
        from ramaudit.config.options import rule_tables_schema

        return rule_tables_schema()

    def defs(self) -> dict[str, Schema]:
        from ramaudit.config.options import rule_table_defs

        return rule_table_defs()

    def merged(
        self, values: Sequence[dict[str, dict[str, object]]]
    ) -> dict[str, dict[str, object]]:
        return per_key(values, depth=2)  # per rule, then per option

    def rows(self, key: str, value: dict[str, dict[str, object]], sources: Sources) -> list[Row]:
        out = []
        for rule in selection.rules():
            given = value.get(rule.code, {})
            for option in rule.declared.values():
                set_here = option.name in given
                out.append(
                    Row(
                        f"{key}.{rule.code}.{option.key}",
                        plain(given[option.name] if set_here else option.default),
                        sources.of(rule.code, option.name),
                    )
                )
        return out

    def written(self, value: dict[str, dict[str, object]]) -> str:
        return "each option's own"


class VocabularyTable(Kind[dict[str, object]]):
    """``[vocabulary]``: words added to (or taken from) the built-in word lists."""

    @property
    def words(self) -> str:  # type: ignore[override]
        from ramaudit.core.vocabulary import LISTS

        names = ", ".join(f"`{name.replace('_', '-')}`" for name in LISTS)
        return f"a table of word lists: {names}; and `replace`, `remove`"

    def check(self, value: object, where: Where) -> dict[str, object]:
        from ramaudit.core.vocabulary import Vocabulary, VocabularyError

        if not isinstance(value, dict):
            where.fail("the vocabulary setting must be a table of lists")
        try:
            Vocabulary.from_config(value)
        except VocabularyError as exc:
            message = str(exc)
            where = _vocabulary_key(message, value, where)
            where.fail(message.removeprefix("vocabulary: "))
        return dict(value)

    def schema(self) -> Schema:
        return vocabulary_schema()

    def in_config(self, value: dict[str, object]) -> Vocabulary:
        return self.layered([value])

    def layered(self, values: Sequence[dict[str, object]]) -> Vocabulary:
        """Each layer's table applied to the vocabulary of the layers below it: its
        words added to theirs, its ``replace`` and ``remove`` acting on theirs."""
        from ramaudit.core.vocabulary import DEFAULT, Vocabulary

        vocabulary = DEFAULT
        for table in values:
            if table:
                vocabulary = Vocabulary.from_config(table, base=vocabulary)
        return vocabulary

    def rows(self, key: str, value: dict[str, object], sources: Sources) -> list[Row]:
        from ramaudit.core.vocabulary import DEFAULT, LISTS, Vocabulary

        # A list's source is every layer that changed it, in the order they apply.
        changed_by: dict[str, list[str]] = {attr: [] for attr in LISTS}
        vocabulary = DEFAULT
        for table, source in sources.given:
            after = Vocabulary.from_config(table, base=vocabulary) if table else vocabulary
            for attr in LISTS:
                if getattr(after, attr) != getattr(vocabulary, attr):
                    changed_by[attr].append(source)
            vocabulary = after
        out = []
        for attr in LISTS:
            words = getattr(vocabulary, attr)
            changed = words != getattr(DEFAULT, attr)
            out.append(
                Row(
                    f"{key}.{attr.replace('_', '-')}",
                    dict(words) if isinstance(words, Mapping) else list(words),
                    ", ".join(changed_by[attr]) if changed else DEFAULT_SOURCE,
                )
            )
        return out

    def written(self, value: dict[str, object]) -> str:
        return "the built-in lists"


def _vocabulary_key(message: str, value: object, where: Where) -> Where:
    """The key a vocabulary message quotes, so that the message gets its line."""
    named = re.search(r"'([^']+)'", message)
    found = where
    if named and isinstance(value, dict):
        for key in value:
            if str(key) == named.group(1) or _kebab(str(key)) == _kebab(named.group(1)):
                found = where.at(str(key))
    return found


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def spellings(name: str) -> list[str]:
    """A list or option name as configuration may write it: with ``-`` or ``_``
    between its words, the ``-`` spelling first."""
    out = [""]
    for i, part in enumerate(name.replace("-", "_").split("_")):
        out = [w + sep + part for w in out for sep in (("",) if i == 0 else ("-", "_"))]
    return out


def vocabulary_schema() -> Schema:
    """The ``[vocabulary]`` table, as :meth:`Vocabulary.from_config` reads it."""
    from ramaudit.core.vocabulary import LISTS, STAGES

    entries = _one_or_many({"type": "string", "pattern": r"\S"})
    stage = {"type": "string", "pattern": r"^\s*(?:" + "|".join(map(caseless, STAGES)) + r")\s*$"}
    names = [spelling for attr in LISTS for spelling in spellings(attr)]
    properties: dict[str, Schema] = {}
    for attr, what in LISTS.items():
        value = (
            {"type": "object", "additionalProperties": stage}
            if attr == "stage_synonyms"
            else entries
        )
        for spelling in spellings(attr):
            properties[spelling] = {"description": f"Added to the {what}.", **value}
    properties["replace"] = {
        "description": "Lists whose given entries replace the built-in ones instead of "
        "adding to them (true: every list given).",
        "anyOf": [{"type": ["boolean", "null"]}, {"type": "array", "items": {"enum": names}}],
    }
    properties["remove"] = {
        "description": "Entries taken out of the built-in lists.",
        "type": "object",
        "propertyNames": {"enum": names},
        "additionalProperties": entries,
    }
    return {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        # A list named in `replace` must be given, or it would be left empty.
        "allOf": [_replaced_is_given(attr) for attr in LISTS],
    }


def _replaced_is_given(attr: str) -> Schema:
    names = spellings(attr)
    return {
        "if": {
            "properties": {"replace": {"type": "array", "contains": {"enum": names}}},
            "required": ["replace"],
        },
        "then": {"anyOf": [{"required": [s]} for s in names]},
    }


# --------------------------------------------------------------------------- benchmarks

_BOUNDS = ("low", "high")
# The bounds of a range are money per result: finite, not negative, and no larger than
# a plan budget can be (the plan format's own limit on amounts).
_COST = NumberRange(0, 1e15, what="a cost per result")
# A metric names a result when it has a letter or digit the vocabulary reads.
_NAMED = r"[A-Za-z0-9]"


class BenchmarkTable(Kind["dict[str, Benchmark | None]"]):
    """``[benchmarks]``: per metric, a range of plausible cost per result in the plan's
    currency, ``metric = [low, high]`` or ``metric = { low = 50, high = 400 }`` (one
    bound may be left out); ``metric = []`` removes a built-in range."""

    words = (
        "a table of metric = [low, high] or { low = ..., high = ... }, a cost per result in "
        "the plan's currency; [] removes a built-in range"
    )

    def check(self, value: object, where: Where) -> dict[str, Benchmark | None]:
        from ramaudit.core.benchmarks import result_key
        from ramaudit.core.vocabulary import DEFAULT

        if not isinstance(value, dict):
            where.fail("expected a table of metric = [low, high]")
        out: dict[str, Benchmark | None] = {}
        seen: dict[str, str] = {}
        for metric, given in value.items():
            at = where.at(metric, f"{shown(str(metric))}: ")
            key = result_key(str(metric), DEFAULT) if re.search(_NAMED, str(metric)) else None
            if key is None:
                at.fail(
                    "names no result to count; name what the money buys, such as "
                    '"qualified leads" or "new customers"'
                )
            if key in seen:
                at.fail(f"names the same result as {shown(seen[key])}; give it once")
            seen[key] = str(metric)
            out[str(metric)] = _benchmark(str(metric), given, at)
        return out

    def schema(self) -> Schema:
        bound = {"type": "number", "minimum": _COST.low, "maximum": _COST.high}
        pair = {
            "type": "array",
            "prefixItems": [bound, bound],
            "minItems": 2,
            "maxItems": 2,
        }
        table = {
            "type": "object",
            "properties": {"low": bound, "high": bound},
            "minProperties": 1,
            "additionalProperties": False,
        }
        removed = {"type": "array", "maxItems": 0}
        return {
            "type": "object",
            "propertyNames": {"pattern": _NAMED},
            "additionalProperties": {"anyOf": [pair, table, removed]},
        }

    def in_config(self, value: dict[str, Benchmark | None]) -> Benchmarks:
        from ramaudit.core.benchmarks import Benchmarks

        return Benchmarks().with_config(value)

    def merged(self, values: Sequence[dict[str, Benchmark | None]]) -> dict[str, Benchmark | None]:
        """Per result counted: a later file's metric replaces an earlier file's range
        for the same result, however each spells it."""
        from ramaudit.core.benchmarks import result_key
        from ramaudit.core.vocabulary import DEFAULT

        out: dict[str, Benchmark | None] = {}
        for table in values:
            mine = {result_key(metric, DEFAULT) for metric in table}
            out = {m: b for m, b in out.items() if result_key(m, DEFAULT) not in mine}
            out.update(table)
        return out

    def rows(self, key: str, value: dict[str, Benchmark | None], sources: Sources) -> list[Row]:
        from ramaudit.core.benchmarks import config_key

        given = {m: b for m, b in value.items()}
        out = []
        for entry in self.in_config(value).entries:
            mine = entry.metric in given
            out.append(
                Row(
                    f"{key}.{config_key(entry.metric)}",
                    entry.shown,
                    sources.of(entry.metric) if mine else DEFAULT_SOURCE,
                )
            )
        out += [
            Row(f"{key}.{config_key(m)}", [], sources.of(m)) for m, b in given.items() if b is None
        ]
        return out or [Row(key, {}, DEFAULT_SOURCE)]

    def written(self, value: dict[str, Benchmark | None]) -> str:
        from ramaudit.core.benchmarks import DEFAULT_BENCHMARKS, config_key

        ranges = ", ".join(
            f"`{config_key(b.metric)} = {written(list(b.shown.values()))}` ({b.currency})"
            for b in DEFAULT_BENCHMARKS
        )
        return ranges + " (see docs/plausibility.md)" if ranges else "none"


def _benchmark(metric: str, given: object, where: Where) -> Benchmark | None:
    """One metric's range, checked: low and high costs, the low one no higher."""
    from ramaudit.core.benchmarks import Benchmark

    if isinstance(given, list) and not given:
        return None
    if isinstance(given, list) and len(given) == 2:
        low, high = given
        for i, bound in enumerate(given):
            _check_bound(bound, where, _BOUNDS[i])
    elif isinstance(given, dict) and given:
        from ramaudit.core.suggest import did_you_mean

        for name, bound in given.items():
            if name not in _BOUNDS:
                hint = did_you_mean(name, _BOUNDS) if isinstance(name, str) else ""
                where.at(name).fail(f"a range has a low and a high, not {shown(name)}{hint}")
            _check_bound(bound, where, name)
        low, high = given.get("low"), given.get("high")
    else:
        where.fail(f"expected [low, high] or {{ low = ..., high = ... }}, got {shown(given)}")
    if low is not None and high is not None and low > high:
        where.fail(f"the low cost {shown(low)} is above the high cost {shown(high)}")
    return Benchmark(metric, low, high)


def _check_bound(bound: object, where: Where, name: str) -> None:
    problem = _COST.problem(bound)
    if problem is not None:
        where.fail(f"{name}: {problem}")

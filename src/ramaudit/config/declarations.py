"""Every setting of ramaudit, declared once.

A :class:`Setting` says what a configuration key is: the kind of value it holds (which
checks it, words it and gives its JSON Schema, :mod:`ramaudit.config.values`), its
description, the flag that overrides it, and how it merges across the layers (defaults,
then the files of one configuration's ``extend`` chain, the extended file first, then
the command line). Everything else is derived from
:data:`SETTINGS`: checking files and flags, resolving the effective configuration,
``ramaudit config --show``, the README's configuration table and ``ramaudit schema
--config``. Rule options are declared on the rules (:class:`~ramaudit.config.options.RuleOption`)
and checked through the ``rules`` setting.

The order here is the order of ``config --show`` and of the README table.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from ramaudit.config.effective import DEFAULT_CONFIG, NumberRange
from ramaudit.config.values import (
    BenchmarkTable,
    ConfigPath,
    Globs,
    Kind,
    Number,
    OneOf,
    PerFileIgnores,
    Row,
    RuleOptions,
    Schema,
    Selectors,
    SeverityTable,
    Size,
    Sources,
    Switch,
    VocabularyTable,
    plain,
)
from ramaudit.core.findings import FAIL_LEVELS
from ramaudit.core.records import dataclass

T = TypeVar("T")


class Merge(StrEnum):
    """How a setting's layers combine."""

    # Ruff's rule selection: a layer's select starts over, extend-select adds,
    # ignore and extend-ignore remove; within a layer the more specific selector wins.
    SELECTION = "rule selection"
    LAST = "last wins"  # the command line over the file, the file over the default
    EXTEND = "added to"  # joins the setting named by `extends`
    # A table: a later layer's keys replace the same keys of the layers below it and
    # the other keys stay (a rule's options per option; vocabulary applies in order).
    TABLE = "merged per key"
    # `extend` itself: the file it names is read as the layer below its own.
    CHAIN = "read before this file"


_FROM_CONFIG: Any = object()  # a default not given: Config's is the setting's


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One configuration key (see the module docstring). ``field`` is the attribute of
    :class:`~ramaudit.config.effective.Config` it sets (derived from the key; None:
    none, it feeds rule selection), whose default is the setting's unless ``default``
    is given."""

    key: str
    kind: Kind[T]
    doc: str
    flag: str | None = None
    merge: Merge = Merge.LAST
    field: str | None = ""
    default: Any = _FROM_CONFIG  # a value of the kind's type, whatever that is
    # Listed by `config --show` when it holds nothing, too.
    shown_empty: bool = True

    def __post_init__(self) -> None:
        if self.field == "":
            object.__setattr__(self, "field", self.key.replace("-", "_"))
        if self.default is _FROM_CONFIG:
            initial = getattr(DEFAULT_CONFIG, self.field) if self.field else ()
            object.__setattr__(self, "default", () if self.merge is Merge.EXTEND else initial)

    @property
    def flag_attr(self) -> str:
        """The field of :class:`~ramaudit.config.files.Overrides` the flag fills."""
        assert self.flag is not None
        return self.flag.removeprefix("--").replace("-", "_")

    def rows(self, sources: Sources) -> list[Row]:
        """The rows of ``config --show`` for the layers' values (``sources.given``)."""
        if self.merge in (Merge.EXTEND, Merge.CHAIN):
            # Every layer adds its own: one row each, named after its file.
            given = [Row(self.key, plain(v), s) for v, s in sources.given if v or self.shown_empty]
            if given or not self.shown_empty:
                return given
        value = self.merged([v for v, _ in sources.given])
        if not self.shown_empty and not value:
            return []
        return self.kind.rows(self.key, value, sources)

    def merged(self, values: list[T]) -> T:
        """The layers' values (lowest first) as one value, as the setting merges."""
        if not values:
            return cast("T", self.default)
        if self.merge is Merge.TABLE:
            return self.kind.merged(values)
        return values[-1]

    def into(self, fields: dict[str, object], values: list[T]) -> None:
        """Put the layers' ``values`` (lowest first) into ``fields``, the
        :class:`Config` being built."""
        if self.field is None:
            return
        if self.merge is Merge.EXTEND:
            before = fields.get(self.field, ())
            added = tuple(x for v in values for x in cast("tuple[object, ...]", v))
            assert isinstance(before, tuple)
            fields[self.field] = before + added
        elif self.merge is Merge.TABLE and values:
            fields[self.field] = self.kind.layered(values)
        else:
            fields[self.field] = self.kind.in_config(self.merged(values))

    @property
    def extends(self) -> str | None:
        """The key of the setting an ``extend-`` setting adds to."""
        if self.merge is not Merge.EXTEND:
            return None
        return self.key.removeprefix("extend-")


# Numbers a configuration file may set, and the flags of the same name, are finite and
# in their range (NaN and infinity never are): a value far out of it would crash or
# switch a check off without a word.
MAX_DEPTH_LIMIT = 1_000  # deeper than this Python itself cannot follow the nesting

SELECTION_HELP = "codes (RA101), prefixes (RA1 = RA101-RA199), rule names (orphan-tactic) or ALL"

SETTINGS: tuple[Setting[Any], ...] = (
    Setting(
        "extend",
        ConfigPath(),
        "Another configuration file whose settings this file starts from, as ruff's "
        "extend: that file is read first and this file's settings override it, tables "
        "merged per key and extend- settings added. The path is relative to this file; "
        "the extended file may extend another. Paths and globs in each file stay "
        "relative to the file that writes them.",
        merge=Merge.CHAIN,
        field=None,
        default=None,
        shown_empty=False,
    ),
    Setting(
        "select",
        Selectors(needs_one=True),
        f"Rules to run: {SELECTION_HELP}. A layer's select replaces the selection below it.",
        flag="--select",
        merge=Merge.SELECTION,
    ),
    Setting(
        "extend-select",
        Selectors(),
        "Rules to run in addition to those selected.",
        flag="--extend-select",
        merge=Merge.SELECTION,
        field=None,
    ),
    Setting(
        "ignore",
        Selectors(),
        "Rules not to run. The more specific selector wins: select RA101 with ignore RA1 "
        "runs RA101; on a tie ignore wins.",
        flag="--ignore",
        merge=Merge.SELECTION,
    ),
    Setting(
        "extend-ignore",
        Selectors(),
        "Same as ignore; kept for ruff users.",
        flag="--extend-ignore",
        merge=Merge.SELECTION,
        field=None,
    ),
    Setting(
        "fail-on",
        OneOf(tuple(FAIL_LEVELS)),
        "The lowest severity that makes the run exit 1 (never: findings never do).",
        flag="--fail-on",
    ),
    Setting(
        "fail-under",
        Number(NumberRange(0, 100, what="a fitness score"), fraction=True),
        "Exit 1 when a plan's fitness total is below this score, or when it has none.",
        flag="--fail-under",
    ),
    Setting(
        "require-reason",
        Switch(),
        "Report suppression comments that give no reason (RA901).",
        flag="--require-reason",
    ),
    Setting(
        "max-file-size",
        Size(NumberRange(1, 10 * 1000**3, whole=True, what="a size in bytes")),
        "Plans larger than this are not read (RA006 says so). kB, MB, GB count in "
        "thousands, KiB, MiB, GiB in 1,024s.",
        flag="--max-file-size",
    ),
    Setting(
        "max-nodes",
        Number(NumberRange(1, 10**9, whole=True)),
        "The most YAML values a plan may hold before it is refused (RA006).",
        flag="--max-nodes",
    ),
    Setting(
        "max-depth",
        Number(NumberRange(1, MAX_DEPTH_LIMIT, whole=True)),
        "The deepest a plan's YAML values may nest before it is refused (RA006).",
    ),
    Setting(
        "exclude",
        Globs(),
        "Files and folders skipped when searching folders, relative to the configuration "
        "file's folder (a pattern without / matches any name below it). Plans named on "
        "the command line are still audited unless --force-exclude is given.",
    ),
    Setting(
        "extend-exclude",
        Globs(),
        "More globs added to exclude.",
        merge=Merge.EXTEND,
        field="exclude",
        shown_empty=False,
    ),
    Setting(
        "workspace",
        Globs(),
        "Plan files that form one workspace, as globs relative to the configuration "
        "file's folder (plans/**/*.yaml): links in each resolve to goals and objectives "
        "in the others, and the cascade is judged across all of them. Without it a "
        "plan's links reach the files its plan.parents names, and theirs.",
        shown_empty=False,
    ),
    Setting(
        "per-file-ignores",
        PerFileIgnores(),
        "Rules turned off for the plans a glob matches: glob = [rule selectors].",
        merge=Merge.TABLE,
    ),
    Setting(
        "severity",
        SeverityTable(),
        "The severity of rules: rule selector = error, warning or info; the most specific "
        "selector decides. RA001 and RA006 are always errors.",
        merge=Merge.TABLE,
    ),
    Setting(
        "rules",
        RuleOptions(),
        "Options of rules, one table per rule by code or name ([rules.RA305] or "
        "[tool.ramaudit.rules.RA305]); `ramaudit rule CODE` lists a rule's options.",
        field="rule_options",
        merge=Merge.TABLE,
    ),
    Setting(
        "vocabulary",
        VocabularyTable(),
        "Words added to the built-in word lists that rules read; `replace` names the lists "
        "whose given words replace the built-in ones, `remove` takes words out of them.",
        default={},
        merge=Merge.TABLE,
    ),
    Setting(
        "benchmarks",
        BenchmarkTable(),
        "Ranges of plausible cost per result that RA316 checks a plan's budgets and "
        "targets against, per metric in the plan's currency: metric = [low, high] or "
        "{ low = ..., high = ... }. A metric given replaces the built-in range for the "
        "same result; metric = [] removes it. See docs/plausibility.md.",
        default={},
        merge=Merge.TABLE,
    ),
)

BY_KEY: dict[str, Setting[Any]] = {s.key: s for s in SETTINGS}
KEYS = tuple(BY_KEY)
SELECTION = tuple(s for s in SETTINGS if s.merge is Merge.SELECTION)


def json_schema() -> Schema:
    """The JSON Schema of a configuration: the ``[tool.ramaudit]`` table of
    ``pyproject.toml``, a ``.ramaudit.toml`` or ``.ramaudit.yaml`` (``ramaudit schema
    --config``). A TOML file named with ``--config`` may hold the settings in a
    ``[tool.ramaudit]`` table of its own, and the schema takes that too."""
    from ramaudit.core.schemas import JSON_SCHEMA_DIALECT

    properties = {}
    defs: dict[str, Schema] = {}
    for setting in SETTINGS:
        entry: Schema = {"description": setting.doc, "default": plain(setting.default)}
        properties[setting.key] = {**entry, **setting.kind.schema()}
        defs.update(setting.kind.defs())
    settings: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    wrapped: Schema = {
        "type": "object",
        "properties": {
            "tool": {
                "type": "object",
                "properties": {"ramaudit": {"$ref": "#/$defs/settings"}},
                "required": ["ramaudit"],
            }
        },
        "required": ["tool"],
        "additionalProperties": False,
    }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "ramaudit configuration",
        "description": "The settings of [tool.ramaudit] in pyproject.toml, of a "
        ".ramaudit.toml or of a .ramaudit.yaml (see `ramaudit config --show`).",
        "$defs": {"settings": settings, **defs},
        "anyOf": [{"$ref": "#/$defs/settings"}, wrapped],
    }


def json_schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"

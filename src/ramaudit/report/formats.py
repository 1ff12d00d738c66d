"""Every output format, declared once.

Each command that prints something has one :class:`Formats` entry in :data:`REGISTRY`:
the formats it offers, in the order help lists them, which one it uses by default,
and whether it renders one input or many. Each :class:`Format` names its renderer as
``"module:function"``, imported on first use so that machine formats never import
rich, along with the file suffixes that choose it for ``-o FILE``, whether it is drawn
for a terminal (colour, width, wrapping) and the few words help says about it. The
commands take their help text, their validation of ``--format``, the format a file
name asks for and their default from here.

Every renderer has the same shape, ``render(data, options) -> str``: ``data`` is what
the command renders (audit results, a trace graph, plan diffs, a rule, ...) and
``options`` a :class:`~ramaudit.report.RenderOptions`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

from ramaudit.core.wording import listed

if TYPE_CHECKING:
    from ramaudit.api import AuditResult, StatusResult
    from ramaudit.comparison import PlanDiff
    from ramaudit.config.values import ShownConfig
    from ramaudit.core.graph import TraceGraph
    from ramaudit.history import PlanHistory
    from ramaudit.report import RenderOptions
    from ramaudit.rules.base import Rule

T = TypeVar("T")


def load(target: str) -> Callable[..., str]:
    """The function ``"module:function"`` names, importing its module."""
    module, _, name = target.partition(":")
    return cast("Callable[..., str]", getattr(importlib.import_module(module), name))


# Plain classes, not dataclasses: the registry is built on every start of the command
# line (help texts read it), and a dataclass costs a millisecond or two to create.
class Format(NamedTuple, Generic[T]):
    """One output format of one command."""

    name: str
    renderer: str  # "module:function", called as function(data, options)
    # What help says of it after its name, "text (a table)"; nothing for most.
    description: str = ""
    # File suffixes that choose this format for -o FILE, named in help; then others
    # that choose it too but that help does not name.
    suffixes: tuple[str, ...] = ()
    unlisted_suffixes: tuple[str, ...] = ()
    # Drawn for a terminal: on stdout it takes the terminal's colour and width.
    terminal: bool = False
    # check --jobs: renders one file's part of the report alone, in the worker that
    # audited it, as function(result, options).
    file_renderer: str | None = None
    # check --statistics: the renderer that replaces this one (None: this one shows
    # the statistics itself, after the findings).
    statistics: str | None = None

    def render(self, data: T, options: RenderOptions) -> str:
        return load(self.renderer)(data, options)

    @property
    def shown(self) -> str:
        """The name as help lists it, with its description."""
        return f"{self.name} ({self.description})" if self.description else self.name


class Formats(Generic[T]):
    """The formats of one command: in the order help lists them, the name of the one
    used by default, and whether they render a list (every plan of the run) or one
    input."""

    __slots__ = ("command", "default", "formats", "many")

    def __init__(
        self, command: str, formats: tuple[Format[T], ...], *, default: str, many: bool
    ) -> None:
        self.command = command
        self.formats = formats
        self.default = default
        self.many = many

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.formats)

    def get(self, name: str) -> Format[T] | None:
        return next((f for f in self.formats if f.name == name), None)

    def __getitem__(self, name: str) -> Format[T]:
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    @property
    def default_format(self) -> Format[T]:
        return self[self.default]

    def listed(self) -> str:
        """The formats as help lists them: ``text (a table) or json``."""
        return listed(f.shown for f in self.formats)

    def for_suffix(self, suffix: str) -> Format[T] | None:
        """The format a file suffix asks for (any case), or None."""
        wanted = suffix.lower()
        return next(
            (f for f in self.formats if wanted in (*f.suffixes, *f.unlisted_suffixes)), None
        )

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Every suffix that chooses a format, listed or not, sorted."""
        return tuple(sorted(s for f in self.formats for s in (*f.suffixes, *f.unlisted_suffixes)))

    def suffix_names(self) -> list[str]:
        """Each format's listed suffixes, as help names them: ``.dot/.gv``."""
        return ["/".join(f.suffixes) for f in self.formats if f.suffixes]


_STATS_TABLE = "ramaudit.report.statistics:render_table"

CHECK: Formats[Sequence[AuditResult]] = Formats(
    "check",
    (
        Format(
            "text",
            "ramaudit.report.text_plain:render",
            terminal=True,
            file_renderer="ramaudit.report.text:render_file",
        ),
        Format(
            "json",
            "ramaudit.report.json_format:render",
            statistics="ramaudit.report.statistics:render_json",
        ),
        Format("concise", "ramaudit.report.concise:render", statistics=_STATS_TABLE),
        Format("sarif", "ramaudit.report.sarif:render", statistics=_STATS_TABLE),
        Format("github", "ramaudit.report.github:render", statistics=_STATS_TABLE),
        Format("junit", "ramaudit.report.junit:render", statistics=_STATS_TABLE),
    ),
    default="text",
    many=True,
)

REPORT: Formats[Sequence[AuditResult]] = Formats(
    "report",
    (
        Format("html", "ramaudit.report.html:render", suffixes=(".html", ".htm")),
        Format("markdown", "ramaudit.report.markdown:render", suffixes=(".md", ".markdown")),
    ),
    default="html",
    many=True,
)

GRAPH: Formats[TraceGraph] = Formats(
    "graph",
    (
        Format(
            "mermaid",
            "ramaudit.report.graph_formats:to_mermaid",
            suffixes=(".mmd",),
            unlisted_suffixes=(".mermaid",),
        ),
        Format("dot", "ramaudit.report.graph_formats:to_dot", suffixes=(".dot", ".gv")),
        Format("graphml", "ramaudit.report.graph_formats:to_graphml", suffixes=(".graphml",)),
        Format("json", "ramaudit.report.graph_formats:to_json", suffixes=(".json",)),
    ),
    default="mermaid",
    many=False,
)

DIFF: Formats[Sequence[PlanDiff]] = Formats(
    "diff",
    (
        Format("text", "ramaudit.report.diff:render_text", terminal=True),
        Format("json", "ramaudit.report.diff:render_json"),
        Format("markdown", "ramaudit.report.diff:render_markdown"),
    ),
    default="text",
    many=True,
)

HISTORY: Formats[PlanHistory] = Formats(
    "history",
    (
        Format("text", "ramaudit.report.history:render_text", description="a table", terminal=True),
        Format("json", "ramaudit.report.history:render_json"),
        Format("markdown", "ramaudit.report.history:render_markdown"),
    ),
    default="text",
    many=False,
)

EXPLAIN_SCORE: Formats[AuditResult] = Formats(
    "explain-score",
    (
        Format(
            "text", "ramaudit.report.adapters:explain_text", description="tables", terminal=True
        ),
        Format("json", "ramaudit.report.adapters:explain_json"),
    ),
    default="text",
    many=False,
)

RULES: Formats[Sequence[type[Rule]]] = Formats(
    "rules",
    (
        Format(
            "text",
            "ramaudit.report.rule_formats:catalogue_text",
            description="a table",
            terminal=True,
        ),
        Format("json", "ramaudit.report.rule_formats:catalogue_json"),
    ),
    default="text",
    many=True,
)

RULE: Formats[type[Rule]] = Formats(
    "rule",
    (
        Format(
            "text",
            "ramaudit.report.rule_formats:rule_text",
            description="the Markdown drawn for a terminal, as it stands when piped",
            terminal=True,
        ),
        Format(
            "markdown",
            "ramaudit.report.rule_formats:rule_markdown",
            description="always as it stands",
            terminal=True,
        ),
        Format("json", "ramaudit.report.rule_formats:rule_json"),
    ),
    default="text",
    many=False,
)

# What `config --show` prints (the settings in effect, where each came from).
CONFIG: Formats[ShownConfig] = Formats(
    "config",
    (
        Format("text", "ramaudit.report.config_show:render", terminal=True),
        Format("json", "ramaudit.report.config_show:render_json"),
    ),
    default="text",
    many=False,
)

# What `status` prints: progress, spend and return on the as-of day.
STATUS: Formats[Sequence[StatusResult]] = Formats(
    "status",
    (
        Format("text", "ramaudit.report.status_text:render", terminal=True),
        Format("json", "ramaudit.report.status_json:render", suffixes=(".json",)),
        Format("markdown", "ramaudit.report.status_markdown:render", suffixes=(".md", ".markdown")),
    ),
    default="text",
    many=True,
)

REGISTRY: dict[str, Formats[Any]] = {
    f.command: f
    for f in (CHECK, REPORT, GRAPH, DIFF, HISTORY, EXPLAIN_SCORE, RULES, RULE, CONFIG, STATUS)
}

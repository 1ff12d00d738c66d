"""Find configuration files, check them, and resolve the effective :class:`Config`
for each audited plan.

Where settings come from, lowest precedence first:

1. ramaudit's defaults;
2. the configuration file that governs the plan's folder: the nearest folder, searching
   upward from the plan, that holds ``.ramaudit.toml``, ``.ramaudit.yaml`` /
   ``.ramaudit.yml``, or a ``pyproject.toml`` with a ``[tool.ramaudit]`` table. Files do
   not merge: the nearest one wins, as in ruff. Within one folder a ``.ramaudit.*`` file
   wins over ``pyproject.toml``; two ``.ramaudit.*`` files in one folder are an error.
   ``--config FILE`` replaces discovery with one file for every plan, and
   ``--isolated`` ignores every file. A file's ``extend`` names another file read as
   the layer below it (and so on, to any depth), as ruff's ``extend``: each setting
   merges along that chain as its declaration says, tables per key;
3. command-line flags (``--select``, ``--ignore``, ``--fail-on``, ...).

Rule selection is layered the ruff way: a layer's ``select`` starts over, its
``extend-select`` adds, its ``ignore`` removes, and within one layer the more specific
selector wins (``RA101`` beats ``RA1``; on a tie ``ignore`` wins). So ``--select RA104`` on
the command line enables RA104 even when the file ignores it.

Globs in ``exclude`` and ``per-file-ignores`` are relative to the folder of the
configuration file that writes them (along an ``extend`` chain, not always the
governing file's: :class:`Rooted`). A pattern without a ``/`` matches any file or
folder name below it (``drafts``, ``*.draft.yaml``); a pattern with a ``/`` matches a
path from that folder (``archive/2023/*.yaml``, ``legacy/**``). ``exclude`` applies
while folders are searched; plans named on the command line are still audited unless
``--force-exclude`` is given.

RA001 and RA006 stay enabled and errors whatever the selection, ``per-file-ignores`` or
``severity`` say (see :data:`ramaudit.config.effective.ALWAYS_REPORTED`); ``--require-reason``
on the command line turns RA901 on, since it would do nothing without it.

A list setting also takes one string (``select = "RA1"``). A TOML file named with
``--config`` may hold its settings in a ``[tool.ramaudit]`` table, as a copy of a
``pyproject.toml`` section would.

Every mistake in a configuration file (an unknown key, code or option, a bad value) is a
:class:`ConfigError` naming the file and, where it can be found, the line.

What each setting takes, how it is checked, worded and merged is declared once, in
:mod:`ramaudit.config.declarations`; this module reads files and flags and applies
those declarations to them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, cast

from ramaudit.config import selection
from ramaudit.config.declarations import BY_KEY, KEYS, SELECTION, SETTINGS, Merge
from ramaudit.config.effective import ALWAYS_REPORTED, DEFAULT_CONFIG, Config, NumberRange
from ramaudit.config.values import (
    DEFAULT_SOURCE,
    Globs,
    Number,
    PerFileIgnores,
    Row,
    ShownConfig,
    Size,
    Sources,
)
from ramaudit.config.values import parse_size as parse_size
from ramaudit.core.records import dataclass

if TYPE_CHECKING:
    from ramaudit.core.loader import Locator, PathT

# Precedence within one folder; pyproject.toml counts only with a [tool.ramaudit] table.
DEDICATED_FILES = (".ramaudit.toml", ".ramaudit.yaml", ".ramaudit.yml")
PYPROJECT = "pyproject.toml"

NO_REASON = "RA901"  # suppression-without-reason, the rule --require-reason feeds
COMMAND_LINE = "command line"


class ConfigError(Exception):
    """A configuration mistake; the CLI prints it and exits 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message, self.path, self.line = message, path, line
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(where + message)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean 'x'?`` when something close exists, else ``''``: the one
    did-you-mean of ramaudit, :func:`ramaudit.core.suggest.did_you_mean`."""
    from ramaudit.core.suggest import did_you_mean as suggest

    return suggest(word, choices)


def display(path: str | os.PathLike[str]) -> str:
    """A path relative to the working folder when it lies below it, else absolute."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if rel.startswith("..") else rel


# --------------------------------------------------------------------------- globs


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z")


def glob_matches(
    pattern: str, path: str | os.PathLike[str], root: Path, *, ancestors: bool = True
) -> bool:
    """Whether ``path`` (a file or folder) or one of its folders below ``root`` matches.

    With ``ancestors=False`` only ``path`` itself is tried: a folder search has already
    tried the folders it descended through, and must not skip a whole folder that was
    named on the command line because the folder's own name matches."""
    pat = pattern.strip().replace("\\", "/")
    absolute = os.path.abspath(path)
    if pat.startswith("/"):
        rel_parts = Path(absolute).as_posix().split("/")
        pat = pat.rstrip("/")
        rx = _glob_regex(pat)
        first = 2 if ancestors else len(rel_parts)
        return any(rx.match("/".join(rel_parts[:n])) for n in range(first, len(rel_parts) + 1))
    rel = os.path.relpath(absolute, root) if os.path.isabs(root) else absolute
    parts = [p for p in Path(rel).as_posix().split("/") if p not in ("", ".", "..")]
    while pat.startswith("./"):
        pat = pat[2:]
    pat = pat.rstrip("/")
    if not pat:
        return False
    if not parts:
        return False
    if "/" not in pat:
        return any(fnmatchcase(p, pat) for p in (parts if ancestors else parts[-1:]))
    rx = _glob_regex(pat)
    first = 1 if ancestors else len(parts)
    return any(rx.match("/".join(parts[:n])) for n in range(first, len(parts) + 1))


# --------------------------------------------------------------------------- reading files


@dataclass
class ConfigFile:
    """One configuration file, read and checked, with the file its ``extend`` names
    (read and checked too, and so on along the chain)."""

    path: Path  # absolute
    values: dict[str, Any]  # checked values, keyed by configuration key, of each key's kind
    root: Path  # the folder relative globs start from
    extends: ConfigFile | None = None

    @property
    def label(self) -> str:
        name = display(self.path)
        return f"{name} [tool.ramaudit]" if self.path.name == PYPROJECT else name

    @property
    def chain(self) -> tuple[ConfigFile, ...]:
        """This file and those it extends, the one read first (extended by the
        others) first: the order the layers apply in."""
        files: list[ConfigFile] = []
        current: ConfigFile | None = self
        while current is not None:
            files.append(current)
            current = current.extends
        return tuple(reversed(files))


class _Doc:
    """Raw table of one file plus a way to find the line of a key for messages."""

    def __init__(
        self,
        path: Path,
        table: object,
        text: str,
        prefix: tuple[str, ...],
        locator: Locator | None = None,
    ) -> None:
        self.path, self.table, self.text, self.prefix = path, table, text, prefix
        self.locator = locator
        self.shown = display(path)

    def line(self, keys: tuple[object, ...]) -> int | None:
        if self.locator is not None:
            if self.locator.root is None:
                return None
            # A YAML key may be any scalar; the locator compares keys, whatever they are.
            return self.locator.position(cast("PathT", keys), key=True)[0]
        return toml_line(self.text, (*self.prefix, *map(str, keys)))

    def fail(self, keys: tuple[object, ...], message: str) -> NoReturn:
        raise ConfigError(message, self.shown, self.line(keys))


# Patterns as text, compiled (and cached) by ``re`` on first use: only a configuration
# whose values are refused needs their lines.
_HEADER = r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$"
_KEYLINE = (
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
    r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)


def _dotted(text: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", text)
    return tuple(a or b or c for a, b, c in parts)


def toml_line(text: str, keys: tuple[str, ...]) -> int | None:
    """Best-effort line of the TOML key ``keys`` (a full dotted path): the exact key if
    it is written on a line of its own, else the line of its closest written parent."""
    best, best_len = None, 0
    table: tuple[str, ...] = ()
    for n, raw in enumerate(text.splitlines(), 1):
        header = re.match(_HEADER, raw)
        if header and "=" not in raw.split("]")[0]:
            table = _dotted(header.group(1))
            full = table
        else:
            m = re.match(_KEYLINE, raw)
            if not m:
                continue
            full = (*table, *_dotted(m.group(1)))
        k = 0
        while k < min(len(full), len(keys)) and full[k] == keys[k]:
            k += 1
        if k == len(full) and k > best_len:
            best, best_len = n, k
            if k == len(keys):
                return n
    return best


def read_config_file(path: str | os.PathLike[str], *, explicit: bool = False) -> ConfigFile | None:
    """Read and check one file and the files its ``extend`` chain names. A
    ``pyproject.toml`` without ``[tool.ramaudit]`` gives ``None`` during discovery and
    an error when named with ``--config``."""
    p = Path(os.path.abspath(path))
    read = _read_one(p, _read_bytes(p), explicit=explicit)
    if read is None:
        return None
    file, doc = read
    _read_extended(file, doc, (file.path.resolve(),))
    return file


def _read_bytes(p: Path) -> bytes:
    shown = display(p)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise ConfigError("no such file", shown) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, not a configuration file", shown) from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror or exc}", shown) from None


def _read_extended(file: ConfigFile, doc: _Doc, seen: tuple[Path, ...]) -> None:
    """Read the file ``file`` extends, and the one that extends, into
    ``file.extends``; ``seen`` holds the files of the chain so far (resolved), to
    find a loop. A file that cannot be read, or a loop, is said at the ``extend``
    line; a mistake inside an extended file at its own file and line."""
    named = file.values.get("extend")
    if named is None:
        return
    line = doc.line(("extend",))
    target = Path(os.path.abspath(file.root / os.path.expanduser(named)))
    if target.resolve() in seen:
        files = [display(f) for f in (*seen, target)]
        raise ConfigError(
            f"extend: a loop: {' extends '.join(files)}; the chain must not come back to a file "
            "of it; remove one of these extend settings",
            doc.shown,
            line,
        )
    try:
        data = _read_bytes(target)
    except ConfigError as exc:
        raise ConfigError(
            f"extend: cannot read {display(target)} ({exc.message}); check the path: it is "
            f"relative to the folder of {doc.shown}",
            doc.shown,
            line,
        ) from None
    try:
        read = _read_one(target, data, explicit=True)
    except ConfigError as exc:
        if exc.path == display(target) and exc.message == "has no [tool.ramaudit] table":
            raise ConfigError(
                f"extend: {display(target)} has no [tool.ramaudit] table; name a file "
                "that holds ramaudit's settings",
                doc.shown,
                line,
            ) from None
        raise ConfigError(
            f"{exc.message} (in the file {doc.shown} extends)", exc.path, exc.line
        ) from None
    assert read is not None  # explicit: a pyproject.toml without the table raised
    extended, extended_doc = read
    _read_extended(extended, extended_doc, (*seen, target.resolve()))
    file.extends = extended


def _read_one(p: Path, data: bytes, *, explicit: bool) -> tuple[ConfigFile, _Doc] | None:
    """One file's own settings, checked, and its table (for the lines of its keys)."""
    shown = display(p)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"configuration is not UTF-8 text ({not_utf8(data, exc)}); save it as UTF-8",
            shown,
        ) from None
    if p.suffix in (".yaml", ".yml"):
        doc = _yaml_doc(p, text)
    else:
        import tomllib  # only a run that finds a TOML configuration reads one

        try:
            parsed = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", shown) from None
        except ValueError:  # Python refuses to read a decimal number that long
            raise ConfigError(
                "invalid TOML: a number has more than 4,300 digits; no setting needs one",
                shown,
            ) from None
        except RecursionError:
            raise ConfigError(
                "invalid TOML: values nest too deeply to read; settings are lists and "
                "tables one or two levels deep",
                shown,
            ) from None
        tool = parsed.get("tool")
        tool_table: dict[str, Any] = tool if isinstance(tool, dict) else {}
        has_table = "ramaudit" in tool_table
        if p.name == PYPROJECT:
            if not has_table:
                if explicit:
                    raise ConfigError("has no [tool.ramaudit] table", shown)
                return None
            doc = _Doc(p, tool_table["ramaudit"], text, ("tool", "ramaudit"))
        elif has_table and set(parsed) == {"tool"}:
            # A copy of a pyproject.toml section, such as a shared ci.toml given with
            # --config: the settings are in its [tool.ramaudit] table.
            doc = _Doc(p, tool_table["ramaudit"], text, ("tool", "ramaudit"))
        else:
            doc = _Doc(p, parsed, text, ())
    values = check_table(doc)
    return ConfigFile(p, values, p.parent), doc


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> str:
    """Where a file stops being UTF-8, in words: ``byte 0xff at line 3``."""
    line = data.count(b"\n", 0, exc.start) + 1
    return f"byte 0x{data[exc.start]:02x} at line {line}"


def _yaml_doc(p: Path, text: str) -> _Doc:
    from ramaudit.core import loader
    from ramaudit.rules import describe

    shown = display(p)
    try:
        loaded = loader.load(text, extension_prefix="x-")  # a plan's x- keys are ignored here too
    except loader.YAMLError as exc:
        # The same plain sentence a plan's syntax error gets (RA001), loaded only now:
        # `ramaudit --version` never pays for it.
        from ramaudit.rules.yaml_syntax import syntax_diagnostic

        diag = syntax_diagnostic(exc, text)
        raise ConfigError(about_configuration(diag.message), shown, diag.line) from None
    except loader.LoadLimitError as exc:
        raise ConfigError(about_configuration(describe(exc.issue)), shown, exc.line) from None
    for issue in loaded.issues:
        raise ConfigError(about_configuration(describe(issue)), shown, issue.line)
    table = {} if loaded.data is None else loaded.data
    return _Doc(p, table, text, (), loader.Locator(loaded.root))


# The YAML reader is the plans' and words its messages for a plan; said of a
# configuration file, they name it instead.
# (Patterns as text: compiled by ``re`` when a configuration is first refused.)
_PLAN_WORDS = (
    (r"; or put each plan in a file of its own|, or put each plan in a file of its own", ""),
    (r"; raise --max-nodes\b.*$", ""),
    (r"\b(a|the) plan\b", r"\1 configuration"),
    (r"\bplans\b", "configurations"),
)


def about_configuration(message: str) -> str:
    """A message of the plan reader, said of a configuration file."""
    for pattern, words in _PLAN_WORDS:
        message = re.sub(pattern, words, message)
    return message


# --------------------------------------------------------------------------- checking values

# Derived from the declarations, kept for the readers of these names.
TOP_KEYS = KEYS
NUMBER_SETTINGS: dict[str, NumberRange] = {
    s.key: s.kind.allowed for s in SETTINGS if isinstance(s.kind, Number | Size)
}


@dataclass(frozen=True)
class InFile:
    """A key of a configuration file: a message about its value names the file, the
    key's line and the setting."""

    doc: _Doc
    keys: tuple[object, ...]
    prefix: str

    def fail(self, message: str) -> NoReturn:
        self.doc.fail(self.keys, self.prefix + message)

    def at(self, key: object, more: str = "") -> InFile:
        return InFile(self.doc, (*self.keys, key), self.prefix + more)


@dataclass(frozen=True)
class OnCommandLine:
    """A flag: a message about its value names the flag."""

    flag: str

    def fail(self, message: str) -> NoReturn:
        raise ConfigError(f"{self.flag}: {message}")

    def at(self, key: object, more: str = "") -> OnCommandLine:
        return self


def check_table(doc: _Doc) -> dict[str, Any]:
    """Check every key and value of one file's table against its declaration
    (:data:`~ramaudit.config.declarations.SETTINGS`); return the checked values."""
    table = doc.table
    if not isinstance(table, dict):
        doc.fail(
            (),
            "the configuration must be a table of settings (keys such as select, ignore, fail-on)",
        )
    out: dict[str, Any] = {}
    for key, value in table.items():
        setting = BY_KEY.get(key)
        if setting is None:
            hint = did_you_mean(key, KEYS)
            if key == "tool" and not doc.prefix:
                hint = (
                    "; settings go at the top level of this file, or all of them in a "
                    "[tool.ramaudit] table"
                )
            doc.fail((key,), f"unknown configuration key '{key}'{hint}")
        out[key] = setting.kind.check(value, InFile(doc, (key,), f"{key}: "))
    return out


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; ``None`` or empty means not given (an empty
    ``select`` is refused). One field per setting with a flag, named after the flag."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    fail_under: float | None = None
    require_reason: bool | None = None
    max_file_size: int | str | None = None  # bytes, or a size such as "10MB"
    max_nodes: int | None = None

    def values(self) -> dict[str, tuple[Any, str]]:
        """Checked values with the flag each came from, checked as a file's are."""
        out: dict[str, tuple[Any, str]] = {}
        for setting in SETTINGS:
            if setting.flag is None:
                continue
            raw = getattr(self, setting.flag_attr)
            if setting.kind.flag_given(raw):
                value = setting.kind.from_flag(raw, OnCommandLine(setting.flag))
                out[setting.key] = (value, setting.flag)
        return out


class Rooted(NamedTuple):
    """A glob and the folder it is relative to: that of the file that wrote it, which
    along an ``extend`` chain is not always the file that governs the plan."""

    pattern: str
    root: Path
    # From an extended file: a pattern with a / then matches only below its folder (a
    # bare name matches a name at any depth, as everywhere). The governing file keeps
    # the older reading, which a --config file outside the plans' folder relies on.
    below_only: bool = False

    def matches(self, path: str | os.PathLike[str], *, ancestors: bool = True) -> bool:
        if self.below_only and self._outside(path):
            return False
        return glob_matches(self.pattern, path, self.root, ancestors=ancestors)

    def _outside(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` is outside the folder of a pattern that names a path there."""
        pat = self.pattern.strip().replace("\\", "/")
        while pat.startswith("./"):
            pat = pat[2:]
        if pat.startswith("/") or "/" not in pat.rstrip("/"):
            return False
        parts = Path(os.path.relpath(os.path.abspath(path), self.root)).parts
        return bool(parts) and parts[0] == ".."


@dataclass
class Effective:
    """The resolved configuration for one folder, and where each value came from.
    ``globs`` holds every glob setting's patterns with their folders, by the
    :class:`Config` field they set (``exclude``, extend-exclude's added)."""

    config: Config
    file: ConfigFile | None
    rows: list[Row]
    per_file_ignores: tuple[tuple[Rooted, tuple[str, ...]], ...] = ()
    globs: Mapping[str, tuple[Rooted, ...]] = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)
    shadowed: tuple[str, ...] = ()

    @property
    def exclude(self) -> tuple[Rooted, ...]:
        return self.globs.get("exclude", ())

    def ignored_for(self, path: str | os.PathLike[str]) -> set[str]:
        """Codes that ``per-file-ignores`` turn off for ``path``."""
        codes: set[str] = set()
        for glob, selectors in self.per_file_ignores:
            if glob.matches(path):
                codes |= selection.matching(selectors)
        return codes

    def config_for(self, path: str | os.PathLike[str]) -> Config:
        dropped = self.ignored_for(path)
        if not dropped:
            return self.config
        return dataclasses.replace(
            self.config, select=tuple(c for c in self.config.select if c not in dropped)
        )

    def excluded(self, path: str | os.PathLike[str], *, ancestors: bool = True) -> bool:
        return any(glob.matches(path, ancestors=ancestors) for glob in self.exclude)


@dataclass(frozen=True)
class Layer:
    """The values one source gives: a file, or the command line (``flags`` says which
    flag gave each)."""

    values: Mapping[str, Any]
    source: str
    flags: Mapping[str, str] = field(default_factory=dict)
    root: Path | None = None  # a file's folder, where its globs start; None: flags
    extended: bool = False  # a file read through extend, not the governing one

    def source_of(self, key: str) -> str:
        flag = self.flags.get(key)
        return f"{self.source} ({flag})" if flag else self.source


def _select(layers: list[Layer]) -> tuple[tuple[str, ...], list[Row], frozenset[str]]:
    """The rules enabled after every layer's selection, with the rows showing it, and
    those of them selected by full code or name (``Config.explicit``)."""
    enabled = set(selection.codes())
    explicit: set[str] = set()
    rows: list[Row] = []
    for layer in layers:
        given = {s.key: layer.values[s.key] for s in SELECTION if s.key in layer.values}
        if given:
            enabled = selection.apply_layer(
                enabled,
                given.get("select"),
                given.get("extend-select", ()),
                [*given.get("ignore", ()), *given.get("extend-ignore", ())],
            )
            # A layer's select starts over, and so does what it names.
            kept = set() if "select" in given else explicit
            explicit = kept | selection.named(
                [*given.get("select", ()), *given.get("extend-select", ())]
            )
            rows += [Row(k, list(v), layer.source_of(k)) for k, v in given.items()]
    if not any(r.key == "select" for r in rows):
        rows.insert(0, Row("select", list(BY_KEY["select"].default), DEFAULT_SOURCE))
    why = "resolved from select and ignore"
    if layers[-1].values.get("require-reason") and NO_REASON not in enabled:
        # Asking for reasons on the command line would do nothing with RA901 off.
        enabled.add(NO_REASON)
        why += ", RA901 by --require-reason"
    codes = tuple(c for c in selection.codes() if c in enabled | ALWAYS_REPORTED)
    rows.append(Row("enabled", list(codes), why))
    return codes, rows, frozenset(explicit & enabled)


def resolve(
    file: ConfigFile | None, overrides: Overrides, shadowed: tuple[str, ...] = ()
) -> Effective:
    """Merge defaults, the files of one ``extend`` chain (the extended file first) and
    the command line into an :class:`Effective`: each declared setting in turn, as its
    declaration says it merges."""
    flags = overrides.values()
    chain = file.chain if file is not None else ()
    layers = [Layer(f.values, f.label, root=f.root, extended=f is not file) for f in chain]
    command_line = {k: v for k, (v, _) in flags.items()}
    layers.append(Layer(command_line, COMMAND_LINE, {k: f for k, (_, f) in flags.items()}))
    codes, selected, explicit = _select(layers)
    fields: dict[str, Any] = {"select": codes, "ignore": (), "explicit": explicit}
    rows: list[Row] = []
    for setting in SETTINGS:
        if setting.merge is Merge.SELECTION:
            rows += selected if setting is SELECTION[0] else []
            continue
        sources = Sources(
            tuple(
                (layer.values[setting.key], layer.source_of(setting.key))
                for layer in layers
                if setting.key in layer.values
            )
        )
        rows += setting.rows(sources)
        setting.into(fields, [value for value, _ in sources.given])
    config = dataclasses.replace(DEFAULT_CONFIG, **fields)
    globs, per_file_ignores = _rooted(layers)
    return Effective(
        config=config,
        file=file,
        rows=rows,
        per_file_ignores=per_file_ignores,
        globs=globs,
        root=file.root if file is not None else Path.cwd(),
        shadowed=shadowed,
    )


def _rooted(
    layers: list[Layer],
) -> tuple[dict[str, tuple[Rooted, ...]], tuple[tuple[Rooted, tuple[str, ...]], ...]]:
    """The glob settings and ``per-file-ignores``, merged as their declarations say,
    each glob kept with the folder of the file that wrote it."""
    globs: dict[str, tuple[Rooted, ...]] = {}
    ignores: dict[str, tuple[Rooted, tuple[str, ...]]] = {}
    for setting in SETTINGS:
        for layer in layers:
            if setting.key not in layer.values or layer.root is None or setting.field is None:
                continue
            value = layer.values[setting.key]
            if isinstance(setting.kind, Globs):
                mine = tuple(Rooted(pattern, layer.root, layer.extended) for pattern in value)
                below = globs.get(setting.field, ()) if setting.merge is Merge.EXTEND else ()
                globs[setting.field] = below + mine
            elif isinstance(setting.kind, PerFileIgnores):
                for pattern, selectors in value.items():  # per glob, the later file's
                    ignores[pattern] = (Rooted(pattern, layer.root, layer.extended), selectors)
    return globs, tuple(ignores.values())


class Settings:
    """Resolves the configuration for each plan, caching discovery per folder.

    ``config_file`` (``--config``) replaces discovery; ``isolated`` (``--isolated``)
    turns it off. Raises :class:`ConfigError` on the first bad file it meets.
    """

    def __init__(
        self,
        overrides: Overrides | None = None,
        *,
        config_file: str | os.PathLike[str] | None = None,
        isolated: bool = False,
        force_exclude: bool = False,
        as_of: dt.date | None = None,
    ) -> None:
        if config_file is not None and isolated:
            raise ConfigError("--config and --isolated cannot be used together")
        self.overrides = overrides or Overrides()
        self.isolated = isolated
        self.force_exclude = force_exclude
        # The day check-ins and spend are read on (``--as-of``): a flag of the run that
        # every plan's configuration carries.
        self.as_of = as_of
        self.overrides.values()  # check the flags before any file is read
        self._explicit = (
            read_config_file(config_file, explicit=True) if config_file is not None else None
        )
        self._found: dict[Path, tuple[ConfigFile | None, tuple[str, ...]]] = {}
        self._read: dict[Path, ConfigFile | None] = {}
        self._effective: dict[Path | None, Effective] = {}

    def on_day(self, as_of: dt.date) -> Settings:
        """The same flags, ``--config`` and ``--isolated``, reading check-ins and spend
        on ``as_of`` (an older version of the plans, on the day it stood)."""
        explicit = self._explicit.path if self._explicit is not None else None
        return Settings(
            self.overrides,
            config_file=explicit,
            isolated=self.isolated,
            force_exclude=self.force_exclude,
            as_of=as_of,
        )

    def _file(self, path: Path) -> ConfigFile | None:
        if path not in self._read:
            self._read[path] = read_config_file(path)
        return self._read[path]

    def governing_file(self, folder: Path) -> tuple[ConfigFile | None, tuple[str, ...]]:
        """The nearest configuration file at or above ``folder`` and the names of other
        files in its folder that it shadows."""
        folder = Path(os.path.abspath(folder))
        chain: list[Path] = []
        found: tuple[ConfigFile | None, tuple[str, ...]] = (None, ())
        current = folder
        while True:
            if current in self._found:
                found = self._found[current]
                break
            chain.append(current)
            hit = self._in_folder(current)
            if hit is not None:
                found = hit
                break
            if current.parent == current:
                break
            current = current.parent
        for f in chain:
            self._found[f] = found
        return found

    def _in_folder(self, folder: Path) -> tuple[ConfigFile, tuple[str, ...]] | None:
        present = [n for n in DEDICATED_FILES if (folder / n).is_file()]
        if len(present) > 1:
            raise ConfigError(
                f"{' and '.join(present)} are both present; keep one configuration file per folder",
                display(folder),
            )
        pyproject = self._file(folder / PYPROJECT) if (folder / PYPROJECT).is_file() else None
        if present:
            shadowed = (pyproject.label,) if pyproject is not None else ()
            chosen = self._file(folder / present[0])
            assert chosen is not None
            return chosen, shadowed
        if pyproject is not None:
            return pyproject, ()
        return None

    def effective(self, folder: str | os.PathLike[str] | None = None) -> Effective:
        """The configuration that governs ``folder`` (default: the working folder)."""
        shadowed: tuple[str, ...]
        if self.isolated or self._explicit is not None:
            key = None
            file, shadowed = self._explicit, ()
        else:
            file, shadowed = self.governing_file(Path(folder if folder is not None else "."))
            key = file.path if file is not None else None
        if key not in self._effective:
            self._effective[key] = resolve(file, self.overrides, shadowed)
        return self._effective[key]

    def for_path(self, path: str | os.PathLike[str]) -> Effective:
        return self.effective(os.path.dirname(os.path.abspath(path)))

    def config_for(self, path: str | os.PathLike[str]) -> Config:
        """The configuration for one plan file, its ``per-file-ignores`` applied."""
        config = self.for_path(path).config_for(path)
        if self.as_of is not None:
            config = dataclasses.replace(config, as_of=self.as_of)
        return config

    def excluded(
        self, path: str | os.PathLike[str], *, named: bool = False, ancestors: bool = True
    ) -> bool:
        """Whether ``exclude`` skips ``path``; a path named on the command line is only
        skipped with ``--force-exclude``. ``ancestors=False`` (files and folders met while
        searching) tries ``path`` itself, not the folders above it."""
        if named and not self.force_exclude:
            return False
        return self.for_path(path).excluded(path, ancestors=ancestors)


# --------------------------------------------------------------------------- config --show


def show_data(settings: Settings, path: str | os.PathLike[str]) -> ShownConfig:
    """What ``ramaudit config --show PATH`` prints, as plain data (rendered by
    :mod:`ramaudit.report.config_show`)."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    eff = settings.effective(folder)
    rows = eff.rows
    if not p.is_dir():
        dropped = eff.ignored_for(p)
        if dropped:
            codes = [c for c in eff.config.select if c not in dropped]
            rows = [
                Row("enabled", codes, "resolved from select, ignore and per-file-ignores")
                if r.key == "enabled"
                else r
                for r in rows
            ]
    chain = eff.file.chain if eff.file is not None else ()
    return {
        "path": os.fspath(path),
        "config_file": display(eff.file.path) if eff.file is not None else None,
        "extends": [display(f.path) for f in reversed(chain[:-1])],
        "isolated": settings.isolated,
        "shadowed": list(eff.shadowed),
        "settings": [{"key": r.key, "value": r.value, "source": r.source} for r in rows],
    }

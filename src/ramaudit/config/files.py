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
   ``--isolated`` ignores every file;
3. command-line flags (``--select``, ``--ignore``, ``--fail-on``, ...).

Rule selection is layered the ruff way: a layer's ``select`` starts over, its
``extend-select`` adds, its ``ignore`` removes, and within one layer the more specific
selector wins (``RA101`` beats ``RA1``; on a tie ``ignore`` wins). So ``--select RA104`` on
the command line enables RA104 even when the file ignores it.

Globs in ``exclude`` and ``per-file-ignores`` are relative to the configuration file's
folder. A pattern without a ``/`` matches any file or folder name below it
(``drafts``, ``*.draft.yaml``); a pattern with a ``/`` matches a path from that folder
(``archive/2023/*.yaml``, ``legacy/**``). ``exclude`` applies while folders are searched;
plans named on the command line are still audited unless ``--force-exclude`` is given.

RA001 and RA006 stay enabled and errors whatever the selection, ``per-file-ignores`` or
``severity`` say (see :data:`ramaudit.config.effective.ALWAYS_REPORTED`); ``--require-reason``
on the command line turns RA901 on, since it would do nothing without it.

A list setting also takes one string (``select = "RA1"``). A TOML file named with
``--config`` may hold its settings in a ``[tool.ramaudit]`` table, as a copy of a
``pyproject.toml`` section would.

Every mistake in a configuration file (an unknown key, code or option, a bad value) is a
:class:`ConfigError` naming the file and, where it can be found, the line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, NoReturn

from ramaudit.config.effective import ALWAYS_REPORTED, Config, NumberRange
from ramaudit.config.effective import shown as quoted
from ramaudit.core.findings import FAIL_LEVELS, Severity
from ramaudit.core.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from ramaudit.core.vocabulary import LISTS, Vocabulary, VocabularyError

# Precedence within one folder; pyproject.toml counts only with a [tool.ramaudit] table.
DEDICATED_FILES = (".ramaudit.toml", ".ramaudit.yaml", ".ramaudit.yml")
PYPROJECT = "pyproject.toml"

DEFAULT_SOURCE = "default"
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


# --------------------------------------------------------------------------- selectors


def _rules() -> tuple[Any, ...]:
    from ramaudit.rules import ALL_RULES

    return ALL_RULES


def check_selector(selector: Any, fail: Any) -> str:
    """A rule code, a code prefix (``RA1``), a rule name or ``ALL``; else ``fail(msg)``."""
    if not isinstance(selector, str) or not selector.strip():
        fail(f"expected a rule code, prefix or name, got {quoted(selector)}")
    text = selector.strip()
    rules = _rules()
    if text.upper() == "ALL":
        return "ALL"
    if any(r.name == text.lower() for r in rules):
        return text.lower()
    upper = text.upper()
    if any(r.code.startswith(upper) for r in rules) and re.fullmatch(r"RA\d*", upper):
        return upper
    names = [r.code for r in rules] + [r.name for r in rules]
    fail(f"unknown rule '{text}'{did_you_mean(text, names)}")
    raise AssertionError  # pragma: no cover - fail() raises


def specificity(code: str, selectors: Iterable[str]) -> int:
    """How specifically ``selectors`` name ``code``: -1 not at all, 0 for ALL, then the
    prefix length; a rule name is as specific as its full code."""
    best = -1
    rules = {r.name: r.code for r in _rules()}
    for sel in selectors:
        if sel == "ALL":
            best = max(best, 0)
        elif rules.get(sel) == code:
            best = max(best, len(code))
        elif code.startswith(sel):
            best = max(best, len(sel))
    return best


def apply_selection(enabled: set[str], layer: Mapping[str, Any]) -> set[str]:
    """One layer of ruff-style rule selection on top of ``enabled``."""
    chosen = list(layer.get("select") or []) + list(layer.get("extend-select") or [])
    dropped = list(layer.get("ignore") or []) + list(layer.get("extend-ignore") or [])
    base = set() if layer.get("select") is not None else set(enabled)
    for code in (r.code for r in _rules()):
        s, i = specificity(code, chosen), specificity(code, dropped)
        if s >= 0 and s > i:
            base.add(code)
        elif i >= 0:
            base.discard(code)
    return base


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
    """One configuration file, read and checked."""

    path: Path  # absolute
    values: dict[str, Any]  # checked values, keyed by configuration key
    root: Path  # the folder relative globs start from

    @property
    def label(self) -> str:
        name = display(self.path)
        return f"{name} [tool.ramaudit]" if self.path.name == PYPROJECT else name


class _Doc:
    """Raw table of one file plus a way to find the line of a key for messages."""

    def __init__(
        self, path: Path, table: Any, text: str, prefix: tuple[str, ...], locator: Any = None
    ) -> None:
        self.path, self.table, self.text, self.prefix = path, table, text, prefix
        self.locator = locator
        self.shown = display(path)

    def line(self, keys: tuple[str, ...]) -> int | None:
        if self.locator is not None:
            if self.locator.root is None:
                return None
            line = self.locator.position(keys, key=True)[0]
            return line
        return toml_line(self.text, (*self.prefix, *keys))

    def fail(self, keys: tuple[str, ...], message: str) -> NoReturn:
        raise ConfigError(message, self.shown, self.line(keys))


_HEADER = re.compile(r"^\s*\[\[?\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_KEYLINE = re.compile(
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
        header = _HEADER.match(raw)
        if header and "=" not in raw.split("]")[0]:
            table = _dotted(header.group(1))
            full = table
        else:
            m = _KEYLINE.match(raw)
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
    """Read and check one file. A ``pyproject.toml`` without ``[tool.ramaudit]`` gives
    ``None`` during discovery and an error when named with ``--config``."""
    p = Path(os.path.abspath(path))
    shown = display(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError("no such file", shown) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, not a configuration file", shown) from None
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror or exc}", shown) from None
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
    return ConfigFile(p, values, p.parent)


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
_PLAN_WORDS = (
    (
        re.compile(
            r"; or put each plan in a file of its own|, or put each plan in a file of its own"
        ),
        "",
    ),
    (re.compile(r"; raise --max-nodes\b.*$"), ""),
    (re.compile(r"\b(a|the) plan\b"), r"\1 configuration"),
    (re.compile(r"\bplans\b"), "configurations"),
)


def about_configuration(message: str) -> str:
    """A message of the plan reader, said of a configuration file."""
    for pattern, words in _PLAN_WORDS:
        message = pattern.sub(words, message)
    return message


# --------------------------------------------------------------------------- checking values


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def parse_size(value: Any) -> int | None:
    """A file size in bytes, from a whole number or a text such as ``10MB``, ``10 MB``,
    ``10mb``, ``10MiB`` or ``1048576`` (kB/MB/GB are powers of 1000, KiB/MiB/GiB of
    1024); None when ``value`` is none of those. The one reader of sizes, for the
    configuration and ``--max-file-size`` alike."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and len(value) <= 40:
        m = re.fullmatch(r"\s*(\d+)\s*([KMG]i?B|B)?\s*", value, re.I)
        if m:
            scale = {
                "": 1,
                "b": 1,
                "kb": 1000,
                "kib": 1024,
                "mb": 1000**2,
                "mib": 1024**2,
                "gb": 1000**3,
                "gib": 1024**3,
            }[(m.group(2) or "").lower()]
            n = int(m.group(1)) * scale
            return n if n > 0 else None
    return None


# Numbers a configuration file may set, and the flags of the same name. Each is
# finite and in its range (NaN and infinity never are): a value far out of it would
# crash or switch a check off without a word.
MAX_DEPTH_LIMIT = 1_000  # deeper than this Python itself cannot follow the nesting
NUMBER_SETTINGS: dict[str, NumberRange] = {
    "fail-under": NumberRange(0, 100, what="a fitness score"),
    "max-file-size": NumberRange(1, 10 * 1000**3, whole=True, what="a size in bytes"),
    "max-nodes": NumberRange(1, 10**9, whole=True),
    "max-depth": NumberRange(1, MAX_DEPTH_LIMIT, whole=True),
}


def check_number(key: str, value: Any) -> str | None:
    """Why ``value`` cannot be setting ``key`` of :data:`NUMBER_SETTINGS`, else None.
    ``max-file-size`` also takes a size such as ``'10MB'``."""
    allowed = NUMBER_SETTINGS[key]
    if key == "max-file-size":
        size = parse_size(value)
        if allowed.problem(size if size is not None else value) is None:
            return None
        return (
            f"expected {allowed.describe()} (or a size such as 10MB or 10MiB), got {quoted(value)}"
        )
    return allowed.problem(value)


TOP_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "extend-ignore",
    "severity",
    "fail-on",
    "fail-under",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "rules",
    "vocabulary",
    "max-file-size",
    "max-nodes",
    "max-depth",
    "require-reason",
)


def check_table(doc: _Doc) -> dict[str, Any]:
    """Check every key and value of one file's table; return normalised values."""
    table = doc.table
    if not isinstance(table, dict):
        doc.fail(
            (),
            "the configuration must be a table of settings (keys such as select, ignore, fail-on)",
        )
    out: dict[str, Any] = {}
    for key, value in table.items():
        where = (key,)
        if key not in TOP_KEYS:
            hint = did_you_mean(key, TOP_KEYS)
            if key == "tool" and not doc.prefix:
                hint = (
                    "; settings go at the top level of this file, or all of them in a "
                    "[tool.ramaudit] table"
                )
            doc.fail(where, f"unknown configuration key '{key}'{hint}")

        def fail(message: str, where: tuple[str, ...] = where, key: str = key) -> None:
            doc.fail(where, f"{key}: {message}")

        if key in ("select", "extend-select", "ignore", "extend-ignore"):
            out[key] = tuple(check_selector(s, fail) for s in _string_list(value, fail))
        elif key == "severity":
            out[key] = _check_severity(doc, value)
        elif key == "fail-on":
            if not isinstance(value, str) or value not in FAIL_LEVELS:
                fail(
                    f"expected one of {', '.join(FAIL_LEVELS)}, got {quoted(value)}"
                    + (did_you_mean(value, FAIL_LEVELS) if isinstance(value, str) else "")
                )
            out[key] = value
        elif key in NUMBER_SETTINGS:
            problem = check_number(key, value)
            if problem:
                fail(problem)
            if key == "fail-under":
                out[key] = float(value)
            else:
                out[key] = parse_size(value) if key == "max-file-size" else value
        elif key in ("exclude", "extend-exclude"):
            out[key] = tuple(_string_list(value, fail))
        elif key == "per-file-ignores":
            out[key] = _check_per_file_ignores(doc, value)
        elif key == "rules":
            out[key] = _check_rule_options(doc, value)
        elif key == "vocabulary":
            out[key] = _check_vocabulary(doc, value)
        elif key == "require-reason":
            if not isinstance(value, bool):
                fail(f"expected true or false, got {quoted(value)}")
            out[key] = value
    return out


def _string_list(value: Any, fail: Any) -> list[str]:
    if isinstance(value, str):  # `select: RA1` means the list of that one selector
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fail(f"expected a list of strings, got {quoted(value)}")
    return value


def _check_severity(doc: _Doc, value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        doc.fail(("severity",), "severity: expected a table of rule code = severity")
    levels = [s.value for s in Severity]
    out: dict[str, Severity] = {}
    for sel, level in value.items():
        where = ("severity", sel)

        def fail(message: str, where: tuple[str, ...] = where) -> None:
            doc.fail(where, f"severity: {message}")

        selector = check_selector(sel, fail)
        for code in ALWAYS_REPORTED:
            if specificity(code, (selector,)) == len(code):  # named, not a prefix
                fail(f"{sel}: {code} is always an error: a file it reports was not audited")
        if level not in levels:
            fail(
                f"{sel}: expected one of {', '.join(levels)}, got {quoted(level)}"
                + (did_you_mean(level, levels) if isinstance(level, str) else "")
            )
        out[selector] = Severity(level)
    return out


def _check_per_file_ignores(doc: _Doc, value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        doc.fail(("per-file-ignores",), "per-file-ignores: expected a table of glob = [rule codes]")
    out: dict[str, tuple[str, ...]] = {}
    for pattern, codes in value.items():
        where = ("per-file-ignores", pattern)

        def fail(message: str, where: tuple[str, ...] = where, pattern: str = pattern) -> None:
            doc.fail(where, f"per-file-ignores: '{pattern}': {message}")

        out[pattern] = tuple(check_selector(s, fail) for s in _string_list(codes, fail))
    return out


def _check_rule_options(doc: _Doc, value: Any) -> dict[str, dict[str, Any]]:
    from ramaudit.config.options import OptionError
    from ramaudit.rules import lookup

    if not isinstance(value, dict):
        doc.fail(("rules",), "rules: expected tables such as [tool.ramaudit.rules.RA305]")
    rules = _rules()
    out: dict[str, dict[str, Any]] = {}
    for name, options in value.items():
        where = ("rules", name)
        rule = lookup(str(name))
        if rule is None:
            names = [r.code for r in rules] + [r.name for r in rules]
            doc.fail(where, f"rules: unknown rule '{name}'{did_you_mean(str(name), names)}")
        if not isinstance(options, dict):
            doc.fail(where, f"rules: {name}: expected a table of options")
        declared: dict[str, Any] = dict(rule.options)
        if not declared and options:
            doc.fail(where, f"rules: {rule.code} ({rule.name}) has no options")
        by_key = {_kebab(k): k for k in declared}
        checked: dict[str, Any] = {}
        for opt, opt_value in options.items():
            real = by_key.get(_kebab(str(opt)))
            if real is None:
                doc.fail(
                    (*where, opt),
                    f"rules: {rule.code} ({rule.name}) has no option "
                    f"'{opt}'{did_you_mean(_kebab(str(opt)), by_key)}; its options are "
                    f"{', '.join(by_key)}",
                )
            # A number option's declared range says what it takes, type included.
            problem = (
                None if real in rule.option_range else _type_problem(declared[real], opt_value)
            )
            if problem:
                doc.fail((*where, opt), f"rules: {rule.code}.{opt}: {problem}")
            # The rule's own declared checks: allowed words, smallest numbers.
            try:
                opt_value = rule.check_option(real, opt_value)
            except OptionError as exc:
                doc.fail((*where, opt), f"rules: {rule.code}.{opt}: {exc}")
            checked[real] = tuple(opt_value) if isinstance(opt_value, list) else opt_value
        out.setdefault(rule.code, {}).update(checked)
    return out


def _type_problem(default: Any, value: Any) -> str | None:
    """Why ``value`` cannot stand in for an option whose default is ``default``."""
    if default is None:
        return None
    if isinstance(default, bool):
        ok = isinstance(value, bool)
        want = "true or false"
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
        want = "a whole number"
    elif isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        want = "a number"
    elif isinstance(default, str):
        ok = isinstance(value, str)
        want = "a string"
    elif isinstance(default, list | tuple | frozenset | set):
        ok = isinstance(value, list) and all(
            not default or isinstance(v, type(next(iter(default)))) for v in value
        )
        want = "a list"
    elif isinstance(default, Mapping):
        ok = isinstance(value, dict)
        want = "a table"
    else:
        return None
    return None if ok else f"expected {want}, got {quoted(value)}"


def _check_vocabulary(doc: _Doc, value: Any) -> dict[str, Any]:
    """Checked by :meth:`Vocabulary.from_config`, which owns the word-list rules."""
    try:
        Vocabulary.from_config(value)
    except VocabularyError as exc:
        message = str(exc)
        named = re.search(r"'([^']+)'", message)
        where: tuple[str, ...] = ("vocabulary",)
        if named and isinstance(value, dict):
            for key in value:
                if str(key) == named.group(1) or _kebab(str(key)) == _kebab(named.group(1)):
                    where = ("vocabulary", str(key))
        doc.fail(where, message if message.startswith("vocabulary") else f"vocabulary: {message}")
    return dict(value)


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Overrides:
    """Values given on the command line; ``None`` or empty means not given."""

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
        """Checked values with the flag each came from."""
        out: dict[str, tuple[Any, str]] = {}
        for key, flag in (
            ("select", "--select"),
            ("extend-select", "--extend-select"),
            ("ignore", "--ignore"),
            ("extend-ignore", "--extend-ignore"),
        ):
            raw = getattr(self, key.replace("-", "_"))
            if raw is None or (key != "select" and not raw):
                continue
            selectors = [s.strip() for item in raw for s in str(item).split(",") if s.strip()]

            def fail(message: str, flag: str = flag) -> None:
                raise ConfigError(f"{flag}: {message}")

            if key == "select" and not selectors:
                # `--select "$CODES"` with CODES unset would turn every rule off and pass.
                fail("no rule given; name codes (RA101), prefixes (RA1) or ALL")
            out[key] = (tuple(check_selector(s, fail) for s in selectors), flag)
        if self.fail_on is not None:
            if self.fail_on not in FAIL_LEVELS:
                raise ConfigError(f"--fail-on: expected one of {', '.join(FAIL_LEVELS)}")
            out["fail-on"] = (self.fail_on, "--fail-on")
        if self.require_reason:
            out["require-reason"] = (True, "--require-reason")
        for key, given in (
            ("fail-under", self.fail_under),
            ("max-file-size", self.max_file_size),
            ("max-nodes", self.max_nodes),
        ):
            if given is None:
                continue
            problem = check_number(key, given)
            if problem:
                raise ConfigError(f"--{key}: {problem}")
            if key == "fail-under":
                given = float(given)
            elif key == "max-file-size":
                given = parse_size(given)
            out[key] = (given, f"--{key}")
        return out


@dataclass(frozen=True)
class Setting:
    """One row of ``ramaudit config --show``."""

    key: str
    value: Any
    source: str


@dataclass
class Effective:
    """The resolved configuration for one folder, and where each value came from."""

    config: Config
    file: ConfigFile | None
    rows: list[Setting]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    root: Path = field(default_factory=Path.cwd)
    shadowed: tuple[str, ...] = ()

    def ignored_for(self, path: str | os.PathLike[str]) -> set[str]:
        """Codes that ``per-file-ignores`` turn off for ``path``."""
        codes: set[str] = set()
        for pattern, selectors in self.per_file_ignores:
            if glob_matches(pattern, path, self.root):
                codes |= {r.code for r in _rules() if specificity(r.code, selectors) >= 0}
        return codes

    def config_for(self, path: str | os.PathLike[str]) -> Config:
        dropped = self.ignored_for(path)
        if not dropped:
            return self.config
        return dataclasses.replace(
            self.config, select=tuple(c for c in self.config.select if c not in dropped)
        )

    def excluded(self, path: str | os.PathLike[str], *, ancestors: bool = True) -> bool:
        return any(glob_matches(p, path, self.root, ancestors=ancestors) for p in self.exclude)


def resolve(
    file: ConfigFile | None, overrides: Overrides, shadowed: tuple[str, ...] = ()
) -> Effective:
    """Merge defaults, one file and the command line into an :class:`Effective`."""
    defaults = Config()
    layers: list[tuple[dict[str, Any], str]] = []
    if file is not None:
        layers.append((file.values, file.label))
    cli = overrides.values()
    cli_layer = {k: v for k, (v, _) in cli.items()}
    layers.append((cli_layer, COMMAND_LINE))

    def source_of(layer_source: str, key: str) -> str:
        if layer_source == COMMAND_LINE:
            return f"{COMMAND_LINE} ({cli[key][1]})"
        return layer_source

    rows: list[Setting] = []
    # Rule selection, layer by layer.
    enabled = {r.code for r in _rules()}
    selection_rows = []
    for values, src in layers:
        sel: dict[str, Any] = {
            k: values[k]
            for k in ("select", "extend-select", "ignore", "extend-ignore")
            if k in values
        }
        if sel:
            enabled = apply_selection(enabled, sel)
            selection_rows += [Setting(k, list(v), source_of(src, k)) for k, v in sel.items()]
    if not any(r.key == "select" for r in selection_rows):
        rows.append(Setting("select", list(defaults.select), DEFAULT_SOURCE))
    rows += selection_rows
    enabled_from = "resolved from select and ignore"
    if cli_layer.get("require-reason") and NO_REASON not in enabled:
        # Asking for reasons on the command line would do nothing with RA901 off.
        enabled.add(NO_REASON)
        enabled_from += ", RA901 by --require-reason"
    enabled |= ALWAYS_REPORTED
    codes = tuple(r.code for r in _rules() if r.code in enabled)
    rows.append(Setting("enabled", list(codes), enabled_from))

    def last(key: str, default: Any) -> tuple[Any, str]:
        value, source = default, DEFAULT_SOURCE
        for values, src in layers:
            if key in values:
                value, source = values[key], source_of(src, key)
        return value, source

    fail_on, src = last("fail-on", defaults.fail_on)
    rows.append(Setting("fail-on", fail_on, src))
    fail_under, src = last("fail-under", defaults.fail_under)
    rows.append(Setting("fail-under", fail_under, src))
    require_reason, src = last("require-reason", defaults.require_reason)
    rows.append(Setting("require-reason", require_reason, src))
    limits = {}
    for key, attr in (
        ("max-file-size", "max_file_size"),
        ("max-nodes", "max_nodes"),
        ("max-depth", "max_depth"),
    ):
        limits[attr], src = last(key, getattr(defaults, attr))
        rows.append(Setting(key, limits[attr], src))

    file_values = file.values if file is not None else {}
    file_src = file.label if file is not None else DEFAULT_SOURCE

    def from_file(key: str, default: Any) -> tuple[Any, str]:
        return (file_values[key], file_src) if key in file_values else (default, DEFAULT_SOURCE)

    exclude, src = from_file("exclude", ())
    rows.append(Setting("exclude", list(exclude), src))
    extend_exclude, src = from_file("extend-exclude", ())
    if extend_exclude:
        rows.append(Setting("extend-exclude", list(extend_exclude), src))
    pfi, src = from_file("per-file-ignores", {})
    rows.append(Setting("per-file-ignores", {k: list(v) for k, v in pfi.items()}, src))

    severity_sel: dict[str, Severity] = file_values.get("severity", {})
    severity: dict[str, Severity] = {}
    for rule in _rules():
        if rule.code in ALWAYS_REPORTED:
            continue  # always errors, even under `severity = {RA0 = "warning"}`
        best, level = -1, None
        for selector, lvl in severity_sel.items():
            s = specificity(rule.code, (selector,))
            if s > best:
                best, level = s, lvl
        if level is not None and best >= 0:
            severity[rule.code] = level
    if severity_sel:
        for selector, lvl in severity_sel.items():
            rows.append(Setting(f"severity.{selector}", lvl.value, file_src))
    else:
        rows.append(Setting("severity", {}, DEFAULT_SOURCE))

    options: dict[str, dict[str, Any]] = file_values.get("rules", {})
    for rule in _rules():
        for opt, default in rule.options.items():
            if opt in options.get(rule.code, {}):
                rows.append(
                    Setting(f"rules.{rule.code}.{_kebab(opt)}", options[rule.code][opt], file_src)
                )
            else:
                rows.append(Setting(f"rules.{rule.code}.{_kebab(opt)}", default, DEFAULT_SOURCE))

    raw_vocabulary = file_values.get("vocabulary")
    vocabulary = Vocabulary.from_config(raw_vocabulary) if raw_vocabulary else DEFAULT_VOCABULARY
    for attr in LISTS:
        value = getattr(vocabulary, attr)
        changed = value != getattr(DEFAULT_VOCABULARY, attr)
        value = dict(value) if isinstance(value, Mapping) else list(value)
        rows.append(
            Setting(f"vocabulary.{_kebab(attr)}", value, file_src if changed else DEFAULT_SOURCE)
        )

    config = Config(
        select=codes,
        ignore=(),
        severity=severity,
        fail_on=fail_on,
        fail_under=fail_under,
        exclude=tuple(exclude) + tuple(extend_exclude),
        per_file_ignores=dict(pfi),
        rule_options=options,
        vocabulary=vocabulary,
        require_reason=require_reason,
        **limits,
    )
    return Effective(
        config=config,
        file=file,
        rows=rows,
        per_file_ignores=tuple(pfi.items()),
        exclude=config.exclude,
        root=file.root if file is not None else Path.cwd(),
        shadowed=shadowed,
    )


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
    ) -> None:
        if config_file is not None and isolated:
            raise ConfigError("--config and --isolated cannot be used together")
        self.overrides = overrides or Overrides()
        self.isolated = isolated
        self.force_exclude = force_exclude
        self.overrides.values()  # check the flags before any file is read
        self._explicit = (
            read_config_file(config_file, explicit=True) if config_file is not None else None
        )
        self._found: dict[Path, tuple[ConfigFile | None, tuple[str, ...]]] = {}
        self._read: dict[Path, ConfigFile | None] = {}
        self._effective: dict[Path | None, Effective] = {}

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
        return self.for_path(path).config_for(path)

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


def show_data(settings: Settings, path: str | os.PathLike[str]) -> dict[str, Any]:
    """What ``ramaudit config --show PATH`` prints, as plain data."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    eff = settings.effective(folder)
    rows = eff.rows
    if not p.is_dir():
        dropped = eff.ignored_for(p)
        if dropped:
            codes = [c for c in eff.config.select if c not in dropped]
            rows = [
                Setting("enabled", codes, "resolved from select, ignore and per-file-ignores")
                if r.key == "enabled"
                else r
                for r in rows
            ]
    return {
        "path": os.fspath(path),
        "config_file": display(eff.file.path) if eff.file is not None else None,
        "isolated": settings.isolated,
        "shadowed": list(eff.shadowed),
        "settings": [{"key": r.key, "value": r.value, "source": r.source} for r in rows],
    }


def show_text(data: dict[str, Any], width: int | None = None) -> str:
    """The text of ``config --show``: one line per setting, or with ``width`` (a
    terminal) lines that do not fit wrapped at word boundaries, the rest of a value
    under a hanging indent at its column."""
    # File names and values are data: shown escaped, one line each, as in every output.
    from ramaudit.report.escape import shown

    lines = [f"# effective configuration for {shown(data['path'])}"]
    if data["isolated"]:
        lines.append("# --isolated: configuration files ignored")
    else:
        lines.append(f"# configuration file: {shown(data['config_file'] or 'none found')}")
    for name in data["shadowed"]:
        lines.append(f"# not used (shadowed by the file above): {shown(name)}")
    lines.append("")
    keys = max(len(r["key"]) for r in data["settings"])
    for row in data["settings"]:
        value = row["value"]
        if row["key"].startswith("vocabulary.") and row["source"] == DEFAULT_SOURCE:
            value_text = f"<{len(value)} default entries>"
        else:
            value_text = json.dumps(value, ensure_ascii=False)
        line = f"{row['key']:<{keys}}  {shown(value_text)}  # {shown(row['source'])}"
        lines += _wrap_row(line, keys + 2, width)
    return "\n".join(lines) + "\n"


def _wrap_row(line: str, indent: int, width: int | None) -> list[str]:
    if width is None or len(line) <= width:
        return [line]
    import textwrap

    if width - indent < 24:  # a long key on a narrow terminal: the value goes below
        indent = 4
    return textwrap.wrap(
        line,
        width=width,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [line]

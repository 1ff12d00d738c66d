"""Baselines: record today's findings so that only new ones are reported.

``ramaudit check plans/ --write-baseline .ramaudit-baseline.json`` records every current
finding; ``ramaudit check plans/ --baseline .ramaudit-baseline.json`` then hides those
and reports the rest. A team can adopt ramaudit on plans with hundreds of findings and
still fail CI on every new one.

A finding is recorded by file, rule code, item id, pointer and message, never by
line, so editing above an item does not bring its findings back. The pointer is kept
relative to the item (``kpis[0].metric`` of tactic ``t-webinar``), so moving the item
within its list does not either. The message tells apart findings of one rule at one
spot (each funnel stage no tactic serves is reported at ``tactics``); it is compared
with its numbers left out (outside quotes), so a budget total or a line number in it
may change without making the finding new. Findings that share a key are counted.
Entries written before messages were recorded match on the rest of the key. File
paths are relative to the baseline's own folder, so the check may run from any
working folder. SARIF fingerprints hash the same identity (see :func:`identity`).

RA001 and RA006 (a file that does not parse, or is too large to read) are never
recorded and never hidden: such a file was not audited at all.

Entries of audited files that match nothing any more are reported as fixed, unless
their rule was not run this time. Entries for files this run did not audit are left
alone.

The file is sorted JSON with one entry per line, so a regenerated baseline diffs
cleanly. ``--write-baseline`` may overwrite an existing baseline, since regenerating it
is what the flag is for, but it refuses to overwrite any other file without ``--force``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from ramaudit.config.effective import ALWAYS_REPORTED
from ramaudit.core.findings import Finding, format_pointer
from ramaudit.core.records import dataclass
from ramaudit.core.source import STDIN

BASELINE_VERSION = 1
TOOL = "ramaudit"


class BaselineError(Exception):
    """A baseline that cannot be read or written; the CLI exits 2."""


def as_json(value: Any) -> str:
    """A value of the baseline as its JSON writes it, cut when long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = "?"
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True, order=True)
class Key:
    path: str  # relative to the baseline's folder, with '/'
    code: str
    item: str  # "" for findings outside any item
    pointer: str  # relative to the item when there is one
    message: str = ""  # message_key() of the message; "" in entries that predate it

    def without_message(self) -> Key:
        return Key(self.path, self.code, self.item, self.pointer)


# A quoted id or name is part of what a finding is about; numbers outside quotes
# (amounts, counts, dates, line numbers) are not. A quote opens where no word
# character stands before it: ``(?<!\w)'`` written as ``'(?<!\w')``, the same test
# made after the quote, so that the search starts with a literal and skips to each
# quote instead of trying the lookbehind at every character.
_QUOTED = re.compile(r"'(?<!\w')[^']*'(?!\w)")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


def message_key(message: str) -> str:
    """``message`` with numbers outside quotes replaced by ``#`` and spaces folded."""
    parts: list[str] = []
    last = 0
    for quoted in _QUOTED.finditer(message):
        parts.append(_NUMBER.sub("#", message[last : quoted.start()]))
        parts.append(quoted.group())
        last = quoted.end()
    parts.append(_NUMBER.sub("#", message[last:]))
    return " ".join("".join(parts).split())


@dataclass(frozen=True)
class Identity:
    """What a finding is about, without where it is: the part of a baseline key and of
    a SARIF fingerprint that does not name the file."""

    code: str
    item: str
    pointer: str
    message: str


class Identities:
    """Line-free identities of one result's findings. The pointer is made relative to
    the finding's item, so inserting or moving items leaves it unchanged."""

    def __init__(self, result: Any, keyed: Mapping[str, str] | None = None) -> None:
        self._keyed = keyed or {}  # message_key() of messages met before
        self._plan = result.plan
        # Items by id, and the pointers of those a finding names, made when first
        # asked: a big plan has far more items than findings.
        self._items: dict[str, list[Any]] | None = None
        self._prefixes: dict[str, list[str]] = {}

    def prefixes(self, item_id: str) -> list[str]:
        """The pointers of the items with id ``item_id``, in the plan's order."""
        known = self._prefixes.get(item_id)
        if known is None:
            if self._items is None:
                self._items = {}
                for item in self._plan.items() if self._plan is not None else ():
                    self._items.setdefault(item.id, []).append(item)
            items = self._items.get(item_id, ())
            known = self._prefixes[item_id] = [format_pointer(i.path) for i in items]
        return known

    def parts(self, finding: Finding) -> tuple[str, str, str, str]:
        """The code, item, relative pointer and message key of ``finding``."""
        pointer = finding.pointer
        item = finding.item or ""
        best = ""
        for prefix in self.prefixes(item):
            if (pointer == prefix or pointer.startswith((prefix + ".", prefix + "["))) and len(
                prefix
            ) > len(best):
                best = prefix
        if best:
            pointer = pointer[len(best) :].lstrip(".")
        message = self._keyed.get(finding.message)
        return (
            finding.code,
            item,
            pointer,
            message_key(finding.message) if message is None else message,
        )

    def __call__(self, finding: Finding) -> Identity:
        return Identity(*self.parts(finding))


def identity(result: Any, finding: Finding) -> Identity:
    """The identity of one finding (build :class:`Identities` for many)."""
    return Identities(result)(finding)


@dataclass
class FileStatus:
    """What the baseline did to one file's findings."""

    hidden: int = 0
    fixed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"hidden": self.hidden, "fixed": self.fixed}


@dataclass
class Baseline:
    counts: Counter[Key] = field(default_factory=Counter)
    rules: dict[str, str] = field(default_factory=dict)  # code -> rule name, for display
    messages: dict[Key, str] = field(default_factory=dict)  # a message as written, for display
    root: Path = field(default_factory=Path.cwd)  # the folder paths are relative to
    # message_key() of each message read (loads): a finding still recorded says the
    # same words, and apply() finds its key here instead of working it out again.
    keyed: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ building

    @classmethod
    def from_results(
        cls, results: Iterable[Any], baseline_path: str | os.PathLike[str]
    ) -> Baseline:
        base = cls(root=_folder(baseline_path))
        for result in results:
            if result.error:
                continue
            keys = _Keys(result, base.root)
            for f in result.findings:
                if f.code in ALWAYS_REPORTED:
                    continue
                key = keys(f)
                base.counts[key] += 1
                base.rules[f.code] = f.rule
                base.messages.setdefault(key, f.message)
        return base

    def dumps(self) -> str:
        by_file: dict[str, list[str]] = {}
        for key in sorted(self.counts, key=_fields):
            message = self.messages.get(key, key.message) if key.message else None
            by_file.setdefault(key.path, []).append(
                entry_json(
                    key.code,
                    self.counts[key],
                    key.item or None,
                    message,
                    key.pointer,
                    self.rules.get(key.code, ""),
                )
            )
        out = ["{", f'  "version": {BASELINE_VERSION},', f'  "tool": "{TOOL}",']
        if not by_file:
            out.append('  "files": {}')
        else:
            out.append('  "files": {')
            files = sorted(by_file)
            for i, path in enumerate(files):
                out.append(f"    {json.dumps(path, ensure_ascii=False)}: [")
                out.append(",\n".join(f"      {e}" for e in by_file[path]))
                out.append("    ]" + ("," if i < len(files) - 1 else ""))
            out.append("  }")
        out.append("}")
        return "\n".join(out) + "\n"

    # ------------------------------------------------------------------ reading

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, keyed: bool = True) -> Baseline:
        """The baseline at ``path``; :class:`BaselineError` when it cannot be read or is
        not one. ``keyed=False`` only checks it: the entries' messages are not keyed
        (:func:`message_key`), so the result must not be applied."""
        shown = os.fspath(path)
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise BaselineError(
                f"{shown}: no such file; create the baseline with --write-baseline {shown}"
            ) from None
        except OSError as exc:
            raise BaselineError(f"{shown}: cannot read baseline: {exc.strerror or exc}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            from ramaudit.config.files import not_utf8

            raise BaselineError(
                f"{shown} is not UTF-8 text ({not_utf8(data, exc)}); write the baseline "
                "again with --write-baseline"
            ) from None
        return cls.loads(text, shown, root=_folder(path), keyed=keyed)

    @classmethod
    def loads(
        cls,
        text: str,
        shown: str = "<baseline>",
        root: Path | None = None,
        *,
        keyed: bool = True,
    ) -> Baseline:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                f"{shown}:{exc.lineno}: not a ramaudit baseline (invalid JSON: {exc.msg})"
            ) from None
        except ValueError:  # Python refuses to read a decimal number that long
            raise BaselineError(
                f"{shown}: not a ramaudit baseline (a number has more than 4,300 digits); "
                "regenerate it with --write-baseline"
            ) from None
        except RecursionError:
            raise BaselineError(
                f"{shown}: not a ramaudit baseline (values nest too deeply to read); "
                "regenerate it with --write-baseline"
            ) from None
        if not isinstance(doc, dict) or doc.get("tool") != TOOL or "files" not in doc:
            raise BaselineError(
                f"{shown}: not a ramaudit baseline (write one with --write-baseline)"
            )
        version = doc.get("version")
        if isinstance(version, bool) or version != BASELINE_VERSION:  # true is not 1
            raise BaselineError(
                f"{shown}: baseline version {as_json(version)} is not "
                f"supported (expected {BASELINE_VERSION}); regenerate it "
                "with --write-baseline"
            )
        base = cls(root=root or Path.cwd())
        files = doc["files"]
        if not isinstance(files, dict):
            raise BaselineError(f"{shown}: 'files' must map file paths to lists of entries")
        for path, entries in files.items():
            if not isinstance(entries, list):
                raise BaselineError(f"{shown}: entries of '{path}' must be a list")
            for entry in entries:
                try:
                    message = entry.get("message")
                    if message is not None and not isinstance(message, str):
                        raise TypeError(message)
                    key = Key(
                        str(path),
                        str(entry["code"]),
                        str(entry.get("item") or ""),
                        str(entry.get("pointer") or ""),
                        base._key_of(message) if message and keyed else "",
                    )
                    count = int(entry.get("count", 1))
                except (TypeError, KeyError, ValueError, AttributeError, OverflowError):
                    raise BaselineError(
                        f"{shown}: bad entry under '{path}': {as_json(entry)}; each needs "
                        "at least a code"
                    ) from None
                if count < 1:
                    raise BaselineError(f"{shown}: bad count {count} under '{path}'")
                if key.code in ALWAYS_REPORTED:
                    continue  # nothing hides a file that was not audited
                base.counts[key] += count
                if message:
                    base.messages.setdefault(key, message)
                if isinstance(entry.get("rule"), str) and entry["rule"]:
                    base.rules[key.code] = entry["rule"]
        return base

    def _key_of(self, message: str) -> str:
        known = self.keyed.get(message)
        if known is None:
            known = self.keyed[message] = message_key(message)
        return known

    # ------------------------------------------------------------------ applying

    def apply(self, results: Iterable[Any]) -> None:
        """Hide recorded findings from ``results`` (in place) and set each result's
        ``baseline`` to a :class:`FileStatus` with the entries that are now fixed."""
        by_path: dict[str, list[Key]] = {}
        for key in self.counts:
            by_path.setdefault(key.path, []).append(key)
        for result in results:
            if result.error:
                continue
            rel = relative_path(result.path, self.root)
            remaining = Counter({k: self.counts[k] for k in by_path.get(rel, ())})
            status = FileStatus()
            kept: list[Finding] = []
            keys = _Keys(result, self.root, self.keyed)
            for f in result.findings:
                if f.code in ALWAYS_REPORTED:
                    kept.append(f)
                    continue
                key = keys(f)
                # An entry written before messages were recorded matches on the rest.
                for candidate in (key, key.without_message()):
                    if remaining[candidate] > 0:
                        remaining[candidate] -= 1
                        status.hidden += 1
                        break
                else:
                    kept.append(f)
            config = getattr(result, "config", None)
            for key in sorted(remaining, key=_fields):
                # A rule this run did not check has not been fixed.
                if remaining[key] > 0 and _checked(key.code, result, config):
                    status.fixed.append(
                        {
                            "code": key.code,
                            "rule": self.rules.get(key.code, ""),
                            "item": key.item or None,
                            "pointer": key.pointer,
                            "message": self.messages.get(key),
                            "count": remaining[key],
                        }
                    )
            result.findings = kept
            result.baseline = status
            settle = getattr(result, "settle", None)
            if settle is not None:  # what the baseline accepted caps no answer (score.py)
                settle()


def _fields(key: Key) -> tuple[str, str, str, str, str]:
    """``key``'s fields in order: what its dataclass order compares, as one tuple."""
    return key.path, key.code, key.item, key.pointer, key.message


def _json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False)``, a string or an int written directly."""
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def entry_json(
    code: object, count: object, item: object, message: object, pointer: object, rule: object
) -> str:
    """One baseline entry as ``json.dumps(entry, sort_keys=True, ensure_ascii=False)``
    writes it (``message`` None: the entry has none), without building the encoder
    for each of thousands of entries."""
    said = "" if message is None else f'"message": {_json(message)}, '
    return (
        f'{{"code": {_json(code)}, "count": {_json(count)}, "item": {_json(item)}, '
        f'{said}"pointer": {_json(pointer)}, "rule": {_json(rule)}}}'
    )


def _folder(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.dirname(os.path.abspath(path)))


def relative_path(path: str, root: Path) -> str:
    if path == STDIN:
        return STDIN
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    # A file name that is not UTF-8 is kept with its odd bytes written as \xff, so
    # that the baseline is UTF-8 JSON and matches the file again on the next run.
    return os.fsencode(Path(rel).as_posix()).decode("utf-8", "backslashreplace")


class _Keys:
    """Baseline keys of one result's findings."""

    def __init__(self, result: Any, root: Path, keyed: Mapping[str, str] | None = None) -> None:
        self.path = relative_path(result.path, root)
        self.identities = Identities(result, keyed)

    def __call__(self, finding: Finding) -> Key:
        return Key(self.path, *self.identities.parts(finding))


def key_of(result: Any, finding: Finding, root: Path) -> Key:
    """The line-free baseline key of ``finding``."""
    return _Keys(result, root)(finding)


def write_baseline(
    results: list[Any], path: str | os.PathLike[str], *, force: bool = False
) -> Baseline:
    """Record ``results`` in a baseline file at ``path``, atomically.

    An existing ramaudit baseline is overwritten; any other existing file only with
    ``force``.
    """
    from ramaudit.core.fileio import WriteRefused, atomic_write, check_target, is_stdout

    if is_stdout(path):  # '-' or /dev/stdout: paths relative to the working folder
        base = Baseline.from_results(results, STDIN)
        sys.stdout.write(base.dumps())
        sys.stdout.flush()
        return base
    target = Path(path)
    overwrite = force
    try:
        check_target(target, force=True)  # before reading it: a pipe would block
    except WriteRefused as exc:
        raise BaselineError(str(exc)) from None
    if target.exists() and not force and not target.is_dir():
        try:
            Baseline.load(target, keyed=False)  # never raises where a keyed load would not
            overwrite = True  # regenerating a baseline is the point of the flag
        except BaselineError:
            raise BaselineError(
                f"{path} exists and is not a ramaudit baseline; pass --force to overwrite it"
            ) from None
    base = Baseline.from_results(results, path)
    try:
        atomic_write(target, base.dumps(), force=overwrite)
    except WriteRefused as exc:
        raise BaselineError(str(exc)) from None
    except OSError as exc:
        raise BaselineError(f"cannot write {path}: {exc.strerror or exc}") from None
    return base


def _checked(code: str, result: Any, config: Any) -> bool:
    """Whether the run that gave ``result`` checked rule ``code``: the configuration
    enables it, and it judges a plan of this format (``Rule.since_format``)."""
    if config is None:
        return True
    if not config.enabled(code):
        return False
    from ramaudit.rules import BY_CODE
    from ramaudit.rules.base import judges_format

    rule, plan = BY_CODE.get(code), getattr(result, "plan", None)
    return rule is None or plan is None or judges_format(rule, plan.version, config.named())

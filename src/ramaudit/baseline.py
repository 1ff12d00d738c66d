"""Baselines: record today's findings so that only new ones are reported.

``ramaudit check plans/ --write-baseline .ramaudit-baseline.json`` records every current
finding; ``ramaudit check plans/ --baseline .ramaudit-baseline.json`` then hides those
and reports the rest. A team can adopt ramaudit on plans with hundreds of findings and
still fail CI on every new one.

A finding is recorded by file, rule code, item id and pointer, never by line, so
editing above an item does not bring its findings back. The pointer is kept relative
to the item (``kpis[0].metric`` of tactic ``t-webinar``), so moving the item within its
list does not either. Findings that share a key are counted. File paths are relative
to the baseline's own folder, so the check may run from any working folder.

Entries of audited files that match nothing any more are reported as fixed. Entries
for files this run did not audit are left alone.

The file is sorted JSON with one entry per line, so a regenerated baseline diffs
cleanly. ``--write-baseline`` may overwrite an existing baseline, since regenerating it
is what the flag is for, but it refuses to overwrite any other file without ``--force``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ramaudit.findings import Finding, format_pointer
from ramaudit.source import STDIN

BASELINE_VERSION = 1
TOOL = "ramaudit"


class BaselineError(Exception):
    """A baseline that cannot be read or written; the CLI exits 2."""


@dataclass(frozen=True, order=True)
class Key:
    path: str  # relative to the baseline's folder, with '/'
    code: str
    item: str  # "" for findings outside any item
    pointer: str  # relative to the item when there is one


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
    root: Path = field(default_factory=Path.cwd)  # the folder paths are relative to

    # ------------------------------------------------------------------ building

    @classmethod
    def from_results(
        cls, results: Iterable[Any], baseline_path: str | os.PathLike[str]
    ) -> Baseline:
        base = cls(root=_folder(baseline_path))
        for result in results:
            if result.error:
                continue
            for f in result.findings:
                base.counts[key_of(result, f, base.root)] += 1
                base.rules[f.code] = f.rule
        return base

    def dumps(self) -> str:
        by_file: dict[str, list[str]] = {}
        for key in sorted(self.counts):
            entry = {
                "code": key.code,
                "count": self.counts[key],
                "item": key.item or None,
                "pointer": key.pointer,
                "rule": self.rules.get(key.code, ""),
            }
            by_file.setdefault(key.path, []).append(
                json.dumps(entry, sort_keys=True, ensure_ascii=False)
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
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        shown = os.fspath(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(
                f"{shown}: baseline not found; create it with --write-baseline {shown}"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(
                f"{shown}: cannot read baseline: {getattr(exc, 'strerror', None) or exc}"
            ) from None
        return cls.loads(text, shown, root=_folder(path))

    @classmethod
    def loads(cls, text: str, shown: str = "<baseline>", root: Path | None = None) -> Baseline:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                f"{shown}:{exc.lineno}: not a ramaudit baseline (invalid JSON: {exc.msg})"
            ) from None
        if not isinstance(doc, dict) or doc.get("tool") != TOOL or "files" not in doc:
            raise BaselineError(
                f"{shown}: not a ramaudit baseline (write one with --write-baseline)"
            )
        if doc.get("version") != BASELINE_VERSION:
            raise BaselineError(
                f"{shown}: baseline version {doc.get('version')!r} is not "
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
                    key = Key(
                        str(path),
                        str(entry["code"]),
                        str(entry.get("item") or ""),
                        str(entry.get("pointer") or ""),
                    )
                    count = int(entry.get("count", 1))
                except (TypeError, KeyError, ValueError, AttributeError):
                    raise BaselineError(
                        f"{shown}: bad entry under '{path}': {entry!r}; each needs at least a code"
                    ) from None
                if count < 1:
                    raise BaselineError(f"{shown}: bad count {count} under '{path}'")
                base.counts[key] += count
                if isinstance(entry.get("rule"), str) and entry["rule"]:
                    base.rules[key.code] = entry["rule"]
        return base

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
            for f in result.findings:
                key = key_of(result, f, self.root)
                if remaining[key] > 0:
                    remaining[key] -= 1
                    status.hidden += 1
                else:
                    kept.append(f)
            for key in sorted(remaining):
                if remaining[key] > 0:
                    status.fixed.append(
                        {
                            "code": key.code,
                            "rule": self.rules.get(key.code, ""),
                            "item": key.item or None,
                            "pointer": key.pointer,
                            "count": remaining[key],
                        }
                    )
            result.findings = kept
            result.baseline = status


def _folder(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.dirname(os.path.abspath(path)))


def relative_path(path: str, root: Path) -> str:
    if path == STDIN:
        return STDIN
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(path)
    return Path(rel).as_posix()


def key_of(result: Any, finding: Finding, root: Path) -> Key:
    """The line-free identity of ``finding``: its pointer is made relative to its item."""
    pointer = finding.pointer
    item = finding.item or ""
    if item and result.plan is not None:
        best = ""
        for candidate in result.plan.items():
            if candidate.id != item:
                continue
            prefix = format_pointer(candidate.path)
            if (
                pointer == prefix
                or pointer.startswith(prefix + ".")
                or pointer.startswith(prefix + "[")
            ) and len(prefix) > len(best):
                best = prefix
        if best:
            pointer = pointer[len(best) :].lstrip(".")
    return Key(relative_path(result.path, root), finding.code, item, pointer)


def write_baseline(
    results: list[Any], path: str | os.PathLike[str], *, force: bool = False
) -> Baseline:
    """Record ``results`` in a baseline file at ``path``, atomically.

    An existing ramaudit baseline is overwritten; any other existing file only with
    ``force``.
    """
    from ramaudit.fileio import WriteRefused, atomic_write

    target = Path(path)
    overwrite = force
    if target.exists() and not force and not target.is_dir():
        try:
            Baseline.load(target)
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

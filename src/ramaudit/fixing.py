"""``check --fix`` and ``--diff``: make the safe fixes the rules attach to findings
(issue 14), as ruff's ``--fix`` does.

A file is audited as ``check`` audits it (its configuration, its suppressions, the
files of its workspace and its parents), the safe fixes of its findings that do not
touch one another are made, and the text is audited again, until no safe fix is left
or :data:`MAX_ROUNDS` passes have run (a fix can bring another to light: a key put
right makes its links readable, and their ids can then be put right). Only the spans
the fixes name change; the text is written back in its own encoding, byte-order mark
included. A file that does not parse, or that a fix would leave unparseable, is
never changed, and only regular files are replaced.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ramaudit.core.edits import apply_edits, choose
from ramaudit.core.findings import Finding
from ramaudit.core.records import dataclass
from ramaudit.core.source import _BOMS, SourceError, decode, display_path, read_bytes

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.config.effective import Config
    from ramaudit.config.files import Settings

# Passes over one file: each fix of a pass can make another possible, rarely more
# than two deep; the bound keeps a fix that undoes another from looping.
MAX_ROUNDS = 10

_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(slots=True)
class Fixed:
    """One file's fixes: its text before and after, and how many fixes were made."""

    path: str  # as reported
    target: str | None  # the file to replace (its real path); None for standard input
    original: bytes
    before: str
    after: str
    # The findings fixed, as each pass found them.
    done: tuple[Finding, ...] = ()
    # Why the file was left as it was (it does not parse, it is not a regular file).
    skipped: str | None = None
    # The audit of ``after``, when the file was audited.
    result: AuditResult | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before

    @property
    def count(self) -> int:
        return len(self.done)

    def encoded(self) -> bytes:
        """``after`` in the encoding of the original, its byte-order mark kept."""
        for bom, encoding in _BOMS:
            if self.original.startswith(bom):
                return bom + self.after.encode(encoding)
        return self.after.encode("utf-8")


def fixable(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose fix ``--fix`` may make unasked, in report order."""
    return [f for f in findings if f.fix is not None and f.fix.safe and f.fix.edits]


def fix_text(
    text: str, audit: Callable[[str], AuditResult]
) -> tuple[str, list[Finding], AuditResult]:
    """``text`` with its safe fixes made, pass after pass; the findings fixed, and the
    audit of the text returned. A text that does not parse comes back as it was."""
    result = audit(text)
    done: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        if not result.loaded:
            break
        found = fixable(result.findings)
        chosen = choose(f.fix for f in found if f.fix is not None)
        if not chosen:
            break
        try:
            new = apply_edits(text, [e for fix in chosen for e in fix.edits])
        except ValueError:  # a fix placed outside the text: a bug, never a wrong edit
            break
        after = audit(new)
        if new == text or not after.loaded:
            break
        # The first finding of each fix chosen (two findings may carry one fix).
        taken = {id(fix) for fix in chosen}
        for f in found:
            if id(f.fix) in taken:
                taken.discard(id(f.fix))
                done.append(f)
        text, result = new, after
    return text, done, result


def auditor(name: str, config: Config, settings: Settings | None) -> Callable[[str], AuditResult]:
    """Audit a text as the file ``name``, with the files it links to read from disk."""
    from ramaudit.api import audit_stdin

    def audit(text: str) -> AuditResult:
        return audit_stdin(name, config, io.BytesIO(text.encode("utf-8")), settings=settings)

    return audit


def fix_bytes(
    data: bytes, name: str, target: str | None, config: Config, settings: Settings | None
) -> Fixed:
    """The fixes of the plan ``data``, read as the file ``name``."""
    shown = display_path(name)
    try:
        text = decode(data, shown)
    except SourceError as exc:
        return Fixed(shown, target, data, "", "", skipped=exc.message)
    after, done, result = fix_text(text, auditor(name, config, settings))
    fixed = Fixed(shown, target, data, text, after, tuple(done), result=result)
    if not result.loaded:
        fixed.skipped = result.error or _unread(result.findings)
    return fixed


def _unread(findings: Sequence[Finding]) -> str:
    """Why a file was not audited, by the finding that says so."""
    if any(f.code == "RA006" for f in findings):
        return "it passes a limit of what ramaudit reads (RA006)"
    return "it does not parse (RA001)"


def fix_file(path: str, config: Config, settings: Settings | None) -> Fixed:
    """The fixes of the plan file at ``path`` (nothing is written yet)."""
    shown = display_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return Fixed(shown, None, b"", "", "", skipped=exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return Fixed(shown, None, b"", "", "", skipped=NOT_REGULAR)
    try:
        data = read_bytes(path, max_bytes=config.max_file_size, regular_only=True, shown=shown)
    except SourceError as exc:
        return Fixed(shown, None, b"", "", "", skipped=exc.message)
    return fix_bytes(data, path, os.path.realpath(path), config, settings)


NOT_REGULAR = "not a regular file; --fix only rewrites regular files"


def fix_paths(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> list[Fixed]:
    """The fixes of every plan file under ``paths`` (standard input aside)."""
    from ramaudit.api import iter_plan_entries

    out = []
    for path, error, _found in iter_plan_entries(paths, settings):
        if error is not None:
            continue  # the audit that follows reports it
        out.append(fix_file(path, settings.config_for(path), settings))
    return out


class ChangedMeanwhile(Exception):
    pass


def write(fixed: Fixed) -> None:
    """Replace the file with its fixed text, atomically, unless it changed since it
    was read (raises :class:`ChangedMeanwhile`) or is no longer a regular file
    (:class:`ramaudit.core.fileio.WriteRefused`)."""
    from ramaudit.core.fileio import atomic_write

    assert fixed.target is not None
    try:
        now = read_bytes(fixed.target, max_bytes=len(fixed.original), regular_only=True)
    except SourceError as exc:
        raise ChangedMeanwhile(f"{fixed.path}: {exc.message}") from None
    if now != fixed.original:
        raise ChangedMeanwhile(f"{fixed.path} changed while it was being fixed; run again")
    atomic_write(fixed.target, fixed.encoded(), force=True)


def _lines(text: str) -> list[str]:
    lines = _BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def unified_diff(fixed: Fixed) -> str:
    """What ``--fix`` would change in the file, as a unified diff, every character a
    terminal must not see raw shown escaped (plan text is data)."""
    from ramaudit.report.escape import shown

    name = shown(fixed.path)
    lines = difflib.unified_diff(
        _lines(fixed.before), _lines(fixed.after), fromfile=name, tofile=name, lineterm=""
    )
    return "".join((line if i < 2 else shown(line)) + "\n" for i, line in enumerate(lines))


def summary(fixed: Sequence[Fixed], remaining: int, *, would: bool = False) -> str:
    """``Fixed 3 problems (2 remaining).``, as ruff says it."""
    n = sum(f.count for f in fixed)
    noun = "problem" if n == 1 else "problems"
    if would:
        return f"Would fix {n} {noun}."
    return f"Fixed {n} {noun} ({remaining} remaining)."

"""A plan through its git history: score, progress and spend, version by version.

:func:`plan_history` walks the commits that changed one plan file (``git log
--follow``, so a renamed plan keeps its past), reads each version from git, audits it
in memory (the file on disk is never read or written for it) and reads its check-ins
and spend on the day of its commit, as the plan stood then. Each version gives one
:class:`HistoryPoint`; the points run oldest first, as a chart reads.

What is walked, and why:

- The first-parent line of ``HEAD`` (``--first-parent``): the plan as it stood on the
  current branch. A merged pull request counts as one version, on the day it was
  merged; the commits of the branch it came from are not versions of this branch.
- The day of a version is its committer's day (``%cI``, in the committer's own time
  zone): the day it became part of the branch.
- A commit that deletes the file has no version and gives no point. Uncommitted
  changes are not history: ``diff PLAN --since HEAD`` shows those.
- Every version is audited with the configuration of the plan's current path, as
  ``diff`` audits both its versions, so that a change of configuration is never
  mistaken for a change in the plan.

The progress of a version is the mean progress of its objectives' key results that
have a reading on its day (each held to 0..1, as the objectives' roll-up holds it),
and the expected progress the mean of what the calendar asks of those same key
results; a version with none read has neither. Spend is what the plan records as
spent by that day against the budget of its tactics and campaigns; ``ram_spent`` the
part spent on random acts (items tracing to no goal); ``ram_planned`` the spend on
random acts as ``check`` counts it (the budget they carry).

git runs as :mod:`ramaudit.comparison` runs it: an argument list, never a shell, with
plain output whatever the user's settings; the blobs are read in one ``git cat-file
--batch`` process rather than one ``git show`` per version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ramaudit.comparison import GitError, check_revision, git_env, repo_root, run_git
from ramaudit.config.effective import DEFAULT_CONFIG, Config
from ramaudit.core.records import dataclass
from ramaudit.core.source import SourceError, display_path, source_from_bytes

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.core.progress import PlanStatus

# Why history needs git, for the messages that say it is missing.
NEEDS = "history reads the plan's git history"


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One version of a plan in its git history, read on its commit's day. A value
    that is None is not known for that version (no score: it does not parse; no
    progress: no key result read; no spend: none recorded)."""

    day: dt.date
    commit: str  # the short hash
    subject: str  # the first line of the commit message
    score: float | None
    progress: float | None
    expected: float | None
    spent: float | None
    budget: float | None
    ram_spent: float | None
    ram_planned: float | None = None
    currency: str | None = None
    path: str = ""  # the plan's path at that commit (it may have been renamed since)
    hash: str = ""  # the full hash
    error: str | None = None  # the version could not be read at all

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "commit": self.commit,
            "hash": self.hash,
            "subject": self.subject,
            "path": self.path,
            "score": self.score,
            "progress": self.progress,
            "expected": self.expected,
            "spent": self.spent,
            "budget": self.budget,
            "ram_spent": self.ram_spent,
            "ram_planned": self.ram_planned,
            "currency": self.currency,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class PlanHistory:
    """The points of one plan file, oldest first; ``since`` is the revision the walk
    started after, when one was given."""

    path: str
    points: tuple[HistoryPoint, ...]
    since: str | None = None
    max_count: int | None = None


# --------------------------------------------------------------------------- walking


@dataclass(frozen=True, slots=True)
class Version:
    """One commit that changed the plan: where the file was then and its blob."""

    hash: str
    short: str
    day: dt.date
    subject: str
    path: str
    blob: str | None  # None: the commit deleted the file
    regular: bool = True  # a plain file (not a symbolic link or a submodule)


# A record of the log starts with a record separator and the full hash: a subject
# holding a record separator cannot start a record of its own.
_RECORD = re.compile(r"\x1e(?=[0-9a-f]{40}(?:[0-9a-f]{24})?\x1f)")
_REGULAR_MODES = ("100644", "100755", "100664")


def versions(
    root: Path, relpath: str, since: str | None = None, max_count: int | None = None
) -> list[Version]:
    """The commits of ``HEAD``'s first-parent line that changed ``relpath`` (followed
    through renames), newest first, at most ``max_count``, only those after ``since``."""
    args = [
        "log",
        "--first-parent",
        "--follow",
        "--raw",
        "-z",
        "--format=%x1e%H%x1f%h%x1f%cI%x1f%s",
    ]
    if max_count is not None:
        args.append(f"--max-count={max_count}")
    args.append(f"{since}..HEAD" if since is not None else "HEAD")
    proc = run_git([*args, "--", relpath], root, NEEDS)
    if proc.returncode != 0:
        raise GitError(f"git log {relpath}: {_last_line(proc.stderr)}")
    text = proc.stdout.decode("utf-8", "surrogateescape")
    return [v for v in map(_version, _RECORD.split(text)) if v is not None]


def _version(record: str) -> Version | None:
    head, _, rest = record.partition("\0")
    fields = head.split("\x1f", 3)
    if len(fields) != 4:
        return None  # the text before the first record (none), or a record cut short
    full, short, when, subject = fields
    raw = [t for t in rest.lstrip("\n").split("\0")]
    if not raw or not raw[0].startswith(":"):
        return None  # a commit that changed the file in no way git lists (a merge)
    meta = raw[0][1:].split(" ")
    if len(meta) < 5:
        return None
    _, mode, _, blob, status = meta[:5]
    renamed = status[:1] in ("R", "C")
    path = raw[2] if renamed and len(raw) > 2 else raw[1] if len(raw) > 1 else ""
    day = dt.datetime.fromisoformat(when).date()
    if status[:1] == "D":
        return Version(full, short, day, subject, path, None)
    return Version(full, short, day, subject, path, blob, mode in _REGULAR_MODES)


def read_blobs(root: Path, blobs: Sequence[str]) -> dict[str, bytes | None]:
    """The content of each blob, read in one ``git cat-file --batch`` run."""
    if not blobs:
        return {}
    wanted = list(dict.fromkeys(blobs))
    try:
        proc = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            input="".join(f"{b}\n" for b in wanted).encode("ascii"),
            capture_output=True,
            check=False,
            env=git_env(),
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        raise GitError(f"git cat-file: {_last_line(proc.stderr)}")
    return dict(zip(wanted, _batch(proc.stdout), strict=False))


def _batch(out: bytes) -> Iterator[bytes | None]:
    """The contents in ``git cat-file --batch`` output, in order (None for an object
    git reports missing)."""
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if len(header) != 3:  # "<name> missing"
            at = end + 1
            yield None
            continue
        size = int(header[2])
        yield out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1


def _last_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else "git failed"


# --------------------------------------------------------------------------- reading


def plan_history(
    path: str | os.PathLike[str],
    config: Config = DEFAULT_CONFIG,
    *,
    since: str | None = None,
    max_count: int | None = None,
) -> PlanHistory:
    """Walk the git history of the plan file at ``path`` (see the module docstring)."""
    target = Path(path)
    shown = display_path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise GitError(f"{shown}: no such file")
    root = repo_root(folder, NEEDS)
    if since is not None:
        check_revision(root, since)
    elif run_git(["rev-parse", "--verify", "--quiet", "HEAD"], root, NEEDS).returncode != 0:
        raise GitError(f"{shown}: the git repository at {root} has no commits yet")
    relpath = _relative(target, root)
    found = versions(root, relpath, since, max_count)
    if not found and since is None:
        raise GitError(f"{shown} is not in the git history; commit it first")
    blobs = read_blobs(root, [v.blob for v in found if v.blob is not None and v.regular])
    points = [
        point(v, blobs.get(v.blob) if v.blob is not None else None, config)
        for v in reversed(found)
        if v.blob is not None  # a deletion: no version to read
    ]
    return PlanHistory(shown, tuple(points), since, max_count)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise GitError(f"{display_path(path)} is outside the git repository at {root}") from None


def point(version: Version, data: bytes | None, config: Config) -> HistoryPoint:
    """The point of one version, audited on its commit's day."""
    from ramaudit.api import audit

    def unread(why: str) -> HistoryPoint:
        return HistoryPoint(
            version.day, version.short, version.subject, None, None, None, None, None,
            None, path=version.path, hash=version.hash, error=why,
        )  # fmt: skip

    if not version.regular or data is None:
        return unread(f"{version.short}:{version.path} is not a plain file")
    try:
        source = source_from_bytes(data, f"{version.short}:{version.path}")
    except SourceError as exc:
        return unread(str(exc))
    result = audit(source, dataclasses.replace(config, as_of=version.day))
    if result.error:
        return unread(result.error)
    return _measured(version, result)


def _measured(version: Version, result: AuditResult) -> HistoryPoint:
    from ramaudit.api import plan_status_of

    status = plan_status_of(result)
    progress, expected = _progress(status)
    tracks_spend = status is not None and status.tracks_spend
    ram = result.ram_spend
    return HistoryPoint(
        version.day,
        version.short,
        version.subject,
        result.score.total if result.score is not None else None,
        progress,
        expected,
        status.spent if status is not None and tracks_spend else None,
        status.budget if status is not None and status.budget else None,
        status.ram_spent if status is not None and tracks_spend else None,
        ram.amount if ram is not None else None,
        result.plan.currency if result.plan is not None and result.score is not None else None,
        version.path,
        version.hash,
    )


def _progress(status: PlanStatus | None) -> tuple[float | None, float | None]:
    """The mean progress of the objectives' key results read, held to 0..1, and the
    mean expected of those same key results."""
    if status is None:
        return None, None
    read = [k for o in status.objectives for k in o.key_results if k.progress is not None]
    if not read:
        return None, None
    progress = sum(min(1.0, max(0.0, k.progress or 0.0)) for k in read) / len(read)
    expected = [k.expected for k in read if k.expected is not None]
    return progress, (sum(expected) / len(expected) if expected else None)


__all__ = ["HistoryPoint", "PlanHistory", "Version", "plan_history", "point", "versions"]

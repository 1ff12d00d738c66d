"""Compare two versions of a plan: what got better, what got worse.

A :class:`PlanDiff` holds the score change per question and in total, the findings
fixed and the findings new, the items added, removed and relinked, and the change in
random-act spend. Renderers in :mod:`ramaudit.report.diff` only read it.

Findings are matched across versions by code, item id and a *stable* pointer, never by
line: the part of a finding's pointer that locates an item (``tactics[3]``) or a KPI
(``kpis[0]``) is replaced by the item's id or the KPI's metric, so inserting a tactic
above another one, or moving an objective from nested to flat form, does not turn an
old finding into a "fixed" one and a "new" one. Equal keys are counted, so a finding
that appears twice before and once after counts as one fixed.

A version that does not parse (not YAML: it has no score) has no items to compare, so
items and random-act tactics are not compared at all rather than listed as all removed
or all added; :attr:`PlanDiff.unparsed` says which side it was. Its parse error still
counts as a finding, and the lost score as a drop. The old version's findings are not
called fixed when the new version does not parse, since nothing can confirm it. The
other way round, a plan that parses again is never a setback: its findings are listed
as new, but the version it is compared with had no score to fall from.

A plan that records its run (check-ins, spend) also gets a
:class:`~ramaudit.movement.Movement`: each key result's progress and each item's spend
in both versions, each version read on its own as-of day. With ``--since REV`` the old
version is read on the day of REV's commit (never later than the new version's day,
:func:`read_on`), so a key result on track when it was committed and behind now shows as
such. The tracking rules' findings (RA5xx) point at the latest reading; they are matched
by the list the reading is in, so a new check-in does not make an old finding "fixed".

The git helpers read an earlier version with ``git show REV:path`` (subprocess with an
argument list, never a shell).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ramaudit.api import AuditResult, RamSpend, audit
from ramaudit.config.effective import DEFAULT_CONFIG, Config
from ramaudit.core.findings import Finding, Severity, format_pointer
from ramaudit.core.records import dataclass
from ramaudit.core.source import Source, SourceError, display_path, source_from_bytes

if TYPE_CHECKING:
    from ramaudit.config.files import Settings
    from ramaudit.core.model import Item
    from ramaudit.movement import Movement

# git pathspecs for the plans a folder search finds: *.yaml and *.yml in any case.
PLAN_GLOBS = (":(icase)*.yaml", ":(icase)*.yml")

# The configuration for a plan path. Both versions of a plan are audited with the
# configuration that governs its current path, so that a change of configuration is
# never mistaken for progress or a setback in the plan.
ConfigFor = Callable[[Path], Config]

# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class QuestionChange:
    key: str
    title: str
    old: int | None
    new: int | None

    @property
    def delta(self) -> int | None:
        return None if self.old is None or self.new is None else self.new - self.old

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "old": self.old,
            "new": self.new,
            "delta": self.delta,
        }


@dataclass(frozen=True, slots=True)
class ScoreChange:
    old: int | None  # None: that version has no score (absent, or not valid YAML)
    new: int | None
    questions: tuple[QuestionChange, ...] = ()

    @property
    def delta(self) -> int | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def dropped(self) -> bool:
        # A plan that stops parsing has lost its score entirely: that is a drop too.
        return self.old is not None and (self.new is None or self.new < self.old)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "delta": self.delta,
            "questions": [q.to_dict() for q in self.questions],
        }


@dataclass(frozen=True, slots=True)
class FindingChange:
    """One finding that was fixed or is new; ``count`` repeats with the same key."""

    code: str
    rule: str
    severity: Severity
    item: str | None
    where: str  # the stable pointer the match used
    message: str
    path: str  # the version it was seen in
    line: int
    column: int
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "item": self.item,
            "where": self.where,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class ItemRef:
    id: str
    kind: str
    name: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "name": self.name}


@dataclass(frozen=True, slots=True)
class LinkChange:
    field: str  # goals | parents | objectives | segment
    old: tuple[str, ...]
    new: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": list(self.old), "new": list(self.new)}


@dataclass(frozen=True, slots=True)
class Relink:
    item: ItemRef
    changes: tuple[LinkChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**self.item.to_dict(), "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class ValueChange:
    """A value of an item that changed and that the diff shows as written: a target
    written in format 2's words (a change, growth, a rate, confidential, not decided),
    a milestone done or moved, a budget line's amount, a campaign's budget or dates.
    ``old`` and ``new`` are the values as reports show them (None: not there); a
    confidential target shows as ``confidential``, never as its number."""

    item: ItemRef
    field: str  # "kpis[<metric>].target", "amount", "done", ...
    old: str | None
    new: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.item.to_dict(), "field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class RamChange:
    old: RamSpend | None
    new: RamSpend | None
    appeared: tuple[str, ...] = ()  # tactics that became random acts
    resolved: tuple[str, ...] = ()  # random acts that now trace to a goal (or are gone)
    comparable: bool = True  # False when a version present does not parse

    @property
    def delta(self) -> float | None:
        # An absent version (plan added or removed) spends nothing; one that does not
        # parse spends an unknown amount.
        if not self.comparable:
            return None
        return (self.new.amount if self.new else 0.0) - (self.old.amount if self.old else 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "delta": self.delta,
            "appeared": list(self.appeared),
            "resolved": list(self.resolved),
        }


@dataclass(slots=True)
class PlanDiff:
    """Two versions of one plan compared. ``old`` is None for a plan that is new,
    ``new`` is None for a plan that was deleted."""

    old_path: str | None
    new_path: str | None
    old: AuditResult | None = None
    new: AuditResult | None = None
    error: str | None = None  # a version could not be read at all
    score: ScoreChange = field(default_factory=lambda: ScoreChange(None, None))
    fixed: list[FindingChange] = field(default_factory=list)
    introduced: list[FindingChange] = field(default_factory=list)
    unchanged: int = 0  # findings present in both versions
    added: list[ItemRef] = field(default_factory=list)
    removed: list[ItemRef] = field(default_factory=list)
    relinked: list[Relink] = field(default_factory=list)
    # Format 2 values that changed (see ValueChange); never set for version 1 plans.
    values: list[ValueChange] = field(default_factory=list)
    ram: RamChange = field(default_factory=lambda: RamChange(None, None))
    # The versions present that do not parse ("old", "new"): items are not compared.
    unparsed: tuple[str, ...] = ()
    unchecked: int = 0  # old findings that cannot be checked in an unparsed new version
    # Progress and spend of each version on its as-of day; None unless either version
    # records any (check-ins, spend), so that other diffs read as they always did.
    movement: Movement | None = None

    @property
    def items_compared(self) -> bool:
        return not self.unparsed

    @property
    def status(self) -> str:
        if self.error:
            return "error"
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "modified"

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or "?"

    @property
    def plan_name(self) -> str | None:
        for result in (self.new, self.old):
            if result is not None and result.plan_name:
                return result.plan_name
        return None

    @property
    def new_errors(self) -> int:
        return sum(f.count for f in self.introduced if f.severity is Severity.ERROR)

    @property
    def regression(self) -> bool:
        """The total score dropped, or a new error-severity finding appeared (unless the
        old version did not parse: then there was nothing to fall back from)."""
        if self.error or self.new is None or "old" in self.unparsed:
            return False
        return self.score.dropped or self.new_errors > 0

    @property
    def changed(self) -> bool:
        return bool(
            self.fixed
            or self.introduced
            or self.added
            or self.removed
            or self.relinked
            or self.values
            or self.score.delta
            or self.ram.delta
            or self.unparsed
            or self.status != "modified"
            or (self.movement is not None and self.movement.moved)
        )

    def to_dict(self) -> dict[str, Any]:
        items: dict[str, Any] = {
            "compared": self.items_compared,
            "added": [i.to_dict() for i in self.added],
            "removed": [i.to_dict() for i in self.removed],
            "relinked": [r.to_dict() for r in self.relinked],
        }
        if self.values:  # only when there are any, so version 1 diffs read as always
            items["changed"] = [v.to_dict() for v in self.values]
        data: dict[str, Any] = {
            "old_path": self.old_path,
            "new_path": self.new_path,
            "plan": self.plan_name,
            "status": self.status,
            "error": self.error,
            "unparsed": list(self.unparsed),
            "regression": self.regression,
            "score": self.score.to_dict(),
            "ram_spend": self.ram.to_dict(),
            "findings": {
                "fixed": [f.to_dict() for f in self.fixed],
                "new": [f.to_dict() for f in self.introduced],
                "unchanged": self.unchanged,
                "unchecked": self.unchecked,
            },
            "items": items,
        }
        if self.movement is not None:
            data["movement"] = self.movement.to_dict()
        return data


# --------------------------------------------------------------------------- comparing


def compare(old: AuditResult | None, new: AuditResult | None) -> PlanDiff:
    """Compare two audit results of one plan (either may be None: added/removed)."""
    diff = PlanDiff(old.path if old else None, new.path if new else None, old, new)
    for result in (old, new):
        if result is not None and result.error:
            diff.error = result.error
            return diff
    diff.score = _score_change(old, new)
    diff.unparsed = tuple(
        side
        for side, result in (("old", old), ("new", new))
        if result is not None and not parsed(result)
    )
    diff.fixed, diff.introduced, diff.unchanged = _finding_changes(old, new)
    if "new" in diff.unparsed:
        diff.unchecked = sum(f.count for f in diff.fixed)
        diff.fixed = []
    if diff.unparsed:
        diff.ram = RamChange(
            old.ram_spend if old else None, new.ram_spend if new else None, comparable=False
        )
    else:
        diff.added, diff.removed, diff.relinked = _item_changes(old, new)
        diff.values = _value_changes(old, new)
        diff.ram = _ram_change(old, new)
        from ramaudit.movement import movement

        diff.movement = movement(old, new)
    return diff


def parsed(result: AuditResult) -> bool:
    """Whether a version parsed as YAML (only then does it have items and a score)."""
    return result.score is not None


def compare_sources(
    old: Source | None, new: Source | None, config: Config = DEFAULT_CONFIG
) -> PlanDiff:
    return compare(
        audit(old, config) if old is not None else None,
        audit(new, config) if new is not None else None,
    )


def diff_files(
    old_path: str | os.PathLike[str],
    new_path: str | os.PathLike[str],
    config: Config = DEFAULT_CONFIG,
) -> PlanDiff:
    """Compare two plan files. A file that cannot be read gives ``error``."""
    return compare(audit(Path(old_path), config), audit(Path(new_path), config))


def _score_change(old: AuditResult | None, new: AuditResult | None) -> ScoreChange:
    old_score = old.score if old is not None else None
    new_score = new.score if new is not None else None
    old_q = {q.key: q for q in old_score.questions} if old_score else {}
    new_q = {q.key: q for q in new_score.questions} if new_score else {}
    keys = list(new_q) + [k for k in old_q if k not in new_q]
    questions = tuple(
        QuestionChange(
            key,
            (new_q.get(key) or old_q[key]).title,
            old_q[key].score if key in old_q else None,
            new_q[key].score if key in new_q else None,
        )
        for key in keys
    )
    return ScoreChange(
        old_score.total if old_score else None, new_score.total if new_score else None, questions
    )


# -- findings


FindingKey = tuple[str, str | None, str]


def _anchors(result: AuditResult) -> dict[str, str]:
    """Pointer of every item and KPI -> the stable name that replaces it in keys."""
    anchors: dict[str, str] = {}
    plan = result.plan
    if plan is None:
        return anchors
    for item in plan.items():
        base = format_pointer(item.path)
        anchors[base] = item.id
        for kpi in getattr(item, "kpis", ()):
            kpath = getattr(kpi, "_path", ())
            if kpath:
                anchors[format_pointer(kpath)] = f"{item.id}.kpis[{kpi.metric}]"
    return anchors


def stable_pointer(pointer: str, anchors: dict[str, str]) -> str:
    """``tactics[3].objectives[0]`` -> ``t-blog.objectives[0]`` (longest anchor wins)."""
    end = len(pointer)
    while end > 0:
        head = pointer[:end]
        name = anchors.get(head)
        if name is not None:
            return name + pointer[end:]
        # Step back to the previous boundary: a '.' or a '['.
        cut = max(pointer.rfind(".", 0, end), pointer.rfind("[", 0, end))
        end = cut if cut > 0 else 0
    return pointer


def _keyed(result: AuditResult | None) -> dict[FindingKey, list[Finding]]:
    out: dict[FindingKey, list[Finding]] = {}
    if result is None:
        return out
    anchors = _anchors(result)
    for f in result.findings:
        where = stable_pointer(f.pointer, anchors)
        if f.code.startswith(TRACKING_PREFIX):
            where = _RECORDED.sub(".recorded", where)
        out.setdefault((f.code, f.item, where), []).append(f)
    return out


# The tracking rules (RA5xx) judge a KPI or an item by its latest reading or its spend
# to date and point at that reading: a check-in added between two versions moves the
# pointer from checkins[1] to checkins[2] though the finding is the same one, so such
# pointers are matched by the list they point into (and 'actual' with 'checkins').
TRACKING_PREFIX = "RA5"
_RECORDED = re.compile(r"\.(?:(?:checkins|expenses)\[\d+\](?:\.\w+)?|actual|as_of|spent)$")


def _finding_changes(
    old: AuditResult | None, new: AuditResult | None
) -> tuple[list[FindingChange], list[FindingChange], int]:
    before, after = _keyed(old), _keyed(new)
    fixed: list[FindingChange] = []
    introduced: list[FindingChange] = []
    unchanged = 0
    for key, olds in before.items():
        n_new = len(after.get(key, ()))
        unchanged += min(len(olds), n_new)
        if len(olds) > n_new:
            fixed.append(_change(key, olds[n_new:]))
    for key, news in after.items():
        n_old = len(before.get(key, ()))
        if len(news) > n_old:
            introduced.append(_change(key, news[n_old:]))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    fixed.sort(key=lambda c: (order[c.severity], c.line, c.column, c.code))
    introduced.sort(key=lambda c: (order[c.severity], c.line, c.column, c.code))
    return fixed, introduced, unchanged


def _change(key: FindingKey, found: list[Finding]) -> FindingChange:
    first = found[0]
    return FindingChange(
        first.code,
        first.rule,
        first.severity,
        first.item,
        key[2],
        first.message,
        first.path,
        first.line,
        first.column,
        len(found),
    )


# -- items


def _items(result: AuditResult | None) -> dict[str, Any]:
    """id -> the first item with that id (as the graph resolves duplicates)."""
    if result is None or result.plan is None:
        return {}
    out: dict[str, Any] = {}
    for item in result.plan.items():
        out.setdefault(item.id, item)
    return out


def _ref(item: Any) -> ItemRef:
    from ramaudit.core.model import kind_of

    return ItemRef(item.id, kind_of(item), item.name)


def item_links(item: Any) -> dict[str, tuple[str, ...]]:
    """The links an item declares, nesting included: an objective nested under a goal
    links to that goal exactly as ``goals: <id>`` would, so moving it between nested
    and flat form is not a relink. A tactic nested under a campaign links to that
    campaign as ``campaign: <id>`` would; dependencies (``depends_on``) are links."""
    from ramaudit.core.graph import in_campaign
    from ramaudit.core.model import Campaign, Milestone, Objective, Tactic

    if isinstance(item, Objective):
        goals = [*item.goals, *([item.parent] if item.parent else [])]
        return {"goals": _sorted_set(goals), "parents": _sorted_set(item.parents)}
    parent = [item.parent] if getattr(item, "parent", None) else []
    if isinstance(item, Tactic):
        nested = in_campaign(item)
        objectives = [*item.objectives, *([] if nested else parent)]
        return {
            "objectives": _sorted_set(objectives),
            "segment": _sorted_set(item.segment),
            "campaign": _sorted_set([*item.campaign, *(parent if nested else [])]),
            "depends_on": _sorted_set(item.depends_on),
        }
    if isinstance(item, Campaign | Milestone):
        return {
            "objectives": _sorted_set([*item.objectives, *parent]),
            "depends_on": _sorted_set(item.depends_on),
        }
    return {}


def _sorted_set(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def _item_changes(
    old: AuditResult | None, new: AuditResult | None
) -> tuple[list[ItemRef], list[ItemRef], list[Relink]]:
    from ramaudit.core.model import kind_of

    before, after = _items(old), _items(new)
    added: list[ItemRef] = []
    removed: list[ItemRef] = []
    relinked: list[Relink] = []
    for item_id, item in after.items():
        prev = before.get(item_id)
        if prev is None or kind_of(prev) != kind_of(item):
            added.append(_ref(item))
            continue
        was, now = item_links(prev), item_links(item)
        changes = tuple(
            LinkChange(name, was[name], now[name]) for name in now if was[name] != now[name]
        )
        if changes:
            relinked.append(Relink(_ref(item), changes))
    for item_id, item in before.items():
        now_item = after.get(item_id)
        if now_item is None or kind_of(now_item) != kind_of(item):
            removed.append(_ref(item))
    return added, removed, relinked


def _value_changes(old: AuditResult | None, new: AuditResult | None) -> list[ValueChange]:
    """The format 2 values that changed between two versions, item by item in the new
    version's order (see :class:`ValueChange`)."""
    from ramaudit.core.model import BudgetLine, Campaign, Milestone, kind_of

    valued = (Milestone, BudgetLine, Campaign)
    before, after = _items(old), _items(new)
    out: list[ValueChange] = []
    for item_id, item in after.items():
        prev = before.get(item_id)
        if prev is None or kind_of(prev) != kind_of(item):
            continue
        # A KPI written in words on either side is shown on both: +20% that became
        # 1,200 shows the number it became.
        metrics = _metrics_in_words(prev) | _metrics_in_words(item)
        if not metrics and not isinstance(item, valued) and not isinstance(prev, valued):
            continue  # shown_values has nothing to show for either
        ref = _ref(item)
        was, now = shown_values(prev, metrics), shown_values(item, metrics)
        out.extend(
            ValueChange(ref, name, was.get(name), now.get(name))
            for name in dict.fromkeys([*was, *now])
            if was.get(name) != now.get(name)
        )
    return out


def _metrics_in_words(item: Item) -> set[str]:
    from ramaudit.report.targets import written_in_words

    return {k.metric for k in getattr(item, "kpis", ()) if written_in_words(k)}


def shown_values(item: Item, metrics: set[str] | None = None) -> dict[str, str | None]:
    """The values of ``item`` the diff compares, as reports show them: the KPIs named
    in ``metrics`` (by default those whose target, baseline or deadline format 2 wrote
    in words), a milestone's due day and whether it is done, a budget line's kind and
    amount, a campaign's budget and dates. A version 1 plan has none of these."""
    from ramaudit.core.model import BudgetLine, Campaign, Milestone
    from ramaudit.report.targets import baseline_text, deadline_text, number, target_text

    if metrics is None:
        metrics = _metrics_in_words(item)
    values: dict[str, str | None] = {}
    for kpi in getattr(item, "kpis", ()):
        if kpi.metric in metrics:
            where = f"kpis[{kpi.metric}]"
            values[f"{where}.target"] = target_text(kpi)
            values[f"{where}.baseline"] = baseline_text(kpi)
            values[f"{where}.deadline"] = deadline_text(kpi)
    if isinstance(item, Milestone):
        values["due"] = item.due.isoformat() if item.due else None
        values["done"] = None if item.done is None else ("done" if item.done else "not done")
    elif isinstance(item, BudgetLine):
        values["kind"] = item.kind
        values["amount"] = number(item.amount) if item.amount is not None else None
    elif isinstance(item, Campaign):
        values["budget"] = number(item.budget) if item.budget is not None else None
        values["start"] = item.start.isoformat() if item.start else None
        values["end"] = item.end.isoformat() if item.end else None
    return values


# -- random-act spend


def _ram_change(old: AuditResult | None, new: AuditResult | None) -> RamChange:
    was = old.ram_spend if old is not None else None
    now = new.ram_spend if new is not None else None
    before = set(was.tactics) if was else set()
    after = set(now.tactics) if now else set()
    return RamChange(
        was,
        now,
        appeared=tuple(t for t in (now.tactics if now else ()) if t not in before),
        resolved=tuple(t for t in (was.tactics if was else ()) if t not in after),
    )


# --------------------------------------------------------------------------- git


class GitError(Exception):
    """git could not answer (not a repository, unknown revision, git missing)."""


def git_env() -> dict[str, str]:
    """The environment git runs in: plain, stable output whatever the user's locale or
    pager settings."""
    return {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"}


def run_git(
    args: list[str], cwd: Path, needs: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git with ``args`` in ``cwd``; ``needs`` says why, for the message when git
    is missing (by default, for ``--since``)."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, env=git_env()
        )
    except FileNotFoundError:
        why = needs if needs is not None else "--since needs git"
        raise GitError(f"git is not installed (or not on PATH); {why}") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return run_git(args, cwd)


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    text = proc.stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else f"git exited with status {proc.returncode}"


def repo_root(cwd: Path, needs: str | None = None) -> Path:
    """The top folder of the git repository around ``cwd``; ``needs`` says why one is
    needed (by default, for ``--since``)."""
    proc = run_git(["rev-parse", "--show-toplevel"], cwd, needs)
    if proc.returncode != 0:
        why = needs if needs is not None else "--since compares with a git revision"
        raise GitError(f"{display_path(cwd)} is not inside a git repository; {why}")
    return Path(proc.stdout.decode("utf-8", "surrogateescape").strip()).resolve()


def check_revision(root: Path, rev: str) -> None:
    if not rev or rev.startswith("-"):  # never let a revision pass as a git option
        raise GitError(f"'{rev}' is not a git revision")
    proc = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if proc.returncode != 0:
        raise GitError(f"unknown git revision '{rev}'")


def read_at_revision(root: Path, rev: str, relpath: str) -> bytes | None:
    """The content of ``relpath`` (relative to ``root``, '/'-separated) at ``rev``,
    or None when the file did not exist then."""
    spec = f"{rev}:{relpath}"
    kind = _git(["cat-file", "-t", spec], root)
    if kind.returncode != 0:
        return None
    if kind.stdout.strip() != b"blob":
        raise GitError(f"{spec} is not a file")
    proc = _git(["show", spec], root)
    if proc.returncode != 0:
        raise GitError(f"git show {spec}: {_stderr(proc)}")
    return proc.stdout


def _relative_to_root(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        raise GitError(f"{display_path(path)} is outside the git repository at {root}") from None


def diff_since(path: str | os.PathLike[str], rev: str, config: Config = DEFAULT_CONFIG) -> PlanDiff:
    """Compare the working file at ``path`` with its content at git revision ``rev``.
    A file that did not exist at ``rev`` is an added plan."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise GitError(f"{display_path(target)}: no such file")
    root = repo_root(folder)
    check_revision(root, rev)
    relpath = _relative_to_root(target, root)
    shown = display_path(target)
    old = _old_source(root, rev, relpath)
    if old is None:  # perhaps renamed since: compare with the old name, as --since alone does
        renamed_from = _renamed_from(root, rev, relpath)
        if renamed_from is not None:
            old = _old_source(root, rev, renamed_from)
    new = audit(target, config) if target.exists() or target.is_symlink() else None
    if new is None and old is None:
        raise GitError(f"{shown}: no such file now, and none at {rev}")
    then = read_on(config, commit_day(root, rev))
    return compare(audit(old, then) if old is not None else None, new)


def commit_day(root: Path, rev: str) -> dt.date:
    """The day of ``rev``'s commit, as its committer's clock showed it: the day that
    version of the plan stood as the plan."""
    proc = _git(["log", "-1", "--format=%cI", rev], root)
    if proc.returncode != 0:
        raise GitError(f"git log {rev}: {_stderr(proc)}")
    return dt.datetime.fromisoformat(proc.stdout.decode("ascii").strip()).date()


def read_on(config: Config, day: dt.date) -> Config:
    """``config`` for an older version of a plan committed on ``day``: its check-ins
    and spend are read as they stood that day, never later than the newer version is
    read (``--as-of``, else today), so the two can be compared as a movement."""
    now = config.as_of or dt.date.today()
    return dataclasses.replace(config, as_of=min(day, now))


def _renamed_from(root: Path, rev: str, relpath: str) -> str | None:
    """The path ``relpath`` had at ``rev`` when git sees it as renamed since."""
    proc = _git(["diff", "--name-status", "-z", "-M", "--no-ext-diff", rev], root)
    if proc.returncode != 0:
        return None
    fields = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    for i, status in enumerate(fields[:-2]):
        if status[:1] == "R" and fields[i + 2] == relpath:
            return fields[i + 1]
    return None


def _old_source(root: Path, rev: str, relpath: str) -> Source | None:
    data = read_at_revision(root, rev, relpath)
    if data is None:
        return None
    return source_from_bytes(data, f"{rev}:{relpath}")


def changed_plans(
    rev: str, cwd: Path | None = None, settings: Settings | None = None
) -> list[tuple[str | None, str | None, Path]]:
    """Plans that differ between ``rev`` and the working tree, untracked new plans
    included: the files ``ramaudit check`` would find under ``cwd`` (``*.yaml`` and
    ``*.yml``, outside hidden folders, and with ``settings``, not matched by
    ``exclude``).

    Returns ``(old_relpath, new_relpath, root)`` triples; paths are relative to the
    repository root, and a side is None when the plan did not exist there. Renames
    that git detects pair the old name with the new one. A plan is judged by its
    current path (its old one when it was deleted).
    """
    here = (cwd or Path.cwd()).resolve()
    root = repo_root(here)
    check_revision(root, rev)
    proc = _git(
        ["diff", "--name-status", "-z", "-M", "--no-ext-diff", rev, "--", *PLAN_GLOBS], here
    )
    if proc.returncode != 0:
        raise GitError(f"git diff {rev}: {_stderr(proc)}")
    fields = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    pairs: list[tuple[str | None, str | None]] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i][:1]
        if status in ("R", "C"):
            renamed_from, renamed_to = fields[i + 1], fields[i + 2]
            pairs.append((renamed_from if status == "R" else None, renamed_to))
            i += 3
            continue
        name = fields[i + 1]
        if status == "A":
            pairs.append((None, name))
        elif status == "D":
            pairs.append((name, None))
        else:  # M, T, U: changed in place
            pairs.append((name, name))
        i += 2
    untracked = _git(
        ["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", *PLAN_GLOBS], here
    )
    if untracked.returncode == 0:
        for name in untracked.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if name:
                pairs.append((None, name))
    out = []
    for old_name, new_name in pairs:
        current = root / (new_name or old_name or "")
        below = Path(os.path.relpath(current, here)).parts
        if any(part.startswith(".") for part in below):
            continue  # hidden folders (.github/, ...) hold no plans, as in `check`
        # The same test `check` applies to a plan it finds in a folder; the path need
        # not exist any more, since the globs match names.
        if settings is not None and settings.excluded(current):
            continue
        out.append((old_name, new_name, root))
    return sorted(out, key=lambda t: t[1] or t[0] or "")


def diff_changed_since(
    rev: str,
    cwd: Path | None = None,
    config_for: ConfigFor | None = None,
    *,
    settings: Settings | None = None,
) -> list[PlanDiff]:
    """Compare every plan that changed since ``rev`` with its version at ``rev``.

    With ``settings`` the plans are chosen as ``ramaudit check`` chooses them
    (``exclude`` applies) and each is audited with its own configuration."""
    here = (cwd or Path.cwd()).resolve()
    if settings is not None and settings.effective(here).config.workspace:
        return _diff_workspace_since(rev, here, settings)
    if settings is not None and config_for is None:
        config_for = settings.config_for
    diffs: list[PlanDiff] = []
    day: dt.date | None = None
    for old_name, new_name, root in changed_plans(rev, here, settings):
        if day is None:
            day = commit_day(root, rev)
        # A deleted plan is audited with the configuration of the path it had.
        current = Path(os.path.relpath(root / (new_name or old_name or ""), here))
        config = config_for(current) if config_for is not None else DEFAULT_CONFIG
        old = None
        if old_name is not None:
            try:
                old = _old_source(root, rev, old_name)
            except SourceError as exc:
                diffs.append(PlanDiff(f"{rev}:{old_name}", new_name, error=str(exc)))
                continue
        # Found by the search, not named: a pipe put there is refused, never waited on.
        new = audit(current, config, regular_only=True) if new_name is not None else None
        then = read_on(config, day)
        diffs.append(compare(audit(old, then) if old is not None else None, new))
    return diffs


def _diff_workspace_since(rev: str, here: Path, settings: Settings) -> list[PlanDiff]:
    """:func:`diff_changed_since` for a workspace (the ``workspace`` setting): both
    versions of the whole workspace are audited linked, so that a change in one file
    that breaks another (a company objective removed under a team's tactics) is
    reported in the file it breaks, even when that file did not change. The old version
    is the revision's tree, read from a temporary copy of its plan and configuration
    files, on the revision's day."""
    import tempfile

    from ramaudit.api import audit_paths

    root = repo_root(here)
    pairs = changed_plans(rev, here, settings)
    day = commit_day(root, rev)
    with tempfile.TemporaryDirectory(prefix="ramaudit-since-") as tmp:
        _export_revision(root, rev, Path(tmp))
        old_here = Path(tmp) / here.relative_to(root)
        olds = {}
        if old_here.is_dir():
            for r in audit_paths([old_here], settings=settings.on_day(day), jobs=1):
                relpath = Path(os.path.relpath(os.path.realpath(r.path), tmp)).as_posix()
                olds[relpath] = _renamed(r, f"{rev}:{relpath}")
    news = {
        Path(os.path.relpath(os.path.realpath(r.path), root)).as_posix(): r
        # Named from the working folder, as `check` and the rest of the diff name them.
        for r in audit_paths([os.path.relpath(here)], settings=settings, jobs=1)
    }
    diffs = [compare(olds.get(o) if o else None, news.get(n) if n else None) for o, n, _ in pairs]
    changed = {n or o for o, n, _ in pairs}
    # Files that did not change but whose findings did, through the files they link to.
    for name in sorted(set(olds) & set(news) - changed):
        diff = compare(olds[name], news[name])
        if diff.introduced or diff.fixed:
            diffs.append(diff)
    return sorted(diffs, key=lambda d: d.new_path or d.old_path or "")


def _export_revision(root: Path, rev: str, into: Path) -> None:
    """The plan and configuration files of ``rev`` (``*.yaml``, ``*.yml``, ``*.toml``)
    written under ``into`` as they were, for a linked audit of that version."""
    import io
    import tarfile

    proc = _git(["archive", "--format=tar", rev], root)
    if proc.returncode != 0:
        raise GitError(f"git archive {rev}: {_stderr(proc)}")
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        wanted = [
            m
            for m in tar.getmembers()
            if m.isfile() and m.name.endswith((".yaml", ".yml", ".toml"))
        ]
        tar.extractall(into, members=wanted, filter="data")


def _renamed(result: AuditResult, path: str) -> AuditResult:
    """``result`` reported as ``path`` (an old version is shown as ``rev:relpath``)."""
    findings = [dataclasses.replace(f, path=path) for f in result.findings]
    return dataclasses.replace(result, path=path, findings=findings)


__all__ = [
    "FindingChange",
    "GitError",
    "ItemRef",
    "LinkChange",
    "PlanDiff",
    "QuestionChange",
    "RamChange",
    "Relink",
    "ScoreChange",
    "changed_plans",
    "commit_day",
    "compare",
    "compare_sources",
    "diff_changed_since",
    "diff_files",
    "diff_since",
    "git_env",
    "parsed",
    "read_on",
    "repo_root",
    "run_git",
    "stable_pointer",
]

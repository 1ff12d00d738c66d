"""Plan repositories (issue 13): the links between the plan files of a workspace.

Each file is loaded and its graph built on its own first (no :class:`Outside`); this
module then resolves every link that names no id of its own file against the other
files in the file's scope, builds one networkx ``DiGraph`` over the whole workspace
(nodes ``(file index, id)``: each file's trace edges and the edges across files), and
works out reachability once for all of it: what every goal of every file reaches, and
what every tactic of every file serves. Each file then gets its :class:`Outside` (what
its links reach elsewhere, for its graph) and a :class:`WorkspaceView` (what its rules
may know of the others: duplicates, ambiguous links, missing parents, loops).

A file's scope is every other file of its workspace (the ``workspace`` setting's
globs), else its ancestry: the files ``plan.parents`` names, theirs, and so on. An id
the file has itself always means its own item; a bare id resolves when exactly one
file of the scope has it; ``<plan id>:<id>`` names the plan (``plan.id``, else the
file's name without its extension).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import field, fields
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ramaudit.core.graph import Outside, TraceGraph, trace_records
from ramaudit.core.loader import Locator, PathT
from ramaudit.core.model import DEPENDABLE, LINKS, Plan, kind_of
from ramaudit.core.records import dataclass
from ramaudit.core.suggest import Suggester
from ramaudit.rules.base import WorkspaceView

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ramaudit.api import AuditResult, _Loaded, _Reread

# Between a plan id and an item id in a qualified link: ``company:g-grow``.
QUALIFIER = ":"


# A node of the workspace graph: (index of the file among the members, item id).
Node = tuple[int, str]


# A workspace a file belongs to: its configuration's folder and globs.
WorkspaceKey = tuple[str, tuple[str, ...]]
# Each entry of plan.parents: (index, the parent's key or None, why it names no plan).
ParentEntry = tuple[int, str | None, str | None]


class SketchLink(NamedTuple):
    """What linking reads of one link (:class:`ramaudit.core.graph.Link`): a tuple,
    which worker processes send at a fraction of a record's cost."""

    source: str  # id of the item holding the link
    source_kind: str
    field: str  # goals | parents | objectives | campaign | depends_on
    target: str  # as written
    path: PathT  # logical path of the link's value
    problem: str | None  # "missing" (no id of this file) | "wrong-kind" | None


@dataclass(slots=True)
class Sketch:
    """What linking reads of one loaded plan file, and nothing more: small and
    picklable, so that a worker process that loaded the file can send it (``check
    --jobs`` on a workspace) while the plan itself stays in the worker."""

    path: str  # as reports show it
    key: str  # the real path: one sketch per file, however it was named
    plan_id: str
    # Each id's first item, in plan order: (kind, label, line of the item).
    items: dict[str, tuple[str, str, int]]
    edges: list[tuple[str, str, str]]  # the trace edges: (above, below, via)
    # The links that name no id of this file, and every ``parents`` link (a loop
    # across files is reported at one of them).
    links: list[SketchLink]
    goals: tuple[str, ...]  # the first goal of each id, in plan order
    tactics: tuple[str, ...]  # the first tactic of each id, in plan order
    written_parents: tuple[str, ...]  # plan.parents as written
    is_plan: bool = True  # a mapping with a 'plan:' block
    # Filled in by whoever gathers the files (they depend on the other files):
    workspace: WorkspaceKey | None = None
    parents: list[ParentEntry] = field(default_factory=list)


def sketch_of(
    path: str,
    key: str,
    plan: Plan,
    graph: TraceGraph | None,
    locator: Locator,
    is_plan: bool,
) -> Sketch:
    """The :class:`Sketch` of a file loaded and linked on its own (no Outside); with
    no ``graph``, what it would hold is worked out from the plan (a graph is then
    built once, when the file is judged)."""
    info = plan.info
    if graph is not None:
        items, edges, links = (
            graph.items,
            [(u, v, a["via"]) for u, v, a in graph.edges()],
            graph.links,
        )
    else:
        items, edges, links = trace_records(plan)
    return Sketch(
        path=path,
        key=key,
        plan_id=info.id if info is not None and info.id else Path(path).stem,
        items={
            item_id: (kind_of(item), item.label, locator.position(item.path)[0])
            for item_id, item in items.items()
        },
        edges=edges,
        links=[
            SketchLink(lk.source, lk.source_kind, lk.field, lk.target, lk.path, lk.problem)
            for lk in links
            if lk.problem == "missing" or lk.field == "parents"
        ],
        goals=tuple(x.id for x in plan.goals if items.get(x.id) is x),
        tactics=tuple(x.id for x in plan.tactics if items.get(x.id) is x),
        written_parents=tuple(info.parents) if info is not None else (),
        is_plan=is_plan,
    )


@dataclass(slots=True)
class Member:
    """One plan file of a workspace, read and linked on its own."""

    path: str  # as reports show it
    key: str  # the real path: one member per file, however it was named
    plan: Plan
    graph: TraceGraph  # built without an Outside
    locator: Locator
    is_plan: bool = True  # a mapping with a 'plan:' block
    # The workspace it belongs to (the configuration's folder and globs), if any.
    workspace: WorkspaceKey | None = None
    # Each entry of plan.parents: (index, the parent's key or None, why not a plan).
    parents: list[ParentEntry] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        info = self.plan.info
        return info.id if info is not None and info.id else Path(self.path).stem

    def sketch(self) -> Sketch:
        made = sketch_of(self.path, self.key, self.plan, self.graph, self.locator, self.is_plan)
        made.workspace, made.parents = self.workspace, self.parents
        return made


@dataclass(frozen=True, slots=True)
class Linked:
    """What one member learns from the others: its graph's Outside, its rules' view."""

    outside: Outside
    view: WorkspaceView


def parent_paths(path: str, parents: Sequence[str]) -> list[tuple[int, str]]:
    """Each entry of ``parents`` (a plan's ``plan.parents``) with the path it names,
    relative to ``path``'s folder (as written when absolute)."""
    folder = os.path.dirname(path)
    return [(i, os.path.normpath(os.path.join(folder, p))) for i, p in enumerate(parents)]


def workspace_files(root: str | os.PathLike[str], globs: Sequence[str]) -> list[str]:
    """The files the ``workspace`` globs match below ``root`` (the folder of the
    configuration file that declares them), sorted; plan names only (``*.yaml``,
    ``*.yml``, not hidden)."""
    from ramaudit.api import is_plan_name

    base = Path(root)
    found: set[str] = set()
    for pattern in globs:
        pattern = pattern.strip().replace("\\", "/").lstrip("/")
        if not pattern:
            continue
        for hit in base.glob(pattern):
            if hit.is_file() and is_plan_name(hit.name):
                found.add(_shown(hit))
    return sorted(found)


def _shown(path: Path) -> str:
    """A path as reports show it: relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith(os.pardir + os.sep) else relative


def link(members: Sequence[Member]) -> list[Linked]:
    """Link every member to the others in its scope and judge reachability across the
    whole workspace at once (one graph, one breadth-first pass each way)."""
    return link_sketches([m.sketch() for m in members])


def link_sketches(
    sketches: Sequence[Sketch], *, eager: bool = False, grown: GrownGraph | None = None
) -> list[Linked]:
    """:func:`link` of the files' sketches. ``eager`` works out every did-you-mean
    RA005 may ask of the other files now, so that each :class:`Linked` is plain data
    a worker process can be sent (else the suggestions are made when first asked).
    ``grown``: the files' own part of the graph, built while they were gathered (used
    only when it was grown from exactly these sketches)."""
    base = grown.graph_of(sketches) if grown is not None else None
    return _Workspace(sketches, base).linked(eager)


def ancestry_link(
    members: Sequence[Sketch],
    index: Mapping[str, int],
    at: int,
    traced: dict[tuple[int, ...], set[Node]] | None = None,
) -> Linked:
    """A guess at what member ``at`` (the last of ``members``) learns from linking,
    made before the other files are gathered: its link with its ancestry alone (the
    files its ``plan.parents`` name, theirs, and so on: each sketch's ``parents``
    filled in), eager, where no link of the ancestry names one of its ids. A team
    file's links name its department's objectives, which reach its company's goals,
    and no file gathered later changes what it learns; a file that others link into
    (a company or department plan) learns more once they are linked. The guess is
    checked against the whole link (:func:`same_link`). ``traced`` keeps, for each
    ancestry, the nodes of its files that reach a goal, the one graph search made."""
    chosen, stack = set(), [at]
    while stack:
        for _, key, _ in members[stack.pop()].parents:
            j = index.get(key) if key is not None else None
            if j is not None and j not in chosen and j != at:
                chosen.add(j)
                stack.append(j)
    # In the members' order (the links' tie-breaks and did-you-means follow it); the
    # file itself is last, so its ancestry's nodes are numbered as in a link of them.
    ancestry = tuple(sorted(chosen))
    traced = {} if traced is None else traced
    if ancestry not in traced:
        above = _Workspace([members[j] for j in ancestry])
        goals = [(i, x) for i, m in enumerate(above.members) for x in m.goals]
        traced[ancestry] = _reached(above._graph(), goals) if goals else set()
    return _Workspace([*(members[j] for j in ancestry), members[at]]).guess(traced[ancestry])


def same_link(guess: Linked, linked: Linked) -> bool:
    """Whether ``linked`` (the whole workspace's link of a file) tells its rules
    exactly what ``guess`` (an eager link, :func:`ancestry_link`) told them: every
    field equal, mappings in the same order too, and each did-you-mean ``guess``
    answered is answered alike by ``linked`` (RA005 asks those, and only those, when the
    rest is equal). A file judged with ``guess`` then has the result it would have
    had with ``linked``."""
    for a, b in ((guess.outside, linked.outside), (guess.view, linked.view)):
        for f in fields(a):
            if f.name in ("suggest", "suggest_only"):
                continue
            x, y = getattr(a, f.name), getattr(b, f.name)
            if x != y or (isinstance(x, Mapping) and list(x) != list(y)):
                return False
    return _same_answers(guess.view.suggest, linked.view.suggest) and _same_answers(
        guess.view.suggest_only, linked.view.suggest_only
    )


def _same_answers(
    guess: Callable[[str, str], tuple[str, str] | None] | None,
    linked: Callable[[str, str], tuple[str, str] | None] | None,
) -> bool:
    if not isinstance(guess, Suggestions) or linked is None:
        return guess is linked
    return all(linked(*key) == answer for key, answer in guess.answers.items())


class JudgedAhead:
    """The files of a linked run in one process that are judged as soon as they load,
    with what their ancestry alone tells them (:func:`ancestry_link`), so that their
    loaded state (some twenty times their text) goes at once instead of being held
    until every file is linked. Once every file is linked, :meth:`result` keeps each
    judgement whose guess was the whole link's (a team file's, nearly always) and
    judges the others again, read again as a file past the held-text budget is (a
    file that changed meanwhile is reported, never judged against another version's
    links; one that cannot be read twice keeps its text)."""

    def __init__(self, keep_plans: bool = True) -> None:
        self.keep_plans = keep_plans
        # real path -> (result, the Linked it was judged with, what reads it again)
        self.judged: dict[str, tuple[AuditResult, Linked, _Reread]] = {}
        self.traced: dict[tuple[int, ...], set[Node]] = {}  # see ancestry_link

    def judge(
        self,
        loaded: _Loaded,
        members: Sequence[Sketch],
        index: Mapping[str, int],
        path: str,
        regular_only: bool,
    ) -> bool:
        """Judge ``loaded`` (read from ``path``), the last of ``members`` (each of its
        ancestry's sketches has its ``parents`` filled in); False, and nothing judged,
        if its link fails (a bug of ours, which linking every file then reports)."""
        from ramaudit.api import _fingerprint, _kept, _regular, _Reread, judged

        at = len(members) - 1
        try:
            guess = ancestry_link(members, index, at, self.traced)
        except Exception:
            return False
        source = loaded.source
        again = _Reread(
            path,
            loaded.config,
            regular_only,
            _fingerprint(source),
            None if _regular(path) else source,
        )
        result = _kept(judged(loaded, guess), self.keep_plans)
        self.judged[members[at].key] = (result, guess, again)
        return True

    def result(
        self, key: str, linked: Sequence[Linked] | None, index: Mapping[str, int]
    ) -> AuditResult | None:
        """The result of the file at real path ``key``, once every file is linked
        (``linked``, in ``index`` order), if it was judged ahead; else None."""
        entry = self.judged.pop(key, None)
        if entry is None:
            return None
        from ramaudit.api import AuditResult, _kept, judged, note_audited

        result, guess, again = entry
        mine = linked[index[key]] if linked is not None else None
        if mine is not None and same_link(guess, mine):
            note_audited(result.path)
            return result
        loaded = again.load()
        if isinstance(loaded, AuditResult):
            return loaded
        note_audited(loaded.source.path)
        return _kept(judged(loaded, mine), self.keep_plans)


class GrownGraph:
    """The workspace graph's nodes and each file's own trace edges, added file by file
    as the files are gathered (``check --jobs``: while the other files still load), so
    that linking only adds the edges across files. The graph is the one
    :meth:`_Workspace._graph` builds at once, node for node and edge for edge in the
    same order: each file's nodes come in file order, and its edges join only its own
    nodes (a file whose edge would add a node stops the growing: the graph is then
    built at link time)."""

    def __init__(self) -> None:
        import networkx as nx

        self.graph: nx.DiGraph | None = nx.DiGraph()
        self.members: list[Sketch] = []

    def grow(self, members: Sequence[Sketch]) -> None:
        """Add the files of ``members`` past those added so far (``members`` only
        grows at its end between calls)."""
        g = self.graph
        if g is None:
            return
        for i in range(len(self.members), len(members)):
            m = members[i]
            items = m.items
            if not all(u in items and v in items for u, v, _ in m.edges):
                self.graph = None
                return
            g.add_nodes_from((i, item_id) for item_id in items)
            g.add_edges_from(((i, u), (i, v), {"via": via}) for u, v, via in m.edges)
            self.members.append(m)

    def graph_of(self, members: Sequence[Sketch]) -> nx.DiGraph | None:
        """The graph grown, if it was grown from exactly ``members`` (once: linking
        adds to it)."""
        g, self.graph = self.graph, None
        if g is None or len(self.members) != len(members):
            return None
        if not all(a is b for a, b in zip(self.members, members, strict=True)):
            return None
        return g


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Did-you-mean answers worked out beforehand, asked as ``WorkspaceView.suggest``
    is: (kind a link wants or "work", id written) -> (closest id, its file)."""

    answers: dict[tuple[str, str], tuple[str, str] | None]

    def __call__(self, want: str, target: str) -> tuple[str, str] | None:
        return self.answers.get((want, target))


class _Workspace:
    def __init__(self, members: Sequence[Sketch], base: nx.DiGraph | None = None) -> None:
        self.members = members
        self._base = base  # the files' own nodes and edges, grown beforehand
        self.by_key = {m.key: i for i, m in enumerate(members)}
        self.rank = {i: r for r, i in enumerate(sorted(range(len(members)), key=self._order))}
        self.pids = [m.plan_id for m in members]
        self.by_id: dict[str, list[int]] = {}
        self.by_pid: dict[str, list[int]] = {}
        for i, m in enumerate(members):
            self.by_pid.setdefault(self.pids[i], []).append(i)
            for item_id in m.items:
                self.by_id.setdefault(item_id, []).append(i)
        self.workspaces: dict[WorkspaceKey, set[int]] = {}
        for i, m in enumerate(members):
            if m.workspace is not None:
                self.workspaces.setdefault(m.workspace, set()).add(i)
        self.ancestors = [self._ancestry(i) for i in range(len(members))]
        self.scopes = [self._scope(i) for i in range(len(members))]
        # (member, id as written) -> the node it names; and ids that name several.
        self.resolved: dict[tuple[int, str], Node] = {}
        self.ambiguous: dict[int, dict[str, tuple[tuple[str, str], ...]]] = {}
        self.below: dict[Node, set[str]] = {}
        self._suggesters: dict[tuple[tuple[int, ...], str], Suggester] = {}
        self._homes: dict[tuple[tuple[int, ...], str], dict[str, str]] = {}
        self._pid_of: dict[str, str] | None = None  # file -> plan id, for RA005's fixes
        self.parents_across = False  # any ``parents`` link to another file's objective
        self._across_edges: list[tuple[Node, Node, str]] | None = None

    def _order(self, i: int) -> str:
        # The real path, not the path shown: the same file is first however the run
        # named it (a folder, one file, an absolute path), so a finding never moves.
        return self.members[i].key

    def _ancestry(self, i: int) -> set[int]:
        seen: set[int] = set()
        stack = [i]
        while stack:
            for _, key, _ in self.members[stack.pop()].parents:
                j = self.by_key.get(key) if key is not None else None
                if j is not None and j not in seen:
                    seen.add(j)
                    stack.append(j)
        seen.discard(i)
        return seen

    def _scope(self, i: int) -> _Scope:
        ws = self.members[i].workspace
        return _Scope(i, self.ancestors[i], self.workspaces[ws] if ws is not None else _NONE)

    def _resolve(self, i: int, target: str) -> Node | None:
        """The node ``target`` names from member ``i`` (not one of its own ids), else
        None; a bare id that several files of the scope define is noted as ambiguous."""
        scope = self.scopes[i]
        prefix, sep, rest = target.partition(QUALIFIER)
        named = [j for j in self.by_pid.get(prefix, ()) if j in scope or j == i] if sep else []
        if named:  # a plan id: the item in that plan (two plans of one id: ambiguous)
            hits = [j for j in named if rest in self.members[j].items]
        else:
            hits = [j for j in self.by_id.get(target, ()) if j in scope]
            rest = target
        hits.sort(key=self.rank.__getitem__)
        if len(hits) == 1:
            return hits[0], rest
        if hits:
            self.ambiguous.setdefault(i, {})[target] = tuple(
                (self.members[j].path, self.pids[j]) for j in hits
            )
        return None

    def _across(self) -> list[tuple[Node, Node, str]]:
        """The trace edges across files, (above, below, via), in link order; resolving
        each link that names no id of its own file once."""
        across: list[tuple[Node, Node, str]] = []
        unresolved: set[tuple[int, str]] = set()
        resolved = self.resolved
        for i, m in enumerate(self.members):
            for lk in m.links:
                if lk.problem != "missing":
                    continue
                key = (i, lk.target)
                if key in unresolved:
                    continue
                node = resolved.get(key)
                if node is None:
                    node = self._resolve(i, lk.target)
                    if node is None:
                        unresolved.add(key)
                        continue
                    resolved[key] = node
                if lk.field != "depends_on" and self._kind(node) == LINKS[lk.field]:
                    across.append((node, (i, lk.source), lk.field))
                    self.below.setdefault(node, set()).add(lk.source_kind)
        self._across_edges = across
        return across

    def _graph(self) -> nx.DiGraph:
        """The workspace graph in networkx (nodes ``(file, id)``, edges with ``via``):
        each file's nodes and edges (grown beforehand, when given: see
        :class:`GrownGraph`), then the links across files, each in one call, the same
        graph in the same order as adding them one by one."""
        import networkx as nx

        g, self._base = self._base, None
        if g is None:
            g = nx.DiGraph()
            members = self.members
            g.add_nodes_from((i, item_id) for i, m in enumerate(members) for item_id in m.items)
            g.add_edges_from(
                ((i, u), (i, v), {"via": via})
                for i, m in enumerate(members)
                for u, v, via in m.edges
            )
        across = self._across_edges if self._across_edges is not None else self._across()
        g.add_edges_from((u, v, {"via": via}) for u, v, via in across)
        # A loop of objectives across files needs a ``parents`` link across files.
        self.parents_across = any(via == "parents" for *_, via in across)
        return g

    def _kind(self, node: Node) -> str:
        return self.members[node[0]].items[node[1]][0]

    def guess(self, traceable: set[Node]) -> Linked:
        """The last member's Linked, eager, where no other member's link names one of
        its ids, and ``traceable`` holds the other members' nodes that reach a goal:
        then its links reach only the others, nothing of theirs lies below its items,
        and no loop runs through it (see :func:`ancestry_link`), so no graph of the
        whole is needed. What its items serve is then found in its own edges."""
        i = len(self.members) - 1
        m = self.members[i]
        self._across()
        mine = {t: n for (j, t), n in self.resolved.items() if j == i}
        above: dict[str, list[str]] = {}
        for u, v, _ in m.edges:
            above.setdefault(v, []).append(u)
        served, stack = set(m.tactics), list(m.tactics)
        while stack:
            for u in above.get(stack.pop(), ()):
                if u not in served:
                    served.add(u)
                    stack.append(u)
        outside = Outside(
            kinds={t: self._kind(n) for t, n in mine.items()},
            files={t: self.members[n[0]].path for t, n in mine.items()},
            names={t: self.members[n[0]].items[n[1]][1] for t, n in mine.items()},
            traceable=frozenset(t for t, n in mine.items() if n in traceable),
            served=frozenset(x for x in m.items if x in served),
        )
        suggest = self._answers(i, mine, self._suggester(i))
        suggest_only = self._suggester(i, only=True)
        view = WorkspaceView(
            plan_id=self.pids[i],
            suggest=suggest,
            suggest_only=Suggestions(
                {k: suggest_only(*k) for k, v in suggest.answers.items() if v is not None}
            ),
            resolved=frozenset(mine),
            below={x: frozenset(self.below[(i, x)]) for x in m.items if (i, x) in self.below},
            duplicates=self._duplicates(i),
            ambiguous=self.ambiguous.get(i, {}),
            bad_parents=tuple((n, why) for n, _, why in m.parents if why is not None),
        )
        return Linked(outside, view)

    def linked(self, eager: bool = False) -> list[Linked]:
        g = self._graph()
        goals = [(i, x) for i, m in enumerate(self.members) for x in m.goals]
        tactics = [(i, x) for i, m in enumerate(self.members) for x in m.tactics]
        traceable = _reached(g, goals)
        # What serves a tactic is the tactic and what lies above it: a search from the
        # few items right above the tactics, not from each of the many tactics.
        above = dict.fromkeys(p for t in tactics for p in g.predecessors(t))
        served = _reached(g.reverse(copy=False), list(above))
        served.update(tactics)
        return self._views(traceable, served, self._loops(g), eager)

    def _views(
        self,
        traceable: set[Node],
        served: set[Node],
        loops: dict[int, list[tuple[PathT, str, tuple[str, ...], None]]],
        eager: bool,
    ) -> list[Linked]:
        """What each member sees of the workspace, once reachability and loops are known."""
        by_member: dict[int, dict[str, Node]] = {}
        for (j, t), node in self.resolved.items():
            by_member.setdefault(j, {})[t] = node
        out = []
        for i, m in enumerate(self.members):
            mine = by_member.get(i, {})
            outside = Outside(
                kinds={t: self._kind(n) for t, n in mine.items()},
                files={t: self.members[n[0]].path for t, n in mine.items()},
                names={t: self.members[n[0]].items[n[1]][1] for t, n in mine.items()},
                traceable=frozenset(t for t, n in mine.items() if n in traceable),
                served=frozenset(x for x in m.items if (i, x) in served),
            )
            suggest = self._suggester(i)
            suggest_only = self._suggester(i, only=True)
            if eager:
                # Plain data a worker process can be sent: RA005 asks ``suggest_only``
                # (its fix) only where ``suggest`` found an id.
                suggest = self._answers(i, mine, suggest)
                suggest_only = Suggestions(
                    {k: suggest_only(*k) for k, v in suggest.answers.items() if v is not None}
                )
            view = WorkspaceView(
                plan_id=self.pids[i],
                suggest=suggest,
                suggest_only=suggest_only,
                resolved=frozenset(mine),
                below={x: frozenset(self.below[(i, x)]) for x in m.items if (i, x) in self.below},
                duplicates=self._duplicates(i),
                ambiguous=self.ambiguous.get(i, {}),
                bad_parents=tuple((n, why) for n, _, why in m.parents if why is not None),
                loops=tuple(loops.get(i, ())),
            )
            out.append(Linked(outside, view))
        return out

    def _duplicates(self, i: int) -> dict[str, tuple[str, int]]:
        """This member's ids that an earlier file of its scope has too: an ancestor
        is earlier than its descendants, other files go in path order."""
        found: dict[str, tuple[str, int]] = {}
        scope = self.scopes[i]
        by_id = self.by_id
        for item_id in self.members[i].items:
            holders = by_id[item_id]
            if len(holders) == 1:  # this file's own id alone: the common case
                continue
            others = [j for j in holders if j in scope and self._earlier(j, i)]
            if others:
                j = min(others, key=self.rank.__getitem__)
                other = self.members[j]
                found[item_id] = (other.path, other.items[item_id][2])
        return found

    def _earlier(self, j: int, i: int) -> bool:
        if j in self.ancestors[i]:
            return True
        if i in self.ancestors[j]:
            return False
        return self.rank[j] < self.rank[i]

    def _suggester(
        self, i: int, *, only: bool = False
    ) -> Callable[[str, str], tuple[str, str] | None]:
        """Did-you-mean across the scope of member ``i``: the closest id of the kind a
        link wants, bare where one file of the scope has it, else qualified, with its
        file. Made when RA005 first asks, once per scope and kind. With ``only``, that
        id only when no other is close too (the fix of RA005)."""

        def suggest(want: str, target: str) -> tuple[str, str] | None:
            scope = self.scopes[i].ordered()
            key = (scope, want)
            if key not in self._suggesters:
                homes = self._candidates(scope, want)
                self._homes[key] = homes
                self._suggesters[key] = Suggester(homes)
            suggester = self._suggesters[key]
            homes = self._homes[key]

            def item(candidate: str) -> tuple[str, str]:  # one item, bare or qualified
                if self._pid_of is None:
                    self._pid_of = {m.path: self.pids[j] for j, m in enumerate(self.members)}
                file = homes[candidate]
                prefix = self._pid_of.get(file, "") + QUALIFIER
                bare = candidate[len(prefix) :] if candidate.startswith(prefix) else candidate
                return file, bare

            guess = suggester.only(target, item) if only else suggester(target)
            return (guess, homes[guess]) if guess is not None else None

        return suggest

    def _answers(
        self,
        i: int,
        mine: Mapping[str, Node],
        suggest: Callable[[str, str], tuple[str, str] | None],
    ) -> Suggestions:
        """Every answer RA005 (rules/dangling_reference.py) asks ``suggest`` for in
        member ``i``: for each link found in no file, when no id of the file itself
        is close (the rule's own did-you-mean, made here as the rule makes it)."""
        member = self.members[i]
        ambiguous = self.ambiguous.get(i, {})
        own: dict[str, list[str]] = {}
        near: dict[str, Suggester] = {}
        answers: dict[tuple[str, str], tuple[str, str] | None] = {}
        for lk in member.links:
            target = lk.target
            if lk.problem != "missing" or target in mine or target in ambiguous:
                continue
            if not own:  # the file's ids by kind, made for its first link found nowhere
                for item_id, (kind, _, _) in member.items.items():
                    own.setdefault(kind, []).append(item_id)
                    if kind in DEPENDABLE:
                        own.setdefault("work", []).append(item_id)
            want = LINKS[lk.field]
            if want not in near:
                near[want] = Suggester(own.get(want, []))
            if near[want](target):
                continue  # the rule suggests an id of this file: it asks no further
            key = ("work" if lk.field == "depends_on" else want, target)
            if key not in answers:
                answers[key] = suggest(*key)
        return Suggestions(answers)

    def _candidates(self, scope: tuple[int, ...], want: str) -> dict[str, str]:
        inside = set(scope)
        homes: dict[str, str] = {}
        qualified: dict[str, str] = {}
        for j in scope:
            m = self.members[j]
            for item_id, (kind, _, _) in m.items.items():
                if kind != want and not (want == "work" and kind in _WORK):
                    continue
                if sum(1 for k in self.by_id[item_id] if k in inside) == 1:
                    homes[item_id] = m.path
                qualified[f"{self.pids[j]}{QUALIFIER}{item_id}"] = m.path
        return {**homes, **qualified}

    def _loops(self, g: nx.DiGraph) -> dict[int, list[tuple[PathT, str, tuple[str, ...], None]]]:
        """Loops across files, each reported once, in the first file of the loop: of
        ``plan.parents`` between files, and of objectives' ``parents`` links. Most
        workspaces have none: networkx's acyclicity test (a topological sort) on the
        few ``parents`` edges comes first, and the loops are looked for only when it
        fails."""
        import networkx as nx

        found: dict[int, list[tuple[PathT, str, tuple[str, ...], None]]] = {}
        files = nx.DiGraph()
        for i, m in enumerate(self.members):
            for _, key, _ in m.parents:
                j = self.by_key.get(key) if key is not None else None
                if j is not None and j != i:
                    files.add_edge(i, j)
        if not nx.is_directed_acyclic_graph(files):
            self._file_loops(found)
        if self.parents_across:  # else every loop of ``parents`` lies in one file
            # From the edge lists, not through the graph's views (cheaper by far).
            parents = nx.DiGraph()
            parents.add_edges_from(
                ((i, u), (i, v))
                for i, m in enumerate(self.members)
                for u, v, via in m.edges
                if via == "parents"
            )
            parents.add_edges_from(
                (u, v) for u, v, via in self._across_edges or () if via == "parents"
            )
            if not nx.is_directed_acyclic_graph(parents):
                self._objective_loops(g, found)
        return found

    def _file_loops(self, found: dict[int, list[tuple[PathT, str, tuple[str, ...], None]]]) -> None:
        """The loops of ``plan.parents`` between files, into ``found``."""
        import networkx as nx

        files = nx.DiGraph()
        for i, m in enumerate(self.members):
            for n, key, _ in m.parents:
                j = self.by_key.get(key) if key is not None else None
                if j is not None and j != i and not files.has_edge(i, j):
                    files.add_edge(i, j, index=n)
        for component in nx.strongly_connected_components(files):
            if len(component) < 2:
                continue
            first = min(component, key=self.rank.__getitem__)
            cycle = nx.find_cycle(files.subgraph(component), source=first)
            where: PathT = ("plan", "parents", files.edges[cycle[0]]["index"])
            chain = tuple(self.members[u].path for u, _ in cycle)
            found.setdefault(first, []).append((where, "plans", chain, None))

    def _objective_loops(
        self, g: nx.DiGraph, found: dict[int, list[tuple[PathT, str, tuple[str, ...], None]]]
    ) -> None:
        import networkx as nx

        parents = g.edge_subgraph((u, v) for u, v, via in g.edges(data="via") if via == "parents")
        for component in nx.strongly_connected_components(parents):
            if len({n[0] for n in component}) < 2:
                continue  # a loop inside one file is that file's own RA107
            first = min(component, key=self._node_order)
            # Edges run parent -> child: walking them backwards follows the links.
            back = parents.subgraph(component).reverse(copy=False)
            cycle = nx.find_cycle(back, source=first)
            named = cycle[0][1]
            link = next(
                lk
                for lk in self.members[first[0]].links
                if lk.source == first[1]
                and lk.field == "parents"
                and self._names(first[0], lk.target) == named
            )
            chain = tuple(f"{self.pids[u[0]]}{QUALIFIER}{u[1]}" for u, _ in cycle)
            found.setdefault(first[0], []).append((link.path, "objectives", chain, None))

    def _names(self, i: int, target: str) -> Node | None:
        if target in self.members[i].items:
            return i, target
        return self.resolved.get((i, target))

    def _node_order(self, node: Node) -> tuple[int, int]:
        order = list(self.members[node[0]].items)
        return self.rank[node[0]], order.index(node[1])


_NONE: frozenset[int] = frozenset()


class _Scope:
    """The members one member may link to: its ancestry and its workspace, less
    itself. Asked of membership alone (its order only for a did-you-mean), it holds
    no set of its own: one per file of a workspace of n files would hold n * n."""

    __slots__ = ("_ancestors", "_me", "_ordered", "_workspace")

    def __init__(self, me: int, ancestors: AbstractSet[int], workspace: AbstractSet[int]) -> None:
        self._me, self._ancestors, self._workspace = me, ancestors, workspace
        self._ordered: tuple[int, ...] | None = None

    def __contains__(self, j: object) -> bool:
        return j != self._me and (j in self._workspace or j in self._ancestors)

    def ordered(self) -> tuple[int, ...]:
        """The members in index order."""
        if self._ordered is None:
            every = set(self._ancestors) | set(self._workspace)
            every.discard(self._me)
            self._ordered = tuple(sorted(every))
        return self._ordered


# The kinds ``depends_on`` may name (its suggestions are among all of them).
_WORK = ("tactic", "campaign", "milestone")


def _reached(g: nx.DiGraph, sources: Sequence[Node]) -> set[Node]:
    """Every node reachable from any of ``sources`` (sources included)."""
    import networkx as nx

    if not sources:
        return set()
    return {n for layer in nx.bfs_layers(g, sources) for n in layer}

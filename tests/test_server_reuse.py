"""The language server's shortcuts for issue 14's latency change no answer: what it
keeps from one audit to the next leaves every finding as a fresh audit makes it (after
any sequence of edits, the server's audit of a buffer equals ``audit_text`` of the same
text with nothing remembered), and its quick reading of lines is the LSP's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_buffer, audit_text
from ramaudit.config.files import Settings
from ramaudit.core import suggest
from ramaudit.core.suggest import Suggester, shared
from ramaudit.server.positions import _LSP_BREAK, _YAML_ONLY, has_yaml_only_breaks, split_lines

OBJECTIVES = 4
TACTICS = 6


def _plan(objective_ids: list[str], links: list[str]) -> str:
    rows = ["plan:", "  name: Reuse plan", "  period: {start: 2027-01-01, end: 2027-12-31}"]
    rows += ["goals:", "  - id: g-1", "    name: Grow revenue", "    type: retention"]
    rows.append("    objectives:")
    for oid in objective_ids:
        rows += [f"      - id: {oid}", f"        name: Objective {oid}", "        owner: Ana"]
        rows.append("        kpis: [{metric: pipeline, target: 10, deadline: 2027-12-31}]")
    rows.append("tactics:")
    for i, link in enumerate(links):
        rows += [f"  - id: t-{i}", f"    name: Tactic {i}", f"    objectives: {link}"]
        rows += ["    owner: Ben", "    channel: email", "    budget: 100"]
    return "\n".join(rows) + "\n"


# Ids close to one another, so that links break and suggestions change with each edit.
IDS = st.sampled_from(["o-001", "o-002", "o_001", "o-0O1", "o-010", "o-100", "obj-1", "zz"])
EDITS = st.lists(
    st.tuples(st.sampled_from(["objective", "link"]), st.integers(0, TACTICS - 1), IDS),
    min_size=1,
    max_size=8,
)


@contextmanager
def _nothing_remembered() -> Iterator[None]:
    """Run with empty caches, and give the server's back afterwards."""
    kept = dict(suggest._SHARED)
    suggest._SHARED.clear()
    try:
        yield
    finally:
        suggest._SHARED.clear()
        suggest._SHARED.update(kept)


def _seen(findings: list) -> list:  # type: ignore[type-arg]
    return [(f.to_dict(), f.fix) for f in findings]


@settings(max_examples=40, deadline=None)
@given(EDITS)
def test_after_any_edits_the_servers_audit_equals_a_fresh_one(
    edits: list[tuple[str, int, str]],
) -> None:
    objective_ids = [f"o-00{i}" for i in range(1, OBJECTIVES + 1)]
    links = [objective_ids[i % OBJECTIVES] for i in range(TACTICS)]
    config = Settings()
    for field, index, value in edits:
        if field == "objective":
            objective_ids[index % OBJECTIVES] = value
        else:
            links[index] = value
        text = _plan(objective_ids, links)
        served, _ = audit_buffer("plan.yaml", text, config, {}, scored=False)
        with _nothing_remembered():
            fresh = audit_text(text, "plan.yaml")
        assert _seen(served.findings) == _seen(fresh.findings)


@settings(max_examples=40, deadline=None)
@given(EDITS)
def test_after_any_edits_the_servers_incremental_audit_equals_a_fresh_one(
    edits: list[tuple[str, int, str]],
) -> None:
    """The server's auditor starts each audit from the last one (ramaudit.incremental):
    links and ids edited one after another give the findings a fresh audit gives."""
    from ramaudit.server.app import Job, audit_jobs

    objective_ids = [f"o-00{i}" for i in range(1, OBJECTIVES + 1)]
    links = [objective_ids[i % OBJECTIVES] for i in range(TACTICS)]
    config = Settings()
    kept: dict = {}  # type: ignore[type-arg]
    audit_jobs([Job("u", "plan.yaml", _plan(objective_ids, links), 1)], {}, config, kept)
    assert kept  # a plan that links to no other file is kept for its next edit
    for version, (field, index, value) in enumerate(edits, 2):
        if field == "objective":
            objective_ids[index % OBJECTIVES] = value
        else:
            links[index] = value
        text = _plan(objective_ids, links)
        [(served, _)] = audit_jobs([Job("u", "plan.yaml", text, version)], {}, config, kept)
        with _nothing_remembered():
            fresh = audit_text(text, "plan.yaml")
        assert _seen(served.findings) == _seen(fresh.findings)


@settings(max_examples=30, deadline=None)
@given(EDITS, st.sampled_from(["", "\u00e9", "\U0001f600", "\u2028"]))
def test_diagnostics_kept_across_edits_are_those_made_afresh(
    edits: list[tuple[str, int, str]], odd: str
) -> None:
    """The server converts a finding to a diagnostic again only when the lines its range
    reads changed; what it keeps equals a fresh conversion of the new text."""
    from ramaudit.incremental import audit_edit
    from ramaudit.server.app import OpenPlan, PlanServer
    from ramaudit.server.diagnostics import to_diagnostic
    from ramaudit.server.positions import Text

    objective_ids = [f"o-00{i}" for i in range(1, OBJECTIVES + 1)]
    links = [objective_ids[i % OBJECTIVES] for i in range(TACTICS)]
    server = PlanServer()
    text = _plan(objective_ids, links)
    plan = OpenPlan("u", "plan.yaml", "plan.yaml", text, 1)
    config = Settings()
    kept = None
    reused = 0
    for version, (field, index, value) in enumerate(edits, 2):
        if field == "objective":
            objective_ids[index % OBJECTIVES] = value + odd
        else:
            links[index] = value
        text = _plan(objective_ids, links)
        plan.edit(text, version)
        # The incremental audit hands back the findings it kept, as the server's does.
        result, _, kept = audit_edit("plan.yaml", text, config, {}, kept)
        before = {id(d) for _, d in plan.findings}
        shown = server.diagnose(plan, result)
        reused += sum(id(d) in before for d in shown)
        assert shown == [to_diagnostic(Text(text), f) for f in result.findings]
    assert reused or len(edits) == 1 or odd == "\u2028"  # YAML-only breaks: audited whole


def made_diagnostics(message: str, count: int = 3) -> list[Any]:
    """``count`` diagnostics, each on its own line, ``message`` formatted with ``i``."""
    from lsprotocol import types

    return [
        types.Diagnostic(
            range=types.Range(types.Position(i, 0), types.Position(i, 5)),
            message=message.format(i=i),
            severity=types.DiagnosticSeverity.Warning,
            code=f"RA{i:03d}",
            source="ramaudit",
            data={"rule": "a-rule"},
        )
        for i in range(count)
    ]


def test_kept_diagnostics_are_sent_as_made_afresh() -> None:
    """The server's converter hands back the data it made for a diagnostic object the
    first time: what it sends equals what pygls's own converter makes of it."""
    from lsprotocol import types
    from pygls.protocol import default_converter

    from ramaudit.server.app import PlanServer

    server = PlanServer()
    converter = server.protocol._converter
    made = made_diagnostics("finding {i}")
    for shown in (made, made[1:], [*made, made[0]]):
        params = types.PublishDiagnosticsParams(uri="file:///p.yaml", diagnostics=shown)
        assert converter.unstructure(params) == default_converter().unstructure(params)


def test_a_shared_suggester_answers_as_a_new_one_over_many_candidates() -> None:
    # Over EXACT_LIMIT candidates, so the shortlist path is the one reused.
    candidates = [f"o-{i:05d}" for i in range(suggest.EXACT_LIMIT + 100)]
    words = ["o_00017", "o-0001", "o-99999", "x", "O-00420", "o-0042o"]
    for _ in range(2):  # the second round answers from what the first remembered
        reused = shared(candidates)
        for word in words:
            new = Suggester(candidates)
            assert reused(word) == new(word)
            assert reused.only(word) == new.only(word)


def test_shared_suggesters_are_one_per_candidate_list_in_order_and_few() -> None:
    with _nothing_remembered():
        first = shared(["a-1", "a-2"])
        assert shared(["a-1", "a-2"]) is first
        assert shared(["a-2", "a-1"]) is not first  # ties go to the first given
        assert shared(["a-1", "a-2"], cutoff=0.8) is not first
        for i in range(suggest.SHARED_LIMIT):
            shared([f"b-{i}"])
        assert len(suggest._SHARED) == suggest.SHARED_LIMIT
        assert shared(["a-1", "a-2"]) is not first  # the oldest went first


# Texts made of the characters where line counting differs: every kind of break,
# a character outside ASCII that breaks nothing, and plain ones.
LINE_TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "\n", "\r", "\x85", "\u2028", "é", "😀"]))


@given(LINE_TEXTS)
def test_the_quick_line_split_is_the_lsps(text: str) -> None:
    assert split_lines(text) == _LSP_BREAK.split(text)
    assert has_yaml_only_breaks(text) == (_YAML_ONLY.search(text) is not None)

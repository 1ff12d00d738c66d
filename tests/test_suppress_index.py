"""Suppression matching by index gives exactly what trying every directive on every
finding gave (that way was quadratic: 4,000 suppressed tactics took a minute)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from ramaudit.api import audit_text
from ramaudit.config import suppressions as suppress
from ramaudit.config.effective import ALWAYS_REPORTED, Config
from ramaudit.config.suppressions import CodeRef, Directive, _Items, _meta_findings, parse
from ramaudit.core.findings import Finding


def reference_apply(findings: Iterable[Finding], text: str, ctx: Any, config: Any) -> list[Finding]:
    """The former matching, kept as the oracle: every directive against every finding."""
    findings = list(findings)
    directives = parse(text)
    if not directives:
        return findings
    by_line: dict[int, list[tuple[str, str]]] = {}
    for (item_id, pointer), lines in _Items.of(ctx).lines.items():
        for line in lines:
            by_line.setdefault(line, []).append((item_id, pointer))

    def on(line: int, f: Finding) -> bool:
        if f.item is None:
            return False
        p = f.pointer
        return any(
            item_id == f.item
            and (p == pointer or p.startswith(pointer + ".") or p.startswith(pointer + "["))
            for item_id, pointer in by_line.get(line, ())
        )

    def covering(d: Directive, f: Finding) -> CodeRef | bool:
        if d.kind == "ignore-file":
            return d.covers(f.code)
        if d.target != f.line and not on(d.target, f):
            return False
        return d.covers(f.code)

    kept: list[Finding] = []
    loaded = not any(f.code in ALWAYS_REPORTED for f in findings)
    for f in findings:
        if f.code in ALWAYS_REPORTED:
            kept.append(f)
            continue
        hit = False
        for d in directives:
            ref = covering(d, f)
            if ref is False:
                continue
            hit = True
            if isinstance(ref, CodeRef):
                ref.used = True
            else:
                d.used = True
        if not hit:
            kept.append(f)
    for f in list(_meta_findings(directives, ctx, config, report_unused=loaded)):
        if not any(
            isinstance(d.covers(f.code), CodeRef)
            and (d.kind == "ignore-file" or f.line in (d.line, d.target))
            for d in directives
        ):
            kept.append(f)
    return kept


def test_items_lines_of_matches_the_pointer_prefix_rule() -> None:
    items = _Items(lines={("t-a", "tactics[0]"): [7], ("t-a", "tactics[1]"): [12]})

    def lines(item: str | None, pointer: str) -> set[int]:
        f = Finding("RA101", "x", "error", "m", "p.yaml", 1, 1, pointer=pointer, item=item)
        return items.lines_of(f)

    assert lines("t-a", "tactics[0]") == {7}
    assert lines("t-a", "tactics[0].kpis[2].target") == {7}
    assert lines("t-a", "tactics[1].name") == {12}
    assert lines("t-a", "tactics[10].name") == set()  # a prefix, but not at a boundary
    assert lines("t-b", "tactics[0]") == set()
    assert lines(None, "tactics[0]") == set()


PLANS = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
# The codes each example plan's findings have, and a few that never fire or are unknown.
FIRED = {
    name: sorted({f.code for f in audit_text((EXAMPLES / name).read_text(), name).findings})
    for name in PLANS
}
EXTRA = ["RA301", "RA900", "orphan-tactic", "RA9", "RA001"]


@st.composite
def commented(draw: st.DrawFn) -> str:
    """An example plan with suppression comments on random lines, most of them on the
    first line of an item (where a comment covers the whole item)."""
    name = draw(st.sampled_from(PLANS))
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    codes_here = FIRED[name] + EXTRA
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["ignore", "ignore", "ignore", "ignore-file", "ignor"]))
        codes = draw(st.lists(st.sampled_from(codes_here), max_size=3))
        body = f"# ramaudit: {kind}" + (f"[{', '.join(codes)}]" if codes else "")
        body += draw(st.sampled_from(["", " a reason"]))
        starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("- id:")]
        if starts and draw(st.booleans()):
            at = draw(st.sampled_from(starts))
        else:
            at = draw(st.integers(0, len(lines)))
        if draw(st.booleans()) and at < len(lines) and lines[at].strip():
            lines[at] += "  " + body  # at the end of a line
        else:
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.insert(at, indent + body)  # on a line of its own
    return "\n".join(lines) + "\n"


def key(findings: list[Finding]) -> list[tuple[Any, ...]]:
    return [(f.code, f.line, f.column, f.message, f.pointer, f.item) for f in findings]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=commented(), require_reason=st.booleans())
def test_indexed_matching_equals_the_reference(
    text: str, require_reason: bool, monkeypatch_module: pytest.MonkeyPatch
) -> None:
    config = Config(require_reason=require_reason)
    ours = audit_text(text, "plan.yaml", config)
    monkeypatch_module.setattr(suppress, "apply", reference_apply)
    try:
        theirs = audit_text(text, "plan.yaml", config)
    finally:
        monkeypatch_module.undo()
    assert key(ours.findings) == key(theirs.findings)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as mp:
        yield mp

"""Context.kpis lists the plan's KPIs once per audit for every rule that asks: the same
pairs, in the same order, as a fresh walk of the plan (rules.base.each_kpi)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.api import audit_text
from ramaudit.core import loader
from ramaudit.core.model import SPELLINGS
from ramaudit.rules.base import Context, each_kpi


def _kpis(prefix: str, n: int) -> str:
    return "".join(f"      - {{metric: {prefix} {i}, target: {i + 1}}}\n" for i in range(n))


@st.composite
def plans(draw: st.DrawFn) -> str:
    """A plan whose objectives, nested and top-level tactics and campaigns hold a few
    KPIs each (some none)."""
    counts = st.integers(0, 3)
    lines = ["plan: {name: Plan}\n", "objectives:\n"]
    for o in range(draw(st.integers(0, 3))):
        lines.append(f"  - id: o-{o}\n    name: Objective {o}\n    kpis:\n")
        lines.append(_kpis(f"o{o}", draw(counts)) or "      []\n")
        for t in range(draw(counts)):
            lines.append("    tactics:\n" if t == 0 else "")
            lines.append(f"      - id: t-{o}-{t}\n        kpis: [{{metric: n{o}{t}}}]\n")
    lines.append("campaigns:\n" if draw(st.booleans()) else "")
    if lines[-1]:
        for c in range(draw(counts)):
            lines.append(f"  - id: c-{c}\n    kpis:\n")
            lines.append(_kpis(f"c{c}", draw(counts)) or "      []\n")
    lines.append("tactics:\n")
    for t in range(draw(counts)):
        lines.append(f"  - id: t-{t}\n    kpis:\n")
        lines.append(_kpis(f"t{t}", draw(counts)) or "      []\n")
    return "".join(lines)


@settings(max_examples=60, deadline=None)
@given(plans(), st.lists(st.booleans(), min_size=1, max_size=4))
def test_kpis_listed_once_are_the_kpis_walked_afresh(text: str, asks: list[bool]) -> None:
    result = audit_text(text)
    assert result.plan is not None and result.graph is not None
    locator = loader.Locator(loader.load(text).root, SPELLINGS)
    ctx = Context("plan.yaml", locator, result.plan, result.graph, [])
    for tactics in asks:  # in any order, any number of times
        got = list(ctx.kpis(tactics=tactics))
        expected = list(each_kpi(result.plan, tactics=tactics))
        assert [(id(o), id(k)) for o, k in got] == [(id(o), id(k)) for o, k in expected]
    assert list(ctx.kpis()) == list(each_kpi(result.plan))

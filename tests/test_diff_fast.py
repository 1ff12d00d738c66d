"""The diff's shortcuts against the general path they skip."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit import movement as movement_module
from ramaudit.api import AuditResult, audit_text
from ramaudit.config.effective import Config
from ramaudit.report import progress_content
from test_diff import V2_NEW, V2_OLD
from tracked_plans import FEBRUARY, JANUARY, UNTRACKED, checkin, expense, tracked

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "plans"
PLANS = [
    JANUARY,
    FEBRUARY,
    UNTRACKED,
    UNTRACKED.replace("budget: 100", "budget: 90"),
    tracked(),
    tracked([checkin("2027-01-31", 30, 0.3)]),
    tracked(expenses=[expense("2027-01-15", 50)]),
    "plan: [not, a, mapping]\n",
    V2_OLD,
    V2_NEW,
    "plan: {name: x\n",
    *(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))),
]
DAYS = [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2026, 6, 1)]


def audited(text: str | None, day: dt.date) -> AuditResult | None:
    return None if text is None else audit_text(text, "plan.yaml", Config(as_of=day))


def shown(m: movement_module.Movement | None) -> object:
    return None if m is None else m.to_dict()


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([*PLANS, None]),
    st.sampled_from([*PLANS, None]),
    st.sampled_from(DAYS),
    st.sampled_from(DAYS),
)
def test_movement_skips_only_what_is_untracked(
    old: str | None, new: str | None, old_day: dt.date, new_day: dt.date
) -> None:
    a, b = audited(old, old_day), audited(new, new_day)
    fast = movement_module.movement(a, b)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(progress_content, "may_record", lambda result: True)
        general = movement_module.movement(a, b)
    assert shown(fast) == shown(general)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(PLANS), st.sampled_from(DAYS))
def test_report_progress_sections_skip_only_what_is_untracked(text: str, day: dt.date) -> None:
    from ramaudit.report.progress_md import progress_lines
    from ramaudit.report.progress_svg import progress_section

    result = audited(text, day)
    assert result is not None
    fast = (progress_section(result, "p1", None), progress_lines(result, "##", None))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(progress_content, "may_record", lambda result: True)
        general = (progress_section(result, "p1", None), progress_lines(result, "##", None))
    assert fast == general


def value_changes_in_full(old: AuditResult | None, new: AuditResult | None) -> list[object]:
    """comparison._value_changes without its skip: every pair of items compared."""
    from ramaudit import comparison as c
    from ramaudit.core.model import kind_of

    before, after = c._items(old), c._items(new)
    out: list[object] = []
    for item_id, item in after.items():
        prev = before.get(item_id)
        if prev is None or kind_of(prev) != kind_of(item):
            continue
        metrics = c._metrics_in_words(prev) | c._metrics_in_words(item)
        was, now = c.shown_values(prev, metrics), c.shown_values(item, metrics)
        out.extend(
            c.ValueChange(c._ref(item), name, was.get(name), now.get(name))
            for name in dict.fromkeys([*was, *now])
            if was.get(name) != now.get(name)
        )
    return out


def revised(text: str) -> str:
    """Another version of a plan: amounts, percentages and days moved."""
    text = re.sub(r"(\d)00\b", r"\g<1>50", text)
    text = re.sub(r"(\d+)%", r"1\1%", text)
    return text.replace("done: true", "done: false").replace("-15", "-20")


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(PLANS), st.sampled_from(PLANS), st.booleans())
def test_value_changes_skip_only_items_with_nothing_shown(
    old: str, new: str, same_plan: bool
) -> None:
    from ramaudit.comparison import _value_changes

    day = DAYS[0]
    a, b = audited(old, day), audited(revised(old) if same_plan else new, day)
    assert _value_changes(a, b) == value_changes_in_full(a, b)


def test_revised_examples_show_value_changes() -> None:
    from ramaudit.comparison import _value_changes

    shown_any = False
    for text in PLANS:
        a, b = audited(text, DAYS[0]), audited(revised(text), DAYS[0])
        found = _value_changes(a, b)
        assert found == value_changes_in_full(a, b)
        shown_any |= bool(found)
    assert shown_any

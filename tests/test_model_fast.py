"""The walk's fast paths give what the slow paths gave: numbers by exact type, ISO
dates from the cache of days read, the name of an item worked out only for messages."""

import datetime as dt
import math
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramaudit.core import model
from ramaudit.core.loader import HugeNumber, Locator, load
from ramaudit.core.vocabulary import DEFAULT


def _info(field_name: str = "budget") -> Any:
    return SimpleNamespace(field_name=field_name, context=None)


def _slow_number(value: Any, name: str) -> Any:
    """The number check as it was before the fast path: by isinstance, in order."""
    if isinstance(value, bool | HugeNumber):
        return "refused"
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return "refused"
    if isinstance(value, float):
        return value if math.isfinite(value) else "refused"
    return "refused"


def _outcome(value: Any) -> Any:
    try:
        return model._number(value, _info())
    except Exception:
        return "refused"


@given(
    st.one_of(
        st.integers(),
        st.integers(min_value=2**990, max_value=2**1100),
        st.integers(max_value=-(2**990), min_value=-(2**1100)),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    )
)
def test_number_fast_path_matches_the_checks_in_order(value: Any) -> None:
    expected = _slow_number(value, "budget")
    got = _outcome(value)
    assert type(got) is type(expected)
    assert got == expected or (got != got and expected != expected)


def test_number_refuses_a_float_subclass_and_a_huge_number_as_before() -> None:
    assert _outcome(True) == "refused"
    assert _outcome(float("inf")) == "refused"
    assert _outcome(10**400) == "refused"


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_date_from_the_cache_is_the_date_read(day: dt.date) -> None:
    text = day.isoformat()
    model._DAYS.pop(text, None)
    first = model._date(text, _info("start"))
    again = model._date(text, _info("start"))
    assert first == again == day


@pytest.mark.parametrize("text", ["2027-02-30", " 2027-01-01", "Q3 2027", "2027-13-01"])
def test_dates_not_cached_are_read_as_before(text: str) -> None:
    model._DAYS.pop(text, None)
    for _ in range(2):
        try:
            got: Any = model._date(text, _info("end"))
        except Exception as exc:
            got = type(exc).__name__
        assert text not in model._DAYS or isinstance(got, dt.date)
    assert got == got  # the second call gave an answer too


def test_the_cache_of_days_is_bounded() -> None:
    assert model._DAYS_KEPT <= 1 << 14


PLAN = """\
plan: {name: P}
objectives:
  - {id: o-1, name: O}
tactics:
  - id: t-1
    objectives: o-1
    goal: g-1
    budget: TBD
    start: 2027-01-01
    end: 2027-13-01
    kpis:
      - {metric: leads, target: lots}
      - 7
  - id: [a]
  - 3
  - id: t-2
    objective: o-1
    objectives: [o-1]
"""


def test_messages_name_items_as_before() -> None:
    doc = load(PLAN)
    plan = model.build_plan(doc.data, Locator(doc.root, model.SPELLINGS), DEFAULT)
    messages = [
        d.message.split(":")[0].split(" must")[0].split(" has ")[0] for d in plan.diagnostics
    ]
    assert any(m.startswith("tactic 't-1'") for m in messages)
    assert any(m.startswith("KPI 'leads' of tactic 't-1'") for m in messages)
    assert any("the 2nd KPI of tactic 't-1'" in m for m in messages)
    assert any("the 2nd tactic in 'tactics'" in m for m in messages)
    assert any("the 3rd tactic in 'tactics'" in m for m in messages)
    assert any(m.startswith("tactic 't-2'") for m in messages)


KEYS = ["id", "kpis", "tactics", "name", "milestones", "campaigns"]


@given(st.dictionaries(st.sampled_from(KEYS), st.integers()), st.lists(st.sampled_from(KEYS)))
def test_without_skipped_keys_is_the_walks_copy(raw: dict[str, int], skip: list[str]) -> None:
    before = list(raw.items())
    expected = {k: v for k, v in raw.items() if k not in skip}
    got = model._without(raw, tuple(skip))
    assert list(got.items()) == list(expected.items())
    assert list(raw.items()) == before  # the loaded mapping itself is never changed


@given(st.booleans(), st.lists(st.builds(dict, metric=st.sampled_from(["leads", "mqls"]))))
def test_set_field_is_pydantics_assignment(with_kpis: bool, kpis: list[dict[str, str]]) -> None:
    raw: dict[str, Any] = {"id": "t-a", "kpis": kpis} if with_kpis else {"id": "t-a"}
    by_pydantic, by_walk = model.Tactic.model_validate(raw), model.Tactic.model_validate(raw)
    value = [model.KPI.model_validate(k) for k in kpis]
    by_pydantic.kpis = value
    model._set_field(by_walk, "kpis", value)
    assert by_walk.__dict__ == by_pydantic.__dict__
    assert by_walk.model_fields_set == by_pydantic.model_fields_set

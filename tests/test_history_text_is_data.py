"""Plan text and commit text are data in the movement of a diff and in every format of
``history``: hostile ids, metrics, currencies, subjects and paths never print raw."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings

from ramaudit.api import audit_text
from ramaudit.comparison import compare
from ramaudit.config.effective import Config
from ramaudit.history import HistoryPoint, PlanHistory
from ramaudit.report.diff import render_diff
from ramaudit.report.history import render_json, render_markdown, render_text
from test_plan_text_is_data import (
    assert_no_line_is_plan_text,
    check_markdown,
    hostile_text,
    unsafe_chars,
)

DAY = dt.date(2027, 2, 28)


def tracked_doc(h: str, value: float, spent: float) -> dict[str, Any]:
    return {
        "plan": {
            "name": "P" + h,
            "currency": "C" + h,
            "period": {"start": dt.date(2027, 1, 1), "end": dt.date(2027, 3, 31)},
        },
        "goals": [{"id": "g" + h, "name": "G" + h, "owner": "A" + h}],
        "objectives": [
            {
                "id": "o" + h,
                "goals": "g" + h,
                "owner": "A" + h,
                "kpis": [
                    {
                        "metric": "m" + h,
                        "target": 100,
                        "baseline": 0,
                        "checkins": [{"date": dt.date(2027, 2, 1), "value": value}],
                    }
                ],
            }
        ],
        "tactics": [
            {
                "id": "t" + h,
                "objectives": "o" + h,
                "budget": 1000,
                "expenses": [{"date": dt.date(2027, 2, 1), "amount": spent}],
            },
            {"id": "r" + h, "budget": 50, "spent": spent / 2},
        ],
    }


def audited(h: str, value: float, spent: float):
    text = yaml.safe_dump(tracked_doc(h, value, spent), allow_unicode=False, sort_keys=False)
    return audit_text(text, f"dir{h}.yaml", Config(as_of=DAY))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_the_movement_is_escaped_in_every_diff_format(h: str) -> None:
    diff = compare(audited(h, 20, 100), audited(h, 45, 300))
    if diff.unparsed:  # a lone surrogate escape is a YAML error: nothing to compare
        return
    assert diff.movement is not None and diff.movement.key_results
    coloured = render_diff("text", [diff], color=True)
    # rich's colours are the only escape sequences: SGR and nothing else
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert "\x1b" not in plain
    for text in (plain, render_diff("text", [diff])):
        assert unsafe_chars(text) == []
        assert_no_line_is_plan_text(text)
    document = render_diff("markdown", [diff])
    assert unsafe_chars(document) == []
    assert_no_line_is_plan_text(document)
    check_markdown(document)
    data = json.loads(render_diff("json", [diff]))["plans"][0]["movement"]
    assert diff.new is not None and diff.new.plan is not None
    assert data["key_results"][0]["metric"] == diff.new.plan.objectives[0].kpis[0].metric
    assert data["currency"] == diff.new.plan.currency


def history_of(h: str) -> PlanHistory:
    points = (
        HistoryPoint(DAY, "abc" + h, "S" + h, 49, 0.3, 0.5, 200, 1000, 10, 50, "C" + h, "p" + h),
        HistoryPoint(DAY, "def", "T" + h, None, None, None, None, None, None, error="E" + h),
        HistoryPoint(DAY, "f00", "U" + h, 50, 0.4, 0.6, 300, 1000, 20, 50, "D" + h, "p" + h),
    )
    return PlanHistory("plan" + h, points, since="v" + h)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_every_history_format_escapes_commit_and_plan_text(h: str) -> None:
    history = history_of(h)
    for width in (40, 80, 120):
        text = render_text(history, _options(width))
        assert unsafe_chars(text) == []
        assert_no_line_is_plan_text(text)
    document = render_markdown(history)
    assert unsafe_chars(document) == []
    assert_no_line_is_plan_text(document)
    check_markdown(document)
    data = json.loads(render_json(history))
    assert [p["subject"] for p in data["points"]] == ["S" + h, "T" + h, "U" + h]
    assert data["plan"] == "plan" + h and data["points"][1]["error"] == "E" + h


def _options(width: int):
    from ramaudit.report import RenderOptions

    return RenderOptions(color=False, width=width)

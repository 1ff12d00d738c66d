"""Wording helpers shared by rule messages (rules/base.py)."""

import pytest

from ramaudit.rules.base import article, count, with_article


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("objective", "an objective"),
        ("goal", "a goal"),
        ("tactic", "a tactic"),
        ("segment", "a segment"),
        ("owner", "an owner"),
        ("activity metric", "an activity metric"),
        ("unit", "a unit"),
        ("user", "a user"),
        ("hour", "an hour"),
        ("KPI", "a KPI"),
    ],
)
def test_with_article_puts_the_right_article_before_a_word(word, expected):
    assert with_article(word) == expected
    assert article(word) == expected.split()[0]


def test_count_agrees_with_its_number():
    assert count(1, "piece") == "1 piece"
    assert count(3, "piece") == "3 pieces"
    assert count(0, "entry", "entries") == "0 entries"
    assert count(1, "entry", "entries") == "1 entry"

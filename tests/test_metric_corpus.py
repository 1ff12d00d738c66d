"""The metric vocabulary measured against real metric names.

``tests/data/metrics/metrics.csv`` holds metric and key-result names taken from public
plans, each labelled by hand (the policy is in ``tests/data/metrics/README.md``). The
classifier must agree with the labels on nearly all of them; every row it gets wrong is
printed (``pytest -s``) and named in the failure message, so a change to the vocabulary
shows at once what it gained and what it lost.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ramaudit.core.vocabulary import DEFAULT, Vocabulary

CORPUS = Path(__file__).parent / "data" / "metrics" / "metrics.csv"
# The share of rows the classifier must label as the hand labels do.
REQUIRED = 0.97
KINDS = ("activity", "outcome", "neither")
DIRECTIONS = ("increase", "decrease")


def _rows() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def kind_of(vocab: Vocabulary, metric: str) -> str:
    if vocab.is_vanity(metric):
        return "activity"
    if vocab.is_outcome(metric):
        return "outcome"
    return "neither"


def direction_of(vocab: Vocabulary, metric: str) -> str:
    return "decrease" if vocab.is_decreasing(metric) else "increase"


def _misses(column: str, classify: object) -> list[str]:
    out = []
    for row in _rows():
        got = classify(DEFAULT, row["metric"])  # type: ignore[operator]
        if got != row[column]:
            out.append(f"{row['metric']!r}: labelled {row[column]}, classified {got}")
    return out


def _report(column: str, misses: list[str]) -> str:
    total = len(_rows())
    share = 1 - len(misses) / total
    lines = [f"{column}: {total - len(misses)}/{total} agree ({share:.1%})", *misses]
    text = "\n  ".join(lines)
    print(text)
    return text


def test_corpus_is_well_formed() -> None:
    rows = _rows()
    assert len(rows) >= 300
    for row in rows:
        assert row["metric"].strip(), row
        assert row["kind"] in KINDS, row
        assert row["direction"] in DIRECTIONS, row
        assert row["source"].startswith(("http://", "https://")) or ":" in row["source"], row


def test_no_source_gives_more_than_forty_percent() -> None:
    rows = _rows()
    by_source: dict[str, int] = {}
    for row in rows:
        source = row["source"]
        # A repository counts once, whatever its files; a site counts once, whatever its pages.
        key = source.split("/")[2] if source.startswith("http") else source.split(":")[0]
        by_source[key] = by_source.get(key, 0) + 1
    assert max(by_source.values()) <= 0.4 * len(rows), by_source


@pytest.mark.parametrize(("column", "classify"), [("kind", kind_of), ("direction", direction_of)])
def test_classifier_agrees_with_the_hand_labels(column: str, classify: object) -> None:
    misses = _misses(column, classify)
    report = _report(column, misses)
    assert 1 - len(misses) / len(_rows()) >= REQUIRED, report

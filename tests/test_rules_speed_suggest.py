"""The did-you-mean shortlist that skips the pieces every candidate has (and ranks by
a stable sort) gives ``Counter.most_common`` of counting every piece, in its order."""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core import suggest
from ramaudit.core.suggest import Suggester


def _index(candidates: list[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        for piece in suggest._pieces(candidate):
            index.setdefault(piece, []).append(i)
    return index


def _counted(index: dict[str, list[int]], word: str) -> list[int]:
    """The shortlist as it was made: every piece counted, ranked by most_common."""
    counts: Counter[int] = Counter()
    for piece in suggest._pieces(word):
        postings = index.get(piece)
        if postings is not None and len(postings) <= suggest.COMMON_PIECE:
            counts.update(postings)
    return [i for i, _ in counts.most_common(suggest.SHORTLIST)]


_suffix = st.text(alphabet="ab-_017", min_size=0, max_size=6)


@settings(max_examples=120, deadline=None)
@given(
    st.integers(min_value=501, max_value=suggest.COMMON_PIECE + 20),
    st.lists(_suffix, max_size=20),
    st.lists(st.one_of(_suffix.map(lambda s: "o-" + s), _suffix), min_size=1, max_size=6),
)
def test_shortlist_is_most_common_of_every_piece(
    n: int, extra: list[str], words: list[str]
) -> None:
    # ids sharing a start ("o-0"), as a plan's numbered ids do: those pieces are in
    # every candidate (up to COMMON_PIECE of them) and are then not counted
    candidates = list(dict.fromkeys([f"o-{i:05d}" for i in range(n)] + ["o-" + e for e in extra]))
    index = _index(candidates)
    for word in [*words, "o-missing-517", "o_00607", "O-0000", ""]:
        assert suggest._most_common(index, word, len(candidates)) == _counted(index, word)


@settings(max_examples=60, deadline=None)
@given(st.lists(_suffix, max_size=20), st.lists(_suffix, min_size=1, max_size=4))
def test_suggester_with_every_candidate_sharing_a_piece_answers_as_before(
    extra: list[str], words: list[str]
) -> None:
    candidates = list(dict.fromkeys([f"o-{i:05d}" for i in range(700)] + ["o-" + e for e in extra]))
    fast = Suggester(candidates)
    index = _index(candidates)
    for word in [*words, *("o-" + w for w in words)]:
        pool = [fast._pairs[i] for i in _counted(index, word)]
        assert fast._pool(word) == pool
        best = suggest._best(word, pool, 0.6)
        assert fast(word) == best


def test_a_piece_in_every_candidate_counted_first_or_last_keeps_the_order() -> None:
    # "o-m" is in no candidate; "\0o-", "o-0" and "-00" are in all; "17\0" in some
    candidates = [f"o-{i:05d}" for i in range(600)]
    index = _index(candidates)
    for word in ("o-missing-517", "o-00517", "x17", "o-0"):
        assert suggest._most_common(index, word, len(candidates)) == _counted(index, word)


def test_suggestions_do_not_depend_on_string_hashing() -> None:
    # Equal counts rank in the order first counted, which followed a set's order of the
    # word's pieces, and so PYTHONHASHSEED. Here 45 ids share the piece that starts "ab"
    # and 45 the piece that ends it, one count each: the shortlist (40) held only the
    # group counted first, so the answer was 'ab00' under some seeds and '00ab' under
    # others. Counted in the word's order, it is 'ab00' (the longer shared start).
    import subprocess
    import sys

    code = (
        "from ramaudit.core.suggest import Suggester\n"
        "ids = [f'x{i:04d}' for i in range(500)]\n"
        "ids += [f'ab{i:02d}' for i in range(45)] + [f'{i:02d}ab' for i in range(45)]\n"
        "print(Suggester(ids)('ab'))\n"
    )
    answers = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert answers == {"ab00"}

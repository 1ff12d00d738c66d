"""The did-you-mean's fast paths (bounds sorted and cut short, lower-case forms and
shortlists made once) give the answers of scoring every candidate with difflib."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core import suggest
from ramaudit.core.suggest import Suggester


def _reference_best(word: str, pool: list[str], cutoff: float) -> str | None:
    """Every candidate scored as difflib.get_close_matches scores it, the highest ratio
    winning, then the longest shared start, then the first given."""
    lowered = word.lower()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(lowered)
    best: tuple[float, int] | None = None
    found = None
    for candidate in pool:
        matcher.set_seq1(candidate.lower())
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            continue
        ratio = matcher.ratio()
        if ratio < cutoff:
            continue
        rank = (ratio, suggest._shared_start(lowered, candidate.lower()))
        if best is None or rank > best:
            best, found = rank, candidate
    return found


def _reference_certain(
    word: str, best: str, pool: list[str], cutoff: float, same: Callable[[str], object] | None
) -> bool:
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word.lower())
    matcher.set_seq1(best.lower())
    top = matcher.ratio()
    floor = max(cutoff, top - suggest.STANDS_OUT) if top >= suggest.NEAR_MISS else cutoff
    mine = best if same is None else same(best)
    for candidate in pool:
        matcher.set_seq1(candidate.lower())
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        if matcher.ratio() >= floor and (candidate if same is None else same(candidate)) != mine:
            return False
    return True


def _reference_shortlist(candidates: list[str], word: str) -> list[str]:
    index: dict[str, list[int]] = {}
    for i, candidate in enumerate(candidates):
        for piece in suggest._pieces(candidate):
            index.setdefault(piece, []).append(i)
    counts: Counter[int] = Counter()
    for piece in suggest._pieces(word):
        postings = index.get(piece)
        if postings is not None and len(postings) <= suggest.COMMON_PIECE:
            counts.update(postings)
    return [candidates[i] for i, _ in counts.most_common(suggest.SHORTLIST)]


def _reference(candidates: list[str], word: str, cutoff: float) -> tuple[str | None, str | None]:
    unique = list(dict.fromkeys(candidates))
    pool = unique if len(unique) <= suggest.EXACT_LIMIT else _reference_shortlist(unique, word)
    best = _reference_best(word, pool, cutoff)
    only = best if best is not None and _reference_certain(word, best, pool, cutoff, None) else None
    return best, only


# A small alphabet with case, so that ties, repeats and case-insensitive matches are common.
_words = st.text(alphabet="abAB-01", max_size=8)


@settings(max_examples=400, deadline=None)
@given(st.lists(_words, max_size=30), _words, st.sampled_from([0.0, 0.5, 0.6, 0.8]))
def test_few_candidates_answer_as_difflib_scoring_all(
    candidates: list[str], word: str, cutoff: float
) -> None:
    fast = Suggester(candidates, cutoff)
    assert (fast(word), fast.only(word)) == _reference(candidates, word, cutoff)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abcxyz-0123", min_size=1, max_size=9), min_size=1), _words)
def test_many_candidates_answer_as_difflib_scoring_the_shortlist(
    extra: list[str], word: str
) -> None:
    # past EXACT_LIMIT, so the shortlist is used
    candidates = [f"t-{i:05d}" for i in range(suggest.EXACT_LIMIT)] + extra
    fast = Suggester(candidates)
    for asked in (word, "t-0012", "T-00499x", extra[0]):
        assert (fast(asked), fast.only(asked)) == _reference(candidates, asked, 0.6)


def test_only_with_same_counts_spellings_of_one_id_as_one() -> None:
    candidates = ["o-leads", "plan:o-leads", "o-lead"]
    same = {"o-leads": "o-leads", "plan:o-leads": "o-leads", "o-lead": "o-lead"}.get
    fast = Suggester(candidates)
    assert fast.only("o-leadz", same) == (
        "o-leads" if _reference_certain("o-leadz", "o-leads", candidates, 0.6, same) else None
    )

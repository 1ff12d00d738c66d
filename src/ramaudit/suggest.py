"""Did-you-mean suggestions that stay fast when a plan has thousands of ids.

:func:`difflib.get_close_matches` compares a word with every candidate, so suggesting
an id for each of thousands of broken links in a plan with thousands of ids takes
quadratic time. :class:`Suggester` asks difflib directly while the candidates are few,
which is every hand-written plan, and otherwise first shortlists the candidates that
share the most three-character pieces with the word.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

# Up to this many candidates difflib sees them all (about a millisecond a word).
EXACT_LIMIT = 500
# Candidates difflib sees after shortlisting.
SHORTLIST = 40
# A three-character piece found in more candidates than this tells them apart too
# little to be worth counting (the "o-0" that every objective id starts with).
COMMON_PIECE = 1000


def _pieces(word: str) -> set[str]:
    padded = f"\0{word}\0"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Suggester:
    """The closest of ``candidates`` to a word, as :func:`difflib.get_close_matches`
    with ``n=1`` would find it (exactly so up to :data:`EXACT_LIMIT` candidates)."""

    def __init__(self, candidates: Iterable[str], cutoff: float = 0.6) -> None:
        self.candidates = list(dict.fromkeys(candidates))
        self.cutoff = cutoff
        self._index: dict[str, list[int]] | None = None
        self._cache: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        pool = self.candidates
        if len(pool) > EXACT_LIMIT:
            pool = self._shortlist(word)
        found = difflib.get_close_matches(word, pool, n=1, cutoff=self.cutoff)
        best = found[0] if found else None
        self._cache[word] = best
        return best

    def _shortlist(self, word: str) -> list[str]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, candidate in enumerate(self.candidates):
                for piece in _pieces(candidate):
                    index.setdefault(piece, []).append(i)
            self._index = index
        counts: Counter[int] = Counter()
        for piece in _pieces(word):
            postings = self._index.get(piece)
            if postings is not None and len(postings) <= COMMON_PIECE:
                counts.update(postings)
        return [self.candidates[i] for i, _ in counts.most_common(SHORTLIST)]


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """One-off suggestion; build a :class:`Suggester` to ask about many words."""
    return Suggester(candidates, cutoff)(word)

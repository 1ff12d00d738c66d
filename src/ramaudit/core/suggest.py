"""Did-you-mean suggestions that stay fast when a plan has thousands of ids.

:func:`difflib.get_close_matches` compares a word with every candidate, so suggesting
an id for each of thousands of broken links in a plan with thousands of ids takes
quadratic time. :class:`Suggester` asks difflib directly while the candidates are few,
which is every hand-written plan, and otherwise first shortlists the candidates that
share the most three-character pieces with the word.

Every did-you-mean in ramaudit (ids, rule codes and names, configuration keys) goes
through :func:`closest`, so one misspelling gets one answer everywhere. Case is
ignored, and among equally close candidates the one sharing the longest start with
the word wins (``RA1O1`` -> ``RA101``, not ``RA311``), then the first given.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from operator import itemgetter

# Up to this many candidates difflib sees them all (about a millisecond a word).
EXACT_LIMIT = 500
# Candidates difflib sees after shortlisting.
SHORTLIST = 40
# A three-character piece found in more candidates than this tells them apart too
# little to be worth counting (the "o-0" that every objective id starts with).
COMMON_PIECE = 1000


def _pieces(word: str) -> list[str]:
    """The word's three-character pieces, each once, in the order they come: a set's
    order would change with the interpreter's string hashing, and with it the order in
    which equal counts are first counted, and so a tie's answer, from run to run."""
    padded = f"\0{word.lower()}\0"
    return list(dict.fromkeys([padded[i : i + 3] for i in range(len(padded) - 2)]))


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _bounded(
    lowered: str, pool: Sequence[tuple[str, str]], floor: float
) -> list[tuple[float, int]]:
    """The candidates of ``pool`` (each with its lower-case form) that difflib's cheap
    upper bounds (``real_quick_ratio``, then ``quick_ratio``) do not rule out at
    ``floor``, as (bound, index in pool), the highest bound first. The bounds are
    difflib's, worked out inline: this loop runs for every candidate shortlisted."""
    counts: dict[str, int] = {}
    for ch in lowered:
        counts[ch] = counts.get(ch, 0) + 1
    size = len(lowered)
    out: list[tuple[float, int]] = []
    for i, (_, low) in enumerate(pool):
        n = len(low)
        length = size + n
        if not length:  # two empty texts: difflib's ratio is 1
            if floor <= 1.0:
                out.append((1.0, i))
            continue
        if 2.0 * (n if n < size else size) / length < floor:
            continue
        # the characters both have, as multisets: quick_ratio's numerator
        avail = counts.copy()
        matches = 0
        for ch in low:
            left = avail.get(ch, 0)
            if left > 0:
                avail[ch] = left - 1
                matches += 1
        bound = 2.0 * matches / length
        if bound >= floor:
            out.append((bound, i))
    out.sort(key=lambda pair: -pair[0])  # stable: equal bounds keep the pool's order
    return out


def _best(word: str, pool: Sequence[tuple[str, str]], cutoff: float) -> str | None:
    """The closest of ``pool`` (candidates with their lower-case forms), scored as
    :func:`difflib.get_close_matches` scores, ties broken by the shared start, then by
    the order of ``pool``.

    The candidates are scored in the order of their upper bound, and scoring stops
    once no bound left can reach the best ratio found: such a candidate can neither
    beat it nor tie it, so the answer is the one scoring them all would give."""
    lowered = word.lower()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(lowered)
    best: tuple[float, int, int] | None = None
    for bound, i in _bounded(lowered, pool, cutoff):
        if best is not None and bound < best[0]:
            break
        low = pool[i][1]
        matcher.set_seq1(low)
        ratio = matcher.ratio()
        if ratio < cutoff:
            continue
        rank = (ratio, _shared_start(lowered, low), -i)
        if best is None or rank > best:
            best = rank
    return None if best is None else pool[-best[2]][0]


# A did-you-mean is certain enough to be made unasked (``check --fix``) when no other
# candidate is close at all, or when it is a near miss (this alike or more) and every
# other candidate is at least STANDS_OUT less alike: ``o_00018`` is ``o-00018``
# (0.86), not ``o-00017`` (0.71), but ``o-00019`` is neither for sure.
NEAR_MISS = 0.8
STANDS_OUT = 0.1


def _certain(
    word: str,
    best: str,
    pool: Sequence[tuple[str, str]],
    cutoff: float,
    same: Callable[[str], object] | None,
) -> bool:
    """Whether ``best`` is the one candidate of ``pool`` (candidates with their
    lower-case forms) close to ``word`` (those that ``same`` maps to one thing count
    as one)."""
    lowered = word.lower()
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(lowered)
    matcher.set_seq1(best.lower())
    top = matcher.ratio()
    floor = max(cutoff, top - STANDS_OUT) if top >= NEAR_MISS else cutoff
    mine = best if same is None else same(best)
    for _, i in _bounded(lowered, pool, floor):
        candidate, low = pool[i]
        matcher.set_seq1(low)
        if matcher.ratio() >= floor and (candidate if same is None else same(candidate)) != mine:
            return False
    return True


class Suggester:
    """The closest of ``candidates`` to a word, scored as
    :func:`difflib.get_close_matches` scores (every candidate is scored up to
    :data:`EXACT_LIMIT` of them)."""

    def __init__(self, candidates: Iterable[str], cutoff: float = 0.6) -> None:
        self.candidates = list(dict.fromkeys(candidates))
        self.cutoff = cutoff
        # each candidate with its lower-case form, made once rather than per word asked
        self._pairs = [(c, c.lower()) for c in self.candidates]
        self._index: dict[str, list[int]] | None = None
        self._cache: dict[str, str | None] = {}
        self._only: dict[str, str | None] = {}
        self._shortlists: dict[str, list[tuple[str, str]]] = {}

    def __call__(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        best = _best(word, self._pool(word), self.cutoff)
        self._cache[word] = best
        return best

    def only(self, word: str, same: Callable[[str], object] | None = None) -> str | None:
        """The closest candidate when it is the one close match (see
        :data:`NEAR_MISS`), else None: a did-you-mean certain enough to be made without
        asking (``check --fix``). ``same`` maps candidates that name one thing (an id
        bare and qualified) to one value."""
        if word in self._only:  # one Suggester is always asked with the same ``same``
            return self._only[word]
        best = self(word)
        if best is not None and not _certain(word, best, self._pool(word), self.cutoff, same):
            best = None
        self._only[word] = best
        return best

    def _pool(self, word: str) -> list[tuple[str, str]]:
        """The candidates difflib scores for ``word``: all of them up to
        :data:`EXACT_LIMIT`, else its shortlist (made once per word: ``only`` asks
        again about the word ``__call__`` was asked about)."""
        if len(self._pairs) <= EXACT_LIMIT:
            return self._pairs
        pool = self._shortlists.get(word)
        if pool is None:
            pool = self._shortlists[word] = self._shortlist(word)
        return pool

    def _shortlist(self, word: str) -> list[tuple[str, str]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, candidate in enumerate(self.candidates):
                for piece in _pieces(candidate):
                    index.setdefault(piece, []).append(i)
            self._index = index
        return [self._pairs[i] for i in _most_common(self._index, word, len(self._pairs))]


def _most_common(index: dict[str, list[int]], word: str, n: int) -> list[int]:
    """The first :data:`SHORTLIST` of ``Counter.most_common`` over the postings of the
    word's pieces (those in at most :data:`COMMON_PIECE` candidates), in its order: the
    most pieces shared first, equal counts in the order first counted.

    A piece that every one of the ``n`` candidates has (the ``o-`` that starts every
    objective id of a plan with a thousand of them) adds one to every count, so it is
    not counted: it changes no order but for where the candidates it counts first would
    stand, which is kept (``first``: those counted before it, in their order; every
    other candidate after them in pool order, as its postings are). Ranked by a stable
    sort, which most_common's ``heapq.nlargest`` is documented to equal."""
    counts: Counter[int] = Counter()
    first: list[int] | None = None  # the candidates counted before a piece all have
    for piece in _pieces(word):
        postings = index.get(piece)
        if postings is None or len(postings) > COMMON_PIECE:
            continue
        if len(postings) == n:
            if first is None:
                first = list(counts)
            continue
        counts.update(postings)
    if first is None:
        ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)
        return [i for i, _ in ranked[:SHORTLIST]]
    early = set(first)
    order = first + sorted(i for i in counts if i not in early)
    ranked = sorted(((i, counts[i]) for i in order), key=itemgetter(1), reverse=True)
    top = [i for i, _ in ranked[:SHORTLIST]]
    if len(top) < SHORTLIST:  # then the candidates that share only such pieces
        top += islice((i for i in range(n) if i not in counts), SHORTLIST - len(top))
    return top


# Suggesters kept for reuse by :func:`shared`, most recently made last.
_SHARED: dict[tuple[tuple[str, ...], float], Suggester] = {}
# How many candidate lists :func:`shared` remembers: a few per plan an editor has open.
SHARED_LIMIT = 16


def shared(candidates: Iterable[str], cutoff: float = 0.6) -> Suggester:
    """A :class:`Suggester` for ``candidates`` that remembers its answers across audits:
    a language server audits a plan again on every edit, and the same broken links are
    asked about the same ids each time. An answer depends on nothing but the word, the
    candidates in their order and the cutoff, so reuse is exact. Its :meth:`Suggester.only`
    must be asked without ``same`` (other callers may share it)."""
    key = (tuple(dict.fromkeys(candidates)), cutoff)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= SHARED_LIMIT:
            _SHARED.pop(next(iter(_SHARED)), None)
        found = _SHARED[key] = Suggester(key[0], cutoff)
    return found


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """One-off suggestion; build a :class:`Suggester` to ask about many words."""
    return Suggester(candidates, cutoff)(word)


def only_match(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """:func:`closest` when no other candidate is close too, else None."""
    return Suggester(candidates, cutoff).only(word)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``; did you mean 'x'?`` when :func:`closest` finds something, else ``''``."""
    found = closest(word, candidates)
    return f"; did you mean '{found}'?" if found else ""

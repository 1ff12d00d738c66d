"""Rule selection, the one way every part of ramaudit picks rules by selector.

A selector is a rule code (``RA101``), a code prefix (``RA1``, ``RA``), a rule name
(``orphan-tactic``) or ``ALL``, in any case and with blanks around it. Where selectors
disagree the more specific one wins, as in ruff: ``ALL`` counts 0, a prefix its length,
and a code or a name the length of the full code, so ``select = ["orphan-tactic"]``
beats ``ignore = ["RA1"]`` exactly as ``select = ["RA101"]`` does. On a tie ``ignore``
wins.

The library (:meth:`ramaudit.config.effective.Config.enabled`), configuration files,
command-line flags, ``per-file-ignores`` and ``severity`` all go through this module;
:func:`parse` is the strict reader configuration files and flags use, the rest read
selectors leniently (an unknown selector selects nothing).

A rule added with a later plan format (``Rule.since_format = 2``) judges a plan written
for an older one only when a ``select`` or ``extend-select`` names it by full code or
name (:func:`named`), as ruff runs a preview rule only when selected by code: a prefix
or ``ALL`` never turns it on there, so version-1 plans audit as before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ramaudit.rules.base import Rule

ALL = "ALL"
V = TypeVar("V")

_PREFIX = re.compile(r"RA\d*")


class SelectorError(ValueError):
    """A selector that names no rule; the message says why and suggests one."""


@functools.cache
def rules() -> tuple[type[Rule], ...]:
    """Every rule class, in code order."""
    from ramaudit.rules import ALL_RULES

    return ALL_RULES


@functools.cache
def _code_of_name() -> dict[str, str]:
    return {r.name: r.code for r in rules()}


def codes() -> tuple[str, ...]:
    """Every rule code, in code order."""
    return tuple(r.code for r in rules())


def parse(selector: object) -> str:
    """The selector in the form configuration keeps it (``ALL``, a rule name in lower
    case, a code or prefix in upper case); :class:`SelectorError` when it names no rule."""
    from ramaudit.config.effective import shown
    from ramaudit.core.suggest import did_you_mean

    if not isinstance(selector, str) or not selector.strip():
        raise SelectorError(f"expected a rule code, prefix or name, got {shown(selector)}")
    text = selector.strip()
    if text.upper() == ALL:
        return ALL
    if text.lower() in _code_of_name():
        return text.lower()
    upper = text.upper()
    if _PREFIX.fullmatch(upper) and any(code.startswith(upper) for code in codes()):
        return upper
    names = [*codes(), *_code_of_name()]
    raise SelectorError(f"unknown rule '{text}'{did_you_mean(text, names)}")


# Asked for every rule of every plan audited, about the same few selectors.
@functools.lru_cache(maxsize=1 << 14)
def _weight(code: str, selector: str) -> int:
    """How specifically one selector names ``code``: -1 not at all, 0 for ALL, else the
    length of the code or prefix it stands for."""
    text = selector.strip()
    if text.upper() == ALL:
        return 0
    named = _code_of_name().get(text.lower())
    if named is not None:
        return len(named) if named == code else -1
    prefix = text.upper()
    # An empty selector names nothing (configuration refuses it; the library ignores it).
    return len(prefix) if prefix and code.startswith(prefix) else -1


def specificity(code: str, selectors: Iterable[str]) -> int:
    """How specifically the most specific of ``selectors`` names ``code`` (-1: none does)."""
    # The table holds rule codes only: a prefix asked as a code ("RA") is answered
    # selector by selector, as ALL names it (0) and the table has no row for it.
    if isinstance(selectors, tuple) and code in _code_set():
        return _specificities(selectors).get(code, -1)
    return max((_weight(code, s) for s in selectors), default=-1)


@functools.cache
def _code_set() -> frozenset[str]:
    return frozenset(codes())


@functools.cache
def _prefixes() -> dict[str, tuple[str, ...]]:
    """Every leading part of every rule code (``R``, ``RA``, ``RA1``...) and the codes
    starting with it; the full codes are among the keys."""
    starts: dict[str, list[str]] = {}
    for code in codes():
        for end in range(1, len(code) + 1):
            starts.setdefault(code[:end], []).append(code)
    return {prefix: tuple(named) for prefix, named in starts.items()}


@functools.lru_cache(maxsize=256)
def _specificities(selectors: tuple[str, ...]) -> dict[str, int]:
    """:func:`specificity` of every rule code some selector names, worked out once per
    list of selectors: a resolved configuration selects every enabled code by name, and
    asking each code about each selector (as :func:`_weight` does) cost thousands of
    calls per run. The weights are :func:`_weight`'s."""
    best: dict[str, int] = {}
    for selector in selectors:
        text = selector.strip()
        named = _code_of_name().get(text.lower())
        if text.upper() == ALL:
            pairs = [(code, 0) for code in codes()]
        elif named is not None:
            pairs = [(named, len(named))]
        else:
            prefix = text.upper()
            pairs = [(code, len(prefix)) for code in _prefixes().get(prefix, ())]
        for code, weight in pairs:
            if weight > best.get(code, -1):
                best[code] = weight
    return best


def selects(code: str, selectors: Iterable[str]) -> bool:
    """Whether any of ``selectors`` names ``code``."""
    return specificity(code, selectors) >= 0


def chosen(code: str, select: Iterable[str], ignore: Iterable[str]) -> bool | None:
    """One layer's verdict on ``code``: True when ``select`` names it more specifically
    than ``ignore`` does, False when ``ignore`` names it at least as specifically, None
    when neither names it."""
    s, i = specificity(code, select), specificity(code, ignore)
    if s >= 0 and s > i:
        return True
    return False if i >= 0 else None


def apply_layer(
    enabled: Iterable[str],
    select: Iterable[str] | None,
    extend_select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> set[str]:
    """One layer of ruff-style selection on top of ``enabled``: a ``select`` starts over
    from nothing, ``extend_select`` adds, ``ignore`` removes."""
    picked = (*(select or ()), *extend_select)
    dropped = tuple(ignore)
    out = set() if select is not None else set(enabled)
    for code in codes():
        verdict = chosen(code, picked, dropped)
        if verdict:
            out.add(code)
        elif verdict is False:
            out.discard(code)
    return out


def named(selectors: Iterable[str]) -> set[str]:
    """The codes of ``selectors`` that name one rule by its full code or its name, not
    by a prefix or ALL: the rules the user asked for by name. A rule added with a later
    plan format runs on older plans only when selected so (``Rule.since_format``)."""
    by_name = _code_of_name()
    known = set(codes())
    out: set[str] = set()
    for selector in selectors:
        text = selector.strip()
        code = by_name.get(text.lower()) or text.upper()
        if code in known:
            out.add(code)
    return out


def matching(selectors: Iterable[str]) -> set[str]:
    """The codes any of ``selectors`` names (``per-file-ignores``)."""
    listed = list(selectors)
    return {code for code in codes() if selects(code, listed)}


def most_specific(code: str, table: Mapping[str, V]) -> V | None:
    """The value of the selector in ``table`` that names ``code`` most specifically
    (``severity``); on a tie the first written wins."""
    best, found = -1, None
    for selector, value in table.items():
        weight = _weight(code, selector)
        if weight > best:
            best, found = weight, value
    return found

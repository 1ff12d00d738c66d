"""Small pieces of English every output shares: articles, money amounts, lists.

They live in one place so that a rule message, the score's evidence and every report
spell an amount or an article the same way. Nothing here escapes anything: callers
that print plan text (a currency is plan text) escape it for their own format.
"""

from __future__ import annotations

from collections.abc import Iterable


def article(word: str) -> str:
    """``an`` before a vowel sound, else ``a``, judged from the spelling: enough for
    the kinds, fields and metric names messages put it before."""
    w = word.lower()
    if w.startswith(("uni", "use", "usa", "usu", "uti", "one", "eu")):
        return "a"  # a unit, a user, a one-off: a consonant sound
    if w.startswith(("hour", "honest")):
        return "an"
    return "an" if w[:1] in "aeiou" else "a"


def with_article(word: str) -> str:
    """``word`` with its indefinite article: ``an objective``, ``a goal``."""
    return f"{article(word)} {word}"


def money(amount: float, currency: str) -> str:
    """An amount in whole units with thousands separators, then its currency as the
    plan wrote it: ``370,000 USD``."""
    return f"{amount:,.0f} {currency}"


def listed(items: Iterable[str], conjunction: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c``: items as a sentence lists them."""
    words = list(items)
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"

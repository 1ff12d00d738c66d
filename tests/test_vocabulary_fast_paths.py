"""The placeholder questions' quick answer for a text holding no placeholder word
equals trying every placeholder in turn."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.vocabulary import DEFAULT, Vocabulary, normalise


def _names_nothing(vocab: Vocabulary, text: str) -> bool:
    words = f" {normalise(text)} "
    for _entry, padded in sorted(vocab._placeholder_words, key=lambda e: -len(e[1])):  # type: ignore[attr-defined]
        while padded in words:
            words = words.replace(padded, " ")
    return not words.strip()


def _placeholder_in(vocab: Vocabulary, text: str) -> str | None:
    raw = str(text).strip().lower()
    words = f" {normalise(text)} "
    for entry, padded in vocab._placeholder_words:  # type: ignore[attr-defined]
        if padded in words:
            return entry
    for mark in vocab._placeholder_marks:  # type: ignore[attr-defined]
        if raw == mark or (len(mark) > 1 and mark in raw):
            return mark
    return None


_pieces = st.sampled_from(
    [
        "TBD",
        "tbc",
        "to be decided",
        "n/a",
        "???",
        "?",
        "-",
        "lorem",
        "ipsum",
        "Priya",
        "Raman",
        "x.y",
        "(",
        ")",
        "TBD.",
        "to",
        "be",
        "Lorem Ipsum",
        "fixme",
        " ",
        "/",
        "a+b",
    ]
)
_texts = st.one_of(
    st.lists(_pieces, max_size=6).map(" ".join),
    st.lists(_pieces, max_size=6).map("".join),
    st.text(max_size=20),
)
_vocabularies = st.sampled_from(
    [
        DEFAULT,
        DEFAULT.extended(placeholders=["pending", "a+b", "(x)"]),
        Vocabulary(placeholders=()),
        Vocabulary(placeholders=("?", "--")),
    ]
)


@settings(max_examples=600, deadline=None)
@given(_vocabularies, _texts)
def test_placeholder_questions_answer_as_trying_every_placeholder(vocab, text) -> None:
    fresh = Vocabulary(**{f: getattr(vocab, f) for f in vocab.__dataclass_fields__})
    assert fresh.names_nothing(text) == _names_nothing(fresh, text)
    assert fresh.placeholder_in(text) == _placeholder_in(fresh, text)

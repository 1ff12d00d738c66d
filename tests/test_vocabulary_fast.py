"""normalise's one-pass reading of ASCII text against the camel split and the word
split it stands in for (ramaudit.core.vocabulary)."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from ramaudit.core import vocabulary
from ramaudit.core.vocabulary import DEFAULT, normalise


def general(text: str) -> str:
    spaced = vocabulary._CAMEL.sub(" ", text)
    return " ".join(w for w in vocabulary._SPLIT.split(spaced.lower()) if w)


# ASCII weighted towards what names are made of: letters of both cases, digits,
# separators, brackets, controls.
ASCII = st.text(st.sampled_from(string.ascii_letters + string.digits + " _-/()?.\t\x7f"))


@given(ASCII | st.text(st.characters(max_codepoint=127)) | st.text())
def test_normalise_reads_the_words_the_general_path_reads(text: str) -> None:
    assert normalise(text) == general(text)


@given(ASCII)
def test_placeholders_are_found_as_before(text: str) -> None:
    words = f" {general(text)} "
    expected = next((e for e, padded in DEFAULT._placeholder_words if padded in words), None)
    if expected is None:
        raw = text.strip().lower()
        marks = DEFAULT._placeholder_marks
        expected = next((m for m in marks if raw == m or (len(m) > 1 and m in raw)), None)
    assert DEFAULT.placeholder_in(text) == expected


def test_camel_case_and_capital_runs() -> None:
    for text in ("emailOpens", "Email_Opens", "HTMLPage", "ABC1D", "a1B", "IT admins (0)"):
        assert normalise(text) == general(text)
    assert normalise("emailOpens") == "email opens"

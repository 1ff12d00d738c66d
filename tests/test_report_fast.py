"""The renderers' faster forms against the plain ones they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.report import markdown
from ramaudit.report.escape import shown


def mermaid_text_by_characters(value: object, limit: int = 80) -> str:
    """mermaid_text as it was written first: one look-up per character."""
    flat = " ".join(shown(value).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return "".join(markdown._MERMAID_ENTITIES.get(ch, ch) for ch in flat)


@settings(max_examples=300, deadline=None)
@given(st.text('ab "#<>&`%;\n\t\u202e\x1b€'), st.sampled_from([80, 60, 5, 1]))
def test_mermaid_text_is_the_characters_replaced(text: str, limit: int) -> None:
    assert markdown.mermaid_text(text, limit) == mermaid_text_by_characters(text, limit)

"""The answers :mod:`ramaudit.report.escape` gives without its expressions (ASCII
output) are the ones the expressions give."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ramaudit.report import escape

# ASCII and the characters the expressions match, mixed, so both paths are taken.
TEXT = st.text(
    st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from("\x7f\x85\x9f\u2028\u2029\u202e\u200b\u200c\u200d\ufeff\ud800\uffff"),
    )
)


@given(st.lists(TEXT, max_size=4))
def test_json_text_equals_the_expression(values):
    text = json.dumps(values, indent=2, ensure_ascii=False)
    slow = escape._JSON_RAW.sub(escape._json_escape, text) + "\n"
    assert escape.json_text(values) == slow
    assert json.loads(escape.json_text(values)) == values


@given(TEXT)
def test_xml_document_equals_the_expression(text):
    broken = escape._DATA_LINE_BREAK.sub("&#10;", text)
    slow = escape._XML_REF.sub(lambda m: f"&#{ord(m.group())};", broken)
    assert escape.xml_document(text) == slow


def test_ascii_output_is_answered_without_compiling(monkeypatch):
    fresh = escape._Pattern(escape._JSON_RAW._source)
    monkeypatch.setattr(escape, "_JSON_RAW", fresh)
    assert escape.json_text({"id": "t-1", "tab": "\t"}) == '{\n  "id": "t-1",\n  "tab": "\\t"\n}\n'
    assert fresh._compiled is None
    assert escape.json_text(["\x7f"]) == '[\n  "\\u007f"\n]\n'
    assert fresh._compiled is not None

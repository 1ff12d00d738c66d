"""RA001 yaml-syntax: a file that does not parse is reported at the mistake, with its
likely cause and one sentence of fix."""

import pytest

from conftest import audit_yaml, findings, positions
from ramaudit.rules.yaml_syntax import _Text


def test_unclosed_quote_is_reported_where_the_quote_opens():
    # libyaml notices at the end of the file; the mistake is the quote that never closes.
    text = """
    plan:
      name: "Q3 plan
    goals: []
    """
    (f,) = findings(text, "RA001")
    assert f.severity.value == "error"
    assert f.message == (
        'invalid YAML: the quoted text that starts here is never closed; end it with a matching "'
    )
    assert (f.line, f.column) == (2, 9)


# (plan text, line, column, words the message must hold): one common cause each.
CAUSES = [
    pytest.param(
        "plan:\n  name: Launch: phase 2\n",
        2,
        15,
        'put the whole value in quotes: name: "Launch: phase 2"',
        id="colon-in-unquoted-value",
    ),
    pytest.param(
        "plan:\n  name: x\ntactics:\n  - id: t1\n    name: Webinar: how to win\n",
        5,
        18,
        'quotes: name: "Webinar: how to win"',
        id="colon-in-list-item-value",
    ),
    pytest.param(
        "plan: {name: a: b}\n", 1, 15, "colon inside an unquoted value", id="colon-in-flow"
    ),
    pytest.param("plan:\n\tname: x\n", 2, 1, "indents with spaces only", id="tab-indent"),
    pytest.param(
        "plan:\n  name: x\n  \towner: y\n",
        3,
        3,
        "replace the tab with spaces",
        id="tab-after-spaces",
    ),
    pytest.param(
        'plan:\n  name: "Q3 plan\ngoals: []\n', 2, 9, 'end it with a matching "', id="double-quote"
    ),
    pytest.param(
        "plan:\n  name: 'Q3 plan\ngoals: []\n", 2, 9, "end it with a matching '", id="single-quote"
    ),
    pytest.param(
        "plan:\n  name: x\n  stakeholders: [a, b\ngoals: []\n",
        3,
        17,
        "the '[' list that opens here is never closed; end it with ']'",
        id="bracket-then-key",
    ),
    pytest.param(
        "plan:\n  name: x\n  stakeholders: [a, b",
        3,
        17,
        "the '[' list that opens here is never closed",
        id="bracket-at-end",
    ),
    pytest.param(
        "plan: {name: x\ngoals: []\n",
        1,
        7,
        "the '{' mapping that opens here is never closed; end it with '}'",
        id="brace",
    ),
    pytest.param(
        "plan:\n  name: [\n", 2, 9, "the '[' list that opens here is never closed", id="bare-["
    ),
    pytest.param(
        "plan:\n  name: x\n    owner: y\n",
        3,
        5,
        "indented more than the line above it (line 2)",
        id="indented-too-far",
    ),
    pytest.param(
        "plan:\n    name: x\n  owner: y\n",
        3,
        3,
        "keys of one mapping start in the same column",
        id="indented-too-little",
    ),
    pytest.param(
        "plan:\n  name: x\ntactics:\n  - id: t1\n    name: a\n   - id: t2\n",
        6,
        4,
        "starts at column 4, but the item above it (line 4) at column 3",
        id="list-item-one-space-in",
    ),
    pytest.param(
        "plan:\n  name: x\n  stakeholders:\n    - a\n  - b\n",
        5,
        3,
        "starts at column 3, but the item above it (line 4) at column 5",
        id="list-item-under-wrong-key-level",
    ),
    pytest.param(
        "plan:\n  name: x\n  stakeholders: a\n  - b\n",
        4,
        3,
        "the key above it on line 3 already has a value",
        id="list-item-after-a-value",
    ),
    pytest.param(
        "plan:\n  name: x\ntactics:\n  - id: t1\n  name: y\n",
        5,
        3,
        "sits at the column of the '-' items of the list that starts on line 4",
        id="key-at-list-column",
    ),
    pytest.param(
        'plan:\n  name: "Q3" plan\n', 2, 14, "text follows the closing quote", id="after-quote"
    ),
    pytest.param(
        "plan:\n  name: @home\n", 2, 9, "cannot start with '@'; put the value in quotes", id="at"
    ),
    pytest.param("plan:\n  name: *x\n", 2, 9, "'*x' refers to an anchor '&x'", id="star-as-text"),
    pytest.param(
        "plan:\n  name: x\nfoo", 3, 1, "this line has no ':' after its key", id="no-colon-at-end"
    ),
    pytest.param(
        "plan:\n  name: |x\n  y\n", 2, 10, "after '|' or '>' only a comment", id="block-scalar"
    ),
    pytest.param(
        'plan:\n  name: "a\\qb"\n', 2, 11, "write \\\\ for a backslash", id="unknown-escape"
    ),
    pytest.param(
        "plan:\n  name: a\x01b\n", 2, 10, "a character YAML does not allow (U+0001)", id="control"
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), CAUSES)
def test_each_common_cause_gets_its_own_fix_at_its_place(text, line, column, words):
    (f,) = findings(text, "RA001")
    assert words in f.message
    assert (f.line, f.column) == (line, column)
    assert f.message.startswith("invalid YAML: ")
    # the parser's own vocabulary stays out of the message
    for jargon in ("while parsing", "while scanning", "block mapping", "expected <", "token"):
        assert jargon not in f.message


@pytest.mark.parametrize(
    "text",
    [
        "plan:\n  name: [\n",
        "plan:\n  name: [\n\n\n",
        "plan:\n  name: x\n  owner: y\n  z\n\n\n",
        "plan:\n  name: {a: 1,\n",
        "%YAML 1.1\n",
        "plan:\n  name: 'x\n\n",
    ],
)
def test_an_error_at_the_end_of_the_file_points_inside_the_file(text):
    (f,) = findings(text, "RA001")
    lines = text.splitlines()
    assert 1 <= f.line <= len(lines)
    assert lines[f.line - 1].strip(), "points at a line that holds text"
    assert 1 <= f.column <= len(lines[f.line - 1])


def test_clamp_moves_a_position_past_the_end_back_to_the_last_line():
    src = _Text("plan:\n  name: x\n\n")
    assert src.clamp(4, 1) == (2, 9)
    assert src.clamp(2, 30) == (2, 9)
    assert src.clamp(1, 2) == (1, 2)


def test_tab_indentation_points_at_the_tab():
    assert positions("plan:\n\tname: x\n", "RA001") == [(2, 1)]


def test_two_documents_are_refused_with_a_clear_message():
    (f,) = findings("plan:\n  name: a\n---\nplan:\n  name: b\n", "RA001")
    assert "more than one YAML document" in f.message
    assert "remove the '---' line" in f.message
    assert f.line == 3


def test_a_plan_that_does_not_parse_gets_no_score_and_no_other_rule():
    result = audit_yaml('plan: {name: "x"\n')
    assert [f.code for f in result.findings] == ["RA001"]
    assert result.score is None


def test_valid_yaml_stays_quiet():
    assert positions("plan:\n  name: Fine\n", "RA001") == []

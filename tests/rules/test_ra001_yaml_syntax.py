"""RA001 yaml-syntax: a file that does not parse is reported where the parser stopped."""

from conftest import audit_yaml, findings, positions


def test_unclosed_quote_is_reported_where_the_quote_opens():
    # libyaml notices at the end of the file; the mistake is the quote that never closes.
    text = """
    plan:
      name: "Q3 plan
    goals: []
    """
    (f,) = findings(text, "RA001")
    assert f.severity.value == "error"
    assert f.message == "invalid YAML: The quoted string that starts here is never closed"
    assert (f.line, f.column) == (2, 9)


def test_tab_indentation_points_at_the_tab():
    assert positions("plan:\n\tname: x\n", "RA001") == [(2, 1)]


def test_two_documents_are_refused_with_a_clear_message():
    (f,) = findings("plan:\n  name: a\n---\nplan:\n  name: b\n", "RA001")
    assert "more than one YAML document" in f.message
    assert f.line == 3


def test_a_plan_that_does_not_parse_gets_no_score_and_no_other_rule():
    result = audit_yaml('plan: {name: "x"\n')
    assert [f.code for f in result.findings] == ["RA001"]
    assert result.score is None


def test_valid_yaml_stays_quiet():
    assert positions("plan:\n  name: Fine\n", "RA001") == []

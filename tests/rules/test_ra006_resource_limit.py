"""RA006 resource-limit: alias bombs and absurd nesting are refused, not expanded."""

from conftest import audit_yaml, findings, positions
from ramaudit.config.effective import Config

BOMB = """
plan:
  name: bomb
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
"""


def test_alias_bomb_over_the_limit_is_refused_where_it_grows_too_large():
    result = audit_yaml(BOMB, Config(max_nodes=5000))
    (f,) = [f for f in result.findings if f.code == "RA006"]
    assert "alias" in f.message
    assert (f.line, f.column) == (6, 4)
    assert result.score is None


def test_deep_nesting_is_refused():
    text = "plan:\n  name: deep\n  x: " + "[" * 120 + "]" * 120 + "\n"
    (f,) = findings(text, "RA006")
    assert "nesting deeper" in f.message
    assert f.line == 3


def test_the_same_document_under_the_limit_stays_quiet():
    assert [f.code for f in audit_yaml(BOMB).findings if f.code == "RA006"] == []
    assert positions("plan:\n  name: shallow\n", "RA006") == []

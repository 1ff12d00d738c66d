"""Inline suppressions: `# ramaudit: ignore[...]`, `ignore-file[...]`, RA900 and RA901."""

from __future__ import annotations

import json
import textwrap

from typer.testing import CliRunner

from conftest import audit_yaml
from ramaudit.cli import app
from ramaudit.config.effective import Config
from ramaudit.config.suppressions import comments, parse

runner = CliRunner()

HEAD = """\
plan:
  name: Test plan
goals:
  - id: g-pipeline
objectives:
  - id: o-leads
    goals: g-pipeline
    kpis:
      - {metric: qualified leads, target: 300}
tactics:
"""


def plan(tactics: str, head: str = HEAD) -> str:
    return head + textwrap.dedent(tactics)


def found(text: str, config: Config | None = None) -> list[tuple[str, int, int]]:
    """``(code, line, column)`` of the findings that matter here."""
    result = audit_yaml(text, config)
    keep = {"RA101", "RA202", "RA203", "RA001", "RA900", "RA901"}
    return [(f.code, f.line, f.column) for f in result.findings if f.code in keep]


def col(text: str, line: int, token: str) -> int:
    """1-based column of ``token`` on ``line``."""
    return text.splitlines()[line - 1].index(token) + 1


def messages(text: str, code: str, config: Config | None = None) -> list[str]:
    return [f.message for f in audit_yaml(text, config).findings if f.code == code]


def test_without_comments_the_findings_are_there():
    text = plan("""\
        - id: t-billboard
          name: Billboard
        """)
    assert ("RA101", 11, 7) in found(text) and ("RA202", 11, 7) in found(text)


def test_trailing_comment_on_the_item_line_covers_the_whole_item():
    text = plan("""\
        - id: t-billboard  # ramaudit: ignore[RA101, RA203] signed before the plan
          name: Billboard
          kpis:
            - metric: impressions
        """)
    # RA203 points at the KPI three lines below, but belongs to the same item.
    assert found(text) == []


def test_comment_on_the_key_line_the_finding_points_at():
    text = plan("""\
        - id: t-billboard
          objectives: o-leads
          kpis:
            - metric: impressions  # ramaudit: ignore[RA203] brand team owns it
        """)
    assert found(text) == []


def test_item_comment_does_not_cover_other_items_or_other_codes():
    text = plan("""\
        - id: t-billboard  # ramaudit: ignore[RA101] board decision
        - id: t-radio
        """)
    assert found(text) == [("RA202", 11, 7), ("RA101", 12, 7), ("RA202", 12, 7)]


def test_own_line_comment_applies_to_the_next_content_line():
    text = plan("""\
        # ramaudit: ignore[orphan-tactic, tactic-without-kpi] pilot, reviewed in Q2

        - id: t-billboard
        """)
    assert found(text) == []


def test_unused_code_is_reported_at_its_column():
    text = plan("""\
        - id: t-webinar  # ramaudit: ignore[RA101, RA202] trial
          objectives: o-leads
        """)
    # RA202 is used (no KPI); RA101 is not (the tactic is linked).
    assert found(text) == [("RA900", 11, col(text, 11, "RA101"))]
    assert messages(text, "RA900") == [
        "suppression of RA101 (orphan-tactic) matches no finding here; remove it"
    ]


def test_unknown_code_and_unknown_directive_are_reported():
    text = plan("""\
        - id: t-webinar  # ramaudit: ignore[RA202, RA2O2] x
          objectives: o-leads
        - id: t-radio  # ramaudit: ignroe[RA101]
        """)
    assert ("RA900", 11, col(text, 11, "RA2O2")) in found(text)
    assert ("RA900", 13, col(text, 13, "ignroe")) in found(text)
    assert messages(text, "RA900") == [
        "suppression names unknown rule 'RA2O2'; did you mean 'RA202'?",
        "unknown ramaudit directive 'ignroe'; did you mean 'ignore'?",
    ]
    assert ("RA101", 13, 7) in found(text)  # the misspelt directive hides nothing


def test_codes_without_brackets_are_reported_not_treated_as_blanket():
    text = plan("- id: t-radio  # ramaudit: ignore RA101\n")
    assert ("RA101", 11, 7) in found(text)
    assert messages(text, "RA900") == [
        "put the rules in brackets: ignore[RA101]; as written the comment covers nothing"
    ]


def test_an_unclosed_bracket_is_reported_not_treated_as_blanket():
    text = plan("- id: t-radio  # ramaudit: ignore[RA202 legacy\n")
    assert ("RA101", 11, 7) in found(text)
    assert ("RA900", 11, col(text, 11, "[RA202")) in found(text)
    assert messages(text, "RA900") == [
        "unclosed '[' after 'ignore'; as written the comment covers nothing"
    ]


def test_bare_ignore_covers_every_rule_and_is_reported_when_unused():
    text = plan("""\
        - id: t-radio  # ramaudit: ignore legacy
        - id: t-webinar
          objectives: o-leads  # ramaudit: ignore
          kpis:
            - {metric: qualified leads, target: 10}
        """)
    result = audit_yaml(text)
    assert [f.line for f in result.findings if f.line == 11] == []  # everything hidden
    assert found(text) == [("RA900", 13, col(text, 13, "#"))]
    assert messages(text, "RA900") == [
        "suppression of every rule matches no finding here; remove it"
    ]


def test_ignore_file_in_the_header_covers_the_whole_file():
    text = "# Q3 plan\n# ramaudit: ignore-file[RA101, RA202] migrating in Q4\n\n" + plan("""\
        - id: t-a
        - id: t-b
        """)
    assert found(text) == []


def test_ignore_file_after_content_is_reported_and_hides_nothing():
    text = plan("""\
        # ramaudit: ignore-file[RA101]
        - id: t-a
          kpis: [{metric: leads, target: 1}]
        """)
    assert ("RA101", 12, 7) in found(text)
    assert ("RA900", 11, 1) in found(text)
    assert "only in the comment block at the top" in messages(text, "RA900")[0]


def test_unused_ignore_file_is_reported():
    text = "# ramaudit: ignore-file[RA104]\n" + plan("""\
        - id: t-webinar
          objectives: o-leads
        """)
    assert found(text) == [("RA900", 1, 25), ("RA202", 12, 7)]
    assert messages(text, "RA900") == [
        "file-wide suppression of RA104 (idle-objective) matches no finding in this file; remove it"
    ]


def test_hash_inside_quoted_and_block_scalars_is_not_a_comment():
    text = plan("""\
        - id: t-a
          name: "Billboard # ramaudit: ignore[RA101]"
          description: 'it # ramaudit: ignore[RA202]'
          notes: |
            # ramaudit: ignore[RA101] this is text
        """)
    assert ("RA101", 11, 7) in found(text) and ("RA202", 11, 7) in found(text)
    assert not any(code == "RA900" for code, *_ in found(text))
    assert comments(text) == []


def test_disabled_rules_are_not_reported_as_unused():
    text = plan("""\
        - id: t-webinar  # ramaudit: ignore[RA101] linked since
          objectives: o-leads
        """)
    assert ("RA900", 11, col(text, 11, "RA101")) in found(text)
    assert found(text, Config(ignore=("RA101",))) == [("RA202", 11, 7)]
    # and with RA900 itself switched off nothing is reported about suppressions
    assert found(text, Config(ignore=("RA900",))) == [("RA202", 11, 7)]


def test_ra900_can_be_suppressed_by_naming_it():
    text = plan(
        "- id: t-web  # ramaudit: ignore[RA101, RA900] kept on purpose\n  objectives: o-leads\n"
    )
    assert found(text) == [("RA202", 11, 7)]


def test_require_reason():
    text = plan("""\
        - id: t-a  # ramaudit: ignore[RA101]
        - id: t-b  # ramaudit: ignore[RA101] approved by the CMO
        """)
    assert not any(c == "RA901" for c, *_ in found(text))
    strict = Config(require_reason=True)
    assert [f for f in found(text, strict) if f[0] == "RA901"] == [("RA901", 11, 12)]
    assert messages(text, "RA901", strict) == [
        "suppression of RA101 gives no reason; add one after the brackets, "
        "e.g. # ramaudit: ignore[...] <why this is fine>"
    ]


def test_invalid_yaml_cannot_be_suppressed_and_hides_no_unused_suppression():
    # The file was not audited: RA001 stays, and no comment is called unused (RA900),
    # since no rule looked for what the comments are about.
    text = (
        "# ramaudit: ignore-file[RA001] generated, fixed upstream\n"
        "plan:  # ramaudit: ignore[RA101] kept\n"
        "  name: [\n"
    )
    assert [code for code, _, _ in found(text)] == ["RA001"]


def test_a_suppression_naming_ra001_in_a_valid_file_is_reported():
    text = "# ramaudit: ignore-file[RA001] just in case\nplan:\n  name: P\n"
    (hit,) = [f for f in audit_yaml(text).findings if f.code == "RA900"]
    assert (hit.line, hit.column) == (1, 25)
    assert "RA001 (yaml-syntax) cannot be suppressed" in hit.message


def test_parse_reads_codes_names_and_reasons():
    [d] = parse("a: 1  # RAMAUDIT: ignore[ RA101 ,orphan-objective ] -- owner agreed\n")
    assert d.kind == "ignore"
    assert [(r.text, r.code) for r in d.codes] == [
        ("RA101", "RA101"),
        ("orphan-objective", "RA102"),
    ]
    assert d.reason == "owner agreed"
    assert d.target == 1


def test_cli_require_reason_and_counts(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(plan("- id: t-a  # ramaudit: ignore[RA101, RA202]\n"))
    result = runner.invoke(
        app,
        ["check", str(path), "--format", "json", "--select", "RA101,RA202,RA9", "--require-reason"],
    )
    doc = json.loads(result.stdout)
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["RA901"]
    assert doc["summary"]["error"] == 0 and doc["summary"]["warning"] == 1
    assert result.exit_code == 0

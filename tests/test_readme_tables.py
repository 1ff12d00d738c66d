"""The README's rule and score tables are generated from the code and must not drift."""

from __future__ import annotations

import pytest

from conftest import ROOT
from ramaudit.report import readme_tables as docs
from ramaudit.rules import ALL_RULES
from ramaudit.score.fitness import MEASURES, MODEL, QUESTION_MAX

README = ROOT / "README.md"
FIX = "run 'python -m ramaudit.report.readme_tables --write README.md' and commit the result"


@pytest.mark.parametrize("block", docs.BLOCKS)
def test_readme_block_matches_the_code(block):
    text = README.read_text(encoding="utf-8")
    assert docs.current_block(text, block) == docs.GENERATORS[block](), f"{block} drifted: {FIX}"


def test_rules_table_has_a_row_per_rule_in_code_order():
    rows = [line for line in docs.rules_table().splitlines()[2:]]
    assert [row.split(" | ")[0].strip("| ") for row in rows] == [r.code for r in ALL_RULES]
    (ra305,) = [row for row in rows if "RA305" in row]
    assert "`budget-overrun`" in ra305 and "| error |" in ra305 and "`tolerance = 0.0`" in ra305
    (ra204,) = [row for row in rows if "RA204" in row]
    assert "`include-tactics = false`" in ra204


def test_score_table_lists_every_criterion_with_its_weight():
    table = docs.score_table()
    for _qkey, _title, criteria in MODEL:
        assert sum(weight for _, _, weight in criteria) == QUESTION_MAX
        for ckey, _ctitle, weight in criteria:
            # The first row: the weights once a plan records its run list it again.
            row = next(line for line in table.splitlines() if f"(`{ckey}`)" in line)
            assert f"| {weight:g} |" in row
            assert MEASURES[ckey] in row.replace("\\|", "|")
    assert set(MEASURES) == {c for _, _, crits in MODEL for c, _, _ in crits}


def test_score_table_lists_the_weights_once_a_plan_records_its_run():
    from ramaudit.score import QUESTIONS

    table = docs.score_table()
    for q in QUESTIONS:
        if not q.tracking:
            continue
        tracked = [c.weight if c.tracked_weight is None else c.tracked_weight for c in q.criteria]
        assert sum(tracked) + sum(c.weight for c in q.tracking) == q.max
        for c in q.tracking:
            (row,) = [line for line in table.splitlines() if f"(`{c.key}`)" in line]
            assert f"| {c.weight:g} | {c.how_measured()} |" in row.replace("\\|", "|")


def test_cells_never_break_the_table():
    assert docs._cell("a | b\nc") == "a \\| b c"


SAMPLE = """# Title

<!-- rules-table:start -->
old rules
<!-- rules-table:end -->

text in between

<!-- score-table:start -->
<!-- score-table:end -->

<!-- config-table:start -->
<!-- config-table:end -->
"""


def test_refresh_replaces_only_the_blocks():
    fresh = docs.refresh(SAMPLE)
    assert fresh.startswith("# Title\n\n<!-- rules-table:start -->\n| Code |")
    assert "old rules" not in fresh
    assert "\ntext in between\n" in fresh
    assert docs.stale_blocks(fresh) == []
    assert docs.stale_blocks(SAMPLE) == ["rules-table", "score-table", "config-table"]
    assert docs.refresh(fresh) == fresh


def test_missing_or_swapped_markers_are_explained():
    with pytest.raises(docs.MarkerError, match="no '<!-- score-table:start -->'"):
        docs.refresh("<!-- rules-table:start -->\n<!-- rules-table:end -->\n")
    with pytest.raises(docs.MarkerError, match="comes before"):
        docs.current_block("<!-- rules-table:end -->\n<!-- rules-table:start -->\n", "rules-table")


def test_module_command_writes_checks_and_prints(tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(SAMPLE, encoding="utf-8")
    assert docs.main(["--check", str(readme)]) == 1
    assert "out of date: rules-table, score-table, config-table" in capsys.readouterr().err
    assert docs.main(["--write", str(readme)]) == 0
    assert docs.stale_blocks(readme.read_text(encoding="utf-8")) == []
    assert docs.main(["--check", str(readme)]) == 0
    assert docs.main(["--write", str(readme)]) == 0
    assert "nothing to write" in capsys.readouterr().out
    assert docs.main([]) == 0
    assert "| RA101 |" in capsys.readouterr().out


def test_module_command_reports_bad_files(tmp_path, capsys):
    assert docs.main(["--check", str(tmp_path / "missing.md")]) == 2
    plain = tmp_path / "plain.md"
    plain.write_text("# no markers\n", encoding="utf-8")
    assert docs.main(["--write", str(plain)]) == 2
    assert "markers" in capsys.readouterr().err
    assert plain.read_text(encoding="utf-8") == "# no markers\n"


def test_config_table_has_a_row_per_declared_setting():
    from ramaudit.config.declarations import SETTINGS

    rows = docs.config_table().splitlines()[2:]
    assert [row.split(" | ")[0].strip("|` ") for row in rows] == [s.key for s in SETTINGS]
    (fail_on,) = [row for row in rows if row.startswith("| `fail-on`")]
    assert "`--fail-on`" in fail_on and '`"error"`' in fail_on
    assert "error, warning, info or never" in fail_on
    (size,) = [row for row in rows if row.startswith("| `max-file-size`")]
    assert "`50MiB`" in size

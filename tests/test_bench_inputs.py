"""The benchmark's generated inputs are what its cases say they are (never timed here):
the sheet imports without a lost row, the revised plan is the same plan with a few
changes, and the table keeps the sections written after it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import gen_plan  # noqa: E402
import run  # noqa: E402
from ramaudit.api import audit_text  # noqa: E402
from ramaudit.authoring.csv_import import import_csv_text  # noqa: E402


def test_the_sheet_imports_every_row() -> None:
    result = import_csv_text(gen_plan.csv_text(200), "sheet.csv")
    assert not result.failed, result.problems
    assert result.counts["tactic"] == 200
    assert result.counts["objective"] == 20
    assert result.counts["kpi"] == 160  # four tactics in five carry one
    audited = audit_text(result.to_yaml(), "imported.yaml")
    assert audited.score is not None
    # Every tenth tactic names an objective that does not exist (a dangling link).
    assert sum(f.code == "RA005" for f in audited.findings) == 20


def test_the_revised_plan_is_the_plan_with_few_changes() -> None:
    old, new = gen_plan.plan_text(300), gen_plan.revised_plan_text(300)
    assert old.count("- id: t-") == 300
    assert new.count("- id: t-") == 297  # every 100th tactic (50, 150, 250) dropped
    before, after = audit_text(old, "a.yaml"), audit_text(new, "b.yaml")
    assert before.score is not None and after.score is not None
    # The tactics that named no objective now name one: fewer random acts (RA101).
    random_acts = [sum(f.code == "RA101" for f in r.findings) for r in (before, after)]
    assert random_acts[1] < random_acts[0]


def test_cases_are_selected_in_table_order_with_the_old_names() -> None:
    assert run.selected("server,parallel,version") == ["startup", "portfolio", "server"]
    assert "team" not in run.selected("workspace,team")
    assert "team" not in run.selected(None)
    with pytest.raises(SystemExit):
        run.selected("nonesuch")


def test_the_results_table_is_replaced_and_the_sections_after_it_kept(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\nold table\n\n## issue 99\n\nkept\n")
    run.write_results(results, "new table\n")
    text = results.read_text()
    assert "old table" not in text
    assert "new table" in text
    assert text.endswith("\n## issue 99\n\nkept\n")


def test_a_printed_row_is_not_judged() -> None:
    printed = run.row("case", run.Runs([2.0]), run.Runs([1.0]), None)
    judged = run.row("case", run.Runs([2.0]), run.Runs([1.0]), run.at_most(1.5))
    table = run.render([printed, judged])
    assert "| (printed) | – |" in table
    assert "| ≤ 1.5× | **no** |" in table


def test_an_unknown_profile_name_is_a_usage_error_not_a_traceback() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--profile", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown case 'nope'" in done.stderr and "large-json" in done.stderr
    assert "Traceback" not in done.stderr

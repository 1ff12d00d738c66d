"""Rules added with plan format 2 (``Rule.since_format = 2``) leave version-1 plans as
they were: they judge a plan that says ``version: 2``, and a version-1 plan only when
the user selected them by full code or name, never by a prefix or ALL (as ruff treats
preview rules)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ramaudit.config.effective import Config
from ramaudit.config.files import Overrides, Settings
from ramaudit.core.findings import Severity
from ramaudit.core.graph import build_graph
from ramaudit.core.loader import Locator, load
from ramaudit.core.model import SPELLINGS, build_plan
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.report.rule_docs import explain
from ramaudit.rules.base import Context, Problem, Rule, judges, run


class NewRule(Rule):
    """A rule of format 2 that reports every plan's name.

    ## What it does
    Reports the plan name.
    """

    code = "RA499"
    name = "new-rule"
    severity = Severity.WARNING
    since_format = 2

    def check(self, ctx: Context) -> Iterator[Problem]:
        yield Problem(("plan", "name"), "a plan")


class OldRule(NewRule):
    """A rule of format 1 that reports every plan's name."""

    code = "RA498"
    name = "old-rule"
    since_format = 1


V1 = "plan:\n  name: Plan\n"
V2 = "version: 2\nplan:\n  name: Plan\n"


def _context(text: str, explicit: frozenset[str] = frozenset()) -> Context:
    doc = load(text, extension_prefix="x-")
    locator = Locator(doc.root, SPELLINGS)
    plan = build_plan(doc.data, locator, DEFAULT)
    return Context(
        "plan.yaml", locator, plan, build_graph(plan), plan.diagnostics, explicit=explicit
    )


def _positions(text: str, explicit: frozenset[str] = frozenset()) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in run([NewRule, OldRule], _context(text, explicit))]


def test_a_format_2_rule_is_quiet_on_a_version_1_plan() -> None:
    assert _positions(V1) == [("RA498", 2, 9)]
    assert not judges(NewRule, _context(V1))


def test_a_format_2_rule_judges_a_plan_that_says_version_2() -> None:
    assert _positions(V2) == [("RA499", 3, 9), ("RA498", 3, 9)]
    assert _positions("version: 1\n" + V1) == [("RA498", 3, 9)]


def test_a_format_2_rule_judges_a_version_1_plan_when_selected_by_code() -> None:
    assert _positions(V1, frozenset({"RA499"})) == [("RA499", 2, 9), ("RA498", 2, 9)]


@pytest.mark.parametrize(
    ("select", "named"),
    [
        (("ALL",), set()),
        (("RA",), set()),
        (("RA1", "RA10"), set()),
        (("RA101",), {"RA101"}),
        ((" ra101 ",), {"RA101"}),
        (("orphan-objective", "RA2"), {"RA102"}),
        (("ORPHAN-TACTIC", "RA201", "RA9"), {"RA101", "RA201"}),
        (("RA777", "no-such-rule"), set()),
    ],
)
def test_only_a_full_code_or_a_name_selects_explicitly(
    select: tuple[str, ...], named: set[str]
) -> None:
    assert Config(select=select).named() == named


def _explicit(tmp_path: Path, file: str, overrides: Overrides) -> frozenset[str]:
    (tmp_path / ".ramaudit.toml").write_text(file)
    config = Settings(overrides).effective(tmp_path).config
    # Resolving says which codes were named, rather than reading select (which then
    # holds every enabled code in full).
    assert config.explicit is not None
    return config.named()


def test_files_and_flags_say_which_rules_were_selected_by_code(tmp_path: Path) -> None:
    both = Overrides(extend_select=("RA201",))
    assert _explicit(tmp_path, 'select = ["RA1"]\n', both) == {"RA201"}
    assert _explicit(tmp_path, 'select = ["orphan-tactic"]\n', Overrides()) == {"RA101"}
    assert _explicit(tmp_path, 'extend-select = ["RA102"]\n', Overrides()) == {"RA102"}
    # A later select starts over, and so does what it named; an ignore takes it back.
    assert _explicit(tmp_path, 'select = ["RA101"]\n', Overrides(select=("RA1",))) == set()
    assert _explicit(tmp_path, 'select = ["RA101"]\n', Overrides(ignore=("RA101",))) == set()
    assert _explicit(tmp_path, "", Overrides(select=("RA101,RA2",))) == {"RA101"}
    assert _explicit(tmp_path, "", Overrides()) == set()


def test_the_rule_docs_say_which_format_a_rule_judges() -> None:
    line = (
        "Judges plans written for format 2 (version: 2); select it by code to run it on "
        "version-1 plans."
    )
    assert line in explain(NewRule)
    assert "Judges plans" not in explain(OldRule)


SUPPRESSED = """\
plan:
  name: Plan
objectives:
  - id: o-a
    kpis:
      - metric: Launch the new website  # ramaudit: ignore[RA403] the launch is the point
"""


def _codes(text: str, select: tuple[str, ...]) -> list[tuple[str, int, int]]:
    from ramaudit.api import audit_text

    result = audit_text(text, "plan.yaml", Config(select=select))
    return [(f.code, f.line, f.column) for f in result.findings]


def test_a_suppression_of_a_rule_that_did_not_judge_the_plan_is_not_called_unused() -> None:
    # RA403 does not judge this version-1 plan, so it had nothing to match.
    assert _codes(SUPPRESSED, ("RA4", "RA900")) == []
    # Selected by code it judges the plan, and the suppression is used.
    assert _codes(SUPPRESSED, ("RA403", "RA900")) == []
    plain = SUPPRESSED.replace("Launch the new website", "qualified leads")
    assert _codes(plain, ("RA403", "RA900")) == [("RA900", 6, 53)]
    assert _codes("version: 2\n" + plain, ("RA4", "RA900")) == [("RA900", 7, 53)]


def test_the_command_line_selects_by_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ramaudit.cli import app

    plan = tmp_path / "plan.yaml"
    plan.write_text(SUPPRESSED.replace("  # ramaudit: ignore[RA403] the launch is the point", ""))
    runner = CliRunner()

    def check(*args: str) -> str:
        flags = ["check", str(plan), "--isolated", "--format", "concise", *args]
        return runner.invoke(app, flags).output

    assert "RA403" not in check("--select", "RA4")
    assert "RA403" not in check()
    assert ":6:17: RA403" in check("--select", "RA403")
    assert ":6:17: RA403" in check("--select", "RA1", "--extend-select", "task-key-result")


def test_a_baseline_entry_of_a_rule_that_did_not_judge_the_plan_is_not_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from ramaudit.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".ramaudit.toml").write_text("")  # no discovery further up
    (tmp_path / "plan.yaml").write_text(SUPPRESSED.split("  #")[0] + "\n")
    runner = CliRunner()

    def check(*args: str) -> dict[str, object]:
        out = runner.invoke(app, ["check", "plan.yaml", "--format", "json", *args]).stdout
        file: dict[str, object] = json.loads(out)["files"][0]
        return file

    written = runner.invoke(
        app, ["check", "plan.yaml", "--select", "RA403", "--write-baseline", "b.json"]
    )
    assert written.exit_code == 0
    # RA403 does not judge this version-1 plan unless selected by code: not fixed.
    assert check("--baseline", "b.json", "--select", "RA4")["baseline"] == {
        "fixed": [],
        "hidden": 0,
    }
    # Selected by code it finds the task again, and the baseline hides it.
    by_code = check("--baseline", "b.json", "--select", "RA403")
    assert by_code["findings"] == [] and by_code["baseline"] == {"fixed": [], "hidden": 1}

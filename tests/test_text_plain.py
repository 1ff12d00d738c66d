"""The text report written as plain strings (report.text_plain) is byte for byte what
rich draws (report.text), and rich draws whatever plain strings could not show."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import EXAMPLES, audit_yaml
from ramaudit.api import audit_paths
from ramaudit.report import RenderOptions, text, text_plain
from ramaudit.report.escape import shown

if TYPE_CHECKING:
    from ramaudit.api import AuditResult

WIDTHS = [None, 20, 33, 44, 60, 77, 90, 99, 100, 101, 120, 160]
ALL_EXAMPLES = sorted(EXAMPLES.parent.rglob("*.yaml"))


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_plain_text_is_what_rich_draws(path: Path) -> None:
    results = audit_paths([path])
    for width in WIDTHS:
        for quiet in (False, True):
            options = RenderOptions(width=width, quiet=quiet, color=False)
            got = text_plain.plain(results, options)
            if got is not None:
                assert got == text.render(results, options), (width, quiet)


def test_most_examples_are_written_plain_at_the_default_width() -> None:
    options = RenderOptions(color=False)
    plain = [p for p in ALL_EXAMPLES if text_plain.plain(audit_paths([p]), options) is not None]
    assert len(plain) >= len(ALL_EXAMPLES) // 2


def test_several_files_in_one_report() -> None:
    results = audit_paths([EXAMPLES])
    options = RenderOptions(width=160, color=False)
    got = text_plain.plain(results, options)
    assert got is not None and got == text.render(results, options)


@pytest.mark.parametrize(
    "options",
    [
        RenderOptions(color=True),
        RenderOptions(color=False, wrap=True),
        RenderOptions(color=False, statistics=True),
    ],
)
def test_colour_wrapping_and_statistics_are_drawn_by_rich(options: RenderOptions) -> None:
    results = audit_paths([EXAMPLES / "saas-demand-gen.yaml"])
    assert text_plain.plain(results, options) is None
    assert text_plain.render(results, options) == text.render(results, options)


def test_forced_colour_from_the_environment_is_drawn_by_rich(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    results = audit_paths([EXAMPLES / "saas-demand-gen.yaml"])
    assert text_plain.plain(results, RenderOptions()) is None


@pytest.mark.parametrize(
    "name", ["Plan ünïcode", "日本語の計画", "tab\there", "x" * 300, "bidi \u202e name"]
)
def test_names_plain_strings_cannot_show_exactly_are_drawn_by_rich(name: str) -> None:
    plan = f"plan:\n  name: {json.dumps(name)}\n  period: {{start: 2026-01-01, end: 2026-12-31}}\n"
    result = audit_yaml(plan)
    for width in (None, 40):
        options = RenderOptions(width=width, color=False)
        got = text_plain.plain([result], options)
        if not shown(name).isascii():
            assert got is None  # wide or unusual characters: rich measures them
        if got is not None:
            assert got == text.render([result], options)
        assert text_plain.render([result], options) == text.render([result], options)


def _with_baseline(tmp_path: Path, plan: Path, edit: Callable[[str], str]) -> list[AuditResult]:
    """``plan``'s results with a baseline of its findings applied after ``edit``."""
    from ramaudit.config.baseline import Baseline

    copy = tmp_path / plan.name
    copy.write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    written = tmp_path / "baseline.json"
    written.write_text(Baseline.from_results(audit_paths([copy]), written).dumps())
    copy.write_text(edit(copy.read_text(encoding="utf-8")), encoding="utf-8")
    results = audit_paths([copy])
    Baseline.load(written).apply(results)
    return results


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: text,  # every finding hidden, none fixed
        lambda text: text.replace("owner:", "owner_was:", 3),  # some gone, some new
        lambda text: "plan:\n  name: fixed\n",  # every recorded finding gone
    ],
    ids=["hidden", "changed", "all-fixed"],
)
def test_baseline_lines_are_written_plain_as_rich_draws_them(
    tmp_path: Path, edit: Callable[[str], str]
) -> None:
    results = _with_baseline(tmp_path, EXAMPLES / "tracking-demo.yaml", edit)
    status = results[0].baseline
    assert status is not None
    drawn_plain = 0
    for width in WIDTHS:
        for quiet in (False, True):
            options = RenderOptions(width=width, quiet=quiet, color=False)
            got = text_plain.plain(results, options)
            if got is not None:
                drawn_plain += 1
                assert got == text.render(results, options), (width, quiet)
    assert drawn_plain  # the baseline's lines no longer send the report to rich

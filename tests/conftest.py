"""Shared test helpers: audit YAML text and pick findings by code."""

from __future__ import annotations

import collections
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ramaudit.api import AuditResult, audit_text
from ramaudit.config.effective import Config
from ramaudit.core.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "plans"
DATA = Path(__file__).resolve().parent / "data"


# Examples run by the fuzz suite (tests/test_fuzz.py), per test; printed at the end.
FUZZ_COUNTS: collections.Counter[str] = collections.Counter()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FUZZ_COUNTS:
        parts = ", ".join(f"{name}: {n:,}" for name, n in FUZZ_COUNTS.items())
        terminalreporter.write_line(
            f"fuzz: {sum(FUZZ_COUNTS.values()):,} hypothesis examples ({parts})"
        )


def audit_yaml(text: str, config: Config | None = None, path: str = "plan.yaml") -> AuditResult:
    """Audit dedented YAML text."""
    return audit_text(textwrap.dedent(text).lstrip("\n"), path, config or Config())


def findings(text: str, code: str, config: Config | None = None) -> list[Finding]:
    return [f for f in audit_yaml(text, config).findings if f.code == code]


def positions(text: str, code: str) -> list[tuple[int, int]]:
    """``(line, column)`` of each finding of ``code``."""
    return [(f.line, f.column) for f in findings(text, code)]


@pytest.fixture
def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.y*ml"))


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite may itself run in GitHub Actions, where `check` defaults to the
    `github` format; tests that want that set the variable themselves."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

"""The corpus of real plans in tests/data/real/: public marketing plans and OKR documents
transcribed into plan format v2 as their sources wrote them (docs/real-plans.md says
what each one is and what v1 could not say about it).

These tests hold the corpus to its own rules: every file is YAML, names its source and
its kind of source in a header comment, and the corpus has at least ten plans from at
least five kinds of source.

TODO (lead, once the v2 model lands): hand-labelled expected findings per file.
    docs/real-plans.md lists, per plan under "Expected findings", what a consultant
    would say is wrong with it in ramaudit's codes (made by reading the plan, not by
    running the checker). Turn those lists into a table here, e.g.
    EXPECTED = {"gitlab-2018-q2-marketing-okrs.yaml": {("RA404", "o-content-site"), ...}}
    and assert that `ramaudit check` reports each of them (and explain any it does not).
    Files: gitlab-2018-q1-marketing-okrs.yaml, gitlab-2018-q2-marketing-okrs.yaml,
    gitlab-fy20-q2-marketing-okrs.yaml,
    sourcegraph-fy21-q1-marketing-okrs.yaml, posthog-marketing-q3-objectives.yaml,
    psf-advocacy-six-month-plan-2007.yaml, maidstone-park-and-ride-comms-plan.yaml,
    shsu-marketing-department-2006-07.yaml, shsu-marketing-department-2008-09.yaml,
    mesos-90-day-community-plan-2013.yaml,
    product-hunt-launch-plan-2013.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REAL = Path(__file__).parent / "data" / "real"
PLANS = sorted(REAL.glob("*.yaml"))


def _header(path: Path) -> list[str]:
    """The comment lines at the top of a file, before its first line of YAML."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _kind(path: Path) -> str:
    kinds = [
        line.removeprefix("# Kind:").strip() for line in _header(path) if line.startswith("# Kind:")
    ]
    assert len(kinds) == 1, f"{path.name}: expected one '# Kind:' header line, found {len(kinds)}"
    assert kinds[0], f"{path.name}: the '# Kind:' header line is empty"
    return kinds[0]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plan_is_yaml_with_a_plan_block(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path.name}: not a YAML mapping"
    assert isinstance(document.get("plan"), dict), f"{path.name}: no plan: block"


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plan_names_its_source_in_the_header(path: Path) -> None:
    header = _header(path)
    sources = [line for line in header if line.startswith("# Source:")]
    assert sources, f"{path.name}: no '# Source:' line in the header comment"
    assert sources[0].removeprefix("# Source:").strip(), f"{path.name}: the source is empty"
    assert any(line.startswith("# Date:") for line in header), f"{path.name}: no '# Date:' line"
    assert any(line.startswith("# Left out:") for line in header), (
        f"{path.name}: no '# Left out:' line"
    )
    _kind(path)


def test_corpus_has_ten_plans_of_five_kinds() -> None:
    kinds = {path.name: _kind(path) for path in PLANS}
    assert len(PLANS) >= 10, f"only {len(PLANS)} plans in {REAL}"
    assert len(set(kinds.values())) >= 5, (
        f"only these kinds of source: {sorted(set(kinds.values()))}"
    )


def test_every_plan_is_described_in_the_docs() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "real-plans.md").read_text(encoding="utf-8")
    missing = [path.name for path in PLANS if path.name not in docs]
    assert not missing, f"docs/real-plans.md does not describe: {missing}"

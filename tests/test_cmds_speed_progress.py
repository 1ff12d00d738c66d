"""core/progress.py's shortcuts against what they stand for: an owner's commitment
read without asking pydantic for a field the model lacks, check-in paths made from
the KPI's path read once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import EXAMPLES
from ramaudit.api import audit
from ramaudit.core import progress
from ramaudit.core.model import Tactic

PLANS = sorted(EXAMPLES.glob("*.yaml")) + sorted((Path(__file__).parent / "golden").rglob("*.yaml"))


def owners(path: Path) -> list:
    """The objectives, campaigns and tactics of the plan at ``path``."""
    plan = audit(path).plan
    if plan is None:
        pytest.skip("not a plan")
    return [*plan.objectives, *plan.campaigns, *plan.tactics]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_commitment_is_getattr_s_answer(path: Path) -> None:
    for owner in owners(path):
        assert progress._commitment(owner) == getattr(owner, "commitment", None)


def test_an_owner_of_another_kind_is_asked_as_before() -> None:
    class Committed(Tactic):
        @property
        def commitment(self) -> str:
            return "aspirational"

    owner = Committed(id="t")
    assert progress._commitment(owner) == "aspirational"
    assert progress._commitment(object()) is None


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_readings_stand_where_their_check_ins_stand(path: Path) -> None:
    for owner in owners(path):
        for kpi in owner.kpis:
            for day in (dt.date(2027, 2, 15), dt.date(2030, 1, 1)):
                for r in progress.readings(kpi, day):
                    if r.path[-1] == "actual":
                        assert r.path == (*kpi._path, "actual")
                    else:
                        i = r.path[-2]
                        assert r.path == (*kpi._path, "checkins", i, "value")
                        assert kpi.checkins[i].value == r.value

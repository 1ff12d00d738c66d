"""The rules' fast paths (an item skipped before its message is worded) skip exactly
the items the general path finds nothing to say about."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from ramaudit.core.model import Tactic
from ramaudit.core.vocabulary import DEFAULT
from ramaudit.rules import missing_owner, outside_period, shared_owner

_days = st.one_of(st.none(), st.dates(dt.date(2026, 11, 1), dt.date(2028, 2, 1)))
_owners = st.one_of(
    st.sampled_from(
        [
            "Priya Raman",
            "TBD",
            "tbc",
            "???",
            "?",
            "n/a - TBC",
            "-",
            "Priya Raman and Jo Bloggs",
            "Sales & Marketing",
            "Priya Raman (TBD)",
            "Owner TBD",
            "Dana Lee, CMO",
            "Ann O'Hara / Luis de la Cruz",
            " ",
        ]
    ),
    st.text(alphabet="abAB ?-&/,TBD", max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(_days, _days, _days, _days)
def test_ra306_skips_only_tactics_with_nothing_to_say(start, end, first, last) -> None:
    tactic = Tactic.model_construct(id="t-1", start=start, end=end)
    object.__setattr__(tactic, "_path_", ("tactics", 0))
    said = list(outside_period._misdated(tactic, first, last))
    flagged = bool(
        (start and end and end < start)
        or outside_period._outside(start, first, last)
        or outside_period._outside(end, first, last)
    )
    assert flagged == bool(said)


@settings(max_examples=300, deadline=None)
@given(_owners)
def test_ra301_owner_that_names_someone_gets_no_finding(owner: str) -> None:
    rule = missing_owner.MissingOwner()
    said = list(rule._judge(None, DEFAULT, owner, ("tactics", 0), "tactic 't'", "t"))  # type: ignore[arg-type]
    assert missing_owner._names_someone(DEFAULT, owner) == (not said)


@settings(max_examples=300, deadline=None)
@given(_owners)
def test_ra313_owner_joining_nobody_gets_no_finding(owner: str) -> None:
    said = list(shared_owner._judge(DEFAULT, owner, (), ("tactics", 0), "tactic 't'", "t", ""))
    joins = bool(owner) and bool(shared_owner.joined_people(owner, DEFAULT))
    assert joins == bool(said)

"""The thresholds that say whether a key result is on track, at risk or off track.

A module of its own, so that RA501 can declare its options' defaults from them when
the rules load, without loading :mod:`ramaudit.core.progress` (and its records) into
every run: only a plan that records check-ins or spend needs that."""

from __future__ import annotations

from ramaudit.core.records import dataclass


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How far behind the elapsed share a key result may be (fractions of the way from
    baseline to target), and the confidence below which it is at risk."""

    tolerance: float = 0.1
    off_track: float = 0.25
    low_confidence: float = 0.5

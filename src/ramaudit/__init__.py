"""ramaudit: lint YAML marketing plans for random acts of marketing.

The public seam is :func:`ramaudit.audit` (one plan) and :func:`ramaudit.audit_paths`
(files and folders); both return :class:`ramaudit.api.AuditResult` records that every
renderer reads. :func:`ramaudit.status` adds what a plan's check-ins and spend say on
a day (:class:`ramaudit.api.StatusResult`). Heavy modules load lazily so that
``ramaudit --version`` stays quick.
"""

# typing is not imported at run time: ``ramaudit --version`` needs nothing else of
# Python's library, and typing is its largest import (mypy reads the name as typing's).
TYPE_CHECKING = False

__version__ = "0.1.0"

__all__ = ["__version__", "audit", "audit_paths", "status"]

if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

    from ramaudit.api import audit, audit_paths, status


def __getattr__(name: str) -> "Any":
    if name in ("audit", "audit_paths", "status"):
        from ramaudit import api

        return getattr(api, name)
    raise AttributeError(name)

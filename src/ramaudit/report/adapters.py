"""Renderers with the common shape, ``render(data, options) -> str``, around the ones
whose modules have their own: explain-score's (:mod:`ramaudit.report.score_explained`)
and config --show's (:mod:`ramaudit.config.files`). The format registry
(:mod:`ramaudit.report.formats`) names these."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ramaudit.api import AuditResult
    from ramaudit.report import RenderOptions


def explain_text(result: AuditResult, options: RenderOptions) -> str:
    """The score taken apart, in tables (criterion by criterion when narrow);
    :class:`~ramaudit.report.score_explained.CannotScore` when there is no score."""
    from ramaudit.report import score_explained

    return score_explained.explain_text(
        result,
        color=bool(options.color),
        width=options.width,
        wrap=options.wrap,
        top=_top(options),
    )


def explain_json(result: AuditResult, options: RenderOptions) -> str:
    from ramaudit.report import score_explained

    return score_explained.explain_json(result, _top(options))


def _top(options: RenderOptions) -> int | None:
    """explain-score's ``--top N``: how many ranked fixes to show; None: none."""
    top = options.extra.get("top")
    return top if isinstance(top, int) else None

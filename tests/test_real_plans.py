"""The corpus of real plans in tests/data/real/: public marketing plans and OKR documents
transcribed into plan format v2 as their sources wrote them (docs/real-plans.md says
what each one is and what v1 could not say about it).

These tests hold the corpus to its own rules: every file is YAML, names its source and
its kind of source in a header comment, and the corpus has at least ten plans from at
least five kinds of source.

The hand labels: docs/real-plans.md lists, per plan, what a consultant reading it
said is wrong with it in ramaudit's codes, written before the checker could read
format 2, then compared with what the checker reports. EXPECTED below is that
comparison as data: the findings both agree on (``reported``, counted, so two KPIs
without a deadline are two findings), the rules both say stay quiet (``quiet``), and a
few positions. A warning or error the checker gives that the labels do not hold fails
the test, so a new finding is looked at, not taken on trust. TOOL_WRONG holds the
cases where the labels are right and the checker is not; each is a strict xfail, so
the fix shows up as an XPASS to be moved into EXPECTED.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import yaml

from ramaudit.api import AuditResult, audit
from ramaudit.core.findings import Severity

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


# --- Hand-labelled expected findings ---------------------------------------------------

Key = tuple[str, str | None]  # (code, item id), None for a finding about the whole plan


@dataclass(frozen=True)
class Labels:
    """What the labels of one plan expect, after comparing them with the checker."""

    reported: tuple[Key, ...]  # each must be reported, as many times as it is listed
    quiet: tuple[Key, ...] = ()  # none of these may be reported
    # (code, item) -> (line, column) of one finding with that code about that item
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)


def _each(code: str, *items: str | None) -> tuple[Key, ...]:
    return tuple((code, item) for item in items)


MAIDSTONE_TACTICS = (
    "t-borough-insight",
    "t-arriva-channels",
    "t-site-signage",
    "t-advertising",
    "t-member-briefings",
    "t-press",
    "t-launch-event",
    "t-staff-comms",
    "t-business-comms",
    "t-involve",
    "t-parish-updates",
)
SHSU_PUBLICATIONS = ("t-heritage", "t-kat-konnection", "t-campaign-newsletter")
PRODUCT_HUNT_TACTICS = ("t-signup-cta", "t-list-hunters", "t-first-comment")

EXPECTED: dict[str, Labels] = {
    "gitlab-2018-q1-marketing-okrs.yaml": Labels(
        reported=(
            *_each("RA002", "o-enterprise-credibility", "o-enterprise-credibility"),
            ("RA002", "o-saos-per-sae"),
            *_each("RA203", "o-campaign-costs", "o-campaign-costs"),
            *_each("RA204", "o-campaign-costs", "o-campaign-costs"),
            *_each("RA204", "o-enterprise-credibility", "o-enterprise-credibility"),
            ("RA204", "o-saos-per-sae"),
            *_each("RA109", "c-automate-ci", "c-kubernetes", "c-concurrent-devops"),
            ("RA315", "m-sdr-hiring"),
            *_each("RA104", "o-campaign-costs", "o-saos-per-sae"),
            *_each("RA202", "t-category-messaging"),
            ("RA307", "t-category-messaging"),
            ("RA303", None),
            ("RA304", None),
            ("RA310", None),
        ),
        quiet=(
            ("RA309", "seg-sales"),  # an internal segment needs no voice of customer
            # label corrected: a target that is not a number is one RA002, not also an RA203
            ("RA203", "o-enterprise-credibility"),
        ),
        positions={
            ("RA002", "o-saos-per-sae"): (41, 17),
            ("RA109", "c-kubernetes"): (60, 13),
            ("RA315", "m-sdr-hiring"): (54, 13),
        },
    ),
    "gitlab-2018-q2-marketing-okrs.yaml": Labels(
        reported=(
            *_each("RA203", "o-cmo-pipeline", "o-msd-demand"),
            *_each(
                "RA207",
                "o-cmo-pipeline",
                "o-sdr-inbound",
                "o-sdr-outbound",
                "o-fm-abm",
                "o-fm-events",
                "o-mops-trial",
                "o-online-programs",
                "o-online-programs",
                "o-online-cro",
                "o-online-cro",
                "o-sca-smb",
            ),
            *_each(
                "RA204",
                "o-cmo-pipeline",
                "o-cmo-pipeline",
                "o-msd-demand",
                "o-sdr-inbound",
                "o-sdr-outbound",
                "o-fm-abm",
                "o-fm-events",
                "o-mops-trial",
                "o-online-programs",
                "o-online-programs",
                "o-online-cro",
                "o-online-cro",
                "o-sca-smb",
            ),
            *_each("RA404", "o-content-site", "o-mops-tracking"),
            *_each(
                "RA315", "m-customers-v2", "m-devops-page", "m-utm-in-salesforce", "m-eeu-nurture"
            ),
            *_each(
                "RA104",
                "o-sdr-inbound",
                "o-sdr-outbound",
                "o-content-site",
                "o-fm-abm",
                "o-fm-events",
                "o-mops-tracking",
                "o-mops-trial",
                "o-online-programs",
                "o-online-cro",
                "o-sca-smb",
            ),
            *_each("RA302", "t-devops-webinars", "t-gruver-book"),
            ("RA205", "t-devops-webinars"),
            *_each("RA301", "t-devops-webinars", "t-gruver-book"),
            *_each("RA307", "t-devops-webinars", "t-gruver-book"),
            ("RA303", None),
            ("RA304", None),
            ("RA310", None),
            # found by the tool, agreed on reading: the objective holds only a campaign
            ("RA201", "o-content-campaign"),
        ),
        quiet=(
            # served through o-content-campaign's campaign and its two tactics
            *_each("RA104", "o-cmo-pipeline", "o-msd-demand", "o-content-campaign"),
        ),
        positions={
            ("RA404", "o-content-site"): (52, 9),
            ("RA207", "o-cmo-pipeline"): (26, 17),
            ("RA205", "t-devops-webinars"): (74, 13),
        },
    ),
    "gitlab-fy20-q2-marketing-okrs.yaml": Labels(
        reported=(
            *_each("RA404", "o-user-channel", "o-mops-ce-users", "o-corporate-pillars"),
            *_each(
                "RA315",
                "m-analytics-tool",
                "m-in-app-test",
                "m-explore-redesign",
                "m-health-check",
                "m-remixer-hired",
                "m-docs-seo",
                "m-editor-hired",
            ),
            ("RA002", "o-dmp-traffic"),
            *_each("RA205", "o-technical-content", "o-pmm-how-to"),
            *_each("RA207", "o-technical-content", "o-pmm-how-to"),
            ("RA206", None),
            *_each("RA204", "o-dmp-traffic", "o-technical-content", "o-pmm-how-to"),
            *_each(
                "RA104",
                "o-technical-content",
                "o-pmm-how-to",
                "o-corporate-pillars",
                "o-mops-ce-users",
            ),
            *_each("RA202", "t-explore-page", "t-in-product-links", "t-in-app-strategy"),
            *_each("RA302", "t-explore-page", "t-in-product-links", "t-in-app-strategy"),
            *_each("RA301", "t-explore-page", "t-in-product-links", "t-in-app-strategy"),
            *_each("RA307", "t-explore-page", "t-in-product-links", "t-in-app-strategy"),
            ("RA303", None),
            ("RA304", None),
            ("RA310", None),
        ),
        # label corrected: 'increase by 10K users' is an RA002; no readable target, no RA207
        quiet=(("RA207", "o-dmp-traffic"),),
        positions={
            ("RA002", "o-dmp-traffic"): (38, 17),
            ("RA206", None): (19, 1),
            ("RA404", "o-user-channel"): (20, 9),
        },
    ),
    "sourcegraph-fy21-q1-marketing-okrs.yaml": Labels(
        reported=(
            *_each("RA207", "o-mqls", "o-category-launch", "o-category-launch"),
            ("RA204", "o-mqls"),
            ("RA306", "m-category-research"),  # was tool-wrong: RA306 now reads due days
            ("RA404", "o-category-leadership"),
            *_each(
                "RA315",
                "m-dev-ads",
                "m-three-functions",
                "m-sourcegraph-com-plan",
                "m-comparison-metric",
            ),
            ("RA203", "o-sales-playbook"),
            ("RA204", "o-sales-playbook"),
            *_each(
                "RA104", "o-mqls", "o-category-launch", "o-category-leadership", "o-sales-playbook"
            ),
            ("RA304", None),
        ),
        positions={
            ("RA207", "o-mqls"): (27, 17),
            ("RA404", "o-category-leadership"): (57, 9),
        },
    ),
    "posthog-marketing-q3-objectives.yaml": Labels(
        reported=(
            ("RA002", None),  # 'period: Q3' with no year and no other period
            ("RA002", "t-newsletter"),
            ("RA301", "o-authority"),
            *_each("RA203", *["o-authority"] * 5),
            *_each("RA204", *["o-authority"] * 5),
            *_each("RA202", "t-twitter", "t-startups", "t-content-hub", "t-docs"),
            *_each("RA302", "t-twitter", "t-startups", "t-newsletter", "t-content-hub", "t-docs"),
            *_each("RA307", "t-twitter", "t-startups", "t-newsletter", "t-content-hub", "t-docs"),
            ("RA303", None),
            ("RA315", "m-pmf-guide"),
            ("RA304", None),
            ("RA310", None),
            # found by the tool, agreed on reading
            ("RA205", "t-newsletter"),  # a newsletter's subscribers are an audience count
            ("RA402", "o-authority"),  # five metrics and a milestone: six key results
        ),
        quiet=(
            # milestones take an owner, and this one names hers
            ("RA301", "m-pmf-guide"),
            ("RA002", "m-pmf-guide"),
            # label corrected: 'thousands' is one RA002, not also an RA203
            ("RA203", "t-newsletter"),
        ),
        positions={
            ("RA002", None): (12, 11),
            ("RA002", "t-newsletter"): (43, 21),
            ("RA402", "o-authority"): (53, 13),
        },
    ),
    "psf-advocacy-six-month-plan-2007.yaml": Labels(
        reported=(
            *_each("RA201", "o-user-groups", "o-site-content"),
            ("RA206", None),
            *_each("RA309", "seg-user-groups", "seg-newcomers"),
            ("RA202", "t-flyers"),
            ("RA301", "t-flyers"),
            *_each("RA307", "t-user-group-kit", "t-flyers", "t-screencasts"),
            ("RA303", None),
            ("RA304", None),
        ),
        # label corrected: a budget line's amount is optional, so a missing one is no RA002
        quiet=(("RA002", "b-coordinator"),),
        positions={
            ("RA201", "o-user-groups"): (28, 9),
            ("RA309", "seg-newcomers"): (24, 9),
        },
    ),
    "maidstone-park-and-ride-comms-plan.yaml": Labels(
        reported=(
            ("RA308", None),
            ("RA308", "t-advertising"),
            ("RA301", "o-users"),
            ("RA207", "o-users"),
            ("RA204", "o-users"),
            *_each("RA307", *MAIDSTONE_TACTICS),
            *_each("RA202", *MAIDSTONE_TACTICS),
            *_each("RA301", *(t for t in MAIDSTONE_TACTICS if t != "t-arriva-channels")),
            ("RA301", "c-park-and-ride"),
            *_each(
                "RA309",
                "seg-residents",
                "seg-media",
                "seg-businesses",
                "seg-community",
                "seg-parishes",
            ),
            ("RA303", None),
            ("RA304", None),
        ),
        quiet=(
            *_each("RA309", "seg-councillors", "seg-staff"),  # internal: exempt
            ("RA301", "t-arriva-channels"),  # the bus operator's channels have an owner
        ),
        positions={
            ("RA308", None): (14, 11),
            ("RA308", "t-advertising"): (70, 21),
            ("RA207", "o-users"): (48, 17),
        },
    ),
    "shsu-marketing-department-2006-07.yaml": Labels(
        reported=(
            ("RA203", "o-publications"),
            *_each("RA207", "o-publications", "o-publications"),
            *_each("RA204", *["o-publications"] * 3),
            ("RA206", None),
            *_each("RA202", *SHSU_PUBLICATIONS),
            *_each("RA301", *SHSU_PUBLICATIONS),
            *_each("RA307", *SHSU_PUBLICATIONS),
            ("RA303", None),
            ("RA309", "seg-university-audiences"),
            ("RA310", None),
        ),
        # label corrected: shares of resources are neither activity nor outcome, so the
        # objective is not measured only on activity; RA206 says what is wrong
        quiet=(("RA205", "o-publications"),),
        positions={
            ("RA203", "o-publications"): (31, 17),
            ("RA207", "o-publications"): (33, 17),
        },
    ),
    "shsu-marketing-department-2008-09.yaml": Labels(
        reported=(
            ("RA104", "o-marketing-needs"),
            *_each("RA203", "o-marketing-needs", "o-marketing-needs"),
            ("RA207", "o-marketing-needs"),
            *_each("RA204", *["o-marketing-needs"] * 3),
            ("RA206", None),
            ("RA310", None),
        ),
        quiet=(("RA205", "o-marketing-needs"),),  # label corrected, as for 2006-07
        positions={
            ("RA104", "o-marketing-needs"): (23, 9),
            ("RA207", "o-marketing-needs"): (30, 17),
        },
    ),
    "mesos-90-day-community-plan-2013.yaml": Labels(
        reported=(
            *_each("RA404", "o-graduate", "o-packages"),
            *_each("RA315", "m-graduation-vote", "m-two-committers", "m-binary-packages"),
            *_each("RA207", "o-committers", "o-gsoc"),
            *_each("RA204", "o-committers", "o-gsoc"),
            *_each("RA104", "o-graduate", "o-committers", "o-packages"),
            ("RA202", "t-gsoc"),
            ("RA302", "t-gsoc"),
            ("RA301", "t-gsoc"),
            # Was tool-wrong: '(your name here)' is a placeholder of the vocabulary now.
            *_each("RA301", "o-graduate", "o-committers", "o-gsoc", "o-packages"),
            ("RA303", None),
            ("RA206", None),
            ("RA304", None),
        ),
        quiet=(
            ("RA111", "m-graduation-vote"),  # no due dates, so no order to check
            ("RA104", "o-gsoc"),  # t-gsoc serves it
        ),
        positions={
            ("RA404", "o-graduate"): (29, 9),
            ("RA315", "m-two-committers"): (47, 13),
        },
    ),
    "product-hunt-launch-plan-2013.yaml": Labels(
        reported=(
            *_each("RA301", "g-destination", "o-community", *PRODUCT_HUNT_TACTICS),
            *_each("RA203", "o-community", "o-community"),
            *_each("RA204", "o-community", "o-community"),
            ("RA206", None),
            *_each("RA202", *PRODUCT_HUNT_TACTICS),
            *_each("RA307", *PRODUCT_HUNT_TACTICS),
            ("RA303", None),
            *_each("RA309", "seg-product-people", "seg-seed-investors", "seg-tech-consumers"),
            ("RA304", None),
            ("RA310", None),
        ),
        positions={
            ("RA301", "g-destination"): (17, 9),
            ("RA203", "o-community"): (36, 17),
        },
    ),
}


# --- Where the labels are right and the checker is not ---------------------------------


@dataclass(frozen=True)
class ToolWrong:
    """One finding the checker should give (``reported``) or should not give."""

    plan: str
    code: str
    item: str | None
    reported: bool
    reason: str


_OWNERLESS_MILESTONES = {
    "gitlab-2018-q1-marketing-okrs.yaml": ("m-sdr-hiring",),
    "gitlab-2018-q2-marketing-okrs.yaml": (
        "m-customers-v2",
        "m-devops-page",
        "m-utm-in-salesforce",
        "m-eeu-nurture",
    ),
    "gitlab-fy20-q2-marketing-okrs.yaml": (
        "m-analytics-tool",
        "m-in-app-test",
        "m-explore-redesign",
        "m-health-check",
        "m-remixer-hired",
        "m-docs-seo",
        "m-editor-hired",
    ),
    "sourcegraph-fy21-q1-marketing-okrs.yaml": (
        "m-dev-ads",
        "m-three-functions",
        "m-category-research",
        "m-category-launch",
        "m-sourcegraph-com-plan",
        "m-comparison-metric",
        "m-press-statistic",
    ),
    "mesos-90-day-community-plan-2013.yaml": (
        "m-graduation-vote",
        "m-two-committers",
        "m-gsoc-application",
        "m-binary-packages",
    ),
}
_MILESTONE_ONLY_OBJECTIVES = {
    "gitlab-2018-q2-marketing-okrs.yaml": ("o-content-site", "o-mops-tracking"),
    "gitlab-fy20-q2-marketing-okrs.yaml": (
        "o-user-channel",
        "o-mops-ce-users",
        "o-corporate-pillars",
    ),
    "sourcegraph-fy21-q1-marketing-okrs.yaml": ("o-category-leadership",),
    "mesos-90-day-community-plan-2013.yaml": ("o-graduate", "o-packages"),
}
_SOURCEGRAPH = "sourcegraph-fy21-q1-marketing-okrs.yaml"
_POSTHOG = "posthog-marketing-q3-objectives.yaml"
_MAIDSTONE = "maidstone-park-and-ride-comms-plan.yaml"
_PSF = "psf-advocacy-six-month-plan-2007.yaml"

TOOL_WRONG: tuple[ToolWrong, ...] = (
    ToolWrong(
        "gitlab-2018-q2-marketing-okrs.yaml",
        "RA205",
        "t-gruver-book",
        True,
        "'people who receive the book' counts the reach of a giveaway, activity as "
        "webinar attendees are by the vocabulary's own decision; it is read as neither",
    ),
    ToolWrong(
        _SOURCEGRAPH,
        "RA205",
        "o-category-launch",
        True,
        "'content pieces explaining the new category' and 'press articles explaining the "
        "category' count output, but the vocabulary reads neither as activity",
    ),
    ToolWrong(
        _SOURCEGRAPH,
        "RA403",
        "o-sales-playbook",
        True,
        "'Be able to present to prospects compelling value of Sourcegraph' is a task with "
        "no number; 'be able to' is not among RA403's verbs",
    ),
    ToolWrong(
        _SOURCEGRAPH,
        "RA310",
        None,
        False,
        "o-sales-playbook is owned by Sales, so the plan is not marketing-only; RA310 "
        "looks at stakeholders and contributors, not at owners",
    ),
    ToolWrong(
        _PSF,
        "RA205",
        "t-screencasts",
        True,
        "'5-minute videos produced and displayed' counts output (a participle after the "
        "head, which the issue asks the classifier to read), but is read as neither",
    ),
    ToolWrong(
        _PSF,
        "RA205",
        "t-user-group-kit",
        True,
        "'meeting topics with outlines/slides for presentations' counts material "
        "prepared, activity, but is read as neither",
    ),
    ToolWrong(
        _POSTHOG,
        "RA205",
        "o-authority",
        False,
        "'new org signups' and 'ICP signups' are sign-ups to the product, which the "
        "vocabulary's own decisions count as outcomes (trial signups); it reads them as vanity",
    ),
    ToolWrong(
        _POSTHOG,
        "RA206",
        None,
        False,
        "o-authority is measured on product sign-ups, a conversion the vocabulary's "
        "decisions call an outcome; RA206 follows the sign-ups being read as vanity",
    ),
    ToolWrong(
        _MAIDSTONE,
        "RA205",
        "o-users",
        False,
        "'Park and Ride users' are people using the service the campaign sells, its "
        "outcome (as active users are), not an activity metric",
    ),
    ToolWrong(
        _MAIDSTONE,
        "RA206",
        None,
        False,
        "the only objective is measured on users of the service, the outcome a public "
        "service banks; RA206 follows 'users' being read as site visitors",
    ),
)


# Judged on comparing the labels with the checker, and since fixed in the checker: a
# milestone needs no owner of its own (its objective's owner answers for it), and an
# objective measured only by milestones is RA404's, not also RA201's. Every plan keeps
# them quiet.
FIXED_QUIET: dict[str, tuple[Key, ...]] = {
    plan: (
        *_each("RA301", *_OWNERLESS_MILESTONES.get(plan, ())),
        *_each("RA201", *_MILESTONE_ONLY_OBJECTIVES.get(plan, ())),
    )
    for plan in {*_OWNERLESS_MILESTONES, *_MILESTONE_ONLY_OBJECTIVES}
}


# --- The tests --------------------------------------------------------------------------


@cache
def _audited(name: str) -> AuditResult:
    return audit(REAL / name)


def _keys(result: AuditResult, *, severe_only: bool = False) -> Counter[Key]:
    return Counter(
        (f.code, f.item)
        for f in result.findings
        if not severe_only or f.severity in (Severity.ERROR, Severity.WARNING)
    )


def test_every_plan_has_labels() -> None:
    assert sorted(EXPECTED) == [path.name for path in PLANS]
    unknown = sorted({case.plan for case in TOOL_WRONG} - set(EXPECTED))
    assert not unknown, f"TOOL_WRONG names plans not in the corpus: {unknown}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_labelled_findings_are_reported(name: str) -> None:
    result = _audited(name)
    assert result.error is None, f"{name}: {result.error}"
    missing = Counter(EXPECTED[name].reported) - _keys(result)
    assert not missing, (
        f"{name}: labelled findings not reported: {sorted(missing.elements(), key=str)}"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_labelled_quiet_rules_stay_quiet(name: str) -> None:
    reported = _keys(_audited(name))
    quiet = (*EXPECTED[name].quiet, *FIXED_QUIET.get(name, ()))
    unexpected = [key for key in quiet if reported[key]]
    assert not unexpected, f"{name}: reported although the labels say quiet: {unexpected}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_unlabelled_warning_or_error(name: str) -> None:
    """Every warning and error is labelled, or a known case of the checker being wrong;
    a new one is judged and added to the labels (or to TOOL_WRONG)."""
    labelled = set(EXPECTED[name].reported)
    known = {(c.code, c.item) for c in TOOL_WRONG if c.plan == name}
    unexpected = sorted(set(_keys(_audited(name), severe_only=True)) - labelled - known, key=str)
    assert not unexpected, f"{name}: warnings or errors no label holds: {unexpected}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_key_findings_point_at_their_place(name: str) -> None:
    findings = _audited(name).findings
    wrong = []
    for (code, item), where in EXPECTED[name].positions.items():
        places = sorted((f.line, f.column) for f in findings if (f.code, f.item) == (code, item))
        if where not in places:
            wrong.append(f"{code} {item}: expected at {where}, reported at {places}")
    assert not wrong, f"{name}: " + "; ".join(wrong)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=case.reason))
        for case in TOOL_WRONG
    ],
    ids=[
        f"{c.plan.removesuffix('.yaml')}-{c.code}-{c.item or 'plan'}-"
        + ("missing" if c.reported else "wrongly-reported")
        for c in TOOL_WRONG
    ],
)
def test_tool_wrong(case: ToolWrong) -> None:
    reported = _keys(_audited(case.plan))[(case.code, case.item)] > 0
    assert reported == case.reported, (
        f"{case.plan}: {case.code} {case.item} "
        + ("not reported" if case.reported else "reported")
        + f": {case.reason}"
    )

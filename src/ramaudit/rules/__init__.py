"""The rule catalogue: one module per rule, registered here in code order."""

from __future__ import annotations

from ramaudit.core.loader import IssueKind, LoadIssue
from ramaudit.rules.ahead_of_phasing import AheadOfPhasing
from ramaudit.rules.ambiguous_link import AmbiguousLink
from ramaudit.rules.base import Context, DiagnosticRule, Rule, RuleDoc
from ramaudit.rules.behind_schedule import BehindSchedule
from ramaudit.rules.budget_overrun import BudgetOverrun
from ramaudit.rules.committed_key_result_missed import CommittedKeyResultMissed
from ramaudit.rules.dangling_reference import DanglingReference
from ramaudit.rules.dependency_cycle import DependencyCycle
from ramaudit.rules.dependency_order import DependencyOrder
from ramaudit.rules.duplicate_id import DuplicateId
from ramaudit.rules.duplicate_key import DuplicateKey
from ramaudit.rules.duplicate_workspace_id import DuplicateWorkspaceId
from ramaudit.rules.funnel_gap import FunnelGap
from ramaudit.rules.idle_campaign import IdleCampaign
from ramaudit.rules.idle_objective import IdleObjective
from ramaudit.rules.implausible_cost_per_result import ImplausibleCostPerResult
from ramaudit.rules.invalid_field import InvalidField
from ramaudit.rules.key_result_count import KeyResultCount
from ramaudit.rules.kpi_without_baseline import KpiWithoutBaseline
from ramaudit.rules.kpi_without_deadline import KpiWithoutDeadline
from ramaudit.rules.kpi_without_target import KpiWithoutTarget
from ramaudit.rules.link_cycle import LinkCycle
from ramaudit.rules.marketing_only_plan import MarketingOnlyPlan
from ramaudit.rules.milestone_only_objective import MilestoneOnlyObjective
from ramaudit.rules.missing_owner import MissingOwner
from ramaudit.rules.missing_parent_plan import MissingParentPlan
from ramaudit.rules.no_check_in import NoCheckIn
from ramaudit.rules.no_outcome_objective import NoOutcomeObjective
from ramaudit.rules.no_review_cadence import NoReviewCadence
from ramaudit.rules.no_voice_of_customer import NoVoiceOfCustomer
from ramaudit.rules.not_started import NotStarted
from ramaudit.rules.objective_fell_short import ObjectiveFellShort
from ramaudit.rules.objective_without_kpi import ObjectiveWithoutKpi
from ramaudit.rules.orphan_campaign import OrphanCampaign
from ramaudit.rules.orphan_milestone import OrphanMilestone
from ramaudit.rules.orphan_objective import OrphanObjective
from ramaudit.rules.orphan_tactic import OrphanTactic
from ramaudit.rules.outside_period import OutsidePeriod
from ramaudit.rules.overspent_budget import OverspentBudget
from ramaudit.rules.placeholder_text import PlaceholderText
from ramaudit.rules.resource_limit import ResourceLimit
from ramaudit.rules.shared_owner import SharedOwner
from ramaudit.rules.spent_on_random_acts import SpentOnRandomActs
from ramaudit.rules.stale_check_in import StaleCheckIn
from ramaudit.rules.suppression_without_reason import SuppressionWithoutReason
from ramaudit.rules.tactic_without_kpi import TacticWithoutKpi
from ramaudit.rules.tactics_short_of_target import TacticsShortOfTarget
from ramaudit.rules.target_not_beyond_baseline import TargetNotBeyondBaseline
from ramaudit.rules.task_key_result import TaskKeyResult
from ramaudit.rules.too_many_objectives import TooManyObjectives
from ramaudit.rules.unallocated_budget import UnallocatedBudget
from ramaudit.rules.unbudgeted_tactic import UnbudgetedTactic
from ramaudit.rules.undated_milestone import UndatedMilestone
from ramaudit.rules.unknown_segment import UnknownSegment
from ramaudit.rules.unscheduled_tactic import UnscheduledTactic
from ramaudit.rules.unsupported_goal import UnsupportedGoal
from ramaudit.rules.untargeted_tactic import UntargetedTactic
from ramaudit.rules.unused_suppression import UnusedSuppression
from ramaudit.rules.vanity_only_kpis import VanityOnlyKpis
from ramaudit.rules.wrong_level_link import WrongLevelLink
from ramaudit.rules.yaml_syntax import YamlSyntax

ALL_RULES: tuple[type[Rule], ...] = tuple(
    sorted(
        (
            YamlSyntax,
            BehindSchedule,
            InvalidField,
            DuplicateKey,
            DuplicateId,
            DanglingReference,
            ResourceLimit,
            OrphanTactic,
            OrphanObjective,
            UnsupportedGoal,
            IdleObjective,
            ObjectiveWithoutKpi,
            TacticWithoutKpi,
            KpiWithoutTarget,
            BudgetOverrun,
            FunnelGap,
            KpiWithoutBaseline,
            KpiWithoutDeadline,
            LinkCycle,
            OrphanCampaign,
            IdleCampaign,
            DependencyCycle,
            DependencyOrder,
            # Plan repositories (issue 13): links across the files of a workspace.
            DuplicateWorkspaceId,
            AmbiguousLink,
            MissingParentPlan,
            OrphanMilestone,
            MarketingOnlyPlan,
            MissingOwner,
            NoOutcomeObjective,
            NoReviewCadence,
            NoVoiceOfCustomer,
            OutsidePeriod,
            PlaceholderText,
            SharedOwner,
            UnallocatedBudget,
            UndatedMilestone,
            # Plausibility before the money is spent (format 2).
            ImplausibleCostPerResult,
            TacticsShortOfTarget,
            TargetNotBeyondBaseline,
            UnbudgetedTactic,
            UnknownSegment,
            UnscheduledTactic,
            UntargetedTactic,
            VanityOnlyKpis,
            WrongLevelLink,
            UnusedSuppression,
            SuppressionWithoutReason,
            # Format 2's OKR craft rules (RA4xx).
            TooManyObjectives,
            KeyResultCount,
            TaskKeyResult,
            MilestoneOnlyObjective,
            # Tracking through the period (RA5xx): check-ins, spend and grades.
            StaleCheckIn,
            NoCheckIn,
            OverspentBudget,
            AheadOfPhasing,
            SpentOnRandomActs,
            NotStarted,
            ObjectiveFellShort,
            CommittedKeyResultMissed,
        ),
        key=lambda r: r.code,
    )
)

BY_CODE: dict[str, type[Rule]] = {r.code: r for r in ALL_RULES}
BY_NAME: dict[str, type[Rule]] = {r.name: r for r in ALL_RULES}
# The rule that reports each kind of problem the loader finds, from the rules' own
# ``issues`` (a test checks that each kind has exactly one).
REPORTERS: dict[IssueKind, type[DiagnosticRule]] = {
    kind: r for r in ALL_RULES if issubclass(r, DiagnosticRule) for kind in r.issues
}


def describe(issue: LoadIssue) -> str:
    """A problem the loader found, in the words of the rule that reports it."""
    return REPORTERS[issue.kind].describe(issue)


def lookup(code_or_name: str) -> type[Rule] | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


def matches(code: str, selectors: object) -> bool:
    """Whether any of ``selectors`` (codes, prefixes such as ``RA1``, names, ``ALL``)
    names ``code``: the one rule selector, :mod:`ramaudit.config.selection`."""
    from ramaudit.config.selection import selects

    return selects(code, [str(s) for s in selectors])  # type: ignore[attr-defined]


__all__ = [
    "ALL_RULES",
    "BY_CODE",
    "REPORTERS",
    "Context",
    "DiagnosticRule",
    "Rule",
    "RuleDoc",
    "describe",
    "lookup",
    "matches",
]

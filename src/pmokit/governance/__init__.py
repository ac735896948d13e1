"""pmokit.governance: methodologies, tailoring, gates, audits, DCMA, health and maturity.

See docs/governance.md for the user guide.
"""

from __future__ import annotations

from pmokit.governance._audit import (
    CHECKS,
    SEVERITY_WEIGHTS,
    STANDARD_FIELDS,
    AuditRecord,
    AuditResult,
    ComplianceRule,
    ComplianceSummary,
    ComplianceTrend,
    DeliverableStatus,
    Finding,
    RuleSet,
    audit,
    compliance_summary,
    compliance_trend,
)
from pmokit.governance._dcma import (
    DCMA_CHECKS,
    DcmaAssessment,
    DcmaCheck,
    DcmaThresholds,
    dcma_assessment,
)
from pmokit.governance._gates import (
    Gate,
    GateCriterion,
    GateDecision,
    GateEvidence,
    GateOutcome,
    evaluate_gate,
)
from pmokit.governance._health import (
    HEALTH_DIMENSIONS,
    HealthModel,
    HealthReport,
    Indicator,
    health_check,
)
from pmokit.governance._maturity import (
    MATURITY_LEVELS,
    PERSPECTIVES,
    Improvement,
    MaturityResult,
    Question,
    Questionnaire,
    assess_maturity,
)
from pmokit.governance._methodology import (
    Deliverable,
    DeliverableTemplate,
    Methodology,
    Phase,
    Role,
)
from pmokit.governance._tailoring import (
    PROFILE_FIELDS,
    Condition,
    ProjectProfile,
    TailoredMethodology,
    TailoringPolicy,
    TierRule,
    assign_tiers,
    tailor,
)

__all__ = [
    "CHECKS",
    "DCMA_CHECKS",
    "HEALTH_DIMENSIONS",
    "MATURITY_LEVELS",
    "PERSPECTIVES",
    "PROFILE_FIELDS",
    "SEVERITY_WEIGHTS",
    "STANDARD_FIELDS",
    "AuditRecord",
    "AuditResult",
    "ComplianceRule",
    "ComplianceSummary",
    "ComplianceTrend",
    "Condition",
    "DcmaAssessment",
    "DcmaCheck",
    "DcmaThresholds",
    "Deliverable",
    "DeliverableStatus",
    "DeliverableTemplate",
    "Finding",
    "Gate",
    "GateCriterion",
    "GateDecision",
    "GateEvidence",
    "GateOutcome",
    "HealthModel",
    "HealthReport",
    "Improvement",
    "Indicator",
    "MaturityResult",
    "Methodology",
    "Phase",
    "ProjectProfile",
    "Question",
    "Questionnaire",
    "Role",
    "RuleSet",
    "TailoredMethodology",
    "TailoringPolicy",
    "TierRule",
    "assess_maturity",
    "assign_tiers",
    "audit",
    "compliance_summary",
    "compliance_trend",
    "dcma_assessment",
    "evaluate_gate",
    "health_check",
    "tailor",
]


def __getattr__(name: str) -> object:
    """Deprecated names, kept for one release with a DeprecationWarning."""
    if name == "Criterion":
        from pmokit._deprecation import warn_renamed

        warn_renamed("pmokit.governance.Criterion", "pmokit.governance.GateCriterion")
        return GateCriterion
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

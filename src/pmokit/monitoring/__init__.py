"""Monitoring: earned value and earned schedule, risk register, early warnings, RAG roll-ups.

See docs/monitoring.md for the guide.

>>> from pmokit.monitoring import earned_value
>>> r = earned_value([250, 500, 750, 1000], [200, 450], [220, 480])
>>> round(r.spi_t, 3)
0.9
"""

from __future__ import annotations

from pmokit.monitoring._baselines import (
    Baseline,
    BaselineVariance,
    baseline_execution_index,
    baseline_variance,
    critical_path_length_index,
)
from pmokit.monitoring._control_accounts import (
    AccountLevel,
    ControlAccount,
    ControlAccountReport,
    control_account_rollup,
)
from pmokit.monitoring._cost_loading import (
    CostKind,
    CostLine,
    PlannedValue,
    SpreadCurve,
    time_phase,
)
from pmokit.monitoring._earned_value import (
    EacMethod,
    EarnedValue,
    EarnedValueHistory,
    SCurve,
    earned_value,
)
from pmokit.monitoring._ev_techniques import (
    EvTechnique,
    PerformanceData,
    WorkPackage,
    performance,
)
from pmokit.monitoring._flow import (
    FlowSignalKind,
    aging_wip_signals,
    cycle_time_signals,
    throughput_trend_signals,
)
from pmokit.monitoring._frames import EarnedValueTables
from pmokit.monitoring._jcl import (
    CostScheduleSamples,
    CostUncertainty,
    RiskCost,
    joint_confidence,
    sample_costs,
)
from pmokit.monitoring._rag import (
    DEFAULT_RAG_RULES,
    PortfolioRag,
    RagRule,
    RagStatus,
    portfolio_rag,
    rag_status,
)
from pmokit.monitoring._risk import (
    ProbabilityImpactMatrix,
    Rag,
    Risk,
    RiskAssessment,
    RiskContingency,
    RiskHeatMap,
    RiskStatus,
    assess_risks,
    risk_contingency,
)
from pmokit.monitoring._rollup import (
    PortfolioEarnedValue,
    portfolio_earned_value,
    rollup_earned_value,
)
from pmokit.monitoring._signals import (
    MilestoneTrend,
    Severity,
    Signal,
    SignalKind,
    Signals,
    evm_signals,
    float_erosion_signals,
    float_snapshots,
    milestone_slippage_signals,
    milestone_snapshots,
    milestone_trend,
    risk_exposure_signals,
)

__all__ = [
    "DEFAULT_RAG_RULES",
    "AccountLevel",
    "Baseline",
    "BaselineVariance",
    "ControlAccount",
    "ControlAccountReport",
    "CostKind",
    "CostLine",
    "CostScheduleSamples",
    "CostUncertainty",
    "EacMethod",
    "EarnedValue",
    "EarnedValueHistory",
    "EarnedValueTables",
    "EvTechnique",
    "FlowSignalKind",
    "MilestoneTrend",
    "PerformanceData",
    "PlannedValue",
    "PortfolioEarnedValue",
    "PortfolioRag",
    "ProbabilityImpactMatrix",
    "Rag",
    "RagRule",
    "RagStatus",
    "Risk",
    "RiskAssessment",
    "RiskContingency",
    "RiskCost",
    "RiskHeatMap",
    "RiskStatus",
    "SCurve",
    "Severity",
    "Signal",
    "SignalKind",
    "Signals",
    "SpreadCurve",
    "WorkPackage",
    "aging_wip_signals",
    "assess_risks",
    "baseline_execution_index",
    "baseline_variance",
    "control_account_rollup",
    "critical_path_length_index",
    "cycle_time_signals",
    "earned_value",
    "evm_signals",
    "float_erosion_signals",
    "float_snapshots",
    "joint_confidence",
    "milestone_slippage_signals",
    "milestone_snapshots",
    "milestone_trend",
    "performance",
    "portfolio_earned_value",
    "portfolio_rag",
    "rag_status",
    "risk_contingency",
    "risk_exposure_signals",
    "rollup_earned_value",
    "sample_costs",
    "throughput_trend_signals",
    "time_phase",
]


def __getattr__(name: str) -> object:
    """Deprecated names, kept for one release with a DeprecationWarning."""
    if name == "HeatMap":
        from pmokit._deprecation import warn_renamed

        warn_renamed("pmokit.monitoring.HeatMap", "pmokit.monitoring.RiskHeatMap")
        return RiskHeatMap
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

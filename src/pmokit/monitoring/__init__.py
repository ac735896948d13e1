"""Monitoring: earned value and earned schedule, risk register, early warnings, RAG roll-ups.

See docs/monitoring.md for the guide.

>>> from pmokit.monitoring import earned_value
>>> r = earned_value([250, 500, 750, 1000], [200, 450], [220, 480])
>>> round(r.spi_t, 3)
0.9
"""

from __future__ import annotations

from pmokit.monitoring._earned_value import (
    EacMethod,
    EarnedValue,
    EarnedValueHistory,
    SCurve,
    earned_value,
)
from pmokit.monitoring._risk import (
    HeatMap,
    ProbabilityImpactMatrix,
    Rag,
    Risk,
    RiskAssessment,
    RiskContingency,
    RiskStatus,
    assess_risks,
    risk_contingency,
)
from pmokit.monitoring._rollup import (
    PortfolioEarnedValue,
    portfolio_earned_value,
    rollup_earned_value,
)

__all__ = [
    "EacMethod",
    "EarnedValue",
    "EarnedValueHistory",
    "HeatMap",
    "PortfolioEarnedValue",
    "ProbabilityImpactMatrix",
    "Rag",
    "Risk",
    "RiskAssessment",
    "RiskContingency",
    "RiskStatus",
    "SCurve",
    "assess_risks",
    "earned_value",
    "portfolio_earned_value",
    "risk_contingency",
    "rollup_earned_value",
]

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

__all__ = [
    "EacMethod",
    "EarnedValue",
    "EarnedValueHistory",
    "SCurve",
    "earned_value",
]

"""pmokit.datasets: the built-in sample PMO and published reference tables.

>>> from pmokit.datasets import sample_pmo
>>> sample_pmo().name
'Northwind Group PMO'
"""

from __future__ import annotations

# Domain builders are imported below, one line per domain.
from pmokit.datasets._agile import SampleAgileProject
from pmokit.datasets._capacity import CapacitySample, capacity_sample
from pmokit.datasets._estimation import sample_history
from pmokit.datasets._governance import GovernanceSample, governance_sample
from pmokit.datasets._monitoring import MonitoringSample, monitoring_sample
from pmokit.datasets._portfolio import PortfolioSample, portfolio_sample
from pmokit.datasets._resources import sample_resources
from pmokit.datasets._risk import ScheduleRiskSample, schedule_risk_sample
from pmokit.datasets._sample import (
    Programme,
    SamplePerson,
    SamplePMO,
    SampleProject,
    sample_pmo,
)
from pmokit.datasets._scheduling import PORTFOLIO_START, sample_dated_network

__all__ = [
    "PORTFOLIO_START",
    "CapacitySample",
    "GovernanceSample",
    "MonitoringSample",
    "PortfolioSample",
    "Programme",
    "SampleAgileProject",
    "SamplePMO",
    "SamplePerson",
    "SampleProject",
    "ScheduleRiskSample",
    "capacity_sample",
    "governance_sample",
    "monitoring_sample",
    "portfolio_sample",
    "sample_dated_network",
    "sample_history",
    "sample_pmo",
    "sample_resources",
    "schedule_risk_sample",
]

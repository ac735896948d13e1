"""pmokit.scheduling: activity networks, critical path, schedule risk, resources.

>>> from pmokit.scheduling import Activity, Dependency, Network, schedule
>>> net = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", "FS", lag=1)])
>>> schedule(net).project_duration
6.0
"""

from __future__ import annotations

from pmokit.distributions import (
    BetaPert,
    Distribution,
    Empirical,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    percentage_template,
)
from pmokit.scheduling._analysis import (
    BottleneckRanking,
    all_predecessors,
    all_successors,
    bottlenecks,
)
from pmokit.scheduling._correlation import CorrelationMatrix, nearest_correlation
from pmokit.scheduling._cpm import Schedule, schedule
from pmokit.scheduling._crossproject import CrossProjectView, ProjectLink, cross_project
from pmokit.scheduling._leveling import LevelledSchedule, level
from pmokit.scheduling._network import (
    Activity,
    CompiledNetwork,
    Constraint,
    ConstraintType,
    Dependency,
    LinkType,
    Network,
)
from pmokit.scheduling._rcpsp import ResourceSchedule, resource_constrained_schedule
from pmokit.scheduling._resources import Resource
from pmokit.scheduling._risk import IMPACT_FACTOR_BOUND, RiskEvent, RiskResult, simulate
from pmokit.scheduling._slip import SlipImpact, slip_impact
from pmokit.scheduling._status import ActivityProgress, Progress
from pmokit.scheduling._wbs import Wbs, WbsRollup, rollup

__all__ = [
    "IMPACT_FACTOR_BOUND",
    "Activity",
    "ActivityProgress",
    "BetaPert",
    "BottleneckRanking",
    "CompiledNetwork",
    "Constraint",
    "ConstraintType",
    "CorrelationMatrix",
    "CrossProjectView",
    "Dependency",
    "Distribution",
    "Empirical",
    "LevelledSchedule",
    "LinkType",
    "LogNormal",
    "Network",
    "Normal",
    "Progress",
    "ProjectLink",
    "Resource",
    "ResourceSchedule",
    "RiskEvent",
    "RiskResult",
    "Schedule",
    "SlipImpact",
    "Triangular",
    "Uniform",
    "Wbs",
    "WbsRollup",
    "all_predecessors",
    "all_successors",
    "bottlenecks",
    "cross_project",
    "level",
    "nearest_correlation",
    "percentage_template",
    "resource_constrained_schedule",
    "rollup",
    "schedule",
    "simulate",
    "slip_impact",
]

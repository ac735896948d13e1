"""Resource and capacity: people, skills and availability against project demand.

:func:`allocate` solves a linear programme (HiGHS) that allocates people to demand per
period and returns an :class:`Allocation` with coverage, unmet demand, utilisation, cost
and the shadow price of each skill in each period (the bottleneck ranking). Around it:
availability from a calendar, heat-map data (:class:`CapacityHeatMap`) and FTE gaps,
hiring and train-instead-of-hire recommendations, what-if scenarios, overload signals, the
skill matrix, proficiency gaps, training needs and mentor matching. See docs/capacity.md.
"""

from __future__ import annotations

from pmokit.capacity._allocate import Allocation, Bottleneck, allocate
from pmokit.capacity._availability import PlanningPeriods, availability, planning_periods
from pmokit.capacity._from_schedule import demand_from_schedule
from pmokit.capacity._inputs import FTE_BOUND, Demand, Person
from pmokit.capacity._mentoring import MentorMatching, MentorPair, match_mentors
from pmokit.capacity._planning import (
    CapacityHeatMap,
    Hire,
    HiringPlan,
    TrainingOption,
    heatmap,
    recommend_hires,
    train_instead_of_hire,
)
from pmokit.capacity._records import Records
from pmokit.capacity._scenarios import Scenario, ScenarioComparison, compare_scenarios
from pmokit.capacity._signals import (
    THRESHOLD_BOUND,
    OverloadRun,
    OverloadSignals,
    overload_signals,
)
from pmokit.capacity._skills import (
    RoleProfile,
    SkillGap,
    SkillMatrix,
    TrainingNeed,
    proficiency_gaps,
    skill_matrix,
    training_needs,
)

__all__ = [
    "FTE_BOUND",
    "THRESHOLD_BOUND",
    "Allocation",
    "Bottleneck",
    "CapacityHeatMap",
    "Demand",
    "Hire",
    "HiringPlan",
    "MentorMatching",
    "MentorPair",
    "OverloadRun",
    "OverloadSignals",
    "Person",
    "PlanningPeriods",
    "Records",
    "RoleProfile",
    "Scenario",
    "ScenarioComparison",
    "SkillGap",
    "SkillMatrix",
    "TrainingNeed",
    "TrainingOption",
    "allocate",
    "availability",
    "compare_scenarios",
    "demand_from_schedule",
    "heatmap",
    "match_mentors",
    "overload_signals",
    "planning_periods",
    "proficiency_gaps",
    "recommend_hires",
    "skill_matrix",
    "train_instead_of_hire",
    "training_needs",
]


def __getattr__(name: str) -> object:
    """Deprecated names, kept for one release with a DeprecationWarning."""
    if name == "Heatmap":
        from pmokit._deprecation import warn_renamed

        warn_renamed("pmokit.capacity.Heatmap", "pmokit.capacity.CapacityHeatMap")
        return CapacityHeatMap
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

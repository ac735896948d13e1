"""Capacity sample data: the sample PMO's people and the demand of its schedule.

People get their calendar availability (England and Wales bank holidays, 7.5 h days)
with two weeks of staggered summer leave; demand comes from the integrated activity
network scheduled from Monday 5 January 2026, in weekly periods. The value of an hour of
a project's demand is ``50 + 50 x (annual benefit x benefit years / budget)`` [GBP per
hour], plus 100 for the regulatory programme (its deadlines are mandatory).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from pmokit.capacity import (
    Demand,
    Person,
    PlanningPeriods,
    RoleProfile,
    availability,
    demand_from_schedule,
    planning_periods,
)
from pmokit.datasets._sample import SamplePMO, _str_strs
from pmokit.scheduling import Schedule, schedule

__all__ = ["CapacitySample", "capacity_sample"]

PLAN_START = dt.date(2026, 1, 5)
PLAN_END = dt.date(2027, 8, 2)

_PROFILES = (
    RoleProfile("PMO", {"project_management": 4, "change_management": 3}),
    RoleProfile("Analysis", {"business_analysis": 4, "data_engineering": 2}),
    RoleProfile("Architecture", {"architecture": 4, "security": 3}),
    RoleProfile("Engineering", {"backend": 3, "frontend": 3, "testing": 2}),
    RoleProfile("Data", {"data_engineering": 4, "backend": 2}),
    RoleProfile("Quality", {"testing": 4, "security": 2}),
    RoleProfile("Platform", {"devops": 4, "security": 3}),
    RoleProfile("Security", {"security": 4, "devops": 2}),
    RoleProfile("Change", {"change_management": 4, "business_analysis": 3}),
)


@attrs.frozen(eq=False)
class CapacitySample:
    """People, demand and periods of the sample PMO for capacity planning.

    Attributes
    ----------
    people
        The 25 people with skills, FTE, cost rates, teams and weekly availability [hours].
    demands
        Hours per (project, skill) and week from the scheduled network.
    periods
        The weekly planning periods from January 2026 to July 2027 (``periods.starts`` and
        ``periods.hours_per_period`` go to :func:`~pmokit.capacity.allocate`).
    schedule
        The CPM schedule the demand comes from.
    profiles
        One role profile per team.
    roles
        Person id -> role (their team).
    """

    people: tuple[Person, ...]
    demands: tuple[Demand, ...]
    periods: PlanningPeriods
    schedule: Schedule
    profiles: tuple[RoleProfile, ...]
    roles: Mapping[str, str] = attrs.field(converter=_str_strs)


def capacity_sample(pmo: SamplePMO) -> CapacitySample:
    """Build the capacity sample from the sample PMO (deterministic).

    >>> from pmokit.datasets import sample_pmo
    >>> cs = capacity_sample(sample_pmo())
    >>> len(cs.people), len(cs.periods.starts), cs.periods.hours_per_period[:2].tolist()
    (25, 82, [37.5, 37.5])
    """
    cal = pmo.calendar
    periods = planning_periods(cal, PLAN_START, PLAN_END, freq="W")
    people = []
    for k, sp in enumerate(pmo.people):
        first = dt.date(2026, 7, 6) + dt.timedelta(days=7 * (k % 6))
        leave = [(first, first + dt.timedelta(days=11))]
        people.append(
            Person(
                sp.id,
                dict(sp.skills),
                fte=sp.fte,
                cost_rate=sp.cost_rate,
                availability=availability(cal, PLAN_START, PLAN_END, fte=sp.fte, leave=leave),
                team=sp.team,
            )
        )
    sched = schedule(pmo.network, start=PLAN_START, calendar=cal)
    values = {}
    scheduled = {a.project for a in pmo.network.activities}
    for p in pmo.projects:
        if p.id not in scheduled:  # proposed projects have no activities yet
            continue
        ratio = p.annual_benefit * p.benefit_years / p.budget
        values[p.id] = round(50.0 + 50.0 * ratio + (100.0 if p.programme == "REG" else 0.0), 0)
    demands = demand_from_schedule(sched, periods, values=values)
    return CapacitySample(
        people=tuple(people),
        demands=demands,
        periods=periods,
        schedule=sched,
        profiles=_PROFILES,
        roles={p.id: p.team for p in pmo.people},
    )

"""Demand derived from a schedule: activities with skill demands, spread over periods."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import numpy as np

from pmokit._validation import Problems, check_allocation, check_id, check_ids, check_known
from pmokit.capacity._availability import PlanningPeriods
from pmokit.capacity._inputs import Demand, Keyed
from pmokit.errors import ValidationError

if TYPE_CHECKING:
    from pmokit.scheduling import Schedule

__all__ = ["demand_from_schedule"]



def demand_from_schedule(
    schedule: Schedule,
    periods: int | PlanningPeriods,
    *,
    period_days: float = 5.0,
    hours_per_day: float | None = None,
    dates: Literal["early", "late"] = "early",
    skills: Iterable[str] | None = None,
    values: float | Keyed[float] = 1.0,
    min_proficiency: float | Mapping[str, float] = 0.0,
    default_project: Hashable = "unassigned",
) -> tuple[Demand, ...]:
    """Hours per project, skill and period from a schedule whose activities have demands.

    An activity with ``demands={"python": 2}`` needs two people full time while it runs,
    that is ``2 x hours_per_day`` hours per working day between its start and finish
    (early or late dates). The hours are spread over the periods in proportion to the
    working days of the activity that fall in each, and summed per (project, skill).

    Parameters
    ----------
    schedule
        A :class:`pmokit.scheduling.Schedule`.
    periods
        A number of periods of ``period_days`` working days each, starting at offset 0;
        or :class:`~pmokit.capacity.PlanningPeriods` from the same calendar as the
        schedule (which must then have a ``start`` date and a ``calendar``).
    period_days
        Working days per period when ``periods`` is a number [working days].
    hours_per_day
        Working hours per day [hours]; default the schedule calendar's, else 8.
    dates
        ``"early"`` or ``"late"`` start and finish.
    skills
        Only these demand keys are skills (others, such as equipment, are ignored);
        ``None`` for every key.
    values
        Value of an hour [currency per hour], one number or per project (missing
        projects get 1.0).
    min_proficiency
        Minimum level, one number or per skill (missing skills get 0).
    default_project
        Project of activities without one.

    Returns
    -------
    tuple of Demand
        One per (project, skill), in first-met order. Hours outside the periods are left
        out.

    Raises
    ------
    ValidationError
        If ``schedule`` is not a Schedule, the periods cannot be placed on it, or an
        option is out of range.
    DuplicateError
        If ``skills`` names a skill twice.
    UnknownReferenceError
        If ``skills`` or the keys of ``min_proficiency`` name a demand key no activity
        has, or the keys of ``values`` name a project no activity belongs to (a typo
        would silently drop the demand or use the default).

    Examples
    --------
    A design week (one analyst) followed by two weeks of build (two developers):

    >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
    >>> net = Network([Activity("design", 5, demands={"analysis": 1}, project="apollo"),
    ...                Activity("build", 10, demands={"python": 2}, project="apollo")],
    ...               [Dependency("design", "build")])
    >>> ds = demand_from_schedule(schedule(net), 3, hours_per_day=8.0)
    >>> [(d.project, d.skill, d.hours.tolist()) for d in ds]
    [('apollo', 'analysis', [40.0, 0.0, 0.0]), ('apollo', 'python', [0.0, 80.0, 80.0])]
    """
    from pmokit.scheduling import Schedule

    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"'schedule' must be a pmokit.scheduling.Schedule (got {type(schedule).__name__})"
        )
    p = Problems()
    if dates not in ("early", "late"):
        p.add(f"'dates' must be one of 'early', 'late' (got {dates!r})")
    if hours_per_day is not None:
        p.check_number(
            hours_per_day, "hours_per_day", minimum=0.0, strict_minimum=True, maximum=24.0
        )
    if isinstance(periods, PlanningPeriods):
        if schedule.start is None or schedule.calendar is None:
            p.add(
                "'periods' given as PlanningPeriods need a schedule with a start date and a "
                "calendar; schedule the network with start=... or pass a number of periods"
            )
            bounds = np.zeros(1)
        else:
            first = schedule.calendar.offset_of(schedule.start, periods.starts[0])
            bounds = first + np.concatenate([[0], np.cumsum(periods.working_days)])
            bounds = bounds.astype(np.float64)
    elif isinstance(periods, int) and not isinstance(periods, bool) and periods >= 1:
        check_allocation((periods + 1,), "periods")
        before = len(p)
        p.check_number(period_days, "period_days", minimum=0.0, strict_minimum=True)
        days = float(period_days) if len(p) == before else 1.0
        bounds = np.arange(periods + 1, dtype=np.float64) * days
    else:
        p.add(
            f"'periods' must be a positive number of periods or PlanningPeriods (got {periods!r})"
        )
        bounds = np.zeros(1)
    if isinstance(values, Mapping):
        for proj, v in values.items():
            p.check_number(v, f"values[{proj!r}]", minimum=0.0, strict_minimum=True)
    else:
        p.check_number(values, "values", minimum=0.0, strict_minimum=True)
    if isinstance(min_proficiency, Mapping):
        for sk, v in min_proficiency.items():
            p.check_number(v, f"min_proficiency[{sk!r}]", minimum=0.0)
    else:
        p.check_number(min_proficiency, "min_proficiency", minimum=0.0)
    if (m := check_id(default_project, "default_project")) is not None:
        p.add(m)
    if isinstance(skills, str):  # a single string is one skill, not its letters
        skills = (skills,)
    if skills is not None and not isinstance(skills, Iterable):
        p.add(f"'skills' must be a sequence of skill names (got {skills!r})")
        skills = None
    p.raise_if_any()
    acts = schedule.network.activities
    keys_held = {k for act in acts for k in act.demands}
    projects_held = {
        act.project if act.project is not None else default_project
        for act in acts
        if act.demands
    }
    if skills is not None:
        skills = tuple(skills)
        check_ids(skills, "skills")  # no empty or repeated names
        check_known(skills, keys_held, "skills", "demand key")
    if isinstance(min_proficiency, Mapping):
        check_known(min_proficiency.keys(), keys_held, "min_proficiency", "skill")
    if isinstance(values, Mapping):
        check_known(values.keys(), projects_held, "values", "project")

    if hours_per_day is None:
        cal = getattr(schedule, "calendar", None)
        hpd = float(cal.hours_per_day) if cal is not None else 8.0
    else:
        hpd = float(hours_per_day)
    allowed = None if skills is None else set(skills)
    start = schedule.early_start if dates == "early" else schedule.late_start
    finish = schedule.early_finish if dates == "early" else schedule.late_finish
    index = {a: i for i, a in enumerate(schedule.ids)}
    rows_act: list[int] = []
    rows_units: list[float] = []
    keys: list[tuple[Hashable, str]] = []
    for act in acts:
        for skill, units in act.demands.items():
            if allowed is not None and skill not in allowed:
                continue
            proj = act.project if act.project is not None else default_project
            rows_act.append(index[act.id])
            rows_units.append(float(units))
            keys.append((proj, skill))
    if not keys:
        return ()
    ia = np.array(rows_act, dtype=np.int64)
    s = start[ia][:, None]
    f = finish[ia][:, None]
    overlap = np.clip(np.minimum(f, bounds[None, 1:]) - np.maximum(s, bounds[None, :-1]), 0, None)
    hours = overlap * (np.array(rows_units) * hpd)[:, None]
    uniq = list(dict.fromkeys(keys))
    key_of = {k: i for i, k in enumerate(uniq)}
    group = np.array([key_of[k] for k in keys], dtype=np.int64)
    total = np.zeros((len(uniq), bounds.size - 1))
    np.add.at(total, group, hours)
    out = []
    value_of: dict[Hashable, float] = (
        dict(values.items()) if isinstance(values, Mapping) else {}
    )
    for i, (proj, skill) in enumerate(uniq):
        value = value_of.get(proj, 1.0) if isinstance(values, Mapping) else values
        prof = (
            min_proficiency.get(skill, 0.0)
            if isinstance(min_proficiency, Mapping)
            else (min_proficiency)
        )
        out.append(Demand(proj, skill, total[i], min_proficiency=prof, value=value))
    return tuple(out)

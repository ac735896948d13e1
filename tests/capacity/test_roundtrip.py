"""Every input and result of pmokit.capacity pickles, deep-copies and round-trips equal,
with its arrays still read-only, and holds no mutable container."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
import pytest

from pmokit.calendar import WorkCalendar
from pmokit.capacity import (
    Demand,
    Person,
    RoleProfile,
    Scenario,
    allocate,
    compare_scenarios,
    heatmap,
    match_mentors,
    overload_signals,
    planning_periods,
    proficiency_gaps,
    recommend_hires,
    skill_matrix,
    train_instead_of_hire,
    training_needs,
)


def _objects() -> dict[str, Any]:
    people = [
        Person("ana", {"sql": 5, "python": 2}, availability=[40.0, 40.0], team="data"),
        Person("bob", {"python": 4}, fte=0.5, cost_rate=30.0, team="data"),
        Person("cy", {"sql": 1, "python": 1}),
    ]
    demands = [
        Demand("p", "sql", [30.0, 60.0], value=90.0),
        Demand("q", "python", [50.0, 0.0]),
        Demand("r", "java", [10.0, 0.0]),  # a skill nobody holds
    ]
    skills = ["sql", "python", "java"]
    a = allocate(people, demands, periods=["w1", "w2"], skills=skills)
    plan = recommend_hires(people, demands, periods=2, skills=skills, target_coverage=1.0)
    profiles = [RoleProfile("dev", {"sql": 3, "python": 3})]
    gaps = proficiency_gaps(people, profiles, {"cy": "dev", "bob": "dev"})
    return {
        "person": people[0],
        "demand": demands[0],
        "allocation": a,
        "bottleneck": a.bottlenecks[0],
        "heat map": heatmap(a, people),
        "hiring plan": plan,
        "hire": plan.hires[0],
        "training options": train_instead_of_hire(a, people),
        "scenario": Scenario("s", shift_projects={"p": 1}, scale_projects={"q": 0.5}),
        "comparison": compare_scenarios(
            people, demands, [Scenario("s", remove_people=["cy"])], periods=2, skills=skills
        ),
        "overload": overload_signals(
            a.allocated * 1.2, a.availability, people=a.people, teams=["x", "x", None],
            threshold=0.5, min_periods=1,
        ),
        "skill matrix": skill_matrix(people),
        "role profile": profiles[0],
        "gaps": gaps,
        "training needs": training_needs(gaps, a),
        "mentoring": match_mentors(people, gaps, min_mentor_level=2),
        "planning periods": planning_periods(
            WorkCalendar(), dt.date(2026, 1, 5), dt.date(2026, 2, 2)
        ),
    }


OBJECTS = _objects()


def _arrays(obj: Any) -> Iterator[np.ndarray]:
    """Every numpy array held by obj (fields, tuples, nested attrs objects)."""
    if isinstance(obj, np.ndarray):
        yield obj
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from _arrays(item)
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            yield from _arrays(getattr(obj, f.name))


def _mutable(obj: Any, path: str = "") -> Iterator[str]:
    """Paths of the dicts, lists, sets and writable arrays held by obj."""
    if isinstance(obj, dict | list | set):
        yield f"{path}: {type(obj).__name__}"
    elif isinstance(obj, np.ndarray):
        if obj.flags.writeable:
            yield f"{path}: writable array"
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _mutable(item, f"{path}[{i}]")
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            yield from _mutable(getattr(obj, f.name), f"{path}.{f.name}")


@pytest.mark.parametrize("name", sorted(OBJECTS))
@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip(name: str, protocol: int) -> None:
    """Equal after pickling, arrays still read-only (they came back writable, and
    results without value equality were never equal to their copy)."""
    obj = OBJECTS[name]
    back = pickle.loads(pickle.dumps(obj, protocol=protocol))
    assert back == obj
    assert type(back) is type(obj)
    assert not any(arr.flags.writeable for arr in _arrays(back))


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_deepcopy_round_trip(name: str) -> None:
    """Equal after deepcopy, arrays still read-only."""
    obj = OBJECTS[name]
    back = copy.deepcopy(obj)
    assert back == obj
    assert not any(arr.flags.writeable for arr in _arrays(back))


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_nothing_mutable_inside(name: str) -> None:
    """No dict, list, set or writable array inside an input or a result."""
    assert list(_mutable(OBJECTS[name])) == []


def test_equality_sees_the_arrays() -> None:
    """Two results that differ only in an array are not equal."""
    a = OBJECTS["demand"]
    assert a != Demand("p", "sql", [30.0, 61.0], value=90.0)
    assert a == Demand("p", "sql", [30.0, 60.0], value=90.0)


def test_no_undocumented_nan_or_inf() -> None:
    """Only the documented places hold NaN (undefined ratios) and none holds inf here:
    heat-map load where nothing is supplied, coverage where nothing is demanded."""
    h = OBJECTS["heat map"]
    java = h.skills.index("java")
    assert h.demand[java, 0] > 0  # demand and no supply: load was inf
    assert np.isnan(h.load[java]).all() and not np.isinf(h.load).any()
    assert h.gap_fte[java, 0] == 10.0 / 40.0  # the whole demand is the gap
    assert np.isfinite(np.delete(h.load, java, axis=0)).all()
    a = OBJECTS["allocation"]
    for name in ("allocated", "utilisation", "unmet", "shadow_price", "person_shadow_price"):
        assert np.isfinite(getattr(a, name)).all(), name
    assert np.isnan(a.coverage).sum() == int((a.coverage != a.coverage).sum())
    demanded = np.vstack([a.demanded[a.demand_project == k].sum(axis=0)
                          for k in range(len(a.projects))])
    assert np.array_equal(np.isnan(a.coverage), demanded == 0)

"""Fuzz specs: pmokit.capacity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.capacity import (
    Demand,
    Person,
    RoleProfile,
    allocate,
    proficiency_gaps,
)
from tests.fuzz._framework import (
    Array,
    Choice,
    Custom,
    Date,
    DateList,
    Exempt,
    Flag,
    Id,
    Ids,
    Keyed,
    Number,
    OneOf,
    Spec,
    built,
)
from tests.strategies import dates, schedules

K = "pmokit.capacity."
SKILLS = ("python", "sql", "pm")
T = 3  # periods


def _result(made_by: str) -> Exempt:
    return Exempt(f"result class: built by {made_by}, fuzzed through it")


@st.composite
def _people(draw: st.DrawFn, n_min: int = 1) -> list[Person]:
    n = draw(st.integers(n_min, 4))
    out = []
    for i in range(n):
        skills = {s: float(draw(st.integers(1, 5)))
                  for s in draw(st.sets(st.sampled_from(SKILLS), min_size=1))}
        out.append(Person(f"p{i}", skills, fte=draw(st.sampled_from([0.5, 1.0])),
                          cost_rate=float(draw(st.integers(0, 80))),
                          team=draw(st.sampled_from(["t1", "t2", None]))))
    return out


@st.composite
def _demands(draw: st.DrawFn) -> list[Demand]:
    out = []
    for proj in ("P1", "P2"):
        for s in sorted(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=2))):
            out.append(Demand(proj, s, [float(draw(st.integers(0, 60))) for _ in range(T)],
                              value=float(draw(st.integers(1, 200)))))
    return out


@st.composite
def _person(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(st.sampled_from(["ana", 7])),
        "skills": {s: float(draw(st.integers(1, 5))) for s in
                   draw(st.sets(st.sampled_from(SKILLS), min_size=1))},
        "fte": draw(st.sampled_from([0.2, 0.5, 1.0, 1.2])),
        "cost_rate": float(draw(st.integers(0, 100))),
        "availability": draw(st.sampled_from([None, [40.0, 20.0, 0.0]])),
        "max_utilisation": draw(st.sampled_from([0.5, 0.85, 1.0])),
        "team": draw(st.sampled_from([None, "t1"])),
    }


@st.composite
def _demand(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "project": draw(st.sampled_from(["P1", 3])),
        "skill": draw(st.sampled_from(SKILLS)),
        "hours": [float(draw(st.integers(0, 50))) for _ in range(draw(st.integers(1, 4)))],
        "min_proficiency": float(draw(st.integers(0, 3))),
        "value": float(draw(st.integers(1, 100))),
    }


@st.composite
def _allocate(draw: st.DrawFn) -> dict[str, Any]:
    kw: dict[str, Any] = {
        "people": draw(_people()),
        "demands": draw(_demands()),
        "periods": draw(st.sampled_from([T, ["w1", "w2", "w3"]])),
        "hours_per_period": draw(st.sampled_from([40.0, [40.0, 32.0, 40.0]])),
    }
    if draw(st.booleans()):
        kw["skills"] = list(SKILLS)
    return kw


_alloc_kinds = {
    "periods": OneOf((Number(minimum=1, integer=True, size=True), Ids())),
    "hours_per_period": OneOf((Number(minimum=0.0), Array(minimum=0.0))),
    "skills": Ids(),
    "people": Custom(lambda draw, cur: draw(st.sampled_from([
        ("duplicate person", [*cur, cur[0]]), ("None person", [*cur, None])]))),
}


@st.composite
def _scenario(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": "s",
        "shift_projects": {"P1": draw(st.integers(-2, 3))},
        "scale_projects": {"P2": draw(st.sampled_from([0.0, 0.5, 2.0]))},
        "remove_people": draw(st.sampled_from([(), ("p0",)])),
    }


@st.composite
def _compare(draw: st.DrawFn) -> dict[str, Any]:
    from pmokit.capacity import Scenario

    kw = draw(_allocate())
    kw.pop("skills", None)
    kw["scenarios"] = [Scenario(**draw(_scenario()))]
    return kw


def _bad_scenarios(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    from pmokit.capacity import Scenario

    return draw(st.sampled_from([
        ("scenario shifting an unknown project", [Scenario("x", shift_projects={"ZZZ": 1})]),
        ("scenario scaling an unknown project", [Scenario("x", scale_projects={"ZZZ": 2.0})]),
        ("scenario removing an unknown person", [Scenario("x", remove_people=("ZZZ",))]),
        ("two scenarios with one name", [Scenario("x"), Scenario("x")]),
    ]))


@st.composite
def _with_allocation(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(_allocate())
    return {"allocation": built(allocate, **kw), "people": kw["people"]}


@st.composite
def _gaps_kw(draw: st.DrawFn) -> dict[str, Any]:
    people = draw(_people())
    profiles = [RoleProfile("dev", {"python": 4.0, "sql": 3.0}),
                RoleProfile("lead", {"pm": 4.0})]
    roles = {p.id: draw(st.sampled_from(["dev", "lead"])) for p in people}
    return {"people": people, "profiles": profiles, "roles": roles}


@st.composite
def _training(draw: st.DrawFn) -> dict[str, Any]:
    g = draw(_gaps_kw())
    kw = draw(_allocate())
    return {"gaps": list(built(proficiency_gaps, **g)),
            "allocation": built(allocate, **{**kw, "people": g["people"]})}


@st.composite
def _mentors(draw: st.DrawFn) -> dict[str, Any]:
    g = draw(_gaps_kw())
    kw: dict[str, Any] = {"people": g["people"], "gaps": list(built(proficiency_gaps, **g)),
                          "min_mentor_level": float(draw(st.integers(1, 5))),
                          "max_mentees": draw(st.integers(1, 3))}
    if draw(st.booleans()):
        kw["skill_weights"] = {"python": 2.0}
    return kw


@st.composite
def _overload(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 3))

    def grid(lo: int, hi: int) -> list[list[float]]:
        return [[float(draw(st.integers(lo, hi))) for _ in range(4)] for _ in range(n)]

    return {
        "hours": grid(0, 50),
        "available": grid(1, 40),
        "people": [f"p{i}" for i in range(n)],
        "teams": draw(st.sampled_from([None, ["t1"] * n])),
        "threshold": draw(st.sampled_from([0.8, 0.9, 1.0])),
        "min_periods": draw(st.integers(1, 3)),
    }


@st.composite
def _periods(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(dates)
    return {"calendar": WorkCalendar(), "start": start,
            "end": start + dt.timedelta(days=draw(st.integers(1, 90))),
            "freq": draw(st.sampled_from(["D", "W", "M"]))}


@st.composite
def _availability(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(_periods())
    kw["fte"] = draw(st.sampled_from([0.5, 1.0]))
    kw["leave"] = [kw["start"]] if draw(st.booleans()) else []
    return kw


@st.composite
def _from_schedule(draw: st.DrawFn) -> dict[str, Any]:
    s = draw(schedules(resources=("python", "sql")))
    kw: dict[str, Any] = {"schedule": s, "periods": draw(st.integers(1, 6)),
                          "period_days": float(draw(st.integers(1, 10))),
                          "dates": draw(st.sampled_from(["early", "late"]))}
    if draw(st.booleans()):
        kw["skills"] = ["python"]
    return kw


SPECS: dict[str, Spec | Exempt] = {
    K + "Person": Spec(
        _person(),
        {"id": Id(), "skills": Keyed(value=Number(minimum=0.0, strict=True), known=False),
         "fte": Number(minimum=0.0, strict=True, maximum=1.5),
         "cost_rate": Number(minimum=0.0),
         "availability": Array(minimum=0.0, none_ok=True),
         "max_utilisation": Number(minimum=0.0, strict=True, maximum=1.0, fraction=True),
         "team": Id(none_ok=True)},
        examples=150,
    ),
    K + "Demand": Spec(
        _demand(),
        {"project": Id(), "skill": Id(), "hours": Array(minimum=0.0),
         "min_proficiency": Number(minimum=0.0), "value": Number(minimum=0.0, strict=True)},
        examples=120,
    ),
    K + "RoleProfile": Spec(
        st.fixed_dictionaries({"role": st.just("dev"),
                               "requirements": st.just({"python": 3.0, "sql": 4.0})}),
        {"role": Id(), "requirements": Keyed(value=Number(minimum=0.0, strict=True),
                                             known=False)},
        examples=60,
    ),
    K + "Scenario": Spec(
        _scenario(),
        {"shift_projects": Keyed(value=Number(integer=True), known=False),
         "scale_projects": Keyed(value=Number(minimum=0.0), known=False),
         "remove_people": Ids()},
        examples=80,
    ),
    K + "allocate": Spec(_allocate(), {**_alloc_kinds, "time_limit": Number(
        minimum=0.0, strict=True, none_ok=True)}, examples=100),
    K + "recommend_hires": Spec(
        _allocate(),
        {**_alloc_kinds, "target_coverage": Number(minimum=0.0, strict=True, maximum=1.0,
                                                   fraction=True),
         "fte_step": Number(minimum=0.0, strict=True),
         "max_utilisation": Number(minimum=0.0, strict=True, maximum=1.0, fraction=True),
         "max_rounds": Number(minimum=1, integer=True)},
        examples=60,
    ),
    K + "compare_scenarios": Spec(_compare(), {**_alloc_kinds, "scenarios": Custom(
        _bad_scenarios)}, examples=60),
    K + "heatmap": Spec(_with_allocation(), {"people": Custom(lambda draw, cur: draw(
        st.sampled_from([("duplicate person", [*cur, cur[0]]), ("no people", []),
                         ("None person", [*cur, None])])))}, examples=60),
    K + "skill_matrix": Spec(
        st.fixed_dictionaries({"people": _people(), "skills": st.sampled_from([None,
                                                                                list(SKILLS)])}),
        {"people": _alloc_kinds["people"], "skills": Ids()},
        examples=80,
    ),
    K + "proficiency_gaps": Spec(
        _gaps_kw(),
        {"people": _alloc_kinds["people"], "roles": Keyed(value=Id(), example="dev"),
         "profiles": Custom(lambda draw, cur: draw(st.sampled_from([
             ("duplicate role profile", [*cur, cur[0]]), ("None profile", [*cur, None])])))},
        examples=80,
    ),
    K + "training_needs": Spec(_training(), {}, examples=40),
    K + "train_instead_of_hire": Spec(
        _with_allocation().map(lambda d: {**d, "top": 2}),
        {"top": Number(minimum=1, integer=True, none_ok=True),
         "people": _alloc_kinds["people"]},
        examples=50,
    ),
    K + "match_mentors": Spec(
        _mentors(),
        {"skill_weights": Keyed(value=Number(minimum=0.0)),
         "min_mentor_level": Number(minimum=0.0),
         "max_mentees": Number(minimum=1, integer=True),
         "same_team_bonus": Number(minimum=0.0),
         "people": _alloc_kinds["people"]},
        examples=80,
    ),
    K + "overload_signals": Spec(
        _overload(),
        {"hours": Array(minimum=0.0), "available": Array(minimum=0.0), "people": Ids(),
         "threshold": Number(minimum=0.0, strict=True),
         "min_periods": Number(minimum=1, integer=True)},
        examples=100,
    ),
    K + "planning_periods": Spec(_periods(), {"start": Date(), "end": Date(), "freq": Choice()},
                                 examples=60),
    K + "availability": Spec(
        _availability(),
        {"start": Date(), "end": Date(), "freq": Choice(),
         "fte": Number(minimum=0.0, strict=True, maximum=1.5), "leave": DateList()},
        examples=80,
    ),
    K + "demand_from_schedule": Spec(
        _from_schedule(),
        {"periods": Number(minimum=1, integer=True, size=True),
         "period_days": Number(minimum=0.0, strict=True),
         "hours_per_day": Number(minimum=0.0, strict=True, maximum=24.0, none_ok=True),
         "dates": Choice(), "skills": Ids(known=True),
         "values": Keyed(value=Number(minimum=0.0, strict=True)),
         "min_proficiency": Keyed(value=Number(minimum=0.0))},
        examples=80,
    ),
    K + "Allocation": _result("allocate"),
    K + "Bottleneck": _result("allocate"),
    K + "CapacityHeatMap": _result("heatmap"),
    K + "Hire": _result("recommend_hires"),
    K + "HiringPlan": _result("recommend_hires"),
    K + "MentorMatching": _result("match_mentors"),
    K + "MentorPair": _result("match_mentors"),
    K + "OverloadRun": _result("overload_signals"),
    K + "OverloadSignals": _result("overload_signals"),
    K + "PlanningPeriods": _result("planning_periods"),
    K + "Records": _result("proficiency_gaps and the other record lists"),
    K + "ScenarioComparison": _result("compare_scenarios"),
    K + "SkillGap": _result("proficiency_gaps"),
    K + "SkillMatrix": _result("skill_matrix"),
    K + "TrainingNeed": _result("training_needs"),
    K + "TrainingOption": _result("train_instead_of_hire"),
}

__all__ = ["SPECS", "Flag"]

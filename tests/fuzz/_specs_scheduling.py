"""Fuzz specs: pmokit.calendar and pmokit.scheduling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.scheduling import (
    Activity,
    ActivityProgress,
    Dependency,
    Network,
    Progress,
    Resource,
    Triangular,
    schedule,
)
from tests.fuzz._framework import (
    EDGE,
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
    Ref,
    Spec,
    Text,
)
from tests.fuzz._specs_clock import SHIFTS, bad_shifts
from tests.strategies import dates, networks, schedules, three_points

C = "pmokit.calendar."
S = "pmokit.scheduling."


def _result(made_by: str) -> Exempt:
    return Exempt(f"result class: built by {made_by}, fuzzed through it")


@st.composite
def _calendar(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "weekdays": tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=7)))),
        "holidays": tuple(draw(st.lists(dates, max_size=4))),
        "exceptions": tuple(draw(st.lists(dates, max_size=2))),
        "hours_per_day": float(draw(st.integers(1, 24))),
        "name": draw(st.sampled_from(["", "uk"])),
        "shifts": draw(st.sampled_from(SHIFTS)),  # clock hours (None: day-based)
    }


@st.composite
def _period_starts(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(dates)
    return {
        "start": start,
        "end": start + dt.timedelta(days=draw(st.integers(0, 200))),
        "freq": draw(st.sampled_from(["D", "W", "M"])),
    }


@st.composite
def _bucket(draw: st.DrawFn) -> dict[str, Any]:
    import numpy as np

    start = draw(dates)
    starts = np.array(
        sorted({start + dt.timedelta(days=7 * k) for k in range(draw(st.integers(1, 5)))}),
        dtype="datetime64[D]",
    )
    n = draw(st.integers(0, 5))
    ds = [start + dt.timedelta(days=draw(st.integers(0, 40))) for _ in range(n)]
    return {"dates": ds, "starts": starts}


def _bad_weekdays(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    return draw(st.sampled_from([("weekday 7", (0, 7)), ("weekday -1", (-1,)), ("None", None),
                                 ("string weekday", ("Mon",)), ("float weekday", (1.5,)),
                                 # no weekday is allowed when there are exceptions
                                 (EDGE + "no weekday", ())]))


def _unsorted_starts(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    import numpy as np

    cur = list(current)
    cur = cur[::-1] if len(cur) >= 2 else [np.datetime64("2026-01-12"), np.datetime64("2026-01-05")]
    return ("unsorted period starts", np.array(cur, dtype="datetime64[D]"))


@st.composite
def _activity(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(st.sampled_from(["A", "B", 7])),
        "duration": float(draw(st.integers(0, 30))),
        "demands": {"dev": float(draw(st.integers(0, 3)))},
        "project": draw(st.sampled_from([None, "P1"])),
        "name": "",
    }


@st.composite
def _dependency(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "predecessor": "A",
        "successor": "B",
        "type": draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
        "lag": float(draw(st.integers(-3, 5))),
    }


@st.composite
def _network(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks())
    return {"activities": list(net.activities), "dependencies": list(net.dependencies)}


def _bad_network_acts(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    acts = list(current)
    return draw(
        st.sampled_from(
            [
                ("duplicate activity", [*acts, acts[0]]),
                ("None activity", [*acts, None]),
                ("not an activity", [*acts, "A9"]),
            ]
        )
    )


def _bad_network_deps(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    deps = list(current)
    return draw(
        st.sampled_from(
            [
                ("link to an unknown activity", [*deps, Dependency("A0", "ZZZ")]),
                ("self link", [*deps, Dependency("A0", "A0")]),
                ("None link", [*deps, None]),
            ]
        )
    )


def _three(names: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    return three_points(0, 50).map(lambda t: dict(zip(names, t, strict=True)))


@st.composite
def _correlation(draw: st.DrawFn) -> dict[str, Any]:
    r = draw(st.sampled_from([0.0, 0.3, -0.5, 0.9]))
    return {"ids": ("A", "B"), "matrix": [[1.0, r], [r, 1.0]], "method": "copula", "repair": False}


@st.composite
def _risk_event(draw: st.DrawFn) -> dict[str, Any]:
    additive = draw(st.booleans())
    impact = Triangular(0, 1, 3) if additive else Triangular(1.0, 1.1, 1.4)
    return {
        "id": "R1",
        "probability": draw(st.sampled_from([0.0, 0.2, 0.5, 1.0])),
        "impact": impact,
        "activities": ("A0",),
        "mode": "additive" if additive else "multiplicative",
    }


@st.composite
def _schedule(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(loe=True))
    kw: dict[str, Any] = {"network": net}
    if draw(st.booleans()):
        kw["start"] = draw(dates)
        kw["calendar"] = WorkCalendar()
    if draw(st.booleans()):
        kw["deadline"] = float(draw(st.integers(0, 60)))
    kw["method"] = draw(st.sampled_from(["auto", "levels", "dijkstra"]))
    kw["total_float"] = draw(st.sampled_from(["start", "finish", "smallest"]))
    c = net.compiled
    if draw(st.booleans()):
        ids = sorted(draw(st.sets(st.sampled_from(net.ids), max_size=2)), key=str)
        # an LOE takes no leveling delay but 0 (its links set its dates; refused by name)
        kw["leveling_delay"] = {i: 0.0 if i in net and c.index[i] in net.kinds
                                and net.kinds[c.index[i]] == "loe"
                                else float(draw(st.integers(0, 3))) for i in ids}
    # an expected finish only where the start does not depend on the duration
    held = (set(c.link_succ[c.link_type >= 2].tolist()) | set(net.constraints)
            | set(net.kinds))  # an LOE's dates come from its span (refused by name)
    free = [a for i, a in enumerate(net.ids) if i not in held]
    if free and draw(st.booleans()):
        ids = sorted(draw(st.sets(st.sampled_from(free), max_size=2)), key=str)
        kw["expected_finish"] = {i: float(draw(st.integers(0, 20))) for i in ids}
    return kw


@st.composite
def _wbs(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(st.sampled_from(["A", "B", "C", 7, 8]), min_size=1, max_size=5,
                        unique=True))
    parents: dict[Any, Any] = {i: draw(st.sampled_from(["S1", "S2"])) for i in ids}
    parents.update({"S1": "P", "S2": "P", "P": None})
    return {"parents": parents}


@st.composite
def _rollup(draw: st.DrawFn) -> dict[str, Any]:
    from pmokit.scheduling import Wbs

    s = draw(schedules())
    groups = draw(st.lists(st.integers(0, 2), min_size=len(s.ids), max_size=len(s.ids)))
    parents: dict[Any, Any] = {a: f"S{g}" for a, g in zip(s.ids, groups, strict=True)}
    parents.update({f"S{g}": "TOP" for g in set(groups)})
    parents["TOP"] = None
    done = draw(st.sets(st.sampled_from(s.ids), max_size=3))
    kw: dict[str, Any] = {"schedule": s, "wbs": Wbs(parents),
                          "percent_complete": {a: float(draw(st.integers(0, 100)))
                                               for a in sorted(done, key=str)}}
    if draw(st.booleans()):
        kw["weights"] = {a: float(draw(st.integers(0, 40))) for a in s.ids}
    return kw


@st.composite
def _slip(draw: st.DrawFn) -> dict[str, Any]:
    s = draw(schedules(loe=True))
    ids = draw(st.sets(st.sampled_from(s.ids), max_size=3))
    return {
        "schedule": s,
        "delays": {i: float(draw(st.integers(0, 5))) for i in sorted(ids)},
        "mode": draw(st.sampled_from(["duration", "start"])),
    }


@st.composite
def _bottlenecks(draw: st.DrawFn) -> dict[str, Any]:
    s = draw(schedules(loe=True))
    kw: dict[str, Any] = {"schedule": s}
    if draw(st.booleans()):
        kw["milestones"] = sorted(draw(st.sets(st.sampled_from(s.ids), max_size=2)))
    if draw(st.booleans()):
        kw["top"] = draw(st.integers(1, 5))
    return kw


@st.composite
def _relatives(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks())
    return {"network": net, "ids": sorted(draw(st.sets(st.sampled_from(net.ids), min_size=1)))}


@st.composite
def _cross_project(draw: st.DrawFn) -> dict[str, Any]:
    return {"schedule": draw(schedules(projects=("P1", "P2"), loe=True))}


@st.composite
def _simulate(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(max_size=5, loe=True))
    ids = sorted(draw(st.sets(st.sampled_from(net.ids), min_size=1, max_size=3)))
    unc = {i: Triangular(1, 2 + k, 6) for k, i in enumerate(ids)}
    kw: dict[str, Any] = {
        "network": net,
        "uncertainty": unc,
        "iterations": draw(st.integers(2, 300)),
        "rng": draw(st.integers(0, 5)),
    }
    if draw(st.booleans()):
        from pmokit.scheduling import RiskEvent

        kw["risks"] = [RiskEvent("R1", 0.3, Triangular(1.0, 1.1, 1.5), (ids[0],))]
    if draw(st.booleans()):
        kw["milestones"] = [ids[0]]
    if draw(st.booleans()):
        kw["start"] = draw(dates)
    if draw(st.booleans()):
        kw["indices"] = draw(st.sampled_from([True, False, ("criticality",)]))
    return kw


@st.composite
def _template(draw: st.DrawFn) -> dict[str, Any]:
    low = float(draw(st.integers(-50, 0)))
    mode = float(draw(st.integers(int(low), 10)))
    high = float(draw(st.integers(max(int(mode), 5), 100)))
    return {
        "durations": {"A": 10.0, "B": float(draw(st.integers(0, 30)))},
        "low_pct": low,
        "high_pct": high,
        "mode_pct": mode,
        "shape": draw(st.sampled_from(["triangular", "betapert", "uniform"])),
    }


@st.composite
def _resource(draw: st.DrawFn) -> dict[str, Any]:
    cap = draw(
        st.one_of(st.integers(1, 5).map(float), st.lists(st.integers(1, 4).map(float), min_size=1,
                                                         max_size=5))
    )
    return {"id": "dev", "capacity": cap, "name": ""}


@st.composite
def _activity_progress(draw: st.DrawFn) -> dict[str, Any]:
    start = float(draw(st.integers(0, 4)))
    finished = draw(st.booleans())
    return {
        "id": "A",
        "actual_start": start,
        "actual_finish": start + draw(st.integers(0, 4)) if finished else None,
        "remaining_duration": None if finished else draw(st.sampled_from([None, 1.5])),
        "percent_complete": draw(st.sampled_from([None, 0.0, 40.0, 100.0])),
        "physical_percent_complete": draw(st.sampled_from([None, 55.0])),
    }


def _statused(progress: Any) -> Any:
    """ActivityProgress is checked where it is used: statusing a schedule."""
    net = Network([Activity("A", 4), Activity("B", 2)], [Dependency("A", "B")])
    return schedule(net, actuals=Progress([progress]), data_date=10.0)


@st.composite
def _rcpsp(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(resources=("dev",), max_size=5, loe=True))
    return {
        "network": net,
        "resources": [Resource("dev", draw(st.integers(2, 4)))],
        "method": draw(st.sampled_from(["ga", "sampling", "serial", "parallel"])),
        "schedules": (budget := draw(st.integers(1, 40))),
        "priority": draw(st.sampled_from(["lft", "lst", "mts", "grpw", "mslk", "random"])),
        "improve": draw(st.booleans()),
        "searches": draw(st.integers(1, min(3, budget))),
        "executor": None,
        "rng": draw(st.integers(0, 3)),
        "data_date": draw(st.sampled_from([None, 0.0, 1.5])),
    }


class _ClientLike:
    """Looks like a Dask Client (has get_executor) but is no Executor."""

    def get_executor(self) -> None:  # pragma: no cover - never called
        return None


def _bad_executor(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    """Executors refused by name: not a concurrent.futures.Executor."""
    return draw(st.sampled_from([
        ("string", "processes"), ("int", 2), ("bool", True),
        ("client without get_executor()", _ClientLike()),
    ]))


@st.composite
def _level(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(resources=("dev",), max_size=5, loe=True))
    source = draw(st.sampled_from([net, schedule(net)]))
    return {
        "source": source,
        "resources": [Resource("dev", draw(st.integers(2, 4)))],
        "keep_finish": True,
        "objective": draw(st.sampled_from(["squares", "peak"])),
        "max_passes": draw(st.integers(1, 5)),
    }


@st.composite
def _nearest(draw: st.DrawFn) -> dict[str, Any]:
    a = draw(st.sampled_from([0.2, 0.9, -0.9]))
    return {"matrix": [[1.0, a, 0.7], [a, 1.0, -0.9], [0.7, -0.9, 1.0]], "tol": 1e-10,
            "max_iterations": draw(st.integers(1, 200))}


def _dist(names: tuple[str, ...], strat: st.SearchStrategy[tuple[float, ...]]) -> Spec:
    return Spec(
        strat.map(lambda t: dict(zip(names, t, strict=True))),
        {n: Number(minimum=0.0) for n in names},
        examples=60,
    )


@st.composite
def _sample(draw: st.DrawFn) -> dict[str, Any]:
    return {"self": Triangular(1, 2, 5), "size": draw(st.integers(0, 50)), "rng": 1}


SPECS: dict[str, Spec | Exempt] = {
    # calendar
    C + "Frequency": Exempt("a Literal type alias"),
    C + "PeriodCounts": _result("WorkCalendar.period_counts"),
    C + "WorkCalendar": Spec(
        _calendar(),
        {
            "weekdays": Custom(_bad_weekdays),
            "holidays": DateList(),
            "hours_per_day": Number(minimum=0.0, strict=True, maximum=24.0),
            "shifts": Custom(bad_shifts),
        },
    ),
    C + "period_starts": Spec(
        _period_starts(),
        {"start": Date(), "end": Date(), "freq": Choice()},
        examples=100,
    ),
    C + "bucket": Spec(
        _bucket(),
        {"dates": DateList(), "starts": OneOf((DateList(), Custom(_unsorted_starts)))},
        examples=100,
    ),
    # scheduling inputs
    S + "Activity": Spec(
        _activity(),
        {
            "id": Id(),
            "duration": Number(minimum=0.0),
            "demands": Keyed(value=Number(minimum=0.0), known=False),
            "project": Id(none_ok=True),
        },
        examples=150,
    ),
    S + "Dependency": Spec(
        _dependency(),
        {"predecessor": Id(), "successor": Id(), "type": Choice(), "lag": Number()},
        examples=120,
    ),
    S + "Network": Spec(
        _network(),
        {},
        examples=120,
    ),
    S + "Constraint": Spec(
        st.fixed_dictionaries(
            {"kind": st.sampled_from(["SNET", "FNLT", "MSO", "ASAP"]),
             "at": st.integers(0, 20).map(float)}
        ),
        {"kind": Choice(), "at": Number(none_ok=True)},
    ),
    S + "ConstraintType": Exempt("an enum"),
    S + "LinkType": Exempt("an enum"),
    S + "Distribution": Exempt("abstract base class of the distributions"),
    S + "Triangular": _dist(("low", "mode", "high"), three_points()),
    S + "BetaPert": _dist(("low", "mode", "high"), three_points()),
    S + "Uniform": _dist(("low", "high"), three_points().map(lambda t: (t[0], t[2]))),
    S + "Normal": Spec(
        st.tuples(st.integers(0, 50), st.integers(1, 10)).map(
            lambda t: {"loc": float(t[0]), "scale": float(t[1])}
        ),
        {"loc": Number(), "scale": Number(minimum=0.0)},
        examples=60,
    ),
    S + "LogNormal": Spec(
        st.tuples(st.integers(1, 50), st.integers(1, 10)).map(
            lambda t: {"mean": float(t[0]), "sd": float(t[1])}
        ),
        {"mean": Number(minimum=0.0, strict=True), "sd": Number(minimum=0.0)},
        examples=60,
    ),
    S + "Empirical": Spec(
        st.lists(st.integers(0, 30).map(float), min_size=1, max_size=8).map(
            lambda x: {"samples": x}
        ),
        {"samples": Array(minimum=0.0)},
        examples=60,
    ),
    S + "Triangular.sample": Spec(
        _sample(), {"size": Number(minimum=0, integer=True, size=True)}, examples=60
    ),
    S + "CorrelationMatrix": Spec(
        _correlation(),
        {"ids": Ids(), "matrix": Array(), "method": Choice(), "repair": Flag()},
    ),
    S + "RiskEvent": Spec(
        _risk_event(),
        {
            "id": Id(),
            "probability": Number(minimum=0.0, maximum=1.0, fraction=True),
            "activities": Ids(),
            "mode": Choice(),
        },
        examples=100,
    ),
    S + "Resource": Spec(
        _resource(),
        {"id": Id(), "capacity": Array(minimum=0.0)},
        examples=80,
    ),
    S + "ActivityProgress": Spec(
        _activity_progress(),
        {"id": Id(), "actual_start": Number(none_ok=True),
         "actual_finish": Number(none_ok=True),
         "remaining_duration": Number(minimum=0.0, none_ok=True),
         "percent_complete": Number(minimum=0.0, maximum=100.0, none_ok=True),
         "physical_percent_complete": Number(minimum=0.0, maximum=100.0, none_ok=True)},
        examples=100,
        via=_statused,
        # documented on StatusBounds: no bound is -inf / inf, no actual date NaN; a link
        # the passes ignore has infinite slack
        nonfinite=frozenset({"StatusBounds.lower", "StatusBounds.upper",
                             "StatusBounds.actual_start", "StatusBounds.actual_finish",
                             "Schedule._status_slack"}),
    ),
    S + "Progress": Spec(
        st.just({"activities": [ActivityProgress("A", actual_start=0.0)]}), {}, examples=10,
    ),
    # scheduling functions
    S + "schedule": Spec(
        _schedule(),
        {"start": Date(none_ok=True), "deadline": Number(none_ok=True), "method": Choice(),
         "total_float": Choice(), "leveling_delay": Keyed(value=Number(minimum=0.0)),
         "expected_finish": Keyed(value=Number())},
        examples=150,
    ),
    S + "slip_impact": Spec(
        _slip(),
        {"delays": Keyed(value=Number(minimum=0.0)), "mode": Choice()},
        examples=120,
    ),
    S + "bottlenecks": Spec(
        _bottlenecks(),
        {"milestones": Ids(known=True, unique=False),
         "top": Number(minimum=1, integer=True, none_ok=True)},
        examples=100,
    ),
    S + "all_predecessors": Spec(_relatives(), {"ids": Ids(known=True, unique=False)}),
    S + "all_successors": Spec(_relatives(), {"ids": Ids(known=True, unique=False)}),
    S + "cross_project": Spec(_cross_project(), {}, examples=60,
                              # inf: only links of level-of-effort activities (documented)
                              nonfinite=frozenset({"ProjectLink.slack"})),
    S + "simulate": Spec(
        _simulate(),
        {
            "uncertainty": Keyed(),
            "iterations": Number(minimum=2, integer=True, size=True),
            "milestones": Ids(known=True, unique=False),
            "start": Date(none_ok=True),
            "indices": Flag(),
        },
        examples=120,
    ),
    S + "percentage_template": Spec(
        _template(),
        {
            "low_pct": Number(minimum=-100.0),
            "high_pct": Number(),
            "mode_pct": Number(),
            "durations": Keyed(value=Number(minimum=0.0), known=False),
            "activities": Ids(known=True),
            "shape": Choice(),
        },
        examples=120,
    ),
    S + "resource_constrained_schedule": Spec(
        _rcpsp(),
        {
            "method": Choice(),
            "schedules": Number(minimum=1, integer=True),
            "priority": Choice(),
            "improve": Flag(),
            "time_limit": Number(minimum=0.0, strict=True, none_ok=True),
            "searches": Number(minimum=1, integer=True),
            "executor": Custom(_bad_executor),
            "data_date": Number(minimum=0.0, none_ok=True),
        },
        examples=80,
        nonfinite=frozenset({"ResourceSchedule.deadline"}),  # inf: no deadline
    ),
    S + "level": Spec(
        _level(),
        {
            "keep_finish": Flag(),
            "objective": Choice(),
            "max_passes": Number(minimum=1, integer=True),
            "deadline": Number(minimum=0.0, none_ok=True),
        },
        examples=80,
    ),
    S + "nearest_correlation": Spec(
        _nearest(),
        {"matrix": Array(), "tol": Number(minimum=0.0, strict=True),
         "max_iterations": Number(minimum=1, integer=True)},
        examples=60,
    ),
    S + "Wbs": Spec(
        _wbs(),
        {"parents": Keyed(value=Id(none_ok=True), known=False)},
        examples=80,
    ),
    S + "rollup": Spec(
        _rollup(),
        {"percent_complete": Keyed(value=Number(minimum=0.0, maximum=100.0)),
         "weights": Keyed(value=Number(minimum=0.0))},
        examples=80,
    ),
    # results
    S + "WbsRollup": _result("rollup"),
    S + "BottleneckRanking": _result("bottlenecks"),
    S + "CompiledNetwork": _result("Network.compile"),
    S + "CrossProjectView": _result("cross_project"),
    S + "LevelledSchedule": _result("level"),
    S + "ProjectLink": _result("cross_project"),
    S + "ResourceSchedule": _result("resource_constrained_schedule"),
    S + "RiskResult": _result("simulate"),
    S + "Schedule": _result("schedule"),
    S + "SlipImpact": _result("slip_impact"),
}

__all__ = ["SPECS", "Activity", "Network", "Ref", "Text"]

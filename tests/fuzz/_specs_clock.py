"""Fuzz specs: the clock-time calendar (``WorkCalendar(shifts=...)`` and its minute methods)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from tests.fuzz._framework import Array, Choice, Custom, Exempt, Flag, Spec
from tests.strategies import dates

W = "pmokit.calendar.WorkCalendar."

SHIFTS: list[Any] = [["08:00-12:00", "13:00-17:00"], [("09:00", "17:30")], [(480, 1020)],
                     [(dt.time(6), dt.time(14)), (dt.time(14), dt.time(22))], None]
_SHIFTS = SHIFTS

def _cal(draw: st.DrawFn) -> WorkCalendar:
    return WorkCalendar(weekdays=tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1)))),
                        holidays=tuple(draw(st.lists(dates, max_size=3))),
                        shifts=draw(st.sampled_from(_SHIFTS)))


def _instants(draw: st.DrawFn) -> Any:
    n = draw(st.integers(1, 5))
    day = np.datetime64(draw(dates), "m")
    return day + np.array([draw(st.integers(0, 3 * 1440)) for _ in range(n)], dtype="m8[m]")


def bad_shifts(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    return draw(st.sampled_from([
        ("reversed shift", ["17:00-08:00"]), ("overlapping shifts", ["08:00-12:00", "11:00-15:00"]),
        ("hour 25", ["08:00-25:00"]), ("not a time", ["eight-noon"]), ("empty string", [""]),
        ("None shift", [None]), ("complex minutes", [(480 + 1j, 600)]),
        ("nan minutes", [(float("nan"), 600.0)]), ("unknown weekday", {9: ["08:00-12:00"]}),
        ("int", 3),
    ]))


@st.composite
def _add(draw: st.DrawFn) -> dict[str, Any]:
    inst = _instants(draw)
    return {"self": _cal(draw), "instants": inst,
            "minutes": np.array([draw(st.integers(-5000, 5000)) for _ in range(inst.size)]),
            "side": draw(st.sampled_from(["finish", "start"])), "elapsed": draw(st.booleans())}


@st.composite
def _one(draw: st.DrawFn) -> dict[str, Any]:
    return {"self": _cal(draw), "instants": _instants(draw)}


@st.composite
def _between(draw: st.DrawFn) -> dict[str, Any]:
    start = _instants(draw)
    return {"self": _cal(draw), "start": start,
            "end": start + np.array([draw(st.integers(0, 5000)) for _ in range(start.size)],
                                    dtype="m8[m]")}


def _bad_instants(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    return draw(st.sampled_from([("None", None), ("string", "soon"), ("complex", 1j),
                                 ("float array", np.array([1.5])), ("NaT", np.array(
                                     ["NaT"], dtype="datetime64[m]"))]))


SPECS: dict[str, Spec | Exempt] = {
    W + "add_working_minutes": Spec(
        _add(), {"instants": Custom(_bad_instants), "minutes": Array(), "side": Choice(),
                 "elapsed": Flag()},
        examples=150,
    ),
    W + "next_working_start": Spec(_one(), {"instants": Custom(_bad_instants)}, examples=60),
    W + "previous_working_finish": Spec(_one(), {"instants": Custom(_bad_instants)},
                                        examples=60),
    W + "is_working_time": Spec(_one(), {"instants": Custom(_bad_instants)}, examples=60),
    W + "working_minutes_between": Spec(
        _between(), {"start": Custom(_bad_instants), "end": Custom(_bad_instants)}, examples=60,
    ),
}

"""Clock-time scheduling (``schedule(..., clock=True)``, pmokit.scheduling._clock).

Checked against an independent oracle written here: a networkx event graph (one node per
activity start and finish) walked in topological order, with every instant computed by the
calendar's public scalar clock methods (``add_working_minutes``, ``next_working_start``,
``previous_working_finish``, ``is_working_time``) one activity at a time, where the engine
works level by level on stacked interval tables. Plus: a single 8-hour shift gives the
day-based engine's answer exactly, and hand cases from the MS Project / P6 documentation
cited in docs/scheduling.md.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re

import attrs
import networkx as nx
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    ActivityProgress,
    Constraint,
    Dependency,
    Network,
    Progress,
    schedule,
)
from tests._hypothesis import examples
from tests._requires import requires_pandas

MON = dt.date(2026, 11, 23)
FIVE = WorkCalendar()  # Mon-Fri, one shift 08:00-16:00 (no shifts given)
SEVEN = WorkCalendar(weekdays=range(7))
SPLIT = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"], name="split")
EARLY = WorkCalendar(shifts=["08:00-16:00"], name="early")
WEEKEND = WorkCalendar(weekdays=range(7), shifts=["06:00-18:00"], name="7d 12h",
                       holidays=[dt.date(2026, 11, 26)])
AROUND = WorkCalendar(weekdays=range(7), shifts=["00:00-24:00"], hours_per_day=24.0)
CALENDARS = (None, SPLIT, EARLY, WEEKEND, AROUND)


def m(text: str) -> np.datetime64:
    return np.datetime64(text, "m")


# ---------------------------------------------------------------------------- the oracle
def _wt(cal: WorkCalendar, x: np.datetime64, minutes: int, side: str) -> np.datetime64:
    if minutes == 0:
        return x
    out: np.datetime64 = cal.add_working_minutes(np.array([x]), minutes, side=side)[0]
    return out


def _working(cal: WorkCalendar, x: np.datetime64) -> bool:
    return bool(cal.is_working_time(np.array([x]))[0])


def oracle(
    net: Network, start: dt.date, cal: WorkCalendar, lag_calendar: str = "successor"
) -> dict[str, list[np.datetime64]]:
    """Early and late instants on an event graph, one activity at a time."""
    acts = {a.id: a for a in net.activities}
    cal_of = {a.id: a.calendar or cal for a in acts.values()}
    mpd = cal.hours_per_day * 60
    dur = {k: round(a.duration * mpd) for k, a in acts.items()}
    g = nx.DiGraph()
    for k in acts:
        g.add_edge(("S", k), ("F", k))
    lags = []
    for d in net.dependencies:
        src = ("F" if d.type.value[0] == "F" else "S", d.predecessor)
        dst = ("F" if d.type.value[1] == "F" else "S", d.successor)
        per = {"m": 1, "h": 60, "d": mpd, "w": 5 * mpd, "mo": 20 * mpd}[d.lag_unit]
        if d.lag_kind == "elapsed":
            per = {"m": 1, "h": 60, "d": 1440, "w": 10080, "mo": 43200}[d.lag_unit]
        minutes = round(d.lag * per)
        if d.lag_kind == "percent":
            minutes = round(d.lag / 100 * dur[d.predecessor])
        lcal = {"successor": cal_of[d.successor], "predecessor": cal_of[d.predecessor],
                "24h": AROUND, "project": cal}[lag_calendar]
        if d.lag_kind == "elapsed":
            lcal = AROUND
        g.add_edge(src, dst)
        lags.append((src, dst, minutes, lcal))
    into: dict[tuple[str, str], list[tuple[tuple[str, str], int, WorkCalendar]]] = {}
    out_of: dict[tuple[str, str], list[tuple[tuple[str, str], int, WorkCalendar]]] = {}
    for src, dst, minutes, lcal in lags:
        into.setdefault(dst, []).append((src, minutes, lcal))
        out_of.setdefault(src, []).append((dst, minutes, lcal))
    origin = cal.next_working_start(np.array([np.datetime64(start, "m")]))[0]
    early: dict[tuple[str, str], np.datetime64] = {}
    ag = nx.DiGraph()
    ag.add_nodes_from(acts)
    ag.add_edges_from((d.predecessor, d.successor) for d in net.dependencies)
    order = list(nx.topological_sort(ag))
    for k in order:
        c, d = cal_of[k], dur[k]
        starts, finishes = [origin], []
        for end in ("S", "F"):
            for src, minutes, lcal in into.get((end, k), []):
                y = _wt(lcal, early[src], minutes, "finish")
                (starts if end == "S" else finishes).append(y)
        if d == 0:
            x = max(starts + finishes)
            if not (_working(c, x) or _working(c, x - np.timedelta64(1, "m"))):
                x = c.next_working_start(np.array([x]))[0]
            early["S", k] = early["F", k] = x
            continue
        cands = [c.next_working_start(np.array([y]))[0] for y in starts]
        cands += [_wt(c, c.previous_working_finish(np.array([y]))[0], -d, "start")
                  for y in finishes]
        es = max(cands)
        early["S", k] = es
        ef = _wt(c, es, d, "finish")
        if finishes and ef < max(finishes):  # held by an instant in a gap: after the gap
            ef = c.next_working_start(np.array([ef]))[0]
        early["F", k] = ef
    finish = max(early["F", k] for k in acts)
    late: dict[tuple[str, str], np.datetime64] = {}
    for k in reversed(order):
        c, d = cal_of[k], dur[k]
        starts, finishes = [], [finish]
        for end in ("S", "F"):
            for dst, minutes, lcal in out_of.get((end, k), []):
                y = _wt(lcal, late[dst], -minutes, "start")
                (starts if end == "S" else finishes).append(y)
        if d == 0:
            x = min(starts + finishes)
            es = early["S", k]
            flat = c.working_minutes_between(np.array([es]), np.array([x]))[0] == 0
            x = es if flat and es <= x else c.previous_working_finish(np.array([x]))[0]
            late["S", k] = late["F", k] = x
            continue
        cands = [c.previous_working_finish(np.array([y]))[0] for y in finishes]
        cands += [_wt(c, c.next_working_start(np.array([y]))[0], d, "finish") for y in starts]
        lf = min(cands)
        ef = early["F", k]
        flat = c.working_minutes_between(np.array([lf]), np.array([ef]))[0] == 0
        if flat and lf < ef <= min(finishes):  # no float: it keeps its early finish
            lf = ef
        late["F", k] = lf
        ls = _wt(c, lf, -d, "start")
        if starts and ls > min(starts):  # held by an instant in a gap: before the gap
            ls = c.previous_working_finish(np.array([ls]))[0]
        late["S", k] = ls
    return {k: [early["S", k], early["F", k], late["S", k], late["F", k]] for k in acts}


def _times(s: object) -> dict[str, list[np.datetime64]]:
    cols = [s.early_start_time, s.early_finish_time, s.late_start_time,  # type: ignore[attr-defined]
            s.late_finish_time]  # type: ignore[attr-defined]
    return {k: [c[i] for c in cols] for i, k in enumerate(s.ids)}  # type: ignore[attr-defined]


@st.composite
def clock_networks(draw: st.DrawFn) -> Network:
    n = draw(st.integers(1, 7))
    ids = [f"a{i}" for i in range(n)]
    acts = []
    for k in ids:
        hours = draw(st.sampled_from([0, 0, 1, 3, 4, 8, 13, 16, 40]))
        acts.append(Activity(k, hours / 8, calendar=draw(st.sampled_from(CALENDARS))))
    deps = []
    seen = set()
    for _ in range(draw(st.integers(0, 2 * n))):
        i, j = sorted(draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2,
                                    unique=True))) if n > 1 else (0, 0)
        if i == j:
            continue
        kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
        if (i, j, kind) in seen:
            continue
        seen.add((i, j, kind))
        lag_kind = draw(st.sampled_from(["working", "working", "elapsed", "percent"]))
        if lag_kind == "percent" and acts[i].duration == 0:
            lag_kind = "working"
        if lag_kind == "percent":
            deps.append(Dependency(ids[i], ids[j], kind,
                                   lag=draw(st.sampled_from([-50, 25, 50, 100])),
                                   lag_kind="percent"))
        else:
            unit = draw(st.sampled_from(["m", "h", "d", "w"]))
            lag = draw(st.sampled_from([0, 0, 1, 2, -1, 30]))
            if unit in ("d", "w") and abs(lag) > 2:
                lag = 1
            deps.append(Dependency(ids[i], ids[j], kind, lag=lag, lag_unit=unit,
                                   lag_kind=lag_kind))
    return Network(acts, deps)


class TestOracle:
    @settings(max_examples=examples(150))
    @given(clock_networks(), st.sampled_from(["successor", "predecessor", "24h", "project"]),
           st.sampled_from([FIVE, SPLIT, SEVEN]))
    def test_instants_match_the_event_graph(self, net: Network, lag_cal: str,
                                            cal: WorkCalendar) -> None:
        s = schedule(net, start=MON, calendar=cal, clock=True, lag_calendar=lag_cal)
        assert _times(s) == oracle(net, MON, cal, lag_cal)

    @settings(max_examples=examples(60))
    @given(clock_networks())
    def test_floats_and_link_slack_are_never_negative_on_one_calendar(
        self, net: Network
    ) -> None:
        # with activities on different calendars a finish bound inside one calendar's gap
        # (a lunch break) can give minutes of negative float: see docs/scheduling.md
        net = Network([attrs.evolve(a, calendar=None) for a in net.activities],
                      net.dependencies)
        s = schedule(net, start=MON, calendar=SPLIT, clock=True)
        assert (s.total_float_hours >= -1e-9).all()
        assert (np.asarray(s.link_slack) >= -1e-9).all()
        tasks = net.compiled.duration > 0  # a milestone's instants may straddle a weekend
        assert (s.early_start_time[tasks] <= s.late_start_time[tasks]).all()


def _lag_of(d: Dependency, dur: dict[str, int], mpd: float) -> tuple[int, bool]:
    """A link's lag [minutes] and whether it is elapsed, by the oracle's table."""
    per = {"m": 1, "h": 60, "d": mpd, "w": 5 * mpd, "mo": 20 * mpd}[d.lag_unit]
    if d.lag_kind == "elapsed":
        per = {"m": 1, "h": 60, "d": 1440, "w": 10080, "mo": 43200}[d.lag_unit]
    if d.lag_kind == "percent":
        return round(d.lag / 100 * dur[d.predecessor]), False
    return round(d.lag * per), d.lag_kind == "elapsed"


def loe_oracle(net: Network, loe: Activity, links: list[Dependency], start: dt.date,
               cal: WorkCalendar, lag_calendar: str
               ) -> tuple[dict[str, list[np.datetime64]], list[np.datetime64], float]:
    """The tasks' instants by the event-graph oracle (the LOE drives nothing) and the LOE's
    span over them by P6's rule, one link at a time with the calendars' public methods:
    its instants and its float [working hours of its own calendar]."""
    tasks = oracle(net, start, cal, lag_calendar)
    own = loe.calendar or cal
    cal_of = {a.id: a.calendar or cal for a in net.activities}
    cal_of[loe.id] = own
    mpd = cal.hours_per_day * 60
    dur = {a.id: round(a.duration * mpd) for a in net.activities}
    starts: list[tuple[np.datetime64, np.datetime64]] = []
    finishes: list[tuple[np.datetime64, np.datetime64]] = []
    for d in links:
        minutes, elapsed = _lag_of(d, dur, mpd)
        lcal = {"successor": cal_of[d.successor], "predecessor": cal_of[d.predecessor],
                "24h": AROUND, "project": cal}[lag_calendar]
        if elapsed:
            lcal = AROUND
        if d.successor == loe.id:  # from the predecessor's start (SS, SF) or finish
            k = 1 if d.type.value[0] == "F" else 0
            x = tasks[d.predecessor]
            pair = (_wt(lcal, x[k], minutes, "finish"), _wt(lcal, x[2 + k], minutes, "finish"))
            (finishes if d.type.value[1] == "F" else starts).append(pair)
        else:  # to the successor's start (FS, SS) or finish (FF, SF)
            k = 1 if d.type.value[1] == "F" else 0
            x = tasks[d.successor]
            pair = (_wt(lcal, x[k], -minutes, "start"), _wt(lcal, x[2 + k], -minutes, "start"))
            (finishes if d.type.value[0] == "F" else starts).append(pair)
    origin = cal.next_working_start(np.array([np.datetime64(start, "m")]))[0]
    finish = max(x[1] for x in tasks.values())
    es = min(p[0] for p in starts) if starts else origin
    ef = max(p[0] for p in finishes) if finishes else es
    lf = max(p[1] for p in finishes) if finishes else finish
    ls = min(p[1] for p in starts) if starts else lf
    es, ls = (own.next_working_start(np.array([x]))[0] for x in (es, ls))
    ef, lf = (own.previous_working_finish(np.array([x]))[0] for x in (ef, lf))
    ef, ls = max(ef, es), min(ls, lf)
    hours = own.working_minutes_between(np.array([ef]), np.array([lf]))[0] / 60
    return tasks, [es, ef, ls, lf], float(hours)


class TestLevelOfEffortOracle:
    """An LOE on clock time, on its own calendar, linked with lags of every kind, against
    the event-graph oracle's instants spanned one link at a time."""

    @settings(max_examples=examples(150))
    @given(clock_networks(), st.data(),
           st.sampled_from(["successor", "predecessor", "24h", "project"]),
           st.sampled_from([FIVE, SPLIT, SEVEN]))
    def test_span_floats_offsets_and_dates(self, net: Network, data: st.DataObject,
                                           lag_cal: str, cal: WorkCalendar) -> None:
        ids = list(net.ids)
        # links from activities before a split point, to those after it: no cycle
        cut = data.draw(st.integers(0, len(ids)))
        links: list[Dependency] = []
        for _ in range(data.draw(st.integers(1, 4))):
            into = data.draw(st.booleans()) if 0 < cut < len(ids) else cut > 0
            other = data.draw(st.sampled_from(ids[:cut] if into else ids[cut:]))
            kind = data.draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            lag_kind = data.draw(st.sampled_from(["working", "working", "elapsed", "percent"]))
            pred = next(a for a in net.activities if a.id == other)
            if lag_kind == "percent" and not (into and pred.duration > 0):
                lag_kind = "working"
            if lag_kind == "percent":
                lag, unit = data.draw(st.sampled_from([-50, 25, 100])), "d"
            else:
                unit = data.draw(st.sampled_from(["m", "h", "d"]))
                lag = data.draw(st.sampled_from([0, 0, 1, 2, -1, 30 if unit != "d" else 1]))
            d = (Dependency(other, "L", kind, lag=lag, lag_unit=unit, lag_kind=lag_kind)
                 if into else
                 Dependency("L", other, kind, lag=lag, lag_unit=unit, lag_kind=lag_kind))
            if all((x.predecessor, x.successor, x.type) != (d.predecessor, d.successor, d.type)
                   for x in links):
                links.append(d)
        loe = Activity("L", 0, kind="loe", calendar=data.draw(st.sampled_from(CALENDARS)))
        full = Network([*net.activities, loe], [*net.dependencies, *links])
        s = schedule(full, start=MON, calendar=cal, clock=True, lag_calendar=lag_cal)
        tasks, span, hours = loe_oracle(net, loe, links, MON, cal, lag_cal)
        got = _times(s)
        assert {k: v for k, v in got.items() if k != "L"} == tasks  # it drives nothing
        assert got["L"] == span
        row = len(ids)
        assert s.total_float_hours[row] == s.free_float_hours[row] == hours
        mpd = cal.hours_per_day * 60
        assert s.total_float[row] == s.free_float[row] == hours * 60 / mpd
        origin = cal.next_working_start(np.array([np.datetime64(MON, "m")]))
        offsets = cal.working_minutes_between(origin, np.array(span)) / mpd
        np.testing.assert_array_equal(
            [s.early_start[row], s.early_finish[row], s.late_start[row], s.late_finish[row]],
            offsets)
        # dates: a start's own day; a finish after its start the day of its last minute
        days = [span[0], span[1] - np.timedelta64(int(span[1] > span[0]), "m"),
                span[2], span[3] - np.timedelta64(int(span[3] > span[2]), "m")]
        assert [s.early_start_date[row], s.early_finish_date[row], s.late_start_date[row],
                s.late_finish_date[row]] == [x.astype("datetime64[D]") for x in days]


class TestLevelOfEffortOnWorkingDays:
    """An LOE on its own calendar on working days spans the day engine's instants: with
    one 8-hour shift per calendar and whole days, the clock-time answer."""

    @settings(max_examples=examples(100))
    @given(st.data())
    def test_equals_clock_time(self, data: st.DataObject) -> None:
        cals = (None, SEVEN, WorkCalendar(weekdays=range(4)),
                WorkCalendar(weekdays=(1, 2, 3, 4, 5)))
        n = data.draw(st.integers(1, 6))
        ids = [f"a{i}" for i in range(n)]
        acts = [Activity(k, data.draw(st.sampled_from([1, 2, 3, 5])),
                         calendar=data.draw(st.sampled_from(cals))) for k in ids]
        deps = [Dependency(ids[i], ids[j], data.draw(st.sampled_from(["FS", "SS", "FF"])),
                           lag=data.draw(st.sampled_from([0, 0, 1])))
                for i in range(n) for j in range(i + 1, n) if data.draw(st.integers(0, 2)) == 0]
        cut = data.draw(st.integers(0, n))
        links = []
        for k in sorted(set(data.draw(st.lists(st.integers(0, n - 1), min_size=1,
                                               max_size=3)))):
            kind = data.draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            lag = data.draw(st.sampled_from([0, 0, 1, -1, 2]))
            links.append(Dependency(ids[k], "L", kind, lag=lag) if k < cut
                         else Dependency("L", ids[k], kind, lag=lag))
        loe = Activity("L", 0, kind="loe", calendar=data.draw(st.sampled_from(cals[1:])))
        net = Network([*acts, loe], [*deps, *links])
        day = schedule(net, start=MON, calendar=FIVE)
        clk = schedule(net, start=MON, calendar=FIVE, clock=True)
        names = ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float", "early_start_date", "early_finish_date", "late_start_date",
                 "late_finish_date")
        # where the two engines place the other activities alike (with task calendars
        # they can differ at day boundaries: an FF link into a task whose calendar does
        # not work the day after its late finish)...
        assume(all((getattr(day, k)[:n] == getattr(clk, k)[:n]).all() for k in names))
        for name in names:  # ... they place the LOE alike
            assert getattr(day, name)[n] == getattr(clk, name)[n], name
        # on its own calendar: dated on its working days, its float its working days
        # from its early finish to its late finish (whole days here)
        own = loe.calendar
        assert own is not None
        row = day[loe.id]
        for name in ("early_start_date", "early_finish_date", "late_start_date",
                     "late_finish_date"):
            assert own.is_working_day(row[name]), name
        if clk.early_finish_time[n] > clk.early_start_time[n]:
            one = dt.timedelta(days=1)
            assert row["total_float"] == own.working_days_between(
                row["early_finish_date"] + one, row["late_finish_date"] + one)


class TestSameAsDays:
    """A single 8-hour shift and durations in whole hours: the day-based engine's answer."""

    @settings(max_examples=examples(100))
    @given(st.data())
    def test_offsets_floats_and_dates_equal_the_day_engine(self, data: st.DataObject) -> None:
        n = data.draw(st.integers(1, 8))
        ids = [f"a{i}" for i in range(n)]
        acts = [Activity(k, data.draw(st.sampled_from([0, 0.5, 1, 2, 3, 5, 0.25]))) for k in ids]
        deps = []
        for i in range(n):
            for j in range(i + 1, n):
                if data.draw(st.integers(0, 3)) == 0:
                    deps.append(Dependency(ids[i], ids[j], data.draw(
                        st.sampled_from(["FS", "SS", "FF", "SF"])),
                        lag=data.draw(st.sampled_from([0, 1, 2, -1, 0.5]))))
        net = Network(acts, deps)
        day = schedule(net, start=MON, calendar=FIVE)
        clk = schedule(net, start=MON, calendar=FIVE, clock=True)
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "total_float", "free_float"):
            np.testing.assert_allclose(getattr(clk, name), getattr(day, name), atol=1e-12,
                                       err_msg=name)
        tasks = net.compiled.duration > 0
        # two deliberate differences, where a start and a finish meet at a day boundary (SF
        # links): a late start held by a successor's finish at the end of a day stays at that
        # end (P6 shows Friday 17:00) and a finish held by a predecessor's start at the
        # start of a day stays at that start (MS Project shows 08:00 finishes), where the
        # day engine dates every start on the day it begins and every finish on the day it
        # ends
        def at(name: str, hour: int) -> npt.NDArray[np.bool_]:
            t = getattr(clk, f"{name}_time")
            out: npt.NDArray[np.bool_] = (t - t.astype("datetime64[D]")) == np.timedelta64(
                hour * 60, "m")
            return out

        for name in ("early_start", "early_finish", "late_start", "late_finish"):
            pick = tasks & ~at(name, 16 if name.endswith("start") else 8)
            np.testing.assert_array_equal(getattr(clk, f"{name}_date")[pick],
                                          getattr(day, f"{name}_date")[pick])
            # the day schedule's instants by the tools' convention are the clock instants
            np.testing.assert_array_equal(getattr(clk, f"{name}_time")[pick],
                                          getattr(day, f"{name}_time")[pick])


    @settings(max_examples=examples(80))
    @given(st.data())
    def test_constraints_and_settings_equal_the_day_engine(self, data: st.DataObject) -> None:
        n = data.draw(st.integers(1, 7))
        ids = [f"a{i}" for i in range(n)]
        acts = []
        for k in ids:
            con = None
            kind = data.draw(st.sampled_from(
                [None, None, "SNET", "FNET", "SNLT", "FNLT", "MSO", "MFO", "SO", "FO",
                 "ALAP"]))
            if kind == "ALAP":
                con = Constraint("ALAP")
            elif kind is not None:
                mandatory = kind in ("MSO", "MFO") and data.draw(st.booleans())
                con = Constraint(kind, float(data.draw(st.integers(0, 6))), mandatory=mandatory)
            acts.append(Activity(k, data.draw(st.sampled_from([0, 1, 2, 3])), constraint=con))
        deps = [Dependency(ids[i], ids[j], data.draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                           lag=data.draw(st.sampled_from([0, 1, -1])))
                for i in range(n) for j in range(i + 1, n) if data.draw(st.integers(0, 2)) == 0]
        net = Network(acts, deps)
        kw = {
            "alap": data.draw(st.sampled_from(["ms_project", "p6"])),
            "honor_constraints": data.draw(st.booleans()),
            "must_finish_by": data.draw(st.sampled_from([None, 8.0, 12.0])),
            "deadline": data.draw(st.sampled_from([None, 5.0])),
        }
        day = schedule(net, start=MON, calendar=FIVE, **kw)  # type: ignore[arg-type]
        clk = schedule(net, start=MON, calendar=FIVE, clock=True, **kw)  # type: ignore[arg-type]
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "total_float"):
            np.testing.assert_allclose(getattr(clk, name), getattr(day, name), atol=1e-12,
                                       err_msg=name)


class TestLevelingDelay:
    """``leveling_delay`` on clock time: the start moves that much working time of the
    activity's own calendar after everything that holds it, as in the day-based engines."""

    @settings(max_examples=examples(80))
    @given(st.data())
    def test_equals_the_day_engine(self, data: st.DataObject) -> None:
        n = data.draw(st.integers(1, 7))
        ids = [f"a{i}" for i in range(n)]
        acts = []
        for k in ids:
            kind = data.draw(st.sampled_from([None, None, None, "SNET", "FNLT", "ALAP"]))
            con = (Constraint("ALAP") if kind == "ALAP" else None if kind is None
                   else Constraint(kind, float(data.draw(st.integers(0, 6)))))
            acts.append(Activity(k, data.draw(st.sampled_from([0, 1, 2, 3])), constraint=con))
        deps = [Dependency(ids[i], ids[j], data.draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                           lag=data.draw(st.sampled_from([0, 1, -1])))
                for i in range(n) for j in range(i + 1, n) if data.draw(st.integers(0, 2)) == 0]
        net = Network(acts, deps)
        delay = {k: float(data.draw(st.sampled_from([1, 2, 0.5, 3]))) for k in ids
                 if data.draw(st.booleans())}
        kw = {"alap": data.draw(st.sampled_from(["ms_project", "p6"])),
              "leveling_delay": delay}
        day = schedule(net, start=MON, calendar=FIVE, **kw)  # type: ignore[arg-type]
        clk = schedule(net, start=MON, calendar=FIVE, clock=True, **kw)  # type: ignore[arg-type]
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "total_float", "free_float"):
            np.testing.assert_allclose(getattr(clk, name), getattr(day, name), atol=1e-12,
                                       err_msg=name)
        assert clk.settings.get("leveling_delay") == day.settings.get("leveling_delay")

    def test_hand_case_on_a_seven_day_calendar(self) -> None:
        # A (2 days) -> B (1 day, own 7-day calendar, delayed 1.5 days): A finishes Tuesday
        # 16:00; B's 7-day working time then moves 12 hours on: Wednesday 08:00 + 8h =
        # Thursday 08:00, + 4h = Thursday 12:00; it finishes Friday 12:00
        net = Network([Activity("A", 2), Activity("B", 1, calendar=SEVEN)],
                      [Dependency("A", "B")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True, leveling_delay={"B": 1.5})
        t = _times(s)
        assert t["B"][0] == m("2026-11-26T12:00") and t["B"][1] == m("2026-11-27T12:00")
        # the delay is no float: B's late start is its early start, and A's late finish
        # leaves room for the delay (A can finish no later than Tuesday 16:00)
        assert t["B"][2] == t["B"][0]
        assert t["A"][3] == m("2026-11-24T16:00")
        assert s["B"]["total_float"] == 0.0
        assert s.settings["leveling_delay"] == {"B": 1.5}

    def test_delayed_milestone_sits_at_a_start_of_work(self) -> None:
        # M after A's Friday 16:00 finish, delayed one day: Tuesday 08:00 (Monday is 1 day)
        net = Network([Activity("A", 5), Activity("M", 0)], [Dependency("A", "M")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True, leveling_delay={"M": 1})
        assert _times(s)["M"][0] == m("2026-12-01T08:00")


class TestExpectedFinish:
    """``expected_finish`` on clock time: the duration becomes the working time from the
    early start to the expected finish, as in the day-based engine."""

    def test_hand_case(self) -> None:
        # A(3) -> B(4, expected finish Friday 4 December) -> C(2): B starts Thursday 26
        # November 08:00 and takes 7 days, finishing Friday 4 December 16:00; C follows on
        # Monday 7 and Tuesday 8 December
        net = Network([Activity("A", 3), Activity("B", 4), Activity("C", 2)],
                      [Dependency("A", "B"), Dependency("B", "C")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True,
                     expected_finish={"B": dt.date(2026, 12, 4)})
        t = _times(s)
        assert t["B"][0] == m("2026-11-26T08:00") and t["B"][1] == m("2026-12-04T16:00")
        assert t["C"][1] == m("2026-12-08T16:00")
        assert s.network.compiled.duration.tolist() == [3.0, 7.0, 2.0]
        assert s.settings["expected_finish"] == {"B": 10.0}
        assert s.settings["clock"] is True

    @settings(max_examples=examples(60))
    @given(st.data())
    def test_equals_the_day_engine(self, data: st.DataObject) -> None:
        n = data.draw(st.integers(1, 6))
        ids = [f"a{i}" for i in range(n)]
        acts = [Activity(k, data.draw(st.sampled_from([0, 1, 2, 3]))) for k in ids]
        deps = [Dependency(ids[i], ids[j], data.draw(st.sampled_from(["FS", "SS"])),
                           lag=data.draw(st.sampled_from([0, 1, -1])))
                for i in range(n) for j in range(i + 1, n) if data.draw(st.integers(0, 2)) == 0]
        net = Network(acts, deps)
        expected = {k: float(data.draw(st.integers(0, 12))) for k in ids
                    if data.draw(st.booleans())}
        day = schedule(net, start=MON, calendar=FIVE, expected_finish=expected)
        clk = schedule(net, start=MON, calendar=FIVE, clock=True, expected_finish=expected)
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "total_float", "free_float"):
            np.testing.assert_allclose(getattr(clk, name), getattr(day, name), atol=1e-9,
                                       err_msg=name)
        np.testing.assert_allclose(clk.network.compiled.duration,
                                   day.network.compiled.duration, atol=1e-9)

    # P6 (M. Takabi, "Expected Finish Date in Primavera P6", pmera.com; cited in
    # docs/scheduling.md): an expected finish recomputes the remaining duration of an
    # activity in progress or not started "to align with this expected date", never below
    # zero; a completed activity is not affected.
    OWN = Network([Activity("A", 3), Activity("B", 4, calendar=SEVEN), Activity("C", 2)],
                  [Dependency("A", "B"), Dependency("B", "C")])

    def test_own_calendar_not_started(self) -> None:
        # A runs Monday 23 - Wednesday 25 November; B, on a 7-day calendar, starts Thursday
        # 26 08:00 and must finish on Sunday 6 December: 11 days of its calendar (Thursday
        # to Sunday of the next week), not the 9 working days of the project calendar
        s = schedule(self.OWN, start=MON, calendar=FIVE, clock=True,
                     expected_finish={"B": dt.date(2026, 12, 6)})
        t = _times(s)
        assert t["B"][0] == m("2026-11-26T08:00") and t["B"][1] == m("2026-12-06T16:00")
        assert t["C"][0] == m("2026-12-07T08:00") and t["C"][1] == m("2026-12-08T16:00")
        assert s.network.compiled.duration.tolist() == [3.0, 11.0, 2.0]
        # a datetime is that instant: Saturday 5 December 12:00 is 9.5 days of B's calendar
        s = schedule(self.OWN, start=MON, calendar=FIVE, clock=True,
                     expected_finish={"B": dt.datetime(2026, 12, 5, 12)})
        assert _times(s)["B"][1] == m("2026-12-05T12:00")
        assert s.network.compiled.duration.tolist() == [3.0, 9.5, 2.0]

    def test_own_calendar_in_progress(self) -> None:
        # B started Thursday 26 November with 1 day left at the data date (the end of
        # Tuesday 1 December, offset 7); its expected finish Sunday 6 December gives a
        # remaining duration of 5 days of its 7-day calendar, Wednesday 2 to Sunday 6
        from pmokit.scheduling import ActivityProgress, Progress

        progress = Progress([ActivityProgress("A", actual_start=0, actual_finish=3),
                             ActivityProgress("B", actual_start=3, remaining_duration=1)])
        s = schedule(self.OWN, start=MON, calendar=FIVE, clock=True, actuals=progress,
                     data_date=7, expected_finish={"B": dt.date(2026, 12, 6)})
        t = _times(s)
        assert t["B"][0] == m("2026-11-26T08:00") and t["B"][1] == m("2026-12-06T16:00")
        assert s.actuals is not None and s.actuals["B"].remaining_duration == 5.0
        assert t["C"][0] == m("2026-12-07T08:00")
        # without the expected finish B finishes Wednesday 2 December
        plain = schedule(self.OWN, start=MON, calendar=FIVE, clock=True, actuals=progress,
                         data_date=7)
        assert _times(plain)["B"][1] == m("2026-12-02T16:00")

    def test_cannot_be_met_and_finished(self) -> None:
        # an expected finish before the remaining start gives no remaining duration (B
        # finishes at its remaining start, the data date); on finished work it does nothing
        from pmokit.scheduling import ActivityProgress, Progress

        progress = Progress([ActivityProgress("A", actual_start=0, actual_finish=3),
                             ActivityProgress("B", actual_start=3, remaining_duration=1)])
        s = schedule(self.OWN, start=MON, calendar=FIVE, clock=True, actuals=progress,
                     data_date=7, expected_finish={"B": dt.date(2026, 11, 30),
                                                   "A": dt.date(2026, 12, 4)})
        assert s.actuals is not None and s.actuals["B"].remaining_duration == 0.0
        assert s.actuals["A"].remaining_duration is None
        assert _times(s)["A"][1] == m("2026-11-25T16:00")
        assert _times(s)["C"][0] == m("2026-12-02T08:00")

    def test_own_calendars_on_the_day_engine(self) -> None:
        # the day engine counts B's duration on its 7-day calendar too: Thursday 26
        # November to Sunday 6 December is 11 days (was refused without clock=True)
        s = schedule(self.OWN, start=MON, calendar=FIVE,
                     expected_finish={"B": dt.date(2026, 12, 6)})
        assert s.network.compiled.duration.tolist() == [3.0, 11.0, 2.0]
        assert s.early_finish_date is not None and s.early_start_date is not None
        assert str(s.early_finish_date[1]) == "2026-12-06"
        assert str(s.early_start_date[2]) == "2026-12-07"
        # an offset is the project day it ends on: 8 is Wednesday 2 December, so B takes
        # Thursday 26 to Wednesday 2, 7 days of its calendar; a datetime counts its day
        s = schedule(self.OWN, start=MON, calendar=FIVE, expected_finish={"B": 8})
        assert s.network.compiled.duration.tolist() == [3.0, 7.0, 2.0]
        s = schedule(self.OWN, start=MON, calendar=FIVE,
                     expected_finish={"B": dt.datetime(2026, 12, 5, 12)})
        assert s.network.compiled.duration.tolist() == [3.0, 10.0, 2.0]
        # before the early start: no duration
        s = schedule(self.OWN, start=MON, calendar=FIVE,
                     expected_finish={"B": dt.date(2026, 11, 20)})
        assert s.network.compiled.duration.tolist() == [3.0, 0.0, 2.0]

    @settings(max_examples=examples(60))
    @given(st.data())
    def test_own_calendars_day_engine_equals_clock(self, data: st.DataObject) -> None:
        # on own calendars the day engine's durations equal the clock engine's in days
        # (every calendar has the same 8 working hours a day)
        sat = WorkCalendar(weekdays=range(6))
        n = data.draw(st.integers(1, 6))
        ids = [f"a{i}" for i in range(n)]
        acts = [Activity(k, data.draw(st.sampled_from([0, 1, 2, 3])),
                         calendar=data.draw(st.sampled_from([None, SEVEN, sat])))
                for k in ids]
        deps = [Dependency(ids[i], ids[j], data.draw(st.sampled_from(["FS", "SS"])),
                           lag=data.draw(st.sampled_from([0, 1])))
                for i in range(n) for j in range(i + 1, n) if data.draw(st.integers(0, 2)) == 0]
        net = Network(acts, deps)
        expected = {k: MON + dt.timedelta(days=data.draw(st.integers(0, 16))) for k in ids
                    if data.draw(st.booleans())}
        day = schedule(net, start=MON, calendar=FIVE, expected_finish=expected)
        clk = schedule(net, start=MON, calendar=FIVE, clock=True, expected_finish=expected)
        np.testing.assert_allclose(day.network.compiled.duration,
                                   clk.network.compiled.duration, atol=1e-9)

    def test_own_calendars_with_progress_without_clock_are_refused_by_name(self) -> None:
        from pmokit.scheduling import ActivityProgress, Progress

        progress = Progress([ActivityProgress("A", actual_start=0, actual_finish=3)])
        with pytest.raises(ValidationError, match="without clock=True"):
            schedule(self.OWN, start=MON, calendar=FIVE, expected_finish={"B": 5},
                     actuals=progress, data_date=3)


class TestIssueRepros:
    """Issue 15's three cases (MS Project and P6 give the dates stated there)."""

    def test_milestone_never_moves_its_successor(self) -> None:
        net = Network([Activity("A", 5), Activity("M", 0), Activity("B", 2, calendar=SEVEN)],
                      [Dependency("A", "M"), Dependency("M", "B")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        t = _times(s)
        assert t["M"][0] == t["M"][1] == m("2026-11-27T16:00")  # Friday's close
        assert t["B"][0] == m("2026-11-28T08:00") and t["B"][1] == m("2026-11-29T16:00")
        assert s["M"]["early_start_date"] == dt.date(2026, 11, 27)

    def test_finish_date_is_the_latest_finish_over_calendars(self) -> None:
        net = Network([Activity("A", 5), Activity("B", 2, calendar=SEVEN)],
                      [Dependency("A", "B")])
        assert schedule(net, start=MON, calendar=FIVE, clock=True).finish_date == (
            dt.date(2026, 11, 29))

    def test_backward_pass_through_a_milestone(self) -> None:
        net = Network([Activity("A", 3), Activity("M", 0), Activity("B", 2, calendar=SEVEN),
                       Activity("Z", 7, calendar=SEVEN)],
                      [Dependency("A", "M"), Dependency("M", "B")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        assert _times(s)["M"][3] == m("2026-11-27T16:00")
        assert s["A"]["total_float"] == 2.0
        assert s.total_float_hours[0] == 16.0


class TestProgressInstants:
    """Progress dated by the calendar is placed at its instants on clock time (P6 keeps
    the data date and actual dates as instants; an offset of the project calendar loses
    where in its non-working time they lie)."""

    def test_data_date_resumes_on_each_activitys_own_calendar(self) -> None:
        # data date Saturday 00:00: P6 resumes work on a seven-day calendar on Saturday
        # 08:00, on the Monday-Friday project calendar on Monday 08:00
        net = Network([Activity("A", 1, calendar=SEVEN), Activity("B", 1), Activity("Z", 9)],
                      [])
        for data_date in (dt.datetime(2026, 11, 28), dt.date(2026, 11, 27)):
            s = schedule(net, start=MON, calendar=FIVE, clock=True,
                         actuals=Progress([ActivityProgress("Z", actual_start=MON)]),
                         data_date=data_date)
            t = _times(s)
            assert t["A"][:2] == [m("2026-11-28T08:00"), m("2026-11-28T16:00")]
            assert t["B"][:2] == [m("2026-11-30T08:00"), m("2026-11-30T16:00")]

    @pytest.mark.parametrize("finish", [dt.datetime(2026, 11, 25, 17), dt.date(2026, 11, 25)])
    def test_actual_finish_is_its_instant(self, finish: dt.date) -> None:
        # P finished at 17:00 on its 08:00-12:00 + 13:00-17:00 calendar, the project's
        # day ends at 16:00: a 2-hour lag after it ends at Thursday 10:00, not 08:00
        # (from 16:00 as an offset of the project calendar)
        net = Network([Activity("P", 3, calendar=SPLIT), Activity("S", 1, calendar=SPLIT)],
                      [Dependency("P", "S", lag=2, lag_unit="h")])
        p = Progress([ActivityProgress("P", actual_start=dt.datetime(2026, 11, 23, 8),
                                       actual_finish=finish)])
        s = schedule(net, start=MON, calendar=FIVE, clock=True, actuals=p,
                     data_date=dt.datetime(2026, 11, 25, 17))
        t = _times(s)
        assert t["P"][:2] == [m("2026-11-23T08:00"), m("2026-11-25T17:00")]
        assert t["S"][:2] == [m("2026-11-26T10:00"), m("2026-11-27T10:00")]

    def test_datetime_data_date_is_exact_as_an_offset(self) -> None:
        # a data date at Wednesday 12:00 is 2.5 working days after Monday 08:00 on
        # 08:00-16:00 (the day engines take its day); an actual start after it is refused
        net = Network([Activity("A", 4)], [])
        s = schedule(net, start=MON, calendar=FIVE, clock=True,
                     data_date=dt.datetime(2026, 11, 25, 12))
        assert s.data_date == 2.5
        assert _times(s)["A"][0] == m("2026-11-25T12:00")
        late = Progress([ActivityProgress("A", actual_start=dt.datetime(2026, 11, 25, 13))])
        with pytest.raises(ValidationError, match="after the data date"):
            schedule(net, start=MON, calendar=FIVE, clock=True, actuals=late,
                     data_date=dt.datetime(2026, 11, 25, 12))


class TestP6Milestones:
    """``milestones="p6"``: P6's late instants of start and finish milestones (checked on
    the P6 export of ``benchmarks/bench_real_schedules.py``: all 169 finish milestones not
    started with a successor through a link without lag, and 201 of the 202 start
    milestones, follow these rules; the other one has a Start On constraint)."""

    SEVEN8 = WorkCalendar(weekdays=range(7), shifts=["08:00-16:00"], name="7d 8h")

    def test_finish_milestone_late_at_the_end_of_working_time(self) -> None:
        # F must finish on Monday 08:00: P6 puts its late instant at Friday 17:00 even
        # without float, so A (seven-day calendar, days end at 16:00) must finish by
        # Friday 16:00; the default keeps F at Monday 08:00 and A by Sunday 16:00
        net = Network([Activity("A", 2, calendar=self.SEVEN8),
                       Activity("F", 0, kind="finish_milestone", calendar=SPLIT,
                                constraint=Constraint("MFO", dt.datetime(2026, 11, 30, 8)))],
                      [Dependency("A", "F")])
        p6 = schedule(net, start=MON, calendar=SPLIT, clock=True, milestones="p6")
        assert _times(p6)["F"][2:] == [m("2026-11-27T17:00")] * 2
        assert _times(p6)["A"][2:] == [m("2026-11-26T08:00"), m("2026-11-27T16:00")]
        assert p6.settings["milestones"] == "p6"
        ms = schedule(net, start=MON, calendar=SPLIT, clock=True)
        assert _times(ms)["F"][2:] == [m("2026-11-30T08:00")] * 2
        assert _times(ms)["A"][2:] == [m("2026-11-28T08:00"), m("2026-11-29T16:00")]
        assert "milestones" not in ms.settings

    def test_start_milestone_late_before_non_working_time(self) -> None:
        # S opens B (seven-day calendar), which must finish by Saturday 16:00 so starts by
        # Saturday 08:00: S's calendar does not work then, so P6 shows S late at Friday
        # 17:00, where the default reports the next working time, Monday 08:00
        net = Network([Activity("S", 0, kind="start_milestone", calendar=SPLIT),
                       Activity("B", 1, calendar=self.SEVEN8,
                                constraint=Constraint("MFO", dt.datetime(2026, 11, 28, 16)))],
                      [Dependency("S", "B")])
        p6 = _times(schedule(net, start=MON, calendar=SPLIT, clock=True, milestones="p6"))
        assert p6["S"] == [m("2026-11-23T08:00")] * 2 + [m("2026-11-27T17:00")] * 2
        ms = _times(schedule(net, start=MON, calendar=SPLIT, clock=True))
        assert ms["S"] == [m("2026-11-23T08:00")] * 2 + [m("2026-11-30T08:00")] * 2

    def test_start_milestone_late_at_a_worked_instant(self) -> None:
        # B must start by Wednesday 08:00, when S's calendar works: P6 keeps S's late
        # instant there, so P (on a 24-hour calendar) must finish by Wednesday 08:00; the
        # default passes hold S at Tuesday 17:00 (reported at Wednesday 08:00), P by then
        net = Network([Activity("P", 1, calendar=AROUND),
                       Activity("S", 0, kind="start_milestone", calendar=SPLIT),
                       Activity("B", 1, calendar=SPLIT,
                                constraint=Constraint("MSO", dt.datetime(2026, 11, 25, 8)))],
                      [Dependency("P", "S"), Dependency("S", "B")])
        for rule, p_late in (("p6", "2026-11-25T08:00"), ("ms_project", "2026-11-24T17:00")):
            t = _times(schedule(net, start=MON, calendar=SPLIT, clock=True, milestones=rule))
            assert t["S"][2:] == [m("2026-11-25T08:00")] * 2
            assert t["P"][3] == m(p_late)

    def test_unknown_rule_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="'milestones'"):
            schedule(Network([Activity("A", 1)]), start=MON, clock=True,
                     milestones="primavera")  # type: ignore[arg-type]


class TestToolCases:
    """Small cases from the tools' documentation (sources in docs/scheduling.md)."""

    def test_split_shift_and_single_shift_finish_differently(self) -> None:
        # issue 15: a 16:00 finish on 08:00-16:00 and 17:00 on 08:00-12:00 + 13:00-17:00
        net = Network([Activity("A", 1, calendar=SPLIT), Activity("B", 1, calendar=EARLY)])
        t = _times(schedule(net, start=MON, calendar=FIVE, clock=True))
        assert (t["A"][1], t["B"][1]) == (m("2026-11-23T17:00"), m("2026-11-23T16:00"))

    def test_finish_at_the_end_of_the_last_working_period(self) -> None:
        # MS Project / P6: a 5-day task from Monday finishes Friday 17:00, not Monday 08:00
        net = Network([Activity("A", 5), Activity("B", 1)], [Dependency("A", "B")])
        t = _times(schedule(net, start=MON, calendar=SPLIT, clock=True))
        assert t["A"][1] == m("2026-11-27T17:00") and t["B"][0] == m("2026-11-30T08:00")

    def test_lag_in_hours_on_the_successor_calendar(self) -> None:
        # MS Project: the lag counts the successor's calendar (J. Aksel, "Lag" thread)
        net = Network([Activity("A", 1, calendar=SPLIT), Activity("B", 1, calendar=EARLY)],
                      [Dependency("A", "B", lag=4, lag_unit="h")])
        t = _times(schedule(net, start=MON, calendar=FIVE, clock=True))
        # A finishes Mon 17:00; 4 hours of B's 08:00-16:00 calendar: Tue 12:00
        assert t["B"][0] == m("2026-11-24T12:00")

    def test_p6_lag_calendar_options(self) -> None:
        # P6 "Calendar for scheduling relationship lag": 2-day FS lag after a seven-day
        # predecessor that finishes Friday 16:00
        net = Network([Activity("A", 5, calendar=SEVEN), Activity("B", 1)],
                      [Dependency("A", "B", lag=2)])
        starts = {
            lc: _times(schedule(net, start=MON, calendar=FIVE, clock=True,
                                lag_calendar=lc))["B"][0]
            for lc in ("successor", "predecessor", "24h", "project")
        }
        assert starts == {
            "successor": m("2026-12-02T08:00"),  # Mon, Tue of B's five-day week
            "predecessor": m("2026-11-30T08:00"),  # Sat, Sun of A's seven days
            "24h": m("2026-11-30T08:00"),  # 16 hours: Sat 08:00, then B's next start
            "project": m("2026-12-02T08:00"),
        }

    def test_elapsed_lag_runs_through_the_weekend(self) -> None:
        # MS Project "2ed": 48 hours of calendar time (concrete curing)
        net = Network([Activity("pour", 5), Activity("strip", 1)],
                      [Dependency("pour", "strip", lag=2, lag_kind="elapsed")])
        t = _times(schedule(net, start=MON, calendar=FIVE, clock=True))
        assert t["strip"][0] == m("2026-11-30T08:00")  # Fri 16:00 + 48h = Sun 16:00
        net2 = Network([Activity("pour", 5), Activity("strip", 1)],
                       [Dependency("pour", "strip", lag=66, lag_unit="h", lag_kind="elapsed")])
        t2 = _times(schedule(net2, start=MON, calendar=FIVE, clock=True))
        assert t2["strip"][0] == m("2026-11-30T10:00")  # Fri 16:00 + 66 hours

    def test_percent_lag_of_the_predecessor(self) -> None:
        # MS Project "SS+50%": the successor starts when half the predecessor's duration
        # has passed
        net = Network([Activity("A", 4), Activity("B", 1)],
                      [Dependency("A", "B", "SS", lag=50, lag_kind="percent")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        assert _times(s)["B"][0] == m("2026-11-25T08:00")
        assert schedule(net)["B"]["early_start"] == 2.0  # the day engine agrees

    def test_date_constraints_are_instants(self) -> None:
        net = Network([Activity("A", 1, constraint=Constraint("SNET", dt.date(2026, 11, 28))),
                       Activity("B", 1, constraint=Constraint("FNLT", dt.date(2026, 11, 25)))])
        s = schedule(net, start=MON, calendar=SPLIT, clock=True)
        t = _times(s)
        assert t["A"][0] == m("2026-11-30T08:00")  # Saturday -> Monday's start
        assert t["B"][3] == m("2026-11-25T17:00")  # the end of Wednesday
        assert s["B"]["total_float"] == 2.0

    def test_datetime_constraints_keep_their_time_of_day(self) -> None:
        # a P6 finish constraint at 17:00 on an 08-12/13-17 activity (the project calendar
        # ends at 16:00): clock time keeps 17:00; the day engine counts the day
        at = dt.datetime(2026, 11, 25, 17, 0)
        net = Network([Activity("A", 1, calendar=SPLIT, constraint=Constraint("FNLT", at)),
                       Activity("B", 5)])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        assert _times(s)["A"][3] == m("2026-11-25T17:00")
        assert s.total_float_hours.tolist() == [16.0, 0.0]
        day = Network([Activity("A", 1, constraint=Constraint("FNLT", at)), Activity("B", 5)])
        assert schedule(day, start=MON, calendar=FIVE)["A"]["late_finish"] == 3.0

    def test_alap_and_deadline(self) -> None:
        net = Network([Activity("A", 3), Activity("B", 1, constraint=Constraint("ALAP")),
                       Activity("C", 1)], [Dependency("A", "C"), Dependency("B", "C")])
        t = _times(schedule(net, start=MON, calendar=SPLIT, clock=True))
        assert t["B"][0] == m("2026-11-25T08:00")
        s = schedule(net, start=MON, calendar=SPLIT, clock=True, deadline=dt.date(2026, 11, 25))
        assert s["A"]["total_float"] == -1.0


    def test_constraints_before_start(self) -> None:
        # MS Project places a task without predecessors at its SNET/FNET date before the
        # project start, and its successors follow from there (legacy/bug2.mpp); a task
        # without a constraint still starts at the project start
        snet = Constraint("SNET", dt.datetime(2026, 11, 11, 8))
        fnet = Constraint("FNET", dt.datetime(2026, 11, 17, 17))
        net = Network([Activity("A", 3, constraint=snet), Activity("B", 2), Activity("C", 1),
                       Activity("D", 1, constraint=fnet)], [Dependency("A", "B")])
        t = _times(schedule(net, start=MON, calendar=SPLIT, clock=True,
                            constraints_before_start=True))
        assert t["A"][:2] == [m("2026-11-11T08:00"), m("2026-11-13T17:00")]
        assert t["B"][:2] == [m("2026-11-16T08:00"), m("2026-11-17T17:00")]
        assert t["C"][0] == m("2026-11-23T08:00")
        assert t["D"][:2] == [m("2026-11-17T08:00"), m("2026-11-17T17:00")]
        default = _times(schedule(net, start=MON, calendar=SPLIT, clock=True))
        assert default["A"][0] == default["D"][0] == m("2026-11-23T08:00")
        with pytest.raises(ValidationError, match="'constraints_before_start=True' needs clock"):
            schedule(net, start=MON, constraints_before_start=True)
        with pytest.raises(ValidationError, match="'constraints_before_start' must be True or"):
            schedule(net, start=MON, clock=True, constraints_before_start=1)  # type: ignore[arg-type]

    def test_manual_task_late_finish_is_the_successors_instant(self) -> None:
        # MS Project keeps a manually scheduled task's late finish at the instant its
        # successor allows (Monday 08:00), where an automatic task's moves back to the end
        # of the work before it (Friday 17:00); seen in every MPP14 copy of MPXJ's
        # task-links files, where all tasks are manual (docs/benchmarks.md)
        def net(manual: bool) -> Network:
            con = Constraint("MANUAL", 0.0) if manual else None
            return Network([Activity("P", 1, constraint=con), Activity("Q", 1),
                            Activity("X", 7)], [Dependency("P", "Q")])

        auto = _times(schedule(net(False), start=MON, calendar=SPLIT, clock=True))
        man = _times(schedule(net(True), start=MON, calendar=SPLIT, clock=True))
        # the project finishes Tuesday 2026-12-01 17:00; Q's late start is 08:00 that day
        assert auto["Q"][2] == man["Q"][2] == m("2026-12-01T08:00")
        assert auto["P"][2:] == [m("2026-11-30T08:00"), m("2026-11-30T17:00")]
        assert man["P"] == [m("2026-11-23T08:00"), m("2026-11-23T17:00"),
                            m("2026-11-30T08:00"), m("2026-12-01T08:00")]

    def test_manual_task_is_not_bound_late_by_links_from_its_start(self) -> None:
        # MS Project: an SS or SF link from a manually scheduled task leaves its late dates
        # at the project finish (the MPP14 task-links files: SS and SF with 2 days of lag)
        for kind in ("SS", "SF"):
            def net(manual: bool, kind: str = kind) -> Network:
                con = Constraint("MANUAL", 0.0) if manual else None
                return Network([Activity("R", 1, constraint=con), Activity("S", 1),
                                Activity("X", 7)], [Dependency("R", "S", kind, lag=2)])

            auto = _times(schedule(net(False), start=MON, calendar=SPLIT, clock=True))
            man = _times(schedule(net(True), start=MON, calendar=SPLIT, clock=True))
            assert auto["R"][3] < m("2026-12-01T17:00"), kind
            assert man["R"][2:] == [m("2026-12-01T08:00"), m("2026-12-01T17:00")], kind

class TestResults:
    def test_hours_and_pickle(self) -> None:
        # A ends Monday 17:00 on 08-12/13-17; B (08:00-16:00) ends Wednesday 16:00: A's
        # float is Tuesday (8 h) and Wednesday up to 16:00 on its own hours (7 h)
        net = Network([Activity("A", 1, calendar=SPLIT), Activity("B", 3)])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        assert s.settings["clock"] is True
        assert s.free_float_hours.tolist() == [15.0, 0.0]
        assert s.total_float_hours.tolist() == [15.0, 0.0]
        assert s.total_float.tolist() == [15 / 8, 0.0]
        back = pickle.loads(pickle.dumps(s))
        np.testing.assert_array_equal(back.early_start_time, s.early_start_time)

    def test_activity_types_on_clock_time(self) -> None:
        # a level of effort spans A's start to B's finish; a start milestone after A opens
        # the next working time, a finish milestone closes A's last period
        net = Network([Activity("A", 3, calendar=SPLIT), Activity("B", 2, calendar=SPLIT),
                       Activity("L", 0, kind="loe"),
                       Activity("S", 0, kind="start_milestone", calendar=SPLIT),
                       Activity("F", 0, kind="finish_milestone", calendar=SPLIT)],
                      [Dependency("A", "B"), Dependency("A", "L", "SS"),
                       Dependency("B", "L", "FF"), Dependency("A", "S"), Dependency("A", "F")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        t = _times(s)
        assert t["B"][1] == m("2026-11-27T17:00")  # exact clock time of the passes
        assert t["S"][0] == m("2026-11-26T08:00") and t["F"][0] == m("2026-11-25T17:00")
        assert t["L"][0] == m("2026-11-23T08:00")
        assert s.total_float_hours.shape == (5,)

    def test_loe_starts_at_its_predecessors_finish_instant(self) -> None:
        # P6 (as in sp10-cost-loaded.xer, LOE 54813): A on 08:00-16:00 finishes Monday
        # 16:00, still working time on the LOE's split calendar, so the LOE starts there
        # (not at Tuesday 08:00) and finishes at B's finish instant
        net = Network([Activity("A", 1, calendar=EARLY), Activity("B", 2, calendar=SPLIT),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "B"), Dependency("A", "L"),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        t = _times(s)
        assert t["A"][1] == m("2026-11-23T16:00")
        assert t["L"] == [m("2026-11-23T16:00"), m("2026-11-25T16:00"),
                          m("2026-11-23T16:00"), m("2026-11-25T16:00")]
        assert s.early_start.tolist() == [0.0, 1.0, 1.0]  # the day path as it was

    def test_loe_finish_ends_on_its_own_calendar(self) -> None:
        # B on a 7-day calendar finishes Saturday 10:00; the LOE (Monday-Friday, split
        # shifts) finishes at the end of its own working time before: Friday 17:00 (P6:
        # sp10's LOE 54813 finishes Friday 17:00 under a Sunday 16:00 successor)
        net = Network([Activity("A", 1.25, calendar=SPLIT), Activity("B", 4, calendar=SEVEN),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "B"), Dependency("A", "L"),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        t = _times(s)
        assert t["B"][1] == m("2026-11-28T10:00")
        assert t["L"] == [m("2026-11-24T10:00"), m("2026-11-27T17:00"),
                          m("2026-11-24T10:00"), m("2026-11-27T17:00")]
        # its duration is its own calendar's working time between them: Tue 10-12, 13-17
        # (6 h), Wednesday to Friday (3 x 8 h)
        minutes = SPLIT.working_minutes_between(np.array([t["L"][0]]), np.array([t["L"][1]]))
        assert minutes.tolist() == [30 * 60]

    def test_loe_finish_from_a_successors_start(self) -> None:
        # SS from B (starts Monday 13:00 after A's morning) and FS to C, which starts
        # Wednesday 08:00: the LOE on a 7-day 08:00-16:00 calendar finishes Tuesday 16:00
        net = Network([Activity("A", 0.5, calendar=EARLY), Activity("B", 1.5, calendar=SPLIT),
                       Activity("C", 2, calendar=EARLY),
                       Activity("L", 0, kind="loe", calendar=SEVEN)],
                      [Dependency("A", "B"), Dependency("B", "C"), Dependency("B", "L", "SS"),
                       Dependency("L", "C", "FS")])
        t = _times(schedule(net, start=MON, calendar=FIVE, clock=True))
        assert t["C"][0] == m("2026-11-25T08:00")
        assert t["L"] == [m("2026-11-23T13:00"), m("2026-11-24T16:00"),
                          m("2026-11-23T13:00"), m("2026-11-24T16:00")]

    def test_loe_with_links_on_one_side(self) -> None:
        # only a start link: it finishes at its start, its late finish is the project finish
        # (B's Wednesday 16:00); only a finish link: it starts at the project start and its
        # late start is its late finish
        tasks = [Activity("A", 1, calendar=EARLY), Activity("B", 2, calendar=SPLIT),
                 Activity("L", 0, kind="loe", calendar=SPLIT)]
        start_only = Network(tasks, [Dependency("A", "B"), Dependency("A", "L")])
        t = _times(schedule(start_only, start=MON, calendar=FIVE, clock=True))
        assert t["L"] == [m("2026-11-23T16:00"), m("2026-11-23T16:00"),
                          m("2026-11-23T16:00"), m("2026-11-25T16:00")]
        finish_only = Network(tasks, [Dependency("A", "B"), Dependency("L", "B", "FF")])
        t = _times(schedule(finish_only, start=MON, calendar=FIVE, clock=True))
        assert t["L"] == [m("2026-11-23T08:00"), m("2026-11-25T16:00"),
                          m("2026-11-25T16:00"), m("2026-11-25T16:00")]

    def test_loe_float_hours_count_its_own_calendar(self) -> None:
        # L (7-day, 08:00-16:00) spans A's start to B's finish, Tuesday 16:00; B may finish
        # as late as C, the next Monday 16:00. L's float is its own working time between
        # them: Wednesday to Monday, 6 days of 8 h = 48 h (P6: an LOE "uses its assigned
        # calendar"; the project calendar's 4 working days, 32 h, were reported before);
        # in days of hours_per_day, 6.0, as a task's float on its own calendar is
        net = Network([Activity("A", 1), Activity("B", 1), Activity("C", 6),
                       Activity("L", 0, kind="loe", calendar=SEVEN)],
                      [Dependency("A", "B"), Dependency("A", "L", "SS"),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        t = _times(s)
        assert t["L"][1::2] == [m("2026-11-24T16:00"), m("2026-11-30T16:00")]
        assert s.total_float_hours.tolist() == [32.0, 32.0, 0.0, 48.0]
        assert s.free_float_hours[3] == 48.0
        assert s["L"]["total_float"] == s["L"]["free_float"] == 6.0
        assert s["B"]["total_float"] == 4.0  # the tasks keep their own floats

    def test_loe_dates_are_the_days_of_its_instants(self) -> None:
        # A (08:00-16:00) finishes Monday 16:00, working time on L's split calendar, so L
        # starts Monday 16:00 and is dated Monday (it was dated Tuesday, the day its
        # working-day offset 1.0 opens on the project calendar); on a 7-day calendar an LOE
        # after a task ending Friday 16:00 starts on Saturday 08:00 and is dated Saturday
        net = Network([Activity("A", 1, calendar=EARLY), Activity("B", 2, calendar=SPLIT),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "B"), Dependency("A", "L"),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        assert s["L"]["early_start_date"] == s["L"]["late_start_date"] == MON
        assert s["L"]["early_start"] == 1.0
        net = Network([Activity("A", 5), Activity("B", 2),
                       Activity("L", 0, kind="loe", calendar=SEVEN)],
                      [Dependency("A", "B"), Dependency("A", "L"),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        assert _times(s)["L"][0] == m("2026-11-28T08:00")
        assert s["L"]["early_start_date"] == dt.date(2026, 11, 28)
        assert s["L"]["early_finish_date"] == dt.date(2026, 12, 1)

    def test_loe_lags_are_working_time_of_the_lag_calendar(self) -> None:
        # A (08:00-16:00) finishes Monday 16:00; FS + 4 h into L (split shifts) and L FF
        # - 2 h... to B, which finishes Thursday 16:00. By the lag calendar (P6's "Calendar
        # for scheduling relationship lag", as MPXJ's PrimaveraScheduler spans LOEs):
        # successor's (L's split: Monday 16-17, Tuesday 08-11) -> Tuesday 11:00, and B's
        # for the FF (Thursday 14:00); predecessor's (A's: Tuesday 12:00, lunch on L's
        # calendar -> 13:00) and L's for the FF (13-16 is 3 h: 14:00); 24 hours (Monday
        # 20:00 -> Tuesday 08:00); the project's (as the predecessor's here)
        expected = {"successor": "2026-11-24T11:00", "predecessor": "2026-11-24T13:00",
                    "24h": "2026-11-24T08:00", "project": "2026-11-24T13:00"}
        net = Network([Activity("A", 1), Activity("B", 3),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "B"), Dependency("A", "L", lag=4, lag_unit="h"),
                       Dependency("L", "B", "FF", lag=2, lag_unit="h")])
        for rule, start in expected.items():
            s = schedule(net, start=MON, calendar=FIVE, clock=True, lag_calendar=rule)
            assert _times(s)["L"] == [m(start), m("2026-11-26T14:00")] * 2, rule
            # offsets: the project calendar's working days to the instants
            w = FIVE.working_minutes_between(np.array([m("2026-11-23T08:00")]),
                                             np.array([m(start)]))[0]
            assert s["L"]["early_start"] == w / 480 and s["L"]["early_finish"] == 3.75, rule
        # an elapsed lag (18 h: Tuesday 10:00) and a lead (B's finish + 1 h on B's
        # calendar: Friday 09:00)
        net = Network([Activity("A", 1), Activity("B", 3),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "B"),
                       Dependency("A", "L", lag=18, lag_unit="h", lag_kind="elapsed"),
                       Dependency("L", "B", "FF", lag=-1, lag_unit="h")])
        t = _times(schedule(net, start=MON, calendar=FIVE, clock=True))
        assert t["L"] == [m("2026-11-24T10:00"), m("2026-11-27T09:00")] * 2

    def test_loe_lag_in_days_and_float_on_clock_time(self) -> None:
        # a lag in days is hours_per_day of working time of the lag calendar: A finishes
        # Monday 16:00, + 1 day on L's split calendar -> Tuesday 16:00; L's late finish is
        # C's finish (Friday 16:00), its float its own time from Wednesday 16:00 (B's
        # finish) to Friday 16:00: 1 + 8 + 7 = 16 h
        net = Network([Activity("A", 1), Activity("B", 2), Activity("C", 5),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "B"), Dependency("A", "L", lag=1),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE, clock=True)
        t = _times(s)
        assert t["L"] == [m("2026-11-24T16:00"), m("2026-11-25T16:00"),
                          m("2026-11-26T16:00"), m("2026-11-27T16:00")]
        assert s.total_float_hours[3] == 16.0 and s["L"]["total_float"] == 2.0

    def test_percent_lag_out_of_an_loe_is_refused(self) -> None:
        # a percentage of an LOE's duration, which its links set: circular, on both engines
        net = Network([Activity("A", 2), Activity("B", 2),
                       Activity("L", 0, kind="loe", calendar=SPLIT)],
                      [Dependency("A", "L", "SS"),
                       Dependency("L", "B", "SS", lag=50, lag_kind="percent")])
        for clock in (True, False):
            with pytest.raises(ValidationError,
                               match=r"link 'L' -> 'B' has a percent lag \(50%\) out of "
                                     r"level-of-effort activity 'L'"):
                schedule(net, start=MON, calendar=FIVE, clock=clock)
        # into an LOE it is a share of the predecessor's duration: Monday 08:00 + 8 h
        into = Network([Activity("A", 2), Activity("B", 2),
                        Activity("L", 0, kind="loe")],
                       [Dependency("A", "B"), Dependency("A", "L", "SS", lag=50,
                                                         lag_kind="percent"),
                        Dependency("L", "B", "FF")])
        t = _times(schedule(into, start=MON, calendar=FIVE, clock=True))
        assert t["L"][0] == m("2026-11-24T08:00")

    def test_loe_on_its_own_calendar_on_working_days(self) -> None:
        # working days (no clock): A Monday-Thursday, B Friday 27, C to Monday 30. L spans
        # A's start to B's finish on its own calendar (P6). On 7 days its float runs from
        # Friday's end to Monday's end: Saturday, Sunday, Monday = 3 of its days (the
        # project calendar's 1 day was reported); on Monday-Thursday it finishes at the end
        # of Thursday 26 (it was dated Friday, a day it does not work), offset 4.0, and
        # its float is Monday 30, 1 day
        mon_thu = WorkCalendar(weekdays=range(4))
        got = {}
        for cal in (SEVEN, mon_thu):
            net = Network([Activity("A", 4), Activity("B", 1), Activity("C", 6),
                           Activity("L", 0, kind="loe", calendar=cal)],
                          [Dependency("A", "B"), Dependency("A", "L", "SS"),
                           Dependency("L", "B", "FF")])
            got[cal] = schedule(net, start=MON, calendar=FIVE)["L"]
        seven, four = got[SEVEN], got[mon_thu]
        assert (seven["early_finish_date"], seven["total_float"]) == (dt.date(2026, 11, 27), 3.0)
        assert seven["free_float"] == 3.0
        assert (four["early_finish_date"], four["early_finish"]) == (dt.date(2026, 11, 26), 4.0)
        assert four["total_float"] == 1.0
        assert four["late_finish_date"] == dt.date(2026, 11, 30)

    def test_loe_on_working_days_spans_a_weekend_finish(self) -> None:
        # B, on 7 days, finishes Saturday 28 (its offset is Monday's start, 5.0); L on 7
        # days finishes with it, Saturday (it was dated Friday 27), and its float is B's:
        # Sunday to Wednesday, 4 days (3 were reported)
        net = Network([Activity("A", 5), Activity("B", 1, calendar=SEVEN), Activity("C", 8),
                       Activity("L", 0, kind="loe", calendar=SEVEN)],
                      [Dependency("A", "B"), Dependency("A", "L", "SS"),
                       Dependency("L", "B", "FF")])
        s = schedule(net, start=MON, calendar=FIVE)
        assert s["B"]["early_finish_date"] == dt.date(2026, 11, 28)
        assert s["L"]["early_finish_date"] == dt.date(2026, 11, 28)
        assert s["L"]["early_finish"] == 5.0
        assert s["L"]["total_float"] == s["B"]["total_float"] == 4.0
        # an LOE on the schedule's calendar keeps the working-day span (Friday's end)
        plain = Network([*net.activities[:3], Activity("L", 0, kind="loe")], net.dependencies)
        assert schedule(plain, start=MON, calendar=FIVE)["L"]["early_finish_date"] == dt.date(
            2026, 11, 27)

    def test_loe_own_calendar_with_progress_on_task_calendars_is_refused(self) -> None:
        # progress on task calendars: the day engine reports started work from its actual
        # dates, so the other activities' instants are not known exactly there
        net = Network([Activity("A", 5), Activity("B", 1, calendar=SEVEN),
                       Activity("L", 0, kind="loe", calendar=SEVEN)],
                      [Dependency("A", "B"), Dependency("A", "L", "SS"),
                       Dependency("L", "B", "FF")])
        progress = Progress([ActivityProgress("A", actual_start=MON)])
        with pytest.raises(ValidationError, match="level-of-effort activity 'L' has its own "
                                                  "calendar in a day-based schedule"):
            schedule(net, start=MON, calendar=FIVE, actuals=progress,
                     data_date=dt.date(2026, 11, 25))
        # clock time spans it; so does the day engine on the schedule's calendar alone
        clk = schedule(net, start=MON, calendar=FIVE, actuals=progress,
                       data_date=dt.date(2026, 11, 25), clock=True)
        assert _times(clk)["L"][1] == _times(clk)["B"][1]
        one = Network([Activity("A", 5), Activity("B", 1),
                       Activity("L", 0, kind="loe", calendar=SEVEN)], net.dependencies)
        s = schedule(one, start=MON, calendar=FIVE, actuals=progress,
                     data_date=dt.date(2026, 11, 25))
        assert s["L"]["early_finish_date"] == s["B"]["early_finish_date"]

    def test_summary_links_keep_lag_units(self) -> None:
        from pmokit.scheduling import Wbs

        wbs = Wbs({"a": "S", "b": "S", "S": None})
        net = wbs.expand_links(
            [Activity("x", 2), Activity("a", 1), Activity("b", 3)],
            [Dependency("x", "S", lag=90, lag_unit="m"),
             Dependency("x", "a", lag=1, lag_unit="h", lag_kind="elapsed")])
        got = {(d.successor, d.lag, d.lag_unit, d.lag_kind) for d in net.dependencies}
        assert got == {("a", 90.0, "m", "working"), ("b", 90.0, "m", "working")}

    def test_equal_calendars_share_one_table(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from pmokit.scheduling import _clock

        blocks = []
        build = _clock._Stack.build

        def spy(calendars: list[object], lo: int, hi: int) -> object:
            blocks.append(len(calendars))
            return build(calendars, lo, hi)  # type: ignore[arg-type]

        monkeypatch.setattr(_clock._Stack, "build", spy)
        net = Network([Activity(i, 1, calendar=WorkCalendar(weekdays=range(7)))
                       for i in range(50)])
        r = _clock.clock_schedule(net, MON, FIVE)
        assert blocks == [3]  # the project's, the 24-hour one and the one seven-day calendar
        assert r.es.tolist() == [r.es[0]] * 50
        assert _times(schedule(net, start=MON, calendar=FIVE, clock=True))[0][1] == m(
            "2026-11-23T16:00")

    def test_no_times_without_start(self) -> None:
        s = schedule(Network([Activity("A", 1)]))
        assert s.early_start_time is None
        assert s.total_float_hours.tolist() == [0.0]

    @requires_pandas
    def test_to_frame_columns(self) -> None:
        net = Network([Activity("A", 1, calendar=SPLIT), Activity("B", 1)],
                      [Dependency("A", "B")])
        f = schedule(net, start=MON, calendar=FIVE, clock=True).to_frame()
        assert str(f.loc["B", "early_start_time"]) == "2026-11-24 08:00:00"
        assert str(f.loc["A", "early_finish_time"]) == "2026-11-23 17:00:00"
        assert f["total_float_hours"].tolist() == [0.0, 0.0]
        day = schedule(net, start=MON, calendar=FIVE).to_frame()
        assert str(day.loc["A", "early_finish_time"]) == "2026-11-23 17:00:00"

    def test_lag_units_keep_working_in_the_day_engine(self) -> None:
        net = Network([Activity("A", 1), Activity("B", 1)],
                      [Dependency("A", "B", lag=4, lag_unit="h")])
        assert schedule(net)["B"]["early_start"] == 1.5
        assert net.dependencies[0].lag_unit == "h"
        assert pickle.loads(pickle.dumps(net)).dependencies == net.dependencies


NIGHT = WorkCalendar(weekdays=range(6), name="night", shifts={
    0: ["23:00-24:00"], 1: ["00:00-03:00", "04:00-08:00", "23:00-24:00"],
    2: ["00:00-03:00", "04:00-08:00", "23:00-24:00"],
    3: ["00:00-03:00", "04:00-08:00", "23:00-24:00"],
    4: ["00:00-03:00", "04:00-08:00", "23:00-24:00"], 5: ["00:00-03:00", "04:00-08:00"]})


class TestAssignments:
    """MS Project's task on its resources' calendars: each assignment on its own calendar,
    the task spanning the earliest start to the latest finish (sample.mpp's "Second Task":
    a day resource and a night-shift resource)."""

    def test_hand_case_day_and_night(self) -> None:
        # day: Mon 08:00-17:00; night (12 hours): Mon 23:00 -> Wed 03:00; U follows at
        # Wed 08:00. Backward from U's late start: the night part may start Tue 04:00
        net = Network([Activity("T", 1), Activity("U", 1)], [Dependency("T", "U")])
        s = schedule(net, start=MON, calendar=SPLIT, clock=True,
                     assignments={"T": [(SPLIT, 1.0), (NIGHT, 1.5)]})
        t = _times(s)
        assert t["T"] == [m("2026-11-23T08:00"), m("2026-11-25T03:00"),
                          m("2026-11-24T04:00"), m("2026-11-25T08:00")]
        assert t["U"] == [m("2026-11-25T08:00"), m("2026-11-25T17:00")] * 2
        # its float counts its own calendar: Tuesday 04:00 is 1 day after Monday 08:00
        assert s["T"]["total_float"] == 1.0

    @settings(max_examples=examples(40))
    @given(st.data())
    def test_equals_one_activity_per_assignment(self, data: st.DataObject) -> None:
        """Independent check: the task's span equals that of one activity per assignment,
        each with the task's links (FS in and out), on the assignments' calendars."""
        cals = [SPLIT, NIGHT, EARLY, WEEKEND]
        rows = data.draw(st.lists(st.tuples(st.sampled_from(cals),
                                            st.sampled_from([0.5, 1.0, 1.5, 3.0])),
                                  min_size=1, max_size=3))
        lag = data.draw(st.sampled_from([0, 2, 7]))
        pre = Activity("P", data.draw(st.sampled_from([0.25, 1.0, 2.0])), calendar=SPLIT)
        tail = Activity("X", data.draw(st.sampled_from([1.0, 6.0])))
        net = Network([pre, Activity("T", 1), Activity("U", 1), tail],
                      [Dependency("P", "T", lag=lag, lag_unit="h"), Dependency("T", "U")])
        # lags on the project calendar in both (the successor's calendar differs: the
        # task's own against each assignment's)
        got = _times(schedule(net, start=MON, calendar=SPLIT, clock=True,
                              lag_calendar="project", assignments={"T": rows}))["T"]
        parts = [Activity(f"T{j}", d, calendar=c) for j, (c, d) in enumerate(rows)]
        deps = [Dependency("P", a.id, lag=lag, lag_unit="h") for a in parts]
        deps += [Dependency(a.id, "U") for a in parts]
        split = _times(schedule(Network([pre, *parts, Activity("U", 1), tail], deps),
                                start=MON, calendar=SPLIT, clock=True, lag_calendar="project"))
        each = [split[a.id] for a in parts]
        assert got[0] == min(e[0] for e in each) and got[1] == max(e[1] for e in each)
        assert got[2] == min(e[2] for e in each) and got[3] == max(e[3] for e in each)

    def test_started_activity_ignores_its_assignments(self) -> None:
        # a started task keeps its own calendar (its remaining work is statused there)
        from pmokit.scheduling import ActivityProgress, Progress

        net = Network([Activity("T", 2), Activity("U", 1)], [Dependency("T", "U")])
        prog = Progress([ActivityProgress("T", actual_start=0.0, remaining_duration=1.0)])
        kw = {"start": MON, "calendar": SPLIT, "clock": True, "actuals": prog,
              "data_date": 1.0, "statusing": "ms_project"}
        plain = _times(schedule(net, **kw))  # type: ignore[arg-type]
        with_asg = _times(schedule(net, assignments={"T": [(NIGHT, 3.0)]},  # type: ignore[arg-type]
                                   **kw))
        assert with_asg == plain
        # not started: the night assignment places it
        assert _times(schedule(net, start=MON, calendar=SPLIT, clock=True,
                               assignments={"T": [(NIGHT, 3.0)]}))["T"][0] == m(
            "2026-11-23T23:00")

    def test_errors(self) -> None:
        net = Network([Activity("T", 1)])
        with pytest.raises(ValidationError, match="'assignments' needs clock=True"):
            schedule(net, start=MON, assignments={"T": [(SPLIT, 1.0)]})
        with pytest.raises(UnknownReferenceError, match="unknown activity 'Z'"):
            schedule(net, start=MON, clock=True, assignments={"Z": [(SPLIT, 1.0)]})
        with pytest.raises(ValidationError, match="non-empty sequence"):
            schedule(net, start=MON, clock=True, assignments={"T": []})
        with pytest.raises(ValidationError, match="duration >= 0"):
            schedule(net, start=MON, clock=True, assignments={"T": [(SPLIT, -1.0)]})
        with pytest.raises(ValidationError, match="must map activity ids"):
            schedule(net, start=MON, clock=True, assignments=[("T", SPLIT)])  # type: ignore[arg-type]


class TestErrors:
    def test_percent_lag_after_a_milestone(self) -> None:
        net = Network([Activity("M", 0), Activity("B", 1)],
                      [Dependency("M", "B", lag=50, lag_kind="percent")])
        with pytest.raises(ValidationError, match="link 'M' -> 'B' has a percent lag"):
            schedule(net, start=MON, clock=True)

    def test_day_engines_refuse_lags_they_cannot_place(self) -> None:
        """An elapsed lag is 24/7 time, not working days: the day engines refused to guess
        (they counted 24 elapsed hours as 3 working days), simulate and slip_impact too.
        Where durations vary (simulate, slip_impact) a percent lag follows them (it was
        refused while the passes fixed it at the planned duration)."""
        from pmokit.distributions import Uniform
        from pmokit.scheduling import Resource, resource_constrained_schedule, simulate, slip_impact

        acts = [Activity("A", 10, demands={"crew": 1}), Activity("B", 2)]
        elapsed = Network(acts, [Dependency("A", "B", lag=24, lag_unit="h", lag_kind="elapsed")])
        with pytest.raises(ValidationError, match=r"schedule without clock=True does not "
                           r"support elapsed lags yet .* 'A' -> 'B'"):
            schedule(elapsed)
        # the clock engine places it: A ends Friday 4 December 17:00, 24 elapsed hours later
        # is Saturday 17:00, so B starts at the next working time, Monday 7 December 08:00
        s = schedule(elapsed, start=MON, clock=True)
        assert s.early_start_time[1] == np.datetime64("2026-12-07T08:00")
        with pytest.raises(ValidationError, match="resource_constrained_schedule does not "
                           "support elapsed lags"):
            resource_constrained_schedule(elapsed, [Resource("crew", 1)])
        pct = Network(acts, [Dependency("A", "B", "SS", lag=50, lag_kind="percent")])
        assert schedule(pct).early_start[1] == 5.0  # exact with the planned duration
        # no longer refused (their numbers: TestPercentLags in test_risk.py, test_slip.py)
        simulate(pct, {"A": Uniform(8, 20)}, iterations=10, rng=0)
        assert slip_impact(schedule(pct), {"A": 2})["B"]["early_start"] == 6.0
        with pytest.raises(ValidationError, match="simulate does not support elapsed lags"):
            simulate(elapsed, {"A": Uniform(8, 20)}, iterations=10, rng=0)

    def test_unknown_lag_calendar(self) -> None:
        with pytest.raises(ValidationError, match="'lag_calendar' must be one of"):
            schedule(Network([Activity("A", 1)]), start=MON, clock=True, lag_calendar="mine")

    def test_unknown_lag_unit_and_kind(self) -> None:
        with pytest.raises(ValidationError, match="'lag_unit' of a dependency must be"):
            Dependency("A", "B", lag=1, lag_unit="fortnight")
        with pytest.raises(ValidationError, match=re.escape("'lag_kind' of link A -> B must")):
            Dependency("A", "B", lag=1, lag_kind="calendar")
        with pytest.raises(ValidationError, match=r"percent lag .* takes no 'lag_unit'"):
            Dependency("A", "B", lag=1, lag_unit="h", lag_kind="percent")

    def test_clock_needs_start_and_a_bool(self) -> None:
        with pytest.raises(ValidationError, match="'clock=True' needs 'start'"):
            schedule(Network([Activity("A", 1)]), clock=True)
        with pytest.raises(ValidationError, match="'clock' must be True or False"):
            schedule(Network([Activity("A", 1)]), start=MON, clock=1)  # type: ignore[arg-type]

    def test_shift_errors_name_the_shift(self) -> None:
        with pytest.raises(ValidationError, match="'shifts' shift 1 ends before it starts"):
            WorkCalendar(shifts=["17:00-08:00"])
        with pytest.raises(ValidationError, match="overlapping shifts 08:00-12:00 and"):
            WorkCalendar(shifts=["08:00-12:00", "11:00-17:00"])

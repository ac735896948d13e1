"""The one table of link options (scheduling/_network.py: LINK_RULES, LAG_UNIT_RULES,
LAG_KIND_RULES): every link type, lag unit and lag kind has a row, and every engine reads
its meaning from that row only."""

from __future__ import annotations

import contextlib
import datetime as dt

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from pmokit import _compiled
from pmokit.calendar import WorkCalendar
from pmokit.distributions import Uniform
from pmokit.errors import ValidationError
from pmokit.scheduling import (
    Activity,
    Dependency,
    LinkType,
    Network,
    _network,
    schedule,
    simulate,
    slip_impact,
)

MON = dt.date(2026, 11, 23)
SEVEN = WorkCalendar(weekdays=range(7))


def net(kind: str = "FS", lag: float = 1.0, own: bool = False, **opts: str) -> Network:
    """A(4) -kind, lag-> B(2) -FF-> C(3), with D(1) -SS-> C as a second way into C (only
    the link A -> B may be FS); ``own`` puts B on a seven-day calendar (the per-activity
    calendar engine)."""
    cal = {"calendar": SEVEN} if own else {}
    return Network([Activity("A", 4), Activity("B", 2, **cal), Activity("C", 3),
                    Activity("D", 1)],
                   [Dependency("A", "B", kind, lag=lag, **opts), Dependency("B", "C", "FF"),
                    Dependency("D", "C", "SS")])


def runs(network: Network) -> list[tuple[object, ...]]:
    """What the engines make of ``network``: the day engine, the clock engine, simulate
    and slip_impact (the callers run the per-activity calendar engine beside it)."""
    day = schedule(network, start=MON)
    clock = schedule(network, start=MON, clock=True)
    res = simulate(network, {a.id: Uniform(a.duration, a.duration) for a in network.activities},
                   iterations=2, rng=0, milestones=["B"])
    slip = slip_impact(day, {"A": 1.0})
    return [tuple(day.early_start), tuple(day.late_start), tuple(clock.early_start_time),
            tuple(clock.late_finish_time), tuple(res.finish), tuple(res.milestone_finish[0]),
            tuple(slip.early_start)]


class TestEveryOptionHasARow:
    def test_link_types(self) -> None:
        """Adding a LinkType member without its row fails here: the row is the one edit."""
        assert set(_network.LINK_RULES) == set(LinkType)

    def test_lag_units_and_kinds(self) -> None:
        assert set(_network.LAG_UNIT_RULES) == set(_network.LAG_UNITS)
        assert set(_network.LAG_KIND_RULES) == set(_network.LAG_KINDS)

    def test_compiled_flags(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The compiled network's per-link flags are read from the rows."""
        c = Network([Activity("A", 2), Activity("B", 1)],
                    [Dependency("A", "B", "SF"), Dependency("A", "B", lag=5, lag_kind="percent"),
                     Dependency("A", "B", "FF", lag=1, lag_kind="elapsed")]).compiled
        assert c.link_from_finish.tolist() == [False, True, True]
        assert c.link_to_finish.tolist() == [True, False, True]
        assert c.link_lag_percent.tolist() == [False, True, False]
        monkeypatch.setitem(_network.LAG_KIND_RULES, "elapsed",
                            _network.LAG_KIND_RULES["percent"])
        assert c.link_lag_percent.tolist() == [False, True, True]

    def test_rows_by_hand(self) -> None:
        """FS: finish to start; SS: start to start; FF: finish to finish; SF: start to
        finish. A week is 5 days, a month 20, an hour 60 minutes, elapsed days 24 hours."""
        rows = {t.value: (r.from_finish, r.to_finish) for t, r in _network.LINK_RULES.items()}
        assert rows == {"FS": (True, False), "SS": (False, False), "FF": (True, True),
                        "SF": (False, True)}
        mins = {u: r.working_minutes(480.0) for u, r in _network.LAG_UNIT_RULES.items()}
        assert mins == {"d": 480.0, "m": 1.0, "h": 60.0, "w": 2400.0, "mo": 9600.0}
        assert _network.LAG_UNIT_RULES["w"].working_minutes(450.0, days_per_week=4) == 1800.0
        el = {u: r.elapsed_minutes for u, r in _network.LAG_UNIT_RULES.items()}
        assert el == {"d": 1440.0, "m": 1.0, "h": 60.0, "w": 10080.0, "mo": 43200.0}


class TestRowsDriveEveryEngine:
    @pytest.mark.parametrize("compiled", [True, False])
    @pytest.mark.parametrize("kind", ["SS", "FF", "SF"])
    def test_link_type_row(self, kind: str, compiled: bool,
                           monkeypatch: pytest.MonkeyPatch) -> None:
        """Give FS the row of another type: schedule (day, own calendars, clock), simulate
        and slip_impact all place an FS link as they place that type (with the compiled
        kernels where numba is installed, and on the numpy path)."""
        with contextlib.nullcontext() if compiled else _compiled.disabled():
            self._link_type_row(kind, monkeypatch)

    def _link_type_row(self, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
        want = runs(net(kind))
        want_own = schedule(net(kind, own=True), start=MON)
        monkeypatch.setitem(_network.LINK_RULES, LinkType.FS,
                            _network.LINK_RULES[LinkType(kind)])
        got = runs(net("FS"))
        got_own = schedule(net("FS", own=True), start=MON)
        assert got == want
        monkeypatch.undo()
        assert runs(net("FS")) != want, "the test network does not tell the types apart"
        assert_array_equal(got_own.early_start, want_own.early_start)
        assert_array_equal(got_own.late_start, want_own.late_start)

    @pytest.mark.parametrize("unit", ["h", "w", "m", "mo"])
    def test_lag_unit_row(self, unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Give the day the row of another unit: a lag of 4 days is then placed as 4 of
        that unit by every engine."""
        want = runs(net(lag=4, lag_unit=unit))
        monkeypatch.setitem(_network.LAG_UNIT_RULES, "d", _network.LAG_UNIT_RULES[unit])
        got = runs(net(lag=4))
        monkeypatch.undo()
        assert got == want
        assert runs(net(lag=4)) != want

    def test_percent_kind_row(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Give 'working' the row of 'percent': a lag of 50 is half of A's duration (2
        days) in schedule (day and clock engines), and simulate and slip_impact refuse it
        as they refuse a percent lag (durations vary there)."""
        def check(network: Network) -> tuple[object, ...]:
            day = schedule(network, start=MON)
            clock = schedule(network, start=MON, clock=True)
            with pytest.raises(ValidationError, match="simulate does not support percent"):
                simulate(network, {"A": Uniform(3, 5)}, iterations=2, rng=0)
            with pytest.raises(ValidationError, match="slip_impact does not support percent"):
                slip_impact(day, {"A": 1.0})
            return tuple(day.early_start), tuple(clock.early_start_time)

        want = check(net(lag=50, lag_kind="percent"))
        monkeypatch.setitem(_network.LAG_KIND_RULES, "working",
                            _network.LAG_KIND_RULES["percent"])
        got = check(net(lag=50))
        monkeypatch.undo()
        assert got == want
        assert want[0][1] == 6.0  # B after A (4) and half of A's duration (2)

    def test_elapsed_kind_row(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Give 'working' the row of 'elapsed': the clock engine counts a lag of 2 days as
        48 hours of 24/7 time, and the day-based engines refuse it by name as they refuse
        an elapsed lag."""
        want = schedule(net(lag=2, lag_kind="elapsed"), start=MON, clock=True)
        monkeypatch.setitem(_network.LAG_KIND_RULES, "working",
                            _network.LAG_KIND_RULES["elapsed"])
        got = schedule(net(lag=2), start=MON, clock=True)
        for run in (lambda: schedule(net(lag=2), start=MON),
                    lambda: simulate(net(lag=2), {"A": Uniform(3, 5)}, iterations=2, rng=0)):
            with pytest.raises(ValidationError, match="does not support elapsed lags"):
                run()
        monkeypatch.undo()
        assert got.early_start_time.tolist() == want.early_start_time.tolist()
        # A ends Thursday 26 16:00; 48 elapsed hours later is Saturday 16:00, so B starts
        # Monday 30 08:00 (two working days would give Tuesday 1 December)
        assert want.early_start_time[1] == np.datetime64("2026-11-30T08:00")

"""Cost loading: time-phased planned value sums to BAC; hand-worked spreads; errors."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.calendar import WorkCalendar
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.monitoring import CostLine, PlannedValue, SpreadCurve, time_phase
from pmokit.scheduling import Activity, Dependency, Network, schedule


def _sched() -> object:
    return schedule(
        Network(
            [Activity("A", 4), Activity("B", 6), Activity("M", 0)],
            [Dependency("A", "B"), Dependency("B", "M")],
        )
    )


def test_linear_labour_by_hand() -> None:
    """A: 4 days, 50/h x 64 h = 3,200 spread evenly: 800 per working day."""
    pv = time_phase(_sched(), {"A": CostLine.labour(50, 64)}, freq=1)
    assert_allclose(pv["A"][:4], [800.0] * 4)
    assert pv.total == 3200.0


def test_fixed_at_start_and_finish_by_hand() -> None:
    """B runs days 4-9: a start cost falls in period [4, 6), a finish cost in [8, 10)."""
    pv = time_phase(
        _sched(), {"B": [CostLine.fixed(100), CostLine.fixed(40, at="finish")]}, freq=2
    )
    assert pv["B"].tolist() == [0.0, 0.0, 100.0, 0.0, 40.0, 0.0]


def test_milestone_cost_in_its_period() -> None:
    """M at t = 10 lies in working day 10: the period [10, 12)."""
    pv = time_phase(_sched(), {"M": CostLine.non_labour(70)}, freq=2)
    assert pv["M"].tolist() == [0.0] * 5 + [70.0]


def test_front_and_back_loaded_by_hand() -> None:
    """4 equal quarters of a 4-day activity: weights 4:3:2:1 and 1:2:3:4 of 1,000."""
    pv = time_phase(_sched(), {"A": CostLine.non_labour(1000, curve="front_loaded")}, freq=1)
    assert_allclose(pv["A"][:4], [400, 300, 200, 100])
    pv = time_phase(_sched(), {"A": CostLine.non_labour(1000, curve="back_loaded")}, freq=1)
    assert_allclose(pv["A"][:4], [100, 200, 300, 400])


def test_weekly_on_the_calendar() -> None:
    """Start Thursday 1 Jan 2026 (a UK holiday): A's 4 days are Fri 2, Mon 5 - Wed 7."""
    uk = WorkCalendar.uk_england_and_wales()
    s = schedule(Network([Activity("A", 4)]))
    pv = time_phase(s, {"A": CostLine.non_labour(400)}, calendar=uk,
                    start=dt.date(2026, 1, 1), freq="W")
    assert pv.period_starts.tolist()[:2] == [dt.date(2026, 1, 1), dt.date(2026, 1, 5)]
    assert pv["A"].tolist()[:2] == [100.0, 300.0]


def test_planning_periods() -> None:
    """Explicit planning periods of 2 and 3 working days (then the rest)."""
    cal = WorkCalendar()
    s = schedule(Network([Activity("A", 10)]))
    pv = time_phase(s, {"A": CostLine.non_labour(1000)}, calendar=cal,
                    start=dt.date(2026, 1, 5),
                    periods=[dt.date(2026, 1, 5), dt.date(2026, 1, 7), dt.date(2026, 1, 12)])
    assert pv.per_period.tolist() == [200.0, 300.0, 500.0]


def test_group_by_and_records_and_pickle() -> None:
    pv = time_phase(_sched(), {"A": CostLine.non_labour(10), "B": CostLine.non_labour(30)},
                    freq=5)
    names, arr = pv.by({"A": "WP1", "B": "WP1"})
    assert names == ("WP1",) and arr.sum() == 40.0
    assert {r["activity"] for r in pv.to_records()} == {"A", "B"}
    back = pickle.loads(pickle.dumps(pv))
    assert back == pv and not back.by_activity.flags.writeable
    assert isinstance(back, PlannedValue)


curves = st.one_of(
    st.sampled_from(["linear", "front_loaded", "back_loaded", "bell"]),
    st.lists(st.floats(0, 100), min_size=1, max_size=12).filter(lambda w: sum(w) > 0.01),
)


@given(
    st.lists(st.tuples(st.floats(0, 50), st.floats(0, 30), st.floats(0, 1e6), curves,
                       st.sampled_from(["spread", "start", "finish"])),
             min_size=1, max_size=20),
    st.one_of(st.integers(1, 15), st.sampled_from(["D", "W", "M"])),
)
def test_pv_sums_to_bac_for_every_curve(items: list, freq: object) -> None:
    """Planned value summed over all periods equals BAC, for every spread curve."""
    acts = [Activity(f"T{i}", d) for i, (_, d, *_rest) in enumerate(items)]
    s = schedule(Network(acts))
    starts = {f"T{i}": s0 for i, (s0, *_r) in enumerate(items)}
    finishes = {f"T{i}": s0 + d for i, (s0, d, *_r) in enumerate(items)}
    costs = {}
    for i, (_, _, amount, curve, accrual) in enumerate(items):
        if accrual == "spread":
            costs[f"T{i}"] = CostLine.non_labour(amount, curve=curve)
        else:
            costs[f"T{i}"] = CostLine.fixed(amount, at=accrual)
    pv = time_phase(s, costs, starts=starts, finishes=finishes, freq=freq,
                    calendar=WorkCalendar(), start=dt.date(2026, 3, 2))
    assert_allclose(pv.by_activity.sum(axis=1), [c.budget for c in costs.values()],
                     rtol=1e-12, atol=1e-6)
    assert (pv.by_activity >= -1e-6).all()


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_tiny_duration_spreads_without_overflow() -> None:
    """A line over a subnormal duration (Hypothesis drew one from ``floats(0, 30)``) is
    all spent in its first period, and its share is computed without an overflow (the
    ratio (t - start) / duration overflowed to inf before it was clipped to 1)."""
    s = schedule(Network([Activity("A", 5e-324), Activity("B", 3)]))
    pv = time_phase(s, {"A": CostLine.non_labour(100, curve="bell"),
                        "B": CostLine.non_labour(30)}, freq=1)
    assert pv["A"].tolist() == [100.0, 0.0, 0.0, 0.0]
    assert pv["B"].tolist() == [10.0, 10.0, 10.0, 0.0]


class TestErrors:
    def test_weights_not_summing_to_positive(self) -> None:
        with pytest.raises(ValidationError, match=r"spread curve 'flat0'.*sum to a positive"):
            SpreadCurve("flat0", (0, 0))
        with pytest.raises(ValidationError, match="spread curve 'custom'"):
            CostLine.non_labour(10, curve=[1, -2])

    def test_negative_budget(self) -> None:
        with pytest.raises(ValidationError, match="'budget' must be >= 0"):
            CostLine.non_labour(-5)
        with pytest.raises(ValidationError, match="'rate' must be >= 0"):
            CostLine.labour(-50, 10)

    def test_unknown_activity(self) -> None:
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            time_phase(_sched(), {"Z": CostLine.non_labour(5)}, freq=1)

    def test_not_a_cost_line(self) -> None:
        with pytest.raises(ValidationError, match="costs of activity 'A' must be a CostLine"):
            time_phase(_sched(), {"A": 5.0}, freq=1)  # type: ignore[dict-item]

    def test_named_freq_needs_calendar(self) -> None:
        with pytest.raises(ValidationError, match="needs the schedule's calendar and start"):
            time_phase(_sched(), {"A": CostLine.non_labour(5)}, freq="W")

    def test_finish_before_start(self) -> None:
        with pytest.raises(ValidationError, match="finish before they start"):
            time_phase(_sched(), {"A": CostLine.non_labour(5)}, finishes={"A": -1.0}, freq=1)

    def test_start_before_project_start(self) -> None:
        """Periods begin at t = 0: a line starting earlier lost that part of its budget
        (PV summed to 66.7 of a BAC of 100), so the start is refused by name."""
        with pytest.raises(ValidationError, match=r"project start.*'A' at -2\.\.4"):
            time_phase(_sched(), {"A": CostLine.non_labour(100)}, starts={"A": -2.0}, freq=1)
        # an activity without costs may start anywhere: it has no planned value
        pv = time_phase(_sched(), {"B": CostLine.non_labour(6)}, starts={"A": -2.0}, freq=1)
        assert pv.total == 6.0

    @pytest.mark.parametrize("finish", [1e12, 1e300])
    def test_too_many_periods(self, finish: float) -> None:
        """A finish far out needs more periods than memory holds: a ValidationError
        before allocating (was numpy's ValueError or a MemoryError)."""
        with pytest.raises(ValidationError, match=r"period boundaries.*would need"):
            time_phase(_sched(), {"A": CostLine.non_labour(5)}, finishes={"A": finish}, freq=1)


@pytest.mark.parametrize("freq", ["D", "W", "M"])
def test_calendar_periods_past_the_last_date_refused_fuzz4(freq: str) -> None:
    """A start whose last finish is 9999-12-31 overflowed (raw OverflowError) building the
    periods' exclusive end: refused naming 'start'."""
    sched = schedule(Network([Activity("A0", 1)]))
    with pytest.raises(ValidationError, match="'start' 9999-12-30 puts the last finish on "
                                              "9999-12-31"):
        time_phase(sched, {"A0": CostLine(kind="labour", budget=0.0, rate=1.0)},
                   calendar=WorkCalendar(), start=dt.date(9999, 12, 30), freq=freq)

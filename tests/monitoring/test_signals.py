"""Tests of the early-warning signals."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable

import attrs
import numpy as np
import pytest

from pmokit import monitoring as mon
from pmokit.calendar import WorkCalendar
from pmokit.errors import PmokitError, ValidationError
from pmokit.monitoring import (
    MilestoneTrend,
    Signals,
    earned_value,
    evm_signals,
    float_erosion_signals,
    float_snapshots,
    milestone_slippage_signals,
    milestone_snapshots,
    milestone_trend,
    risk_exposure_signals,
)
from tests.monitoring._helpers import BAD

D = dt.date


class TestEvmSignals:
    """CPI, SPI(t), TCPI and CPI stability."""

    def test_healthy_project_is_silent(self) -> None:
        """A project on plan raises nothing."""
        r = earned_value([100, 200, 300, 400], [100, 200], [100, 200])
        assert len(evm_signals(r)) == 0

    def test_thresholds_and_periods(self) -> None:
        """CPI 0.93 is amber (below 0.95), SPI(t) 0.7 red; periods are the trailing run."""
        r = earned_value([100, 200, 300, 400], [100, 150, 210], [95, 160, 226])
        s = evm_signals(r, project="Alpha")
        by = {x.kind: x for x in s}
        cpi = by["cpi_below"]
        assert cpi.severity == "amber" and cpi.threshold == 0.95
        assert cpi.periods == (2, 3)  # period 1 CPI = 100 / 95 > 0.95
        np.testing.assert_allclose(cpi.evidence, [150 / 160, 210 / 226])
        spi = by["spi_t_below"]
        assert spi.severity == "red" and spi.project == "Alpha"
        np.testing.assert_allclose(spi.evidence[-1], 2.1 / 3)
        assert s[0].severity == "red"  # red first

    def test_tcpi_above_110_is_red(self) -> None:
        """TCPI above 1.10: recovery unlikely; between 1.05 and 1.10: amber."""
        red = evm_signals(earned_value([500, 1000], [400], [500]))
        t = next(x for x in red if x.kind == "tcpi_above")
        assert t.severity == "red" and t.evidence == (600 / 500,)
        assert "recovery to budget is unlikely" in t.message
        amber = evm_signals(earned_value([500, 1000], [500], [530]))  # 500 / 470
        t = next(x for x in amber if x.kind == "tcpi_above")
        assert t.severity == "amber" and t.threshold == 1.05

    def test_budget_spent_tcpi_infinite(self) -> None:
        """AC >= BAC with work left: TCPI is infinite, red."""
        s = evm_signals(earned_value([500, 1000], [300, 900], [600, 1000]))
        t = next(x for x in s if x.kind == "tcpi_above")
        assert t.severity == "red" and "already spent" in t.message

    def test_cpi_instability_after_20_percent(self) -> None:
        """Cumulative CPI moving more than 10 % after 20 % complete is flagged."""
        plan = [100, 200, 300, 400, 500]
        stable = earned_value(plan, [100, 200, 300], [100, 210, 320])
        assert "cpi_unstable" not in evm_signals(stable).kinds()
        # 20 % complete at period 1 with CPI 1.0; CPI then falls to 0.8 (20 % change)
        moving = earned_value(plan, [100, 200, 300], [100, 210, 375])
        s = next(x for x in evm_signals(moving) if x.kind == "cpi_unstable")
        assert s.periods == (1, 3) and s.evidence == (1.0, 0.8)
        assert s.severity == "amber"
        # before 20 % complete nothing is expected to be stable
        early = earned_value([1000, 2000], [100, 150], [100, 250])
        assert "cpi_unstable" not in evm_signals(early).kinds()

    def test_bad_thresholds(self) -> None:
        """Pairs in the wrong order and non-EarnedValue input are refused."""
        r = earned_value([100], [50], [50])
        with pytest.raises(ValidationError, match="'cpi' red threshold must be <= the amber"):
            evm_signals(r, cpi=(0.8, 0.9))
        with pytest.raises(ValidationError, match="'tcpi' red threshold must be >= the amber"):
            evm_signals(r, tcpi=(1.2, 1.1))
        with pytest.raises(ValidationError, match="'spi_t' must be a pair"):
            evm_signals(r, spi_t=0.9)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'ev' must be an EarnedValue"):
            evm_signals({"cpi": 0.5})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"'cpi_stability' must be > 0\.0"):
            evm_signals(r, cpi_stability=0)


class TestFloatErosion:
    """Total float across schedule snapshots."""

    SNAPS = (
        {"A": 10.0, "B": 3.0, "C": 8.0},
        {"A": 7.0, "B": 3.0, "C": 8.0, "D": 2.0},
        {"A": 4.0, "B": -1.0, "C": 6.0, "D": 2.0},
    )

    def test_erosion_and_negative(self) -> None:
        """A lost 6 days (amber), B went negative (red), C lost 2 (quiet)."""
        s = float_erosion_signals(self.SNAPS, project="X")
        assert [(x.item, x.kind, x.severity) for x in s] == [
            ("B", "negative_float", "red"), ("A", "float_erosion", "amber")]
        a = s[1]
        assert a.periods == (2, 3) and a.evidence == (10.0, 7.0, 4.0)
        assert "reaches zero in about 1.3 snapshot(s)" in a.message
        assert s[0].periods == (3,)

    def test_threshold_and_items(self) -> None:
        """A lower threshold catches C; items limits the watch list."""
        s = float_erosion_signals(self.SNAPS, erosion=2.0, items=["C"])
        assert [x.item for x in s] == ["C"]

    def test_from_schedules(self) -> None:
        """float_snapshots reads objects with ids and total_float."""

        @attrs.frozen
        class Sched:
            ids: tuple[str, ...]
            total_float: np.ndarray

        snaps = float_snapshots([Sched(("A", "B"), np.array([5.0, 0.0])),
                                 Sched(("A", "B"), np.array([-1.0, 0.0]))])
        assert snaps == [{"A": 5.0, "B": 0.0}, {"A": -1.0, "B": 0.0}]
        assert float_erosion_signals(snaps)[0].item == "A"
        with pytest.raises(ValidationError, match="schedule 1 must have 'ids'"):
            float_snapshots([object()])
        with pytest.raises(ValidationError, match="schedule 1 has 2 ids but 1 float values"):
            float_snapshots([Sched(("A", "B"), np.array([1.0]))])

    def test_real_schedule(self) -> None:
        """Works on pmokit.scheduling.Schedule objects."""
        import pmokit.scheduling as sch
        net = sch.Network([sch.Activity("A", 3), sch.Activity("B", 2), sch.Activity("C", 1)],
                          [sch.Dependency("A", "C"), sch.Dependency("B", "C")])
        snaps = float_snapshots([sch.schedule(net)])
        assert snaps[0]["B"] == 1.0 and snaps[0]["A"] == 0.0

    def test_milestone_snapshots_from_schedules(self) -> None:
        """milestone_snapshots turns schedule finish offsets into dates; bad objects named."""

        @attrs.frozen
        class Sched:
            ids: tuple[str, ...]
            early_finish: np.ndarray

        snaps = milestone_snapshots(
            [Sched(("A", "M"), np.array([3.0, 3.0])), Sched(("A", "M"), np.array([4.0, 6.0]))],
            ["M", "X"], calendar=WorkCalendar(), start=D(2026, 11, 2))
        assert snaps == [{"M": D(2026, 11, 4)}, {"M": D(2026, 11, 9)}]
        t = milestone_trend(snaps, calendar=WorkCalendar())
        assert t.slip.tolist() == [[0.0, 3.0]]
        with pytest.raises(ValidationError, match="schedule 1 must have 'ids' and 'early_finish'"):
            milestone_snapshots([object()], ["M"], calendar=WorkCalendar(), start=D(2026, 1, 1))

    def test_bad_snapshots(self) -> None:
        """Non-numeric floats are named with id and snapshot; mappings required."""
        with pytest.raises(ValidationError, match="total float of 'A' in snapshot 2"):
            float_erosion_signals([{"A": 1.0}, {"A": float("nan")}])
        with pytest.raises(ValidationError, match="snapshot 1 must be a mapping"):
            float_erosion_signals([[1.0]])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match=r"'erosion' must be >= 0\.0"):
            float_erosion_signals([], erosion=-1)


class TestMilestones:
    """Milestone trend analysis and slippage."""

    SNAPS = (
        {"Design": D(2026, 3, 2), "Go-live": D(2026, 9, 1)},
        {"Design": D(2026, 3, 2), "Go-live": D(2026, 9, 4)},
        {"Design": D(2026, 3, 9), "Go-live": D(2026, 9, 8)},
        {"Go-live": D(2026, 9, 10)},
    )

    def test_trend(self) -> None:
        """Slips against the first forecast, nan where a milestone is not reported."""
        t = milestone_trend(self.SNAPS, labels=["Jan", "Feb", "Mar", "Apr"])
        assert t.milestones == ("Design", "Go-live")
        np.testing.assert_array_equal(t.slip[1], [0, 3, 7, 9])
        assert np.isnan(t.slip[0, 3]) and t.slip[0, 2] == 7
        assert t.forecast[0][3] is None
        assert len(t.to_records()) == 8 and t.unit == "calendar days"

    def test_working_days(self) -> None:
        """With a calendar, slips count working days."""
        t = milestone_trend(self.SNAPS, calendar=WorkCalendar())
        np.testing.assert_array_equal(t.slip[1], [0, 3, 5, 7])
        assert t.unit == "working days"

    def test_signals(self) -> None:
        """Go-live slipped in 3 successive reports: red; Design slipped once: amber."""
        s = milestone_slippage_signals(self.SNAPS, project="X")
        assert [(x.item, x.severity) for x in s] == [("Go-live", "red"), ("Design", "amber")]
        assert s[0].periods == (2, 3, 4) and s[0].evidence == (0.0, 3.0, 7.0, 9.0)
        assert "slipping in each of the last 3 reports" in s[0].message
        big = milestone_slippage_signals(self.SNAPS, red_after=5, consecutive=5)
        assert [(x.item, x.severity) for x in big] == [("Design", "red"), ("Go-live", "red")]
        quiet = milestone_slippage_signals(self.SNAPS, amber_after=10, red_after=20)
        assert len(quiet) == 0
        trend = milestone_trend(self.SNAPS)
        assert isinstance(trend, MilestoneTrend)
        assert len(milestone_slippage_signals(trend)) == 2

    def test_bad_input(self) -> None:
        """Non-dates are named with milestone and snapshot; thresholds checked."""
        with pytest.raises(ValidationError, match="forecast of milestone 'M' in snapshot 2"):
            milestone_trend([{"M": D(2026, 1, 1)}, {"M": "2026-02-01"}])
        with pytest.raises(ValidationError, match="'labels' must name every snapshot"):
            milestone_trend([{"M": D(2026, 1, 1)}], labels=["a", "b"])
        with pytest.raises(ValidationError, match="'red_after' must be >= 'amber_after'"):
            milestone_slippage_signals([], amber_after=5, red_after=1)
        with pytest.raises(ValidationError, match="'consecutive' must be an integer >= 2"):
            milestone_slippage_signals([], consecutive=1)


class TestRiskExposure:
    """Growing risk exposure."""

    def test_growth(self) -> None:
        """Growth above 10 % is amber; rising in each of the last 3 reports is red."""
        assert len(risk_exposure_signals([100, 105, 108])) == 0
        s = risk_exposure_signals([100, 130, 120, 125], project="X")
        assert s[0].severity == "amber" and s[0].periods == (2, 4)
        s = risk_exposure_signals([100, 120, 150, 190])
        assert s[0].severity == "red" and s[0].evidence == (100, 120, 150, 190)
        assert risk_exposure_signals([0, 10])[0].message.startswith("risk exposure grew from zero")
        assert len(risk_exposure_signals([5])) == 0

    def test_bad_input(self) -> None:
        """Negative or NaN exposures are named with their report."""
        with pytest.raises(ValidationError, match=r"'exposure at report 2' must be >= 0\.0"):
            risk_exposure_signals([1, -1])
        with pytest.raises(ValidationError, match="'exposure at report 1' must be a finite"):
            risk_exposure_signals([float("nan")])
        with pytest.raises(ValidationError, match="'exposure' must be 1-dimensional"):
            risk_exposure_signals([[1, 2]])


class TestSignalsCollection:
    """Signals combine, filter and serialise."""

    def test_combine(self) -> None:
        """Adding collections re-sorts red first; filtering by project; records."""
        a = risk_exposure_signals([100, 130], project="A")
        b = float_erosion_signals([{"X": 1.0}, {"X": -2.0}], project="B")
        both = a + b
        assert isinstance(both, Signals)
        assert [s.project for s in both] == ["B", "A"]
        assert len(both.for_project("A")) == 1
        assert both.to_records()[0]["kind"] == "negative_float"


class TestRemainingErrorPaths:
    """The error paths a coverage run of the review found untested."""

    def test_non_finite_threshold_pair(self) -> None:
        """An infinite threshold is named."""
        ev = earned_value([100, 200], [50], [60])
        with pytest.raises(ValidationError, match=r"'tcpi' must hold finite numbers"):
            evm_signals(ev, tcpi=(float("inf"), 1.2))

    def test_snapshot_not_a_mapping(self) -> None:
        """A milestone snapshot must map milestones to dates."""
        with pytest.raises(ValidationError, match=r"snapshot 1 must be a mapping of milestone "
                           r"-> date \(got a int\)"):
            milestone_trend([5])  # type: ignore[list-item]

    def test_exposure_options(self) -> None:
        """consecutive >= 1 and numeric exposure."""
        with pytest.raises(ValidationError, match=r"'consecutive' must be an integer >= 1"):
            risk_exposure_signals([1.0, 2.0], consecutive=0)
        with pytest.raises(ValidationError, match=r"'exposure' must be a sequence of numbers"):
            risk_exposure_signals(["a"])


class TestIssue14:
    """Issue 14: forbidden ids and numbers refused by name; the trend round-trips equal."""

    def test_unknown_and_bad_items_refused(self) -> None:
        """`items` naming an id no snapshot has was silently ignored."""
        from pmokit.errors import DuplicateError, UnknownReferenceError

        snaps = [{"A": 10, "B": 3}, {"A": 7, "B": 3}]
        with pytest.raises(UnknownReferenceError, match="'items' names the unknown id 'ZZZ'"):
            float_erosion_signals(snaps, items=["A", "ZZZ"])
        with pytest.raises(DuplicateError, match="'items' must be unique"):
            float_erosion_signals(snaps, items=["A", "A"])
        with pytest.raises(ValidationError, match="'items' must be a sequence of ids"):
            float_erosion_signals(snaps, items="A")
        with pytest.raises(ValidationError, match="non-empty id"):
            float_erosion_signals([{"": 3.0}])
        with pytest.raises(ValidationError, match="non-empty id"):
            milestone_trend([{"": dt.date(2026, 1, 1)}])

    def test_exposure_of_other_kinds_refused(self) -> None:
        """datetime64 became day counts, complex lost its imaginary part, True became 1."""
        for bad, what in ((np.array(["2026-01-01"], dtype="datetime64[D]"), "datetime64"),
                          (np.array([1 + 2j, 3]), "complex"), ([True, False], "booleans")):
            with pytest.raises(ValidationError, match=f"'exposure'.*{what}"):
                risk_exposure_signals(bad)

    def test_milestones_checked(self) -> None:
        """Duplicate milestones and a calendar of the wrong type are refused by name."""
        from pmokit.errors import DuplicateError

        with pytest.raises(DuplicateError, match="'milestones' must be unique"):
            milestone_snapshots([], ["M", "M"], calendar=WorkCalendar(), start=dt.date(2026, 1, 5))
        with pytest.raises(ValidationError, match="'calendar' must be a WorkCalendar"):
            milestone_snapshots([], ["M"], calendar=None, start=dt.date(2026, 1, 5))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'calendar' must be a WorkCalendar"):
            milestone_trend([{"M": dt.date(2026, 1, 5)}], calendar="5d")  # type: ignore[arg-type]

    def test_trend_round_trips_equal(self) -> None:
        """MilestoneTrend (NaN slips included) pickles and deep-copies equal, read-only."""
        import copy
        import pickle

        t = milestone_trend([{"M1": dt.date(2026, 6, 1)},
                             {"M1": dt.date(2026, 6, 15), "M2": dt.date(2026, 7, 1)}])
        back = pickle.loads(pickle.dumps(t, 4))
        assert back == t and copy.deepcopy(t) == t and not back.slip.flags.writeable
        s = risk_exposure_signals([100, 120, 150, 190], project="X")
        assert pickle.loads(pickle.dumps(s)) == s




EV = mon.earned_value([100, 200, 300], [90], [95])


MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "evm_sig": lambda x: mon.evm_signals(x),
    "evm_sig_cpi": lambda x: mon.evm_signals(EV, cpi=x),
    "float_sig": lambda x: mon.float_erosion_signals(x),
    "float_sig2": lambda x: mon.float_erosion_signals([x]),
    "float_items": lambda x: mon.float_erosion_signals([{"A": 1}], items=x),
    "mtrend": lambda x: mon.milestone_trend(x),
    "mtrend2": lambda x: mon.milestone_trend([x]),
    "mslip": lambda x: mon.milestone_slippage_signals([{"M": dt.date(2026,1,1)}], consecutive=x),
    "rexp": lambda x: mon.risk_exposure_signals(x),
    "fsnap": lambda x: mon.float_snapshots(x),
    "msnap": lambda x: mon.milestone_snapshots(
        [], x, calendar=WorkCalendar(), start=dt.date(2026, 1, 5)  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("name", sorted(MISUSE_CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                MISUSE_CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes

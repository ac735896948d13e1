"""Tests of the flow metrics: cycle times, aging WIP, throughput trend and history."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmokit.agile import (
    CycleTimes,
    aging_wip,
    cycle_times,
    throughput_history,
    throughput_trend,
)
from pmokit.calendar import WorkCalendar
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

D = dt.date


class TestCycleTimes:
    """Cycle times from dates and their percentiles."""

    def test_inclusive_days(self) -> None:
        """Same-day items take 1 day; working days skip the weekend."""
        ct = cycle_times([D(2026, 6, 5), D(2026, 6, 5)], [D(2026, 6, 5), D(2026, 6, 8)],
                         ids=["a", "b"])
        assert ct.days.tolist() == [1.0, 4.0]
        wd = cycle_times([D(2026, 6, 5)], [D(2026, 6, 8)], calendar=WorkCalendar())
        assert wd.days.tolist() == [2.0] and wd.unit == "working days"

    def test_percentile_order_statistic(self) -> None:
        """P85 of 1..20 is 17: 85% of items finished within 17 days."""
        ct = CycleTimes(ids=tuple(range(20)), days=np.arange(1.0, 21.0))
        assert ct.percentile(85) == 17.0
        assert ct.percentile([50, 95]).tolist() == [10.0, 19.0]
        assert ct.quantile(0.85) == 17.0

    @given(st.lists(st.integers(1, 60), min_size=1, max_size=50), st.floats(1, 100))
    def test_percentile_invariant(self, days: list[int], p: float) -> None:
        """At least p% of items are within P(p), fewer are within any smaller value."""
        ct = CycleTimes(ids=tuple(range(len(days))), days=np.array(days, dtype=float))
        v = ct.percentile(p, check_units=False)
        arr = np.array(days)
        assert np.mean(arr <= v) >= p / 100 - 1e-12
        assert np.mean(arr < v) < p / 100

    def test_by_label(self) -> None:
        """Indexed by item id."""
        ct = cycle_times([D(2026, 6, 1)], [D(2026, 6, 3)], ids=["X-9"])
        assert ct["X-9"] == 3.0
        with pytest.raises(UnknownReferenceError):
            ct["X-1"]

    def test_errors(self) -> None:
        """Finish before start, lengths, duplicates, non-dates, empty."""
        with pytest.raises(ValidationError, match="before it started"):
            cycle_times([D(2026, 6, 3)], [D(2026, 6, 1)])
        with pytest.raises(ValidationError, match="one date per item"):
            cycle_times([D(2026, 6, 3)], [])
        with pytest.raises(DuplicateError):
            cycle_times([D(2026, 6, 1)] * 2, [D(2026, 6, 2)] * 2, ids=["a", "a"])
        with pytest.raises(ValidationError, match=r"datetime\.date"):
            cycle_times(["2026-06-01"], [D(2026, 6, 2)])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="empty"):
            cycle_times([], [])

    def test_pickle(self) -> None:
        """Pickle round trip is equal and read-only."""
        ct = cycle_times([D(2026, 6, 1)], [D(2026, 6, 3)])
        back = pickle.loads(pickle.dumps(ct))
        assert back == ct
        with pytest.raises(ValueError):
            back.days[0] = 0


class TestAgingWip:
    """Work-item age against the cycle-time percentiles."""

    ct = CycleTimes(ids=tuple(range(20)), days=np.arange(1.0, 21.0))

    def test_levels(self) -> None:
        """Ages place items between the percentiles (P50 10, P70 14, P85 17, P95 19)."""
        status = D(2026, 6, 30)
        started = [status - dt.timedelta(days=a - 1) for a in (5, 12, 17, 18, 25)]
        w = aging_wip(started, status, self.ct, ids=list("abcde"))
        assert w.age.tolist() == [5, 12, 17, 18, 25]
        assert w.thresholds.tolist() == [10, 14, 17, 19]
        assert w.level.tolist() == [0, 1, 2, 3, 4]
        assert w.older_than(85) == ("d", "e")
        assert w["e"]["passed"] == 95.0 and w["a"]["passed"] is None

    def test_unit_mismatch(self) -> None:
        """Ages in working days against calendar-day cycle times are refused."""
        with pytest.raises(ValidationError, match="calendar"):
            aging_wip([D(2026, 6, 1)], D(2026, 6, 30), self.ct, calendar=WorkCalendar())

    def test_started_after_status(self) -> None:
        """An item that starts after the status date."""
        with pytest.raises(ValidationError, match="before it started"):
            aging_wip([D(2026, 7, 1)], D(2026, 6, 30), self.ct)

    @pytest.mark.parametrize("bad", [None, 5, "2026-06-01"])
    def test_started_not_a_sequence(self, bad: object) -> None:
        """started=None raised a raw TypeError (len of None); it is refused by name (fuzz4)."""
        with pytest.raises(ValidationError, match="'started' must be a sequence of dates"):
            aging_wip(bad, D(2026, 6, 30), self.ct)  # type: ignore[arg-type]


class TestTrend:
    """Least-squares throughput trend."""

    def test_slope(self) -> None:
        """The slope equals numpy's polyfit; change is slope (w - 1) / mean."""
        y = [6, 5, 6, 4, 4, 3, 5, 2]
        t = throughput_trend(y, window=6)
        slope = np.polyfit(np.arange(6), y[-6:], 1)[0]
        assert t.slope == pytest.approx(slope)
        assert t.change == pytest.approx(slope * 5 / np.mean(y[-6:]))

    def test_flat(self) -> None:
        """A constant throughput has no trend."""
        assert throughput_trend([4, 4, 4, 4]).change == 0.0

    def test_errors(self) -> None:
        """Too few periods, a bad window."""
        with pytest.raises(ValidationError, match="at least 3"):
            throughput_trend([1, 2], window=None)
        with pytest.raises(ValidationError, match="'window'"):
            throughput_trend([1, 2, 3], window=2)


class TestThroughputHistory:
    """Counts per period from finish dates, zeros included."""

    def test_weeks(self) -> None:
        """Weeks from start; an empty week counts 0."""
        h = throughput_history([D(2026, 6, 2), D(2026, 6, 4), D(2026, 6, 18)],
                               start=D(2026, 6, 1), end=D(2026, 6, 21))
        assert h.tolist() == [2, 0, 1]

    def test_days(self) -> None:
        """Working days; Saturday counts on Monday."""
        h = throughput_history([D(2026, 6, 5), D(2026, 6, 6), D(2026, 6, 8)],
                               start=D(2026, 6, 4), end=D(2026, 6, 8), period="D")
        assert h.tolist() == [0, 1, 2]

    def test_outside(self) -> None:
        """A finish date outside the history is named."""
        with pytest.raises(ValidationError, match="outside"):
            throughput_history([D(2026, 5, 1)], start=D(2026, 6, 1), end=D(2026, 6, 7))


@pytest.mark.parametrize("bad", [None, 5, "2026-06-01"])
def test_history_finished_not_a_sequence_fuzz4(bad: object) -> None:
    """throughput_history(finished=None) raised a raw TypeError; refused by name (fuzz4)."""
    with pytest.raises(ValidationError, match="'finished' must be a sequence of dates"):
        throughput_history(bad, start=D(2026, 6, 1), end=D(2026, 6, 30))  # type: ignore[arg-type]

"""Tests of overload (burnout) signals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pmokit.capacity import Demand, Person, allocate, overload_signals
from pmokit.errors import DuplicateError, ValidationError
from tests._hypothesis import examples
from tests._requires import requires_pandas


def brute_runs(util: np.ndarray, threshold: float, min_periods: int) -> set[tuple[int, int, int]]:
    out = set()
    for i, row in enumerate(util):
        t = 0
        while t < len(row):
            if row[t] > threshold:
                s = t
                while t < len(row) and row[t] > threshold:
                    t += 1
                if t - s >= min_periods:
                    out.add((i, s, t - s))
            else:
                t += 1
    return out


class TestOverloadSignals:
    """Runs of consecutive overloaded periods."""

    def test_by_hand(self) -> None:
        """ana over 100 % in weeks 1-3 (ongoing in a team sense), team over in weeks 1-3."""
        s = overload_signals(
            [[40, 44, 46, 42, 20], [30, 40, 40, 42, 44]],
            [[40, 40, 40, 40, 40], [40, 40, 40, 40, 40]],
            people=["ana", "bob"],
            teams=["data", "data"],
            periods=["w1", "w2", "w3", "w4", "w5"],
            threshold=1.0,
            min_periods=2,
        )
        got = [(r.who, r.kind, r.start, r.end, r.length, r.ongoing) for r in s.runs]
        assert got == [
            ("ana", "person", "w2", "w4", 3, False),
            ("bob", "person", "w4", "w5", 2, True),
            ("data", "team", "w2", "w4", 3, False),
        ]
        assert s.runs[0].peak_utilisation == pytest.approx(1.15)
        assert s.runs[0].mean_utilisation == pytest.approx((1.1 + 1.15 + 1.05) / 3)
        np.testing.assert_allclose(
            s.team_utilisation[0], [70 / 80, 84 / 80, 86 / 80, 84 / 80, 64 / 80]
        )
        assert s.people == ("ana", "bob")

    @requires_pandas
    def test_to_frame(self) -> None:
        """One row per run."""
        s = overload_signals(
            [[40, 44, 46, 42, 20], [30, 40, 40, 42, 44]],
            [[40, 40, 40, 40, 40], [40, 40, 40, 40, 40]],
            people=["ana", "bob"],
            teams=["data", "data"],
            periods=["w1", "w2", "w3", "w4", "w5"],
            threshold=1.0,
            min_periods=2,
        )
        assert len(s.to_frame()) == 3

    @settings(max_examples=examples(60), deadline=None)
    @given(
        arrays(
            np.float64, st.tuples(st.integers(1, 4), st.integers(1, 12)), elements=st.floats(0, 2)
        ),
        st.floats(0.1, 1.5),
        st.integers(1, 4),
    )
    def test_matches_brute_force(self, util: np.ndarray, threshold: float, k: int) -> None:
        """The vectorised run finder equals a loop over every person and period."""
        s = overload_signals(
            util,
            np.ones_like(util),
            people=list(range(util.shape[0])),
            threshold=threshold,
            min_periods=k,
        )
        got = {(r.who, r.start_index, r.length) for r in s.runs}
        assert got == brute_runs(util, threshold, k)

    def test_from_allocation(self) -> None:
        """An allocation never overloads beyond its utilisation cap."""
        people = [Person("a", ["x"], max_utilisation=0.85)]
        a = allocate(people, [Demand("p", "x", [50.0] * 4)], periods=4)
        s = overload_signals(a.allocated, a.availability, people=a.people, threshold=0.85)
        assert s.runs == ()
        s = overload_signals(a.allocated, a.availability, people=a.people, threshold=0.8)
        assert s.runs[0].length == 4 and s.runs[0].ongoing

    def test_booked_without_availability_is_infinite(self) -> None:
        """Hours booked in a period with no availability count as infinite load."""
        s = overload_signals([[5.0]], [[0.0]], people=["a"], min_periods=1)
        assert s.utilisation[0, 0] == np.inf
        assert s.runs[0].length == 1

    def test_errors(self) -> None:
        """Shapes, labels, teams, negative hours and options are checked."""
        with pytest.raises(ValidationError) as e:
            overload_signals([[1, 2]], [[1, 2, 3]], people=["a", "b"], teams=["t"], periods=["x"])
        assert len(e.value.problems) == 4
        with pytest.raises(ValidationError, match=r"team of person 'a' must be hashable"):
            overload_signals([[1.0]], [[1.0]], people=["a"], teams=[["t"]])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match=r"'hours' must be >= 0\.0, but at a"):
            overload_signals([[-1.0]], [[1.0]], people=["a"])
        with pytest.raises(ValidationError) as e:
            overload_signals([[1.0]], [[1.0]], people=["a"], threshold=0, min_periods=0)
        assert len(e.value.problems) == 2


class TestSignalSlips:
    """Repeated people and a threshold given as a percent are refused."""

    def test_duplicate_people(self) -> None:
        """Two rows for one person were reported as two people."""
        with pytest.raises(DuplicateError, match="'ana'"):
            overload_signals([[1.0], [2.0]], [[1.0], [1.0]], people=["ana", "ana"])

    def test_threshold_as_a_percent(self) -> None:
        """threshold=90 (for 0.9) flagged nobody; it is named as a probable percent."""
        with pytest.raises(ValidationError, match=r"'threshold' is 90.*did you give a percent"):
            overload_signals([[50.0]], [[40.0]], people=["ana"], threshold=90)
        s = overload_signals([[500.0]], [[40.0]], people=["ana"], threshold=9,
                             min_periods=1, check_units=False)
        assert s.people == ("ana",)

    def test_empty_ids(self) -> None:
        """Empty person and team ids are refused."""
        with pytest.raises(ValidationError, match=r"'people\[0\]'"):
            overload_signals([[1.0]], [[1.0]], people=[""])
        with pytest.raises(ValidationError, match="team of person 'a'"):
            overload_signals([[1.0]], [[1.0]], people=["a"], teams=[""])

"""Tests of the vectorised three-point estimates (pert_array, triangular_array)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.estimation import pert, pert_array, sum_estimates, triangular, triangular_array


@st.composite
def items(draw: st.DrawFn) -> tuple[list[float], list[float], list[float]]:
    n = draw(st.integers(1, 12))
    lows, modes, highs = [], [], []
    for _ in range(n):
        a = draw(st.floats(-100, 100))
        w = draw(st.sampled_from([0.0, draw(st.floats(0.01, 100))]))
        t = draw(st.floats(0, 1))
        lows.append(a)
        modes.append(a + t * w)
        highs.append(a + w)
    return lows, modes, highs


class TestPertArray:
    @settings(max_examples=40, deadline=None)
    @given(items(), st.floats(0.5, 8.0))
    def test_equals_scalar_pert(
        self, pts: tuple[list[float], list[float], list[float]], lam: float
    ) -> None:
        """Each item's mean, variance and P80 equal the scalar pert()."""
        lows, modes, highs = pts
        arr = pert_array(lows, modes, highs, lam=lam)
        singles = [pert(a, m, b, lam=lam) for a, m, b in zip(lows, modes, highs, strict=True)]
        assert_allclose(arr.mean, [s.mean for s in singles], rtol=1e-12, atol=1e-12)
        assert_allclose(arr.variance, [s.variance for s in singles], rtol=1e-9, atol=1e-9)
        assert_allclose(
            arr.quantile(0.8), [s.quantile(0.8) for s in singles], rtol=1e-9, atol=1e-9
        )

    @settings(max_examples=40, deadline=None)
    @given(items())
    def test_triangular_equals_scalar(
        self, pts: tuple[list[float], list[float], list[float]]
    ) -> None:
        """Each item's moments and median equal the scalar triangular()."""
        lows, modes, highs = pts
        arr = triangular_array(lows, modes, highs)
        singles = [triangular(a, m, b) for a, m, b in zip(lows, modes, highs, strict=True)]
        assert_allclose(arr.mean, [s.mean for s in singles], rtol=1e-12, atol=1e-12)
        assert_allclose(arr.variance, [s.variance for s in singles], rtol=1e-9, atol=1e-9)
        assert_allclose(
            arr.quantile(0.5), [s.quantile(0.5) for s in singles], rtol=1e-9, atol=1e-9
        )

    def test_total_equals_sum_estimates(self) -> None:
        """The normal total equals sum_estimates over the scalar items."""
        lows, modes, highs = [1, 2, 5, 0], [2, 2, 9, 1], [6, 3, 20, 1]
        arr = pert_array(lows, modes, highs)
        ref = sum_estimates([pert(*t) for t in zip(lows, modes, highs, strict=True)])
        tot = arr.total()
        assert_allclose([tot.mean, tot.variance], [ref.mean, ref.variance])
        assert_allclose(tot.values, ref.values)

    @pytest.mark.parametrize("maker", [pert_array, triangular_array])
    def test_monte_carlo_total(self, maker: object) -> None:
        """Simulated totals match the exact moments, seeded, with degenerate items."""
        lows, modes, highs = np.array([1.0, 2, 5, 4]), np.array([2.0, 2, 9, 4]), [6, 3, 20, 4]
        arr = maker(lows, modes, highs)  # type: ignore[operator]
        mc = arr.total(method="monte_carlo", iterations=60_000, rng=5)
        again = arr.total(method="monte_carlo", iterations=60_000, rng=5)
        assert np.array_equal(mc.values, again.values)
        exact = arr.total()
        assert abs(mc.mean - exact.mean) < 4 * exact.std / np.sqrt(60_000)
        assert_allclose(mc.variance, exact.variance, rtol=0.03)
        draws = arr.sample(1000, rng=1)
        assert draws.shape == (1000, 4) and np.all(draws[:, 3] == 4.0)
        assert np.all((draws >= lows) & (draws <= np.asarray(highs)))

    def test_records_with_ids(self) -> None:
        """Records carry the ids."""
        arr = pert_array([1, 2], [2, 3], [3, 4], ids=["A", "B"])
        assert [r["id"] for r in arr.to_records()] == ["A", "B"]
        assert len(arr) == 2
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert list(arr.to_frame().index) == ["A", "B"]

    def test_classic_variance(self) -> None:
        """The shortcut only when asked."""
        arr = pert_array([0], [5], [10], variance="classic")
        assert_allclose(arr.variance, [(10 / 6) ** 2])

    def test_bad_items_named_together(self) -> None:
        """low > mode and mode > high of several items in one error, by id."""
        with pytest.raises(ValidationError) as info:
            pert_array([5, 1, 0], [4, 3, 1], [6, 2, 2], ids=["A", "B", "C"])
        msg = str(info.value)
        assert "'low' of item A must be <= 'mode'" in msg
        assert "'mode' of item B must be <= 'high'" in msg
        assert len(info.value.problems) == 2

    def test_nan_named(self) -> None:
        """NaN points named by id."""
        with pytest.raises(ValidationError, match="'mode' must hold finite numbers, but at B"):
            pert_array([1, 1], [2, float("nan")], [3, 3], ids=["A", "B"])

    def test_length_mismatch(self) -> None:
        """Arrays and ids must align."""
        with pytest.raises(ValidationError, match="'high' must have length 2"):
            pert_array([1, 1], [2, 2], [3])
        with pytest.raises(ValidationError, match="'ids' must name each of the 2 items"):
            triangular_array([1, 1], [2, 2], [3, 3], ids=["A"])

    def test_bad_lam(self) -> None:
        """lam must be > 0."""
        with pytest.raises(ValidationError, match="'lam' must be > 0"):
            pert_array([1], [2], [3], lam=0)


def test_monte_carlo_same_stream_as_scalar_items() -> None:
    """With the same seed the vectorised total draws exactly what sum_estimates draws."""
    lows, modes, highs = [1.0, 2, 5, 4], [2.0, 2, 9, 4], [6.0, 3, 20, 4]
    arr = pert_array(lows, modes, highs).total(method="monte_carlo", iterations=2000, rng=9)
    ref = sum_estimates(
        [pert(*t) for t in zip(lows, modes, highs, strict=True)],
        method="monte_carlo",
        iterations=2000,
        rng=9,
    )
    assert arr.samples is not None and ref.samples is not None
    assert_allclose(arr.samples, ref.samples, rtol=1e-12)

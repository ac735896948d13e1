"""Tests of when_done: exactness against a first-passage DP, reproducibility, errors."""

from __future__ import annotations

import datetime as dt
import math
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmokit.agile import WhenDoneForecast, when_done
from pmokit.calendar import WorkCalendar
from pmokit.errors import InfeasibleInputError, UnknownReferenceError, ValidationError
from tests._requires import requires_pandas
from tests.agile._exact import exact_periods_pmf

N_EXACT = 200_000


def _agrees(f: WhenDoneForecast, exact: dict[int, float]) -> None:
    """Monte Carlo agrees with the exact distribution within 4 standard errors: each
    period's frequency where the expected count is at least 10 (the normal approximation
    holds), the rare periods of each tail pooled into one cell, and the CDF at every
    period. Periods of probability zero never occur."""
    values, freq = f.distribution()
    got = dict(zip(values.tolist(), freq.tolist(), strict=True))
    assert set(got) <= {k for k, p in exact.items() if p > 0}
    assert math.isclose(sum(exact.values()), 1.0, abs_tol=1e-9)
    n = f.iterations

    def close(g: float, p: float, what: object) -> None:
        se = math.sqrt(p * (1 - p) / n)
        assert abs(g - p) <= 4 * se + 1e-12, (what, g, p, se)

    ks = sorted(exact)
    mode = max(ks, key=lambda k: exact[k])
    pools: dict[str, list[int]] = {"low": [], "high": []}
    for k in ks:
        if exact[k] * n >= 10:
            close(got.get(k, 0.0), exact[k], k)
        else:
            pools["low" if k < mode else "high"].append(k)
    for name, cell in pools.items():
        if cell:
            close(sum(got.get(k, 0.0) for k in cell), sum(exact[k] for k in cell), name)
    cum_got = cum_exact = 0.0
    for k in ks:
        cum_got += got.get(k, 0.0)
        cum_exact += exact[k]
        close(cum_got, min(cum_exact, 1.0), f"CDF at {k}")


class TestExactness:
    """Monte Carlo agrees with the exact distribution within 4 standard errors (200k)."""

    @pytest.mark.parametrize(
        ("history", "backlog"),
        [
            ([0, 1, 2, 3], 12),
            ([0, 0, 3], 12),
            ([1, 2, 3, 3, 0], 7),
            ([0, 1], 5),
            ([2, 0, 1, 3, 0, 0, 1], 1),
            ([3], 12),
        ],
    )
    def test_fixed_backlog(self, history: list[int], backlog: int) -> None:
        """A fixed backlog up to 12 from throughput values 0-3."""
        f = when_done(history, backlog, iterations=N_EXACT, rng=11)
        _agrees(f, exact_periods_pmf(history, [backlog]))

    @pytest.mark.parametrize(("history", "backlog"), [([0, 1, 2, 3], 150), ([0, 0, 3], 100)])
    def test_long_backlog_blocks(self, history: list[int], backlog: int) -> None:
        """Backlogs far beyond 16 periods' reach go through the exact block sums first."""
        f = when_done(history, backlog, iterations=N_EXACT, rng=18)
        _agrees(f, exact_periods_pmf(history, [backlog]))

    def test_guide_table(self) -> None:
        """The block sampler's guide table inverts the CDF exactly like searchsorted."""
        from pmokit.agile._engine import _block_sums

        blocks = _block_sums(np.array([0.0, 1, 5, 5, 9, 2]))
        assert blocks is not None
        u = np.random.default_rng(0).random(200_000)
        assert np.array_equal(blocks.draw(u), np.searchsorted(blocks.cdf, u, side="right"))

    def test_backlog_range(self) -> None:
        """A backlog range 3..12 drawn uniformly (whole items)."""
        f = when_done([0, 1, 3, 2, 1], (3, 12), iterations=N_EXACT, rng=12)
        _agrees(f, exact_periods_pmf([0, 1, 3, 2, 1], list(range(3, 13))))

    def test_zero_backlog(self) -> None:
        """Nothing to do: zero periods in every trial."""
        f = when_done([1, 2], 0, iterations=10, rng=1)
        assert f.periods.tolist() == [0] * 10

    def test_split(self) -> None:
        """A split factor 1.5 grows 8 items to 12."""
        f = when_done([0, 1, 2, 3], 8, split=1.5, iterations=N_EXACT, rng=13)
        _agrees(f, exact_periods_pmf([0, 1, 2, 3], [12]))

    def test_discovery_history(self) -> None:
        """Discovered items bootstrapped from their own history: a running sum that can
        fall, first passage computed exactly."""
        f = when_done([0, 1, 2, 3], 6, discovery=[0, 0, 1], iterations=N_EXACT, rng=14)
        _agrees(f, exact_periods_pmf([0, 1, 2, 3], [6], discovery=[0, 0, 1]))

    def test_capacity(self) -> None:
        """Capacity factors (half a team, then a week off) scale the first periods."""
        caps = [0.5, 0.0, 1.0, 0.5]
        f = when_done([0, 1, 2, 3], 9, capacity=caps, iterations=N_EXACT, rng=15)
        _agrees(f, exact_periods_pmf([0, 1, 2, 3], [9], factors=caps))

    def test_holiday_weeks(self) -> None:
        """With start and calendar, a week with 2 holidays does 3/5 of its throughput."""
        cal = WorkCalendar(holidays=[dt.date(2026, 7, 14), dt.date(2026, 7, 15)])
        f = when_done([0, 1, 2, 3], 10, start=dt.date(2026, 7, 6), calendar=cal,
                      iterations=N_EXACT, rng=16)
        _agrees(f, exact_periods_pmf([0, 1, 2, 3], [10], factors=[1.0, 0.6]))

    def test_streams(self) -> None:
        """Two independent streams: P(max <= k) is the product of the streams' CDFs."""
        f = when_done({"web": [0, 1, 2], "api": [1, 3]}, {"web": 6, "api": (4, 8)},
                      iterations=N_EXACT, rng=17)
        a = exact_periods_pmf([0, 1, 2], [6])
        b = exact_periods_pmf([1, 3], list(range(4, 9)))
        top = max(max(a), max(b))
        cdf_a = np.cumsum([a.get(k, 0.0) for k in range(top + 1)])
        cdf_b = np.cumsum([b.get(k, 0.0) for k in range(top + 1)])
        cdf = cdf_a * cdf_b
        exact = {k: float(cdf[k] - (cdf[k - 1] if k else 0.0)) for k in range(top + 1)}
        _agrees(f, {k: p for k, p in exact.items() if p > 0})
        _agrees(f["web"], a)


class TestReproducibility:
    """The same seed gives the same forecast bit for bit."""

    def test_same_seed(self) -> None:
        """Two runs with seed 5 are identical; seed 6 differs."""
        h = np.random.default_rng(0).integers(0, 9, 40)
        a = when_done(h, (150, 200), split=(1.0, 1.2), iterations=50_000, rng=5)
        b = when_done(h, (150, 200), split=(1.0, 1.2), iterations=50_000, rng=5)
        c = when_done(h, (150, 200), split=(1.0, 1.2), iterations=50_000, rng=6)
        assert np.array_equal(a.periods, b.periods) and np.array_equal(a.backlog, b.backlog)
        assert a == b
        assert not np.array_equal(a.periods, c.periods)

    def test_generator_advances(self) -> None:
        """A Generator passed in is used as is (its stream advances)."""
        g = np.random.default_rng(3)
        a = when_done([1, 2, 3], 30, iterations=100, rng=g)
        b = when_done([1, 2, 3], 30, iterations=100, rng=g)
        assert not np.array_equal(a.periods, b.periods)

    def test_chunks_continue(self) -> None:
        """Several chunks of trials, block sums and continued blocks: 300 items from a
        history of 0 and 1 take 600 periods on average (negative binomial, variance
        600), within 4 standard errors of the mean."""
        f = when_done([0, 1], 300, iterations=40_000, rng=2)
        assert abs(f.mean - 600) <= 4 * math.sqrt(600 / 40_000)

    @given(
        st.lists(st.integers(0, 6), min_size=1, max_size=12).filter(lambda h: max(h) > 0),
        st.integers(0, 400),
        st.integers(0, 2**32 - 1),
    )
    def test_bounds(self, history: list[int], backlog: int, seed: int) -> None:
        """No trial finishes faster than at the best week's pace, nor slower than at the
        worst week's when every week finishes something."""
        f = when_done(history, backlog, iterations=200, rng=seed)
        assert f.periods.min() >= math.ceil(backlog / max(history))
        if min(history) > 0:
            assert f.periods.max() <= math.ceil(backlog / min(history))


class TestResult:
    """The forecast result: percentiles, dates, records, pickling."""

    @pytest.fixture
    def f(self) -> WhenDoneForecast:
        return when_done([3, 0, 2, 5, 1, 4], (15, 25), iterations=5000, rng=7,
                         start=dt.date(2026, 7, 6))

    def test_percentile_definition(self, f: WhenDoneForecast) -> None:
        """P85 is the fewest periods within which at least 85% of trials finish."""
        k = f.percentile(85)
        assert np.mean(f.periods <= k) >= 0.85 > np.mean(f.periods <= k - 1)
        assert f.quantile(0.85) == k
        assert f.probability_within(k) >= 0.85

    def test_one_percentile(self, f: WhenDoneForecast) -> None:
        """Several percentiles at once point to percentiles()."""
        with pytest.raises(ValidationError, match="percentiles"):
            f.percentile([50, 85])  # type: ignore[arg-type]

    def test_percentile_slip(self, f: WhenDoneForecast) -> None:
        """percentile(0.85) is refused as a probable quantile."""
        with pytest.raises(ValidationError, match="did you mean quantile"):
            f.percentile(0.85)
        with pytest.raises(ValidationError, match="did you mean percentile"):
            f.quantile(85)

    def test_dates(self, f: WhenDoneForecast) -> None:
        """Week k ends on the Friday of the k-th week from Monday 6 July 2026."""
        k = f.percentile(85)
        assert f.percentile_date(85) == dt.date(2026, 7, 6) + dt.timedelta(days=7 * k - 3)
        assert f.probability_within(f.percentile_date(85)) == f.probability_within(k)
        assert f.finish_dates.shape == f.periods.shape

    def test_working_days(self, f: WhenDoneForecast) -> None:
        """A k-week finish is 5k working days on a Monday-Friday calendar."""
        assert np.array_equal(f.working_days(), 5.0 * f.periods)
        e = f.as_distribution()
        assert e.quantile(0.85) == 5 * f.percentile(85)

    def test_dates_need_start(self) -> None:
        """Dates without a start say how to get them."""
        f = when_done([1, 2], 4, iterations=10, rng=1)
        with pytest.raises(ValidationError, match="start="):
            f.percentile_date(50)

    def test_daily_periods(self) -> None:
        """Working-day periods skip weekends and holidays."""
        cal = WorkCalendar(holidays=[dt.date(2026, 7, 8)])
        f = when_done([1], 4, iterations=10, rng=1, period="D", start=dt.date(2026, 7, 6),
                      calendar=cal)
        assert f.percentile(50) == 4
        assert f.percentile_date(50) == dt.date(2026, 7, 10)

    def test_readonly_and_pickle(self, f: WhenDoneForecast) -> None:
        """Arrays are read-only, also after a pickle round trip, which is equal."""
        g = pickle.loads(pickle.dumps(f))
        assert g == f
        for arr in (f.periods, g.periods, g.stream_periods, g.backlog):
            with pytest.raises(ValueError):
                arr[0] = 1

    def test_records(self, f: WhenDoneForecast) -> None:
        """Records hold the distribution; cumulative ends at 1."""
        rec = f.to_records()
        assert math.isclose(rec[-1]["cumulative"], 1.0)
        assert sum(r["probability"] for r in rec) == pytest.approx(1.0)
        rows = f.percentiles((50, 85))
        assert [r["periods"] for r in rows] == [f.percentile(50), f.percentile(85)]
        assert rows[1]["se"] >= 0

    @requires_pandas
    def test_frame(self, f: WhenDoneForecast) -> None:
        """to_frame is indexed by periods."""
        assert f.to_frame().index.name == "periods"

    def test_convergence(self) -> None:
        """The standard error of P85 shrinks like 1/sqrt(N)."""
        h = [3, 0, 2, 5, 1, 4, 7, 2]
        small = when_done(h, 300, iterations=2_000, rng=1).percentile_se(85)
        big = when_done(h, 300, iterations=200_000, rng=1).percentile_se(85)
        assert big < small
        f = when_done(h, 300, iterations=20_000, rng=1)
        assert f.probability_se(f.percentile(50)) == pytest.approx(
            math.sqrt(f.probability_within(f.percentile(50))
                      * (1 - f.probability_within(f.percentile(50))) / 20_000))

    def test_streams_by_label(self) -> None:
        """Streams are indexed by id; unknown ids raise UnknownReferenceError."""
        f = when_done({"web": [1, 2], "api": [2, 3]}, {"api": 10, "web": 5}, iterations=50,
                      rng=1)
        assert f.ids == ("web", "api") and "web" in f and len(f) == 2
        assert np.array_equal(f.periods, np.maximum(f["web"].periods, f["api"].periods))
        assert f["api"].backlog.tolist() == [[10.0] * 50]
        with pytest.raises(UnknownReferenceError):
            f["app"]


class TestErrors:
    """Bad input gets a clear error naming it."""

    def test_empty_history(self) -> None:
        """An empty history is named."""
        with pytest.raises(ValidationError, match="'throughput' is an empty history"):
            when_done([], 10)

    def test_all_zero_history(self) -> None:
        """All zeros: no finish can be forecast, and it says so instead of looping."""
        with pytest.raises(InfeasibleInputError, match="no finish can be forecast"):
            when_done([0, 0, 0, 0], 10, rng=1)

    def test_negative_counts(self) -> None:
        """Negative counts are named with their period."""
        with pytest.raises(ValidationError, match=r"period 2 is -1\.0"):
            when_done([3, -1, 2], 10)

    def test_fractional_counts(self) -> None:
        """Fractional items point to the velocity functions."""
        with pytest.raises(ValidationError, match="velocity"):
            when_done([3, 1.5], 10)

    def test_backlog_range_reversed(self) -> None:
        """A backlog range with min > max."""
        with pytest.raises(ValidationError, match="min <= max"):
            when_done([1, 2], (30, 20))

    def test_backlog_negative(self) -> None:
        """A negative backlog."""
        with pytest.raises(ValidationError, match="'backlog' must be >= 0"):
            when_done([1, 2], -3)

    def test_backlog_pair(self) -> None:
        """A range needs two values."""
        with pytest.raises(ValidationError, match="pair"):
            when_done([1, 2], (1, 2, 3))

    def test_iterations(self) -> None:
        """iterations must be an int >= 2."""
        with pytest.raises(ValidationError, match="'iterations'"):
            when_done([1, 2], 3, iterations=1)
        with pytest.raises(ValidationError, match="'iterations'"):
            when_done([1, 2], 3, iterations=10.0)  # type: ignore[arg-type]

    def test_period(self) -> None:
        """An unknown period."""
        with pytest.raises(ValidationError, match="'period'"):
            when_done([1, 2], 3, period="M")

    def test_discovery_too_fast(self) -> None:
        """Discovery as fast as throughput: no finish can be forecast."""
        with pytest.raises(InfeasibleInputError, match="no finish can be forecast"):
            when_done([1, 2], 3, discovery=1.5)

    def test_max_periods(self) -> None:
        """Trials still running after max_periods raise instead of running on."""
        with pytest.raises(InfeasibleInputError, match="max_periods"):
            when_done([0, 0, 0, 1], 50, max_periods=20, rng=1)

    def test_split_percent_slip(self) -> None:
        """A split of 30 looks like a percent."""
        with pytest.raises(ValidationError, match="check_units=False"):
            when_done([1, 2], 3, split=30)
        when_done([1, 2], 3, split=30, check_units=False, iterations=10, rng=1)

    def test_split_reversed(self) -> None:
        """A split range with min > max."""
        with pytest.raises(ValidationError, match="'split' range"):
            when_done([1, 2], 3, split=(1.3, 1.0))

    def test_capacity(self) -> None:
        """Negative capacity, and percents given for factors."""
        with pytest.raises(ValidationError, match="period 2"):
            when_done([1, 2], 3, capacity=[1, -0.5])
        with pytest.raises(ValidationError, match="percents"):
            when_done([1, 2], 3, capacity=[100, 50])

    def test_streams_mismatch(self) -> None:
        """Stream ids of backlog and throughput must match."""
        with pytest.raises(UnknownReferenceError, match="'app'"):
            when_done({"web": [1]}, {"web": 3, "app": 2})
        with pytest.raises(UnknownReferenceError, match="'api'"):
            when_done({"web": [1], "api": [2]}, {"web": 3})
        with pytest.raises(ValidationError, match="mapping"):
            when_done([1, 2], {"web": 3})

    def test_calendar_without_start(self) -> None:
        """A calendar needs a start."""
        with pytest.raises(ValidationError, match="'calendar' needs 'start'"):
            when_done([1, 2], 3, calendar=WorkCalendar())


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted or escaping (issue 14)."""

    @pytest.mark.parametrize("bad", ["no", 1, None])
    def test_check_units_is_a_flag(self, bad: object) -> None:
        """check_units="no" would read as True: only bools are accepted."""
        from pmokit.agile import how_many, when_done
        from pmokit.errors import ValidationError

        with pytest.raises(ValidationError, match="'check_units' must be True or False"):
            when_done([3, 4, 5], 20, iterations=10, rng=1, check_units=bad)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'check_units' must be True or False"):
            how_many([3, 4, 5], 4, iterations=10, rng=1, check_units=bad)  # type: ignore[arg-type]

    def test_absurd_sizes(self) -> None:
        """Sizes that cannot fit are refused before allocating, not a MemoryError."""
        from pmokit.agile import burn_up, how_many, when_done
        from pmokit.errors import ValidationError

        with pytest.raises(ValidationError, match="'iterations' would need more than"):
            when_done([3, 4, 5], 20, iterations=10**12, rng=1)
        with pytest.raises(ValidationError, match="'periods' must be at most"):
            how_many([3, 4, 5], 10**12, iterations=10, rng=1)
        with pytest.raises(ValidationError, match="'horizon' must be at most"):
            burn_up([2, 3], 20, horizon=10**12, iterations=10, rng=1)

    def test_cycle_times_need_sequences(self) -> None:
        """None for the dates is named, not a TypeError from len()."""
        from pmokit.agile import cycle_times
        from pmokit.errors import ValidationError

        with pytest.raises(ValidationError, match="'started' must be a sequence of dates"):
            cycle_times(None, [])  # type: ignore[arg-type]


def test_start_near_the_last_date() -> None:
    """A start too close to date.max for the forecast is a ValidationError, not an
    OverflowError (fuzz finding, issue 14)."""
    from pmokit.errors import ValidationError

    with pytest.raises(ValidationError, match="the last supported date"):
        when_done([3, 4, 5], 20, iterations=10, rng=1, start=dt.date(9999, 12, 30))

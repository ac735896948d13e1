"""Batched sampling: BetaPert tables (shared, few and family-interpolated shapes) within
their error bound, uniform 32-bit integers, grades, the closed forms in batch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from pmokit.scheduling import (
    BetaPert,
    Empirical,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from pmokit.scheduling._sampling import (
    BatchSampler,
    _beta_ppf_bits,
    _beta_ppf_fast,
    _beta_table,
    _beta_table_bits,
    _family_tables,
    _pert_family,
    bits_to_uniform,
    uniform_bits,
)
from tests._hypothesis import examples


class TestBetaPertTable:
    """The tabulated Beta quantiles (float64 Chebyshev grid for copula uniforms, float32
    square-root grid for independent draws) are within 1e-5 of the exact one."""

    @pytest.mark.parametrize("shape", [(1.01, 1.01), (1.5, 4.5), (5.0, 1.0), (3.0, 3.0),
                                       (1.0, 5.0), (4.6, 1.4), (9.0, 1.0), (2.0, 8.0),
                                       (1 + 4 * 0.2 / 0.7, 1 + 4 * 0.5 / 0.7)])
    def test_error_bound(self, shape) -> None:
        """Max abs error over 200,000 uniforms including both tails, and densely over the
        band between the narrow (1e-4) and the wide (1e-3) exact tails."""
        u = np.random.default_rng(3).random(200_000)
        band = np.geomspace(1e-5, 2e-3, 5_000)
        u = np.concatenate([u, band, 1 - band, [0.0, 1e-12, 1e-4, 0.999, 1 - 1e-12, 1.0]])
        assert np.abs(_beta_ppf_fast(u, *shape) - stats.beta(*shape).ppf(u)).max() < 1e-5

    @pytest.mark.parametrize("shape", [(1.01, 1.01), (1.5, 4.5), (5.0, 1.0), (3.0, 3.0),
                                       (1.0, 5.0), (4.6, 1.4), (9.0, 1.0), (2.0, 8.0),
                                       (1 + 4 * 0.2 / 0.7, 1 + 4 * 0.5 / 0.7)])
    def test_error_bound_float32_from_bits(self, shape) -> None:
        """The float32 interpolation on uniform 32-bit integers (independent draws) keeps
        the 1e-5 bound: random integers, the extreme ones, and dense bands across both
        tail thresholds (1e-4 and 1e-3)."""
        rand = uniform_bits(np.random.default_rng(5), 1, 200_000)[0]
        band = np.geomspace(2e-5, 3e-3, 20_000)
        edge = np.concatenate([band, 1 - band]) * 2**32
        extreme = np.array([0, 1, 2**31 - 1, 2**31, 2**32 - 2, 2**32 - 1], dtype=np.float64)
        bits = np.concatenate([rand, edge.astype(np.uint32), extreme.astype(np.uint32)])
        bits = bits.astype(np.uint32)[None, :]
        exact = stats.beta(*shape).ppf(bits_to_uniform(bits))
        assert np.abs(_beta_ppf_bits(bits, *shape) - exact).max() < 1e-5

    def test_uniform_bits_same_numbers_in_row_blocks(self) -> None:
        """Rows drawn in blocks are the rows drawn at once (odd and even widths), which
        the cruciality replay relies on; the probabilities are inside (0, 1)."""
        for c in (7, 8, 1001):
            whole = uniform_bits(np.random.default_rng(3), 10, c)
            gen = np.random.default_rng(3)
            blocks = np.vstack([uniform_bits(gen, 3, c), uniform_bits(gen, 1, c),
                                uniform_bits(gen, 6, c)])
            np.testing.assert_array_equal(whole, blocks)
        u = bits_to_uniform(np.array([0, 2**32 - 1], dtype=np.uint32))
        assert 0.0 < u[0] < 1e-9 and 1 - 1e-9 < u[1] < 1.0

    def test_independent_draws_follow_the_distribution(self) -> None:
        """BetaPert draws from uniform integers (float32 interpolation) pass a KS test
        against scipy's Beta, for the same sampler as simulate uses."""
        dists = [BetaPert(2, 3, 9), BetaPert(0.8, 1.0, 1.5)]
        x = BatchSampler(dists).draw(np.random.default_rng(8), 50_000)
        for i, d in enumerate(dists):
            a, b = d.shape
            ref = stats.beta(a, b, loc=d.low, scale=d.high - d.low)
            assert stats.kstest(x[i], ref.cdf).pvalue > 1e-3

    def test_narrow_tail_for_template_shapes(self) -> None:
        """A -20%/+50% template shape uses the exact quantile only beyond 1e-4 (speed),
        a very skewed shape keeps the 1e-3 tails (accuracy)."""
        assert _beta_table(1 + 4 * 0.2 / 0.7, 1 + 4 * 0.5 / 0.7)[2] == 1e-4
        assert _beta_table(9.0, 1.0)[2] == 1e-3
        # the same for the float32 tables of independent draws (in 32-bit integers)
        assert _beta_table_bits(1 + 4 * 0.2 / 0.7, 1 + 4 * 0.5 / 0.7)[2] == int(1e-4 * 2**32)
        assert _beta_table_bits(9.0, 1.0)[2] == int(1e-3 * 2**32)

    def test_batched_sampler_matches_quantile(self) -> None:
        """Batched sampling of mixed classes equals each distribution's own quantile."""
        dists = [Triangular(1, 2, 4), BetaPert(2, 3, 9), Uniform(0, 1), Normal(5, 1),
                 LogNormal(4, 1), Empirical([1, 2, 3]), BetaPert(1, 1, 1)]
        u = np.random.default_rng(1).random((len(dists), 500))
        out = BatchSampler(dists).from_uniform(u)
        for i, d in enumerate(dists):
            assert_allclose(out[i], d.quantile(u[i]), atol=1e-4)

    def test_triangular_blend_is_the_closed_form(self) -> None:
        """The branch-free batched Triangular quantile equals the closed form to rounding,
        modes at either end and zero width included (exactly the value there)."""
        dists = [Triangular(1, 2, 4), Triangular(3, 3, 9), Triangular(2, 7, 7),
                 Triangular(5, 5, 5), Triangular(0, 0.001, 1000)]
        u = np.random.default_rng(6).random((len(dists), 2_000))
        out = BatchSampler(dists).from_uniform(u)
        for i, d in enumerate(dists):
            assert_allclose(out[i], d.quantile(u[i]), rtol=1e-12, atol=1e-12)
        assert (out[3] == 5.0).all()

    def test_grades_are_the_cdf_of_the_draws(self) -> None:
        """grades() replays draw() and returns each sample's CDF value (BetaPert direct,
        its grade from a tabulated CDF within 2e-4)."""
        dists = [BetaPert(2, 3, 9), Triangular(1, 2, 4), BetaPert(1, 5, 6, lam=3),
                 Uniform(2, 3)]
        bs = BatchSampler(dists)
        x = bs.draw(np.random.default_rng(4), 300)
        g = bs.grades(np.random.default_rng(4), 300)
        for i, d in enumerate(dists):
            assert_allclose(g[i], d.cdf(x[i]), atol=2e-4)


class TestManyBetaPertShapes:
    """Beyond 32 distinct shapes BetaPert tables are interpolated from family tables (up
    to 4,096 shapes in up to 4 families), else drawn directly (Generator.beta)."""

    def test_family_tables_error_bound(self) -> None:
        """Tables interpolated in alpha keep the 1e-5 bound for 300 random shapes and the
        extreme ones (mode at low or high), through the sampler's own code path; exact
        tails where the interpolation is not checked accurate."""
        rng = np.random.default_rng(0)
        lows = rng.uniform(1, 5, 300)
        dists = [BetaPert(0.0, m - 1.0, 4.0) for m in lows]
        dists += [BetaPert(0.0, 0.0, 4.0), BetaPert(0.0, 4.0, 4.0), BetaPert(0, 1e-4, 4)]
        bs = BatchSampler(dists)
        assert bs._beta_rows.size == 0  # inverse transform, not direct draws
        band = np.geomspace(1e-5, 3e-3, 2_000)
        u = np.concatenate([rng.random(3_000), band, 1 - band])
        bits = np.round(u * 2**32 - 0.5).astype(np.uint32)
        x = bs._from_bits(np.tile(bits, (len(dists), 1)))
        for i, d in enumerate(dists):
            a, b = d.shape
            exact = 4.0 * stats.beta(a, b).ppf(bits_to_uniform(bits))
            assert np.abs(x[i] - exact).max() < 4.0 * 1e-5, (i, d)

    @pytest.mark.parametrize("lam", [0.05, 1.0, 4.0, 8.0, 12.0])
    def test_family_error_bound_across_lam(self, lam: float) -> None:
        """Family tables keep the 1e-5 bound for 60 random shapes of each lam served (up
        to 12); a larger lam is drawn directly."""
        rng = np.random.default_rng(1)
        dists = [BetaPert(0.0, m, 4.0, lam=lam) for m in rng.uniform(0, 4, 60)]
        bs = BatchSampler(dists)
        assert bs._beta_rows.size == 0
        band = np.geomspace(1e-5, 3e-3, 500)
        u = np.concatenate([rng.random(1_000), band, 1 - band])
        bits = np.round(u * 2**32 - 0.5).astype(np.uint32)
        x = bs._from_bits(np.tile(bits, (len(dists), 1)))
        for i, d in enumerate(dists):
            exact = 4.0 * stats.beta(*d.shape).ppf(bits_to_uniform(bits))
            assert np.abs(x[i] - exact).max() < 4.0 * 1e-5, (lam, d)
        sharp = [BetaPert(0.0, m, 4.0, lam=20.0) for m in rng.uniform(0, 4, 40)]
        assert BatchSampler(sharp)._beta_rows.size == 40

    def test_one_family_per_lam_despite_rounding(self) -> None:
        """Shapes whose alpha + beta differ from lam + 2 by rounding (1e-12) share one
        family table (each costs about 0.3 s to build)."""
        _pert_family.cache_clear()
        shapes = tuple((1.0 + 0.1 * i, 5.0 - 0.1 * i + (1e-12 if i % 2 else 0.0))
                       for i in range(40))
        _family_tables(shapes)
        assert _pert_family.cache_info().currsize == 1

    def test_family_draws_and_grades(self) -> None:
        """40 shapes: samples follow each BetaPert (KS); grades are the uniforms drawn;
        the copula path (from_uniform) agrees with the exact quantile."""
        dists = [BetaPert(1.0, 1.0 + 0.1 * i, 6.0) for i in range(40)]
        bs = BatchSampler(dists)
        assert bs._beta_rows.size == 0 and bs.plain
        _check_draws_and_grades(bs, dists, atol=5e-5)
        u = np.random.default_rng(3).random((40, 500))
        out = bs.from_uniform(u)
        for i in (0, 17, 39):
            assert_allclose(out[i], dists[i].quantile(u[i]), atol=5 * 1e-5)

    def test_many_families_direct_draws(self) -> None:
        """Shapes of 8 different lam values: drawn directly; grades are their CDF within
        2e-4 (a tabulated CDF)."""
        dists = [BetaPert(1.0, 1.0 + 0.1 * i, 6.0, lam=2.0 + i % 8) for i in range(40)]
        bs = BatchSampler(dists)
        assert bs._beta_rows.size == 40
        _check_draws_and_grades(bs, dists, atol=2e-4)


_PERT = st.tuples(st.floats(0, 50), st.floats(0, 1), st.floats(0.01, 80)).map(
    lambda t: BetaPert(t[0], t[0] + t[1] * t[2], t[0] + t[2])
)


@settings(max_examples=examples(25), deadline=None)
@given(st.one_of(st.lists(_PERT, min_size=1, max_size=8), st.lists(_PERT, min_size=33,
                                                                     max_size=40)),
       st.integers(0, 2**32 - 1))
def test_sampler_within_bound_of_exact_quantile(dists: list[BetaPert], seed: int) -> None:
    """Property: for any BetaPerts (one shape, a few, or more than 32: family tables), the
    batched inverse transform at uniform 32-bit integers is within 1e-5 (high - low) of
    the exact quantile at the same probabilities."""
    bits = uniform_bits(np.random.default_rng(seed), len(dists), 400)
    x = BatchSampler(dists)._from_bits(bits)
    u = bits_to_uniform(bits)
    for i, d in enumerate(dists):
        width = d.high - d.low
        assert np.abs(x[i] - d.quantile(u[i])).max() <= 1e-5 * width + 1e-12 * d.high


def _check_draws_and_grades(bs: BatchSampler, dists: list[BetaPert], atol: float) -> None:
    """Draws of rows 0, 17, 39 (on [1, 6]) pass a KS test against their Beta, and the
    replayed grades are the draws' CDF values within ``atol``."""
    x = bs.draw(np.random.default_rng(2), 4000)
    g = bs.grades(np.random.default_rng(2), 4000)
    for i in (0, 17, 39):
        a, b = dists[i].shape
        ref = stats.beta(a, b, loc=1.0, scale=5.0)
        assert stats.kstest(x[i], ref.cdf).pvalue > 1e-3
        assert_allclose(g[i], ref.cdf(x[i]), atol=atol)

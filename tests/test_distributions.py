"""pmokit.distributions: exact moments and quantiles against scipy.stats, one vocabulary,
errors."""

from __future__ import annotations

import copy
import math
import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

import pmokit.distributions
from pmokit.distributions import PCT_FRACTION_BOUND, Distribution
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.estimation import pert, triangular
from pmokit.scheduling import (
    Activity,
    BetaPert,
    Empirical,
    LogNormal,
    Network,
    Normal,
    Triangular,
    Uniform,
    percentage_template,
)

P = np.array([0.0, 0.001, 0.05, 0.2, 0.5, 0.73, 0.95, 0.999, 1.0])


def _scipy_pairs() -> list[tuple[object, object]]:
    return [
        (Triangular(2, 3, 7), stats.triang(c=0.2, loc=2, scale=5)),
        (Triangular(2, 2, 7), stats.triang(c=0.0, loc=2, scale=5)),
        (Triangular(2, 7, 7), stats.triang(c=1.0, loc=2, scale=5)),
        (BetaPert(2, 3, 10), stats.beta(1.5, 4.5, loc=2, scale=8)),
        (BetaPert(2, 3, 10, lam=2.0), stats.beta(1.25, 2.75, loc=2, scale=8)),
        (Uniform(4, 10), stats.uniform(loc=4, scale=6)),
        (Normal(10, 2), stats.truncnorm(-5.0, np.inf, loc=10, scale=2)),
        (Normal(1, 1), stats.truncnorm(-1.0, np.inf, loc=1, scale=1)),
        (LogNormal(10, 3), stats.lognorm(s=math.sqrt(math.log1p(0.09)),
                                         scale=10 / math.sqrt(1.09))),
    ]


class TestAgainstScipy:
    """Exact moments, quantiles and CDFs agree with scipy.stats (an independent implementation)."""

    @pytest.mark.parametrize(("dist", "ref"), _scipy_pairs())
    def test_moments(self, dist, ref) -> None:
        """Mean and variance are the closed forms."""
        assert_allclose(dist.mean, ref.mean(), rtol=1e-12)
        assert_allclose(dist.var, ref.var(), rtol=1e-10)
        assert_allclose(dist.std, ref.std(), rtol=1e-10)

    @pytest.mark.parametrize(("dist", "ref"), _scipy_pairs())
    def test_quantile_and_cdf(self, dist, ref) -> None:
        """Quantile is exact, and CDF inverts it."""
        inner = P[1:-1]
        assert_allclose(dist.quantile(inner), ref.ppf(inner), rtol=1e-9, atol=1e-12)
        assert_allclose(dist.cdf(dist.quantile(inner)), inner, rtol=1e-9, atol=1e-12)
        assert isinstance(dist.quantile(0.5), float)

    @pytest.mark.parametrize(("dist", "ref"), _scipy_pairs())
    def test_samples_follow_the_distribution(self, dist, ref) -> None:
        """A KS test does not reject the sampler (seeded, 20,000 draws)."""
        x = dist.sample(20_000, rng=7)
        assert stats.kstest(x, ref.cdf).pvalue > 1e-3


class TestSpecialCases:
    """Zero width, truncation, percentiles, the empirical distribution."""

    def test_zero_width(self) -> None:
        """A zero-width distribution is its value."""
        for d in (Triangular(5, 5, 5), BetaPert(5, 5, 5), Uniform(5, 5), Normal(5, 0),
                  LogNormal(5, 0), Empirical([5, 5])):
            assert d.is_constant
            assert d.var == 0
            assert (d.sample(10, rng=1) == 5.0).all()
            assert d.mean == 5.0

    def test_truncated_normal_never_negative(self) -> None:
        """Normal(1, 2) is truncated at 0."""
        x = Normal(1, 2).sample(50_000, rng=2)
        assert x.min() >= 0
        assert_allclose(x.mean(), Normal(1, 2).mean, rtol=0.02)

    def test_lognormal_from_percentiles(self) -> None:
        """P10 and P90 are reproduced; the mean is exp(mu + s^2/2)."""
        ln = LogNormal.from_percentiles(8, 15)
        assert_allclose(ln.quantile([0.1, 0.9]), [8, 15], rtol=1e-12)
        mu = 0.5 * math.log(120)
        s = math.log(15 / 8) / (2 * stats.norm.ppf(0.9))
        assert_allclose(ln.mean, math.exp(mu + s * s / 2), rtol=1e-12)

    def test_empirical(self) -> None:
        """Inverse empirical CDF and population moments."""
        e = Empirical([9, 4, 6, 5])
        assert e.samples.tolist() == [4, 5, 6, 9]
        assert e.quantile(0.0) == 4 and e.quantile(0.25) == 4 and e.quantile(0.26) == 5
        assert e.cdf(5.5) == 0.5
        x = e.sample(40_000, rng=1)
        assert set(np.unique(x).tolist()) == {4.0, 5.0, 6.0, 9.0}
        assert_allclose(np.bincount(x.astype(int))[[4, 5, 6, 9]] / x.size, 0.25, atol=0.01)

    def test_same_seed_same_samples(self) -> None:
        """Seeded sampling is reproducible."""
        t = Triangular(1, 2, 5)
        assert (t.sample(100, rng=5) == t.sample(100, rng=5)).all()


class TestPercentageTemplate:
    """Percentage templates of the planned durations."""

    def test_on_network(self) -> None:
        """-10%/+25% of each chosen activity's planned duration."""
        net = Network([Activity("A", 10), Activity("B", 20), Activity("C", 4)])
        t = percentage_template(net, -10, 25, activities=["A", "B"])
        assert set(t) == {"A", "B"}
        assert t["A"] == Triangular(9, 10, 12.5)
        b = percentage_template(net, -10, 25, mode_pct=5, shape="betapert")["C"]
        assert_allclose([b.low, b.mode, b.high], [3.6, 4.2, 5.0])
        u = percentage_template({"X": 8.0}, 0, 50, shape="uniform")["X"]
        assert u == Uniform(8, 12)

    def test_bad_percentages(self) -> None:
        """Out-of-order percentages and unknown shapes are reported together."""
        with pytest.raises(ValidationError) as e:
            percentage_template({"A": 1.0}, 10, -5, shape="gamma")  # type: ignore[arg-type]
        assert len(e.value.problems) == 2
        assert "low_pct <= mode_pct <= high_pct" in str(e.value)
        assert "'shape'" in str(e.value)

    def test_below_minus_100(self) -> None:
        """A reduction of more than 100% would make durations negative."""
        with pytest.raises(ValidationError, match="low_pct"):
            percentage_template({"A": 1.0}, -120, 5)

    def test_unknown_activity(self) -> None:
        """Naming an activity that is not there."""
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            percentage_template({"A": 1.0}, -10, 10, activities=["Z"])


class TestErrors:
    """Each bad input raises ValidationError naming the item and the values."""

    def test_low_above_mode(self) -> None:
        """low > mode."""
        with pytest.raises(ValidationError, match=r"low <= mode \(got low=5.0 > mode=3.0\)"):
            Triangular(5, 3, 8)

    def test_mode_above_high(self) -> None:
        """mode > high, BetaPert."""
        with pytest.raises(ValidationError, match=r"BetaPert must have mode <= high"):
            BetaPert(1, 9, 8)

    def test_both_reported(self) -> None:
        """Several problems in one exception."""
        with pytest.raises(ValidationError) as e:
            Triangular(5, 3, 2)
        assert len(e.value.problems) == 2

    def test_negative(self) -> None:
        """Negative durations."""
        with pytest.raises(ValidationError, match="low of Triangular' must be >= 0"):
            Triangular(-1, 2, 3)
        with pytest.raises(ValidationError, match="low of Uniform"):
            Uniform(-1, 2)
        with pytest.raises(ValidationError, match="sd of Normal"):
            Normal(5, -1)
        with pytest.raises(ValidationError, match="mean of LogNormal' must be > 0"):
            LogNormal(0, 1)
        with pytest.raises(ValidationError, match="must be >= 0"):
            Empirical([1, -2])

    def test_not_a_number(self) -> None:
        """Strings and NaN are named."""
        with pytest.raises(ValidationError, match="high of Triangular' must be a real number"):
            Triangular(1, 2, "x")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="finite"):
            Uniform(1, float("nan"))
        with pytest.raises(ValidationError, match="must be finite"):
            Empirical([1, float("inf")])

    def test_uniform_order(self) -> None:
        """Uniform low > high."""
        with pytest.raises(ValidationError, match="low <= high"):
            Uniform(3, 2)

    def test_lam(self) -> None:
        """BetaPert lam must be > 0."""
        with pytest.raises(ValidationError, match="lam of BetaPert"):
            BetaPert(1, 2, 3, lam=0)

    def test_lognormal_percentiles(self) -> None:
        """p10 > p90 and non-positive percentiles."""
        with pytest.raises(ValidationError, match="p10 <= p90"):
            LogNormal.from_percentiles(10, 5)
        with pytest.raises(ValidationError, match="p10 of LogNormal"):
            LogNormal.from_percentiles(0, 5)

    def test_empirical_empty(self) -> None:
        """No samples."""
        with pytest.raises(ValidationError, match="must not be empty"):
            Empirical([])

    def test_quantile_probability_out_of_range(self) -> None:
        """quantile(p) needs p in [0, 1]."""
        with pytest.raises(ValidationError, match=r"\[0, 1\]"):
            Triangular(1, 2, 3).quantile(1.5)


def _all_distributions() -> list[Distribution]:
    return [Triangular(2, 3, 7), BetaPert(2, 3, 10), Uniform(4, 10), Normal(10, 2),
            LogNormal(10, 3), Empirical([4, 6, 5, 9])]


class TestOneVocabulary:
    """Issue 14: one implementation per distribution, numpy's names and scales."""

    def test_scheduling_reexports_the_shared_classes(self) -> None:
        """pmokit.scheduling's distributions are pmokit.distributions' (one implementation)."""
        import pmokit.scheduling as sched

        for name in pmokit.distributions.__all__:
            assert getattr(sched, name) is getattr(pmokit.distributions, name)

    @pytest.mark.parametrize("dist", _all_distributions(), ids=lambda d: type(d).__name__)
    def test_one_set_of_names(self, dist: Distribution) -> None:
        """mean, var, std, quantile (0-1), percentile (0-100), cdf, sample(size, rng)."""
        assert_allclose(dist.std, math.sqrt(dist.var))
        assert dist.percentile(80) == dist.quantile(0.8)
        assert_array_equal(dist.percentile([10, 90]), dist.quantile([0.1, 0.9]))
        assert 0.0 <= dist.cdf(dist.mean) <= 1.0
        x = dist.sample((3, 4), rng=1)
        assert x.shape == (3, 4)
        assert_array_equal(dist.sample(12, rng=1), x.ravel())

    @pytest.mark.parametrize("dist", _all_distributions(), ids=lambda d: type(d).__name__)
    def test_old_names_warn(self, dist: Distribution) -> None:
        """expected_value and variance still work, with a DeprecationWarning naming the new."""
        with pytest.warns(DeprecationWarning, match="use 'mean' instead"):
            assert dist.expected_value == dist.mean
        with pytest.warns(DeprecationWarning, match="use 'var' instead"):
            assert dist.variance == dist.var

    def test_normal_parameters_are_loc_and_scale(self) -> None:
        """Normal.mean is the truncated mean; the parent's are loc and scale (mean=/sd= warn)."""
        n = Normal(1, 1)
        assert (n.loc, n.scale) == (1.0, 1.0)
        assert_allclose(n.mean, stats.truncnorm(-1.0, np.inf, loc=1, scale=1).mean())
        with pytest.warns(DeprecationWarning, match="Normal\\(loc=\\)"):
            assert Normal(mean=1, scale=1) == n
        with pytest.warns(DeprecationWarning, match="Normal\\(scale=\\)"):
            assert Normal(1, sd=1) == n
        with pytest.warns(DeprecationWarning, match="Normal.scale"):
            assert n.sd == 1.0
        with pytest.raises(ValidationError, match="give 'loc' only"), pytest.warns(
            DeprecationWarning
        ):
            Normal(1, mean=1)

    def test_percentile_refuses_a_probability(self) -> None:
        """percentile(0.8) is a probable slip: refused with the quantile hint."""
        with pytest.raises(ValidationError, match=r"did you mean quantile\(0.8\)"):
            Triangular(1, 2, 3).percentile(0.8)
        assert Uniform(0, 10).percentile(0.8, check_units=False) == pytest.approx(0.08)

    def test_quantile_refuses_a_percent(self) -> None:
        """quantile(80) hints at percentile."""
        with pytest.raises(ValidationError, match=r"\[0, 1\].*did you mean percentile"):
            Triangular(1, 2, 3).quantile(80)

    @pytest.mark.parametrize("bad", [1 + 2j, np.datetime64("2020-01-01"), None, "0.5"])
    def test_non_numbers_refused(self, bad: object) -> None:
        """Complex, datetime64, None and strings are refused by name, never converted."""
        for call in (Triangular(1, 2, 3).quantile, Triangular(1, 2, 3).cdf):
            with pytest.raises(ValidationError):
                call(bad)

    def test_estimation_uses_the_same_functions(self) -> None:
        """pert/triangular estimates give BetaPert/Triangular's moments and quantiles."""
        q = np.linspace(0, 1, 11)
        for est, dist in ((pert(2, 3, 10), BetaPert(2, 3, 10)),
                          (triangular(2, 3, 7), Triangular(2, 3, 7))):
            assert est.mean == dist.mean
            assert est.var == dist.var
            assert_allclose(est.quantile(q), dist.quantile(q), rtol=1e-13)
            assert_allclose(est.cdf(q * 10), dist.cdf(q * 10), rtol=1e-13)
            assert est.percentile(80) == est.quantile(0.8)

    def test_monitoring_draws_the_shared_triangular(self) -> None:
        """risk_contingency's ranged costs come from the shared triangular inverse
        transform: its numbers are numpy's triangular, bit for bit."""
        from pmokit.distributions import _triangular_ppf
        from pmokit.monitoring import _risk as monitoring_risk

        assert monitoring_risk._triangular_ppf is _triangular_ppf
        lo, mo, hi = np.array([1.0, 2, 3]), np.array([2.0, 2, 5]), np.array([4.0, 6, 5.5])
        ref = np.random.default_rng(3).triangular(lo, mo, hi, size=(500, 3))
        assert_array_equal(_triangular_ppf(np.random.default_rng(3).random((500, 3)),
                                           lo, mo, hi), ref)


class TestMemoryAndPickling:
    """Issue 14: sizes that cannot fit are refused; distributions pickle read-only."""

    def test_huge_sample_refused_before_allocating(self) -> None:
        """sample(10**10) states the limit instead of dying of MemoryError."""
        with pytest.raises(ValidationError, match="above the limit of"):
            Triangular(1, 2, 3).sample(10**10, rng=1)

    @pytest.mark.parametrize("size", [-1, 2.5, True, "3", (2, -1)])
    def test_bad_size_refused(self, size: object) -> None:
        """size is an int >= 0 or a tuple of them."""
        with pytest.raises(ValidationError, match="'size' must be an int"):
            Triangular(1, 2, 3).sample(size)  # type: ignore[arg-type]

    @pytest.mark.parametrize("dist", _all_distributions(), ids=lambda d: type(d).__name__)
    def test_pickle_and_deepcopy_round_trip(self, dist: Distribution) -> None:
        """Every distribution round-trips equal; Empirical's samples stay read-only."""
        for back in (pickle.loads(pickle.dumps(dist)), copy.deepcopy(dist)):
            assert back == dist
            assert back.quantile(0.3) == dist.quantile(0.3)
            if isinstance(back, Empirical):
                assert not back.samples.flags.writeable

    def test_cached_tables_are_read_only(self) -> None:
        """The cached sampling tables are shared: none can be written."""
        from pmokit.scheduling import _sampling

        BetaPert(1, 2, 9).sample(100, rng=1)
        tables = [_sampling._grid(), *_sampling._beta_table(2.0, 3.0),
                  *_sampling._beta_table_bits(2.0, 3.0), *_sampling._pert_family(4.0),
                  *_sampling._family_tables(((2.0, 4.0), (3.0, 3.0)))]
        assert not any(t.flags.writeable for t in tables if isinstance(t, np.ndarray))


class TestPercentageTemplateUnits:
    """Issue 14: fractions given where percents are expected."""

    def test_fractions_refused(self) -> None:
        """percentage_template(net, -0.10, 0.25) gave a +-0.25 % range: now an error."""
        with pytest.raises(ValidationError, match="did you give fractions"):
            percentage_template({"A": 10.0}, -0.10, 0.25)
        t = percentage_template({"A": 100.0}, -0.10, 0.25, check_units=False)
        assert t["A"] == Triangular(99.9, 100.0, 100.25)
        assert PCT_FRACTION_BOUND == 1.0

    def test_flag_only_bools(self) -> None:
        """check_units takes only bools."""
        with pytest.raises(ValidationError, match="True or False"):
            percentage_template({"A": 10.0}, -10, 25, check_units="no")  # type: ignore[arg-type]


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found escaping (issue 14)."""

    @pytest.mark.parametrize("bad", [None, 1 + 2j, "3"])
    def test_uniform_names_a_non_number(self, bad: object) -> None:
        """A non-number bound is a ValidationError, not a TypeError from comparing."""
        from pmokit.distributions import Uniform
        from pmokit.errors import ValidationError

        with pytest.raises(ValidationError, match="low of Uniform"):
            Uniform(bad, 5.0)  # type: ignore[arg-type]

    @pytest.mark.parametrize("key", ["", None])
    def test_percentage_template_keys(self, key: object) -> None:
        """An empty or None activity id in 'durations' is refused."""
        from pmokit.distributions import percentage_template
        from pmokit.errors import ValidationError

        with pytest.raises(ValidationError, match="activity id in 'durations'"):
            percentage_template({"A": 10.0, key: 5.0}, -10, 25)

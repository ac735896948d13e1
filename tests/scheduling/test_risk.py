"""Monte Carlo schedule risk: analytic answers, the reference CPM, indices, risks, errors."""

from __future__ import annotations

import datetime as dt
import math
from contextlib import nullcontext

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import integrate, stats

from pmokit import _compiled
from pmokit._random import as_generator
from pmokit.calendar import WorkCalendar
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.progress import ProgressInfo
from pmokit.scheduling import (
    IMPACT_FACTOR_BOUND,
    Activity,
    BetaPert,
    Constraint,
    CorrelationMatrix,
    Dependency,
    Empirical,
    LogNormal,
    Network,
    Normal,
    RiskEvent,
    Triangular,
    Uniform,
    schedule,
    simulate,
)
from pmokit.scheduling._risk import (
    _apply_risks,
    _chunk_generator,
    _compile,
    _cruciality,
    _stream_seeds,
)
from pmokit.scheduling._risk_passes import _backward, _count_rows, _forward
from tests._hypothesis import examples
from tests._requires import requires_tqdm

LINKS = ("FS", "SS", "FF", "SF")


@st.composite
def networks(
    draw: st.DrawFn, max_n: int = 14, links: tuple[str, ...] = LINKS, min_lag: int = -6
) -> Network:
    """Random DAGs with all link types, leads and lags (half days), shuffled ids."""
    n = draw(st.integers(1, max_n))
    durs = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    acts = [Activity(f"T{i}", d / 2) for i, d in enumerate(durs)]
    deps, seen = [], set()
    if n > 1:
        pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                        st.sampled_from(links), st.integers(min_lag, 10)),
                              max_size=3 * n))
        for a, b, t, lag in pairs:
            a, b = min(a, b), max(a, b)
            if a == b or (a, b, t) in seen:
                continue
            seen.add((a, b, t))
            deps.append(Dependency(acts[a].id, acts[b].id, t, lag=lag / 2))
    perm = draw(st.permutations(range(n)))
    return Network([acts[i] for i in perm], deps)


def _parallel(n: int, mu: float = 100.0) -> Network:
    acts = [Activity(f"P{i}", mu) for i in range(n)] + [Activity("END", 0)]
    return Network(acts, [Dependency(f"P{i}", "END") for i in range(n)])


def _expected_max_std_normals(n: int) -> float:
    """E[max of n iid standard normals] by quadrature (e_2 = 1/sqrt(pi))."""
    f = lambda x: x * n * stats.norm.pdf(x) * stats.norm.cdf(x) ** (n - 1)  # noqa: E731
    return float(integrate.quad(f, -12, 12)[0])


class TestAnalytic:
    """Known closed-form answers."""

    @pytest.mark.parametrize("n", [1, 2, 3, 5])
    def test_parallel_normals(self, n: int) -> None:
        """n iid Normal(mu, sigma) paths: P(finish <= mu) = 0.5^n, E[max] = mu + e_n sigma."""
        mu, sigma, N = 100.0, 5.0, 200_000
        net = _parallel(n, mu)
        res = simulate(net, {f"P{i}": Normal(mu, sigma) for i in range(n)},
                       iterations=N, rng=11)
        p = 0.5**n
        assert abs(res.probability_within(mu) - p) < 4 * math.sqrt(p * (1 - p) / N)
        e_n = _expected_max_std_normals(n)
        if n == 2:
            assert_allclose(e_n, 1 / math.sqrt(math.pi), rtol=1e-9)
        assert abs(res.mean - (mu + e_n * sigma)) < 4 * sigma / math.sqrt(N)

    @pytest.mark.parametrize(("rho_s", "method"), [(0.6, "copula"), (-0.5, "copula"),
                                                    (0.6, "iman-conover")])
    def test_clark_max_of_correlated_normals(self, rho_s: float, method: str) -> None:
        """Clark (1961): mean and variance of max(X1, X2), bivariate normal."""
        m1, s1, m2, s2 = 100.0, 10.0, 104.0, 6.0
        net = Network([Activity("A", m1), Activity("B", m2), Activity("E", 0)],
                      [Dependency("A", "E"), Dependency("B", "E")])
        corr = CorrelationMatrix(("A", "B"), [[1, rho_s], [rho_s, 1]], method=method)
        N = 200_000
        res = simulate(net, {"A": Normal(m1, s1), "B": Normal(m2, s2)}, iterations=N,
                       rng=3, correlation=corr)
        r = 2 * math.sin(math.pi * rho_s / 6)  # copula parameter = Pearson for normals
        a = math.sqrt(s1**2 + s2**2 - 2 * r * s1 * s2)
        al = (m1 - m2) / a
        ph, Ph, Pm = stats.norm.pdf(al), stats.norm.cdf(al), stats.norm.cdf(-al)
        mean = m1 * Ph + m2 * Pm + a * ph
        second = (m1**2 + s1**2) * Ph + (m2**2 + s2**2) * Pm + (m1 + m2) * a * ph
        sd = math.sqrt(second - mean**2)
        assert abs(res.mean - mean) < 4 * sd / math.sqrt(N)
        assert_allclose(res.std, sd, rtol=0.01)

    def test_serial_chain_mean_is_sum_of_means(self) -> None:
        """Mean and variance of a chain are sums over its activities (mixed shapes)."""
        dists = [Triangular(2, 3, 9), BetaPert(1, 4, 6), Uniform(3, 8), Normal(5, 1),
                 LogNormal(6, 2), Empirical([1, 2, 7])]
        acts = [Activity(f"A{i}", 1) for i in range(len(dists))]
        deps = [Dependency(f"A{i}", f"A{i + 1}") for i in range(len(dists) - 1)]
        N = 100_000
        res = simulate(Network(acts, deps), {f"A{i}": d for i, d in enumerate(dists)},
                       iterations=N, rng=5)
        mean = sum(d.mean for d in dists)
        sd = math.sqrt(sum(d.var for d in dists))
        assert abs(res.mean - mean) < 4 * sd / math.sqrt(N)
        assert_allclose(res.std, sd, rtol=0.02)
        assert_allclose(res.criticality, 1.0)

    def test_single_path_criticality_one(self) -> None:
        """Every activity on a single path is critical in every iteration."""
        acts = [Activity("A", 3), Activity("B", 2), Activity("C", 4)]
        deps = [Dependency("A", "B", "SS", lag=1), Dependency("B", "C", "FS", lag=2)]
        unc = {a.id: Triangular(a.duration * 0.5, a.duration, a.duration * 2) for a in acts}
        res = simulate(Network(acts, deps), unc, iterations=3000, rng=2)
        assert_array_equal(res.criticality, [1.0, 1.0, 1.0])

    def test_percentile_standard_error(self) -> None:
        """SE of a percentile ~ sqrt(p(1-p)/N) / density (normal outcome)."""
        N = 40_000
        res = simulate(_parallel(1), {"P0": Normal(100, 10)}, iterations=N, rng=9)
        for p in (50, 80, 90):
            q = p / 100
            expected = math.sqrt(q * (1 - q) / N) / stats.norm.pdf(stats.norm.ppf(q)) * 10
            assert_allclose(res.percentile_se(p), expected, rtol=0.2)
            assert_allclose(res.percentile(p), 100 + 10 * stats.norm.ppf(q), atol=4 * expected)


class TestDeterministic:
    """Zero-width distributions reproduce the deterministic CPM schedule."""

    @settings(max_examples=examples(60), deadline=None)
    @given(networks())
    def test_zero_width_reproduces_schedule(self, net: Network) -> None:
        """Finish, milestones and criticality equal schedule(network) exactly."""
        s = schedule(net)
        unc = {a.id: Triangular(a.duration, a.duration, a.duration) for a in net.activities}
        res = simulate(net, unc, iterations=4, rng=0, milestones=net.ids)
        assert (res.finish == s.project_duration).all()
        assert_array_equal(res.milestone_finish, np.repeat(s.early_finish[:, None], 4, axis=1))
        crit = (s.total_float <= 1e-9).astype(float)
        assert_array_equal(res.criticality, crit)
        assert res.deterministic_finish == s.project_duration

    @settings(max_examples=examples(40), deadline=None)
    @given(networks(), st.integers(0, 2**32 - 1))
    def test_2d_passes_equal_reference_cpm(self, net: Network, seed: int) -> None:
        """Each column of the 2-D passes equals schedule() on that iteration's durations."""
        unc = {a.id: Uniform(a.duration * 0.5, a.duration * 1.5 + 1) for a in net.activities}
        model = _compile(net, unc, (), None, [])
        d, _ = model.durations(np.random.default_rng(seed), 3)
        n = net.compiled.n
        t = np.full((2 * n, 3), np.nan)  # garbage: every row must be written
        b = np.full((2 * n + 1, 3), np.nan)
        _forward(model.fwd, d, t)
        f = t[n:].max(axis=0)
        _backward(model.bwd, d, f, b)
        for j in range(3):
            acts = [Activity(a.id, float(d[model.pos[i], j]))
                    for i, a in enumerate(net.activities)]
            s = schedule(Network(acts, net.dependencies))
            assert_allclose(t[:n, j][model.pos], s.early_start, atol=1e-9)
            assert_allclose(b[:n, j][model.pos], s.late_start, atol=1e-9)
            assert_allclose(t[n : 2 * n, j][model.pos], s.early_finish, atol=1e-9)
            assert_allclose(b[n : 2 * n, j][model.pos], s.late_finish, atol=1e-9)
            assert_allclose(f[j], s.project_duration, atol=1e-9)

    @given(networks(max_n=30, links=("FS", "FF"), min_lag=0), st.integers(0, 2**32 - 1))
    def test_2d_passes_finish_links_without_leads(self, net: Network, seed: int) -> None:
        """Finish-bounding links without leads: the backward pass writes late finishes
        directly as the minimum over the links (rows without one read the finish)."""
        self.test_2d_passes_equal_reference_cpm.hypothesis.inner_test(self, net, seed)

    @settings(max_examples=examples(40), deadline=None)
    @given(networks(), st.data())
    def test_zero_width_with_constraints(self, net: Network, data: st.DataObject) -> None:
        """Numeric constraints bound early and late dates exactly as schedule() does."""
        kinds = ("SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
        acts = [
            attrs.evolve(a, constraint=Constraint(data.draw(st.sampled_from(kinds)),
                                                  data.draw(st.integers(0, 30)) / 2))
            if data.draw(st.booleans()) else a
            for a in net.activities
        ]
        net = Network(acts, net.dependencies)
        s = schedule(net)
        unc = {a.id: Uniform(a.duration, a.duration) for a in net.activities}
        res = simulate(net, unc, iterations=3, rng=0, milestones=net.ids)
        assert (res.finish == s.project_duration).all()
        assert_array_equal(res.milestone_finish[:, 0], s.early_finish)
        assert_array_equal(res.criticality, (s.total_float <= 1e-9).astype(float))

    def test_more_links_into_an_activity_than_activities(self) -> None:
        """T0 and T1 each link to T2 twice (FS and SS): T2 has 4 start links among 3
        activities, which made the row layout mix levels (IndexError before the fix)."""
        net = Network([Activity("T0", 2), Activity("T2", 1), Activity("T1", 3)],
                      [Dependency("T0", "T2"), Dependency("T0", "T2", "SS"),
                       Dependency("T1", "T2"), Dependency("T1", "T2", "SS")])
        unc = {a.id: Uniform(a.duration, a.duration) for a in net.activities}
        res = simulate(net, unc, iterations=3, rng=0, milestones=net.ids)
        s = schedule(net)
        assert (res.finish == s.project_duration).all()
        assert_array_equal(res.milestone_finish[:, 0], s.early_finish)

    def test_dated_sample_network(self) -> None:
        """Date constraints (SNET at each project's start) follow the calendar as in CPM."""
        from pmokit.datasets import PORTFOLIO_START, sample_dated_network, sample_pmo

        pmo = sample_pmo()
        net = sample_dated_network(pmo)
        s = schedule(net, start=PORTFOLIO_START, calendar=pmo.calendar)
        unc = {a.id: Triangular(a.duration, a.duration, a.duration) for a in net.activities}
        res = simulate(net, unc, iterations=3, rng=0, start=PORTFOLIO_START,
                       calendar=pmo.calendar, milestones=net.ids)
        assert (res.finish == s.project_duration).all()
        assert_array_equal(res.milestone_finish[:, 0], s.early_finish)
        assert res.percentile_date(50) == s.finish_date

    def test_no_uncertainty(self) -> None:
        """An empty uncertainty mapping gives the deterministic duration in every iteration."""
        net = _parallel(3, 7.0)
        res = simulate(net, {}, iterations=10, rng=1)
        assert (res.finish == 7.0).all()
        assert res.std == 0.0
        assert_array_equal(res.cruciality, 0.0)


class TestReproducibility:
    """Same seed, same numbers."""

    def test_same_seed_bit_for_bit(self) -> None:
        """Every array is identical for the same seed, different for another seed."""
        net = _parallel(3, 10.0)
        unc = {f"P{i}": Triangular(8, 10, 15) for i in range(3)}
        risk = RiskEvent("R", 0.4, Triangular(1.0, 1.1, 1.4), ("P0", "P1"))
        corr = CorrelationMatrix(("P1", "P2"), [[1, 0.5], [0.5, 1]])
        kw = {"iterations": 5000, "risks": [risk], "correlation": corr, "max_memory": 200_000}
        a = simulate(net, unc, rng=42, **kw)
        b = simulate(net, unc, rng=42, **kw)
        c = simulate(net, unc, rng=43, **kw)
        assert a.chunk_size < 5000  # several chunks
        for name in ("finish", "criticality", "cruciality", "sensitivity",
                     "milestone_finish", "finish_without_risk", "duration_mean"):
            assert_array_equal(getattr(a, name), getattr(b, name))
        assert not np.array_equal(a.finish, c.finish)

    def test_chunking_bounds_memory(self) -> None:
        """A smaller max_memory gives smaller chunks; the statistics agree."""
        net = _parallel(4, 10.0)
        unc = {f"P{i}": Triangular(8, 10, 15) for i in range(4)}
        small = simulate(net, unc, iterations=20_000, rng=1, max_memory=20_000)
        big = simulate(net, unc, iterations=20_000, rng=1)
        assert small.chunk_size * 8 * (6 * 5) <= 20_000 + 16 * 8 * 6 * 5
        assert big.chunk_size == 20_000
        assert abs(small.mean - big.mean) < 0.05


class TestRisks:
    """Risk events (risk drivers)."""

    def _net(self) -> Network:
        return Network([Activity("A", 10), Activity("B", 10), Activity("C", 5)],
                       [Dependency("A", "C"), Dependency("B", "C")])

    def test_probability_zero_changes_nothing(self) -> None:
        """A risk that never occurs leaves every result unchanged."""
        unc = {"A": Triangular(8, 10, 14), "B": Triangular(9, 10, 12)}
        base = simulate(self._net(), unc, iterations=3000, rng=4)
        risk = RiskEvent("R0", 0.0, Triangular(1.5, 2, 3), ("A", "B"))
        with_risk = simulate(self._net(), unc, iterations=3000, rng=4, risks=[risk])
        assert_array_equal(base.finish, with_risk.finish)
        assert_array_equal(base.criticality, with_risk.criticality)
        assert_array_equal(base.cruciality, with_risk.cruciality)
        assert_array_equal(with_risk.risk_contribution(80), [0.0])

    def test_certain_additive_risk(self) -> None:
        """A certain +3 days on a serial chain adds exactly 3 days."""
        net = Network([Activity("A", 4), Activity("B", 6)], [Dependency("A", "B")])
        r = RiskEvent("R", 1.0, Uniform(3, 3), ["B"], mode="additive")
        res = simulate(net, {}, iterations=10, rng=1, risks=[r])
        assert (res.finish == 13.0).all()
        assert_array_equal(res.risk_contribution(80), [3.0])
        assert_array_equal(res.finish_without_risk, 10.0)

    def test_multiplicative_risk_frequency_and_size(self) -> None:
        """Occurs with its probability; the factor is applied to the duration."""
        net = Network([Activity("A", 10)])
        r = RiskEvent("R", 0.3, Uniform(1.5, 1.5), "A")
        N = 40_000
        res = simulate(net, {}, iterations=N, rng=8, risks=[r])
        hit = res.finish == 15.0
        assert set(np.unique(res.finish).tolist()) == {10.0, 15.0}
        assert abs(hit.mean() - 0.3) < 4 * math.sqrt(0.21 / N)

    def test_shared_risk_correlates_activities(self) -> None:
        """Two activities driven by one risk are positively correlated (risk drivers)."""
        net = Network([Activity("A", 10), Activity("B", 10), Activity("MA", 0),
                       Activity("MB", 0)], [Dependency("A", "MA"), Dependency("B", "MB")])
        unc = {"A": Triangular(9, 10, 11), "B": Triangular(9, 10, 11)}
        r = RiskEvent("R", 0.5, Triangular(1.2, 1.3, 1.5), ("A", "B"))
        res = simulate(net, unc, iterations=20_000, rng=2, risks=[r], milestones=["MA", "MB"])
        rho = stats.spearmanr(res.milestone_finish[0], res.milestone_finish[1]).statistic
        assert rho > 0.5
        alone = simulate(net, unc, iterations=20_000, rng=2, milestones=["MA", "MB"])
        assert abs(stats.spearmanr(*alone.milestone_finish).statistic) < 0.03

    @settings(max_examples=examples(60), deadline=None)
    @given(networks(max_n=12), st.data())
    def test_finish_without_each_risk_is_the_rerun(self, net: Network,
                                                   data: st.DataObject) -> None:
        """finish_without_risk[j] is bit for bit the finish of the same run with risk j
        at probability 0 (the same draws otherwise), whatever the order of the risks'
        first levels (the passes restart from each risk's first level)."""
        if data.draw(st.booleans()):  # some early-date constraints too
            kinds = ("SNET", "FNET", "MSO", "MFO")
            net = Network([
                attrs.evolve(a, constraint=Constraint(data.draw(st.sampled_from(kinds)),
                                                      data.draw(st.integers(0, 30)) / 2))
                if data.draw(st.booleans()) else a
                for a in net.activities
            ], net.dependencies)
        ids = list(net.ids)
        risks = []
        for j in range(data.draw(st.integers(1, 4))):
            acts = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3,
                                      unique=True))
            mode = data.draw(st.sampled_from(["multiplicative", "additive"]))
            impact = Uniform(1.1, 1.6) if mode == "multiplicative" else Uniform(0.5, 3)
            risks.append(RiskEvent(f"R{j}", 0.5, impact, acts, mode=mode))
        unc = {a: Triangular(1, 2, 5) for a in ids[::2]}
        res = simulate(net, unc, iterations=64, rng=7, risks=risks)
        for j, r in enumerate(risks):
            off = [attrs.evolve(x, probability=0.0) if x is r else x for x in risks]
            ref = simulate(net, unc, iterations=64, rng=7, risks=off)
            assert_array_equal(res.finish_without_risk[j], ref.finish)

    def test_finish_without_risk_on_a_few_rows(self) -> None:
        """A risk that moves at most half the activities recomputes only those rows:
        through a finish-to-finish link (the successor's early start from 0 again) and
        a start-to-start one, the finish without it is the plan's."""
        net = Network(
            [Activity("A", 10), Activity("B", 2), Activity("S", 1), Activity("C", 5),
             Activity("D", 4), Activity("E", 3), Activity("F", 2), Activity("G", 1)],
            [Dependency("A", "B", "FF"), Dependency("A", "S", "SS", lag=3),
             Dependency("C", "D"), Dependency("D", "E"), Dependency("F", "G")],
        )
        risk = RiskEvent("R", 1.0, Uniform(2, 2), ["A"])
        model = _compile(net, {}, (risk,), None, [])
        assert model.risks[0].row_plan is not None  # A, B, S of 8 activities
        res = simulate(net, {}, iterations=20, rng=1, risks=[risk])
        assert (res.finish == 20.0).all()
        assert (res.finish_without_risk[0] == 12.0).all()  # C-D-E, not A's 10

    def test_tornado_ranks_risks(self) -> None:
        """The bigger risk on the critical path contributes more to P80."""
        net = Network([Activity("A", 10), Activity("B", 8)], [])
        big = RiskEvent("BIG", 0.5, Triangular(1.3, 1.4, 1.6), ["A"])
        small = RiskEvent("SMALL", 0.5, Triangular(1.0, 1.05, 1.1), ["A"])
        off = RiskEvent("OFF", 0.5, Triangular(1.0, 1.05, 1.1), ["B"])
        res = simulate(net, {"A": Triangular(9, 10, 11)}, iterations=5000, rng=1,
                       risks=[small, big, off])
        c = res.risk_contribution(80)
        assert c[1] > c[0] > 0
        assert c[2] == 0.0
        assert res.risk_ids == ("SMALL", "BIG", "OFF")


@pytest.mark.parametrize("shape", [(3, 1), (5, 7), (4, 8), (7, 2040), (3, 2041), (2, 5003),
                                   (0, 5), (5, 0), (40, 1000)])
@pytest.mark.parametrize("p", [0.0, 0.3, 1.0])
def test_count_rows_equals_count_nonzero(shape, p) -> None:
    """The packed criticality count equals numpy's per-row count (blocks, remainders)."""
    m = np.random.default_rng(sum(shape)).random(shape) < p
    assert_array_equal(_count_rows(m), np.count_nonzero(m, axis=1))


class TestIndices:
    """Criticality, cruciality, schedule sensitivity index."""

    def test_parallel_criticality_split(self) -> None:
        """Two iid parallel paths are each critical about half the time."""
        res = simulate(_parallel(2), {"P0": Normal(100, 5), "P1": Normal(100, 5)},
                       iterations=20_000, rng=1)
        assert_allclose(res.criticality[:2], 0.5, atol=0.02)
        assert res.criticality[2] == 1.0
        assert_allclose(res.criticality[0] + res.criticality[1], 1.0)

    def test_cruciality_against_spearman(self) -> None:
        """Cruciality matches scipy's Spearman rho of recorded durations and the finish."""
        net = Network([Activity("A", 10), Activity("B", 9), Activity("MA", 0),
                       Activity("MB", 0), Activity("E", 0)],
                      [Dependency("A", "MA"), Dependency("B", "MB"), Dependency("MA", "E"),
                       Dependency("MB", "E")])
        unc = {"A": Triangular(8, 10, 16), "B": BetaPert(6, 9, 18)}
        res = simulate(net, unc, iterations=30_000, rng=4, milestones=["MA", "MB"])
        for i, aid in enumerate(("A", "B")):
            ref = stats.spearmanr(res.milestone_finish[i], res.finish).statistic
            assert_allclose(res.cruciality[net.compiled.index[aid]], ref, atol=0.01)

    def test_fixed_duration_has_zero_cruciality(self) -> None:
        """A zero-width distribution gives cruciality 0 (its grade varies, its duration
        does not), beside an uncertain activity that drives the finish."""
        net = Network([Activity("A", 5), Activity("B", 4), Activity("C", 3)],
                      [Dependency("A", "B"), Dependency("B", "C")])
        unc = {"A": Triangular(5, 5, 5), "B": Triangular(3, 4, 9)}
        res = simulate(net, unc, iterations=5_000, rng=3)
        assert res.cruciality[0] == 0.0
        assert res.cruciality[1] > 0.99
        assert res.cruciality[2] == 0.0

    @pytest.mark.parametrize("correlated", [False, True])
    def test_kept_uniforms_equal_replayed(self, correlated: bool) -> None:
        """Cruciality from the grades kept as 32-bit integers equals the replay from the
        chunk seeds (the path taken when they do not fit in max_memory), with and
        without copula activities (whose grades are kept to 32 bits)."""
        net = _parallel(4)
        unc = {f"P{i}": BetaPert(80, 100, 100 + 10 * i) for i in range(4)}
        corr = None
        if correlated:
            corr = CorrelationMatrix(("P1", "P3"), [[1.0, 0.4], [0.4, 1.0]])
        model = _compile(net, unc, (), corr, [])
        assert model.keepable
        seeds, sizes = np.array([11, 12, 13]), [400, 401, 399]
        kept = np.empty((4, sum(sizes)), dtype=np.uint32)
        finish, lo = [], 0
        for seed, size in zip(seeds.tolist(), sizes, strict=True):
            d, _ = model.durations(_chunk_generator(seed), size, kept[:, lo : lo + size])
            finish.append(d.max(axis=0))
            lo += size
        f = np.concatenate(finish)
        a = _cruciality(model, seeds, sizes, f, kept)
        b = _cruciality(model, seeds, sizes, f)
        assert_allclose(a, b, rtol=1e-7 if correlated else 1e-12)
        order = np.argsort(model.unc_rows)  # back to P0..P3
        assert (np.diff(a[order]) > 0).all()  # wider ranges drive the finish more

    @pytest.mark.parametrize("everyone", [True, False])
    def test_duration_moments_with_risks(self, everyone: bool) -> None:
        """duration_mean/std are the moments of the durations each iteration used, risk
        impacts included: summed by the sampler block by block when every activity is
        uncertain (corrected for the rows the risks change), else from the chunk."""
        net = _parallel(3)
        unc = {f"P{i}": BetaPert(80, 100, 110 + 10 * i) for i in range(3)}
        if everyone:
            unc["END"] = Triangular(0, 0, 0)
        risks = (RiskEvent("R", 0.5, Uniform(1.1, 1.3), ["P0", "P2"]),
                 RiskEvent("S", 0.3, Uniform(2, 4), ["P2"], mode="additive"))
        res = simulate(net, unc, iterations=3_000, rng=9, risks=risks)
        assert res.chunk_size == 3_000  # one chunk: replay it
        model = _compile(net, unc, risks, None, [])
        assert model.fused is everyone
        seed = _stream_seeds(as_generator(9), 1)[0]  # one stream of 3,000 iterations
        d, draws = model.durations(_chunk_generator(seed), 3_000)
        _apply_risks(model, d, d[model.risk_rows], draws)
        rows = model.pos
        assert_allclose(res.duration_mean, d.mean(axis=1)[rows], rtol=1e-12)
        assert_allclose(res.duration_std, d.std(axis=1, ddof=1)[rows], rtol=1e-9, atol=1e-9)
        assert res.duration_mean[0] > 100  # the factor shows

    def test_sensitivity_index_definition(self) -> None:
        """SSI = CI * sd(activity) / sd(project)."""
        unc = {"P0": Triangular(80, 100, 130), "P1": Triangular(90, 100, 110)}
        res = simulate(_parallel(2), unc, iterations=5000, rng=3)
        assert_allclose(res.sensitivity, res.criticality * res.duration_std / res.std)
        assert_allclose(res.duration_mean[:2], [310 / 3, 100], rtol=0.01)

    def test_indices_off(self) -> None:
        """indices=False skips them but keeps the durations."""
        unc = {"P0": Triangular(80, 100, 130)}
        a = simulate(_parallel(2), unc, iterations=500, rng=3, indices=False)
        b = simulate(_parallel(2), unc, iterations=500, rng=3)
        assert np.isnan(a.criticality).all()
        assert_array_equal(a.finish, b.finish)

    def test_indices_subsets(self) -> None:
        """Each index asked for alone equals the full run's; the others are NaN.
        Sensitivity brings criticality with it (it needs it)."""
        net = _parallel(3)
        unc = {f"P{i}": BetaPert(80, 100, 110 + 10 * i) for i in range(3)}
        full = simulate(net, unc, iterations=3_000, rng=5)
        for names, shown in [(("criticality",), {"criticality"}),
                             (["cruciality"], {"cruciality"}),
                             ({"sensitivity"}, {"criticality", "sensitivity"}),
                             (("cruciality", "criticality"), {"criticality", "cruciality"})]:
            res = simulate(net, unc, iterations=3_000, rng=5, indices=names)
            assert_array_equal(res.finish, full.finish)
            for attr in ("criticality", "cruciality", "sensitivity"):
                if attr in shown:
                    assert_array_equal(getattr(res, attr), getattr(full, attr))
                else:
                    assert np.isnan(getattr(res, attr)).all()


class TestDatesAndDeadline:
    """Calendar dates, probability_within and deadlines."""

    def test_dates(self) -> None:
        """Percentile dates follow the calendar; a date limit counts its own day."""
        net = Network([Activity("A", 5)])
        cal = WorkCalendar()
        mon = dt.date(2026, 11, 23)
        res = simulate(net, {"A": Uniform(5, 10)}, iterations=4000, rng=1, start=mon,
                       calendar=cal, deadline=dt.date(2026, 12, 1))
        p50 = res.percentile(50)
        assert res.percentile_date(50) == cal.finish_date(mon, p50)
        # finishing by Tuesday 1 Dec = within 7 working days
        assert res.deadline == 7.0
        assert res.deadline_probability == res.probability_within(7.0)
        assert_allclose(res.probability_within(dt.date(2026, 12, 1)), 0.4, atol=0.03)
        rows = res.percentiles((50, 80))
        assert rows[1]["date"] == res.percentile_date(80)

    def test_numeric_deadline_and_records(self) -> None:
        """A numeric deadline; to_records and to_frame."""
        res = simulate(_parallel(2), {"P0": Uniform(90, 110)}, iterations=2000, rng=1,
                       deadline=105)
        assert_allclose(res.deadline_probability, 0.75, atol=0.04)
        recs = res.to_records()
        assert [r["id"] for r in recs] == ["P0", "P1", "END"]
        pytest.importorskip("pandas")
        assert list(res.to_frame().index) == ["P0", "P1", "END"]

    def test_milestone_percentile(self) -> None:
        """Default milestones are the zero-duration activities."""
        res = simulate(_parallel(2), {"P0": Uniform(90, 110)}, iterations=2000, rng=1)
        assert res.milestone_ids == ("END",)
        assert res.milestone_percentile("END", 80) == res.percentile(80)
        with pytest.raises(UnknownReferenceError, match="'P0' is not a recorded milestone"):
            res.milestone_percentile("P0", 80)

    def test_dates_need_start(self) -> None:
        """percentile_date without start."""
        res = simulate(_parallel(1), {}, iterations=2, rng=1)
        with pytest.raises(ValidationError, match="start"):
            res.percentile_date(50)


class TestErrors:
    """Bad input names the item."""

    @pytest.mark.parametrize("bad", ["criticality", 3, ("criticality", "slack")])
    def test_bad_indices(self, bad) -> None:
        """indices must be a bool or a collection of known names; unknown ones named."""
        with pytest.raises(ValidationError, match="'indices'") as e:
            simulate(_parallel(2), {"P0": Uniform(1, 2)}, iterations=10, indices=bad)
        if isinstance(bad, tuple):
            assert "'slack'" in str(e.value)

    def test_unknown_activities_all_listed(self) -> None:
        """Uncertainty, risk, correlation and milestones naming unknown activities."""
        net = _parallel(2)
        risk = RiskEvent("R1", 0.5, Uniform(1, 2), ("P0", "NOPE"))
        corr = CorrelationMatrix(("P0", "GHOST"), np.eye(2))
        with pytest.raises(UnknownReferenceError) as e:
            simulate(net, {"P0": Uniform(1, 2), "X": Uniform(1, 2)}, risks=[risk],
                     correlation=corr, milestones=["M?"], iterations=10)
        assert set(e.value.unknown) == {"X", "NOPE", "GHOST", "M?"}
        assert "risk 'R1' names unknown activity 'NOPE'" in str(e.value)
        assert "correlation names unknown activity 'GHOST'" in str(e.value)

    def test_correlated_activity_without_distribution(self) -> None:
        """Correlation on a deterministic activity."""
        corr = CorrelationMatrix(("P0", "P1"), np.eye(2))
        with pytest.raises(ValidationError, match="'P1', which has no distribution"):
            simulate(_parallel(2), {"P0": Uniform(1, 2)}, correlation=corr, iterations=10)

    def test_risk_probability_out_of_range(self) -> None:
        """Probabilities outside [0, 1]."""
        with pytest.raises(ValidationError, match=r"probability of risk 'R'' must be <= 1\.0"):
            RiskEvent("R", 1.2, Uniform(1, 2), ("A",))
        with pytest.raises(ValidationError, match=r"must be >= 0\.0"):
            RiskEvent("R", -0.1, Uniform(1, 2), ("A",))

    def test_risk_bad_fields(self) -> None:
        """Impact not a distribution, no activities, bad mode."""
        with pytest.raises(ValidationError) as e:
            RiskEvent("R", 0.5, 1.2, ())  # type: ignore[arg-type]
        assert len(e.value.problems) == 2
        with pytest.raises(ValidationError, match="'mode' of risk 'R'"):
            RiskEvent("R", 0.5, Uniform(1, 2), ("A",), mode="both")  # type: ignore[arg-type]

    def test_duplicate_risk(self) -> None:
        """Two risks with one id."""
        r = RiskEvent("R", 0.5, Uniform(1, 2), ("P0",))
        with pytest.raises(DuplicateError, match="'R'"):
            simulate(_parallel(2), {}, risks=[r, r], iterations=10)

    def test_bad_iterations_and_values(self) -> None:
        """Iterations, distribution values, deadline and calendar problems together."""
        with pytest.raises(ValidationError) as e:
            simulate(_parallel(2), {"P0": 5.0}, iterations=1)  # type: ignore[dict-item]
        assert len(e.value.problems) == 2
        assert "'uncertainty' of activity 'P0' must be a Distribution" in str(e.value)
        with pytest.raises(ValidationError, match="'calendar' needs 'start'"):
            simulate(_parallel(2), {}, iterations=10, calendar=WorkCalendar())
        with pytest.raises(ValidationError, match="deadline date needs 'start'"):
            simulate(_parallel(2), {}, iterations=10, deadline=dt.date(2026, 1, 1))
        with pytest.raises(ValidationError, match="'deadline' must be >= 0"):
            simulate(_parallel(2), {}, iterations=10, deadline=-3)

    def test_unsupported_scheduling_features(self) -> None:
        """ALAP, own calendars and date constraints without start are refused, not ignored."""
        net = Network([Activity("A", 2, constraint=Constraint("ALAP")),
                       Activity("B", 2, calendar=WorkCalendar(weekdays=(0, 1, 2))),
                       Activity("C", 2, constraint=Constraint("SNET", dt.date(2026, 1, 7)))])
        with pytest.raises(ValidationError) as e:
            simulate(net, {}, iterations=10)
        text = str(e.value)
        assert "'A' is as late as possible (ALAP)" in text
        assert "'B' has its own calendar" in text
        assert "SNET constraint of activity 'C' is a date" in text

    def test_percent_out_of_range(self) -> None:
        """percentile(p) takes percents in [0, 100]."""
        res = simulate(_parallel(1), {}, iterations=2, rng=1)
        with pytest.raises(ValidationError, match=r"'p \(percent\)' must be <= 100"):
            res.percentile(120)

    def test_bad_network(self) -> None:
        """Not a network."""
        with pytest.raises(ValidationError, match="'network' must be a Network"):
            simulate([], {})  # type: ignore[arg-type]


class TestVocabularyAndGuards:
    """Issue 14: numpy's percentile/quantile scales, unit-slip guards, memory limits,
    seeds independent of max_memory, pickling."""

    def _res(self, **kw: object) -> object:
        net = _parallel(3, 10.0)
        unc = {f"P{i}": Triangular(8, 10, 15) for i in range(3)}
        return simulate(net, unc, iterations=4000, rng=5, **kw)

    def test_percentile_refuses_a_probability(self) -> None:
        """percentile(0.8) was P0.8 silently; now an error suggesting quantile(0.8)."""
        res = self._res()
        with pytest.raises(ValidationError, match=r"did you mean quantile\(0.8\)"):
            res.percentile(0.8)
        assert res.percentile(0.8, check_units=False) < res.percentile(80)

    def test_quantile_is_percentile_over_100(self) -> None:
        """quantile(q) == percentile(100 q); quantile(80) is refused with the hint."""
        res = self._res()
        for q in (0.1, 0.5, 0.8, 0.95):
            assert res.quantile(q) == res.percentile(100 * q)
        with pytest.raises(ValidationError, match=r"did you mean percentile\(80\)"):
            res.quantile(80)

    def test_check_units_is_a_flag(self) -> None:
        """check_units accepts only bools."""
        with pytest.raises(ValidationError, match="True or False"):
            self._res().percentile(80, check_units="no")

    def test_impact_given_in_percent_refused(self) -> None:
        """Triangular(10, 20, 50) as a factor (x26 on average) is a probable percent."""
        with pytest.raises(ValidationError, match="did you give a percent"):
            RiskEvent("R", 0.3, Triangular(10, 20, 50), ("P0",))
        r = RiskEvent("R", 0.3, Triangular(10, 20, 50), ("P0",), check_units=False)
        assert r.impact.mean > IMPACT_FACTOR_BOUND
        RiskEvent("R", 0.3, Triangular(10, 20, 50), ("P0",), mode="additive")  # days: fine

    def test_probability_in_percent_refused(self) -> None:
        """A probability of 30 is reported as a probable percent."""
        with pytest.raises(ValidationError, match=r"did you give a percent\? 30 % is 0.3"):
            RiskEvent("R", 30, Triangular(1.1, 1.2, 1.5), ("P0",))

    def test_results_too_large_refused_before_allocating(self) -> None:
        """iterations=10**9 states the limit instead of dying of MemoryError."""
        with pytest.raises(ValidationError, match="above the limit of"):
            simulate(_parallel(2), {"P0": Triangular(1, 2, 3)}, iterations=10**9, rng=1)

    def test_same_seed_same_numbers_whatever_max_memory(self) -> None:
        """max_memory only decides how many iterations go through the passes at once."""
        net = _parallel(3, 10.0)
        unc = {f"P{i}": Triangular(8, 10, 15) for i in range(3)}
        risk = RiskEvent("R", 0.4, Triangular(1.0, 1.1, 1.4), ("P0", "P1"))
        corr = CorrelationMatrix(("P1", "P2"), [[1, 0.5], [0.5, 1]])
        kw = {"iterations": 9000, "risks": [risk], "correlation": corr, "rng": 42}
        results = [simulate(net, unc, max_memory=m, **kw) for m in (20_000, 300_000, 2**27)]
        assert len({r.chunk_size for r in results}) == 3
        for r in results[1:]:
            for name in ("finish", "criticality", "cruciality", "sensitivity",
                         "milestone_finish", "finish_without_risk", "duration_mean",
                         "duration_std"):
                assert_array_equal(getattr(r, name), getattr(results[0], name), err_msg=name)

    def test_result_and_risk_pickle_and_deepcopy(self) -> None:
        """RiskResult and RiskEvent round-trip equal; arrays stay read-only."""
        import copy
        import pickle

        res = self._res(risks=[RiskEvent("R", 0.4, Triangular(1.0, 1.1, 1.4), ("P0",))])
        for back in (pickle.loads(pickle.dumps(res)), copy.deepcopy(res)):
            assert back == res
            assert not back.finish.flags.writeable
            assert not back.finish_without_risk.flags.writeable
        r = res.risk_ids
        assert pickle.loads(pickle.dumps(r)) == r
        ev = RiskEvent("R", 0.4, Triangular(1.0, 1.1, 1.4), ("P0",))
        assert pickle.loads(pickle.dumps(ev)) == ev
        assert copy.deepcopy(ev) == ev

    def test_result_is_a_mapping_of_activities(self) -> None:
        """res[id] is the activity's record; in, len, iteration, .get; unknown id -> KeyError."""
        from pmokit.errors import UnknownReferenceError

        res = self._res()
        assert res["P0"] == res.to_records()[res.ids.index("P0")]
        assert "P1" in res and "ZZ" not in res
        assert list(res) == list(res.ids) and len(res) == len(res.ids)
        assert res.get("ZZ") is None
        with pytest.raises(UnknownReferenceError, match="unknown activity 'ZZ'"):
            res["ZZ"]


def test_risk_event_blank_id() -> None:
    """A blank risk id is refused like an empty one (fuzz finding, issue 14)."""
    from pmokit.errors import ValidationError
    from pmokit.scheduling import RiskEvent, Triangular

    with pytest.raises(ValidationError, match="'id' of a risk"):
        RiskEvent("  ", 0.3, Triangular(1.0, 1.1, 1.3), ("A",))


def _net() -> tuple[Network, dict[str, BetaPert]]:
    acts = [Activity(f"T{i}", 3.0) for i in range(30)]
    deps = [Dependency(f"T{i}", f"T{i + 3}") for i in range(27)]
    return Network(acts, deps), {f"T{i}": BetaPert(2, 3, 7) for i in range(30)}


N = 20_000


class TestProgress:
    """Reporting never changes the numbers; a stop keeps the streams done."""

    def test_reports_without_changing_the_numbers(self) -> None:
        """done grows to N in several reports; the result is bit for bit the plain one."""
        net, unc = _net()
        seen: list[ProgressInfo] = []
        plain = simulate(net, unc, iterations=N, rng=5)
        res = simulate(net, unc, iterations=N, rng=5, progress=seen.append)
        assert_array_equal(res.finish, plain.finish)
        assert_array_equal(res.criticality, plain.criticality)
        assert_array_equal(res.cruciality, plain.cruciality)
        done = [i.done for i in seen]
        assert len(done) >= 3 and done == sorted(done) and done[-1] == N
        assert seen[-1].best == pytest.approx(plain.mean)

    def test_early_stop_keeps_the_first_streams(self) -> None:
        """Stopping after the first report: fewer iterations, the same first draws as the
        full run, and indices computed on them."""
        net, unc = _net()
        plain = simulate(net, unc, iterations=N, rng=5)
        seen: list[ProgressInfo] = []

        def stop(info: ProgressInfo) -> bool:
            seen.append(info)
            return True

        res = simulate(net, unc, iterations=N, rng=5, progress=stop)
        assert res.iterations == seen[0].done < N
        assert_array_equal(res.finish, plain.finish[: res.iterations])
        assert res.criticality.min() >= 0.0 and res.criticality.max() <= 1.0

    def test_stop_iteration(self) -> None:
        """Raising StopIteration stops as returning True does."""
        net, unc = _net()

        def stop(info: ProgressInfo) -> None:
            raise StopIteration

        assert simulate(net, unc, iterations=N, rng=5, progress=stop).iterations < N

    @requires_tqdm
    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a bar counting iterations."""
        net, unc = _net()
        simulate(net, unc, iterations=N, rng=5, progress=True)
        err = capsys.readouterr().err
        assert "simulate" in err and f"{N}/{N}" in err

    def test_bad_progress(self) -> None:
        """A progress that is not a bool or callable is refused by name."""
        net, unc = _net()
        with pytest.raises(ValidationError, match="'progress' must be"):
            simulate(net, unc, iterations=100, progress=3)  # type: ignore[arg-type]


class TestRiskEventIds:
    """RiskEvent follows the one id rule of every domain."""

    def test_integer_activity_ids(self) -> None:
        """Integer activity ids (MS Project style) are accepted and drive the risk."""
        net = Network([Activity(1, 5.0), Activity(2, 3.0)], [Dependency(1, 2)])
        risk = RiskEvent("R", 1.0, Triangular(1.5, 1.5, 1.5), (2,))
        res = simulate(net, {1: Triangular(4, 5, 6)}, iterations=200, rng=1, risks=[risk])
        np.testing.assert_allclose(res.finish - res.finish_without_risk[0], 1.5)

    @pytest.mark.parametrize("bad", ["", "  ", None, 1.5, True])
    def test_bad_activity_ids(self, bad: object) -> None:
        """Empty, None, float and bool activity ids are refused by name."""
        with pytest.raises(ValidationError, match="activity of risk 'R'"):
            RiskEvent("R", 0.5, Triangular(1.1, 1.2, 1.5), (bad,))  # type: ignore[arg-type]


@st.composite
def percent_networks(draw: st.DrawFn, max_n: int = 12) -> Network:
    """Random DAGs whose links mix percent lags (shares of the predecessor's duration,
    leads included) with working-day lags, every link type, shuffled ids."""
    n = draw(st.integers(2, max_n))
    durs = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    acts = [Activity(f"T{i}", d / 2) for i, d in enumerate(durs)]
    deps, seen = [], set()
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.sampled_from(LINKS), st.integers(-60, 150),
                                    st.booleans()),
                          min_size=1, max_size=3 * n))
    for a, b, t, lag, pct in pairs:
        a, b = min(a, b), max(a, b)
        if a == b or (a, b, t) in seen:
            continue
        seen.add((a, b, t))
        if pct:
            deps.append(Dependency(acts[a].id, acts[b].id, t, lag=lag, lag_kind="percent"))
        else:
            deps.append(Dependency(acts[a].id, acts[b].id, t, lag=(lag % 13) / 2 - 2))
    perm = draw(st.permutations(range(n)))
    return Network([acts[i] for i in perm], deps)


class TestPercentLags:
    """A percent lag is a share of the predecessor's duration: simulate recomputes it
    from each iteration's sampled duration (it used to refuse such networks)."""

    @settings(max_examples=examples(60), deadline=None)
    @given(percent_networks(), st.integers(0, 2**32 - 1))
    def test_passes_equal_schedule_on_each_iteration(self, net: Network, seed: int) -> None:
        """Each column of the passes equals an independent schedule() of a network with
        that iteration's durations (whose percent lags come from those durations)."""
        unc = {a.id: Uniform(a.duration * 0.5, a.duration * 1.5 + 1) for a in net.activities}
        model = _compile(net, unc, (), None, [])
        d, _ = model.durations(np.random.default_rng(seed), 4)
        n = net.compiled.n
        t = np.full((2 * n, 4), np.nan)  # garbage: every row must be written
        b = np.full((2 * n + 1, 4), np.nan)
        with _compiled.disabled():
            _forward(model.fwd, d, t)
            f = t.take(model.end_rows, axis=0).max(axis=0)
            _backward(model.bwd, d, f, b)
        for j in range(4):
            acts = [Activity(a.id, float(d[model.pos[i], j]))
                    for i, a in enumerate(net.activities)]
            s = schedule(Network(acts, net.dependencies))
            assert_allclose(f[j], s.project_duration, atol=1e-9)
            assert_allclose(t[:n, j][model.pos], s.early_start, atol=1e-9)
            assert_allclose(t[n:, j][model.pos], s.early_finish, atol=1e-9)
            assert_allclose(b[:n, j][model.pos], s.late_start, atol=1e-9)

    @settings(max_examples=examples(25), deadline=None)
    @given(percent_networks(max_n=8), st.integers(0, 2**32 - 1))
    def test_simulate_finish_equals_schedule_per_iteration(self, net: Network,
                                                          seed: int) -> None:
        """simulate's finish of every iteration equals schedule() on the durations of
        that iteration (drawn again from the same streams), with a risk rerun too."""
        unc = {a.id: Uniform(a.duration * 0.5, a.duration * 1.5 + 1) for a in net.activities}
        res = simulate(net, unc, iterations=20, rng=seed, indices=False)
        model = _compile(net, unc, (), None, [])
        gen = _chunk_generator(_stream_seeds(as_generator(seed), 1)[0])
        d, _ = model.durations(gen, 20)
        for j in range(20):
            acts = [Activity(a.id, float(d[model.pos[i], j]))
                    for i, a in enumerate(net.activities)]
            want = schedule(Network(acts, net.dependencies)).project_duration
            assert_allclose(res.finish[j], want, atol=1e-9)

    def test_finish_is_twice_the_sampled_duration(self) -> None:
        """A -> B with a lag of 100% of A: every iteration finishes at 2 d_A + 1, so the
        finish's mean and spread are exactly twice A's (a lag fixed at the planned
        duration would give the spread once)."""
        net = Network([Activity("A", 6), Activity("B", 1)],
                      [Dependency("A", "B", lag=100, lag_kind="percent")])
        for compiled in (True, False):
            with _compiled.disabled() if not compiled else nullcontext():
                res = simulate(net, {"A": Uniform(2, 10)}, iterations=4000, rng=3)
            assert_allclose(res.finish.mean(), 2 * res.duration_mean[0] + 1, rtol=1e-12)
            assert_allclose(res.finish.std(ddof=1), 2 * res.duration_std[0], rtol=1e-9)
            assert res.finish.min() >= 5.0 and res.finish.max() <= 21.0

    def test_progress_refuses_percent_lags_out_of_work_in_progress(self) -> None:
        """With progress only the remaining work of an activity in progress is sampled,
        not the whole duration a percent lag is a share of: such a link is refused by
        name; out of unstarted work the lag follows the samples as without progress."""
        from pmokit.scheduling import ActivityProgress, Progress

        net = Network([Activity("A", 4), Activity("B", 6), Activity("C", 1)],
                      [Dependency("A", "C", "SS", lag=50, lag_kind="percent"),
                       Dependency("B", "C", lag=100, lag_kind="percent")])
        unc = {"A": Uniform(2, 6), "B": Uniform(4, 8)}
        started = Progress([ActivityProgress("B", actual_start=0, remaining_duration=3)])
        with pytest.raises(ValidationError, match=r"percent lags out of activities in "
                           r"progress .* 'B' -> 'C'"):
            simulate(net, unc, iterations=10, rng=0, actuals=started, data_date=1)
        a_only = Progress([ActivityProgress("A", actual_start=0, remaining_duration=1)])
        with pytest.raises(ValidationError, match="'A' -> 'C'"):
            simulate(net, unc, iterations=10, rng=0, actuals=a_only, data_date=1)
        none_started = Progress([])
        res = simulate(net, unc, iterations=2000, rng=4, actuals=none_started, data_date=0)
        # C starts after twice B's sampled duration: the finish spreads twice as much
        assert_allclose(res.finish.std(ddof=1), 2 * res.duration_std[1], rtol=1e-9)

    def test_elapsed_lags_still_refused(self) -> None:
        """An elapsed lag (24/7 time) is not a number of working days: simulate names it."""
        net = Network([Activity("A", 2), Activity("B", 1)],
                      [Dependency("A", "B", lag=24, lag_unit="h", lag_kind="elapsed")])
        with pytest.raises(ValidationError, match=r"simulate does not support elapsed lags "
                           r".* 'A' -> 'B'"):
            simulate(net, {"A": Uniform(1, 3)}, iterations=10, rng=0)


def test_mandatory_finish_before_a_link_keeps_successors_at_or_after_zero() -> None:
    """A mandatory finish at 0 (P6) places a sampled duration before 0 (its constraint
    wins over logic); its SS successor still starts no earlier than 0, as schedule() says
    (the numpy pass skipped the floor at 0 for links without a lead; found by Hypothesis
    comparing it with the kernel)."""
    net = Network([Activity("M", 0.0, constraint=Constraint("MFO", 0.0, mandatory=True)),
                   Activity("B", 1.0)], [Dependency("M", "B", "SS")])
    model = _compile(net, {"M": Triangular(0.0, 0.0, 0.2)}, (), None, [])
    d, _ = model.durations(np.random.default_rng(0), 5)
    n = 2
    t = np.full((2 * n, 5), np.nan)
    with _compiled.disabled():
        _forward(model.fwd, d, t, model.bounds)
    for j in range(5):
        acts = [attrs.evolve(a, duration=float(d[model.pos[i], j]))
                for i, a in enumerate(net.activities)]
        s = schedule(Network(acts, net.dependencies))
        assert_array_equal(t[:n, j][model.pos], s.early_start)
    assert (t[model.pos[0]] < 0).all() and (t[model.pos[1]] == 0).all()


def test_percent_lag_on_a_level_of_effort_link_refused() -> None:
    """An LOE's span is placed from its links' sampled dates, not from the sampled
    durations a percent lag is a share of: such a link is refused by name."""
    net = Network([Activity("A", 4), Activity("B", 2), Activity("L", 1, kind="loe")],
                  [Dependency("A", "B"), Dependency("A", "L", "SS", lag=50, lag_kind="percent"),
                   Dependency("L", "B", "FF")])
    with pytest.raises(ValidationError, match=r"percent lags on links to or from "
                       r"level-of-effort activities .* 'A' -> 'L'"):
        simulate(net, {"A": Uniform(3, 5)}, iterations=10, rng=0)

"""Rank correlation: validation, Higham repair, copula and Iman-Conover sampling."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    BetaPert,
    CorrelationMatrix,
    Dependency,
    Network,
    Triangular,
    nearest_correlation,
    simulate,
)
from pmokit.scheduling._correlation import CorrelatedUniforms

TARGET = np.array([[1.0, 0.7, -0.3], [0.7, 1.0, 0.2], [-0.3, 0.2, 1.0]])


class TestValidation:
    """Invalid matrices are named; repair only when asked."""

    def test_valid(self) -> None:
        """A valid matrix is kept as given, read-only."""
        c = CorrelationMatrix(("A", "B", "C"), TARGET)
        assert not c.repaired
        assert_allclose(c.matrix, TARGET)
        assert not c.matrix.flags.writeable
        assert c["A", "C"] == -0.3

    def test_not_symmetric(self) -> None:
        """Asymmetric entries name both pairs."""
        m = TARGET.copy()
        m[0, 1] = 0.5
        with pytest.raises(ValidationError, match=r"symmetric, but \('A', 'B'\) is 0.5"):
            CorrelationMatrix(("A", "B", "C"), m)

    def test_diagonal_and_range(self) -> None:
        """Diagonal not 1 and entries beyond [-1, 1] are reported together."""
        m = TARGET.copy()
        m[1, 1] = 0.9
        m[0, 2] = m[2, 0] = 1.5
        with pytest.raises(ValidationError) as e:
            CorrelationMatrix(("A", "B", "C"), m)
        text = str(e.value)
        assert "correlation of 'B' with itself must be 1 (got 0.9)" in text
        assert "between 'A' and 'C' must lie in [-1, 1] (got 1.5)" in text

    def test_not_psd(self) -> None:
        """Correlations that cannot hold together."""
        m = [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]
        with pytest.raises(ValidationError, match=r"positive semi-definite .*repair=True"):
            CorrelationMatrix(("A", "B", "C"), m)

    def test_repair(self) -> None:
        """repair=True gives the nearest valid matrix, flagged as repaired."""
        m = np.array([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]])
        c = CorrelationMatrix(("A", "B", "C"), m, repair=True)
        assert c.repaired
        assert np.linalg.eigvalsh(c.matrix).min() > -1e-9
        assert_allclose(np.diag(c.matrix), 1.0)
        assert_allclose(c.matrix, c.matrix.T)

    def test_shape_nan_ids_method(self) -> None:
        """Wrong shape, NaN, duplicate ids, unknown method."""
        with pytest.raises(ValidationError, match="must be 2 x 2"):
            CorrelationMatrix(("A", "B"), np.eye(3))
        with pytest.raises(ValidationError, match="finite"):
            CorrelationMatrix(("A", "B"), [[1, np.nan], [np.nan, 1]], repair=True)
        with pytest.raises(DuplicateError, match="'A'"):
            CorrelationMatrix(("A", "A"), np.eye(2))
        with pytest.raises(ValidationError, match="'method'"):
            CorrelationMatrix(("A", "B"), np.eye(2), method="t-copula")  # type: ignore[arg-type]

    def test_from_pairs(self) -> None:
        """Pairs build a symmetric matrix; contradictory pairs are refused."""
        c = CorrelationMatrix.from_pairs({("A", "B"): 0.5, ("C", "A"): -0.2})
        assert c.ids == ("A", "B", "C")
        assert c["C", "A"] == c["A", "C"] == -0.2
        with pytest.raises(ValidationError, match="given twice"):
            CorrelationMatrix.from_pairs({("A", "B"): 0.5, ("B", "A"): 0.4})
        with pytest.raises(ValidationError, match="same activity twice"):
            CorrelationMatrix.from_pairs({("A", "A"): 0.5})


class TestNearestCorrelation:
    """Higham's alternating projections."""

    def test_higham_example(self) -> None:
        """Higham (2002), section 4: the 4 x 4 tridiagonal matrix (2, -1)."""
        a = np.array([[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]], float)
        x = nearest_correlation(a)
        # published solution (Higham 2002, p. 340)
        ref = np.array([
            [1.0000, -0.8084, 0.1916, 0.1068],
            [-0.8084, 1.0000, -0.6562, 0.1916],
            [0.1916, -0.6562, 1.0000, -0.8084],
            [0.1068, 0.1916, -0.8084, 1.0000],
        ])
        assert_allclose(x, ref, atol=1e-4)

    def test_bad_input(self) -> None:
        """A non-square or non-finite matrix is refused."""
        with pytest.raises(ValidationError, match="square matrix of finite numbers"):
            nearest_correlation([[1.0, np.nan], [0.2, 1.0]])

    def test_valid_matrix_unchanged(self) -> None:
        """A valid correlation matrix is its own nearest."""
        assert_allclose(nearest_correlation(TARGET), TARGET, atol=1e-8)


class TestSampling:
    """The samplers achieve the target Spearman correlations."""

    @pytest.mark.parametrize("method", ["copula", "iman-conover"])
    def test_uniforms_rank_correlation(self, method: str) -> None:
        """Sample Spearman matrix of the uniforms is close to the target."""
        cu = CorrelatedUniforms(CorrelationMatrix(("A", "B", "C"), TARGET, method=method))
        u = cu(np.random.default_rng(1), 50_000)
        assert ((u > 0) & (u < 1)).all()
        rho = stats.spearmanr(u, axis=1).statistic
        assert_allclose(rho, TARGET, atol=0.015)
        # marginals stay uniform
        for row in u:
            assert stats.kstest(row, "uniform").pvalue > 1e-3

    @pytest.mark.parametrize("method", ["copula", "iman-conover"])
    def test_simulated_durations_correlated(self, method: str) -> None:
        """Durations recorded through milestones carry the target Spearman correlation."""
        acts = [Activity(x, 10) for x in "ABC"] + [Activity(f"M{x}", 0) for x in "ABC"]
        deps = [Dependency(x, f"M{x}") for x in "ABC"]
        unc = {"A": Triangular(5, 10, 20), "B": BetaPert(6, 8, 15), "C": Triangular(9, 10, 11)}
        corr = CorrelationMatrix(("A", "B", "C"), TARGET, method=method)
        res = simulate(Network(acts, deps), unc, iterations=30_000, rng=5, correlation=corr,
                       max_memory=2_000_000)
        assert res.chunk_size < 30_000
        rho = stats.spearmanr(res.milestone_finish, axis=1).statistic
        assert_allclose(rho, TARGET, atol=0.02)

    def test_iman_conover_needs_enough_iterations(self) -> None:
        """Iman-Conover with fewer iterations than variables + 2 is refused."""
        net = Network([Activity("A", 1), Activity("B", 1)])
        corr = CorrelationMatrix(("A", "B"), [[1, 0.5], [0.5, 1]], method="iman-conover")
        with pytest.raises(ValidationError, match="'iterations' must be >= 4"):
            simulate(net, {"A": Triangular(1, 2, 3), "B": Triangular(1, 2, 3)},
                     iterations=3, correlation=corr)


class TestIssue14Inputs:
    """Issue 14: forbidden inputs named; lookups and pickling follow the conventions."""

    def test_correlation_needs_a_distribution(self) -> None:
        """A correlated activity without a distribution in 'uncertainty' is refused."""
        net = Network([Activity("A", 5), Activity("B", 3)], [])
        corr = CorrelationMatrix(("A", "B"), [[1, 0.5], [0.5, 1]])
        with pytest.raises(ValidationError, match="'B', which has no distribution"):
            simulate(net, {"A": Triangular(4, 5, 8)}, correlation=corr, iterations=100)

    @pytest.mark.parametrize("bad", [[[1, 0.5j], [0.5, 1]], [[1, None], [None, 1]]])
    def test_non_real_matrix_refused(self, bad: object) -> None:
        """Complex entries lost their imaginary part silently; None became NaN."""
        with pytest.raises(ValidationError, match="must be an array of numbers"):
            CorrelationMatrix(("A", "B"), bad)

    def test_repair_only_bools(self) -> None:
        """repair='no' was read as True."""
        with pytest.raises(ValidationError, match="'repair' must be True or False"):
            CorrelationMatrix(("A", "B"), [[1, 0.5], [0.5, 1]], repair="no")

    def test_unknown_pair_is_a_key_error(self) -> None:
        """c['A', 'Z'] raised tuple.index's ValueError; now UnknownReferenceError."""
        c = CorrelationMatrix(("A", "B"), [[1, 0.5], [0.5, 1]])
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            c["A", "Z"]
        with pytest.raises(KeyError):
            c["A", "Z"]

    def test_pickle_and_deepcopy(self) -> None:
        """Round-trips equal with a read-only matrix."""
        import copy
        import pickle

        c = CorrelationMatrix(("A", "B"), [[1, 0.5], [0.5, 1]], method="iman-conover")
        for back in (pickle.loads(pickle.dumps(c)), copy.deepcopy(c)):
            assert back == c
            assert not back.matrix.flags.writeable


class TestNearestCorrelationInputs:
    """nearest_correlation names bad options (fuzz findings, issue 14)."""

    @pytest.mark.parametrize(
        ("kw", "match"),
        [({"tol": -1.0}, "'tol'"), ({"tol": None}, "'tol'"), ({"max_iterations": 0},
         "'max_iterations'"), ({"max_iterations": 2.5}, "'max_iterations'")],
    )
    def test_options(self, kw: dict[str, object], match: str) -> None:
        """A bad tol or max_iterations is a ValidationError."""
        from pmokit.errors import ValidationError
        from pmokit.scheduling import nearest_correlation

        with pytest.raises(ValidationError, match=match):
            nearest_correlation([[1.0, 0.5], [0.5, 1.0]], **kw)  # type: ignore[arg-type]

    def test_strings_in_matrix(self) -> None:
        """A string among the entries is refused, not read as a number."""
        from pmokit.errors import ValidationError
        from pmokit.scheduling import nearest_correlation

        with pytest.raises(ValidationError, match="'matrix' must be an array of numbers"):
            nearest_correlation([[1.0, "0.5"], [0.5, 1.0]])

"""Rank correlation between activity durations: validation, repair, and sampling.

The numbers in a :class:`CorrelationMatrix` are **Spearman rank correlations** between the
sampled durations (what risk analysts elicit and what Primavera Risk Analysis and @RISK
take). Two samplers impose them:

* ``"copula"`` -- a Gaussian copula. Spearman's rho ``rho_s`` is turned into the copula
  parameter ``r = 2 sin(pi rho_s / 6)`` (Kruskal 1958), so the population rank correlation
  of the samples is exactly ``rho_s`` whatever the marginal distributions.
* ``"iman-conover"`` -- Iman and Conover's (1982) distribution-free reordering of
  independent samples, applied within each chunk of iterations: van der Waerden scores
  are given the Pearson correlation ``2 sin(pi rho_s / 6)`` and the samples take their
  ranks, so the sample rank correlation is close to ``rho_s`` and each marginal keeps
  exactly the values drawn for it.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from pmokit._results import ComparesValues, PicklesReadOnly
from pmokit._typing import FloatArray
from pmokit._validation import Problems, check_flag, check_known, number_kind_problem
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

__all__ = ["CorrelationMatrix", "nearest_correlation"]

Method = Literal["copula", "iman-conover"]

_TOL = 1e-9


def nearest_correlation(
    matrix: npt.ArrayLike, *, tol: float = 1e-10, max_iterations: int = 500
) -> FloatArray:
    """The nearest correlation matrix in the Frobenius norm (Higham 2002).

    Alternating projections onto the positive semi-definite cone and the unit-diagonal
    matrices, with Dykstra's correction. The input is symmetrised first.

    Parameters
    ----------
    matrix
        A square matrix of numbers.
    tol
        Stop when successive iterates differ by less than this (Frobenius norm).
    max_iterations
        Upper bound on the projections.

    Returns
    -------
    numpy.ndarray
        Symmetric, unit diagonal, positive semi-definite.

    References
    ----------
    Higham, N. J. (2002). Computing the nearest correlation matrix -- a problem from
    finance. *IMA Journal of Numerical Analysis* 22(3), 329-343.
    doi:10.1093/imanum/22.3.329

    Examples
    --------
    >>> a = [[1, 0.9, 0.7], [0.9, 1, -0.9], [0.7, -0.9, 1]]   # not PSD
    >>> x = nearest_correlation(a)
    >>> bool(np.linalg.eigvalsh(x).min() > -1e-9), np.diag(x).round(12).tolist()
    (True, [1.0, 1.0, 1.0])
    """
    problems = Problems()
    kind_problem = number_kind_problem(matrix, "matrix")
    if kind_problem is not None:
        problems.add(kind_problem)
    problems.check_number(tol, "tol", minimum=0.0, strict_minimum=True)
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, numbers.Integral):
        problems.add(f"'max_iterations' must be an int >= 1 (got {max_iterations!r:.60})")
    elif max_iterations < 1:
        problems.add(f"'max_iterations' must be an int >= 1 (got {max_iterations})")
    problems.raise_if_any()
    a = np.array(matrix, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or not np.isfinite(a).all():
        raise ValidationError(
            f"'matrix' must be a square matrix of finite numbers (got shape {a.shape})"
        )
    a = 0.5 * (a + a.T)
    y = a.copy()
    ds = np.zeros_like(a)
    for _ in range(max_iterations):
        r = y - ds
        w, v = np.linalg.eigh(r)
        x = (v * np.maximum(w, 0.0)) @ v.T
        ds = x - r
        y_new = x.copy()
        np.fill_diagonal(y_new, 1.0)
        done = np.linalg.norm(y_new - y) < tol
        y = y_new
        if done:
            break
    # lift tiny negative eigenvalues left by the unit-diagonal step, keep unit diagonal
    w, v = np.linalg.eigh(0.5 * (y + y.T))
    if w.min() < 0:
        x = (v * np.maximum(w, 0.0)) @ v.T
        s = 1.0 / np.sqrt(np.diag(x))
        y = x * s[:, None] * s[None, :]
    y = 0.5 * (y + y.T)
    np.fill_diagonal(y, 1.0)
    return y


def _matrix_problems(ids: Sequence[str], m: FloatArray) -> list[str]:
    k = len(ids)
    if m.shape != (k, k):
        return [f"correlation 'matrix' must be {k} x {k} to match 'ids' (got shape {m.shape})"]
    problems: list[str] = []
    arr = m
    bad = ~np.isfinite(arr)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        problems.append(
            f"correlation between {ids[i]!r} and {ids[j]!r} must be a finite number "
            f"(got {float(m[i, j])!r})"
        )
        return problems
    for i in range(k):
        if abs(m[i, i] - 1.0) > _TOL:
            problems.append(
                f"correlation of {ids[i]!r} with itself must be 1 (got {float(m[i, i])!r})"
            )
    iu, ju = np.triu_indices(k, 1)
    for i, j in zip(iu.tolist(), ju.tolist(), strict=True):
        if abs(m[i, j] - m[j, i]) > _TOL:
            problems.append(
                f"correlation matrix must be symmetric, but ({ids[i]!r}, {ids[j]!r}) is "
                f"{float(m[i, j])!r} and ({ids[j]!r}, {ids[i]!r}) is {float(m[j, i])!r}"
            )
        if not -1.0 <= m[i, j] <= 1.0:
            problems.append(
                f"correlation between {ids[i]!r} and {ids[j]!r} must lie in [-1, 1] "
                f"(got {float(m[i, j])!r})"
            )
    if not problems:
        w = np.linalg.eigvalsh(arr)
        if w.min() < -1e-10:
            problems.append(
                "correlation matrix must be positive semi-definite (got smallest eigenvalue "
                f"{w.min():.3g}); these correlations cannot hold together -- loosen them, or "
                "pass repair=True to use the nearest valid matrix"
            )
    return problems


def _freeze_ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _freeze_matrix(value: npt.ArrayLike) -> FloatArray:
    problem = number_kind_problem(value, "correlation 'matrix'")
    if problem is not None:  # complex, datetime64, None, strings: never converted
        raise ValidationError(problem)
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            f"correlation 'matrix' must be a square matrix of numbers (got {value!r:.80})"
        ) from None
    return arr


def _check_method(instance: Any, attribute: Any, value: Any) -> None:
    del instance, attribute
    if value not in ("copula", "iman-conover"):
        raise ValidationError(
            f"'method' of a correlation must be one of 'copula', 'iman-conover' (got {value!r})"
        )


@attrs.frozen(eq=False)
class CorrelationMatrix(PicklesReadOnly, ComparesValues):
    """Spearman rank correlations between the durations of named activities.

    Parameters
    ----------
    ids
        Activity ids, one per row and column; each must have a duration distribution in
        the ``uncertainty`` given to :func:`simulate`.
    matrix
        Spearman rank correlations: symmetric, unit diagonal, entries in [-1, 1],
        positive semi-definite.
    method
        ``"copula"`` (Gaussian copula, default) or ``"iman-conover"``.
    repair
        If True, an invalid matrix (not symmetric, not unit diagonal, not positive
        semi-definite, entries beyond [-1, 1]) is replaced by the nearest valid one
        (:func:`nearest_correlation`); :attr:`repaired` tells whether that happened.
        Non-finite entries are never repaired.

    Attributes
    ----------
    repaired
        True when ``repair=True`` changed the matrix.

    Raises
    ------
    ValidationError
        Naming each bad entry, or the smallest eigenvalue when the matrix is not positive
        semi-definite.
    DuplicateError
        An id given twice.

    Examples
    --------
    >>> c = CorrelationMatrix(("A", "B"), [[1, 0.6], [0.6, 1]])
    >>> c["A", "B"]
    0.6
    >>> CorrelationMatrix.from_pairs({("A", "B"): 0.5, ("B", "C"): 0.5}).ids
    ('A', 'B', 'C')
    """

    ids: tuple[str, ...] = attrs.field(converter=_freeze_ids)
    matrix: FloatArray = attrs.field(converter=_freeze_matrix)
    method: Method = attrs.field(default="copula", validator=_check_method, kw_only=True)
    repair: bool = attrs.field(default=False, kw_only=True)
    repaired: bool = attrs.field(default=False, init=False)

    def __attrs_post_init__(self) -> None:
        check_flag(self.repair, "repair")
        bad_ids = [i for i in self.ids if not isinstance(i, str) or not i]
        if bad_ids:
            raise ValidationError(
                f"correlation 'ids' must be non-empty strings (got {bad_ids[:3]!r})"
            )
        seen: set[str] = set()
        dups = [i for i in self.ids if i in seen or seen.add(i)]  # type: ignore[func-returns-value]
        if dups:
            raise DuplicateError(
                f"correlation 'ids' must be unique, but these occur more than once: {dups!r}",
                dups,
            )
        m = self.matrix
        problems = _matrix_problems(self.ids, m)
        if problems and self.repair and m.shape == (len(self.ids),) * 2 and np.isfinite(m).all():
            m = nearest_correlation(np.clip(m, -1.0, 1.0))
            object.__setattr__(self, "matrix", m)
            object.__setattr__(self, "repaired", True)
            problems = _matrix_problems(self.ids, m)
        if problems:
            raise ValidationError(problems)
        # both samplers impose 2 sin(pi rho / 6) on normal scores
        r = self.copula_parameter()
        if np.linalg.eigvalsh(r).min() < -1e-10:
            if not self.repair:
                raise ValidationError(
                    "the Gaussian-copula parameters 2 sin(pi rho / 6) of this rank "
                    "correlation matrix are not positive semi-definite; pass repair=True "
                    "or loosen the correlations"
                )
            rho = 6.0 / np.pi * np.arcsin(nearest_correlation(r) / 2.0)
            np.fill_diagonal(rho, 1.0)
            object.__setattr__(self, "matrix", rho)
            object.__setattr__(self, "repaired", True)
        self.matrix.setflags(write=False)

    @classmethod
    def from_pairs(
        cls,
        pairs: Mapping[tuple[str, str], float],
        *,
        method: Method = "copula",
        repair: bool = False,
    ) -> CorrelationMatrix:
        """Build from ``{(id_a, id_b): rho}``; unnamed pairs are uncorrelated.

        Raises
        ------
        ValidationError
            A pair given twice with different values, or a value outside [-1, 1].
        """
        ids: dict[str, int] = {}
        for a, b in pairs:
            for x in (a, b):
                ids.setdefault(x, len(ids))
        m = np.eye(len(ids))
        problems: list[str] = []
        for (a, b), rho in pairs.items():
            i, j = ids[a], ids[b]
            if i == j:
                problems.append(f"correlation pair ({a!r}, {b!r}) names the same activity twice")
                continue
            if m[i, j] != 0 and m[i, j] != rho:
                problems.append(
                    f"correlation between {a!r} and {b!r} is given twice ({m[i, j]} and {rho})"
                )
            m[i, j] = m[j, i] = rho
        if problems:
            raise ValidationError(problems)
        return cls(tuple(ids), m, method=method, repair=repair)

    def __getitem__(self, pair: tuple[str, str]) -> float:
        """The rank correlation of a pair of ids; an unknown id raises
        :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``)."""
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise UnknownReferenceError(
                f"a correlation is looked up by a pair of ids, c['A', 'B'] (got {pair!r:.60})",
                [pair],
            )
        check_known(pair, self.ids, "correlation pair", "activity")
        i, j = self.ids.index(pair[0]), self.ids.index(pair[1])
        return float(self.matrix[i, j])

    def copula_parameter(self) -> FloatArray:
        """The Gaussian-copula (Pearson) matrix ``2 sin(pi rho_s / 6)``."""
        r = 2.0 * np.sin(np.pi * self.matrix / 6.0)
        np.fill_diagonal(r, 1.0)
        return r


def _psd_factor(r: FloatArray) -> FloatArray:
    """A factor ``L`` with ``L @ L.T == r`` (Cholesky, or eigen for singular matrices)."""
    try:
        return np.asarray(np.linalg.cholesky(r), dtype=np.float64)
    except np.linalg.LinAlgError:
        w, v = np.linalg.eigh(r)
        return v * np.sqrt(np.maximum(w, 0.0))  # type: ignore[no-any-return]


class CorrelatedUniforms:
    """Draws uniforms of shape (k, c) with the rank correlation of a matrix."""

    def __init__(self, corr: CorrelationMatrix) -> None:
        self.method = corr.method
        self.k = len(corr.ids)
        param = _psd_factor(corr.copula_parameter())
        self.factor = param if self.method == "copula" else None
        self.target_factor = param

    def __call__(self, gen: np.random.Generator, c: int) -> FloatArray:
        if self.factor is not None:
            z = self.factor @ gen.standard_normal((self.k, c))
            return special.ndtr(z)  # type: ignore[no-any-return]
        return self._iman_conover(gen, c)

    def _iman_conover(self, gen: np.random.Generator, c: int) -> FloatArray:
        v = gen.random((self.k, c))
        scores = special.ndtri(np.arange(1, c + 1) / (c + 1.0))
        s = gen.permuted(np.broadcast_to(scores, (self.k, c)), axis=1)
        e = np.corrcoef(s)
        f = _psd_factor(e)
        try:
            t = self.target_factor @ np.linalg.solve(f, s)
        except np.linalg.LinAlgError:  # pragma: no cover - needs c <= k
            t = self.target_factor @ (np.linalg.pinv(f) @ s)
        ranks = np.argsort(np.argsort(t, axis=1), axis=1)
        v.sort(axis=1)
        return np.take_along_axis(v, ranks, axis=1)

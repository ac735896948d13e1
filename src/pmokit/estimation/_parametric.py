"""Parametric estimation: a power law ``effort = a * size^b * prod(driver_j^c_j)``.

Calibrated by least squares on logarithms (the COCOMO form: effort multipliers enter
as multiplicative drivers). In log space the model is linear with normal residuals,
so prediction intervals are the textbook ``t`` intervals, exponentiated. The point
prediction is the median ``exp(E[log effort])``; ``kind="mean"`` adds the lognormal
correction ``exp(s² / 2)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
from scipy import stats

from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, as_float_array, check_choice
from pmokit.errors import ValidationError
from pmokit.estimation._accuracy import _as_actuals, _as_features

__all__ = ["ParametricEstimator", "PowerLawModel", "fit_power_law"]



def _positive_matrix(values: Any, name: str, n: int, labels: Sequence[str]) -> FloatArray:
    arr = as_float_array(values, name, ndim=None)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1) if n != 1 or len(labels) <= 1 else arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[0] != n:
        raise ValidationError(f"'{name}' must have shape ({n}, {len(labels)}) (got {arr.shape})")
    problems = Problems()
    bad_r, bad_c = np.nonzero(arr <= 0.0)
    for r, c in list(zip(bad_r.tolist(), bad_c.tolist(), strict=True))[:20]:
        label = labels[c] if c < len(labels) else f"column {c}"
        problems.add(f"'{name}' {label!r} of project at index {r} must be > 0 (got {arr[r, c]!r})")
    problems.raise_if_any()
    return arr


@display()
@attrs.frozen
class PowerLawModel(PicklesReadOnly):
    """A calibrated power law ``y = a * size^b * prod(driver_j^c_j)``.

    Attributes
    ----------
    a
        Multiplier [unit of y per size unit^b].
    b
        Size exponent (``< 1``: economies of scale, ``> 1``: diseconomies).
    driver_names
        Names of the drivers.
    driver_exponents
        Exponent of each driver (read-only array).
    sigma
        Residual standard deviation in log space.
    n
        Number of calibration projects.
    r_squared
        Coefficient of determination in log space.
    covariance
        Covariance of the log-space coefficients ``(log a, b, c_1, ...)`` (read-only).
    """

    a: float
    b: float
    driver_names: tuple[str, ...]
    driver_exponents: FloatArray = attrs.field(eq=False)
    sigma: float
    n: int
    r_squared: float
    covariance: FloatArray = attrs.field(eq=False)

    @property
    def dof(self) -> int:
        """Residual degrees of freedom ``n - p``."""
        return self.n - 2 - len(self.driver_names)

    def _design(self, size: Any, drivers: Any) -> FloatArray:
        s = as_float_array(size, "size", ndim=None)
        if s.ndim == 0:
            s = s.reshape(1)
        if s.ndim != 1:
            raise ValidationError(f"'size' must be a number or a 1-D array (got shape {s.shape})")
        problems = Problems()
        for i in np.flatnonzero(s <= 0)[:20]:
            problems.add(f"'size' of project at index {int(i)} must be > 0 (got {float(s[i])!r})")
        problems.raise_if_any()
        cols = [np.ones(s.size), np.log(s)]
        p = len(self.driver_names)
        if p:
            if drivers is None:
                raise ValidationError(
                    f"'drivers' must be given: the model has drivers {list(self.driver_names)}"
                )
            dm = _positive_matrix(drivers, "drivers", s.size, self.driver_names)
            if dm.shape[1] != p:
                raise ValidationError(f"'drivers' must have {p} columns (got {dm.shape[1]})")
            cols.extend(np.log(dm).T)
        elif drivers is not None:
            raise ValidationError("'drivers' must be None: the model was fitted without drivers")
        return np.column_stack(cols)

    def _coef(self) -> FloatArray:
        return np.concatenate(([math.log(self.a), self.b], self.driver_exponents))

    def predict(
        self,
        size: npt.ArrayLike,
        drivers: npt.ArrayLike | None = None,
        *,
        kind: Literal["median", "mean"] = "median",
    ) -> FloatArray:
        """Predicted values for new projects.

        Parameters
        ----------
        size
            Size of each project, ``> 0``.
        drivers
            Driver values, shape ``(m, p)``, ``> 0`` (only if the model has drivers).
        kind
            ``"median"`` (default, ``exp`` of the log prediction) or ``"mean"``
            (lognormal mean, ``median * exp(sigma² / 2)``).

        Raises
        ------
        ValidationError
            If a size or driver is ``<= 0`` or not finite, or drivers do not match.
        """
        check_choice(kind, "kind", ("median", "mean"))
        x = self._design(size, drivers)
        out: FloatArray = np.exp(x @ self._coef())
        if kind == "mean":
            out = out * math.exp(self.sigma**2 / 2.0)
        return out

    def prediction_interval(
        self, size: npt.ArrayLike, drivers: npt.ArrayLike | None = None, *, level: float = 0.9
    ) -> tuple[FloatArray, FloatArray]:
        """Two-sided prediction interval of new outcomes, ``(low, high)`` arrays.

        In log space ``x0'beta ± t_{n-p, (1+level)/2} * sqrt(sigma² + x0' Cov x0)``.

        Raises
        ------
        ValidationError
            If ``level`` is not in (0, 1), or the inputs are invalid.
        """
        problems = Problems()
        problems.check_number(level, "level", minimum=0.0, maximum=1.0, strict_minimum=True)
        problems.raise_if_any()
        if level >= 1.0:
            raise ValidationError(f"'level' must be < 1 (got {level!r})")
        x = self._design(size, drivers)
        centre = x @ self._coef()
        var = self.sigma**2 + np.einsum("ij,jk,ik->i", x, self.covariance, x)
        t = float(stats.t.ppf(0.5 + level / 2.0, self.dof))
        half = t * np.sqrt(var)
        return np.exp(centre - half), np.exp(centre + half)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per coefficient: ``term``, ``value`` (``a``, ``b``, then drivers)."""
        rows: list[dict[str, Any]] = [
            {"term": "a", "value": self.a},
            {"term": "b", "value": self.b},
        ]
        rows += [
            {"term": name, "value": float(c)}
            for name, c in zip(self.driver_names, self.driver_exponents, strict=True)
        ]
        return rows

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


_MAX_LOG_A = 700.0
"""Largest ``|log a|`` of a fitted power law (``exp(709.8)`` is the largest float)."""


def _lstsq(x: FloatArray, ly: FloatArray) -> tuple[FloatArray, FloatArray, float, FloatArray]:
    coef = np.asarray(np.linalg.lstsq(x, ly, rcond=None)[0], dtype=np.float64)
    resid: FloatArray = ly - x @ coef
    n, p = x.shape
    sigma2 = float(resid @ resid) / (n - p)
    xtx_inv = np.asarray(np.linalg.pinv(x.T @ x), dtype=np.float64)
    return coef, xtx_inv, sigma2, resid


def fit_power_law(
    size: Sequence[float] | FloatArray,
    actuals: Sequence[float] | FloatArray,
    *,
    drivers: npt.ArrayLike | None = None,
    driver_names: Sequence[str] | None = None,
) -> PowerLawModel:
    """Calibrate ``y = a * size^b * prod(driver_j^c_j)`` by least squares on logs.

    Parameters
    ----------
    size
        Size of each past project (function points, KLOC, ...), ``> 0``.
    actuals
        Actual effort (or cost, duration), ``> 0``.
    drivers
        Optional multiplicative drivers, shape ``(n, p)``, ``> 0`` (COCOMO effort
        multipliers, team experience ratings, ...).
    driver_names
        Names of the drivers (default ``driver_0``, ...).

    Returns
    -------
    PowerLawModel

    Raises
    ------
    ValidationError
        If a size, actual or driver is ``<= 0`` or not finite, the lengths differ,
        there are not more projects than coefficients, or the size or a driver is the
        same for every project (or collinear): its exponent would be undefined; or if
        the fitted factor ``a`` is beyond a float's range (``|log a| > 700``: sizes too
        close together for the spread of the actuals).

    References
    ----------
    Boehm, B. W. (1981). Software Engineering Economics. Prentice-Hall.

    Examples
    --------
    >>> m = fit_power_law([10.0, 100.0, 1000.0], [20.0, 80.0, 320.0])
    >>> round(m.a, 6), round(m.b, 6)
    (5.0, 0.60206)
    >>> m.predict([10_000.0]).round(3).tolist()
    [1280.0]
    """
    y = _as_actuals(actuals)
    s = as_float_array(size, "size", length=y.size)
    problems = Problems()
    for i in np.flatnonzero(s <= 0)[:20]:
        problems.add(f"'size' of project at index {int(i)} must be > 0 (got {float(s[i])!r})")
    problems.raise_if_any()
    cols = [np.ones(y.size), np.log(s)]
    names: tuple[str, ...] = ()
    if drivers is not None:
        d_arr = as_float_array(drivers, "drivers", ndim=None)
        p = d_arr.shape[1] if d_arr.ndim == 2 else 1
        names = (
            tuple(str(n) for n in driver_names)
            if driver_names is not None
            else tuple(f"driver_{j}" for j in range(p))
        )
        dm = _positive_matrix(drivers, "drivers", y.size, names)
        if dm.shape[1] != len(names):
            raise ValidationError(
                f"'driver_names' must name each of the {dm.shape[1]} drivers (got {len(names)})"
            )
        cols.extend(np.log(dm).T)
    x = np.column_stack(cols)
    n, p_all = x.shape
    if n <= p_all:
        raise ValidationError(
            f"fitting {p_all} coefficients needs more than {p_all} projects (got {n})"
        )
    # a constant column is collinear with the intercept: its exponent is undefined
    constant = [
        label
        for label, col in zip(("size", *(f"driver {nm!r}" for nm in names)), x[:, 1:].T,
                              strict=True)
        if float(np.ptp(col)) == 0.0
    ]
    if constant:
        raise ValidationError(
            [f"'{label}' is the same for every project, so its exponent is undefined; "
             "fit on projects of different sizes (or drop the column)" for label in constant]
        )
    if np.linalg.matrix_rank(x) < p_all:
        raise ValidationError(
            "the size and the drivers are collinear (one is a power-law combination of "
            "the others), so their exponents are undefined; drop one of them"
        )
    ly = np.log(y)
    coef, xtx_inv, sigma2, resid = _lstsq(x, ly)
    ss_tot = float(((ly - ly.mean()) ** 2).sum())
    r2 = 1.0 - float(resid @ resid) / ss_tot if ss_tot > 0 else 1.0
    if not -_MAX_LOG_A <= float(coef[0]) <= _MAX_LOG_A:
        # exp() would overflow (raw OverflowError) or underflow to a = 0
        raise ValidationError(
            f"the fitted factor 'a' = exp({float(coef[0]):.6g}) is beyond the range of a "
            f"float (exponent b = {float(coef[1]):.6g}): the sizes span too little (from "
            f"{float(s.min())!r} to {float(s.max())!r}) for the spread of the actuals; fit on "
            "projects of more different sizes"
        )
    cov = xtx_inv * sigma2
    cov.setflags(write=False)
    exps = np.array(coef[2:])
    exps.setflags(write=False)
    return PowerLawModel(
        a=float(math.exp(coef[0])),
        b=float(coef[1]),
        driver_names=names,
        driver_exponents=exps,
        sigma=math.sqrt(sigma2),
        n=n,
        r_squared=r2,
        covariance=cov,
    )


def _check_columns(x: FloatArray, size_column: Any, driver_columns: tuple[Any, ...]) -> None:
    d = x.shape[1]
    problems = Problems()
    for c in (size_column, *driver_columns):
        if isinstance(c, bool) or not isinstance(c, int | np.integer):
            problems.add(f"column {c!r} must be an integer column index")
        elif not 0 <= c < d:
            problems.add(f"column {c} must be in [0, {d - 1}] for {d} attributes")
    problems.raise_if_any()


@attrs.frozen
class _PowerLawPredictor(PicklesReadOnly):
    model: PowerLawModel
    size_column: int
    driver_columns: tuple[int, ...]

    def predict(self, features: npt.ArrayLike) -> FloatArray:
        x = _as_features(features)
        _check_columns(x, self.size_column, self.driver_columns)
        drivers = x[:, list(self.driver_columns)] if self.driver_columns else None
        return self.model.predict(x[:, self.size_column], drivers)


@attrs.frozen
class ParametricEstimator:
    """Power-law estimator over feature columns, for cross-validation.

    Parameters
    ----------
    size_column
        Column holding the size.
    driver_columns
        Columns holding multiplicative drivers (may be empty).

    Examples
    --------
    >>> est = ParametricEstimator()
    >>> est.fit([[10.0], [100.0], [1000.0]], [20.0, 80.0, 320.0]).predict([[10_000.0]]).round(3)
    array([1280.])
    """

    size_column: int = 0
    driver_columns: tuple[int, ...] = attrs.field(default=(), converter=tuple)

    def _columns(self, x: FloatArray) -> None:
        _check_columns(x, self.size_column, self.driver_columns)

    def fit(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> _PowerLawPredictor:
        """Calibrate the power law on feature columns."""
        y = _as_actuals(actuals)
        x = _as_features(features, y.size)
        self._columns(x)
        drivers = x[:, list(self.driver_columns)] if self.driver_columns else None
        names = tuple(f"column_{c}" for c in self.driver_columns) if self.driver_columns else None
        model = fit_power_law(x[:, self.size_column], y, drivers=drivers, driver_names=names)
        return _PowerLawPredictor(model, self.size_column, self.driver_columns)

    def loo_predict(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> FloatArray:
        """Exact leave-one-out predictions via the hat matrix (no refitting).

        In log space the leave-one-out residual of OLS is ``e_i / (1 - h_ii)``.
        """
        y = _as_actuals(actuals)
        x = _as_features(features, y.size)
        self._columns(x)
        drivers = x[:, list(self.driver_columns)] if self.driver_columns else None
        # Validate through the public fit (sizes, drivers > 0; enough projects).
        names = tuple(f"column_{c}" for c in self.driver_columns) if self.driver_columns else None
        model = fit_power_law(x[:, self.size_column], y, drivers=drivers, driver_names=names)
        design = model._design(x[:, self.size_column], drivers)
        if design.shape[0] <= design.shape[1] + 1:
            raise ValidationError(
                f"leave-one-out of {design.shape[1]} coefficients needs more than "
                f"{design.shape[1] + 1} projects (got {design.shape[0]})"
            )
        ly = np.log(y)
        _, xtx_inv, _, resid = _lstsq(design, ly)
        h = np.einsum("ij,jk,ik->i", design, xtx_inv, design)
        lever = h > 1.0 - 1e-9
        with np.errstate(divide="ignore", invalid="ignore"):
            loo_log = ly - resid / (1.0 - h)
        # A project with leverage 1 is alone in some direction: refit without it
        # (least-norm solution) rather than divide by zero.
        mask = np.ones(y.size, dtype=bool)
        for i in np.flatnonzero(lever):
            mask[i] = False
            c_i, *_ = np.linalg.lstsq(design[mask], ly[mask], rcond=None)
            loo_log[i] = design[i] @ c_i
            mask[i] = True
        out: FloatArray = np.exp(loo_log)
        return out

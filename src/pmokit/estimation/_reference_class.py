"""Reference class forecasting: uplift an estimate by the outcomes of similar past projects.

A reference class is the distribution of ``actual / estimate`` ratios of comparable
completed projects. The uplift needed so that the chance of an overrun is at most
``x`` is the ``1 - x`` quantile of the ratios minus one (Flyvbjerg 2006): with budget
``B = E (1 + u)`` an outcome overruns when ``actual / E > 1 + u``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._deprecation import renamed_arguments
from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, check_choice, check_number, number_kind_problem
from pmokit.errors import ValidationError

__all__ = [
    "MIN_REFERENCE_CLASS_SIZE",
    "ReferenceClass",
    "ReferenceClassEstimator",
    "ReferenceClassForecast",
    "UpliftCurve",
    "reference_class_forecast",
]


MIN_REFERENCE_CLASS_SIZE = 5
"""Fewest ratios a :class:`ReferenceClass` accepts by default.

Below five outcomes the P80 of a class is decided by one or two projects. Flyvbjerg's
published classes hold tens to hundreds of projects; prefer twenty or more.
"""

QuantileMethod = Literal["linear", "weibull", "hazen", "median_unbiased", "lower", "higher"]
_METHODS: tuple[str, ...] = ("linear", "weibull", "hazen", "median_unbiased", "lower", "higher")


def _to_sorted_ratios(values: Any) -> FloatArray:
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and values.ndim == 1:
        arr = values
    else:
        kind_problem = number_kind_problem(values, "ratios")
        if kind_problem is not None:  # complex, strings, datetime64 ... read as numbers
            raise ValidationError(
                f"'ratios' of the reference class must be numbers: {kind_problem}"
            )
        try:
            arr = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                f"'ratios' of the reference class must be numbers (got {values!r:.80}: {exc})"
            ) from None
    if arr.ndim != 1:
        raise ValidationError(
            f"'ratios' of the reference class must be one-dimensional (got shape {arr.shape})"
        )
    ok = np.isfinite(arr) & (arr > 0.0)
    if not ok.all():
        bad = np.flatnonzero(~ok)
        shown = ", ".join(f"index {int(i)} got {float(arr[i])!r}" for i in bad[:10])
        more = f" and {bad.size - 10} more" if bad.size > 10 else ""
        raise ValidationError(
            f"'ratios' of the reference class must be finite actual/estimate ratios > 0, "
            f"but {bad.size} are not: {shown}{more}"
        )
    out = np.sort(arr)
    out.setflags(write=False)
    return out


@display()
@attrs.frozen
class UpliftCurve(PicklesReadOnly):
    """Required uplift at each acceptable probability of overrun.

    Attributes
    ----------
    acceptable_overrun
        Acceptable probabilities of an overrun (read-only array).
    uplift
        Uplift to add to the estimate, as a fraction (0.32 = 32%), for each
        acceptable probability (read-only array). Negative values mean the class
        tends to come in under estimate at that level.
    """

    acceptable_overrun: FloatArray = attrs.field(eq=False)
    uplift: FloatArray = attrs.field(eq=False)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per point: ``acceptable_overrun``, ``certainty``, ``uplift``."""
        return [
            {"acceptable_overrun": float(x), "certainty": 1.0 - float(x), "uplift": float(u)}
            for x, u in zip(self.acceptable_overrun, self.uplift, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


@display()
@attrs.frozen(init=False)
class ReferenceClass(PicklesReadOnly):
    """Outcomes of comparable past projects as ``actual / estimate`` ratios.

    Parameters
    ----------
    ratios
        ``actual / estimate`` of each past project (1.25 = 25% overrun), finite and
        ``> 0``; stored sorted in a read-only array.
    name
        What the class is (for reports).
    source
        Where the ratios come from (citation or query).
    min_size
        Fewest ratios accepted, an integer >= 1 (default :data:`MIN_REFERENCE_CLASS_SIZE`).
    method
        How quantiles are interpolated between the ratios (a ``numpy.quantile``
        method; ``"linear"`` by default).

    Raises
    ------
    ValidationError
        If a ratio is NaN, infinite or ``<= 0``, or the class is smaller than
        ``min_size``.

    Examples
    --------
    >>> rc = ReferenceClass([0.9, 1.0, 1.1, 1.2, 1.5], name="IT projects")
    >>> rc.quantile(0.5)
    1.1
    >>> round(rc.uplift(0.8), 4)     # 80% certainty: 1.26 - 1
    0.26
    """

    ratios: FloatArray = attrs.field(eq=False)
    name: str
    source: str
    method: str

    def __init__(
        self,
        ratios: Sequence[float] | FloatArray,
        *,
        name: str = "",
        source: str = "",
        min_size: int = MIN_REFERENCE_CLASS_SIZE,
        method: QuantileMethod = "linear",
    ) -> None:
        check_choice(method, "method", _METHODS)
        minimum = int(check_number(min_size, "min_size", minimum=1, integer=True))
        sorted_ratios = _to_sorted_ratios(ratios)
        if sorted_ratios.size < minimum:
            raise ValidationError(
                f"reference class {name!r} must hold at least {minimum} ratios "
                f"(got {sorted_ratios.size}); collect more comparable projects or widen the class"
            )
        self.__attrs_init__(sorted_ratios, str(name), str(source), method)

    @property
    def size(self) -> int:
        """Number of projects in the class."""
        return int(self.ratios.size)

    def _quantiles(self, p: FloatArray) -> FloatArray:
        r = self.ratios
        if self.method == "linear":
            # The ratios are sorted: interpolate directly (O(len(p)), no re-sort).
            pos = p * (r.size - 1)
            lo = np.floor(pos).astype(np.intp)
            hi = np.minimum(lo + 1, r.size - 1)
            frac = pos - lo
            out: FloatArray = r[lo] + (r[hi] - r[lo]) * frac
            return out
        q: Any = np.quantile
        return np.asarray(q(r, p, method=self.method), dtype=np.float64)

    def quantile(self, p: float | Sequence[float] | FloatArray) -> Any:
        """Ratio not exceeded with probability ``p`` (float, or array for array ``p``).

        Raises
        ------
        ValidationError
            If a probability is outside [0, 1] or NaN.
        """
        arr = _probabilities(p, "p")
        out = self._quantiles(arr)
        if np.ndim(p) == 0:
            return float(out)
        out = np.array(out)
        out.setflags(write=False)
        return out

    def uplift(self, certainty: float | Sequence[float] | FloatArray) -> Any:
        """Uplift (fraction) so that the outcome stays within budget with ``certainty``.

        ``uplift(0.8)`` is the P80 uplift: an estimate uplifted by it overruns in at
        most 20% of the class's outcomes.
        """
        q = self.quantile(certainty)
        if np.ndim(certainty) == 0:
            return float(q) - 1.0
        out = np.asarray(q) - 1.0
        out.setflags(write=False)
        return out

    def uplift_curve(
        self, acceptable_overrun: Sequence[float] | FloatArray = (0.5, 0.4, 0.3, 0.2, 0.1)
    ) -> UpliftCurve:
        """Required uplift at each acceptable probability of overrun (Flyvbjerg's curve).

        Examples
        --------
        >>> rc = ReferenceClass([0.9, 1.0, 1.1, 1.2, 1.5])
        >>> [round(float(u), 4) for u in rc.uplift_curve([0.5, 0.2]).uplift]
        [0.1, 0.26]
        """
        x = _probabilities(acceptable_overrun, "acceptable_overrun")
        x = np.atleast_1d(x).astype(np.float64)
        u = self._quantiles(1.0 - x) - 1.0
        x = np.array(x)
        x.setflags(write=False)
        u.setflags(write=False)
        return UpliftCurve(x, u)

    def overrun_probability(self, uplift: float) -> float:
        """Share of the class whose ratio exceeds ``1 + uplift`` (empirical chance of overrun)."""
        u = check_number(uplift, "uplift", minimum=-1.0, strict_minimum=True)
        above = self.ratios.size - int(np.searchsorted(self.ratios, 1.0 + u, side="right"))
        return above / self.ratios.size

    @property
    def mean_ratio(self) -> float:
        """Mean of the ratios."""
        return float(self.ratios.mean())

    @property
    def optimism_bias(self) -> float:
        """Mean overrun ``mean(ratio) - 1`` (fraction): the class's average optimism."""
        return self.mean_ratio - 1.0

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per ratio, sorted: ``rank``, ``ratio``, ``cumulative_share``."""
        n = self.ratios.size
        return [
            {"rank": i + 1, "ratio": float(r), "cumulative_share": (i + 1) / n}
            for i, r in enumerate(self.ratios)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _probabilities(p: Any, name: str) -> FloatArray:
    problem = number_kind_problem(p, name)  # True is not a probability of 1
    if problem is not None and np.asarray(p).dtype.kind == "c":
        raise ValidationError(problem)  # before float64 drops the imaginary part
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"'{name}' must be probabilities in [0, 1] (got {p!r})") from None
    if problem is not None:
        raise ValidationError(problem)
    bad = ~((arr >= 0.0) & (arr <= 1.0))
    if np.any(bad):
        shown = np.atleast_1d(arr[bad])[:5].tolist()
        hint = ""
        if np.all(np.isfinite(arr)) and np.all((arr >= 0) & (arr <= 100)):
            hint = f": did you give percents? {shown[0]!r} % is {shown[0] / 100:g}"
        raise ValidationError(f"'{name}' must be probabilities in [0, 1] (got {shown}){hint}")
    return arr


@display()
@attrs.frozen
class ReferenceClassForecast(PicklesReadOnly):
    """An estimate uplifted by a reference class.

    Attributes
    ----------
    estimate
        The base estimate [unit of the estimate].
    class_name
        Name of the reference class.
    class_size
        Number of projects in the class.
    probabilities
        Certainty levels (probability of *not* overrunning), read-only array.
    uplifts
        Uplift fraction at each certainty (read-only array).
    forecasts
        ``estimate * (1 + uplift)`` at each certainty (read-only array).
    p50, p80, p90
        Forecasts at 50%, 80% and 90% certainty.
    mean_forecast
        ``estimate * mean ratio``: the expected outcome.
    optimism_bias
        Mean overrun of the class, ``mean ratio - 1`` (fraction).
    """

    estimate: float
    class_name: str
    class_size: int
    probabilities: FloatArray = attrs.field(eq=False)
    uplifts: FloatArray = attrs.field(eq=False)
    forecasts: FloatArray = attrs.field(eq=False)
    p50: float
    p80: float
    p90: float
    mean_forecast: float
    optimism_bias: float

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per certainty: ``certainty``, ``uplift``, ``forecast``."""
        return [
            {"certainty": float(p), "uplift": float(u), "forecast": float(f)}
            for p, u, f in zip(self.probabilities, self.uplifts, self.forecasts, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


@renamed_arguments(p="quantiles")
def reference_class_forecast(
    estimate: float,
    reference_class: ReferenceClass,
    quantiles: Sequence[float] | FloatArray = (0.5, 0.8, 0.9),
) -> ReferenceClassForecast:
    """Forecast the outcome of a new project from its estimate and a reference class.

    Parameters
    ----------
    estimate
        The base (inside-view) estimate, ``> 0`` [cost, duration or effort].
    reference_class
        Outcomes of comparable past projects as ``actual / estimate`` ratios.
    quantiles
        Certainty levels in [0, 1] (probability that the outcome stays within the
        forecast; old name ``p``, deprecated).

    Returns
    -------
    ReferenceClassForecast
        Uplifts and forecasts at each certainty, plus P50/P80/P90 and the mean.

    Raises
    ------
    ValidationError
        If ``estimate`` is not a finite number ``> 0``, ``reference_class`` is not a
        :class:`ReferenceClass` or a certainty is outside [0, 1].

    References
    ----------
    Flyvbjerg, B. (2006). From Nobel prize to project management: getting risks right.
    Project Management Journal 37(3): 5-15.

    Examples
    --------
    >>> rc = ReferenceClass([0.9, 1.0, 1.1, 1.2, 1.5], name="IT projects")
    >>> f = reference_class_forecast(100.0, rc)
    >>> f.p50, round(f.p80, 6), round(f.p90, 6)
    (110.0, 126.0, 138.0)
    """
    problems = Problems()
    problems.check_number(estimate, "estimate", minimum=0.0, strict_minimum=True)
    if not isinstance(reference_class, ReferenceClass):
        problems.add(
            "'reference_class' must be a ReferenceClass "
            f"(got {reference_class!r:.60} that is a {type(reference_class).__name__})"
        )
    problems.raise_if_any()
    probs = np.atleast_1d(_probabilities(quantiles, "quantiles")).astype(np.float64)
    e = float(estimate)
    uplifts = reference_class._quantiles(probs) - 1.0
    forecasts = e * (1.0 + uplifts)
    key = reference_class._quantiles(np.array([0.5, 0.8, 0.9]))
    for arr in (probs, uplifts, forecasts):
        arr.setflags(write=False)
    return ReferenceClassForecast(
        estimate=e,
        class_name=reference_class.name,
        class_size=reference_class.size,
        probabilities=probs,
        uplifts=uplifts,
        forecasts=forecasts,
        p50=e * float(key[0]),
        p80=e * float(key[1]),
        p90=e * float(key[2]),
        mean_forecast=e * reference_class.mean_ratio,
        optimism_bias=reference_class.optimism_bias,
    )


@attrs.frozen
class _UpliftPredictor:
    column: int
    factor: float

    def predict(self, features: npt.ArrayLike) -> FloatArray:
        x = np.asarray(features, dtype=np.float64)
        x = x.reshape(-1, 1) if x.ndim == 1 else x
        out: FloatArray = x[:, self.column] * self.factor
        return out


@attrs.frozen
class ReferenceClassEstimator:
    """Reference class forecasting as an estimator, for cross-validation.

    One feature column holds each project's original (inside-view) estimate; the
    prediction is that estimate times the ``p`` quantile of the calibration projects'
    ``actual / estimate`` ratios. Compare it with the raw estimates to see whether the
    outside view improves your own history.

    Parameters
    ----------
    estimate_column
        Column of the features with the original estimate (``> 0``).
    p
        Certainty level of the forecast (0.5 = P50).

    Examples
    --------
    >>> est = ReferenceClassEstimator()
    >>> model = est.fit([[100.0], [200.0], [100.0], [50.0], [80.0]],
    ...                 [120.0, 260.0, 100.0, 55.0, 96.0])
    >>> model.predict([[1000.0]]).round(6).tolist()    # P50 ratio is 1.2
    [1200.0]
    """

    estimate_column: int = 0
    p: float = attrs.field(default=0.5)

    @p.validator
    def _check_p(self, _attr: Any, value: Any) -> None:
        check_number(value, "p", minimum=0.0, maximum=1.0)

    def _ratios(
        self, features: npt.ArrayLike, actuals: npt.ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        from pmokit.estimation._accuracy import _as_actuals, _as_features

        y = _as_actuals(actuals)
        x = _as_features(features, y.size)
        col = self.estimate_column
        if (
            isinstance(col, bool)
            or not isinstance(col, int | np.integer)
            or not 0 <= col < x.shape[1]
        ):
            raise ValidationError(
                f"'estimate_column' must be in [0, {x.shape[1] - 1}] (got {self.estimate_column})"
            )
        est = x[:, self.estimate_column]
        bad = np.flatnonzero(est <= 0)
        if bad.size:
            shown = ", ".join(f"index {int(i)} got {float(est[i])!r}" for i in bad[:10])
            raise ValidationError(f"original estimates must be > 0, but {shown}")
        return est, y / est

    def fit(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> _UpliftPredictor:
        """Calibrate: the ``p`` quantile of ``actual / estimate`` (a class of any size)."""
        _, ratios = self._ratios(features, actuals)
        rc = ReferenceClass(ratios, min_size=1)
        return _UpliftPredictor(self.estimate_column, float(rc.quantile(self.p)))

    def loo_predict(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> FloatArray:
        """Exact leave-one-out predictions, vectorised over the sorted ratios."""
        est, ratios = self._ratios(features, actuals)
        n = ratios.size
        if n < 2:
            raise ValidationError(f"leave-one-out needs at least 2 projects (got {n})")
        order = np.argsort(ratios, kind="stable")
        rank = np.empty(n, dtype=np.intp)
        rank[order] = np.arange(n)
        s = ratios[order]
        # Linear quantile of the n - 1 ratios left without project i: positions lo, lo + 1
        # of the reduced sorted array map to s[j] (j < rank_i) or s[j + 1] (j >= rank_i).
        pos = self.p * (n - 2)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 2)
        frac = pos - lo

        def reduced(j: int) -> FloatArray:
            out_j: FloatArray = np.where(rank <= j, s[min(j + 1, n - 1)], s[j])
            return out_j

        q = reduced(lo) + (reduced(hi) - reduced(lo)) * frac
        out: FloatArray = est * q
        return out

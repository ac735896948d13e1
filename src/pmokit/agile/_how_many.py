"""How many items will be done by a horizon: Monte Carlo from throughput history."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np

from pmokit._random import RngLike, as_generator
from pmokit._results import PicklesReadOnly, Record, display, readonly, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, as_date, as_percentiles, as_quantiles
from pmokit.agile import _engine as E
from pmokit.agile._forecast import History
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError

__all__ = ["HowManyForecast", "how_many"]


@display(
    "iterations",
    "periods",
    "mean",
    ("at_least_85", lambda r: r.at_least(85)),
    "horizon_date",
    "unit",
)
@attrs.frozen(eq=False)
class HowManyForecast(PicklesReadOnly):
    """The outcome of :func:`how_many`: items done by the horizon, per trial.

    Attributes
    ----------
    items
        Items (or story points) finished by the horizon in each trial, float64[N].
    periods
        The horizon [periods].
    unit
        ``"items"`` or ``"story points"``.
    period
        ``"D"``, ``"W"`` or ``"2W"``...
    start
        First day of period 1, or None.
    horizon_date
        The last day of the horizon's last period, or None.
    """

    items: FloatArray
    periods: int
    unit: str
    period: str
    start: dt.date | None
    horizon_date: dt.date | None
    _sorted: FloatArray = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_sorted", readonly(np.sort(self.items)))

    def __eq__(self, other: object) -> bool:
        return E.fields_equal(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"HowManyForecast(periods={self.periods}, iterations={self.iterations}, "
            f"at_least_85={self.at_least(85):g})"
        )

    @property
    def iterations(self) -> int:
        """Number of trials N."""
        return int(self.items.size)

    @property
    def mean(self) -> float:
        """Mean items done by the horizon."""
        return float(self.items.mean())

    def percentile(self, p: float, *, check_units: bool = True) -> float:
        """The P``p`` of the items done: at least ``p`` percent of the trials finish this
        many or fewer (numpy's sense; see :meth:`at_least` for the forecast to quote)."""
        q = E.one_value(as_percentiles(p, "percentile", check_units=check_units), "percentile")
        return float(E.order_stat(self._sorted, q / 100.0))

    def quantile(self, q: float) -> float:
        """:meth:`percentile` at probability ``q`` in [0, 1]."""
        return float(E.order_stat(self._sorted, E.one_value(as_quantiles(q, "quantile"),
                                                            "quantile")))

    def at_least(self, percentile: float, *, check_units: bool = True) -> float:
        """The most items done in at least ``percentile`` percent of the trials: "with 85%
        confidence, at least this many" (the how-many forecast's convention)."""
        q = E.one_value(as_percentiles(percentile, "percentile", check_units=check_units),
                        "percentile") / 100.0
        n = self._sorted.size
        k = n - max(math.ceil(q * n - 1e-9), 1)
        return float(self._sorted[min(max(k, 0), n - 1)])

    def probability_at_least(self, items: float) -> float:
        """Probability of finishing at least ``items`` by the horizon."""
        x = E.check_number_value(items, "items")
        return 1.0 - float(np.searchsorted(self._sorted, x, side="left")) / self._sorted.size

    def percentile_se(self, p: float) -> float:
        """Standard error of :meth:`percentile` (order statistics, Conover 1999)."""
        q = as_percentiles(p, "percentile") / 100.0
        return E.order_stat_se(self._sorted, float(q))

    def to_records(self, percentiles: Sequence[float] = (50, 70, 85, 95)) -> list[Record]:
        """One dict per confidence: ``confidence`` [%] and ``at_least`` items."""
        return [{"confidence": float(p), "at_least": self.at_least(p)} for p in percentiles]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="confidence")


def forecast_many(
    throughput: Any, periods: Any, *, iterations: int, rng: RngLike, capacity: Any,
    start: Any, calendar: Any, period: str, check_units: bool, unit: str,
    horizon_name: str = "periods",
) -> HowManyForecast:
    """The engine behind :func:`how_many` and :func:`velocity_how_many`."""
    integral = unit == "items"
    name = "throughput" if integral else "velocity"
    p = Problems()
    E.check_iterations(iterations, p)
    per = E.as_period(period)
    day, cal = E.dated(start, calendar, p)
    p.raise_if_any()
    hist = E.as_history(throughput, name, integral=integral, what=unit)
    cap = E.as_capacity(capacity, check_units=check_units)
    if isinstance(periods, dt.date):
        if day is None or cal is None:
            raise ValidationError(
                f"a horizon date in '{horizon_name}' needs 'start' (got start=None)"
            )
        limit = as_date(periods, horizon_name)
        k = 0
        while E.period_end_dates(cal, day, per, [k + 1])[0] <= np.datetime64(limit, "D"):
            k += 1
            if k > E.MAX_PERIODS:
                break
        horizon = k
    else:
        if isinstance(periods, bool) or not isinstance(periods, int | np.integer) or periods < 0:
            raise ValidationError(
                f"'{horizon_name}' must be a whole number of periods >= 0 or a date "
                f"(got {periods!r})"
            )
        if periods > E.MAX_PERIODS:
            raise ValidationError(
                f"'{horizon_name}' must be at most {E.MAX_PERIODS} periods (got {periods})"
            )
        horizon = int(periods)
    factors = cap
    if day is not None and cal is not None and per.weeks and horizon:
        factors = E.calendar_factors(cal, day, per, max(horizon, cap.size))
        factors[: cap.size] *= cap
    gen = as_generator(rng)
    items = E.sums_over(gen, hist, int(iterations), horizon, factors=factors)
    end = None
    if day is not None and cal is not None:
        end = E.period_end_dates(cal, day, per, [horizon])[0].astype(dt.date)
    return HowManyForecast(items=readonly(items), periods=horizon, unit=unit, period=per.code,
                           start=day, horizon_date=end)


def how_many(
    throughput: History,
    periods: int | dt.date,
    *,
    iterations: int = 10_000,
    rng: RngLike = None,
    capacity: Sequence[float] | None = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    period: str = "W",
    check_units: bool = True,
) -> HowManyForecast:
    """How many items will be done in the next ``periods``? Monte Carlo from throughput.

    Each trial adds up the throughput of ``periods`` future periods, each drawn from the
    history (bootstrap), scaled by capacity as in :func:`when_done`.

    Parameters
    ----------
    throughput
        Items finished in each past period (whole numbers >= 0).
    periods
        The horizon: a whole number of periods >= 0 (0: nothing done yet), or a date
        (needs ``start``): the periods whose last working day is on or before it.
    iterations, rng, capacity, start, calendar, period, check_units
        As in :func:`when_done`.

    Returns
    -------
    HowManyForecast
        ``at_least(85)`` is the number to quote: "with 85% confidence at least this many".

    Raises
    ------
    ValidationError
        An empty history, negative or fractional counts, a bad horizon. A history of
        zeros is allowed here: it forecasts 0 items.

    References
    ----------
    Vacanti, D. S. (2015). *When Will It Be Done?* ActionableAgile Press ("how many").

    Examples
    --------
    >>> f = how_many([3, 0, 2, 5, 1, 4], 6, iterations=20_000, rng=7)
    >>> f.at_least(85), f.at_least(50)
    (11.0, 15.0)
    """
    return forecast_many(throughput, periods, iterations=iterations, rng=rng,
                         capacity=capacity, start=start, calendar=calendar, period=period,
                         check_units=check_units, unit="items")

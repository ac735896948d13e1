"""Burn-up: done and scope per period with the forecast cone of what will be done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._random import RngLike, as_generator
from pmokit._results import PicklesReadOnly, Record, display, readonly, records_to_frame
from pmokit._typing import DateArray, FloatArray, IntArray
from pmokit._validation import Problems, as_percentiles
from pmokit.agile import _engine as E
from pmokit.agile._forecast import WhenDoneForecast, forecast
from pmokit.calendar import MAX_DATE, WorkCalendar
from pmokit.errors import ValidationError

__all__ = ["BurnUp", "burn_up"]


@display()
@attrs.frozen(eq=False)
class BurnUp(PicklesReadOnly):
    """Burn-up chart data: one column per period, past and forecast.

    Attributes
    ----------
    period
        Period numbers 1..P+H (P past periods, H forecast periods), int64.
    past
        Number of past periods P.
    done
        Cumulative items done at the end of each past period (NaN after) [items].
    scope
        Total scope at the end of each period [items]; forecast periods grow by the
        mean discovery rate (flat without it).
    cone_percentiles
        The percentiles of the cone, ascending.
    cone
        Cumulative items done at each cone percentile, float64[percentiles, P+H]: the
        last actual value in period P, the forecast after, NaN before.
    dates
        The last working day of each period (``datetime64[D]``), or None without start.
    finish
        The when-done forecast of the remaining scope from period P + 1.
    """

    period: IntArray
    past: int
    done: FloatArray
    scope: FloatArray
    cone_percentiles: tuple[float, ...]
    cone: FloatArray
    dates: DateArray | None
    finish: WhenDoneForecast

    def __eq__(self, other: object) -> bool:
        return E.fields_equal(self, other)

    __hash__ = None  # type: ignore[assignment]

    @property
    def remaining(self) -> float:
        """Scope left at the end of the last past period [items]."""
        return float(self.scope[self.past - 1] - self.done[self.past - 1])

    def to_records(self) -> list[Record]:
        """One dict per period: ``period``, ``date`` (with start), ``done``, ``scope`` and
        ``p<percentile>`` for each cone line (None where not defined)."""
        rows: list[Record] = []
        for j, k in enumerate(self.period.tolist()):
            row: Record = {"period": int(k)}
            if self.dates is not None:
                row["date"] = self.dates[j].astype(dt.date)
            d = float(self.done[j])
            row["done"] = None if np.isnan(d) else d
            row["scope"] = float(self.scope[j])
            for i, p in enumerate(self.cone_percentiles):
                v = float(self.cone[i, j])
                row[f"p{p:g}"] = None if np.isnan(v) else v
            rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame indexed by period (needs pandas)."""
        return records_to_frame(self.to_records(), index="period")


def burn_up(
    done: npt.ArrayLike,
    scope: npt.ArrayLike,
    *,
    horizon: int = 12,
    iterations: int = 10_000,
    rng: RngLike = None,
    percentile: Sequence[float] = (15, 50, 85),
    discovery: float | Sequence[float] | None = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    period: str = "W",
    check_units: bool = True,
) -> BurnUp:
    """Burn-up chart data with scope growth and a forecast cone.

    Parameters
    ----------
    done
        Items finished in each past period (the throughput history; whole numbers >= 0).
    scope
        Total scope at the end of each past period (same length as ``done``), or one
        number for a fixed scope [items].
    horizon
        Forecast periods after the last past one, a whole number >= 0 (0: the past and
        the finish forecast only).
    iterations, rng
        Monte Carlo trials and randomness (as :func:`when_done`).
    percentile
        Cone lines [%]: ``(15, 50, 85)`` shows the pessimistic P15 of items done, the
        median and the optimistic P85.
    discovery
        Scope added per future period (a rate, or a history bootstrapped in the finish
        forecast); the projected scope line grows by its mean.
    start
        First day of the first past period (gives dates); the forecast starts after the
        last past period.
    calendar, period, check_units
        As in :func:`when_done`.

    Returns
    -------
    BurnUp

    Raises
    ------
    ValidationError
        Histories as :func:`when_done`; a scope series of another length, decreasing
        below the items done, or negative.
    InfeasibleInputError
        A history of zeros with scope left (no finish can be forecast).

    Examples
    --------
    >>> b = burn_up([2, 3, 0, 4, 3], [20, 20, 22, 22, 25], horizon=4, rng=1)
    >>> b.done.tolist()[:5], b.remaining
    ([2.0, 5.0, 5.0, 9.0, 12.0], 13.0)
    >>> b.finish.percentile(85)
    7
    """
    hist = E.as_history(done, "done", integral=True)
    p = Problems()
    E.check_iterations(iterations, p)
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 0:
        p.add(f"'horizon' must be a whole number of periods >= 0 (got {horizon!r})")
    elif horizon > E.MAX_PERIODS:
        p.add(f"'horizon' must be at most {E.MAX_PERIODS} periods (got {horizon})")
    per = E.as_period(period)
    day, cal = E.dated(start, calendar, p)
    p.raise_if_any()
    pct = np.atleast_1d(as_percentiles(percentile, "percentile", check_units=check_units))
    pct = np.sort(pct)
    n_past = hist.size
    if np.ndim(scope) == 0:
        sc = np.full(n_past, E.check_number_value(scope, "scope"))
    else:
        sc = np.array(E.as_history(scope, "scope", integral=False))
        if sc.size != n_past:
            raise ValidationError(
                f"'scope' must give the scope at the end of each of the {n_past} periods of "
                f"'done' (got {sc.size} values)"
            )
    cum = np.cumsum(hist)
    below = np.nonzero(sc < cum - 1e-9)[0]
    if below.size:
        i = int(below[0])
        raise ValidationError(
            f"'scope' must be at least the items done, but period {i + 1} has scope "
            f"{float(sc[i])!r} with {float(cum[i])!r} done"
        )
    if np.any(sc < 0):
        raise ValidationError("'scope' must be >= 0")
    growth = E.as_growth(1.0, discovery, check_units=check_units, integral=True)
    fstart: dt.date | None = None
    if day is not None and per.weeks and (MAX_DATE - day).days < per.days * (n_past + horizon):
        # the past and forecast periods must end by the last supported date (it overflowed)
        raise ValidationError(
            f"'start' {day.isoformat()} leaves no room for {n_past + horizon} periods "
            f"before {MAX_DATE.isoformat()}, the last supported date"
        )
    if day is not None and cal is not None:
        end_past = E.period_end_dates(cal, day, per, [n_past])[0].astype(dt.date)
        if per.weeks:
            fstart = day + dt.timedelta(days=per.days * n_past)
        else:
            fstart = cal.add_working_days(end_past, 1)
    gen = as_generator(rng)
    remaining = float(sc[-1] - cum[-1])
    finish = forecast(hist, remaining, iterations=iterations, rng=gen, split=1.0,
                      discovery=discovery, capacity=None, start=fstart, calendar=cal,
                      period=per.code, max_periods=E.MAX_PERIODS, check_units=check_units,
                      unit="items") if remaining > 0 else forecast(
        np.ones(1), 0, iterations=iterations, rng=gen, split=1.0, discovery=None,
        capacity=None, start=fstart, calendar=cal, period=per.code,
        max_periods=E.MAX_PERIODS, check_units=check_units, unit="items")
    factors = np.ones(0)
    if fstart is not None and cal is not None and per.weeks and horizon:
        factors = E.calendar_factors(cal, fstart, per, int(horizon))
    runs = E.sums_over(gen, hist, int(iterations), int(horizon), factors=factors,
                       cumulative=True)
    total = n_past + int(horizon)
    cone = np.full((pct.size, total), np.nan)
    cone[:, n_past - 1] = cum[-1]
    if horizon:
        srt = np.sort(runs, axis=0)
        for i, pv in enumerate(pct.tolist()):
            cone[i, n_past:] = cum[-1] + E.order_stat(srt, pv / 100.0)
    done_line = np.full(total, np.nan)
    done_line[:n_past] = cum
    scope_line = np.empty(total)
    scope_line[:n_past] = sc
    scope_line[n_past:] = sc[-1] + growth.mean_discovery * np.arange(1, int(horizon) + 1)
    dates = None
    if day is not None and cal is not None:
        dates = readonly(E.period_end_dates(cal, day, per, np.arange(1, total + 1)))
    return BurnUp(
        period=readonly(np.arange(1, total + 1, dtype=np.int64)),
        past=n_past,
        done=readonly(done_line),
        scope=readonly(scope_line),
        cone_percentiles=tuple(float(x) for x in pct.tolist()),
        cone=readonly(cone),
        dates=dates,
        finish=finish,
    )

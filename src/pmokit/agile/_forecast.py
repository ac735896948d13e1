"""When will it be done: Monte Carlo forecast of the periods a backlog needs, from the
throughput history (items finished per period) by bootstrap."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Sequence
from typing import Any

import attrs
import numpy as np

from pmokit._random import RngLike, as_generator
from pmokit._results import IdMapping, PicklesReadOnly, Record, display, readonly, records_to_frame
from pmokit._typing import DateArray, FloatArray, IntArray
from pmokit._validation import Problems, as_percentiles, as_quantiles, check_number
from pmokit.agile import _engine as E
from pmokit.calendar import WorkCalendar
from pmokit.errors import InfeasibleInputError, ValidationError

__all__ = ["WhenDoneForecast", "when_done"]


@display(
    "iterations",
    "mean",
    ("P50", lambda r: r.percentile(50)),
    ("P85", lambda r: r.percentile(85)),
    ("P95", lambda r: r.percentile(95)),
    "period",
    "start",
    "ids",
)
@attrs.frozen(eq=False)
class WhenDoneForecast(PicklesReadOnly, IdMapping):
    """The outcome of :func:`when_done`: periods until the backlog is done, per trial.

    Indexed by work stream: ``forecast["web"]`` is the forecast of that stream alone
    (a single history is the one stream ``"backlog"``).

    Attributes
    ----------
    ids
        Work-stream ids, in input order.
    periods
        Periods until every stream is done, per trial [periods], int64[N]: the latest
        stream's finish.
    stream_periods
        Periods until each stream is done [periods], int64[streams, N].
    backlog
        The backlog each trial started from, after splitting [items or story points],
        float64[streams, N].
    unit
        ``"items"`` or ``"story points"``.
    period
        ``"D"`` (working days), ``"W"`` (weeks) or ``"2W"``... (sprints).
    start
        The first day of period 1, or None (no dates).
    calendar
        The working calendar of the dates, or None.

    Notes
    -----
    ``percentile(p)`` is the smallest number of periods within which at least ``p``
    percent of the trials finish (the convention of throughput forecasts: "85% of the
    trials finish in 12 weeks or less").
    """

    ids: tuple[Hashable, ...]
    periods: IntArray
    stream_periods: IntArray
    backlog: FloatArray
    unit: str
    period: str
    start: dt.date | None
    calendar: WorkCalendar | None
    _sorted: IntArray = attrs.field(init=False, repr=False)

    _what = "work stream"

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_sorted", readonly(np.sort(self.periods)))

    def __eq__(self, other: object) -> bool:
        return E.fields_equal(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"WhenDoneForecast(streams={len(self.ids)}, iterations={self.iterations}, "
            f"period={self.period!r}, P50={self.percentile(50)}, P85={self.percentile(85)})"
        )

    def _row(self, i: int) -> WhenDoneForecast:
        return WhenDoneForecast(
            ids=(self.ids[i],),
            periods=readonly(self.stream_periods[i]),
            stream_periods=readonly(self.stream_periods[i : i + 1]),
            backlog=readonly(self.backlog[i : i + 1]),
            unit=self.unit,
            period=self.period,
            start=self.start,
            calendar=self.calendar,
        )

    # ------------------------------------------------------------------ statistics
    @property
    def iterations(self) -> int:
        """Number of trials N."""
        return int(self.periods.size)

    @property
    def mean(self) -> float:
        """Mean periods to finish [periods]."""
        return float(self.periods.mean())

    def percentile(self, p: float, *, check_units: bool = True) -> int:
        """The P``p`` forecast: the fewest periods within which at least ``p`` percent of
        the trials finish [periods].

        Parameters
        ----------
        p
            Percent in [0, 100] (85 for P85).
        check_units
            False to allow ``p`` in (0, 1] (otherwise refused as a probable quantile).
        """
        q = E.one_value(as_percentiles(p, "percentile", check_units=check_units), "percentile")
        return int(E.order_stat(self._sorted, q / 100.0))

    def quantile(self, q: float) -> int:
        """The forecast at probability ``q`` in [0, 1] [periods] (``percentile(100 q)``)."""
        return int(E.order_stat(self._sorted, E.one_value(as_quantiles(q, "quantile"),
                                                          "quantile")))

    def percentile_se(self, p: float) -> float:
        """Standard error of :meth:`percentile` [periods], the convergence check.

        Distribution-free, from the order statistics (Conover, *Practical Nonparametric
        Statistics*, 3rd ed., 1999, section 3.2), as :meth:`RiskResult.percentile_se
        <pmokit.scheduling.RiskResult.percentile_se>`.
        """
        q = as_percentiles(p, "percentile") / 100.0
        return E.order_stat_se(self._sorted, float(q))

    def probability_within(self, limit: int | dt.date) -> float:
        """Probability of finishing within ``limit`` periods, or by a date (needs ``start``)."""
        k = self._limit(limit)
        return float(np.searchsorted(self._sorted, k, side="right")) / self._sorted.size

    def probability_se(self, limit: int | dt.date) -> float:
        """Binomial standard error of :meth:`probability_within`."""
        pr = self.probability_within(limit)
        return math.sqrt(pr * (1.0 - pr) / self.iterations)

    def _limit(self, limit: int | dt.date) -> int:
        if isinstance(limit, dt.date):
            days = self._period_dates(np.arange(0, int(self._sorted[-1]) + 2))
            return int(np.searchsorted(days, np.datetime64(limit, "D"), side="right")) - 1
        return int(check_number(limit, "limit"))

    # ------------------------------------------------------------------ dates
    def _dated(self) -> tuple[WorkCalendar, dt.date]:
        if self.start is None or self.calendar is None:
            raise ValidationError(
                "dates need a forecast made with start=<date> (got start=None)"
            )
        return self.calendar, self.start

    def _period_dates(self, k: Any) -> DateArray:
        cal, start = self._dated()
        return E.period_end_dates(cal, start, E.as_period(self.period), k)

    def percentile_date(self, p: float, *, check_units: bool = True) -> dt.date:
        """The date by which at least ``p`` percent of the trials finish: the last working
        day of the P``p`` period (needs ``start``)."""
        k = self.percentile(p, check_units=check_units)
        return self._period_dates(np.array([k]))[0].astype(dt.date)  # type: ignore[no-any-return]

    def quantile_date(self, q: float) -> dt.date:
        """:meth:`percentile_date` at probability ``q`` in [0, 1]."""
        return self._period_dates(np.array([self.quantile(q)]))[0].astype(dt.date)  # type: ignore[no-any-return]

    @property
    def finish_dates(self) -> DateArray:
        """The finish date of every trial (``datetime64[D]``; needs ``start``)."""
        return self._period_dates(self.periods)

    def working_days(self) -> FloatArray:
        """Working days from ``start`` through each trial's finish date [working days]: the
        trial's duration on a schedule's clock (needs ``start``)."""
        cal, start = self._dated()
        return E.working_days_to(cal, start, self.finish_dates)

    def as_distribution(self) -> Any:
        """The finish as a duration distribution for :func:`pmokit.scheduling.simulate`:
        an :class:`~pmokit.scheduling.Empirical` of :meth:`working_days` [working days]."""
        from pmokit.scheduling import Empirical

        return Empirical(self.working_days())

    # ------------------------------------------------------------------ output
    def distribution(self) -> tuple[IntArray, FloatArray]:
        """The distinct numbers of periods and the fraction of trials finishing in each."""
        values, counts = np.unique(self.periods, return_counts=True)
        return values.astype(np.int64), counts / self.iterations

    def percentiles(self, ps: Sequence[float] = (50, 85, 95)) -> list[Record]:
        """Records ``{"percentile", "periods", "se", "date"}`` (``date`` with ``start``)."""
        rows: list[Record] = []
        for p in ps:
            row: Record = {
                "percentile": float(p),
                "periods": self.percentile(p),
                "se": self.percentile_se(p),
            }
            if self.start is not None:
                row["date"] = self.percentile_date(p)
            rows.append(row)
        return rows

    def to_records(self) -> list[Record]:
        """One dict per distinct number of periods: ``periods``, ``probability``,
        ``cumulative`` and (with ``start``) ``date``."""
        values, prob = self.distribution()
        cum = np.cumsum(prob)
        dates = self._period_dates(values) if self.start is not None else None
        rows: list[Record] = []
        for i, (v, pr, c) in enumerate(zip(values.tolist(), prob.tolist(), cum.tolist(),
                                           strict=True)):
            row: Record = {"periods": int(v), "probability": pr, "cumulative": c}
            if dates is not None:
                row["date"] = dates[i].astype(dt.date)
            rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame indexed by periods (needs pandas)."""
        return records_to_frame(self.to_records(), index="periods")


def forecast(
    throughput: Any,
    backlog: Any,
    *,
    iterations: int,
    rng: RngLike,
    split: Any,
    discovery: Any,
    capacity: Any,
    start: Any,
    calendar: Any,
    period: str,
    max_periods: int,
    check_units: bool,
    unit: str,
) -> WhenDoneForecast:
    """The engine behind :func:`when_done` and :func:`velocity_when_done`."""
    integral = unit == "items"
    name = "throughput" if integral else "velocity"
    what = "items" if integral else "story points"
    ids, histories, backlogs = E.streams_of(throughput, backlog, name)
    p = Problems()
    E.check_iterations(iterations, p)
    p.check_number(max_periods, "max_periods", minimum=1.0)
    per = E.as_period(period)
    day, cal = E.dated(start, calendar, p)
    p.raise_if_any()
    hists = [
        E.as_history(h, name if len(ids) == 1 else f"{name} of stream {i!r}",
                     integral=integral, what=what)
        for i, h in zip(ids, histories, strict=True)
    ]
    sizes = [
        E.as_backlog(b, "backlog" if len(ids) == 1 else f"backlog of stream {i!r}",
                     integral=integral, what=what)
        for i, b in zip(ids, backlogs, strict=True)
    ]
    growth = E.as_growth(split, discovery, check_units=check_units, integral=integral)
    cap = E.as_capacity(capacity, check_units=check_units)
    for i, h in zip(ids, hists, strict=True):
        hname = name if len(ids) == 1 else f"{name} of stream {i!r}"
        E.require_progress(h, hname, what)
        if growth.has_discovery and float(h.mean()) <= growth.mean_discovery:
            raise InfeasibleInputError(
                f"'discovery' adds {growth.mean_discovery:.3g} {what} per period on average, "
                f"at least the {float(h.mean()):.3g} that '{hname}' finishes: no finish can "
                "be forecast (the backlog does not shrink)"
            )
    gen = as_generator(rng)
    n = int(iterations)
    horizon = int(max_periods)
    factors = cap
    if day is not None and cal is not None and per.weeks:
        span = max(cap.size, min(horizon, 520))
        factors = E.calendar_factors(cal, day, per, span)
        factors[: cap.size] *= cap
    stream_periods = np.empty((len(ids), n), dtype=np.int64)
    stream_backlog = np.empty((len(ids), n), dtype=np.float64)
    for s, (hist, size) in enumerate(zip(hists, sizes, strict=True)):
        target = size.draw(gen, n)
        if growth.split_high != 1.0 or growth.split_low != 1.0:
            factor = (
                np.full(n, growth.split_low)
                if growth.split_low == growth.split_high
                else gen.uniform(growth.split_low, growth.split_high, size=n)
            )
            target = target * factor
            if integral:
                target = np.ceil(target - 1e-9)
        stream_backlog[s] = target
        stream_periods[s] = E.periods_to_finish(
            gen, hist, target, factors=factors, growth=growth, max_periods=horizon
        )
    total = stream_periods.max(axis=0)
    return WhenDoneForecast(
        ids=ids,
        periods=readonly(total),
        stream_periods=readonly(stream_periods),
        backlog=readonly(stream_backlog),
        unit=unit,
        period=per.code,
        start=day,
        calendar=cal,
    )


def when_done(
    throughput: Any,
    backlog: Any,
    *,
    iterations: int = 10_000,
    rng: RngLike = None,
    split: float | tuple[float, float] = 1.0,
    discovery: float | Sequence[float] | None = None,
    capacity: Sequence[float] | None = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    period: str = "W",
    max_periods: int = E.MAX_PERIODS,
    check_units: bool = True,
) -> WhenDoneForecast:
    """When will these items be done? Monte Carlo forecast from throughput history.

    Each trial draws the throughput of every future period from the history (bootstrap,
    uniformly with replacement) until the items finished reach the backlog; the number of
    periods that took is the trial's outcome (Vacanti 2015; Magennis 2011).

    Parameters
    ----------
    throughput
        Items finished in each past period, whole numbers >= 0 (count the periods in
        which nothing was finished too). A mapping of stream id -> history forecasts
        several parallel work streams; the project is done when the last one is.
    backlog
        Items to finish: a number, a ``(min, max)`` range drawn uniformly per trial, or
        (with several streams) a mapping of stream id -> either.
    iterations
        Number of trials N (>= 2).
    rng
        Generator, seed or None; the same seed gives bit-for-bit the same forecast.
    split
        Scope growth by splitting: a factor on the backlog, or a ``(min, max)`` range
        drawn uniformly per trial (``(1.0, 1.3)``: up to 30% more items once split;
        Magennis's split rate). The grown backlog is rounded up to whole items.
    discovery
        Scope discovered while working [items per period]: a mean rate, or a history of
        items added per period that is bootstrapped like the throughput. It must be below
        the mean throughput.
    capacity
        Factors on the throughput of the first future periods (1.0 as in the history,
        0.5 with half the team; later periods 1.0): team changes.
    start
        The first day of the first future period; gives dates. With week periods, the
        throughput of each week is also scaled by its working days on ``calendar`` over a
        normal week's (holidays lower a week's throughput).
    calendar
        Working calendar (default Monday to Friday without holidays).
    period
        The period of the history: ``"W"`` (weeks, default), ``"2W"``... ``"8W"``
        (sprints) or ``"D"`` (working days).
    max_periods
        Trials still unfinished after this many periods raise
        :class:`~pmokit.errors.InfeasibleInputError` instead of running on.
    check_units
        False to skip the unit-slip guards (``split`` or ``capacity`` factors above 5 look
        like percents).

    Returns
    -------
    WhenDoneForecast

    Raises
    ------
    ValidationError
        An empty history, negative or fractional counts, a backlog range with min > max,
        bad iterations, split, capacity or period.
    InfeasibleInputError
        A history of zeros (nothing is ever finished: no finish can be forecast), or
        discovery as fast as the throughput.
    UnknownReferenceError
        Stream ids of ``backlog`` and ``throughput`` that do not match.

    References
    ----------
    Vacanti, D. S. (2015). *When Will It Be Done? Lean-Agile Forecasting to Answer Your
    Customers' Most Important Question*. ActionableAgile Press.
    Magennis, T. (2011). *Forecasting and Simulating Software Development Projects*.
    Focused Objective.

    Examples
    --------
    >>> f = when_done([3, 0, 2, 5, 1, 4], 20, iterations=20_000, rng=7)
    >>> f.percentile(50), f.percentile(85), f.percentile(95)
    (8, 11, 12)
    >>> import datetime as dt
    >>> f = when_done([3, 0, 2, 5, 1, 4], (15, 25), rng=7, start=dt.date(2026, 7, 6))
    >>> f.percentile_date(85)
    datetime.date(2026, 9, 18)
    """
    return forecast(
        throughput, backlog, iterations=iterations, rng=rng, split=split,
        discovery=discovery, capacity=capacity, start=start, calendar=calendar,
        period=period, max_periods=max_periods, check_units=check_units, unit="items",
    )


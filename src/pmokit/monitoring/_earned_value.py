"""Earned value management (EVM) and earned schedule (ES) for one project.

Every index is computed for every reported period at once on numpy arrays; the status
values (the last reported period) are the scalar fields of :class:`EarnedValue` and the
per-period values are in :attr:`EarnedValue.history`.

Time is counted in *periods* (weeks, months, ...): period ``k`` (1-based) ends at time
``t = k``, so the actual time at the end of the last reported period is ``AT = len(earned)``
and the planned duration is ``PD = len(planned)``.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import ComparesValues, PicklesReadOnly, Record, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    as_date,
    as_float_array,
    check_choice,
    check_flag,
    number_kind_problem,
)
from pmokit.calendar import Frequency, WorkCalendar, period_starts
from pmokit.errors import ValidationError

__all__ = [
    "EacMethod",
    "EarnedValue",
    "EarnedValueHistory",
    "SCurve",
    "earned_value",
]

EacMethod = Literal["cpi", "budget", "cpi_spi", "cpi_spi_t"]
"""Headline estimate-at-completion methods.

``"cpi"``: BAC / CPI; ``"budget"``: AC + (BAC - EV) (remaining work at the budgeted rate);
``"cpi_spi"``: AC + (BAC - EV) / (CPI x SPI); ``"cpi_spi_t"``: AC + (BAC - EV) / (CPI x SPI(t)).
"""

_EAC_METHODS: tuple[str, ...] = ("cpi", "budget", "cpi_spi", "cpi_spi_t")
_REL_TOL = 1e-9
# forecast dates are given up to 100 years after the start (beyond, they mean nothing)
_MAX_DATE_PERIODS: dict[str, int] = {"D": 36_525, "W": 5_218, "M": 1_200}

# The index names shared by EarnedValue (scalars) and EarnedValueHistory (arrays), in the
# order of the records.
_INDEX_FIELDS: tuple[str, ...] = (
    "pv", "ev", "ac", "sv", "cv", "spi", "cpi",
    "es", "sv_t", "spi_t", "tspi", "ieac_t",
    "eac_cpi", "eac_budget", "eac_cpi_spi", "eac_cpi_spi_t", "eac", "etc", "vac",
    "tcpi_bac", "tcpi_eac", "percent_complete", "percent_spent",
)  # fmt: skip


def _ro(a: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(a, dtype=np.float64)
    if arr.base is not None or arr.flags.writeable is False:
        arr = arr.copy()  # never freeze a view of (or alias) someone else's array
    arr.setflags(write=False)
    return arr


# ---------------------------------------------------------------------------- core math
def earned_schedule_curve(
    pv_curve: FloatArray, pd: FloatArray, ev: FloatArray, at: FloatArray
) -> FloatArray:
    """Earned schedule for each EV against the cumulative PV curves (vectorised core).

    Parameters
    ----------
    pv_curve
        ``(P, T + 1)`` cumulative planned values at times ``0 .. T`` (column 0 is 0); each
        row is non-decreasing and constant (at its BAC) after its planned duration.
    pd
        ``(P,)`` planned duration of each row [periods]; ``nan`` when the plan is
        incomplete (then ES is ``nan`` where EV reaches the last known PV).
    ev
        ``(P, K)`` cumulative earned values.
    at
        ``(P, K)`` or ``(K,)`` actual times [periods].

    Returns
    -------
    numpy.ndarray
        ``(P, K)`` earned schedule [periods]. Where EV meets the PV curve on a flat
        stretch (periods with zero PV), every time on that stretch has earned EV; ES is
        the one closest to the actual time, so SPI = 1 gives SPI(t) = 1 and, up to the
        planned duration, ``sign(SV) == sign(SV(t))``.
    """
    n_rows, width = pv_curve.shape
    if n_rows == 1:
        at_row = np.broadcast_to(np.asarray(at, np.float64), ev.shape)[0]
        return _earned_schedule_1d(pv_curve[0], float(pd[0]), ev[0], at_row)[None, :]
    t_last = width - 1
    e = ev[:, :, None]
    curve = pv_curve[:, None, :]
    # i: last index with PV[i] <= e ; j: first index with PV[j] >= e
    i = np.sum(curve <= e, axis=2) - 1
    j = np.sum(curve < e, axis=2)
    rows = np.arange(n_rows)[:, None]
    ev2 = ev

    # upper end of the set {t : PV(t) == EV} (or the crossing point)
    i_next = np.minimum(i + 1, t_last)
    lo_v = pv_curve[rows, i]
    hi_v = pv_curve[rows, i_next]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac_hi = np.where(hi_v > lo_v, (ev2 - lo_v) / (hi_v - lo_v), 0.0)
    t_max = i + frac_hi
    # lower end
    j_prev = np.maximum(j - 1, 0)
    j_c = np.minimum(j, t_last)
    lo_v2 = pv_curve[rows, j_prev]
    hi_v2 = pv_curve[rows, j_c]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac_lo = np.where(hi_v2 > lo_v2, (ev2 - lo_v2) / (hi_v2 - lo_v2), 0.0)
    t_min = np.where(j == 0, 0.0, j_prev + frac_lo)

    pd2 = pd[:, None]
    complete_plan = np.isfinite(pd2)
    cap = np.where(complete_plan, pd2, float(t_last))
    t_max = np.minimum(t_max, cap)
    t_min = np.minimum(t_min, cap)
    at2 = np.broadcast_to(np.asarray(at, dtype=np.float64), ev.shape)
    es = np.clip(at2, t_min, t_max)
    # EV beyond the known part of an incomplete plan: ES cannot be determined
    unknown = ~complete_plan & (ev2 >= pv_curve[:, -1:])
    beyond = j > t_last
    return np.where(unknown | beyond, np.nan, es)


def _earned_schedule_1d(
    curve: FloatArray, pd: float, ev: FloatArray, at: FloatArray
) -> FloatArray:
    """:func:`earned_schedule_curve` for one project with ``searchsorted``."""
    t_last = curve.size - 1
    i = np.searchsorted(curve, ev, side="right") - 1  # last PV <= EV
    j = np.searchsorted(curve, ev, side="left")  # first PV >= EV
    i_next = np.minimum(i + 1, t_last)
    lo, hi = curve[i], curve[i_next]
    with np.errstate(divide="ignore", invalid="ignore"):
        t_max = i + np.where(hi > lo, (ev - lo) / (hi - lo), 0.0)
        j_prev = np.maximum(j - 1, 0)
        j_c = np.minimum(j, t_last)
        lo2, hi2 = curve[j_prev], curve[j_c]
        t_min = np.where(j == 0, 0.0, j_prev + np.where(hi2 > lo2, (ev - lo2) / (hi2 - lo2), 0.0))
    complete = math.isfinite(pd)
    cap = pd if complete else float(t_last)
    es = np.clip(at, np.minimum(t_min, cap), np.minimum(t_max, cap))
    bad = j > t_last
    if not complete:
        bad = bad | (ev >= curve[-1])
    return np.where(bad, np.nan, es)


def _indices(
    pv: FloatArray,
    ev: FloatArray,
    ac: FloatArray,
    es: FloatArray,
    at: FloatArray,
    bac: FloatArray,
    pd: FloatArray,
    eac_method: str,
) -> dict[str, FloatArray]:
    """Every EVM and ES index from cumulative PV, EV, AC and ES (IEEE division)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sv = ev - pv
        cv = ev - ac
        spi = ev / pv
        cpi = ev / ac
        sv_t = es - at
        spi_t = es / at
        remaining = bac - ev
        eac_cpi = bac / cpi
        eac_budget = ac + remaining
        eac_cpi_spi = ac + remaining / (cpi * spi)
        eac_cpi_spi_t = ac + remaining / (cpi * spi_t)
        # a finished project needs nothing more, whatever its indices
        done = remaining == 0
        eac_cpi = np.where(done, ac, eac_cpi)
        eac_cpi_spi = np.where(done, ac, eac_cpi_spi)
        eac_cpi_spi_t = np.where(done, ac, eac_cpi_spi_t)
        eac = {
            "cpi": eac_cpi,
            "budget": eac_budget,
            "cpi_spi": eac_cpi_spi,
            "cpi_spi_t": eac_cpi_spi_t,
        }[eac_method]
        etc = eac - ac
        vac = bac - eac
        # to-complete indices: inf when the target is already spent with work left,
        # nan when it is spent and nothing is left
        spent_bac = bac - ac <= 0
        tcpi_bac = np.where(
            spent_bac, np.where(done, np.nan, np.inf), remaining / (bac - ac)
        )
        tcpi_eac = np.where(etc <= 0, np.where(done, np.nan, np.inf), remaining / etc)
        # TSPI: inf once the planned finish has passed with work left, nan when finished
        work_left = pd - es
        time_left = pd - at
        finished = done | (work_left <= 0)
        tspi = np.where(
            finished,
            np.nan,
            np.where(time_left <= 0, np.inf, work_left / time_left),
        )
        ieac_t = np.where(finished, at, pd / spi_t)
        percent_complete = 100.0 * ev / bac
        percent_spent = 100.0 * ac / bac
    return {
        "pv": pv, "ev": ev, "ac": ac, "sv": sv, "cv": cv, "spi": spi, "cpi": cpi,
        "es": es, "sv_t": sv_t, "spi_t": spi_t, "tspi": tspi, "ieac_t": ieac_t,
        "eac_cpi": eac_cpi, "eac_budget": eac_budget, "eac_cpi_spi": eac_cpi_spi,
        "eac_cpi_spi_t": eac_cpi_spi_t, "eac": eac, "etc": etc, "vac": vac,
        "tcpi_bac": tcpi_bac, "tcpi_eac": tcpi_eac,
        "percent_complete": percent_complete, "percent_spent": percent_spent,
    }  # fmt: skip


# ---------------------------------------------------------------------------- dates
@attrs.frozen
class _PeriodGrid:
    """Period boundaries on a calendar: period k (0-based) is [starts[k], starts[k+1])."""

    calendar: WorkCalendar
    starts: npt.NDArray[np.datetime64]
    counts: npt.NDArray[np.int64]

    @classmethod
    def build(
        cls, calendar: WorkCalendar, start: dt.date, freq: Frequency, n_periods: int
    ) -> _PeriodGrid:
        step = {"D": 1, "W": 7, "M": 31}[freq]
        end = start + dt.timedelta(days=step * (n_periods + 1) + 1)
        starts = period_starts(start, end, freq)[: n_periods + 1]
        counts = calendar.working_days_per_period(
            start, starts[n_periods].astype(dt.date), freq
        ).counts[:n_periods]
        return cls(calendar=calendar, starts=starts, counts=counts)

    def period_end(self, k: int) -> dt.date:
        """Last calendar day of period ``k`` (0-based)."""
        return (self.starts[k + 1] - np.timedelta64(1, "D")).astype(dt.date)  # type: ignore[no-any-return]

    def date_at(self, t: float) -> dt.date | None:
        """The working day in which the work of time ``t`` [periods] is finished."""
        if not math.isfinite(t) or t < 0 or t > self.counts.size:
            return None
        if t == 0:
            return self.calendar.add_working_days(self.starts[0].astype(dt.date), 0)
        p = math.ceil(t) - 1
        n = int(self.counts[p])
        if n == 0:  # a period without working days: the work is done on the next one
            return self.calendar.add_working_days(self.starts[p].astype(dt.date), 0)
        f = t - p
        idx = max(math.ceil(f * n - 1e-9) - 1, 0)
        return self.calendar.add_working_days(self.starts[p].astype(dt.date), idx)


# ---------------------------------------------------------------------------- results
@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class EarnedValueHistory(PicklesReadOnly, ComparesValues):
    """Every index for every reported period (arrays aligned with :attr:`period`).

    Attributes
    ----------
    period
        Period numbers ``1 .. AT`` (period ``k`` ends at time ``k``).
    period_end
        Last calendar day of each period, when a calendar and start were given, else ``None``.
    pv, ev, ac, sv, cv, spi, cpi, es, sv_t, spi_t, tspi, ieac_t, eac_cpi, eac_budget, \
eac_cpi_spi, eac_cpi_spi_t, eac, etc, vac, tcpi_bac, tcpi_eac, percent_complete, percent_spent
        As the fields of :class:`EarnedValue`, one value per period (read-only arrays).
    """

    period: npt.NDArray[np.int64]
    period_end: tuple[dt.date, ...] | None
    pv: FloatArray
    ev: FloatArray
    ac: FloatArray
    sv: FloatArray
    cv: FloatArray
    spi: FloatArray
    cpi: FloatArray
    es: FloatArray
    sv_t: FloatArray
    spi_t: FloatArray
    tspi: FloatArray
    ieac_t: FloatArray
    eac_cpi: FloatArray
    eac_budget: FloatArray
    eac_cpi_spi: FloatArray
    eac_cpi_spi_t: FloatArray
    eac: FloatArray
    etc: FloatArray
    vac: FloatArray
    tcpi_bac: FloatArray
    tcpi_eac: FloatArray
    percent_complete: FloatArray
    percent_spent: FloatArray

    def to_records(self) -> list[Record]:
        """One dict per period: ``period``, ``period_end`` (or None) and every index."""
        cols = {name: getattr(self, name) for name in _INDEX_FIELDS}
        out: list[Record] = []
        for k in range(self.period.size):
            rec: Record = {
                "period": int(self.period[k]),
                "period_end": None if self.period_end is None else self.period_end[k],
            }
            rec.update({name: float(col[k]) for name, col in cols.items()})
            out.append(rec)
        return out

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by period (needs pandas)."""
        return records_to_frame(self.to_records(), index="period")


@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class SCurve(PicklesReadOnly, ComparesValues):
    """Cumulative planned, earned and actual curves with straight-line forecasts.

    All arrays are aligned with :attr:`time` = ``0, 1, ..., T`` [periods] where ``T`` covers
    the plan, the reported periods and the forecast finish ``ceil(IEAC(t))`` (when finite
    and at most 10 x the planned duration). Values that do not exist at a time are ``nan``.

    Attributes
    ----------
    time
        Period boundaries [periods]; ``time[0] = 0`` is the project start.
    date
        Calendar date of each boundary (the last day of the period) when a calendar and
        start were given, else ``None``.
    planned
        Cumulative planned value [currency]; BAC after the planned duration.
    earned, actual
        Cumulative earned value and actual cost up to the status period [currency].
    forecast_earned
        Straight line from EV at the status time to BAC at IEAC(t) [currency].
    forecast_actual
        Straight line from AC at the status time to the headline EAC at IEAC(t) [currency].
    """

    time: FloatArray
    date: tuple[dt.date, ...] | None
    planned: FloatArray
    earned: FloatArray
    actual: FloatArray
    forecast_earned: FloatArray
    forecast_actual: FloatArray

    def to_records(self) -> list[Record]:
        """One dict per time point with every curve."""
        names = ("planned", "earned", "actual", "forecast_earned", "forecast_actual")
        return [
            {
                "time": float(self.time[k]),
                "date": None if self.date is None else self.date[k],
                **{n: float(getattr(self, n)[k]) for n in names},
            }
            for k in range(self.time.size)
        ]

    def to_frame(self) -> Any:
        """The curves as a pandas DataFrame indexed by time (needs pandas)."""
        return records_to_frame(self.to_records(), index="time")


@display("bac", "spi", "cpi", "eac", "es", "spi_t", "status_date", "actual_time")
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class EarnedValue(PicklesReadOnly, ComparesValues):
    """Earned value and earned schedule indices at the status date (the last period).

    Money is in the currency of the inputs [currency]; time in periods [periods]. Ratios
    follow IEEE division: ``x / 0`` is ``inf`` for ``x > 0`` and ``0 / 0`` is ``nan`` (for
    example CPI before any cost is booked).

    Attributes
    ----------
    bac
        Budget at completion [currency].
    planned_duration
        PD, the number of planned periods [periods]; ``nan`` if the plan stops before BAC.
    actual_time
        AT, the number of reported periods [periods].
    pv, ev, ac
        Cumulative planned value, earned value and actual cost at AT [currency].
    sv, cv
        Schedule variance EV - PV and cost variance EV - AC [currency].
    spi, cpi
        Schedule performance index EV / PV and cost performance index EV / AC.
    es
        Earned schedule: the time at which the plan called for the EV earned [periods]
        (Lipke 2003; linear interpolation within a period).
    sv_t, spi_t
        Time-based schedule variance ES - AT [periods] and index ES / AT.
    tspi
        To-complete schedule performance index (PD - ES) / (PD - AT); ``inf`` once AT >= PD
        with work left, ``nan`` once the work is complete (EV = BAC or ES = PD).
    ieac_t
        Independent estimate of the duration at completion PD / SPI(t) [periods] (equal to
        AT + (PD - ES) / SPI(t)); AT once the work is complete.
    eac_cpi, eac_budget, eac_cpi_spi, eac_cpi_spi_t
        Estimates at completion [currency]: BAC / CPI; AC + (BAC - EV);
        AC + (BAC - EV) / (CPI x SPI); AC + (BAC - EV) / (CPI x SPI(t)). All equal AC once
        EV = BAC.
    eac
        The headline EAC chosen by :attr:`eac_method` [currency].
    eac_method
        Which EAC is the headline.
    etc, vac
        Estimate to complete EAC - AC and variance at completion BAC - EAC [currency].
    tcpi_bac, tcpi_eac
        To-complete performance index to reach BAC, (BAC - EV) / (BAC - AC), and to reach
        the headline EAC, (BAC - EV) / (EAC - AC). When the target is already spent
        (AC >= BAC, or ETC <= 0) they are ``inf`` with work left and ``nan`` without.
    percent_complete, percent_spent
        100 x EV / BAC and 100 x AC / BAC [%].
    planned_completion_date, forecast_completion_date
        Working days on which the plan finishes (time PD) and on which IEAC(t) says the
        project will finish, when a calendar and start were given; else ``None`` (also when
        IEAC(t) is infinite or more than 100 years after the start).
    status_date
        Last calendar day of the last reported period, when dates are known.
    history
        Every index for every reported period.
    s_curve
        Planned, earned and actual curves with forecasts, for charts.
    planned_curve
        The cumulative baseline ``[0, PV_1, ..., PV_PD]`` at times ``0 .. PD`` [currency]
        (read-only), the curve ES is measured on.

    Examples
    --------
    >>> r = earned_value([100, 250, 450, 600, 700], [90, 200, 330], [100, 240, 400])
    >>> round(r.spi, 3), round(r.cpi, 3), round(r.es, 3), round(r.spi_t, 3)
    (0.733, 0.825, 2.4, 0.8)
    """

    bac: float
    planned_duration: float
    actual_time: float
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float
    cpi: float
    es: float
    sv_t: float
    spi_t: float
    tspi: float
    ieac_t: float
    eac_cpi: float
    eac_budget: float
    eac_cpi_spi: float
    eac_cpi_spi_t: float
    eac: float
    eac_method: str
    etc: float
    vac: float
    tcpi_bac: float
    tcpi_eac: float
    percent_complete: float
    percent_spent: float
    planned_completion_date: dt.date | None
    forecast_completion_date: dt.date | None
    status_date: dt.date | None
    history: EarnedValueHistory = attrs.field(repr=False)
    s_curve: SCurve = attrs.field(repr=False)
    planned_curve: FloatArray = attrs.field(repr=False)

    def summary(self) -> Record:
        """The status values as one dict (BAC, PD, AT, every index, the dates)."""
        rec: Record = {
            "bac": self.bac,
            "planned_duration": self.planned_duration,
            "actual_time": self.actual_time,
        }
        rec.update({name: getattr(self, name) for name in _INDEX_FIELDS})
        rec["eac_method"] = self.eac_method
        rec["status_date"] = self.status_date
        rec["planned_completion_date"] = self.planned_completion_date
        rec["forecast_completion_date"] = self.forecast_completion_date
        return rec

    def to_records(self) -> list[Record]:
        """One dict per reported period with every index (the last one is the status)."""
        return self.history.to_records()

    def to_frame(self) -> Any:
        """The per-period table as a pandas DataFrame indexed by period (needs pandas)."""
        return self.history.to_frame()


# ---------------------------------------------------------------------------- validation
def _series(
    values: Any, name: str, cumulative: bool, problems: Problems
) -> FloatArray | None:
    """Validate one series and return it cumulative (or None after recording problems)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # numpy's ComplexWarning: refused just below
            raw = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        problems.add(f"'{name}' must be a 1-dimensional sequence of numbers (got {exc})")
        return None
    kind = number_kind_problem(values, name)
    if kind is not None:  # complex, datetime64, None, bools, "3": numpy would take them
        problems.add(kind)
        return None
    if raw.ndim != 1:
        problems.add(
            f"'{name}' must be a 1-dimensional sequence of numbers (got shape {raw.shape})"
        )
        return None
    if raw.size == 0:
        problems.add(f"'{name}' must hold at least one period (got an empty sequence)")
        return None
    arr = raw
    with np.errstate(invalid="ignore"):
        clean = bool(np.isfinite(raw).all() and (raw >= 0).all())
    if not clean:  # the shared helper names every bad period
        labels = [f"period {k + 1}" for k in range(raw.size)]
        try:
            arr = as_float_array(raw, name, minimum=0.0, labels=labels)
        except ValidationError as exc:
            problems.extend(exc.problems)
            return None
    if not cumulative:
        with np.errstate(over="ignore"):
            total = np.cumsum(arr)
        over = np.flatnonzero(~np.isfinite(total))
        if over.size:  # finite amounts whose running sum overflows float64
            problems.add(
                f"'{name}' must add up to a finite total, but its running sum overflows "
                f"at period {int(over[0]) + 1}"
            )
            return None
        return total
    drops = np.nonzero(arr[1:] < arr[:-1])[0]
    for k in drops[:20]:
        problems.add(
            f"'{name}' is cumulative and must not decrease, but at period {k + 2} it fell "
            f"from {float(arr[k])!r} to {float(arr[k + 1])!r} "
            "(pass cumulative=False for per-period values)"
        )
    return None if drops.size else arr


@attrs.frozen
class _Inputs:
    planned: FloatArray  # cumulative, len PD
    earned: FloatArray  # cumulative, len AT
    actual: FloatArray
    bac: float
    plan_complete: bool


def _validate(
    planned: Any,
    earned: Any,
    actual: Any,
    *,
    cumulative: bool,
    budget: Any,
    problems: Problems,
    prefix: str = "",
) -> _Inputs | None:
    pl = _series(planned, f"{prefix}planned", cumulative, problems)
    ea = _series(earned, f"{prefix}earned", cumulative, problems)
    ac = _series(actual, f"{prefix}actual", cumulative, problems)
    if ea is not None and ac is not None and ea.size != ac.size:
        problems.add(
            f"'{prefix}earned' and '{prefix}actual' must cover the same periods "
            f"(got {ea.size} and {ac.size} periods)"
        )
    bac: float | None = None
    if budget is not None:
        n_before = len(problems)
        problems.check_number(budget, f"{prefix}budget", minimum=0.0, strict_minimum=True)
        if len(problems) == n_before:
            bac = float(budget)
    if pl is None:
        return None
    total = float(pl[-1])
    if budget is None:
        if not total > 0:
            problems.add(
                f"'{prefix}planned' must add up to a budget > 0 (got a total of {total!r}); "
                "give a plan with planned values or pass 'budget'"
            )
            return None
        bac = total
    if bac is None:
        return None
    tol = _REL_TOL * max(bac, 1.0)
    if total > bac + tol:
        problems.add(
            f"'{prefix}planned' must not exceed the budget {bac!r}, but its total is {total!r}"
        )
    plan_complete = abs(total - bac) <= tol
    if ea is not None:
        over = np.nonzero(ea > bac + tol)[0]
        if over.size:
            k = int(over[0])
            problems.add(
                f"'{prefix}earned' must not exceed the budget {bac!r}, but at period {k + 1} "
                f"it is {float(ea[k])!r}"
            )
        if not plan_complete and ea.size > pl.size:
            problems.add(
                f"'{prefix}planned' stops at {total!r}, below the budget {bac!r}, so it must "
                f"cover every reported period (got {pl.size} planned and {ea.size} reported)"
            )
    if problems or ea is None or ac is None:
        return None
    if plan_complete:
        pl = np.minimum(pl, bac)
        pl[-1] = bac
    return _Inputs(planned=pl, earned=np.minimum(ea, bac), actual=ac, bac=bac,
                   plan_complete=plan_complete)


def _pv_curve(planned: FloatArray, width: int, bac: float) -> FloatArray:
    """``[0, PV_1 .. PV_PD, BAC, BAC, ...]`` of length ``width + 1``."""
    curve = np.full(width + 1, bac, dtype=np.float64)
    curve[0] = 0.0
    n = min(planned.size, width)
    curve[1 : n + 1] = planned[:n]
    if planned.size < width:
        curve[planned.size + 1 :] = planned[-1]
    return curve


# ---------------------------------------------------------------------------- entry point
def earned_value(
    planned: Sequence[float] | npt.ArrayLike,
    earned: Sequence[float] | npt.ArrayLike,
    actual: Sequence[float] | npt.ArrayLike,
    *,
    cumulative: bool = True,
    budget: float | None = None,
    calendar: WorkCalendar | None = None,
    start: dt.date | None = None,
    freq: Frequency = "M",
    eac_method: EacMethod = "cpi",
) -> EarnedValue:
    """Earned value management and earned schedule indices of one project.

    Parameters
    ----------
    planned
        Planned value of each period of the baseline (cumulative by default) [currency].
        Its length is the planned duration PD [periods].
    earned
        Earned value of each reported period [currency]; its length is the actual time AT
        and may exceed PD (a late project).
    actual
        Actual cost of each reported period [currency]; same length as ``earned``.
    cumulative
        True if the series are cumulative to date; False if they are per-period amounts.
        Only a bool is accepted (a string such as ``"no"`` is refused).
    budget
        Budget at completion BAC [currency]. Defaults to the planned total. A larger
        budget means the plan is given only in part (it must then cover every reported
        period); PD and the measures that need it are ``nan``.
    calendar, start
        A :class:`~pmokit.calendar.WorkCalendar` and the project start date. With both, the
        result carries period-end dates, the status date, and the planned and forecast
        completion dates.
    freq
        Period length when dates are computed: ``"M"`` (calendar months, default), ``"W"``
        (ISO weeks) or ``"D"`` (days). The first period starts on ``start``.
    eac_method
        Which estimate at completion is the headline ``eac`` (and drives ETC, VAC, TCPI to
        EAC and the cost forecast line): ``"cpi"`` (default), ``"budget"``,
        ``"cpi_spi"`` or ``"cpi_spi_t"``.

    Returns
    -------
    EarnedValue
        The indices at the status date, their history per period and the S-curves.

    Raises
    ------
    ValidationError
        Naming the series and period for: NaN or infinite values, negative values, a
        decreasing cumulative series, ``earned`` and ``actual`` of different lengths,
        earned value above the budget, a planned total above the budget, an empty series,
        a non-positive budget, ``calendar`` without ``start`` (or the reverse), an unknown
        ``freq`` or ``eac_method``, a ``cumulative`` that is not a bool, or series of
        complex numbers, datetime64 values, booleans, strings or ``None``.

    Notes
    -----
    Earned schedule (Lipke 2003) is ``ES = C + (EV - PV_C) / (PV_{C+1} - PV_C)`` where ``C``
    is the number of whole periods whose cumulative PV has been earned, i.e. the time at
    which the piecewise-linear PV curve reaches EV. When EV equals PV on a flat stretch of
    the curve (periods with zero planned value) every time on the stretch qualifies; ES is
    the one nearest to AT. Lipke's counting rule (C = the number of periods with
    PV <= EV) takes the end of the stretch; the two agree except when EV sits on a flat
    stretch that ends after AT, where pmokit reports AT (on schedule, SPI(t) = 1, as
    SPI = 1 says) or the start of the stretch (ahead) instead of its end. This keeps
    ES <= AT whenever SPI <= 1. ES never exceeds PD, so a project that finishes late ends
    with SPI = 1 but SPI(t) = PD / AT < 1.

    References
    ----------
    .. [1] Project Management Institute, *Practice Standard for Earned Value Management*,
       2nd ed., 2011 (appendix D: earned schedule).
    .. [2] W. Lipke, "Schedule is different", *The Measurable News*, March 2003, 31-34.
    .. [3] W. Lipke, *Earned Schedule*, Lulu, 2009 (TSPI, IEAC(t)).

    Examples
    --------
    A 10-month plan with a budget of 1000, reported after 5 months:

    >>> plan = [50, 150, 300, 450, 600, 750, 850, 920, 970, 1000]
    >>> r = earned_value(plan, [40, 130, 250, 380, 500], [45, 150, 290, 420, 560])
    >>> r.pv, r.ev, r.ac
    (600.0, 500.0, 560.0)
    >>> round(r.spi, 4), round(r.cpi, 4), r.sv, r.cv
    (0.8333, 0.8929, -100.0, -60.0)
    >>> round(r.es, 4), round(r.spi_t, 4), round(r.ieac_t, 2)
    (4.3333, 0.8667, 11.54)
    >>> round(r.eac, 1), round(r.tcpi_bac, 4)
    (1120.0, 1.1364)
    """
    problems = Problems()
    try:
        check_choice(
            eac_method if isinstance(eac_method, str) else repr(eac_method),
            "eac_method",
            _EAC_METHODS,
        )
    except ValidationError as exc:
        problems.extend(exc.problems)
    try:
        check_flag(cumulative, "cumulative")
    except ValidationError as exc:  # 'no' would read as cumulative
        problems.extend(exc.problems)
        problems.raise_if_any()
    if (calendar is None) != (start is None):
        problems.add(
            "'calendar' and 'start' must be given together to compute dates "
            f"(got calendar={'set' if calendar is not None else None}, start={start!r})"
        )
    if calendar is not None and not isinstance(calendar, WorkCalendar):
        problems.add(
            f"'calendar' must be a WorkCalendar (got a {type(calendar).__name__})"
        )
    start_date: dt.date | None = None
    if start is not None:
        try:
            start_date = as_date(start, "start")
        except ValidationError as exc:
            problems.extend(exc.problems)
    if not isinstance(freq, str) or freq not in ("D", "W", "M"):
        problems.add(f"'freq' must be one of 'D', 'W', 'M' (got {freq!r})")
    inputs = _validate(
        planned, earned, actual, cumulative=cumulative, budget=budget, problems=problems
    )
    problems.raise_if_any()
    if inputs is None:  # pragma: no cover - _validate records a problem whenever it fails
        raise ValidationError("invalid earned value input")
    return _evaluate(inputs, calendar, start_date, freq, eac_method)


def _evaluate(
    inputs: _Inputs,
    calendar: WorkCalendar | None,
    start: dt.date | None,
    freq: Frequency,
    eac_method: str,
) -> EarnedValue:
    bac = inputs.bac
    n_plan = inputs.planned.size
    n_at = inputs.earned.size
    pd = float(n_plan) if inputs.plan_complete else math.nan
    width = max(n_plan, n_at)
    curve = _pv_curve(inputs.planned, width, bac)
    at = np.arange(1, n_at + 1, dtype=np.float64)
    pv = curve[1 : n_at + 1]
    es = earned_schedule_curve(
        curve[None, :], np.array([pd]), inputs.earned[None, :], at[None, :]
    )[0]
    idx = _indices(
        pv, inputs.earned, inputs.actual, es, at, np.array(bac), np.array(pd), eac_method
    )
    ieac = float(idx["ieac_t"][-1])
    eac = float(idx["eac"][-1])

    # S-curve horizon: the plan, the reports and the forecast finish (bounded)
    horizon = width
    if math.isfinite(ieac) and math.isfinite(pd) and ieac <= 10 * max(pd, 1.0):
        horizon = max(horizon, math.ceil(ieac - 1e-9))
    grid: _PeriodGrid | None = None
    if calendar is not None and start is not None:
        n_grid = horizon
        if math.isfinite(ieac) and ieac <= _MAX_DATE_PERIODS[freq]:
            n_grid = max(n_grid, math.ceil(ieac))
        try:
            grid = _PeriodGrid.build(calendar, start, freq, n_grid)
        except OverflowError:
            raise ValidationError(
                f"'start' ({start.isoformat()}) leaves no room for the {n_grid} periods of "
                "the plan and forecast before the last supported date (9999-12-31)"
            ) from None
    s_curve = _s_curve(curve, inputs, horizon, ieac, eac, grid)

    period_end: tuple[dt.date, ...] | None = None
    planned_date = forecast_date = status_date = None
    if grid is not None:
        period_end = tuple(grid.period_end(k) for k in range(n_at))
        status_date = period_end[-1]
        planned_date = grid.date_at(pd) if math.isfinite(pd) else None
        forecast_date = grid.date_at(ieac) if ieac <= _MAX_DATE_PERIODS[freq] else None

    arrays = {name: _ro(v) for name, v in idx.items()}
    period = np.arange(1, n_at + 1, dtype=np.int64)
    period.setflags(write=False)
    history = EarnedValueHistory(period=period, period_end=period_end, **arrays)
    scalars = {name: float(v[-1]) for name, v in arrays.items()}
    return EarnedValue(
        bac=bac,
        planned_duration=pd,
        actual_time=float(n_at),
        eac_method=eac_method,
        planned_completion_date=planned_date,
        forecast_completion_date=forecast_date,
        status_date=status_date,
        history=history,
        s_curve=s_curve,
        planned_curve=_ro(curve[: n_plan + 1]),
        **scalars,
    )


def _s_curve(
    curve: FloatArray,
    inputs: _Inputs,
    horizon: int,
    ieac: float,
    eac: float,
    grid: _PeriodGrid | None,
) -> SCurve:
    time = np.arange(horizon + 1, dtype=np.float64)
    planned = np.full(horizon + 1, curve[-1], dtype=np.float64)
    planned[: curve.size] = curve[: horizon + 1]
    n_at = inputs.earned.size
    earned = np.full(horizon + 1, np.nan)
    actual = np.full(horizon + 1, np.nan)
    earned[0] = actual[0] = 0.0
    earned[1 : n_at + 1] = inputs.earned
    actual[1 : n_at + 1] = inputs.actual
    f_earned = np.full(horizon + 1, np.nan)
    f_actual = np.full(horizon + 1, np.nan)
    at = float(n_at)
    ev_now, ac_now = float(inputs.earned[-1]), float(inputs.actual[-1])
    if math.isfinite(ieac) and math.isfinite(eac) and ieac > at:
        after = time >= at
        frac = np.clip((time[after] - at) / (ieac - at), 0.0, 1.0)
        f_earned[after] = ev_now + frac * (inputs.bac - ev_now)
        f_actual[after] = ac_now + frac * (eac - ac_now)
    else:
        f_earned[n_at] = ev_now
        f_actual[n_at] = ac_now
    dates: tuple[dt.date, ...] | None = None
    if grid is not None:
        first = grid.starts[0].astype(dt.date)
        dates = (first, *(grid.period_end(k) for k in range(horizon)))
    return SCurve(
        time=_ro(time),
        date=dates,
        planned=_ro(planned),
        earned=_ro(earned),
        actual=_ro(actual),
        forecast_earned=_ro(f_earned),
        forecast_actual=_ro(f_actual),
    )

"""The throughput sampling engine shared by every agile forecast (private).

Periods to finish are found in blocks: a block draws the throughput of the next ``H``
periods of every unfinished trial at once (bootstrap: each period's count is one of the
history's periods, drawn uniformly with replacement), scales it by the capacity of those
periods, takes the cumulative sums along the block and finds the first period whose sum
reaches the trial's backlog. Trials still unfinished continue with the next block from
their running sum. Trials are processed in chunks of :data:`CHUNK` rows so that memory
stays bounded; the chunk size is a constant, so results do not depend on the machine.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._typing import DateArray, FloatArray, IntArray
from pmokit._validation import (
    MAX_ARRAY_BYTES,
    Problems,
    as_date,
    check_flag,
    check_plausible,
    number_kind_problem,
)
from pmokit.calendar import MAX_DATE, WorkCalendar
from pmokit.errors import InfeasibleInputError, ValidationError

__all__: list[str] = []

CHUNK = 16_384
"""Trials processed together [trials]; a constant so that a seed gives one answer."""

MAX_PERIODS = 10_000
"""Default bound on the periods simulated before a forecast is refused [periods]."""


# ------------------------------------------------------------------------- periods
@attrs.frozen
class Period:
    """A forecasting period: ``"D"`` (one working day) or ``"<k>W"`` (k weeks)."""

    code: str
    weeks: int  # 0 for working days

    @property
    def days(self) -> int:
        """Calendar days in one period (0 for working-day periods)."""
        return 7 * self.weeks


def as_period(value: Any) -> Period:
    """Parse ``"D"``, ``"W"`` or ``"2W"`` (up to ``"8W"``)."""
    if isinstance(value, str):
        if value == "D":
            return Period("D", 0)
        m = re.fullmatch(r"([1-8]?)W", value)
        if m:
            k = int(m.group(1) or 1)
            return Period(value, k)
    raise ValidationError(
        f"'period' must be 'D' (working days), 'W' (weeks) or '2W'..'8W' (sprints of "
        f"several weeks) (got {value!r})"
    )


def period_end_dates(
    calendar: WorkCalendar, start: dt.date, period: Period, k: npt.ArrayLike
) -> DateArray:
    """The last working day of period ``k`` (1-based) counted from ``start``.

    Period 0 (nothing left to do) ends on the last working day before ``start``.
    """
    ks = np.asarray(k, dtype=np.int64)
    uniq, inv = np.unique(ks, return_inverse=True)
    origin = np.datetime64(start, "D").astype(np.int64)
    if period.weeks == 0:
        first = calendar.offset_ordinals(np.array([origin]), np.array([0.0]))[0]
        ords = calendar.offset_ordinals(np.full(uniq.shape, first),
                                        (uniq - 1).astype(np.float64))
    else:
        ends = origin + period.days * uniq  # the first day after the period
        ords = calendar.offset_ordinals(ends, np.full(uniq.shape, -1.0))
    return ords[inv].reshape(ks.shape).astype("datetime64[D]")


def working_days_to(calendar: WorkCalendar, start: dt.date, dates: DateArray) -> FloatArray:
    """Working days from the start of ``start`` through the end of each date [working days]."""
    d = np.asarray(dates).astype("datetime64[D]")
    uniq, inv = np.unique(d, return_inverse=True)
    out = np.array(
        [
            max(calendar.working_days_between(start, u.astype(dt.date) + dt.timedelta(days=1)), 0)
            for u in uniq
        ],
        dtype=np.float64,
    )
    return out[inv].reshape(d.shape)


def calendar_factors(
    calendar: WorkCalendar, start: dt.date, period: Period, n: int
) -> FloatArray:
    """Working days in each of the first ``n`` periods over a normal period's (week periods
    only; working-day periods are all 1)."""
    if period.weeks == 0 or n == 0:
        return np.ones(n)
    if (MAX_DATE - start).days < period.days * n:
        raise ValidationError(
            f"'start' {start.isoformat()} leaves no room for {n} periods before "
            f"{MAX_DATE.isoformat()}, the last supported date"
        )
    end = start + dt.timedelta(days=period.days * n)
    mask = calendar.working_mask(start, end).reshape(n, period.days)
    normal = len(set(calendar.weekdays)) * period.weeks
    if normal == 0:
        return np.ones(n)
    return np.asarray(mask.sum(axis=1) / normal, dtype=np.float64)


# ------------------------------------------------------------------------- inputs
def as_history(values: Any, name: str, *, integral: bool, what: str = "items") -> FloatArray:
    """A throughput history: a non-empty 1-D array of counts >= 0, one per period."""
    problem = number_kind_problem(values, name)
    if problem is not None:
        raise ValidationError(problem)
    try:
        arr = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'{name}' must be a sequence of {what} finished per period (got {values!r:.80})"
        ) from None
    if arr.ndim != 1:
        raise ValidationError(
            f"'{name}' must be a 1-dimensional history, one count per period (got shape "
            f"{arr.shape})"
        )
    if arr.size == 0:
        raise ValidationError(
            f"'{name}' is an empty history: give the {what} finished in each past period "
            "(at least one period)"
        )
    p = Problems()
    for i in np.nonzero(~np.isfinite(arr))[0][:10]:
        p.add(f"'{name}' must hold finite counts, but period {i + 1} is {float(arr[i])!r}")
    for i in np.nonzero(arr < 0)[0][:10]:
        p.add(f"'{name}' must hold counts >= 0, but period {i + 1} is {float(arr[i])!r}")
    if integral and not p:
        for i in np.nonzero(arr != np.floor(arr))[0][:10]:
            p.add(
                f"'{name}' must hold whole numbers of {what}, but period {i + 1} is "
                f"{arr[i]!r} (for story points use the velocity functions)"
            )
    p.raise_if_any()
    arr.setflags(write=False)
    return arr


def require_progress(history: FloatArray, name: str, what: str) -> None:
    """Refuse a history that never finishes anything: no finish can be forecast."""
    if not np.any(history > 0):
        raise InfeasibleInputError(
            f"'{name}' is 0 in all of its {history.size} periods: no finish can be forecast "
            f"from a history in which no {what} were finished; give a history with at least "
            "one finished period"
        )


@attrs.frozen
class Backlog:
    """A backlog size or a uniform range ``[low, high]``."""

    low: float
    high: float
    integral: bool

    def draw(self, gen: np.random.Generator, n: int) -> FloatArray:
        """``n`` backlog sizes (the fixed size when ``low == high``)."""
        if self.low == self.high:
            return np.full(n, self.low)
        if self.integral:
            return gen.integers(int(self.low), int(self.high), endpoint=True, size=n).astype(
                np.float64
            )
        return gen.uniform(self.low, self.high, size=n)


def as_backlog(value: Any, name: str, *, integral: bool, what: str = "items") -> Backlog:
    """A backlog: a number, or a ``(min, max)`` range drawn uniformly (whole numbers for
    items)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise ValidationError(
                f"'{name}' range must be a pair (min, max) (got {len(value)} values: "
                f"{tuple(value)!r})"
            )
        lo_v, hi_v = value
    else:
        lo_v = hi_v = value
    p = Problems()
    for v, label in ((lo_v, f"{name}"), (hi_v, f"{name}")):
        p.check_number(v, label, minimum=0.0)
        if integral and not p and float(v) != math.floor(float(v)):
            p.add(f"'{label}' must be a whole number of {what} (got {v!r})")
    p.raise_if_any()
    lo, hi = float(lo_v), float(hi_v)
    if lo > hi:
        raise ValidationError(
            f"'{name}' range must have min <= max (got min {lo_v!r} > max {hi_v!r})"
        )
    return Backlog(lo, hi, integral)


@attrs.frozen
class Growth:
    """Scope growth: a split factor range and discovered items per period."""

    split_low: float = 1.0
    split_high: float = 1.0
    discovery_rate: float = 0.0
    discovery_history: FloatArray | None = None

    @property
    def mean_discovery(self) -> float:
        """Mean items discovered per period."""
        if self.discovery_history is not None:
            return float(self.discovery_history.mean())
        return self.discovery_rate

    @property
    def has_discovery(self) -> bool:
        """Whether any scope is discovered while working."""
        return self.discovery_history is not None or self.discovery_rate > 0


def as_growth(split: Any, discovery: Any, *, check_units: bool, integral: bool) -> Growth:
    """Validate ``split`` (a factor or a (min, max) range) and ``discovery`` (a rate per
    period or a history of discovered counts per period)."""
    check_flag(check_units, "check_units")
    p = Problems()
    if isinstance(split, Sequence) and not isinstance(split, str):
        if len(split) != 2:
            raise ValidationError(f"'split' range must be a pair (min, max) (got {split!r})")
        s_lo, s_hi = split
    else:
        s_lo = s_hi = split
    p.check_number(s_lo, "split", minimum=0.0, strict_minimum=True)
    p.check_number(s_hi, "split", minimum=0.0, strict_minimum=True)
    p.raise_if_any()
    if float(s_lo) > float(s_hi):
        raise ValidationError(
            f"'split' range must have min <= max (got min {s_lo!r} > max {s_hi!r})"
        )
    slip = check_plausible(
        float(s_hi), "split", bound=5.0, check_units=check_units,
        hint="split is a factor on the backlog (1.3 for 30% more items), did you give a percent?",
    )
    if slip:
        raise ValidationError(slip)
    if discovery is None:
        return Growth(float(s_lo), float(s_hi))
    if isinstance(discovery, Sequence | np.ndarray) and not isinstance(discovery, str):
        hist = as_history(discovery, "discovery", integral=integral)
        return Growth(float(s_lo), float(s_hi), discovery_history=hist)
    p.check_number(discovery, "discovery", minimum=0.0)
    p.raise_if_any()
    return Growth(float(s_lo), float(s_hi), discovery_rate=float(discovery))


def as_capacity(value: Any, *, check_units: bool) -> FloatArray:
    """Capacity factors for the first future periods (1.0 = as in the history)."""
    check_flag(check_units, "check_units")
    if value is None:
        return np.ones(0)
    problem = number_kind_problem(value, "capacity")
    if problem is not None:
        raise ValidationError(problem)
    arr = np.array(value, dtype=np.float64)
    if arr.ndim != 1:
        raise ValidationError(
            f"'capacity' must be a 1-dimensional sequence of factors, one per future period "
            f"(got shape {arr.shape})"
        )
    p = Problems()
    for i in np.nonzero(~np.isfinite(arr) | (arr < 0))[0][:10]:
        p.add(f"'capacity' must hold factors >= 0, but period {i + 1} is {float(arr[i])!r}")
    p.raise_if_any()
    if arr.size:
        slip = check_plausible(
            float(arr.max()), "capacity", bound=5.0, check_units=check_units,
            hint="capacity factors are fractions of the history's throughput (0.5 for half "
            "a team), did you give percents?",
        )
        if slip:
            raise ValidationError(slip)
    return arr


def check_iterations(value: Any, problems: Problems) -> None:
    """'iterations' must be an int >= 2."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        problems.add(f"'iterations' must be an int (got {value!r})")
    elif value < 2:
        problems.add(f"'iterations' must be >= 2 (got {value})")
    elif value * 8 > MAX_ARRAY_BYTES:  # one float per trial at least; refuse before allocating
        problems.add(
            f"'iterations' would need more than {MAX_ARRAY_BYTES} bytes ({value} trials); "
            "use fewer"
        )


def dated(
    start: Any, calendar: Any, problems: Problems
) -> tuple[dt.date | None, WorkCalendar | None]:
    """Validate ``start``/``calendar``: a calendar needs a start; a start gets Monday-Friday."""
    if start is None:
        if calendar is not None:
            problems.add("'calendar' needs 'start' (got start=None)")
        return None, None
    try:
        day = as_date(start, "start")
    except ValidationError as exc:
        problems.extend(exc.problems)
        return None, None
    cal = WorkCalendar() if calendar is None else calendar
    if not isinstance(cal, WorkCalendar):
        problems.add(f"'calendar' must be a WorkCalendar (got a {type(cal).__name__})")
        return day, None
    return day, cal


def streams_of(
    throughput: Any, backlog: Any, name: str = "throughput"
) -> tuple[tuple[Hashable, ...], list[Any], list[Any]]:
    """Split mapping inputs (one per work stream) into ids and aligned lists."""
    from pmokit._validation import check_ids, check_known

    if isinstance(throughput, Mapping):
        ids = check_ids(throughput.keys(), f"{name} streams")
        if not ids:
            raise ValidationError(f"'{name}' must name at least one work stream (got none)")
        if not isinstance(backlog, Mapping):
            raise ValidationError(
                f"'backlog' must be a mapping of stream -> backlog when '{name}' is one "
                f"(got a {type(backlog).__name__})"
            )
        check_known(backlog.keys(), ids, "backlog", "stream")
        check_known(ids, list(backlog.keys()), f"{name}", "stream without a backlog")
        return ids, [throughput[i] for i in ids], [backlog[i] for i in ids]
    if isinstance(backlog, Mapping):
        raise ValidationError(
            f"'backlog' is a mapping of streams, so '{name}' must be one too (got a "
            f"{type(throughput).__name__})"
        )
    return ("backlog",), [throughput], [backlog]


# ------------------------------------------------------------------------- sampling
def _draw(gen: np.random.Generator, hist: FloatArray, shape: tuple[int, int], ints: bool) -> Any:
    n = hist.size
    dtype = np.int16 if n < 2**15 else np.int64
    idx = gen.integers(0, n, size=shape, dtype=dtype)
    table = hist.astype(np.int32) if ints else hist
    return table[idx]


BLOCK = 16
"""Periods per block whose sum is drawn at once while a trial's finish is out of reach."""


@attrs.frozen(eq=False)
class _Blocks:
    cdf: FloatArray  # CDF of the sum of BLOCK periods' throughput (exact convolution)
    reach: int  # the largest possible sum of BLOCK periods
    guide: IntArray  # guide[j]: the smallest k with cdf[k] > j / guide.size (Chen-Asau)

    def draw(self, u: FloatArray) -> IntArray:
        """Inverse CDF of uniforms ``u``: the smallest k with ``cdf[k] > u`` (equal to
        ``searchsorted(cdf, u, "right")``), from the guide table and a short scan."""
        m = self.guide.size
        k = self.guide[(u * m).astype(np.int64)]
        todo = np.nonzero(self.cdf[k] <= u)[0]
        while todo.size:
            k[todo] += 1
            todo = todo[self.cdf[k[todo]] <= u[todo]]
        return k


def _block_sums(history: FloatArray) -> _Blocks | None:
    """The exact distribution of the throughput summed over :data:`BLOCK` periods (the
    BLOCK-fold convolution of the history's empirical distribution), for whole-number
    histories of moderate size."""
    top = int(history.max())
    if top > 4096:
        return None
    pmf = np.bincount(history.astype(np.int64), minlength=top + 1) / history.size
    out = np.array([1.0])
    step, k = pmf, BLOCK
    while k:  # binary powering of the convolution
        if k & 1:
            out = np.convolve(out, step)
        k >>= 1
        if k:
            step = np.convolve(step, step)
    cdf = np.cumsum(out)
    cdf /= cdf[-1]
    cdf[-1] = np.inf  # every uniform in [0, 1) lands inside
    m = 4 * cdf.size
    guide = np.searchsorted(cdf, np.arange(m) / m, side="right").astype(np.int64)
    return _Blocks(cdf=cdf, reach=BLOCK * top, guide=guide)


def _skip_blocks(
    gen: np.random.Generator, blocks: _Blocks, target: FloatArray, cum: npt.NDArray[Any],
    base: IntArray, rows: IntArray,
) -> None:
    """Advance every trial whose backlog is out of reach of the next BLOCK periods by a
    block sum drawn from its exact distribution (the periods inside cannot finish it)."""
    far = rows[target[rows] - cum[rows] > blocks.reach]
    while far.size:
        u = gen.random(far.size)
        cum[far] += blocks.draw(u)
        base[far] += BLOCK
        far = far[target[far] - cum[far] > blocks.reach]


def periods_to_finish(
    gen: np.random.Generator,
    history: FloatArray,
    targets: FloatArray,
    *,
    factors: FloatArray,
    growth: Growth,
    max_periods: int,
) -> IntArray:
    """Periods each trial needs until its cumulative (net) throughput reaches its target.

    ``factors[k]`` scales the throughput of period ``k + 1`` (1.0 beyond the array).
    """
    n_trials = targets.size
    out = np.zeros(n_trials, dtype=np.int64)
    mean_net = float(history.mean()) - growth.mean_discovery
    ints = (
        bool(np.all(history == np.floor(history)))
        and history.max() * 1.0 < 2**20
        and not np.any(factors != 1.0)
        and growth.discovery_rate == math.floor(growth.discovery_rate)
        and (growth.discovery_history is None
             or bool(np.all(growth.discovery_history == np.floor(growth.discovery_history))))
        and float(targets.max(initial=0.0)) < 2**30
    )
    monotone = not growth.has_discovery
    sd = float(history.std())
    top = float(np.abs(history).max()) + (
        float(growth.discovery_history.max()) if growth.discovery_history is not None
        else growth.discovery_rate
    )
    blocks = _block_sums(history) if ints and monotone else None
    for c0 in range(0, n_trials, CHUNK):
        target = targets[c0 : c0 + CHUNK]
        rows = np.nonzero(target > 0)[0]
        cum = np.zeros(target.size, dtype=np.int64 if ints else np.float64)
        base = np.zeros(target.size, dtype=np.int64)
        if blocks is not None:
            _skip_blocks(gen, blocks, target, cum, base, rows)
        h0 = 0
        while rows.size:
            need = target[rows] - cum[rows]
            left = float(need.max())
            expect = left / mean_net
            h = math.ceil(expect + 2.0 * math.sqrt(expect) * sd / mean_net) + 4
            h = int(min(max(h, 8), 4096))
            if int(base[rows].max()) + h0 + h > max_periods:
                h = max_periods - h0 - int(base[rows].max())
            if h <= 0:
                raise InfeasibleInputError(
                    f"after {max_periods} periods {rows.size} of the trials still have work "
                    f"left (mean net throughput {mean_net:.3g} per period): no finish can be "
                    "forecast within 'max_periods'; raise it if you mean it"
                )
            x = _draw(gen, history, (rows.size, h), ints)
            if growth.discovery_history is not None:
                x = x - _draw(gen, growth.discovery_history, (rows.size, h), ints)
            elif growth.discovery_rate > 0:
                x = x - (int(growth.discovery_rate) if ints else growth.discovery_rate)
            if not ints:
                f = np.ones(h)
                k = min(max(factors.size - h0, 0), h)
                f[:k] = factors[h0 : h0 + k]
                x = x * f
            small = ints and top * h + left < 2**31 - 1
            csum = np.cumsum(x, axis=1, dtype=np.int32 if small else x.dtype)
            goal = need.astype(np.int32 if small else csum.dtype)
            reached = csum >= goal[:, None]
            if monotone:
                first = np.count_nonzero(~reached, axis=1)
                done = first < h
            else:
                first = np.argmax(reached, axis=1)
                done = reached[np.arange(rows.size), first]
            out[c0 + rows[done]] = base[rows[done]] + h0 + first[done] + 1
            cum[rows] += csum[:, -1]
            rows = rows[~done]
            h0 += h
    return out


def sums_over(
    gen: np.random.Generator,
    history: FloatArray,
    n_trials: int,
    periods: int,
    *,
    factors: FloatArray,
    cumulative: bool = False,
) -> FloatArray:
    """Sampled throughput summed over ``periods`` periods (or the running sums, shape
    ``(n_trials, periods)``, with ``cumulative=True``)."""
    f = np.ones(periods)
    k = min(factors.size, periods)
    f[:k] = factors[:k]
    out: FloatArray = np.empty((n_trials, periods) if cumulative else n_trials)
    for c0 in range(0, n_trials, CHUNK):
        c = min(CHUNK, n_trials - c0)
        if periods == 0:
            if not cumulative:
                out[c0 : c0 + c] = 0.0
            continue
        x = _draw(gen, history, (c, periods), False) * f
        if cumulative:
            np.cumsum(x, axis=1, out=out[c0 : c0 + c])
        else:
            out[c0 : c0 + c] = x.sum(axis=1)
    return out


def order_stat(sorted_values: npt.NDArray[Any], q: float) -> Any:
    """The smallest value with at least a fraction ``q`` of the trials at or below it
    (along the first axis)."""
    n = sorted_values.shape[0]
    k = max(math.ceil(q * n - 1e-9) - 1, 0)
    return sorted_values[min(k, n - 1)]


Z95 = 1.959963984540054


def order_stat_se(sorted_values: npt.NDArray[Any], q: float) -> float:
    """Distribution-free standard error of the ``q`` quantile (Conover 1999, 3.2): half the
    order-statistic 95% interval divided by 1.96."""
    n = sorted_values.size
    half = Z95 * math.sqrt(n * q * (1.0 - q))
    lo = min(max(math.floor(n * q - half), 0), n - 1)
    hi = min(max(math.ceil(n * q + half), 0), n - 1)
    return float(sorted_values[hi] - sorted_values[lo]) / (2.0 * Z95)


def calendars_equal(a: WorkCalendar | None, b: WorkCalendar | None) -> bool:
    """Two calendars with the same days (WorkCalendar itself compares by identity)."""
    if a is None or b is None:
        return a is b
    return (
        a.weekdays == b.weekdays
        and a.holidays == b.holidays
        and a.exceptions == b.exceptions
        and a.hours_per_day == b.hours_per_day
        and a.name == b.name
        and [str(r) for r in a.holiday_rules] == [str(r) for r in b.holiday_rules]
    )


def fields_equal(a: Any, b: Any) -> bool:
    """attrs fields equal, arrays by value and calendars by their days."""
    if type(a) is not type(b):
        return False
    for f in attrs.fields(type(a)):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)
                    and x.dtype == y.dtype
                    and np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")):
                return False
        elif isinstance(x, WorkCalendar) or isinstance(y, WorkCalendar):
            if not calendars_equal(x, y):
                return False
        elif x != y:
            return False
    return True


def check_number_value(value: Any, name: str) -> float:
    """A finite real number, or a ValidationError naming ``name``."""
    from pmokit._validation import check_number

    return check_number(value, name)


def one_value(value: Any, name: str) -> float:
    """A single checked percentile or quantile (arrays are refused with the fix)."""
    if np.ndim(value) != 0:
        raise ValidationError(
            f"'{name}' takes one value here (got {np.asarray(value).tolist()!r}); use "
            "percentiles([...]) or to_records() for several"
        )
    return float(value)

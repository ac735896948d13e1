"""Investment appraisal: NPV, IRR (all roots, by bracketing), MIRR, payback, benefit-cost ratio.

Timing convention, stated once and used everywhere: ``cash_flows[t]`` happens at the *end* of
period ``t`` counted from 0, so with ``when="start"`` (the default, numpy-financial's
convention) the first flow is at time 0 and is **not** discounted; with ``when="end"`` (Excel's
``NPV`` convention) the first flow is at time 1 and **is** discounted one period.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np
from scipy.optimize import brentq

from pmokit._results import display
from pmokit._typing import FloatArray
from pmokit._validation import as_float_array, check_choice, check_number
from pmokit.errors import ValidationError

__all__ = [
    "IRRResult",
    "benefit_cost_ratio",
    "discounted_payback",
    "irr",
    "mirr",
    "npv",
    "payback",
]

When = Literal["start", "end"]


def _flows(cash_flows: Any, name: str = "cash_flows") -> FloatArray:
    arr = as_float_array(cash_flows, name)
    if arr.size == 0:
        raise ValidationError(f"'{name}' must hold at least one cash flow (got an empty sequence)")
    return arr


def _rate(rate: Any, name: str = "rate") -> float:
    return check_number(rate, name, minimum=-1.0, strict_minimum=True)


def _times(n: int, when: str) -> FloatArray:
    check_choice(when, "when", ("start", "end"))
    return np.arange(n, dtype=np.float64) + (1.0 if when == "end" else 0.0)


def npv(rate: float, cash_flows: Any, *, when: When = "start") -> float:
    """Net present value of ``cash_flows`` at the periodic discount ``rate``.

    Parameters
    ----------
    rate
        Discount rate per period (0.08 is 8 %); must be > -1.
    cash_flows
        Net cash flow of each period [currency]; negative for outlays.
    when
        ``"start"`` (default, numpy-financial): the first flow is at time 0 and not discounted.
        ``"end"`` (Excel ``NPV``): the first flow is at the end of period 1 and discounted once.

    Returns
    -------
    float
        ``sum(cash_flows[t] / (1 + rate) ** time[t])`` [currency].

    Raises
    ------
    ValidationError
        If the rate is <= -1 or not finite, or a cash flow is not finite.

    Examples
    --------
    numpy-financial's documented example and Excel's ``NPV`` example:

    >>> round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 5)
    3065.22267
    >>> round(npv(0.10, [-10_000, 3_000, 4_200, 6_800], when="end"), 2)
    1188.44
    """
    r = _rate(rate)
    flows = _flows(cash_flows)
    t = _times(flows.size, when)
    return float(np.sum(flows / (1.0 + r) ** t))


@display()
@attrs.frozen
class IRRResult:
    """Every internal rate of return of a cash-flow series.

    Attributes
    ----------
    rates
        All rates in the searched range at which the NPV is 0, ascending.
    status
        ``"unique"`` (one root), ``"multiple"`` (several roots: the IRR is not defined and no
        single one is chosen) or ``"none"`` (no root in the range).
    rate
        The rate when ``status == "unique"``, else ``None``; never a guess.
    sign_changes
        Number of sign changes of the cash flows (Descartes' bound on the number of roots).
    message
        One sentence explaining the outcome.
    """

    rates: tuple[float, ...]
    status: Literal["unique", "multiple", "none"]
    rate: float | None
    sign_changes: int
    message: str

    def to_records(self) -> list[dict[str, Any]]:
        """One record per root: ``{"rate": r}``."""
        return [{"rate": r} for r in self.rates]

    def to_frame(self) -> Any:
        """The roots as a pandas DataFrame (needs pandas)."""
        from pmokit._results import records_to_frame

        return records_to_frame(self.to_records())


def irr(cash_flows: Any, *, low: float = -0.99, high: float = 10.0) -> IRRResult:
    """Internal rates of return: every root of ``npv(r, cash_flows) = 0`` in ``[low, high]``.

    The NPV is scanned on a dense grid in ``1 + r`` (with the real roots of the NPV polynomial
    added to the grid so close roots are not missed); every sign change is bracketed and
    solved with Brent's method. Several roots are reported as ``status="multiple"`` with
    ``rate=None``; no root gives ``status="none"``. The IRR does not depend on ``when``.

    Parameters
    ----------
    cash_flows
        Net cash flow of each period [currency].
    low, high
        Range of rates searched; ``low`` must be > -1.

    Returns
    -------
    IRRResult

    Raises
    ------
    ValidationError
        If a flow is not finite or the range is invalid.

    Examples
    --------
    >>> round(irr([-100, 39, 59, 55, 20]).rate, 5)
    0.28095
    >>> irr([-1, 6, -11, 6]).rates   # (1+r) - 1, 2, 3: three IRRs
    (0.0, 1.0, 2.0)
    >>> irr([100, 50]).status
    'none'
    """
    flows = _flows(cash_flows)
    lo = _rate(low, "low")
    hi = check_number(high, "high")
    if hi <= lo:
        raise ValidationError(f"'high' must be > 'low' ({lo!r}) (got {hi!r})")
    nz = flows[flows != 0.0]
    changes = int(np.count_nonzero(np.diff(np.sign(nz)) != 0)) if nz.size else 0
    n = flows.size - 1
    # NPV(r) * (1+r)^n = P(y) = sum flows[t] * y^(n-t), y = 1 + r
    y_lo, y_hi = 1.0 + lo, 1.0 + hi
    roots: list[float] = []
    if changes > 0 and n > 0:
        grid = np.geomspace(y_lo, y_hi, 4001)
        scaled = flows / np.abs(flows).max()
        try:
            with np.errstate(all="ignore"):
                poly_roots = np.roots(scaled) if np.any(scaled[:-1] != 0) else np.array([])
        except np.linalg.LinAlgError:  # subnormal leading coefficient: roots far out of range
            poly_roots = np.array([])
        poly_roots = poly_roots[np.isfinite(poly_roots)]
        real = poly_roots[np.abs(poly_roots.imag) <= 1e-7 * np.maximum(1.0, np.abs(poly_roots))]
        real_y = real.real[(real.real >= y_lo) & (real.real <= y_hi)]
        extra = np.concatenate([real_y * (1 - 1e-9), real_y * (1 + 1e-9)])
        grid = np.unique(np.clip(np.concatenate([grid, extra]), y_lo, y_hi))
        vals = np.polyval(flows, grid)
        exact = grid[vals == 0.0]
        roots.extend(float(y) for y in exact)
        s = np.sign(vals)
        idx = np.nonzero((s[:-1] * s[1:]) < 0)[0]
        for i in idx:
            y = float(
                brentq(lambda v: float(np.polyval(flows, v)), grid[i], grid[i + 1], xtol=1e-14)
            )
            roots.append(y)
    rates = sorted({round(y - 1.0, 12) for y in roots})
    # merge roots closer than 1e-9 (a root found on both sides of a grid point)
    merged: list[float] = []
    for r in rates:
        if not merged or r - merged[-1] > 1e-9:
            merged.append(r)
    out = tuple(float(r) + 0.0 for r in merged)
    if len(out) == 1:
        return IRRResult(out, "unique", out[0], changes, f"one IRR: {out[0]:.6g}")
    if len(out) > 1:
        msg = (
            f"{len(out)} IRRs ({', '.join(f'{r:.6g}' for r in out)}): the cash flows change sign "
            f"{changes} times, so the IRR is not defined; use npv or mirr"
        )
        return IRRResult(out, "multiple", None, changes, msg)
    return IRRResult((), "none", None, changes, f"no IRR in [{lo}, {hi}] ({changes} sign changes)")


def mirr(cash_flows: Any, finance_rate: float, reinvest_rate: float) -> float:
    """Modified internal rate of return (same definition as Excel ``MIRR`` and numpy-financial).

    Outlays are discounted to time 0 at ``finance_rate``, inflows compounded to the last
    period at ``reinvest_rate``:
    ``(FV(inflows) / -PV(outlays)) ** (1 / (n - 1)) - 1``.

    Parameters
    ----------
    cash_flows
        Net cash flow per period, the first at time 0 [currency].
    finance_rate
        Rate paid on the money used in the outlays.
    reinvest_rate
        Rate earned on reinvested inflows.

    Returns
    -------
    float
        The MIRR per period, or ``nan`` when there is no outlay or no inflow.

    Examples
    --------
    Excel's documented example (12.61 %):

    >>> round(mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.12), 6)
    0.126094
    """
    flows = _flows(cash_flows)
    fr = _rate(finance_rate, "finance_rate")
    rr = _rate(reinvest_rate, "reinvest_rate")
    n = flows.size
    if n < 2:
        raise ValidationError(f"'cash_flows' must hold at least 2 flows for MIRR (got {n})")
    t = np.arange(n, dtype=np.float64)
    pos = np.where(flows > 0, flows, 0.0)
    neg = np.where(flows < 0, flows, 0.0)
    fv_in = float(np.sum(pos * (1.0 + rr) ** (n - 1 - t)))
    pv_out = float(np.sum(neg / (1.0 + fr) ** t))
    if fv_in == 0.0 or pv_out == 0.0:
        return float("nan")
    return float((fv_in / -pv_out) ** (1.0 / (n - 1)) - 1.0)


def _payback(flows: FloatArray) -> float | None:
    cum = np.cumsum(flows)
    if cum[-1] < 0:
        return None
    # last time the cumulative flow is negative; payback after it
    neg = np.nonzero(cum < 0)[0]
    if neg.size == 0:
        return 0.0
    k = int(neg[-1])
    if k + 1 >= flows.size:
        return None
    return float(k + (-cum[k]) / flows[k + 1])


def payback(cash_flows: Any) -> float | None:
    """Payback period: the time at which the cumulative cash flow turns non-negative.

    Flow ``t`` is at time ``t``; within the period of recovery the flow is assumed uniform,
    so the result is interpolated. A series that dips below zero again later is paid back at
    the *last* crossing.

    Parameters
    ----------
    cash_flows
        Net cash flow per period, the first at time 0 [currency].

    Returns
    -------
    float or None
        Payback time [periods], or ``None`` when never paid back.

    Examples
    --------
    >>> payback([-1000, 300, 400, 500])
    2.6
    >>> payback([-1000, 300]) is None
    True
    """
    return _payback(_flows(cash_flows))


def discounted_payback(cash_flows: Any, rate: float) -> float | None:
    """Payback period of the discounted flows (flow ``t`` discounted by ``(1 + rate) ** t``).

    Parameters
    ----------
    cash_flows
        Net cash flow per period, the first at time 0 (not discounted) [currency].
    rate
        Discount rate per period.

    Returns
    -------
    float or None
        Discounted payback time [periods], or ``None`` when never paid back.

    Examples
    --------
    >>> round(discounted_payback([-1000, 500, 500, 500], 0.10), 4)
    2.352
    """
    flows = _flows(cash_flows)
    r = _rate(rate)
    return _payback(flows / (1.0 + r) ** np.arange(flows.size))


def benefit_cost_ratio(benefits: Any, costs: Any, rate: float, *, when: When = "start") -> float:
    """Benefit-cost ratio: present value of benefits over present value of costs.

    Parameters
    ----------
    benefits, costs
        Benefit and cost per period, both >= 0 and of the same length [currency].
    rate
        Discount rate per period.
    when
        Discounting convention, as in :func:`npv`.

    Returns
    -------
    float
        ``PV(benefits) / PV(costs)``.

    Raises
    ------
    ValidationError
        On negative or non-finite entries, different lengths, or zero total cost.

    Examples
    --------
    >>> round(benefit_cost_ratio([0, 600, 600], [1000, 0, 0], 0.05), 4)
    1.1156
    """
    b = as_float_array(benefits, "benefits", minimum=0.0)
    c = as_float_array(costs, "costs", minimum=0.0)
    if b.size != c.size:
        raise ValidationError(
            f"'benefits' and 'costs' must have the same length (got {b.size} and {c.size})"
        )
    pv_c = npv(rate, c, when=when) if c.size else 0.0
    if pv_c <= 0.0:
        raise ValidationError("'costs' must have a positive present value (got 0.0)")
    return npv(rate, b, when=when) / pv_c

"""Investment appraisal: NPV, IRR (all roots, by bracketing), MIRR, payback, benefit-cost ratio.

Timing convention, stated once and used everywhere: ``cash_flows[t]`` happens at the *end* of
period ``t`` counted from 0, so with ``when="start"`` (the default, numpy-financial's
convention) the first flow is at time 0 and is **not** discounted; with ``when="end"`` (Excel's
``NPV`` convention) the first flow is at time 1 and **is** discounted one period.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np
from scipy.optimize import brentq

from pmokit._results import display
from pmokit._typing import FloatArray, IntArray
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
RealLike: TypeAlias = float | int | Decimal
"""A rate: a real number; ``Decimal`` is accepted as Decimal flows are."""
ArrayLike: TypeAlias = "Sequence[float | int | Decimal] | FloatArray"
"""Cash flows: a sequence or array of real numbers [currency]."""


def _flows(cash_flows: ArrayLike, name: str = "cash_flows") -> FloatArray:
    arr = as_float_array(cash_flows, name)
    if arr.size == 0:
        raise ValidationError(f"'{name}' must hold at least one cash flow (got an empty sequence)")
    return arr


def _real(value: RealLike, name: str, **bounds: Any) -> float:
    """A real number (``Decimal`` accepted where Decimal flows are) checked as a float."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(f"'{name}' must be a finite number (got {value!r})")
        value = float(value)
    return check_number(value, name, **bounds)


def _rate(rate: RealLike, name: str = "rate") -> float:
    return _real(rate, name, minimum=-1.0, strict_minimum=True)


def _times(n: int, when: str) -> FloatArray:
    check_choice(when, "when", ("start", "end"))
    return np.arange(n, dtype=np.float64) + (1.0 if when == "end" else 0.0)


def npv(rate: RealLike, cash_flows: ArrayLike, *, when: When = "start") -> float:
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
        If the rate is <= -1 or not finite, a cash flow is not finite, or the NPV itself
        exceeds the float range (a negative rate over a very long series).

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
    # exp(-t log(1 + r)) underflows to 0 for a long series instead of overflowing 1 / inf
    with np.errstate(under="ignore", over="ignore"):
        value = float(np.sum(flows * np.exp(-t * np.log1p(r))))
    if not np.isfinite(value):
        raise ValidationError(
            f"the NPV at 'rate' {r!r} over {flows.size} periods exceeds the float range "
            "(a negative rate compounds the late flows beyond 1e308)"
        )
    return value


@display()
@attrs.frozen
class IRRResult:
    """Every internal rate of return of a cash-flow series.

    Attributes
    ----------
    rates
        Every distinct rate in the searched range at which the NPV is 0, ascending. A
        multiple root (the NPV touches zero, e.g. ``[-4, 12, -9]`` at 50 %) is listed once.
    status
        ``"unique"`` (one distinct root), ``"multiple"`` (several distinct roots: the IRR is
        not defined and no single one is chosen) or ``"none"`` (no root in the range).
    rate
        The rate when ``status == "unique"``, else ``None``; never a guess.
    sign_changes
        Number of sign changes of the cash flows (Descartes' bound on the number of roots,
        counted with multiplicity).
    message
        One sentence explaining the outcome.
    multiplicities
        The multiplicity of each rate, aligned with ``rates`` (1 for a simple root, 2 for a
        double root...).
    """

    rates: tuple[float, ...]
    status: Literal["unique", "multiple", "none"]
    rate: float | None
    sign_changes: int
    message: str
    multiplicities: tuple[int, ...] = ()

    def to_records(self) -> list[dict[str, Any]]:
        """One record per root: ``{"rate": r, "multiplicity": m}``."""
        return [
            {"rate": r, "multiplicity": m}
            for r, m in zip(self.rates, self.multiplicities, strict=True)
        ]

    def to_frame(self) -> Any:
        """The roots as a pandas DataFrame (needs pandas)."""
        from pmokit._results import records_to_frame

        return records_to_frame(self.to_records())


_DENSE_FLOWS = 400
"""Series up to this many flows also get the roots of their NPV polynomial (a dense
companion-matrix eigenproblem of that order), which finds even-multiplicity roots and
roots closer together than the scan grid; longer series are scanned only (see :func:`irr`)."""

_SCAN_ELEMENTS = 20_000_000
"""Budget of (grid points x flows) evaluations of the scan for a long series."""

_CLUSTER_TOL = 3e-5
"""Relative distance under which computed polynomial roots are one multiple root (a
double root comes out about 1e-8 apart, a triple one about 1e-5)."""


def _npv_at(flows: FloatArray, rates: FloatArray) -> FloatArray:
    """NPV of ``flows`` at each rate, evaluated without overflow for any length.

    For ``r >= 0`` the flows are discounted (``d = 1 / (1 + r) <= 1``); for ``r < 0`` the
    value is ``NPV * (1 + r) ** n`` (the same sign and roots), in powers of ``1 + r < 1``.
    """
    n = flows.size - 1
    t = np.arange(flows.size, dtype=np.float64)
    out = np.empty(rates.size)
    chunk = max(1, 2_000_000 // max(flows.size, 1))
    for s in range(0, rates.size, chunk):
        r = rates[s : s + chunk, None]
        log_y = np.log1p(r)
        # exp(k * log) rather than a power: as exact where the terms matter (k |log| small)
        expo = np.where(r >= 0, -t[None, :] * log_y, (n - t)[None, :] * log_y)
        with np.errstate(under="ignore"):
            out[s : s + chunk] = (flows[None, :] * np.exp(expo)).sum(axis=1)
    return out


def _npv_scalar(flows: FloatArray, rate: float) -> float:
    return float(_npv_at(flows, np.array([rate]))[0])


def _polynomial_roots(flows: FloatArray) -> tuple[FloatArray, IntArray]:
    """Clusters of the roots ``y = 1 + r`` of ``sum flows[t] y**(n - t)``: centres, sizes.

    Computed roots closer than ``_CLUSTER_TOL`` (relative, single linkage) are one
    cluster: a root of multiplicity m comes out of the eigenvalue problem as m roots
    about ``eps ** (1 / m)`` apart.
    """
    try:
        with np.errstate(all="ignore"):
            roots = np.roots(flows)
    except np.linalg.LinAlgError:  # pragma: no cover - subnormal leading coefficient
        roots = np.array([], dtype=complex)
    roots = roots[np.isfinite(roots)]
    k = roots.size
    label = np.arange(k)
    if k:
        scale = np.maximum(1.0, np.abs(roots))
        close = np.abs(roots[:, None] - roots[None, :]) <= _CLUSTER_TOL * np.minimum(
            scale[:, None], scale[None, :]
        )
        for _ in range(k):  # single linkage: propagate the smallest label
            new = np.where(close, label[None, :], k).min(axis=1)
            if np.array_equal(new, label):
                break
            label = new
    groups = np.unique(label)
    centres = np.array([roots[label == g].mean() for g in groups], dtype=complex)
    sizes = np.array([int(np.count_nonzero(label == g)) for g in groups], dtype=np.int64)
    return centres, sizes


def _brent(flows: FloatArray, a: float, b: float) -> float:
    return float(
        brentq(lambda r: _npv_scalar(flows, r), a, b, xtol=1e-16, rtol=8.9e-16, maxiter=500)
    )


def _vanishes(flows: FloatArray, rate: float) -> bool:
    """True when the NPV at ``rate`` is zero within the rounding of its terms."""
    n = flows.size - 1
    t = np.arange(flows.size, dtype=np.float64)
    log_y = np.log1p(rate)
    with np.errstate(under="ignore"):
        terms = flows * np.exp(-t * log_y if rate >= 0 else (n - t) * log_y)
    return bool(abs(terms.sum()) <= 1e-9 * np.abs(terms).sum())


def _find_roots(
    flows: FloatArray, lo: float, hi: float, changes: int
) -> tuple[list[float], list[int], bool]:
    """Distinct roots in ``[lo, hi]``, their multiplicities, and whether the search was a scan
    only (a long series with several sign changes)."""
    n_flows = flows.size
    dense = n_flows <= _DENSE_FLOWS
    centres = np.zeros(0)
    sizes = np.zeros(0, dtype=np.int64)
    if dense:
        c, k = _polynomial_roots(flows)
        real = np.abs(c.imag) <= _CLUSTER_TOL * np.maximum(1.0, np.abs(c))
        r_c = c.real[real] - 1.0
        inside = (r_c >= lo) & (r_c <= hi)
        centres, sizes = r_c[inside], k[real][inside]
    if changes == 1:
        # Descartes: exactly one positive root y = 1 + r, and it is simple
        grid = np.array([lo, hi])
    else:
        points = 4001 if dense else int(np.clip(_SCAN_ELEMENTS // n_flows, 64, 4001))
        grid = np.geomspace(1.0 + lo, 1.0 + hi, points) - 1.0
        if not dense:
            # a long series varies on the scale 1 / n around r = 0: scan every scale there
            fine = np.geomspace(0.01 / n_flows, 1.0, points)
            grid = np.concatenate([grid, fine, -fine])
        width = 0.5 * _CLUSTER_TOL * np.maximum(1.0, np.abs(1.0 + centres))
        extra = [np.array([0.0]), centres, centres - width, centres + width]
        grid = np.unique(np.clip(np.concatenate([grid, *extra]), lo, hi))
    vals = _npv_at(flows, grid)
    found = grid[vals == 0.0].tolist()
    s = np.sign(vals)
    for i in np.nonzero(s[:-1] * s[1:] < 0)[0].tolist():
        found.append(_brent(flows, float(grid[i]), float(grid[i + 1])))
    # one root per cluster of polynomial roots, with the cluster's size as multiplicity
    roots: list[float] = []
    mult: list[int] = []
    used = np.zeros(centres.size, dtype=bool)
    loose: list[float] = []
    for r in sorted(found):
        near = np.flatnonzero(
            np.abs(centres - r) <= _CLUSTER_TOL * np.maximum(1.0, np.abs(1.0 + centres))
        )
        if near.size:
            used[near[np.argmin(np.abs(centres[near] - r))]] = True
        else:
            loose.append(r)
    for j in np.nonzero(used)[0].tolist():
        if sizes[j] > 1:
            # a multiple root: the mean of its cluster is accurate to rounding, while the
            # NPV is too flat there for a bracket to pin it down
            roots.append(float(centres[j]))
        else:
            # a simple root: the bracketed root (full precision) where |NPV| is least
            width = _CLUSTER_TOL * max(1.0, abs(1.0 + centres[j]))
            cands = [r for r in found if abs(r - centres[j]) <= width]
            size = np.abs(_npv_at(flows, np.array(cands)))
            best = min(range(len(cands)), key=lambda i: (size[i], abs(cands[i] - centres[j])))
            roots.append(cands[best])
        mult.append(int(sizes[j]))
    # even-multiplicity roots: the NPV touches zero without changing sign
    for j in np.nonzero(~used & (sizes % 2 == 0))[0].tolist():
        if _vanishes(flows, float(centres[j])):
            roots.append(float(centres[j]))
            mult.append(int(sizes[j]))
    for r in loose:
        if not any(abs(r - q) <= 1e-12 * max(1.0, abs(1.0 + q)) for q in roots):
            roots.append(r)
            mult.append(1)
    order = np.argsort(roots, kind="stable")
    return (
        [float(roots[i]) + 0.0 for i in order],
        [mult[i] for i in order],
        not dense and changes > 1,
    )


def irr(cash_flows: ArrayLike, *, low: RealLike = -0.99, high: RealLike = 10.0) -> IRRResult:
    """Internal rates of return: every root of ``npv(r, cash_flows) = 0`` in ``[low, high]``.

    The flows are scaled by their largest magnitude first, so the outcome does not depend on
    the currency unit. With one sign change there is exactly one root (Descartes), found by
    Brent's method on ``[low, high]``. With several, the NPV is scanned on a grid in
    ``1 + r`` and every sign change solved by Brent's method to full precision; for series
    of up to 400 flows the roots of the NPV polynomial are computed too, so that close roots
    and multiple roots (where the NPV touches zero without changing sign) are found, and a
    multiple root is reported once with its multiplicity. Roots closer than 3e-5 (relative
    to ``1 + r``) are one multiple root. The NPV is evaluated in powers of ``1 / (1 + r)``
    (or of ``1 + r`` below 0), so 10^6 flows need no dense matrix and never overflow.
    Several roots are reported as ``status="multiple"`` with ``rate=None``; no root gives
    ``status="none"``. The IRR does not depend on ``when``.

    Parameters
    ----------
    cash_flows
        Net cash flow of each period [currency] (floats, ints or ``Decimal``).
    low, high
        Range of rates searched; ``low`` must be > -1.

    Returns
    -------
    IRRResult

    Raises
    ------
    ValidationError
        If a flow is not finite or the range is invalid.

    Notes
    -----
    A series longer than 400 flows with several sign changes is scanned only: on
    ``m = clip(2e7 / len(cash_flows), 64, 4001)`` rates geometric in ``1 + r`` and ``2 m``
    rates geometric in ``|r|`` from ``0.01 / len(cash_flows)`` to 1 (a long series changes
    on the scale ``1 / len``). A pair of roots closer than the grid step, or a root of even
    multiplicity, can be missed there (the message says so).

    Examples
    --------
    >>> round(irr([-100, 39, 59, 55, 20]).rate, 5)
    0.28095
    >>> irr([-1, 6, -11, 6]).rates   # (1+r) - 1, 2, 3: three IRRs
    (0.0, 1.0, 2.0)
    >>> r = irr([-4, 12, -9])        # -(2(1+r) - 3)**2: one double root
    >>> r.status, r.rate, r.multiplicities
    ('unique', 0.5, (2,))
    >>> irr([100, 50]).status
    'none'
    """
    flows = _flows(cash_flows)
    lo = _rate(low, "low")
    hi = _real(high, "high")
    if hi <= lo:
        raise ValidationError(f"'high' must be > 'low' ({lo!r}) (got {hi!r})")
    nz = flows[flows != 0.0]
    changes = int(np.count_nonzero(np.diff(np.sign(nz)) != 0)) if nz.size else 0
    scan_only = False
    rates: list[float] = []
    mult: list[int] = []
    if changes > 0:
        scaled = flows / np.abs(flows).max()
        rates, mult = [], []
        rates, mult, scan_only = _find_roots(scaled, lo, hi, changes)
    out = tuple(rates)
    ms = tuple(mult)
    caveat = (
        " (a long series scanned on a grid: roots closer than its step or of even "
        "multiplicity may be missed)"
        if scan_only
        else ""
    )
    if len(out) == 1:
        kind = "" if ms[0] == 1 else f" (a root of multiplicity {ms[0]})"
        return IRRResult(out, "unique", out[0], changes, f"one IRR: {out[0]:.6g}{kind}{caveat}", ms)
    if len(out) > 1:
        msg = (
            f"{len(out)} IRRs ({', '.join(f'{r:.6g}' for r in out)}): the cash flows change sign "
            f"{changes} times, so the IRR is not defined; use npv or mirr{caveat}"
        )
        return IRRResult(out, "multiple", None, changes, msg, ms)
    return IRRResult(
        (), "none", None, changes, f"no IRR in [{lo}, {hi}] ({changes} sign changes){caveat}", ()
    )


def mirr(cash_flows: ArrayLike, finance_rate: RealLike, reinvest_rate: RealLike) -> float:
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


def payback(cash_flows: ArrayLike) -> float | None:
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


def discounted_payback(cash_flows: ArrayLike, rate: RealLike) -> float | None:
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


def benefit_cost_ratio(
    benefits: ArrayLike, costs: ArrayLike, rate: RealLike, *, when: When = "start"
) -> float:
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

"""S-curve of earned value: planned, earned and actual with the forecast to EAC."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pmokit.plot._common import get_axes, wrong_type

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pmokit.monitoring import EarnedValue, SCurve

__all__ = ["s_curve"]

PV, EV, AC = "#2e86c1", "#27ae60", "#c0392b"


def s_curve(
    result: EarnedValue | SCurve, *, ax: Axes | None = None, forecast: bool = True
) -> Axes:
    """S-curve: cumulative PV, EV and AC, the forecasts and the estimate at completion.

    Parameters
    ----------
    result
        An :class:`~pmokit.monitoring.EarnedValue` (its ``s_curve``, ``bac`` and ``eac``
        are used) or an :class:`~pmokit.monitoring.SCurve`.
    ax
        A matplotlib Axes to draw on; a new figure when None.
    forecast
        Draw the straight-line forecasts of EV (to BAC) and AC (to EAC), the BAC line
        and, for an EarnedValue, the EAC line.

    Returns
    -------
    matplotlib.axes.Axes
        The x axis counts periods; when the curve has dates (``earned_value`` with a
        calendar and start) its ticks are labelled with period-end dates. Lines labelled
        ``"PV"``, ``"EV"``, ``"AC"`` and, with ``forecast``,
        ``"EV forecast"``, ``"AC forecast"``, ``"BAC = ..."``, ``"EAC = ..."``.

    Raises
    ------
    ValidationError
        ``result`` is neither an EarnedValue nor an SCurve.
    """
    from pmokit.monitoring import EarnedValue, SCurve

    eac: float | None = None
    if isinstance(result, EarnedValue):
        curve, eac = result.s_curve, float(result.eac)
    elif isinstance(result, SCurve):
        curve = result
    else:
        raise wrong_type("result", result, "an EarnedValue or an SCurve")
    ax = get_axes(ax)
    t = np.asarray(curve.time, dtype=float)
    ax.plot(t, curve.planned, color=PV, label="PV")
    ax.plot(t, curve.earned, color=EV, label="EV")
    ax.plot(t, curve.actual, color=AC, label="AC")
    if forecast:
        ax.plot(t, curve.forecast_earned, color=EV, linestyle="--", label="EV forecast")
        ax.plot(t, curve.forecast_actual, color=AC, linestyle="--", label="AC forecast")
        planned = np.asarray(curve.planned, dtype=float)
        bac = float(np.nanmax(planned)) if np.isfinite(planned).any() else float("nan")
        if np.isfinite(bac):
            ax.axhline(bac, color=PV, linestyle=":", linewidth=1, label=f"BAC = {bac:,.0f}")
        if eac is not None and np.isfinite(eac):
            ax.axhline(eac, color=AC, linestyle=":", linewidth=1, label=f"EAC = {eac:,.0f}")
    if curve.date is not None and t.size:
        step = max(1, -(-t.size // 8))  # at most 8 dated ticks
        ticks = list(range(0, t.size, step))
        ax.set_xticks(t[ticks], [f"{curve.date[k]:%d %b %Y}" for k in ticks],
                      rotation=45, ha="right")
        ax.set_xlabel("period end")
    else:
        ax.set_xlabel("periods from the project start")
    ax.set_ylabel("cumulative value [currency]")
    ax.set_title("S-curve")
    ax.legend(loc="upper left", fontsize="small")
    return ax

"""Burn-up chart with its forecast cone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pmokit.plot._common import get_axes, wrong_type

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pmokit.agile import BurnUp

__all__ = ["burn_up"]

DONE, SCOPE, CONE = "#27ae60", "#1b2631", "#a9dfbf"


def burn_up(result: BurnUp, *, ax: Axes | None = None) -> Axes:
    """Burn-up chart: items done to date, the scope line and the forecast cone.

    Parameters
    ----------
    result
        A :class:`~pmokit.agile.BurnUp` (from :func:`pmokit.agile.burn_up`).
    ax
        A matplotlib Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        Lines ``"done"`` (past periods), ``"scope"`` and one dashed line per cone
        percentile (``"P50"``, ...); the band between the lowest and the highest cone
        percentile is the filled area ``"P15-P85"`` (one collection).

    Raises
    ------
    ValidationError
        ``result`` is not a BurnUp.
    """
    from pmokit.agile import BurnUp

    if not isinstance(result, BurnUp):
        raise wrong_type("result", result, "a BurnUp (from pmokit.agile.burn_up)")
    ax = get_axes(ax)
    x = np.asarray(result.period, dtype=float)
    cone = np.asarray(result.cone, dtype=float)
    ps = result.cone_percentiles
    if cone.shape[0] >= 2:
        ax.fill_between(x, cone[0], cone[-1], where=~np.isnan(cone[0]), color=CONE,
                        alpha=0.6, label=f"P{ps[0]:g}-P{ps[-1]:g}")
    for row, p in zip(cone, ps, strict=True):
        ax.plot(x, row, color=DONE, linestyle="--", linewidth=1, label=f"P{p:g}")
    ax.plot(x, result.done, color=DONE, linewidth=2, marker="o", markersize=3, label="done")
    ax.plot(x, result.scope, color=SCOPE, linewidth=1.5, label="scope")
    ax.axvline(result.past + 0.5, color="#7f8c8d", linestyle=":", linewidth=1)
    ax.set_xlabel("period")
    ax.set_ylabel("items (cumulative)")
    ax.set_title("Burn-up")
    ax.legend(loc="upper left", fontsize="small")
    return ax

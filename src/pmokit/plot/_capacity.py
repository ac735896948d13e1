"""Capacity heat map: load, gap or shadow price per skill and period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from pmokit._validation import check_choice
from pmokit.plot._common import get_axes, wrong_type

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pmokit.capacity import CapacityHeatMap

__all__ = ["capacity_heatmap"]

HeatMeasure = Literal["load", "gap_fte", "unmet", "shadow_price"]
UNITS = {
    "load": "demand / supply",
    "gap_fte": "unmet demand [FTE]",
    "unmet": "unmet demand [hours]",
    "shadow_price": "shadow price [currency per hour]",
}


def capacity_heatmap(
    heatmap: CapacityHeatMap,
    *,
    measure: HeatMeasure = "load",
    ax: Axes | None = None,
    annotate: bool = True,
) -> Axes:
    """Heat map of one capacity measure, skills down, periods across.

    Parameters
    ----------
    heatmap
        A :class:`~pmokit.capacity.CapacityHeatMap` (from :func:`pmokit.capacity.heatmap`).
    measure
        ``"load"`` (demand over supply; 1 is full, shown on a diverging scale centred on
        1; infinite load, demand with no supply, is drawn at the top of the scale),
        ``"gap_fte"``, ``"unmet"`` or ``"shadow_price"``.
    ax
        A matplotlib Axes to draw on; a new figure when None.
    annotate
        Write the value in each cell (only when there are at most 300 cells).

    Returns
    -------
    matplotlib.axes.Axes
        One image (``ax.images[0]``, its array skills x periods) with a colour bar; tick
        labels the skills and periods.

    Raises
    ------
    ValidationError
        ``heatmap`` is not a CapacityHeatMap, or an unknown ``measure``.
    """
    from pmokit.capacity import CapacityHeatMap

    if not isinstance(heatmap, CapacityHeatMap):
        raise wrong_type("heatmap", heatmap, "a CapacityHeatMap (from pmokit.capacity.heatmap)")
    check_choice(measure, "measure", tuple(UNITS))
    data = np.array(getattr(heatmap, measure), dtype=float)
    ax = get_axes(ax)
    finite = data[np.isfinite(data)]
    if measure == "load":
        from matplotlib.colors import TwoSlopeNorm

        top = max(2.0, float(finite.max(initial=0.0)))
        data = np.where(np.isposinf(data), top, data)
        norm: Any = TwoSlopeNorm(vcenter=1.0, vmin=0.0, vmax=top)
        cmap = "RdYlGn_r"
    else:
        norm, cmap = None, "Reds"
    image = ax.imshow(np.ma.masked_invalid(data), aspect="auto", cmap=cmap, norm=norm)
    ax.figure.colorbar(image, ax=ax, label=UNITS[measure])
    ax.set_yticks(np.arange(len(heatmap.skills)), [str(s) for s in heatmap.skills])
    ax.set_xticks(np.arange(len(heatmap.periods)), [str(p) for p in heatmap.periods],
                  rotation=90)
    if annotate and data.size <= 300:
        raw = np.asarray(getattr(heatmap, measure), dtype=float)
        for (r, c), value in np.ndenumerate(raw):
            if np.isnan(value):
                continue
            text = "inf" if np.isinf(value) else f"{value:.2g}"
            ax.text(c, r, text, ha="center", va="center", fontsize="x-small")
    ax.set_title(f"Capacity: {measure.replace('_', ' ')}")
    return ax

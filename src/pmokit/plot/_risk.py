"""Finish distribution and tornado charts of a Monte Carlo schedule risk analysis."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from pmokit._validation import as_percentiles, check_choice
from pmokit.errors import ValidationError
from pmokit.plot._common import get_axes, wrong_type

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pmokit.scheduling import RiskResult

__all__ = ["finish_distribution", "tornado"]

HIST = "#5dade2"
CDF = "#1b4f72"
PLINE = "#c0392b"
PLAN = "#27ae60"

Measure = Literal["criticality", "cruciality", "sensitivity", "risk_contribution"]
MEASURES = ("criticality", "cruciality", "sensitivity", "risk_contribution")


def _risk_result(result: RiskResult) -> RiskResult:
    from pmokit.scheduling import RiskResult

    if not isinstance(result, RiskResult):
        raise wrong_type("result", result, "a RiskResult (from pmokit.scheduling.simulate)")
    return result


def finish_distribution(
    result: RiskResult,
    *,
    ax: Axes | None = None,
    percentiles: Sequence[float] = (50, 80, 90),
    bins: int = 40,
    cdf: bool = True,
) -> Axes:
    """Histogram of the simulated project duration, its CDF and the P-dates.

    Parameters
    ----------
    result
        A :class:`~pmokit.scheduling.RiskResult`.
    ax
        A matplotlib Axes to draw on; a new figure when None.
    percentiles
        The P-values marked by vertical lines [percent, 0-100]; labelled with the date
        when the simulation had a start and calendar.
    bins
        Number of histogram bins.
    cdf
        Draw the cumulative distribution on a second y axis (0-1).

    Returns
    -------
    matplotlib.axes.Axes
        The histogram Axes (``bins`` bar patches, container ``"iterations"``); the P-lines
        are labelled ``"P80 = 123.0 d"`` (with the date when known), the plan line
        ``"plan"`` and, when the simulation had one, the deadline line
        ``"deadline (64% on time)"``. The CDF, when drawn, is the line ``"CDF"`` on the twin Axes
        (``ax.figure.axes[-1]``).

    Raises
    ------
    ValidationError
        ``result`` is not a RiskResult, ``bins`` not a positive int, or a percentile
        outside 0-100.
    """
    res = _risk_result(result)
    ps = as_percentiles(percentiles, "percentiles")
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 1:
        raise ValidationError(f"'bins' must be an int >= 1 (got {bins!r})")
    ax = get_axes(ax)
    finish = np.asarray(res.finish, dtype=float)
    ax.hist(finish, bins=int(bins), color=HIST, label="iterations")
    ax.axvline(res.deterministic_finish, color=PLAN, linestyle=":", label="plan")
    if res.deadline is not None:
        ax.axvline(res.deadline, color="black", linestyle="-.", linewidth=1,
                   label=f"deadline ({res.deadline_probability:.0%} on time)")
    for p in np.atleast_1d(ps).tolist():
        value = res.percentile(p)
        label = f"P{p:g} = {value:.1f} d"
        if res.start is not None:
            label += f" ({res.percentile_date(p):%d %b %Y})"
        ax.axvline(value, color=PLINE, linestyle="--", linewidth=1, label=label)
    ax.set_xlabel("project duration [working days]")
    ax.set_ylabel("iterations")
    ax.set_title(f"Finish distribution ({res.iterations:,} iterations)")
    ax.legend(loc="upper left", fontsize="small")
    if cdf:
        twin = ax.twinx()
        xs = np.sort(finish)
        ys = np.arange(1, xs.size + 1) / xs.size
        twin.step(xs, ys, where="post", color=CDF, label="CDF")
        twin.set_ylim(0.0, 1.0)
        twin.set_ylabel("probability of finishing within")
    return ax


def tornado(
    result: RiskResult,
    *,
    measure: Measure = "criticality",
    top: int = 10,
    percentile: float = 80.0,
    ax: Axes | None = None,
) -> Axes:
    """Tornado chart: the activities (or risks) that drive the finish, largest on top.

    Parameters
    ----------
    result
        A :class:`~pmokit.scheduling.RiskResult`.
    measure
        ``"criticality"`` (share of iterations on the critical path), ``"cruciality"``
        (rank correlation with the finish), ``"sensitivity"`` (schedule sensitivity index)
        or ``"risk_contribution"`` (working days each risk adds to the ``percentile``
        duration; one bar per risk).
    top
        How many bars, ranked by absolute value.
    percentile
        The P-value of ``"risk_contribution"`` [percent, 0-100].
    ax
        A matplotlib Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        ``min(top, items)`` bars (container ``measure``), y tick labels the ids.

    Raises
    ------
    ValidationError
        Not a RiskResult, an unknown ``measure``, ``top`` < 1, or ``"risk_contribution"``
        for a simulation without risks.
    """
    res = _risk_result(result)
    check_choice(measure, "measure", MEASURES)
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ValidationError(f"'top' must be an int >= 1 (got {top!r})")
    if measure == "risk_contribution":
        if not res.risk_ids:
            raise ValidationError(
                "measure 'risk_contribution' needs a simulation with risks (got none)"
            )
        labels: tuple[Hashable, ...] = tuple(res.risk_ids)
        values = np.asarray(res.risk_contribution(percentile))
        xlabel = f"working days added to P{percentile:g}"
    else:
        labels = tuple(res.ids)
        values = np.asarray(getattr(res, measure), dtype=float)
        xlabel = {"criticality": "criticality index (share of iterations critical)",
                  "cruciality": "cruciality (Spearman correlation with the finish)",
                  "sensitivity": "schedule sensitivity index"}[measure]
    order = np.argsort(-np.abs(values), kind="stable")[: int(top)]
    ax = get_axes(ax)
    y = np.arange(order.size)
    colours = np.where(values[order] < 0, "#27ae60", "#c0392b")
    ax.barh(y, values[order], color=list(colours), label=measure)
    ax.set_yticks(y, [str(labels[i]) for i in order])
    if order.size:
        ax.set_ylim(order.size - 0.5, -0.5)
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.set_title(f"Tornado: {measure.replace('_', ' ')}")
    return ax

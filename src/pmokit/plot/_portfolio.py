"""Efficient frontier and AHP priorities."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from pmokit.plot._common import get_axes, wrong_type

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pmokit.portfolio import AHPResult, Frontier, GroupPriorities

__all__ = ["ahp_priorities", "efficient_frontier"]

LINE, BAD = "#2e86c1", "#c0392b"


def efficient_frontier(
    frontier: Frontier, *, ax: Axes | None = None, annotate: bool = True
) -> Axes:
    """Best portfolio value against the total budget, one marker per budget level.

    Parameters
    ----------
    frontier
        A :class:`~pmokit.portfolio.Frontier`.
    ax
        A matplotlib Axes to draw on; a new figure when None.
    annotate
        Write the ids entering the selection next to each level where some enter.

    Returns
    -------
    matplotlib.axes.Axes
        The step line ``"best value"`` through one point per feasible level, and the
        ``"cost"`` markers (cost of the chosen selection, <= budget).

    Raises
    ------
    ValidationError
        ``frontier`` is not a Frontier.
    """
    from pmokit.portfolio import Frontier

    if not isinstance(frontier, Frontier):
        raise wrong_type("frontier", frontier, "a Frontier (from efficient_frontier)")
    ax = get_axes(ax)
    b = np.asarray(frontier.total_budgets, dtype=float)
    v = np.asarray(frontier.values, dtype=float)
    ok = np.array([s != "infeasible" for s in frontier.status], dtype=bool) & np.isfinite(v)
    ax.step(b[ok], v[ok], where="post", color=LINE, marker="o", label="best value")
    ax.plot(np.asarray(frontier.costs, dtype=float)[ok], v[ok], linestyle="none",
            marker="x", color="#7f8c8d", label="cost")
    if annotate:
        for i in np.flatnonzero(ok).tolist():
            if frontier.entered[i]:
                ax.annotate("+" + ", ".join(map(str, frontier.entered[i])), (b[i], v[i]),
                            textcoords="offset points", xytext=(4, -10), fontsize="x-small")
    ax.set_xlabel("total budget [currency]")
    ax.set_ylabel("portfolio value")
    ax.set_title("Efficient frontier")
    ax.legend(loc="lower right", fontsize="small")
    return ax


def ahp_priorities(result: AHPResult | GroupPriorities, *, ax: Axes | None = None) -> Axes:
    """AHP priorities as bars, largest first, with the consistency ratio in the title.

    Parameters
    ----------
    result
        An :class:`~pmokit.portfolio.AHPResult` (priorities and consistency) or a
        ``GroupPriorities`` (priorities only).
    ax
        A matplotlib Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per item (container ``"priority"``) with its value written on it; the
        title gives ``CR`` against Saaty's threshold, in red when inconsistent.

    Raises
    ------
    ValidationError
        ``result`` is neither an AHPResult nor a GroupPriorities.
    """
    from pmokit.portfolio import AHPResult, GroupPriorities

    if not isinstance(result, AHPResult | GroupPriorities):
        raise wrong_type("result", result, "an AHPResult or GroupPriorities")
    ax = get_axes(ax)
    w = np.asarray(result.priorities, dtype=float)
    order = np.argsort(-w, kind="stable")
    x = np.arange(w.size)
    bars = ax.bar(x, w[order], color=LINE, label="priority")
    ax.bar_label(bars, labels=[f"{w[i]:.3f}" for i in order], fontsize="small")
    ax.set_xticks(x, [str(result.labels[i]) for i in order])
    ax.set_ylabel("priority (sums to 1)")
    ax.set_ylim(0.0, max(float(w.max(initial=0.0)) * 1.15, 1e-9))
    if isinstance(result, AHPResult):
        verdict = "consistent" if result.consistent else "INCONSISTENT"
        ax.set_title(
            f"AHP priorities: CR = {result.cr:.3f} (threshold {result.threshold:.2f}, "
            f"{verdict})",
            color="black" if result.consistent else BAD,
        )
    else:
        ax.set_title("AHP group priorities")
    return ax

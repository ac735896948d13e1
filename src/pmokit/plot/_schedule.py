"""Gantt chart and resource load against capacity."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.plot._common import get_axes, wrong_type

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from pmokit.scheduling import LevelledSchedule, ResourceSchedule, Schedule

    AnySchedule: TypeAlias = Schedule | ResourceSchedule | LevelledSchedule

__all__ = ["gantt", "resource_load"]

CRITICAL = "#c0392b"
NON_CRITICAL = "#2e86c1"
FLOAT = "#aed6f1"
BASELINE = "#7f8c8d"
CAPACITY = "#1b2631"


def _bars(schedule: AnySchedule) -> tuple[tuple[Hashable, ...], Any, Any, Any]:
    """Ids, starts, finishes and total float (None when the schedule has none)."""
    from pmokit.scheduling import LevelledSchedule, ResourceSchedule, Schedule

    if isinstance(schedule, Schedule):
        return schedule.ids, schedule.early_start, schedule.early_finish, schedule.total_float
    if isinstance(schedule, ResourceSchedule | LevelledSchedule):
        return schedule.ids, schedule.start, schedule.finish, None
    raise wrong_type("schedule", schedule, "a Schedule, ResourceSchedule or LevelledSchedule")


def _baseline(
    baseline: AnySchedule | Mapping[Hashable, tuple[float, float]], ids: tuple[Hashable, ...]
) -> tuple[Any, Any]:
    """Baseline starts and finishes aligned with ``ids`` by label (NaN where absent)."""
    start = np.full(len(ids), np.nan)
    finish = np.full(len(ids), np.nan)
    if isinstance(baseline, Mapping):
        pairs = dict(baseline)
    else:
        b_ids, b_start, b_finish, _ = _bars(baseline)
        pairs = {k: (b_start[i], b_finish[i]) for i, k in enumerate(b_ids)}
    unknown = [k for k in pairs if k not in set(ids)]
    if unknown:
        raise UnknownReferenceError(
            f"'baseline' names activities not in the schedule: {unknown!r}", unknown
        )
    for i, k in enumerate(ids):
        if k in pairs:
            s, f = pairs[k]
            start[i], finish[i] = float(s), float(f)
    return start, finish


def gantt(
    schedule: AnySchedule,
    *,
    ax: Axes | None = None,
    baseline: AnySchedule | Mapping[Hashable, tuple[float, float]] | None = None,
    show_float: bool = True,
    critical: bool = True,
) -> Axes:
    """Gantt chart of a schedule: critical path in red, total float, baseline bars.

    One row per activity, in the schedule's order from the top; bars run from the start
    to the finish [working days from the project start].

    Parameters
    ----------
    schedule
        A :class:`~pmokit.scheduling.Schedule` (early dates, total float, critical path),
        or a :class:`~pmokit.scheduling.ResourceSchedule` / ``LevelledSchedule``
        (their start and finish; no float).
    ax
        A matplotlib Axes to draw on; a new figure when None.
    baseline
        Another schedule, or a mapping ``id -> (start, finish)`` [working days], drawn as
        thin grey bars under each activity's bar, matched by id (activities absent from
        the baseline get none).
    show_float
        Draw each activity's total float after its finish (Schedule only).
    critical
        Colour critical activities (total float <= 1e-9) red (Schedule only).

    Returns
    -------
    matplotlib.axes.Axes
        Its ``containers`` are labelled ``"critical"``, ``"non-critical"``,
        ``"total float"`` and ``"baseline"`` (those drawn); milestones (zero duration) are
        also marked by the diamonds of the line ``"milestone"``.

    Raises
    ------
    ValidationError
        ``schedule`` is not a schedule, or ``ax`` not an Axes.
    UnknownReferenceError
        ``baseline`` names an activity the schedule does not have.
    MissingDependencyError
        matplotlib is not installed (``pip install 'pmokit[plot]'``).
    """
    ids, start, finish, total_float = _bars(schedule)
    ax = get_axes(ax)
    n = len(ids)
    y = np.arange(n, dtype=float)
    width = np.asarray(finish, dtype=float) - np.asarray(start, dtype=float)
    height = 0.6
    if baseline is not None:
        b_start, b_finish = _baseline(baseline, ids)
        keep = ~np.isnan(b_start)
        ax.barh(y[keep] + 0.3, (b_finish - b_start)[keep], left=b_start[keep], height=0.2,
                color=BASELINE, label="baseline")
    crit = np.zeros(n, dtype=bool)
    if total_float is not None and critical:
        crit = np.asarray(total_float) <= 1e-9
    if crit.any():
        ax.barh(y[crit], width[crit], left=np.asarray(start)[crit], height=height,
                color=CRITICAL, label="critical")
    if (~crit).any():
        ax.barh(y[~crit], width[~crit], left=np.asarray(start)[~crit], height=height,
                color=NON_CRITICAL, label="non-critical")
    if total_float is not None and show_float:
        tf = np.asarray(total_float, dtype=float)
        has = tf > 1e-9
        if has.any():
            ax.barh(y[has], tf[has], left=np.asarray(finish)[has], height=height / 3,
                    color=FLOAT, label="total float")
    milestone = width == 0
    if milestone.any():
        ax.plot(np.asarray(start, dtype=float)[milestone], y[milestone], linestyle="none",
                marker="D", color=CAPACITY,
                label="milestone")
    ax.set_yticks(y, [str(i) for i in ids])
    if n:
        ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlabel("working days from the project start")
    ax.set_title("Gantt chart")
    if n:
        ax.legend(loc="best", fontsize="small")
    return ax


def resource_load(
    schedule: ResourceSchedule | LevelledSchedule,
    resource: Hashable | None = None,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Use of one resource per period as bars, its capacity as a step line.

    Parameters
    ----------
    schedule
        A :class:`~pmokit.scheduling.ResourceSchedule` (usage and capacity) or a
        ``LevelledSchedule`` (usage before and after levelling; no capacity line).
    resource
        The resource id; None picks the resource with the highest peak use relative to
        its capacity (or the highest peak, for a levelled schedule).
    ax
        A matplotlib Axes to draw on; a new figure when None.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per period (container ``"usage"``), and the line ``"capacity"`` (or
        ``"before levelling"``).

    Raises
    ------
    ValidationError
        ``schedule`` is not a resource schedule.
    UnknownReferenceError
        ``resource`` is not one of the schedule's resources.
    """
    from pmokit.scheduling import LevelledSchedule, ResourceSchedule

    if not isinstance(schedule, ResourceSchedule | LevelledSchedule):
        raise wrong_type("schedule", schedule, "a ResourceSchedule or LevelledSchedule")
    rids = tuple(schedule.resource_ids)
    if not rids:
        raise ValidationError("'schedule' uses no resource: nothing to draw")
    usage = np.asarray(schedule.usage, dtype=float)
    if isinstance(schedule, ResourceSchedule):
        other, other_label = np.asarray(schedule.capacity, dtype=float), "capacity"
    else:
        other, other_label = np.asarray(schedule.usage_before, dtype=float), "before levelling"
    if resource is None:
        peak = usage.max(axis=1, initial=0.0)
        if other_label == "capacity":
            cap = np.where(other.max(axis=1, initial=0.0) > 0, other.max(axis=1, initial=0.0), 1)
            peak = peak / cap
        k = int(np.argmax(peak))
    else:
        if resource not in rids:
            raise UnknownReferenceError(
                f"unknown resource {resource!r} (known: {', '.join(map(repr, rids))})",
                [resource],
            )
        k = rids.index(resource)
    ax = get_axes(ax)
    period = float(schedule.period)
    t = np.arange(usage.shape[1]) * period
    ax.bar(t, usage[k], width=period, align="edge", color=NON_CRITICAL, label="usage")
    if other.shape[1]:
        t2 = np.arange(other.shape[1] + 1) * period
        ax.step(t2, np.append(other[k], other[k][-1]), where="post", color=CAPACITY,
                label=other_label, linewidth=1.5)
    ax.set_xlabel("working days from the project start")
    ax.set_ylabel(f"{rids[k]} [units]")
    ax.set_title(f"Load of {rids[k]}")
    ax.legend(loc="best", fontsize="small")
    return ax

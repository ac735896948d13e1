"""Time windows of resource-constrained scheduling: release times and deadlines.

The date constraints of a network become, through :func:`~pmokit.scheduling._bounds.
start_bounds` (the one place that reads them), a *release time* per activity (its start
may not be earlier: SNET, FNET, MSO, MFO, P6's Start On / Finish On, a manual task's start,
and the data date for every activity) and a *deadline* (its finish may not be later:
SNLT, FNLT, MSO, MFO, Start On / Finish On). ALAP has no date and is placed by the search
like any other activity.

Release times are honoured exactly by every schedule generation scheme: they become
links from one extra source activity (duration 0, no demand) placed after the real ones,
``S_j >= S_source + release_j``, so the serial scheme (numba kernel and numpy path alike),
the parallel scheme, the backward (mirrored) passes of the justification and the
priority rules all see them with no change of their own. Deadlines cannot be enforced by
a schedule generation scheme (capacity may make them unreachable), so they steer the
search instead: the latest-finish priorities count them (:func:`~pmokit.scheduling._sgs.
cpm_times`) and the searches minimise the total lateness first, then the makespan
(:func:`~pmokit.scheduling._sgs.makespans`). A deadline that even unlimited resources
cannot meet is no exception (P6 levels such a project and shows negative float; MS
Project levels it and flags the missed deadline): the schedule is returned and the result
reports the lateness.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np

from pmokit._typing import FloatArray, IntArray
from pmokit._validation import Problems, as_date
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling import _dates
from pmokit.scheduling._bounds import start_bounds
from pmokit.scheduling._network import Network
from pmokit.scheduling._sgs import RcpspArrays

__all__ = ["Windows", "late_by", "time_windows", "with_windows"]

_NONE = np.iinfo(np.int64).max // 8  # "no deadline" in slots, far from overflow


@attrs.frozen(eq=False)
class Windows:
    """Release times and deadlines of the activities.

    ``release`` [working days] (0 where none), ``deadline`` [working days] (``inf`` where
    none), and both on the engine's grid of slots (``release_slots`` rounded up,
    ``deadline_slots`` rounded down, so a window never grows).
    """

    release: FloatArray
    deadline: FloatArray
    release_slots: IntArray
    deadline_slots: IntArray

    @property
    def any_release(self) -> bool:
        """Whether some activity has a release time after the project start."""
        return bool((self.release_slots > 0).any())

    @property
    def any_deadline(self) -> bool:
        """Whether some activity has a deadline."""
        return bool(np.isfinite(self.deadline).any())


def _origin(
    start: object, calendar: object, problems: Problems
) -> tuple[dt.date | None, WorkCalendar | None]:
    """The first working day on or after ``start`` and the calendar (None without start)."""
    if start is None:
        if calendar is not None:
            problems.add("'calendar' needs 'start' (got start=None)")
        return None, None
    cal = WorkCalendar() if calendar is None else calendar
    if not isinstance(cal, WorkCalendar):
        problems.add(f"'calendar' must be a WorkCalendar (got {type(calendar).__name__})")
        return None, None
    try:
        first = as_date(start, "start")
    except ValidationError as exc:
        problems.extend(exc.problems)
        return None, None
    return cal.add_working_days(first, 0), cal


def time_windows(
    network: Network,
    duration: FloatArray,
    time_scale: int,
    *,
    start: object = None,
    calendar: object = None,
    data_date: dt.date | float | None = None,
    release: FloatArray | None = None,
) -> Windows:
    """Validate and compute the windows of ``network`` (``duration`` [working days]);
    ``release`` adds release times [working days].

    Raises
    ------
    ValidationError
        A date constraint or data date without ``start``, a bad ``calendar`` or a bad
        ``data_date`` (all problems listed).
    """
    problems = Problems()
    origin, cal = _origin(start, calendar, problems)
    lower, upper, _ = start_bounds(network, origin, cal, problems, duration)
    dd: float | None = None
    if data_date is not None:
        if isinstance(data_date, dt.date):
            if origin is None or cal is None:
                problems.add(f"'data_date' is a date ({data_date}), so it needs 'start' "
                             "(got start=None)")
            else:
                dd = _dates.finish_offset(cal, origin, data_date)
        else:
            before = len(problems)
            problems.check_number(data_date, "data_date", minimum=0.0)
            if len(problems) == before:
                dd = float(data_date)
    problems.raise_if_any()
    lower = np.maximum(lower, 0.0 if dd is None else dd)
    if release is not None:  # more release times (statusing: what finished work requires)
        lower = np.maximum(lower, release)
    release = lower
    deadline = upper + duration
    ts = float(time_scale)
    rel = np.ceil(release * ts - 1e-9).astype(np.int64)
    fin = np.isfinite(deadline)
    dls = np.full(deadline.size, _NONE, dtype=np.int64)
    dls[fin] = np.floor(deadline[fin] * ts + 1e-9).astype(np.int64)
    return Windows(release, deadline, rel, dls)


def with_windows(p: RcpspArrays, w: Windows, network: Network, time_scale: int) -> RcpspArrays:
    """The problem with its windows: a source activity (index n) that releases the
    activities by links, and the deadlines (``p`` itself when there are none).

    A deadline before the earliest finish that the release times and the links allow even
    with unlimited resources is kept: the search minimises the lateness it cannot avoid
    like any other (P6 and MS Project level such a project and show the conflict as
    negative float / a missed deadline)."""
    if not w.any_release and not w.any_deadline:
        return p
    n = p.n
    lp = np.repeat(np.arange(n, dtype=np.int64), np.diff(p.pred_ptr))  # successor of link
    pred, succ, off = p.pred_idx, lp, p.pred_off
    if w.any_release:
        rel = np.flatnonzero(w.release_slots > 0)
        pred = np.concatenate([pred, np.full(rel.size, n, dtype=np.int64)])
        succ = np.concatenate([succ, rel])
        off = np.concatenate([off, w.release_slots[rel]])
        q = RcpspArrays.make(
            np.append(p.duration, 0), pred, succ, off,
            np.vstack([p.demand, np.zeros((1, p.n_resources), dtype=np.int64)]), p.capacity,
        )
    else:
        q = p
    if w.any_deadline:
        dl = w.deadline_slots if q.n == n else np.append(w.deadline_slots, _NONE)
        q = attrs.evolve(q, deadline=dl)
    return q


def late_by(finish: FloatArray, w: Windows) -> FloatArray:
    """How far each activity finishes after its deadline [working days] (0 if not)."""
    out: FloatArray = np.maximum(finish - w.deadline, 0.0)
    out[~np.isfinite(w.deadline)] = 0.0
    return out


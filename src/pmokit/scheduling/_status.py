"""Statusing: progress (actual dates, remaining work) and a data date.

Statusing is a pure transformation of the network into what a pass engine consumes
(:class:`StatusBounds`): per activity the duration the passes place (the remaining
duration of started work, the actual duration of finished work), lower bounds (the data
date, actual starts and the starts of completed parts), fixed activities (finished work
sits at its actual dates) and the links each pass ignores (links into finished work;
links into started work under progress override; start-side links out of started work,
which become bounds of the forward pass because the start has happened, while P6's modes
keep them in the backward pass). The day-based engine of
:func:`~pmokit.scheduling.schedule` and a clock-time engine consume the same bounds.

Pass variables are the starts of the *remaining* work: for an activity not started its
start, for a started one the start of its remaining duration (the "remaining early start"
of P6), for a finished one its actual start (fixed, with its actual duration).

Modes (``statusing=``)
----------------------
``"retained_logic"`` (P6's default and its recommended option)
    The remaining work of a started activity waits for its predecessors: links into it
    act on its remaining part, in both passes.
``"progress_override"`` (P6)
    Links into a started activity are ignored: its remaining work runs from the data
    date, and its predecessors are open-ended.
``"actual_dates"`` (P6)
    Forward as progress override; in the backward pass a start-side link (FS, SS) into
    a started activity bounds the predecessor by the successor's *actual* start, so the
    out-of-sequence predecessor shows negative float.
``"ms_project"`` (MS Project with "split in-progress tasks" and "move the incomplete
    parts of started tasks after the status date")
    As retained logic, but the completed part of a started task keeps its place: its
    remaining work starts no earlier than the end of the completed part
    (actual start + duration - remaining duration) nor the status date.

In every mode links into finished activities are ignored in both passes (MS Project:
completed successors do not constrain their predecessors' late dates), no remaining work
starts before the data date, and finished work keeps its actual dates.

References
----------
Oracle Primavera P6 Professional, Schedule Options, "When scheduling progressed activities
use: Retained Logic / Progress Override / Actual Dates"; described in P. E. Harris (2019),
*Understanding the P6 Scheduling Options "When scheduling activities use"*, Eastwood Harris
(https://eastwoodharris.com/oracle-primavera-p6-scheduling-options-when-scheduling-activities-use/),
and K. Do (2016), https://kdblog.net/2016/06/08/how-does-retained-logic-progress-override-and-actual-dates-in-scheduling-options-work.
Microsoft Project, File > Options > Schedule > "Split in-progress tasks", and Calculation
options "Move start of remaining parts before status date forward to status date"
(Office policy L_PjMoveRemaining); Project > Update Project > "Reschedule uncompleted work
to start after".
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import PicklesReadOnly
from pmokit._typing import BoolArray, FloatArray, Id, IntArray
from pmokit._validation import Problems, check_id
from pmokit.distributions import Distribution
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling import _dates

if TYPE_CHECKING:
    from pmokit.calendar import WorkCalendar
    from pmokit.scheduling._network import Network

__all__ = ["ActivityProgress", "Progress", "StatusBounds", "Statusing", "status_bounds"]

Statusing = Literal["retained_logic", "progress_override", "actual_dates", "ms_project"]
MODES: tuple[str, ...] = ("retained_logic", "progress_override", "actual_dates", "ms_project")

_TOL = 1e-9
"""Tolerance of the date comparisons [working days]."""

Time = float | dt.date


@attrs.frozen
class ActivityProgress:
    """Progress recorded on one activity.

    Parameters
    ----------
    id
        The activity id.
    actual_start
        When the work started: an offset [working days] or a date (the start of that day;
        needs the schedule's ``start``; on clock time a datetime is that instant). None:
        not started.
    actual_finish
        When the work finished: an offset [working days] or a date (the end of that day;
        on clock time a datetime is that instant). Needs ``actual_start``. None: not
        finished.
    remaining_duration
        Working time left [working days, >= 0]. Wins over ``percent_complete``. On a not
        started activity it replaces the planned duration.
    percent_complete
        Duration percent complete [%, 0-100] (MS Project's "% Complete", P6's "Duration %
        Complete"): the remaining duration is ``duration * (1 - percent / 100)``.
    physical_percent_complete
        Physical percent complete [%, 0-100]. Kept for earned value; it does not move
        dates (in MS Project and P6 it is independent of the durations).

    Examples
    --------
    >>> ActivityProgress("A", actual_start=0, percent_complete=40).started
    True
    """

    id: Id
    actual_start: Time | None = None
    actual_finish: Time | None = None
    remaining_duration: float | None = None
    percent_complete: float | None = None
    physical_percent_complete: float | None = None

    @property
    def started(self) -> bool:
        """Whether the activity has an actual start."""
        return self.actual_start is not None

    @property
    def finished(self) -> bool:
        """Whether the activity has an actual finish."""
        return self.actual_finish is not None


def _progress_items(value: Iterable[ActivityProgress]) -> tuple[ActivityProgress, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"'progress' must be an iterable of ActivityProgress (got {type(value).__name__})"
        )
    items = tuple(value)
    bad = [x for x in items if not isinstance(x, ActivityProgress)]
    if bad:
        raise ValidationError(
            "'progress' must hold ActivityProgress records (got "
            f"{type(bad[0]).__name__}: {bad[0]!r:.60})"
        )
    problems = [m for m in (check_id(x.id, "activity id") for x in items) if m]
    if problems:
        raise ValidationError(problems)
    seen: set[Any] = set()
    twice: list[Any] = []
    for x in items:
        if x.id in seen:
            twice.append(x.id)
        seen.add(x.id)
    if twice:
        raise DuplicateError(
            [f"activity {t!r} has more than one progress record" for t in twice], twice
        )
    return items


@attrs.frozen
class Progress:
    """The progress of a network at a status: one :class:`ActivityProgress` per activity
    that has any (activities without a record have not started).

    Parameters
    ----------
    activities
        The records, at most one per activity id.

    Examples
    --------
    >>> p = Progress([ActivityProgress("A", actual_start=0, actual_finish=3)])
    >>> "A" in p, p["A"].finished, len(p)
    (True, True, 1)
    """

    activities: tuple[ActivityProgress, ...] = attrs.field(converter=_progress_items)
    _index: dict[Any, int] = attrs.field(init=False, repr=False, eq=False)

    @_index.default
    def _make_index(self) -> dict[Any, int]:
        return {a.id: k for k, a in enumerate(self.activities)}

    def __iter__(self) -> Iterator[Id]:
        return iter(a.id for a in self.activities)

    def __len__(self) -> int:
        return len(self.activities)

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._index
        except TypeError:  # an unhashable key is no id
            return False

    def __getitem__(self, key: Id) -> ActivityProgress:
        k = self._index.get(key) if key.__hash__ is not None else None
        if k is None:
            raise UnknownReferenceError(f"activity {key!r} has no progress record", [key])
        return self.activities[k]

    @classmethod
    def from_records(cls, records: Any, *, id: str = "id") -> Progress:
        """Progress from a list of dicts or a mapping of columns: ``id``, ``actual_start``,
        ``actual_finish``, ``remaining_duration``, ``percent_complete``,
        ``physical_percent_complete`` (missing columns and blank cells mean None).

        Examples
        --------
        >>> Progress.from_records([{"id": "A", "actual_start": 0, "percent_complete": 50}])
        ... # doctest: +ELLIPSIS
        Progress(activities=(ActivityProgress(id='A', actual_start=0, ...),))
        """
        return _from_table(records, id)

    @classmethod
    def from_frame(cls, frame: Any, *, id: str = "id") -> Progress:
        """Progress from a pandas DataFrame (the columns of :meth:`from_records`; the ids
        in column ``id`` or a labelled index). NaN and NaT cells mean None; pandas
        Timestamps become dates."""
        return _from_table(frame, id)


_FIELDS = ("actual_start", "actual_finish", "remaining_duration", "percent_complete",
           "physical_percent_complete")


def _cell(value: Any) -> Any:
    from pmokit._tables import missing

    if missing(value):
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamp too
        return value.date()
    if isinstance(value, np.datetime64):
        return value.astype("datetime64[D]").astype(dt.date)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return value


def _from_table(data: Any, id: str) -> Progress:
    from pmokit._tables import ReadTable, as_id

    problems = Problems()
    table = ReadTable(data, "progress")
    labels, _ = table.row_labels(id, problems)
    problems.raise_if_any()
    cols = {f: table.column(f, problems, required=False) for f in _FIELDS}
    items = []
    for k, raw in enumerate(labels or []):
        kw = {f: _cell(c[k]) for f, c in cols.items() if c is not None}
        items.append(ActivityProgress(as_id(raw), **kw))
    return Progress(items)


# ------------------------------------------------------------------ compiled progress
@attrs.frozen(eq=False)
class StatusBounds(PicklesReadOnly):
    """What a pass engine needs to schedule a statused network (all arrays per activity
    or per link, by index).

    Attributes
    ----------
    duration
        Duration the passes place [working days]: remaining duration (started), actual
        duration (finished), planned or remaining duration (not started).
    lower
        Lower bounds of the pass starts [working days] (the data date, the end of the
        completed part, start-side links out of started work); finished: the actual start;
        -inf where nothing bounds (no data date).
    upper
        Upper bounds of the late pass starts [working days] (actual dates mode); inf
        where none.
    started, finished
        Progress states.
    actual_start, actual_finish
        [working days], NaN where none.
    forward_cut, backward_cut
        Per link: True where the forward / backward pass ignores the link.
    out_of_sequence
        Link numbers of out-of-sequence progress: the successor started (or finished)
        before the link allowed.
    data_date
        [working days], or None.
    mode
        The statusing mode.
    """

    duration: FloatArray
    lower: FloatArray
    upper: FloatArray
    started: BoolArray
    finished: BoolArray
    actual_start: FloatArray
    actual_finish: FloatArray
    forward_cut: BoolArray
    backward_cut: BoolArray
    out_of_sequence: IntArray
    data_date: float | None
    mode: str


def _time(
    value: object, what: str, origin: dt.date | None, cal: WorkCalendar | None,
    problems: Problems, *, end_of_day: bool,
) -> float:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if origin is None or cal is None:
            problems.add(f"{what} is a date ({value}), so the schedule needs 'start'")
            return math.nan
        f = _dates.finish_offset if end_of_day else _dates.start_offset
        return f(cal, origin, value)
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(
        float(value)
    ):
        problems.add(
            f"{what} must be a finite offset [working days] or a date (got {value!r})"
        )
        return math.nan
    return float(value)


def _percent(value: object, what: str, problems: Problems) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(
        float(value)
    ):
        problems.add(f"{what} must be a number in [0, 100] [%] (got {value!r})")
        return None
    v = float(value)
    if not 0.0 <= v <= 100.0:
        problems.add(f"{what} must be in [0, 100] [%] (got {v:g})")
        return None
    return v


def status_bounds(
    network: Network,
    progress: Progress,
    data_date: Time | None,
    mode: str,
    origin: dt.date | None,
    cal: WorkCalendar | None,
    problems: Problems,
    duration: FloatArray | None = None,
) -> StatusBounds | None:
    """Validate ``progress`` against the network and turn it into :class:`StatusBounds`.

    Problems are added to ``problems`` (each naming the activity); None when there are
    any. ``duration`` overrides the network's planned durations (samples).
    """
    c = network.compiled
    n = c.n
    if not isinstance(progress, Progress):
        problems.add(f"'progress' must be a Progress (got {type(progress).__name__})")
        return None
    if mode not in MODES:
        problems.add(f"'statusing' must be one of {list(MODES)} (got {mode!r})")
        return None
    before = len(problems)
    dd: float | None = None
    if data_date is not None:
        dd = _time(data_date, "'data_date'", origin, cal, problems, end_of_day=True)
    unknown = [a.id for a in progress.activities if a.id not in c.index]
    if unknown:
        raise UnknownReferenceError(
            [f"progress names activity {u!r}, which is not in the network" for u in unknown],
            unknown,
        )
    d = np.array(c.duration if duration is None else duration, dtype=np.float64)
    a_s = np.full(n, np.nan)
    a_f = np.full(n, np.nan)
    rem = d.copy()
    for rec in progress.activities:
        i = c.index[rec.id]
        name = f"activity {rec.id!r}"
        pc = _percent(rec.percent_complete, f"percent complete of {name}", problems)
        _percent(rec.physical_percent_complete, f"physical percent complete of {name}",
                 problems)
        rd: float | None = None
        if rec.remaining_duration is not None:
            v = rec.remaining_duration
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not (
                math.isfinite(float(v)) and float(v) >= 0
            ):
                problems.add(
                    f"remaining duration of {name} must be a finite number >= 0 "
                    f"[working days] (got {v!r})"
                )
            else:
                rd = float(v)
        s = f = math.nan
        if rec.actual_start is not None:
            s = _time(rec.actual_start, f"actual start of {name}", origin, cal, problems,
                      end_of_day=False)
        if rec.actual_finish is not None:
            f = _time(rec.actual_finish, f"actual finish of {name}", origin, cal, problems,
                      end_of_day=True)
            if rec.actual_start is None:
                problems.add(f"{name} has an actual finish but no actual start")
            elif f < s - _TOL:
                problems.add(
                    f"actual finish of {name} ({f:g}) must not precede its actual start "
                    f"({s:g})"
                )
            if rd is not None and rd > _TOL:
                problems.add(
                    f"{name} has finished (actual finish {f:g}), so it cannot have a "
                    f"remaining duration (got {rd:g}); give 0 or None"
                )
        elif rec.actual_start is None and pc:
            problems.add(
                f"{name} is {pc:g}% complete but has no actual start; give its actual start"
            )
        if dd is not None:
            for what, t in (("actual start", s), ("actual finish", f)):
                if t > dd + _TOL:
                    problems.add(
                        f"{what} of {name} ({t:g}) is after the data date ({dd:g}): "
                        "actual dates must be on or before it"
                    )
        a_s[i] = s
        a_f[i] = f
        if rd is not None:
            rem[i] = rd
        elif pc is not None:
            rem[i] = d[i] * (1.0 - pc / 100.0)
    if len(problems) > before:
        return None
    finished = ~np.isnan(a_f)
    started = ~np.isnan(a_s)
    running = started & ~finished
    dur = np.where(finished, a_f - a_s, rem)
    floor = -np.inf if dd is None else dd
    lower = np.full(n, floor)
    if mode == "ms_project":
        # the completed part keeps its place: the remaining work follows it
        lower = np.where(running, np.maximum(lower, a_s + (d - rem)), lower)
    else:
        lower = np.where(running, np.maximum(lower, a_s), lower)
    lower = np.where(finished, a_s, lower)
    upper = np.full(n, np.inf)
    p, q = c.link_pred, c.link_succ
    lt = c.link_type
    from_start = (lt & 1) == 1  # SS=1, SF=3
    to_finish = lt >= 2  # FF, SF
    fcut = finished[q].copy()
    if mode in ("progress_override", "actual_dates"):
        fcut |= started[q]
    # a start-side link out of started work binds from the actual start: a bound, not a link
    out_start = from_start & started[p]
    k = np.flatnonzero(out_start & ~fcut)
    if k.size:
        val = a_s[p[k]] + c.link_lag[k] - np.where(to_finish[k], dur[q[k]], 0.0)
        np.maximum.at(lower, q[k], val)
    # P6 keeps such a link in the backward pass: the remaining work's late start is held
    # by the successor's late start (SS; late finish for SF) less the lag
    bcut = fcut | out_start if mode == "ms_project" else fcut.copy()
    fcut |= out_start
    bcut |= finished[p]
    if mode == "actual_dates":
        k = np.flatnonzero(started[q] & ~to_finish & ~finished[p] & ~out_start)
        if k.size:
            off = c.link_offset(dur, k)
            np.minimum.at(upper, p[k], a_s[q[k]] - off)
    # out-of-sequence progress: the successor started (finished) before the link allowed
    with np.errstate(invalid="ignore"):
        pred_time = np.where(from_start, a_s[p], a_f[p])  # NaN: not yet
        succ_time = np.where(to_finish, a_f[q], a_s[q])
        oos = ~np.isnan(succ_time) & (
            np.isnan(pred_time) | (pred_time + c.link_lag > succ_time + _TOL)
        )
    oos_links = np.flatnonzero(oos)
    for a in (dur, lower, upper, started, finished, a_s, a_f, fcut, bcut, oos_links):
        a.setflags(write=False)
    return StatusBounds(
        duration=dur,
        lower=lower,
        upper=upper,
        started=started,
        finished=finished,
        actual_start=a_s,
        actual_finish=a_f,
        forward_cut=fcut,
        backward_cut=bcut,
        out_of_sequence=oos_links,
        data_date=dd,
        mode=mode,
    )


def dropped_links(network: Network, st: StatusBounds) -> BoolArray:
    """Per link: True where :func:`status_network` drops it."""
    out: BoolArray = st.forward_cut | st.backward_cut | st.finished[network.compiled.link_pred]
    return out


def status_network(network: Network, st: StatusBounds) -> Network:
    """The network rewritten so that an engine without statusing bounds schedules it:
    for the per-activity calendar engine until the clock engine consumes
    :class:`StatusBounds` (an approximation; see ``docs/scheduling.md``).

    Finished activities start at their actual start (no link reaches them) with their
    actual span; started and unstarted ones start no earlier than their statusing lower
    bound (a start no earlier than constraint; an unstarted activity's own SNET is raised
    to it, its other constraints are kept); the links either pass ignores are dropped,
    and links out of finished work become lower bounds of their successors. The backward
    bounds of ``"actual_dates"`` are not carried over.
    """
    from pmokit.scheduling._network import Constraint, ConstraintType

    c = network.compiled
    lower = st.lower.copy()
    drop = dropped_links(network, st)
    k = np.flatnonzero(st.finished[c.link_pred] & ~st.forward_cut)
    if k.size:
        off = c.link_offset(st.duration, k)
        np.maximum.at(lower, c.link_succ[k], st.actual_start[c.link_pred[k]] + off)
    acts = []
    for i, act in enumerate(network.activities):
        con = act.constraint
        if st.finished[i]:
            # no link reaches it: a start-no-earlier-than its actual start places it there
            # without pinning its late dates (finished work is not critical)
            con = Constraint("SNET", float(st.actual_start[i]))
        elif np.isfinite(lower[i]):
            floor = float(lower[i])
            if st.started[i] or con is None or con.kind in (ConstraintType.ASAP,
                                                           ConstraintType.SNET):
                at = con.at if con is not None and con.kind is ConstraintType.SNET else None
                if isinstance(at, numbers.Real) and not st.started[i]:
                    floor = max(floor, float(at))
                if at is None or isinstance(at, numbers.Real) or st.started[i]:
                    con = Constraint("SNET", floor)
        acts.append(attrs.evolve(act, duration=float(st.duration[i]), constraint=con))
    deps = [dep for k2, dep in enumerate(network.dependencies) if not drop[k2]]
    return type(network)(acts, deps)


@attrs.frozen
class ScaledDistribution(Distribution):
    """``factor`` times a draw of ``base``: the uncertainty of a started activity's
    remaining work (``factor = remaining / planned`` duration).

    Examples
    --------
    >>> from pmokit.distributions import Uniform
    >>> ScaledDistribution(Uniform(4, 8), 0.5).support
    (2.0, 4.0)
    """

    base: Distribution
    factor: float

    @property
    def mean(self) -> float:
        """The exact mean [working days]."""
        return self.factor * self.base.mean

    @property
    def var(self) -> float:
        """The exact variance [working days squared]."""
        return self.factor**2 * self.base.var

    @property
    def support(self) -> tuple[float, float]:
        """The smallest and largest possible values."""
        lo, hi = self.base.support
        return (self.factor * lo, self.factor * hi)

    def quantile(self, q: npt.ArrayLike) -> Any:
        """The exact quantile at probabilities ``q`` in [0, 1]."""
        return self.factor * np.asarray(self.base.quantile(q))

    def cdf(self, x: npt.ArrayLike) -> Any:
        """The cumulative distribution function at ``x``."""
        if self.factor == 0:
            return np.where(np.asarray(x, dtype=np.float64) >= 0, 1.0, 0.0)
        return self.base.cdf(np.asarray(x, dtype=np.float64) / self.factor)


def expand_status(inner: Any, keep: BoolArray, link_keep: BoolArray,
                  early_start: FloatArray, late_start: FloatArray) -> dict[str, Any]:
    """The statusing fields of a schedule made on a sub-network (``keep`` activities,
    ``link_keep`` links), for the schedule of the whole network: the activities and links
    left out (level-of-effort spans) carry no progress, are cut from both passes, and their
    remaining starts are their (spanned) ``early_start`` / ``late_start``."""
    st: StatusBounds | None = inner._status
    if st is None:
        return {}
    n, m = keep.size, link_keep.size
    pos = np.flatnonzero(keep)

    def grow(a: Any, fill: Any, size: int, where: Any) -> Any:
        out = np.full(size, fill, dtype=np.asarray(a).dtype)
        out[where] = a
        out.setflags(write=False)
        return out

    links = np.flatnonzero(link_keep)
    full = StatusBounds(
        duration=grow(st.duration, np.nan, n, pos),
        lower=grow(st.lower, -np.inf, n, pos),
        upper=grow(st.upper, np.inf, n, pos),
        started=grow(st.started, False, n, pos),
        finished=grow(st.finished, False, n, pos),
        actual_start=grow(st.actual_start, np.nan, n, pos),
        actual_finish=grow(st.actual_finish, np.nan, n, pos),
        forward_cut=grow(st.forward_cut, True, m, links),
        backward_cut=grow(st.backward_cut, True, m, links),
        out_of_sequence=links[st.out_of_sequence],
        data_date=st.data_date,
        mode=st.mode,
    )
    full.out_of_sequence.setflags(write=False)
    slack = inner._status_slack
    remaining = np.stack([np.asarray(early_start, dtype=np.float64),
                          np.asarray(late_start, dtype=np.float64)])
    if inner._remaining_start is not None:
        remaining[:, pos] = inner._remaining_start
    remaining.setflags(write=False)
    return {"_status": full,
            "_status_slack": None if slack is None else grow(slack, np.inf, m, links),
            "_remaining_start": remaining}

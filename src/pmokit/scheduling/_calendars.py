"""Day-based schedules whose activities have their own calendars (MS Project task calendars).

They run on the clock-time pass engine (:mod:`pmokit.scheduling._clock`), the one
calendar-aware engine: each calendar becomes one shift of the schedule calendar's
``hours_per_day`` from 00:00 on its working days, so a working day is one day of duration
whatever the calendar's own shifts, and the passes follow the day engines' conventions
(``day_rules``; the engine's ``day_rules``):

* an activity's duration is counted on its own calendar (the schedule calendar when it has
  none);
* a link's lag is counted in working days of the successor's calendar (MS Project;
  Primavera lets you choose);
* floats are counted on the activity's own calendar; free float on the successor's;
* a link to a finish (FF, SF) holds the successor's finish at or after the instant the
  link gives (MS Project): a task whose calendar does not work then finishes at the next
  start of its working time (its work, and its finish date, stay on its last working day
  before), and a predecessor's late date is the successor's late finish as that instant on
  the predecessor's own calendar (an FF into a Monday-Thursday task late on Thursday gives
  its Monday-Friday predecessor Thursday, not Friday); a task with no float keeps that
  early finish as its late finish;
* a late start held by a start on a day its calendar does not work is the start of its
  last working day before (clock time keeps the end of that day, P6's Friday 17:00);
* a milestone held by a finish sits at that finish, dated on the last working day of its
  calendar before it, and otherwise at the next start of working time (a milestone held by
  nothing stays at the project start).

The offsets in the resulting :class:`Schedule` (early_start, ...) are working days of the
schedule calendar from the project start, so an activity that works on a day the project
calendar does not (a Saturday) is placed at the start of the next project working day in
offsets, while its dates are exact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._typing import FloatArray
from pmokit.calendar import WorkCalendar
from pmokit.scheduling._network import Network


def one_shift(cal: WorkCalendar, hours: float) -> WorkCalendar:
    """``cal``'s working days, each one shift of ``hours`` from 00:00 (the day engines'
    working day)."""
    return attrs.evolve(cal, hours_per_day=hours, shifts=[(0, round(hours * 60))],  # type: ignore[arg-type]
                        exception_shifts=())


def calendar_schedule(
    network: Network,
    origin: dt.date,
    calendar: WorkCalendar,
    deadline: dt.date | float | None,
    must_finish_by: dt.date | float | None = None,
    alap_rule: str = "ms_project",
    capped: npt.NDArray[np.bool_] | None = None,
    pinned: npt.NDArray[np.bool_] | None = None,
    delay: FloatArray | None = None,
) -> dict[str, Any]:
    """Early and late offsets, floats, link slack and dates with per-activity calendars.

    ``delay`` is MS Project's leveling delay per activity [working days of the activity's
    own calendar]: the start moves that much after everything that holds it. ``capped``
    activities start no later than their upper constraint whatever the logic (MS Project's
    "honor constraint dates", P6's mandatory constraints); ``pinned`` ones (MSO / MFO among
    them) also take their constraint as late date. ``must_finish_by`` (P6's project "Must
    Finish By") replaces the early finish as the end the backward pass starts from;
    ``deadline`` can only lower it. A datetime constraint counts its day."""
    from pmokit.scheduling._clock import clock_schedule

    day = float(calendar.hours_per_day) * 60.0
    # the day engines count a datetime's day
    if isinstance(deadline, dt.datetime):
        deadline = deadline.date()
    if isinstance(must_finish_by, dt.datetime):
        must_finish_by = must_finish_by.date()
    r = clock_schedule(network, origin, calendar, deadline=deadline,
                       must_finish_by=must_finish_by, alap=alap_rule, capped=capped,
                       pinned=pinned, delay=delay, day_rules=True)
    es, ef, ls, lf = r.offsets
    return {
        "es": es, "ef": ef, "ls": ls, "lf": lf,
        "tf": r.total_float / day, "ff": r.free_float / day,
        "finish": float(ef.max()) if ef.size else 0.0,
        "dates": list(r.dates),
        "link_slack": r.link_slack / day,
    }

"""Shared Hypothesis strategies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil import rrule
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.scheduling import Activity, Dependency, Network, Schedule, schedule

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Random calendars: 1-7 weekdays, up to 30 holidays, a yearly rule, exceptions."""
    weekdays = draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
    holidays = draw(st.lists(dates, max_size=30))
    exceptions = draw(st.lists(dates, max_size=10))
    rules = []
    if draw(st.booleans()):
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, 28))
        rules.append(
            rrule.rrule(
                rrule.YEARLY, dtstart=dt.datetime(1990, 1, 1), bymonth=month, bymonthday=day
            )
        )
    return WorkCalendar(
        weekdays=tuple(weekdays),
        holidays=tuple(holidays),
        holiday_rules=tuple(rules),
        exceptions=tuple(exceptions),
    )


# ---------------------------------------------------------------------------
# Small valid inputs for the fuzz tests (tests/fuzz): one building block per concept.
# ---------------------------------------------------------------------------
ACTIVITY_IDS = tuple(f"A{i}" for i in range(12))
durations = st.integers(0, 12).map(float)


@st.composite
def networks(
    draw: st.DrawFn,
    *,
    min_size: int = 1,
    max_size: int = 6,
    resources: tuple[str, ...] = (),
    projects: tuple[str, ...] = (),
    link_types: tuple[str, ...] = ("FS", "SS", "FF", "SF"),
    loe: bool = False,
) -> Network:
    """A small acyclic network: activities A0.., links only forward, lags 0-3.

    ``loe=True`` adds up to two level-of-effort activities (``kind="loe"``, ids L0, L1;
    no demands, no constraint) linked to the others: each spans from a predecessor (SS
    or FS) to a successor (FF, SF or FS), or hangs from one side only; L1, when it leads nothing,
    may also follow L0 (SS)."""
    n = draw(st.integers(min_size, max_size))
    ids = ACTIVITY_IDS[:n]
    acts = []
    for i in ids:
        demands = {r: draw(st.integers(0, 2)) for r in resources}
        project = draw(st.sampled_from(projects)) if projects else None
        acts.append(Activity(i, draw(durations), demands=demands, project=project))
    deps = []
    for j in range(1, n):
        for i in sorted(draw(st.sets(st.integers(0, j - 1), max_size=2))):
            deps.append(
                Dependency(
                    ids[i], ids[j], draw(st.sampled_from(link_types)), lag=draw(st.integers(0, 3))
                )
            )
    if loe:
        for k in range(draw(st.integers(0, 2))):
            lid = f"L{k}"
            acts.append(Activity(lid, draw(durations), kind="loe",
                                 project=draw(st.sampled_from(projects)) if projects else None))
            # links only forward (predecessor before successor in A0..), so no cycle
            side = draw(st.sampled_from(["both", "pred", "succ"]) if n > 1
                        else st.sampled_from(["pred", "succ"]))
            first = draw(st.integers(0, n - 2)) if side == "both" else None
            if side in ("both", "pred"):
                p = ids[first] if first is not None else draw(st.sampled_from(ids))
                deps.append(Dependency(p, lid, draw(st.sampled_from(["SS", "FS"])),
                                       lag=draw(st.integers(0, 3))))
            if side in ("both", "succ"):
                q = draw(st.sampled_from(ids[first + 1:] if first is not None else ids))
                deps.append(Dependency(lid, q, draw(st.sampled_from(["FF", "SF", "FS"])),
                                       lag=draw(st.integers(0, 3))))
            if k == 1 and side == "pred" and draw(st.booleans()):  # L1 leads nothing: no cycle
                deps.append(Dependency("L0", lid, "SS"))
    return Network(acts, deps)


@st.composite
def schedules(draw: st.DrawFn, **kw: Any) -> Schedule:
    """The CPM schedule of a small network (see :func:`networks`)."""
    return schedule(draw(networks(**kw)))


def three_points(low: float = 0.0, high: float = 100.0) -> st.SearchStrategy[tuple[float, ...]]:
    """Sorted ``(low, mode, high)`` with ``low < high``."""
    return (
        st.lists(st.integers(int(low), int(high)), min_size=3, max_size=3)
        .map(sorted)
        .filter(lambda x: x[0] < x[2])
        .map(lambda x: tuple(float(v) for v in x))
    )

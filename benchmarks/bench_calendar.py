"""Benchmark: clock-time working-time arithmetic, vectorised against a per-activity loop.

``pmokit._worktime.WorkingTime.add`` (one ``searchsorted`` on a cumulative table of working
intervals) against a plain Python loop that walks each instant through the days and their
shifts, as a scalar scheduler does. Calendar: Monday to Friday 08:00-12:00 and 13:00-17:00,
the England and Wales bank holidays of 2026-2028 and a worked Saturday exception. Inputs:
``--n`` instants (default 100,000) spread over 2026-2027 at whole minutes, durations of 1 minute
to 20 working days in minutes; both sides place results on the finish side (Friday 17:00).
The loop's results are checked equal to pmokit's before the ratio is printed.

Also timed: ``working_minutes`` between the same instants and the results (the inverse), and
the first call on a fresh calendar (the table is built then).

Then a whole schedule with per-activity calendars (``--activities``, default 20,000: a random
layered network, two links per activity on average, all four link types, lags, three
calendars): ``schedule(..., clock=True)`` (level-vectorised passes on the stacked interval
tables, working minutes) against the day-based schedule with task calendars
(``pmokit.scheduling._calendars``: the same passes with the day engines' rules since
issue 15's one engine; before, one Python step per activity and link).

Run: ``.venv/bin/python benchmarks/bench_calendar.py [--n 100000] [--activities 20000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median_time
from pmokit._worktime import WorkingTime
from pmokit.calendar import WorkCalendar

SHIFTS = ((480, 720), (780, 1020))
SATURDAY = dt.date(2026, 6, 13)


def calendar() -> WorkingTime:
    uk = WorkCalendar.uk_england_and_wales()
    holidays = uk.holidays_between(dt.date(2026, 1, 1), dt.date(2028, 12, 31))
    return WorkingTime(
        week=[SHIFTS] * 5 + [(), ()],
        holidays=holidays,
        exceptions=[(SATURDAY, ["09:00-12:00"])],
    )


def naive_add(
    wt: WorkingTime, instants: list[dt.datetime], minutes: list[int]
) -> list[dt.datetime]:
    """Per activity: walk from the instant through each day's shifts until the minutes run out."""
    holidays = set(wt.holidays)
    exceptions = {p.first: p.shifts for p in wt.exceptions}
    out = []
    for t, d in zip(instants, minutes, strict=True):
        day = t.date()
        now = t.hour * 60 + t.minute
        left = d
        while True:
            if day in exceptions:
                shifts = exceptions[day]
            elif day in holidays:
                shifts = ()
            else:
                shifts = wt.week[day.weekday()]
            done = False
            for a, b in shifts:
                if b <= now:
                    continue
                s = max(a, now)
                if b - s >= left:
                    now = s + left
                    done = True
                    break
                left -= b - s
                now = b
            if done:
                break
            day += dt.timedelta(days=1)
            now = 0
        out.append(dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=now))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--activities", type=int, default=20_000)
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    wt = calendar()
    base = np.datetime64("2026-01-01T00:00")
    instants = base + rng.integers(0, 2 * 365 * 1440, args.n).astype("timedelta64[m]")
    instants = wt.next_start(instants)  # tasks start in working time
    minutes = rng.integers(1, 20 * 480, args.n)

    fresh = calendar()
    t0 = time.perf_counter()
    fresh.add(instants[:1], minutes[:1])
    first = time.perf_counter() - t0

    t_vec = median_time(lambda: wt.add(instants, minutes), repeat=args.repeat)
    t_between = median_time(
        lambda: wt.working_minutes(instants, wt.add(instants, minutes)), repeat=args.repeat
    )
    py_instants = instants.astype(dt.datetime).tolist()
    py_minutes = minutes.tolist()
    t0 = time.perf_counter()
    loop = naive_add(wt, py_instants, py_minutes)
    t_loop = time.perf_counter() - t0

    got = wt.add(instants, minutes)
    if not np.array_equal(got, np.array(loop, dtype="datetime64[m]")):
        raise SystemExit("the per-activity loop and pmokit disagree")
    if not np.array_equal(wt.working_minutes(instants, got), minutes):
        raise SystemExit("working_minutes does not invert add")

    print(machine())
    print(f"{args.n:,} instants, up to 20 working days, Mon-Fri 8-12 + 13-17, UK holidays")
    print(f"first call on a fresh calendar (builds the table): {first * 1e3:.1f} ms")
    print(f"pmokit add:                 {t_vec * 1e3:8.1f} ms")
    print(f"pmokit add + working_minutes: {t_between * 1e3:6.1f} ms")
    print(f"per-activity Python loop:   {t_loop * 1e3:8.1f} ms")
    print(f"ratio loop / pmokit add:    {t_loop / t_vec:8.1f}x")
    bench_schedule(args.activities, args.repeat)


def bench_schedule(n: int, repeat: int) -> None:
    """Clock-time passes against the day-based schedule with task calendars."""
    from pmokit.scheduling import Activity, Dependency, Network, schedule

    rng = np.random.default_rng(15)
    split = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"], name="split")
    seven = WorkCalendar(weekdays=range(7), name="seven")
    cals = [None, split, seven]
    acts = [Activity(i, float(rng.integers(0, 10)), calendar=cals[int(rng.integers(0, 3))])
            for i in range(n)]
    deps = []
    width = 200
    for j in range(width, n):
        for i in {int(j - rng.integers(1, width)) for _ in range(2)}:
            deps.append(Dependency(i, j, ("FS", "SS", "FF", "SF")[int(rng.integers(0, 4))],
                                   lag=float(rng.integers(-1, 3))))
    net = Network(acts, deps)
    start = dt.date(2026, 11, 23)
    t_clock = median_time(lambda: schedule(net, start=start, clock=True), repeat=repeat)
    t_day = median_time(lambda: schedule(net, start=start), repeat=max(1, repeat // 3),
                        warmup=0)
    print(f"\nschedule, {n:,} activities, {len(deps):,} links, 3 calendars")
    print(f"pmokit clock=True (vectorised levels): {t_clock * 1e3:8.1f} ms")
    print(f"day-based with task calendars:         {t_day * 1e3:8.1f} ms")
    print(f"ratio day-based / clock:               {t_day / t_clock:8.1f}x")


if __name__ == "__main__":
    main()

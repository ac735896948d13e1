"""Benchmark: fidelity on real schedules saved by MS Project and Primavera P6.

Over the files in ``../shared/data/schedules/`` (read in place; see its README), for every
non-summary task with all four saved instants, the share of tasks whose early start, early
finish, late start and late finish all equal the values the tool saved

* to the minute, and
* to the day (same calendar date, any time),

for pmokit today (``from_mpxj(project).schedule()`` placed at clock times by
``Plan.clock_times``) and, beside it, for MPXJ's own schedulers
(``org.mpxj.cpm.MicrosoftScheduler`` for MS Project files, ``PrimaveraScheduler`` for P6) run on
a second read of the same file from the same project start. Both are timed in the same run
(pmokit: ``schedule`` + ``clock_times``; MPXJ: its ``schedule`` call) and the ratio printed.

Then, for the tasks pmokit misses, a breakdown by cause (each task counted once, under the first
cause that applies, in the order printed): a feature of the task listed in
``Plan.unsupported`` (progress, manual task, resource calendar, P6 ALAP, P6 constraint, P6
milestone/LOE activity, expected finish, ...), then "clock time" for a task right to the day
but not to the minute, "calendar hours" for a task on a calendar whose working hours differ from
the project calendar's, "progress upstream" for files with a status date and progress,
"milestone" for a zero-duration task, and "propagated" for the rest (a cause upstream).

Needs the ``mpxj`` extra (mpxj, jpype1) and Java 17+; skips with the reason otherwise.

``--misses`` prints, for each task pmokit misses, the file's four instants beside pmokit's and
MPXJ's (the diagnostic to start from when a rule is missing).

Run: ``python benchmarks/bench_real_schedules.py [--data PATH] [--files SUBSTRING ...] [--misses]``
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import machine
from pmokit.errors import MissingDependencyError

ROOT = Path(__file__).resolve().parents[1]
# ``../shared/data/schedules`` from the repository; a git worktree under ``wt/NAME`` looks one
# level further up.
DEFAULT_DATA = (
    next(
        (p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "data"
    / "schedules"
)

Instants = tuple[dt.datetime | None, ...]

CAUSE_ORDER = (
    "progress",
    "manual task",
    "resource calendar",
    "P6 ALAP",
    "constraint",
    "constraint before start",
    "activity type",
    "expected finish",
    "leveling delay",
    "elapsed duration",
    "percent lag",
    "summary link",
    "clock time",
    "calendar hours",
    "progress upstream",
    "milestone",
    "propagated",
)


def _dt(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime(
        int(value.getYear()),
        int(value.getMonthValue()),
        int(value.getDayOfMonth()),
        int(value.getHour()),
        int(value.getMinute()),
    )


def _match(mine: Instants, saved: Instants) -> tuple[bool, bool]:
    minute = mine == saved
    day = all(
        a is not None and b is not None and a.date() == b.date()
        for a, b in zip(mine, saved, strict=True)
    )
    return minute, day


def run_mpxj(path: Path, tool: str, ids: set[str]) -> tuple[dict[str, Instants], float, str]:
    """Read ``path`` again, run MPXJ's scheduler, return its four instants per task id."""
    from org.mpxj.cpm import MicrosoftScheduler, PrimaveraScheduler
    from org.mpxj.reader import UniversalProjectReader

    project = UniversalProjectReader().read(str(path))
    props = project.getProjectProperties()
    if tool == "P6":
        scheduler, start = PrimaveraScheduler(), props.getPlannedStart() or props.getStartDate()
    else:
        scheduler, start = MicrosoftScheduler(), props.getStartDate()
    t0 = time.perf_counter()
    try:
        scheduler.schedule(project, start)
    except Exception as exc:  # CpmException: MPXJ refuses the file
        return {}, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - t0
    out = {}
    for t in project.getTasks():
        if t.getUniqueID() is None or str(t.getUniqueID()) not in ids:
            continue
        out[str(t.getUniqueID())] = (
            _dt(t.getEarlyStart()),
            _dt(t.getEarlyFinish()),
            _dt(t.getLateStart()),
            _dt(t.getLateFinish()),
        )
    return out, elapsed, ""


def cause_of(plan: Any, aid: str, features: dict[str, set[str]], day_ok: bool) -> str:
    """The first cause (in CAUSE_ORDER) that explains why pmokit misses task ``aid``."""
    own = features.get(aid, set())
    for cause in CAUSE_ORDER[: CAUSE_ORDER.index("summary link") + 1]:
        if cause in own:
            return cause
    if day_ok:
        return "clock time"
    act = plan.activities[aid]
    if plan.calendars[act.calendar].hours != plan.project_calendar.hours:
        return "calendar hours"
    if plan.status_date is not None and any(a.progress.started for a in plan.activities.values()):
        return "progress upstream"
    if plan.activities[aid].duration == 0:
        return "milestone"
    return "propagated"


def _miss_report(name: str, aid: str, plan: Any, cause: str, saved: Instants, mine: Instants,
                 mpxj: Instants | None) -> str:
    """Lines for one missed task: the file's, pmokit's and MPXJ's four instants."""
    def show(x: Instants) -> str:
        return " | ".join("-" if t is None else t.strftime("%a %Y-%m-%d %H:%M") for t in x)

    act = plan.activities[aid]
    con = "" if act.constraint is None else f" {act.constraint} {act.constraint_date}"
    lines = [f"{name} task {aid} {act.name!r} ({act.duration_minutes:g} min, calendar "
             f"{plan.calendars[act.calendar].name!r}{con}; cause: {cause})",
             f"    file   {show(saved)}", f"    pmokit {show(mine)}"]
    if mpxj is not None:
        lines.append(f"    MPXJ   {show(mpxj)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--files", nargs="*", default=None, help="only paths containing these")
    parser.add_argument("--misses", action="store_true",
                        help="print the four instants of every task pmokit misses")
    args = parser.parse_args()
    data: Path = args.data.resolve()
    if not data.is_dir():
        print(f"SKIP: no schedules at {data} (the shared data set is absent)")
        return
    try:
        from pmokit.interop.mpxj import from_mpxj, start_jvm

        start_jvm()
    except MissingDependencyError as exc:
        print(f"SKIP: {exc}")
        return
    from org.mpxj.reader import UniversalProjectReader

    files = sorted(p for p in data.rglob("*") if p.is_file() and p.suffix.lower() != ".md")
    if args.files:
        files = [p for p in files if any(s in str(p) for s in args.files)]
    print(f"machine: {machine()}")
    header = (
        f"{'file':<58} {'tool':<10} {'tasks':>5} {'pmokit min':>10} {'day':>6} "
        f"{'MPXJ min':>9} {'day':>6} {'pmokit s':>8} {'MPXJ s':>7}"
    )
    print(header)
    totals: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    causes: collections.Counter[str] = collections.Counter()
    causes_by_tool: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    notes = []
    missed: list[str] = []
    for path in files:
        name = str(path.relative_to(data))
        plan = from_mpxj(UniversalProjectReader().read(str(path)))
        saved = {
            aid: (
                a.saved.early_start,
                a.saved.early_finish,
                a.saved.late_start,
                a.saved.late_finish,
            )
            for aid, a in plan.activities.items()
        }
        saved = {k: v for k, v in saved.items() if None not in v}
        t0 = time.perf_counter()
        mine = plan.clock_times(plan.schedule())
        t_pmokit = time.perf_counter() - t0
        theirs, t_mpxj, error = run_mpxj(path, plan.tool, set(saved))
        if error:
            notes.append(f"{name}: MPXJ's scheduler failed ({error})")
        features: dict[str, set[str]] = collections.defaultdict(set)
        for tid, feature, _ in plan.unsupported:
            if tid is not None:
                features[tid].add(feature)
        c = collections.Counter[str]()
        for aid, want in saved.items():
            c["tasks"] += 1
            minute, day = _match(mine[aid], want)
            c["pmokit_minute"] += minute
            c["pmokit_day"] += day
            if not minute:
                cause = cause_of(plan, aid, features, day)
                causes[cause] += 1
                causes_by_tool[plan.tool][cause] += 1
                if args.misses:
                    missed.append(_miss_report(name, aid, plan, cause, want, mine[aid],
                                               theirs.get(aid)))
            if aid in theirs:
                m2, d2 = _match(theirs[aid], want)
                c["mpxj_minute"] += m2
                c["mpxj_day"] += d2
        for key in ("all", plan.tool):
            totals[key].update(c)
            totals[key]["t_pmokit_ms"] += round(t_pmokit * 1000)
            totals[key]["t_mpxj_ms"] += round(t_mpxj * 1000)
        n = max(c["tasks"], 1)
        print(
            f"{name:<58} {plan.tool:<10} {c['tasks']:>5} "
            f"{c['pmokit_minute'] / n:>10.1%} {c['pmokit_day'] / n:>6.1%} "
            f"{c['mpxj_minute'] / n:>9.1%} {c['mpxj_day'] / n:>6.1%} "
            f"{t_pmokit:>8.3f} {t_mpxj:>7.3f}"
        )
    for key in sorted(totals, key=lambda k: (k != "all", k)):
        c = totals[key]
        n = max(c["tasks"], 1)
        print(
            f"{'TOTAL ' + key:<58} {'':<10} {c['tasks']:>5} "
            f"{c['pmokit_minute'] / n:>10.1%} {c['pmokit_day'] / n:>6.1%} "
            f"{c['mpxj_minute'] / n:>9.1%} {c['mpxj_day'] / n:>6.1%} "
            f"{c['t_pmokit_ms'] / 1000:>8.3f} {c['t_mpxj_ms'] / 1000:>7.3f}"
        )
    c = totals["all"]
    if c["t_mpxj_ms"]:
        print(f"time pmokit / MPXJ (all files): {c['t_pmokit_ms'] / c['t_mpxj_ms']:.2f}")
    for note in notes:
        print(note)
    if missed:
        print("\ntasks pmokit misses (early start | early finish | late start | late finish):")
        print("\n".join(missed))
    print("\ntasks pmokit misses, by cause (first that applies):")
    tools = sorted(causes_by_tool)
    print(f"{'cause':<20} {'all':>6} " + " ".join(f"{t:>10}" for t in tools))
    for cause in CAUSE_ORDER:
        if causes[cause]:
            print(
                f"{cause:<20} {causes[cause]:>6} "
                + " ".join(f"{causes_by_tool[t][cause]:>10}" for t in tools)
            )


if __name__ == "__main__":
    main()

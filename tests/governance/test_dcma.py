"""Tests of the DCMA 14-point assessment: each check passes and fails exactly at its threshold."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit import governance as G
from pmokit.calendar import WorkCalendar
from pmokit.errors import PmokitError, UnknownReferenceError, ValidationError
from pmokit.governance import (
    DCMA_CHECKS,
    DcmaThresholds,
    dcma_assessment,
)
from pmokit.scheduling import Activity, Constraint, Dependency, Network, schedule
from tests._hypothesis import examples
from tests._requires import _have, requires_longpath
from tests.governance._helpers import BAD, _any


def chain(
    n: int,
    *,
    dur: float = 5.0,
    extra: list[Activity] | None = None,
    extra_deps: list[Dependency] | None = None,
    link: dict[int, dict[str, object]] | None = None,
    acts: dict[int, dict[str, object]] | None = None,
) -> Network:
    """S -> T1 -> ... -> Tn -> F; ``link[k]`` customises link k (0 = S->T1), ``acts[i]`` Ti."""
    acts = acts or {}
    link = link or {}
    tasks = [
        Activity(
            f"T{i}",
            acts.get(i, {}).get("duration", dur),  # type: ignore[arg-type]
            **{k: v for k, v in acts.get(i, {}).items() if k != "duration"},
        )
        for i in range(1, n + 1)
    ]
    ids = ["S", *[t.id for t in tasks], "F"]
    deps = [Dependency(ids[k], ids[k + 1], **link.get(k, {})) for k in range(n + 1)]  # type: ignore[arg-type]
    return Network(
        [Activity("S", 0), *tasks, Activity("F", 0), *(extra or [])], deps + (extra_deps or [])
    )


def dangling(k: int) -> tuple[list[Activity], list[Dependency]]:
    return ([Activity(f"D{i}", 5) for i in range(k)], [Dependency("S", f"D{i}") for i in range(k)])


class TestLogic:
    @pytest.mark.parametrize(
        ("n_chain", "k", "passed"),
        [(19, 1, True), (18, 2, False), (38, 2, True), (37, 2, False), (20, 0, True)],
    )
    def test_missing_logic_at_threshold(self, n_chain: int, k: int, passed: bool) -> None:
        """1 of 20 (5%) and 2 of 40 pass; 2 of 20 and 2 of 39 fail."""
        extra, deps = dangling(k)
        r = dcma_assessment(chain(n_chain, extra=extra, extra_deps=deps))["logic"]
        assert (r.count, r.population, r.passed) == (k, n_chain + k, passed)
        assert r.offenders == tuple(f"D{i}" for i in range(k))
        assert r.metric == pytest.approx(k / (n_chain + k))

    def test_milestones_and_excluded_left_out(self) -> None:
        """Start/finish milestones and excluded ids are not counted as open ends."""
        extra, deps = dangling(1)
        r = dcma_assessment(chain(3, extra=extra, extra_deps=deps), exclude=["D0"])["logic"]
        assert (r.count, r.population) == (0, 3)


class TestRelationships:
    def test_leads_zero_tolerance(self) -> None:
        """No lead passes; a single lead of -1 fails and names the link."""
        assert dcma_assessment(chain(19))["leads"].passed is True
        r = dcma_assessment(chain(19, link={3: {"lag": -1}}))["leads"]
        assert (r.passed, r.count, r.population, r.offenders) == (False, 1, 20, ("T3 -> T4",))

    @pytest.mark.parametrize(("lags", "passed"), [(1, True), (2, False)])
    def test_lags_at_threshold(self, lags: int, passed: bool) -> None:
        """1 lag in 20 links is 5% and passes; 2 fail."""
        net = chain(19, link={k: {"lag": 2} for k in range(1, 1 + lags)})
        r = dcma_assessment(net)["lags"]
        assert (r.count, r.population, r.passed) == (lags, 20, passed)

    @pytest.mark.parametrize(("non_fs", "passed"), [(2, True), (3, False)])
    def test_fs_share_at_threshold(self, non_fs: int, passed: bool) -> None:
        """18 of 20 FS links (90%) pass; 17 of 20 fail; non-FS links are the offenders."""
        net = chain(19, link={k: {"type": "SS"} for k in range(2, 2 + non_fs)})
        r = dcma_assessment(net)["relationship_types"]
        assert r.metric == pytest.approx((20 - non_fs) / 20)
        assert r.passed is passed
        assert r.offenders[0] == "T2 -> T3 (SS)"

    def test_links_between_completed_activities_left_out(self) -> None:
        """A lag between two completed activities is not counted."""
        net = chain(3, link={1: {"lag": 2}})
        r = dcma_assessment(
            net,
            status_date=20,
            actual_start={"S": 0, "T1": 0, "T2": 7},
            actual_finish={"S": 0, "T1": 5, "T2": 12},
        )["lags"]
        assert (r.count, r.population) == (0, 2)


class TestConstraintsAndFloat:
    @pytest.mark.parametrize(("k", "passed"), [(1, True), (2, False)])
    def test_hard_constraints_at_threshold(self, k: int, passed: bool) -> None:
        """1 MSO in 20 tasks passes, 2 fail; soft SNET constraints are not counted."""
        acts = {i: {"constraint": Constraint("MSO", 5.0 * (i - 1))} for i in range(1, k + 1)}
        acts[10] = {"constraint": Constraint("SNET", 0.0)}
        r = dcma_assessment(chain(20, acts=acts))["hard_constraints"]
        assert (r.count, r.passed) == (k, passed)

    @pytest.mark.parametrize("kind", ["MFO", "SNLT", "FNLT"])
    def test_other_hard_kinds(self, kind: str) -> None:
        """MFO, SNLT and FNLT are hard constraints too."""
        net = chain(2, acts={1: {"constraint": Constraint(kind, 100.0)}})
        assert dcma_assessment(net)["hard_constraints"].offenders == ("T1",)

    @pytest.mark.parametrize(
        ("float_a", "float_b", "count", "passed"),
        [(44, 45, 1, True), (45, 45, 2, False), (44, 44, 0, True), (44, 44.5, 1, True)],
    )
    def test_high_float_at_threshold(
        self, float_a: float, float_b: float, count: int, passed: bool
    ) -> None:
        """90-day chain of 18 tasks plus two side tasks: float 44 is not high, above 44 is;
        1 of 20 high (5%) passes, 2 of 20 fail."""
        side = [Activity("XA", 90 - float_a), Activity("XB", 90 - float_b)]
        deps = [
            Dependency("S", "XA"),
            Dependency("XA", "F"),
            Dependency("S", "XB"),
            Dependency("XB", "F"),
        ]
        r = dcma_assessment(chain(18, extra=side, extra_deps=deps))["high_float"]
        assert (r.count, r.population, r.passed) == (count, 20, passed)

    def test_negative_float_from_target_finish(self) -> None:
        """Target = forecast finish gives no negative float; one day earlier fails all."""
        net = chain(4)
        assert dcma_assessment(net, target_finish=20)["negative_float"].passed is True
        r = dcma_assessment(net, target_finish=19)["negative_float"]
        assert (r.passed, r.count) == (False, 4)

    def test_negative_float_from_snlt(self) -> None:
        """An SNLT before the early start makes that task and its predecessors negative."""
        net = chain(4, acts={3: {"constraint": Constraint("SNLT", 8.0)}})
        r = dcma_assessment(net)["negative_float"]
        assert r.offenders == ("T1", "T2", "T3")

    @pytest.mark.parametrize(("k", "passed"), [(1, True), (2, False)])
    def test_high_duration_at_threshold(self, k: int, passed: bool) -> None:
        """44 days is not high, 45 is; 1 of 20 passes, 2 of 20 fail."""
        acts = {i: {"duration": 45.0} for i in range(1, k + 1)}
        acts[20] = {"duration": 44.0}
        r = dcma_assessment(chain(20, acts=acts))["high_duration"]
        assert (r.count, r.passed) == (k, passed)

    def test_high_duration_uses_baseline_duration(self) -> None:
        """A baseline duration replaces the current duration in the check."""
        r = dcma_assessment(chain(3), baseline_duration={"T2": 60})["high_duration"]
        assert r.offenders == ("T2",)


class TestProgressChecks:
    def test_invalid_dates(self) -> None:
        """An in-progress task forecast to finish before the status date, an actual finish
        after it: both invalid; a clean status passes."""
        net = chain(3)
        ok = dcma_assessment(
            net,
            status_date=6,
            actual_start={"S": 0, "T1": 0, "T2": 5},
            actual_finish={"S": 0, "T1": 5},
        )
        assert ok["invalid_dates"].passed is True
        r = dcma_assessment(
            net,
            status_date=12,
            actual_start={"S": 0, "T1": 0, "T2": 5},
            actual_finish={"S": 0, "T1": 13},
        )
        assert r["invalid_dates"].offenders == ("T1", "T2")
        assert r["invalid_dates"].passed is False

    def test_invalid_dates_on_unstatused_schedule(self) -> None:
        """A schedule not updated to the status date has forecasts in the past."""
        net = chain(3)
        r = dcma_assessment(schedule(net), status_date=7)["invalid_dates"]
        assert r.offenders == ("S", "T1", "T2")  # ES 0, 0, 5 < 7 and not started

    def test_not_applicable_without_status(self) -> None:
        """Invalid dates, missed tasks and BEI need a status date."""
        r = dcma_assessment(chain(3))
        for name in ("invalid_dates", "missed_tasks", "bei"):
            assert r[name].applicable is False and r[name].passed is None
            assert math.isnan(r[name].metric)

    def test_resources(self) -> None:
        """Tasks without demands fail the zero-tolerance check; no data: not applicable."""
        assert dcma_assessment(chain(3))["resources"].applicable is False
        acts = {i: {"demands": {"dev": 1.0}} for i in (1, 2, 3)}
        assert dcma_assessment(chain(3, acts=acts))["resources"].passed is True
        del acts[2]
        r = dcma_assessment(chain(3, acts=acts))["resources"]
        assert (r.passed, r.offenders) == (False, ("T2",))
        r2 = dcma_assessment(chain(3), resourced=["T1", "T2", "T3"])["resources"]
        assert r2.passed is True

    @pytest.mark.parametrize(("late", "passed"), [(1, True), (2, False)])
    def test_missed_tasks_at_threshold(self, late: int, passed: bool) -> None:
        """20 parallel tasks due by day 10; 1 finished late is 5% and passes, 2 fail."""
        acts = [Activity(f"P{i}", 5) for i in range(20)]
        net = Network(acts)
        af = {f"P{i}": (12 if i < late else 5) for i in range(20)}
        r = dcma_assessment(
            net,
            status_date=15,
            actual_start=dict.fromkeys(af, 0),
            actual_finish=af,
            baseline_finish=dict.fromkeys(af, 10),
        )
        m = r["missed_tasks"]
        assert (m.count, m.population, m.passed) == (late, 20, passed)

    def test_missed_task_forecast(self) -> None:
        """An unfinished task due by the status date counts as missed, whatever its forecast."""
        net = Network([Activity("A", 5), Activity("B", 5)])
        r = dcma_assessment(
            net,
            status_date=8,
            actual_start={"A": 0, "B": 0},
            actual_finish={"A": 5},
            baseline_finish={"A": 5, "B": 6},
        )
        assert r["missed_tasks"].offenders == ("B",)  # forecast finish 5 < 8: also invalid
        assert r["invalid_dates"].offenders == ("B",)

    @pytest.mark.parametrize(("done", "passed"), [(19, True), (18, False)])
    def test_bei_at_threshold(self, done: int, passed: bool) -> None:
        """BEI = completed / due: 19/20 = 0.95 passes, 18/20 fails."""
        acts = [Activity(f"P{i}", 5) for i in range(21)]
        net = Network(acts)
        ids = [a.id for a in acts]
        base = dict.fromkeys(ids[:20], 10.0) | {"P20": 30.0}
        r = dcma_assessment(
            net,
            status_date=15,
            actual_start=dict.fromkeys(ids[:done], 0),
            actual_finish=dict.fromkeys(ids[:done], 9),
            baseline_finish=base,
        )
        b = r["bei"]
        assert (b.count, b.population, b.passed) == (done, 20, passed)
        assert b.metric == pytest.approx(done / 20)

    def test_bei_counts_tasks_completed_early(self) -> None:
        """A task baselined after the status date but already complete raises BEI."""
        net = Network([Activity("A", 5), Activity("B", 5), Activity("C", 5)])
        r = dcma_assessment(
            net,
            status_date=12,
            actual_start={"A": 0, "C": 0},
            actual_finish={"A": 5, "C": 5},
            baseline_finish={"A": 10, "B": 10, "C": 20},
        )
        assert r["bei"].metric == pytest.approx(2 / 2)
        assert r["bei"].offenders == ("B",)


def test_in_progress_task_keeps_its_float() -> None:
    """A started task off the critical path floats on its remaining work (not pinned to 0)."""
    net = Network([Activity("A", 10), Activity("B", 5)])
    r = dcma_assessment(net, status_date=2, actual_start={"A": 0, "B": 0}, target_finish=10)
    assert r.critical_activity == "A"
    r2 = dcma_assessment(net, status_date=2, actual_start={"A": 0, "B": 0}, target_finish=4)
    assert r2["negative_float"].offenders == ("A", "B")  # A: 4 - 10, B: 4 - 5


class TestCriticalPath:
    def test_large_delay_moves_finish_exactly(self) -> None:
        """Delaying the critical task by 600 days moves the finish by exactly 600."""
        side = [Activity("X", 7)]
        deps = [Dependency("T2", "X"), Dependency("X", "F")]
        r = dcma_assessment(chain(5, extra=side, extra_deps=deps))
        cp = r["critical_path_test"]
        assert r.critical_activity == "T1"
        assert cp.metric == 600.0 and cp.passed is True

    def test_delay_is_configurable(self) -> None:
        """The delay comes from the thresholds."""
        r = dcma_assessment(chain(3), thresholds=DcmaThresholds(critical_path_delay=25))
        assert r["critical_path_test"].metric == 25.0

    def test_non_critical_task_does_not_pass(self) -> None:
        """Delaying a task with 8 days of float moves the finish by 592 only: fail."""
        side = [Activity("X", 7)]
        deps = [Dependency("T2", "X"), Dependency("X", "F")]
        r = dcma_assessment(chain(5, extra=side, extra_deps=deps), critical_activity="X")
        cp = r["critical_path_test"]
        assert cp.metric == 592.0 and cp.passed is False and cp.offenders == ("X",)

    def test_hard_constraint_breaks_the_path(self) -> None:
        """An MSO on T3 cuts the path: T1 + 600 only pushes T2 (open to the finish) to 610,
        so the 20-day finish moves by 590, not 600."""
        net = chain(4, acts={3: {"constraint": Constraint("MSO", 10.0)}})
        cp = dcma_assessment(net, critical_activity="T1")["critical_path_test"]
        assert cp.passed is False and cp.metric == 590.0


class TestCpli:
    def test_dau_worked_example(self) -> None:
        """CPL 720 working days with -60 float: (720 - 60) / 720 = 0.917 (DAU example)."""
        net = chain(2, dur=360)
        r = dcma_assessment(net, target_finish=660)["cpli"]
        assert r.metric == pytest.approx(660 / 720)
        assert round(r.metric, 3) == 0.917 and r.passed is False

    @pytest.mark.parametrize(("target", "passed"), [(95.0, True), (94.9, False)])
    def test_cpli_at_threshold(self, target: float, passed: bool) -> None:
        """CPL 100: target 95 gives 0.95 and passes, 94.9 fails."""
        r = dcma_assessment(chain(20), target_finish=target)["cpli"]
        assert r.metric == pytest.approx(target / 100) and r.passed is passed

    def test_cpli_from_status_date(self) -> None:
        """A done (5->12 days), B unstarted 20 days, status 12, target 30: (20 - 2) / 20."""
        net = Network([Activity("A", 10), Activity("B", 20)], [Dependency("A", "B")])
        r = dcma_assessment(
            net, status_date=12, actual_start={"A": 0}, actual_finish={"A": 12}, target_finish=30
        )
        assert r.project_finish == 32.0
        assert r["cpli"].metric == pytest.approx(0.9)

    def test_cpli_target_defaults_to_baseline(self) -> None:
        """Without a target the latest baseline finish is used."""
        r = dcma_assessment(chain(4), baseline_finish={"T4": 25}, status_date=0)
        assert r["cpli"].metric == pytest.approx(1.25)


def test_dates_with_calendar() -> None:
    """Dates convert with the calendar: status Friday = end of day 5 from a Monday origin."""
    cal = WorkCalendar()
    monday = dt.date(2026, 1, 5)
    net = Network([Activity("A", 5), Activity("B", 5)], [Dependency("A", "B")])
    r = dcma_assessment(
        net,
        status_date=dt.date(2026, 1, 9),
        start=monday,
        calendar=cal,
        actual_start={"A": monday},
        actual_finish={"A": dt.date(2026, 1, 9)},
        baseline_finish={"A": dt.date(2026, 1, 9), "B": dt.date(2026, 1, 16)},
    )
    assert r.status_date == 5.0
    assert r["bei"].metric == 1.0 and r["invalid_dates"].passed is True
    assert r["cpli"].metric == pytest.approx(1.0)


def test_assessment_output() -> None:
    """Fourteen checks in DCMA order, records and a frame."""
    r = dcma_assessment(chain(3))
    assert tuple(c.name for c in r.checks) == DCMA_CHECKS
    assert [c.number for c in r.checks] == list(range(1, 15))
    if not _have("pandas"):  # the records are checked; the frame needs pandas
        pytest.skip("pandas not installed: the frame part needs the pandas extra")
    assert len(r.to_records()) == 14 and r.to_frame().shape[0] == 14
    assert set(r.failed) | set(r.passed) <= set(DCMA_CHECKS)
    assert 0 <= r.score <= 1


@st.composite
def random_network(draw: st.DrawFn, types: tuple[str, ...] = ("FS", "SS", "FF", "SF")) -> Network:
    n = draw(st.integers(2, 25))
    durs = draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    acts = [Activity(f"A{i}", float(d)) for i, d in enumerate(durs)]
    deps = []
    for j in range(1, n):
        preds = draw(st.sets(st.integers(0, j - 1), max_size=3))
        for i in sorted(preds):
            t = draw(st.sampled_from(types))
            lag = draw(st.integers(-3, 5))
            deps.append(Dependency(f"A{i}", f"A{j}", t, lag=lag))
    return Network(acts, deps)


@settings(max_examples=examples(60), deadline=None)
@given(random_network())
def test_own_pass_agrees_with_scheduling(net: Network) -> None:
    """Without progress or constraints the assessment of the network equals that of
    scheduling.schedule(net), and the critical path test passes."""
    a = dcma_assessment(net)
    s = schedule(net)
    b = dcma_assessment(s)
    assert a.project_finish == pytest.approx(s.project_duration)
    for ca, cb in zip(a.checks, b.checks, strict=True):
        assert ca.passed == cb.passed and ca.offenders == cb.offenders, ca.name
    fs_only = all(d.type == "FS" for d in net.dependencies)
    if a["critical_path_test"].applicable and fs_only:
        # with SS/FF/SF links a start-driven critical task may legitimately fail the test
        assert a["critical_path_test"].passed is True
    assert a["negative_float"].count == 0


@settings(max_examples=examples(60), deadline=None)
@given(random_network(types=("FS",)), st.integers(1, 900))
def test_critical_path_test_passes_on_logic_driven_fs_networks(net: Network, delay: int) -> None:
    """On FS networks without constraints, any delay of the most critical task moves the
    finish by exactly that delay."""
    r = dcma_assessment(net, thresholds=DcmaThresholds(critical_path_delay=delay))
    cp = r["critical_path_test"]
    if cp.applicable:
        assert cp.metric == pytest.approx(delay) and cp.passed is True


class TestBadInput:
    def test_unknown_ids_listed_together(self) -> None:
        """Unknown ids in mappings, exclude and critical_activity are all named."""
        with pytest.raises(UnknownReferenceError) as e:
            dcma_assessment(chain(2), actual_start={"Q": 1}, exclude=["Z"], critical_activity="W")
        assert set(e.value.unknown) == {"Q", "Z", "W"}

    def test_actual_finish_without_start_and_before_start(self) -> None:
        """Actual finish needs an actual start not after it."""
        with pytest.raises(ValidationError) as e:
            dcma_assessment(chain(2), actual_start={"T2": 5}, actual_finish={"T1": 5, "T2": 3})
        text = str(e.value)
        assert "'T1' has an actual finish but no actual start" in text
        assert "actual finish of activity 'T2' (3) must not precede" in text

    def test_dates_need_calendar(self) -> None:
        """Dates without origin and calendar are rejected with the fix."""
        with pytest.raises(ValidationError, match="pass start="):
            dcma_assessment(chain(2), status_date=dt.date(2026, 1, 1))

    def test_bad_times(self) -> None:
        """Non-numbers and non-finite times are named."""
        with pytest.raises(ValidationError) as e:
            dcma_assessment(chain(2), status_date=float("nan"), actual_start={"T1": "x"})
        assert len(e.value.problems) == 2

    def test_negative_status_date(self) -> None:
        """Offsets before the project start (status date, actual and baseline times) are
        refused by name (found by the fuzz specs: they were accepted)."""
        with pytest.raises(ValidationError, match=r"'status_date' must be >= 0.*-1\.0"):
            dcma_assessment(chain(2), status_date=-1.0)
        with pytest.raises(ValidationError) as e:
            dcma_assessment(chain(2), actual_start={"T1": -2}, actual_finish={"T1": -1},
                            baseline_finish={"T2": -1.0})
        assert len(e.value.problems) == 3 and "baseline_finish['T2'] must be >= 0" in str(e.value)

    def test_none_times_refused(self) -> None:
        """A None actual, baseline finish or baseline duration is refused by name, as NaN
        is (it was skipped, so a None baseline silently left a task out of BEI's count);
        an activity with none yet is left out of the mapping."""
        with pytest.raises(ValidationError) as e:
            dcma_assessment(chain(2), status_date=5, actual_start={"T1": 0, "T2": None},
                            actual_finish={"T1": None}, baseline_finish={"T2": None},
                            baseline_duration={"T1": None})
        text = str(e.value)
        assert len(e.value.problems) == 4
        assert "actual_start['T2'] must be a number of working days or a date (got None)" in text
        assert "leave 'T1' out of 'actual_finish'" in text
        assert "baseline_finish['T2']" in text and "baseline_duration['T1']" in text
        left_out = dcma_assessment(chain(2), status_date=5, actual_start={"T1": 0},
                                   actual_finish={"T1": 4}, baseline_finish={"T1": 4})
        assert (left_out["bei"].population, left_out["bei"].metric) == (1, 1.0)

    def test_bad_thresholds(self) -> None:
        """Shares outside [0, 1] and a non-positive delay are rejected."""
        with pytest.raises(ValidationError) as e:
            DcmaThresholds(logic=1.5, critical_path_delay=0)
        assert len(e.value.problems) == 2
        with pytest.raises(ValidationError, match="'thresholds' must be a DcmaThresholds"):
            dcma_assessment(chain(2), thresholds={"logic": 0.1})  # type: ignore[arg-type]

    def test_bad_subject_and_critical_activity(self) -> None:
        """The subject must be a Network or Schedule; the delayed task must be open work."""
        with pytest.raises(ValidationError, match=r"must be a pmokit\.scheduling Network"):
            dcma_assessment([1, 2])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'critical_activity' 'S'"):
            dcma_assessment(chain(2), critical_activity="S")
        with pytest.raises(UnknownReferenceError, match="no DCMA check 'logik'"):
            dcma_assessment(chain(2))["logik"]


def test_large_network_runs() -> None:
    """A 5,000-activity layered network assesses all 14 checks."""
    rng = np.random.default_rng(3)
    n = 5000
    acts = [Activity(f"A{i}", float(rng.integers(1, 30))) for i in range(n)]
    deps = [
        Dependency(f"A{i}", f"A{j}")
        for j in range(1, n)
        for i in {int(x) for x in rng.integers(max(0, j - 50), j, size=2)}
    ]
    r = dcma_assessment(Network(acts, deps))
    assert r["critical_path_test"].passed is True
    assert r["relationship_types"].metric == 1.0


def test_project_filter_assesses_one_project() -> None:
    """project= limits populations to that project's activities; links across still count."""
    acts = [
        Activity("A1", 10, project="A"),
        Activity("A2", 50, project="A"),
        Activity("B1", 60, project="B"),
    ]
    net = Network(acts, [Dependency("A1", "A2"), Dependency("A2", "B1", lag=3)])
    r = dcma_assessment(net, project="A")
    assert r["high_duration"].offenders == ("A2",)
    assert r["logic"].offenders == ("A1",)  # A2 has a successor in project B
    assert r["lags"].population == 1  # only A1 -> A2 lies inside project A
    with pytest.raises(ValidationError, match="'project' 'C' has no activities"):
        dcma_assessment(net, project="C")


def test_start_constraints_stop_binding_once_started() -> None:
    """An SNLT missed before the task started gives negative float until it starts."""
    net = chain(3, acts={2: {"constraint": Constraint("SNLT", 3.0)}})
    before = dcma_assessment(net, status_date=1, actual_start={"S": 0, "T1": 0})
    assert before["negative_float"].offenders == ("T1", "T2")
    after = dcma_assessment(
        net, status_date=6, actual_start={"S": 0, "T1": 0, "T2": 5}, actual_finish={"S": 0, "T1": 5}
    )
    assert after["negative_float"].count == 0


class TestIssue14:
    """Issue 14: validation first, one function per check, `start`, mapping conventions."""

    def test_origin_is_deprecated_for_start(self) -> None:
        """`origin=` still works for one release, warns, and equals `start=`."""
        cal = WorkCalendar()
        monday = dt.date(2026, 1, 5)
        net = Network([Activity("A", 5), Activity("B", 5)], [Dependency("A", "B")])
        kw = {"status_date": dt.date(2026, 1, 9), "calendar": cal,
              "baseline_finish": {"B": dt.date(2026, 1, 16)}}
        new = dcma_assessment(net, start=monday, **kw)  # type: ignore[arg-type]
        with pytest.warns(DeprecationWarning, match="'origin' is deprecated.*use 'start'"):
            old = dcma_assessment(net, origin=monday, **kw)  # type: ignore[arg-type]
        assert old == new
        with pytest.raises(ValidationError, match="give 'start' only"):
            dcma_assessment(net, start=monday, origin=monday, **kw)  # type: ignore[arg-type]

    def test_one_validation_step_then_one_function_per_check(self) -> None:
        """`_dcma_iv` validates everything first; each check is its own function."""
        from pmokit.governance import _dcma

        assert [f.__name__ for f in _dcma._CHECK_FUNCTIONS] == [
            f"_check_{name}" for name in DCMA_CHECKS
        ]
        # a complete task as critical activity is refused by the validation step itself
        with pytest.raises(ValidationError, match="'critical_activity' 'T1'"):
            _dcma._dcma_iv(
                chain(2),
                status_date=6,
                actual_start={"T1": 0},
                actual_finish={"T1": 5},
                baseline_finish=None,
                baseline_duration=None,
                target_finish=None,
                resourced=None,
                exclude=(),
                project=None,
                critical_activity="T1",
                thresholds=None,
                start=None,
                calendar=None,
            )

    def test_checks_by_name_follow_the_mapping_convention(self) -> None:
        """`in`, iteration over names, `len`, `.get`; an unknown name is a KeyError."""
        r = dcma_assessment(chain(3))
        assert "logic" in r and "logik" not in r and 3 not in r
        assert list(r) == list(DCMA_CHECKS) and len(r) == 14
        assert r.get("bei") is r["bei"] and r.get("nope") is None
        assert r.keys() == DCMA_CHECKS
        with pytest.raises(KeyError):
            r["logik"]

    def test_pickles_and_deep_copies_equal(self) -> None:
        """The assessment and its thresholds round-trip equal through pickle and deepcopy."""
        import copy
        import pickle

        r = dcma_assessment(chain(3), thresholds=DcmaThresholds(logic=0.1))
        for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
            assert pickle.loads(pickle.dumps(r, proto)) == r
        assert copy.deepcopy(r) == r




NET = Network([Activity("A", 5), Activity("B", 5)], [Dependency("A", "B")])


EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "dcma exclude int",
        lambda: dcma_assessment(NET, exclude=_any(5)),
        r"'exclude' must be a collection of activity ids",
    ),
    (
        "dcma exclude text",
        lambda: dcma_assessment(NET, exclude=_any("A")),
        r"use \['A'\] for one id",
    ),
    (
        "dcma critical list",
        lambda: dcma_assessment(NET, critical_activity=_any(["A"])),
        r"'critical_activity' must be an activity id",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError (not TypeError, AttributeError, ...)."""
    with pytest.raises(ValidationError, match=message):
        call()


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "dcma mapping",
        lambda: dcma_assessment(Network([Activity("A", 1)]), actual_start=_any([("A", 0)])),
        r"'actual_start' must map activity ids to times \(got list\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




MISUSE_NET = Network([Activity("A", 5), Activity("B", 3)], [Dependency("A", "B")])


MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "dcma": lambda x: G.dcma_assessment(x),
    "dcma_sd": lambda x: G.dcma_assessment(MISUSE_NET, status_date=x),
    "dcma_as": lambda x: G.dcma_assessment(MISUSE_NET, actual_start=x),
    "dcma_ex": lambda x: G.dcma_assessment(MISUSE_NET, exclude=x),
    "dcma_res": lambda x: G.dcma_assessment(MISUSE_NET, resourced=x),
    "dcma_proj": lambda x: G.dcma_assessment(MISUSE_NET, project=x),
    "dcma_crit": lambda x: G.dcma_assessment(MISUSE_NET, critical_activity=x),
    "dcma_tf": lambda x: G.dcma_assessment(MISUSE_NET, target_finish=x),
    "dcma_bd": lambda x: G.dcma_assessment(MISUSE_NET, baseline_duration=x),
    "dcma_start": lambda x: G.dcma_assessment(
        MISUSE_NET, status_date=dt.date(2026, 1, 9), start=x, calendar=WorkCalendar()  # type: ignore[arg-type]
    ),
    "thr": lambda x: G.DcmaThresholds(logic=x),
}


@pytest.mark.parametrize("name", sorted(MISUSE_CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                MISUSE_CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes


def _random_spec(n: int, seed: int, types: tuple[str, ...]) -> list[tuple[str, int, list]]:
    rng = np.random.default_rng(seed)
    spec = []
    for j in range(n):
        preds = []
        if j:
            for i in sorted({int(x) for x in rng.integers(max(0, j - 15), j, size=2)}):
                if i % 9 == 8:
                    continue  # open ends
                u = rng.random()
                lag = int(rng.integers(1, 6)) if u < 0.15 else (-2 if u < 0.2 else 0)
                preds.append((i, types[int(rng.integers(0, len(types)))], lag))
        spec.append((f"A{j}", int(rng.integers(1, 70)), preds))
    return spec


def _both(spec: list[tuple[str, int, list]]) -> tuple[object, dict[str, object]]:
    import longpath.calendars as lp_cal
    import longpath.checks as lp_checks
    import longpath.cpm as lp_cpm
    import longpath.model as lp_model

    net = Network(
        [Activity(a, float(d)) for a, d, _ in spec],
        [Dependency(spec[i][0], a, t, lag=float(g)) for a, _, ps in spec for i, t, g in ps],
    )
    proj = lp_model.Project(
        "P", "P", "x", planned_start=dt.datetime(2026, 1, 5, 8, 0), default_calendar="std"
    )
    for a, d, _ in spec:
        proj.activities[a] = lp_model.Activity(a, a, a, orig_dur_h=8.0 * d, rem_dur_h=8.0 * d)
    for a, _, ps in spec:
        for i, t, g in ps:
            proj.relationships.append(lp_model.Relationship(spec[i][0], a, t, 8.0 * g))
    sched = lp_model.Schedule("x", "xer", {"P": proj}, {"std": lp_cal.standard("std")})
    res = lp_cpm.run(proj, sched.calendars, lp_cpm.CpmOptions())
    theirs = {c.key.split("_", 1)[1]: c for c in lp_checks.dcma(lp_checks.Ctx(sched, proj, res))}
    return dcma_assessment(net), theirs


@requires_longpath
@pytest.mark.parametrize("seed", range(6))
def test_counts_agree_with_longpath(seed: int) -> None:
    """Logic, leads, lags, relationship types, high float/duration and negative float counts
    equal longpath's on random networks with all link types, lags and leads."""
    ours, theirs = _both(_random_spec(120, seed, ("FS", "FS", "FS", "SS", "FF", "SF")))
    for name in ("logic", "leads", "lags", "high_float", "high_duration", "negative_float"):
        assert ours[name].count == len(theirs[name].rows), name  # type: ignore[index]
        assert ours[name].population == theirs[name].denominator, name  # type: ignore[index]
    non_fs = ours["relationship_types"]  # type: ignore[index]
    assert non_fs.population - non_fs.count == len(theirs["relationship_types"].rows)


@requires_longpath
@pytest.mark.parametrize("seed", range(4))
def test_critical_path_test_agrees_on_fs_networks(seed: int) -> None:
    """On FS networks both find that the finish moves by the full 600-day delay."""
    ours, theirs = _both(_random_spec(80, 100 + seed, ("FS",)))
    assert ours["critical_path_test"].passed is True  # type: ignore[index]
    assert theirs["critical_path_test"].result == "pass"
    assert theirs["critical_path_test"].metric == pytest.approx(600.0)


def _same_checks(a: object, b: object) -> None:
    for ca, cb in zip(a.checks, b.checks, strict=True):  # type: ignore[attr-defined]
        assert ca.metric == pytest.approx(cb.metric, nan_ok=True), ca.name
        assert (ca.count, ca.population, ca.passed, ca.offenders) == (
            cb.count, cb.population, cb.passed, cb.offenders), ca.name
    assert a.project_finish == pytest.approx(b.project_finish)  # type: ignore[attr-defined]


class TestLevelOfEffort:
    """LOE activities are left out of the checks they would distort (DCMA guidance)."""

    @settings(max_examples=examples(40), deadline=None)
    @given(random_network(), st.data())
    def test_an_loe_changes_no_check(self, net: Network, data: st.DataObject) -> None:
        """A long LOE hung on the network (SS from one activity, FF to a later one, both
        link types the relationship check would count, a duration above 44 days and a
        finish past the project's) leaves every check and the finish as without it."""
        n = len(net.activities)
        i = data.draw(st.integers(0, n - 2))
        j = data.draw(st.integers(i + 1, n - 1))
        with_loe = Network(
            [*net.activities, Activity("L", 90, kind="loe")],
            [*net.dependencies, Dependency(f"A{i}", "L", "SS"), Dependency("L", f"A{j}", "FF")],
        )
        _same_checks(dcma_assessment(with_loe), dcma_assessment(net))
        _same_checks(dcma_assessment(schedule(with_loe)), dcma_assessment(schedule(net)))

    def test_loe_is_no_task_and_no_relationship(self) -> None:
        """The populations: an LOE with SS/FF links counts in none of them."""
        net = chain(3, extra=[Activity("L", 60, kind="loe")],
                    extra_deps=[Dependency("T1", "L", "SS"), Dependency("L", "T3", "FF")])
        r = dcma_assessment(net)
        assert r["high_duration"].population == 3 and r["high_duration"].count == 0
        assert r["relationship_types"].metric == 1.0
        assert r.project_finish == 15.0
        with pytest.raises(ValidationError, match="'critical_activity' 'L' must be"):
            dcma_assessment(net, critical_activity="L")

    def test_loe_baseline_sets_no_target(self) -> None:
        """The default target is the latest baseline finish of the tasks, not the LOE's."""
        net = chain(3, extra=[Activity("L", 60, kind="loe")],
                    extra_deps=[Dependency("T1", "L", "SS"), Dependency("L", "T3", "FF")])
        r = dcma_assessment(net, baseline_finish={"T3": 15, "L": 40}, status_date=0)
        plain = dcma_assessment(chain(3), baseline_finish={"T3": 15}, status_date=0)
        assert r["cpli"].metric == pytest.approx(plain["cpli"].metric)

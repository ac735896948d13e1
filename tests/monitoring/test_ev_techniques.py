"""Earned-value techniques (Deltek Cobra's definitions), hand-worked, and their errors."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.monitoring import (
    CostLine,
    WorkPackage,
    earned_value,
    performance,
    portfolio_earned_value,
    time_phase,
)
from pmokit.scheduling import Activity, Network, schedule


def _pv():  # type: ignore[no-untyped-def]
    """Four parallel 4-day activities of 1,000 each, one per working day."""
    s = schedule(Network([Activity(x, 4) for x in "ABCD"]))
    return time_phase(s, {x: CostLine.non_labour(1000) for x in "ABCD"}, freq=1)


@pytest.mark.parametrize(("technique", "start_share"), [("0/100", 0.0), ("50/50", 0.5),
                                                        ("25/75", 0.25)])
def test_discrete_techniques(technique: str, start_share: float) -> None:
    """0/100 earns 0 until the finish; 50/50 half at the start; 25/75 a quarter."""
    perf = performance(_pv(), [WorkPackage("W", ["A"], technique)],
                       {"W": [0, 10, 90, 100]}, {})
    cum = np.cumsum(perf.ev[0])
    assert_allclose(cum, [0, 1000 * start_share, 1000 * start_share, 1000])


def test_zero_hundred_is_zero_at_status_until_finish() -> None:
    perf = performance(_pv(), [WorkPackage("W", ["A"], "0/100")], {"W": [20, 50, 99]}, {})
    assert perf.ev.sum() == 0.0
    assert perf.earned_value("W").ev == 0.0


def test_loe_earns_its_pv() -> None:
    perf = performance(_pv(), [WorkPackage("L", ["B"], "loe")], {}, {"L": [300, 200, 250]})
    assert_allclose(perf.ev[0], perf.pv[0, :3])
    assert_allclose(perf.ev[0], [250, 250, 250])


def test_weighted_milestones_earn_their_weights() -> None:
    """Weights 1:3 normalised: M1 in period 1 earns 250, M2 in period 3 the other 750."""
    wp = WorkPackage("W", ["A"], "milestones", milestones={"M1": 1, "M2": 3})
    perf = performance(_pv(), [wp], {"W": {"M1": 1, "M2": 3}}, {}, periods=4)
    assert_allclose(perf.ev[0], [250, 0, 750, 0])


def test_percent_complete_and_units() -> None:
    wps = [WorkPackage("P", ["A"], "percent_complete"),
           WorkPackage("U", ["B"], "units", units=40)]
    perf = performance(_pv(), wps, {"P": [10, 35], "U": [4, 30]}, {})
    assert_allclose(perf.ev, [[100, 250], [100, 650]])


def test_apportioned_follows_its_base() -> None:
    """Inspection (2,000 over C and D) apportioned to A at 35 % earns 700."""
    wps = [WorkPackage("BASE", ["A"], "percent_complete"),
           WorkPackage("QA", ["C", "D"], "apportioned", base="BASE")]
    perf = performance(_pv(), wps, {"BASE": [35]}, {})
    assert_allclose(perf.ev[:, 0], [350, 700])


def test_planning_package_earns_nothing() -> None:
    perf = performance(_pv(), [WorkPackage("PP", ["A"], "planning")], {}, {"PP": [5, 5]})
    assert perf.ev.sum() == 0.0 and perf.bac[0] == 1000.0


@given(st.sampled_from(["0/100", "50/50", "25/75", "percent_complete", "units", "milestones",
                        "loe", "apportioned"]),
       st.lists(st.floats(0, 100), min_size=1, max_size=6))
def test_complete_earns_budget_never_more(technique: str, steps: list) -> None:
    """Any technique: EV within [0, BAC] on the way; a completed package earns its BAC."""
    path = [*sorted(steps), 100.0]
    extra: dict = {}
    if technique == "units":
        extra["units"] = 50.0
        path = [x / 2 for x in path]
    if technique == "milestones":
        extra["milestones"] = {"M1": 2, "M2": 5}
    if technique == "apportioned":
        extra["base"] = "BASE"
    wps = [WorkPackage("BASE", ["B"], "percent_complete"),
           WorkPackage("W", ["A"], technique, **extra)]
    prog: dict = {"BASE": path}
    if technique == "milestones":
        prog["W"] = {"M1": 1, "M2": len(path)}
    elif technique not in ("loe", "apportioned"):
        prog["W"] = path
    perf = performance(_pv(), wps, prog, {}, periods=max(len(path), 5), check_units=False)
    cum = np.cumsum(perf.ev[1])
    assert (cum >= -1e-9).all() and (cum <= 1000 + 1e-9).all()
    assert cum[-1] == pytest.approx(1000.0)


def test_results_pickle_read_only() -> None:
    perf = performance(_pv(), [WorkPackage("W", ["A"])], {"W": [10]}, {"W": [5]})
    back = pickle.loads(pickle.dumps(perf))
    assert back == perf and not back.ev.flags.writeable
    assert back["W"][1].tolist() == [100.0]
    assert perf.to_records()[0] == {"package": "W", "period": 1, "pv": 250.0, "ev": 100.0,
                                    "ac": 5.0}


def test_series_feed_earned_value_unchanged() -> None:
    """PV, EV and AC feed earned_value and portfolio_earned_value as they are."""
    wps = [WorkPackage("P", ["A", "B"], "percent_complete"), WorkPackage("L", ["C"], "loe")]
    perf = performance(_pv(), wps, {"P": [10, 30]}, {"P": [250, 500], "L": [250, 260]})
    ev = perf.earned_value()
    pv = perf.pv.sum(0)
    direct = earned_value(pv, perf.ev.sum(0), perf.ac.sum(0), cumulative=False)
    assert ev.cpi == direct.cpi and ev.spi == direct.spi
    assert_allclose([ev.ev, ev.ac], [600 + 500, 1260])
    port = perf.portfolio()
    direct_p = portfolio_earned_value(np.cumsum(perf.pv, 1), np.cumsum(perf.ev, 1),
                                      np.cumsum(perf.ac, 1), names=["P", "L"], bac=perf.bac)
    assert_allclose(port.cpi, direct_p.cpi)


class TestErrors:
    def test_unknown_milestone(self) -> None:
        wp = WorkPackage("W", ["A"], "milestones", milestones={"M1": 1})
        with pytest.raises(UnknownReferenceError, match="work package 'W' names milestones "
                           "without a weight: 'M9'"):
            performance(_pv(), [wp], {"W": {"M9": 1}}, {})

    def test_decreasing_progress(self) -> None:
        with pytest.raises(ValidationError, match="progress of work package 'W' must not "
                           "decrease: period 3 reports 20 after 40"):
            performance(_pv(), [WorkPackage("W", ["A"])], {"W": [10, 40, 20]}, {})

    def test_actual_for_unknown_package(self) -> None:
        with pytest.raises(UnknownReferenceError, match="'actual' names the unknown work "
                           "package 'W9'"):
            performance(_pv(), [WorkPackage("W", ["A"])], {"W": [10]}, {"W9": [5]})

    def test_progress_for_unknown_package(self) -> None:
        with pytest.raises(UnknownReferenceError, match=r"'progress'.*'X'"):
            performance(_pv(), [WorkPackage("W", ["A"])], {"X": [10]}, {})

    def test_percent_above_100(self) -> None:
        with pytest.raises(ValidationError, match="must be percent complete \\(0-100\\)"):
            performance(_pv(), [WorkPackage("W", ["A"])], {"W": [10, 120]}, {})

    def test_fraction_for_percent_is_a_probable_slip(self) -> None:
        with pytest.raises(ValidationError, match=r"fractions given for percents\? Multiply"):
            performance(_pv(), [WorkPackage("W", ["A"])], {"W": [0.2, 0.5]}, {})
        perf = performance(_pv(), [WorkPackage("W", ["A"])], {"W": [0.2, 0.5]}, {},
                           check_units=False)
        assert_allclose(perf.ev[0], [2.0, 3.0])
        with pytest.raises(ValidationError, match="'check_units' must be"):
            performance(_pv(), [WorkPackage("W", ["A"])], {"W": [20]}, {},
                        check_units="no")  # type: ignore[arg-type]

    def test_loe_takes_no_progress(self) -> None:
        with pytest.raises(ValidationError, match="'L' \\(loe\\) takes no progress"):
            performance(_pv(), [WorkPackage("L", ["A"], "loe")], {"L": [10]}, {})

    def test_activity_in_two_packages(self) -> None:
        with pytest.raises(ValidationError, match="activity 'A' is in work packages"):
            performance(_pv(), [WorkPackage("W", ["A"]), WorkPackage("V", ["A"])], {}, {},
                        periods=1)

    def test_bad_packages(self) -> None:
        with pytest.raises(ValidationError, match="'milestones' but has no milestone"):
            WorkPackage("W", ["A"], "milestones")
        with pytest.raises(ValidationError, match="needs a 'base'"):
            WorkPackage("W", ["A"], "apportioned")
        with pytest.raises(ValidationError, match="units of work package 'W'"):
            WorkPackage("W", ["A"], "units")
        with pytest.raises(ValidationError, match="technique of work package"):
            WorkPackage("W", ["A"], "60/40")  # type: ignore[arg-type]


def test_work_package_and_periods_refuse_bad_input_fuzz2() -> None:
    """Found by the fuzz test: bad activity ids, control accounts, units and periods."""
    with pytest.raises(ValidationError, match="activities of work package"):
        WorkPackage("WP", ["A", ""])
    with pytest.raises(ValidationError, match="control account of work package"):
        WorkPackage("WP", ["A"], control_account="")
    with pytest.raises(ValidationError, match="units of work package"):
        WorkPackage("WP", ["A"], "50/50", units=1 + 2j)  # type: ignore[arg-type]
    s = schedule(Network([Activity("A", 4)]))
    pv = time_phase(s, {"A": CostLine.non_labour(1000)}, freq=1)
    pkgs = [WorkPackage("WP", ["A"], "50/50")]
    for bad in (1 + 2j, 2.5, 10**12):
        with pytest.raises(ValidationError, match="periods"):
            performance(pv, pkgs, {"WP": [10, 60]}, {"WP": [300, 250]}, periods=bad)


def test_negative_actual_cost_refused_fuzz4() -> None:
    """A negative actual cost in a period was accepted (earned_value refuses it): named."""
    with pytest.raises(ValidationError, match=r"actual cost of work package 'L' must be >= 0 "
                                              r"\[currency\], but period 1 got -1\.0"):
        performance(_pv(), [WorkPackage("L", ["B"], "loe")], {}, {"L": [-1.0, 200, 250]})

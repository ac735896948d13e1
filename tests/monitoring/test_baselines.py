"""Baselines: variances by hand, added/removed, BEI and CPLI shared with DCMA."""

from __future__ import annotations

import numpy as np
import pytest

from pmokit.governance import dcma_assessment
from pmokit.monitoring import (
    Baseline,
    CostLine,
    baseline_execution_index,
    baseline_variance,
    critical_path_length_index,
    time_phase,
)
from pmokit.scheduling import Activity, Dependency, Network, schedule


def test_variance_between_named_baselines() -> None:
    net0 = Network([Activity("A", 5), Activity("B", 3)], [Dependency("A", "B")])
    net1 = Network([Activity("A", 7), Activity("C", 2)], [Dependency("A", "C")])
    s0, s1 = schedule(net0), schedule(net1)
    bl0 = Baseline.from_schedule("BL0", s0, time_phase(s0, {"A": CostLine.non_labour(100)},
                                                      freq=1))
    now = Baseline.from_schedule("now", s1, time_phase(s1, {"A": CostLine.non_labour(130)},
                                                      freq=1))
    baselines = {b.name: b for b in (bl0, now)}
    v = baseline_variance(baselines["now"], baselines["BL0"])
    assert v["A"] == {"start": 0.0, "finish": 2.0, "duration": 2.0, "cost": -30.0}
    assert (v.added, v.removed) == (("C",), ("B",))


def test_bei_and_cpli_by_hand() -> None:
    assert baseline_execution_index([5, 8, 20, np.nan], [True, False, True, False], 10) == (
        1.0, 2, 2)
    assert np.isnan(baseline_execution_index([50.0], [False], 10)[0])
    assert critical_path_length_index(20.0, -2.0) == 0.9
    with pytest.raises(Exception, match="'critical_path_length' must be > 0"):
        critical_path_length_index(0.0, 1.0)


def test_dcma_uses_the_same_indices() -> None:
    """DCMA's BEI and CPLI equal these functions bit for bit."""
    acts = [Activity(f"P{i}", 5) for i in range(21)]
    ids = [a.id for a in acts]
    base = dict.fromkeys(ids[:20], 10.0) | {"P20": 30.0}
    r = dcma_assessment(Network(acts), status_date=15, actual_start=dict.fromkeys(ids[:7], 0),
                        actual_finish=dict.fromkeys(ids[:7], 9), baseline_finish=base)
    bei, done, due = baseline_execution_index([base[i] for i in ids],
                                              [i in ids[:7] for i in ids], 15)
    assert r["bei"].metric == bei and (r["bei"].count, r["bei"].population) == (done, due)
    net = Network([Activity("A", 10), Activity("B", 20)], [Dependency("A", "B")])
    r = dcma_assessment(net, status_date=12, actual_start={"A": 0}, actual_finish={"A": 12},
                        target_finish=30)
    assert r["cpli"].metric == critical_path_length_index(32.0 - 12.0, 30.0 - 32.0)


def test_baseline_pickles_and_errors() -> None:
    import pickle

    from pmokit.errors import UnknownReferenceError, ValidationError

    s = schedule(Network([Activity("A", 5)]))
    bl = Baseline.from_schedule("BL0", s)
    back = pickle.loads(pickle.dumps(bl))
    assert back == bl and not back.finish.flags.writeable and bl["A"] == (0.0, 5.0, 0.0)
    with pytest.raises(ValidationError, match="'baseline name' must be a non-empty id"):
        Baseline.from_schedule("", s)
    with pytest.raises(ValidationError, match="must be Baseline snapshots"):
        baseline_variance(bl, {"A": 1})  # type: ignore[arg-type]
    with pytest.raises(UnknownReferenceError, match="'completed' names the unknown activity"):
        baseline_execution_index(bl, {"Z": True}, 10.0)
    with pytest.raises(ValidationError, match="must align"):
        baseline_execution_index([1.0, 2.0], [True], 10.0)


def test_bei_refuses_non_numbers() -> None:
    """Complex, datetime64 or infinite baseline finishes are refused (fuzz finding, issue 14);
    NaN (not baselined) stays allowed."""
    import pytest

    from pmokit.errors import ValidationError

    with pytest.raises(ValidationError, match="baseline_finish"):
        baseline_execution_index(np.array([5 + 1j, 8.0]), [True, False], 10.0)
    with pytest.raises(ValidationError, match="baseline_finish"):
        baseline_execution_index([5.0, np.inf], [True, False], 10.0)


def test_baseline_refuses_bad_arrays_and_ids_fuzz2() -> None:
    """Found by the fuzz test: Baseline(...) accepted None costs, empty ids and ragged arrays."""
    from pmokit.errors import ValidationError
    from pmokit.monitoring import Baseline

    start, finish = np.array([0.0]), np.array([5.0])
    with pytest.raises(ValidationError, match="baseline cost"):
        Baseline("BL0", ("A",), start, finish, [None])
    with pytest.raises(ValidationError, match="baseline cost"):
        Baseline("BL0", ("A",), start, finish, np.array([-1.0]))
    with pytest.raises(ValidationError, match="baseline ids"):
        Baseline("BL0", ("",), start, finish, np.array([1.0]))
    with pytest.raises(ValidationError, match="baseline finish"):
        Baseline("BL0", ("A",), start, np.array([5.0, 6.0]), np.array([1.0]))
    with pytest.raises(ValidationError, match="baseline name"):
        Baseline("", ("A",), start, finish, np.array([1.0]))
    ok = Baseline("BL0", ["A"], [0, 1][:1], finish, np.array([1.0]))
    assert ok["A"] == (0.0, 5.0, 1.0) and not ok.cost.flags.writeable

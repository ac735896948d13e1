"""Control-account roll-ups: sums at every level, EAC/VAC by hand, threshold signals."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.monitoring import (
    ControlAccount,
    CostLine,
    PerformanceData,
    WorkPackage,
    control_account_rollup,
    performance,
    time_phase,
)
from pmokit.scheduling import Activity, Network, schedule

ACCOUNTS = [ControlAccount("CA1", "1.1", "Eng"), ControlAccount("CA2", "1.2", "Ops"),
            ControlAccount("CA3", "2", "Eng")]


def _perf() -> PerformanceData:
    s = schedule(Network([Activity(x, 4) for x in "ABCD"]))
    pv = time_phase(s, {x: CostLine.non_labour(1000) for x in "ABCD"}, freq=1)
    wps = [WorkPackage("W1", ["A"], control_account="CA1"),
           WorkPackage("W2", ["B"], "loe", control_account="CA2"),
           WorkPackage("W3", ["C"], control_account="CA3"),
           WorkPackage("PP", ["D"], "planning", control_account="CA3")]
    return performance(pv, wps, {"W1": [25, 50], "W3": [40, 50]},
                       {"W1": [250, 250], "W2": [250, 250], "W3": [400, 300]})


def test_rollup_by_hand() -> None:
    r = control_account_rollup(_perf(), ACCOUNTS)
    ca3 = r["CA3"]
    # CA3: BAC 2,000 (W3 + planning package), PV 500 + 500, EV 500, AC 700
    assert (ca3["bac"], ca3["pv"], ca3["ev"], ca3["ac"]) == (2000.0, 1000.0, 500.0, 700.0)
    assert ca3["eac"] == pytest.approx(700 + 1500 / (500 / 700))
    assert ca3["vac"] == pytest.approx(2000 - ca3["eac"])
    wbs1 = r[("wbs", "1")]
    assert wbs1["ev"] == r["CA1"]["ev"] + r["CA2"]["ev"]
    eng = r[("obs", "Eng")]
    assert eng["ac"] == r["CA1"]["ac"] + r["CA3"]["ac"]
    proj = r[("project", "")]
    assert_allclose([proj["bac"], proj["ev"], proj["ac"]], [4000, 500 + 500 + 500, 500 + 500 + 700])
    assert {i[0] for i in r.ids} == {"control_account", "wbs", "obs", "project"}


def test_threshold_signals() -> None:
    """CA3: CV = (500 - 700) / 500 = -40 % (red); CA2 (LOE) has no variance."""
    r = control_account_rollup(_perf(), ACCOUNTS, project="P", cv_percent=(5, 30))
    ca3 = [s for s in r.signals if s.item == "CA3" and s.kind == "cost_variance"]
    assert ca3 and ca3[0].severity == "red" and ca3[0].evidence == (-40.0,)
    assert not [s for s in r.signals if s.item == "CA2"]
    quiet = control_account_rollup(_perf(), ACCOUNTS, cv_percent=(50, 60),
                                   sv_percent=(60, 70), vac_percent=(90, 95))
    assert len(quiet.signals) == 0


def test_errors() -> None:
    with pytest.raises(UnknownReferenceError,
                       match="control_account' names the unknown control account 'CA3' "):
        control_account_rollup(_perf(), ACCOUNTS[:2])
    with pytest.raises(ValidationError, match="'cv_percent' must be"):
        control_account_rollup(_perf(), ACCOUNTS, cv_percent=(10, 5))
    perf = PerformanceData(ids=("W",), control_accounts=(None,), pv=np.ones((1, 1)),
                           ev=np.ones((1, 1)), ac=np.ones((1, 1)), bac=np.ones(1))
    with pytest.raises(ValidationError, match="have no control account"):
        control_account_rollup(perf, ACCOUNTS)


def test_report_pickles_and_records() -> None:
    import pickle

    r = control_account_rollup(_perf(), ACCOUNTS)
    back = pickle.loads(pickle.dumps(r))
    assert back == r and not back.eac.flags.writeable
    assert r.to_records()[0]["name"] == "CA1" and len(r) == len(r.ids)
    with pytest.raises(UnknownReferenceError):
        r["CA9"]


def test_thresholds_refuse_complex_fuzz2() -> None:
    """Found by the fuzz test: complex thresholds were silently cut to their real part."""
    perf = PerformanceData(ids=("W1",), control_accounts=("CA1",), pv=np.array([[100.0]]),
                           ev=np.array([[80.0]]), ac=np.array([[100.0]]), bac=np.array([100.0]))
    with pytest.raises(ValidationError, match="cv_percent"):
        control_account_rollup(perf, [ControlAccount("CA1", "1.1", "Eng")],
                               cv_percent=np.array([5 + 1j, 10 + 1j]))  # type: ignore[arg-type]

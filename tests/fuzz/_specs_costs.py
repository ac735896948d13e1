"""Fuzz specs: the cost, baseline and control-account names of pmokit.monitoring (issue 15)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from tests.fuzz._framework import Array, Exempt, Flag, Id, Ids, Keyed, Number, Spec

M = "pmokit.monitoring."
_PENDING = Exempt(
    "added by issue 15 (merged 20:24, after the fuzz specs were written): its inputs are "
    "schedules and cost structures; a spec is still to write (see the issue 14 report)"
)


@st.composite
def _sample_costs(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 20))
    return {"ids": ["A", "B"],
            "durations": np.array([[float(draw(st.integers(0, 10))), 3.0] for _ in range(n)]),
            "fixed": {"A": float(draw(st.integers(0, 100)))},
            "rates": {"B": float(draw(st.integers(0, 20)))}, "rng": 1}


@st.composite
def _joint(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 30))
    return {"finish_samples": [float(draw(st.integers(0, 50))) for _ in range(n)],
            "cost_samples": [float(draw(st.integers(0, 500))) for _ in range(n)],
            "finish": float(draw(st.integers(0, 50))), "cost": float(draw(st.integers(0, 500)))}


@st.composite
def _bei(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    return {"baseline_finish": [float(draw(st.integers(0, 30))) for _ in range(n)],
            "completed": [draw(st.booleans()) for _ in range(n)],
            "status": float(draw(st.integers(0, 30)))}


SPECS: dict[str, Spec | Exempt] = {
    M + "critical_path_length_index": Spec(
        st.fixed_dictionaries({"critical_path_length": st.integers(1, 100).map(float),
                               "total_float": st.integers(-10, 30).map(float)}),
        {"critical_path_length": Number(minimum=0.0, strict=True), "total_float": Number()},
        examples=60,
    ),
    M + "joint_confidence": Spec(
        _joint(), {"finish_samples": Array(), "cost_samples": Array(), "finish": Number(),
                   "cost": Number()}, examples=60,
    ),
    M + "baseline_execution_index": Spec(
        _bei(), {"baseline_finish": Array(allow_nan=True), "status": Number()}, examples=60,
        nonfinite=frozenset({"result[0]"}),  # BEI is NaN when no task was due (documented)
    ),
    M + "sample_costs": Spec(
        _sample_costs(), {"ids": Ids(), "durations": Array(minimum=0.0),
                          "fixed": Keyed(value=Number(minimum=0.0)),
                          "rates": Keyed(value=Number(minimum=0.0))},
        examples=60,
    ),
    M + "ControlAccount": Spec(
        st.just({"id": "CA1", "wbs": "1.1", "obs": "eng"}), {"id": Id()}, examples=30,
    ),
    M + "RiskCost": Spec(
        st.fixed_dictionaries({"id": st.just("R1"),
                               "probability": st.sampled_from([0.0, 0.3, 1.0]),
                               "impact": st.integers(0, 1000).map(float)}),
        {"id": Id(), "probability": Number(minimum=0.0, maximum=1.0, fraction=True)},
        examples=50,
    ),
    M + "SpreadCurve": Spec(
        st.fixed_dictionaries({"name": st.just("custom"),
                               "weights": st.lists(st.integers(0, 5).map(float), min_size=1,
                                                   max_size=5).filter(lambda w: sum(w) > 0)}),
        {"weights": Array(minimum=0.0)}, examples=50,
    ),
    M + "AccountLevel": Exempt("a Literal type alias"),
    M + "CostKind": Exempt("a Literal type alias"),
    M + "EvTechnique": Exempt("a Literal type alias"),
    M + "BaselineVariance": Exempt("result class: built by baseline_variance"),
    M + "ControlAccountReport": Exempt("result class: built by control_account_rollup"),
    M + "PlannedValue": Exempt("result class: built by time_phase"),
    M + "PerformanceData": Exempt("result class: built by performance"),
    M + "CostScheduleSamples": Exempt("result class: built by simulate(costs=...)"),
    M + "Baseline": _PENDING,
    M + "CostLine": _PENDING,
    M + "CostUncertainty": _PENDING,
    M + "WorkPackage": _PENDING,
    M + "baseline_variance": _PENDING,
    M + "control_account_rollup": _PENDING,
    M + "performance": _PENDING,
    M + "time_phase": _PENDING,
}

_unused = (Flag,)

_PHASING_PENDING = Exempt(
    "added by issue 19's phasing (merged 21:04, after the fuzz specs were written); a spec "
    "is still to write (see the issue 14 report)"
)
for _name in ("Delay", "build_phased_model", "capacity_demands", "compare_scenarios"):
    SPECS["pmokit.portfolio." + _name] = _PHASING_PENDING
SPECS["pmokit.portfolio.PhasedModel"] = Exempt("result class: built by build_phased_model")
SPECS["pmokit.portfolio.ScenarioComparison"] = Exempt("result class: built by compare_scenarios")

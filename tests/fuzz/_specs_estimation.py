"""Fuzz specs: pmokit.estimation."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from pmokit.estimation import (
    AnalogyEstimator,
    BaselineEstimator,
    ParametricEstimator,
    ReferenceClass,
    ReferenceClassEstimator,
    pert,
    triangular,
)
from tests.fuzz._framework import (
    Array,
    Choice,
    Custom,
    Exempt,
    Ids,
    Keyed,
    Number,
    Spec,
    built,
)
from tests.strategies import three_points

E = "pmokit.estimation."


def _result(made_by: str) -> Exempt:
    return Exempt(f"result class: built by {made_by}, fuzzed through it")


positive = st.integers(1, 100).map(float)


@st.composite
def _pert(draw: st.DrawFn, tri: bool = False) -> dict[str, Any]:
    lo, mo, hi = draw(three_points(0, 100))
    kw: dict[str, Any] = {"low": lo, "mode": mo, "high": hi}
    if not tri:
        kw["lam"] = float(draw(st.integers(1, 8)))
        kw["variance"] = draw(st.sampled_from(["exact", "classic"]))
    return kw


@st.composite
def _pert_array(draw: st.DrawFn, tri: bool = False) -> dict[str, Any]:
    n = draw(st.integers(1, 5))
    rows = [draw(three_points(0, 100)) for _ in range(n)]
    kw: dict[str, Any] = {"low": [r[0] for r in rows], "mode": [r[1] for r in rows],
                          "high": [r[2] for r in rows]}
    if draw(st.booleans()):
        kw["ids"] = [f"T{i}" for i in range(n)]
    if not tri:
        kw["lam"] = float(draw(st.integers(1, 8)))
    return kw


@st.composite
def _sum(draw: st.DrawFn) -> dict[str, Any]:
    ests = [built(draw(st.sampled_from([pert, triangular])), *draw(three_points(0, 50)))
            for _ in range(draw(st.integers(1, 4)))]
    return {"estimates": ests, "method": "monte_carlo",
            "iterations": draw(st.integers(10, 500)), "rng": 1}


@st.composite
def _ratios(draw: st.DrawFn) -> list[float]:
    return [float(draw(st.integers(50, 300))) / 100 for _ in range(draw(st.integers(5, 12)))]


@st.composite
def _refclass(draw: st.DrawFn) -> dict[str, Any]:
    return {"ratios": draw(_ratios()), "name": "IT", "min_size": draw(st.integers(1, 5)),
            "method": draw(st.sampled_from(["linear", "nearest", "weibull"]))}


@st.composite
def _forecast(draw: st.DrawFn) -> dict[str, Any]:
    return {"estimate": draw(positive), "reference_class": ReferenceClass(draw(_ratios())),
            "quantiles": draw(st.sampled_from([(0.5, 0.8, 0.9), (0.1,), (0.5,)]))}


@st.composite
def _xy(draw: st.DrawFn, cols: int = 2) -> dict[str, Any]:
    n = draw(st.integers(6, 12))
    features = [[float(draw(st.integers(1, 50))) for _ in range(cols)] for _ in range(n)]
    actuals = [float(draw(st.integers(1, 200))) for _ in range(n)]
    return {"features": features, "actuals": actuals}


@st.composite
def _analogy(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(_xy())
    kw["target"] = [float(draw(st.integers(1, 50))) for _ in range(2)]
    kw["k"] = draw(st.integers(1, 4))
    kw["adaptation"] = draw(st.sampled_from(["none", "size"]))
    kw["aggregate"] = draw(st.sampled_from(["mean", "median", "inverse_distance"]))
    return kw


@st.composite
def _cv(draw: st.DrawFn, kfold: bool = False) -> dict[str, Any]:
    kw = draw(_xy())
    kw["estimator"] = draw(st.sampled_from([BaselineEstimator(), AnalogyEstimator(k=2),
                                            ParametricEstimator(),
                                            ReferenceClassEstimator()]))
    kw["iterations"] = draw(st.integers(1, 50))
    if kfold:
        kw["k"] = draw(st.integers(2, 6))
    return kw


@st.composite
def _accuracy(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 10))
    return {"actuals": [float(draw(st.integers(1, 100))) for _ in range(n)],
            "predictions": [float(draw(st.integers(1, 100))) for _ in range(n)],
            "iterations": draw(st.integers(1, 100)), "rng": 0}


@st.composite
def _power(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(3, 10))
    return {"size": [float(draw(st.integers(1, 1000))) for _ in range(n)],
            "actuals": [float(draw(st.integers(1, 1000))) for _ in range(n)]}


def _shares(draw: st.DrawFn) -> dict[str, Any]:
    return {"shares": draw(st.sampled_from([{"standard_buildings": 1.0},
                                            {"standard_buildings": 0.3,
                                             "standard_civil_engineering": 0.7}])),
            "measure": draw(st.sampled_from(["capital_expenditure", "works_duration"])),
            "bound": draw(st.sampled_from(["upper", "lower"]))}


_three_kinds = {"low": Number(), "mode": Number(), "high": Number()}
_array_kinds = {"low": Array(), "mode": Array(), "high": Array(), "ids": Ids()}

_X = [[10.0, 2.0, 1.0], [20.0, 1.0, 2.0], [40.0, 3.0, 1.5], [80.0, 2.0, 1.0],
      [15.0, 1.0, 3.0], [30.0, 2.5, 2.0]]
_Y = [25.0, 40.0, 90.0, 150.0, 30.0, 70.0]


def _fitted(estimator: Any) -> Any:
    """An estimator's columns and options are checked when it is fitted (its docs)."""
    return estimator.fit(_X, _Y).predict(_X[:2])


SPECS: dict[str, Spec | Exempt] = {
    E + "pert": Spec(_pert(), {**_three_kinds, "lam": Number(minimum=0.0, strict=True),
                               "variance": Choice()}, examples=150),
    E + "triangular": Spec(_pert(tri=True), _three_kinds, examples=120),
    E + "pert_array": Spec(_pert_array(), {**_array_kinds, "lam": Number(minimum=0.0,
                                                                         strict=True)},
                           examples=100),
    E + "triangular_array": Spec(_pert_array(tri=True), _array_kinds, examples=100),
    E + "sum_estimates": Spec(
        _sum(),
        {"method": Choice(), "iterations": Number(minimum=2, integer=True, size=True),
         "quantiles": Array(minimum=0.0, fraction=True)},
        examples=100,
    ),
    E + "ReferenceClass": Spec(
        _refclass(),
        {"ratios": Array(minimum=0.0, strict=True), "min_size": Number(minimum=1,
                                                                       integer=True),
         "method": Choice()},
        examples=100,
    ),
    E + "reference_class_forecast": Spec(
        _forecast(), {"estimate": Number(minimum=0.0, strict=True),
                      "quantiles": Array(minimum=0.0, fraction=True)}, examples=100,
    ),
    E + "estimate_by_analogy": Spec(
        _analogy(),
        {"features": Array(), "actuals": Array(minimum=0.0), "target": Array(),
         "k": Number(minimum=1, integer=True), "adaptation": Choice(), "aggregate": Choice(),
         "ids": Ids()},
        examples=100,
    ),
    E + "fit_power_law": Spec(
        _power(), {"size": Array(minimum=0.0, strict=True), "actuals": Array(
            minimum=0.0, strict=True)}, examples=100,
    ),
    E + "accuracy": Spec(
        _accuracy(), {"actuals": Array(minimum=0.0), "predictions": Array(),
                      "iterations": Number(minimum=1, integer=True, size=True)}, examples=100,
    ),
    E + "random_guess_mar": Spec(
        _accuracy().map(lambda d: {"actuals": d["actuals"]}), {"actuals": Array()},
        examples=60,
    ),
    E + "leave_one_out": Spec(
        _cv(), {"features": Array(), "actuals": Array(minimum=0.0),
                "iterations": Number(minimum=1, integer=True, size=True)}, examples=60,
    ),
    E + "k_fold": Spec(
        _cv(kfold=True), {"features": Array(), "actuals": Array(minimum=0.0),
                          "k": Number(minimum=2, integer=True),
                          "iterations": Number(minimum=1, integer=True, size=True)}, examples=60,
    ),
    E + "AnalogyEstimator": Spec(
        st.fixed_dictionaries({"k": st.integers(1, 5), "size_column": st.integers(0, 1),
                               "adaptation": st.sampled_from(["none", "size"]),
                               "aggregate": st.sampled_from(["mean", "median",
                                                             "inverse_distance"]),
                               "scaling": st.sampled_from(["minmax", "none"]),
                               "weights": st.sampled_from([None, [1.0, 2.0]])}),
        {"k": Number(minimum=1, integer=True), "size_column": Number(minimum=0, integer=True),
         "adaptation": Choice(), "aggregate": Choice(), "scaling": Choice(),
         "weights": Array(minimum=0.0, none_ok=True)},
        examples=80,
        via=_fitted,
    ),
    E + "BaselineEstimator": Spec(
        st.fixed_dictionaries({"statistic": st.sampled_from(["median", "mean"])}),
        {"statistic": Choice()}, examples=30,
        via=_fitted,
    ),
    E + "ParametricEstimator": Spec(
        st.fixed_dictionaries({"size_column": st.integers(0, 2),
                               "driver_columns": st.sampled_from([(), (1,)])}),
        {"size_column": Number(minimum=0, integer=True),
         "driver_columns": Custom(lambda draw, cur: draw(st.sampled_from([
             ("negative column", (-1,)), ("float column", (1.5,)), ("None column", (None,)),
             ("duplicate column", (1, 1))])))},
        examples=40,
        via=_fitted,
    ),
    E + "ReferenceClassEstimator": Spec(
        st.fixed_dictionaries({"estimate_column": st.integers(0, 2),
                               "p": st.sampled_from([0.5, 0.8])}),
        {"estimate_column": Number(minimum=0, integer=True),
         "p": Number(minimum=0.0, maximum=1.0, fraction=True)},
        examples=40,
        via=_fitted,
    ),
    E + "combined_optimism_bias": Spec(
        st.composite(lambda draw: _shares(draw))(),
        {"shares": Keyed(value=Number(minimum=0.0, fraction=True)), "measure": Choice(),
         "bound": Choice()},
        examples=60,
    ),
    E + "mitigated_optimism_bias": Spec(
        st.fixed_dictionaries({"upper_bound": st.sampled_from([0.1, 0.44, 0.66]),
                               "contributions": st.just([0.5, 0.3]),
                               "mitigation_factors": st.sampled_from([[0.0, 1.0], [0.5,
                                                                                   0.2]])}),
        {"upper_bound": Number(minimum=0.0), "contributions": Array(minimum=0.0,
                                                                    fraction=True),
         "mitigation_factors": Array(minimum=0.0, fraction=True)},
        examples=60,
    ),
    E + "dft_uplift": Spec(
        st.fixed_dictionaries({"category": st.just("roads"),
                               "certainty": st.sampled_from([0.5, 0.8, 0.95])}),
        {"category": Choice(), "certainty": Number(minimum=0.0, maximum=1.0, fraction=True)},
        examples=40,
    ),
    E + "green_book_optimism_bias": Spec(
        st.fixed_dictionaries({"project_type": st.sampled_from(["standard_buildings",
                                                                "non_standard_buildings"])}),
        {"project_type": Choice()}, examples=30,
    ),
    E + "Estimator": Exempt("a Protocol (the estimator interface)"),
    E + "Predictor": Exempt("a Protocol (the predictor interface)"),
    E + "DfTUplift": Exempt("a row of the published DfT table (data)"),
    E + "OptimismBiasRange": Exempt("a row of the published Green Book table (data)"),
    E + "UpliftCurve": _result("ReferenceClass.uplift_curve"),
    E + "Accuracy": _result("accuracy"),
    E + "AnalogyEstimate": _result("estimate_by_analogy"),
    E + "AnalogyModel": _result("AnalogyEstimator.fit"),
    E + "CrossValidation": _result("leave_one_out and k_fold"),
    E + "Estimate": _result("pert and triangular"),
    E + "EstimateArray": _result("pert_array and triangular_array"),
    E + "PowerLawModel": _result("fit_power_law"),
    E + "ReferenceClassForecast": _result("reference_class_forecast"),
    E + "TotalEstimate": _result("sum_estimates"),
}

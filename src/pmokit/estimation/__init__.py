"""pmokit.estimation: three-point, reference-class, analogous and parametric estimates.

Three-point estimates (:func:`pert`, :func:`triangular`) and their sums; reference
class forecasting from ``actual / estimate`` ratios (:class:`ReferenceClass`,
:func:`reference_class_forecast`) with the published HM Treasury Green Book and
Department for Transport optimism-bias tables; estimation by analogy
(:class:`AnalogyEstimator`); parametric power laws (:func:`fit_power_law`); and the
accuracy of any of them on the PMO's own history (:func:`leave_one_out`,
:func:`k_fold`, :func:`accuracy`). See docs/estimation.md.
"""

from __future__ import annotations

from pmokit.estimation._accuracy import (
    Accuracy,
    BaselineEstimator,
    CrossValidation,
    Estimator,
    Predictor,
    accuracy,
    k_fold,
    leave_one_out,
    random_guess_mar,
)
from pmokit.estimation._analogy import (
    AnalogyEstimate,
    AnalogyEstimator,
    AnalogyModel,
    estimate_by_analogy,
)
from pmokit.estimation._parametric import ParametricEstimator, PowerLawModel, fit_power_law
from pmokit.estimation._published import (
    DFT_OPTIMISM_BIAS_UPLIFTS,
    DFT_SOURCE,
    GREEN_BOOK_OPTIMISM_BIAS,
    GREEN_BOOK_SOURCE,
    DfTUplift,
    OptimismBiasRange,
    combined_optimism_bias,
    dft_uplift,
    green_book_optimism_bias,
    mitigated_optimism_bias,
)
from pmokit.estimation._reference_class import (
    MIN_REFERENCE_CLASS_SIZE,
    ReferenceClass,
    ReferenceClassEstimator,
    ReferenceClassForecast,
    UpliftCurve,
    reference_class_forecast,
)
from pmokit.estimation._three_point import (
    DEFAULT_QUANTILES,
    Estimate,
    EstimateArray,
    TotalEstimate,
    pert,
    pert_array,
    sum_estimates,
    triangular,
    triangular_array,
)

__all__ = [
    "DEFAULT_QUANTILES",
    "DFT_OPTIMISM_BIAS_UPLIFTS",
    "DFT_SOURCE",
    "GREEN_BOOK_OPTIMISM_BIAS",
    "GREEN_BOOK_SOURCE",
    "MIN_REFERENCE_CLASS_SIZE",
    "Accuracy",
    "AnalogyEstimate",
    "AnalogyEstimator",
    "AnalogyModel",
    "BaselineEstimator",
    "CrossValidation",
    "DfTUplift",
    "Estimate",
    "EstimateArray",
    "Estimator",
    "OptimismBiasRange",
    "ParametricEstimator",
    "PowerLawModel",
    "Predictor",
    "ReferenceClass",
    "ReferenceClassEstimator",
    "ReferenceClassForecast",
    "TotalEstimate",
    "UpliftCurve",
    "accuracy",
    "combined_optimism_bias",
    "dft_uplift",
    "estimate_by_analogy",
    "fit_power_law",
    "green_book_optimism_bias",
    "k_fold",
    "leave_one_out",
    "mitigated_optimism_bias",
    "pert",
    "pert_array",
    "random_guess_mar",
    "reference_class_forecast",
    "sum_estimates",
    "triangular",
    "triangular_array",
]


def __getattr__(name: str) -> tuple[float, ...]:
    """``DEFAULT_PERCENTILES``, the old name of :data:`DEFAULT_QUANTILES` (deprecated)."""
    if name == "DEFAULT_PERCENTILES":
        from pmokit._deprecation import warn_renamed

        warn_renamed("DEFAULT_PERCENTILES", "DEFAULT_QUANTILES")
        return DEFAULT_QUANTILES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
